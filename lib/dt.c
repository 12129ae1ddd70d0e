// SPDX-License-Identifier: MIT
/* Typed device tree queries and validation (see include/vireo/dt.h). */
#include <libfdt.h>
#include <vireo/dt.h>
#include <vireo/printf.h>
#include <vireo/string.h>

static const char *__printf(3, 4) fail(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return buf;
}

static const char *fdt_error_name(int err)
{
	switch (-err) {
	case FDT_ERR_BADMAGIC: return "bad magic";
	case FDT_ERR_BADVERSION: return "unsupported version";
	case FDT_ERR_TRUNCATED: return "truncated";
	case FDT_ERR_BADSTRUCTURE: return "corrupt structure block";
	case FDT_ERR_BADLAYOUT: return "bad block layout";
	case FDT_ERR_BADOFFSET: return "bad offset";
	case FDT_ERR_ALIGNMENT: return "misaligned";
	default: return "corrupt";
	}
}

static bool overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
	return (uint64_t)a < (uint64_t)b + blen && (uint64_t)b < (uint64_t)a + alen;
}

/*
 * The reservation block is 8-byte aligned, the structure block 4-byte
 * (Devicetree Specification 5.1), and the three blocks must not overlap
 * (libfdt only bounds-checks them). Alignment first: a shifted block
 * usually overlaps its neighbour too, and that would hide the cause.
 *
 * A size the blob's version has no field for (size_dt_struct came with
 * version 17, size_dt_strings with 3) is not read: those bytes belong
 * to the next block.
 */
static const char *check_layout(const void *fdt, char *buf, size_t len)
{
	uint32_t rsv = fdt_off_mem_rsvmap(fdt);
	uint32_t rsv_len = (uint32_t)(fdt_num_mem_rsv(fdt) + 1) * 16;
	uint32_t st = fdt_off_dt_struct(fdt), str = fdt_off_dt_strings(fdt);
	uint32_t st_len = fdt_version(fdt) >= 17 ? fdt_size_dt_struct(fdt) : 0;
	uint32_t str_len = fdt_version(fdt) >= 3 ? fdt_size_dt_strings(fdt) : 0;

	if (rsv % 8)
		return fail(buf, len, "memory reservation block at offset %#x is not 8-byte aligned",
			    (unsigned)rsv);
	if (st % 4)
		return fail(buf, len, "structure block at offset %#x is not 4-byte aligned",
			    (unsigned)st);
	if (fdt_num_mem_rsv(fdt) < 0)
		return fail(buf, len, "unterminated memory reservation block");
	if (overlap(rsv, rsv_len, st, st_len) || overlap(rsv, rsv_len, str, str_len) ||
	    overlap(st, st_len, str, str_len))
		return fail(buf, len, "overlapping blocks");
	return NULL;
}

static int bus_cells(const void *fdt, int bus, int *ac, int *sc);

/*
 * What the one walk of dt_validate() records, so that later questions
 * need no walk: libfdt finds a node's parent, or the node of a phandle,
 * only by walking the tree from the root, tag by checked tag. Per node,
 * in tree order: its offset, its parent's index, and where its phandle
 * value lies (the offset of the first "phandle" / "linux,phandle"
 * property, read afresh on each lookup).
 *
 * The contract: the index describes the blob dt_validate() accepted
 * last, while its structure stays as it was; property values may be
 * rewritten in place (dt_set_memory() does). A blob whose structure
 * changes must be validated again. A lookup on another blob, on an
 * offset that is not a node, or on a tree too big for the index, is
 * answered by libfdt's walk - slower, never different.
 */
#define DT_INDEX_NODES 256
#define DT_INDEX_DEPTH 16

static struct {
	const void *fdt;
	uint32_t totalsize, size_struct;
	int count;
	int offset[DT_INDEX_NODES];
	int16_t parent[DT_INDEX_NODES];
	int phandle[DT_INDEX_NODES];	/* property offsets, or -1 */
	int linux_phandle[DT_INDEX_NODES];
} dt_index;

static void index_reset(void)
{
	dt_index.fdt = NULL;
	dt_index.count = 0;
}

static bool index_has(const void *fdt)
{
	return dt_index.fdt && dt_index.fdt == fdt &&
	       dt_index.totalsize == fdt_totalsize(fdt) &&
	       dt_index.size_struct == fdt_size_dt_struct(fdt);
}

/* Index of node offset, or -1: a binary search, offsets are ascending. */
static int index_of(const void *fdt, int node)
{
	int lo = 0, hi = dt_index.count;

	if (!index_has(fdt))
		return -1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;

		if (dt_index.offset[mid] == node)
			return mid;
		if (dt_index.offset[mid] < node)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* Add a node met at depth; the stack holds the index of each ancestor. */
static void index_node(int node, int depth, int16_t *stack)
{
	int i = dt_index.count;

	if (i < 0 || i >= DT_INDEX_NODES || depth >= DT_INDEX_DEPTH) {
		dt_index.count = -1;	/* too big: libfdt answers */
		return;
	}
	dt_index.offset[i] = node;
	dt_index.parent[i] = depth ? stack[depth - 1] : -1;
	dt_index.phandle[i] = dt_index.linux_phandle[i] = -1;
	stack[depth] = (int16_t)i;
	dt_index.count++;
}

/* Note a property of the node indexed last if it names a phandle. */
static void index_prop(int prop, const char *name)
{
	int i = dt_index.count - 1;

	if (i < 0)
		return;
	if (dt_index.phandle[i] < 0 && !strcmp(name, "phandle"))
		dt_index.phandle[i] = prop;
	else if (dt_index.linux_phandle[i] < 0 && !strcmp(name, "linux,phandle"))
		dt_index.linux_phandle[i] = prop;
}

static void index_done(const void *fdt)
{
	if (dt_index.count <= 0)
		return;
	dt_index.fdt = fdt;
	dt_index.totalsize = fdt_totalsize(fdt);
	dt_index.size_struct = fdt_size_dt_struct(fdt);
}

/* A phandle property's value as fdt_get_phandle() reads it, or 0. */
static uint32_t phandle_at(const void *fdt, int prop)
{
	const fdt32_t *v;
	int len;

	if (prop < 0)
		return 0;
	v = fdt_getprop_by_offset(fdt, prop, NULL, &len);
	return v && len == sizeof(*v) ? fdt32_ld(v) : 0;
}

int dt_parent(const void *fdt, int node)
{
	int i = index_of(fdt, node);

	if (i < 0)
		return fdt_parent_offset(fdt, node);
	return dt_index.parent[i] < 0 ? -FDT_ERR_NOTFOUND :
					dt_index.offset[dt_index.parent[i]];
}

/*
 * For the walks below, over an indexed (so validated) blob of version 16
 * or later: dt_validate() visited every tag and property name of it, so
 * they may trust each tag, length and name offset. The property at or
 * after structure offset off (NOPs skipped), its value's length and name
 * offset; false past the node's last property.
 */
static __always_inline bool fast_prop(const char *st, uint32_t *off,
				      uint32_t *len, uint32_t *name)
{
	for (;;) {
		uint32_t o = (*off + FDT_TAGSIZE - 1) & ~(uint32_t)(FDT_TAGSIZE - 1);
		uint32_t tag = fdt32_ld((const fdt32_t *)(const void *)(st + o));

		*off = o;
		if (tag == FDT_NOP) {
			*off += FDT_TAGSIZE;
			continue;
		}
		if (tag != FDT_PROP)
			return false;
		*len = fdt32_ld((const fdt32_t *)(const void *)(st + o + 4));
		*name = fdt32_ld((const fdt32_t *)(const void *)(st + o + 8));
		return true;
	}
}

/* The structure offset of node's first property (or what follows it). */
static uint32_t first_prop(const char *st, int node)
{
	uint32_t off = (uint32_t)node + FDT_TAGSIZE;

	return off + (uint32_t)strlen(st + off) + 1;
}

/* fdt_getprop() without its checks (see fast_prop()). */
static const void *fast_getprop(const void *fdt, int node, const char *name,
				int *lenp)
{
	const char *st = (const char *)fdt + fdt_off_dt_struct(fdt);
	const char *strings = (const char *)fdt + fdt_off_dt_strings(fdt);
	uint32_t off = first_prop(st, node), len, nameoff;

	for (; fast_prop(st, &off, &len, &nameoff); off += 12 + len) {
		if (!strcmp(strings + nameoff, name)) {
			if (lenp)
				*lenp = (int)len;
			return st + off + 12;
		}
	}
	if (lenp)
		*lenp = -FDT_ERR_NOTFOUND;
	return NULL;
}

static bool indexed_v16(const void *fdt, int node)
{
	return fdt_version(fdt) >= 16 && index_of(fdt, node) >= 0;
}

const void *dt_getprop(const void *fdt, int node, const char *name, int *lenp)
{
	if (!indexed_v16(fdt, node))
		return fdt_getprop(fdt, node, name, lenp);
	return fast_getprop(fdt, node, name, lenp);
}

/* A property named name, value v of len bytes: the answer for its name
 * if it has none yet (the first property of a name is the one; names
 * are distinct). Returns how many it answered: 0 or 1. */
static int note_prop(const char *const *names, int n, const void **vals,
		     int *lens, const char *name, const void *v, int len)
{
	for (int i = 0; i < n; i++) {
		if (!strcmp(name, names[i])) {
			if (vals[i])
				return 0;
			vals[i] = v;
			lens[i] = len;
			return 1;
		}
	}
	return 0;
}

/* dt_getprops() without libfdt's checks (see fast_prop()); it ends once
 * every name has its answer. */
static void fast_getprops(const void *fdt, int node, const char *const *names,
			  int n, const void **vals, int *lens)
{
	const char *st = (const char *)fdt + fdt_off_dt_struct(fdt);
	const char *strings = (const char *)fdt + fdt_off_dt_strings(fdt);
	uint32_t off = first_prop(st, node), len, nameoff;
	int left = n;

	for (; left > 0 && fast_prop(st, &off, &len, &nameoff); off += 12 + len)
		left -= note_prop(names, n, vals, lens, strings + nameoff,
				  st + off + 12, (int)len);
}

static void clear_props(int n, const void **vals, int *lens)
{
	for (int i = 0; i < n; i++) {
		vals[i] = NULL;
		lens[i] = -FDT_ERR_NOTFOUND;
	}
}

static bool raw_getprops(const void *fdt, int node, const char *const *names,
			 int n, const void **vals, int *lens);

void dt_getprops(const void *fdt, int node, const char *const *names, int n,
		 const void **vals, int *lens)
{
	int off, left = n;

	clear_props(n, vals, lens);
	if (indexed_v16(fdt, node)) {
		fast_getprops(fdt, node, names, n, vals, lens);
		return;
	}
	if (raw_getprops(fdt, node, names, n, vals, lens))
		return;
	clear_props(n, vals, lens);	/* in doubt: libfdt's walk decides */
	fdt_for_each_property_offset(off, fdt, node) {
		const char *name;
		int len;
		const void *v = fdt_getprop_by_offset(fdt, off, NULL, &len);

		if (!v)
			return;	/* fdt_getprop() sees nothing past it */
		/* one whose name cannot be read matches no name: the next */
		if (!fdt_getprop_by_offset(fdt, off, &name, NULL))
			continue;
		left -= note_prop(names, n, vals, lens, name, v, len);
		if (!left)
			return;
	}
}

/* fdt_subnode_offset_namelen() over the index: i is the parent's index. */
static int index_subnode(const void *fdt, int i, const char *name, int len)
{
	const char *st = (const char *)fdt + fdt_off_dt_struct(fdt);

	for (int c = i + 1; c < dt_index.count; c++) {
		const char *p = st + dt_index.offset[c] + FDT_TAGSIZE;

		if (dt_index.parent[c] != i || strncmp(p, name, (size_t)len))
			continue;
		if (!p[len] || (p[len] == '@' && !memchr(name, '@', (size_t)len)))
			return c;
	}
	return -1;
}

int dt_path_offset_namelen(const void *fdt, const char *path, int len)
{
	const char *p = path, *end = path + len, *q;
	int i = 0;

	if (len <= 0 || *path != '/' || fdt_version(fdt) < 16 || index_of(fdt, 0))
		return fdt_path_offset_namelen(fdt, path, len);
	while (p < end) {
		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		q = memchr(p, '/', (size_t)(end - p));
		if (!q)
			q = end;
		i = index_subnode(fdt, i, p, (int)(q - p));
		if (i < 0)
			return -FDT_ERR_NOTFOUND;
		p = q;
	}
	return dt_index.offset[i];
}

int dt_path_offset(const void *fdt, const char *path)
{
	return dt_path_offset_namelen(fdt, path, (int)strlen(path));
}

int dt_first_subnode(const void *fdt, int parent)
{
	int i = index_of(fdt, parent);

	if (i < 0)
		return fdt_first_subnode(fdt, parent);
	return i + 1 < dt_index.count && dt_index.parent[i + 1] == i ?
		       dt_index.offset[i + 1] : -FDT_ERR_NOTFOUND;
}

int dt_next_subnode(const void *fdt, int node)
{
	int i = index_of(fdt, node), p;

	if (i < 0)
		return fdt_next_subnode(fdt, node);
	/* the parent's subtree is contiguous: past it, parents are older */
	p = dt_index.parent[i];
	for (int j = i + 1; j < dt_index.count && dt_index.parent[j] >= p; j++)
		if (dt_index.parent[j] == p)
			return dt_index.offset[j];
	return -FDT_ERR_NOTFOUND;
}

int dt_next_node(const void *fdt, int node)
{
	int i = index_of(fdt, node);

	if (i < 0)
		return fdt_next_node(fdt, node, NULL);
	return i + 1 < dt_index.count ? dt_index.offset[i + 1] : -FDT_ERR_NOTFOUND;
}

int dt_node_by_phandle(const void *fdt, uint32_t phandle)
{
	if (!index_has(fdt) || phandle == 0 || phandle == ~0u)
		return fdt_node_offset_by_phandle(fdt, phandle);
	for (int i = 0; i < dt_index.count; i++) {
		uint32_t ph = phandle_at(fdt, dt_index.phandle[i]);

		if (!ph)
			ph = phandle_at(fdt, dt_index.linux_phandle[i]);
		if (ph == phandle)
			return dt_index.offset[i];
	}
	return -FDT_ERR_NOTFOUND;
}

/*
 * An enabled /memory node's reg: whole entries in cells Vireo reads, and
 * no range past the top of the address space (it would wrap in the
 * memory map and the allocator). Each cause named, not "no RAM".
 */
static const char *check_memory(const void *fdt, int node, char *buf, size_t len)
{
	const char *name = fdt_get_name(fdt, node, NULL);
	int ac, sc, count, bytes;
	struct mem_region r;

	if (!dt_is_enabled(fdt, node))
		return NULL;
	if (bus_cells(fdt, 0, &ac, &sc))
		return fail(buf, len, "/: #address-cells %d, #size-cells %d: /memory needs 1-2 and 0-2",
			    fdt_address_cells(fdt, 0), fdt_size_cells(fdt, 0));
	count = dt_reg_count(fdt, node);
	if (count < 0 && fdt_getprop(fdt, node, "reg", &bytes))
		return fail(buf, len, "/%s: reg is %d bytes, not whole entries of %d cells",
			    name, bytes, ac + sc);
	if (count <= 0)
		return fail(buf, len, "/%s: no reg", name);
	for (int i = 0; i < count; i++)
		if (!dt_reg(fdt, node, i, &r) && r.size &&
		    r.size - 1 > ~(uint64_t)0 - r.base)
			return fail(buf, len, "/%s: reg entry %d (%#llx size %#llx) wraps past 2^64",
				    name, i, (unsigned long long)r.base,
				    (unsigned long long)r.size);
	return NULL;
}

/* Visit every node and property: names in bounds and NUL-terminated. */
static const char *check_structure(const void *fdt, bool *has_memory,
				   char *buf, size_t len)
{
	int node = 0, depth = 0, err, prop, next;
	int16_t stack[DT_INDEX_DEPTH];
	uint32_t tag;

	*has_memory = false;
	/* fdt_next_node leaves the root with depth -1 */
	for (; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		if (!fdt_get_name(fdt, node, &err))
			return fail(buf, len, "bad node name at offset %d", node);
		index_node(node, depth, stack);
		fdt_for_each_property_offset(prop, fdt, node) {
			const char *name;

			if (!fdt_getprop_by_offset(fdt, prop, &name, &err) || !name)
				return fail(buf, len, "bad property at offset %d (unterminated string?)",
					    prop);
			index_prop(prop, name);
		}
		if (prop != -FDT_ERR_NOTFOUND)
			return fail(buf, len, "corrupt property list at node offset %d",
				    node);
		if (depth == 1 && dt_is_memory_node(fdt, node)) {
			const char *why = check_memory(fdt, node, buf, len);

			if (why)
				return why;
			*has_memory = true;
		}
	}
	/* ending any other way than by closing the root is corrupt */
	if (node < 0)
		return fail(buf, len, "corrupt structure block (%s)",
			    fdt_strerror(node));
	/* and only FDT_END (or NOPs) may follow it: one tree, one root */
	while ((tag = fdt_next_tag(fdt, node, &next)) == FDT_NOP)
		node = next;
	if (next < 0)
		return fail(buf, len, "no FDT_END after the root node (offset %d)",
			    node);
	if (tag != FDT_END)
		return fail(buf, len, "more after the root node at offset %d",
			    node);
	return NULL;
}

/*
 * scan_structure()'s reads of a blob of version 17 or later, whose blocks
 * have sizes: straight from its bytes, each bound checked once, instead
 * of through libfdt's checked calls. They accept no more than those
 * (fdt_next_tag(), fdt_getprop_by_offset()) and step as they do; where
 * in doubt they answer "corrupt" and the slow walk decides. st is NULL
 * for an older blob: libfdt reads it.
 */
struct raw_blocks {
	const char *st, *str;	/* structure and strings blocks */
	uint32_t st_size, str_size;
};

static void raw_blocks(const void *fdt, struct raw_blocks *r)
{
	uint32_t total = fdt_totalsize(fdt), st = fdt_off_dt_struct(fdt);
	uint32_t str = fdt_off_dt_strings(fdt);

	r->st = NULL;
	if (fdt_version(fdt) < 17 || st > total || str > total ||
	    fdt_size_dt_struct(fdt) > total - st ||
	    fdt_size_dt_strings(fdt) > total - str ||
	    fdt_size_dt_struct(fdt) > INT32_MAX)
		return;
	r->st = (const char *)fdt + st;
	r->str = (const char *)fdt + str;
	r->st_size = fdt_size_dt_struct(fdt);
	r->str_size = fdt_size_dt_strings(fdt);
}

static uint32_t raw_word(const struct raw_blocks *r, uint32_t off)
{
	return fdt32_ld((const fdt32_t *)(const void *)(r->st + off));
}

/* fdt_next_tag() over the raw structure block (off is 4-aligned) */
static uint32_t raw_next_tag(const struct raw_blocks *r, uint32_t off,
			     int *next)
{
	uint32_t tag, end = off + FDT_TAGSIZE, len;
	const char *nul;

	*next = -FDT_ERR_BADSTRUCTURE;
	if (r->st_size < FDT_TAGSIZE || off > r->st_size - FDT_TAGSIZE)
		return FDT_END;
	tag = raw_word(r, off);
	switch (tag) {
	case FDT_BEGIN_NODE:
		nul = memchr(r->st + end, '\0', r->st_size - end);
		if (!nul)
			return FDT_END;
		end = (uint32_t)(nul - r->st) + 1;
		break;
	case FDT_PROP:
		if (r->st_size - end < 8)
			return FDT_END;
		len = raw_word(r, end);
		if (len > r->st_size - end - 8)
			return FDT_END;
		end += 8 + len;
		break;
	case FDT_END:
	case FDT_END_NODE:
	case FDT_NOP:
		break;
	default:
		return FDT_END;
	}
	*next = (int)((end + FDT_TAGSIZE - 1) & ~(uint32_t)(FDT_TAGSIZE - 1));
	return tag;
}

/* The name of the property at off (raw_next_tag() read it), or NULL if
 * it does not lie whole in the strings block. */
static const char *raw_prop_name(const struct raw_blocks *r, uint32_t off)
{
	uint32_t name = raw_word(r, off + 8);

	if (name >= r->str_size ||
	    !memchr(r->str + name, '\0', r->str_size - name))
		return NULL;
	return r->str + name;
}

/*
 * dt_getprops() on a blob that is not indexed, its reads checked as
 * raw_next_tag() checks them: true when answered; false when in doubt (a
 * header, node or property libfdt might judge otherwise): then libfdt's
 * own walk answers.
 */
static bool raw_getprops(const void *fdt, int node, const char *const *names,
			 int n, const void **vals, int *lens)
{
	struct raw_blocks r;
	uint32_t tag;
	int off, next, left = n;

	/* libfdt refuses offsets near INT_MAX in ways not worth mirroring */
	if (node < 0 || node % FDT_TAGSIZE || fdt_check_header(fdt) ||
	    fdt_totalsize(fdt) > DT_MAX_SIZE)
		return false;
	raw_blocks(fdt, &r);
	if (!r.st || raw_next_tag(&r, (uint32_t)node, &next) != FDT_BEGIN_NODE ||
	    next < 0)
		return false;
	for (off = next; left > 0; off = next) {
		const char *name;

		tag = raw_next_tag(&r, (uint32_t)off, &next);
		if (next < 0)
			return false;
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			return true;	/* its last property: what follows */
		name = raw_prop_name(&r, (uint32_t)off);
		if (!name)
			return false;
		left -= note_prop(names, n, vals, lens, name, r.st + off + 12,
				  (int)raw_word(&r, (uint32_t)off + 4));
	}
	return true;
}

static uint32_t scan_tag(const void *fdt, const struct raw_blocks *r, int off,
			 int *next)
{
	return r->st ? raw_next_tag(r, (uint32_t)off, next) :
		       fdt_next_tag(fdt, off, next);
}

/*
 * The same verdict as check_structure() for a clean tree, in one pass
 * over the tags: each tag is read once (check_structure's libfdt walks
 * read each about four times). Returns 1 when every tag is sound and
 * the root closes before FDT_END; then only the /memory checks can still
 * fail. Returns 0 at anything odd (and for blobs before version 16,
 * whose names are paths): check_structure() then walks again and names
 * the fault exactly as it always has.
 */
static int scan_structure(const void *fdt, bool *has_memory, const char **why,
			  char *buf, size_t len)
{
	int16_t stack[DT_INDEX_DEPTH];
	int off = 0, next, depth = 0;
	bool in_props = false;
	struct raw_blocks raw;
	uint32_t tag;

	*has_memory = false;
	*why = NULL;
	if (fdt_version(fdt) < 16)
		return 0;
	raw_blocks(fdt, &raw);
	for (;; off = next) {
		tag = scan_tag(fdt, &raw, off, &next);
		if (next < 0)
			return 0;
		if (tag == FDT_BEGIN_NODE) {
			if (!off != !depth)	/* one root, at offset 0 */
				return 0;
			index_node(off, depth++, stack);
			in_props = true;
		} else if (tag == FDT_PROP) {
			const char *name;
			int err;

			if (!depth)
				return 0;
			/* check_structure reads the names libfdt can reach */
			if (!in_props)
				continue;
			if (raw.st)
				name = raw_prop_name(&raw, (uint32_t)off);
			else if (!fdt_getprop_by_offset(fdt, off, &name, &err))
				name = NULL;
			if (!name)
				return 0;
			index_prop(off, name);
		} else if (tag == FDT_END_NODE) {
			in_props = false;
			if (!depth || !--depth)
				break;
		} else if (tag != FDT_NOP) {
			return 0;
		}
	}
	while ((tag = scan_tag(fdt, &raw, next, &next)) == FDT_NOP)
		;
	/* a tree too big for the index: its memory nodes are not listed */
	if (next < 0 || tag != FDT_END || dt_index.count <= 0)
		return 0;
	/*
	 * The memory nodes, in tree order, as check_structure meets them.
	 * Every tag is sound now, so they are read through the index; a
	 * refused blob leaves none behind.
	 */
	index_done(fdt);
	for (int i = 1; i < dt_index.count; i++) {
		int node = dt_index.offset[i];

		if (dt_index.parent[i] != 0 || !dt_is_memory_node(fdt, node))
			continue;
		*why = check_memory(fdt, node, buf, len);
		if (*why) {
			index_reset();
			return 1;
		}
		*has_memory = true;
	}
	return 1;
}

const char *dt_validate(const void *fdt, size_t avail, char *buf, size_t len)
{
	size_t limit = avail < DT_MAX_SIZE ? avail : DT_MAX_SIZE;
	const char *why;
	bool has_memory;
	int err;

	index_reset();
	if (!fdt)
		return fail(buf, len, "no device tree");
	if (avail < sizeof(struct fdt_header))
		return fail(buf, len, "truncated: %zu bytes, less than a header", avail);
	if (fdt_magic(fdt) != FDT_MAGIC)
		return fail(buf, len, "bad magic %#x (not a device tree)",
			    (unsigned)fdt_magic(fdt));
	if (fdt_totalsize(fdt) > limit)
		return avail < DT_MAX_SIZE ?
			       fail(buf, len, "truncated: header says %u bytes, %zu present",
				    (unsigned)fdt_totalsize(fdt), limit) :
			       fail(buf, len, "size %u bytes is beyond the %zu byte limit",
				    (unsigned)fdt_totalsize(fdt), limit);
	err = fdt_check_header(fdt);
	if (err == -FDT_ERR_BADVERSION)
		return fail(buf, len, "unsupported version %u (last compatible %u)",
			    (unsigned)fdt_version(fdt), (unsigned)fdt_last_comp_version(fdt));
	if (err)
		return fail(buf, len, "%s", fdt_error_name(err));
	why = check_layout(fdt, buf, len);
	if (!why && !scan_structure(fdt, &has_memory, &why, buf, len)) {
		index_reset();
		why = check_structure(fdt, &has_memory, buf, len);
	}
	if (!why && !has_memory)
		why = fail(buf, len, "no /memory node");
	if (why)
		index_reset();	/* only an accepted blob is indexed */
	else
		index_done(fdt);
	return why;
}

bool dt_status_okay(const char *status, int len)
{
	if (!status)
		return true;
	if (len <= 0 || status[len - 1])
		return false;
	return !strcmp(status, "okay") || !strcmp(status, "ok");
}

bool dt_is_enabled(const void *fdt, int node)
{
	int len;
	const char *status = dt_getprop(fdt, node, "status", &len);

	return dt_status_okay(status, len);
}

bool dt_prop_is(const void *fdt, int node, const char *name, const char *value)
{
	int len;
	const char *p = dt_getprop(fdt, node, name, &len);

	return p && len == (int)strlen(value) + 1 && !memcmp(p, value, (size_t)len);
}

bool dt_is_memory_node(const void *fdt, int node)
{
	return dt_prop_is(fdt, node, "device_type", "memory");
}

bool dt_is_cpu_node(const void *fdt, int node)
{
	return dt_prop_is(fdt, node, "device_type", "cpu");
}

int dt_read_u32(const void *fdt, int node, const char *name, uint32_t *out)
{
	int len;
	const fdt32_t *v = dt_getprop(fdt, node, name, &len);

	if (!v)
		return len;
	if (len != 4)
		return -FDT_ERR_BADVALUE;
	*out = fdt32_to_cpu(*v);
	return 0;
}

static uint64_t read_cells(const fdt32_t *cells, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(cells[i]);
	return v;
}

static int cells(const void *fdt, int node, const char *name, int dflt);

int dt_cpu_hwid(const void *fdt, int cpus, int node, uint64_t *hwid)
{
	int ac = cells(fdt, cpus, "#address-cells", 2), len;
	const fdt32_t *reg;

	if (ac < 0)
		return ac;
	if (ac < 1 || ac > 2)
		return -FDT_ERR_BADNCELLS;
	reg = dt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	if (len < ac * 4)
		return -FDT_ERR_BADVALUE;
	*hwid = read_cells(reg, ac);
	return 0;
}

int dt_cpu_node(const void *fdt, uint64_t hwid)
{
	int cpus = dt_path_offset(fdt, "/cpus"), node;
	uint64_t id;

	if (cpus < 0)
		return -FDT_ERR_NOTFOUND;
	dt_for_each_subnode(node, fdt, cpus)
		if (dt_is_cpu_node(fdt, node) && !dt_cpu_hwid(fdt, cpus, node, &id) &&
		    id == hwid)
			return node;
	return -FDT_ERR_NOTFOUND;
}

/* fdt_address_cells() / fdt_size_cells() (absent: dflt), on dt_getprop(). */
static int cells(const void *fdt, int node, const char *name, int dflt)
{
	int len;
	const fdt32_t *p = dt_getprop(fdt, node, name, &len);
	uint32_t val;

	if (!p)
		return len == -FDT_ERR_NOTFOUND ? dflt : len;
	val = len == sizeof(*p) ? fdt32_ld(p) : 0;
	if (len != sizeof(*p) || val > FDT_MAX_NCELLS || (!val && dflt == 2))
		return -FDT_ERR_BADNCELLS;
	return (int)val;
}

/* #address-cells and #size-cells a node's children use, at most 2 each. */
static int bus_cells(const void *fdt, int bus, int *ac, int *sc)
{
	*ac = cells(fdt, bus, "#address-cells", 2);
	*sc = cells(fdt, bus, "#size-cells", 1);
	if (*ac < 0)
		return *ac;
	if (*sc < 0)
		return *sc;
	if (*ac < 1 || *ac > 2 || *sc > 2)
		return -FDT_ERR_BADNCELLS;
	return 0;
}

/* Map addr from bus's space into its parent's through bus's "ranges".
 * Returns 1 when translated, 0 when bus has no ranges (stop), <0 error. */
static int translate_once(const void *fdt, int bus, uint64_t *addr)
{
	int len, ac, sc, pac, psc, err, entry;
	int parent = dt_parent(fdt, bus);
	const fdt32_t *r = dt_getprop(fdt, bus, "ranges", &len);

	if (!r)
		return 0;
	if (len == 0)
		return 1;	/* empty ranges: identity */
	if (parent < 0)
		return parent;
	err = bus_cells(fdt, bus, &ac, &sc);
	if (!err)
		err = bus_cells(fdt, parent, &pac, &psc);
	if (err)
		return err;
	entry = ac + pac + sc;
	if (len < 0 || len % (entry * 4))
		return -FDT_ERR_BADVALUE;
	for (int i = 0; i < len / 4; i += entry) {
		uint64_t child = read_cells(r + i, ac);
		uint64_t pbase = read_cells(r + i + ac, pac);
		uint64_t size = read_cells(r + i + ac + pac, sc);

		if (*addr >= child && *addr - child < size) {
			*addr = *addr - child + pbase;
			return 1;
		}
	}
	return -FDT_ERR_NOTFOUND;
}

int dt_reg_count(const void *fdt, int node)
{
	int len, ac, sc, err, parent = dt_parent(fdt, node);
	const void *reg;

	if (parent < 0)
		return parent;
	err = bus_cells(fdt, parent, &ac, &sc);
	if (err)
		return err;
	reg = dt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len == -FDT_ERR_NOTFOUND ? 0 : len;
	if (len % ((ac + sc) * 4))
		return -FDT_ERR_BADVALUE;
	return len / ((ac + sc) * 4);
}

int dt_reg(const void *fdt, int node, int index, struct mem_region *out)
{
	int len, ac, sc, err, bus, count = dt_reg_count(fdt, node);
	const fdt32_t *reg;

	if (count < 0)
		return count;
	if (index < 0 || index >= count)
		return -FDT_ERR_NOTFOUND;
	bus = dt_parent(fdt, node);
	err = bus_cells(fdt, bus, &ac, &sc);
	if (err)
		return err;
	reg = dt_getprop(fdt, node, "reg", &len);
	reg += index * (ac + sc);
	out->base = read_cells(reg, ac);
	out->size = read_cells(reg + ac, sc);
	while (bus > 0) {
		err = translate_once(fdt, bus, &out->base);
		if (err <= 0)
			return err;
		bus = dt_parent(fdt, bus);
	}
	return 0;
}

int dt_stdout_node(const void *fdt)
{
	int chosen = dt_path_offset(fdt, "/chosen"), len;
	const char *path, *colon;

	if (chosen < 0)
		return chosen;
	path = dt_getprop(fdt, chosen, "stdout-path", &len);
	if (!path)
		return len;
	if (len <= 0 || path[len - 1])
		return -FDT_ERR_BADVALUE;
	colon = strchr(path, ':');
	/* fdt_path_offset_namelen resolves aliases too ("serial0") */
	return dt_path_offset_namelen(fdt, path,
				       colon ? (int)(colon - path) : len - 1);
}

int dt_node_path(const void *fdt, int node, char *buf, size_t len)
{
	const char *names[16];
	int depth = 0, pos = 0;

	for (int n = node; n > 0 && depth < 16; n = dt_parent(fdt, n)) {
		names[depth] = fdt_get_name(fdt, n, NULL);
		if (!names[depth])
			return -FDT_ERR_BADSTRUCTURE;
		depth++;
	}
	if (!depth)
		return snprintf(buf, len, "/") < 0 ? -FDT_ERR_INTERNAL : 0;
	buf[0] = '\0';
	while (depth--)
		pos += snprintf(buf + pos, pos < (int)len ? len - (size_t)pos : 0,
				"/%s", names[depth]);
	return pos < (int)len ? 0 : -FDT_ERR_NOSPACE;
}

int dt_set_memory(void *fdt, const struct mem_region *banks, int count)
{
	int node, len, ac, sc, slots, err;
	fdt32_t *reg;

	dt_for_each_subnode(node, fdt, 0)
		if (dt_is_memory_node(fdt, node))
			break;
	if (node < 0)
		return node;
	err = bus_cells(fdt, 0, &ac, &sc);
	if (err)
		return err;
	reg = (fdt32_t *)dt_getprop(fdt, node, "reg", &len);
	if (!reg)
		return len;
	slots = len / ((ac + sc) * 4);
	if (count > slots)
		return -FDT_ERR_NOSPACE;
	for (int i = 0; i < slots; i++) {
		uint64_t base = i < count ? banks[i].base : 0;
		uint64_t size = i < count ? banks[i].size : 0;
		fdt32_t *cell = reg + i * (ac + sc);

		for (int c = ac - 1; c >= 0; c--, base >>= 32)
			cell[c] = cpu_to_fdt32((uint32_t)base);
		for (int c = ac + sc - 1; c >= ac; c--, size >>= 32)
			cell[c] = cpu_to_fdt32((uint32_t)size);
	}
	return 0;
}
