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

static uint32_t fdt_tagalign(uint32_t len)
{
	return (len + FDT_TAGSIZE - 1) & ~(uint32_t)(FDT_TAGSIZE - 1);
}

/* A tree under construction (a finished one is BADSTATE) */
static int fdt_sw_probe(const void *fdt)
{
	if (fdt_magic(fdt) == FDT_MAGIC)
		return -FDT_ERR_BADSTATE;
	if (fdt_magic(fdt) != FDT_SW_MAGIC)
		return -FDT_ERR_BADMAGIC;
	return 0;
}

/* ...that still takes memory reservations */
static int fdt_sw_probe_rsv(const void *fdt)
{
	int err = fdt_sw_probe(fdt);

	if (!err && fdt_off_dt_strings(fdt))
		err = -FDT_ERR_BADSTATE;
	return err;
}

/* ...that has finished its reservations and takes nodes */
static int fdt_sw_probe_struct(const void *fdt)
{
	int err = fdt_sw_probe(fdt);

	if (!err && fdt_off_dt_strings(fdt) != fdt_totalsize(fdt))
		err = -FDT_ERR_BADSTATE;
	return err;
}

int fdt_create_with_flags(void *buf, int bufsize, uint32_t flags)
{
	/* libfdt compares a negative bufsize as a huge size_t, then clears it */
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
	fdt_set_off_dt_strings(buf, 0);
	return 0;
}

int fdt_create(void *buf, int bufsize)
{
	return fdt_create_with_flags(buf, bufsize, 0);
}

int fdt_resize(void *fdt, void *buf, int bufsize)
{
	uint64_t head, tail;
	char *oldtail, *newtail;
	int err = fdt_sw_probe(fdt);

	if (err)
		return err;
	if (bufsize < 0)
		return -FDT_ERR_NOSPACE;
	head = (uint64_t)fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt);
	tail = fdt_size_dt_strings(fdt);
	if (head + tail > fdt_totalsize(fdt))
		return -FDT_ERR_INTERNAL;
	if (head + tail > (uint64_t)bufsize)
		return -FDT_ERR_NOSPACE;

	oldtail = (char *)fdt + fdt_totalsize(fdt) - tail;
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
	if (fdt_off_dt_strings(buf))
		fdt_set_off_dt_strings(buf, (uint32_t)bufsize);
	return 0;
}

int fdt_add_reservemap_entry(void *fdt, uint64_t addr, uint64_t size)
{
	uint32_t off = fdt_off_dt_struct(fdt);
	int err = fdt_sw_probe_rsv(fdt);

	if (err)
		return err;
	if ((uint64_t)off + sizeof(struct fdt_reserve_entry) > fdt_totalsize(fdt))
		return -FDT_ERR_NOSPACE;
	fdt64_st((char *)fdt + off, addr);
	fdt64_st((char *)fdt + off + sizeof(fdt64_t), size);
	fdt_set_off_dt_struct(fdt, off + sizeof(struct fdt_reserve_entry));
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
static void *fdt_sw_grab(void *fdt, uint32_t len)
{
	uint32_t used = fdt_size_dt_struct(fdt);
	/* as libfdt, in 32 bits: only fdt_resize() could make this wrap */
	uint32_t room = fdt_totalsize(fdt) - fdt_off_dt_struct(fdt) -
			fdt_size_dt_strings(fdt);

	if ((uint64_t)used + len > room)
		return NULL;
	fdt_set_size_dt_struct(fdt, used + len);
	return (char *)fdt + fdt_off_dt_struct(fdt) + used;
}

/* A tag and len bytes after it (returned) in a tree that takes nodes */
static char *fdt_sw_add_tag(void *fdt, uint32_t tag, uint32_t len, int *err)
{
	char *p;

	*err = fdt_sw_probe_struct(fdt);
	if (*err)
		return NULL;
	p = fdt_sw_grab(fdt, FDT_TAGSIZE + len);
	if (!p) {
		*err = -FDT_ERR_NOSPACE;
		return NULL;
	}
	fdt32_st(p, tag);
	return p + FDT_TAGSIZE;
}

int fdt_begin_node(void *fdt, const char *name)
{
	uint32_t namelen = (uint32_t)strlen(name) + 1;
	int err;
	char *p = fdt_sw_add_tag(fdt, FDT_BEGIN_NODE, fdt_tagalign(namelen),
				 &err);

	/* padding is left as it is: zero from fdt_create() */
	if (p)
		memcpy(p, name, namelen);
	return err;
}

int fdt_end_node(void *fdt)
{
	int err;

	fdt_sw_add_tag(fdt, FDT_END_NODE, 0, &err);
	return err;
}

/* s in the strings block (from its lowest, newest byte), or NULL */
static const char *fdt_sw_find_string(const void *fdt, const char *s,
				      uint32_t len)
{
	uint32_t size = fdt_size_dt_strings(fdt);
	const char *low = (const char *)fdt + fdt_totalsize(fdt) - size;

	/* a match may be the tail of a longer name: "name" in "my-name" */
	for (uint32_t i = 0; len <= size && i <= size - len; i++)
		if (!memcmp(low + i, s, len))
			return low + i;
	return NULL;
}

/* Add s (len bytes with its NUL) below the strings: its nameoff, or 0 */
static int fdt_sw_add_string(void *fdt, const char *s, uint32_t len)
{
	uint32_t total = fdt_totalsize(fdt);
	uint32_t size = fdt_size_dt_strings(fdt);
	uint32_t top = fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt);

	/* libfdt wraps when s is longer than the buffer and writes below it */
	if ((uint64_t)size + len > total || total - size - len < top)
		return 0;
	size += len;
	memcpy((char *)fdt + total - size, s, len);
	fdt_set_size_dt_strings(fdt, size);
	return -(int)size;
}

int fdt_property_placeholder(void *fdt, const char *name, int len, void **valp)
{
	uint32_t namelen = (uint32_t)strlen(name) + 1;
	const char *found = NULL;
	char *p;
	int nameoff;
	int err = fdt_sw_probe_struct(fdt);

	if (err)
		return err;
	/* libfdt grabs a wrapped size for it and writes a corrupt property */
	if (len < 0)
		return -FDT_ERR_BADVALUE;
	if (!(fdt_last_comp_version(fdt) & FDT_CREATE_FLAG_NO_NAME_DEDUP))
		found = fdt_sw_find_string(fdt, name, namelen);
	if (found)
		nameoff = -(int)((const char *)fdt + fdt_totalsize(fdt) - found);
	else
		nameoff = fdt_sw_add_string(fdt, name, namelen);
	if (!nameoff)
		return -FDT_ERR_NOSPACE;

	p = fdt_sw_grab(fdt, 3 * FDT_TAGSIZE + fdt_tagalign((uint32_t)len));
	if (!p) {
		/* take back the name just added */
		if (!found)
			fdt_set_size_dt_strings(fdt, fdt_size_dt_strings(fdt) -
						     namelen);
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
	uint32_t strsize = fdt_size_dt_strings(fdt), tag, newstr;
	int offset = 0, next = 0;
	char *p;
	int err;

	fdt_sw_add_tag(fdt, FDT_END, 0, &err);
	if (err)
		return err;

	newstr = fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt);
	memmove((char *)fdt + newstr,
		(char *)fdt + fdt_totalsize(fdt) - strsize, strsize);
	fdt_set_off_dt_strings(fdt, newstr);

	/* nameoffs counted back from the old end now count from newstr */
	while ((tag = fdt_next_tag(fdt, offset, &next)) != FDT_END) {
		if (tag == FDT_PROP) {
			p = fdt_offset_ptr_w(fdt, offset, 3 * FDT_TAGSIZE);
			fdt32_st(p + 2 * FDT_TAGSIZE,
				 fdt32_ld((fdt32_t *)(void *)(p + 2 * FDT_TAGSIZE)) +
				 strsize);
		}
		offset = next;
	}
	if (next < 0)
		return next;

	fdt_set_totalsize(fdt, newstr + strsize);
	fdt_set_last_comp_version(fdt, FDT_LAST_COMPATIBLE_VERSION);
	fdt_set_magic(fdt, FDT_MAGIC);
	return 0;
}
