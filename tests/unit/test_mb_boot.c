/* SPDX-License-Identifier: MIT */
/* common/mb_boot.c: module placement and the memory map every loader uses. */
#include <string.h>

#include "common/mb_boot.h"
#include "testlib.h"

static struct mb_image kernel_ending_at(uint64_t hi)
{
	struct mb_image k;

	memset(&k, 0, sizeof(k));
	k.load_lo = MB_BOOT_HIGH_START;
	k.load_hi = hi;
	return k;
}

TEST(modules_follow_kernel_page_aligned)
{
	struct mb_image k = kernel_ending_at(0x123456);
	uint64_t sizes[3] = { 100, 0x2000, 1 };
	struct mb_boot_layout lay;
	const char *why = NULL;

	CHECK_EQ(mb_boot_layout(&k, sizes, 3, 32 << 20, &lay, &why), 0);
	CHECK_EQ(lay.nmods, 3);
	CHECK_EQ(lay.mod_start[0], 0x124000);
	CHECK_EQ(lay.mod_end[0], 0x124000 + 100);
	CHECK_EQ(lay.mod_start[1], 0x125000);
	CHECK_EQ(lay.mod_start[2], 0x127000);
	CHECK_EQ(lay.end, 0x128000);
}

TEST(modules_that_do_not_fit_are_refused)
{
	struct mb_image k = kernel_ending_at(0x200000);
	uint64_t sizes[1] = { 0x200001 };
	struct mb_boot_layout lay;
	const char *why = NULL;

	CHECK(mb_boot_layout(&k, sizes, 1, 4 << 20, &lay, &why) < 0);
	CHECK(why && strstr(why, "mem="));
	sizes[0] = 0x200000;
	CHECK_EQ(mb_boot_layout(&k, sizes, 1, 4 << 20, &lay, &why), 0);
	sizes[0] = ~0ull;                      /* no overflow on absurd sizes */
	CHECK(mb_boot_layout(&k, sizes, 1, 4 << 20, &lay, &why) < 0);
}

TEST(too_many_modules)
{
	struct mb_image k = kernel_ending_at(0x200000);
	uint64_t sizes[MB_INFO_MAX_MODULES + 1] = { 0 };
	struct mb_boot_layout lay;
	const char *why = NULL;

	CHECK(mb_boot_layout(&k, sizes, MB_INFO_MAX_MODULES + 1, 64 << 20, &lay, &why) < 0);
	CHECK_EQ(mb_boot_layout(&k, sizes, MB_INFO_MAX_MODULES, 64 << 20, &lay, &why), 0);
}

TEST(memory_map_describes_ram)
{
	static uint8_t window[4096];
	struct mb_info b;
	uint32_t gpa;
	const char *why = NULL;

	mb_info_begin(&b, window, 0x8000, sizeof(window));
	mb_boot_add_memory(&b, 32 << 20);
	CHECK_EQ(mb_info_finish(&b, &gpa, &why), 0);
	const struct multiboot_info *mi = (const void *)(window + (gpa - 0x8000));
	CHECK_EQ(mi->mem_lower, 640);
	CHECK_EQ(mi->mem_upper, 31 * 1024);
	CHECK_EQ(mi->mmap_length, 3 * sizeof(struct multiboot_mmap_entry));
	const struct multiboot_mmap_entry *e = (const void *)(window + (mi->mmap_addr - 0x8000));
	CHECK_EQ(e[0].addr, 0);
	CHECK_EQ(e[0].type, 1);
	CHECK_EQ(e[1].type, 2);
	CHECK_EQ(e[2].addr, 0x100000);
	CHECK_EQ(e[2].len, (32 << 20) - 0x100000);
	CHECK_EQ(e[2].type, 1);
}
