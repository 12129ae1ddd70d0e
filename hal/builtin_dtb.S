/* SPDX-License-Identifier: MIT */
/*
 * The built-in device tree (CONFIG_BUILTIN_DTB), compiled by the build
 * into $(objtree)/builtin.dtb. In .data: x86 writes its RAM into it.
 */
	.section .data.builtin_dtb, "aw"
	.balign	8
	.globl	__builtin_dtb_start, __builtin_dtb_end
__builtin_dtb_start:
	.incbin	BUILTIN_DTB_PATH
__builtin_dtb_end:

	.section .note.GNU-stack, "", %progbits
