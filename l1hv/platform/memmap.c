/* SPDX-License-Identifier: MIT */
/* The VM's physical memory map: see memmap.h. */
#include "l1hv/platform/memmap.h"

#include "l1hv/vdev/apic_regs.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/pci_cfg.h"

#define PAGE       4096ull

unsigned memmap_build(uint64_t mem_size, struct e820_entry *out)
{
	unsigned n = 0;

	out[n++] = (struct e820_entry){ 0, MEMMAP_EBDA, E820_TYPE_RAM };
	out[n++] = (struct e820_entry){ MEMMAP_EBDA, 0xa0000 - MEMMAP_EBDA, E820_TYPE_RESERVED };
	out[n++] = (struct e820_entry){ MEMMAP_BIOS_AREA, MEMMAP_HIGH - MEMMAP_BIOS_AREA,
					E820_TYPE_RESERVED };
	if (mem_size > MEMMAP_HIGH)
		out[n++] = (struct e820_entry){ MEMMAP_HIGH, mem_size - MEMMAP_HIGH, E820_TYPE_RAM };
	out[n++] = (struct e820_entry){ PCI_ECAM_BASE, PCI_ECAM_SIZE, E820_TYPE_RESERVED };
	out[n++] = (struct e820_entry){ IOAPIC_BASE, PAGE, E820_TYPE_RESERVED };
	out[n++] = (struct e820_entry){ APIC_DEFAULT_BASE, PAGE, E820_TYPE_RESERVED };
	return n;
}
