/* SPDX-License-Identifier: MIT */
/* riscv64 CPU start-up (cpu.c, boot/head.S). */
#ifndef ASM_CPU_H
#define ASM_CPU_H

/* Where SBI HSM starts a secondary hart: a0 = hart id, a1 = struct cpu *. */
void secondary_entry(void);

#endif
