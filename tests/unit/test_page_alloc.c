// SPDX-License-Identifier: MIT
/*
 * lib/page_alloc.c on the host. RAM regions are aligned_alloc'd buffers
 * whose host addresses stand in for physical ones, so the allocator's
 * bitmaps really live inside them, as in the hypervisor.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <vireo/errno.h>
#include <vireo/page_alloc.h>

#define MiB (1UL << 20)
#define P(n) ((size_t)(n) * PAGE_SIZE)	/* n pages in bytes */

/* This test's buffers, freed by teardown(). */
static void *bufs[4];
static int nbufs;

static uint8_t *ram(size_t align, size_t pages)
{
	/* C11 wants the size a multiple of the alignment */
	void *p = aligned_alloc(align, (P(pages) + align - 1) / align * align);

	assert_non_null(p);
	assert_true(nbufs < (int)ARRAY_SIZE(bufs));
	bufs[nbufs++] = p;
	return p;
}

static int teardown(void **state)
{
	/* the allocator must let go of the buffers before they are freed */
	assert_int_equal(page_alloc_init(NULL, 0), -EINVAL);
	while (nbufs)
		free(bufs[--nbufs]);
	return 0;
}

static paddr_t pa(const void *p)
{
	return (paddr_t)(uintptr_t)p;
}

static struct mem_region region(const void *p, uint64_t size)
{
	return (struct mem_region){ pa(p), size };
}

/* The stats must agree with what the test holds; returns them. */
static struct page_stats check_stats(uint64_t allocated)
{
	struct page_stats st;

	page_alloc_get_stats(&st);
	assert_int_equal(st.free_pages + allocated, st.total_pages);
	assert_int_equal(page_alloc_free_pages(), st.free_pages);
	assert_true(st.largest_free_run <= st.free_pages);
	assert_true(st.largest_free_run >= (st.free_pages ? 1 : 0));
	return st;
}

/* Stamp every word of count pages, and check the stamp: two allocations
 * that overlap, or one that overlaps the bitmaps, break it. */
static void stamp(paddr_t addr, size_t count, uint64_t tag)
{
	uint64_t *w = (uint64_t *)(uintptr_t)addr;

	for (size_t i = 0; i < P(count) / 8; i++)
		w[i] = tag * 0x9e3779b97f4a7c15ULL + i;
}

static void check_stamp(paddr_t addr, size_t count, uint64_t tag)
{
	const uint64_t *w = (const uint64_t *)(uintptr_t)addr;

	for (size_t i = 0; i < P(count) / 8; i++)
		assert_int_equal(w[i], tag * 0x9e3779b97f4a7c15ULL + i);
}

static void test_init_rejects_bad_input(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 8);
	struct mem_region r[PAGE_ALLOC_MAX_REGIONS + 1];
	struct page_stats st;
	paddr_t out = 0x1234;

	/* more regions than the table holds */
	for (size_t i = 0; i < ARRAY_SIZE(r); i++)
		r[i] = region(buf + i * 64, 64);
	assert_int_equal(page_alloc_init(r, ARRAY_SIZE(r)), -EINVAL);

	/* overlaps, even one that rounding inward would hide */
	r[0] = region(buf, P(4));
	r[1] = region(buf + P(3), P(4));
	assert_int_equal(page_alloc_init(r, 2), -EINVAL);
	r[2] = r[0];	/* the same, the other way round */
	assert_int_equal(page_alloc_init(&r[1], 2), -EINVAL);
	r[0] = region(buf, 0x1801);
	r[1] = region(buf + 0x1800, P(2));
	assert_int_equal(page_alloc_init(r, 2), -EINVAL);
	r[1] = r[0];
	assert_int_equal(page_alloc_init(r, 2), -EINVAL);

	/* no whole page: nothing, empty, or less than a page once rounded */
	assert_int_equal(page_alloc_init(r, 0), -EINVAL);
	r[0] = region(buf + 1, PAGE_SIZE);
	r[1] = region(buf + P(2), 0);
	assert_int_equal(page_alloc_init(r, 2), -EINVAL);

	/* one page: its bitmap would take it all */
	r[0] = region(buf, PAGE_SIZE);
	assert_int_equal(page_alloc_init(r, 1), -ENOMEM);

	/* after a failed init nothing is managed, even what was before */
	r[0] = region(buf, P(8));
	assert_int_equal(page_alloc_init(r, 1), 0);
	assert_int_equal(page_alloc_init(r, 0), -EINVAL);
	page_alloc_get_stats(&st);
	assert_int_equal(st.total_pages, 0);
	assert_int_equal(st.free_pages, 0);
	assert_int_equal(st.largest_free_run, 0);
	assert_int_equal(st.regions, 0);
	assert_int_equal(st.meta_pages, 0);
	assert_int_equal(page_alloc_page(&out), -ENOMEM);
	assert_int_equal(out, 0x1234);
	assert_int_equal(page_free_pages(pa(buf + P(1)), 1), -EINVAL);

	/* bad arguments to the allocation itself */
	assert_int_equal(page_alloc_init(r, 1), 0);
	assert_int_equal(page_alloc_pages(0, 1, &out), -EINVAL);
	assert_int_equal(page_alloc_pages(1, 0, &out), -EINVAL);
	assert_int_equal(page_alloc_pages(1, 3, &out), -EINVAL);
	assert_int_equal(page_alloc_pages(2, 6, &out), -EINVAL);
	assert_int_equal(out, 0x1234);
	check_stats(0);
}

static void test_single_pages(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 64);
	struct mem_region r = region(buf, P(64));
	struct page_stats st;
	paddr_t out;

	assert_int_equal(page_alloc_init(&r, 1), 0);
	st = check_stats(0);
	assert_int_equal(st.total_pages, 63);
	assert_int_equal(st.meta_pages, 1);
	assert_int_equal(st.regions, 1);
	assert_int_equal(st.largest_free_run, 63);

	/* first fit upwards, right after the bitmap page */
	for (size_t i = 0; i < 63; i++) {
		assert_int_equal(page_alloc_page(&out), 0);
		assert_int_equal(out, pa(buf + P(1 + i)));
		st = check_stats(i + 1);
		assert_int_equal(st.largest_free_run, 62 - i);
	}
	assert_int_equal(page_alloc_page(&out), -ENOMEM);
	check_stats(63);
}

static void test_aligned_runs(void **state)
{
	/* 8 MiB: 2 MiB blocks at 0, 2, 4 and 6 MiB */
	uint8_t *buf = ram(2 * MiB, 2048);
	struct mem_region r = region(buf, 8 * MiB);
	uint64_t held = 0;
	paddr_t out, block;

	assert_int_equal(page_alloc_init(&r, 1), 0);
	assert_int_equal(check_stats(0).total_pages, 2047);

	/* the bitmap broke the first 2 MiB block; the page after it too */
	assert_int_equal(page_alloc_page(&out), 0);
	assert_int_equal(out, pa(buf + P(1)));
	held++;
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(page_alloc_pages(512, 512, &block), 0);
		assert_int_equal(block, pa(buf) + i * 2 * MiB);
		assert_int_equal(block & (2 * MiB - 1), 0);
		held += 512;
		check_stats(held);
	}
	assert_int_equal(page_alloc_pages(512, 512, &out), -ENOMEM);
	assert_int_equal(page_alloc_pages(1, 512, &out), -ENOMEM);

	/* small alignments fill the holes below, skipping misaligned pages */
	assert_int_equal(page_alloc_pages(3, 4, &out), 0);
	assert_int_equal(out, pa(buf + P(4)));
	assert_int_equal(page_alloc_pages(2, 2, &out), 0);
	assert_int_equal(out, pa(buf + P(2)));
	assert_int_equal(page_alloc_pages(4, 8, &out), 0);
	assert_int_equal(out, pa(buf + P(8)));
	held += 9;
	assert_int_equal(check_stats(held).largest_free_run, 512 - 12);

	/* a freed block is found again, by a single page as well */
	assert_int_equal(page_free_pages(pa(buf) + 4 * MiB, 512), 0);
	held -= 512;
	assert_int_equal(page_alloc_pages(1, 512, &out), 0);
	assert_int_equal(out, pa(buf) + 4 * MiB);
	held++;
	check_stats(held);

	/* alignment is of the physical address, not of the region's start */
	r = region(buf + P(3), 8 * MiB - P(3));
	assert_int_equal(page_alloc_init(&r, 1), 0);
	assert_int_equal(page_alloc_pages(16, 16, &out), 0);
	assert_int_equal(out, pa(buf + P(16)));
	assert_int_equal(page_alloc_pages(512, 512, &out), 0);
	assert_int_equal(out, pa(buf) + 2 * MiB);
	assert_int_equal(page_alloc_pages(2048, 1, &out), -ENOMEM);
	check_stats(16 + 512);
}

static void test_exhaustion_and_recovery(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 32);
	struct mem_region r = region(buf, P(32));
	paddr_t page[31], out = 0x5678;

	assert_int_equal(page_alloc_init(&r, 1), 0);
	for (int i = 0; i < 31; i++)
		assert_int_equal(page_alloc_page(&page[i]), 0);
	assert_int_equal(check_stats(31).largest_free_run, 0);
	assert_int_equal(page_alloc_page(&out), -ENOMEM);
	assert_int_equal(page_alloc_pages(2, 1, &out), -ENOMEM);
	assert_int_equal(out, 0x5678);

	/* what is freed is handed out again */
	assert_int_equal(page_free_pages(page[10], 1), 0);
	check_stats(30);
	assert_int_equal(page_alloc_page(&out), 0);
	assert_int_equal(out, page[10]);
	assert_int_equal(page_free_pages(page[5], 1), 0);
	assert_int_equal(page_free_pages(page[6], 1), 0);
	assert_int_equal(check_stats(29).largest_free_run, 2);
	assert_int_equal(page_alloc_pages(2, 1, &out), 0);
	assert_int_equal(out, page[5]);
	check_stats(31);

	/* several single allocations freed as one range */
	assert_int_equal(page_free_pages(page[0], 31), 0);
	assert_int_equal(check_stats(0).largest_free_run, 31);
	assert_int_equal(page_alloc_pages(32, 1, &out), -ENOMEM);
	assert_int_equal(page_alloc_pages(31, 1, &out), 0);
	assert_int_equal(out, page[0]);
	check_stats(31);
}

static void test_fragmentation(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 65);
	struct mem_region r = region(buf, P(65));
	paddr_t page[64], out;
	uint64_t held = 64;

	assert_int_equal(page_alloc_init(&r, 1), 0);
	for (int i = 0; i < 64; i++)
		assert_int_equal(page_alloc_page(&page[i]), 0);
	for (int i = 0; i < 64; i += 2) {
		assert_int_equal(page_free_pages(page[i], 1), 0);
		check_stats(--held);
	}
	assert_int_equal(check_stats(held).largest_free_run, 1);

	/* 32 free pages, no two together */
	assert_int_equal(page_alloc_pages(2, 1, &out), -ENOMEM);
	assert_int_equal(page_alloc_page(&out), 0);
	assert_int_equal(out, page[0]);
	assert_int_equal(page_free_pages(out, 1), 0);
	check_stats(held);

	/* free a neighbour: now pages 0..2 run together */
	assert_int_equal(page_free_pages(page[1], 1), 0);
	assert_int_equal(check_stats(--held).largest_free_run, 3);
	assert_int_equal(page_alloc_pages(2, 1, &out), 0);
	assert_int_equal(out, page[0]);
	held += 2;
	assert_int_equal(check_stats(held).largest_free_run, 1);
}

static void test_double_free(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 16);
	struct mem_region r = region(buf, P(16));
	paddr_t a;

	assert_int_equal(page_alloc_init(&r, 1), 0);
	assert_int_equal(page_alloc_pages(4, 1, &a), 0);
	assert_int_equal(page_free_pages(a + P(1), 1), 0);
	assert_int_equal(page_free_pages(a + P(1), 1), -EINVAL);
	check_stats(3);

	/* the whole run again: page 1 is free, so nothing is freed */
	assert_int_equal(page_free_pages(a, 4), -EINVAL);
	assert_int_equal(page_free_pages(a, 2), -EINVAL);
	assert_int_equal(page_free_pages(a + P(1), 3), -EINVAL);
	check_stats(3);
	assert_int_equal(page_free_pages(a, 1), 0);
	assert_int_equal(page_free_pages(a + P(2), 2), 0);
	check_stats(0);
	assert_int_equal(page_free_pages(a, 4), -EINVAL);
	assert_int_equal(page_free_pages(a, 1), -EINVAL);

	/* only the last page of the range is free */
	assert_int_equal(page_alloc_pages(4, 1, &a), 0);
	assert_int_equal(page_free_pages(a + P(3), 1), 0);
	assert_int_equal(page_free_pages(a, 4), -EINVAL);
	check_stats(3);
	assert_int_equal(page_free_pages(a, 3), 0);
	check_stats(0);
}

static void test_free_outside_or_unaligned(void **state)
{
	/* page 0 and 19 outside, 1 the bitmap, 9 and 10 a hole */
	uint8_t *buf = ram(PAGE_SIZE, 20);
	struct mem_region r[] = { region(buf + P(1), P(8)),
				  region(buf + P(11), P(8)) };
	paddr_t out;

	assert_int_equal(page_alloc_init(r, 2), 0);
	assert_int_equal(check_stats(0).total_pages, 15);
	/* everything allocated: an error can only come from the range */
	for (int i = 0; i < 15; i++)
		assert_int_equal(page_alloc_page(&out), 0);
	check_stats(15);

	assert_int_equal(page_free_pages(pa(buf), 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(19)), 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(9)), 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(8)), 2), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(8)), 4), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(18)), 2), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(1)), 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(1)), 2), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(2)) + 1, 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(2)) + 0x800, 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(2)), 0), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(2)), SIZE_MAX), -EINVAL);
	assert_int_equal(page_free_pages(0, 1), -EINVAL);
	assert_int_equal(page_free_pages(~(paddr_t)0xfff, 1), -EINVAL);
	check_stats(15);

	/* and each page that was allocated can still be freed */
	assert_int_equal(page_free_pages(pa(buf + P(2)), 7), 0);
	assert_int_equal(page_free_pages(pa(buf + P(11)), 8), 0);
	check_stats(0);
}

static void test_free_past_region_end(void **state)
{
	/* pages 1..64 (one bitmap word exactly, the next region's follows)
	 * and 66..139; page 0 the bitmap, 65 a hole */
	uint8_t *buf = ram(PAGE_SIZE, 140);
	struct mem_region r[] = { region(buf, P(65)),
				  region(buf + P(66), P(74)) };
	paddr_t out;

	assert_int_equal(page_alloc_init(r, 2), 0);
	assert_int_equal(check_stats(0).total_pages, 64 + 74);
	assert_int_equal(page_alloc_pages(64, 1, &out), 0);
	assert_int_equal(page_alloc_pages(74, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(66)));
	check_stats(138);

	/* past the end: must not read on into the next region's bitmap */
	assert_int_equal(page_free_pages(pa(buf + P(64)), 2), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(1)), 66), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(139)), 2), -EINVAL);
	check_stats(138);
	assert_int_equal(page_free_pages(pa(buf + P(64)), 1), 0);
	assert_int_equal(page_free_pages(pa(buf + P(66)), 74), 0);
	check_stats(63);
}

static void test_regions_with_hole(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 40);
	/* unsorted: [12, 40) and [0, 10) pages, a hole at 10 and 11 */
	struct mem_region r[] = { region(buf + P(12), P(28)),
				  region(buf, P(10)) };
	struct page_stats st;
	paddr_t out;

	assert_int_equal(page_alloc_init(r, 2), 0);
	st = check_stats(0);
	assert_int_equal(st.regions, 2);
	assert_int_equal(st.total_pages, 9 + 28);
	assert_int_equal(st.largest_free_run, 28);

	/* a run fills the first region exactly; the next goes above the hole */
	assert_int_equal(page_alloc_pages(9, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(1)));
	assert_int_equal(page_alloc_pages(28, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(12)));
	check_stats(37);

	/* two free pages either side of the hole do not make a run of four */
	assert_int_equal(page_free_pages(pa(buf + P(8)), 2), 0);
	assert_int_equal(page_free_pages(pa(buf + P(12)), 2), 0);
	assert_int_equal(check_stats(33).largest_free_run, 2);
	assert_int_equal(page_alloc_pages(4, 1, &out), -ENOMEM);
	assert_int_equal(page_alloc_pages(3, 1, &out), -ENOMEM);
	assert_int_equal(page_alloc_pages(2, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(8)));
	assert_int_equal(page_alloc_pages(2, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(12)));
	check_stats(37);

	/* regions that touch are one: a run crosses the seam */
	r[0] = region(buf + P(10), P(20));
	r[1] = region(buf, P(10));
	assert_int_equal(page_alloc_init(r, 2), 0);
	st = check_stats(0);
	assert_int_equal(st.regions, 1);
	assert_int_equal(st.total_pages, 29);
	assert_int_equal(page_alloc_pages(29, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(1)));

	/* but not when they only share a page that rounding drops */
	r[0] = region(buf + P(10) + 0x800, P(20));
	r[1] = region(buf, P(10) + 0x800);
	assert_int_equal(page_alloc_init(r, 2), 0);
	st = check_stats(0);
	assert_int_equal(st.regions, 2);
	assert_int_equal(st.total_pages, 9 + 19);
}

static void test_unaligned_bounds_rounded_inward(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 16);
	struct mem_region r[2] = { region(buf + 100, P(10)) };
	struct page_stats st;
	paddr_t out;

	/* [buf + 100, buf + 10 pages + 100): pages 1..9, the bitmap in 1 */
	assert_int_equal(page_alloc_init(r, 1), 0);
	st = check_stats(0);
	assert_int_equal(st.total_pages + st.meta_pages, 9);
	for (int i = 2; i < 10; i++) {
		assert_int_equal(page_alloc_page(&out), 0);
		assert_int_equal(out, pa(buf + P(i)));
	}
	assert_int_equal(page_alloc_page(&out), -ENOMEM);
	/* the partly covered pages are not managed */
	assert_int_equal(page_free_pages(pa(buf), 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(10)), 1), -EINVAL);

	/* both ends inside pages, two regions: pages 1..3 and 7..10 */
	r[0] = region(buf + 0xfff, P(4));
	r[1] = region(buf + P(6) + 1, P(5));
	assert_int_equal(page_alloc_init(r, 2), 0);
	st = check_stats(0);
	assert_int_equal(st.regions, 2);
	assert_int_equal(st.meta_pages, 1);
	assert_int_equal(st.total_pages, 3 + 4 - 1);
	assert_int_equal(page_alloc_pages(2, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(2)));
	assert_int_equal(page_alloc_pages(4, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(7)));
	check_stats(6);

	/* one page once rounded: no room beside its bitmap */
	r[0] = region(buf + 0x1fff, 0x1002);
	assert_int_equal(page_alloc_init(r, 1), -ENOMEM);
}

static void test_metadata_never_handed_out(void **state)
{
	/* a one-page region below: the bitmap page takes all of it */
	uint8_t *buf = ram(PAGE_SIZE, 300);
	struct mem_region r[] = { region(buf + P(101), P(199)),
				  region(buf, P(1)),
				  region(buf + P(2), P(98)) };
	static const size_t sizes[] = { 1, 3, 8, 2, 5, 16, 1, 7 };
	struct {
		paddr_t addr;
		size_t count;
	} got[300];
	struct page_stats st;
	size_t n = 0, held = 0, k = 0;
	paddr_t out;

	assert_int_equal(page_alloc_init(r, 3), 0);
	st = check_stats(0);
	assert_int_equal(st.meta_pages, 1);
	assert_int_equal(st.regions, 2);
	assert_int_equal(st.total_pages, 98 + 199);

	/* everything, in mixed runs and alignments, then the leftovers */
	for (;; k++) {
		size_t count = sizes[k % ARRAY_SIZE(sizes)];

		if (page_alloc_pages(count, count & 1 ? 1 : count, &out))
			break;
		got[n].addr = out;
		got[n].count = count;
		stamp(out, count, n);
		n++;
		held += count;
		check_stats(held);
	}
	while (!page_alloc_page(&out)) {
		got[n].addr = out;
		got[n].count = 1;
		stamp(out, 1, n);
		n++;
		held++;
	}
	assert_int_equal(held, 98 + 199);
	assert_int_equal(check_stats(held).free_pages, 0);

	/* no run touched the bitmap, another run, or anything unmanaged */
	for (size_t i = 0; i < n; i++) {
		uint8_t *p = (uint8_t *)(uintptr_t)got[i].addr;
		uint8_t *end = p + P(got[i].count);

		assert_true((p >= buf + P(2) && end <= buf + P(100)) ||
			    (p >= buf + P(101) && end <= buf + P(300)));
		check_stamp(got[i].addr, got[i].count, i);
	}
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(page_free_pages(got[i].addr, got[i].count), 0);
		held -= got[i].count;
		check_stats(held);
	}
	assert_int_equal(check_stats(0).largest_free_run, 199);
}

static void test_metadata_in_lowest_region_with_room(void **state)
{
	/* page 0, a hole, then 40000 pages: two bitmap pages, which do not
	 * fit the one-page region, so they go to the start of the big one */
	uint8_t *buf = ram(PAGE_SIZE, 40002);
	struct mem_region r[] = { region(buf + P(2), P(40000)),
				  region(buf, P(1)) };
	struct page_stats st;
	paddr_t out;

	assert_int_equal(page_alloc_init(r, 2), 0);
	st = check_stats(0);
	assert_int_equal(st.meta_pages, 2);
	assert_int_equal(st.regions, 2);
	assert_int_equal(st.total_pages, 1 + 40000 - 2);

	assert_int_equal(page_alloc_page(&out), 0);
	assert_int_equal(out, pa(buf));
	assert_int_equal(page_alloc_pages(39998, 1, &out), 0);
	assert_int_equal(out, pa(buf + P(4)));
	assert_int_equal(page_alloc_page(&out), -ENOMEM);
	check_stats(st.total_pages);
	assert_int_equal(page_free_pages(pa(buf + P(2)), 1), -EINVAL);
	assert_int_equal(page_free_pages(pa(buf + P(3)), 2), -EINVAL);
}

/*
 * Random operations checked against a model that knows the contract:
 * first fit from the lowest address, the bitmap at the start of the
 * lowest region with room. Each page of the buffer is one model entry;
 * tags written into allocated pages catch the allocator writing there.
 */
#define RND_PAGES 1200
enum { UNMANAGED = -1, FREE, USED };

static signed char model[RND_PAGES];
static uint8_t *rnd_buf;
static uint64_t rng_state = 0x2545f4914f6cdd1dULL;	/* fixed seed */
static unsigned allocs, enomem, frees, einval;

static uint64_t below(uint64_t n)
{
	/* xorshift64: the same sequence on every host */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

static paddr_t rnd_pa(long page)
{
	return pa(rnd_buf) + page * (long)PAGE_SIZE;
}

/* First fit, page by page. */
static long model_alloc(size_t count, size_t align)
{
	uint64_t base_pfn = pa(rnd_buf) >> PAGE_SHIFT;
	size_t i = 0;

	while (i < RND_PAGES) {
		size_t a = ALIGN_UP(base_pfn + i, align) - base_pfn, j = a;

		if (a >= RND_PAGES || count > RND_PAGES - a)
			break;
		while (j < a + count && model[j] == FREE)
			j++;
		if (j == a + count)
			return (long)a;
		i = j + 1;
	}
	return -1;
}

static void model_check_stats(void)
{
	uint64_t managed = 0, free_pages = 0, run = 0, best = 0;
	struct page_stats st;

	for (size_t i = 0; i < RND_PAGES; i++) {
		managed += model[i] != UNMANAGED;
		free_pages += model[i] == FREE;
		run = model[i] == FREE ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	page_alloc_get_stats(&st);
	assert_int_equal(st.total_pages, managed);
	assert_int_equal(st.free_pages, free_pages);
	assert_int_equal(st.largest_free_run, best);
	assert_int_equal(st.regions, 2);
	assert_int_equal(st.meta_pages, 1);
}

/* First and last word of a page: cheaper than stamp() for thousands. */
static void model_use(size_t first, size_t count)
{
	for (size_t i = first; i < first + count; i++) {
		uint64_t *w = (uint64_t *)(rnd_buf + P(i));

		model[i] = USED;
		w[0] = i;
		w[PAGE_SIZE / 8 - 1] = ~(uint64_t)i;
	}
}

static void model_free(size_t first, size_t count)
{
	for (size_t i = first; i < first + count; i++) {
		const uint64_t *w = (const uint64_t *)(rnd_buf + P(i));

		assert_int_equal(w[0], i);
		assert_int_equal(w[PAGE_SIZE / 8 - 1], ~(uint64_t)i);
		model[i] = FREE;
	}
}

static void rnd_alloc(void)
{
	static const size_t aligns[] = { 1, 1, 1, 1, 2, 4, 8, 16, 64, 512 };
	size_t align = aligns[below(ARRAY_SIZE(aligns))];
	size_t pick = below(100), count;
	paddr_t out;
	long want;
	int err;

	count = pick < 70 ? 1 + below(4) :
		pick < 95 ? 5 + below(28) : 33 + below(300);
	want = model_alloc(count, align);
	err = page_alloc_pages(count, align, &out);
	if (want < 0) {
		assert_int_equal(err, -ENOMEM);
		enomem++;
		return;
	}
	assert_int_equal(err, 0);
	assert_int_equal(out, rnd_pa(want));
	model_use(want, count);
	allocs++;
}

/* Part of a run of allocated pages, maybe of several allocations. */
static void rnd_free_allocated(void)
{
	size_t i = below(RND_PAGES), end;

	while (i < RND_PAGES && model[i] != USED)
		i++;
	if (i == RND_PAGES)
		return;
	for (end = i; end < RND_PAGES && model[end] == USED; end++)
		;
	end = i + 1 + below(end - i);
	assert_int_equal(page_free_pages(rnd_pa(i), end - i), 0);
	model_free(i, end - i);
	frees++;
}

/* Any range in or around the buffer: the model says if it may be freed. */
static void rnd_free_any(void)
{
	long first = (long)below(RND_PAGES + 8) - 4;
	size_t count = 1 + below(8), i;
	int err = page_free_pages(rnd_pa(first), count);

	for (i = 0; i < count; i++) {
		long page = first + (long)i;

		if (page < 0 || page >= RND_PAGES || model[page] != USED)
			break;
	}
	if (i < count) {
		assert_int_equal(err, -EINVAL);
		einval++;
		return;
	}
	assert_int_equal(err, 0);
	model_free(first, count);
	frees++;
}

static void rnd_bad_arguments(void)
{
	paddr_t addr = rnd_pa(below(RND_PAGES)), out;

	assert_int_equal(page_free_pages(addr + 1 + below(PAGE_SIZE - 1), 1),
			 -EINVAL);
	assert_int_equal(page_free_pages(addr, 0), -EINVAL);
	assert_int_equal(page_alloc_pages(0, 1, &out), -EINVAL);
	/* odd and above 1: never a power of two */
	assert_int_equal(page_alloc_pages(1, 3 + 2 * below(100), &out),
			 -EINVAL);
}

static void test_random_against_model(void **state)
{
	/* unsorted, with a hole at pages 200..209; page 1 holds the bitmap */
	uint8_t *buf = rnd_buf = ram(2 * MiB, RND_PAGES);
	struct mem_region r[] = { region(buf + P(210), P(RND_PAGES - 210)),
				  region(buf + 0x800, P(200) + 0x123 - 0x800) };

	for (size_t i = 0; i < RND_PAGES; i++)
		model[i] = i < 2 || (i >= 200 && i < 210) ? UNMANAGED : FREE;
	assert_int_equal(page_alloc_init(r, 2), 0);
	model_check_stats();

	for (int op = 0; op < 20000; op++) {
		unsigned kind = below(100);

		if (kind < 50)
			rnd_alloc();
		else if (kind < 85)
			rnd_free_allocated();
		else if (kind < 95)
			rnd_free_any();
		else
			rnd_bad_arguments();
		model_check_stats();
	}
	/* the run went through full and empty memory both ways */
	assert_true(allocs > 3000 && enomem > 500);
	assert_true(frees > 3000 && einval > 500);

	for (size_t i = 0; i < RND_PAGES; i++)
		if (model[i] == USED) {
			assert_int_equal(page_free_pages(rnd_pa(i), 1), 0);
			model_free(i, 1);
		}
	model_check_stats();
}

/*
 * Claiming a given range (a loader's image): only whole free pages of
 * managed RAM; the allocator then goes around it, and it can be freed
 * like any allocation. 64 pages, the first the bitmap: pages 1-63.
 */
static void test_claim(void **state)
{
	uint8_t *buf = ram(PAGE_SIZE, 64);
	struct mem_region r = region(buf, P(64));
	paddr_t out;

	assert_int_equal(page_alloc_init(&r, 1), 0);
	assert_int_equal(page_claim_pages(pa(buf + P(1)), 2), 0);
	check_stats(2);
	assert_int_equal(page_alloc_page(&out), 0);
	assert_int_equal(out, pa(buf + P(3)));	/* past the claimed ones */
	/* taken: the claimed and the allocated one, each refused whole */
	assert_int_equal(page_claim_pages(pa(buf + P(2)), 1), -EBUSY);
	assert_int_equal(page_claim_pages(pa(buf + P(3)), 2), -EBUSY);
	check_stats(3);
	/* the last page is in, one past it not; nor the bitmap, nor a
	 * misaligned address or no page at all */
	assert_int_equal(page_claim_pages(pa(buf + P(63)), 1), 0);
	assert_int_equal(page_claim_pages(pa(buf + P(62)), 2), -EBUSY);
	assert_int_equal(page_claim_pages(pa(buf + P(62)), 3), -EINVAL);
	assert_int_equal(page_claim_pages(pa(buf), 1), -EINVAL);
	assert_int_equal(page_claim_pages(pa(buf + P(10)) + 8, 1), -EINVAL);
	assert_int_equal(page_claim_pages(pa(buf + P(10)), 0), -EINVAL);
	check_stats(4);
	assert_int_equal(page_free_pages(pa(buf + P(1)), 2), 0);
	check_stats(2);
}

#define TEST(fn) cmocka_unit_test_teardown(fn, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_init_rejects_bad_input),
		TEST(test_single_pages),
		TEST(test_aligned_runs),
		TEST(test_exhaustion_and_recovery),
		TEST(test_fragmentation),
		TEST(test_double_free),
		TEST(test_free_outside_or_unaligned),
		TEST(test_free_past_region_end),
		TEST(test_regions_with_hole),
		TEST(test_unaligned_bounds_rounded_inward),
		TEST(test_metadata_never_handed_out),
		TEST(test_metadata_in_lowest_region_with_room),
		TEST(test_random_against_model),
		TEST(test_claim),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
