// SPDX-License-Identifier: MIT
/*
 * core/vm_config.c against tests/unit/dts/vm-configs.dts: each VM there
 * is one case, a good one beside the bad one just past the boundary.
 * A bad VM is refused with exactly one line naming the VM, the node and
 * property, and the cause (docs/vm-config.md); a good one is parsed into
 * the values its .dts says.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>
#include <vireo/errno.h>
#include "../../core/vm_config.h"
#include "host_dtb.h"
#include "log_capture.h"

static const uint8_t image_bytes[8192];
static const struct vm_builtin_image images[] = {
	{ "small", image_bytes, 16 },
	{ "page", image_bytes, 4096 },
	{ "two-pages", image_bytes, 8192 },
};
static const struct vm_config_env env = { 2, images, ARRAY_SIZE(images) };
static void *fdt;

#define E "vireo: error: vm "
struct refusal {
	const char *vm, *line;	/* line NULL: the VM is accepted */
};

static const struct refusal cases[] = {
	{ "ok", NULL },
	{ "adjacent", NULL },
	{ "overlap", E "overlap: memory@40001000/reg: overlaps rom@40000000\n" },
	{ "device-overlap",
	  E "device-overlap: testdev@400ff000/reg: overlaps memory@40000000\n" },
	{ "device-after", NULL },
	{ "vcpus-max", NULL },
	{ "vcpus-too-many", E "vcpus-too-many: vcpus: 5, must be 1 to 4\n" },
	{ "vcpus-none", E "vcpus-none: vcpus: 0, must be 1 to 4\n" },
	{ "cpu-beyond", E "cpu-beyond: cpus: CPU 2, the machine has 2\n" },
	{ "cpus-short",
	  E "cpus-short: cpus: malformed cells (one per vCPU)\n" },
	{ "no-vcpus", E "no-vcpus: vcpus: missing\n" },
	{ "no-cpus", E "no-cpus: cpus: missing\n" },
	{ "image-exact", NULL },
	{ "image-over", E "image-over: image: does not fit in its memory\n" },
	{ "image-gap", E "image-gap: image: does not fit in its memory\n" },
	{ "image-span", NULL },
	{ "image-unknown",
	  E "image-unknown: image/builtin: no such built-in image\n" },
	{ "image-phys", NULL },
	{ "image-phys-nosize", E "image-phys-nosize: image/size: missing\n" },
	{ "no-image", E "no-image: image: missing (a vireo,image node)\n" },
	{ "entry-last", NULL },
	{ "entry-past", E "entry-past: entry: outside its memory\n" },
	{ "entry-before", E "entry-before: entry: outside its memory\n" },
	{ "no-entry", E "no-entry: image/entry: missing\n" },
	{ "unknown-device", E "unknown-device: uart@9000000/compatible: "
			      "unknown device \"vireo,no-such-device\"\n" },
	{ "no-compatible", E "no-compatible: thing/compatible: missing\n" },
	{ "no-memory", E "no-memory: memory: missing (a vireo,ram node)\n" },
	{ "no-reg", E "no-reg: memory@40000000/reg: missing\n" },
	{ "reg-short", E "reg-short: memory@40000000/reg: malformed cells\n" },
	{ "reg-unaligned",
	  E "reg-unaligned: memory@40000000/reg: not whole pages\n" },
	{ "reg-empty", E "reg-empty: memory@40000000/reg: not whole pages\n" },
	{ "boot-args-odd", E "boot-args-odd: boot-args: malformed cells "
			     "(up to 4 64-bit values)\n" },
	{ "entry-short", E "entry-short: image/entry: malformed cells\n" },
	{ "one-cell", NULL },
	{ "no-cells", E "no-cells: #address-cells: missing\n" },
	{ "not-a-vm", E "not-a-vm: compatible: not \"vireo,vm\"\n" },
};

static int vm_node(const char *name)
{
	int vms = fdt_subnode_offset(fdt, 0, "vms");
	int node = fdt_subnode_offset(fdt, vms, name);

	assert_true(node >= 0);
	return node;
}

static int parse(const char *name, struct vm_config *cfg)
{
	log_capture_reset();
	return vm_config_parse_vm(fdt, vm_node(name), &env, cfg);
}

static void test_case(void **state)
{
	const struct refusal *c = *state;
	struct vm_config cfg;
	int err = parse(c->vm, &cfg);

	if (c->line) {
		assert_int_equal(err, -EINVAL);
		assert_string_equal(log_text(), c->line);
	} else {
		assert_int_equal(err, 0);
		assert_string_equal(log_text(), "");
		assert_string_equal(cfg.name, c->vm);
	}
}

/* What the good VM's .dts says, value by value. */
static void test_ok_values(void **state)
{
	struct vm_config cfg;

	assert_int_equal(parse("ok", &cfg), 0);
	assert_int_equal(cfg.nr_vcpus, 2);
	assert_int_equal(cfg.cpus[0], 0);
	assert_int_equal(cfg.cpus[1], 1);
	assert_int_equal(cfg.args[0], 7);
	assert_int_equal(cfg.args[1], 0x40100000);
	assert_int_equal(cfg.nr_regions, 1);
	assert_int_equal(cfg.regions[0].gpa, 0x40000000);
	assert_int_equal(cfg.regions[0].size, 0x100000);
	assert_false(cfg.regions[0].read_only);
	assert_ptr_equal(cfg.image, image_bytes);
	assert_int_equal(cfg.image_size, 16);
	assert_int_equal(cfg.image_gpa, 0x40000000);
	assert_int_equal(cfg.entry, 0x40000000);
	assert_true(cfg.test_device);
	assert_int_equal(cfg.test_device_base, 0xb000000);

	assert_int_equal(parse("adjacent", &cfg), 0);
	assert_int_equal(cfg.nr_regions, 2);
	assert_true(cfg.regions[0].read_only);
	assert_false(cfg.regions[1].read_only);
	assert_int_equal(cfg.regions[1].gpa, 0x40001000);

	assert_int_equal(parse("image-phys", &cfg), 0);
	assert_int_equal((uintptr_t)cfg.image, 0x48000000);
	assert_int_equal(cfg.image_size, 0x1000);

	assert_int_equal(parse("one-cell", &cfg), 0);
	assert_int_equal(cfg.regions[0].gpa, 0x40000000);
	assert_int_equal(cfg.regions[0].size, 0x100000);
	assert_int_equal(cfg.entry, 0x40000000);
}

/* The whole blob: the good VMs in their order, each bad one counted;
 * past the room given, a VM is refused with its line. */
static void test_whole_blob(void **state)
{
	static struct vm_config cfgs[ARRAY_SIZE(cases)];
	unsigned int good, bad, i, n = 0;

	log_capture_reset();
	assert_int_equal(vm_config_parse(fdt, &env, cfgs, ARRAY_SIZE(cfgs),
					 &good, &bad), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (cases[i].line)
			continue;
		assert_true(n < good);
		assert_string_equal(cfgs[n++].name, cases[i].vm);
	}
	assert_int_equal(good, n);
	assert_int_equal(bad, ARRAY_SIZE(cases) - n);

	log_capture_reset();
	assert_int_equal(vm_config_parse(fdt, &env, cfgs, 2, &good, &bad), 0);
	assert_int_equal(good, 2);
	assert_int_equal(bad, ARRAY_SIZE(cases) - 2);
	assert_non_null(strstr(log_text(), E "device-after: more than 2 VMs\n"));
}

static void test_not_a_config(void **state)
{
	static struct vm_config cfgs[1];
	unsigned int good, bad;
	void *tree = dtb_load("tree", NULL);

	log_capture_reset();
	assert_int_equal(vm_config_parse(tree, &env, cfgs, 1, &good, &bad),
			 -EINVAL);
	assert_string_equal(log_text(),
			    "vireo: error: vm configuration: no /vms node\n");
	log_capture_reset();
	assert_int_equal(vm_config_parse(image_bytes, &env, cfgs, 1, &good,
					 &bad), -EINVAL);
	assert_string_equal(log_text(), "vireo: error: vm configuration: "
					"not a device tree blob\n");
	free(tree);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(cases) + 3];
	unsigned int i;

	fdt = dtb_load("vm-configs", NULL);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		tests[i] = (struct CMUnitTest){ cases[i].vm, test_case, NULL,
						NULL, (void *)&cases[i] };
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_ok_values);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_whole_blob);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_not_a_config);
	return _cmocka_run_group_tests("vm_config", tests, i, NULL, NULL);
}
