/* SPDX-License-Identifier: MIT */
/*
 * The register frame boot/entry.S saves on a trap, and probing: running
 * an instruction that may not exist (an H extension CSR, say) and
 * learning whether it trapped instead of panicking.
 */
#ifndef ASM_TRAP_H
#define ASM_TRAP_H

/* Byte offsets into struct trap_frame, for entry.S. */
#define TF_X(n)		((n) * 8)	/* x1..x31; slot 0 unused */
#define TF_SEPC		(32 * 8)
#define TF_SSTATUS	(33 * 8)
#define TF_SCAUSE	(34 * 8)
#define TF_STVAL	(35 * 8)
#define TF_SIZE		(36 * 8)	/* a multiple of 16: keeps sp aligned */

#ifndef __ASSEMBLY__

#include <vireo/types.h>

struct trap_frame {
	unsigned long x[32];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap frame layout");

/* From entry.S: an exception (full frame) and an interrupt (scause). */
void riscv_trap(struct trap_frame *tf);
void riscv_interrupt(unsigned long scause);

/*
 * While a probe is open, an illegal-instruction trap skips the
 * instruction and is recorded; probe_end() says whether one happened.
 */
void probe_begin(void);
bool probe_end(void);

#endif /* __ASSEMBLY__ */

#endif
