/* SPDX-License-Identifier: MIT */
/*
 * The flattened device tree format (Devicetree Specification, chapter
 * 5): the header, the memory reservation entries and the structure
 * block's tokens. Names as in libfdt's fdt.h.
 */
#ifndef FDT_H
#define FDT_H

#ifndef __ASSEMBLY__

struct fdt_header {
	fdt32_t magic;			/* FDT_MAGIC */
	fdt32_t totalsize;		/* bytes in the whole blob */
	fdt32_t off_dt_struct;		/* structure block, from the start */
	fdt32_t off_dt_strings;		/* strings block */
	fdt32_t off_mem_rsvmap;		/* memory reservation block */
	fdt32_t version;
	fdt32_t last_comp_version;	/* oldest version this one is compatible with */
	fdt32_t boot_cpuid_phys;	/* v2 and later */
	fdt32_t size_dt_strings;	/* v3 and later */
	fdt32_t size_dt_struct;		/* v17 and later */
};

struct fdt_reserve_entry {
	fdt64_t address;
	fdt64_t size;
};

struct fdt_node_header {
	fdt32_t tag;
	char name[];
};

struct fdt_property {
	fdt32_t tag;
	fdt32_t len;
	fdt32_t nameoff;
	char data[];
};

#endif /* !__ASSEMBLY__ */

#define FDT_MAGIC	0xd00dfeed
#define FDT_TAGSIZE	sizeof(fdt32_t)

#define FDT_BEGIN_NODE	0x1	/* node start; the name follows, NUL-terminated */
#define FDT_END_NODE	0x2
#define FDT_PROP	0x3	/* len, nameoff, then len bytes of value */
#define FDT_NOP		0x4
#define FDT_END		0x9

#define FDT_V1_SIZE	(7 * sizeof(fdt32_t))
#define FDT_V2_SIZE	(FDT_V1_SIZE + sizeof(fdt32_t))
#define FDT_V3_SIZE	(FDT_V2_SIZE + sizeof(fdt32_t))
#define FDT_V16_SIZE	FDT_V3_SIZE
#define FDT_V17_SIZE	(FDT_V16_SIZE + sizeof(fdt32_t))

#endif /* FDT_H */
