// SPDX-License-Identifier: MIT
/*
 * Differential test of a libfdt implementation: given a DTB, call every
 * read-only libfdt function Vireo implements, systematically, and write
 * a transcript of each call and its result. Built once against Vireo's
 * lib/libfdt and once against Debian's libfdt (-lfdt); the transcripts
 * must be byte-identical for every blob. tests/libfdt/fdt_fuzz.c links
 * both sides into one libFuzzer target.
 *
 * The transcript holds return values, error codes, lengths, pointers
 * (as offsets into the blob) and the data they point at. Calls on which
 * libfdt 1.6.1 itself misbehaves (loops for ever, recurses without end,
 * reads past the blob) are not made; the transcript says "skip" there.
 *
 *   fdt_diff [-d] [-l LIST] [-c DIGESTS] [FILE...]   (see usage())
 *
 * Build flags: FDT_DIFF_RUN names the entry point, FDT_DIFF_NO_MAIN
 * leaves main() out (fuzzer), FDT_DIFF_EXACT allocates the blob exactly
 * (no guard bytes) so AddressSanitizer catches any read past it: for
 * Vireo's side only, since libfdt 1.6.1 reads a byte or so past the
 * end in corner cases (see README.md).
 */
#include <inttypes.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "transcript.h"

#ifndef FDT_DIFF_RUN
#define FDT_DIFF_RUN fdt_diff_run
#endif

size_t FDT_DIFF_RUN(const uint8_t *data, size_t size, char **out);

#define HDR_SIZE	40		/* sizeof(struct fdt_header) */
#define GUARD		32		/* 0xff bytes after the blob */
#define MALLOC_MAX	(1u << 20)	/* bigger blobs: mmap, zero pages */
#define MAX_TAGS	100000
#define MAX_NODES	4096
#define MAX_DETAIL	256		/* nodes examined in detail */
#define MAX_PROPS	256		/* per node */
#define MAX_LIST	32		/* strings per string list */
#define MAX_COMPAT	64
#define MAX_PHANDLES	32
#define MAX_SETPROP	256		/* in-place writes per blob */
#define MAX_STROFFS	64
#define ALIAS_DEPTH	8		/* lib/libfdt FDT_ALIAS_DEPTH */


struct blob {
	uint8_t *mem;
	size_t memlen;
	bool mapped;
	uint8_t *fdt;
	size_t len;		/* readable: max(totalsize, header) */
};

struct node {
	int off;
	int depth;		/* from the depth walk; 0 if unknown */
	char *path;		/* NULL if unknown */
};

struct ctx {
	struct out *o;
	struct blob b;
	const void *fdt;
	uint32_t total;
	bool hang;		/* the tag chain has a property that loops */
	bool big;		/* mmap'ed: no scratch copies */
	struct node nodes[MAX_NODES];
	int nnodes;
	int others[64];		/* non-node tag offsets on the chain */
	int nothers;
	char *compat[MAX_COMPAT];
	int ncompat;
	uint32_t phandles[MAX_PHANDLES];
	int nphandles;
	int stroffs[MAX_STROFFS];
	int nstroffs;
	int nsetprop;
	uint8_t *scratch;	/* copy for fdt_setprop_inplace() */
	struct blob sb;
	char fmt[8][640];
	int fmti;
};

/* ---- output ------------------------------------------------------------ */

static void say(struct ctx *c, const char *f, ...)
	__attribute__((format(printf, 2, 3)));

static void say(struct ctx *c, const char *f, ...)
{
	va_list ap;

	va_start(ap, f);
	out_vsay(c->o, f, ap);
	va_end(ap);
}

static char *fbuf(struct ctx *c)
{
	c->fmti = (c->fmti + 1) % 8;
	return c->fmt[c->fmti];
}

static bool in_blob(struct ctx *c, const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p, s = (uintptr_t)c->b.fdt;

	return a >= s && a - s <= c->b.len && n <= c->b.len - (a - s);
}

/* A pointer as an offset into the blob */
static const char *P(struct ctx *c, const void *p)
{
	char *s = fbuf(c);

	if (!p)
		return "NULL";
	snprintf(s, 64, "@%" PRIdPTR, (intptr_t)((uintptr_t)p - (uintptr_t)c->fdt));
	return s;
}

static void quote(char *s, size_t cap, const char *p, size_t n)
{
	size_t o = 0, i;

	s[o++] = '"';
	for (i = 0; i < n && o + 8 < cap; i++) {
		unsigned char ch = (unsigned char)p[i];

		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
			s[o++] = (char)ch;
		else
			o += (size_t)snprintf(s + o, cap - o, "\\x%02x", ch);
	}
	if (i < n)
		o += (size_t)snprintf(s + o, cap - o, "...");
	s[o++] = '"';
	s[o] = '\0';
}

/* A NUL-terminated string inside the blob, quoted (bounded by the blob) */
static const char *S(struct ctx *c, const char *p)
{
	char *s = fbuf(c);
	const char *nul;
	size_t room;

	if (!p)
		return "NULL";
	if (!in_blob(c, p, 0) || !in_blob(c, p, 1))
		return "<outside>";
	room = c->b.len - ((uintptr_t)p - (uintptr_t)c->b.fdt);
	nul = memchr(p, 0, room);
	if (!nul)
		return "<unterminated>";
	quote(s, 200, p, (size_t)(nul - p));
	return s;
}

/* A caller's string, quoted */
static const char *Q(struct ctx *c, const char *p)
{
	char *s = fbuf(c);

	quote(s, 200, p, strlen(p));
	return s;
}

static uint64_t fnv(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	while (n--)
		h = (h ^ *b++) * 0x100000001b3ull;
	return h;
}

/* n bytes of data: hex of the first 48 and a hash of all */
static const char *D(struct ctx *c, const void *p, int n)
{
	char *s = fbuf(c);
	size_t o = 0;
	int i;

	if (!p || n < 0)
		return "-";
	if (!in_blob(c, p, (size_t)n))
		return "<outside>";
	for (i = 0; i < n && i < 48; i++)
		o += (size_t)snprintf(s + o, 8, "%02x", ((const uint8_t *)p)[i]);
	snprintf(s + o, 64, "%s #%016" PRIx64, i < n ? ".." : "", fnv(p, (size_t)n));
	return s;
}

/* ---- the blob ---------------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

/*
 * The blob as libfdt's contract has it: totalsize bytes (at least the
 * header), zero-filled past the end of the file, and past that 0xff
 * guard bytes (none with FDT_DIFF_EXACT, so ASan sees any overrun).
 */
static void blob_make(struct blob *b, const uint8_t *data, size_t size,
		      size_t misalign)
{
	uint8_t hdr[HDR_SIZE] = { 0 };
	size_t copy, guard = GUARD;

	memcpy(hdr, data, size < HDR_SIZE ? size : HDR_SIZE);
	b->len = be32(hdr + 4);
	if (b->len < HDR_SIZE)
		b->len = HDR_SIZE;
#ifdef FDT_DIFF_EXACT
	guard = 0;
#endif
	b->memlen = misalign + b->len + guard;
	b->mapped = b->len > MALLOC_MAX;
	if (b->mapped) {
		guard = GUARD;
		b->memlen = misalign + b->len + guard;
		b->mem = mmap(NULL, b->memlen, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (b->mem == MAP_FAILED)
			abort();
	} else {
		b->mem = malloc(b->memlen);
		if (!b->mem)
			abort();
	}
	b->fdt = b->mem + misalign;
	copy = size < b->len ? size : b->len;
	memcpy(b->fdt, data, copy);
	if (!b->mapped)
		memset(b->fdt + copy, 0, b->len - copy);
	memset(b->fdt + b->len, 0xff, guard);
}

static void blob_free(struct blob *b)
{
	if (b->mapped)
		munmap(b->mem, b->memlen);
	else
		free(b->mem);
	b->mem = NULL;
}

/* ---- the tag chain and where libfdt 1.6.1 would loop ------------------- */

/*
 * A property whose length wraps libfdt's step to zero: fdt_next_tag()
 * then returns the same offset, and every walk over it loops.
 */
static bool looping_prop(struct ctx *c, int off)
{
	const uint8_t *p = fdt_offset_ptr(c->fdt, off, 8);
	uint32_t len, end;

	if (!p || be32(p) != FDT_PROP || off % 4)
		return false;
	len = be32(p + 4);
	end = (uint32_t)off + 12 + len;
	if (fdt_version(c->fdt) < 16 && len >= 8 && (end - len) % 8)
		end += 4;
	return end == (uint32_t)off;
}

/* Does a walk from off end without hitting a looping property? */
static bool chain_safe(struct ctx *c, int off)
{
	int next, n;

	if (off < 0 || off % 4)
		return true;
	for (n = 0; n < MAX_TAGS; n++) {
		if (looping_prop(c, off))
			return false;
		if (fdt_next_tag(c->fdt, off, &next) == FDT_END || next <= off)
			return true;
		off = next;
	}
	return false;
}

static void scan_tags(struct ctx *c)
{
	static const int probe[] = { -1, -4, INT32_MIN, 1, 2, 3, 4, 8,
				     INT32_MAX, 0x7ffffffc };
	int off = 0, next = -1, n;
	uint32_t tag = 0;

	for (n = 0; n < MAX_TAGS; n++) {
		if (looping_prop(c, off)) {
			say(c, "tag %d: looping property, walks skipped", off);
			c->hang = true;
			break;
		}
		tag = fdt_next_tag(c->fdt, off, &next);
		say(c, "next_tag(%d) = %" PRIu32 " next %d", off, tag, next);
		if (tag == FDT_END || next <= off)
			break;
		if (tag != FDT_BEGIN_NODE && c->nothers < 64)
			c->others[c->nothers++] = off;
		off = next;
	}
	if (tag == FDT_END && next >= 0 && c->nothers < 64)
		c->others[c->nothers++] = off;

	for (n = 0; n < (int)(sizeof(probe) / sizeof(probe[0])); n++) {
		if (looping_prop(c, probe[n])) {
			say(c, "next_tag(%d) skipped", probe[n]);
			continue;
		}
		tag = fdt_next_tag(c->fdt, probe[n], &next);
		say(c, "next_tag(%d) = %" PRIu32 " next %d", probe[n], tag, next);
	}
	tag = fdt_next_tag(c->fdt, (int)c->total, &next);
	say(c, "next_tag(totalsize) = %" PRIu32 " next %d", tag, next);
}

static void offset_ptrs(struct ctx *c)
{
	static const int offs[] = { -1, 0, 1, 3, 4, 7, INT32_MAX };
	static const unsigned int lens[] = { 0, 1, 4, 8, 0x7fffffff,
					     0xfffffffc, 0xffffffff };
	unsigned int i, j;
	int v[4];

	v[0] = (int)c->total;
	v[1] = (int)(c->total - 4u);
	v[2] = (int)fdt_size_dt_struct(c->fdt);
	v[3] = (int)(fdt_size_dt_struct(c->fdt) - 4u);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		for (j = 0; j < sizeof(lens) / sizeof(lens[0]); j++)
			say(c, "offset_ptr(%d, %u) = %s", offs[i], lens[j],
			    P(c, fdt_offset_ptr(c->fdt, offs[i], lens[j])));
	for (i = 0; i < 4; i++)
		for (j = 0; j < 3; j++)
			say(c, "offset_ptr(%d, %u) = %s", v[i], lens[j],
			    P(c, fdt_offset_ptr(c->fdt, v[i], lens[j])));
}

/* ---- header, strings, memory reservations ------------------------------ */

static void header(struct ctx *c)
{
	const void *f = c->fdt;

	say(c, "magic %08" PRIx32 " totalsize %" PRIu32 " struct %" PRIu32
	    "+%" PRIu32 " strings %" PRIu32 "+%" PRIu32 " rsvmap %" PRIu32
	    " version %" PRIu32 " last_comp %" PRIu32 " cpu %" PRIu32,
	    fdt_magic(f), fdt_totalsize(f), fdt_off_dt_struct(f),
	    fdt_size_dt_struct(f), fdt_off_dt_strings(f),
	    fdt_size_dt_strings(f), fdt_off_mem_rsvmap(f), fdt_version(f),
	    fdt_last_comp_version(f), fdt_boot_cpuid_phys(f));
	say(c, "header_size = %zu, header_size_(v) = %zu",
	    fdt_header_size(f), fdt_header_size_(fdt_version(f)));
	say(c, "check_header = %d", fdt_check_header(f));
}

static void strings(struct ctx *c)
{
	uint32_t sz = fdt_size_dt_strings(c->fdt);
	int extra[] = { 0, 1, 2, (int)(sz - 1u), (int)sz, (int)(sz + 1u), -1, -2,
			(int)(0u - sz), INT32_MIN, INT32_MAX,
			(int)(c->total - fdt_off_dt_strings(c->fdt)) };
	const char *s;
	int i, len;

	for (i = 0; i < (int)(sizeof(extra) / sizeof(extra[0])) + c->nstroffs; i++) {
		int off = i < (int)(sizeof(extra) / sizeof(extra[0])) ?
			extra[i] : c->stroffs[i - (int)(sizeof(extra) / sizeof(extra[0]))];

		len = 12345;
		s = fdt_get_string(c->fdt, off, &len);
		say(c, "get_string(%d) = %s len %d %s", off, P(c, s), len, S(c, s));
		s = fdt_string(c->fdt, off);
		say(c, "string(%d) = %s", off, P(c, s));
	}
}

static void memrsv(struct ctx *c)
{
	/* not 2^28 * k: libfdt 1.6.1 reads gigabytes away for those */
	static const int bad[] = { -1, -2, -16, INT32_MAX, 0x0fffffff,
				   0x1fffffff };
	uint64_t addr, size;
	int n, i, rc;

	/* libfdt 1.6.1 reads anywhere when totalsize < 16 */
	if (c->total < 16) {
		say(c, "mem_rsv skipped: totalsize < 16");
		return;
	}
	n = fdt_num_mem_rsv(c->fdt);
	say(c, "num_mem_rsv = %d", n);
	for (i = 0; i <= (n > 0 ? n : 0) + 1 && i < 300; i++) {
		addr = size = 0x5a5a;
		rc = fdt_get_mem_rsv(c->fdt, i, &addr, &size);
		say(c, "get_mem_rsv(%d) = %d %" PRIx64 " %" PRIx64, i, rc, addr, size);
	}
	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		addr = size = 0x5a5a;
		rc = fdt_get_mem_rsv(c->fdt, bad[i], &addr, &size);
		say(c, "get_mem_rsv(%d) = %d %" PRIx64 " %" PRIx64, bad[i], rc,
		    addr, size);
	}
}

/* ---- nodes --------------------------------------------------------------- */

static struct node *find_node(struct ctx *c, int off)
{
	int i;

	for (i = 0; i < c->nnodes; i++)
		if (c->nodes[i].off == off)
			return &c->nodes[i];
	return NULL;
}

/* Every node (depth NULL), then depths and paths (with a depth) */
static void walk(struct ctx *c)
{
	char *stack[64];
	int off, depth, i, len;
	struct node *n;
	const char *name;
	size_t plen;

	for (off = -1, i = 0; i < MAX_NODES; i++) {
		off = fdt_next_node(c->fdt, off, NULL);
		if (off < 0)
			break;
		c->nodes[c->nnodes++] = (struct node){ .off = off };
	}
	say(c, "next_node(NULL depth): %d nodes, end %d", c->nnodes, off);
	for (i = 0; i < c->nnodes; i++)
		say(c, "node %d", c->nodes[i].off);

	depth = 0;
	memset(stack, 0, sizeof(stack));
	for (off = -1, i = 0; i < MAX_NODES + 8; i++) {
		off = fdt_next_node(c->fdt, off, &depth);
		say(c, "next_node(depth) = %d depth %d", off, depth);
		if (off < 0)
			break;
		if (depth < 1 || depth > 63)
			continue;
		n = find_node(c, off);
		if (!n || n->depth)
			continue;
		n->depth = depth;
		name = fdt_get_name(c->fdt, off, &len);
		/* this level and deeper ones belonged to an earlier sibling */
		for (int d = depth; d < 64; d++) {
			free(stack[d]);
			stack[d] = NULL;
		}
		if (!name || (depth > 1 && !stack[depth - 1]))
			continue;
		/* the root's path is "/", whatever its name */
		if (depth == 1) {
			stack[1] = strdup("/");
		} else {
			plen = strlen(stack[depth - 1]);
			stack[depth] = malloc(plen + (size_t)len + 2);
			sprintf(stack[depth], "%s%s%.*s", stack[depth - 1],
				depth > 2 ? "/" : "", len, name);
		}
		n->path = strdup(stack[depth]);
	}
	for (i = 0; i < 64; i++)
		free(stack[i]);
}

static void add_compat(struct ctx *c, const char *s, int len)
{
	int i;

	for (i = 0; i < c->ncompat; i++)
		if ((int)strlen(c->compat[i]) == len && !memcmp(c->compat[i], s, (size_t)len))
			return;
	if (c->ncompat < MAX_COMPAT)
		c->compat[c->ncompat++] = strndup(s, (size_t)len);
}

static void add_stroff(struct ctx *c, int off)
{
	int i;

	for (i = 0; i < c->nstroffs; i++)
		if (c->stroffs[i] == off)
			return;
	if (c->nstroffs < MAX_STROFFS)
		c->stroffs[c->nstroffs++] = off;
}

static void stringlists(struct ctx *c, int node, const char *name,
			const void *val, int vlen)
{
	static const char *const absent[] = { "absent", "", "virtio,mmio" };
	const char *s, *got[MAX_LIST];
	int count, i, len, ngot = 0;
	char *copy;

	count = fdt_stringlist_count(c->fdt, node, name);
	say(c, "  stringlist_count = %d", count);
	for (i = -1; i <= count + 1 && i < MAX_LIST; i++) {
		len = 12345;
		s = fdt_stringlist_get(c->fdt, node, name, i, &len);
		say(c, "  stringlist_get(%d) = %s len %d", i, P(c, s), len);
		if (s && len >= 0 && in_blob(c, s, (size_t)len)) {
			got[ngot++] = s;
			if (!strcmp(name, "compatible"))
				add_compat(c, s, len);
		}
		s = fdt_stringlist_get(c->fdt, node, name, i, NULL);
		say(c, "  stringlist_get(%d, NULL) = %s", i, P(c, s));
	}
	for (i = 0; i < ngot; i++)
		say(c, "  stringlist_search(%s) = %d", S(c, got[i]),
		    fdt_stringlist_search(c->fdt, node, name, got[i]));
	for (i = 0; i < 3; i++)
		say(c, "  stringlist_search(%s) = %d", Q(c, absent[i]),
		    fdt_stringlist_search(c->fdt, node, name, absent[i]));

	/*
	 * stringlist_contains on a copy: libfdt 1.6.1 may read the byte
	 * after the list, which is 0xff here (or, with FDT_DIFF_EXACT,
	 * not there at all, so ASan catches Vireo doing the same).
	 */
	if (vlen < 0 || !in_blob(c, val, (size_t)vlen))
		return;
#ifdef FDT_DIFF_EXACT
	copy = malloc(vlen ? (size_t)vlen : 1);
#else
	copy = malloc((size_t)vlen + 1);
	copy[vlen] = (char)0xff;
#endif
	memcpy(copy, val, (size_t)vlen);
	for (i = 0; i < ngot; i++) {
		char str[256];
		int l = (int)strnlen(got[i], 255);

		memcpy(str, got[i], (size_t)l);
		str[l] = '\0';
		say(c, "  stringlist_contains(%s) = %d", Q(c, str),
		    fdt_stringlist_contains(copy, vlen, str));
		if (l > 1) {
			str[l - 1] = '\0';	/* a prefix must not match */
			say(c, "  stringlist_contains(%s) = %d", Q(c, str),
			    fdt_stringlist_contains(copy, vlen, str));
		}
	}
	for (i = 0; i < 3; i++)
		say(c, "  stringlist_contains(%s) = %d", Q(c, absent[i]),
		    fdt_stringlist_contains(copy, vlen, absent[i]));
	free(copy);
}

/* n bytes at p, which the caller knows are readable */
static const char *H(struct ctx *c, const uint8_t *p, size_t n)
{
	char *s = fbuf(c);
	size_t o = 0, i;

	for (i = 0; i < n && i < 48; i++)
		o += (size_t)snprintf(s + o, 8, "%02x", p[i]);
	snprintf(s + o, 64, "%s #%016" PRIx64, i < n ? ".." : "", fnv(p, n));
	return s;
}

/* First and last differing byte of the scratch copy, then undo it */
static void scratch_diff(struct ctx *c, const char *what, int rc)
{
	size_t i, n, lo = SIZE_MAX, hi = 0;

	/* by chunks: blobs from QEMU are 1 MiB */
	for (i = 0; i < c->b.len; i += n) {
		n = c->b.len - i < 4096 ? c->b.len - i : 4096;
		if (!memcmp(c->scratch + i, c->b.fdt + i, n))
			continue;
		for (size_t j = i; j < i + n; j++)
			if (c->scratch[j] != c->b.fdt[j]) {
				if (lo == SIZE_MAX)
					lo = j;
				hi = j;
			}
	}
	if (lo == SIZE_MAX) {
		say(c, "  %s = %d, unchanged", what, rc);
		return;
	}
	say(c, "  %s = %d, wrote %zu..%zu %s", what, rc, lo, hi,
	    H(c, c->scratch + lo, hi - lo + 1));
	memcpy(c->scratch + lo, c->b.fdt + lo, hi - lo + 1);
}

/*
 * libfdt 1.6.1 writes wherever idx + len points when the value it finds
 * by name has a corrupt (negative) length; Vireo's refuses once that is
 * outside the blob. Only the calls where both are defined are made.
 */
static bool setprop_safe(struct ctx *c, int node, const char *name,
			 uint32_t idx, int len)
{
	const uint8_t *p;
	int l;

	p = fdt_getprop(c->fdt, node, name, &l);
	if (!p || l >= 0)
		return true;
	return (uintptr_t)p >= (uintptr_t)c->fdt &&
	       (uintptr_t)p - (uintptr_t)c->fdt + idx + (uint64_t)len <= c->total;
}

static void partial(struct ctx *c, int node, const char *name, uint32_t idx,
		    const uint8_t *buf, int len)
{
	char what[64];
	int rc;

	snprintf(what, sizeof(what), "setprop_inplace_partial(%" PRIu32 ", %d)",
		 idx, len);
	if (!setprop_safe(c, node, name, idx, len)) {
		say(c, "  %s skipped", what);
		return;
	}
	rc = fdt_setprop_inplace_namelen_partial(c->scratch, node, name,
						 (int)strlen(name), idx, buf, len);
	scratch_diff(c, what, rc);
}

static void setprops(struct ctx *c, int node, const char *name,
		     const void *val, int vlen)
{
	uint8_t buf[4096 + 8];
	int i, rc;

	if (!c->scratch || vlen < 0 || vlen > 4096 || c->nsetprop >= MAX_SETPROP ||
	    !in_blob(c, val, (size_t)vlen))
		return;
	c->nsetprop++;
	for (i = 0; i < vlen; i++)
		buf[i] = (uint8_t)~((const uint8_t *)val)[i];
	buf[vlen] = 0xa5;
	rc = fdt_setprop_inplace(c->scratch, node, name, buf, vlen);
	scratch_diff(c, "setprop_inplace(same len)", rc);
	rc = fdt_setprop_inplace(c->scratch, node, name, buf, vlen + 1);
	scratch_diff(c, "setprop_inplace(len + 1)", rc);
	if (vlen > 0) {
		rc = fdt_setprop_inplace(c->scratch, node, name, buf, vlen - 1);
		scratch_diff(c, "setprop_inplace(len - 1)", rc);
	}
	partial(c, node, name, 1, buf, vlen > 2 ? 2 : 0);
	partial(c, node, name, (uint32_t)vlen, buf, 1);
	partial(c, node, name, 0xffffffffu, buf, 0);
	if (vlen == 4) {
		rc = fdt_setprop_inplace_u32(c->scratch, node, name, 0x12345678);
		scratch_diff(c, "setprop_inplace_u32", rc);
	}
	if (vlen == 8) {
		rc = fdt_setprop_inplace_u64(c->scratch, node, name,
					     0x1122334455667788ull);
		scratch_diff(c, "setprop_inplace_u64", rc);
	}
}

static void property(struct ctx *c, int node, int poff)
{
	const struct fdt_property *fp;
	const char *name = NULL, *n2;
	const uint8_t *hp;
	const void *v, *v2;
	int len = 12345, len2, nl;

	v = fdt_getprop_by_offset(c->fdt, poff, &name, &len);
	say(c, " prop %d: getprop_by_offset = %s name %s len %d %s", poff,
	    P(c, v), v ? S(c, name) : "-", len, v ? D(c, v, len) : "-");
	len2 = 12345;
	v2 = fdt_getprop_by_offset(c->fdt, poff, NULL, &len2);
	say(c, "  getprop_by_offset(no name) = %s len %d", P(c, v2), len2);
	n2 = NULL;
	v2 = fdt_getprop_by_offset(c->fdt, poff, &n2, NULL);
	say(c, "  getprop_by_offset(no len) = %s name %s", P(c, v2), P(c, n2));
	len2 = 12345;
	fp = fdt_get_property_by_offset(c->fdt, poff, &len2);
	say(c, "  get_property_by_offset = %s len %d", P(c, fp), len2);
	say(c, "  get_property_by_offset(no len) = %s",
	    P(c, fdt_get_property_by_offset(c->fdt, poff, NULL)));
	if (!v)
		return;
	hp = fdt_offset_ptr(c->fdt, poff, 12);
	if (hp)
		add_stroff(c, (int)be32(hp + 8));
	if (!in_blob(c, name, 1) || !memchr(name, 0, c->b.len -
					    ((uintptr_t)name - (uintptr_t)c->b.fdt)))
		return;

	/* and by name */
	nl = (int)strlen(name);
	len2 = 12345;
	v2 = fdt_getprop(c->fdt, node, name, &len2);
	say(c, "  getprop(%s) = %s len %d", S(c, name), P(c, v2), len2);
	say(c, "  getprop(no len) = %s", P(c, fdt_getprop(c->fdt, node, name, NULL)));
	if (nl > 0) {
		len2 = 12345;
		v2 = fdt_getprop_namelen(c->fdt, node, name, nl - 1, &len2);
		say(c, "  getprop_namelen(%d) = %s len %d", nl - 1, P(c, v2), len2);
	}
	len2 = 12345;
	fp = fdt_get_property(c->fdt, node, name, &len2);
	say(c, "  get_property = %s len %d", P(c, fp), len2);
	len2 = 12345;
	fp = fdt_get_property_namelen(c->fdt, node, name, nl, &len2);
	say(c, "  get_property_namelen = %s len %d", P(c, fp), len2);

	stringlists(c, node, name, v, len);
	setprops(c, node, name, v, len);
}

static void bad_names(struct ctx *c, int node)
{
	static const char *const names[] = { "absent", "", "compatible",
					     "phandle", "linux,phandle",
					     "#address-cells", "#size-cells",
					     "reg", "name" };
	const void *v;
	unsigned int i;
	int len;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		len = 12345;
		v = fdt_getprop(c->fdt, node, names[i], &len);
		say(c, " getprop(%s) = %s len %d %s", Q(c, names[i]), P(c, v),
		    len, D(c, v, len));
		len = 12345;
		v = fdt_get_property(c->fdt, node, names[i], &len);
		say(c, " get_property(%s) = %s len %d", Q(c, names[i]), P(c, v), len);
		say(c, " setprop_inplace(%s, 0) = %d", Q(c, names[i]),
		    c->scratch ? fdt_setprop_inplace(c->scratch, node, names[i],
						     "", 0) : 0);
		if (c->scratch && setprop_safe(c, node, names[i], 0, 0))
			say(c, " setprop_inplace_partial(%s, 0, 0) = %d",
			    Q(c, names[i]), fdt_setprop_inplace_namelen_partial(
				    c->scratch, node, names[i],
				    (int)strlen(names[i]), 0, "", 0));
	}
	say(c, " getprop_namelen(\"compatiblex\", 10) = %s",
	    P(c, fdt_getprop_namelen(c->fdt, node, "compatiblex", 10, &len)));
	say(c, "  len %d", len);
	say(c, " getprop_namelen(\"compatible\", 0) = %s",
	    P(c, fdt_getprop_namelen(c->fdt, node, "compatible", 0, &len)));
	say(c, "  len %d", len);
}

static void subnodes(struct ctx *c, int node)
{
	int sub, i, len, base;
	const char *name;
	char buf[300];

	sub = fdt_first_subnode(c->fdt, node);
	say(c, " first_subnode = %d", sub);
	for (i = 0; sub >= 0 && i < MAX_PROPS; i++) {
		name = fdt_get_name(c->fdt, sub, &len);
		if (name && len >= 0 && len < 256) {
			memcpy(buf, name, (size_t)len);
			buf[len] = '\0';
			say(c, "  subnode_offset(%s) = %d", Q(c, buf),
			    fdt_subnode_offset(c->fdt, node, buf));
			base = (int)strcspn(buf, "@");
			say(c, "  subnode_offset_namelen(%d) = %d", base,
			    fdt_subnode_offset_namelen(c->fdt, node, buf, base));
			/* "a@1" must not match "a@1@2": it has a unit address */
			if (strrchr(buf, '@') && strrchr(buf, '@') - buf > base) {
				int last = (int)(strrchr(buf, '@') - buf);

				say(c, "  subnode_offset_namelen(%d) = %d", last,
				    fdt_subnode_offset_namelen(c->fdt, node, buf,
							       last));
			}
			if (len > 0)
				say(c, "  subnode_offset_namelen(%d) = %d", len - 1,
				    fdt_subnode_offset_namelen(c->fdt, node, buf,
							       len - 1));
			strcpy(buf + len, "x");
			say(c, "  subnode_offset(+x) = %d",
			    fdt_subnode_offset(c->fdt, node, buf));
		}
		sub = fdt_next_subnode(c->fdt, sub);
		say(c, " next_subnode = %d", sub);
	}
	say(c, " subnode_offset(\"absent\") = %d",
	    fdt_subnode_offset(c->fdt, node, "absent"));
	say(c, " subnode_offset(\"\") = %d", fdt_subnode_offset(c->fdt, node, ""));
	say(c, " subnode_offset(\"@\") = %d", fdt_subnode_offset(c->fdt, node, "@"));
}

static void node_detail(struct ctx *c, struct node *n)
{
	int off = n->off, len = 12345, p, i, d;
	const char *name;
	uint32_t ph;

	name = fdt_get_name(c->fdt, off, &len);
	say(c, "node %d depth %d path %s: get_name = %s len %d %s", off,
	    n->depth, n->path ? Q(c, n->path) : "-", P(c, name), len, S(c, name));
	say(c, " get_name(no len) = %s", P(c, fdt_get_name(c->fdt, off, NULL)));
	d = fdt_node_depth(c->fdt, off);
	say(c, " node_depth = %d parent_offset = %d", d,
	    fdt_parent_offset(c->fdt, off));
	for (i = -1; i <= (d > 0 ? d : 0) + 1 && i < 10; i++) {
		int nd = 12345;

		p = fdt_supernode_atdepth_offset(c->fdt, off, i, &nd);
		say(c, " supernode_atdepth_offset(%d) = %d depth %d", i, p, nd);
	}
	ph = fdt_get_phandle(c->fdt, off);
	say(c, " get_phandle = %" PRIu32 " address_cells = %d size_cells = %d",
	    ph, fdt_address_cells(c->fdt, off), fdt_size_cells(c->fdt, off));
	if (ph && c->nphandles < MAX_PHANDLES)
		c->phandles[c->nphandles++] = ph;

	p = fdt_first_property_offset(c->fdt, off);
	say(c, " first_property_offset = %d", p);
	for (i = 0; p >= 0 && i < MAX_PROPS; i++) {
		property(c, off, p);
		p = fdt_next_property_offset(c->fdt, p);
		say(c, " next_property_offset = %d", p);
	}
	bad_names(c, off);
	subnodes(c, off);
}

/* ---- compatible, phandle ------------------------------------------------ */

static void compatibles(struct ctx *c)
{
	static const char *const absent[] = { "", "absent,device", "virtio",
					      "arm,pl011x" };
	int i, j, off, nd = c->nnodes < MAX_DETAIL ? c->nnodes : MAX_DETAIL;
	int total = c->ncompat + 4;

	for (i = 0; i < total; i++) {
		const char *s = i < c->ncompat ? c->compat[i] : absent[i - c->ncompat];

		off = -1;
		for (j = 0; j < MAX_DETAIL; j++) {
			off = fdt_node_offset_by_compatible(c->fdt, off, s);
			say(c, "node_offset_by_compatible(%s) = %d", Q(c, s), off);
			if (off < 0)
				break;
		}
		for (j = 0; j < nd; j++)
			say(c, " node_check_compatible(%d) = %d", c->nodes[j].off,
			    fdt_node_check_compatible(c->fdt, c->nodes[j].off, s));
		/* a prefix of a real one must not match */
		if (i < c->ncompat && strlen(s) > 1) {
			char *pre = strndup(s, strlen(s) - 1);

			say(c, " node_offset_by_compatible(prefix) = %d",
			    fdt_node_offset_by_compatible(c->fdt, -1, pre));
			free(pre);
		}
	}
}

static void phandles(struct ctx *c)
{
	uint32_t extra[] = { 0, 0xffffffffu, 1, 2, 0x7fffffffu, 0xfffffffeu };
	uint32_t max = 0;
	int i;

	for (i = 0; i < c->nphandles; i++) {
		say(c, "node_offset_by_phandle(%" PRIu32 ") = %d", c->phandles[i],
		    fdt_node_offset_by_phandle(c->fdt, c->phandles[i]));
		if (c->phandles[i] > max)
			max = c->phandles[i];
	}
	for (i = 0; i < 6; i++)
		say(c, "node_offset_by_phandle(%" PRIu32 ") = %d", extra[i],
		    fdt_node_offset_by_phandle(c->fdt, extra[i]));
	say(c, "node_offset_by_phandle(max + 1) = %d",
	    fdt_node_offset_by_phandle(c->fdt, max + 1));
}

/* ---- paths and aliases -------------------------------------------------- */

/*
 * Would fdt_path_offset(path) be well-defined in libfdt 1.6.1 and give
 * the same in Vireo's? A relative path resolves an alias whose value
 * libfdt reads with strlen() and resolves again, recursively.
 */
static bool path_safe(struct ctx *c, const char *path, int namelen, int left)
{
	const char *q, *alias, *nul;
	uintptr_t pos;

	if (namelen < 0)
		return false;
	if (path[0] == '/')
		return true;
	q = memchr(path, '/', (size_t)namelen);
	alias = fdt_get_alias_namelen(c->fdt, path, q ? (int)(q - path) : namelen);
	if (!alias)
		return true;
	pos = (uintptr_t)alias - (uintptr_t)c->b.fdt;
	if ((uintptr_t)alias < (uintptr_t)c->b.fdt || pos >= c->b.len)
		return false;
	nul = memchr(alias, 0, c->b.len - pos);
	if (!nul || !left)
		return false;
	return path_safe(c, alias, (int)(nul - alias), left - 1);
}

static void path(struct ctx *c, const char *p, int namelen)
{
	if (c->hang || !path_safe(c, p, namelen, ALIAS_DEPTH)) {
		say(c, "path_offset(%s, %d) skipped", Q(c, p), namelen);
		return;
	}
	say(c, "path_offset(%s, %d) = %d", Q(c, p), namelen,
	    namelen == (int)strlen(p) ? fdt_path_offset(c->fdt, p) :
	    fdt_path_offset_namelen(c->fdt, p, namelen));
}

static void paths(struct ctx *c)
{
	static const char *const bad[] = { "", "/", "//", "///", "absent",
		"/absent", "/absent/", "a/b", "/chosen", "/chosen/", "chosen",
		"/aliases", "aliases", "/memory", "/cpus/cpu@0", "/cpus/cpu",
		"/cpus//cpu@0/", "/@", "@", "/ /", "serial0", "serial0/",
		"serial0/x", "uart0", "/soc", "/soc@0", "/platform@c000000",
		"/root", "//aliases" };
	char buf[600];
	int i, off, p, len;

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
		path(c, bad[i], (int)strlen(bad[i]));
	path(c, "/chosen", 3);
	path(c, "/aliases/x", 8);
	path(c, "/x", 0);
	path(c, "serial0/abc", 7);

	for (i = 0; i < c->nnodes && i < MAX_DETAIL; i++) {
		const char *s = c->nodes[i].path, *at;
		size_t l;

		if (!s || (l = strlen(s)) > 500)
			continue;
		path(c, s, (int)l);
		if (l > 1)
			path(c, s, (int)l - 1);
		snprintf(buf, sizeof(buf), "%s/", s);
		path(c, buf, (int)strlen(buf));
		snprintf(buf, sizeof(buf), "%s//absent", s);
		path(c, buf, (int)strlen(buf));
		path(c, buf, (int)l);
		/* without the unit address of the last component */
		at = strrchr(s, '@');
		if (at && !strchr(at, '/')) {
			snprintf(buf, sizeof(buf), "%.*s", (int)(at - s), s);
			path(c, buf, (int)strlen(buf));
		}
		/* relative to an alias-looking first component */
		if (l > 1) {
			path(c, s + 1, (int)l - 1);
		}
	}

	/* aliases: every name under /aliases, resolved and as a path prefix */
	if (c->hang)
		return;
	say(c, "get_alias(\"absent\") = %s", P(c, fdt_get_alias(c->fdt, "absent")));
	say(c, "get_alias(\"\") = %s", P(c, fdt_get_alias(c->fdt, "")));
	off = fdt_path_offset(c->fdt, "/aliases");
	say(c, "aliases node %d", off);
	if (off < 0)
		return;
	p = fdt_first_property_offset(c->fdt, off);
	for (i = 0; p >= 0 && i < MAX_LIST; i++) {
		const char *name = NULL, *a;

		if (fdt_getprop_by_offset(c->fdt, p, &name, &len) && name &&
		    strlen(name) < 256) {
			a = fdt_get_alias(c->fdt, name);
			say(c, "get_alias(%s) = %s %s", Q(c, name), P(c, a), S(c, a));
			a = fdt_get_alias_namelen(c->fdt, name, (int)strlen(name) - 1);
			say(c, "get_alias_namelen(-1) = %s", P(c, a));
			path(c, name, (int)strlen(name));
			snprintf(buf, sizeof(buf), "%s/", name);
			path(c, buf, (int)strlen(buf));
			snprintf(buf, sizeof(buf), "%s/absent", name);
			path(c, buf, (int)strlen(buf));
			path(c, buf, (int)strlen(name));
		}
		p = fdt_next_property_offset(c->fdt, p);
	}
}

/* ---- offsets that are not nodes ------------------------------------------ */

static void bad_offset(struct ctx *c, int off)
{
	const char *name = NULL;
	int len = 12345, depth, nd = 12345;
	const void *v;

	if (!chain_safe(c, off)) {
		say(c, "offset %d: skipped (walk would loop)", off);
		return;
	}
	v = fdt_get_name(c->fdt, off, &len);
	say(c, "offset %d: get_name = %s len %d", off, P(c, v), len);
	say(c, " first_property_offset = %d next_property_offset = %d",
	    fdt_first_property_offset(c->fdt, off),
	    fdt_next_property_offset(c->fdt, off));
	len = 12345;
	v = fdt_getprop(c->fdt, off, "compatible", &len);
	say(c, " getprop = %s len %d", P(c, v), len);
	len = 12345;
	v = fdt_getprop_by_offset(c->fdt, off, &name, &len);
	say(c, " getprop_by_offset = %s len %d", P(c, v), len);
	len = 12345;
	v = fdt_get_property_by_offset(c->fdt, off, &len);
	say(c, " get_property_by_offset = %s len %d", P(c, v), len);
	say(c, " first_subnode = %d next_subnode = %d",
	    fdt_first_subnode(c->fdt, off), fdt_next_subnode(c->fdt, off));
	depth = 0;
	say(c, " next_node = %d", fdt_next_node(c->fdt, off, &depth));
	say(c, "  depth %d", depth);
	say(c, " next_node(NULL) = %d", fdt_next_node(c->fdt, off, NULL));
	say(c, " node_depth = %d parent_offset = %d",
	    fdt_node_depth(c->fdt, off), fdt_parent_offset(c->fdt, off));
	say(c, " supernode_atdepth_offset(0) = %d",
	    fdt_supernode_atdepth_offset(c->fdt, off, 0, &nd));
	say(c, "  depth %d", nd);
	say(c, " subnode_offset = %d", fdt_subnode_offset(c->fdt, off, "x"));
	say(c, " get_phandle = %" PRIu32 " address_cells = %d size_cells = %d",
	    fdt_get_phandle(c->fdt, off), fdt_address_cells(c->fdt, off),
	    fdt_size_cells(c->fdt, off));
	say(c, " node_check_compatible = %d node_offset_by_compatible = %d",
	    fdt_node_check_compatible(c->fdt, off, "x"),
	    fdt_node_offset_by_compatible(c->fdt, off, "x"));
	say(c, " stringlist_count = %d search = %d",
	    fdt_stringlist_count(c->fdt, off, "compatible"),
	    fdt_stringlist_search(c->fdt, off, "compatible", "x"));
	len = 12345;
	v = fdt_stringlist_get(c->fdt, off, "compatible", 0, &len);
	say(c, " stringlist_get = %s len %d", P(c, v), len);
	if (c->scratch)
		say(c, " setprop_inplace = %d",
		    fdt_setprop_inplace(c->scratch, off, "compatible", "", 0));
}

static void bad_offsets(struct ctx *c)
{
	int fixed[] = { -1, -4, -FDT_ERR_BADOFFSET, INT32_MIN, 0, 1, 2, 3, 4, 8,
			INT32_MAX, 0x7ffffffc, (int)c->total,
			(int)(c->total & ~3u), (int)fdt_size_dt_struct(c->fdt),
			(int)(fdt_size_dt_struct(c->fdt) & ~3u) };
	int i;

	for (i = 0; i < (int)(sizeof(fixed) / sizeof(fixed[0])); i++)
		bad_offset(c, fixed[i]);
	for (i = 0; i < c->nothers; i++)
		bad_offset(c, c->others[i]);
}

/* ---- the blob seen at a misaligned address ------------------------------- */

static void misaligned(struct ctx *c, const uint8_t *data, size_t size)
{
	struct blob m;
	const void *f;
	int len = 12345;
	uint64_t a = 0, s = 0;

	if (c->b.len > MALLOC_MAX)
		return;
	blob_make(&m, data, size, 4);
	f = m.fdt;
	say(c, "misaligned: check_header = %d path_offset = %d",
	    fdt_check_header(f), c->hang ? 0 : fdt_path_offset(f, "/"));
	say(c, " get_mem_rsv = %d", fdt_get_mem_rsv(f, 0, &a, &s));
	say(c, " get_string = %s", fdt_get_string(f, 0, &len) ? "ptr" : "NULL");
	say(c, "  len %d", len);
	if (!c->hang) {
		say(c, " next_node = %d first_property_offset = %d",
		    fdt_next_node(f, -1, NULL), fdt_first_property_offset(f, 0));
		say(c, " getprop = %s", fdt_getprop(f, 0, "compatible", &len) ?
		    "ptr" : "NULL");
		say(c, "  len %d", len);
		say(c, " node_offset_by_compatible = %d",
		    fdt_node_offset_by_compatible(f, -1, "x"));
	}
	blob_free(&m);
}

/* ---- one blob ----------------------------------------------------------- */

size_t FDT_DIFF_RUN(const uint8_t *data, size_t size, char **outp)
{
	struct ctx *c = calloc(1, sizeof(*c));
	struct out o;
	int i;

	if (!c)
		abort();
	out_init(&o);
	c->o = &o;
	blob_make(&c->b, data, size, 0);
	c->fdt = c->b.fdt;
	c->total = fdt_totalsize(c->fdt);
	c->big = c->b.mapped;
	say(c, "file %zu bytes", size);
	header(c);
	for (i = -22; i <= 1; i++)
		say(c, "strerror(%d) = %s", i, fdt_strerror(i));

	if (!c->big) {
		blob_make(&c->sb, data, size, 0);
		c->scratch = c->sb.fdt;
	}
	scan_tags(c);
	offset_ptrs(c);
	memrsv(c);
	if (!c->hang) {
		walk(c);
		for (i = 0; i < c->nnodes && i < MAX_DETAIL; i++)
			node_detail(c, &c->nodes[i]);
		compatibles(c);
		phandles(c);
		bad_offsets(c);
	}
	paths(c);
	strings(c);
	misaligned(c, data, size);

	for (i = 0; i < c->nnodes; i++)
		free(c->nodes[i].path);
	for (i = 0; i < c->ncompat; i++)
		free(c->compat[i]);
	if (c->scratch)
		blob_free(&c->sb);
	blob_free(&c->b);
	free(c);
	*outp = o.buf;
	return o.len;
}

/* ---- command line ------------------------------------------------------- */

#ifndef FDT_DIFF_NO_MAIN
static uint8_t *slurp(const char *path, size_t *sizep)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t size = 0, cap = 0, n;

	if (!f) {
		perror(path);
		exit(2);
	}
	do {
		if (size == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
			if (!data)
				abort();
		}
		n = fread(data + size, 1, cap - size, f);
		size += n;
	} while (n);
	fclose(f);
	*sizep = size;
	return data;
}

/*
 * One blob: its transcript, or a digest line "path hash length". With
 * expect (a digest line of the other side), 1 if this one differs.
 */
static int one(const char *path, bool digest, const char *expect)
{
	size_t size, len;
	uint8_t *data = slurp(path, &size);
	char *out, line[4200];
	int rc = 0;

	len = FDT_DIFF_RUN(data, size, &out);
	snprintf(line, sizeof(line), "%s %016" PRIx64 " %zu", path,
		 fnv(out, len), len);
	if (expect) {
		rc = strcmp(line, expect) != 0;
		if (rc)
			printf("differ: %s\n", path);
	} else if (digest) {
		/* flushed, so that after a crash the last line names the blob */
		printf("%s\n", line);
		fflush(stdout);
	} else {
		printf("=== %s\n%s", path, out);
	}
	free(out);
	free(data);
	return rc;
}

static void usage(void)
{
	fprintf(stderr, "usage: fdt_diff [-d] [-l LIST] [-c DIGESTS] [FILE...]\n"
		"  -d          a digest line per blob instead of its transcript\n"
		"  -l LIST     blobs named in LIST, one per line\n"
		"  -c DIGESTS  compare with the other side's -d output; stop at\n"
		"              the first blob that differs (exit 1)\n");
	exit(2);
}

int main(int argc, char **argv)
{
	bool digest = false;
	int i, rc = 0;
	char line[4200];
	FILE *l;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d")) {
			digest = true;
		} else if ((!strcmp(argv[i], "-l") || !strcmp(argv[i], "-c")) &&
			   i + 1 < argc) {
			bool cmp = argv[i][1] == 'c';

			l = fopen(argv[++i], "r");
			if (!l) {
				perror(argv[i]);
				return 2;
			}
			while (fgets(line, sizeof(line), l)) {
				line[strcspn(line, "\n")] = '\0';
				if (!line[0])
					continue;
				if (!cmp) {
					rc |= one(line, digest, NULL);
					continue;
				}
				char *sp = strchr(line, ' ');

				if (!sp)
					usage();
				*sp = '\0';
				char path[4200];

				strcpy(path, line);
				*sp = ' ';
				if (one(path, false, line)) {
					fclose(l);
					return 1;
				}
			}
			fclose(l);
		} else if (argv[i][0] == '-') {
			usage();
		} else {
			rc |= one(argv[i], digest, NULL);
		}
	}
	return rc;
}
#endif
