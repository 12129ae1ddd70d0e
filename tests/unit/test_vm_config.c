// SPDX-License-Identifier: MIT
/*
 * core/vm_config.c against tests/unit/dts/vm-configs.dts: each VM there
 * is one case, a good one beside the bad one just past the boundary.
 * A bad VM is refused with exactly one line naming the VM, the node and
 * property, and the cause (docs/vm-config.md); a good one is parsed into
 * the values its .dts says. The guest device tree core/vm_fdt.c makes
 * from a configuration is checked against the bindings.
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
#include <stdio.h>
#include <vireo/dt.h>
#include "../../core/vm_config.h"
#include "../../core/vm_fdt.h"
#include "host_dtb.h"
#include "log_capture.h"

static const uint8_t image_bytes[8192];
/* arm64 Linux Images (Documentation/arch/arm64/booting.rst: text_offset
 * at byte 8, image_size at 16, magic "ARM\x64" at 56, little endian):
 * text_offset 0x80000, image_size 0x10000 (the file is 4 KiB, the rest
 * its BSS); the big one's image_size is 2 MiB */
static uint8_t arm64_image[4096], arm64_image_big[4096];
static const struct vm_builtin_image images[] = {
	{ "small", image_bytes, 16 },
	{ "page", image_bytes, 4096 },
	{ "two-pages", image_bytes, 8192 },
	{ "arm64-image", arm64_image, sizeof(arm64_image) },
	{ "arm64-image-big", arm64_image_big, sizeof(arm64_image_big) },
};
static void arm64_header(uint8_t *h, uint64_t text_offset, uint64_t size)
{
	for (int i = 0; i < 8; i++) {
		h[8 + i] = (uint8_t)(text_offset >> (8 * i));
		h[16 + i] = (uint8_t)(size >> (8 * i));
	}
	memcpy(h + 56, "ARM\x64", 4);
}
static void *fdt;

static void *fdt, *host;

/* The board's tree's interrupts as a GIC driver numbers them: SPI n is
 * 32 + n (the GIC binding's second cell). */
static int fake_host_irq(const void *tree, int node, int index,
			 unsigned int *irq)
{
	int len;
	const fdt32_t *c = fdt_getprop(tree, node, "interrupts", &len);

	assert_ptr_equal(tree, host);
	if (!c || len < 12 * (index + 1))
		return -ENOENT;
	*irq = 32 + fdt32_to_cpu(c[3 * index + 1]);
	return 0;
}

/* The hypervisor drives the board's UART. */
static bool fake_host_driven(const void *tree, int node)
{
	return node == fdt_path_offset(tree, "/uart@9000000");
}

/* 2 CPUs; a GIC of 64 interrupts (SPIs 0-31); host set in main(). */
static struct vm_config_env env = {
	2, images, ARRAY_SIZE(images), 64, NULL, fake_host_irq,
	fake_host_driven,
};

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
			     "(up to 3 64-bit values)\n" },
	{ "entry-short", E "entry-short: image/entry: malformed cells\n" },
	{ "one-cell", NULL },
	{ "no-cells", E "no-cells: #address-cells: missing\n" },
	{ "not-a-vm", E "not-a-vm: compatible: not \"vireo,vm\"\n" },
	/* the device tree: 4 KiB of RAM, 8-byte aligned, clear of the image */
	{ "image-under-dtb", NULL },
	{ "image-into-dtb", E "image-into-dtb: image: overlaps its device "
			      "tree (the last 4 KiB of its RAM)\n" },
	{ "dtb-aligned", NULL },
	{ "dtb-unaligned", E "dtb-unaligned: dtb-address: not 8-byte aligned\n" },
	{ "dtb-last", NULL },
	{ "dtb-past", E "dtb-past: dtb-address: not 4 KiB of its RAM\n" },
	{ "dtb-on-image", E "dtb-on-image: dtb-address: overlaps the image\n" },
	{ "dtb-in-rom", E "dtb-in-rom: dtb-address: not 4 KiB of its RAM\n" },
	{ "rom-only", E "rom-only: memory: no RAM for its device tree\n" },
	{ "bootargs", NULL },
	{ "bootargs-not-string", E "bootargs-not-string: bootargs: not a string\n" },
	{ "gic", NULL },
	{ "gic-small-gicc", E "gic-small-gicc: interrupt-controller@8000000/reg: "
			      "GICD one page and GICC two, page aligned\n" },
	{ "gic-on-memory", E "gic-on-memory: interrupt-controller@8000000/reg: "
			     "overlaps memory@40000000\n" },
	/* the PL011: one page, SPI N level high (<0 N 4>) of its GIC */
	{ "uart", NULL },
	{ "uart-polled", NULL },
	{ "uart-no-gic", E "uart-no-gic: pl011@9000000/interrupts: the VM has "
			   "no GIC (an arm,cortex-a15-gic node)\n" },
	{ "uart-two-pages",
	  E "uart-two-pages: pl011@9000000/reg: the UART is one page\n" },
	{ "uart-on-memory",
	  E "uart-on-memory: pl011@40000000/reg: overlaps memory@40000000\n" },
	{ "uart-irq-short", E "uart-irq-short: pl011@9000000/interrupts: "
			      "malformed cells (<0 SPI 4>)\n" },
	{ "uart-ppi", E "uart-ppi: pl011@9000000/interrupts: not an SPI, "
			"level high (<0 SPI 4>)\n" },
	{ "uart-edge", E "uart-edge: pl011@9000000/interrupts: not an SPI, "
			 "level high (<0 SPI 4>)\n" },
	{ "uart-spi-last", NULL },
	/* the 16550 (8250.yaml): one page, reg-shift 0-2; ports on x86 */
	{ "ns16550", NULL },
	{ "ns16550-shift", E "ns16550-shift: serial@10000000/reg-shift: not 0, "
			      "1 or 2\n" },
	{ "ns16550-port", E "ns16550-port: serial/vireo,io-port: this "
			     "architecture has no I/O ports\n" },
	{ "ns16550-and-pl011", E "ns16550-and-pl011: serial@10000000/"
				  "compatible: a second UART\n" },
	{ "uart-spi-past", E "uart-spi-past: pl011@9000000/interrupts: SPI 32, "
			     "the VM's GIC has 32\n" },
	{ "uart-testdev-spi", E "uart-testdev-spi: pl011@9000000/interrupts: "
				"SPI 2 is the test device's\n" },
	{ "uart-second",
	  E "uart-second: pl011@9001000/compatible: a second UART\n" },
	/* passthrough devices, against tests/unit/dts/vm-host.dts */
	{ "passthrough", NULL },
	{ "pt-no-irqs", NULL },
	{ "pt-overlap", E "pt-overlap: rtc@400ff000/reg: overlaps "
			  "memory@40000000\n" },
	{ "pt-unaligned", E "pt-unaligned: rtc@a000000/reg: not whole pages\n" },
	{ "pt-no-host", E "pt-no-host: rtc@a000000/host-device: missing\n" },
	{ "pt-no-node", E "pt-no-node: rtc@a000000/host-device: /nothing@0: "
			  "no such node with a reg in the board's device "
			  "tree\n" },
	{ "pt-ram", E "pt-ram: rtc@a000000/host-device: /memory@40000000: "
		      "RAM the hypervisor owns\n" },
	{ "pt-driven", E "pt-driven: rtc@a000000/host-device: /uart@9000000: "
			 "a device the hypervisor drives\n" },
	{ "pt-host-small", E "pt-host-small: rtc@a000000/host-device: "
			     "/small@9030800: its reg is not whole pages\n" },
	{ "pt-size", E "pt-size: rtc@a000000/host-device: /pl031@9010000: "
		       "its reg is 0x1000 bytes, the guest's 0x2000\n" },
	{ "pt-no-gic", E "pt-no-gic: rtc@a000000/interrupts: the VM has no "
		       "GIC (an arm,cortex-a15-gic node)\n" },
	{ "pt-ppi", E "pt-ppi: rtc@a000000/interrupts: only SPIs (type 0) "
		      "can be passed through\n" },
	{ "pt-falling", E "pt-falling: rtc@a000000/interrupts: trigger: edge "
			  "rising (1) or level high (4)\n" },
	{ "pt-spi-last", NULL },
	{ "pt-spi-beyond", E "pt-spi-beyond: rtc@a000000/interrupts: SPI 32: "
			     "the VM's GIC has 32\n" },
	{ "pt-irqs-short", E "pt-irqs-short: rtc@a000000/interrupts: "
			     "malformed cells (up to 4 of <0 SPI flags>)\n" },
	{ "pt-host-no-irq", E "pt-host-no-irq: rtc@a000000/host-device: "
			      "/quiet@9020000: no interrupt 0 (ENOENT)\n" },
	{ "pt-testdev-spi", E "pt-testdev-spi: rtc@a000000/interrupts: an SPI "
			      "another device of the VM drives\n" },
	{ "pt-two-same-spi", E "pt-two-same-spi: rtc2@a001000/interrupts: an "
			       "SPI another device of the VM drives\n" },
	{ "pt-twice", E "pt-twice: rtc2@a001000/host-device: /pl031@9010000: "
			"given twice\n" },
	/* the initrd: in RAM, clear of the image and the device tree */
	{ "initrd", NULL },
	{ "initrd-under-dtb", NULL },
	{ "initrd-builtin", NULL },
	{ "initrd-no-load-address",
	  E "initrd-no-load-address: initrd/load-address: missing\n" },
	{ "initrd-no-source",
	  E "initrd-no-source: initrd/builtin: missing (or phys-address)\n" },
	{ "initrd-past-ram",
	  E "initrd-past-ram: initrd: does not fit in its RAM\n" },
	{ "initrd-in-rom", E "initrd-in-rom: initrd: does not fit in its RAM\n" },
	{ "initrd-on-image",
	  E "initrd-on-image: initrd: overlaps the image\n" },
	{ "initrd-into-dtb", E "initrd-into-dtb: initrd: overlaps its device "
			       "tree (the last 4 KiB of its RAM)\n" },
	{ "dtb-on-initrd",
	  E "dtb-on-initrd: dtb-address: overlaps the initrd\n" },
	{ "initrd-second",
	  E "initrd-second: initrd-b/compatible: a second initrd\n" },
	/* an arm64 Image as its header says: 2 MiB base + text_offset */
	{ "arm64-image", NULL },
	{ "arm64-image-misplaced", E "arm64-image-misplaced: image: arm64 Image "
	  "(text_offset 0x80000, image_size 0x10000): load-address: not a "
	  "2 MiB aligned base + text_offset\n" },
	{ "arm64-image-entry", E "arm64-image-entry: image: arm64 Image "
	  "(text_offset 0x80000, image_size 0x10000): entry: not its first "
	  "byte (load-address)\n" },
	{ "arm64-image-too-big", E "arm64-image-too-big: image: arm64 Image "
	  "(text_offset 0x80000, image_size 0x200000): image_size: does not "
	  "fit in its RAM\n" },
	{ "arm64-image-initrd-in-bss", E "arm64-image-initrd-in-bss: image: "
	  "arm64 Image (text_offset 0x80000, image_size 0x10000): image_size: "
	  "the initrd is in it\n" },
	{ "arm64-image-dtb-in-bss", E "arm64-image-dtb-in-bss: image: arm64 "
	  "Image (text_offset 0x80000, image_size 0x10000): image_size: its "
	  "device tree is in it\n" },
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
	assert_int_equal(cfg.dtb_gpa, 0x400ff000);	/* the last 4 KiB */
	assert_null(cfg.bootargs);
	assert_false(cfg.has_gic);

	assert_int_equal(parse("adjacent", &cfg), 0);
	assert_int_equal(cfg.nr_regions, 2);
	assert_true(cfg.regions[0].read_only);
	assert_false(cfg.regions[1].read_only);
	assert_int_equal(cfg.regions[1].gpa, 0x40001000);

	assert_int_equal(parse("image-phys", &cfg), 0);
	assert_int_equal((uintptr_t)cfg.image, 0x48000000);
	assert_int_equal(cfg.image_size, 0x1000);

	assert_null(cfg.initrd);

	assert_int_equal(parse("initrd", &cfg), 0);
	assert_int_equal((uintptr_t)cfg.initrd, 0x48000000);
	assert_true(cfg.initrd_from_loader);
	assert_int_equal(cfg.initrd_size, 0x2000);
	assert_int_equal(cfg.initrd_gpa, 0x40080000);
	assert_int_equal(parse("initrd-builtin", &cfg), 0);
	assert_ptr_equal(cfg.initrd, image_bytes);
	assert_false(cfg.initrd_from_loader);
	assert_int_equal(cfg.initrd_size, 4096);

	assert_int_equal(parse("one-cell", &cfg), 0);
	assert_int_equal(cfg.regions[0].gpa, 0x40000000);
	assert_int_equal(cfg.regions[0].size, 0x100000);
	assert_int_equal(cfg.entry, 0x40000000);
}

/* A passthrough device as its .dts and the board's tree say: the guest
 * range, the host's reg, each interrupt's guest INTID (32 + SPI), host
 * number and trigger. */
static void test_passthrough_values(void **state)
{
	struct vm_config cfg;
	const struct vm_passthrough *pt = &cfg.passthrough[0];

	assert_int_equal(parse("passthrough", &cfg), 0);
	assert_int_equal(cfg.nr_passthrough, 1);
	assert_string_equal(pt->name, "rtc@a000000");
	assert_string_equal(pt->host_path, "/pl031@9010000");
	assert_int_equal(pt->gpa, 0xa000000);
	assert_int_equal(pt->size, 0x1000);
	assert_int_equal(pt->host_pa, 0x9010000);
	assert_int_equal(pt->nr_irqs, 1);
	assert_int_equal(pt->irqs[0].virq, 37);
	assert_int_equal(pt->irqs[0].host, 34);
	assert_true(pt->irqs[0].level);

	assert_int_equal(parse("pt-no-irqs", &cfg), 0);
	assert_int_equal(pt->nr_irqs, 0);
	assert_int_equal(pt->host_pa, 0x9020000);
	assert_int_equal(parse("pt-spi-last", &cfg), 0);
	assert_int_equal(pt->irqs[0].virq, 63);
	assert_int_equal(pt->irqs[0].host, 36);
	assert_false(pt->irqs[0].level);

	/* without the board's tree, no device can be passed through */
	env.host_fdt = NULL;
	log_capture_reset();
	assert_int_equal(vm_config_parse_vm(fdt, vm_node("pt-no-irqs"), &env,
					    &cfg), -EINVAL);
	assert_string_equal(log_text(), E "pt-no-irqs: rtc@a000000/host-device: "
				  "/quiet@9020000: no such node with a reg in "
				  "the board's device tree\n");
	env.host_fdt = host;
}

/* A host device is one VM's: the second VM naming it is refused. */
static void test_passthrough_one_vm_each(void **state)
{
	static struct vm_config cfgs[2];
	unsigned int good, bad;
	void *twice = dtb_load("vm-pt-twice", NULL);

	log_capture_reset();
	assert_int_equal(vm_config_parse(twice, &env, cfgs, 2, &good, &bad), 0);
	assert_int_equal(good, 1);
	assert_int_equal(bad, 1);
	assert_string_equal(cfgs[0].name, "first");
	assert_string_equal(log_text(), E "second: clock@a000000/host-device: "
				  "/pl031@9010000 is vm first's\n");
	free(twice);
}

/* The whole blob: the good VMs in their order, each bad one counted;
 * past the room given, a VM is refused with its line. */
static void test_whole_blob(void **state)
{
	static struct vm_config cfgs[ARRAY_SIZE(cases)];
	unsigned int good, bad, i, n = 0;
	char third[96];
	int node;

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

	/* with room for two, the VM after the second good one is refused */
	node = fdt_subnode_offset(fdt, fdt_path_offset(fdt, "/vms"),
				  cfgs[1].name);
	node = fdt_next_subnode(fdt, node);
	snprintf(third, sizeof(third), E "%s: more than 2 VMs\n",
		 fdt_get_name(fdt, node, NULL));
	log_capture_reset();
	assert_int_equal(vm_config_parse(fdt, &env, cfgs, 2, &good, &bad), 0);
	assert_int_equal(good, 2);
	assert_int_equal(bad, ARRAY_SIZE(cases) - 2);
	assert_non_null(strstr(log_text(), third));
}

static uint32_t cell(const void *fdt, int node, const char *name, int i)
{
	int len;
	const fdt32_t *c = fdt_getprop(fdt, node, name, &len);

	assert_non_null(c);
	assert_true(len >= 4 * (i + 1));
	return fdt32_to_cpu(c[i]);
}

static void expect_prop_string(const void *fdt, const char *path,
			  const char *name, const char *want)
{
	int node = fdt_path_offset(fdt, path);
	const char *got;

	assert_true(node >= 0);
	got = fdt_getprop(fdt, node, name, NULL);
	assert_non_null(got);
	assert_string_equal(got, want);
}

/* The blob passes dt_validate and dtc reads it back without a warning. */
static void *guest_tree(const char *vm, struct vm_config *cfg)
{
	static uint8_t buf[VM_FDT_MAX];
	char why[128], cmd[256];
	const char *dir = getenv("DTB_DIR");
	FILE *f;

	assert_int_equal(parse(vm, cfg), 0);
	assert_int_equal(vm_fdt_build(cfg, buf, sizeof(buf)), 0);
	assert_null(dt_validate(buf, sizeof(buf), why, sizeof(why)));
	snprintf(cmd, sizeof(cmd), "%s/guest-%s.dtb", dir, vm);
	f = fopen(cmd, "wb");
	assert_non_null(f);
	fwrite(buf, 1, fdt_totalsize(buf), f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -I dtb -O dts -o /dev/null "
		 "%s/guest-%s.dtb 2>&1 | grep . && exit 1 || exit 0", dir, vm);
	assert_int_equal(system(cmd), 0);
	return buf;
}

/*
 * The "ok" VM's tree, against the bindings: /memory (DT spec 3.4),
 * two cpu nodes reg 0 and 1 with enable-method "psci" (arm/cpus.yaml),
 * /psci "arm,psci-0.2" by "hvc" (arm/psci.yaml).
 */
static void test_guest_tree(void **state)
{
	struct vm_config cfg;
	void *fdt = guest_tree("ok", &cfg);
	int node, i;

	node = fdt_path_offset(fdt, "/memory@40000000");
	assert_true(node >= 0);
	expect_prop_string(fdt, "/memory@40000000", "device_type", "memory");
	assert_int_equal(cell(fdt, node, "reg", 1), 0x40000000);
	assert_int_equal(cell(fdt, node, "reg", 3), 0x100000);
	for (i = 0; i < 2; i++) {
		char path[32];

		snprintf(path, sizeof(path), "/cpus/cpu@%d", i);
		node = fdt_path_offset(fdt, path);
		assert_true(node >= 0);
		assert_int_equal(cell(fdt, node, "reg", 0), i);
		expect_prop_string(fdt, path, "enable-method", "psci");
		expect_prop_string(fdt, path, "device_type", "cpu");
	}
	assert_true(fdt_path_offset(fdt, "/cpus/cpu@2") < 0);
	expect_prop_string(fdt, "/psci", "compatible", "arm,psci-0.2");
	expect_prop_string(fdt, "/psci", "method", "hvc");
	/* no GIC: no interrupt controller, so no timer interrupts either */
	assert_true(fdt_path_offset(fdt, "/timer") < 0);
	assert_true(fdt_path_offset(fdt, "/chosen") >= 0);
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"),
				"bootargs", NULL));
	assert_true(fdt_path_offset(fdt, "/interrupt-controller@8000000") < 0);
}

/* bootargs from the configuration; the GIC at its GICD and GICC, the
 * interrupt parent of the tree, with the timer: PPIs 13, 14, 11, 10 in
 * that order, level low to CPUs 0-1: flags 0x308 (timer/arm,arch_timer
 * .yaml, interrupt-controller/arm,gic.yaml); ROM is not memory the OS
 * may use. */
static void test_guest_tree_gic_bootargs(void **state)
{
	static const uint32_t ppis[] = { 13, 14, 11, 10 };
	struct vm_config cfg;
	void *fdt = guest_tree("bootargs", &cfg);
	int gic, node, i;

	expect_prop_string(fdt, "/chosen", "bootargs", "console=ttyAMA0 quiet");
	fdt = guest_tree("gic", &cfg);
	gic = fdt_path_offset(fdt, "/interrupt-controller@8000000");
	assert_true(gic >= 0);
	expect_prop_string(fdt, "/interrupt-controller@8000000", "compatible",
		      "arm,cortex-a15-gic");
	assert_int_equal(cell(fdt, gic, "reg", 1), 0x8000000);
	assert_int_equal(cell(fdt, gic, "reg", 3), 0x1000);
	assert_int_equal(cell(fdt, gic, "reg", 5), 0x8010000);
	assert_int_equal(cell(fdt, gic, "reg", 7), 0x2000);
	assert_int_equal(cell(fdt, gic, "#interrupt-cells", 0), 3);
	assert_non_null(fdt_getprop(fdt, gic, "interrupt-controller", NULL));
	expect_prop_string(fdt, "/timer", "compatible", "arm,armv8-timer");
	node = fdt_path_offset(fdt, "/timer");
	for (i = 0; i < 4; i++) {
		assert_int_equal(cell(fdt, node, "interrupts", 3 * i), 1);
		assert_int_equal(cell(fdt, node, "interrupts", 3 * i + 1),
				 ppis[i]);
		assert_int_equal(cell(fdt, node, "interrupts", 3 * i + 2),
				 0x308);
	}
	assert_int_equal(cell(fdt, 0, "interrupt-parent", 0),
			 cell(fdt, gic, "phandle", 0));
	fdt = guest_tree("adjacent", &cfg);
	assert_true(fdt_path_offset(fdt, "/memory@40000000") < 0);
	assert_true(fdt_path_offset(fdt, "/memory@40001000") >= 0);
}

/* An initrd's first byte and the one past its end as /chosen's
 * linux,initrd-start and linux,initrd-end (chosen.yaml); none without. */
static void test_guest_tree_initrd(void **state)
{
	struct vm_config cfg;
	void *fdt = guest_tree("initrd", &cfg);
	int chosen = fdt_path_offset(fdt, "/chosen");

	/* two cells each (a property is only 4-byte aligned) */
	assert_int_equal(cell(fdt, chosen, "linux,initrd-start", 0), 0);
	assert_int_equal(cell(fdt, chosen, "linux,initrd-start", 1),
			 0x40080000);
	assert_int_equal(cell(fdt, chosen, "linux,initrd-end", 0), 0);
	assert_int_equal(cell(fdt, chosen, "linux,initrd-end", 1), 0x40082000);
	fdt = guest_tree("ok", &cfg);
	chosen = fdt_path_offset(fdt, "/chosen");
	assert_null(fdt_getprop(fdt, chosen, "linux,initrd-start", NULL));
	assert_null(fdt_getprop(fdt, chosen, "linux,initrd-end", NULL));
}

/* Too small a buffer is an error, never a cut tree. */
static void test_guest_tree_no_space(void **state)
{
	static uint8_t small[256];
	struct vm_config cfg;

	assert_int_equal(parse("gic", &cfg), 0);
	assert_int_equal(vm_fdt_build(&cfg, small, sizeof(small)),
			 -FDT_ERR_NOSPACE);
}

/* The PL011's place and line as its node says; "ok" has none. */
static void test_uart_values(void **state)
{
	struct vm_config cfg;

	assert_int_equal(parse("ok", &cfg), 0);
	assert_false(cfg.uart);
	assert_int_equal(parse("uart", &cfg), 0);
	assert_true(cfg.uart);
	assert_int_equal(cfg.uart_base, 0x9000000);
	assert_true(cfg.uart_has_irq);
	assert_int_equal(cfg.uart_spi, 1);
	assert_int_equal(parse("uart-polled", &cfg), 0);
	assert_true(cfg.uart);
	assert_false(cfg.uart_has_irq);
	assert_int_equal(parse("uart-spi-last", &cfg), 0);
	assert_int_equal(cfg.uart_spi, 31);
	assert_int_equal(cfg.uart_model, VM_UART_PL011);
	assert_int_equal(parse("ns16550", &cfg), 0);
	assert_int_equal(cfg.uart_model, VM_UART_NS16550);
	assert_int_equal(cfg.uart_base, 0x10000000);
	assert_int_equal(cfg.uart_reg_shift, 2);
	assert_false(cfg.uart_pio);
}

/* The string list property name of node at path is exactly want (n
 * bytes, NULs included). */
static void expect_prop_list(const void *fdt, const char *path,
			     const char *name, const char *want, int n)
{
	int len;
	const char *got = fdt_getprop(fdt, fdt_path_offset(fdt, path), name,
				      &len);

	assert_non_null(got);
	assert_int_equal(len, n);
	assert_memory_equal(got, want, n);
}

/*
 * The PL011 as Linux binds it (serial/pl011.yaml, QEMU virt's tree):
 * compatible "arm,pl011", "arm,primecell"; reg; interrupts <0 1 4> (GIC
 * SPI 1, level high); clocks "uartclk" and "apb_pclk", both from a
 * fixed-clock (clock/fixed-clock.yaml); /chosen/stdout-path names it.
 * Without an interrupt the node has no interrupts property.
 */
static void test_guest_tree_uart(void **state)
{
	static const char compat[] = "arm,pl011\0arm,primecell";
	static const char names[] = "uartclk\0apb_pclk";
	struct vm_config cfg;
	void *fdt = guest_tree("uart", &cfg);
	int uart = fdt_path_offset(fdt, "/pl011@9000000");
	int clk = fdt_path_offset(fdt, "/apb-pclk");

	assert_true(uart >= 0);
	assert_true(clk >= 0);
	expect_prop_list(fdt, "/pl011@9000000", "compatible", compat,
			 sizeof(compat));
	assert_int_equal(cell(fdt, uart, "reg", 1), 0x9000000);
	assert_int_equal(cell(fdt, uart, "reg", 3), 0x1000);
	assert_int_equal(cell(fdt, uart, "interrupts", 0), 0);
	assert_int_equal(cell(fdt, uart, "interrupts", 1), 1);
	assert_int_equal(cell(fdt, uart, "interrupts", 2), 4);
	assert_int_equal(cell(fdt, uart, "clocks", 0),
			 cell(fdt, clk, "phandle", 0));
	assert_int_equal(cell(fdt, uart, "clocks", 1),
			 cell(fdt, clk, "phandle", 0));
	assert_int_not_equal(cell(fdt, clk, "phandle", 0),
			     cell(fdt, fdt_path_offset(fdt,
					"/interrupt-controller@8000000"),
				  "phandle", 0));
	expect_prop_list(fdt, "/pl011@9000000", "clock-names", names,
			 sizeof(names));
	expect_prop_string(fdt, "/apb-pclk", "compatible", "fixed-clock");
	assert_int_equal(cell(fdt, clk, "#clock-cells", 0), 0);
	assert_true(cell(fdt, clk, "clock-frequency", 0) > 0);
	expect_prop_string(fdt, "/chosen", "stdout-path", "/pl011@9000000");
	assert_int_equal(fdt_path_offset(fdt, "/pl011@9000000"), uart);

	fdt = guest_tree("uart-polled", &cfg);
	uart = fdt_path_offset(fdt, "/pl011@9000000");
	assert_true(uart >= 0);
	assert_null(fdt_getprop(fdt, uart, "interrupts", NULL));
	expect_prop_string(fdt, "/chosen", "stdout-path", "/pl011@9000000");
	/* no UART: no stdout-path */
	fdt = guest_tree("gic", &cfg);
	assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"),
				"stdout-path", NULL));
}

/*
 * The 16550 as Linux's 8250 driver binds it (serial/8250.yaml):
 * compatible "ns16550a", reg, reg-shift, clock-frequency; named by
 * /chosen/stdout-path.
 */
static void test_guest_tree_ns16550(void **state)
{
	struct vm_config cfg;
	void *fdt = guest_tree("ns16550", &cfg);
	int uart = fdt_path_offset(fdt, "/serial@10000000");

	assert_true(uart >= 0);
	expect_prop_string(fdt, "/serial@10000000", "compatible", "ns16550a");
	assert_int_equal(cell(fdt, uart, "reg", 1), 0x10000000);
	assert_int_equal(cell(fdt, uart, "reg", 3), 0x1000);
	assert_int_equal(cell(fdt, uart, "reg-shift", 0), 2);
	assert_int_equal(cell(fdt, uart, "clock-frequency", 0), 1843200);
	assert_null(fdt_getprop(fdt, uart, "interrupts", NULL));
	expect_prop_string(fdt, "/chosen", "stdout-path", "/serial@10000000");
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
	struct CMUnitTest tests[ARRAY_SIZE(cases) + 12];
	unsigned int i;

	arm64_header(arm64_image, 0x80000, 0x10000);
	arm64_header(arm64_image_big, 0x80000, 0x200000);
	fdt = dtb_load("vm-configs", NULL);
	host = dtb_load("vm-host", NULL);
	env.host_fdt = host;
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		tests[i] = (struct CMUnitTest){ cases[i].vm, test_case, NULL,
						NULL, (void *)&cases[i] };
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_ok_values);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(
		test_passthrough_values);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(
		test_passthrough_one_vm_each);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_whole_blob);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_not_a_config);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_guest_tree);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(
		test_guest_tree_gic_bootargs);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(
		test_guest_tree_no_space);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_uart_values);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_guest_tree_ns16550);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_guest_tree_uart);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_guest_tree_initrd);
	return _cmocka_run_group_tests("vm_config", tests, i, NULL, NULL);
}
