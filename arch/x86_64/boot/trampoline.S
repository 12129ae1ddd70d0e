/* SPDX-License-Identifier: MIT */
/*
 * Where a secondary CPU starts. cpu.c copies x86_trampoline to
 * X86_TRAMPOLINE_ADDR and the local APIC's start-up IPI sends the CPU
 * there in real mode, at CS:IP = (X86_TRAMPOLINE_ADDR >> 4):0. It goes to
 * 32-bit protected mode on a flat GDT of its own, then to long mode on
 * head.S's bootstrap identity map (boot_pml4, in the image: the
 * hypervisor's tables do not map this page executable and may lie above
 * 4 GiB, out of a 32-bit CR3's reach), and jumps into the image: x86_ap_start64 moves to the hypervisor's tables
 * and the CPU's own stack and calls x86_ap_entry(cpu) in cpu.c.
 */
#include <asm/longmode.h>
#include <asm/smp.h>

/* A trampoline label's address once copied. */
#define T(sym) (X86_TRAMPOLINE_ADDR + (sym) - x86_trampoline)

#define TRAMP_CS32 0x08
#define TRAMP_DS32 0x10

	/* Data to the image (it runs from the copy only). */
	.section .rodata.trampoline, "a"
	.balign	16
	.globl	x86_trampoline
	.code16
x86_trampoline:
	cli
	cld
	xorw	%ax, %ax		/* flat: T() addresses are below 64 KiB */
	movw	%ax, %ds
	lgdtl	T(tramp_gdt_ptr)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$TRAMP_CS32, $T(tramp32)

	.code32
tramp32:
	movl	$TRAMP_DS32, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	/* As head.S, plus what arch_paging_enable() set on the boot CPU
	 * (NX, write protection) for the hypervisor's tables. */
	enter_long_mode x86_ap_start64, EFER_NXE, CR0_WP

	.balign	8
tramp_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* TRAMP_CS32: 32-bit code, 0..4 GiB */
	.quad	0x00cf92000000ffff	/* TRAMP_DS32: data, 0..4 GiB */
tramp_gdt_ptr:
	.word	tramp_gdt_ptr - tramp_gdt - 1
	.long	T(tramp_gdt)
	.globl	x86_trampoline_end
x86_trampoline_end:

	/*
	 * The start-up slot (cpu.c): x86_ap_go is the generation of the
	 * parameters on offer, 0 when none. Read it, then the parameters,
	 * then claim them by swapping the generation for 0: if that fails,
	 * the boot CPU took the slot back (this CPU is late, its start was
	 * given up) and the parameters may be another CPU's - stop here.
	 */
	.text
	.code64
	.globl	x86_ap_start64
x86_ap_start64:
	load_data_segments
	movl	x86_ap_go(%rip), %eax
	testl	%eax, %eax
	jz	.Lpark
	movq	x86_ap_cr3(%rip), %rbx
	movq	x86_ap_stack(%rip), %r12
	movq	x86_ap_cpu(%rip), %r13
	xorl	%ecx, %ecx
	lock cmpxchgl %ecx, x86_ap_go(%rip)
	jne	.Lpark
	movq	%rbx, %cr3		/* the hypervisor's tables */
	movq	%r12, %rsp
	movq	%r13, %rdi
	xorl	%ebp, %ebp		/* end of the frame chain */
	call	x86_ap_entry
.Lpark:
	cli
	hlt
	jmp	.Lpark

	.section .note.GNU-stack, "", @progbits
