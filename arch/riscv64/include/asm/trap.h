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
 * While a probe is open, a trap of one of its causes (scause codes, as
 * bits) skips the instruction and is recorded; probe_end() says whether
 * one happened. probe_begin() takes illegal instructions (a CSR that may
 * not exist). A hot path opens the hart's probe itself for chosen
 * causes (probe_open()/probe_close(), inline) and reads which trap it
 * was from it. A probe is the calling hart's own once this_cpu() is set
 * (before, only the boot hart runs).
 */
#define PROBE_ILLEGAL_INSN (1UL << 2)
/* a load's access (5), page (13) and guest-page (21) faults: HLV/HLVX */
#define PROBE_LOAD_FAULTS (1UL << 5 | 1UL << 13 | 1UL << 21)

struct probe_trap {
	unsigned long scause, stval, htval;
};

struct riscv_probe {
	volatile unsigned long causes;	/* open while not 0 */
	volatile bool trapped;
	struct probe_trap trap;		/* the trap, once trapped */
};

void probe_begin(void);
bool probe_end(void);

/* The calling hart's probe. */
struct riscv_probe *probe_this(void);

static inline void probe_open(struct riscv_probe *p, unsigned long causes)
{
	p->trapped = false;
	p->causes = causes;
	__asm__ volatile("" : : : "memory");
}

/* Closed: true if a trap was taken (p->trap says which). */
static inline bool probe_close(struct riscv_probe *p)
{
	__asm__ volatile("" : : : "memory");
	p->causes = 0;
	return p->trapped;
}

#endif
