/* SPDX-License-Identifier: MIT */
/* l1hv's physical page allocator (l1hv/mm/pmm.c), driven on the host. */
#include "l1hv/mm/pmm.h"
#include "testlib.h"

#define NPAGES 1024   /* 4 MiB */
static uint64_t bitmap[NPAGES / 64];

static struct pmm fresh(void)
{
	struct pmm p;

	pmm_init(&p, bitmap, NPAGES);
	return p;
}

TEST(everything_starts_in_use)
{
	struct pmm p = fresh();

	CHECK_EQ(p.free_pages, 0);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0);
}

TEST(release_keeps_page_zero_and_partial_pages)
{
	struct pmm p = fresh();

	pmm_release(&p, 0, 0x3000);              /* page 0 never free */
	CHECK_EQ(p.free_pages, 2);
	pmm_release(&p, 0x10800, 0x1000);        /* straddles two pages: none fully inside */
	CHECK_EQ(p.free_pages, 2);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0x1000);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0x2000);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0);
}

TEST(reserve_covers_touched_pages)
{
	struct pmm p = fresh();

	pmm_release(&p, 0, NPAGES * PMM_PAGE_SIZE);
	CHECK_EQ(p.free_pages, NPAGES - 1);
	pmm_reserve(&p, 0x1fff, 2);              /* touches pages 1 and 2 */
	CHECK_EQ(p.free_pages, NPAGES - 3);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0x3000);
	pmm_reserve(&p, 0x5000, 0);              /* empty range: nothing */
	CHECK_EQ(p.free_pages, NPAGES - 4);
}

TEST(aligned_contiguous_allocation)
{
	struct pmm p = fresh();

	pmm_release(&p, 0, NPAGES * PMM_PAGE_SIZE);
	pmm_reserve(&p, 0x201000, 0x1000);       /* a hole just past the first 2 MiB boundary */
	uint64_t a = pmm_alloc(&p, 256, 512);    /* 1 MiB aligned to 2 MiB */
	CHECK_EQ(a, 0);                           /* 0..2M has page 0 used, 2M..4M has the hole */
	pmm_free(&p, 0x201000, 1);
	a = pmm_alloc(&p, 256, 512);
	CHECK_EQ(a, 0x200000);
	CHECK_EQ(a % (2u << 20), 0);
	CHECK_EQ(pmm_alloc(&p, 0, 1), 0);        /* zero pages: refused */
	CHECK_EQ(pmm_alloc(&p, 1, 3), 0);        /* alignment not a power of two */
}

TEST(free_then_reuse)
{
	struct pmm p = fresh();

	pmm_release(&p, 0, 16 * PMM_PAGE_SIZE);
	uint64_t before = p.free_pages;
	uint64_t a = pmm_alloc(&p, 4, 1);
	CHECK_EQ(p.free_pages, before - 4);
	pmm_free(&p, a, 4);
	CHECK_EQ(p.free_pages, before);
	CHECK_EQ(pmm_alloc(&p, 4, 1), a);
	CHECK_EQ(pmm_alloc(&p, 100, 1), 0);      /* more than is free */
}

TEST(ranges_beyond_the_bitmap_are_ignored)
{
	struct pmm p = fresh();

	pmm_release(&p, (NPAGES - 2) * PMM_PAGE_SIZE, 64 * PMM_PAGE_SIZE);
	CHECK_EQ(p.free_pages, 2);
	pmm_release(&p, ~0ull - 0x1000, 0x10000);   /* wraps: must not free anything odd */
	CHECK_EQ(p.free_pages, 2);
}
