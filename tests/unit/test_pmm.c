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

/*
 * The work an allocation does must not grow with the pages already handed
 * out: N allocations may read O(N) bitmap words in all, not O(N^2) (the
 * search hint used to stay at the first free page ever seen).
 */
#define BIG_PAGES (1u << 16)             /* 256 MiB, l1hv's own size */
static uint64_t big_bitmap[BIG_PAGES / 64];

TEST(single_page_allocation_is_amortized_constant)
{
	struct pmm p;
	uint64_t n = 0, prev = 0;

	pmm_init(&p, big_bitmap, BIG_PAGES);
	pmm_release(&p, 0, (uint64_t)BIG_PAGES * PMM_PAGE_SIZE);
	for (uint64_t a; (a = pmm_alloc(&p, 1, 1)); n++) {
		CHECK(a > prev);                 /* each page once, in address order */
		prev = a;
	}
	CHECK_EQ(n, BIG_PAGES - 1);
	CHECK_EQ(p.free_pages, 0);
	/* Two words per allocation (find a free page, check it) and one pass
	 * of the bitmap for the final, failing search. */
	CHECK(p.probes <= 2 * n + 2 * BIG_PAGES / 64);
	printf("  single pages: %" PRIu64 " allocations read %" PRIu64 " bitmap words\n", n,
	       p.probes);
}

TEST(contiguous_allocation_is_amortized_constant)
{
	struct pmm p;
	uint64_t n = 0;

	pmm_init(&p, big_bitmap, BIG_PAGES);
	pmm_release(&p, 0, (uint64_t)BIG_PAGES * PMM_PAGE_SIZE);
	/* 3-page runs aligned to 4 pages, and single pages in between: the
	 * pattern of VMCS + bitmaps + EPT tables as VMs are created. */
	for (;;) {
		uint64_t a = pmm_alloc(&p, 3, 4);
		if (!a)
			break;
		CHECK_EQ(a % (4 * PMM_PAGE_SIZE), 0);
		CHECK(pmm_alloc(&p, 1, 1) != 0);
		n += 2;
	}
	CHECK(n >= BIG_PAGES / 4 * 2 - 4);
	CHECK(p.probes <= 8 * n + 8 * BIG_PAGES / 64);
	printf("  mixed runs: %" PRIu64 " allocations read %" PRIu64 " bitmap words\n", n,
	       p.probes);
}

/* Pages freed behind the search position are found again once it wraps. */
TEST(freed_pages_behind_the_hint_are_reused)
{
	struct pmm p;

	pmm_init(&p, big_bitmap, BIG_PAGES);
	pmm_release(&p, 0, (uint64_t)BIG_PAGES * PMM_PAGE_SIZE);
	while (pmm_alloc(&p, 1, 1))
		;
	pmm_free(&p, 0x5000, 1);
	pmm_free(&p, 0x9000, 2);
	CHECK_EQ(p.free_pages, 3);
	CHECK_EQ(pmm_alloc(&p, 2, 1), 0x9000);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0x5000);
	CHECK_EQ(pmm_alloc(&p, 1, 1), 0);
	CHECK_EQ(p.free_pages, 0);
}

/* A run that starts before the hint and ends past it is found after the wrap. */
TEST(run_across_the_hint_is_found)
{
	struct pmm p = fresh();

	pmm_release(&p, 0, 16 * PMM_PAGE_SIZE);  /* pages 1-15 */
	uint64_t x = pmm_alloc(&p, 10, 1), y = pmm_alloc(&p, 3, 1);
	CHECK_EQ(x, 0x1000);
	CHECK_EQ(y, 0xb000);
	pmm_free(&p, x, 10);
	pmm_free(&p, y, 3);                      /* the latest run: the hint goes back to 11 */
	CHECK_EQ(pmm_alloc(&p, 12, 1), 0x1000);
	CHECK_EQ(p.free_pages, 3);
}

/*
 * Random allocations and frees against a model: no page is handed out
 * twice, runs are aligned, and an allocation fails only when no aligned run
 * of free pages exists anywhere.
 */
#define MODEL_PAGES 512
static bool model_used[MODEL_PAGES];

static bool model_fits(uint64_t n, uint64_t align)
{
	for (uint64_t s = align; s + n <= MODEL_PAGES; s += align) {
		uint64_t i = 0;
		while (i < n && !model_used[s + i])
			i++;
		if (i == n)
			return true;
	}
	return false;                           /* page 0 is never free: start at align */
}

TEST(random_operations_match_a_model)
{
	struct pmm p;
	static uint64_t small[MODEL_PAGES / 64];
	struct { uint64_t pg, n; } live[MODEL_PAGES];
	unsigned nlive = 0, failed = 0;
	uint32_t seed = 12345;

	pmm_init(&p, small, MODEL_PAGES);
	pmm_release(&p, 0, MODEL_PAGES * PMM_PAGE_SIZE);
	for (unsigned i = 0; i < MODEL_PAGES; i++)
		model_used[i] = i == 0;
	for (int op = 0; op < 20000; op++) {
		seed = seed * 1103515245u + 12345u;
		uint32_t r = seed >> 8;
		if (nlive && (r % 3 == 0 || nlive == MODEL_PAGES)) {
			unsigned k = (r / 3) % nlive;
			pmm_free(&p, live[k].pg * PMM_PAGE_SIZE, live[k].n);
			for (uint64_t j = 0; j < live[k].n; j++)
				model_used[live[k].pg + j] = false;
			live[k] = live[--nlive];
			continue;
		}
		uint64_t n = 1 + (r % 7 == 0 ? r % 13 : 0), align = 1ull << ((r >> 4) % 3);
		bool fits = model_fits(n, align);
		uint64_t a = pmm_alloc(&p, n, align);
		CHECK_EQ(a != 0, fits);
		if (!a) {
			failed++;
			continue;
		}
		uint64_t pg = a / PMM_PAGE_SIZE;
		CHECK_EQ(pg % align, 0);
		for (uint64_t j = 0; j < n; j++) {
			CHECK(!model_used[pg + j]);
			model_used[pg + j] = true;
		}
		live[nlive].pg = pg;
		live[nlive++].n = n;
	}
	uint64_t free_model = 0;
	for (unsigned i = 0; i < MODEL_PAGES; i++)
		free_model += !model_used[i];
	CHECK_EQ(p.free_pages, free_model);
	CHECK(failed > 100 && nlive > 100);     /* memory ran full and was reused */
}
