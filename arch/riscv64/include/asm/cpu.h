/* SPDX-License-Identifier: MIT */
/* riscv64 CPU start-up (cpu.c, boot/head.S). */
#ifndef ASM_CPU_H
#define ASM_CPU_H

/* Where SBI HSM starts a secondary hart: a0 = hart id, a1 = struct cpu *. */
void secondary_entry(void);

struct cpu;
/*
 * The hart being started, set before each hart_start: a hart that OpenSBI
 * sends to the image's entry (_start) instead finds itself here
 * (boot/head.S).
 */
extern struct cpu *riscv_cpu_starting;
void _start(void);

#endif
