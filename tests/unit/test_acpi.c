// SPDX-License-Identifier: MIT
/*
 * arch/x86_64/acpi.c on the host: the first 2 MiB of "physical memory"
 * are a buffer where each test lays out a BIOS data area, an RSDP, an
 * RSDT or XSDT and a MADT, and the CPU list (or the one warning) is
 * checked. ASan catches any read beyond what the tables say.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <hal/boot.h>

#include "host_log.h"
#include "../../arch/x86_64/acpi.c"

#define MEM_SIZE (2 << 20)
#define RSDT_AT 0x100000
#define MADT_AT 0x101000
#define FADT_AT 0x102000

const uint8_t *acpi_test_memory;
static uint8_t *mem;

static void reset(void)
{
	memset(mem, 0, MEM_SIZE);
	log_capture_reset();
	problem[0] = note[0] = 0;
	ncpus = left_off = 0;
	madt_addr = 0;
}

static int setup(void **state)
{
	mem = calloc(1, MEM_SIZE);
	acpi_test_memory = mem;
	reset();
	return 0;
}

static int teardown(void **state)
{
	free(mem);
	return 0;
}

static uint8_t checksum_of(const uint8_t *p, size_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return (uint8_t)-s;
}

static void put_rsdp(uint64_t at, uint8_t revision, uint32_t rsdt, uint64_t xsdt)
{
	struct rsdp r = { .revision = revision, .rsdt = rsdt };

	memcpy(r.signature, "RSD PTR ", 8);
	memcpy(r.oem_id, "VIREO ", 6);
	if (revision >= 2) {
		r.length = sizeof(r);
		r.xsdt = xsdt;
	}
	r.checksum = checksum_of((const uint8_t *)&r, RSDP_V1_SIZE);
	if (revision >= 2)
		r.ext_checksum = checksum_of((const uint8_t *)&r, sizeof(r));
	memcpy(mem + at, &r, sizeof(r));
}

/* A table: header, then len bytes of body. */
static void put_table(uint64_t at, const char *sig, const void *body, size_t len)
{
	struct sdt_header h = { .length = (uint32_t)(sizeof(h) + len), .revision = 1 };

	memcpy(h.signature, sig, 4);
	memcpy(mem + at, &h, sizeof(h));
	memcpy(mem + at + sizeof(h), body, len);
	mem[at + offsetof(struct sdt_header, checksum)] = checksum_of(mem + at, h.length);
}

/* An RSDT (entry 4) or XSDT (entry 8) listing n tables. */
static void put_root(uint64_t at, const char *sig, size_t entry, const uint64_t *tables, int n)
{
	uint8_t body[64] = { 0 };

	for (int i = 0; i < n; i++)
		memcpy(body + i * entry, &tables[i], entry);
	put_table(at, sig, body, n * entry);
}

/* MADT body builder */
static uint8_t madt[2048];
static size_t madt_len;

static void madt_begin(void)
{
	uint32_t lapic = 0xfee00000, flags = 1;

	memcpy(madt, &lapic, 4);
	memcpy(madt + 4, &flags, 4);
	madt_len = 8;
}

static void madt_lapic(uint8_t uid, uint8_t id, uint32_t flags)
{
	uint8_t e[8] = { MADT_LOCAL_APIC, 8, uid, id };

	memcpy(e + 4, &flags, 4);
	memcpy(madt + madt_len, e, 8);
	madt_len += 8;
}

static void madt_x2apic(uint32_t id, uint32_t flags)
{
	uint8_t e[16] = { MADT_LOCAL_X2APIC, 16 };

	memcpy(e + 4, &id, 4);
	memcpy(e + 8, &flags, 4);
	memcpy(madt + madt_len, e, 16);
	madt_len += 16;
}

static void madt_other(uint8_t type, uint8_t len)
{
	madt[madt_len] = type;
	madt[madt_len + 1] = len;
	madt_len += len;
}

/* An RSDP in the BIOS area -> RSDT -> FACP, APIC. */
static void standard_tables(void)
{
	uint64_t tables[2] = { FADT_AT, MADT_AT };
	uint8_t fadt[16] = { 0 };

	put_rsdp(0xf5a40, 0, RSDT_AT, 0);
	put_table(FADT_AT, "FACP", fadt, sizeof(fadt));
	put_root(RSDT_AT, "RSDT", 4, tables, 2);
	put_table(MADT_AT, "APIC", madt, madt_len);
}

static unsigned long ids[BOOT_CPUS_MAX];
static const char *why;

static void expect_cpus(int n, const unsigned long *want)
{
	int got = acpi_find_cpus(ids, BOOT_CPUS_MAX, &why);

	assert_int_equal(got, n);
	for (int i = 0; i < n; i++)
		assert_int_equal(ids[i], want[i]);
	assert_null(why);
}

static void expect_warning(const char *problem)
{
	char line[160];

	assert_int_equal(acpi_find_cpus(ids, BOOT_CPUS_MAX, &why), 0);
	snprintf(line, sizeof(line), "acpi: %s; starting the boot cpu alone", problem);
	assert_non_null(why);
	assert_string_equal(why, line);
	/* nothing is printed before there is a console */
	assert_string_equal(log_text(), "");
}

static void test_rsdt_madt(void **state)
{
	const unsigned long want[] = { 0, 1, 3 };

	reset();
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	madt_other(1, 12);			/* an I/O APIC */
	madt_lapic(1, 1, MADT_ENABLED);
	madt_lapic(2, 2, 0);			/* disabled */
	madt_lapic(3, 3, MADT_ENABLED | 2);	/* enabled, online capable */
	madt_lapic(4, 4, 2);			/* only online capable: not now */
	madt_other(2, 10);			/* an interrupt source override */
	standard_tables();
	expect_cpus(3, want);
	assert_int_equal(madt_addr, MADT_AT);
}

static void test_ebda_xsdt_x2apic(void **state)
{
	const unsigned long want[] = { 0, 0x100, 7 };
	uint64_t tables[2] = { 0x123456789000ULL, MADT_AT };	/* the first out of reach */
	uint16_t ebda_seg = 0x9fc0;

	reset();
	memcpy(mem + BDA_EBDA_SEGMENT, &ebda_seg, 2);
	put_rsdp(0x9fc00 + 0x30, 2, 0xdead000, 0x103000);	/* the RSDT is bogus */
	put_root(0x103000, "XSDT", 8, tables, 2);
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	madt_x2apic(0x100, MADT_ENABLED);
	madt_x2apic(0, MADT_ENABLED);		/* the same CPU again */
	madt_lapic(7, 7, MADT_ENABLED);
	madt_x2apic(0x200, 0);
	put_table(MADT_AT, "APIC", madt, madt_len);
	expect_cpus(3, want);
}

static void test_left_off(void **state)
{
	reset();
	madt_begin();
	for (int i = 0; i < BOOT_CPUS_MAX + 3; i++)
		madt_x2apic((uint32_t)i, MADT_ENABLED);
	standard_tables();
	assert_int_equal(acpi_find_cpus(ids, BOOT_CPUS_MAX, &why), BOOT_CPUS_MAX);
	assert_int_equal(ids[BOOT_CPUS_MAX - 1], BOOT_CPUS_MAX - 1);
	assert_non_null(why);
	assert_non_null(strstr(why, "acpi: 3 more cpus"));
}

static void test_no_rsdp(void **state)
{
	reset();
	expect_warning("no RSDP found");
}

static void test_rsdp_checksums(void **state)
{
	reset();
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	standard_tables();
	mem[0xf5a40 + 8] ^= 1;
	expect_warning("the RSDP's checksum is wrong");

	/* revision 2: the extended checksum counts too */
	reset();
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	standard_tables();
	put_rsdp(0xf5a40, 2, RSDT_AT, RSDT_AT);
	mem[0xf5a40 + offsetof(struct rsdp, ext_checksum)] ^= 1;
	expect_warning("the RSDP's checksum is wrong");
}

static void test_bad_tables(void **state)
{
	char why[96];

	/* the MADT's checksum */
	reset();
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	standard_tables();
	mem[MADT_AT + 40] ^= 0x10;
	snprintf(why, sizeof(why), "APIC at %#x has a wrong checksum", MADT_AT);
	expect_warning(why);

	/* the RSDT is something else */
	reset();
	madt_begin();
	standard_tables();
	memcpy(mem + RSDT_AT, "XSDT", 4);
	snprintf(why, sizeof(why), "RSDT at %#x has signature \"XSDT\"", RSDT_AT);
	expect_warning(why);

	/* no MADT listed */
	reset();
	madt_begin();
	standard_tables();
	put_root(RSDT_AT, "RSDT", 4, (const uint64_t[]){ FADT_AT }, 1);
	expect_warning("the RSDT lists no MADT (\"APIC\")");

	/* a length that runs past the end of what is mapped */
	reset();
	madt_begin();
	standard_tables();
	memcpy(mem + MADT_AT + 4, &(uint32_t){ 0x7fffffff }, 4);
	snprintf(why, sizeof(why), "APIC at %#x has a bad length 2147483647", MADT_AT);
	expect_warning(why);
}

static void test_bad_madt(void **state)
{
	char why[96];

	/* an entry whose length is 0 would loop forever */
	reset();
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	madt_other(5, 0);
	madt_len += 4;
	standard_tables();
	snprintf(why, sizeof(why), "MADT entry at %#x has a bad length 0",
		 MADT_AT + 36 + 8 + 8);
	expect_warning(why);

	/* an entry running past the table's end */
	reset();
	madt_begin();
	madt_lapic(0, 0, MADT_ENABLED);
	madt[madt_len] = MADT_LOCAL_APIC;
	madt[madt_len + 1] = 8;
	madt_len += 4;
	standard_tables();
	snprintf(why, sizeof(why), "MADT entry at %#x has a bad length 8",
		 MADT_AT + 36 + 8 + 8);
	expect_warning(why);

	/* nothing enabled */
	reset();
	madt_begin();
	madt_lapic(0, 0, 0);
	standard_tables();
	expect_warning("the MADT lists no enabled CPU");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rsdt_madt),
		cmocka_unit_test(test_ebda_xsdt_x2apic),
		cmocka_unit_test(test_left_off),
		cmocka_unit_test(test_no_rsdp),
		cmocka_unit_test(test_rsdp_checksums),
		cmocka_unit_test(test_bad_tables),
		cmocka_unit_test(test_bad_madt),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
