/* SPDX-License-Identifier: MIT */
/*
 * A PC memory-map entry as BIOS INT 15H E820H reports it, in the layout
 * Linux's boot_params.e820_table (zero-page.rst, offset 2D0H) and QEMU's
 * fw_cfg file "etc/e820" both use: 20 bytes, packed. Types as Linux's
 * e820/types.h names them.
 */
#ifndef NESTLAB_COMMON_E820_H
#define NESTLAB_COMMON_E820_H

#include <stdint.h>

#define E820_TYPE_RAM      1u
#define E820_TYPE_RESERVED 2u
#define E820_TYPE_ACPI     3u
#define E820_TYPE_NVS      4u
#define E820_TYPE_UNUSABLE 5u

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;             /* E820_TYPE_* */
} __attribute__((packed));
_Static_assert(sizeof(struct e820_entry) == 20, "e820 entries are 20 bytes");

#endif
