// SPDX-License-Identifier: MIT
/*
 * aarch64 CPUs (hal/cpu.h): this_cpu() lives in TPIDR_EL2; secondaries
 * are started with PSCI CPU_ON at secondary_entry (boot/secondary.S),
 * through the conduit the device tree's /psci node names.
 */
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

/* PSCI 0.2+ fixes the ids; PSCI 0.1 gives CPU_ON in /psci "cpu_on". */
#define PSCI_CPU_ON_64 0xc4000003u

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

static const char *const psci_errors[] = {
	"SUCCESS", "NOT_SUPPORTED", "INVALID_PARAMETERS", "DENIED",
	"ALREADY_ON", "ON_PENDING", "INTERNAL_FAILURE", "NOT_PRESENT",
	"DISABLED", "INVALID_ADDRESS",
};

static const int psci_errnos[] = {
	0, -ENOSYS, -EINVAL, -EPERM, -EBUSY, -EBUSY, -EIO, -ENODEV,
	-ENODEV, -EINVAL,
};

static struct {
	int state;		/* 0: not looked for, 1: found, -errno */
	bool hvc;		/* conduit: HVC, else SMC */
	uint32_t cpu_on;	/* function id */
	char why[80];		/* why not found */
} psci;

/* SMCCC: arguments in x0-x3, result in w0; x4-x17 may be clobbered. */
#define PSCI_CALL(insn, x0, x1, x2, x3)                                     \
	__asm__ volatile(insn " #0"                                         \
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)           \
			 :                                                  \
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",\
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory")

static int32_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (psci.hvc)
		PSCI_CALL("hvc", x0, x1, x2, x3);
	else
		PSCI_CALL("smc", x0, x1, x2, x3);
	return (int32_t)x0;
}

static int psci_fail(int err, const char *why)
{
	snprintf(psci.why, sizeof(psci.why), "%s", why);
	return err;
}

/* Find the PSCI conduit; 0 or -errno and psci.why. */
static int psci_lookup(void)
{
	const void *fdt = boot_fdt();
	uint32_t id;
	int node;

	if (!fdt)
		return psci_fail(-ENODEV, "no device tree to find PSCI in");
	node = fdt_path_offset(fdt, "/psci");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci");
	if (node < 0)
		return psci_fail(-ENODEV, "the device tree has no /psci node");
	if (dt_prop_is(fdt, node, "method", "smc")) {
		psci.hvc = false;
	} else if (dt_prop_is(fdt, node, "method", "hvc")) {
		/* From EL2, HVC would trap to Vireo itself. */
		if (current_el() == 2)
			return psci_fail(-EINVAL, "/psci method \"hvc\" cannot reach the firmware from EL2");
		psci.hvc = true;
	} else {
		return psci_fail(-EINVAL, "/psci has no method \"smc\" or \"hvc\"");
	}
	psci.cpu_on = PSCI_CPU_ON_64;
	if (fdt_node_check_compatible(fdt, node, "arm,psci-0.2") &&
	    fdt_node_check_compatible(fdt, node, "arm,psci-1.0")) {
		if (dt_read_u32(fdt, node, "cpu_on", &id))
			return psci_fail(-EINVAL, "/psci (PSCI 0.1) has no cpu_on function id");
		psci.cpu_on = id;
	}
	return 0;
}

/* Look once: every CPU started asks. */
static int psci_find(char *why, size_t len)
{
	if (!psci.state)
		psci.state = psci_lookup() ?: 1;
	if (psci.state > 0)
		return 0;
	snprintf(why, len, "%s", psci.why);
	return psci.state;
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
	int32_t ret;
	int node, err;

	err = psci_find(why, len);
	if (err)
		return err;
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
	ret = psci_call(psci.cpu_on, c->hwid, (uintptr_t)secondary_entry,
			(uintptr_t)c);
	if (ret == 0)
		return 0;
	if (ret < 0 && -ret < (int32_t)ARRAY_SIZE(psci_errors)) {
		snprintf(why, len, "PSCI CPU_ON failed: %s", psci_errors[-ret]);
		return psci_errnos[-ret];
	}
	snprintf(why, len, "PSCI CPU_ON failed: error %d", ret);
	return -EIO;
}
