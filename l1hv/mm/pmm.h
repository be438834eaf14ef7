/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator: one bit per 4 KiB page (1 = in use). Pure logic
 * over caller-provided storage, so the host unit tests drive it directly.
 * Page 0 is never handed out, so 0 can mean "no memory".
 */
#ifndef L1HV_PMM_H
#define L1HV_PMM_H

#include <stdint.h>

#define PMM_PAGE_SIZE 4096ull

struct pmm {
	uint64_t *bitmap;
	uint64_t npages;       /* pages the bitmap covers, from address 0 */
	uint64_t free_pages;
	uint64_t hint;         /* where the next search starts: past the last allocation */
	uint64_t probes;       /* bitmap words read by searches (the unit tests' work count) */
};

/* Every page starts in use; pmm_release() the RAM the memory map offers. */
void pmm_init(struct pmm *p, uint64_t *bitmap, uint64_t npages);
/* Marks the pages fully inside [addr, addr + len) free. */
void pmm_release(struct pmm *p, uint64_t addr, uint64_t len);
/* Marks every page touching [addr, addr + len) in use. */
void pmm_reserve(struct pmm *p, uint64_t addr, uint64_t len);
/* npages contiguous pages aligned to align_pages (a power of two); 0 if none. */
uint64_t pmm_alloc(struct pmm *p, uint64_t npages, uint64_t align_pages);
void pmm_free(struct pmm *p, uint64_t addr, uint64_t npages);

#endif
