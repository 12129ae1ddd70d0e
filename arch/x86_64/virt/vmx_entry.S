/* SPDX-License-Identifier: MIT */
/*
 * The VT-x world switch (virt/vmx.c). The VMCS holds the guest's rip,
 * rsp, rflags; the other general registers are switched here, from and
 * to struct x86_regs' gpr[] (the instruction set's numbering: gpr[n] at
 * 8 * n). The host's callee-saved registers stay on the stack, which
 * VMCS_HOST_RSP points at, so the exit (VMCS_HOST_RIP = __vmx_exit)
 * returns from __vmx_enter() as a call would.
 *
 * int __vmx_enter(uint64_t *gpr, int resume): 0 after a VM exit; 1 for
 * VMfailValid (the VM-instruction error field says why), 2 for
 * VMfailInvalid. Interrupts are masked (the caller's).
 */
#define VMCS_HOST_RSP 0x6c14

#define RAX 0
#define RCX 8
#define RDX 16
#define RBX 24
#define RBP 40
#define RSI 48
#define RDI 56
#define R8 64
#define R9 72
#define R10 80
#define R11 88
#define R12 96
#define R13 104
#define R14 112
#define R15 120

	.text
	.globl	__vmx_enter
	.type	__vmx_enter, @function
__vmx_enter:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	push	%rdi			/* gpr, for the exit */
	mov	$VMCS_HOST_RSP, %eax
	vmwrite	%rsp, %rax
	jbe	.Lfail
	test	%esi, %esi		/* movs keep ZF for the jnz below */
	mov	RAX(%rdi), %rax
	mov	RCX(%rdi), %rcx
	mov	RDX(%rdi), %rdx
	mov	RBX(%rdi), %rbx
	mov	RBP(%rdi), %rbp
	mov	RSI(%rdi), %rsi
	mov	R8(%rdi), %r8
	mov	R9(%rdi), %r9
	mov	R10(%rdi), %r10
	mov	R11(%rdi), %r11
	mov	R12(%rdi), %r12
	mov	R13(%rdi), %r13
	mov	R14(%rdi), %r14
	mov	R15(%rdi), %r15
	mov	RDI(%rdi), %rdi
	jnz	1f
	vmlaunch
	jmp	.Lfail
1:	vmresume
.Lfail:
	/* CF: VMfailInvalid, ZF: VMfailValid; mov and pop keep the flags */
	mov	$2, %eax
	jc	2f
	mov	$1, %eax
2:	pop	%rdi
	jmp	.Lout
	.size	__vmx_enter, . - __vmx_enter

	.globl	__vmx_exit
	.type	__vmx_exit, @function
__vmx_exit:
	push	%rdi
	mov	8(%rsp), %rdi
	mov	%rax, RAX(%rdi)
	mov	%rcx, RCX(%rdi)
	mov	%rdx, RDX(%rdi)
	mov	%rbx, RBX(%rdi)
	mov	%rbp, RBP(%rdi)
	mov	%rsi, RSI(%rdi)
	mov	%r8, R8(%rdi)
	mov	%r9, R9(%rdi)
	mov	%r10, R10(%rdi)
	mov	%r11, R11(%rdi)
	mov	%r12, R12(%rdi)
	mov	%r13, R13(%rdi)
	mov	%r14, R14(%rdi)
	mov	%r15, R15(%rdi)
	pop	%rax
	mov	%rax, RDI(%rdi)
	add	$8, %rsp
	xor	%eax, %eax
.Lout:
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret
	.size	__vmx_exit, . - __vmx_exit

	.section .note.GNU-stack, "", @progbits
