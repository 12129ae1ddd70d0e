// SPDX-License-Identifier: MIT
/*
 * VM configurations in device-tree form (docs/vm-config.md): each child
 * of /vms is a VM, its children its memory, image and devices. Every
 * check vm_create() relies on is made here, and each refusal is one line
 * naming the VM, the node and property, and the cause.
 */
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/hypercall.h>
#include <vireo/log.h>
#include <vireo/string.h>
#include "vm_config.h"
#include "vm_fdt.h"

/*
 * The properties the format knows. A node's are read in one walk over
 * its property list (dt_getprops()): libfdt's fdt_getprop() walks the
 * whole list, checking each tag, for every name asked.
 */
enum prop {
	P_COMPATIBLE, P_REG, P_ADDRESS_CELLS, P_SIZE_CELLS, P_VCPUS, P_CPUS,
	P_BOOT_ARGS, P_BOOTARGS, P_DTB_ADDRESS, P_BUILTIN, P_PHYS_ADDRESS,
	P_SIZE, P_LOAD_ADDRESS, P_ENTRY, NR_PROPS
};

static const char *const prop_names[NR_PROPS] = {
	[P_COMPATIBLE] = "compatible",	[P_REG] = "reg",
	[P_ADDRESS_CELLS] = "#address-cells", [P_SIZE_CELLS] = "#size-cells",
	[P_VCPUS] = "vcpus",		[P_CPUS] = "cpus",
	[P_BOOT_ARGS] = "boot-args",	[P_BOOTARGS] = "bootargs",
	[P_DTB_ADDRESS] = "dtb-address", [P_BUILTIN] = "builtin",
	[P_PHYS_ADDRESS] = "phys-address", [P_SIZE] = "size",
	[P_LOAD_ADDRESS] = "load-address", [P_ENTRY] = "entry",
};

/* A node's known properties as fdt_getprop() finds them (the first of
 * a name), NULL when absent. */
struct props {
	int node;
	const void *val[NR_PROPS];
	int len[NR_PROPS];
};

static void read_props(const void *fdt, int node, struct props *pp)
{
	pp->node = node;
	dt_getprops(fdt, node, prop_names, NR_PROPS, pp->val, pp->len);
}

struct parse {
	const void *fdt;
	const struct vm_config_env *env;
	struct vm_config *cfg;
	int ac, sc;			/* its #address-cells, #size-cells */
	uint64_t dev_base[VM_MAX_DEVICES], dev_size[VM_MAX_DEVICES];
	const char *dev_node[VM_MAX_DEVICES];
	const char *region_node[VM_MAX_REGIONS];
	unsigned int nr_devs;
	bool has_image;
	struct props vm;	/* the VM node's */
};

static int refuse(const struct parse *p, int node, const char *prop,
		  const char *why)
{
	const char *name = node >= 0 ? fdt_get_name(p->fdt, node, NULL) : NULL;

	if (name && strcmp(name, p->cfg->name))
		pr_err("vm %s: %s/%s: %s\n", p->cfg->name, name, prop, why);
	else
		pr_err("vm %s: %s: %s\n", p->cfg->name, prop, why);
	return -EINVAL;
}

/* A big-endian number of cells cells (1 or 2) at c. */
static uint64_t cells(const fdt32_t *c, int n)
{
	uint64_t v = fdt32_to_cpu(c[0]);

	if (n == 2)
		v = v << 32 | fdt32_to_cpu(c[1]);
	return v;
}

/* A property of exactly n cells (n cells: 1 or 2) as a number; the
 * VM node's refusals name no node (-2). */
static int read_num(const struct parse *p, const struct props *pp,
		    enum prop id, int n, uint64_t *out)
{
	const fdt32_t *c = pp->val[id];
	int node = pp == &p->vm ? -2 : pp->node;

	if (!c)
		return refuse(p, node, prop_names[id], "missing");
	if (pp->len[id] != n * 4)
		return refuse(p, node, prop_names[id], "malformed cells");
	*out = cells(c, n);
	return 0;
}

/* reg = <base size>: exactly one range, whole pages, not wrapping. */
static int read_reg(const struct parse *p, const struct props *pp,
		    uint64_t *base, uint64_t *size)
{
	const fdt32_t *c = pp->val[P_REG];
	int node = pp->node;

	if (!c)
		return refuse(p, node, "reg", "missing");
	if (pp->len[P_REG] != (p->ac + p->sc) * 4)
		return refuse(p, node, "reg", "malformed cells");
	*base = cells(c, p->ac);
	*size = cells(c + p->ac, p->sc);
	if (!*size || *base % PAGE_SIZE || *size % PAGE_SIZE)
		return refuse(p, node, "reg", "not whole pages");
	if (*base + *size - 1 < *base)
		return refuse(p, node, "reg", "wraps around");
	return 0;
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a <= b + blen - 1 && b <= a + alen - 1;
}

/* A range for node must not overlap any region or device so far. */
static int check_free(const struct parse *p, int node, uint64_t base,
		      uint64_t size)
{
	const struct vm_config *cfg = p->cfg;
	unsigned int i;
	const char *other = NULL;

	for (i = 0; i < cfg->nr_regions && !other; i++)
		if (overlaps(base, size, cfg->regions[i].gpa,
			     cfg->regions[i].size))
			other = p->region_node[i];
	for (i = 0; i < p->nr_devs && !other; i++)
		if (overlaps(base, size, p->dev_base[i], p->dev_size[i]))
			other = p->dev_node[i];
	if (other) {
		pr_err("vm %s: %s/reg: overlaps %s\n", cfg->name,
		       fdt_get_name(p->fdt, node, NULL), other);
		return -EINVAL;
	}
	return 0;
}

static int parse_region(struct parse *p, const struct props *pp,
			bool read_only)
{
	struct vm_config *cfg = p->cfg;
	uint64_t base, size;
	int node = pp->node, err = read_reg(p, pp, &base, &size);

	if (!err)
		err = check_free(p, node, base, size);
	if (err)
		return err;
	if (cfg->nr_regions == VM_MAX_REGIONS)
		return refuse(p, node, "reg", "too many memory regions");
	p->region_node[cfg->nr_regions] = fdt_get_name(p->fdt, node, NULL);
	cfg->regions[cfg->nr_regions++] =
		(struct vm_region){ base, size, read_only };
	return 0;
}

/* A device's range, checked free and remembered for the next checks. */
static int claim_range(struct parse *p, int node, uint64_t base,
		       uint64_t size)
{
	int err = check_free(p, node, base, size);

	if (err)
		return err;
	if (p->nr_devs == VM_MAX_DEVICES)
		return refuse(p, node, "reg", "too many devices");
	p->dev_node[p->nr_devs] = fdt_get_name(p->fdt, node, NULL);
	p->dev_base[p->nr_devs] = base;
	p->dev_size[p->nr_devs++] = size;
	return 0;
}

/* reg = <GICD 0x1000 GICC 0x2000>, the GICv2 the guest sees. */
static int parse_gic(struct parse *p, const struct props *pp)
{
	struct vm_config *cfg = p->cfg;
	int node = pp->node, n = p->ac + p->sc;
	const fdt32_t *c = pp->val[P_REG];

	if (!c)
		return refuse(p, node, "reg", "missing");
	if (pp->len[P_REG] != 2 * n * 4)
		return refuse(p, node, "reg", "malformed cells (GICD, GICC)");
	if (cfg->has_gic)
		return refuse(p, node, "compatible", "a second GIC");
	cfg->gicd_base = cells(c, p->ac);
	cfg->gicc_base = cells(c + n, p->ac);
	if (cells(c + p->ac, p->sc) != 0x1000 ||
	    cells(c + n + p->ac, p->sc) != 0x2000 ||
	    cfg->gicd_base % PAGE_SIZE || cfg->gicc_base % PAGE_SIZE)
		return refuse(p, node, "reg",
			      "GICD one page and GICC two, page aligned");
	cfg->has_gic = true;
	if (claim_range(p, node, cfg->gicd_base, 0x1000) ||
	    claim_range(p, node, cfg->gicc_base, 0x2000))
		return -EINVAL;
	return 0;
}

static int parse_test_device(struct parse *p, const struct props *pp)
{
	uint64_t base, size;
	int node = pp->node, err = read_reg(p, pp, &base, &size);

	if (err)
		return err;
	if (size != VIREO_TESTDEV_SIZE)
		return refuse(p, node, "reg", "the test device is one page");
	if (p->cfg->test_device)
		return refuse(p, node, "compatible", "a second test device");
	if (claim_range(p, node, base, size))
		return -EINVAL;
	p->cfg->test_device = true;
	p->cfg->test_device_base = base;
	return 0;
}

/* builtin = "name", or phys-address + size where a loader put it. */
static int image_source(struct parse *p, const struct props *pp)
{
	struct vm_config *cfg = p->cfg;
	const char *builtin = pp->val[P_BUILTIN];
	int node = pp->node;
	uint64_t pa, size;
	unsigned int i;

	if (builtin) {
		for (i = 0; i < p->env->nr_images; i++) {
			if (!strcmp(p->env->images[i].name, builtin)) {
				cfg->image = p->env->images[i].data;
				cfg->image_size = p->env->images[i].size;
				return 0;
			}
		}
		return refuse(p, node, "builtin", "no such built-in image");
	}
	if (!pp->val[P_PHYS_ADDRESS])
		return refuse(p, node, "builtin", "missing (or phys-address)");
	if (read_num(p, pp, P_PHYS_ADDRESS, p->ac, &pa) ||
	    read_num(p, pp, P_SIZE, p->sc, &size))
		return -EINVAL;
	if (!size)
		return refuse(p, node, "size", "empty image");
	cfg->image = (const void *)(uintptr_t)pa;
	cfg->image_size = (size_t)size;
	cfg->image_from_loader = true;
	return 0;
}

static int parse_image(struct parse *p, const struct props *pp)
{
	struct vm_config *cfg = p->cfg;

	if (p->has_image)
		return refuse(p, pp->node, "compatible", "a second image");
	p->has_image = true;
	if (image_source(p, pp) ||
	    read_num(p, pp, P_LOAD_ADDRESS, p->ac, &cfg->image_gpa) ||
	    read_num(p, pp, P_ENTRY, p->ac, &cfg->entry))
		return -EINVAL;
	return 0;
}

static int parse_child(struct parse *p, int node)
{
	struct props pp;
	const char *compat;

	read_props(p->fdt, node, &pp);
	compat = pp.val[P_COMPATIBLE];
	if (!compat)
		return refuse(p, node, "compatible", "missing");
	if (!strcmp(compat, "vireo,ram"))
		return parse_region(p, &pp, false);
	if (!strcmp(compat, "vireo,rom"))
		return parse_region(p, &pp, true);
	if (!strcmp(compat, "vireo,image"))
		return parse_image(p, &pp);
	if (!strcmp(compat, "vireo,test-device"))
		return parse_test_device(p, &pp);
	if (!strcmp(compat, "arm,cortex-a15-gic"))
		return parse_gic(p, &pp);
	pr_err("vm %s: %s/compatible: unknown device \"%s\"\n", p->cfg->name,
	       fdt_get_name(p->fdt, node, NULL), compat);
	return -EINVAL;
}

static int parse_vcpus(struct parse *p)
{
	struct vm_config *cfg = p->cfg;
	uint64_t n;
	const fdt32_t *c;
	int i;

	if (read_num(p, &p->vm, P_VCPUS, 1, &n))
		return -EINVAL;
	if (!n || n > VM_MAX_VCPUS) {
		pr_err("vm %s: vcpus: %llu, must be 1 to %u\n", cfg->name,
		       (unsigned long long)n, VM_MAX_VCPUS);
		return -EINVAL;
	}
	cfg->nr_vcpus = (unsigned int)n;
	c = p->vm.val[P_CPUS];
	if (!c)
		return refuse(p, -2, "cpus", "missing");
	if (p->vm.len[P_CPUS] != (int)n * 4)
		return refuse(p, -2, "cpus",
			      "malformed cells (one per vCPU)");
	for (i = 0; i < (int)n; i++) {
		uint32_t cpu = fdt32_to_cpu(c[i]);

		if (cpu >= p->env->nr_cpus) {
			pr_err("vm %s: cpus: CPU %u, the machine has %u\n",
			       cfg->name, cpu, p->env->nr_cpus);
			return -EINVAL;
		}
		cfg->cpus[i] = (uint8_t)cpu;
	}
	return 0;
}

static int parse_boot_args(struct parse *p)
{
	int len = p->vm.len[P_BOOT_ARGS], i;
	const fdt32_t *c = p->vm.val[P_BOOT_ARGS];

	if (!c)
		return 0;
	if (len % 8 || len / 8 > VM_MAX_BOOT_ARGS)
		return refuse(p, -2, "boot-args",
			      "malformed cells (up to 3 64-bit values)");
	for (i = 0; i < len / 8; i++)
		p->cfg->args[i] = cells(c + 2 * i, 2);
	return 0;
}

/* Its device tree: at dtb-address, else in the last VM_FDT_MAX bytes of
 * its highest RAM region; in RAM, 8-byte aligned, clear of the image. */
static int place_dtb(struct parse *p)
{
	struct vm_config *cfg = p->cfg;
	const struct vm_region *r = NULL;
	uint64_t gpa, img = cfg->image_gpa, img_size = cfg->image_size ?: 1;
	bool by_default = !p->vm.val[P_DTB_ADDRESS];
	unsigned int i;

	if (!by_default) {
		if (read_num(p, &p->vm, P_DTB_ADDRESS, p->ac, &gpa))
			return -EINVAL;
		r = vm_region_of(cfg, gpa);
		if (gpa % 8)
			return refuse(p, -2, "dtb-address",
				      "not 8-byte aligned");
		if (!r || r->read_only || gpa - r->gpa > r->size - VM_FDT_MAX)
			return refuse(p, -2, "dtb-address",
				      "not 4 KiB of its RAM");
	} else {
		for (i = 0; i < cfg->nr_regions; i++)
			if (!cfg->regions[i].read_only &&
			    (!r || cfg->regions[i].gpa > r->gpa))
				r = &cfg->regions[i];
		if (!r)
			return refuse(p, -2, "memory",
				      "no RAM for its device tree");
		gpa = r->gpa + r->size - VM_FDT_MAX;
	}
	if (overlaps(gpa, VM_FDT_MAX, img, img_size) && by_default)
		return refuse(p, -2, "image", "overlaps its device tree "
			      "(the last 4 KiB of its RAM)");
	if (overlaps(gpa, VM_FDT_MAX, img, img_size))
		return refuse(p, -2, "dtb-address", "overlaps the image");
	cfg->dtb_gpa = gpa;
	return 0;
}

/* The image lies in memory without a gap, the entry in memory. */
static int check_layout(struct parse *p, int node)
{
	const struct vm_config *cfg = p->cfg;
	uint64_t gpa = cfg->image_gpa, end = gpa + cfg->image_size;

	if (!cfg->nr_regions)
		return refuse(p, node, "memory", "missing (a vireo,ram node)");
	if (!p->has_image)
		return refuse(p, node, "image", "missing (a vireo,image node)");
	if (end < gpa)
		return refuse(p, node, "image", "does not fit in its memory");
	while (gpa < end) {
		const struct vm_region *r = vm_region_of(cfg, gpa);

		if (!r)
			return refuse(p, node, "image",
				      "does not fit in its memory");
		gpa = r->gpa + r->size;
	}
	if (!vm_region_of(cfg, cfg->entry))
		return refuse(p, node, "entry", "outside its memory");
	return place_dtb(p);
}

int vm_config_parse_vm(const void *fdt, int node,
		       const struct vm_config_env *env, struct vm_config *cfg)
{
	struct parse p = { .fdt = fdt, .env = env, .cfg = cfg };
	const char *compat;
	uint64_t ac, sc;
	int child, len;

	memset(cfg, 0, sizeof(*cfg));
	cfg->name = fdt_get_name(fdt, node, NULL);
	if (!cfg->name)
		cfg->name = "?";
	read_props(fdt, node, &p.vm);
	if (read_num(&p, &p.vm, P_ADDRESS_CELLS, 1, &ac) ||
	    read_num(&p, &p.vm, P_SIZE_CELLS, 1, &sc))
		return -EINVAL;
	if (ac < 1 || ac > 2)
		return refuse(&p, -2, "#address-cells", "must be 1 or 2");
	if (sc < 1 || sc > 2)
		return refuse(&p, -2, "#size-cells", "must be 1 or 2");
	p.ac = (int)ac;
	p.sc = (int)sc;
	compat = p.vm.val[P_COMPATIBLE];
	if (!compat)
		return refuse(&p, -2, "compatible", "missing");
	if (strcmp(compat, "vireo,vm"))
		return refuse(&p, -2, "compatible", "not \"vireo,vm\"");
	if (parse_vcpus(&p) || parse_boot_args(&p))
		return -EINVAL;
	cfg->bootargs = p.vm.val[P_BOOTARGS];
	len = p.vm.len[P_BOOTARGS];
	if (cfg->bootargs && (len < 1 || cfg->bootargs[len - 1]))
		return refuse(&p, -2, "bootargs", "not a string");
	fdt_for_each_subnode(child, fdt, node)
		if (parse_child(&p, child))
			return -EINVAL;
	return check_layout(&p, -2);
}

int vm_config_parse(const void *fdt, const struct vm_config_env *env,
		    struct vm_config *cfgs, unsigned int max,
		    unsigned int *nr_good, unsigned int *nr_bad)
{
	int vms, node;

	*nr_good = *nr_bad = 0;
	if (fdt_check_header(fdt)) {
		pr_err("vm configuration: not a device tree blob\n");
		return -EINVAL;
	}
	vms = fdt_subnode_offset(fdt, 0, "vms");
	if (vms < 0) {
		pr_err("vm configuration: no /vms node\n");
		return -EINVAL;
	}
	fdt_for_each_subnode(node, fdt, vms) {
		if (*nr_good == max) {
			pr_err("vm %s: more than %u VMs\n",
			       fdt_get_name(fdt, node, NULL), max);
			++*nr_bad;
		} else if (vm_config_parse_vm(fdt, node, env,
					      &cfgs[*nr_good])) {
			++*nr_bad;
		} else {
			++*nr_good;
		}
	}
	return 0;
}
