/* SPDX-License-Identifier: MIT */
/*
 * riscv64 entry. OpenSBI jumps here, to CONFIG_LOAD_ADDR, in HS mode (S
 * mode if the CPU lacks H) with a0 = hart id and a1 = DTB, interrupts
 * off and the MMU off. OpenSBI keeps the other harts stopped until asked
 * through SBI HSM (secondary_entry below) - but OpenSBI 1.1's hart_start
 * marks the hart START_PENDING before it stores the start address, so a
 * hart that wakes in between comes here, with the boot hart's address
 * and DTB. Only the first hart boots; a later one is the hart being
 * started (riscv_cpu_starting) and joins as a secondary.
 */
#include <generated/asm-offsets.h>

	.section .text.head, "ax"
	.globl _start
_start:
	lla	t0, boot_claimed
	li	t1, 1
	amoswap.w.aqrl t1, t1, (t0)
	bnez	t1, early_secondary
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

	/* A hart that entered at _start while it was being started. */
early_secondary:
	lla	t0, riscv_cpu_starting
	ld	a1, 0(t0)
	fence	r, rw
	beqz	a1, 5f
	ld	t1, CPU_HWID(a1)
	beq	t1, a0, secondary_entry
5:	wfi					/* not a hart Vireo started */
	j	5b

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

	/* Not in bss: the boot hart claims the entry before clearing it. */
	.data
	.balign	8
	.globl	riscv_cpu_starting
riscv_cpu_starting:
	.dword	0
boot_claimed:
	.word	0

	/* The boot hart's stack; vireo.lds places it after bss. */
	.section .boot_stack, "aw", @nobits
	.balign	16
	.space	CONFIG_STACK_SIZE
