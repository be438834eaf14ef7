/* SPDX-License-Identifier: MIT */
#include "l1hv/mm/page_alloc.h"

#include "common/free/string.h"
#include "l1hv/arch/machine.h"
#include "l1hv/mm/pmm.h"

/* We identity-map 4 GiB at boot; RAM above that is not used. */
#define PAGE_ALLOC_LIMIT (4ull << 30)

extern char __image_start[], __bss_end[];

static uint64_t pmm_bitmap[PAGE_ALLOC_LIMIT / PMM_PAGE_SIZE / 64];
static struct pmm pmm;

void page_alloc_init(const struct multiboot_info *mbi)
{
	pmm_init(&pmm, pmm_bitmap, PAGE_ALLOC_LIMIT / PMM_PAGE_SIZE);
	if (mbi->flags & MULTIBOOT_INFO_MEM_MAP) {
		uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;

		/* Each entry's size field excludes itself (Multiboot spec 3.3). */
		while (p + sizeof(struct multiboot_mmap_entry) <= end) {
			const struct multiboot_mmap_entry *e = (const void *)p;
			if (e->type == 1)
				pmm_release(&pmm, e->addr, e->len);
			p += e->size + 4;
		}
	} else if (mbi->flags & MULTIBOOT_INFO_MEMORY) {
		pmm_release(&pmm, 0x100000, (uint64_t)mbi->mem_upper * 1024);
	}
	/* Low memory holds the boot info; keep it and our own image. */
	pmm_reserve(&pmm, 0, 0x100000);
	pmm_reserve(&pmm, (uint64_t)__image_start, (uint64_t)__bss_end - (uint64_t)__image_start);
	if (mbi->flags & MULTIBOOT_INFO_MODS) {
		const struct multiboot_module *m = (const void *)(uint64_t)mbi->mods_addr;
		for (uint32_t i = 0; i < mbi->mods_count; i++)
			pmm_reserve(&pmm, m[i].mod_start, m[i].mod_end - m[i].mod_start);
	}
}

uint64_t page_alloc_zeroed(void)
{
	uint64_t pa = pmm_alloc(&pmm, 1, 1);

	if (!pa)
		machine_finish(false, "the hypervisor ran out of memory: give the machine more");
	memset((void *)pa, 0, PMM_PAGE_SIZE);
	return pa;
}

uint64_t pages_alloc(uint64_t npages, uint64_t align)
{
	uint64_t align_pages = align / PMM_PAGE_SIZE;

	return pmm_alloc(&pmm, npages, align_pages ? align_pages : 1);
}

void pages_free(uint64_t pa, uint64_t npages)
{
	pmm_free(&pmm, pa, npages);
}

uint64_t page_alloc_free_bytes(void)
{
	return pmm.free_pages * PMM_PAGE_SIZE;
}

uint64_t page_alloc_charged(struct page_quota *q)
{
	uint64_t pa;

	if (q->used >= q->limit || !(pa = pmm_alloc(&pmm, 1, 1)))
		return 0;
	memset((void *)pa, 0, PMM_PAGE_SIZE);
	if (++q->used > q->peak)
		q->peak = q->used;
	return pa;
}

void page_free_charged(struct page_quota *q, uint64_t pa)
{
	pmm_free(&pmm, pa, 1);
	q->used--;
}
