// SPDX-License-Identifier: MIT
/* Sorted, merged physical range sets (see include/vireo/memmap.h). */
#include <vireo/errno.h>
#include <vireo/memmap.h>
#include <vireo/string.h>

/* End of a range, saturated so ranges reaching the top of the address
 * space do not wrap. */
static paddr_t end_of(paddr_t base, uint64_t size)
{
	return size > ~(paddr_t)0 - base ? ~(paddr_t)0 : base + size;
}

static void remove_at(struct memmap *m, int i)
{
	memmove(&m->r[i], &m->r[i + 1], (size_t)(m->count - i - 1) * sizeof(m->r[0]));
	m->count--;
}

static int insert_at(struct memmap *m, int i, paddr_t base, paddr_t end)
{
	if (m->count == MEMMAP_MAX)
		return -ENOSPC;
	memmove(&m->r[i + 1], &m->r[i], (size_t)(m->count - i) * sizeof(m->r[0]));
	m->r[i].base = base;
	m->r[i].size = end - base;
	m->count++;
	return 0;
}

int memmap_add(struct memmap *m, paddr_t base, uint64_t size)
{
	paddr_t end = end_of(base, size);
	int i = 0;

	if (!size)
		return 0;
	while (i < m->count && end_of(m->r[i].base, m->r[i].size) < base)
		i++;
	/* absorb every range that overlaps or touches [base, end) */
	while (i < m->count && m->r[i].base <= end) {
		paddr_t rend = end_of(m->r[i].base, m->r[i].size);

		if (m->r[i].base < base)
			base = m->r[i].base;
		if (rend > end)
			end = rend;
		remove_at(m, i);
	}
	return insert_at(m, i, base, end);
}

int memmap_remove(struct memmap *m, paddr_t base, uint64_t size)
{
	paddr_t end = end_of(base, size);

	if (!size)
		return 0;
	for (int i = 0; i < m->count; i++) {
		paddr_t rbase = m->r[i].base, rend = end_of(rbase, m->r[i].size);

		if (rend <= base || rbase >= end)
			continue;
		if (rbase < base && rend > end) {	/* split in two */
			m->r[i].size = base - rbase;
			return insert_at(m, i + 1, end, rend);
		}
		if (rbase < base) {
			m->r[i].size = base - rbase;
		} else if (rend > end) {
			m->r[i].base = end;
			m->r[i].size = rend - end;
		} else {
			remove_at(m, i--);
		}
	}
	return 0;
}

uint64_t memmap_total(const struct memmap *m)
{
	uint64_t total = 0;

	for (int i = 0; i < m->count; i++)
		total += m->r[i].size;
	return total;
}

bool memmap_contains(const struct memmap *m, paddr_t base, uint64_t size)
{
	paddr_t end = end_of(base, size);

	for (int i = 0; i < m->count; i++)
		if (base >= m->r[i].base && end <= end_of(m->r[i].base, m->r[i].size))
			return true;
	return false;
}
