// SPDX-License-Identifier: MIT
/*
 * Table pages for the page-table engine from the physical page allocator
 * (vireo/pgtable.h: pgtable_page_alloc_ops). The hypervisor runs identity
 * mapped, so a table's physical address is also where it is written.
 */
#include <vireo/page_alloc.h>
#include <vireo/pgtable.h>
#include <vireo/string.h>

static int pt_alloc(void *ctx, unsigned int pages, paddr_t *pa)
{
	/* a root of several pages is aligned to its size (a power of two) */
	int ret = page_alloc_pages(pages, pages, pa);

	if (ret)
		return ret;
	memset((void *)(uintptr_t)*pa, 0, (size_t)pages * PAGE_SIZE);
	return 0;
}

static void pt_free(void *ctx, paddr_t pa, unsigned int pages)
{
	page_free_pages(pa, pages);
}

static void *pt_phys_to_virt(void *ctx, paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

const struct pgtable_mm_ops pgtable_page_alloc_ops = {
	.alloc = pt_alloc,
	.free = pt_free,
	.phys_to_virt = pt_phys_to_virt,
};
