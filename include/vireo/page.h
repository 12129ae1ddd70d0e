/* SPDX-License-Identifier: MIT */
/*
 * The page: the allocator's unit, the smallest mapping of every
 * page-table format Vireo uses (4 KiB granule), and what the image's
 * sections are aligned to. For C, assembly and linker scripts alike.
 */
#ifndef VIREO_PAGE_H
#define VIREO_PAGE_H

#define PAGE_SHIFT 12
#ifdef __ASSEMBLY__
#define PAGE_SIZE (1 << PAGE_SHIFT)
#else
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif

#endif
