/* SPDX-License-Identifier: MIT */
/*
 * Drivers and how they find their devices.
 *
 * A driver declares itself with DRIVER(): its name, the kind of device
 * it runs and the device-tree "compatible" strings it serves. Kconfig
 * decides which drivers are linked in; the device tree decides which
 * devices exist and where. Before the device tree is read, the console
 * and the power-off device may be given as "<driver>,[io,|mmio,]<address>"
 * (CONFIG_EARLYCON, CONFIG_EARLY_POWEROFF), like Linux's earlycon=
 * ("uart8250,io,0x3f8"): "io," for an x86 I/O port, MMIO otherwise.
 */
#ifndef HAL_DRIVER_H
#define HAL_DRIVER_H

#include <vireo/types.h>

/* Kinds are probed in this order: controllers before their users. */
enum driver_kind {
	DRIVER_IRQCHIP,		/* interrupt controllers (hal/irq.h) */
	DRIVER_TIMER,		/* the clock and per-CPU timer (hal/time.h) */
	DRIVER_CONSOLE,		/* bound to the node /chosen/stdout-path names */
	DRIVER_POWEROFF,	/* bound to every matching node */
	DRIVER_KINDS
};

/*
 * The address space of a device's registers. In the device tree, a device
 * on a bus compatible "isa" that has no "ranges" is in the x86 I/O port
 * space (its reg: port, count); everything else is memory mapped.
 */
enum device_space {
	DEVICE_MMIO,		/* a physical address, mapped before probe */
	DEVICE_IOPORT,		/* an x86 I/O port number (in/out) */
};

struct device {
	const void *fdt;	/* NULL for an early device */
	int node;		/* its DT node offset, -1 for an early device */
	enum device_space space;	/* where base is */
	uintptr_t base;		/* first reg entry (translated), or the early address */
	uint64_t size;		/* 0 if unknown or the device has no registers */
};

struct driver {
	const char *name;
	enum driver_kind kind;
	bool no_reg;			/* the device has no "reg" (CPU timers) */
	/* An interrupt controller that feeds the root one (x86 I/O APIC into
	 * the local APIC): bound besides the first interrupt controller. */
	bool chained;
	const char *const *compatible;	/* NULL-terminated list */
	/* Or the node at this path (hardware the DT describes without a
	 * compatible, e.g. the RISC-V timer's /cpus timebase-frequency). */
	const char *path;
	/* Take the device into use (and register it); 0 or -errno. */
	int (*probe)(const struct device *dev);
};

#define DRIVER(ident, ...)                                                  \
	static const struct driver __driver_##ident                          \
		__section("vireo_drivers") __used                           \
		__aligned(sizeof(void *)) = { __VA_ARGS__ }

/*
 * Probe the driver of this kind named by spec, "<driver>,[io,|mmio,]<address>".
 * 0, -EINVAL (spec malformed), -ENOENT (no linked-in driver of that
 * kind has the name) or the driver's -errno.
 */
int driver_probe_early(enum driver_kind kind, const char *spec);
/* What driver_probe_early()'s error says about the spec, for a message. */
const char *driver_early_strerror(int err);

/*
 * Bind linked-in drivers to the enabled nodes of a validated tree, kind
 * by kind: the first interrupt controller (and every chained one after
 * it) and timer, the console to /chosen/stdout-path, power-off drivers
 * to every match.
 * Each binding is logged; nodes without a driver are listed at debug
 * level. Returns the number of devices bound.
 */
int driver_probe_dt(const void *fdt);

/*
 * Did driver_probe_dt() try a driver of this kind on a node? Then the
 * driver is linked in and its node exists: if no device of the kind is
 * up, the bind or the driver said why.
 */
bool driver_matched(enum driver_kind kind);

/* Does a driver run the device of node (driver_probe_dt() bound it)? A
 * device the hypervisor drives is never given to a guest. */
bool driver_bound(const void *fdt, int node);

#endif
