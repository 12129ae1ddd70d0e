// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own stage-1 tables on aarch64 (hal/paging.h): the
 * EL2 translation regime, one range through TTBR0_EL2, 4 KiB granule,
 * 48-bit VA (4 levels, as pgtable_fmt_arm64_s1 has).
 */
#include <asm/sysreg.h>
#include <hal/barrier.h>
#include <hal/paging.h>
#include <vireo/log.h>

/* ID_AA64MMFR0_EL1.PARange and TCR_EL2.PS share this encoding. */
static const uint8_t pa_bits[] = { 32, 36, 40, 42, 44, 48, 52 };
#define PS_48 5

const struct pgtable_format *arch_paging_format(unsigned int *flags)
{
	*flags = 0;
	return &pgtable_fmt_arm64_s1;
}

void arch_paging_enable(paddr_t root)
{
	uint64_t mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	uint64_t ps = MMFR0_PARANGE(mmfr0);
	uint64_t tcr, sctlr;

	if (MMFR0_TGRAN4(mmfr0) == MMFR0_TGRAN4_NONE)
		panic("the CPU has no 4 KiB translation granule");
	/* With E2H set, TCR_EL2 has the EL1 layout and TTBR1_EL2 exists. */
	if (read_sysreg(hcr_el2) & HCR_E2H)
		panic("HCR_EL2.E2H is set: Vireo runs in the non-VHE EL2 regime");
	/* 52-bit output addresses need the LPA descriptor layout. */
	if (ps > PS_48)
		ps = PS_48;
	if (root >> pa_bits[ps])
		panic("page-table root %#llx beyond the %u-bit physical range",
		      (unsigned long long)root, pa_bits[ps]);

	tcr = TCR_EL2_RES1 | TCR_T0SZ(48) | TCR_TG0_4K | TCR_IRGN0_WBWA |
	      TCR_ORGN0_WBWA | TCR_SH0_INNER | ps << TCR_PS_SHIFT;
	write_sysreg(mair_el2, PGTABLE_ARM_MAIR);
	write_sysreg(tcr_el2, tcr);
	write_sysreg(ttbr0_el2, root);
	/*
	 * The flush's DSB orders the table stores before the walker's
	 * reads and its ISB makes MAIR/TCR/TTBR take effect; the TLB may
	 * hold entries from before reset or from firmware.
	 */
	tlb_flush_all();
	/*
	 * The next instruction is fetched through the new tables, which map
	 * this code at the same address. WXN is safe: nothing is mapped
	 * writable and executable.
	 */
	sctlr = read_sysreg(sctlr_el2) | SCTLR_M | SCTLR_C | SCTLR_I | SCTLR_WXN;
	write_sysreg(sctlr_el2, sctlr);
	isb();
}
