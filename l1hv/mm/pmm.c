/* SPDX-License-Identifier: MIT */
#include "l1hv/mm/pmm.h"

static void pmm_set(struct pmm *p, uint64_t pg, int used)
{
	uint64_t bit = 1ull << (pg % 64);

	if (used && !(p->bitmap[pg / 64] & bit)) {
		p->bitmap[pg / 64] |= bit;
		p->free_pages--;
	} else if (!used && (p->bitmap[pg / 64] & bit)) {
		p->bitmap[pg / 64] &= ~bit;
		p->free_pages++;
	}
}

void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t npages)
{
	p->bitmap = bitmap;
	p->npages = npages;
	p->free_pages = 0;
	p->hint = 1;
	p->probes = 0;
	for (uint64_t i = 0; i < (npages + 63) / 64; i++)
		bitmap[i] = ~0ull;
}

void pmm_release(struct pmm *p, uint64_t addr, uint64_t len)
{
	uint64_t first = (addr + PMM_PAGE_SIZE - 1) / PMM_PAGE_SIZE;
	uint64_t end = (addr + len < addr) ? ~0ull / PMM_PAGE_SIZE : (addr + len) / PMM_PAGE_SIZE;

	if (first == 0)
		first = 1;     /* page 0 stays reserved: 0 means failure */
	for (uint64_t pg = first; pg < end && pg < p->npages; pg++)
		pmm_set(p, pg, 0);
	if (first < p->hint)
		p->hint = first;
}

void pmm_reserve(struct pmm *p, uint64_t addr, uint64_t len)
{
	uint64_t first = addr / PMM_PAGE_SIZE;
	uint64_t last = (addr + len < addr) ? ~0ull : addr + len;

	if (!len)
		return;
	last = (last + PMM_PAGE_SIZE - 1) / PMM_PAGE_SIZE;
	for (uint64_t pg = first; pg < last && pg < p->npages; pg++)
		pmm_set(p, pg, 1);
}

/*
 * The first page in [pg, end) whose bit equals want (1 = used), or end.
 * Whole words that cannot match are skipped with one read each.
 */
static uint64_t pmm_find(struct pmm *p, uint64_t pg, uint64_t end, int want)
{
	while (pg < end) {
		uint64_t w = p->bitmap[pg / 64];

		p->probes++;
		w = (want ? w : ~w) & (~0ull << (pg % 64));
		if (w) {
			pg = (pg & ~63ull) + (uint64_t)__builtin_ctzll(w);
			return pg < end ? pg : end;
		}
		pg = (pg | 63) + 1;
	}
	return end;
}

/* npages free pages aligned to align in [from, end); end if there are none.
 * Every candidate that fails ends at a used page, and the next one starts
 * past it, so the search reads each bitmap word about once. */
static uint64_t pmm_search(struct pmm *p, uint64_t from, uint64_t end, uint64_t npages,
			   uint64_t align)
{
	uint64_t start = from;

	for (;;) {
		start = pmm_find(p, start, end, 0);
		start = (start + align - 1) & ~(align - 1);
		if (start >= end || npages > end - start)
			return end;
		uint64_t used = pmm_find(p, start, start + npages, 1);
		if (used == start + npages)
			return start;
		start = used + 1;
	}
}

/*
 * Next fit: the search starts where the last allocation ended and wraps
 * around once, so a run of allocations reads each bitmap word about once
 * per pass instead of rescanning every used page each time (amortized O(1)
 * per page while a fair share of memory is free; a pass that finds nothing
 * costs one read per 64 pages).
 */
uint64_t pmm_alloc(struct pmm *p, uint64_t npages, uint64_t align_pages)
{
	if (!npages || !align_pages || (align_pages & (align_pages - 1)) || npages > p->free_pages)
		return 0;
	uint64_t hint = p->hint < p->npages ? p->hint : 1;
	uint64_t start = pmm_search(p, hint, p->npages, npages, align_pages);

	/* Wrapped: up to where the first search began, plus the run's length
	 * so that a run crossing the hint is found too. */
	if (start == p->npages && hint > 1) {
		uint64_t end = hint + npages - 1 < p->npages ? hint + npages - 1 : p->npages;
		start = pmm_search(p, 1, end, npages, align_pages);
		if (start == end)
			return 0;
	} else if (start == p->npages) {
		return 0;
	}
	for (uint64_t i = 0; i < npages; i++)
		pmm_set(p, start + i, 1);
	p->hint = start + npages;
	return start * PMM_PAGE_SIZE;
}

void pmm_free(struct pmm *p, uint64_t addr, uint64_t npages)
{
	uint64_t first = addr / PMM_PAGE_SIZE;

	for (uint64_t pg = first; pg < first + npages && pg < p->npages; pg++)
		pmm_set(p, pg, 0);
	/* Freeing the latest allocation (an error path unwinding) rewinds the
	 * hint over it; other freed pages are found when the search wraps. Moving
	 * the hint back over used pages would make the next search rescan them. */
	if (first && first + npages == p->hint)
		p->hint = first;
}
