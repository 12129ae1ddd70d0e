// SPDX-License-Identifier: MIT
/*
 * Vireo's libfdt: read-only lookups (strings, memory reservations,
 * nodes by name, path, phandle and compatible, properties, string
 * lists, cells). Which calls check the header first, and which error a
 * corrupt blob gives, follow libfdt 1.6.1 call by call: that is what
 * callers written for libfdt see, and what tests/libfdt compares.
 */
#include <vireo/string.h>
#include "fdt_internal.h"

/* ---- strings block ---------------------------------------------------- */

const char *fdt_get_string(const void *fdt, int stroffset, int *lenp)
{
	int total = fdt_ro_check_(fdt), err = total;
	uint32_t pos, size;
	size_t room;
	const char *s, *nul;

	if (total < 0)
		goto fail;
	err = -FDT_ERR_BADOFFSET;
	pos = (uint32_t)stroffset + fdt_off_dt_strings(fdt);
	if (pos >= (uint32_t)total)
		goto fail;
	room = (uint32_t)total - pos;

	if (fdt_magic(fdt) == FDT_MAGIC) {
		if (stroffset < 0)
			goto fail;
		if (fdt_version(fdt) >= 17) {
			size = fdt_size_dt_strings(fdt);
			if ((uint32_t)stroffset >= size)
				goto fail;
			if (size - (uint32_t)stroffset < room)
				room = size - (uint32_t)stroffset;
		}
	} else {
		/* sequential-write blob: strings sit below the offset, negated */
		uint32_t back = 0u - (uint32_t)stroffset;

		if (stroffset >= 0 || back > fdt_size_dt_strings(fdt))
			goto fail;
		if (back < room)
			room = back;
	}

	s = (const char *)fdt + pos;
	nul = memchr(s, '\0', room);
	if (!nul) {
		err = -FDT_ERR_TRUNCATED;
		goto fail;
	}
	if (lenp)
		*lenp = (int)(nul - s);
	return s;

fail:
	if (lenp)
		*lenp = err;
	return NULL;
}

const char *fdt_string(const void *fdt, int stroffset)
{
	return fdt_get_string(fdt, stroffset, NULL);
}

static bool fdt_string_is(const void *fdt, int stroffset, const char *s,
			  int len)
{
	int slen;
	const char *p = fdt_get_string(fdt, stroffset, &slen);

	return p && slen == len && !memcmp(p, s, (size_t)len);
}

/* ---- memory reservation block ----------------------------------------- */

static const fdt64_t *fdt_rsv_entry(const void *fdt, int n)
{
	uint32_t base = fdt_off_mem_rsvmap(fdt), total = fdt_totalsize(fdt);
	uint32_t pos = base + (uint32_t)n * sizeof(struct fdt_reserve_entry);

	/*
	 * libfdt checks n * 16 in 32 bits but indexes in 64: from n = 2^28
	 * on it passes the check and reads gigabytes away. A negative n
	 * fails its check anyway once the header has been checked.
	 */
	if (n < 0 || (uint32_t)n >= 1u << 28 || pos < base)
		return NULL;
	/* libfdt wraps totalsize - 16 below 16 bytes and reads anywhere */
	if (total < sizeof(struct fdt_reserve_entry) ||
	    pos > total - sizeof(struct fdt_reserve_entry))
		return NULL;
	return (const fdt64_t *)(const void *)((const char *)fdt + pos);
}

int fdt_get_mem_rsv(const void *fdt, int n, uint64_t *address, uint64_t *size)
{
	int err = fdt_ro_check_(fdt);
	const fdt64_t *re;

	if (err < 0)
		return err;
	re = fdt_rsv_entry(fdt, n);
	if (!re)
		return -FDT_ERR_BADOFFSET;
	*address = fdt64_ld(re);
	*size = fdt64_ld(re + 1);
	return 0;
}

/* Entries up to the first of size 0 (libfdt does not check the header here) */
int fdt_num_mem_rsv(const void *fdt)
{
	const fdt64_t *re;
	int i;

	for (i = 0; (re = fdt_rsv_entry(fdt, i)) != NULL; i++)
		if (fdt64_ld(re + 1) == 0)
			return i;
	return -FDT_ERR_TRUNCATED;
}

/* ---- nodes -------------------------------------------------------------- */

const char *fdt_get_name(const void *fdt, int nodeoffset, int *lenp)
{
	int err = fdt_ro_check_(fdt);
	const char *name;
	size_t len, i;

	if (err >= 0)
		err = fdt_node_end_(fdt, nodeoffset);
	if (err < 0)
		goto fail;

	/* fdt_next_tag() found the name's NUL inside the blob */
	name = (const char *)fdt_offset_ptr(fdt, nodeoffset, FDT_TAGSIZE) +
		FDT_TAGSIZE;
	len = strlen(name);
	if (fdt_version(fdt) < 16) {
		/* old blobs hold full paths: give the last component, as v16 */
		for (i = len; i && name[i - 1] != '/'; i--)
			;
		if (!i) {
			err = -FDT_ERR_BADSTRUCTURE;
			goto fail;
		}
		name += i;
		len -= i;
	}
	if (lenp)
		*lenp = (int)len;
	return name;

fail:
	if (lenp)
		*lenp = err;
	return NULL;
}

/* "name" matches "name" and, when it has no unit address, "name@..." */
static bool fdt_name_is(const void *fdt, int offset, const char *s, int len)
{
	int olen;
	const char *p = fdt_get_name(fdt, offset, &olen);

	if (!p || len < 0 || olen < len || memcmp(p, s, (size_t)len))
		return false;
	if (p[len] == '\0')
		return true;
	return p[len] == '@' && !memchr(s, '@', (size_t)len);
}

int fdt_subnode_offset_namelen(const void *fdt, int offset,
			       const char *name, int namelen)
{
	int depth = 0, err = fdt_ro_check_(fdt);

	if (err < 0)
		return err;
	/* a negative parent offset comes back unchanged, as in libfdt */
	while (offset >= 0 && depth >= 0) {
		if (depth == 1 && fdt_name_is(fdt, offset, name, namelen))
			return offset;
		offset = fdt_next_node(fdt, offset, &depth);
	}
	return depth < 0 ? -FDT_ERR_NOTFOUND : offset;
}

int fdt_subnode_offset(const void *fdt, int parentoffset, const char *name)
{
	return fdt_subnode_offset_namelen(fdt, parentoffset, name,
					  (int)strlen(name));
}

/*
 * libfdt resolves an alias with strlen() on the property value and
 * recurses when that value is itself relative. Here the value must end
 * inside the blob and the recursion is bounded (FDT_ALIAS_DEPTH), so a
 * crafted /aliases can neither run off the blob nor the stack.
 */
static int fdt_path_from(const void *fdt, const char *path, int namelen,
			 int aliases)
{
	const char *p = path, *end, *q;
	int offset = 0, err = fdt_ro_check_(fdt);

	if (err < 0)
		return err;
	if (namelen < 0)
		return -FDT_ERR_BADPATH;
	end = path + namelen;

	if (*path != '/') {
		const char *alias;
		uintptr_t pos, limit = fdt_limit_(fdt);
		const char *nul;

		q = memchr(path, '/', (size_t)(end - p));
		if (!q)
			q = end;
		alias = fdt_get_alias_namelen(fdt, p, (int)(q - p));
		if (!alias)
			return -FDT_ERR_BADPATH;
		pos = fdt_pos_(fdt, alias);
		if (pos >= limit || !aliases)
			return -FDT_ERR_BADPATH;
		nul = memchr(alias, '\0', limit - pos);
		if (!nul)
			return -FDT_ERR_BADPATH;
		offset = fdt_path_from(fdt, alias, (int)(nul - alias),
				       aliases - 1);
		p = q;
	}

	while (p < end) {
		while (*p == '/') {
			p++;
			if (p == end)
				return offset;
		}
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		offset = fdt_subnode_offset_namelen(fdt, offset, p,
						    (int)(q - p));
		if (offset < 0)
			return offset;
		p = q;
	}
	return offset;
}

int fdt_path_offset_namelen(const void *fdt, const char *path, int namelen)
{
	return fdt_path_from(fdt, path, namelen, FDT_ALIAS_DEPTH);
}

int fdt_path_offset(const void *fdt, const char *path)
{
	return fdt_path_offset_namelen(fdt, path, (int)strlen(path));
}

/* The raw /aliases value: libfdt 1.6.1 checks neither its NUL nor its '/' */
const char *fdt_get_alias_namelen(const void *fdt, const char *name,
				  int namelen)
{
	int aliases = fdt_path_offset(fdt, "/aliases");

	if (aliases < 0)
		return NULL;
	return fdt_getprop_namelen(fdt, aliases, name, namelen, NULL);
}

const char *fdt_get_alias(const void *fdt, const char *name)
{
	return fdt_get_alias_namelen(fdt, name, (int)strlen(name));
}

/*
 * Walk from the root to nodeoffset, noting the node seen last at
 * supernodedepth. Offset 0 is taken as the root without a check.
 */
int fdt_supernode_atdepth_offset(const void *fdt, int nodeoffset,
				 int supernodedepth, int *nodedepth)
{
	int offset, depth, found = -FDT_ERR_INTERNAL;
	int err = fdt_ro_check_(fdt);

	if (err < 0)
		return err;
	if (supernodedepth < 0)
		return -FDT_ERR_NOTFOUND;

	for (offset = 0, depth = 0; offset >= 0 && offset <= nodeoffset;
	     offset = fdt_next_node(fdt, offset, &depth)) {
		if (depth == supernodedepth)
			found = offset;
		if (offset == nodeoffset) {
			if (nodedepth)
				*nodedepth = depth;
			return supernodedepth > depth ? -FDT_ERR_NOTFOUND :
				found;
		}
	}

	if (offset == -FDT_ERR_NOTFOUND || offset >= 0)
		return -FDT_ERR_BADOFFSET;	/* walked past it */
	if (offset == -FDT_ERR_BADOFFSET)
		return -FDT_ERR_BADSTRUCTURE;
	return offset;
}

int fdt_node_depth(const void *fdt, int nodeoffset)
{
	int depth, err;

	err = fdt_supernode_atdepth_offset(fdt, nodeoffset, 0, &depth);
	if (err)
		return err < 0 ? err : -FDT_ERR_INTERNAL;
	return depth;
}

int fdt_parent_offset(const void *fdt, int nodeoffset)
{
	int depth = fdt_node_depth(fdt, nodeoffset);

	if (depth < 0)
		return depth;
	return fdt_supernode_atdepth_offset(fdt, nodeoffset, depth - 1, NULL);
}

/* ---- properties --------------------------------------------------------- */

static int fdt_next_prop(const void *fdt, int offset)
{
	uint32_t tag;
	int next;

	do {
		tag = fdt_next_tag(fdt, offset, &next);
		if (tag == FDT_END)
			return next >= 0 ? -FDT_ERR_BADSTRUCTURE : next;
		if (tag == FDT_PROP)
			return offset;
		offset = next;
	} while (tag == FDT_NOP);
	return -FDT_ERR_NOTFOUND;	/* a subnode or the node's end */
}

int fdt_first_property_offset(const void *fdt, int nodeoffset)
{
	int offset = fdt_node_end_(fdt, nodeoffset);

	return offset < 0 ? offset : fdt_next_prop(fdt, offset);
}

int fdt_next_property_offset(const void *fdt, int offset)
{
	offset = fdt_prop_end_(fdt, offset);
	return offset < 0 ? offset : fdt_next_prop(fdt, offset);
}

/* The property at offset; *lenp = its length field, taken as an int */
static const struct fdt_property *fdt_prop_at(const void *fdt, int offset,
					      int *lenp)
{
	int err = fdt_prop_end_(fdt, offset);
	const char *p;

	if (err < 0) {
		if (lenp)
			*lenp = err;
		return NULL;
	}
	p = fdt_offset_ptr(fdt, offset, FDT_TAGSIZE);
	if (lenp)	/* fdt_next_tag() read it, so it is in bounds */
		*lenp = fdt_int_(fdt32_ld((const fdt32_t *)(const void *)(p + 4)));
	return (const struct fdt_property *)(const void *)p;
}

/* nameoff may lie past the blob when len is corrupt (see fdt_byte_()) */
static int fdt_prop_nameoff(const void *fdt, const struct fdt_property *prop)
{
	return fdt_int_(fdt_ld32_(fdt, fdt_pos_(fdt, prop) + 8));
}

static uint32_t fdt_prop_len(const struct fdt_property *prop)
{
	return fdt32_ld((const fdt32_t *)(const void *)((const char *)prop + 4));
}

/* Before v16, values of 8 bytes or more started 8-aligned */
static const void *fdt_prop_value(const void *fdt,
				  const struct fdt_property *prop, int offset)
{
	const char *data = (const char *)prop + sizeof(struct fdt_property);

	if (fdt_version(fdt) < 16 &&
	    ((size_t)offset + sizeof(struct fdt_property)) % 8 &&
	    fdt_prop_len(prop) >= 8)
		data += 4;
	return data;
}

static const struct fdt_property *fdt_find_prop(const void *fdt, int offset,
						const char *name, int namelen,
						int *lenp, int *poffset)
{
	const struct fdt_property *prop;

	for (offset = fdt_first_property_offset(fdt, offset); offset >= 0;
	     offset = fdt_next_property_offset(fdt, offset)) {
		prop = fdt_prop_at(fdt, offset, lenp);
		if (!prop) {
			offset = -FDT_ERR_INTERNAL;
			break;
		}
		if (fdt_string_is(fdt, fdt_prop_nameoff(fdt, prop), name,
				  namelen)) {
			if (poffset)
				*poffset = offset;
			return prop;
		}
	}
	if (lenp)
		*lenp = offset;
	return NULL;
}

/* The struct-returning calls cannot express pre-v16 realignment. */
const struct fdt_property *fdt_get_property_by_offset(const void *fdt,
						      int offset, int *lenp)
{
	if (fdt_version(fdt) < 16) {
		if (lenp)
			*lenp = -FDT_ERR_BADVERSION;
		return NULL;
	}
	return fdt_prop_at(fdt, offset, lenp);
}

const struct fdt_property *fdt_get_property_namelen(const void *fdt,
						    int nodeoffset,
						    const char *name,
						    int namelen, int *lenp)
{
	if (fdt_version(fdt) < 16) {
		if (lenp)
			*lenp = -FDT_ERR_BADVERSION;
		return NULL;
	}
	return fdt_find_prop(fdt, nodeoffset, name, namelen, lenp, NULL);
}

const struct fdt_property *fdt_get_property(const void *fdt, int nodeoffset,
					    const char *name, int *lenp)
{
	return fdt_get_property_namelen(fdt, nodeoffset, name,
					(int)strlen(name), lenp);
}

const void *fdt_getprop_namelen(const void *fdt, int nodeoffset,
				const char *name, int namelen, int *lenp)
{
	const struct fdt_property *prop;
	int offset;

	prop = fdt_find_prop(fdt, nodeoffset, name, namelen, lenp, &offset);
	return prop ? fdt_prop_value(fdt, prop, offset) : NULL;
}

const void *fdt_getprop(const void *fdt, int nodeoffset, const char *name,
			int *lenp)
{
	return fdt_getprop_namelen(fdt, nodeoffset, name, (int)strlen(name),
				   lenp);
}

const void *fdt_getprop_by_offset(const void *fdt, int offset,
				  const char **namep, int *lenp)
{
	const struct fdt_property *prop = fdt_prop_at(fdt, offset, lenp);
	const char *name;
	int err;

	if (!prop)
		return NULL;
	if (namep) {
		name = fdt_get_string(fdt, fdt_prop_nameoff(fdt, prop), &err);
		if (!name) {
			if (lenp)
				*lenp = err;
			return NULL;
		}
		*namep = name;
	}
	return fdt_prop_value(fdt, prop, offset);
}

/* ---- phandles ----------------------------------------------------------- */

uint32_t fdt_get_phandle(const void *fdt, int nodeoffset)
{
	const void *p;
	int len;

	p = fdt_getprop(fdt, nodeoffset, "phandle", &len);
	if (!p || len != sizeof(fdt32_t)) {
		p = fdt_getprop(fdt, nodeoffset, "linux,phandle", &len);
		if (!p || len != sizeof(fdt32_t))
			return 0;
	}
	return fdt32_ld(p);
}

int fdt_node_offset_by_phandle(const void *fdt, uint32_t phandle)
{
	int offset, err;

	if (phandle == 0 || phandle == ~0u)
		return -FDT_ERR_BADPHANDLE;
	err = fdt_ro_check_(fdt);
	if (err < 0)
		return err;
	for (offset = fdt_next_node(fdt, -1, NULL); offset >= 0;
	     offset = fdt_next_node(fdt, offset, NULL))
		if (fdt_get_phandle(fdt, offset) == phandle)
			return offset;
	return offset;
}

/* ---- string lists and compatible ---------------------------------------- */

/*
 * libfdt compares strlen(str) + 1 bytes, so when the list's unterminated
 * tail equals str it reads one byte past the list: tail is that byte
 * (-1: not readable, no match).
 */
static int fdt_strlist_has(const char *list, int listlen, const char *str,
			   int tail)
{
	int len = (int)strlen(str);
	const char *nul;

	while (listlen >= len) {
		if (!memcmp(str, list, (size_t)len) &&
		    (listlen > len ? list[len] : tail) == '\0')
			return 1;
		nul = memchr(list, '\0', (size_t)listlen);
		if (!nul)
			return 0;
		listlen -= (int)(nul - list) + 1;
		list = nul + 1;
	}
	return 0;
}

int fdt_stringlist_contains(const char *strlist, int listlen, const char *str)
{
	return fdt_strlist_has(strlist, listlen, str, -1);
}

int fdt_node_check_compatible(const void *fdt, int nodeoffset,
			      const char *compatible)
{
	const char *prop;
	int len, tail = -1;

	prop = fdt_getprop(fdt, nodeoffset, "compatible", &len);
	if (!prop)
		return len;
	/* within the blob the byte after the value is there to read */
	if (len >= 0)
		tail = fdt_byte_(fdt, fdt_pos_(fdt, prop) + (uint32_t)len);
	return !fdt_strlist_has(prop, len, compatible, tail);
}

int fdt_node_offset_by_compatible(const void *fdt, int startoffset,
				  const char *compatible)
{
	int offset, err = fdt_ro_check_(fdt);

	if (err < 0)
		return err;
	for (offset = fdt_next_node(fdt, startoffset, NULL); offset >= 0;
	     offset = fdt_next_node(fdt, offset, NULL)) {
		err = fdt_node_check_compatible(fdt, offset, compatible);
		if (err < 0 && err != -FDT_ERR_NOTFOUND)
			return err;
		if (err == 0)
			return offset;
	}
	return offset;
}

/* Each string in turn: its length + 1, or -FDT_ERR_BADVALUE if unterminated */
static int fdt_strlist_step(const char *list, int left)
{
	size_t n = strnlen(list, (size_t)left) + 1;

	return n > (size_t)left ? -FDT_ERR_BADVALUE : (int)n;
}

int fdt_stringlist_count(const void *fdt, int nodeoffset, const char *property)
{
	const char *list;
	int len, n, count = 0;

	list = fdt_getprop(fdt, nodeoffset, property, &len);
	if (!list)
		return len;
	for (; len > 0; list += n, len -= n, count++) {
		n = fdt_strlist_step(list, len);
		if (n < 0)
			return n;
	}
	return count;
}

int fdt_stringlist_search(const void *fdt, int nodeoffset, const char *property,
			  const char *string)
{
	const char *list;
	int len, n, idx = 0;
	size_t want = strlen(string) + 1;

	list = fdt_getprop(fdt, nodeoffset, property, &len);
	if (!list)
		return len;
	for (; len > 0; list += n, len -= n, idx++) {
		n = fdt_strlist_step(list, len);
		if (n < 0)
			return n;
		if ((size_t)n == want && !memcmp(list, string, want))
			return idx;
	}
	return -FDT_ERR_NOTFOUND;
}

const char *fdt_stringlist_get(const void *fdt, int nodeoffset,
			       const char *property, int idx, int *lenp)
{
	const char *list;
	int len, n;

	list = fdt_getprop(fdt, nodeoffset, property, &len);
	if (!list)
		goto fail;
	/* a negative index still checks every string, as in libfdt */
	for (; len > 0; list += n, len -= n) {
		n = fdt_strlist_step(list, len);
		if (n < 0) {
			len = n;
			goto fail;
		}
		if (idx == 0) {
			if (lenp)
				*lenp = n - 1;
			return list;
		}
		if (idx > 0)
			idx--;
	}
	len = -FDT_ERR_NOTFOUND;
fail:
	if (lenp)
		*lenp = len;
	return NULL;
}

/* ---- #address-cells, #size-cells --------------------------------------- */

static int fdt_cells(const void *fdt, int nodeoffset, const char *name)
{
	const void *p;
	uint32_t val;
	int len;

	p = fdt_getprop(fdt, nodeoffset, name, &len);
	if (!p)
		return len;
	if (len != sizeof(fdt32_t))
		return -FDT_ERR_BADNCELLS;
	val = fdt32_ld(p);
	if (val > FDT_MAX_NCELLS)
		return -FDT_ERR_BADNCELLS;
	return (int)val;
}

int fdt_address_cells(const void *fdt, int nodeoffset)
{
	int val = fdt_cells(fdt, nodeoffset, "#address-cells");

	if (val == 0)
		return -FDT_ERR_BADNCELLS;
	return val == -FDT_ERR_NOTFOUND ? 2 : val;
}

int fdt_size_cells(const void *fdt, int nodeoffset)
{
	int val = fdt_cells(fdt, nodeoffset, "#size-cells");

	return val == -FDT_ERR_NOTFOUND ? 1 : val;
}
