// SPDX-License-Identifier: MIT
/* lib/memmap.c: range set arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <vireo/errno.h>
#include <vireo/memmap.h>

static void expect(const struct memmap *m, int n, const uint64_t *pairs)
{
	assert_int_equal(m->count, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(m->r[i].base, pairs[2 * i]);
		assert_int_equal(m->r[i].size, pairs[2 * i + 1]);
	}
}

static void test_add_merges_overlapping_and_touching(void **state)
{
	struct memmap m = { 0 };

	assert_int_equal(memmap_add(&m, 0x3000, 0x1000), 0);
	assert_int_equal(memmap_add(&m, 0x1000, 0x1000), 0);
	expect(&m, 2, (const uint64_t[]){ 0x1000, 0x1000, 0x3000, 0x1000 });
	assert_int_equal(memmap_add(&m, 0x2000, 0x1000), 0);	/* touches both */
	expect(&m, 1, (const uint64_t[]){ 0x1000, 0x3000 });
	assert_int_equal(memmap_add(&m, 0x800, 0x4000), 0);	/* overlaps */
	expect(&m, 1, (const uint64_t[]){ 0x800, 0x4000 });
	assert_int_equal(memmap_add(&m, 0x10000, 0), 0);	/* empty: no-op */
	assert_int_equal(memmap_total(&m), 0x4000);
}

static void test_remove_trims_and_splits(void **state)
{
	struct memmap m = { 0 };

	memmap_add(&m, 0x0, 0x10000);
	assert_int_equal(memmap_remove(&m, 0x4000, 0x1000), 0);
	expect(&m, 2, (const uint64_t[]){ 0x0, 0x4000, 0x5000, 0xb000 });
	assert_int_equal(memmap_remove(&m, 0x0, 0x1000), 0);	/* head */
	assert_int_equal(memmap_remove(&m, 0xf000, 0x8000), 0);	/* tail, past end */
	expect(&m, 2, (const uint64_t[]){ 0x1000, 0x3000, 0x5000, 0xa000 });
	assert_int_equal(memmap_remove(&m, 0x0, 0x100000), 0);	/* all */
	assert_int_equal(m.count, 0);
}

/* A removal ending exactly at a range's end trims it (no empty entry
 * left behind); one ending a byte short splits it. */
static void test_remove_up_to_the_end(void **state)
{
	struct memmap m = { 0 };

	memmap_add(&m, 0x0, 0x10000);
	assert_int_equal(memmap_remove(&m, 0x8000, 0x8000), 0);	/* to the end */
	expect(&m, 1, (const uint64_t[]){ 0x0, 0x8000 });
	assert_int_equal(memmap_remove(&m, 0x4000, 0x3fff), 0);	/* a byte short */
	expect(&m, 2, (const uint64_t[]){ 0x0, 0x4000, 0x7fff, 0x1 });
	assert_int_equal(memmap_remove(&m, 0x7fff, 0x1), 0);	/* exactly one range */
	expect(&m, 1, (const uint64_t[]){ 0x0, 0x4000 });
	assert_int_equal(memmap_remove(&m, 0x0, 0x4000), 0);	/* the whole of it */
	assert_int_equal(m.count, 0);
}

/* Ranges a byte apart stay apart; touching ones merge. */
static void test_add_one_byte_apart(void **state)
{
	struct memmap m = { 0 };

	memmap_add(&m, 0x1000, 0x1000);
	assert_int_equal(memmap_add(&m, 0x2001, 0x1000), 0);	/* a byte after */
	expect(&m, 2, (const uint64_t[]){ 0x1000, 0x1000, 0x2001, 0x1000 });
	assert_int_equal(memmap_add(&m, 0x0, 0xfff), 0);	/* a byte before */
	expect(&m, 3, (const uint64_t[]){ 0x0, 0xfff, 0x1000, 0x1000, 0x2001, 0x1000 });
	assert_int_equal(memmap_add(&m, 0x2000, 0x1), 0);	/* the gaps filled */
	assert_int_equal(memmap_add(&m, 0xfff, 0x1), 0);
	expect(&m, 1, (const uint64_t[]){ 0x0, 0x3001 });
}

static void test_full_map_reports_enospc(void **state)
{
	struct memmap m = { 0 };

	for (int i = 0; i < MEMMAP_MAX; i++)
		assert_int_equal(memmap_add(&m, (uint64_t)i * 0x2000, 0x1000), 0);
	assert_int_equal(memmap_add(&m, 0x100000, 0x1000), -ENOSPC);
	assert_int_equal(memmap_remove(&m, 0x200, 0x100), -ENOSPC);	/* split */
	assert_int_equal(m.count, MEMMAP_MAX);
}

static void test_contains_and_top_of_address_space(void **state)
{
	struct memmap m = { 0 };

	memmap_add(&m, 0x1000, 0x1000);
	memmap_add(&m, 0xfffffffffffff000ULL, 0x1000);
	assert_true(memmap_contains(&m, 0x1000, 0x1000));
	assert_true(memmap_contains(&m, 0x1800, 0x100));
	assert_false(memmap_contains(&m, 0x1800, 0x1000));
	assert_false(memmap_contains(&m, 0x0, 0x10));
	assert_true(memmap_contains(&m, 0xfffffffffffff000ULL, 0xfff));
	assert_int_equal(memmap_remove(&m, 0xfffffffffffff800ULL, 0x10000), 0);
	assert_int_equal(m.r[1].size, 0x800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_merges_overlapping_and_touching),
		cmocka_unit_test(test_remove_trims_and_splits),
		cmocka_unit_test(test_remove_up_to_the_end),
		cmocka_unit_test(test_add_one_byte_apart),
		cmocka_unit_test(test_full_map_reports_enospc),
		cmocka_unit_test(test_contains_and_top_of_address_space),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
