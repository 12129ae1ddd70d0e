// SPDX-License-Identifier: MIT
/* lib/dt.c on trees compiled by dtc (tests/unit/dts/), and on broken ones. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <libfdt.h>
#include <vireo/dt.h>

#include "host_dtb.h"

static void assert_reg(const void *fdt, const char *path, int i,
		       uint64_t base, uint64_t size)
{
	struct mem_region r;
	int node = fdt_path_offset(fdt, path);

	assert_true(node >= 0);
	assert_int_equal(dt_reg(fdt, node, i, &r), 0);
	assert_int_equal(r.base, base);
	assert_int_equal(r.size, size);
}

static void test_valid_tree(void **state)
{
	size_t size;
	void *fdt = dtb_load("tree", &size);
	char why[96];

	assert_null(dt_validate(fdt, size, why, sizeof(why)));
	assert_null(dt_validate(fdt, DT_MAX_SIZE, why, sizeof(why)));
	assert_non_null(dt_validate(fdt, 0, why, sizeof(why)));
	free(fdt);
}

static void test_reg_and_translation(void **state)
{
	size_t size;
	void *fdt = dtb_load("tree", &size);
	struct mem_region r;
	int node;

	assert_reg(fdt, "/memory@80000000", 0, 0x80000000, 0x10000000);
	assert_reg(fdt, "/memory@80000000", 1, 0xa0000000, 0x1000000);
	assert_reg(fdt, "/memory@100000000", 0, 0x100000000ULL, 0x20000000);
	assert_reg(fdt, "/soc/serial@10000000", 0, 0x10000000, 0x100);
	/* through two levels of ranges */
	assert_reg(fdt, "/soc/bus@30000000/dev@10", 1, 0x30000020, 0x8);
	/* both sides of the window's end: 0x0-0xfff maps, 0x1000 does not */
	assert_reg(fdt, "/soc/bus@30000000/last@ffc", 0, 0x30000ffc, 0x4);
	node = fdt_path_offset(fdt, "/soc/bus@30000000/past@1000");
	assert_int_equal(dt_reg(fdt, node, 0, &r), -FDT_ERR_NOTFOUND);
	/* an empty ranges under a translating bus goes on translating */
	assert_reg(fdt, "/soc/bus@30000000/flat/dev@40", 0, 0x30000040, 0x4);
	/* no ranges on ioport: the address stays in port space */
	assert_reg(fdt, "/ioport/port@3f8", 0, 0x3f8, 0x8);
	node = fdt_path_offset(fdt, "/soc/bus@30000000/dev@10");
	assert_int_equal(dt_reg_count(fdt, node), 2);
	assert_int_equal(dt_reg(fdt, node, 2, &r), -FDT_ERR_NOTFOUND);
	assert_int_equal(dt_reg_count(fdt, fdt_path_offset(fdt, "/chosen")), 0);
	free(fdt);
}

static void test_status_memory_stdout_path(void **state)
{
	size_t size;
	void *fdt = dtb_load("tree", &size);
	char path[64];

	assert_false(dt_is_enabled(fdt, fdt_path_offset(fdt, "/soc/off@2000")));
	assert_true(dt_is_enabled(fdt, fdt_path_offset(fdt, "/soc")));
	assert_true(dt_is_memory_node(fdt, fdt_path_offset(fdt, "/memory@100000000")));
	assert_false(dt_is_memory_node(fdt, fdt_path_offset(fdt, "/soc")));
	/* alias with options */
	assert_int_equal(dt_stdout_node(fdt),
			 fdt_path_offset(fdt, "/soc/serial@10000000"));
	assert_int_equal(dt_node_path(fdt, dt_stdout_node(fdt), path, sizeof(path)), 0);
	assert_string_equal(path, "/soc/serial@10000000");
	assert_int_equal(dt_node_path(fdt, 0, path, sizeof(path)), 0);
	assert_string_equal(path, "/");
	assert_int_equal(dt_node_path(fdt, dt_stdout_node(fdt), path, 8),
			 -FDT_ERR_NOSPACE);
	free(fdt);
}

static void test_set_memory(void **state)
{
	size_t size;
	void *fdt = dtb_load("x86", &size);
	struct mem_region banks[9] = {
		{ 0x0, 0x9fc00 }, { 0x100000, 0xfee0000 }, { 0x100000000ULL, 0x40000000 },
	};

	assert_int_equal(dt_set_memory(fdt, banks, 3), 0);
	assert_reg(fdt, "/memory@0", 0, 0x0, 0x9fc00);
	assert_reg(fdt, "/memory@0", 2, 0x100000000ULL, 0x40000000);
	assert_reg(fdt, "/memory@0", 3, 0, 0);
	assert_int_equal(dt_set_memory(fdt, banks, 9), -FDT_ERR_NOSPACE);
	free(fdt);
}

/* Each corruption of a good blob must be refused with a reason. */
static void test_corrupt_blobs_are_refused(void **state)
{
	size_t size;
	uint8_t *good = dtb_load("tree", &size), *bad = malloc(size);
	fdt32_t *hdr = (fdt32_t *)bad;
	char why[96];
	const char *msg;

	const struct {
		const char *expect;
		size_t avail;
	} cases[] = {
		{ "bad magic", 0 },
		{ "truncated", 100 },
		{ "unsupported version", 0 },
		{ "overlapping blocks", 0 },
		{ "unterminated", 0 },
		/* shifted blocks overlap too, but the cause is the alignment */
		{ "structure block at offset 0x4a is not 4-byte aligned", 0 },
		{ "memory reservation block at offset 0x2c is not 8-byte aligned", 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		memcpy(bad, good, size);
		switch (i) {
		case 0: hdr[0] = cpu_to_fdt32(0xd00dfeee); break;
		case 1: break;
		case 2: hdr[5] = cpu_to_fdt32(1); hdr[6] = cpu_to_fdt32(1); break;
		case 3: hdr[3] = hdr[2]; break;	/* strings over the structure */
		case 4: {	/* drop the NUL that ends the strings block */
			uint32_t end = fdt32_to_cpu(hdr[3]) + fdt32_to_cpu(hdr[8]);

			memset(bad + fdt32_to_cpu(hdr[3]), 'x', end - fdt32_to_cpu(hdr[3]));
			break;
		}
		/* dtc puts the reservations at 0x28, the structure after
		 * the one entry and the terminator, at 0x48 */
		case 5: hdr[2] = cpu_to_fdt32(0x4a); break;
		case 6: hdr[4] = cpu_to_fdt32(0x2c); break;
		}
		msg = dt_validate(bad, cases[i].avail ? cases[i].avail : size,
				  why, sizeof(why));
		assert_non_null(msg);
		if (!strstr(msg, cases[i].expect))
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, msg, cases[i].expect);
	}
	free(good);
	free(bad);
}

static void test_tree_without_memory_is_refused(void **state)
{
	size_t size;
	void *fdt = dtb_load("no-memory", &size);
	char why[96];

	assert_string_equal(dt_validate(fdt, size, why, sizeof(why)), "no /memory node");
	free(fdt);
}

static void assert_refused(const char *name, const char *expect)
{
	size_t size;
	void *fdt = dtb_load(name, &size);
	char why[96];
	const char *msg = dt_validate(fdt, size, why, sizeof(why));

	if (!msg || strcmp(msg, expect))
		fail_msg("%s: \"%s\", not \"%s\"", name, msg ? msg : "(accepted)", expect);
	free(fdt);
}

/* Each /memory mistake is named, rather than ending in "no RAM". */
static void test_bad_memory_is_named(void **state)
{
	size_t size;
	void *fdt = dtb_load("mem-top", &size);
	char why[96];

	assert_null(dt_validate(fdt, size, why, sizeof(why)));	/* ends at 2^64 */
	free(fdt);
	assert_refused("mem-wrap", "/memory@fffffffffff00000: reg entry 1 "
		       "(0xfffffffffff00000 size 0x200000) wraps past 2^64");
	assert_refused("mem-badreg", "/memory@80000000: reg is 12 bytes, "
		       "not whole entries of 4 cells");
	assert_refused("mem-cells", "/: #address-cells 3, #size-cells 2: "
		       "/memory needs 1-2 and 0-2");
	assert_refused("mem-noreg", "/memory@80000000: no reg");
}

/* dt_cpu_hwid() of path: its error, and the id when there is none. */
static int hwid_of(const void *fdt, const char *path, uint64_t *hwid)
{
	int node = fdt_path_offset(fdt, path);

	assert_true(node >= 0);
	*hwid = 0x5a5a;
	return dt_cpu_hwid(fdt, fdt_parent_offset(fdt, node), node, hwid);
}

static void test_cpu_hwid(void **state)
{
	size_t size;
	void *fdt = dtb_load("cpus", &size);
	uint64_t id;

	/* #address-cells 1: one cell; a longer reg (threads) gives its first */
	assert_int_equal(hwid_of(fdt, "/cpus/cpu@0", &id), 0);
	assert_int_equal(id, 0);
	assert_int_equal(hwid_of(fdt, "/cpus/cpu@101", &id), 0);
	assert_int_equal(id, 0x101);
	/* #address-cells 2: both cells, high first */
	assert_int_equal(hwid_of(fdt, "/cpus2/cpu@100000001", &id), 0);
	assert_int_equal(id, 0x100000001ULL);
	/* reg shorter than one address: 3 bytes of 4, 4 bytes of 8 */
	assert_int_equal(hwid_of(fdt, "/cpus/cpu@short", &id), -FDT_ERR_BADVALUE);
	assert_int_equal(hwid_of(fdt, "/cpus2/cpu@short", &id), -FDT_ERR_BADVALUE);
	assert_int_equal(id, 0x5a5a);
	/* no reg */
	assert_int_equal(hwid_of(fdt, "/cpus/cpu@none", &id), -FDT_ERR_NOTFOUND);
	/* #address-cells 0 and 3: no id the HAL can hold */
	assert_int_equal(hwid_of(fdt, "/cpus0/cpu", &id), -FDT_ERR_BADNCELLS);
	assert_int_equal(hwid_of(fdt, "/cpus3/cpu@0,0,1", &id), -FDT_ERR_BADNCELLS);
	assert_int_equal(id, 0x5a5a);
	free(fdt);
}

static void test_cpu_nodes(void **state)
{
	size_t size;
	void *fdt = dtb_load("cpus", &size);

	assert_true(dt_is_cpu_node(fdt, fdt_path_offset(fdt, "/cpus/cpu@0")));
	assert_false(dt_is_cpu_node(fdt, fdt_path_offset(fdt, "/cpus/cpu-map")));
	assert_false(dt_is_cpu_node(fdt, fdt_path_offset(fdt, "/cpus/cpu@7")));
	/* by hardware id, in /cpus only */
	assert_int_equal(dt_cpu_node(fdt, 0), fdt_path_offset(fdt, "/cpus/cpu@0"));
	assert_int_equal(dt_cpu_node(fdt, 0x101), fdt_path_offset(fdt, "/cpus/cpu@101"));
	assert_int_equal(dt_cpu_node(fdt, 0x102), -FDT_ERR_NOTFOUND);
	assert_int_equal(dt_cpu_node(fdt, 7), -FDT_ERR_NOTFOUND);	/* not cpus */
	assert_int_equal(dt_cpu_node(fdt, 0x100000001ULL), -FDT_ERR_NOTFOUND);
	free(fdt);
}

static void test_read_u32(void **state)
{
	size_t size;
	void *fdt = dtb_load("cpus", &size);
	int node = fdt_path_offset(fdt, "/cells");
	uint32_t v = 7;

	assert_int_equal(dt_read_u32(fdt, node, "one", &v), 0);
	assert_int_equal(v, 0xdeadbeef);
	v = 7;
	/* one byte short of a cell, one over, two cells, none */
	assert_int_equal(dt_read_u32(fdt, node, "three-bytes", &v), -FDT_ERR_BADVALUE);
	assert_int_equal(dt_read_u32(fdt, node, "five-bytes", &v), -FDT_ERR_BADVALUE);
	assert_int_equal(dt_read_u32(fdt, node, "two", &v), -FDT_ERR_BADVALUE);
	assert_int_equal(dt_read_u32(fdt, node, "empty", &v), -FDT_ERR_BADVALUE);
	assert_int_equal(dt_read_u32(fdt, node, "missing", &v), -FDT_ERR_NOTFOUND);
	assert_int_equal(v, 7);
	/* exact string match: "cpu" is not "cpux" nor a prefix */
	assert_true(dt_prop_is(fdt, fdt_path_offset(fdt, "/cpus/cpu@7"), "device_type", "cpux"));
	assert_false(dt_prop_is(fdt, fdt_path_offset(fdt, "/cpus/cpu@7"), "device_type", "cpu"));
	free(fdt);
}

/* dt_getprops() for the node's own names (distinct) and some it has not
 * gives what fdt_getprop() gives for each. */
static void assert_getprops_agree(const void *fdt, int node,
				  const char *const *missing, int nmissing)
{
	const char *names[40];
	const void *vals[40];
	int lens[40], n = 0, prop, len;

	fdt_for_each_property_offset(prop, fdt, node) {
		bool seen = false;

		if (n == 32)
			break;
		assert_non_null(fdt_getprop_by_offset(fdt, prop, &names[n], &len));
		for (int i = 0; i < n; i++)
			seen |= !strcmp(names[i], names[n]);
		n += !seen;	/* a second property of a name: asked once */
	}
	for (int i = 0; i < nmissing; i++)
		names[n++] = missing[i];
	dt_getprops(fdt, node, names, n, vals, lens);
	for (int i = 0; i < n; i++) {
		assert_ptr_equal(vals[i], fdt_getprop(fdt, node, names[i], &len));
		assert_int_equal(lens[i], len);
	}
}

/* Every indexed answer equals libfdt's walk, node by node. */
static void assert_index_agrees(const void *fdt)
{
	static const char *const missing[] = { "no-such-prop", "phandl", "" };
	char path[128], unit[128];
	int node, prop;

	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL)) {
		const char *name, *at;
		int len, dlen;

		assert_int_equal(dt_parent(fdt, node), fdt_parent_offset(fdt, node));
		assert_int_equal(dt_next_node(fdt, node), fdt_next_node(fdt, node, NULL));
		assert_int_equal(dt_first_subnode(fdt, node), fdt_first_subnode(fdt, node));
		assert_int_equal(dt_next_subnode(fdt, node), fdt_next_subnode(fdt, node));
		assert_int_equal(dt_node_by_phandle(fdt, fdt_get_phandle(fdt, node)),
				 fdt_node_offset_by_phandle(fdt, fdt_get_phandle(fdt, node)));
		fdt_for_each_property_offset(prop, fdt, node) {
			assert_non_null(fdt_getprop_by_offset(fdt, prop, &name, &len));
			assert_ptr_equal(dt_getprop(fdt, node, name, &dlen),
					 fdt_getprop(fdt, node, name, &len));
			assert_int_equal(dlen, len);
		}
		assert_getprops_agree(fdt, node, missing, 3);
		for (size_t i = 0; i < sizeof(missing) / sizeof(missing[0]); i++) {
			assert_null(dt_getprop(fdt, node, missing[i], &dlen));
			assert_null(fdt_getprop(fdt, node, missing[i], &len));
			assert_int_equal(dlen, len);
		}
		assert_int_equal(dt_node_path(fdt, node, path, sizeof(path)), 0);
		assert_int_equal(dt_path_offset(fdt, path), fdt_path_offset(fdt, path));
		/* a name without its unit address finds the node too */
		snprintf(unit, sizeof(unit), "%s", path);
		at = strrchr(unit, '@');
		if (at && !strchr(at, '/'))
			unit[at - unit] = '\0';
		assert_int_equal(dt_path_offset(fdt, unit), fdt_path_offset(fdt, unit));
		strncat(unit, "x//", sizeof(unit) - strlen(unit) - 1);
		assert_int_equal(dt_path_offset(fdt, unit), fdt_path_offset(fdt, unit));
	}
	for (uint32_t ph = 0; ph < 8; ph++)
		assert_int_equal(dt_node_by_phandle(fdt, ph), fdt_node_offset_by_phandle(fdt, ph));
	assert_int_equal(dt_node_by_phandle(fdt, ~0u), fdt_node_offset_by_phandle(fdt, ~0u));
	assert_int_equal(dt_path_offset(fdt, "/"), fdt_path_offset(fdt, "/"));
	assert_int_equal(dt_path_offset(fdt, "serial0"), fdt_path_offset(fdt, "serial0"));
}

static void test_index_answers_as_libfdt(void **state)
{
	static const char *const trees[] = { "index", "tree", "cpus", "x86", "stdout-missing" };
	size_t size;
	char why[96];

	for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
		void *fdt = dtb_load(trees[i], &size);

		assert_null(dt_validate(fdt, size, why, sizeof(why)));
		assert_index_agrees(fdt);
		free(fdt);
	}
}

/* Values rewritten in place are read afresh; another blob is walked. */
static void test_index_contract(void **state)
{
	size_t size, other_size;
	void *fdt = dtb_load("index", &size), *other = dtb_load("tree", &other_size);
	char why[96];
	int node, len;
	fdt32_t *ph;

	assert_null(dt_validate(fdt, size, why, sizeof(why)));
	for (node = 0; node >= 0; node = fdt_next_node(fdt, node, NULL))
		if (fdt_get_phandle(fdt, node))
			break;
	assert_true(node >= 0);
	ph = (fdt32_t *)fdt_getprop(fdt, node, "phandle", &len);
	if (!ph)
		ph = (fdt32_t *)fdt_getprop(fdt, node, "linux,phandle", &len);
	assert_non_null(ph);
	*ph = cpu_to_fdt32(0x7777);
	assert_int_equal(dt_node_by_phandle(fdt, 0x7777), node);
	assert_index_agrees(fdt);
	/* not validated: the index is not its own, libfdt answers */
	assert_index_agrees(other);
	/* a refused blob leaves no index behind */
	assert_non_null(dt_validate(fdt, 0, why, sizeof(why)));
	assert_index_agrees(fdt);
	free(fdt);
	free(other);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_tree),
		cmocka_unit_test(test_reg_and_translation),
		cmocka_unit_test(test_status_memory_stdout_path),
		cmocka_unit_test(test_set_memory),
		cmocka_unit_test(test_corrupt_blobs_are_refused),
		cmocka_unit_test(test_tree_without_memory_is_refused),
		cmocka_unit_test(test_bad_memory_is_named),
		cmocka_unit_test(test_cpu_hwid),
		cmocka_unit_test(test_cpu_nodes),
		cmocka_unit_test(test_read_u32),
		cmocka_unit_test(test_index_answers_as_libfdt),
		cmocka_unit_test(test_index_contract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
