// SPDX-License-Identifier: MIT
/*
 * The hypervisor's own tables on x86_64 (hal/paging.h): 4-level paging,
 * already on since boot/head.S, so switching is a CR3 load. The bootstrap
 * tables (.boot_pgtable) are unused afterwards.
 */
#include <asm/cpuid.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <hal/paging.h>
#include <vireo/log.h>

static uint32_t ext_features_edx(void)
{
	if (cpuid_eax(0x80000000) < 0x80000001)
		return 0;
	return cpuid_edx(0x80000001);
}

const struct pgtable_format *arch_paging_format(unsigned int *flags)
{
	/* 1 GiB leaves are optional (QEMU's qemu64 CPU has none). */
	*flags = ext_features_edx() & CPUID_80000001_EDX_PAGE1GB ?
			 0 : PGTABLE_F_MAX_2M;
	return &pgtable_fmt_x86_64;
}

void arch_paging_enable(paddr_t root)
{
	/*
	 * The engine marks every non-executable leaf with XD (bit 63),
	 * which is a reserved bit, faulting on every access, unless
	 * EFER.NXE is set.
	 */
	if (!(ext_features_edx() & CPUID_80000001_EDX_NX))
		panic("the CPU has no execute-disable (NX) bit");
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	/* Without WP, ring 0 writes ignore read-only pages. */
	write_cr0(read_cr0() | CR0_WP);
	/*
	 * The tables are ordinary write-back stores, which the walker sees
	 * in order; the load flushes the bootstrap mapping from the TLB
	 * (it has no global entries). Memory types: PCD|PWT on device
	 * leaves pick the power-on PAT's uncacheable entry.
	 */
	write_cr3(root);
}
