/* SPDX-License-Identifier: MIT */
/*
 * Exception vectors for the level we run at. Every exception is
 * unexpected at this stage: save the registers and report it.
 */
	.macro	entry, kind
	.balign	0x80
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
	.endm

	.text
	.balign	0x800
	.globl	vectors
vectors:
	entry	0	/* current EL, SP0: sync */
	entry	1
	entry	2
	entry	3
	entry	4	/* current EL, SPx: sync */
	entry	5
	entry	6
	entry	7
	entry	8	/* lower EL, A64 */
	entry	9
	entry	10
	entry	11
	entry	12	/* lower EL, A32 */
	entry	13
	entry	14
	entry	15

exception_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	str	x30, [sp, #240]
	mov	x0, sp
	bl	arch_exception
1:	wfe
	b	1b
