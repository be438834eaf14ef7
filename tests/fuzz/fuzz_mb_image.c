/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer for mb_image_parse/mb_image_load. Input: one selector byte that
 * picks the guest memory window, then the image. The parser must never
 * read outside the image (ASan sees libFuzzer's exact-size buffer), must
 * give a known error with its message, and on success must return a plan
 * whose every segment is inside the file and inside the window, with no
 * overlap and the entry in a segment. For the first window the plan is
 * also loaded into a real 1 MiB buffer and the bytes are checked.
 */
#include "common/mb_image.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WIN0_BASE 0x100000ull
#define WIN0_SIZE 0x100000ull

static const struct {
	uint64_t lo, hi;
} windows[] = {
	{ WIN0_BASE, WIN0_BASE + WIN0_SIZE }, /* small guest: loaded for real */
	{ 0, 0x100000000ull },                /* all of 32-bit space */
	{ 0, UINT64_MAX },                    /* everything: overflow edges */
	{ 0x200000, 0x200000 },               /* empty window */
};

static uint8_t guest[WIN0_SIZE];

#define REQUIRE(cond)                  \
	do {                           \
		if (!(cond))           \
			__builtin_trap(); \
	} while (0)

static void *dst_of(void *ctx, uint64_t paddr, uint64_t len)
{
	(void)ctx;
	REQUIRE(len > 0 && len <= MB_IMAGE_PAGE_SIZE);
	REQUIRE(paddr / MB_IMAGE_PAGE_SIZE == (paddr + len - 1) / MB_IMAGE_PAGE_SIZE);
	REQUIRE(paddr >= WIN0_BASE && len <= WIN0_BASE + WIN0_SIZE - paddr);
	return guest + (paddr - WIN0_BASE);
}

static void check_plan(const struct mb_image *m, size_t size, uint64_t lo, uint64_t hi)
{
	uint64_t min = UINT64_MAX, max = 0;
	int entry_in = 0;

	REQUIRE(m->kind == MB_IMAGE_ELF32 || m->kind == MB_IMAGE_ELF64 ||
		m->kind == MB_IMAGE_AOUT_KLUDGE);
	REQUIRE(m->nsegs >= 1 && m->nsegs <= MB_IMAGE_MAX_SEGS);
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct mb_load_seg *s = &m->seg[i];

		REQUIRE(s->mem_size > 0 && s->file_size <= s->mem_size);
		REQUIRE(s->file_off <= size && s->file_size <= size - s->file_off);
		REQUIRE(s->paddr >= lo && s->paddr <= hi && s->mem_size <= hi - s->paddr);
		if (m->kind != MB_IMAGE_ELF64)
			REQUIRE(s->paddr + s->mem_size <= 0x100000000ull);
		for (unsigned j = 0; j < i; j++)
			REQUIRE(s->paddr >= m->seg[j].paddr + m->seg[j].mem_size ||
				m->seg[j].paddr >= s->paddr + s->mem_size);
		if (m->entry >= s->paddr && m->entry - s->paddr < s->mem_size)
			entry_in = 1;
		if (s->paddr < min)
			min = s->paddr;
		if (s->paddr + s->mem_size > max)
			max = s->paddr + s->mem_size;
	}
	REQUIRE(entry_in);
	REQUIRE(m->load_lo == min && m->load_hi == max);
}

static void check_load(const struct mb_image *m, const uint8_t *img)
{
	memset(guest, 0xa5, sizeof(guest));
	REQUIRE(mb_image_load(m, img, dst_of, NULL) == 0);
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct mb_load_seg *s = &m->seg[i];
		const uint8_t *g = guest + (s->paddr - WIN0_BASE);

		REQUIRE(!memcmp(g, img + s->file_off, s->file_size));
		for (uint64_t k = s->file_size; k < s->mem_size; k++)
			REQUIRE(g[k] == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb_image m;
	const char *why = NULL;
	unsigned w;
	int rc;

	if (size < 1)
		return 0;
	w = data[0] % (sizeof(windows) / sizeof(windows[0]));
	data++;
	size--;

	rc = mb_image_parse(data, size, windows[w].lo, windows[w].hi, &m, &why);
	if (rc) {
		REQUIRE(rc < 0 && rc > -MB_IMAGE_E_COUNT && rc != -MB_IMAGE_E_UNMAPPED);
		REQUIRE(why == mb_image_strerror(rc));
		return 0;
	}
	check_plan(&m, size, windows[w].lo, windows[w].hi);
	if (w == 0)
		check_load(&m, data);
	return 0;
}
