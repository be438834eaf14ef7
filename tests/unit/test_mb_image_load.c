/* SPDX-License-Identifier: MIT */
/*
 * common/mb_image loading: plans from synthesized images are loaded through
 * a translator callback into a poisoned guest buffer and compared byte by
 * byte (file bytes, zeroed bss, untouched gaps), including the 4 KiB
 * chunking and the stop on unmapped memory.
 */
#include "common/mb_image.h"
#include "mb_image_synth.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

struct guest_mem {
	uint8_t *host;
	uint64_t base, size;
	uint64_t unmapped_from; /* dst_of fails at and above this address */
	unsigned calls, crossed_page;
};

static void *guest_dst_of(void *ctx, uint64_t paddr, uint64_t len)
{
	struct guest_mem *g = ctx;

	g->calls++;
	if (len == 0 || paddr / MB_IMAGE_PAGE_SIZE != (paddr + len - 1) / MB_IMAGE_PAGE_SIZE)
		g->crossed_page++;
	if (paddr >= g->unmapped_from || paddr < g->base || len > g->base + g->size - paddr)
		return NULL;
	return g->host + (paddr - g->base);
}

/* Loads s into a poisoned 16 MiB guest and compares every byte. */
static void load_and_compare(const struct spec *s)
{
	struct guest_mem g = { .base = 0, .size = MEM_HI, .unmapped_from = UINT64_MAX };
	struct mb_image m;
	const char *why;
	unsigned wrong = 0;

	g.host = malloc(g.size);
	CHECK(g.host != NULL);
	if (!g.host)
		return;
	memset(g.host, 0xaa, g.size);
	CHECK_EQ(parse(s, &m, &why), 0);
	CHECK_EQ(mb_image_load(&m, img, guest_dst_of, &g), 0);
	CHECK_EQ(g.crossed_page, 0);
	for (uint64_t pa = 0; pa < g.size; pa++) {
		uint8_t want = 0xaa;

		for (unsigned i = 0; i < m.nsegs; i++) {
			const struct mb_load_seg *sg = &m.seg[i];

			if (pa >= sg->paddr && pa < sg->paddr + sg->mem_size)
				want = pa - sg->paddr < sg->file_size ?
					img[sg->file_off + (pa - sg->paddr)] : 0;
		}
		if (g.host[pa] != want && wrong++ < 5)
			CHECKF(0, "byte at 0x%llx: want 0x%02x got 0x%02x",
			       (unsigned long long)pa, want, g.host[pa]);
	}
	CHECK_EQ(wrong, 0);
	free(g.host);
}

TEST(load_copies_file_bytes_and_zeroes_bss)
{
	struct spec s;

	spec_elf32(&s);
	load_and_compare(&s);
	spec_elf64(&s);
	load_and_compare(&s);
	spec_kludge(&s);
	load_and_compare(&s);
}

TEST(load_exact_bytes_elf32)
{
	struct spec s;
	struct mb_image m;
	const char *why;
	static uint8_t mem[0x10000];
	struct guest_mem g = { .host = mem, .base = 0x100000, .size = sizeof(mem),
			       .unmapped_from = UINT64_MAX };

	spec_elf32(&s);
	memset(mem, 0xaa, sizeof(mem));
	CHECK_EQ(parse(&s, &m, &why), 0);
	CHECK_EQ(mb_image_load(&m, img, guest_dst_of, &g), 0);
	/* Text: file 0x1000.. at 0x100000 (starts with the Multiboot magic). */
	CHECK(!memcmp(mem, "\x02\xb0\xad\x1b", 4));
	CHECK_EQ(mem[0x17ff], pattern(0x1000 + 0x17ff));
	CHECK_EQ(mem[0x1800], 0xaa);              /* gap untouched */
	CHECK_EQ(mem[0x1fff], 0xaa);
	CHECK_EQ(mem[0x2000], pattern(0x3000));   /* data */
	CHECK_EQ(mem[0x20ff], pattern(0x30ff));
	CHECK_EQ(mem[0x2100], 0);                 /* bss */
	CHECK_EQ(mem[0x4fff], 0);
	CHECK_EQ(mem[0x5000], 0xaa);              /* past the end */
	/* 0x1800 + 0x3000 bytes in 4 KiB pieces: 2 + 3 calls. */
	CHECK_EQ(g.calls, 5);
}

TEST(load_stops_when_memory_is_unmapped)
{
	struct spec s;
	struct mb_image m;
	const char *why;
	static uint8_t mem[0x10000];
	struct guest_mem g = { .host = mem, .base = 0x100000, .size = sizeof(mem),
			       .unmapped_from = 0x103000 };

	spec_elf32(&s);
	CHECK_EQ(parse(&s, &m, &why), 0);
	CHECK_EQ(mb_image_load(&m, img, guest_dst_of, &g), -MB_IMAGE_E_UNMAPPED);
	CHECK_EQ(g.calls, 4); /* 0x100000, 0x101000, 0x102000, then 0x103000 fails */
}
