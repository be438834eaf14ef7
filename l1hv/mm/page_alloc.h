/* SPDX-License-Identifier: MIT */
/* The hypervisor's physical memory: the Multiboot memory map minus what is
 * in use (low memory, our image, the boot modules). Identity-mapped, so a
 * physical address is also a pointer. */
#ifndef L1HV_PAGE_ALLOC_H
#define L1HV_PAGE_ALLOC_H

#include <stdint.h>

#include "common/multiboot.h"

void page_alloc_init(const struct multiboot_info *mbi);
/* One zeroed page for hypervisor structures; running out ends the run. */
uint64_t page_alloc_zeroed(void);
/* npages contiguous pages aligned to align bytes; 0 if there is no room. */
uint64_t pages_alloc(uint64_t npages, uint64_t align);
void pages_free(uint64_t pa, uint64_t npages);
uint64_t page_alloc_free_bytes(void);

/*
 * Pages allocated on a VM's behalf (its VMCSs, bitmaps, EPT and ept02
 * tables) are charged to that VM's quota, so no guest can take the
 * machine's memory from the hypervisor and the other VMs.
 */
struct page_quota {
	uint64_t used;      /* pages charged now */
	uint64_t limit;     /* at most this many */
	uint64_t peak;
};

/* The quota of a VM with mem_bytes of RAM: KVM's default for its MMU
 * pages (2% of guest pages, at least 64), which also covers the fixed
 * structures. */
static inline uint64_t page_quota_for(uint64_t mem_bytes)
{
	return 64 + (mem_bytes >> 12) / 50;
}

/* One zeroed page charged to q; 0 if q is used up or the machine has no
 * free page left. */
uint64_t page_alloc_charged(struct page_quota *q);
void page_free_charged(struct page_quota *q, uint64_t pa);

#endif
