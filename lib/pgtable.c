// SPDX-License-Identifier: MIT
/*
 * The page-table engine (vireo/pgtable.h). Formats, which know the bits of
 * an entry, are in pgtable_fmt_*.c; this file only knows levels.
 *
 * Invariant kept by every operation: a table below the root holds at
 * least one valid entry (unmap frees tables it empties). Map relies on it
 * to undo itself: after checking that the range is free, whatever it
 * finds there on the way back was put there by itself.
 */
#include <vireo/errno.h>
#include <vireo/pgtable.h>

/* Single 64-bit accesses: a walker may read the entry at any time. */
static uint64_t pte_read(const uint64_t *p)
{
	return *(const volatile uint64_t *)p;
}

static void pte_write(uint64_t *p, uint64_t v)
{
	*(volatile uint64_t *)p = v;
}

static unsigned int last_level(const struct pgtable_format *f)
{
	return f->levels - 1U;
}

/* log2 of the bytes one entry of level l maps */
static unsigned int level_shift(const struct pgtable_format *f, unsigned int l)
{
	unsigned int s = PAGE_SHIFT;

	while (++l < f->levels)
		s += f->idx_bits[l];
	return s;
}

static unsigned int ia_bits(const struct pgtable_format *f)
{
	return level_shift(f, 0) + f->idx_bits[0];
}

static size_t entries(const struct pgtable_format *f, unsigned int l)
{
	return (size_t)1 << f->idx_bits[l];
}

static unsigned int table_pages(const struct pgtable_format *f,
				unsigned int l)
{
	size_t bytes = entries(f, l) * sizeof(uint64_t);

	return bytes <= PAGE_SIZE ? 1 : (unsigned int)(bytes / PAGE_SIZE);
}

static size_t index_of(const struct pgtable_format *f, unsigned int l,
		       uint64_t ia)
{
	return (size_t)(ia >> level_shift(f, l)) & (entries(f, l) - 1);
}

/* index_of() for a walk that knows level l's shift already */
static size_t index_at(const struct pgtable_format *f, unsigned int l,
		       unsigned int shift, uint64_t ia)
{
	return (size_t)(ia >> shift) & (entries(f, l) - 1);
}

/* An entry's kind; invalid entries are all written as 0, and 0 decodes
 * as nothing in every format, so it needs no call to the format. */
static enum pgtable_pte decode(const struct pgtable_format *f, uint64_t v,
			       bool last, paddr_t *pa, unsigned int *attr)
{
	return v ? f->decode(v, last, pa, attr) : PGTABLE_PTE_NONE;
}

static uint64_t *table_ptr(const struct pgtable *pt, paddr_t pa)
{
	return pt->mm->phys_to_virt(pt->ctx, pa);
}

static int table_alloc(const struct pgtable *pt, unsigned int pages,
		       paddr_t *pa)
{
	paddr_t p;

	if (pt->mm->alloc(pt->ctx, pages, &p))
		return -ENOMEM;
	/* a misaligned table would be walked at the wrong address */
	if (p & ((uint64_t)pages * PAGE_SIZE - 1)) {
		pt->mm->free(pt->ctx, p, pages);
		return -EINVAL;
	}
	*pa = p;
	return 0;
}

/* May level l hold a leaf in this table? */
static bool leaf_ok(const struct pgtable *pt, unsigned int l)
{
	const struct pgtable_format *f = pt->fmt;

	if (l == last_level(f))
		return true;
	if (!(f->block_levels & (1U << l)))
		return false;
	return !(pt->flags & PGTABLE_F_MAX_2M) || level_shift(f, l) <= 21;
}

/*
 * Input address va as an offset into the tables: the upper canonical
 * half of a sign-extended format folds onto the top of the index space.
 * *limit: where a range starting at *ia must end (the end of its half).
 */
static int fold(const struct pgtable_format *f, uint64_t va, uint64_t *ia,
		uint64_t *limit)
{
	uint64_t top = 1ULL << ia_bits(f);
	uint64_t half = top >> 1;

	if (!f->sign_extend) {
		if (va >= top)
			return -ERANGE;
		*ia = va;
		*limit = top;
	} else if (va < half) {
		*ia = va;
		*limit = half;
	} else if (va >= 0 - half) {
		*ia = va & (top - 1);
		*limit = top;
	} else {
		return -ERANGE;		/* not canonical */
	}
	return 0;
}

static uint64_t unfold(const struct pgtable_format *f, uint64_t ia)
{
	unsigned int bits = ia_bits(f);

	if (f->sign_extend && (ia >> (bits - 1)) & 1)
		return ia | ~((1ULL << bits) - 1);
	return ia;
}

static int check_range(const struct pgtable *pt, uint64_t va, uint64_t size,
		       uint64_t *ia)
{
	uint64_t limit;
	int ret;

	if (!size || ((va | size) & (PAGE_SIZE - 1)))
		return -EINVAL;
	ret = fold(pt->fmt, va, ia, &limit);
	if (ret)
		return ret;
	return size > limit - *ia ? -ERANGE : 0;
}

static int check_attr(const struct pgtable_format *f, unsigned int attr)
{
	unsigned int rwx = attr & (PGTABLE_R | PGTABLE_W | PGTABLE_X);

	if ((attr & ~rwx & ~f->attr_ok) || !(f->perm_ok & (1U << rwx)))
		return -EINVAL;
	return 0;
}

/* Write an entry that replaces a valid one of another size. */
static void replace(const struct pgtable *pt, uint64_t *e, uint64_t val,
		    uint64_t ia, unsigned int shift)
{
	if (pt->mm->break_before_make) {
		pte_write(e, 0);
		pt->mm->break_before_make(pt->ctx, unfold(pt->fmt, ia),
					  1ULL << shift);
	}
	pte_write(e, val);
}

/* Free a table of level l and the tables below it (not what leaves map). */
static void free_tree(const struct pgtable *pt, paddr_t table, unsigned int l)
{
	const struct pgtable_format *f = pt->fmt;
	const uint64_t *t = table_ptr(pt, table);
	unsigned int attr;
	paddr_t pa;

	if (l < last_level(f))
		for (size_t i = 0; i < entries(f, l); i++)
			if (f->decode(pte_read(&t[i]), false, &pa, &attr) ==
			    PGTABLE_PTE_TABLE)
				free_tree(pt, pa, l + 1);
	pt->mm->free(pt->ctx, table, table_pages(f, l));
}

static bool table_empty(const struct pgtable *pt, paddr_t table,
			unsigned int l)
{
	const uint64_t *t = table_ptr(pt, table);

	/* invalid entries are all written as 0 */
	for (size_t i = 0; i < entries(pt->fmt, l); i++)
		if (pte_read(&t[i]))
			return false;
	return true;
}

enum range_op {
	CHECK_FREE,	/* -EEXIST if anything is mapped */
	CHECK_FULL,	/* -ENOENT if anything is not mapped */
	CLEAR,		/* unmap leaves, free tables left empty */
	PROTECT,	/* set permissions of leaves */
};

/*
 * Apply op to [ia, end) below the level-l table. CLEAR and PROTECT change
 * whole leaves: blocks the range covers in part must be split before.
 */
static int range_walk(const struct pgtable *pt, paddr_t table, unsigned int l,
		      uint64_t ia, uint64_t end, enum range_op op,
		      unsigned int perm)
{
	const struct pgtable_format *f = pt->fmt;
	unsigned int shift = level_shift(f, l);
	bool last = l == last_level(f);
	uint64_t *t = table_ptr(pt, table);

	while (ia < end) {
		uint64_t next = ((ia >> shift) + 1) << shift;
		uint64_t *e = &t[index_at(f, l, shift, ia)];
		unsigned int attr;
		paddr_t pa;
		int ret;

		if (next > end)
			next = end;
		switch (decode(f, pte_read(e), last, &pa, &attr)) {
		case PGTABLE_PTE_TABLE:
			ret = range_walk(pt, pa, l + 1, ia, next, op, perm);
			if (ret)
				return ret;
			if (op == CLEAR && table_empty(pt, pa, l + 1)) {
				pte_write(e, 0);
				pt->mm->free(pt->ctx, pa, 1);
			}
			break;
		case PGTABLE_PTE_LEAF:
			if (op == CHECK_FREE)
				return -EEXIST;
			if (op == CLEAR)
				pte_write(e, 0);
			if (op == PROTECT)
				pte_write(e, f->mk_leaf(pa,
						(attr & PGTABLE_DEVICE) | perm,
						last, pt->flags));
			break;
		default:
			if (op == CHECK_FULL)
				return -ENOENT;
			break;
		}
		ia = next;
	}
	return 0;
}

/* Fill [ia, end) below the level-l table; the range is known free. */
static int map_walk(const struct pgtable *pt, paddr_t table, unsigned int l,
		    uint64_t ia, uint64_t end, paddr_t pa, unsigned int attr)
{
	const struct pgtable_format *f = pt->fmt;
	unsigned int shift = level_shift(f, l);
	uint64_t size = 1ULL << shift;
	bool last = l == last_level(f), leaf = leaf_ok(pt, l);
	uint64_t *t = table_ptr(pt, table);

	if (last) {	/* pages, all free (checked): one leaf each */
		uint64_t *e = &t[index_at(f, l, shift, ia)];

		for (; ia < end; ia += size, pa += size)
			pte_write(e++, f->mk_leaf(pa, attr, true, pt->flags));
		return 0;
	}
	while (ia < end) {
		uint64_t next = ((ia >> shift) + 1) << shift;
		uint64_t *e = &t[index_at(f, l, shift, ia)];
		enum pgtable_pte kind;
		unsigned int old_attr;
		paddr_t child;
		int ret;

		if (next > end)
			next = end;
		kind = decode(f, pte_read(e), last, &child, &old_attr);
		if (kind == PGTABLE_PTE_NONE && next - ia == size &&
		    !(pa & (size - 1)) && leaf) {
			pte_write(e, f->mk_leaf(pa, attr, last, pt->flags));
		} else {
			/* not a leaf: the range was checked free */
			if (kind == PGTABLE_PTE_NONE) {
				ret = table_alloc(pt, 1, &child);
				if (ret)
					return ret;
				pte_write(e, f->mk_table(child));
			}
			ret = map_walk(pt, child, l + 1, ia, next, pa, attr);
			if (ret)
				return ret;
		}
		pa += next - ia;
		ia = next;
	}
	return 0;
}

/* What split_at() changed, to put it back. */
struct split_undo {
	uint64_t *pte;		/* entry that held the block; NULL: nothing */
	uint64_t old;		/* the block entry */
	paddr_t table;		/* the table that replaced it */
	unsigned int level;	/* level of pte */
	uint64_t ia;		/* start of the block */
};

static void split_undo(const struct pgtable *pt, const struct split_undo *u)
{
	if (!u->pte)
		return;
	replace(pt, u->pte, u->old, u->ia, level_shift(pt->fmt, u->level));
	free_tree(pt, u->table, u->level + 1);
}

/* Fill the new level-l table with the leaves that together map what the
 * leaf (pa, attr) of the level above did. */
static void fill_split(const struct pgtable *pt, paddr_t table, unsigned int l,
		       paddr_t pa, unsigned int attr)
{
	const struct pgtable_format *f = pt->fmt;
	unsigned int shift = level_shift(f, l);
	bool last = l == last_level(f);
	uint64_t *t = table_ptr(pt, table);

	for (size_t i = 0; i < entries(f, l); i++)
		pte_write(&t[i], f->mk_leaf(pa + ((uint64_t)i << shift), attr,
					    last, pt->flags));
}

/*
 * Make ia a boundary between leaves: split the blocks that contain it
 * (and do not start there) into tables of the next smaller leaves, with
 * the same output addresses and attributes, down to the level where ia
 * is aligned. All or nothing.
 */
static int split_at(const struct pgtable *pt, uint64_t ia,
		    struct split_undo *u)
{
	const struct pgtable_format *f = pt->fmt;
	paddr_t table = pt->root;

	u->pte = NULL;
	for (unsigned int l = 0; l < last_level(f); l++) {
		unsigned int shift = level_shift(f, l);
		uint64_t base = ia & ~((1ULL << shift) - 1);
		uint64_t *e = &table_ptr(pt, table)[index_of(f, l, ia)];
		uint64_t old = pte_read(e);
		unsigned int attr;
		paddr_t pa, nt;
		int ret;

		if (ia == base)
			return 0;
		switch (f->decode(old, false, &pa, &attr)) {
		case PGTABLE_PTE_NONE:
			return 0;
		case PGTABLE_PTE_LEAF:
			ret = table_alloc(pt, 1, &nt);
			if (ret) {
				split_undo(pt, u);
				return ret;
			}
			fill_split(pt, nt, l + 1, pa, attr);
			if (!u->pte)
				*u = (struct split_undo){ e, old, nt, l, base };
			replace(pt, e, f->mk_table(nt), base, shift);
			pa = nt;
			break;
		default:
			break;
		}
		table = pa;
	}
	return 0;
}

/* Split so that [ia, end) starts and ends on leaf boundaries. */
static int split_edges(const struct pgtable *pt, uint64_t ia, uint64_t end)
{
	struct split_undo first, second;
	int ret;

	ret = split_at(pt, ia, &first);
	if (ret)
		return ret;
	ret = split_at(pt, end, &second);
	if (ret)
		split_undo(pt, &first);
	return ret;
}

size_t pgtable_root_size(const struct pgtable_format *fmt)
{
	return (size_t)table_pages(fmt, 0) * PAGE_SIZE;
}

int pgtable_init(struct pgtable *pt, const struct pgtable_format *fmt,
		 const struct pgtable_mm_ops *mm, void *ctx,
		 unsigned int flags)
{
	if (flags & ~(PGTABLE_F_MAX_2M | PGTABLE_F_SVPBMT))
		return -EINVAL;
	pt->fmt = fmt;
	pt->mm = mm;
	pt->ctx = ctx;
	pt->flags = flags;
	return table_alloc(pt, table_pages(fmt, 0), &pt->root);
}

int pgtable_map(struct pgtable *pt, uint64_t va, paddr_t pa, uint64_t size,
		unsigned int attr)
{
	const struct pgtable_format *f = pt->fmt;
	uint64_t ia;
	int ret;

	ret = check_range(pt, va, size, &ia);
	if (ret)
		return ret;
	if (pa & (PAGE_SIZE - 1))
		return -EINVAL;
	ret = check_attr(f, attr);
	if (ret)
		return ret;
	if (pa >> f->oa_bits || size > (1ULL << f->oa_bits) - pa)
		return -ERANGE;

	ret = range_walk(pt, pt->root, 0, ia, ia + size, CHECK_FREE, 0);
	if (ret)
		return ret;
	ret = map_walk(pt, pt->root, 0, ia, ia + size, pa, attr);
	if (ret)
		/* only this call's leaves and tables are in the range */
		range_walk(pt, pt->root, 0, ia, ia + size, CLEAR, 0);
	return ret;
}

int pgtable_unmap(struct pgtable *pt, uint64_t va, uint64_t size)
{
	uint64_t ia;
	int ret;

	ret = check_range(pt, va, size, &ia);
	if (ret)
		return ret;
	ret = split_edges(pt, ia, ia + size);
	if (ret)
		return ret;
	return range_walk(pt, pt->root, 0, ia, ia + size, CLEAR, 0);
}

int pgtable_protect(struct pgtable *pt, uint64_t va, uint64_t size,
		    unsigned int perm)
{
	uint64_t ia;
	int ret;

	if (perm & ~PGTABLE_PERM)
		return -EINVAL;
	ret = check_attr(pt->fmt, perm);
	if (ret)
		return ret;
	ret = check_range(pt, va, size, &ia);
	if (ret)
		return ret;
	ret = range_walk(pt, pt->root, 0, ia, ia + size, CHECK_FULL, 0);
	if (ret)
		return ret;
	ret = split_edges(pt, ia, ia + size);
	if (ret)
		return ret;
	return range_walk(pt, pt->root, 0, ia, ia + size, PROTECT, perm);
}

int pgtable_translate(const struct pgtable *pt, uint64_t va, paddr_t *pa,
		      unsigned int *attr, uint64_t *leaf_size)
{
	const struct pgtable_format *f = pt->fmt;
	paddr_t table = pt->root;
	uint64_t ia, limit;
	int ret;

	ret = fold(f, va, &ia, &limit);
	if (ret)
		return ret;
	for (unsigned int l = 0; l <= last_level(f); l++) {
		uint64_t size = 1ULL << level_shift(f, l);
		uint64_t e = pte_read(&table_ptr(pt, table)[index_of(f, l, ia)]);
		unsigned int a;
		paddr_t out;

		switch (f->decode(e, l == last_level(f), &out, &a)) {
		case PGTABLE_PTE_TABLE:
			table = out;
			break;
		case PGTABLE_PTE_LEAF:
			if (pa)
				*pa = out + (ia & (size - 1));
			if (attr)
				*attr = a;
			if (leaf_size)
				*leaf_size = size;
			return 0;
		default:
			return -ENOENT;
		}
	}
	return -ENOENT;
}

void pgtable_free(struct pgtable *pt)
{
	free_tree(pt, pt->root, 0);
	pt->root = 0;
}
