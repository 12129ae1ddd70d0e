/* SPDX-License-Identifier: MIT */
/*
 * What secondary_entry (boot/secondary.S) reads, in assembly offsets;
 * cpu.c checks them against the C layouts at compile time.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#define CPU_STACK_TOP 24	/* offsetof(struct cpu, stack_top) */

/* struct el2_mmu: the boot CPU's EL2 translation (and trap) registers */
#define EL2_MMU_MAIR 0
#define EL2_MMU_TCR 8
#define EL2_MMU_TTBR 16
#define EL2_MMU_SCTLR 24
#define EL2_MMU_HCR 32

#ifndef __ASSEMBLY__
#include <stdint.h>

struct el2_mmu {
	uint64_t mair, tcr, ttbr, sctlr, hcr;
};

/* Filled by arch_cpu_start(), cleaned to memory for the MMU-off reader. */
extern struct el2_mmu secondary_mmu;

/* PSCI CPU_ON entry: x0 = struct cpu *, MMU and caches off. */
void secondary_entry(void);
#endif

#endif
