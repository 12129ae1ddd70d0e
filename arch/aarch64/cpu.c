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
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/string.h>

_Static_assert(offsetof(struct cpu, stack_top) == CPU_STACK_TOP,
	       "asm/smp.h: CPU_STACK_TOP");
_Static_assert(offsetof(struct el2_mmu, mair) == EL2_MMU_MAIR &&
	       offsetof(struct el2_mmu, tcr) == EL2_MMU_TCR &&
	       offsetof(struct el2_mmu, ttbr) == EL2_MMU_TTBR &&
	       offsetof(struct el2_mmu, sctlr) == EL2_MMU_SCTLR &&
	       offsetof(struct el2_mmu, hcr) == EL2_MMU_HCR,
	       "asm/smp.h: struct el2_mmu offsets");

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

static bool prop_is(const void *fdt, int node, const char *name,
		    const char *value)
{
	int len;
	const char *p = fdt_getprop(fdt, node, name, &len);

	return p && len == (int)strlen(value) + 1 && !memcmp(p, value, (size_t)len);
}

/* The /cpus node of hwid, or -1. */
static int cpu_node(const void *fdt, unsigned long hwid)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node, len;

	if (cpus < 0)
		return -1;
	fdt_for_each_subnode(node, fdt, cpus) {
		const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
		uint64_t id;

		if (!reg || !prop_is(fdt, node, "device_type", "cpu"))
			continue;
		id = fdt32_to_cpu(reg[0]);
		if (len == 8)
			id = id << 32 | fdt32_to_cpu(reg[1]);
		else if (len != 4)
			continue;
		if (id == hwid)
			return node;
	}
	return -1;
}

/* Write the cache lines of [p, p + size) back to memory (PoC). */
static void dcache_clean(const void *p, size_t size)
{
	uintptr_t line = 4UL << CTR_DMINLINE(read_sysreg(ctr_el0));
	uintptr_t a = (uintptr_t)p & ~(line - 1);

	for (; a < (uintptr_t)p + size; a += line)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
}

int arch_cpu_start(struct cpu *c)
{
	const void *fdt = boot_fdt();
	const char *method;
	int node;

	node = cpu_node(fdt, c->hwid);
	method = node >= 0 ? fdt_getprop(fdt, node, "enable-method", NULL) : NULL;
	if (method && !prop_is(fdt, node, "enable-method", "psci")) {
		pr_err("cpu: cpu%u (hwid 0x%lx): enable-method \"%s\" is not supported (only psci)\n",
		       c->id, c->hwid, method);
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
	return psci_cpu_on(c, (uintptr_t)secondary_entry, (uintptr_t)c);
}
