// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own stage-1 tables on riscv64 (hal/paging.h): Sv39,
 * loaded into satp. HS mode translates through satp like S mode; vsatp
 * and hgatp are for guests.
 */
#include <asm/csr.h>
#include <hal/barrier.h>
#include <hal/paging.h>
#include <vireo/log.h>

/*
 * Sv39 reaches 256 GiB, far above QEMU virt's RAM and devices, and every
 * RV64 hart with an MMU has it (Sv48 is optional). No Svpbmt flag: device
 * memory keeps its type from the platform's PMAs, which is all QEMU's
 * default CPU has.
 */
const struct pgtable_format *arch_paging_format(unsigned int *flags)
{
	*flags = 0;
	return &pgtable_fmt_sv39;
}

void arch_paging_enable(paddr_t root)
{
	unsigned long satp = SATP_MODE_SV39 | (root >> PAGE_SHIFT);

	/*
	 * The first fence orders the engine's table stores before the
	 * walker's reads; the second drops anything cached from before
	 * (satp changes do not flush by themselves). The code runs on
	 * across the switch because the tables map it at the same address.
	 * SUM stays clear: nothing is mapped for U mode.
	 */
	tlb_flush_all();
	csr_write(satp, satp);
	tlb_flush_all();
	/* satp is WARL: a mode the hart lacks leaves it unchanged */
	if (csr_read(satp) != satp)
		panic("satp did not take Sv39 (wrote %#lx, reads %#lx)", satp,
		      csr_read(satp));
}
