/* SPDX-License-Identifier: MIT */
/*
 * The PCI configuration space model (l1hv/vdev/pci_cfg.c): the inventory,
 * absent functions, write masks and BAR sizing, the capability list, and
 * the two access mechanisms agreeing on every byte.
 */
#include <string.h>

#include "l1hv/vdev/pci_cfg.h"
#include "testlib.h"

static struct pci_cfg p;

static uint32_t cf8(unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
	return PCI_CFG_ENABLE | bus << 16 | dev << 11 | fn << 8 | (reg & 0xfc);
}

/* Mechanism #1 as a driver uses it: address, then the data window. */
static uint32_t port_read(unsigned bus, unsigned dev, unsigned fn, unsigned reg, unsigned size)
{
	uint32_t v = 0;

	pci_cfg_port_write(&p, PCI_CFG_ADDR_PORT, 4, cf8(bus, dev, fn, reg));
	pci_cfg_port_read(&p, (uint16_t)(PCI_CFG_DATA_PORT + (reg & 3)), size, &v);
	return v;
}

static void port_write(unsigned bus, unsigned dev, unsigned fn, unsigned reg, unsigned size,
		       uint32_t v)
{
	pci_cfg_port_write(&p, PCI_CFG_ADDR_PORT, 4, cf8(bus, dev, fn, reg));
	pci_cfg_port_write(&p, (uint16_t)(PCI_CFG_DATA_PORT + (reg & 3)), size, v);
}

static uint64_t ecam(unsigned bus, unsigned dev, unsigned fn, unsigned reg)
{
	return (uint64_t)bus << 20 | dev << 15 | fn << 12 | reg;
}

TEST(inventory_ids_and_classes)
{
	pci_cfg_reset(&p);
	CHECK_EQ(port_read(0, 0, 0, 0, 4), 0x29c08086u);
	CHECK_EQ(port_read(0, 2, 0, 0, 4), 0x00051b36u);
	CHECK_EQ(port_read(0, 0x1f, 0, 0, 4), 0x29188086u);
	CHECK_EQ(port_read(0, 0, 0, PCI_CLASS_REVISION, 4) >> 8, 0x060000u);
	CHECK_EQ(port_read(0, 0x1f, 0, PCI_CLASS_REVISION, 4) >> 8, 0x060100u);
	CHECK_EQ(port_read(0, 2, 0, PCI_INTERRUPT_PIN, 1), 1u);
	CHECK_EQ(port_read(0, 2, 0, PCI_HEADER_TYPE, 1), 0u);
}

TEST(absent_functions_read_all_ones)
{
	pci_cfg_reset(&p);
	CHECK_EQ(port_read(0, 1, 0, 0, 4), 0xffffffffu);
	CHECK_EQ(port_read(0, 2, 1, 0, 2), 0xffffu);
	CHECK_EQ(port_read(1, 0, 0, 0, 1), 0xffu);
	CHECK_EQ(pci_ecam_read(&p, ecam(5, 3, 2, 0), 4), 0xffffffffu);
	port_write(0, 1, 0, PCI_COMMAND, 2, 0xffff);       /* ignored, no crash */
	CHECK_EQ(port_read(0, 1, 0, PCI_COMMAND, 2), 0xffffu);
}

TEST(mechanism_1_rules)
{
	uint32_t v;

	pci_cfg_reset(&p);
	/* Reserved bits of CF8 read 0; only dword accesses decode. */
	CHECK(pci_cfg_port_write(&p, PCI_CFG_ADDR_PORT, 4, 0xffffffffu));
	CHECK(pci_cfg_port_read(&p, PCI_CFG_ADDR_PORT, 4, &v));
	CHECK_EQ(v, 0x80fffffcu);
	CHECK(!pci_cfg_port_read(&p, PCI_CFG_ADDR_PORT, 1, &v));
	CHECK(!pci_cfg_port_write(&p, PCI_CFG_ADDR_PORT + 1, 1, 0));
	/* Enable bit clear: the data window reads all ones. */
	pci_cfg_port_write(&p, PCI_CFG_ADDR_PORT, 4, cf8(0, 0, 0, 0) & ~PCI_CFG_ENABLE);
	CHECK(pci_cfg_port_read(&p, PCI_CFG_DATA_PORT, 4, &v));
	CHECK_EQ(v, 0xffffffffu);
	/* Byte and word accesses at CFCH + n read the bytes at reg + n. */
	CHECK_EQ(port_read(0, 0, 0, 1, 1), 0x80u);
	CHECK_EQ(port_read(0, 0, 0, 2, 2), 0x29c0u);
	CHECK_EQ(port_read(0, 0, 0, 3, 1), 0x29u);
	/* A dword at CFEH would leave the window: all ones. */
	pci_cfg_port_write(&p, PCI_CFG_ADDR_PORT, 4, cf8(0, 0, 0, 0));
	CHECK(pci_cfg_port_read(&p, PCI_CFG_DATA_PORT + 2, 4, &v));
	CHECK_EQ(v, 0xffffffffu);
}

TEST(write_masks_and_bar_sizing)
{
	pci_cfg_reset(&p);
	port_write(0, 2, 0, PCI_VENDOR_ID, 4, 0);          /* read-only */
	CHECK_EQ(port_read(0, 2, 0, 0, 4), 0x00051b36u);
	port_write(0, 2, 0, PCI_COMMAND, 2, 0xffff);
	CHECK_EQ(port_read(0, 2, 0, PCI_COMMAND, 2), 0x0547u);
	CHECK_EQ(port_read(0, 2, 0, PCI_STATUS, 2), PCI_STATUS_CAP_LIST);
	/* Sizing: all ones in, ~(size - 1) with the type bits out. */
	CHECK_EQ(port_read(0, 2, 0, PCI_BAR0, 4), PCI_TESTDEV_BAR0);
	port_write(0, 2, 0, PCI_BAR0, 4, 0xffffffffu);
	CHECK_EQ(port_read(0, 2, 0, PCI_BAR0, 4), 0xfffff000u);
	port_write(0, 2, 0, PCI_BAR0 + 4, 4, 0xffffffffu);
	CHECK_EQ(port_read(0, 2, 0, PCI_BAR0 + 4, 4), 0xffffff01u);
	port_write(0, 2, 0, PCI_BAR0 + 8, 4, 0xffffffffu);   /* not implemented */
	CHECK_EQ(port_read(0, 2, 0, PCI_BAR0 + 8, 4), 0u);
	port_write(0, 2, 0, PCI_BAR0, 4, 0xfe000123u);
	CHECK_EQ(port_read(0, 2, 0, PCI_BAR0, 4), 0xfe000000u);
	port_write(0, 2, 0, PCI_INTERRUPT_LINE, 1, 5);
	CHECK_EQ(port_read(0, 2, 0, PCI_INTERRUPT_LINE, 1), 5u);
}

TEST(capability_list)
{
	unsigned ptr, ids[4], n = 0;

	pci_cfg_reset(&p);
	for (ptr = port_read(0, 2, 0, PCI_CAP_PTR, 1); ptr && n < 4;
	     ptr = port_read(0, 2, 0, ptr + 1, 1))
		ids[n++] = port_read(0, 2, 0, ptr, 1);
	CHECK_EQ(n, 2u);
	CHECK_EQ(ids[0], PCI_CAP_ID_VNDR);
	CHECK_EQ(ids[1], PCI_CAP_ID_MSI);
	port_write(0, 2, 0, 0x52, 2, 0xffff);                /* MSI control */
	CHECK_EQ(port_read(0, 2, 0, 0x52, 2), 0x0071u);
	port_write(0, 2, 0, 0x54, 4, 0xfee00003u);
	CHECK_EQ(port_read(0, 2, 0, 0x54, 4), 0xfee00000u);
}

TEST(ecam_agrees_with_mechanism_1_on_every_byte)
{
	pci_cfg_reset(&p);
	for (unsigned dev = 0; dev < PCI_SLOTS; dev++)
		for (unsigned fn = 0; fn < PCI_FUNCS; fn++)
			for (unsigned reg = 0; reg < PCI_CFG_SPACE; reg++)
				for (unsigned size = 1; size <= 4; size *= 2) {
					if (reg % size)
						continue;
					uint32_t a = port_read(0, dev, fn, reg, size);
					uint32_t b = pci_ecam_read(&p, ecam(0, dev, fn, reg), size);
					CHECKF(a == b, "%02x.%u +%x/%u: CF8 0x%x, ECAM 0x%x", dev,
					       fn, reg, size, a, b);
					if (a != b)
						return;
				}
	/* Extended space: 0 for a function that is there, all ones if not. */
	CHECK_EQ(pci_ecam_read(&p, ecam(0, 2, 0, 0x100), 4), 0u);
	CHECK_EQ(pci_ecam_read(&p, ecam(0, 3, 0, 0x100), 4), 0xffffffffu);
	/* Misaligned ECAM accesses read all ones, write nothing. */
	CHECK_EQ(pci_ecam_read(&p, ecam(0, 0, 0, 1), 2), 0xffffu);
	pci_ecam_write(&p, ecam(0, 2, 0, PCI_INTERRUPT_LINE + 1), 2, 0x0707);
	CHECK_EQ(port_read(0, 2, 0, PCI_INTERRUPT_LINE, 1), 11u);
	/* A write through one mechanism is seen through the other. */
	pci_ecam_write(&p, ecam(0, 2, 0, PCI_COMMAND), 2, 0x0006);
	CHECK_EQ(port_read(0, 2, 0, PCI_COMMAND, 2), 0x0006u);
}

