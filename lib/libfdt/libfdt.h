/* SPDX-License-Identifier: MIT */
/*
 * Vireo's libfdt: a freestanding implementation of libfdt's read-only
 * calls, the same-size in-place write (fdt_setprop_inplace*) and the
 * sequential writer that builds a tree from scratch (fdt_create() ...
 * fdt_finish()); not the calls that insert into an existing tree
 * (fdt_open_into, fdt_setprop, fdt_add_subnode, fdt_pack, ...) nor
 * overlays. Names, prototypes, macros and error codes are libfdt's, so
 * code written against libfdt builds here unchanged; return values,
 * error codes and the bytes written match libfdt 1.6.1 on every input,
 * corrupt ones included (tests/libfdt checks it differentially), except
 * where libfdt would hang, recurse without end or read or write outside
 * the blob (see tests/libfdt/README.md).
 *
 * Offsets are structure-block offsets as in libfdt. A negative int
 * return is -FDT_ERR_*. The blob must be readable for
 * max(fdt_totalsize(), sizeof(struct fdt_header)) bytes; nothing
 * outside that is read, whatever the blob says.
 */
#ifndef LIBFDT_H
#define LIBFDT_H

#include "libfdt_env.h"
#include "fdt.h"

#ifdef __cplusplus
extern "C" {
#endif

#define FDT_FIRST_SUPPORTED_VERSION	0x02
#define FDT_LAST_COMPATIBLE_VERSION	0x10
#define FDT_LAST_SUPPORTED_VERSION	0x11

/* Error codes (returned negated) */
#define FDT_ERR_NOTFOUND	1	/* no such node or property */
#define FDT_ERR_EXISTS		2
#define FDT_ERR_NOSPACE		3	/* value does not fit (fdt_setprop_inplace) */
#define FDT_ERR_BADOFFSET	4	/* offset out of range or not at the right tag */
#define FDT_ERR_BADPATH		5	/* malformed path, or unknown alias */
#define FDT_ERR_BADPHANDLE	6	/* phandle 0 or 0xffffffff */
#define FDT_ERR_BADSTATE	7	/* unfinished sequential-write blob */
#define FDT_ERR_TRUNCATED	8	/* a block or string runs off its end */
#define FDT_ERR_BADMAGIC	9
#define FDT_ERR_BADVERSION	10
#define FDT_ERR_BADSTRUCTURE	11	/* corrupt structure block */
#define FDT_ERR_BADLAYOUT	12
#define FDT_ERR_INTERNAL	13
#define FDT_ERR_BADNCELLS	14	/* bad #address-cells / #size-cells */
#define FDT_ERR_BADVALUE	15	/* e.g. a string list without its final NUL */
#define FDT_ERR_BADOVERLAY	16
#define FDT_ERR_NOPHANDLES	17
#define FDT_ERR_BADFLAGS	18
#define FDT_ERR_ALIGNMENT	19	/* blob not 8-byte aligned */

#define FDT_ERR_MAX		19

#define FDT_MAX_PHANDLE		0xfffffffe
#define FDT_MAX_NCELLS		4

/*
 * Unaligned-safe big-endian loads and stores. __builtin_memcpy is
 * expanded inline even with -fno-builtin: one load where the target
 * allows unaligned ones, byte loads where not (-mstrict-align). Nearly
 * every load is aligned (header fields, tags, cells), so under
 * -mstrict-align the aligned case is tested first and takes one load.
 */
static inline uint32_t fdt32_ld(const fdt32_t *p)
{
	uint32_t v;

	if (!((uintptr_t)p & 3))
		return fdt32_to_cpu(*(const fdt32_t *)__builtin_assume_aligned(p, 4));
	__builtin_memcpy(&v, p, sizeof(v));
	return fdt32_to_cpu(v);
}

static inline void fdt32_st(void *property, uint32_t value)
{
	uint8_t *b = (uint8_t *)property;

	b[0] = (uint8_t)(value >> 24);
	b[1] = (uint8_t)(value >> 16);
	b[2] = (uint8_t)(value >> 8);
	b[3] = (uint8_t)value;
}

static inline uint64_t fdt64_ld(const fdt64_t *p)
{
	const fdt32_t *w = (const fdt32_t *)p;

	return ((uint64_t)fdt32_ld(w) << 32) | fdt32_ld(w + 1);
}

static inline void fdt64_st(void *property, uint64_t value)
{
	fdt32_st(property, (uint32_t)(value >> 32));
	fdt32_st((uint8_t *)property + 4, (uint32_t)value);
}

/* Low level: bounds-checked pointer into the structure block, and tags */
const void *fdt_offset_ptr(const void *fdt, int offset, unsigned int checklen);
static inline void *fdt_offset_ptr_w(void *fdt, int offset, int checklen)
{
	return (void *)(uintptr_t)fdt_offset_ptr(fdt, offset, checklen);
}
uint32_t fdt_next_tag(const void *fdt, int offset, int *nextoffset);

/* Traversal. fdt_next_node() counts depth in *depth when depth is set. */
int fdt_next_node(const void *fdt, int offset, int *depth);
int fdt_first_subnode(const void *fdt, int offset);
int fdt_next_subnode(const void *fdt, int offset);

#define fdt_for_each_subnode(node, fdt, parent)		\
	for (node = fdt_first_subnode(fdt, parent);	\
	     node >= 0;					\
	     node = fdt_next_subnode(fdt, node))

/* Header fields, read unaligned-safe (no struct member access) */
#define fdt_get_header(fdt, field) \
	(fdt32_ld((const fdt32_t *)(const void *)((const char *)(fdt) + \
		offsetof(struct fdt_header, field))))
#define fdt_magic(fdt)			(fdt_get_header(fdt, magic))
#define fdt_totalsize(fdt)		(fdt_get_header(fdt, totalsize))
#define fdt_off_dt_struct(fdt)		(fdt_get_header(fdt, off_dt_struct))
#define fdt_off_dt_strings(fdt)		(fdt_get_header(fdt, off_dt_strings))
#define fdt_off_mem_rsvmap(fdt)		(fdt_get_header(fdt, off_mem_rsvmap))
#define fdt_version(fdt)		(fdt_get_header(fdt, version))
#define fdt_last_comp_version(fdt)	(fdt_get_header(fdt, last_comp_version))
#define fdt_boot_cpuid_phys(fdt)	(fdt_get_header(fdt, boot_cpuid_phys))
#define fdt_size_dt_strings(fdt)	(fdt_get_header(fdt, size_dt_strings))
#define fdt_size_dt_struct(fdt)		(fdt_get_header(fdt, size_dt_struct))

#define fdt_set_hdr_(name) \
	static inline void fdt_set_##name(void *fdt, uint32_t val) \
	{ \
		fdt32_st((char *)fdt + offsetof(struct fdt_header, name), val); \
	}
fdt_set_hdr_(magic)
fdt_set_hdr_(totalsize)
fdt_set_hdr_(off_dt_struct)
fdt_set_hdr_(off_dt_strings)
fdt_set_hdr_(off_mem_rsvmap)
fdt_set_hdr_(version)
fdt_set_hdr_(last_comp_version)
fdt_set_hdr_(boot_cpuid_phys)
fdt_set_hdr_(size_dt_strings)
fdt_set_hdr_(size_dt_struct)
#undef fdt_set_hdr_

size_t fdt_header_size(const void *fdt);
size_t fdt_header_size_(uint32_t version);

/*
 * 0 if fdt looks like a complete device tree: aligned, magic, a version
 * we read, totalsize within INT_MAX, and each block inside totalsize.
 */
int fdt_check_header(const void *fdt);

/* Strings block */
const char *fdt_get_string(const void *fdt, int stroffset, int *lenp);
const char *fdt_string(const void *fdt, int stroffset);

/* Memory reservation block */
int fdt_num_mem_rsv(const void *fdt);
int fdt_get_mem_rsv(const void *fdt, int n, uint64_t *address, uint64_t *size);

/* Nodes by name and path; a path may start with an alias */
int fdt_subnode_offset_namelen(const void *fdt, int parentoffset,
			       const char *name, int namelen);
int fdt_subnode_offset(const void *fdt, int parentoffset, const char *name);
int fdt_path_offset_namelen(const void *fdt, const char *path, int namelen);
int fdt_path_offset(const void *fdt, const char *path);
const char *fdt_get_name(const void *fdt, int nodeoffset, int *lenp);

/* Properties */
int fdt_first_property_offset(const void *fdt, int nodeoffset);
int fdt_next_property_offset(const void *fdt, int offset);

#define fdt_for_each_property_offset(property, fdt, node)	\
	for (property = fdt_first_property_offset(fdt, node);	\
	     property >= 0;					\
	     property = fdt_next_property_offset(fdt, property))

const struct fdt_property *fdt_get_property_by_offset(const void *fdt,
						      int offset, int *lenp);
const struct fdt_property *fdt_get_property_namelen(const void *fdt,
						    int nodeoffset,
						    const char *name,
						    int namelen, int *lenp);
const struct fdt_property *fdt_get_property(const void *fdt, int nodeoffset,
					    const char *name, int *lenp);
static inline struct fdt_property *fdt_get_property_w(void *fdt, int nodeoffset,
						      const char *name,
						      int *lenp)
{
	return (struct fdt_property *)(uintptr_t)
		fdt_get_property(fdt, nodeoffset, name, lenp);
}

const void *fdt_getprop_by_offset(const void *fdt, int offset,
				  const char **namep, int *lenp);
const void *fdt_getprop_namelen(const void *fdt, int nodeoffset,
				const char *name, int namelen, int *lenp);
static inline void *fdt_getprop_namelen_w(void *fdt, int nodeoffset,
					  const char *name, int namelen,
					  int *lenp)
{
	return (void *)(uintptr_t)fdt_getprop_namelen(fdt, nodeoffset, name,
						      namelen, lenp);
}
const void *fdt_getprop(const void *fdt, int nodeoffset,
			const char *name, int *lenp);
static inline void *fdt_getprop_w(void *fdt, int nodeoffset,
				  const char *name, int *lenp)
{
	return (void *)(uintptr_t)fdt_getprop(fdt, nodeoffset, name, lenp);
}

/* phandles and aliases */
uint32_t fdt_get_phandle(const void *fdt, int nodeoffset);
int fdt_node_offset_by_phandle(const void *fdt, uint32_t phandle);
const char *fdt_get_alias_namelen(const void *fdt,
				  const char *name, int namelen);
const char *fdt_get_alias(const void *fdt, const char *name);

/* Depth and parents (each walks from the root) */
int fdt_supernode_atdepth_offset(const void *fdt, int nodeoffset,
				 int supernodedepth, int *nodedepth);
int fdt_node_depth(const void *fdt, int nodeoffset);
int fdt_parent_offset(const void *fdt, int nodeoffset);

/* compatible: 0 if the node matches, 1 if not, or -FDT_ERR_* */
int fdt_node_check_compatible(const void *fdt, int nodeoffset,
			      const char *compatible);
int fdt_node_offset_by_compatible(const void *fdt, int startoffset,
				  const char *compatible);

/* String lists (NUL-separated strings in one property) */
int fdt_stringlist_contains(const char *strlist, int listlen, const char *str);
int fdt_stringlist_count(const void *fdt, int nodeoffset, const char *property);
int fdt_stringlist_search(const void *fdt, int nodeoffset, const char *property,
			  const char *string);
const char *fdt_stringlist_get(const void *fdt, int nodeoffset,
			       const char *property, int index,
			       int *lenp);

/* #address-cells (default 2) and #size-cells (default 1) of a node */
int fdt_address_cells(const void *fdt, int nodeoffset);
int fdt_size_cells(const void *fdt, int nodeoffset);

/* Write in place: replace a property's value by one of the same length */
int fdt_setprop_inplace_namelen_partial(void *fdt, int nodeoffset,
					const char *name, int namelen,
					uint32_t idx, const void *val,
					int len);
int fdt_setprop_inplace(void *fdt, int nodeoffset, const char *name,
			const void *val, int len);

static inline int fdt_setprop_inplace_u32(void *fdt, int nodeoffset,
					  const char *name, uint32_t val)
{
	fdt32_t tmp = cpu_to_fdt32(val);

	return fdt_setprop_inplace(fdt, nodeoffset, name, &tmp, sizeof(tmp));
}

static inline int fdt_setprop_inplace_u64(void *fdt, int nodeoffset,
					  const char *name, uint64_t val)
{
	fdt64_t tmp = cpu_to_fdt64(val);

	return fdt_setprop_inplace(fdt, nodeoffset, name, &tmp, sizeof(tmp));
}

static inline int fdt_setprop_inplace_cell(void *fdt, int nodeoffset,
					   const char *name, uint32_t val)
{
	return fdt_setprop_inplace_u32(fdt, nodeoffset, name, val);
}

/*
 * Sequential write (fdt_sw.c): fdt_create(), any fdt_add_reservemap_entry(),
 * fdt_finish_reservemap(), then nodes (fdt_begin_node(), properties,
 * fdt_end_node()) and fdt_finish(), which makes the buffer a complete
 * tree of version 17. Each returns 0 or -FDT_ERR_NOSPACE (the buffer is
 * full: fdt_resize() into a larger one and retry), -FDT_ERR_BADSTATE
 * (called in the wrong phase, or on a finished tree), -FDT_ERR_BADMAGIC
 * (not a tree under construction). Node nesting is not checked, as in
 * libfdt: an unbalanced tree is refused by its readers.
 */
/* Do not share property names in the strings block (faster, larger) */
#define FDT_CREATE_FLAG_NO_NAME_DEDUP	0x1
#define FDT_CREATE_FLAGS_ALL		(FDT_CREATE_FLAG_NO_NAME_DEDUP)

/* Clears bufsize bytes; -FDT_ERR_BADFLAGS for an unknown flag */
int fdt_create_with_flags(void *buf, int bufsize, uint32_t flags);
int fdt_create(void *buf, int bufsize);
/* Move the tree under construction into buf (may overlap fdt) */
int fdt_resize(void *fdt, void *buf, int bufsize);
int fdt_add_reservemap_entry(void *fdt, uint64_t addr, uint64_t size);
int fdt_finish_reservemap(void *fdt);
int fdt_begin_node(void *fdt, const char *name);
/* len bytes of value at *valp, to be filled in (len < 0: -FDT_ERR_BADVALUE) */
int fdt_property_placeholder(void *fdt, const char *name, int len, void **valp);
int fdt_property(void *fdt, const char *name, const void *val, int len);
int fdt_end_node(void *fdt);
int fdt_finish(void *fdt);

static inline int fdt_property_u32(void *fdt, const char *name, uint32_t val)
{
	fdt32_t tmp = cpu_to_fdt32(val);

	return fdt_property(fdt, name, &tmp, sizeof(tmp));
}

static inline int fdt_property_u64(void *fdt, const char *name, uint64_t val)
{
	fdt64_t tmp = cpu_to_fdt64(val);

	return fdt_property(fdt, name, &tmp, sizeof(tmp));
}

static inline int fdt_property_cell(void *fdt, const char *name, uint32_t val)
{
	return fdt_property_u32(fdt, name, val);
}

/* A macro as in libfdt: strlen() is the caller's */
#define fdt_property_string(fdt, name, str) \
	fdt_property(fdt, name, str, strlen(str) + 1)

/* "FDT_ERR_NOTFOUND" etc., as libfdt spells them */
const char *fdt_strerror(int errval);

#ifdef __cplusplus
}
#endif

#endif /* LIBFDT_H */
