// SPDX-License-Identifier: MIT
/* Page-table formats (vireo/pgtable.h): RISC-V Sv39/Sv48 and the G-stage Sv39x4/Sv48x4. */
#include "pgtable_fmt.h"

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
