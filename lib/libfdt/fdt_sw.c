// SPDX-License-Identifier: MIT
/*
 * Vireo's libfdt: the sequential writer, fdt_create() ... fdt_finish(),
 * laying the blob out byte for byte as libfdt 1.6.1 does (tests/libfdt
 * compares the bytes), so its callers and tools see the same trees.
 *
 * While a tree is being built the buffer holds, from the start: the
 * header (padded to FDT_SW_HDRSIZE), the memory reservation entries,
 * the structure block growing upwards, free space, and the strings
 * block growing downwards from the end of the buffer; a property's
 * nameoff is then negative, relative to that end. fdt_finish() appends
 * FDT_END, moves the strings down behind the structure block and
 * rebases every nameoff.
 *
 * The state lives in the header, as in libfdt: magic FDT_SW_MAGIC until
 * fdt_finish(), the creation flags in last_comp_version, off_dt_strings
 * 0 while reservations may still be added and totalsize after that.
 * Nothing checks that nodes are balanced (libfdt does not either):
 * dt_validate() and fdt_check_full() refuse such a blob.
 */
#include <vireo/string.h>
#include "fdt_internal.h"

/* The header rounded up to a reservation entry, where libfdt starts them */
#define FDT_SW_HDRSIZE \
	((sizeof(struct fdt_header) + sizeof(struct fdt_reserve_entry) - 1) & \
	 ~(sizeof(struct fdt_reserve_entry) - 1))

/*
 * The header fields the writer keeps its state in, read once per call
 * (each is four byte loads where unaligned loads are not allowed).
 */
struct fdt_sw {
	uint32_t total;		/* the buffer's size */
	uint32_t st;		/* structure block: offset, bytes used */
	uint32_t st_size;
	uint32_t str;		/* off_dt_strings: 0, then total (nodes) */
	uint32_t str_size;	/* bytes of strings below the end */
};

enum fdt_sw_phase {
	FDT_SW_ANY,
	FDT_SW_RSV,		/* memory reservations still go in */
	FDT_SW_NODES,		/* they are done: nodes go in */
};

static uint32_t fdt_tagalign(uint32_t len)
{
	return (len + FDT_TAGSIZE - 1) & ~(uint32_t)(FDT_TAGSIZE - 1);
}

/* The state of a tree under construction in that phase, or -FDT_ERR_* */
static int fdt_sw_get(const void *fdt, struct fdt_sw *s,
		      enum fdt_sw_phase phase)
{
	uint32_t magic = fdt_magic(fdt);

	if (magic == FDT_MAGIC)
		return -FDT_ERR_BADSTATE;	/* already finished */
	if (magic != FDT_SW_MAGIC)
		return -FDT_ERR_BADMAGIC;
	s->total = fdt_totalsize(fdt);
	s->st = fdt_off_dt_struct(fdt);
	s->st_size = fdt_size_dt_struct(fdt);
	s->str = fdt_off_dt_strings(fdt);
	s->str_size = fdt_size_dt_strings(fdt);
	if (phase == FDT_SW_RSV && s->str)
		return -FDT_ERR_BADSTATE;
	if (phase == FDT_SW_NODES && s->str != s->total)
		return -FDT_ERR_BADSTATE;
	return 0;
}

int fdt_create_with_flags(void *buf, int bufsize, uint32_t flags)
{
	/* libfdt takes a negative bufsize for a huge size_t, clears that */
	if (bufsize < (int)FDT_SW_HDRSIZE)
		return -FDT_ERR_NOSPACE;
	if (flags & ~(uint32_t)FDT_CREATE_FLAGS_ALL)
		return -FDT_ERR_BADFLAGS;

	memset(buf, 0, (size_t)bufsize);
	fdt_set_magic(buf, FDT_SW_MAGIC);
	fdt_set_version(buf, FDT_LAST_SUPPORTED_VERSION);
	fdt_set_last_comp_version(buf, flags);
	fdt_set_totalsize(buf, (uint32_t)bufsize);
	fdt_set_off_mem_rsvmap(buf, FDT_SW_HDRSIZE);
	fdt_set_off_dt_struct(buf, FDT_SW_HDRSIZE);
	return 0;
}

int fdt_create(void *buf, int bufsize)
{
	return fdt_create_with_flags(buf, bufsize, 0);
}

int fdt_resize(void *fdt, void *buf, int bufsize)
{
	struct fdt_sw s;
	uint64_t head, tail;
	char *oldtail, *newtail;
	int err = fdt_sw_get(fdt, &s, FDT_SW_ANY);

	if (err)
		return err;
	if (bufsize < 0)
		return -FDT_ERR_NOSPACE;
	head = (uint64_t)s.st + s.st_size;
	tail = s.str_size;
	if (head + tail > s.total)
		return -FDT_ERR_INTERNAL;
	if (head + tail > (uint64_t)bufsize)
		return -FDT_ERR_NOSPACE;

	oldtail = (char *)fdt + s.total - tail;
	newtail = (char *)buf + bufsize - tail;
	/* the buffers may overlap: move first what the other move would hit */
	if ((uintptr_t)buf <= (uintptr_t)fdt) {
		memmove(buf, fdt, head);
		memmove(newtail, oldtail, tail);
	} else {
		memmove(newtail, oldtail, tail);
		memmove(buf, fdt, head);
	}
	fdt_set_totalsize(buf, (uint32_t)bufsize);
	if (s.str)
		fdt_set_off_dt_strings(buf, (uint32_t)bufsize);
	return 0;
}

int fdt_add_reservemap_entry(void *fdt, uint64_t addr, uint64_t size)
{
	struct fdt_sw s;
	char *p;
	int err = fdt_sw_get(fdt, &s, FDT_SW_RSV);

	if (err)
		return err;
	/* the entries end where the structure block will start */
	if ((uint64_t)s.st + sizeof(struct fdt_reserve_entry) > s.total)
		return -FDT_ERR_NOSPACE;
	p = (char *)fdt + s.st;
	fdt64_st(p, addr);
	fdt64_st(p + sizeof(fdt64_t), size);
	fdt_set_off_dt_struct(fdt, s.st + sizeof(struct fdt_reserve_entry));
	return 0;
}

int fdt_finish_reservemap(void *fdt)
{
	/* the block ends with an all-zero entry */
	int err = fdt_add_reservemap_entry(fdt, 0, 0);

	if (err)
		return err;
	fdt_set_off_dt_strings(fdt, fdt_totalsize(fdt));
	return 0;
}

/* len more bytes at the top of the structure block, or NULL */
static char *fdt_sw_grab(void *fdt, struct fdt_sw *s, uint32_t len)
{
	uint32_t used = s->st_size;
	/* as libfdt, in 32 bits: only fdt_resize() could make this wrap */
	uint32_t room = s->total - s->st - s->str_size;

	if ((uint64_t)used + len > room)
		return NULL;
	s->st_size = used + len;
	fdt_set_size_dt_struct(fdt, s->st_size);
	return (char *)fdt + s->st + used;
}

/* A tag and len bytes after it (returned) in a tree that takes nodes */
static char *fdt_sw_add_tag(void *fdt, struct fdt_sw *s, uint32_t tag,
			    uint32_t len, int *err)
{
	char *p;

	*err = fdt_sw_get(fdt, s, FDT_SW_NODES);
	if (*err)
		return NULL;
	p = fdt_sw_grab(fdt, s, FDT_TAGSIZE + len);
	if (!p) {
		*err = -FDT_ERR_NOSPACE;
		return NULL;
	}
	fdt32_st(p, tag);
	return p + FDT_TAGSIZE;
}

int fdt_begin_node(void *fdt, const char *name)
{
	struct fdt_sw s;
	uint32_t namelen = (uint32_t)strlen(name) + 1;
	int err;
	char *p = fdt_sw_add_tag(fdt, &s, FDT_BEGIN_NODE, fdt_tagalign(namelen),
				 &err);

	/* padding is left as it is: zero from fdt_create() */
	if (p)
		memcpy(p, name, namelen);
	return err;
}

int fdt_end_node(void *fdt)
{
	struct fdt_sw s;
	int err;

	fdt_sw_add_tag(fdt, &s, FDT_END_NODE, 0, &err);
	return err;
}

/* name (len bytes with its NUL) in the strings block, newest first */
static const char *fdt_sw_find_string(const void *fdt, const struct fdt_sw *s,
				      const char *name, uint32_t len)
{
	const char *low = (const char *)fdt + s->total - s->str_size;

	/* a match may be the tail of a longer name: "name" in "my-name" */
	for (uint32_t i = 0; len <= s->str_size && i <= s->str_size - len; i++)
		if (!memcmp(low + i, name, len))
			return low + i;
	return NULL;
}

/* Add name below the strings: its (negative) nameoff, or 0 if full */
static int fdt_sw_add_string(void *fdt, struct fdt_sw *s, const char *name,
			     uint32_t len)
{
	uint32_t top = s->st + s->st_size;

	/* libfdt wraps when name is longer than the buffer, writes below it */
	if ((uint64_t)s->str_size + len > s->total ||
	    s->total - s->str_size - len < top)
		return 0;
	s->str_size += len;
	memcpy((char *)fdt + s->total - s->str_size, name, len);
	fdt_set_size_dt_strings(fdt, s->str_size);
	return -(int)s->str_size;
}

int fdt_property_placeholder(void *fdt, const char *name, int len, void **valp)
{
	struct fdt_sw s;
	uint32_t namelen = (uint32_t)strlen(name) + 1;
	const char *found = NULL;
	char *p;
	int nameoff;
	int err = fdt_sw_get(fdt, &s, FDT_SW_NODES);

	if (err)
		return err;
	/* libfdt grabs a wrapped size for it and writes a corrupt property */
	if (len < 0)
		return -FDT_ERR_BADVALUE;
	if (!(fdt_last_comp_version(fdt) & FDT_CREATE_FLAG_NO_NAME_DEDUP))
		found = fdt_sw_find_string(fdt, &s, name, namelen);
	if (found)
		nameoff = -(int)((const char *)fdt + s.total - found);
	else
		nameoff = fdt_sw_add_string(fdt, &s, name, namelen);
	if (!nameoff)
		return -FDT_ERR_NOSPACE;

	p = fdt_sw_grab(fdt, &s, 3 * FDT_TAGSIZE + fdt_tagalign((uint32_t)len));
	if (!p) {
		/* take back the name just added */
		if (!found)
			fdt_set_size_dt_strings(fdt, s.str_size - namelen);
		return -FDT_ERR_NOSPACE;
	}
	fdt32_st(p, FDT_PROP);
	fdt32_st(p + FDT_TAGSIZE, (uint32_t)len);
	fdt32_st(p + 2 * FDT_TAGSIZE, (uint32_t)nameoff);
	*valp = p + 3 * FDT_TAGSIZE;
	return 0;
}

int fdt_property(void *fdt, const char *name, const void *val, int len)
{
	void *p;
	int err = fdt_property_placeholder(fdt, name, len, &p);

	if (err)
		return err;
	if (len)
		memcpy(p, val, (size_t)len);
	return 0;
}

int fdt_finish(void *fdt)
{
	struct fdt_sw s;
	uint32_t tag, newstr;
	int offset = 0, next = 0, err;
	char *p;

	fdt_sw_add_tag(fdt, &s, FDT_END, 0, &err);
	if (err)
		return err;

	newstr = s.st + s.st_size;
	memmove((char *)fdt + newstr, (char *)fdt + s.total - s.str_size,
		s.str_size);
	fdt_set_off_dt_strings(fdt, newstr);

	/* nameoffs counted back from the old end now count from newstr */
	while ((tag = fdt_next_tag(fdt, offset, &next)) != FDT_END) {
		if (tag == FDT_PROP) {
			p = fdt_offset_ptr_w(fdt, offset, 3 * FDT_TAGSIZE);
			p += 2 * FDT_TAGSIZE;
			fdt32_st(p, fdt32_ld((void *)p) + s.str_size);
		}
		offset = next;
	}
	if (next < 0)
		return next;

	fdt_set_totalsize(fdt, newstr + s.str_size);
	fdt_set_last_comp_version(fdt, FDT_LAST_COMPATIBLE_VERSION);
	fdt_set_magic(fdt, FDT_MAGIC);
	return 0;
}
