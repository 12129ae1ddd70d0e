// SPDX-License-Identifier: MIT
/* Page-table formats (vireo/pgtable.h): Arm VMSAv8-64 stage 1 (EL2) and stage 2. */
#include "pgtable_fmt.h"

/*
 * VMSAv8-64, 4 KiB granule (Arm ARM D8.3): bit 0 valid; bit 1 set means a
 * table above level 3 and a page at level 3 (a block above, reserved at
 * level 3); output address in bits 47:12. Leaf attributes shared by both
 * stages: SH in 9:8 (inner shareable), AF in 10 (set: no access flag
 * faults), XN in 54. Table attributes (bits 63:59) stay 0: no limits.
 */
#define ARM_VALID B(0)
#define ARM_TABLE_PAGE B(1)
#define ARM_ATTR_SHIFT 2
#define ARM_SH_INNER (3ULL << 8)
#define ARM_AF B(10)
#define ARM_XN B(54)
#define ARM_ADDR MASK(47, 12)

/* stage 1, one exception level (EL2): AttrIndx in 4:2, AP[2] read-only,
 * AP[1] is RES1 */
#define ARM_S1_AP1 B(6)
#define ARM_S1_RO B(7)
#define ARM_S1_ATTRINDX MASK(4, 2)

/* stage 2: MemAttr in 5:2 (0b00xx device), S2AP read 6, write 7 */
#define ARM_S2_MEMATTR MASK(5, 2)
#define ARM_S2_NORMAL_WB 0xfULL		/* outer and inner write-back */
#define ARM_S2_DEVICE_nGnRE 0x1ULL
#define ARM_S2_R B(6)
#define ARM_S2_W B(7)

static uint64_t arm_table(paddr_t table)
{
	return table | ARM_VALID | ARM_TABLE_PAGE;
}

static uint64_t arm_leaf_common(paddr_t pa, unsigned int attr, bool last)
{
	uint64_t e = pa | ARM_VALID | ARM_SH_INNER | ARM_AF;

	if (last)
		e |= ARM_TABLE_PAGE;
	if (!(attr & PGTABLE_X))
		e |= ARM_XN;
	return e;
}

static enum pgtable_pte arm_decode_common(uint64_t e, bool last, paddr_t *pa)
{
	if (!(e & ARM_VALID))
		return PGTABLE_PTE_NONE;
	*pa = e & ARM_ADDR;
	if (!last)
		return e & ARM_TABLE_PAGE ? PGTABLE_PTE_TABLE : PGTABLE_PTE_LEAF;
	/* 0b01 at level 3 is reserved: treated as invalid */
	return e & ARM_TABLE_PAGE ? PGTABLE_PTE_LEAF : PGTABLE_PTE_NONE;
}

static uint64_t arm_s1_leaf(paddr_t pa, unsigned int attr, bool last,
			    unsigned int flags)
{
	uint64_t idx = attr & PGTABLE_DEVICE ? PGTABLE_ARM_ATTR_DEVICE :
					       PGTABLE_ARM_ATTR_NORMAL;
	uint64_t e = arm_leaf_common(pa, attr, last) | ARM_S1_AP1 |
		     idx << ARM_ATTR_SHIFT;

	if (!(attr & PGTABLE_W))
		e |= ARM_S1_RO;
	return e;
}

static enum pgtable_pte arm_s1_decode(uint64_t e, bool last, paddr_t *pa,
				      unsigned int *attr)
{
	enum pgtable_pte kind = arm_decode_common(e, last, pa);

	if (kind != PGTABLE_PTE_LEAF)
		return kind;
	*attr = PGTABLE_R;
	if (!(e & ARM_S1_RO))
		*attr |= PGTABLE_W;
	if (!(e & ARM_XN))
		*attr |= PGTABLE_X;
	if ((e & ARM_S1_ATTRINDX) >> ARM_ATTR_SHIFT == PGTABLE_ARM_ATTR_DEVICE)
		*attr |= PGTABLE_DEVICE;
	return kind;
}

static uint64_t arm_s2_leaf(paddr_t pa, unsigned int attr, bool last,
			    unsigned int flags)
{
	uint64_t mem = attr & PGTABLE_DEVICE ? ARM_S2_DEVICE_nGnRE :
					       ARM_S2_NORMAL_WB;
	uint64_t e = arm_leaf_common(pa, attr, last) | mem << ARM_ATTR_SHIFT;

	if (attr & PGTABLE_R)
		e |= ARM_S2_R;
	if (attr & PGTABLE_W)
		e |= ARM_S2_W;
	return e;
}

static enum pgtable_pte arm_s2_decode(uint64_t e, bool last, paddr_t *pa,
				      unsigned int *attr)
{
	enum pgtable_pte kind = arm_decode_common(e, last, pa);

	if (kind != PGTABLE_PTE_LEAF)
		return kind;
	*attr = 0;
	if (e & ARM_S2_R)
		*attr |= PGTABLE_R;
	if (e & ARM_S2_W)
		*attr |= PGTABLE_W;
	if (!(e & ARM_XN))
		*attr |= PGTABLE_X;
	if (!((e & ARM_S2_MEMATTR) >> ARM_ATTR_SHIFT & 0xc))
		*attr |= PGTABLE_DEVICE;
	return kind;
}

const struct pgtable_format pgtable_fmt_arm64_s1 = {
	.name = "Arm stage 1 EL2",
	.levels = 4,
	.idx_bits = { 9, 9, 9, 9 },	/* levels 0-3 */
	.block_levels = B(1) | B(2),	/* levels 1 and 2 */
	.oa_bits = 48,
	.sign_extend = false,		/* TTBR0_EL2 only: upper bits 0 */
	.perm_ok = PERMS_R_IMPLIED,
	.attr_ok = PGTABLE_DEVICE,
	.mk_table = arm_table,
	.mk_leaf = arm_s1_leaf,
	.decode = arm_s1_decode,
};

const struct pgtable_format pgtable_fmt_arm64_s2_40 = {
	.name = "Arm stage 2 40-bit IPA",
	.levels = 3,
	.idx_bits = { 10, 9, 9 },	/* levels 1 (two tables), 2, 3 */
	.block_levels = B(0) | B(1),	/* levels 1 and 2 */
	.oa_bits = 48,
	.sign_extend = false,
	.perm_ok = PERMS_ANY,
	.attr_ok = PGTABLE_DEVICE,
	.mk_table = arm_table,
	.mk_leaf = arm_s2_leaf,
	.decode = arm_s2_decode,
};
