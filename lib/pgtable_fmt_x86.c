// SPDX-License-Identifier: MIT
/* Page-table formats (vireo/pgtable.h): x86-64 4/5-level, AMD NPT, Intel EPT. */
#include "pgtable_fmt.h"


/*
 * x86-64 (Intel SDM vol. 3 ch. 4.5, AMD APM vol. 2 ch. 5.3): P, R/W, U/S,
 * PWT, PCD, A, D, PS (leaf above the last level), XD in bit 63, address in
 * bits 51:12 (bit 12 of a large leaf is its PAT bit, left 0). Memory type
 * from the power-on PAT: index 0 (PCD=PWT=0) write-back, 3 (PCD=PWT=1)
 * uncacheable.
 */
#define X86_P B(0)
#define X86_RW B(1)
#define X86_US B(2)
#define X86_PWT B(3)
#define X86_PCD B(4)
#define X86_A B(5)
#define X86_D B(6)
#define X86_PS B(7)
#define X86_PAT_LARGE B(12)
#define X86_XD B(63)
#define X86_ADDR MASK(51, 12)

static uint64_t x86_table(paddr_t table)
{
	/* permissions are ANDed over levels: grant all here */
	return table | X86_P | X86_RW | X86_US;
}

static uint64_t x86_leaf_u(paddr_t pa, unsigned int attr, bool last,
			   bool user)
{
	uint64_t e = pa | X86_P | X86_A | X86_D;

	if (attr & PGTABLE_W)
		e |= X86_RW;
	if (user)
		e |= X86_US;
	if (!(attr & PGTABLE_X))
		e |= X86_XD;
	if (attr & PGTABLE_DEVICE)
		e |= X86_PCD | X86_PWT;
	if (!last)
		e |= X86_PS;
	return e;
}

static enum pgtable_pte x86_decode_u(uint64_t e, bool last, paddr_t *pa,
				     unsigned int *attr, bool report_user)
{
	if (!(e & X86_P))
		return PGTABLE_PTE_NONE;
	if (!last && !(e & X86_PS)) {
		*pa = e & X86_ADDR;
		return PGTABLE_PTE_TABLE;
	}
	*pa = e & X86_ADDR & (last ? ~0ULL : ~X86_PAT_LARGE);
	*attr = PGTABLE_R;
	if (e & X86_RW)
		*attr |= PGTABLE_W;
	if (!(e & X86_XD))
		*attr |= PGTABLE_X;
	if ((e & X86_US) && report_user)
		*attr |= PGTABLE_USER;
	if (e & X86_PCD)
		*attr |= PGTABLE_DEVICE;
	return PGTABLE_PTE_LEAF;
}

static uint64_t x86_leaf(paddr_t pa, unsigned int attr, bool last,
			 unsigned int flags)
{
	return x86_leaf_u(pa, attr, last, attr & PGTABLE_USER);
}

static enum pgtable_pte x86_decode(uint64_t e, bool last, paddr_t *pa,
				   unsigned int *attr)
{
	return x86_decode_u(e, last, pa, attr, true);
}

/* AMD NPT: nested walks are user accesses, so every leaf is U=1. */
static uint64_t npt_leaf(paddr_t pa, unsigned int attr, bool last,
			 unsigned int flags)
{
	return x86_leaf_u(pa, attr, last, true);
}

static enum pgtable_pte npt_decode(uint64_t e, bool last, paddr_t *pa,
				   unsigned int *attr)
{
	return x86_decode_u(e, last, pa, attr, false);
}

const struct pgtable_format pgtable_fmt_x86_64 = {
	.name = "x86-64",
	.levels = 4,
	.idx_bits = { 9, 9, 9, 9 },	/* PML4, PDPT, PD, PT */
	.block_levels = B(1) | B(2),	/* 1 GiB, 2 MiB */
	.oa_bits = 52,
	.sign_extend = true,
	.perm_ok = PERMS_R_IMPLIED,
	.attr_ok = PGTABLE_USER | PGTABLE_DEVICE,
	.mk_table = x86_table,
	.mk_leaf = x86_leaf,
	.decode = x86_decode,
};

const struct pgtable_format pgtable_fmt_x86_64_5l = {
	.name = "x86-64 5-level",
	.levels = 5,
	.idx_bits = { 9, 9, 9, 9, 9 },	/* PML5 first */
	.block_levels = B(2) | B(3),
	.oa_bits = 52,
	.sign_extend = true,
	.perm_ok = PERMS_R_IMPLIED,
	.attr_ok = PGTABLE_USER | PGTABLE_DEVICE,
	.mk_table = x86_table,
	.mk_leaf = x86_leaf,
	.decode = x86_decode,
};

const struct pgtable_format pgtable_fmt_amd_npt = {
	.name = "AMD NPT",
	.levels = 4,
	.idx_bits = { 9, 9, 9, 9 },
	.block_levels = B(1) | B(2),
	.oa_bits = 52,
	.sign_extend = false,		/* a guest physical address */
	.perm_ok = PERMS_R_IMPLIED,
	.attr_ok = PGTABLE_DEVICE,
	.mk_table = x86_table,
	.mk_leaf = npt_leaf,
	.decode = npt_decode,
};

/*
 * Intel EPT (SDM vol. 3 ch. 29.3): R, W, X in bits 2:0 (an entry is
 * present when any is set; W without R is a misconfiguration), memory
 * type in bits 5:3 of a leaf (6 write-back, 0 uncacheable), bit 7 marks a
 * leaf above the last level, address in bits 51:12.
 */
#define EPT_RWX MASK(2, 0)
#define EPT_MT_SHIFT 3
#define EPT_MT_UC 0ULL
#define EPT_MT_WB 6ULL
#define EPT_MT MASK(5, 3)
#define EPT_LARGE B(7)
#define EPT_ADDR MASK(51, 12)

static uint64_t ept_table(paddr_t table)
{
	return table | EPT_RWX;
}

static uint64_t ept_leaf(paddr_t pa, unsigned int attr, bool last,
			 unsigned int flags)
{
	uint64_t mt = attr & PGTABLE_DEVICE ? EPT_MT_UC : EPT_MT_WB;

	/* PGTABLE_R/W/X are EPT's bits 0/1/2 */
	return pa | (attr & RWX) | mt << EPT_MT_SHIFT |
	       (last ? 0 : EPT_LARGE);
}

static enum pgtable_pte ept_decode(uint64_t e, bool last, paddr_t *pa,
				   unsigned int *attr)
{
	if (!(e & EPT_RWX))
		return PGTABLE_PTE_NONE;
	*pa = e & EPT_ADDR;
	if (!last && !(e & EPT_LARGE))
		return PGTABLE_PTE_TABLE;
	*attr = (unsigned int)(e & EPT_RWX);
	if ((e & EPT_MT) >> EPT_MT_SHIFT == EPT_MT_UC)
		*attr |= PGTABLE_DEVICE;
	return PGTABLE_PTE_LEAF;
}

const struct pgtable_format pgtable_fmt_ept = {
	.name = "Intel EPT",
	.levels = 4,
	.idx_bits = { 9, 9, 9, 9 },
	.block_levels = B(1) | B(2),
	.oa_bits = 52,
	.sign_extend = false,
	.perm_ok = PERMS_W_NEEDS_R,
	.attr_ok = PGTABLE_DEVICE,
	.mk_table = ept_table,
	.mk_leaf = ept_leaf,
	.decode = ept_decode,
};
