/* SPDX-License-Identifier: MIT */
/*
 * The device tree questions the HAL asks, on top of libfdt
 * (lib/libfdt, upstream libfdt's API). Everything here treats the blob
 * as hostile: dt_validate() must accept it before anything else runs.
 */
#ifndef VIREO_DT_H
#define VIREO_DT_H

#include <vireo/memmap.h>

/* Largest blob Vireo accepts from firmware whose size it cannot know. */
#define DT_MAX_SIZE (2u << 20)

/*
 * Check a blob before use: header, block layout, every node and property
 * of the structure block, and that there is RAM (a /memory node).
 * avail is how many bytes are present; for a tree from firmware, whose
 * size cannot be known, pass DT_MAX_SIZE. Returns NULL if usable, else a one-line
 * reason written to buf.
 */
const char *dt_validate(const void *fdt, size_t avail, char *buf, size_t len);

/* fdt_parent_offset(), from the index when it covers the blob. */
int dt_parent(const void *fdt, int node);

/* fdt_node_offset_by_phandle(), from the index when it covers the blob. */
int dt_node_by_phandle(const void *fdt, uint32_t phandle);

/* fdt_getprop(), without re-checking each tag when the index covers
 * the blob (of version 16 or later). */
const void *dt_getprop(const void *fdt, int node, const char *name, int *lenp);

/*
 * Several properties of a node in one walk over its property list (each
 * dt_getprop() walks it once): for n distinct names, vals[i] is what
 * dt_getprop(fdt, node, names[i], &lens[i]) returns - the first property
 * of that name, NULL (and lens[i] -FDT_ERR_NOTFOUND) when it has none.
 */
void dt_getprops(const void *fdt, int node, const char *const *names, int n,
		 const void **vals, int *lens);

/* A status property's value (NULL: absent) says enabled: absent, "okay"
 * or "ok" - dt_is_enabled() for a status read with dt_getprops(). */
bool dt_status_okay(const char *status, int len);

/* fdt_path_offset() / _namelen(); an absolute path from the index when it
 * covers the blob (aliases by libfdt). */
int dt_path_offset(const void *fdt, const char *path);
int dt_path_offset_namelen(const void *fdt, const char *path, int len);

/* fdt_first_subnode() / fdt_next_subnode(), from the index when it covers
 * the blob; dt_for_each_subnode is fdt_for_each_subnode on them. */
int dt_first_subnode(const void *fdt, int parent);
int dt_next_subnode(const void *fdt, int node);
#define dt_for_each_subnode(node, fdt, parent)                              \
	for (node = dt_first_subnode(fdt, parent); node >= 0;               \
	     node = dt_next_subnode(fdt, node))

/* The next node in tree order (any depth), as fdt_next_node(fdt, node, NULL). */
int dt_next_node(const void *fdt, int node);

/* status absent, "okay" or "ok". */
bool dt_is_enabled(const void *fdt, int node);

/* Property name is the string value, exactly. */
bool dt_prop_is(const void *fdt, int node, const char *name, const char *value);

/*
 * A single-cell property into *out: 0, -FDT_ERR_NOTFOUND if it is absent,
 * -FDT_ERR_BADVALUE if it is not exactly one cell.
 */
int dt_read_u32(const void *fdt, int node, const char *name, uint32_t *out);

/* Is this a cpu node: device_type "cpu". */
bool dt_is_cpu_node(const void *fdt, int node);

/*
 * A cpu node's hardware id (MPIDR affinity, hart id, APIC id): the first
 * address in its reg, in the #address-cells of its parent cpus (/cpus),
 * which must be 1 or 2. The caller names the parent: libfdt finds one
 * only by a walk from the root, too slow for a loop over many CPUs.
 * 0, -FDT_ERR_NOTFOUND (no reg), -FDT_ERR_BADNCELLS, or
 * -FDT_ERR_BADVALUE (reg shorter than one address).
 */
int dt_cpu_hwid(const void *fdt, int cpus, int node, uint64_t *hwid);

/* The cpu node in /cpus with that hardware id, or -FDT_ERR_NOTFOUND. */
int dt_cpu_node(const void *fdt, uint64_t hwid);

/*
 * Entry index of a node's reg, using the parent's #address-cells and
 * #size-cells (at most 2 each) and translated to the root's address space
 * through each bus's "ranges" (an absent ranges stops translation: the
 * address is in the bus's own space, e.g. x86 I/O ports).
 * Returns 0, -FDT_ERR_NOTFOUND past the last entry, or another -FDT_ERR_*.
 */
int dt_reg(const void *fdt, int node, int index, struct mem_region *out);

/* Number of reg entries of a node, or a negative -FDT_ERR_*. */
int dt_reg_count(const void *fdt, int node);

/* The node /chosen/stdout-path names (alias resolved, ":options" cut),
 * or a negative -FDT_ERR_*. */
int dt_stdout_node(const void *fdt);

/* The full path of a node into buf ("/soc/serial@10000000"). */
int dt_node_path(const void *fdt, int node, char *buf, size_t len);

/* Is this a RAM node: a child of the root with device_type "memory". */
bool dt_is_memory_node(const void *fdt, int node);

/*
 * Write RAM banks into the first /memory node's reg, in place: the blob
 * provides room for as many entries as its reg already has (unused ones
 * are written with size 0, which readers skip). -FDT_ERR_NOSPACE if
 * there are more banks than entries.
 */
int dt_set_memory(void *fdt, const struct mem_region *banks, int count);

#endif
