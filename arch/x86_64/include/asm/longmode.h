/* SPDX-License-Identifier: MIT */
/* Entering long mode, shared by boot/head.S and boot/trampoline.S. */
#ifndef ASM_LONGMODE_H
#define ASM_LONGMODE_H

#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/segment.h>

#ifdef __ASSEMBLY__
/*
 * From 32-bit protected mode without paging to 64-bit code at target on
 * head.S's bootstrap identity map: PAE, CR3, EFER.LME (| efer), then
 * paging (CR0.PG | cr0) activates long mode, and the far jump to a
 * 64-bit code segment leaves compatibility mode. Clobbers eax, ecx, edx.
 */
	.macro	enter_long_mode target, efer=0, cr0=0
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | \efer), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE | \cr0), %eax
	movl	%eax, %cr0
	lgdt	boot_gdt_ptr		/* in the image, below 4 GiB */
	ljmp	$KERNEL_CS, $\target
	.endm

/* First thing in 64-bit code: the data segments on the kernel's. */
	.macro	load_data_segments
	movl	$KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	.endm
#endif

#endif
