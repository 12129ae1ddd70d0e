/* SPDX-License-Identifier: MIT */
/*
 * A set of physical address ranges, kept sorted and merged: RAM banks
 * from the device tree minus everything reserved gives the usable RAM.
 */
#ifndef VIREO_MEMMAP_H
#define VIREO_MEMMAP_H

#include <vireo/types.h>

struct mem_region {
	paddr_t base;
	uint64_t size;
};

#define MEMMAP_MAX 32

struct memmap {
	int count;
	struct mem_region r[MEMMAP_MAX];	/* sorted, disjoint, not adjacent */
};

/* Add [base, base + size), merging with what it overlaps or touches.
 * 0, or -ENOSPC when MEMMAP_MAX ranges would not hold the result. */
int memmap_add(struct memmap *m, paddr_t base, uint64_t size);

/* Take [base, base + size) out (it may split a range).
 * 0, or -ENOSPC when a split needs a range that does not fit. */
int memmap_remove(struct memmap *m, paddr_t base, uint64_t size);

/* Sum of all sizes. */
uint64_t memmap_total(const struct memmap *m);

/* Does [base, base + size) lie entirely inside one range? */
bool memmap_contains(const struct memmap *m, paddr_t base, uint64_t size);

#endif
