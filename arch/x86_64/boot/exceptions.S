/* SPDX-License-Identifier: MIT */
/*
 * Stubs for the 32 exception vectors (traps.c puts them in the IDT).
 * Every exception is unexpected at this stage: give all of them the same
 * frame (a dummy error code where the CPU pushes none), save the
 * registers and report it.
 */

/* Vectors with an error code: #DF, #TS, #NP, #SS, #GP, #PF, #AC, #CP, #VC, #SX */
#define ERROR_CODE_VECTORS ((1 << 8) | (0x1f << 10) | (1 << 17) | (1 << 21) | \
			    (1 << 29) | (1 << 30))

	.macro	exception_stub vec
	.balign	16
exception_stub_\vec:
	.if	!((ERROR_CODE_VECTORS >> \vec) & 1)
	pushq	$0
	.endif
	pushq	$\vec
	jmp	exception_common
	.endm

	.text
	.irp	vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	exception_stub \vec
	.endr

	/* The layout is struct trap_frame in traps.c. */
exception_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rbx
	pushq	%rbp
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld				/* the C ABI wants DF clear */
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	x86_exception
1:	cli
	hlt
	jmp	1b

	.section .rodata
	.balign	8
	.globl	x86_exception_stubs
x86_exception_stubs:
	.irp	vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.quad	exception_stub_\vec
	.endr

	.section .note.GNU-stack, "", @progbits
