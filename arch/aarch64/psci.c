// SPDX-License-Identifier: MIT
/* The PSCI client (asm/psci.h): conduit and function ids from /psci. */
#include <asm/psci.h>
#include <asm/sysreg.h>
#include <hal/boot.h>
#include <hal/cpu.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/printf.h>

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
	int state;			/* 0: not looked for, 1: found, -errno */
	const char *why;		/* what is wrong with /psci */
	enum psci_conduit conduit;
	uint32_t cpu_on;		/* function id */
} psci;

/* method is one string: "smc" or "hvc" */
static bool method_is(const void *fdt, int node, const char *conduit)
{
	return fdt_stringlist_search(fdt, node, "method", conduit) == 0 &&
	       fdt_stringlist_count(fdt, node, "method") == 1;
}

static int psci_node(const void *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");

	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci");
	return node;
}

/* Conduit and CPU_ON id from the tree: 0, or -errno with psci.why. */
static int psci_lookup(const void *fdt)
{
	uint32_t id;
	int node = psci_node(fdt);

	psci.why = "the device tree has no /psci node";
	if (node < 0)
		return -ENODEV;
	if (method_is(fdt, node, "smc")) {
		psci.conduit = PSCI_SMC;
	} else if (method_is(fdt, node, "hvc")) {
		/* From EL2, an HVC would trap to Vireo itself. */
		psci.why = "/psci method \"hvc\" cannot reach the firmware from EL2";
		if (current_el() >= 2)
			return -EINVAL;
		psci.conduit = PSCI_HVC;
	} else {
		psci.why = "/psci has no method \"smc\" or \"hvc\"";
		return -EINVAL;
	}
	psci.cpu_on = PSCI_CPU_ON_64;
	if (fdt_node_check_compatible(fdt, node, "arm,psci-0.2") &&
	    fdt_node_check_compatible(fdt, node, "arm,psci-1.0")) {
		psci.why = "/psci (PSCI 0.1) has no cpu_on function id";
		if (dt_read_u32(fdt, node, "cpu_on", &id))
			return -EINVAL;
		psci.cpu_on = id;
	}
	psci.why = NULL;
	return 0;
}

/* Look once the tree is validated; 0 or -errno (psci.why says). */
static int psci_find(void)
{
	const void *fdt = boot_fdt();

	if (psci.state)
		return psci.state < 0 ? psci.state : 0;
	if (!fdt) {
		psci.why = "no device tree to find /psci in";
		return -ENODEV;
	}
	psci.state = psci_lookup(fdt) ?: 1;
	return psci.state < 0 ? psci.state : 0;
}

int psci_cpu_on(const struct cpu *c, uintptr_t entry, uintptr_t context,
		char *why, size_t len)
{
	int32_t ret;
	int err = psci_find();

	if (err) {
		snprintf(why, len, "psci: %s", psci.why);
		return err;
	}
	ret = psci_fw_call(psci.conduit, psci.cpu_on, c->hwid, entry, context);
	if (ret == 0)
		return 0;
	if (ret < 0 && -ret < (int32_t)ARRAY_SIZE(psci_errors)) {
		snprintf(why, len, "PSCI CPU_ON failed: %s", psci_errors[-ret]);
		return psci_errnos[-ret];
	}
	snprintf(why, len, "PSCI CPU_ON failed: error %d", ret);
	return -EIO;
}

void psci_system_off(void)
{
	enum psci_conduit conduit = current_el() >= 2 ? PSCI_SMC : PSCI_HVC;

	if (!psci_find())
		conduit = psci.conduit;
	(void)psci_fw_call(conduit, PSCI_SYSTEM_OFF, 0, 0, 0);
}
