// SPDX-License-Identifier: MIT
/* Physical pages: first fit over one bitmap per region (vireo/page_alloc.h). */
#include <vireo/errno.h>
#include <vireo/page_alloc.h>
#include <vireo/spinlock.h>
#include <vireo/string.h>

#define BITS 64	/* pages per bitmap word */

struct region {
	uint64_t pfn;	/* first managed page frame */
	uint64_t pages;
	uint64_t *map;	/* bit i set: page pfn + i is allocated */
};

static struct region rgn[PAGE_ALLOC_MAX_REGIONS];	/* sorted by pfn */
static unsigned nr_rgn;
static uint64_t total_pages, free_pages, meta_pages;

/* Index of the lowest set bit of w != 0. Not __builtin_ctzll: that may
 * become a libgcc call, and the image links no runtime library. */
static unsigned lowest_bit(uint64_t w)
{
	unsigned n = 0;

	if (!(w & 0xffffffff)) {
		n += 32;
		w >>= 32;
	}
	if (!(w & 0xffff)) {
		n += 16;
		w >>= 16;
	}
	if (!(w & 0xff)) {
		n += 8;
		w >>= 8;
	}
	if (!(w & 0xf)) {
		n += 4;
		w >>= 4;
	}
	if (!(w & 0x3)) {
		n += 2;
		w >>= 2;
	}
	return n + !(w & 1);
}

/* First index in [from, to) whose bit is val, or to. Words holding no
 * such bit are skipped whole. */
static uint64_t find_bit(const uint64_t *map, uint64_t from, uint64_t to,
			 bool val)
{
	uint64_t flip = val ? 0 : ~0ULL;
	uint64_t i = from;

	while (i < to) {
		/* the shift brings in zeros: bits below from never match */
		uint64_t w = (map[i / BITS] ^ flip) >> (i % BITS);

		if (w) {
			i += lowest_bit(w);
			return i < to ? i : to;
		}
		i = (i / BITS + 1) * BITS;
	}
	return to;
}

/* Set (val) or clear count bits from index from, a word at a time. */
static void fill(uint64_t *map, uint64_t from, uint64_t count, bool val)
{
	while (count) {
		unsigned off = from % BITS;
		uint64_t n = BITS - off < count ? BITS - off : count;
		uint64_t mask = (n == BITS ? ~0ULL : (1ULL << n) - 1) << off;

		if (val)
			map[from / BITS] |= mask;
		else
			map[from / BITS] &= ~mask;
		from += n;
		count -= n;
	}
}

/* The first index >= i in r whose page frame is a multiple of align.
 * No overflow: pfn + i < 2^52 and align <= 2^63. */
static uint64_t align_index(const struct region *r, uint64_t i, uint64_t align)
{
	return ((r->pfn + i + align - 1) & ~(align - 1)) - r->pfn;
}

static uint64_t words_for(uint64_t pages)
{
	return (pages + BITS - 1) / BITS;
}

struct span {
	paddr_t base, end;	/* [base, end) */
};

/* Sort by base (insertion: a handful of regions), dropping empty ones and
 * saturating ends at the top of the address space. Returns the number
 * kept, or -EINVAL when two overlap. */
static int sort_regions(const struct mem_region *in, size_t count,
			struct span *out)
{
	int n = 0;

	for (size_t k = 0; k < count; k++) {
		paddr_t base = in[k].base;
		int j = n;

		if (!in[k].size)
			continue;
		while (j && out[j - 1].base > base) {
			out[j] = out[j - 1];
			j--;
		}
		out[j].base = base;
		out[j].end = in[k].size > ~(paddr_t)0 - base ? ~(paddr_t)0 :
							     base + in[k].size;
		n++;
	}
	for (int k = 1; k < n; k++)
		if (out[k].base < out[k - 1].end)
			return -EINVAL;
	return n;
}

int page_alloc_init(const struct mem_region *regions, size_t count)
{
	struct span sorted[PAGE_ALLOC_MAX_REGIONS];
	uint64_t words = 0, meta, *map;
	unsigned nr = 0, h;
	int n;

	/* on any error below, nothing is managed */
	nr_rgn = 0;
	total_pages = free_pages = meta_pages = 0;
	if (count > PAGE_ALLOC_MAX_REGIONS || (count && !regions))
		return -EINVAL;
	n = sort_regions(regions, count, sorted);
	if (n < 0)
		return n;

	/* round inward to whole pages; merge what then touches */
	for (int k = 0; k < n; k++) {
		uint64_t first = (sorted[k].base >> PAGE_SHIFT) +
				 !!(sorted[k].base & (PAGE_SIZE - 1));
		uint64_t last = sorted[k].end >> PAGE_SHIFT;	/* exclusive */

		if (first >= last)
			continue;
		if (nr && rgn[nr - 1].pfn + rgn[nr - 1].pages == first) {
			rgn[nr - 1].pages += last - first;
		} else {
			rgn[nr].pfn = first;
			rgn[nr].pages = last - first;
			nr++;
		}
	}
	if (!nr)
		return -EINVAL;

	/*
	 * All bitmaps in one block from the lowest region with room: fewer
	 * pages than one block per region, and low memory is what the boot
	 * identity map covers on every arch. Sized before the carving, which
	 * only shrinks them.
	 */
	for (unsigned k = 0; k < nr; k++)
		words += words_for(rgn[k].pages);
	meta = (words * sizeof(uint64_t) + PAGE_SIZE - 1) >> PAGE_SHIFT;
	for (h = 0; h < nr && rgn[h].pages < meta; h++)
		;
	if (h == nr)
		return -ENOMEM;
	map = (uint64_t *)(uintptr_t)(rgn[h].pfn << PAGE_SHIFT);
	rgn[h].pfn += meta;
	rgn[h].pages -= meta;
	if (!rgn[h].pages) {
		for (unsigned k = h; k + 1 < nr; k++)
			rgn[k] = rgn[k + 1];
		nr--;
	}
	if (!nr)
		return -ENOMEM;

	memset(map, 0, (size_t)(meta << PAGE_SHIFT));
	for (unsigned k = 0; k < nr; k++) {
		rgn[k].map = map;
		map += words_for(rgn[k].pages);
		total_pages += rgn[k].pages;
	}
	free_pages = total_pages;
	meta_pages = meta;
	nr_rgn = nr;
	return 0;
}

static int alloc_locked(size_t count, size_t align_pages, paddr_t *out)
{
	if (!count || !align_pages || (align_pages & (align_pages - 1)))
		return -EINVAL;
	if (count > free_pages)
		return -ENOMEM;
	for (unsigned k = 0; k < nr_rgn; k++) {
		struct region *r = &rgn[k];
		uint64_t i = align_index(r, 0, align_pages);

		while (i < r->pages && count <= r->pages - i) {
			uint64_t used = find_bit(r->map, i, i + count, true);

			if (used == i + count) {
				fill(r->map, i, count, true);
				free_pages -= count;
				*out = (r->pfn + i) << PAGE_SHIFT;
				return 0;
			}
			/* no run can start before the next free page */
			i = find_bit(r->map, used, r->pages, false);
			i = align_index(r, i, align_pages);
		}
	}
	return -ENOMEM;
}

/* The region holding the count pages from addr, and the first's index:
 * NULL if addr is not page aligned, count 0 or the run leaves a region. */
static struct region *run_of(paddr_t addr, size_t count, uint64_t *index)
{
	uint64_t pfn = addr >> PAGE_SHIFT;

	if (!count || (addr & (PAGE_SIZE - 1)))
		return NULL;
	for (unsigned k = 0; k < nr_rgn; k++) {
		struct region *r = &rgn[k];
		uint64_t i = pfn - r->pfn;

		if (pfn < r->pfn || i >= r->pages)
			continue;
		if (count > r->pages - i)
			return NULL;
		*index = i;
		return r;
	}
	return NULL;
}

static int free_locked(paddr_t addr, size_t count)
{
	uint64_t i;
	struct region *r = run_of(addr, count, &i);

	/* check everything first: nothing is freed on error */
	if (!r || find_bit(r->map, i, i + count, false) != i + count)
		return -EINVAL;
	fill(r->map, i, count, false);
	free_pages += count;
	return 0;
}

static int claim_locked(paddr_t addr, size_t count)
{
	uint64_t i;
	struct region *r = run_of(addr, count, &i);

	if (!r)
		return -EINVAL;
	if (find_bit(r->map, i, i + count, true) != i + count)
		return -EBUSY;
	fill(r->map, i, count, true);
	free_pages -= count;
	return 0;
}

/* Every CPU allocates (the x86 backends' per-CPU areas at a CPU's first
 * guest entry, while the boot CPU builds the next VM): one at a time. */
static spinlock_t alloc_lock = SPINLOCK_INIT;

int page_alloc_pages(size_t count, size_t align_pages, paddr_t *out)
{
	int err;

	spin_lock(&alloc_lock);
	err = alloc_locked(count, align_pages, out);
	spin_unlock(&alloc_lock);
	return err;
}

int page_free_pages(paddr_t addr, size_t count)
{
	int err;

	spin_lock(&alloc_lock);
	err = free_locked(addr, count);
	spin_unlock(&alloc_lock);
	return err;
}

int page_claim_pages(paddr_t addr, size_t count)
{
	int err;

	spin_lock(&alloc_lock);
	err = claim_locked(addr, count);
	spin_unlock(&alloc_lock);
	return err;
}

uint64_t page_alloc_free_pages(void)
{
	return free_pages;
}

void page_alloc_get_stats(struct page_stats *st)
{
	uint64_t best = 0;

	for (unsigned k = 0; k < nr_rgn; k++) {
		const struct region *r = &rgn[k];
		uint64_t i = 0;

		while (i < r->pages) {
			uint64_t start = find_bit(r->map, i, r->pages, false);

			i = find_bit(r->map, start, r->pages, true);
			if (i - start > best)
				best = i - start;
		}
	}
	st->total_pages = total_pages;
	st->free_pages = free_pages;
	st->largest_free_run = best;
	st->regions = nr_rgn;
	st->meta_pages = meta_pages;
}
