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

#endif
