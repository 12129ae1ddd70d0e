/* SPDX-License-Identifier: MIT */
/* Control and status register access for riscv64 (S and HS mode). */
#ifndef ASM_CSR_H
#define ASM_CSR_H

#define SSTATUS_SIE		(1UL << 1)

/* scause interrupt codes; sie/sip carry the same bit numbers */
#define IRQ_S_SOFT		1
#define IRQ_S_TIMER		5
#define IRQ_S_EXT		9
#define SIE_SSIE		(1UL << IRQ_S_SOFT)
#define SIE_STIE		(1UL << IRQ_S_TIMER)
#define SIE_SEIE		(1UL << IRQ_S_EXT)
#define SIP_SSIP		SIE_SSIE

/* Sstc's S-mode timer compare; by number, as older assemblers lack it */
#define CSR_STIMECMP		0x14d

/* satp: MODE in bits 63:60, ASID in 59:44, root PPN in 43:0 */
#define SATP_MODE_SV39		(8UL << 60)

/* hgatp: MODE 63:60 (0 Bare), VMID 57:44, root PPN 43:0 */
#define HGATP_VMID_SHIFT	44
#define HGATP_VMID_MASK		(0x3fffUL << HGATP_VMID_SHIFT)

#define SCAUSE_INTERRUPT	(1UL << 63)
#define EXC_ILLEGAL_INSN	2
#define EXC_INSN_PAGE_FAULT	12
#define EXC_LOAD_PAGE_FAULT	13
#define EXC_STORE_PAGE_FAULT	15	/* and AMO */

#ifndef __ASSEMBLY__

/* Two steps, so a CSR given as a macro (CSR_STIMECMP) expands first. */
#define __csr_str(x) #x
#define csr_str(x) __csr_str(x)

#ifdef VIREO_FAKE_IO
/*
 * Host unit tests: drivers that touch CSRs (the PLIC's sie/sip) run
 * against the test's model, which sees the CSR by name.
 */
unsigned long fake_csr_read(const char *csr);
void fake_csr_write(const char *csr, unsigned long val);
void fake_csr_set(const char *csr, unsigned long bits);
void fake_csr_clear(const char *csr, unsigned long bits);
#define csr_read(csr) fake_csr_read(csr_str(csr))
#define csr_write(csr, val) fake_csr_write(csr_str(csr), (unsigned long)(val))
#define csr_set(csr, val) fake_csr_set(csr_str(csr), (unsigned long)(val))
#define csr_clear(csr, val) fake_csr_clear(csr_str(csr), (unsigned long)(val))
#else
/* The "memory" clobbers keep CSR accesses ordered with memory ones. */
#define csr_read(csr)                                                       \
	({                                                                  \
		unsigned long __v;                                          \
		__asm__ volatile("csrr %0, " csr_str(csr) : "=r"(__v) : : "memory"); \
		__v;                                                        \
	})

#define csr_write(csr, val)                                                 \
	({                                                                  \
		unsigned long __v = (unsigned long)(val);                   \
		__asm__ volatile("csrw " csr_str(csr) ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_set(csr, val)                                                   \
	({                                                                  \
		unsigned long __v = (unsigned long)(val);                   \
		__asm__ volatile("csrs " csr_str(csr) ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_clear(csr, val)                                                 \
	({                                                                  \
		unsigned long __v = (unsigned long)(val);                   \
		__asm__ volatile("csrc " csr_str(csr) ", %0" : : "rK"(__v) : "memory"); \
	})

/* Clear bits and return the old value, in one instruction. */
#define csr_read_clear(csr, val)                                            \
	({                                                                  \
		unsigned long __o, __v = (unsigned long)(val);              \
		__asm__ volatile("csrrc %0, " csr_str(csr) ", %1"          \
				 : "=r"(__o) : "r"(__v) : "memory");        \
		__o;                                                        \
	})
#endif /* VIREO_FAKE_IO */

#endif /* __ASSEMBLY__ */

#endif
