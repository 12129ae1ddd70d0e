/* SPDX-License-Identifier: MIT */
/*
 * Secondary CPU entry from PSCI CPU_ON, at EL2 with the MMU and caches
 * off and x0 = the context arch_cpu_start() passed: its struct cpu.
 *
 * With the MMU off every data access is Device-nGnRnE and non-cacheable:
 * no exclusives or atomics, no unaligned accesses, and memory the boot
 * CPU wrote through its caches may not be seen. So before the MMU is on
 * this reads only secondary_mmu (arch_cpu_start() cleaned it to the point
 * of coherency) with aligned loads; struct cpu and the stack are first
 * touched with the caches on, coherent with the boot CPU. (On QEMU none
 * of this matters; on hardware the firmware must also have made the CPU
 * coherent, e.g. CPUECTLR.SMPEN, as it does for Linux.)
 */
#include <generated/asm-offsets.h>

	.text
	.balign	4
	.globl	secondary_entry
secondary_entry:
	msr	spsel, #1			/* run on SP_EL2 */
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el2, x1

	/* The boot CPU's HCR, MAIR, TCR, TTBR0 (paging_root()), SCTLR. */
	adrp	x1, secondary_mmu
	add	x1, x1, :lo12:secondary_mmu
	ldr	x6, [x1, #EL2_MMU_HCR]
	ldp	x2, x3, [x1, #EL2_MMU_MAIR]
	ldp	x4, x5, [x1, #EL2_MMU_TTBR]
	msr	hcr_el2, x6			/* its interrupts taken at EL2 */
	msr	mair_el2, x2
	msr	tcr_el2, x3
	msr	ttbr0_el2, x4
	isb
	tlbi	alle2				/* nothing from before reset */
	dsb	nsh
	isb
	msr	sctlr_el2, x5			/* MMU, caches, WXN on */
	isb

	/* On the hypervisor's tables (identity mapped): x0 is still c. */
	ldr	x1, [x0, #CPU_STACK_TOP]
	mov	sp, x1
	msr	tpidr_el2, x0			/* this_cpu() */
	mov	x29, #0
	mov	x30, #0
	bl	hal_cpu_entry
1:	wfe
	b	1b
