/* SPDX-License-Identifier: MIT */
/*
 * What secondary_entry (boot/secondary.S) reads; its offsets come from
 * asm-offsets.c.
 */
#ifndef ASM_SMP_H
#define ASM_SMP_H

#include <stdint.h>

/* The boot CPU's EL2 translation (and trap) registers; secondary.S loads
 * mair/tcr and ttbr/sctlr as pairs. */
struct el2_mmu {
	uint64_t mair, tcr, ttbr, sctlr, hcr;
};

/* Filled by arch_cpu_start(), cleaned to memory for the MMU-off reader. */
extern struct el2_mmu secondary_mmu;

/* PSCI CPU_ON entry: x0 = struct cpu *, MMU and caches off. */
void secondary_entry(void);

#endif
