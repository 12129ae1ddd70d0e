// SPDX-License-Identifier: MIT
/* The memory map from the device tree, one logged line per region. */
#include <hal/memory.h>
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>
#include <vireo/printf.h>

extern char _start_image[], _end[];

#define MiB (1ULL << 20)

/* "256 MiB", "125.9 MiB" from 1 MiB up, else "56 KiB" (rounded down). */
static const char *size_str(uint64_t size, char *buf, size_t len)
{
	unsigned long long mib = size / MiB, tenths = (size % MiB) * 10 / MiB;

	if (mib && tenths)
		snprintf(buf, len, "%llu.%llu MiB", mib, tenths);
	else if (mib)
		snprintf(buf, len, "%llu MiB", mib);
	else
		snprintf(buf, len, "%llu KiB", (unsigned long long)(size >> 10));
	return buf;
}

static void print_region(const char *what, paddr_t base, uint64_t size,
			 const char *why)
{
	char sz[24];

	pr_info("memory: %-8s 0x%010llx-0x%010llx %s%s%s\n", what,
		(unsigned long long)base, (unsigned long long)(base + size - 1),
		size_str(size, sz, sizeof(sz)), why ? ", " : "", why ? why : "");
}

static int read_ram(const void *fdt, struct memmap *ram)
{
	struct mem_region reg;
	int node, err;

	dt_for_each_subnode(node, fdt, 0) {
		if (!dt_is_memory_node(fdt, node) || !dt_is_enabled(fdt, node))
			continue;
		for (int i = 0; !dt_reg(fdt, node, i, &reg); i++) {
			if (!reg.size)
				continue;	/* unused slot */
			print_region("ram", reg.base, reg.size, NULL);
			err = memmap_add(ram, reg.base, reg.size);
			if (err)
				return err;
		}
	}
	return 0;
}

static int reserve(struct memmap *usable, paddr_t base, uint64_t size,
		   const char *why)
{
	if (!size)
		return 0;
	print_region("reserved", base, size, why);
	return memmap_remove(usable, base, size);
}

/* The /memreserve/ entries and /reserved-memory children of a tree;
 * each line's reason ends in from (" (firmware dtb)") if not empty. */
static int reserve_from_dt(const void *fdt, struct memmap *usable,
			   const char *from)
{
	int node, parent, n = fdt_num_mem_rsv(fdt), err = 0;
	uint64_t addr, size;
	struct mem_region reg;
	char why[80];

	snprintf(why, sizeof(why), "/memreserve/%s", from);
	for (int i = 0; i < n && !err; i++)
		if (!fdt_get_mem_rsv(fdt, i, &addr, &size))
			err = reserve(usable, addr, size, why);
	parent = dt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return err;
	dt_for_each_subnode(node, fdt, parent) {
		if (!dt_is_enabled(fdt, node))
			continue;
		snprintf(why, sizeof(why), "%s%s", fdt_get_name(fdt, node, NULL), from);
		for (int i = 0; !err && !dt_reg(fdt, node, i, &reg); i++)
			err = reserve(usable, reg.base, reg.size, why);
	}
	return err;
}

/*
 * With a built-in tree the firmware's is still where it passed it, and it
 * alone tells what the firmware took at run time (OpenSBI adds its own
 * memory to /reserved-memory): keep those reservations too. A tree that
 * is there but broken cannot say what to keep: refused, one line.
 */
static int reserve_from_firmware(paddr_t at, struct memory_info *info)
{
	const void *fw = (const void *)(uintptr_t)at;
	const char *bad;
	char why[128];

	if (!at)
		return 0;
	if (!memmap_contains(&info->ram, at, sizeof(struct fdt_header)) ||
	    fdt_magic(fw) != FDT_MAGIC) {
		pr_info("memory: no firmware dtb at %#llx to keep reservations from\n",
			(unsigned long long)at);
		return 0;
	}
	bad = memmap_contains(&info->ram, at, fdt_totalsize(fw)) ?
		      dt_validate(fw, DT_MAX_SIZE, why, sizeof(why)) :
		      "extends beyond RAM";
	if (bad) {
		pr_err("memory: firmware dtb at %#llx: %s; cannot keep its reservations\n",
		       (unsigned long long)at, bad);
		return -EINVAL;
	}
	pr_info("memory: keeping the reservations of the firmware dtb at %#llx\n",
		(unsigned long long)at);
	return reserve_from_dt(fw, &info->usable, " (firmware dtb)");
}

int memory_init(const void *fdt, paddr_t dtb, paddr_t firmware_dtb,
		struct memory_info *info)
{
	paddr_t image = (paddr_t)(uintptr_t)_start_image;
	uint64_t image_size = (uint64_t)((uintptr_t)_end - (uintptr_t)_start_image);
	bool builtin = dtb >= image && dtb < image + image_size;
	struct page_stats st;
	char sz[24];
	int err;

	info->ram.count = 0;
	err = read_ram(fdt, &info->ram);
	if (err || !info->ram.count) {
		pr_err("memory: %s\n", err ? "too many RAM banks" : "no RAM in /memory");
		return err ? err : -EINVAL;
	}
	if (!memmap_contains(&info->ram, image, image_size)) {
		pr_err("memory: the hypervisor image at %#llx is not in RAM\n",
		       (unsigned long long)image);
		return -EINVAL;
	}
	if (!builtin && !memmap_contains(&info->ram, dtb, fdt_totalsize(fdt))) {
		pr_err("memory: the dtb at %#llx extends beyond RAM\n",
		       (unsigned long long)dtb);
		return -EINVAL;
	}
	info->usable = info->ram;
	if (builtin && reserve_from_firmware(firmware_dtb, info))
		return -EINVAL;
	err = reserve_from_dt(fdt, &info->usable, "");
	if (!err)
		err = reserve(&info->usable, image, image_size, "hypervisor");
	/* whole pages: the allocator could not use the rest of one anyway */
	info->dtb.base = dtb & ~(paddr_t)(PAGE_SIZE - 1);
	info->dtb.size = builtin ? 0 : ALIGN_UP(dtb + fdt_totalsize(fdt), PAGE_SIZE) -
				       info->dtb.base;
	if (!err)
		err = reserve(&info->usable, info->dtb.base, info->dtb.size, "dtb");
	if (err) {
		pr_err("memory: too many reserved regions\n");
		return err;
	}
	for (int i = 0; i < info->usable.count; i++)
		print_region("usable", info->usable.r[i].base,
			     info->usable.r[i].size, NULL);
	pr_info("memory: total ram %s, usable %llu MiB in %d regions\n",
		size_str(memmap_total(&info->ram), sz, sizeof(sz)),
		(unsigned long long)(memmap_total(&info->usable) / MiB),
		info->usable.count);
	err = page_alloc_init(info->usable.r, (size_t)info->usable.count);
	if (err) {
		pr_err("memory: page allocator: %s\n", errno_name(err));
		return err;
	}
	page_alloc_get_stats(&st);
	pr_info("pages: %llu free of %llu, %llu for the allocator's bitmap\n",
		(unsigned long long)st.free_pages,
		(unsigned long long)st.total_pages,
		(unsigned long long)st.meta_pages);
	return 0;
}
