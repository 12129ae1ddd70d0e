/* SPDX-License-Identifier: MIT */
/*
 * The physical page allocator: hands out runs of 4 KiB pages from the
 * usable RAM, first fit from the lowest address. Arch independent.
 *
 * Its only metadata is one bitmap per region (a set bit is an allocated
 * page). The bitmaps live in the RAM being managed: page_alloc_init()
 * carves them, together, from the start of the lowest region with room,
 * and reads and writes them at their physical address, since the
 * hypervisor runs identity mapped (low memory is what early boot
 * mappings cover, such as x86's first 4 GiB).
 *
 * Safe on every CPU at once (a lock); not from interrupt handlers.
 */
#ifndef VIREO_PAGE_ALLOC_H
#define VIREO_PAGE_ALLOC_H

#include <vireo/memmap.h>	/* struct mem_region: base, size in bytes */
#include <vireo/page.h>
#include <vireo/types.h>

/* Regions page_alloc_init() takes: as many as a struct memmap holds, so
 * any usable map hal/memory.c builds fits. */
#define PAGE_ALLOC_MAX_REGIONS MEMMAP_MAX

struct page_stats {
	uint64_t total_pages;	/* pages it hands out (metadata excluded) */
	uint64_t free_pages;	/* of those, not allocated now */
	uint64_t largest_free_run; /* longest free run (within one region) */
	unsigned regions;	/* managed, after rounding and merging */
	uint64_t meta_pages;	/* taken for the bitmaps */
};

/*
 * Take over count usable RAM regions, in any order, forgetting any earlier
 * state. A region's base is rounded up and its end down to whole pages;
 * regions left empty are dropped, and regions touching after rounding are
 * merged, so a run may cross where they met, but never a hole.
 * The metadata pages are zeroed and never handed out; a region they fill
 * is dropped too.
 *
 * 0, or -EINVAL when count exceeds PAGE_ALLOC_MAX_REGIONS, two regions
 * overlap or no whole page is left, or -ENOMEM when no region holds the
 * bitmaps or they would take every page. On error nothing is managed.
 */
int page_alloc_init(const struct mem_region *regions, size_t count);

/*
 * Allocate count contiguous pages, all in one region, whose first page's
 * physical address is a multiple of align_pages pages (a power of two,
 * 1 for no constraint; 512 gives a 2 MiB aligned block). The pages are not
 * zeroed. 0 with *out set to the physical address of the first page;
 * -EINVAL when count is 0 or align_pages not a power of two; -ENOMEM when
 * no such run is free (*out untouched).
 */
int page_alloc_pages(size_t count, size_t align_pages, paddr_t *out);

/* One page, no alignment beyond the page: see page_alloc_pages(). */
static inline int page_alloc_page(paddr_t *out)
{
	return page_alloc_pages(1, 1, out);
}

/*
 * Free count pages from addr: what page_alloc_pages() returned, part of
 * it, or several neighbouring allocations at once. 0, or -EINVAL when addr
 * is not page aligned, count is 0, the range leaves the managed RAM (which
 * excludes the metadata) or any page in it is free already (a double
 * free). On error nothing is freed.
 */
int page_free_pages(paddr_t addr, size_t count);

/*
 * Take the count pages from addr, which must all be free: memory a
 * loader filled before Vireo ran (a guest image), so that no allocation
 * lands on it. 0; -EINVAL when addr is not page aligned, count is 0 or
 * the range leaves the managed RAM; -EBUSY when a page is in use. On
 * error nothing is taken.
 */
int page_claim_pages(paddr_t addr, size_t count);

/* Fill *st; largest_free_run is computed by a scan over the bitmaps. */
void page_alloc_get_stats(struct page_stats *st);

/* The free pages now: page_alloc_get_stats()'s free_pages, no scan. */
uint64_t page_alloc_free_pages(void);

#endif
