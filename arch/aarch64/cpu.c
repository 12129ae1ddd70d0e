// SPDX-License-Identifier: MIT
/*
 * aarch64 CPUs (hal/cpu.h): this_cpu() lives in TPIDR_EL2; secondaries
 * are started with PSCI CPU_ON (asm/psci.h) at secondary_entry
 * (boot/secondary.S).
 */
#include <asm/psci.h>
#include <asm/smp.h>
#include <asm/sysreg.h>
#include <hal/boot.h>
#include <hal/cpu.h>
#include <hal/paging.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/printf.h>
#include <vireo/string.h>

/* secondary.S loads them with ldp. */
_Static_assert(offsetof(struct el2_mmu, tcr) == offsetof(struct el2_mmu, mair) + 8 &&
	       offsetof(struct el2_mmu, sctlr) == offsetof(struct el2_mmu, ttbr) + 8,
	       "struct el2_mmu: pairs secondary.S loads together");

/* Its own cache line, so cleaning it cleans nothing else. */
struct el2_mmu secondary_mmu __aligned(64);

struct cpu *this_cpu(void)
{
	return (struct cpu *)read_sysreg(tpidr_el2);
}

void arch_cpu_set_this(struct cpu *c)
{
	write_sysreg(tpidr_el2, (uintptr_t)c);
}

/* Write the cache lines of [p, p + size) back to memory (PoC). */
static void dcache_clean(const void *p, size_t size)
{
	uintptr_t line = 4UL << CTR_DMINLINE(read_sysreg(ctr_el0));
	uintptr_t a = ALIGN_DOWN((uintptr_t)p, line);

	for (; a < (uintptr_t)p + size; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

int arch_cpu_start(struct cpu *c, char *why, size_t len)
{
	const void *fdt = boot_fdt();
	const char *method;
	int node;

	node = dt_cpu_node(fdt, c->hwid);
	method = node >= 0 ? fdt_getprop(fdt, node, "enable-method", NULL) : NULL;
	if (method && !dt_prop_is(fdt, node, "enable-method", "psci")) {
		snprintf(why, len, "enable-method \"%.24s\" is not supported (only psci)",
			 method);
		return -ENOSYS;
	}

	/* The secondary sets EL2 up exactly as this CPU has it. */
	secondary_mmu.hcr = read_sysreg(hcr_el2);
	secondary_mmu.mair = read_sysreg(mair_el2);
	secondary_mmu.tcr = read_sysreg(tcr_el2);
	secondary_mmu.ttbr = paging_root();
	secondary_mmu.sctlr = read_sysreg(sctlr_el2);
	dcache_clean(&secondary_mmu, sizeof(secondary_mmu));

	/* Identity mapped: the entry's and c's addresses are physical. */
	return psci_cpu_on(c, (uintptr_t)secondary_entry, (uintptr_t)c, why, len);
}
