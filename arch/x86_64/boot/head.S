/* SPDX-License-Identifier: MIT */
/*
 * x86_64 entry. A multiboot (v1) loader (QEMU -kernel, GRUB) enters
 * _start in 32-bit protected mode without paging, with eax = the boot
 * magic and ebx = the multiboot information. We identity-map the first
 * 4 GiB, switch to long mode, clear BSS, load the boot CPU's GDT, TSS
 * and IDT and its per-CPU pointer (traps.c, cpu.c) and call
 * arch_entry(magic, info) in setup.c. The identity map is a bootstrap
 * one: hal/paging.c replaces it (arch_paging_enable() in paging.c), and
 * the secondary CPUs pass through it on their way into long mode
 * (trampoline.S), so it stays intact.
 */
#include <asm/cpuid.h>
#include <asm/longmode.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/segment.h>
#include <vireo/page.h>

#define MB_HEADER_MAGIC 0x1badb002
#define MB_PAGE_ALIGN (1 << 0)		/* modules on 4 KiB boundaries */
#define MB_MEMORY_INFO (1 << 1)		/* pass mem_* and the memory map */
#define MB_HEADER_FLAGS (MB_PAGE_ALIGN | MB_MEMORY_INFO)

#define NR_PDS 4			/* one page directory maps 1 GiB */
#define PD_ENTRIES 512

	.section .text.head, "ax"
	.code32
	/* Must sit 4-byte aligned in the first 8 KiB of the file. */
	.balign	4
multiboot_header:
	.long	MB_HEADER_MAGIC
	.long	MB_HEADER_FLAGS
	.long	-(MB_HEADER_MAGIC + MB_HEADER_FLAGS)

	.globl	_start
_start:
	cli
	cld
	/* Keep the magic and the info pointer out of cpuid's way. */
	movl	%eax, %ebp
	movl	%ebx, %esi

	/* Without long mode there is nothing we can do. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	.Lno_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$CPUID_80000001_EDX_LM, %edx
	jz	.Lno_long_mode

	/*
	 * Identity map 0..4 GiB with 2 MiB pages: PML4[0] -> PDPT,
	 * PDPT[0..3] -> four PDs. The tables are outside BSS (it is not
	 * cleared yet, and clearing it later must not wipe them), so clear
	 * them here. Device memory below 4 GiB is mapped too (write-back
	 * in the PTEs): the firmware's MTRRs are what keep it uncached.
	 */
	movl	$boot_pml4, %edi
	movl	$(boot_pgtable_end - boot_pml4) / 4, %ecx
	xorl	%eax, %eax
	rep stosl

	movl	$(boot_pdpt + PTE_P + PTE_RW), boot_pml4

	movl	$(boot_pd + PTE_P + PTE_RW), %eax
	movl	$boot_pdpt, %edi
	movl	$NR_PDS, %ecx
1:	movl	%eax, (%edi)
	addl	$PAGE_SIZE, %eax
	addl	$8, %edi
	loop	1b

	movl	$(PTE_P + PTE_RW + PTE_PS), %eax
	movl	$boot_pd, %edi
	movl	$(NR_PDS * PD_ENTRIES), %ecx
2:	movl	%eax, (%edi)		/* the high halves stay 0 */
	addl	$0x200000, %eax
	addl	$8, %edi
	loop	2b

	enter_long_mode start64

.Lno_long_mode:
	hlt
	jmp	.Lno_long_mode

	.code64
start64:
	load_data_segments
	leaq	__boot_stack_top(%rip), %rsp

	/*
	 * The upper halves of the registers are undefined after the mode
	 * switch: the 32-bit moves zero them. r12/r13 survive the C calls.
	 */
	movl	%ebp, %r12d
	movl	%esi, %r13d
	xorl	%ebp, %ebp		/* end of the frame chain */

	leaq	__bss_start(%rip), %rdi
	leaq	__bss_end(%rip), %rcx
	subq	%rdi, %rcx
	shrq	$3, %rcx		/* vireo.lds aligns both to 16 */
	xorl	%eax, %eax
	rep stosq

	call	x86_trap_init
	movq	%r12, %rdi
	movq	%r13, %rsi
	call	arch_entry
3:	cli
	hlt
	jmp	3b

	/*
	 * The GDT of the way into long mode, here and in trampoline.S; each
	 * CPU then loads its own (cpu.c). Writable: the CPU sets the
	 * descriptors' accessed bits.
	 */
	.data
	.balign	8
boot_gdt:
	.quad	0				/* null */
	.quad	GDT_KERNEL_CS_DESC		/* KERNEL_CS */
	.quad	GDT_KERNEL_DS_DESC		/* KERNEL_DS */
boot_gdt_end:

	.section .rodata
	/* lgdt reads a 32-bit base in 32-bit mode, a 64-bit one later. */
	.balign	8
	.word	0, 0, 0				/* align the base to 8 */
	.globl	boot_gdt_ptr
boot_gdt_ptr:
	.word	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	/* Not in .bss: see above. vireo.lds places this section. */
	.section .boot_pgtable, "aw", @nobits
	.balign	PAGE_SIZE
	.globl	boot_pml4
boot_pml4:
	.skip	PAGE_SIZE
boot_pdpt:
	.skip	PAGE_SIZE
boot_pd:
	.skip	NR_PDS * PAGE_SIZE
boot_pgtable_end:

	.section .boot_stack, "aw", @nobits
	.balign	PAGE_SIZE
	.skip	CONFIG_STACK_SIZE

	.section .note.GNU-stack, "", @progbits
