/* SPDX-License-Identifier: MIT */
/*
 * Page tables: one architecture-independent engine for every format Vireo
 * uses, the hypervisor's own (stage 1) and its guests' (stage 2).
 *
 * A format (struct pgtable_format, below) says how many levels a table has,
 * how many index bits each level takes, which levels may hold a leaf above
 * the last one (a block: 2 MiB, 1 GiB, ...) and how an entry encodes
 * validity, output address, permissions and memory type. The engine walks,
 * maps, unmaps and changes permissions in any of them; it has no assembly
 * and no arch header, so it runs on the host in the unit tests.
 *
 * Granule: 4 KiB pages, 8-byte entries, 512 entries per table below the
 * root. The root may be larger (concatenated Arm stage-2 and RISC-V x4
 * roots): it is then allocated as one run of pages aligned to its size.
 *
 * Addresses: va is the input address (VA, IPA or GPA), pa the output one.
 * Formats with sign-extended VAs (x86-64, Sv39, Sv48) take canonical
 * addresses of either half; a range may not cross the hole between them.
 *
 * What the engine does not do (the caller does):
 *  - TLB maintenance and barriers. Entries are written with single 64-bit
 *    stores and a new table is filled before the entry pointing to it is
 *    written; after a call that changed a table in use, the caller makes
 *    the stores visible to the walker and invalidates the TLBs for the
 *    range (hal/). Where an architecture requires break-before-make (Arm,
 *    when a live block is split into a table), the caller passes the
 *    break_before_make callback, called between writing the invalid entry
 *    and its replacement.
 *  - Locking: one caller at a time per table.
 *  - Deferring reuse: unmap hands the table pages it empties to mm->free
 *    during the call; on a table in use, free must not let them be
 *    reused before the TLB invalidation that follows the call.
 *
 * Errors (negative errno, nothing changed unless said otherwise):
 *   -EINVAL  va, pa or size not page aligned, size 0, an attribute the
 *            format cannot encode, or a misbehaving allocator
 *   -ERANGE  the range leaves the format's input or output address space
 *   -EEXIST  map: some page of the range is mapped already
 *   -ENOENT  protect: some page of the range is not mapped; translate:
 *            va not mapped
 *   -ENOMEM  a table page could not be allocated; every table is exactly
 *            as before the call (what the call built is taken down again)
 */
#ifndef VIREO_PGTABLE_H
#define VIREO_PGTABLE_H

#include <vireo/page.h>
#include <vireo/types.h>

#define PGTABLE_MAX_LEVELS 5

/* Attributes of a mapping (unsigned int attr). */
#define PGTABLE_R (1U << 0)	 /* readable */
#define PGTABLE_W (1U << 1)	 /* writable */
#define PGTABLE_X (1U << 2)	 /* executable */
#define PGTABLE_USER (1U << 3)	 /* stage 1: also for the unprivileged mode */
#define PGTABLE_DEVICE (1U << 4) /* device memory; else normal write-back */
#define PGTABLE_PERM (PGTABLE_R | PGTABLE_W | PGTABLE_X | PGTABLE_USER)

/*
 * Arm stage 1 takes memory types from MAIR_EL2 through AttrIndx: the boot
 * code programs MAIR_EL2 = PGTABLE_ARM_MAIR so that these indexes mean
 * Normal inner/outer write-back read/write-allocate (0xff) and
 * Device-nGnRE (0x04).
 */
#define PGTABLE_ARM_ATTR_NORMAL 0
#define PGTABLE_ARM_ATTR_DEVICE 1
#define PGTABLE_ARM_MAIR 0x04ffULL

/*
 * Options for pgtable_init(). PGTABLE_F_MAX_2M: no leaf above 2 MiB (x86
 * CPUs without 1 GiB pages, such as QEMU's qemu64). PGTABLE_F_SVPBMT:
 * RISC-V device memory also gets Svpbmt's PBMT=IO (needs Svpbmt).
 */
#define PGTABLE_F_MAX_2M (1U << 0)
#define PGTABLE_F_SVPBMT (1U << 1)

enum pgtable_pte {
	PGTABLE_PTE_NONE,	/* invalid: nothing mapped */
	PGTABLE_PTE_TABLE,	/* points to a next-level table */
	PGTABLE_PTE_LEAF,	/* maps a page or block */
};

/*
 * A format. Levels count from the root (level 0, whatever the
 * architecture calls it) down to the last level (levels - 1), which maps
 * 4 KiB pages. Leaf encodings get last = true at the last level (Arm's
 * page and block descriptors differ).
 */
struct pgtable_format {
	const char *name;
	uint8_t levels;				/* 2..PGTABLE_MAX_LEVELS */
	uint8_t idx_bits[PGTABLE_MAX_LEVELS];	/* root first; 9 below it */
	uint8_t block_levels;	/* bit l: level l may hold a block */
	uint8_t oa_bits;	/* output addresses are below 1 << oa_bits */
	bool sign_extend;	/* input addresses are sign-extended VAs */
	uint8_t perm_ok;	/* bit (attr & (R|W|X)): combination encodable */
	unsigned int attr_ok;	/* which of PGTABLE_USER, _DEVICE it takes */
	uint64_t (*mk_table)(paddr_t table);
	uint64_t (*mk_leaf)(paddr_t pa, unsigned int attr, bool last,
			    unsigned int flags);
	/* Kind of pte; *pa and *attr (leaf) filled for a table or leaf. */
	enum pgtable_pte (*decode)(uint64_t pte, bool last, paddr_t *pa,
				   unsigned int *attr);
};

/*
 * Formats. Permissions each can encode (others give -EINVAL):
 *   x86-64 and Arm stage 1: R is always granted (R, RW, RX, RWX);
 *   EPT and RISC-V: W needs R (R, RW, X, RX, RWX; EPT X alone needs
 *   execute-only support); Arm stage 2: any non-empty combination.
 * PGTABLE_USER: x86-64 and Sv39/Sv48 only. The NPT and G-stage formats
 * set the user bit in every leaf themselves (their walks are user
 * accesses), so they take no PGTABLE_USER and report none.
 * The NX bit (x86) needs EFER.NXE.
 *
 * Each family is its own object (lib/pgtable_fmt_<family>.c) and an image
 * links only its arch's: naming another arch's format fails to link.
 */
extern const struct pgtable_format pgtable_fmt_x86_64;	  /* 4-level, 48-bit */
extern const struct pgtable_format pgtable_fmt_x86_64_5l; /* 5-level, 57-bit */
/* AMD NPT is the x86-64 4-level format with U set; input is a GPA */
extern const struct pgtable_format pgtable_fmt_amd_npt;
extern const struct pgtable_format pgtable_fmt_ept;	  /* 4-level EPT */
/* VMSAv8-64, 4 KiB granule, EL2 stage 1 (one VA range, TCR_EL2.T0SZ=16) */
extern const struct pgtable_format pgtable_fmt_arm64_s1;
/* Stage 2, 40-bit IPA (VTCR_EL2.T0SZ=24, SL0=1): starts at level 1 with
 * two concatenated tables, an 8 KiB root */
extern const struct pgtable_format pgtable_fmt_arm64_s2_40;
extern const struct pgtable_format pgtable_fmt_sv39;
extern const struct pgtable_format pgtable_fmt_sv48;
extern const struct pgtable_format pgtable_fmt_sv39x4;	  /* 16 KiB root */
extern const struct pgtable_format pgtable_fmt_sv48x4;	  /* 16 KiB root */

/*
 * Where table pages come from. alloc puts in *pa the physical address of
 * `pages` zeroed pages aligned to pages * 4 KiB (pages is 1, or the
 * root's size) and returns 0, or -ENOMEM; free gives them back; phys_to_virt
 * gives a pointer the engine can use for a table's physical address.
 * break_before_make may be NULL; see the top of this file.
 */
struct pgtable_mm_ops {
	int (*alloc)(void *ctx, unsigned int pages, paddr_t *pa);
	void (*free)(void *ctx, paddr_t pa, unsigned int pages);
	void *(*phys_to_virt)(void *ctx, paddr_t pa);
	void (*break_before_make)(void *ctx, uint64_t va, uint64_t size);
};

/* Tables on vireo/page_alloc.h, read and written through the identity
 * mapping the hypervisor runs on (lib/pgtable_alloc.c); ctx unused. */
extern const struct pgtable_mm_ops pgtable_page_alloc_ops;

struct pgtable {
	const struct pgtable_format *fmt;
	const struct pgtable_mm_ops *mm;
	void *ctx;		/* passed to the mm callbacks */
	paddr_t root;		/* for TTBR/CR3/satp/hgatp/EPTP/VTTBR */
	unsigned int flags;	/* PGTABLE_F_* */
};

/* Bytes in fmt's root table (4 KiB, or 8/16 KiB for concatenated roots). */
size_t pgtable_root_size(const struct pgtable_format *fmt);

/* Allocate an empty root. 0, -ENOMEM, or -EINVAL for unknown flags. */
int pgtable_init(struct pgtable *pt, const struct pgtable_format *fmt,
		 const struct pgtable_mm_ops *mm, void *ctx,
		 unsigned int flags);

/*
 * Map [va, va + size) to [pa, pa + size) with attr, using the largest
 * leaves that the alignment of va and pa, the size, the format and the
 * flags allow. Every page of the range must be unmapped (-EEXIST).
 */
int pgtable_map(struct pgtable *pt, uint64_t va, paddr_t pa, uint64_t size,
		unsigned int attr);

/*
 * Unmap [va, va + size); pages not mapped are skipped. A block the range
 * covers in part is split first (which can fail with -ENOMEM). Tables
 * left empty are freed.
 */
int pgtable_unmap(struct pgtable *pt, uint64_t va, uint64_t size);

/*
 * Set the permissions (PGTABLE_R/W/X/USER) of every page in
 * [va, va + size), which must all be mapped (-ENOENT); memory types stay.
 * Blocks the range covers in part are split first.
 */
int pgtable_protect(struct pgtable *pt, uint64_t va, uint64_t size,
		    unsigned int perm);

/*
 * Walk to va: 0 with the output address of va itself, the leaf's
 * attributes and its size (any pointer may be NULL), -ENOENT when not
 * mapped, -ERANGE when outside the input address space.
 */
int pgtable_translate(const struct pgtable *pt, uint64_t va, paddr_t *pa,
		      unsigned int *attr, uint64_t *leaf_size);

/* Free every table page, root included; pt is then unusable. */
void pgtable_free(struct pgtable *pt);

#endif
