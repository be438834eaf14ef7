/* SPDX-License-Identifier: MIT */
/*
 * pci: the VM's PCI configuration space through both of the PC's
 * mechanisms (configuration mechanism #1 at ports CF8H/CFCH, and the ECAM
 * window at PCI_ECAM_BASE, each access of it an emulated MMIO exit), which
 * must show one inventory byte for byte: an enumeration of bus 0 by vendor
 * ID, every byte of each function found, BAR sizing, the capability list,
 * byte and word accesses, and what an absent function answers.
 */
#include "common/free/x86.h"
#include "guests/lib/guest.h"
#include "l1hv/vdev/pci_cfg.h"

static uint32_t cf8(unsigned dev, unsigned fn, unsigned reg)
{
	return PCI_CFG_ENABLE | dev << 11 | fn << 8 | (reg & 0xfc);
}

static uint32_t port_read32(unsigned dev, unsigned fn, unsigned reg)
{
	outl(PCI_CFG_ADDR_PORT, cf8(dev, fn, reg));
	return inl(PCI_CFG_DATA_PORT);
}

static void port_write32(unsigned dev, unsigned fn, unsigned reg, uint32_t v)
{
	outl(PCI_CFG_ADDR_PORT, cf8(dev, fn, reg));
	outl(PCI_CFG_DATA_PORT, v);
}

static volatile void *ecam(unsigned dev, unsigned fn, unsigned reg)
{
	return (volatile void *)(PCI_ECAM_BASE + ((uint64_t)dev << 15) + (fn << 12) + reg);
}

static uint32_t ecam_read32(unsigned dev, unsigned fn, unsigned reg)
{
	return *(volatile uint32_t *)ecam(dev, fn, reg);
}

int guest_main(const char *cmdline)
{
	unsigned found[PCI_SLOTS * PCI_FUNCS][2], n = 0, mismatches = 0;

	(void)cmdline;
	for (unsigned dev = 0; dev < PCI_SLOTS; dev++)
		for (unsigned fn = 0; fn < PCI_FUNCS; fn++) {
			uint32_t a = port_read32(dev, fn, 0), b = ecam_read32(dev, fn, 0);
			if (a != b)
				mismatches++;
			if ((a & 0xffff) != 0xffff) {
				found[n][0] = dev;
				found[n][1] = fn;
				n++;
			}
		}
	report(mismatches == 0, "bus 0: vendor/device of all 256 functions agree through CF8 and ECAM");
	report(n == 3 && found[0][0] == 0 && found[1][0] == 2 && found[2][0] == 0x1f,
	       "bus 0 holds 00:00.0, 00:02.0 and 00:1f.0 (%u functions)", n);
	report(port_read32(0, 0, 0) == 0x29c08086u && port_read32(2, 0, 0) == 0x00051b36u &&
	       port_read32(0x1f, 0, 0) == 0x29188086u,
	       "IDs: host bridge 8086:29c0, test device 1b36:0005, ISA bridge 8086:2918");

	mismatches = 0;
	for (unsigned i = 0; i < n; i++)
		for (unsigned reg = 0; reg < PCI_CFG_SPACE; reg += 4)
			if (port_read32(found[i][0], found[i][1], reg) !=
			    ecam_read32(found[i][0], found[i][1], reg))
				mismatches++;
	report(mismatches == 0, "every byte of the three functions agrees through CF8 and ECAM");

	/* Byte and word accesses: at CFCH + n and at ECAM + reg. */
	outl(PCI_CFG_ADDR_PORT, cf8(2, 0, 0));
	uint8_t b1 = inb(PCI_CFG_DATA_PORT + 1);
	uint16_t w2 = inw(PCI_CFG_DATA_PORT + 2);
	report(b1 == 0x1b && w2 == 0x0005 && *(volatile uint8_t *)ecam(2, 0, 1) == 0x1b &&
	       *(volatile uint16_t *)ecam(2, 0, 2) == 0x0005,
	       "byte and word accesses through both (0x%x, 0x%x)", b1, w2);

	/* BAR sizing (PCI 3.0 6.2.5.1), then the old value back. */
	uint32_t bar0 = port_read32(2, 0, PCI_BAR0), bar1 = port_read32(2, 0, PCI_BAR0 + 4);
	port_write32(2, 0, PCI_BAR0, 0xffffffffu);
	*(volatile uint32_t *)ecam(2, 0, PCI_BAR0 + 4) = 0xffffffffu;
	uint32_t size0 = port_read32(2, 0, PCI_BAR0), size1 = ecam_read32(2, 0, PCI_BAR0 + 4);
	port_write32(2, 0, PCI_BAR0, bar0);
	port_write32(2, 0, PCI_BAR0 + 4, bar1);
	report(size0 == 0xfffff000u && size1 == 0xffffff01u && port_read32(2, 0, PCI_BAR0) == bar0,
	       "BAR sizing: BAR0 4 KiB memory (0x%x), BAR1 256 I/O ports (0x%x)", size0, size1);

	/* The capability list, walked through ECAM. */
	unsigned ptr = *(volatile uint8_t *)ecam(2, 0, PCI_CAP_PTR), caps = 0, ids = 0;
	while (ptr && caps < 8) {
		ids = ids << 8 | *(volatile uint8_t *)ecam(2, 0, ptr);
		ptr = *(volatile uint8_t *)ecam(2, 0, ptr + 1);
		caps++;
	}
	report((port_read32(2, 0, PCI_COMMAND) >> 16) & PCI_STATUS_CAP_LIST && caps == 2 &&
	       ids == (PCI_CAP_ID_VNDR << 8 | PCI_CAP_ID_MSI),
	       "capability list: vendor-specific, then MSI (%u, 0x%x)", caps, ids);
	report((port_read32(2, 0, PCI_INTERRUPT_LINE) >> 8 & 0xff) == 1, "interrupt pin INTA#");

	/* What is not there. */
	outl(PCI_CFG_ADDR_PORT, cf8(0, 0, 0) & ~PCI_CFG_ENABLE);
	report(inl(PCI_CFG_DATA_PORT) == 0xffffffffu, "enable bit clear: CFCH reads all ones");
	report(port_read32(5, 3, 0) == 0xffffffffu && ecam_read32(5, 3, 0) == 0xffffffffu &&
	       *(volatile uint32_t *)(PCI_ECAM_BASE + (7ull << 20)) == 0xffffffffu,
	       "absent functions and buses read all ones");
	report(ecam_read32(2, 0, 0x100) == 0, "ECAM extended space of a function: 0");
	return report_summary();
}
