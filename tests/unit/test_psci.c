// SPDX-License-Identifier: MIT
/*
 * arch/aarch64/psci.c, the one PSCI client, with the firmware modelled
 * here (the psci_fw_call seam of asm/psci.h under VIREO_FAKE_IO). The
 * function ids and error codes are PSCI's (Arm DEN 0022D, 5.1 and 5.2.2),
 * written out here, not the client's. Trees: dts/psci.dts (PSCI 0.2+,
 * "smc"), dts/psci-0.1.dts (PSCI 0.1 under /firmware, "hvc", its own
 * CPU_ON id), changed in place for the bad cases, and dts/tree.dts,
 * which has no PSCI node.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "host_log.h"
#include "host_dtb.h"
#include "../../arch/aarch64/psci.c"

/* DEN 0022D table 5-1 / 5-2 and 5.2.2 */
#define SPEC_CPU_ON_SMC64 0xc4000003u
#define SPEC_SYSTEM_OFF 0x84000008u
#define SPEC_DENIED (-3)
#define SPEC_ALREADY_ON (-4)

static const void *tree;
static unsigned int el;
static struct {
	unsigned int calls;
	enum psci_conduit conduit;
	uint32_t fn;
	uint64_t a1, a2, a3;
	int32_t ret;			/* what the next call returns */
} fw;

const void *boot_fdt(void)
{
	return tree;
}

unsigned current_el(void)
{
	return el;
}

int32_t psci_fw_call(enum psci_conduit conduit, uint32_t fn, uint64_t a1,
		     uint64_t a2, uint64_t a3)
{
	fw.calls++;
	fw.conduit = conduit;
	fw.fn = fn;
	fw.a1 = a1;
	fw.a2 = a2;
	fw.a3 = a3;
	return fw.ret;
}

static void *dtb_smc, *dtb_01, *dtb_none;
static const struct cpu cpu2 = { .id = 2, .hwid = 0x101 };
static char why[96];	/* the cause psci_cpu_on() gives */

/* Lines the client printed since the last reset. */
static unsigned int lines(void)
{
	unsigned int n = 0;

	for (const char *p = log_text(); *p; p++)
		n += *p == '\n';
	return n;
}

static int setup(void **unused)
{
	memset(&psci, 0, sizeof(psci));
	memset(&fw, 0, sizeof(fw));
	free(dtb_smc);
	free(dtb_01);
	free(dtb_none);
	dtb_smc = dtb_load("psci", NULL);
	dtb_01 = dtb_load("psci-0.1", NULL);
	dtb_none = dtb_load("tree", NULL);	/* no psci node at all */
	tree = dtb_smc;
	el = 2;
	log_capture_reset();
	why[0] = 0;
	return 0;
}

static void test_cpu_on_smc(void **unused)
{
	assert_int_equal(psci_cpu_on(&cpu2, 0x40201000, 0x40300000, why, sizeof(why)), 0);
	assert_int_equal(fw.calls, 1);
	assert_int_equal(fw.conduit, PSCI_SMC);
	assert_int_equal(fw.fn, SPEC_CPU_ON_SMC64);
	assert_int_equal(fw.a1, 0x101);		/* target MPIDR */
	assert_int_equal(fw.a2, 0x40201000);	/* entry */
	assert_int_equal(fw.a3, 0x40300000);	/* context id: x0 there */
	assert_int_equal(lines(), 0);
}

/* One rule: SYSTEM_OFF takes the conduit CPU_ON does. */
static void test_system_off_follows_the_tree(void **unused)
{
	psci_system_off();
	assert_int_equal(fw.calls, 1);
	assert_int_equal(fw.conduit, PSCI_SMC);
	assert_int_equal(fw.fn, SPEC_SYSTEM_OFF);

	/* at EL1 a tree that says "smc" gets SMC, not the EL1 default */
	memset(&psci, 0, sizeof(psci));
	el = 1;
	psci_system_off();
	assert_int_equal(fw.conduit, PSCI_SMC);
	assert_int_equal(lines(), 0);
}

static void test_psci_0_1(void **unused)
{
	tree = dtb_01;
	el = 1;
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0x2000, why, sizeof(why)), 0);
	assert_int_equal(fw.conduit, PSCI_HVC);
	assert_int_equal(fw.fn, 0x95c1ba5e);	/* the node's cpu_on */
	psci_system_off();
	assert_int_equal(fw.conduit, PSCI_HVC);
	assert_int_equal(fw.fn, SPEC_SYSTEM_OFF);
}

/* "hvc" at EL2 would call Vireo itself: one line however many CPUs;
 * SYSTEM_OFF still reaches the firmware by SMC. */
static void test_hvc_from_el2(void **unused)
{
	int method = fdt_path_offset(dtb_smc, "/psci");

	assert_int_equal(fdt_setprop_inplace(dtb_smc, method, "method", "hvc", 4), 0);
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EINVAL);
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EINVAL);
	assert_int_equal(fw.calls, 0);
	assert_int_equal(lines(), 0);
	assert_non_null(strstr(why,
		"psci: /psci method \"hvc\" cannot reach the firmware from EL2"));
	psci_system_off();
	assert_int_equal(fw.calls, 1);
	assert_int_equal(fw.conduit, PSCI_SMC);
	assert_int_equal(lines(), 0);
}

static void test_no_psci_node(void **unused)
{
	tree = dtb_none;
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -ENODEV);
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -ENODEV);
	assert_int_equal(fw.calls, 0);
	assert_int_equal(lines(), 0);
	assert_non_null(strstr(why, "psci: the device tree has no /psci node"));
	psci_system_off();	/* EL2: SMC, without a second line */
	assert_int_equal(fw.conduit, PSCI_SMC);
	assert_int_equal(lines(), 0);
}

static void test_bad_method(void **unused)
{
	int node = fdt_path_offset(dtb_smc, "/psci");

	assert_int_equal(fdt_setprop_inplace(dtb_smc, node, "method", "svc", 4), 0);
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "psci: /psci has no method \"smc\" or \"hvc\""));
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EINVAL);
	assert_int_equal(lines(), 0);
	/* two strings: not one method */
	assert_int_equal(fdt_setprop_inplace(dtb_smc, node, "method", "s\0c", 4), 0);
	memset(&psci, 0, sizeof(psci));
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EINVAL);
	assert_int_equal(lines(), 0);
	assert_int_equal(fw.calls, 0);
}

static void test_psci_0_1_without_cpu_on(void **unused)
{
	void *bad = dtb_load("psci-0.1-bad", NULL);

	tree = bad;
	el = 1;
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "PSCI 0.1) has no cpu_on function id"));
	assert_int_equal(fw.calls, 0);
	tree = NULL;
	free(bad);
}

/* Before the tree is validated (an early error): the EL's conduit. */
static void test_system_off_without_a_tree(void **unused)
{
	tree = NULL;
	psci_system_off();
	assert_int_equal(fw.conduit, PSCI_SMC);
	el = 1;
	psci_system_off();
	assert_int_equal(fw.conduit, PSCI_HVC);
	assert_int_equal(fw.calls, 2);
	assert_int_equal(lines(), 0);
	/* a later tree is still read */
	tree = dtb_smc;
	psci_system_off();
	assert_int_equal(fw.conduit, PSCI_SMC);
}

static void test_cpu_on_errors(void **unused)
{
	fw.ret = SPEC_DENIED;
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EPERM);
	assert_non_null(strstr(why,
		"PSCI CPU_ON failed: DENIED"));
	fw.ret = SPEC_ALREADY_ON;
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EBUSY);
	assert_non_null(strstr(why, "ALREADY_ON"));
	fw.ret = -77;
	assert_int_equal(psci_cpu_on(&cpu2, 0x1000, 0, why, sizeof(why)), -EIO);
	assert_non_null(strstr(why, "error -77"));
	assert_int_equal(lines(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_cpu_on_smc, setup),
		cmocka_unit_test_setup(test_system_off_follows_the_tree, setup),
		cmocka_unit_test_setup(test_psci_0_1, setup),
		cmocka_unit_test_setup(test_hvc_from_el2, setup),
		cmocka_unit_test_setup(test_no_psci_node, setup),
		cmocka_unit_test_setup(test_bad_method, setup),
		cmocka_unit_test_setup(test_psci_0_1_without_cpu_on, setup),
		cmocka_unit_test_setup(test_system_off_without_a_tree, setup),
		cmocka_unit_test_setup(test_cpu_on_errors, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
