/* SPDX-License-Identifier: MIT */
/* What aarch64 keeps per CPU, in struct cpu (hal/cpu.h). TPIDR_EL2
 * points at the struct cpu itself. */
#ifndef ASM_ARCH_CPU_H
#define ASM_ARCH_CPU_H

struct arch_vcpu;

struct arch_cpu {
	/* whose EL1 registers the CPU holds (virt/vcpu.c), or NULL */
	struct arch_vcpu *loaded_vcpu;
};

#endif
