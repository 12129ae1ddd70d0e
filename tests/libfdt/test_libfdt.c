// SPDX-License-Identifier: MIT
/*
 * Unit tests of Vireo's libfdt for what the differential test cannot
 * compare: the inputs on which libfdt 1.6.1 loops for ever, recurses
 * without end or reads outside the blob, where Vireo's returns an error
 * instead, and where its sequential writer writes outside the buffer.
 * Blobs are built here and allocated to their exact size, so
 * AddressSanitizer catches any access past the end. Plus the API basics
 * the hypervisor relies on (conversions, in-place writes, a tree built
 * and read back).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

/* ---- a tiny blob builder (v17, dtc's layout) ---------------------------- */

struct bld {
	uint8_t st[4096];
	size_t stlen;
	char str[1024];
	size_t strlen;
	uint64_t rsv[8][2];
	int nrsv;
};

static void w32(struct bld *b, uint32_t v)
{
	fdt32_st(b->st + b->stlen, v);
	b->stlen += 4;
}

static void begin(struct bld *b, const char *name)
{
	size_t n = strlen(name) + 1;

	w32(b, FDT_BEGIN_NODE);
	memcpy(b->st + b->stlen, name, n);
	b->stlen += (n + 3) & ~(size_t)3;
}

static void end(struct bld *b)
{
	w32(b, FDT_END_NODE);
}

static uint32_t stroff(struct bld *b, const char *name)
{
	size_t off = b->strlen;

	strcpy(b->str + off, name);
	b->strlen += strlen(name) + 1;
	return (uint32_t)off;
}

/* A property with a length field of len and n bytes of value */
static void prop_raw(struct bld *b, const char *name, uint32_t len,
		     const void *val, size_t n)
{
	w32(b, FDT_PROP);
	w32(b, len);
	w32(b, stroff(b, name));
	memcpy(b->st + b->stlen, val, n);
	b->stlen += (n + 3) & ~(size_t)3;
}

static void prop(struct bld *b, const char *name, const void *val, size_t n)
{
	prop_raw(b, name, (uint32_t)n, val, n);
}

static void prop_str(struct bld *b, const char *name, const char *s)
{
	prop(b, name, s, strlen(s) + 1);
}

/* The blob in a buffer of exactly its size (past it is ASan's redzone) */
static void *finish(struct bld *b, size_t *sizep)
{
	size_t rsvlen = (size_t)(b->nrsv + 1) * 16;
	size_t off_rsv = 40, off_st = off_rsv + rsvlen;
	size_t off_str = off_st + b->stlen + 4;
	size_t total = off_str + b->strlen;
	uint8_t *p = calloc(1, total);
	int i;

	assert_non_null(p);
	fdt_set_magic(p, FDT_MAGIC);
	fdt_set_totalsize(p, (uint32_t)total);
	fdt_set_off_dt_struct(p, (uint32_t)off_st);
	fdt_set_off_dt_strings(p, (uint32_t)off_str);
	fdt_set_off_mem_rsvmap(p, (uint32_t)off_rsv);
	fdt_set_version(p, 17);
	fdt_set_last_comp_version(p, 16);
	fdt_set_size_dt_strings(p, (uint32_t)b->strlen);
	fdt_set_size_dt_struct(p, (uint32_t)b->stlen + 4);
	for (i = 0; i < b->nrsv; i++) {
		fdt64_st(p + off_rsv + 16 * i, b->rsv[i][0]);
		fdt64_st(p + off_rsv + 16 * i + 8, b->rsv[i][1]);
	}
	memcpy(p + off_st, b->st, b->stlen);
	fdt32_st(p + off_st + b->stlen, FDT_END);
	memcpy(p + off_str, b->str, b->strlen);
	if (sizep)
		*sizep = total;
	return p;
}

/*
 * Strings first, then the structure block cut right after its last byte
 * (no END tags): the last property's value ends the blob.
 */
static void *finish_at_end(struct bld *b, size_t valend)
{
	size_t off_str = 56, off_st = (off_str + b->strlen + 3) & ~(size_t)3;
	size_t total = off_st + valend;
	uint8_t *p = calloc(1, total);

	assert_non_null(p);
	fdt_set_magic(p, FDT_MAGIC);
	fdt_set_totalsize(p, (uint32_t)total);
	fdt_set_off_dt_struct(p, (uint32_t)off_st);
	fdt_set_off_dt_strings(p, (uint32_t)off_str);
	fdt_set_off_mem_rsvmap(p, 40);
	fdt_set_version(p, 17);
	fdt_set_last_comp_version(p, 16);
	fdt_set_size_dt_strings(p, (uint32_t)b->strlen);
	fdt_set_size_dt_struct(p, (uint32_t)valend);
	memcpy(p + off_str, b->str, b->strlen);
	memcpy(p + off_st, b->st, valend);
	return p;
}

/* ---- API basics ----------------------------------------------------------- */

static void test_conversions(void **state)
{
	uint8_t buf[16] = { 0 };
	fdt32_t be32 = cpu_to_fdt32(0x11223344);
	fdt64_t be64 = cpu_to_fdt64(0x1122334455667788ull);
	fdt16_t be16 = cpu_to_fdt16(0x1122);

	assert_memory_equal(&be32, "\x11\x22\x33\x44", 4);
	assert_memory_equal(&be64, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
	assert_memory_equal(&be16, "\x11\x22", 2);
	assert_int_equal(fdt32_to_cpu(be32), 0x11223344);
	assert_true(fdt64_to_cpu(be64) == 0x1122334455667788ull);
	assert_int_equal(fdt16_to_cpu(be16), 0x1122);

	/* unaligned loads and stores (UBSan would object to a cast) */
	fdt32_st(buf + 1, 0xdeadbeef);
	assert_memory_equal(buf + 1, "\xde\xad\xbe\xef", 4);
	assert_int_equal(fdt32_ld((const fdt32_t *)(void *)(buf + 1)), 0xdeadbeef);
	fdt64_st(buf + 3, 0x0102030405060708ull);
	assert_true(fdt64_ld((const fdt64_t *)(void *)(buf + 3)) ==
		    0x0102030405060708ull);
}

static void *sample(size_t *size)
{
	static const uint8_t reg[16] = { 0 };
	struct bld b = { .nrsv = 1, .rsv = { { 0x1000, 0x2000 } } };

	begin(&b, "");
	prop_str(&b, "compatible", "vireo,test");
	begin(&b, "memory@0");
	prop_str(&b, "device_type", "memory");
	prop(&b, "reg", reg, sizeof(reg));
	end(&b);
	begin(&b, "uart@1000");
	prop(&b, "compatible", "ns16550a\0ns16550", 17);
	end(&b);
	end(&b);
	return finish(&b, size);
}

static void test_basics(void **state)
{
	size_t size;
	void *fdt = sample(&size);
	uint64_t a, s;
	int mem, len;

	assert_int_equal(fdt_check_header(fdt), 0);
	assert_int_equal(fdt_totalsize(fdt), size);
	assert_int_equal(fdt_num_mem_rsv(fdt), 1);
	assert_int_equal(fdt_get_mem_rsv(fdt, 0, &a, &s), 0);
	assert_true(a == 0x1000 && s == 0x2000);
	mem = fdt_path_offset(fdt, "/memory");		/* unit address optional */
	assert_true(mem > 0);
	assert_int_equal(fdt_path_offset(fdt, "/memory@0"), mem);
	assert_int_equal(fdt_node_offset_by_compatible(fdt, -1, "ns16550"),
			 fdt_path_offset(fdt, "/uart@1000"));
	assert_int_equal(fdt_parent_offset(fdt, mem), 0);
	assert_int_equal(fdt_address_cells(fdt, 0), 2);	/* defaults */
	assert_int_equal(fdt_size_cells(fdt, 0), 1);
	assert_non_null(fdt_getprop(fdt, mem, "reg", &len));
	assert_int_equal(len, 16);
	free(fdt);
}

/* x86 writes the RAM size into the built-in DTB this way */
static void test_setprop_inplace(void **state)
{
	void *fdt = sample(NULL);
	int mem = fdt_path_offset(fdt, "/memory");
	const uint8_t *reg = fdt_getprop(fdt, mem, "reg", NULL);
	uint8_t v[16], big[17] = { 0 };

	fdt64_st(v, 0);
	fdt64_st(v + 8, 0x40000000);
	assert_int_equal(fdt_setprop_inplace(fdt, mem, "reg", v, 16), 0);
	assert_memory_equal(reg, v, 16);
	assert_int_equal(fdt_setprop_inplace(fdt, mem, "reg", big, 17),
			 -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_setprop_inplace(fdt, mem, "absent", v, 16),
			 -FDT_ERR_NOTFOUND);
	assert_int_equal(fdt_setprop_inplace_namelen_partial(fdt, mem, "reg", 3,
							     8, "\x12\x34", 2), 0);
	assert_memory_equal(reg + 8, "\x12\x34", 2);
	/* libfdt: idx + len wraps in 32 bits and the write goes astray */
	assert_int_equal(fdt_setprop_inplace_namelen_partial(fdt, mem, "reg", 3,
							     0xfffffff0u, big, 17),
			 -FDT_ERR_NOSPACE);
	/* libfdt: a negative length becomes a huge memcpy() */
	assert_int_equal(fdt_setprop_inplace_namelen_partial(fdt, mem, "reg", 3,
							     0, big, -1),
			 -FDT_ERR_NOSPACE);
	free(fdt);
}

/*
 * A length field of 0xfffffff8 is -8 as an int: libfdt still finds the
 * property by name, and its 32-bit check lets small writes through.
 * Same here, as long as the write stays inside the blob.
 */
static void test_setprop_corrupt_len(void **state)
{
	struct bld b = { 0 };
	uint8_t *fdt, *val;
	size_t size;
	int len;

	begin(&b, "");
	prop_str(&b, "a", "x");
	prop_raw(&b, "neg", 0xfffffff8u, "\1\2\3\4\5\6\7\x8", 8);
	end(&b);
	fdt = finish(&b, &size);
	val = (uint8_t *)fdt_getprop_w(fdt, 0, "neg", &len);
	assert_non_null(val);
	assert_int_equal(len, -8);
	assert_int_equal(fdt_setprop_inplace_namelen_partial(fdt, 0, "neg", 3,
							     2, "ab", 2), 0);
	assert_memory_equal(val, "\1\2ab\5", 5);
	assert_int_equal(fdt_setprop_inplace(fdt, 0, "neg", "ab", 2),
			 -FDT_ERR_NOSPACE);	/* -8 != 2 */
	assert_int_equal(fdt_setprop_inplace_namelen_partial(fdt, 0, "neg", 3,
				(uint32_t)(size - (size_t)(val - fdt)), "ab", 2),
			 -FDT_ERR_NOSPACE);	/* would end past the blob */
	free(fdt);
}

/* ---- where libfdt 1.6.1 misbehaves --------------------------------------- */

/*
 * A length of 0xfffffff4 wraps libfdt's step past the property to zero:
 * fdt_next_tag() returns the same offset and every walk loops for ever.
 */
static void test_looping_property(void **state)
{
	struct bld b = { 0 };
	void *fdt;
	int off, next, n = 0;

	begin(&b, "");
	prop_str(&b, "a", "x");
	prop_raw(&b, "loop", 0xfffffff4u, "", 0);
	begin(&b, "child");
	end(&b);
	end(&b);
	fdt = finish(&b, NULL);

	off = fdt_first_property_offset(fdt, 0);
	assert_int_equal(off, 8);
	/* the looping one follows "a" (12 + 4 bytes) */
	assert_int_equal(fdt_next_tag(fdt, off + 16, &next), FDT_END);
	assert_int_equal(next, -FDT_ERR_BADSTRUCTURE);
	assert_int_equal(fdt_next_property_offset(fdt, off),
			 -FDT_ERR_BADSTRUCTURE);
	fdt_for_each_property_offset(off, fdt, 0)
		assert_true(++n < 10);
	assert_int_equal(off, -FDT_ERR_BADSTRUCTURE);
	assert_int_equal(fdt_next_node(fdt, 0, NULL), -FDT_ERR_BADSTRUCTURE);
	assert_null(fdt_getprop(fdt, 0, "absent", &next));
	assert_int_equal(next, -FDT_ERR_BADSTRUCTURE);
	assert_int_equal(fdt_path_offset(fdt, "/child"), -FDT_ERR_BADSTRUCTURE);
	free(fdt);
}

static void *aliases(const char *const *kv, int n)
{
	struct bld b = { 0 };
	int i;

	begin(&b, "");
	begin(&b, "aliases");
	for (i = 0; i < n; i++)
		prop_str(&b, kv[2 * i], kv[2 * i + 1]);
	end(&b);
	begin(&b, "target");
	end(&b);
	end(&b);
	return finish(&b, NULL);
}

/* libfdt resolves alias-to-alias recursively, without a bound */
static void test_alias_cycle(void **state)
{
	static const char *const cyc[] = { "a", "b", "b", "a/x", "self", "self" };
	static const char *const chain[] = {
		"c1", "c2", "c2", "c3", "c3", "c4", "c4", "c5", "c5", "c6",
		"c6", "c7", "c7", "c8", "c8", "c9", "c9", "/target",
	};
	void *fdt = aliases(cyc, 3);
	int target;

	assert_int_equal(fdt_path_offset(fdt, "a"), -FDT_ERR_BADPATH);
	assert_int_equal(fdt_path_offset(fdt, "self"), -FDT_ERR_BADPATH);
	assert_string_equal(fdt_get_alias(fdt, "self"), "self");
	free(fdt);

	/* eight levels of indirection resolve, nine do not */
	fdt = aliases(chain, 9);
	target = fdt_path_offset(fdt, "/target");
	assert_true(target > 0);
	assert_int_equal(fdt_path_offset(fdt, "c2"), target);
	assert_int_equal(fdt_path_offset(fdt, "c1"), -FDT_ERR_BADPATH);
	free(fdt);
}

/* libfdt strlen()s the alias value, past the end of the blob if need be */
static void test_alias_unterminated(void **state)
{
	struct bld b = { 0 };
	void *fdt;

	begin(&b, "");
	begin(&b, "aliases");
	prop(&b, "x", "/aliases", 8);		/* no NUL, and the blob ends */
	fdt = finish_at_end(&b, b.stlen);
	assert_non_null(fdt_get_alias(fdt, "x"));
	assert_int_equal(fdt_path_offset(fdt, "x"), -FDT_ERR_BADPATH);
	assert_int_equal(fdt_path_offset(fdt, "x/y"), -FDT_ERR_BADPATH);
	free(fdt);
}

static void test_mem_rsv_bounds(void **state)
{
	void *fdt = sample(NULL);
	uint64_t a = 1, s = 1;

	/* libfdt passes n * 16 through a 32-bit check and reads 4 GiB away */
	assert_int_equal(fdt_get_mem_rsv(fdt, 1 << 28, &a, &s), -FDT_ERR_BADOFFSET);
	assert_int_equal(fdt_get_mem_rsv(fdt, INT32_MIN, &a, &s), -FDT_ERR_BADOFFSET);
	assert_int_equal(fdt_get_mem_rsv(fdt, -1, &a, &s), -FDT_ERR_BADOFFSET);
	assert_true(a == 1 && s == 1);
	/* libfdt computes totalsize - 16 and wraps below 16 bytes */
	fdt_set_totalsize(fdt, 12);
	assert_int_equal(fdt_num_mem_rsv(fdt), -FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_get_mem_rsv(fdt, 0, &a, &s), -FDT_ERR_BADOFFSET);
	free(fdt);
}

/* libfdt reads the byte after an unterminated list's last string */
static void test_stringlist_no_overread(void **state)
{
	char *list = malloc(3);
	struct bld b = { 0 };
	void *fdt;

	memcpy(list, "abc", 3);
	assert_int_equal(fdt_stringlist_contains(list, 3, "abc"), 0);
	assert_int_equal(fdt_stringlist_contains(list, 3, "ab"), 0);
	free(list);
	assert_int_equal(fdt_stringlist_contains("ab\0cd", 6, "cd"), 1);
	assert_int_equal(fdt_stringlist_contains("ab\0cd", 6, "c"), 0);

	/* inside a blob the next byte is there: libfdt's answer, safely */
	begin(&b, "");
	prop(&b, "compatible", "abc", 3);	/* followed by a NUL pad byte */
	end(&b);
	fdt = finish(&b, NULL);
	assert_int_equal(fdt_node_check_compatible(fdt, 0, "abc"), 0);
	free(fdt);
	/* at the blob's very end it is not: no match, and no read */
	fdt = finish_at_end(&b, b.stlen - 4 - 1);
	assert_int_equal(fdt_node_check_compatible(fdt, 0, "abc"), 1);
	assert_int_equal(fdt_node_check_compatible(fdt, 0, "ab"), 1);
	free(fdt);
}

static void test_header(void **state)
{
	size_t size;
	uint8_t *fdt = sample(&size), *mis = malloc(size + 1);

	memcpy(mis + 1, fdt, size);
	/* misaligned by one: accessors are byte-safe, probes refuse */
	assert_int_equal(fdt_magic(mis + 1), FDT_MAGIC);
	assert_int_equal(fdt_check_header(mis + 1), -FDT_ERR_ALIGNMENT);
	assert_int_equal(fdt_path_offset(mis + 1, "/"), -FDT_ERR_ALIGNMENT);
	assert_int_equal(fdt_next_node(mis + 1, -1, NULL), 0);
	free(mis);

	fdt_set_version(fdt, 16);	/* older than last_comp_version 17? no */
	assert_int_equal(fdt_check_header(fdt), 0);
	fdt_set_last_comp_version(fdt, 17);
	assert_int_equal(fdt_check_header(fdt), -FDT_ERR_BADVERSION);
	fdt_set_last_comp_version(fdt, 16);
	fdt_set_totalsize(fdt, 0x80000000u);
	assert_int_equal(fdt_check_header(fdt), -FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_path_offset(fdt, "/"), -FDT_ERR_TRUNCATED);
	assert_int_equal(fdt_header_size_(1), 28);
	assert_int_equal(fdt_header_size_(17), 40);
	free(fdt);

	assert_string_equal(fdt_strerror(-FDT_ERR_BADMAGIC), "FDT_ERR_BADMAGIC");
	assert_string_equal(fdt_strerror(-FDT_ERR_ALIGNMENT), "<unknown error>");
	assert_string_equal(fdt_strerror(INT32_MIN), "<unknown error>");
	assert_string_equal(fdt_strerror(0), "<no error>");
	assert_string_equal(fdt_strerror(7), "<valid offset/length>");
}

/* ---- sequential writer: where libfdt writes outside the buffer ---------- */

/* A tree under construction in exactly size bytes, reservations done */
static uint8_t *sw_start(int size)
{
	uint8_t *buf = malloc((size_t)size);

	assert_non_null(buf);
	assert_int_equal(fdt_create(buf, size), 0);
	assert_int_equal(fdt_finish_reservemap(buf), 0);
	assert_int_equal(fdt_begin_node(buf, ""), 0);
	return buf;
}

static void assert_sizes(const void *fdt, uint32_t st, uint32_t str)
{
	assert_int_equal(fdt_size_dt_struct(fdt), st);
	assert_int_equal(fdt_size_dt_strings(fdt), str);
}

/* libfdt 1.6.1 clears bufsize bytes: a negative one is ~2^64 */
static void test_sw_negative_size(void **state)
{
	uint8_t buf[64];

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(fdt_create(buf, -1), -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_create_with_flags(buf, -64, 0), -FDT_ERR_NOSPACE);
	assert_int_equal(buf[0], 0x5a);
	assert_int_equal(fdt_create(buf, sizeof(buf)), 0);
	assert_int_equal(fdt_resize(buf, buf, -1), -FDT_ERR_NOSPACE);
}

/* libfdt 1.6.1 grabs a wrapped size and writes a corrupt property */
static void test_sw_negative_len(void **state)
{
	uint8_t *buf = sw_start(256);
	void *val = NULL;

	(void)state;
	assert_int_equal(fdt_property(buf, "neg", "x", -1), -FDT_ERR_BADVALUE);
	assert_int_equal(fdt_property_placeholder(buf, "neg", -4, &val),
			 -FDT_ERR_BADVALUE);
	assert_null(val);
	assert_sizes(buf, 8, 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_int_equal(fdt_check_header(buf), 0);
	free(buf);
}

/* A name longer than the whole buffer: libfdt writes below the buffer */
static void test_sw_name_longer_than_buffer(void **state)
{
	char name[200];
	uint8_t *buf = sw_start(128);

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(fdt_property(buf, name, NULL, 0), -FDT_ERR_NOSPACE);
	assert_int_equal(fdt_property_u32(buf, name + 100, 1), -FDT_ERR_NOSPACE);
	assert_sizes(buf, 8, 0);
	/* what still fits goes in */
	assert_int_equal(fdt_property_u32(buf, "n", 7), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_int_equal(fdt32_ld(fdt_getprop(buf, 0, "n", NULL)), 7);
	free(buf);
}

/* What the VM core does: build, finish, read back with the same library */
static void test_sw_round_trip(void **state)
{
	uint8_t *buf = sw_start(512);
	const char *s;
	int node, len;

	(void)state;
	assert_int_equal(fdt_property_cell(buf, "#address-cells", 2), 0);
	assert_int_equal(fdt_begin_node(buf, "chosen"), 0);
	assert_int_equal(fdt_property_string(buf, "bootargs", "console=ttyAMA0"), 0);
	assert_int_equal(fdt_property_u64(buf, "linux,initrd-start", 0x48000000ull), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_end_node(buf), 0);
	assert_int_equal(fdt_finish(buf), 0);
	assert_int_equal(fdt_magic(buf), FDT_MAGIC);
	assert_int_equal(fdt_version(buf), 17);
	assert_int_equal(fdt_check_header(buf), 0);
	/* the block order the spec recommends: reservations, structure, strings */
	assert_true(fdt_off_mem_rsvmap(buf) < fdt_off_dt_struct(buf));
	assert_int_equal(fdt_off_dt_strings(buf),
			 fdt_off_dt_struct(buf) + fdt_size_dt_struct(buf));
	assert_int_equal(fdt_totalsize(buf),
			 fdt_off_dt_strings(buf) + fdt_size_dt_strings(buf));
	assert_int_equal(fdt_address_cells(buf, 0), 2);
	node = fdt_path_offset(buf, "/chosen");
	assert_true(node > 0);
	s = fdt_getprop(buf, node, "bootargs", &len);
	assert_int_equal(len, sizeof("console=ttyAMA0"));
	assert_string_equal(s, "console=ttyAMA0");
	assert_true(fdt64_ld(fdt_getprop(buf, node, "linux,initrd-start", &len)) ==
		    0x48000000ull);
	assert_int_equal(len, 8);
	assert_int_equal(fdt_begin_node(buf, "late"), -FDT_ERR_BADSTATE);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_basics),
		cmocka_unit_test(test_setprop_inplace),
		cmocka_unit_test(test_setprop_corrupt_len),
		cmocka_unit_test(test_looping_property),
		cmocka_unit_test(test_alias_cycle),
		cmocka_unit_test(test_alias_unterminated),
		cmocka_unit_test(test_mem_rsv_bounds),
		cmocka_unit_test(test_stringlist_no_overread),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_sw_negative_size),
		cmocka_unit_test(test_sw_negative_len),
		cmocka_unit_test(test_sw_name_longer_than_buffer),
		cmocka_unit_test(test_sw_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
