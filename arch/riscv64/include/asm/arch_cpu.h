/* SPDX-License-Identifier: MIT */
/* What riscv64 keeps per CPU, in struct cpu (hal/cpu.h); tp points at
 * the struct cpu itself. */
#ifndef ASM_ARCH_CPU_H
#define ASM_ARCH_CPU_H

#include <asm/trap.h>

struct arch_vcpu;

struct arch_cpu {
	/* whose VS-level CSRs and FP registers the hart holds
	 * (virt/vcpu.c), or NULL */
	struct arch_vcpu *loaded_vcpu;
	struct riscv_probe probe;	/* traps.c: the hart's open probe */
};

#endif
