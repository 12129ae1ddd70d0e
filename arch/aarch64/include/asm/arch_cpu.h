/* SPDX-License-Identifier: MIT */
/* What aarch64 keeps per CPU, in struct cpu (hal/cpu.h): nothing yet
 * (TPIDR_EL2 points at the struct cpu itself). */
#ifndef ASM_ARCH_CPU_H
#define ASM_ARCH_CPU_H

struct arch_cpu {
};

#endif
