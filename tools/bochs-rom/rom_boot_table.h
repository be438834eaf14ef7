/* SPDX-License-Identifier: MIT */
/*
 * The table mkrom writes at the start of the 64 KiB ROM stub: what to copy
 * from ROM to RAM before jumping to the Multiboot kernel. Shared by mkrom.c
 * and romstub.S (which reads it with the offsets below).
 */
#ifndef NESTLAB_ROM_BOOT_TABLE_H
#define NESTLAB_ROM_BOOT_TABLE_H

#define ROM_STUB_SIZE       0x10000u      /* the stub is the ROM's last 64 KiB */
#define ROM_STUB_BASE       0xffff0000u   /* where that 64 KiB sits in memory */
#define ROM_MAX_SIZE        (2u << 20)    /* largest ROM Bochs 2.7 maps (measured) */
#define ROM_TABLE_MAGIC     0x4d524c4eu   /* "NLRM" */
#define ROM_TABLE_MAX_COPIES 64u

/* Byte offsets inside the table (romstub.S uses these). */
#define ROM_TABLE_OFF_MAGIC  0
#define ROM_TABLE_OFF_COUNT  4
#define ROM_TABLE_OFF_ENTRY  8
#define ROM_TABLE_OFF_INFO   12
#define ROM_TABLE_OFF_COPIES 16
#define ROM_COPY_SIZE        16

#ifndef __ASSEMBLER__
#include <stdint.h>

struct rom_copy {
	uint32_t src;        /* ROM address */
	uint32_t dst;        /* RAM address */
	uint32_t len;        /* bytes copied */
	uint32_t zero;       /* bytes zeroed after dst + len (bss) */
};

struct rom_boot_table {
	uint32_t magic;
	uint32_t count;
	uint32_t entry;      /* 32-bit protected-mode entry point */
	uint32_t info;       /* physical address of the Multiboot info */
	struct rom_copy copy[ROM_TABLE_MAX_COPIES];
};

_Static_assert(sizeof(struct rom_copy) == ROM_COPY_SIZE, "rom_copy layout");
_Static_assert(__builtin_offsetof(struct rom_boot_table, copy) == ROM_TABLE_OFF_COPIES,
	       "rom_boot_table layout");
#endif
#endif
