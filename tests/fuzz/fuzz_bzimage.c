/* SPDX-License-Identifier: MIT */
/*
 * Fuzzer for the Linux boot protocol library (common/bzimage.c): the
 * image is hostile. Input: one selector byte (guest RAM size and whether
 * an initrd is placed), then the bzImage. The parser must never read
 * outside the image (ASan sees libFuzzer's exact-size buffer) and must
 * give a known error with its message; on success its plan must lie in
 * guest RAM between 1 MiB and 4 GiB, with the initrd clear of the kernel
 * and below initrd_addr_max, and the zero page it builds must take the
 * plan's command line, initrd and e820 map.
 */
#include "common/bzimage.h"

#include <stdint.h>
#include <string.h>

#define REQUIRE(cond)                  \
	do {                           \
		if (!(cond))           \
			__builtin_trap(); \
	} while (0)

static const uint64_t ram_sizes[] = { 2ull << 20, 64ull << 20, 256ull << 20, 3ull << 30,
				      8ull << 30 };

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	struct e820_entry e820[2];
	struct bzimage k;
	const char *why = NULL;
	uint64_t initrd = 0, initrd_size;
	int rc;

	if (size < 1)
		return 0;
	uint64_t ram = ram_sizes[data[0] % 5];
	initrd_size = (data[0] >> 4) ? (uint64_t)(data[0] >> 4) << 20 : 0;
	struct bzimage_mem mem = { .size = ram };
	rc = bzimage_parse(data + 1, size - 1, &mem, &k, &why);
	if (rc) {
		REQUIRE(rc < 0 && rc > -BZIMAGE_E_COUNT && why && why[0]);
		REQUIRE(!strcmp(why, bzimage_strerror(rc)));
		return 0;
	}
	REQUIRE(k.load.base >= BZIMAGE_HIGH_START && k.load.size >= k.kernel_file_size);
	REQUIRE(k.run.base + k.run.size <= (ram < (4ull << 30) ? ram : (4ull << 30)));
	REQUIRE(k.entry32 == k.load.base);
	REQUIRE(k.kernel_file_off <= size - 1 && k.kernel_file_size <= size - 1 - k.kernel_file_off);
	if (initrd_size) {
		if (bzimage_initrd_addr(&k, &mem, initrd_size, &initrd, &why))
			return 0;
		REQUIRE(initrd >= BZIMAGE_HIGH_START && initrd % 4096 == 0);
		REQUIRE(initrd + initrd_size <= ram && initrd + initrd_size - 1 <= k.initrd_addr_max);
		REQUIRE(!overlaps(initrd, initrd_size, k.load.base, k.load.size));
		REQUIRE(!overlaps(initrd, initrd_size, k.run.base, k.run.size));
	}
	e820[0] = (struct e820_entry){ 0, 0x9fc00, E820_TYPE_RAM };
	e820[1] = (struct e820_entry){ BZIMAGE_HIGH_START, ram - BZIMAGE_HIGH_START,
					       E820_TYPE_RAM };
	struct bzimage_boot b = { BZIMAGE_CMDLINE_GPA, 0, initrd, initrd ? initrd_size : 0, e820, 2,
				  0 };
	rc = bzimage_zero_page(&k, data + 1, zp, &b, &why);
	REQUIRE(rc == 0 || (why && why[0]));
	if (!rc) {
		uint32_t cmd;
		memcpy(&cmd, zp + 0x228, 4);                /* cmd_line_ptr */
		REQUIRE(cmd == BZIMAGE_CMDLINE_GPA);
		REQUIRE(zp[0x1e8] == 2);                    /* e820_entries */
		REQUIRE(zp[0x210] == 0xff);                 /* type_of_loader */
	}
	return 0;
}
