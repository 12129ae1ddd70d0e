/* SPDX-License-Identifier: MIT */
/*
 * The AMD-V world switch: __svm_run(vmcb_pa, regs, host_vmcb_pa).
 * VMRUN switches rax, rsp, rip, rflags and the segment and control
 * registers itself (the host's to the host save area); the other general
 * registers are loaded here from struct x86_regs and stored back after
 * the #VMEXIT, and VMSAVE/VMLOAD switch the hidden state VMRUN leaves
 * alone (FS, GS and their bases, TR, LDTR, SYSCALL/SYSENTER MSRs).
 *
 * Called with interrupts masked. With GIF clear the host takes none,
 * and its RFLAGS.IF is set only so that, with V_INTR_MASKING, a host
 * interrupt that comes while the guest runs ends the run (the INTR
 * intercept) - it is taken once the caller unmasks interrupts.
 */
#include <generated/asm-offsets.h>

#define GPR(n) (X86_REGS_GPR + (n) * 8)

	.text
	.globl	__svm_run
__svm_run:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdx			/* host VMCB */
	push	%rsi			/* regs */
	push	%rdi			/* guest VMCB */

	clgi
	mov	%rdx, %rax
	vmsave
	sti

	mov	GPR(1)(%rsi), %rcx
	mov	GPR(2)(%rsi), %rdx
	mov	GPR(3)(%rsi), %rbx
	mov	GPR(5)(%rsi), %rbp
	mov	GPR(7)(%rsi), %rdi
	mov	GPR(8)(%rsi), %r8
	mov	GPR(9)(%rsi), %r9
	mov	GPR(10)(%rsi), %r10
	mov	GPR(11)(%rsi), %r11
	mov	GPR(12)(%rsi), %r12
	mov	GPR(13)(%rsi), %r13
	mov	GPR(14)(%rsi), %r14
	mov	GPR(15)(%rsi), %r15
	mov	GPR(6)(%rsi), %rsi
	mov	(%rsp), %rax		/* guest VMCB */
	vmload
	vmrun
	vmsave
	/* the guest's registers are live; rax is the guest VMCB again */
	push	%rsi
	mov	16(%rsp), %rsi		/* regs */
	mov	%rcx, GPR(1)(%rsi)
	mov	%rdx, GPR(2)(%rsi)
	mov	%rbx, GPR(3)(%rsi)
	mov	%rbp, GPR(5)(%rsi)
	mov	%rdi, GPR(7)(%rsi)
	mov	%r8, GPR(8)(%rsi)
	mov	%r9, GPR(9)(%rsi)
	mov	%r10, GPR(10)(%rsi)
	mov	%r11, GPR(11)(%rsi)
	mov	%r12, GPR(12)(%rsi)
	mov	%r13, GPR(13)(%rsi)
	mov	%r14, GPR(14)(%rsi)
	mov	%r15, GPR(15)(%rsi)
	pop	%rax
	mov	%rax, GPR(6)(%rsi)

	cli
	pop	%rdi
	pop	%rsi
	pop	%rax			/* host VMCB */
	vmload
	stgi

	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

	.section .note.GNU-stack, "", %progbits
