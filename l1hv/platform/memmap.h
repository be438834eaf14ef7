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

#include "common/e820.h"

#define MEMMAP_EBDA        0x9fc00ull
#define MEMMAP_BIOS_AREA   0xe0000ull
#define MEMMAP_HIGH        0x100000ull
#define MEMMAP_MAX         8

/* Fills out[0..MEMMAP_MAX) for a VM of mem_size bytes (at least 2 MiB, as
 * vm_create requires); returns the number of entries, in address order. */
unsigned memmap_build(uint64_t mem_size, struct e820_entry *out);

#endif
