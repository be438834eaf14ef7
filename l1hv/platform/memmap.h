/* SPDX-License-Identifier: MIT */
/*
 * The VM's physical memory map, as its firmware would report it: the one
 * list that the Multiboot memory map, a Linux kernel's e820 table (the
 * zero page) and fw_cfg's "etc/e820" file are all made from.
 *
 *   0          - 9FC00H     RAM (conventional memory)
 *   9FC00H     - A0000H     reserved: where a PC's EBDA is
 *   A0000H     - E0000H     not listed: the VGA window and option ROMs
 *   E0000H     - 100000H    reserved: the BIOS area, holding the ACPI
 *                           tables (acpi_tables.h) with the RSDP
 *   100000H    - RAM's end  RAM
 *   B0000000H  - C0000000H  reserved: PCIe ECAM (pci_cfg.h; ACPI MCFG)
 *   FEC00000H  + 4 KiB      reserved: the I/O APIC
 *   FEE00000H  + 4 KiB      reserved: the local APICs
 * The VM's RAM is backed from 0 to its size (vm->mem_size) everywhere,
 * low memory included, so the areas reported reserved are RAM the guest
 * could use if it ignored the map; ECAM and the APICs lie above it.
 */
#ifndef L1HV_PLATFORM_MEMMAP_H
#define L1HV_PLATFORM_MEMMAP_H

#include <stdint.h>

#define E820_TYPE_RAM      1
#define E820_TYPE_RESERVED 2

#define MEMMAP_EBDA        0x9fc00ull
#define MEMMAP_BIOS_AREA   0xe0000ull
#define MEMMAP_HIGH        0x100000ull
#define MEMMAP_MAX         8

/* The layout of an e820 entry in boot_params and in QEMU's "etc/e820". */
struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));
_Static_assert(sizeof(struct e820_entry) == 20, "e820 entries are 20 bytes");

/* Fills out[0..MEMMAP_MAX) for a VM of mem_size bytes (at least 2 MiB, as
 * vm_create requires); returns the number of entries, in address order. */
unsigned memmap_build(uint64_t mem_size, struct e820_entry *out);

#endif
