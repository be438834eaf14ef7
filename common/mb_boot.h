/* SPDX-License-Identifier: MIT */
/*
 * Where a Multiboot loader puts things in a machine with RAM [0, mem_size):
 * the kernel (its own program headers decide), the modules (page-aligned,
 * after the kernel), the information structure (low memory), and the memory
 * map it reports. Shared by the Bochs ROM builder (tools/bochs-rom/mkrom.c)
 * and l1hv's guest loader, so both boot kernels the same way.
 */
#ifndef NESTLAB_COMMON_MB_BOOT_H
#define NESTLAB_COMMON_MB_BOOT_H

#include <stdint.h>

#include "common/mb_image.h"
#include "common/mb_info.h"

/* Window for the info structure, its strings and the memory map. */
#define MB_BOOT_INFO_GPA   0x8000u
#define MB_BOOT_INFO_SIZE  0x18000u   /* up to 0x20000 */
/* Conventional memory the map reports below 1 MiB (no EBDA: no BIOS). */
#define MB_BOOT_LOW_END    0xa0000u
/* Kernels and modules go at or above 1 MiB. */
#define MB_BOOT_HIGH_START 0x100000u

struct mb_boot_layout {
	unsigned nmods;
	uint64_t mod_start[MB_INFO_MAX_MODULES];
	uint64_t mod_end[MB_INFO_MAX_MODULES];   /* one past the last byte */
	uint64_t end;                             /* first free byte after all */
};

/*
 * Places nmods modules of the given sizes after the kernel. Returns 0, or a
 * negative code with *why naming the problem and the fix.
 */
int mb_boot_layout(const struct mb_image *kernel, const uint64_t *mod_size, unsigned nmods,
		   uint64_t mem_size, struct mb_boot_layout *out, const char **why);

/* Adds mem_lower/mem_upper and the memory map for RAM [0, mem_size). */
void mb_boot_add_memory(struct mb_info *b, uint64_t mem_size);

#endif
