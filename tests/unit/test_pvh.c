// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/virt/pvh.c: the PVH boot data against Xen's public header
 * arch-x86/hvm/start_info.h (version 1): hvm_start_info's fields at
 * magic 0, version 4, flags 8, nr_modules 12, modlist_paddr 16,
 * cmdline_paddr 24, rsdp_paddr 32, memmap_paddr 40, memmap_entries 48;
 * hvm_memmap_table_entry's addr 0, size 8, type 16 (24 bytes); magic
 * 0x336ec578, E820 type 1 for RAM, 2 for reserved.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hal/vcpu.h>
#include <vireo/errno.h>

#define GPA 0x1ff000ULL

static uint8_t buf[4096];

static uint64_t le(const uint8_t *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void test_start_info_layout(void **state)
{
	static const struct vcpu_boot_mem mem[] = {
		{ 0, 0x100000, false }, { 0x100000, 0x1000, true },
		{ 0x101000, 0xff000, false },
	};
	uint64_t map, cmd;
	unsigned int i;

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(vcpu_boot_data(buf, sizeof(buf), GPA, mem, 3,
					"console=ttyS0"), 0);
	assert_int_equal(le(buf + 0, 4), 0x336ec578);
	assert_int_equal(le(buf + 4, 4), 1);
	assert_int_equal(le(buf + 8, 4), 0);		/* flags */
	assert_int_equal(le(buf + 12, 4), 0);		/* no modules */
	assert_int_equal(le(buf + 32, 8), 0);		/* no RSDP */
	assert_int_equal(le(buf + 48, 4), 3);
	map = le(buf + 40, 8);
	assert_true(map >= GPA && map + 3 * 24 <= GPA + sizeof(buf));
	for (i = 0; i < 3; i++) {
		const uint8_t *e = buf + (map - GPA) + 24 * i;

		assert_int_equal(le(e, 8), mem[i].gpa);
		assert_int_equal(le(e + 8, 8), mem[i].size);
		/* E820 RAM, or reserved for the ROM */
		assert_int_equal(le(e + 16, 4), mem[i].read_only ? 2 : 1);
	}
	cmd = le(buf + 24, 8);
	assert_true(cmd >= GPA && cmd < GPA + sizeof(buf));
	assert_string_equal((const char *)buf + (cmd - GPA), "console=ttyS0");
}

static void test_no_cmdline(void **state)
{
	static const struct vcpu_boot_mem mem[] = { { 0, 0x200000, false } };

	(void)state;
	assert_int_equal(vcpu_boot_data(buf, sizeof(buf), GPA, mem, 1, NULL), 0);
	assert_int_equal(le(buf + 24, 8), 0);
	assert_int_equal(le(buf + 48, 4), 1);
}

static void test_too_small(void **state)
{
	static const struct vcpu_boot_mem mem[] = { { 0, 0x200000, false } };

	(void)state;
	/* 56 bytes of start info and a 24-byte entry: 80 */
	assert_int_equal(vcpu_boot_data(buf, 79, GPA, mem, 1, NULL), -ENOSPC);
	assert_int_equal(vcpu_boot_data(buf, 80, GPA, mem, 1, NULL), 0);
	assert_int_equal(vcpu_boot_data(buf, 80, GPA, mem, 1, "x"), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_info_layout),
		cmocka_unit_test(test_no_cmdline),
		cmocka_unit_test(test_too_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
