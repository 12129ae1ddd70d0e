// SPDX-License-Identifier: MIT
/*
 * The page-table engine (lib/pgtable.c, lib/pgtable_fmt_*.c) on the
 * host, for every format. Tables live in a fake physical memory (an
 * arena at a made-up physical address), so that the engine is caught if
 * it ever uses a physical address as a pointer or touches a table it
 * freed. What the engine builds is read back by ref_walker.c, written
 * from the manuals independently of the engine, and compared with a
 * per-page model of the address space.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sanitizer/asan_interface.h>

#include <vireo/errno.h>
#include <vireo/page_alloc.h>
#include <vireo/pgtable.h>

#include "ref_walker.h"

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)
#define PG 4096ULL

/* ---------------------------------------------------------------------
 * Fake physical memory for tables
 */
#define ARENA_PAGES 8192
#define ARENA_PA 0x00005a0000000000ULL	/* high bits set, < 2^47 */

static uint8_t *arena;
static uint16_t run_len[ARENA_PAGES];	/* at a run's first page: its pages */
static bool used[ARENA_PAGES];

static struct {
	unsigned int live;	/* pages allocated now */
	unsigned int allocs, frees;	/* calls */
	long fail_after;	/* allocations left before -ENOMEM; <0: never */
	bool misalign;		/* hand out a misaligned run (contract test) */
	unsigned int hint;	/* where the next search starts */
	unsigned int bbm;	/* break_before_make calls */
	uint64_t bbm_va, bbm_size;
} mm;

/* Forget everything (done_pt() checked the last table freed it all). */
static void mm_reset(void)
{
	memset(used, 0, sizeof(used));
	memset(run_len, 0, sizeof(run_len));
	ASAN_POISON_MEMORY_REGION(arena, ARENA_PAGES * PG);
	memset(&mm, 0, sizeof(mm));
	mm.fail_after = -1;
}

static unsigned int page_of(uint64_t pa)
{
	assert_true(pa >= ARENA_PA && pa < ARENA_PA + ARENA_PAGES * PG);
	assert_int_equal(pa & (PG - 1), 0);
	return (unsigned int)((pa - ARENA_PA) / PG);
}

static int t_alloc(void *ctx, unsigned int pages, paddr_t *pa)
{
	unsigned int start = mm.hint;

	assert_true(pages == 1 || pages == 2 || pages == 4);
	if (mm.fail_after == 0)
		return -ENOMEM;
	if (mm.fail_after > 0)
		mm.fail_after--;
	/* next fit: a freed page is not reused at once, so a stale use of
	 * it hits poisoned memory */
	for (unsigned int n = 0; n < ARENA_PAGES; n += pages) {
		unsigned int p = (start + n) % ARENA_PAGES / pages * pages;
		unsigned int i;

		for (i = 0; i < pages && !used[p + i]; i++)
			;
		if (i < pages)
			continue;
		if (mm.misalign)
			p |= 1;
		for (i = 0; i < pages; i++)
			used[p + i] = true;
		run_len[p] = (uint16_t)pages;
		ASAN_UNPOISON_MEMORY_REGION(arena + p * PG, pages * PG);
		memset(arena + p * PG, 0, pages * PG);
		mm.hint = p + pages;
		mm.live += pages;
		mm.allocs++;
		*pa = ARENA_PA + p * PG;
		return 0;
	}
	return -ENOMEM;
}

static void t_free(void *ctx, paddr_t pa, unsigned int pages)
{
	unsigned int p = page_of(pa);

	/* exactly a run that was handed out, freed once */
	assert_true(used[p]);
	assert_int_equal(run_len[p], pages);
	memset(arena + p * PG, 0xa5, pages * PG);
	ASAN_POISON_MEMORY_REGION(arena + p * PG, pages * PG);
	for (unsigned int i = 0; i < pages; i++)
		used[p + i] = false;
	run_len[p] = 0;
	mm.live -= pages;
	mm.frees++;
}

static void *t_phys(void *ctx, paddr_t pa)
{
	unsigned int p = page_of(pa);

	assert_true(used[p]);	/* never a freed table */
	return arena + p * PG;
}

static void t_bbm(void *ctx, uint64_t va, uint64_t size)
{
	mm.bbm++;
	mm.bbm_va = va;
	mm.bbm_size = size;
}

static const struct pgtable_mm_ops ops = {
	.alloc = t_alloc,
	.free = t_free,
	.phys_to_virt = t_phys,
};

static const struct pgtable_mm_ops ops_bbm = {
	.alloc = t_alloc,
	.free = t_free,
	.phys_to_virt = t_phys,
	.break_before_make = t_bbm,
};

static void *ref_phys(void *ctx, uint64_t pa)
{
	return t_phys(ctx, pa);
}

/* ---------------------------------------------------------------------
 * The formats under test
 */
struct fcase {
	const char *name;
	const struct pgtable_format *fmt;
	enum ref_arch arch;
	unsigned int flags;
	bool forced_user;	/* NPT and G-stage: every leaf U=1 */
	enum ref_mem normal, device;
};

static const struct fcase cases[] = {
	{ "x86-64", &pgtable_fmt_x86_64, REF_X86_4, 0, false,
	  REF_MEM_WB, REF_MEM_UC },
	{ "x86-64 max 2M", &pgtable_fmt_x86_64, REF_X86_4, PGTABLE_F_MAX_2M,
	  false, REF_MEM_WB, REF_MEM_UC },
	{ "x86-64 5-level", &pgtable_fmt_x86_64_5l, REF_X86_5, 0, false,
	  REF_MEM_WB, REF_MEM_UC },
	{ "AMD NPT", &pgtable_fmt_amd_npt, REF_AMD_NPT, 0, true,
	  REF_MEM_WB, REF_MEM_UC },
	{ "Intel EPT", &pgtable_fmt_ept, REF_EPT, 0, false,
	  REF_MEM_WB, REF_MEM_UC },
	{ "Arm S1 EL2", &pgtable_fmt_arm64_s1, REF_ARM_S1, 0, false,
	  REF_MEM_WB, REF_MEM_UC },
	{ "Arm S2 40-bit", &pgtable_fmt_arm64_s2_40, REF_ARM_S2_40, 0, false,
	  REF_MEM_WB, REF_MEM_UC },
	{ "Sv39", &pgtable_fmt_sv39, REF_SV39, 0, false,
	  REF_MEM_PMA, REF_MEM_PMA },
	{ "Sv39 Svpbmt", &pgtable_fmt_sv39, REF_SV39, PGTABLE_F_SVPBMT, false,
	  REF_MEM_PMA, REF_MEM_IO },
	{ "Sv48", &pgtable_fmt_sv48, REF_SV48, 0, false,
	  REF_MEM_PMA, REF_MEM_PMA },
	{ "Sv39x4", &pgtable_fmt_sv39x4, REF_SV39X4, 0, true,
	  REF_MEM_PMA, REF_MEM_PMA },
	{ "Sv48x4 Svpbmt", &pgtable_fmt_sv48x4, REF_SV48X4, PGTABLE_F_SVPBMT,
	  true, REF_MEM_PMA, REF_MEM_IO },
};

static const struct fcase *fc_of(void **state)
{
	return *state;
}

static unsigned int in_bits(const struct pgtable_format *f)
{
	unsigned int b = 12;

	for (unsigned int l = 0; l < f->levels; l++)
		b += f->idx_bits[l];
	return b;
}

static struct ref_ctx ref_of(const struct fcase *fc, const struct pgtable *pt)
{
	return (struct ref_ctx){ .arch = fc->arch, .root = pt->root,
				 .phys = ref_phys, .mair = PGTABLE_ARM_MAIR,
				 .svpbmt = fc->flags & PGTABLE_F_SVPBMT };
}

static struct ref_tree_info tree_of(const struct fcase *fc,
				    const struct pgtable *pt)
{
	struct ref_ctx c = ref_of(fc, pt);
	struct ref_tree_info t;

	ref_tree(&c, &t);
	if (t.bad)
		fail_msg("%s: tables: %s", fc->name, t.bad);
	assert_int_equal(t.empty, 0);	/* empty tables are freed */
	assert_int_equal(t.pages, mm.live);	/* and nothing else leaks */
	return t;
}

static void setup_pt(const struct fcase *fc, struct pgtable *pt,
		     const struct pgtable_mm_ops *o)
{
	mm_reset();
	assert_int_equal(pgtable_init(pt, fc->fmt, o, NULL, fc->flags), 0);
	assert_int_equal(pt->root & (pgtable_root_size(fc->fmt) - 1), 0);
}

static void done_pt(struct pgtable *pt)
{
	pgtable_free(pt);
	assert_int_equal(mm.live, 0);
	assert_int_equal(mm.allocs, mm.frees);
}

/* What the hardware must see for one page mapped with attr at pa. */
static void expect_page(const struct fcase *fc, const struct pgtable *pt,
			uint64_t va, uint64_t pa, unsigned int attr)
{
	struct ref_ctx c = ref_of(fc, pt);
	struct ref_result r;
	unsigned int eattr;
	paddr_t epa;

	ref_walk(&c, va, &r);
	if (r.bad)
		fail_msg("%s: va %#llx: %s", fc->name, (unsigned long long)va,
			 r.bad);
	if (!r.mapped)
		fail_msg("%s: va %#llx not mapped", fc->name,
			 (unsigned long long)va);
	assert_int_equal(r.pa, pa);
	assert_int_equal(r.r, !!(attr & PGTABLE_R));
	assert_int_equal(r.w, !!(attr & PGTABLE_W));
	assert_int_equal(r.x, !!(attr & PGTABLE_X));
	assert_int_equal(r.u, fc->forced_user || (attr & PGTABLE_USER));
	assert_int_equal(r.mem, attr & PGTABLE_DEVICE ? fc->device : fc->normal);

	assert_int_equal(pgtable_translate(pt, va, &epa, &eattr, NULL), 0);
	assert_int_equal(epa, pa);
	assert_int_equal(eattr, attr);
}

static void expect_unmapped(const struct fcase *fc, const struct pgtable *pt,
			    uint64_t va)
{
	struct ref_ctx c = ref_of(fc, pt);
	struct ref_result r;

	ref_walk(&c, va, &r);
	if (r.bad)
		fail_msg("%s: va %#llx: %s", fc->name, (unsigned long long)va,
			 r.bad);
	if (r.mapped)
		fail_msg("%s: va %#llx mapped to %#llx", fc->name,
			 (unsigned long long)va, (unsigned long long)r.pa);
	assert_int_equal(pgtable_translate(pt, va, NULL, NULL, NULL), -ENOENT);
}

static uint64_t leaf_size(const struct fcase *fc, const struct pgtable *pt,
			  uint64_t va)
{
	struct ref_ctx c = ref_of(fc, pt);
	struct ref_result r;
	uint64_t size;

	ref_walk(&c, va, &r);
	assert_null(r.bad);
	assert_true(r.mapped);
	assert_int_equal(pgtable_translate(pt, va, NULL, NULL, &size), 0);
	assert_int_equal(size, r.size);
	return size;
}

/* The largest leaf the format and flags allow at or below want. */
static uint64_t max_leaf(const struct fcase *fc, uint64_t want)
{
	const struct pgtable_format *f = fc->fmt;
	uint64_t best = PG;

	for (unsigned int l = 0; l + 1 < f->levels; l++) {
		uint64_t s = 1ULL << (12 + 9 * (f->levels - 1 - l));

		if (!(f->block_levels & (1U << l)) || s > want)
			continue;
		if ((fc->flags & PGTABLE_F_MAX_2M) && s > 2 * MiB)
			continue;
		if (s > best)
			best = s;
	}
	return best;
}

/* ---------------------------------------------------------------------
 * Random operations against a per-page model
 */
static uint64_t rng;

static uint64_t rnd(void)
{
	/* xorshift64* */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

#define WIN_PAGES (4 * GiB / PG)	/* the window random ops stay in */
#define M_MAPPED (1ULL << 11)		/* model entry: pa | attr | M_MAPPED */
#define OPS 3000
#define BATCH 25

static uint64_t *model;

/* Start of the window: across the middle of the index space, or the
 * start of the upper half for sign-extended formats. */
static uint64_t window_base(const struct pgtable_format *f)
{
	uint64_t half = 1ULL << (in_bits(f) - 1);

	return f->sign_extend ? 0 - half : half - 2 * GiB;
}

static void pick_range(uint64_t *first, uint64_t *count)
{
	unsigned int k = rnd() % 100;

	if (k < 50) {
		*count = 1 + rnd() % 16;
	} else if (k < 80) {
		*count = 1 + rnd() % 1100;
	} else if (k < 97) {
		/* 2 MiB multiples, sometimes off by a few pages */
		*count = 512 * (1 + rnd() % 4);
		*first = rnd() % (WIN_PAGES / 512 - 4) * 512;
		if (rnd() % 4 == 0)
			*first += rnd() % 8;
		if (rnd() % 4 == 0)
			*count += rnd() % 8;
		return;
	} else {
		/* around 1 GiB */
		*count = GiB / PG;
		*first = rnd() % (WIN_PAGES / *count - 1) * *count;
		if (rnd() % 2)
			*first += 512 * (rnd() % 4);
		if (rnd() % 2)
			*count += 512 * (rnd() % 3) + rnd() % 3;
		return;
	}
	*first = rnd() % (WIN_PAGES - *count);
}

static unsigned int pick_perm(const struct fcase *fc, bool *valid)
{
	const struct pgtable_format *f = fc->fmt;
	unsigned int rwx;

	*valid = true;
	if (f->perm_ok != 0xfe && rnd() % 100 < 3) {
		do
			rwx = rnd() % 8;
		while (f->perm_ok & (1U << rwx));
		*valid = false;
		return rwx;
	}
	do
		rwx = rnd() % 8;
	while (!(f->perm_ok & (1U << rwx)));
	if ((f->attr_ok & PGTABLE_USER) && rnd() % 3 == 0)
		rwx |= PGTABLE_USER;
	return rwx;
}

/* Mostly congruent to va modulo 1 GiB or 2 MiB, so that blocks are used.
 * Below 2^(oa_bits - 1): a range of a few GiB from it always fits. */
static uint64_t pick_pa(const struct fcase *fc, uint64_t va)
{
	uint64_t span = 1ULL << (fc->fmt->oa_bits - 1);
	uint64_t hi = rnd() % span;
	unsigned int k = rnd() % 100;

	if (k < 60)
		return (hi & ~(GiB - 1)) | (va & (GiB - 1));
	if (k < 85)
		return (hi & ~(2 * MiB - 1)) | (va & (2 * MiB - 1));
	return hi & ~(PG - 1);
}

static bool any_mapped(uint64_t first, uint64_t count)
{
	for (uint64_t i = first; i < first + count; i++)
		if (model[i])
			return true;
	return false;
}

static bool all_mapped(uint64_t first, uint64_t count)
{
	for (uint64_t i = first; i < first + count; i++)
		if (!model[i])
			return false;
	return true;
}

/*
 * Compare pages [lo, hi) of the window with the model. One walk per leaf
 * (or per invalid entry): what a leaf maps is contiguous and uniform, so
 * the walk decides for every page it spans, and each of those pages is
 * checked against the model.
 */
static void check_pages(const struct fcase *fc, const struct pgtable *pt,
			uint64_t base, uint64_t lo, uint64_t hi)
{
	struct ref_ctx c = ref_of(fc, pt);

	while (lo < hi) {
		uint64_t va = base + lo * PG, n, m = model[lo];
		struct ref_result r;

		ref_walk(&c, va, &r);
		if (r.bad)
			fail_msg("%s: va %#llx: %s", fc->name,
				 (unsigned long long)va, r.bad);
		if (m)
			expect_page(fc, pt, va, m & ~(PG - 1),
				    (unsigned int)(m & (M_MAPPED - 1)));
		else
			expect_unmapped(fc, pt, va);
		n = (r.size - (va & (r.size - 1))) / PG;
		if (n > hi - lo)
			n = hi - lo;
		for (uint64_t i = 1; i < n; i++) {
			uint64_t want = m ? m + i * PG : 0;

			if (model[lo + i] != want)
				fail_msg("%s: va %#llx: walk says %#llx, model "
					 "%#llx", fc->name,
					 (unsigned long long)(va + i * PG),
					 (unsigned long long)want,
					 (unsigned long long)model[lo + i]);
		}
		lo += n;
	}
}

struct touched {
	uint64_t first, count;
};

static void test_random(void **state)
{
	const struct fcase *fc = fc_of(state);
	const struct pgtable_format *f = fc->fmt;
	uint64_t base = window_base(f);
	struct touched batch[BATCH];
	unsigned int nbatch = 0, nomem = 0, eexist = 0, enoent = 0;
	struct pgtable pt;

	rng = 0x9e3779b97f4a7c15ULL;	/* fixed seed, one per format */
	for (const char *c = fc->name; *c; c++)
		rng = (rng ^ (uint8_t)*c) * 0x100000001b3ULL;
	memset(model, 0, WIN_PAGES * sizeof(*model));
	setup_pt(fc, &pt, &ops);

	for (unsigned int op = 0; op < OPS; op++) {
		uint64_t first, count, va, pa = 0;
		unsigned int kind = rnd() % 100, attr = 0;
		bool valid = true, inject = rnd() % 100 < 8;
		struct ref_tree_info before = { 0 };
		int ret, want;

		pick_range(&first, &count);
		va = base + first * PG;
		if (inject) {
			before = tree_of(fc, &pt);
			mm.fail_after = (long)(rnd() % 3);
		}
		if (kind < 45) {
			attr = pick_perm(fc, &valid);
			if ((f->attr_ok & PGTABLE_DEVICE) && rnd() % 5 == 0)
				attr |= PGTABLE_DEVICE;
			pa = pick_pa(fc, va);
			ret = pgtable_map(&pt, va, pa, count * PG, attr);
			want = !valid ? -EINVAL :
			       any_mapped(first, count) ? -EEXIST : 0;
		} else if (kind < 75) {
			ret = pgtable_unmap(&pt, va, count * PG);
			want = 0;
		} else {
			attr = pick_perm(fc, &valid);
			ret = pgtable_protect(&pt, va, count * PG, attr);
			want = !valid ? -EINVAL :
			       !all_mapped(first, count) ? -ENOENT : 0;
		}
		mm.fail_after = -1;

		if (inject && want == 0 && ret == -ENOMEM) {
			/* all or nothing: the tables are exactly as before */
			struct ref_tree_info after = tree_of(fc, &pt);

			assert_int_equal(after.digest, before.digest);
			assert_int_equal(after.pages, before.pages);
			nomem++;
			continue;
		}
		if (ret != want)
			fail_msg("%s: op %u (%u) va %#llx pages %llu: %d, not %d",
				 fc->name, op, kind, (unsigned long long)va,
				 (unsigned long long)count, ret, want);
		eexist += ret == -EEXIST;
		enoent += ret == -ENOENT;
		if (ret)
			continue;

		for (uint64_t i = 0; i < count; i++) {
			uint64_t *m = &model[first + i];

			if (kind < 45)
				*m = (pa + i * PG) | attr | M_MAPPED;
			else if (kind < 75)
				*m = 0;
			else
				*m = (*m & ~(uint64_t)PGTABLE_PERM) | attr;
		}
		batch[nbatch++] = (struct touched){ first, count };
		if (nbatch == BATCH || op == OPS - 1) {
			/* every page touched, one page either side */
			for (unsigned int b = 0; b < nbatch; b++) {
				uint64_t lo = batch[b].first ? batch[b].first - 1 : 0;
				uint64_t hi = batch[b].first + batch[b].count + 1;

				if (hi > WIN_PAGES)
					hi = WIN_PAGES;
				check_pages(fc, &pt, base, lo, hi);
			}
			nbatch = 0;
			tree_of(fc, &pt);
		}
	}

	/* the whole window, and pages just outside it */
	check_pages(fc, &pt, base, 0, WIN_PAGES);
	if (!f->sign_extend)
		expect_unmapped(fc, &pt, base - PG);
	expect_unmapped(fc, &pt, base + WIN_PAGES * PG);
	print_message("%s: %u ops, %u -EEXIST, %u -ENOENT, %u rolled back "
		      "after -ENOMEM, %u table pages at the end\n", fc->name,
		      OPS, eexist, enoent, nomem, mm.live);
	assert_true(nomem > 10 && eexist > 10 && enoent > 10);
	done_pt(&pt);
}

/* ---------------------------------------------------------------------
 * Directed tests
 */

/* Input addresses in the lower half, 1 GiB aligned, valid everywhere. */
#define VA0 (4 * GiB)
#define PA0 (0x40ULL * GiB)

static unsigned int root_pages(const struct fcase *fc)
{
	return (unsigned int)(pgtable_root_size(fc->fmt) / PG);
}

/* depth of the level whose entries map size bytes */
static unsigned int depth_of(const struct fcase *fc, uint64_t size)
{
	unsigned int d = fc->fmt->levels - 1;

	while (size > PG) {
		size >>= 9;
		d--;
	}
	return d;
}

static void test_blocks(void **state)
{
	const struct fcase *fc = fc_of(state);
	const unsigned int rw = PGTABLE_R | PGTABLE_W;
	uint64_t big = max_leaf(fc, GiB);
	struct ref_tree_info t;
	struct pgtable pt;

	setup_pt(fc, &pt, &ops);
	/* 1 GiB aligned: one leaf, no table below the level holding it */
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB, rw), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(mm.live, root_pages(fc) + depth_of(fc, big));
	if (big == GiB) {
		assert_int_equal(t.leaves[2], 1);
		assert_int_equal(t.tables, 1 + depth_of(fc, GiB));
	} else {
		assert_int_equal(t.leaves[1], 512);	/* 2 MiB each */
		assert_int_equal(t.tables, 1 + depth_of(fc, 2 * MiB));
	}
	assert_int_equal(t.leaves[0], 0);
	assert_int_equal(leaf_size(fc, &pt, VA0 + GiB / 2 + 5 * PG), big);
	expect_page(fc, &pt, VA0 + 123 * PG, PA0 + 123 * PG, rw);
	/* taking it away frees every table below the root */
	assert_int_equal(pgtable_unmap(&pt, VA0, GiB), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.tables, 1);
	assert_int_equal(mm.live, root_pages(fc));

	/* three 2 MiB blocks: one table at the 2 MiB level, none below */
	assert_int_equal(pgtable_map(&pt, VA0 + 2 * MiB, PA0 + 6 * MiB,
				     6 * MiB, rw), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[1], 3);
	assert_int_equal(t.leaves[0], 0);
	assert_int_equal(t.tables, 1 + depth_of(fc, 2 * MiB));
	assert_int_equal(pgtable_unmap(&pt, VA0 + 2 * MiB, 6 * MiB), 0);

	/* 1 GiB + 2 MiB + 4 KiB from a 1 GiB boundary: largest first */
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB + 2 * MiB + PG, rw), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[0], 1);
	assert_int_equal(t.leaves[1], big == GiB ? 1 : 513);
	assert_int_equal(t.leaves[2], big == GiB ? 1 : 0);
	assert_int_equal(pgtable_unmap(&pt, VA0, GiB + 2 * MiB + PG), 0);

	/* pa congruent to va only modulo 4 KiB: pages only */
	assert_int_equal(pgtable_map(&pt, VA0, PA0 + PG, 2 * MiB, rw), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[0], 512);
	assert_int_equal(t.tables, 1 + depth_of(fc, PG));
	expect_page(fc, &pt, VA0 + 2 * MiB - PG, PA0 + 2 * MiB, rw);
	assert_int_equal(pgtable_unmap(&pt, VA0, 2 * MiB), 0);

	/* pa aligned to 2 MiB only: 2 MiB blocks for a 1 GiB range */
	assert_int_equal(pgtable_map(&pt, VA0, PA0 + 2 * MiB, GiB, rw), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[1], 512);
	assert_int_equal(t.leaves[2], 0);
	assert_int_equal(pgtable_unmap(&pt, VA0, GiB), 0);

	/* 512 GiB leaves where the format has them (Sv48, Sv48x4) */
	if (fc->fmt->levels == 4 && (fc->fmt->block_levels & 1)) {
		assert_int_equal(pgtable_map(&pt, 512 * GiB, 1024 * GiB,
					     512 * GiB, rw), 0);
		t = tree_of(fc, &pt);
		assert_int_equal(t.leaves[3], 1);
		assert_int_equal(t.tables, 1);
		assert_int_equal(leaf_size(fc, &pt, 700 * GiB), 512 * GiB);
		expect_page(fc, &pt, 700 * GiB + PG, 1212 * GiB + PG, rw);
		/* a page taken out of it: 511 GiB, 511 2 MiB, 511 pages */
		assert_int_equal(pgtable_unmap(&pt, 600 * GiB, PG), 0);
		t = tree_of(fc, &pt);
		assert_int_equal(t.leaves[2], 511);
		assert_int_equal(t.leaves[1], 511);
		assert_int_equal(t.leaves[0], 511);
		assert_int_equal(pgtable_unmap(&pt, 512 * GiB, 512 * GiB), 0);
	}
	done_pt(&pt);
}

static void test_split_unmap(void **state)
{
	const struct fcase *fc = fc_of(state);
	const unsigned int rw = PGTABLE_R | PGTABLE_W;
	uint64_t hole = VA0 + GiB / 2 + 3 * PG;
	uint64_t big = max_leaf(fc, GiB);
	struct ref_tree_info t;
	struct pgtable pt;
	unsigned int live;

	setup_pt(fc, &pt, &ops_bbm);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB, rw), 0);
	assert_int_equal(mm.bbm, 0);
	live = mm.live;

	/* one page out of the middle: the blocks around it are split */
	assert_int_equal(pgtable_unmap(&pt, hole, PG), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[0], 511);
	assert_int_equal(t.leaves[1], 511);
	assert_int_equal(t.leaves[2], 0);
	assert_int_equal(mm.live, live + (big == GiB ? 2 : 1));
	/* break-before-make: once per block split, the innermost last */
	assert_int_equal(mm.bbm, big == GiB ? 2 : 1);
	assert_int_equal(mm.bbm_va, (hole & ~(2 * MiB - 1)));
	assert_int_equal(mm.bbm_size, 2 * MiB);
	expect_unmapped(fc, &pt, hole);
	expect_page(fc, &pt, hole - PG, PA0 + GiB / 2 + 2 * PG, rw);
	expect_page(fc, &pt, hole + PG, PA0 + GiB / 2 + 4 * PG, rw);
	assert_int_equal(leaf_size(fc, &pt, hole + PG), PG);
	assert_int_equal(leaf_size(fc, &pt, VA0), 2 * MiB);
	expect_page(fc, &pt, VA0 + GiB - PG, PA0 + GiB - PG, rw);

	/* the first 2 MiB away: no page table needed for it */
	assert_int_equal(pgtable_unmap(&pt, VA0, 2 * MiB), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[1], 510);
	expect_unmapped(fc, &pt, VA0 + 2 * MiB - PG);
	expect_page(fc, &pt, VA0 + 2 * MiB, PA0 + 2 * MiB, rw);

	/* everything else: back to the bare root */
	assert_int_equal(pgtable_unmap(&pt, VA0, GiB), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.tables, 1);
	done_pt(&pt);
}

static void test_split_protect(void **state)
{
	const struct fcase *fc = fc_of(state);
	const struct pgtable_format *f = fc->fmt;
	const unsigned int rw = PGTABLE_R | PGTABLE_W;
	unsigned int dev = f->attr_ok & PGTABLE_DEVICE;
	uint64_t va = VA0 + 2 * MiB + PG;
	struct ref_tree_info t, before;
	struct pgtable pt;

	setup_pt(fc, &pt, &ops);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB, rw | dev), 0);
	assert_int_equal(pgtable_protect(&pt, va, 2 * PG, PGTABLE_R), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.leaves[0], 512);
	expect_page(fc, &pt, va - PG, PA0 + 2 * MiB, rw | dev);
	expect_page(fc, &pt, va, PA0 + 2 * MiB + PG, PGTABLE_R | dev);
	expect_page(fc, &pt, va + PG, PA0 + 2 * MiB + 2 * PG, PGTABLE_R | dev);
	expect_page(fc, &pt, va + 2 * PG, PA0 + 2 * MiB + 3 * PG, rw | dev);

	/* a whole block changes in place, without splitting */
	before = tree_of(fc, &pt);
	assert_int_equal(pgtable_protect(&pt, VA0 + 4 * MiB, 2 * MiB,
					 PGTABLE_R | PGTABLE_X), 0);
	t = tree_of(fc, &pt);
	assert_int_equal(t.pages, before.pages);
	expect_page(fc, &pt, VA0 + 5 * MiB, PA0 + 5 * MiB,
		    PGTABLE_R | PGTABLE_X | dev);

	/* a hole in the range: -ENOENT and nothing changed */
	assert_int_equal(pgtable_unmap(&pt, VA0 + 8 * MiB, PG), 0);
	before = tree_of(fc, &pt);
	assert_int_equal(pgtable_protect(&pt, VA0 + 6 * MiB, 4 * MiB,
					 PGTABLE_R), -ENOENT);
	t = tree_of(fc, &pt);
	assert_int_equal(t.digest, before.digest);

	/* the memory type is not a permission */
	assert_int_equal(pgtable_protect(&pt, VA0, PG, PGTABLE_R | dev |
					 PGTABLE_DEVICE), -EINVAL);
	done_pt(&pt);
}

static void test_errors(void **state)
{
	const struct fcase *fc = fc_of(state);
	const struct pgtable_format *f = fc->fmt;
	const unsigned int rw = PGTABLE_R | PGTABLE_W;
	uint64_t top = 1ULL << in_bits(f);
	uint64_t oa = 1ULL << f->oa_bits;
	struct ref_tree_info before, t;
	struct pgtable pt;

	mm_reset();
	assert_int_equal(pgtable_init(&pt, f, &ops, NULL, 1U << 7), -EINVAL);
	assert_int_equal(mm.live, 0);
	setup_pt(fc, &pt, &ops);
	assert_int_equal(pgtable_map(&pt, VA0 + 2 * MiB, PA0, 4 * MiB, rw), 0);
	assert_int_equal(pgtable_map(&pt, VA0 + 10 * PG, PA0, PG, rw), 0);
	before = tree_of(fc, &pt);

	/* -EINVAL: alignment, size, attributes */
	assert_int_equal(pgtable_map(&pt, VA0 + 1, PA0, PG, rw), -EINVAL);
	assert_int_equal(pgtable_map(&pt, VA0, PA0 + 8, PG, rw), -EINVAL);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, PG + 1, rw), -EINVAL);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, 0, rw), -EINVAL);
	assert_int_equal(pgtable_unmap(&pt, VA0 + 4, PG), -EINVAL);
	assert_int_equal(pgtable_unmap(&pt, VA0, 0), -EINVAL);
	assert_int_equal(pgtable_protect(&pt, VA0, PG / 2, PGTABLE_R), -EINVAL);
	for (unsigned int rwx = 0; rwx < 8; rwx++)
		if (!(f->perm_ok & (1U << rwx))) {
			assert_int_equal(pgtable_map(&pt, VA0, PA0, PG, rwx),
					 -EINVAL);
			assert_int_equal(pgtable_protect(&pt, VA0 + 2 * MiB, PG,
							 rwx), -EINVAL);
		}
	assert_int_equal(pgtable_map(&pt, VA0, PA0, PG, rw | 1U << 7), -EINVAL);
	if (!(f->attr_ok & PGTABLE_USER))
		assert_int_equal(pgtable_map(&pt, VA0, PA0, PG,
					     rw | PGTABLE_USER), -EINVAL);

	/* -ERANGE: outside the input or the output address space */
	if (f->sign_extend) {
		assert_int_equal(pgtable_map(&pt, top / 2, PA0, PG, rw), -ERANGE);
		assert_int_equal(pgtable_map(&pt, top / 2 - PG, PA0, 2 * PG, rw),
				 -ERANGE);
		assert_int_equal(pgtable_map(&pt, 0 - PG, PA0, 2 * PG, rw),
				 -ERANGE);
		assert_int_equal(pgtable_translate(&pt, top / 2, NULL, NULL,
						   NULL), -ERANGE);
	} else {
		assert_int_equal(pgtable_map(&pt, top, PA0, PG, rw), -ERANGE);
		assert_int_equal(pgtable_map(&pt, top - PG, PA0, 2 * PG, rw),
				 -ERANGE);
		assert_int_equal(pgtable_unmap(&pt, top - PG, 2 * PG), -ERANGE);
		assert_int_equal(pgtable_translate(&pt, top, NULL, NULL, NULL),
				 -ERANGE);
	}
	assert_int_equal(pgtable_map(&pt, VA0, oa, PG, rw), -ERANGE);
	assert_int_equal(pgtable_map(&pt, VA0, oa - PG, 2 * PG, rw), -ERANGE);

	/* -EEXIST: over a page, over part of a block, around both */
	assert_int_equal(pgtable_map(&pt, VA0 + 10 * PG, PA0, PG, rw), -EEXIST);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, 11 * PG, rw), -EEXIST);
	assert_int_equal(pgtable_map(&pt, VA0 + 3 * MiB, PA0, PG, rw), -EEXIST);
	assert_int_equal(pgtable_map(&pt, VA0 + 6 * MiB - PG, PA0, 2 * PG, rw),
			 -EEXIST);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB, rw), -EEXIST);

	/* -ENOENT: translate and protect of what is not there */
	assert_int_equal(pgtable_translate(&pt, VA0, NULL, NULL, NULL), -ENOENT);
	assert_int_equal(pgtable_protect(&pt, VA0 + 9 * PG, 2 * PG, PGTABLE_R),
			 -ENOENT);
	/* unmapping nothing is fine, and allocates nothing */
	assert_int_equal(pgtable_unmap(&pt, VA0 + 100 * MiB, 3 * GiB), 0);

	t = tree_of(fc, &pt);
	assert_int_equal(t.digest, before.digest);
	assert_int_equal(t.pages, before.pages);
	done_pt(&pt);
}

/* Fail the n-th allocation, n = 0, 1, ... until op succeeds; every
 * failure must leave the tables exactly as they were. */
typedef int (*op_fn)(struct pgtable *pt);

static unsigned int fail_each(const struct fcase *fc, struct pgtable *pt,
			      op_fn op)
{
	for (unsigned int n = 0;; n++) {
		struct ref_tree_info before = tree_of(fc, pt), after;
		unsigned int allocs = mm.allocs;
		int ret;

		mm.fail_after = n;
		ret = op(pt);
		mm.fail_after = -1;
		if (!ret)
			return n;
		assert_int_equal(ret, -ENOMEM);
		assert_int_equal(mm.allocs - allocs, n);
		after = tree_of(fc, pt);
		assert_int_equal(after.digest, before.digest);
		assert_int_equal(after.pages, before.pages);
	}
}

/* straddles a 1 GiB boundary: tables at every level on both sides */
static int op_map_wide(struct pgtable *pt)
{
	return pgtable_map(pt, VA0 + GiB - 2 * MiB - PG, PA0 + PG,
			   4 * MiB + 2 * PG, PGTABLE_R | PGTABLE_W);
}

static int op_unmap_middle(struct pgtable *pt)
{
	return pgtable_unmap(pt, VA0 + GiB / 2 + PG, PG);
}

/* both edges inside blocks: splits at the start and at the end */
static int op_protect_edges(struct pgtable *pt)
{
	return pgtable_protect(pt, VA0 + 2 * MiB - PG, 3 * MiB, PGTABLE_R);
}

/* the start edge is split already, the end one is not */
static int op_unmap_end_edge(struct pgtable *pt)
{
	return pgtable_unmap(pt, VA0 + 4 * MiB + PG, GiB - 8 * MiB);
}

/* the start edge splits fine, the end edge fails: both undone */
static int op_unmap_both_edges(struct pgtable *pt)
{
	return pgtable_unmap(pt, VA0 + PG, GiB - 2 * PG);
}

static void test_enomem(void **state)
{
	const struct fcase *fc = fc_of(state);
	const unsigned int rw = PGTABLE_R | PGTABLE_W;
	unsigned int splits = max_leaf(fc, GiB) == GiB ? 2 : 1;
	struct pgtable pt;

	setup_pt(fc, &pt, &ops);
	/* a neighbour, so that some of the tables exist already */
	assert_int_equal(pgtable_map(&pt, VA0 + GiB + 2 * MiB + PG, PA0, PG,
				     rw), 0);
	assert_true(fail_each(fc, &pt, op_map_wide) >= 2);
	expect_page(fc, &pt, VA0 + GiB - 2 * MiB - PG, PA0 + PG, rw);
	expect_page(fc, &pt, VA0 + GiB + 2 * MiB, PA0 + 4 * MiB + 2 * PG, rw);
	expect_page(fc, &pt, VA0 + GiB + 2 * MiB + PG, PA0, rw);
	assert_int_equal(pgtable_unmap(&pt, VA0, 2 * GiB), 0);
	assert_int_equal(tree_of(fc, &pt).tables, 1);

	/* splitting a 1 GiB block (512 2 MiB ones with PGTABLE_F_MAX_2M) */
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB, rw), 0);
	assert_int_equal(fail_each(fc, &pt, op_unmap_middle), splits);
	expect_unmapped(fc, &pt, VA0 + GiB / 2 + PG);
	assert_int_equal(fail_each(fc, &pt, op_protect_edges), 2);
	expect_page(fc, &pt, VA0 + 2 * MiB - PG, PA0 + 2 * MiB - PG, PGTABLE_R);
	expect_page(fc, &pt, VA0 + 5 * MiB - 2 * PG, PA0 + 5 * MiB - 2 * PG,
		    PGTABLE_R);
	expect_page(fc, &pt, VA0 + 5 * MiB - PG, PA0 + 5 * MiB - PG, rw);
	assert_int_equal(fail_each(fc, &pt, op_unmap_end_edge), 1);
	expect_page(fc, &pt, VA0 + 4 * MiB, PA0 + 4 * MiB, PGTABLE_R);
	expect_unmapped(fc, &pt, VA0 + 4 * MiB + PG);
	expect_unmapped(fc, &pt, VA0 + GiB - 4 * MiB);
	expect_page(fc, &pt, VA0 + GiB - 4 * MiB + PG,
		    PA0 + GiB - 4 * MiB + PG, rw);

	assert_int_equal(pgtable_unmap(&pt, VA0, GiB), 0);
	assert_int_equal(pgtable_map(&pt, VA0, PA0, GiB, rw), 0);
	assert_int_equal(fail_each(fc, &pt, op_unmap_both_edges), splits + 1);
	expect_page(fc, &pt, VA0, PA0, rw);
	expect_unmapped(fc, &pt, VA0 + PG);
	expect_unmapped(fc, &pt, VA0 + GiB - 2 * PG);
	expect_page(fc, &pt, VA0 + GiB - PG, PA0 + GiB - PG, rw);
	done_pt(&pt);
}

/* Upper-half (kernel) addresses of the sign-extended formats. */
static void test_canonical(void **state)
{
	const struct fcase *fc = fc_of(state);
	const struct pgtable_format *f = fc->fmt;
	const unsigned int rx = PGTABLE_R | PGTABLE_X;
	uint64_t half = 1ULL << (in_bits(f) - 1);
	struct pgtable pt;

	setup_pt(fc, &pt, &ops);
	/* first and last pages of the upper half, and the last of the lower */
	assert_int_equal(pgtable_map(&pt, 0 - half, PA0, 2 * MiB, rx), 0);
	assert_int_equal(pgtable_map(&pt, 0 - 2 * MiB, PA0 + 2 * MiB, 2 * MiB,
				     rx), 0);
	assert_int_equal(pgtable_map(&pt, half - PG, PA0 + 8 * MiB, PG, rx), 0);
	expect_page(fc, &pt, 0 - half + PG, PA0 + PG, rx);
	expect_page(fc, &pt, 0 - PG, PA0 + 4 * MiB - PG, rx);
	expect_page(fc, &pt, half - PG, PA0 + 8 * MiB, rx);
	expect_unmapped(fc, &pt, 0);
	assert_int_equal(leaf_size(fc, &pt, 0 - PG), 2 * MiB);
	/* the hole in between */
	assert_int_equal(pgtable_map(&pt, half, PA0, PG, rx), -ERANGE);
	assert_int_equal(pgtable_map(&pt, 0 - half - PG, PA0, PG, rx), -ERANGE);
	assert_int_equal(pgtable_unmap(&pt, 0 - half - PG, 2 * PG), -ERANGE);
	assert_int_equal(pgtable_unmap(&pt, 0 - 2 * MiB, 2 * MiB), 0);
	assert_int_equal(pgtable_unmap(&pt, 0 - half, 2 * MiB), 0);
	assert_int_equal(pgtable_unmap(&pt, half - PG, PG), 0);
	assert_int_equal(tree_of(fc, &pt).tables, 1);
	done_pt(&pt);
}

static void test_free_everything(void **state)
{
	const struct fcase *fc = fc_of(state);
	struct pgtable pt;
	unsigned int n = 0;

	setup_pt(fc, &pt, &ops);
	rng = 12345;
	/* many scattered pages and blocks: hundreds of tables */
	for (unsigned int i = 0; i < 400; i++) {
		uint64_t va = (rnd() % (1ULL << (in_bits(fc->fmt) - 1))) &
			      ~(2 * MiB - 1);
		uint64_t size = rnd() % 2 ? PG : 2 * MiB;

		n += !pgtable_map(&pt, va, PA0, size, PGTABLE_R);
	}
	assert_true(n > 350);
	assert_true(tree_of(fc, &pt).tables > 300);
	done_pt(&pt);	/* frees == allocs, nothing live */
}

/* Roots: sizes from the manuals, alignment enforced. */
static void test_roots(void **state)
{
	static const struct {
		const struct pgtable_format *fmt;
		size_t bytes;
	} roots[] = {
		{ &pgtable_fmt_x86_64, 4096 },	   { &pgtable_fmt_x86_64_5l, 4096 },
		{ &pgtable_fmt_amd_npt, 4096 },	   { &pgtable_fmt_ept, 4096 },
		{ &pgtable_fmt_arm64_s1, 4096 },   { &pgtable_fmt_arm64_s2_40, 8192 },
		{ &pgtable_fmt_sv39, 4096 },	   { &pgtable_fmt_sv48, 4096 },
		{ &pgtable_fmt_sv39x4, 16384 },	   { &pgtable_fmt_sv48x4, 16384 },
	};
	struct pgtable pt;

	for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
		assert_int_equal(pgtable_root_size(roots[i].fmt), roots[i].bytes);
		mm_reset();
		mm.misalign = roots[i].bytes > 4096;
		assert_int_equal(pgtable_init(&pt, roots[i].fmt, &ops, NULL, 0),
				 roots[i].bytes > 4096 ? -EINVAL : 0);
		mm.misalign = false;
		if (roots[i].bytes == 4096)
			pgtable_free(&pt);
		assert_int_equal(mm.live, 0);
		mm_reset();
		mm.fail_after = 0;
		assert_int_equal(pgtable_init(&pt, roots[i].fmt, &ops, NULL, 0),
				 -ENOMEM);
		mm.fail_after = -1;
	}
	assert_int_equal(ref_root_bytes(REF_ARM_S2_40), 8192);
	assert_int_equal(ref_root_bytes(REF_SV48X4), 16384);
}

/* The reference walker itself, on entries written by hand from the
 * manuals (so that a bug shared by both sides cannot hide). */
static uint64_t *hand_table(paddr_t *pa, unsigned int pages)
{
	assert_int_equal(t_alloc(NULL, pages, pa), 0);
	return t_phys(NULL, *pa);
}

static void test_ref_walker_by_hand(void **state)
{
	struct ref_ctx c = { .phys = ref_phys, .mair = PGTABLE_ARM_MAIR };
	paddr_t a, b;
	uint64_t *ta, *tb;
	struct ref_result r;

	mm_reset();
	/* x86-64: PML4[0] -> PDPT; PDPT[1] = 1 GiB page at 0x80000000,
	 * P|RW|PS, XD */
	ta = hand_table(&a, 1);
	tb = hand_table(&b, 1);
	ta[0] = b | 0x7;
	tb[1] = 0x8000000080000083ULL;
	c.arch = REF_X86_4;
	c.root = a;
	ref_walk(&c, 0x40001234, &r);
	assert_null(r.bad);
	assert_true(r.mapped && r.w && !r.x && !r.u && r.r);
	assert_int_equal(r.pa, 0x80001234);
	assert_int_equal(r.size, GiB);
	tb[1] |= 1ULL << 20;	/* reserved in a 1 GiB PDPTE */
	ref_walk(&c, 0x40001234, &r);
	assert_non_null(r.bad);
	ta[0] |= 0x80;		/* PS in a PML4E */
	ref_walk(&c, 0, &r);
	assert_non_null(r.bad);

	/* Sv39: root[2] = gigapage at 0x80000000, V|R|W|X|A|D */
	memset(ta, 0, PG);
	ta[2] = (0x80000000ULL >> 12) << 10 | 0xcf;
	c.arch = REF_SV39;
	ref_walk(&c, 0x80000123, &r);
	assert_null(r.bad);
	assert_true(r.mapped && r.r && r.w && r.x);
	assert_int_equal(r.pa, 0x80000123);
	ta[2] += 1ULL << 10;	/* PPN[0] != 0: misaligned superpage */
	ref_walk(&c, 0x80000123, &r);
	assert_non_null(r.bad);
	ref_walk(&c, 1ULL << 38, &r);	/* not sign-extended */
	assert_non_null(r.bad);

	/* Arm stage 1: L0[0] -> L1; L1[1] = block at 0x40000000, AF,
	 * AP = 0b11 (read-only, AP[1] RES1), SH inner, AttrIndx 0, XN */
	memset(ta, 0, PG);
	memset(tb, 0, PG);
	ta[0] = b | 3;
	tb[1] = 0x0040000040000000ULL | 1 << 10 | 3 << 8 | 3 << 6 | 1;
	c.arch = REF_ARM_S1;
	ref_walk(&c, 0x40000040, &r);
	assert_null(r.bad);
	assert_true(r.mapped && r.r && !r.w && !r.x);
	assert_int_equal(r.mem, REF_MEM_WB);
	assert_int_equal(r.pa, 0x40000040);
	tb[1] &= ~(1ULL << 10);	/* no AF */
	ref_walk(&c, 0x40000040, &r);
	assert_non_null(r.bad);

	/* EPT: PML4E -> PDPTE; 1 GiB page, WB, R|X, and W without R */
	memset(ta, 0, PG);
	memset(tb, 0, PG);
	ta[0] = b | 7;
	tb[0] = 0x40000000 | 0x80 | 6 << 3 | 5;
	c.arch = REF_EPT;
	ref_walk(&c, 0x1000, &r);
	assert_null(r.bad);
	assert_true(r.mapped && r.r && !r.w && r.x);
	assert_int_equal(r.mem, REF_MEM_WB);
	tb[0] = 0x40000000 | 0x80 | 6 << 3 | 2;
	ref_walk(&c, 0x1000, &r);
	assert_non_null(r.bad);

	t_free(NULL, a, 1);
	t_free(NULL, b, 1);
}

/* The hypervisor's allocator: lib/pgtable_alloc.c on lib/page_alloc.c,
 * with host memory standing in for identity-mapped RAM. */
static void *ident(void *ctx, uint64_t pa)
{
	return (void *)(uintptr_t)pa;
}

static void test_page_alloc_ops(void **state)
{
	const size_t size = 4 * MiB;
	uint8_t *ram = aligned_alloc(64 * KiB, size);
	struct mem_region rgn = { (uintptr_t)ram, size };
	struct page_stats st0, st;
	struct ref_ctx c = { .phys = ident };
	struct ref_result r;
	struct pgtable pt;

	assert_non_null(ram);
	memset(ram, 0x5a, size);	/* tables must come out zeroed */
	assert_int_equal(page_alloc_init(&rgn, 1), 0);
	page_alloc_get_stats(&st0);

	/* a 16 KiB root: four pages aligned to four */
	assert_int_equal(pgtable_init(&pt, &pgtable_fmt_sv48x4,
				      &pgtable_page_alloc_ops, NULL, 0), 0);
	assert_int_equal(pt.root & (16 * KiB - 1), 0);
	assert_int_equal(pgtable_map(&pt, VA0 + PG, PA0, 3 * PG,
				     PGTABLE_R | PGTABLE_W), 0);
	c.arch = REF_SV48X4;
	c.root = pt.root;
	ref_walk(&c, VA0 + 2 * PG, &r);
	assert_null(r.bad);
	assert_true(r.mapped && r.u);
	assert_int_equal(r.pa, PA0 + PG);
	page_alloc_get_stats(&st);
	assert_int_equal(st0.free_pages - st.free_pages, 4 + 3);
	assert_int_equal(pgtable_unmap(&pt, VA0, 4 * PG), 0);
	page_alloc_get_stats(&st);
	assert_int_equal(st0.free_pages - st.free_pages, 4);
	pgtable_free(&pt);
	page_alloc_get_stats(&st);
	assert_int_equal(st.free_pages, st0.free_pages);

	assert_int_equal(page_alloc_init(NULL, 0), -EINVAL);
	free(ram);
}

/* ---------------------------------------------------------------------
 * One test of each kind per format
 */
static const struct {
	const char *what;
	CMUnitTestFunction fn;
} per_format[] = {
	{ "random", test_random },
	{ "blocks", test_blocks },
	{ "split_unmap", test_split_unmap },
	{ "split_protect", test_split_protect },
	{ "errors", test_errors },
	{ "enomem", test_enomem },
	{ "canonical", test_canonical },
	{ "free_everything", test_free_everything },
};

#define NTESTS (ARRAY_SIZE(per_format) * ARRAY_SIZE(cases) + 3)

int main(void)
{
	static struct CMUnitTest tests[NTESTS];
	static char names[NTESTS][64];
	size_t n = 0;
	int ret;

	arena = aligned_alloc(PG, ARENA_PAGES * PG);
	model = malloc(WIN_PAGES * sizeof(*model));
	assert_non_null(arena);
	assert_non_null(model);
	ASAN_POISON_MEMORY_REGION(arena, ARENA_PAGES * PG);

	tests[n++] = (struct CMUnitTest){ "roots", test_roots, NULL, NULL, NULL };
	tests[n++] = (struct CMUnitTest){ "ref_walker_by_hand",
					  test_ref_walker_by_hand, NULL, NULL,
					  NULL };
	tests[n++] = (struct CMUnitTest){ "page_alloc_ops", test_page_alloc_ops,
					  NULL, NULL, NULL };
	for (size_t k = 0; k < ARRAY_SIZE(per_format); k++)
		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			if (per_format[k].fn == test_canonical &&
			    !cases[i].fmt->sign_extend)
				continue;
			snprintf(names[n], sizeof(names[n]), "%s %s",
				 per_format[k].what, cases[i].name);
			tests[n] = (struct CMUnitTest){
				names[n], per_format[k].fn, NULL, NULL,
				(void *)&cases[i]
			};
			n++;
		}
	ret = _cmocka_run_group_tests("pgtable", tests, n, NULL, NULL);
	free(model);
	free(arena);
	return ret;
}
