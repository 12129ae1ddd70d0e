/* SPDX-License-Identifier: MIT */
/*
 * Stubs for all 256 vectors (traps.c puts them in the IDT).
 *
 * 0..31, the exceptions, are unexpected at this stage: give all of them
 * the same frame (a dummy error code where the CPU pushes none), save the
 * registers and report it.
 *
 * 32..255 are interrupts (the local APIC's vectors): save the registers
 * the C ABI lets a callee clobber, call irq_handle(vector), return.
 * Interrupt gates leave them masked meanwhile.
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

	/* x86_vector_stubs[vector]: 0..31 here, 32..255 added below */
	.section .rodata
	.balign	8
	.globl	x86_vector_stubs
x86_vector_stubs:
	.irp	vec, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	.quad	exception_stub_\vec
	.endr

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

	/* One stub per interrupt vector; each appends its table entry. */
	.set	vec, 32
	.rept	256 - 32
	.balign	16
0:	pushq	$vec
	jmp	irq_common
	.pushsection .rodata
	.quad	0b
	.popsection
	.set	vec, vec + 1
	.endr

	/*
	 * In 64-bit mode the CPU aligns the stack to 16 bytes before it
	 * pushes its 5-word frame; with the vector and 9 registers on top,
	 * 8 more bytes align it for the call again.
	 */
irq_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	cld
	movl	72(%rsp), %edi		/* the vector */
	subq	$8, %rsp
	call	irq_handle
	addq	$8, %rsp
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$8, %rsp		/* the vector */
	iretq

	.section .note.GNU-stack, "", @progbits
