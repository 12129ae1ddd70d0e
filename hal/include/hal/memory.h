/* SPDX-License-Identifier: MIT */
/*
 * The machine's memory map, from the device tree: RAM from every /memory
 * node minus /reserved-memory, the /memreserve/ block, the hypervisor
 * image and the DTB. The usable part is handed to the page allocator
 * (include/vireo/page_alloc.h).
 */
#ifndef HAL_MEMORY_H
#define HAL_MEMORY_H

#include <vireo/memmap.h>

struct memory_info {
	struct memmap ram;	/* as the DT describes it */
	struct memmap usable;	/* what the page allocator manages */
	struct mem_region dtb;	/* the firmware's tree, whole pages; size 0 if built in */
};

/*
 * Build, print and hand over the memory map of a validated tree found at
 * dtb (its physical address; the built-in one lies inside the image).
 * When the tree is built in, the reservations of the tree the firmware
 * passed at firmware_dtb (0: none) are kept too: only that one shows what
 * the firmware took at run time.
 * 0, or a negative errno after printing the reason.
 */
int memory_init(const void *fdt, paddr_t dtb, paddr_t firmware_dtb,
		struct memory_info *info);

#endif
