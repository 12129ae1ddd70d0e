/* SPDX-License-Identifier: MIT */
/* System register access for aarch64. */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#include <stdint.h>

#define read_sysreg(reg)                                                    \
	({                                                                  \
		uint64_t __v;                                               \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v));              \
		__v;                                                        \
	})

/* The "memory" clobber keeps table stores before a TTBR/SCTLR write. */
#define write_sysreg(reg, val)                                              \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) : "memory")

/* SCTLR_EL2 */
#define SCTLR_M (1UL << 0)	/* MMU on */
#define SCTLR_C (1UL << 2)	/* data caches */
#define SCTLR_I (1UL << 12)	/* instruction cache */
#define SCTLR_WXN (1UL << 19)	/* writable implies never executable */

/* TCR_EL2 with HCR_EL2.E2H = 0 (the non-VHE layout) */
#define TCR_T0SZ(bits) (64UL - (bits))
#define TCR_IRGN0_WBWA (1UL << 8)
#define TCR_ORGN0_WBWA (1UL << 10)
#define TCR_SH0_INNER (3UL << 12)
#define TCR_TG0_4K (0UL << 14)
#define TCR_PS_SHIFT 16
#define TCR_EL2_RES1 ((1UL << 31) | (1UL << 23))

/* HCR_EL2: physical FIQ, IRQ and SError go to EL2; without these they
 * target EL1 and, seen from EL2, are never taken. */
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_E2H (1UL << 34)

/* DAIF: PSTATE exception masks (D, A, I, F) */
#define DAIF_I (1UL << 7)	/* IRQs masked */

/* CNTHP_CTL_EL2 / CNTP_CTL_EL0 */
#define CNT_CTL_ENABLE (1UL << 0)
#define CNT_CTL_IMASK (1UL << 1)	/* the interrupt is masked */
#define CNT_CTL_ISTATUS (1UL << 2)	/* the condition is met */

/* MPIDR_EL1: Aff3 [39:32] and Aff2..Aff0 [23:0], as DT /cpus reg and PSCI
 * CPU_ON's target give them */
#define MPIDR_AFFINITY_MASK 0xff00ffffffUL

/* CTR_EL0.DminLine: log2 of the smallest data cache line, in words */
#define CTR_DMINLINE(r) (((r) >> 16) & 0xf)

/* DCZID_EL0: DC ZVA's block, log2 in words (BS), and prohibited (DZP) */
#define DCZID_BS(r) ((r) & 0xf)
#define DCZID_DZP (1UL << 4)

/* ID_AA64MMFR0_EL1 */
#define MMFR0_PARANGE(r) ((r) & 0xf)
#define MMFR0_TGRAN4(r) (((r) >> 28) & 0xf)
#define MMFR0_TGRAN4_NONE 0xf

/* ID_AA64MMFR1_EL1.VMIDBits: 0 8 bits, 2 16 bits */
#define MMFR1_VMIDBITS(r) (((r) >> 4) & 0xf)

/* ESR_ELx */
#define ESR_EC(esr) ((esr) >> 26 & 0x3f)
#define ESR_EC_IABT_CUR 0x21	/* instruction abort at the current EL */
#define ESR_EC_DABT_CUR 0x25	/* data abort at the current EL */
#define ESR_FSC(esr) ((esr) & 0x3f)	/* DFSC / IFSC */
#define ESR_WNR (1UL << 6)	/* data abort: the access was a write */
#define ESR_CM (1UL << 8)	/* data abort: by a cache maintenance op */
#define ESR_FNV (1UL << 10)	/* FAR is not valid */

/* The exception level the CPU runs at now (0..3). */
#ifdef VIREO_FAKE_IO
unsigned current_el(void);	/* host unit tests say which */
#else
static inline unsigned current_el(void)
{
	return (unsigned)(read_sysreg(CurrentEL) >> 2) & 3;
}
#endif

#endif
