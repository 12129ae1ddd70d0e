/* SPDX-License-Identifier: MIT */
/* Control and status register access for riscv64 (S and HS mode). */
#ifndef ASM_CSR_H
#define ASM_CSR_H

#define SSTATUS_SIE		(1UL << 1)

/* satp: MODE in bits 63:60, ASID in 59:44, root PPN in 43:0 */
#define SATP_MODE_SV39		(8UL << 60)

#define SCAUSE_INTERRUPT	(1UL << 63)
#define EXC_ILLEGAL_INSN	2
#define EXC_INSN_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15	/* and AMO */

#ifndef __ASSEMBLY__

/* The "memory" clobbers keep CSR accesses ordered with memory ones. */
#define csr_read(csr)                                                       \
	({                                                                  \
		unsigned long __v;                                          \
		__asm__ volatile("csrr %0, " #csr : "=r"(__v) : : "memory"); \
		__v;                                                        \
	})

#define csr_write(csr, val)                                                 \
	({                                                                  \
		unsigned long __v = (unsigned long)(val);                   \
		__asm__ volatile("csrw " #csr ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_clear(csr, val)                                                 \
	({                                                                  \
		unsigned long __v = (unsigned long)(val);                   \
		__asm__ volatile("csrc " #csr ", %0" : : "rK"(__v) : "memory"); \
	})

#endif /* __ASSEMBLY__ */

#endif
