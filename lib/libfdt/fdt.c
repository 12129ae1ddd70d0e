// SPDX-License-Identifier: MIT
/*
 * Vireo's libfdt: the header checks, the structure block's tags and the
 * walk from node to node.
 *
 * The blob is hostile input. Every access goes through fdt_offset_ptr(),
 * which bounds it by totalsize (and by size_dt_struct from v17), and
 * offsets are computed in uint32_t: libfdt does the same sums in int and
 * unsigned int, and matching its results on corrupt blobs means
 * wrapping exactly where it does, without the undefined behaviour.
 */
#include <vireo/string.h>
#include "fdt_internal.h"

size_t fdt_header_size_(uint32_t version)
{
	if (version <= 1)
		return FDT_V1_SIZE;
	if (version <= 2)
		return FDT_V2_SIZE;
	if (version <= 3)
		return FDT_V3_SIZE;
	if (version <= 16)
		return FDT_V16_SIZE;
	return FDT_V17_SIZE;
}

size_t fdt_header_size(const void *fdt)
{
	return fdt_header_size_(fdt_version(fdt));
}

uintptr_t fdt_limit_(const void *fdt)
{
	uint32_t total = fdt_totalsize(fdt);

	return total > sizeof(struct fdt_header) ? total :
		sizeof(struct fdt_header);
}

uint8_t fdt_byte_(const void *fdt, uintptr_t i)
{
	return i < fdt_limit_(fdt) ? ((const uint8_t *)fdt)[i] : 0xff;
}

/* [base, base + size) within [hdrsize, totalsize], without wrapping */
static bool fdt_block_ok(uint32_t hdrsize, uint32_t total, uint32_t base,
			 uint32_t size)
{
	if (base < hdrsize || base > total)
		return false;
	return base + size >= base && base + size <= total;
}

static bool fdt_off_ok(uint32_t hdrsize, uint32_t total, uint32_t off)
{
	return off >= hdrsize && off <= total;
}

int fdt_check_header(const void *fdt)
{
	uint32_t version, total, hdrsize;

	if ((uintptr_t)fdt & 7)
		return -FDT_ERR_ALIGNMENT;
	if (fdt_magic(fdt) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	version = fdt_version(fdt);
	if (version < FDT_FIRST_SUPPORTED_VERSION ||
	    fdt_last_comp_version(fdt) > FDT_LAST_SUPPORTED_VERSION ||
	    version < fdt_last_comp_version(fdt))
		return -FDT_ERR_BADVERSION;

	hdrsize = (uint32_t)fdt_header_size_(version);
	total = fdt_totalsize(fdt);
	if (total < hdrsize || total > INT32_MAX)
		return -FDT_ERR_TRUNCATED;
	if (!fdt_off_ok(hdrsize, total, fdt_off_mem_rsvmap(fdt)))
		return -FDT_ERR_TRUNCATED;
	/* size_dt_struct exists from v17 only */
	if (version < 17) {
		if (!fdt_off_ok(hdrsize, total, fdt_off_dt_struct(fdt)))
			return -FDT_ERR_TRUNCATED;
	} else if (!fdt_block_ok(hdrsize, total, fdt_off_dt_struct(fdt),
				 fdt_size_dt_struct(fdt))) {
		return -FDT_ERR_TRUNCATED;
	}
	if (!fdt_block_ok(hdrsize, total, fdt_off_dt_strings(fdt),
			  fdt_size_dt_strings(fdt)))
		return -FDT_ERR_TRUNCATED;
	return 0;
}

/*
 * The lighter check every read-only lookup starts with. Like libfdt it
 * also accepts a sequential-write blob (FDT_SW_MAGIC) and does not look
 * at the block offsets: the accessors bound-check those themselves.
 */
int fdt_ro_check_(const void *fdt)
{
	uint32_t total = fdt_totalsize(fdt);

	if ((uintptr_t)fdt & 7)
		return -FDT_ERR_ALIGNMENT;
	if (fdt_magic(fdt) == FDT_MAGIC) {
		if (fdt_version(fdt) < FDT_FIRST_SUPPORTED_VERSION ||
		    fdt_last_comp_version(fdt) > FDT_LAST_SUPPORTED_VERSION)
			return -FDT_ERR_BADVERSION;
	} else if (fdt_magic(fdt) == FDT_SW_MAGIC) {
		if (fdt_size_dt_struct(fdt) == 0)
			return -FDT_ERR_BADSTATE;
	} else {
		return -FDT_ERR_BADMAGIC;
	}
	return total < INT32_MAX ? (int)total : -FDT_ERR_TRUNCATED;
}

const void *fdt_offset_ptr(const void *fdt, int offset, unsigned int len)
{
	uint32_t uoff = (uint32_t)offset;
	uint32_t abs = uoff + fdt_off_dt_struct(fdt);

	if (offset < 0)
		return NULL;
	if (abs < uoff || abs + len < abs || abs + len > fdt_totalsize(fdt))
		return NULL;
	if (fdt_version(fdt) >= 17 &&
	    (uoff + len < uoff || uoff + len > fdt_size_dt_struct(fdt)))
		return NULL;
	return (const char *)fdt + abs;
}

/*
 * How many bytes from structure offset off on fdt_offset_ptr() accepts
 * one at a time (libfdt scans a node name byte by byte; offsets stop at
 * INT_MAX because it counts them in an int).
 */
static uint32_t fdt_struct_room(const void *fdt, uint32_t off)
{
	uint32_t abs = off + fdt_off_dt_struct(fdt);
	uint32_t total = fdt_totalsize(fdt), room;

	if (off > INT32_MAX || abs < off || abs >= total)
		return 0;
	room = total - abs;
	if (fdt_version(fdt) >= 17) {
		if (off >= fdt_size_dt_struct(fdt))
			return 0;
		if (fdt_size_dt_struct(fdt) - off < room)
			room = fdt_size_dt_struct(fdt) - off;
	}
	if ((uint32_t)INT32_MAX - off + 1 < room)
		room = (uint32_t)INT32_MAX - off + 1;
	return room;
}

uint32_t fdt_next_tag(const void *fdt, int startoffset, int *nextoffset)
{
	uint32_t start = (uint32_t)startoffset, off, tag, len, room;
	const char *p, *nul;

	*nextoffset = -FDT_ERR_TRUNCATED;
	p = fdt_offset_ptr(fdt, startoffset, FDT_TAGSIZE);
	if (!p)
		return FDT_END;
	tag = fdt32_ld((const fdt32_t *)(const void *)p);
	off = start + FDT_TAGSIZE;

	*nextoffset = -FDT_ERR_BADSTRUCTURE;
	switch (tag) {
	case FDT_BEGIN_NODE:
		room = fdt_struct_room(fdt, off);
		if (!room)
			return FDT_END;
		p = fdt_offset_ptr(fdt, (int)off, room);
		nul = memchr(p, '\0', room);
		if (!nul)
			return FDT_END;
		off += (uint32_t)(nul - p) + 1;
		break;
	case FDT_PROP:
		p = fdt_offset_ptr(fdt, fdt_int_(off), sizeof(fdt32_t));
		if (!p)
			return FDT_END;
		len = fdt32_ld((const fdt32_t *)(const void *)p);
		/*
		 * libfdt adds len in 32 bits: a huge len wraps to a short
		 * step, which the range check below accepts, and callers
		 * then see the length as a negative int.
		 */
		off += 2 * sizeof(fdt32_t) + len;
		/* before v16, values of 8 bytes or more were 8-aligned */
		if (fdt_version(fdt) < 16 && len >= 8 && (off - len) % 8)
			off += 4;
		break;
	case FDT_END:
	case FDT_END_NODE:
	case FDT_NOP:
		break;
	default:
		return FDT_END;
	}

	if (!fdt_offset_ptr(fdt, startoffset, off - start))
		return FDT_END;
	off = (off + FDT_TAGSIZE - 1) & ~(uint32_t)(FDT_TAGSIZE - 1);
	/*
	 * A property whose length wraps the step to zero: libfdt returns
	 * this same offset as the next one, and every walk over it loops
	 * for ever. Call it corrupt instead.
	 */
	if (off == start)
		return FDT_END;
	*nextoffset = fdt_int_(off);
	return tag;
}

static int fdt_tag_end(const void *fdt, int offset, uint32_t want)
{
	int next;

	if (offset < 0 || offset % FDT_TAGSIZE)
		return -FDT_ERR_BADOFFSET;
	if (fdt_next_tag(fdt, offset, &next) != want)
		return -FDT_ERR_BADOFFSET;
	return next;
}

int fdt_node_end_(const void *fdt, int offset)
{
	return fdt_tag_end(fdt, offset, FDT_BEGIN_NODE);
}

int fdt_prop_end_(const void *fdt, int offset)
{
	return fdt_tag_end(fdt, offset, FDT_PROP);
}

/* A negative offset starts at the root, which is then returned itself. */
int fdt_next_node(const void *fdt, int offset, int *depth)
{
	int next = 0;
	uint32_t tag;

	if (offset >= 0) {
		next = fdt_node_end_(fdt, offset);
		if (next < 0)
			return next;
	}

	for (;;) {
		offset = next;
		tag = fdt_next_tag(fdt, offset, &next);
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth)
				(*depth)++;
			return offset;
		case FDT_END_NODE:
			/* left the subtree we started in */
			if (depth && --(*depth) < 0)
				return next;
			break;
		case FDT_END:
			/* a clean end, or running off it when not counting */
			if (next >= 0 ||
			    (next == -FDT_ERR_TRUNCATED && !depth))
				return -FDT_ERR_NOTFOUND;
			return next;
		default:	/* FDT_PROP, FDT_NOP */
			break;
		}
	}
}

int fdt_first_subnode(const void *fdt, int offset)
{
	int depth = 0;

	offset = fdt_next_node(fdt, offset, &depth);
	if (offset < 0 || depth != 1)
		return -FDT_ERR_NOTFOUND;
	return offset;
}

int fdt_next_subnode(const void *fdt, int offset)
{
	int depth = 1;

	/* skip the previous subnode's own subtree */
	do {
		offset = fdt_next_node(fdt, offset, &depth);
		if (offset < 0 || depth < 1)
			return -FDT_ERR_NOTFOUND;
	} while (depth > 1);
	return offset;
}
