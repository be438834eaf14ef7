/* SPDX-License-Identifier: MIT */
/*
 * Multiboot modules too large for a Bochs ROM (2 MiB) travel on a disk:
 * mkrom writes their bytes to a flat disk image (Bochs's ata0-master,
 * sector-aligned, one after the other), builds the Multiboot information
 * as if they were already in RAM, and leaves this table in the info window
 * with its address on l1hv's command line (module_disk=ADDR). Before it
 * touches a module, l1hv at level 0 reads each piece from the disk into
 * place with ATA PIO (l1hv/boot/module_disk.c) and checks its sum.
 * Shared by tools/bochs-rom/mkrom.c and l1hv.
 */
#ifndef NESTLAB_COMMON_MODULE_DISK_H
#define NESTLAB_COMMON_MODULE_DISK_H

#include <stdint.h>

#define MODULE_DISK_MAGIC     0x4b444c4eu   /* "NLDK" */
#define MODULE_DISK_MAX       16u
#define MODULE_DISK_SECTOR    512u
#define MODULE_DISK_TABLE_SIZE 4096u        /* at the end of the info window */
/* Bochs's flat disk geometry: heads and sectors per track (the cylinder
 * count follows from the image's size). */
#define MODULE_DISK_HEADS     16u
#define MODULE_DISK_SPT       63u

struct module_disk_piece {
	uint32_t dst;        /* guest-physical address of the module's first byte */
	uint32_t len;        /* bytes */
	uint32_t lba;        /* first sector on the disk */
	uint32_t sum;        /* module_disk_sum of the bytes */
};

struct module_disk_table {
	uint32_t magic;
	uint32_t count;
	struct module_disk_piece piece[MODULE_DISK_MAX];
};
_Static_assert(sizeof(struct module_disk_table) <= MODULE_DISK_TABLE_SIZE, "table fits");

/* Fletcher-style sum of the bytes, position-sensitive. */
static inline uint32_t module_disk_sum(const uint8_t *p, uint32_t len)
{
	uint32_t a = 1, b = 0;

	for (uint32_t i = 0; i < len; i++) {
		a = (a + p[i]) % 65521u;
		b = (b + a) % 65521u;
	}
	return b << 16 | a;
}

#endif
