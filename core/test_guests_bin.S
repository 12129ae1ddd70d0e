/* SPDX-License-Identifier: MIT */
/* The test guest image (tests/guests/, built by tests/guests/guests.mk). */
	.section .rodata.test_guest, "a"
	.balign	16
	.globl	__test_guest_start, __test_guest_end
__test_guest_start:
	.incbin	GUEST_BIN
__test_guest_end:

	.section .note.GNU-stack, "", %progbits
