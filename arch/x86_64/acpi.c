// SPDX-License-Identifier: MIT
/*
 * The CPUs from the ACPI MADT. x86 boot loaders pass no device tree, and
 * the processors are listed in ACPI instead: the RSDP (found by its
 * signature in the first KiB of the EBDA or in the BIOS area
 * 0xe0000-0xfffff) points to the RSDT or XSDT, which lists the "APIC"
 * table (MADT), whose processor local APIC (type 0) and local x2APIC
 * (type 9) entries give each processor's APIC id and whether it is
 * enabled.
 *
 * This runs from arch_entry(), before paging_init(): the bootstrap
 * identity map covers the first 4 GiB, where the firmware keeps these
 * tables (in the reserved real-mode area, or in RAM the E820 map reserves
 * for ACPI, neither of which the hypervisor's own tables map), so they
 * are read once here and not mapped later. Nothing can be printed yet:
 * what is wrong goes into struct boot_info, and cpus_init() prints it.
 */
#include <asm/cpu.h>
#include <vireo/log.h>
#include <vireo/printf.h>
#include <vireo/string.h>

#define BDA_EBDA_SEGMENT 0x40e	/* BIOS data area: EBDA segment */
#define EBDA_SCAN_SIZE 1024
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END (1 << 20)
#define BOOT_MAP_END (4ULL << 30)	/* what the bootstrap map covers */
#define TABLE_MAX_SIZE (1 << 20)	/* a sanity bound on a table's length */

#define MADT_LOCAL_APIC 0
#define MADT_LOCAL_X2APIC 9
#define MADT_ENABLED BIT(0)

struct rsdp {
	char signature[8];	/* "RSD PTR " */
	uint8_t checksum;	/* of the first 20 bytes */
	char oem_id[6];
	uint8_t revision;	/* 2 and up: the fields below */
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum;	/* of all length bytes */
	uint8_t reserved[3];
} __attribute__((packed));

#define RSDP_V1_SIZE 20

struct sdt_header {
	char signature[4];
	uint32_t length;	/* of the table, header included */
	uint8_t revision;
	uint8_t checksum;	/* all length bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	uint32_t creator_id;
	uint32_t creator_revision;
} __attribute__((packed));

/* The MADT: the header, the local APIC address, flags, then entries. */
#define MADT_ENTRIES_OFFSET (sizeof(struct sdt_header) + 8)

static char problem[96];	/* why there is no CPU list */
static char note[160];		/* the line for boot_info.cpus_note */
static int ncpus, left_off;
static uint64_t madt_addr;

#ifdef VIREO_FAKE_IO
/* Host tests: physical memory from 0 is this buffer. */
extern const uint8_t *acpi_test_memory;

static const void *phys(uint64_t pa)
{
	return acpi_test_memory + pa;
}
#else
/* A physical address under the bootstrap identity map. The compiler must
 * not see a constant address (it would call it out of bounds). */
static const void *phys(uint64_t pa)
{
	uintptr_t p = (uintptr_t)pa;

	__asm__("" : "+r"(p));
	return (const void *)p;
}
#endif

static bool mapped(uint64_t pa, uint64_t len)
{
	return pa && pa < BOOT_MAP_END && len <= BOOT_MAP_END - pa;
}

static uint8_t sum(uint64_t pa, size_t len)
{
	const uint8_t *p = phys(pa);
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

/* A valid RSDP in [start, end) (16-byte aligned), or 0. */
static uint64_t scan_rsdp(uint64_t start, uint64_t end, bool *bad_checksum)
{
	for (uint64_t pa = start; pa + sizeof(struct rsdp) <= end; pa += 16) {
		struct rsdp r;

		if (memcmp(phys(pa), "RSD PTR ", 8))
			continue;
		memcpy(&r, phys(pa), sizeof(r));
		if (!sum(pa, RSDP_V1_SIZE) &&
		    (r.revision < 2 ||
		     (r.length >= sizeof(r) && r.length <= 4096 && !sum(pa, r.length))))
			return pa;
		*bad_checksum = true;
	}
	return 0;
}

static uint64_t find_rsdp(void)
{
	uint16_t seg;
	uint64_t ebda, rsdp = 0;
	bool bad = false;

	memcpy(&seg, phys(BDA_EBDA_SEGMENT), sizeof(seg));
	ebda = (uint64_t)seg << 4;
	if (ebda >= 0x400 && ebda < BIOS_AREA_START)
		rsdp = scan_rsdp(ebda, ebda + EBDA_SCAN_SIZE, &bad);
	if (!rsdp)
		rsdp = scan_rsdp(BIOS_AREA_START, BIOS_AREA_END, &bad);
	if (!rsdp)
		snprintf(problem, sizeof(problem), "%s",
			 bad ? "the RSDP's checksum is wrong" : "no RSDP found");
	return rsdp;
}

/* Check the table at pa (signature sig, NULL: any); its length or 0. */
static uint32_t check_table(uint64_t pa, const char *sig, struct sdt_header *h)
{
	char name[5] = { 0 };

	if (!mapped(pa, sizeof(*h))) {
		snprintf(problem, sizeof(problem), "table at %#llx is out of reach",
			 (unsigned long long)pa);
		return 0;
	}
	memcpy(h, phys(pa), sizeof(*h));
	memcpy(name, h->signature, 4);
	if (sig && memcmp(h->signature, sig, 4)) {
		snprintf(problem, sizeof(problem), "%s at %#llx has signature \"%s\"",
			 sig, (unsigned long long)pa, name);
		return 0;
	}
	if (h->length < sizeof(*h) || h->length > TABLE_MAX_SIZE ||
	    !mapped(pa, h->length)) {
		snprintf(problem, sizeof(problem), "%s at %#llx has a bad length %u",
			 name, (unsigned long long)pa, h->length);
		return 0;
	}
	if (sum(pa, h->length)) {
		snprintf(problem, sizeof(problem), "%s at %#llx has a wrong checksum",
			 name, (unsigned long long)pa);
		return 0;
	}
	return h->length;
}

/* The MADT's address through the RSDT or XSDT, or 0. */
static uint64_t find_madt(uint64_t rsdp_pa)
{
	struct rsdp r;
	struct sdt_header h;
	uint64_t root;
	const char *sig;
	size_t entry;
	uint32_t len;

	memcpy(&r, phys(rsdp_pa), sizeof(r));
	if (r.revision >= 2 && r.xsdt) {
		root = r.xsdt, sig = "XSDT", entry = 8;
	} else {
		root = r.rsdt, sig = "RSDT", entry = 4;
	}
	len = check_table(root, sig, &h);
	if (!len)
		return 0;
	for (uint64_t p = root + sizeof(h); p + entry <= root + len; p += entry) {
		uint64_t table = 0;
		struct sdt_header t;

		memcpy(&table, phys(p), entry);		/* little endian */
		if (!mapped(table, sizeof(t)))
			continue;
		memcpy(&t, phys(table), sizeof(t));
		if (!memcmp(t.signature, "APIC", 4))
			return check_table(table, "APIC", &t) ? table : 0;
	}
	snprintf(problem, sizeof(problem), "the %s lists no MADT (\"APIC\")", sig);
	return 0;
}

static void add_cpu(unsigned long *ids, int max, unsigned long id)
{
	for (int i = 0; i < ncpus; i++)
		if (ids[i] == id)
			return;		/* listed as both APIC and x2APIC */
	if (ncpus == max)
		left_off++;
	else
		ids[ncpus++] = id;
}

static int parse_madt(uint64_t pa, unsigned long *ids, int max)
{
	struct sdt_header h;
	uint64_t p, end;

	memcpy(&h, phys(pa), sizeof(h));
	end = pa + h.length;
	for (p = pa + MADT_ENTRIES_OFFSET; p + 2 <= end;) {
		const uint8_t *e = phys(p);
		uint32_t id, flags;

		if (e[1] < 2 || p + e[1] > end) {
			snprintf(problem, sizeof(problem),
				 "MADT entry at %#llx has a bad length %u",
				 (unsigned long long)p, e[1]);
			ncpus = 0;
			return 0;
		}
		if (e[0] == MADT_LOCAL_APIC && e[1] >= 8) {
			memcpy(&flags, e + 4, 4);
			if (flags & MADT_ENABLED)
				add_cpu(ids, max, e[3]);
		} else if (e[0] == MADT_LOCAL_X2APIC && e[1] >= 16) {
			memcpy(&id, e + 4, 4);
			memcpy(&flags, e + 8, 4);
			if (flags & MADT_ENABLED)
				add_cpu(ids, max, id);
		}
		p += e[1];
	}
	if (!ncpus)
		snprintf(problem, sizeof(problem), "the MADT lists no enabled CPU");
	return ncpus;
}

int acpi_find_cpus(unsigned long *ids, int max, const char **why)
{
	uint64_t rsdp = find_rsdp();

	if (rsdp)
		madt_addr = find_madt(rsdp);
	if (madt_addr)
		parse_madt(madt_addr, ids, max);
	if (!ncpus)
		snprintf(note, sizeof(note), "acpi: %s; starting the boot cpu alone",
			 problem);
	else if (left_off)
		snprintf(note, sizeof(note),
			 "acpi: %d more cpus than the boot information holds (%d) left off",
			 left_off, ncpus);
	*why = note[0] ? note : NULL;
	return ncpus;
}
