/* SPDX-License-Identifier: MIT */
/*
 * The module disk: ATA PIO reads (ATA/ATAPI-6, READ SECTORS 20H with LBA28
 * addressing, polled, interrupts off through nIEN) from the primary
 * channel's master drive, which the Bochs engine attaches when mkrom put
 * modules there. Only at level 0, only at boot, on a disk the host built:
 * the reads are bounded (every wait has a limit) so a missing or broken
 * drive ends the boot with a message instead of a hang. Freestanding and
 * free of l1hv's state, so that a bare-metal loader (guests/linuxboot)
 * reads the same disk the same way.
 */
#include "l1hv/boot/module_disk.h"

#include <stdbool.h>

#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/module_disk.h"

#define ATA_DATA      0x1f0
#define ATA_COUNT     0x1f2
#define ATA_LBA0      0x1f3
#define ATA_LBA1      0x1f4
#define ATA_LBA2      0x1f5
#define ATA_DRIVE     0x1f6
#define ATA_CMD       0x1f7     /* write: command; read: status */
#define ATA_CTL       0x3f6     /* device control */
#define ATA_CTL_NIEN  0x02
#define ATA_DRIVE_LBA 0xe0      /* master, LBA mode */
#define ATA_CMD_READ  0x20
#define ATA_ST_ERR    0x01
#define ATA_ST_DRQ    0x08
#define ATA_ST_DF     0x20
#define ATA_ST_BSY    0x80
#define ATA_MAX_POLLS 10000000u
#define ATA_MAX_BATCH 256u      /* sectors per command (count register 0) */

/* Waits for the sector's data; false on an error or a drive that never
 * gets ready. */
static bool ata_wait_drq(void)
{
	for (uint32_t n = 0; n < ATA_MAX_POLLS; n++) {
		uint8_t st = inb(ATA_CMD);
		if (st & ATA_ST_BSY)
			continue;
		if (st & (ATA_ST_ERR | ATA_ST_DF))
			return false;
		if (st & ATA_ST_DRQ)
			return true;
	}
	return false;
}

static bool ata_read(uint32_t lba, uint32_t sectors, uint8_t *dst, uint32_t len)
{
	static uint16_t bounce[MODULE_DISK_SECTOR / 2];

	outb(ATA_CTL, ATA_CTL_NIEN);
	while (sectors) {
		uint32_t n = sectors < ATA_MAX_BATCH ? sectors : ATA_MAX_BATCH;

		outb(ATA_DRIVE, (uint8_t)(ATA_DRIVE_LBA | ((lba >> 24) & 0x0f)));
		outb(ATA_COUNT, (uint8_t)n);              /* 256 is written as 0 */
		outb(ATA_LBA0, (uint8_t)lba);
		outb(ATA_LBA1, (uint8_t)(lba >> 8));
		outb(ATA_LBA2, (uint8_t)(lba >> 16));
		outb(ATA_CMD, ATA_CMD_READ);
		for (uint32_t s = 0; s < n; s++) {
			uint32_t part = len < MODULE_DISK_SECTOR ? len : MODULE_DISK_SECTOR;
			void *to = part == MODULE_DISK_SECTOR ? (void *)dst : (void *)bounce;
			uint64_t words = MODULE_DISK_SECTOR / 2;

			if (!ata_wait_drq())
				return false;
			asm volatile("rep insw" : "+D"(to), "+c"(words) : "d"(ATA_DATA) : "memory");
			if (part < MODULE_DISK_SECTOR)
				memcpy(dst, bounce, part);
			dst += part;
			len -= part;
		}
		lba += n;
		sectors -= n;
	}
	return true;
}

int module_disk_load(uint64_t table_gpa, const char **why)
{
	const struct module_disk_table *t = (const void *)table_gpa;

	if (t->magic != MODULE_DISK_MAGIC || t->count > MODULE_DISK_MAX) {
		*why = "module_disk=: no module disk table at that address (only mkrom sets it)";
		return -1;
	}
	for (uint32_t i = 0; i < t->count; i++) {
		const struct module_disk_piece *p = &t->piece[i];
		uint32_t sectors = (p->len + MODULE_DISK_SECTOR - 1) / MODULE_DISK_SECTOR;

		if (!ata_read(p->lba, sectors, (uint8_t *)(uint64_t)p->dst, p->len)) {
			*why = "module disk: the ATA drive did not deliver a module's sectors "
			       "(is ata0-master attached?)";
			return -1;
		}
		if (module_disk_sum((const uint8_t *)(uint64_t)p->dst, p->len) != p->sum) {
			*why = "module disk: a module read back with the wrong checksum";
			return -1;
		}
	}
	return (int)t->count;
}
