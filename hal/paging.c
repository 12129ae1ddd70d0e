// SPDX-License-Identifier: MIT
/* The hypervisor's own page tables (see hal/include/hal/paging.h). */
#include <hal/barrier.h>
#include <hal/paging.h>
#include <vireo/errno.h>
#include <vireo/log.h>
#include <vireo/page_alloc.h>

extern char _start_image[], __rodata_start[], __data_start[], __stack_guard[], _end[];

#define MAX_DEVICES 16

static struct pgtable hyp_pt;
static bool paging_on;
static struct mem_region devices[MAX_DEVICES];
static int ndevices;

static uint64_t addr(const char *sym)
{
	return (uint64_t)(uintptr_t)sym;
}

static int map(uint64_t base, uint64_t end, unsigned int attr, const char *what)
{
	int err;

	base = ALIGN_DOWN(base, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (end <= base)
		return 0;
	err = pgtable_map(&hyp_pt, base, base, end - base, attr);
	if (err)
		pr_err("paging: mapping %s %#llx-%#llx failed (%s)\n", what,
		       (unsigned long long)base, (unsigned long long)end - 1,
		       errno_name(err));
	return err;
}

int paging_map_device(paddr_t base, uint64_t size)
{
	uint64_t start = ALIGN_DOWN(base, PAGE_SIZE);
	uint64_t end = ALIGN_UP(base + (size ? size : 1), PAGE_SIZE);
	int err;

	for (int i = 0; i < ndevices; i++)
		if (devices[i].base == start && devices[i].size == end - start)
			return 0;	/* probed again (early, then from the DT) */
	if (ndevices == MAX_DEVICES)
		return -ENOSPC;
	devices[ndevices].base = start;
	devices[ndevices].size = end - start;
	ndevices++;
	if (!paging_on)
		return 0;
	/* pages shared with a device mapped already are left as they are */
	if (!pgtable_translate(&hyp_pt, start, NULL, NULL, NULL))
		return 0;
	err = map(start, end, PGTABLE_R | PGTABLE_W | PGTABLE_DEVICE, "device");
	if (!err)
		tlb_flush_all();
	return err;
}

/* The image part by part (the stack guard page left out), the DTB, then
 * the rest of usable RAM. */
static int map_image_and_ram(const struct memory_info *mem)
{
	const struct memmap *ram = &mem->usable;	/* the image is not in it */
	int err;

	err = map(addr(_start_image), addr(__rodata_start), PGTABLE_R | PGTABLE_X, "text");
	if (!err)
		err = map(addr(__rodata_start), addr(__data_start), PGTABLE_R, "rodata");
	if (!err)
		err = map(addr(__data_start), addr(__stack_guard), PGTABLE_R | PGTABLE_W, "data");
	if (!err)
		err = map(addr(__stack_guard) + PAGE_SIZE, addr(_end), PGTABLE_R | PGTABLE_W, "stack");
	/* the firmware's tree stays readable for later steps (CPUs, irqs) */
	if (!err && mem->dtb.size)
		err = map(mem->dtb.base, mem->dtb.base + mem->dtb.size, PGTABLE_R, "dtb");
	for (int i = 0; !err && i < ram->count; i++)
		err = map(ALIGN_UP(ram->r[i].base, PAGE_SIZE),
			  ALIGN_DOWN(ram->r[i].base + ram->r[i].size, PAGE_SIZE),
			  PGTABLE_R | PGTABLE_W, "RAM");
	return err;
}

int paging_init(const struct memory_info *mem)
{
	unsigned int flags;
	const struct pgtable_format *fmt = arch_paging_format(&flags);
	uint64_t free_before = page_alloc_free_pages();
	int err;

	err = pgtable_init(&hyp_pt, fmt, &pgtable_page_alloc_ops, NULL, flags);
	if (!err)
		err = map_image_and_ram(mem);
	for (int i = 0; !err && i < ndevices; i++)
		err = map(devices[i].base, devices[i].base + devices[i].size,
			  PGTABLE_R | PGTABLE_W | PGTABLE_DEVICE, "device");
	if (err) {
		pr_err("paging: cannot build the hypervisor's tables (%s)\n",
		       errno_name(err));
		return err;
	}
	arch_paging_enable(hyp_pt.root);
	paging_on = true;
	pr_info("paging: %s tables at %#llx, %llu table pages; text rx, rodata r, data rw nx, %d device ranges\n",
		fmt->name, (unsigned long long)hyp_pt.root,
		(unsigned long long)(free_before - page_alloc_free_pages()),
		ndevices);
	return 0;
}

const char *hal_describe_address(uint64_t va)
{
	if (va >= addr(_start_image) && va < addr(__rodata_start))
		return "hypervisor text";
	if (va >= addr(__rodata_start) && va < addr(__data_start))
		return "hypervisor rodata";
	if (va >= addr(__stack_guard) && va < addr(__stack_guard) + PAGE_SIZE)
		return "stack guard: stack overflow";
	if (va >= addr(__data_start) && va < addr(_end))
		return "hypervisor data";
	for (int i = 0; i < ndevices; i++)
		if (va >= devices[i].base && va - devices[i].base < devices[i].size)
			return "device";
	if (paging_on && !pgtable_translate(&hyp_pt, va, NULL, NULL, NULL))
		return "RAM";
	return "unmapped";
}

paddr_t paging_root(void)
{
	return hyp_pt.root;
}
