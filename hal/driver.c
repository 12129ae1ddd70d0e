// SPDX-License-Identifier: MIT
/* Finding devices for the linked-in drivers (see hal/include/hal/driver.h). */
#include <hal/driver.h>
#include <hal/irq.h>
#include <hal/paging.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/string.h>

extern const struct driver __start_vireo_drivers[], __stop_vireo_drivers[];

/* The linker puts the table between the two symbols. */
#define for_each_driver(drv)                                                \
	for (drv = __start_vireo_drivers;                                   \
	     (uintptr_t)drv < (uintptr_t)__stop_vireo_drivers; drv++)

static const char *const kind_names[] = {
	[DRIVER_IRQCHIP] = "irqchip",
	[DRIVER_TIMER] = "timer",
	[DRIVER_CONSOLE] = "console",
	[DRIVER_POWEROFF] = "poweroff",
};

/* Split "<name>,[io,|mmio,]<address>" (a Linux earlycon-style spec). */
static int parse_early(const char *spec, size_t *name_len, struct device *dev)
{
	const char *comma = strchr(spec, ',');
	const char *addr;
	char *end;

	if (!comma || comma == spec)
		return -EINVAL;
	*name_len = (size_t)(comma - spec);
	addr = comma + 1;
	dev->space = DEVICE_MMIO;
	if (!strncmp(addr, "io,", 3)) {
		dev->space = DEVICE_IOPORT;
		addr += 3;
	} else if (!strncmp(addr, "mmio,", 5)) {
		addr += 5;
	}
	if (!*addr)
		return -EINVAL;
	dev->base = strtoul(addr, &end, 0);
	if (*end || (dev->space == DEVICE_IOPORT && dev->base > UINT16_MAX))
		return -EINVAL;
	return 0;
}

int driver_probe_early(enum driver_kind kind, const char *spec)
{
	struct device dev = { .fdt = NULL, .node = -1 };
	const struct driver *drv;
	size_t len;
	int err = parse_early(spec, &len, &dev);

	if (err)
		return err;
	for_each_driver(drv) {
		if (drv->kind != kind || strncmp(drv->name, spec, len) ||
		    drv->name[len])
			continue;
		if (dev.space == DEVICE_MMIO)
			paging_map_device(dev.base, 0);
		return drv->probe(&dev);
	}
	return -ENOENT;
}

const char *driver_early_strerror(int err)
{
	switch (err) {
	case -EINVAL:
		return "malformed: want <driver>,[io,|mmio,]<address>";
	case -ENOENT:
		return "names no linked-in driver of its kind";
	default:
		return "its driver refused the device";
	}
}

/*
 * The address space of node's reg: memory, unless translation stops at a
 * bus compatible "isa" without ranges (x86 I/O ports). -EINVAL where it
 * stops at another bus: its addresses are not the CPU's.
 */
static int reg_space(const void *fdt, int node, enum device_space *space)
{
	for (int bus = dt_parent(fdt, node); bus > 0;
	     bus = dt_parent(fdt, bus)) {
		if (dt_getprop(fdt, bus, "ranges", NULL))
			continue;
		if (fdt_node_check_compatible(fdt, bus, "isa"))
			return -EINVAL;
		*space = DEVICE_IOPORT;
		return 0;
	}
	*space = DEVICE_MMIO;
	return 0;
}

/*
 * A node's compatible list split once into its strings, for the match
 * against every driver's: a string is one only with its NUL inside the
 * property (fdt_stringlist_contains()'s rule). A list of more strings
 * than fit is left to fdt_stringlist_contains() (n < 0).
 */
#define MAX_COMPAT 8

struct compat_list {
	const char *compat;	/* the property, its length */
	int len, n;
	const char *s[MAX_COMPAT];
};

static void split_compat(const char *compat, int len, struct compat_list *l)
{
	const char *p = compat, *nul;
	int left = len;

	l->compat = compat;
	l->len = len;
	for (l->n = 0; compat && left > 0; l->n++) {
		nul = memchr(p, '\0', (size_t)left);
		if (!nul)
			break;
		if (l->n == MAX_COMPAT) {
			l->n = -1;
			return;
		}
		l->s[l->n] = p;
		left -= (int)(nul - p) + 1;
		p = nul + 1;
	}
}

static bool compat_has(const struct compat_list *l, const char *str)
{
	if (l->n < 0)
		return fdt_stringlist_contains(l->compat, l->len, str);
	for (int i = 0; i < l->n; i++)
		if (l->s[i][0] == str[0] && !strcmp(l->s[i], str))
			return true;
	return false;
}

/*
 * Does drv serve the node: by compatible (its list, read once per node),
 * or by path - the driver's path looked up (the index answers it), not
 * each node's path built (a walk up to the root for every node).
 */
static bool serves(const struct driver *drv, const void *fdt, int node,
		   const struct compat_list *compat)
{
	for (const char *const *c = drv->compatible; c && *c; c++)
		if (compat_has(compat, *c))
			return true;
	return drv->path && dt_path_offset(fdt, drv->path) == node;
}

/* BIT(kind): a driver of the kind was tried on a node (driver_matched). */
static unsigned int matched_kinds;

bool driver_matched(enum driver_kind kind)
{
	return matched_kinds & BIT(kind);
}

#define MAX_BOUND 32	/* as many as driver_probe_dt() binds (MAX_MATCHES) */

/* The nodes of the devices bound, for driver_bound(). */
static const void *bound_fdt;
static int bound_nodes[MAX_BOUND], nr_bound;

bool driver_bound(const void *fdt, int node)
{
	int i;

	for (i = 0; fdt == bound_fdt && i < nr_bound; i++)
		if (bound_nodes[i] == node)
			return true;
	return false;
}

static void remember_bound(const void *fdt, int node)
{
	if (bound_fdt != fdt)
		nr_bound = 0;
	bound_fdt = fdt;
	if (nr_bound < MAX_BOUND)
		bound_nodes[nr_bound++] = node;
}

static int bind(const void *fdt, int node, const struct driver *drv)
{
	struct device dev = { .fdt = fdt, .node = node };
	struct mem_region reg = { 0, 0 };
	char path[96];
	int err;

	matched_kinds |= BIT(drv->kind);
	dt_node_path(fdt, node, path, sizeof(path));
	if (!drv->no_reg && dt_reg(fdt, node, 0, &reg)) {
		pr_warn("dt: %s: no usable reg for %s\n", path, drv->name);
		return 0;
	}
	if (!drv->no_reg && reg_space(fdt, node, &dev.space)) {
		pr_warn("dt: %s: reg is not in the CPU's address space (a bus without ranges)\n",
			path);
		return 0;
	}
	dev.base = (uintptr_t)reg.base;
	dev.size = reg.size;
	if (dev.space == DEVICE_MMIO && !drv->no_reg &&
	    paging_map_device(reg.base, reg.size))
		pr_warn("dt: %s: cannot map its registers\n", path);
	err = drv->probe(&dev);
	if (err) {
		pr_warn("dt: %s: %s driver %s failed (%s)\n", path,
			kind_names[drv->kind], drv->name, errno_name(err));
		return 0;
	}
	remember_bound(fdt, node);
	if (drv->no_reg)
		pr_info("dt: %s %s (%s)\n", kind_names[drv->kind], drv->name, path);
	else
		pr_info("dt: %s %s at %s%#llx (%s)\n", kind_names[drv->kind],
			drv->name, dev.space == DEVICE_IOPORT ? "port " : "",
			(unsigned long long)reg.base, path);
	return 1;
}

#define MAX_MATCHES 32

struct match {
	int node;
	const struct driver *drv;
};

/*
 * Bind the matches of one kind: every power-off device; otherwise the
 * first that binds, then (interrupt controllers) the chained ones that
 * feed it - after it, so that it is the root.
 */
static int bind_kind(const void *fdt, const struct match *m, int n,
		     enum driver_kind kind)
{
	int bound = 0;
	bool taken = false;

	for (int i = 0; i < n; i++) {
		if (m[i].drv->kind != kind || m[i].drv->chained || taken)
			continue;
		if (bind(fdt, m[i].node, m[i].drv)) {
			bound++;
			taken = kind != DRIVER_POWEROFF;
		}
	}
	for (int i = 0; i < n && taken; i++)
		if (m[i].drv->kind == kind && m[i].drv->chained)
			bound += bind(fdt, m[i].node, m[i].drv);
	return bound;
}

/*
 * Add the drivers that serve the node, the first of each kind (one node
 * may be both an interrupt controller and a timer: the x86 local APIC).
 * Returns how many.
 */
static int match_node(const void *fdt, int node, const char *compat, int len,
		      int stdout_node, struct match *found, int *n)
{
	int matched = 0;
	unsigned int kinds = 0;
	const struct driver *drv;
	char path[96];
	struct compat_list list;

	split_compat(compat, len, &list);
	for_each_driver(drv) {
		if (kinds & BIT(drv->kind) || !serves(drv, fdt, node, &list))
			continue;
		kinds |= BIT(drv->kind);
		matched++;
		if (drv->kind == DRIVER_CONSOLE && node != stdout_node)
			continue;
		if (*n == MAX_MATCHES) {
			dt_node_path(fdt, node, path, sizeof(path));
			pr_warn("dt: %s: more than %d devices; left alone\n",
				path, MAX_MATCHES);
			continue;
		}
		found[(*n)++] = (struct match){ node, drv };
	}
	return matched;
}

/* Why no node is the console: no stdout-path, or one naming no node. */
static void warn_no_stdout(const void *fdt)
{
	int chosen = dt_path_offset(fdt, "/chosen"), len;
	const char *path = chosen < 0 ? NULL :
			   dt_getprop(fdt, chosen, "stdout-path", &len);

	if (!path)
		pr_warn("dt: no /chosen/stdout-path; keeping the early console\n");
	else if (len <= 0 || path[len - 1])
		pr_warn("dt: /chosen/stdout-path is not a string; keeping the early console\n");
	else
		pr_warn("dt: /chosen/stdout-path \"%s\" names no node; keeping the early console\n",
			path);
}

int driver_probe_dt(const void *fdt)
{
	int stdout_node = dt_stdout_node(fdt), bound = 0, n = 0, node;
	struct match found[MAX_MATCHES];
	char path[96];

	static const char *const props[] = { "status", "compatible" };
	const void *val[2];
	int len[2];

	/* One walk over the tree, one over each node's properties: it is
	 * the costly part of probing. */
	for (node = dt_next_node(fdt, 0); node >= 0; node = dt_next_node(fdt, node)) {
		dt_getprops(fdt, node, props, 2, val, len);
		if (!dt_status_okay(val[0], len[0]) ||
		    match_node(fdt, node, val[1], len[1], stdout_node, found,
			       &n) ||
		    CONFIG_LOG_LEVEL < LOG_DEBUG || !val[1])
			continue;
		dt_node_path(fdt, node, path, sizeof(path));
		pr_debug("dt: no driver for %s (%s)\n", path,
			 (const char *)val[1]);
	}
	for (enum driver_kind kind = 0; kind < DRIVER_KINDS; kind++) {
		/* A timer cannot work without one: the boot names what is missing. */
		if (kind == DRIVER_TIMER && !irqchip_root())
			continue;
		bound += bind_kind(fdt, found, n, kind);
	}
	if (stdout_node < 0)
		warn_no_stdout(fdt);
	return bound;
}
