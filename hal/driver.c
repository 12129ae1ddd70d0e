// SPDX-License-Identifier: MIT
/* Finding devices for the linked-in drivers (see hal/include/hal/driver.h). */
#include <hal/driver.h>
#include <hal/paging.h>
#include <libfdt.h>
#include <vireo/dt.h>
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

int driver_probe_early(enum driver_kind kind, const char *spec)
{
	const char *comma = strchr(spec, ',');
	const struct driver *drv;
	struct device dev = { .fdt = NULL, .node = -1 };
	size_t len;
	char *end;

	if (!comma || !comma[1])
		return -1;
	len = (size_t)(comma - spec);
	dev.base = strtoul(comma + 1, &end, 0);
	if (*end)
		return -1;
	for_each_driver(drv) {
		if (drv->kind != kind || strncmp(drv->name, spec, len) ||
		    drv->name[len])
			continue;
		if (!drv->pio)
			paging_map_device(dev.base, 0);
		return drv->probe(&dev) ? -1 : 0;
	}
	return -1;
}

/* The first linked-in driver of this kind that serves the node. */
static const struct driver *match(const void *fdt, int node,
				  enum driver_kind kind)
{
	const struct driver *drv;
	char path[96];

	for_each_driver(drv) {
		if (drv->kind != kind)
			continue;
		for (const char *const *c = drv->compatible; c && *c; c++)
			if (!fdt_node_check_compatible(fdt, node, *c))
				return drv;
		if (drv->path && !dt_node_path(fdt, node, path, sizeof(path)) &&
		    !strcmp(path, drv->path))
			return drv;
	}
	return NULL;
}

static int bind(const void *fdt, int node, const struct driver *drv)
{
	struct device dev = { .fdt = fdt, .node = node };
	struct mem_region reg = { 0, 0 };
	char path[96];
	int err;

	dt_node_path(fdt, node, path, sizeof(path));
	if (!drv->no_reg && dt_reg(fdt, node, 0, &reg)) {
		pr_warn("dt: %s: no usable reg for %s\n", path, drv->name);
		return 0;
	}
	dev.base = (uintptr_t)reg.base;
	dev.size = reg.size;
	if (!drv->pio && !drv->no_reg && paging_map_device(reg.base, reg.size))
		pr_warn("dt: %s: cannot map its registers\n", path);
	err = drv->probe(&dev);
	if (err) {
		pr_warn("dt: %s: %s driver %s failed (%d)\n", path,
			kind_names[drv->kind], drv->name, err);
		return 0;
	}
	if (drv->no_reg)
		pr_info("dt: %s %s (%s)\n", kind_names[drv->kind], drv->name, path);
	else
		pr_info("dt: %s %s at %#llx (%s)\n", kind_names[drv->kind],
			drv->name, (unsigned long long)reg.base, path);
	return 1;
}

/*
 * Bind the drivers of one kind. Only one interrupt controller, timer and
 * console are taken; a second one is left alone, except an interrupt
 * controller that feeds the first (struct driver's chained).
 */
static int probe_kind(const void *fdt, enum driver_kind kind, int stdout_node)
{
	int node, depth = 0, bound = 0, taken = 0;

	for (node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		const struct driver *drv;

		if (!dt_is_enabled(fdt, node))
			continue;
		if (kind == DRIVER_CONSOLE && node != stdout_node)
			continue;
		drv = match(fdt, node, kind);
		if (!drv || (taken && !drv->chained))
			continue;
		if (bind(fdt, node, drv)) {
			bound++;
			taken += !drv->chained && kind != DRIVER_POWEROFF;
		}
	}
	return bound;
}

/* At debug level: the nodes no linked-in driver serves. */
static void list_unserved(const void *fdt)
{
	int node, depth = 0;
	char path[96];

	for (node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
	     node = fdt_next_node(fdt, node, &depth)) {
		enum driver_kind kind;

		if (!fdt_getprop(fdt, node, "compatible", NULL) ||
		    !dt_is_enabled(fdt, node))
			continue;
		for (kind = 0; kind < DRIVER_KINDS; kind++)
			if (match(fdt, node, kind))
				break;
		if (kind < DRIVER_KINDS)
			continue;
		dt_node_path(fdt, node, path, sizeof(path));
		pr_debug("dt: no driver for %s (%s)\n", path,
			 (const char *)fdt_getprop(fdt, node, "compatible", NULL));
	}
}

int driver_probe_dt(const void *fdt)
{
	int stdout_node = dt_stdout_node(fdt), bound = 0;

	for (enum driver_kind kind = 0; kind < DRIVER_KINDS; kind++)
		bound += probe_kind(fdt, kind, stdout_node);
	if (stdout_node < 0)
		pr_warn("dt: no /chosen/stdout-path; keeping the early console\n");
	if (CONFIG_LOG_LEVEL >= LOG_DEBUG)
		list_unserved(fdt);
	return bound;
}
