// SPDX-License-Identifier: MIT
/*
 * Reference walker (ref_walker.h), from the manuals:
 *  - x86-64: Intel SDM vol. 3A 4.5 "4-level paging and 5-level paging"
 *    (tables 4-15 to 4-20), AMD APM vol. 2 5.3 and 15.25 (nested paging);
 *  - EPT: Intel SDM vol. 3C 29.3.2 "EPT translation mechanism"
 *    (tables 29-1 to 29-6);
 *  - Arm: Arm ARM D8.3 "Translation table descriptor formats" (VMSAv8-64,
 *    4 KB granule), D8.4 permissions, D8.6 memory attributes, and
 *    VTCR_EL2 for the concatenated stage-2 start level;
 *  - RISC-V: privileged spec "Sv39/Sv48" and 4.3.2 "Virtual address
 *    translation process", hypervisor extension "Guest physical address
 *    translation" (Sv39x4/Sv48x4), Svpbmt.
 */
#include <string.h>

#include "ref_walker.h"

/* bits hi..lo of a 64-bit value */
static uint64_t bits(unsigned int hi, unsigned int lo)
{
	return (~0ULL >> (63 - hi)) & ~((1ULL << lo) - 1);
}

/* Address layout: input bits, levels, index bits of the first level. */
struct geom {
	unsigned int in_bits;
	unsigned int levels;
	unsigned int root_bits;
	bool canonical;		/* sign-extended VA (else upper bits zero) */
};

static struct geom geom_of(enum ref_arch a)
{
	switch (a) {
	case REF_X86_4:		/* PML4 47:39 PDPT 38:30 PD 29:21 PT 20:12 */
		return (struct geom){ 48, 4, 9, true };
	case REF_X86_5:		/* PML5 56:48 */
		return (struct geom){ 57, 5, 9, true };
	case REF_AMD_NPT:
	case REF_EPT:		/* 48-bit guest-physical address */
		return (struct geom){ 48, 4, 9, false };
	case REF_ARM_S1:	/* T0SZ=16: start at level 0 */
		return (struct geom){ 48, 4, 9, false };
	case REF_ARM_S2_40:	/* T0SZ=24, SL0=1: level 1 indexes IPA 39:30 */
		return (struct geom){ 40, 3, 10, false };
	case REF_SV39:		/* VPN[2] 38:30 VPN[1] 29:21 VPN[0] 20:12 */
		return (struct geom){ 39, 3, 9, true };
	case REF_SV48:
		return (struct geom){ 48, 4, 9, true };
	case REF_SV39X4:	/* VPN[2] is GPA 40:30 */
		return (struct geom){ 41, 3, 11, false };
	case REF_SV48X4:	/* VPN[3] is GPA 49:39 */
		return (struct geom){ 50, 4, 11, false };
	}
	return (struct geom){ 0, 0, 0, false };
}

size_t ref_root_bytes(enum ref_arch arch)
{
	size_t bytes = (size_t)8 << geom_of(arch).root_bits;

	return bytes < 4096 ? 4096 : bytes;
}

enum kind { K_INVALID, K_TABLE, K_LEAF, K_BAD };

/* One entry decoded; r/w/x/u: what it lets through (ANDed over levels). */
struct entry {
	enum kind kind;
	const char *bad;
	uint64_t next;		/* next table, or the leaf's output base */
	unsigned int low;	/* leaf: lowest output address bit */
	bool r, w, x, u;
	enum ref_mem mem;
};

static void bad(struct entry *d, const char *why)
{
	d->kind = K_BAD;
	d->bad = why;
}

/* Engine convention, not the hardware's: invalid entries are 0. */
static void invalid(struct entry *d, uint64_t e)
{
	d->kind = K_INVALID;
	if (e)
		bad(d, "invalid entry with bits set");
}

/* x86-64 and NPT; xl is the SDM's level: 1 = PT ... 5 = PML5 */
static void dec_x86(unsigned int xl, uint64_t e, struct entry *d)
{
	bool ps = e & (1ULL << 7);

	if (!(e & 1))
		return invalid(d, e);
	d->r = true;
	d->w = e & (1ULL << 1);
	d->u = e & (1ULL << 2);
	d->x = !(e & (1ULL << 63));
	if (e & bits(62, 52))
		return bad(d, "x86: bits 62:52 (ignored/protection key) set");
	if (xl >= 4 && ps)
		return bad(d, "x86: PS is reserved in a PML4E/PML5E");
	if (xl == 1 || ps) {
		unsigned int pat_bit = xl == 1 ? 7 : 12;
		unsigned int pat;

		d->low = xl == 1 ? 12 : xl == 2 ? 21 : 30;
		if (xl > 1 && (e & bits(d->low - 1, 13)))
			return bad(d, "x86: reserved address bits in a large page");
		if (e & (1ULL << 8))
			return bad(d, "x86: G set (never used)");
		d->kind = K_LEAF;
		d->next = e & bits(51, d->low);
		/* index into the power-on PAT: WB WT UC- UC WB WT UC- UC */
		pat = (unsigned int)((e >> pat_bit & 1) << 2 | (e >> 4 & 1) << 1 |
				     (e >> 3 & 1));
		d->mem = (pat & 3) == 0 ? REF_MEM_WB :
			 (pat & 3) == 3 ? REF_MEM_UC : REF_MEM_OTHER;
		return;
	}
	if (e & (3ULL << 3))
		return bad(d, "x86: PWT/PCD set on a table");
	if (e & bits(11, 8))
		return bad(d, "x86: bits 11:8 set on a table");
	d->kind = K_TABLE;
	d->next = e & bits(51, 12);
}

/* EPT; el: 4 = PML4E ... 1 = PTE */
static void dec_ept(unsigned int el, uint64_t e, struct entry *d)
{
	bool large = e & (1ULL << 7);

	if (!(e & 7))
		return invalid(d, e);
	d->r = e & 1;
	d->w = e & 2;
	d->x = e & 4;
	d->u = false;
	if ((e & 3) == 2)
		return bad(d, "EPT misconfiguration: write without read");
	if (e & bits(63, 52))
		return bad(d, "EPT: bits 63:52 set");
	if (e & bits(11, 8))
		return bad(d, "EPT: bits 11:8 (A/D/user-execute) set");
	if (el == 4 && (e & bits(7, 3)))
		return bad(d, "EPT: reserved bits 7:3 in a PML4E");
	if (el == 1 || (el <= 3 && large)) {
		unsigned int mt = (unsigned int)(e >> 3 & 7);

		d->low = el == 1 ? 12 : el == 2 ? 21 : 30;
		if (el == 1 && large)
			return bad(d, "EPT: bit 7 set in a PTE");
		if (mt == 2 || mt == 3 || mt == 7)
			return bad(d, "EPT: reserved memory type");
		if (el > 1 && (e & bits(d->low - 1, 12)))
			return bad(d, "EPT: reserved address bits in a large page");
		d->kind = K_LEAF;
		d->next = e & bits(51, d->low);
		d->mem = mt == 6 ? REF_MEM_WB : mt == 0 ? REF_MEM_UC : REF_MEM_OTHER;
		return;
	}
	if (el < 4 && (e & bits(6, 3)))
		return bad(d, "EPT: reserved bits 6:3 in a non-leaf entry");
	d->kind = K_TABLE;
	d->next = e & bits(51, 12);
}

/* Arm VMSAv8-64 4 KB granule; al is the Arm level (0..3) */
static void dec_arm(const struct ref_ctx *c, unsigned int al, uint64_t e,
		    struct entry *d)
{
	bool s2 = c->arch == REF_ARM_S2_40;
	unsigned int type = (unsigned int)(e & 3);

	if (!(e & 1))
		return invalid(d, e);
	if (e & bits(51, 48))
		return bad(d, "Arm: RES0 bits 51:48 set (48-bit OA)");
	if (al < 3 && type == 3) {
		/* table: NSTable/APTable/XNTable/PXNTable in 63:59 */
		if (e & bits(63, 52))
			return bad(d, "Arm: table attributes or ignored bits set");
		if (e & bits(11, 2))
			return bad(d, "Arm: ignored bits 11:2 set in a table");
		d->kind = K_TABLE;
		d->next = e & bits(47, 12);
		d->r = d->w = d->x = true;
		return;
	}
	if (al == 3 && type == 1)
		return bad(d, "Arm: reserved descriptor (0b01) at level 3");
	if (al == 0)
		return bad(d, "Arm: block at level 0 (4 KB granule)");
	d->low = al == 1 ? 30 : al == 2 ? 21 : 12;
	if (al < 3 && (e & bits(d->low - 1, 12)))
		return bad(d, "Arm: RES0 output address bits in a block");
	if (!(e & (1ULL << 10)))
		return bad(d, "Arm: AF clear (access flag fault)");
	if ((e >> 8 & 3) == 1)
		return bad(d, "Arm: reserved shareability 0b01");
	if (e & (1ULL << 52))
		return bad(d, "Arm: contiguous hint set (never used)");
	if (e & bits(63, 55))
		return bad(d, "Arm: software/ignored bits 63:55 set");
	d->x = !(e & (1ULL << 54));
	d->u = false;
	if (!s2) {
		unsigned int idx = (unsigned int)(e >> 2 & 7);
		unsigned int attr = (unsigned int)(c->mair >> (8 * idx) & 0xff);

		if (e & (1ULL << 53))
			return bad(d, "Arm: PXN is RES0 at EL2");
		if (!(e & (1ULL << 6)))
			return bad(d, "Arm: AP[1] is RES1 at EL2");
		if (e & (1ULL << 5))
			return bad(d, "Arm: NS set");
		if (e & (1ULL << 11))
			return bad(d, "Arm: nG set at EL2");
		d->r = true;
		d->w = !(e & (1ULL << 7));
		/* MAIR: 0xff normal write-back, 0b0000dd00 device */
		d->mem = attr == 0xff ? REF_MEM_WB :
			 attr == 0x04 ? REF_MEM_UC : REF_MEM_OTHER;
	} else {
		unsigned int memattr = (unsigned int)(e >> 2 & 0xf);

		if (e & (1ULL << 53))
			return bad(d, "Arm: XN[0] needs FEAT_XNX");
		if (e & (1ULL << 11))
			return bad(d, "Arm: bit 11 is RES0 at stage 2");
		if ((memattr >> 2) && !(memattr & 3))
			return bad(d, "Arm: reserved stage-2 MemAttr");
		d->r = e & (1ULL << 6);		/* S2AP[0] */
		d->w = e & (1ULL << 7);		/* S2AP[1] */
		/* MemAttr[3:2] = 0b00: Device, [1:0] = 0b01 nGnRE */
		d->mem = memattr == 0xf ? REF_MEM_WB :
			 memattr == 0x1 ? REF_MEM_UC : REF_MEM_OTHER;
	}
	d->kind = K_LEAF;
	d->next = e & bits(47, d->low);
}

/* RISC-V; i is the spec's level (0 = last) */
static void dec_rv(const struct ref_ctx *c, unsigned int i, uint64_t e,
		   struct entry *d)
{
	bool gstage = c->arch == REF_SV39X4 || c->arch == REF_SV48X4;
	uint64_t ppn = e >> 10 & bits(43, 0);
	unsigned int pbmt = (unsigned int)(e >> 61 & 3);

	if (!(e & 1))
		return invalid(d, e);
	d->r = e & 2;
	d->w = e & 4;
	d->x = e & 8;
	d->u = e & 16;
	if (!d->r && d->w)
		return bad(d, "RISC-V: W without R is reserved");
	if (e & bits(60, 54))
		return bad(d, "RISC-V: reserved bits 60:54 set");
	if (e >> 63)
		return bad(d, "RISC-V: N set without Svnapot");
	if (pbmt && !c->svpbmt)
		return bad(d, "RISC-V: PBMT set without Svpbmt");
	if (pbmt == 3)
		return bad(d, "RISC-V: reserved PBMT 3");
	if (gstage && (e & 32))
		return bad(d, "RISC-V: G set in a G-stage PTE");
	if (!d->r && !d->x) {
		if (i == 0)
			return bad(d, "RISC-V: pointer PTE at level 0");
		if (e & (16 | 64 | 128))
			return bad(d, "RISC-V: D, A or U set in a non-leaf PTE");
		if (pbmt)
			return bad(d, "RISC-V: PBMT set in a non-leaf PTE");
		d->kind = K_TABLE;
		d->next = ppn << 12;
		d->r = d->w = d->x = d->u = true;
		return;
	}
	if (i > 0 && (ppn & bits(9 * i - 1, 0)))
		return bad(d, "RISC-V: misaligned superpage");
	if (!(e & 64))
		return bad(d, "RISC-V: A clear (page fault without Svadu)");
	if (d->w && !(e & 128))
		return bad(d, "RISC-V: D clear on a writable page");
	d->kind = K_LEAF;
	d->low = 12 + 9 * i;
	d->next = ppn << 12;
	d->mem = pbmt == 0 ? REF_MEM_PMA : pbmt == 2 ? REF_MEM_IO : REF_MEM_OTHER;
}

/* depth counts from the root (0) */
static void decode(const struct ref_ctx *c, const struct geom *g,
		   unsigned int depth, uint64_t e, struct entry *d)
{
	unsigned int from_bottom = g->levels - 1 - depth;

	memset(d, 0, sizeof(*d));
	switch (c->arch) {
	case REF_X86_4:
	case REF_X86_5:
	case REF_AMD_NPT:
		dec_x86(from_bottom + 1, e, d);
		break;
	case REF_EPT:
		dec_ept(from_bottom + 1, e, d);
		break;
	case REF_ARM_S1:
	case REF_ARM_S2_40:
		dec_arm(c, 3 - from_bottom, e, d);
		break;
	default:
		dec_rv(c, from_bottom, e, d);
		break;
	}
}

static const uint64_t *table_at(const struct ref_ctx *c, uint64_t pa)
{
	return c->phys(c->ctx, pa);
}

static bool root_aligned(const struct ref_ctx *c)
{
	return !(c->root & (ref_root_bytes(c->arch) - 1));
}

void ref_walk(const struct ref_ctx *c, uint64_t va, struct ref_result *res)
{
	struct geom g = geom_of(c->arch);
	uint64_t upper = va >> (g.in_bits - (g.canonical ? 1 : 0));
	uint64_t table = c->root;
	bool r = true, w = true, x = true, u = true;

	memset(res, 0, sizeof(*res));
	if (upper && !(g.canonical && upper == ~0ULL >> (g.in_bits - 1))) {
		res->bad = "input address out of range or not canonical";
		return;
	}
	if (!root_aligned(c)) {
		res->bad = "root table not aligned to its size";
		return;
	}
	for (unsigned int depth = 0; depth < g.levels; depth++) {
		unsigned int shift = 12 + 9 * (g.levels - 1 - depth);
		unsigned int ibits = depth ? 9 : g.root_bits;
		uint64_t e = table_at(c, table)[va >> shift & bits(ibits - 1, 0)];
		struct entry d;

		decode(c, &g, depth, e, &d);
		if (d.kind == K_INVALID) {
			res->size = 1ULL << shift;
			return;
		}
		if (d.kind == K_BAD) {
			res->bad = d.bad;
			return;
		}
		r &= d.r;
		w &= d.w;
		x &= d.x;
		u &= d.u;
		if (d.kind == K_TABLE) {
			table = d.next;
			continue;
		}
		if (d.low != shift) {
			res->bad = "leaf size does not match its level";
			return;
		}
		res->mapped = true;
		res->pa = d.next | (va & bits(shift - 1, 0));
		res->r = r;
		res->w = w;
		res->x = x;
		res->u = u;
		res->mem = d.mem;
		res->size = 1ULL << shift;
		return;
	}
	res->bad = "table pointer at the last level";
}

/* order-dependent: the same entries elsewhere hash differently */
static void hash(uint64_t *h, uint64_t v)
{
	*h = (*h ^ v) * 0x9e3779b97f4a7c15ULL;
	*h ^= *h >> 29;
}

static void tree(const struct ref_ctx *c, const struct geom *g, uint64_t pa,
		 unsigned int depth, struct ref_tree_info *info)
{
	size_t n = (size_t)1 << (depth ? 9 : g->root_bits);
	const uint64_t *t = table_at(c, pa);
	unsigned int valid = 0;

	info->tables++;
	info->pages += depth ? 1 : (unsigned int)(ref_root_bytes(c->arch) / 4096);
	for (size_t i = 0; i < n; i++) {
		struct entry d;

		hash(&info->digest, t[i]);
		if (!t[i])
			continue;
		decode(c, g, depth, t[i], &d);
		if (d.kind == K_BAD && !info->bad)
			info->bad = d.bad;
		if (d.kind == K_TABLE) {
			valid++;
			if (depth + 1 < g->levels)
				tree(c, g, d.next, depth + 1, info);
			else if (!info->bad)
				info->bad = "table pointer at the last level";
		} else if (d.kind == K_LEAF) {
			valid++;
			info->leaves[g->levels - 1 - depth]++;
		}
	}
	if (depth && !valid)
		info->empty++;
}

void ref_tree(const struct ref_ctx *c, struct ref_tree_info *info)
{
	struct geom g = geom_of(c->arch);

	memset(info, 0, sizeof(*info));
	info->digest = 0xcbf29ce484222325ULL;
	if (!root_aligned(c))
		info->bad = "root table not aligned to its size";
	tree(c, &g, c->root, 0, info);
}
