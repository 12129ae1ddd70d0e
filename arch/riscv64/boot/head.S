/* SPDX-License-Identifier: MIT */
/*
 * riscv64 entry. OpenSBI jumps here, to CONFIG_LOAD_ADDR, in HS mode (S
 * mode if the CPU lacks H) with a0 = hart id and a1 = DTB, interrupts
 * off and the MMU off. Only the boot hart comes here; OpenSBI keeps the
 * others stopped until asked through SBI HSM.
 */
	.section .text.head, "ax"
	.globl _start
_start:
	lla	sp, __boot_stack_top
	lla	t0, trap_entry
	csrw	stvec, t0			/* direct mode: 4-byte aligned */
	lla	t0, __bss_start
	lla	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	arch_entry			/* a0, a1 still as OpenSBI set them */
3:	wfi
	j	3b

	/* The boot hart's stack; vireo.lds places it after bss. */
	.section .boot_stack, "aw", @nobits
	.balign	16
	.space	CONFIG_STACK_SIZE
