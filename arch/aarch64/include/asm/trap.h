/* SPDX-License-Identifier: MIT */
/*
 * The frames boot/vectors.S saves, laid out here in C; asm-offsets.c
 * gives vectors.S their sizes and offsets. In both, register xN is at
 * N * 8 for the registers they hold from x0 up.
 */
#ifndef ASM_TRAP_H
#define ASM_TRAP_H

#include <vireo/types.h>

/* An unexpected exception: every general register, for the report. */
struct trap_frame {
	uint64_t x[31];
	uint64_t pad;		/* keeps sp 16-byte aligned */
};

/*
 * An IRQ at EL2: the registers a C call may clobber (x0-x18, x30), the
 * frame pointer, and ELR/SPSR in case the handler takes an exception of
 * its own. x19-x28 are kept by the C code itself.
 */
struct irq_frame {
	uint64_t x[19];		/* x0-x18 */
	uint64_t fp;		/* x29, then x30: a frame record */
	uint64_t lr;
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;		/* keeps sp 16-byte aligned */
};

void arch_exception(struct trap_frame *tf, unsigned long kind);

#endif
