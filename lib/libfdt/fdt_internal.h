/* SPDX-License-Identifier: MIT */
/* Shared between the files of Vireo's libfdt; not part of the API. */
#ifndef LIBFDT_INTERNAL_H
#define LIBFDT_INTERNAL_H

#include "libfdt.h"

/* The magic of a blob still being built by libfdt's sequential writer */
#define FDT_SW_MAGIC		(~FDT_MAGIC)

/* Levels of alias-to-alias indirection fdt_path_offset() follows */
#define FDT_ALIAS_DEPTH		8

/* totalsize if fdt is a tree the read-only calls accept, else -FDT_ERR_* */
int fdt_ro_check_(const void *fdt);
/* Offset past the node (or property) tag at offset, or -FDT_ERR_BADOFFSET */
int fdt_node_end_(const void *fdt, int offset);
int fdt_prop_end_(const void *fdt, int offset);
/*
 * Byte i of the blob, where bytes past max(totalsize, header) read as
 * 0xff: libfdt 1.6.1 reads a few such bytes in corner cases, and this
 * gives those cases a fixed, safe answer.
 */
uint8_t fdt_byte_(const void *fdt, uintptr_t i);
uintptr_t fdt_limit_(const void *fdt);

static inline uint32_t fdt_ld32_(const void *fdt, uintptr_t i)
{
	return ((uint32_t)fdt_byte_(fdt, i) << 24) |
	       ((uint32_t)fdt_byte_(fdt, i + 1) << 16) |
	       ((uint32_t)fdt_byte_(fdt, i + 2) << 8) | fdt_byte_(fdt, i + 3);
}

/* Where p lies in the blob (p may lie past its end) */
static inline uintptr_t fdt_pos_(const void *fdt, const void *p)
{
	return (uintptr_t)p - (uintptr_t)fdt;
}

/* The int libfdt computes with, from the uint32_t we compute with */
static inline int fdt_int_(uint32_t v)
{
	return v <= INT32_MAX ? (int)v : -(int)(~v) - 1;
}

#endif
