/* SPDX-License-Identifier: MIT */
/*
 * The register frame boot/entry.S saves on a trap, and probing: running
 * an instruction that may not exist (an H extension CSR, say) and
 * learning whether it trapped instead of panicking.
 */
#ifndef ASM_TRAP_H
#define ASM_TRAP_H

#include <vireo/types.h>

/* entry.S's offsets into it come from asm-offsets.c (TF_*). */
struct trap_frame {
	unsigned long x[32];	/* x1..x31; slot 0 unused */
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};

_Static_assert(sizeof(struct trap_frame) % 16 == 0,
	       "a trap frame keeps sp 16-byte aligned");

/* From entry.S: an exception (full frame) and an interrupt (scause). */
void riscv_trap(struct trap_frame *tf);
void riscv_interrupt(unsigned long scause);

/*
 * While a probe is open, an illegal-instruction trap skips the
 * instruction and is recorded; probe_end() says whether one happened.
 */
void probe_begin(void);
bool probe_end(void);

#endif
