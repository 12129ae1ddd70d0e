/* SPDX-License-Identifier: MIT */
/*
 * What the page-table format files (pgtable_fmt_*.c) share. One file per
 * architecture family, so that an image links only the formats its arch
 * uses (lib/Makefile); the host unit tests link them all.
 *
 * Every format: invalid entries are always written as 0, tables are
 * always walked with every permission (the leaf alone decides), and
 * leaves get their accessed/dirty flags set so that no walker has to
 * write them.
 */
#ifndef LIB_PGTABLE_FMT_H
#define LIB_PGTABLE_FMT_H

#include <vireo/pgtable.h>

#define B(n) (1ULL << (n))
/* bits hi..lo set */
#define MASK(hi, lo) ((~0ULL >> (63 - (hi))) & ~(B(lo) - 1))

#define RWX (PGTABLE_R | PGTABLE_W | PGTABLE_X)
/* perm_ok: R granted always; W only with R; anything but nothing */
#define PERMS_R_IMPLIED (B(1) | B(3) | B(5) | B(7))
#define PERMS_W_NEEDS_R (B(1) | B(3) | B(4) | B(5) | B(7))
#define PERMS_ANY (0xfe)

#endif
