/* SPDX-License-Identifier: MIT */
/*
 * A reference page-table walker for the unit tests, written from the
 * architecture manuals' descriptor formats and shares nothing with
 * lib/pgtable*.c: it decodes raw entries as the hardware would, and
 * complains about any encoding the hardware would fault on (reserved
 * bits, misaligned superpages, missing access flags, ...) or that the
 * engine promises never to write (bits it has no use for, non-zero
 * invalid entries).
 */
#ifndef REF_WALKER_H
#define REF_WALKER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ref_arch {
	REF_X86_4,	/* x86-64 4-level paging */
	REF_X86_5,	/* x86-64 5-level paging */
	REF_AMD_NPT,	/* nested paging: the 4-level format walked for a GPA */
	REF_EPT,	/* Intel EPT, 4-level */
	REF_ARM_S1,	/* VMSAv8-64 4K EL2 stage 1, TCR_EL2.T0SZ=16 */
	REF_ARM_S2_40,	/* VMSAv8-64 4K stage 2, VTCR_EL2.T0SZ=24, SL0=1 */
	REF_SV39,
	REF_SV48,
	REF_SV39X4,
	REF_SV48X4,
};

/* Memory type the hardware ends up with. */
enum ref_mem {
	REF_MEM_WB,	/* normal write-back */
	REF_MEM_UC,	/* x86/EPT uncacheable, Arm Device-nGnRE */
	REF_MEM_PMA,	/* RISC-V: whatever the PMAs say */
	REF_MEM_IO,	/* RISC-V Svpbmt IO */
	REF_MEM_OTHER,
};

struct ref_ctx {
	enum ref_arch arch;
	uint64_t root;		/* physical address of the root table */
	void *(*phys)(void *ctx, uint64_t pa);	/* pointer to a table */
	void *ctx;
	uint64_t mair;		/* Arm stage 1: MAIR_EL2 */
	bool svpbmt;		/* RISC-V: Svpbmt implemented */
};

struct ref_result {
	bool mapped;
	const char *bad;	/* set: what is wrong with the encoding */
	uint64_t pa;
	bool r, w, x, u;	/* effective over all levels */
	enum ref_mem mem;
	uint64_t size;		/* bytes the leaf (or invalid entry) spans */
};

struct ref_tree_info {
	unsigned int tables;	/* root included */
	unsigned int pages;	/* pages the tables take */
	unsigned int empty;	/* tables below the root with no valid entry */
	unsigned int leaves[4];	/* leaves of 4 KiB, 2 MiB, 1 GiB, 512 GiB */
	uint64_t digest;	/* hash of every entry of every table */
	const char *bad;
};

/* Bytes in the root table, as the manual sizes it. */
size_t ref_root_bytes(enum ref_arch arch);

void ref_walk(const struct ref_ctx *c, uint64_t va, struct ref_result *res);

/* Walk every table reachable from the root. */
void ref_tree(const struct ref_ctx *c, struct ref_tree_info *info);

#endif
