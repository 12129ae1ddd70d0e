/* SPDX-License-Identifier: MIT */
/*
 * riscv64 entry. OpenSBI jumps here, to CONFIG_LOAD_ADDR, in HS mode (S
 * mode if the CPU lacks H) with a0 = hart id and a1 = DTB, interrupts
 * off and the MMU off. Only the boot hart comes here; OpenSBI keeps the
 * others stopped until asked through SBI HSM (secondary_entry below).
 */
#include <generated/asm-offsets.h>

	.section .text.head, "ax"
	.globl _start
_start:
	lla	sp, __boot_stack_top
	lla	t0, trap_entry
	csrw	stvec, t0			/* direct mode: 4-byte aligned */
	mv	tp, zero			/* this_cpu() is NULL until set */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	arch_entry			/* a0, a1 still as OpenSBI set them */
3:	wfi
	j	3b

	/*
	 * A secondary hart from SBI HSM hart_start (arch_cpu_start()):
	 * a0 = hart id, a1 = its struct cpu, MMU and interrupts off. Take
	 * its stack, our vectors and page tables, then the HAL's entry.
	 */
	.text
	.balign	4
	.globl	secondary_entry
secondary_entry:
	csrw	sie, zero
	csrci	sstatus, 2			/* SIE */
	ld	sp, CPU_STACK_TOP(a1)
	lla	t0, trap_entry
	csrw	stvec, t0
	mv	tp, a1
	call	paging_root
	call	arch_paging_enable
	mv	a0, tp
	call	hal_cpu_entry
4:	wfi					/* hal_cpu_entry does not return */
	j	4b

	/* The boot hart's stack; vireo.lds places it after bss. */
	.section .boot_stack, "aw", @nobits
	.balign	16
	.space	CONFIG_STACK_SIZE
