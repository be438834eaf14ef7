/* SPDX-License-Identifier: MIT */
#include "l1hv/mm/pmm.h"

static int pmm_test(const struct pmm *p, uint64_t pg)
{
	return (p->bitmap[pg / 64] >> (pg % 64)) & 1;
}

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

uint64_t pmm_alloc(struct pmm *p, uint64_t npages, uint64_t align_pages)
{
	if (!npages || !align_pages || (align_pages & (align_pages - 1)) || npages > p->free_pages)
		return 0;
	uint64_t start = (p->hint + align_pages - 1) & ~(align_pages - 1);

	while (start + npages <= p->npages) {
		uint64_t run = 0;

		while (run < npages && !pmm_test(p, start + run))
			run++;
		if (run == npages) {
			for (uint64_t i = 0; i < npages; i++)
				pmm_set(p, start + i, 1);
			return start * PMM_PAGE_SIZE;
		}
		/* Skip past the used page, then realign. */
		start = (start + run + 1 + align_pages - 1) & ~(align_pages - 1);
	}
	return 0;
}

void pmm_free(struct pmm *p, uint64_t addr, uint64_t npages)
{
	uint64_t first = addr / PMM_PAGE_SIZE;

	for (uint64_t pg = first; pg < first + npages && pg < p->npages; pg++)
		pmm_set(p, pg, 0);
	if (first && first < p->hint)
		p->hint = first;
}
