// SPDX-License-Identifier: MIT
/*
 * RAM from the multiboot (v1) information: the memory map's "available"
 * entries, or mem_lower/mem_upper when the loader gave no map.
 */
#include <asm/multiboot.h>
#include <vireo/string.h>

#define MB_FLAG_MEM BIT(0)
#define MB_FLAG_MMAP BIT(6)
#define MB_MMAP_AVAILABLE 1

struct mb_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB from 0 */
	uint32_t mem_upper;	/* KiB from 1 MiB */
	uint32_t unused[8];
	uint32_t mmap_length;
	uint32_t mmap_addr;
} __attribute__((packed));

struct mb_mmap_entry {
	uint32_t size;		/* of the rest of the entry */
	uint64_t base;
	uint64_t length;
	uint32_t type;
} __attribute__((packed));

static int add(struct mem_region *out, int n, int max, uint64_t base, uint64_t size)
{
	if (n < max && size) {
		out[n].base = base;
		out[n].size = size;
		n++;
	}
	return n;
}

int multiboot_ram(uint32_t magic, uintptr_t info, struct mem_region *out, int max)
{
	const struct mb_info *mb = (const struct mb_info *)info;
	uintptr_t p, end;
	int n = 0;

	if (magic != MULTIBOOT_BOOT_MAGIC || !mb)
		return 0;
	if (!(mb->flags & MB_FLAG_MMAP)) {
		if (!(mb->flags & MB_FLAG_MEM))
			return 0;
		n = add(out, n, max, 0, (uint64_t)mb->mem_lower << 10);
		return add(out, n, max, 1 << 20, (uint64_t)mb->mem_upper << 10);
	}
	p = mb->mmap_addr;
	end = p + mb->mmap_length;
	while (p + sizeof(struct mb_mmap_entry) <= end) {
		struct mb_mmap_entry e;

		memcpy(&e, (const void *)p, sizeof(e));
		if (e.type == MB_MMAP_AVAILABLE)
			n = add(out, n, max, e.base, e.length);
		p += e.size + sizeof(e.size);
	}
	return n;
}
