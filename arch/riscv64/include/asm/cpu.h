/* SPDX-License-Identifier: MIT */
/* What head.S needs of struct cpu (hal/cpu.h); cpu.c checks it. */
#ifndef ASM_CPU_H
#define ASM_CPU_H

#define CPU_STACK_TOP	24	/* offsetof(struct cpu, stack_top) */

#ifndef __ASSEMBLY__
/* Where SBI HSM starts a secondary hart: a0 = hart id, a1 = struct cpu *. */
void secondary_entry(void);
#endif

#endif
