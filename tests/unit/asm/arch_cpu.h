/* SPDX-License-Identifier: MIT */
/* Host tests: no architecture keeps anything per CPU. */
#ifndef ASM_ARCH_CPU_H
#define ASM_ARCH_CPU_H

struct arch_cpu {
};

#endif
