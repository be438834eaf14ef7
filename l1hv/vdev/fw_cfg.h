/* SPDX-License-Identifier: MIT */
/*
 * QEMU's firmware configuration device (fw_cfg) as a pure model, in the
 * form QEMU's pc and q35 machines offer it on x86 (QEMU docs/specs/
 * fw_cfg.rst): a 16-bit selector register at I/O port 510H (little-endian
 * write) and an 8-bit data register at 511H. Selecting an item rewinds it;
 * each data read returns its next byte, 0 once past its end or for an
 * item that does not exist. Data writes and the write bit of the selector
 * (4000H) are ignored, as in QEMU since 2.4. The DMA interface (514H) is
 * not offered: FW_CFG_ID says "traditional interface" only.
 *
 * Items: the signature "QEMU", the ID, the RAM size, the CPU counts, and
 * named files (selectors from 20H), listed in the file directory (19H):
 * a big-endian count, then per file a big-endian size and selector, two
 * reserved bytes and a NUL-terminated name of at most 55 characters.
 * Built freestanding into l1hv and hosted for tests/unit/test_fw_cfg.c.
 */
#ifndef L1HV_VDEV_FW_CFG_H
#define L1HV_VDEV_FW_CFG_H

#include <stdbool.h>
#include <stdint.h>

#define FW_CFG_PORT_SEL      0x510
#define FW_CFG_PORT_DATA     0x511

#define FW_CFG_SIGNATURE     0x00
#define FW_CFG_ID            0x01
#define FW_CFG_RAM_SIZE      0x03
#define FW_CFG_NB_CPUS       0x05
#define FW_CFG_MAX_CPUS      0x0f
#define FW_CFG_FILE_DIR      0x19
#define FW_CFG_FILE_FIRST    0x20
#define FW_CFG_WRITE_BIT     0x4000

#define FW_CFG_ID_TRADITIONAL 1u
#define FW_CFG_MAX_FILES     8
#define FW_CFG_NAME_MAX      56      /* including the NUL */
#define FW_CFG_DIR_ENTRY     (4 + 2 + 2 + FW_CFG_NAME_MAX)

struct fw_cfg_file {
	const uint8_t *data;       /* held by the caller for the device's life */
	uint32_t size;
};

struct fw_cfg {
	uint16_t selector;
	uint32_t offset;            /* into the selected item */
	uint8_t fixed[8];           /* the selected fixed item's bytes (ID, sizes, ...) */
	unsigned nfiles;
	struct fw_cfg_file file[FW_CFG_MAX_FILES];
	uint8_t dir[4 + FW_CFG_MAX_FILES * FW_CFG_DIR_ENTRY];
	uint64_t ram_size;
	uint16_t nb_cpus, max_cpus;
};

void fw_cfg_reset(struct fw_cfg *f, uint64_t ram_size, uint16_t nb_cpus, uint16_t max_cpus);

/* Adds a named file; returns its selector, or -1 when the directory is
 * full or the name does not fit FW_CFG_NAME_MAX. */
int fw_cfg_add_file(struct fw_cfg *f, const char *name, const void *data, uint32_t size);

/* 510H (a 16-bit or byte write) and 511H (a byte read); false for other
 * ports or sizes. */
bool fw_cfg_port_read(struct fw_cfg *f, uint16_t port, unsigned size, uint32_t *v);
bool fw_cfg_port_write(struct fw_cfg *f, uint16_t port, unsigned size, uint32_t v);

#endif
