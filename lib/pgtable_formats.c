// SPDX-License-Identifier: MIT
/*
 * Page-table formats (vireo/pgtable.h): how each architecture encodes an
 * entry. Invalid entries are always written as 0, tables are always
 * walked with every permission (the leaf alone decides), and leaves get
 * their accessed/dirty flags set so that no walker has to write them.
 */
#include <vireo/pgtable.h>

#define B(n) (1ULL << (n))
/* bits hi..lo set */
#define MASK(hi, lo) ((~0ULL >> (63 - (hi))) & ~(B(lo) - 1))

#define RWX (PGTABLE_R | PGTABLE_W | PGTABLE_X)
/* perm_ok: R granted always; W only with R; anything but nothing */
#define PERMS_R_IMPLIED (B(1) | B(3) | B(5) | B(7))
#define PERMS_W_NEEDS_R (B(1) | B(3) | B(4) | B(5) | B(7))
#define PERMS_ANY (0xfe)

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

/*
 * RISC-V Sv39/Sv48 and the G-stage Sv39x4/Sv48x4 (privileged spec,
 * "Supervisor-level ISA" and "Hypervisor extension"): V, R, W, X, U, G,
 * A, D in bits 7:0, PPN in 53:10, Svpbmt's PBMT in 62:61. No R, W or X
 * makes a pointer to the next level. RSW bit 8 is free for software:
 * it records device memory, which without Svpbmt only the PMAs give.
 */
#define RV_V B(0)
#define RV_R B(1)
#define RV_W B(2)
#define RV_X B(3)
#define RV_U B(4)
#define RV_A B(6)
#define RV_D B(7)
#define RV_SW_DEVICE B(8)
#define RV_PPN_SHIFT 10
#define RV_PPN MASK(53, 10)
#define RV_PBMT_SHIFT 61
#define RV_PBMT MASK(62, 61)
#define RV_PBMT_IO 2ULL

static uint64_t rv_table(paddr_t table)
{
	return (table >> PAGE_SHIFT) << RV_PPN_SHIFT | RV_V;
}

static uint64_t rv_leaf_u(paddr_t pa, unsigned int attr, unsigned int flags,
			  bool user)
{
	uint64_t e = (pa >> PAGE_SHIFT) << RV_PPN_SHIFT | RV_V | RV_A |
		     RV_D;

	if (attr & PGTABLE_R)
		e |= RV_R;
	if (attr & PGTABLE_W)
		e |= RV_W;
	if (attr & PGTABLE_X)
		e |= RV_X;
	if (user)
		e |= RV_U;
	if (attr & PGTABLE_DEVICE) {
		e |= RV_SW_DEVICE;
		if (flags & PGTABLE_F_SVPBMT)
			e |= RV_PBMT_IO << RV_PBMT_SHIFT;
	}
	return e;
}

static enum pgtable_pte rv_decode_u(uint64_t e, bool last, paddr_t *pa,
				    unsigned int *attr, bool report_user)
{
	if (!(e & RV_V))
		return PGTABLE_PTE_NONE;
	*pa = (e & RV_PPN) >> RV_PPN_SHIFT << PAGE_SHIFT;
	if (!(e & (RV_R | RV_W | RV_X)))
		/* a pointer at the last level is not valid */
		return last ? PGTABLE_PTE_NONE : PGTABLE_PTE_TABLE;
	*attr = 0;
	if (e & RV_R)
		*attr |= PGTABLE_R;
	if (e & RV_W)
		*attr |= PGTABLE_W;
	if (e & RV_X)
		*attr |= PGTABLE_X;
	if ((e & RV_U) && report_user)
		*attr |= PGTABLE_USER;
	if ((e & RV_SW_DEVICE) ||
	    (e & RV_PBMT) >> RV_PBMT_SHIFT == RV_PBMT_IO)
		*attr |= PGTABLE_DEVICE;
	return PGTABLE_PTE_LEAF;
}

static uint64_t rv_leaf(paddr_t pa, unsigned int attr, bool last,
			unsigned int flags)
{
	return rv_leaf_u(pa, attr, flags, attr & PGTABLE_USER);
}

static enum pgtable_pte rv_decode(uint64_t e, bool last, paddr_t *pa,
				  unsigned int *attr)
{
	return rv_decode_u(e, last, pa, attr, true);
}

/* G-stage: every access is checked as a user one, so every leaf is U=1 */
static uint64_t rv_g_leaf(paddr_t pa, unsigned int attr, bool last,
			  unsigned int flags)
{
	return rv_leaf_u(pa, attr, flags, true);
}

static enum pgtable_pte rv_g_decode(uint64_t e, bool last, paddr_t *pa,
				    unsigned int *attr)
{
	return rv_decode_u(e, last, pa, attr, false);
}

const struct pgtable_format pgtable_fmt_sv39 = {
	.name = "RISC-V Sv39",
	.levels = 3,
	.idx_bits = { 9, 9, 9 },	/* VPN[2], VPN[1], VPN[0] */
	.block_levels = B(0) | B(1),	/* gigapages, megapages */
	.oa_bits = 56,
	.sign_extend = true,
	.perm_ok = PERMS_W_NEEDS_R,
	.attr_ok = PGTABLE_USER | PGTABLE_DEVICE,
	.mk_table = rv_table,
	.mk_leaf = rv_leaf,
	.decode = rv_decode,
};

const struct pgtable_format pgtable_fmt_sv48 = {
	.name = "RISC-V Sv48",
	.levels = 4,
	.idx_bits = { 9, 9, 9, 9 },
	.block_levels = B(0) | B(1) | B(2),	/* terapages too */
	.oa_bits = 56,
	.sign_extend = true,
	.perm_ok = PERMS_W_NEEDS_R,
	.attr_ok = PGTABLE_USER | PGTABLE_DEVICE,
	.mk_table = rv_table,
	.mk_leaf = rv_leaf,
	.decode = rv_decode,
};

const struct pgtable_format pgtable_fmt_sv39x4 = {
	.name = "RISC-V Sv39x4",
	.levels = 3,
	.idx_bits = { 11, 9, 9 },	/* 41-bit GPA, 16 KiB root */
	.block_levels = B(0) | B(1),
	.oa_bits = 56,
	.sign_extend = false,
	.perm_ok = PERMS_W_NEEDS_R,
	.attr_ok = PGTABLE_DEVICE,
	.mk_table = rv_table,
	.mk_leaf = rv_g_leaf,
	.decode = rv_g_decode,
};

const struct pgtable_format pgtable_fmt_sv48x4 = {
	.name = "RISC-V Sv48x4",
	.levels = 4,
	.idx_bits = { 11, 9, 9, 9 },	/* 50-bit GPA, 16 KiB root */
	.block_levels = B(0) | B(1) | B(2),
	.oa_bits = 56,
	.sign_extend = false,
	.perm_ok = PERMS_W_NEEDS_R,
	.attr_ok = PGTABLE_DEVICE,
	.mk_table = rv_table,
	.mk_leaf = rv_g_leaf,
	.decode = rv_g_decode,
};
