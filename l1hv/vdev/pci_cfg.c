/* SPDX-License-Identifier: MIT */
/* A VM's PCI configuration space and the two ways to reach it: see
 * pci_cfg.h. */
#include "l1hv/vdev/pci_cfg.h"

#include "common/free/string.h"

/* Command register bits a write may change (PCI 3.0 6.2.2): I/O space,
 * memory space, bus master, parity error response, SERR# enable,
 * interrupt disable. The status register has no writable bit here. */
#define PCI_COMMAND_WRITABLE 0x0547u

static void put8(struct pci_function *f, unsigned off, uint8_t v, uint8_t wmask)
{
	f->cfg[off] = v;
	f->wmask[off] = wmask;
}

static void put16(struct pci_function *f, unsigned off, uint16_t v, uint16_t wmask)
{
	put8(f, off, (uint8_t)v, (uint8_t)wmask);
	put8(f, off + 1, (uint8_t)(v >> 8), (uint8_t)(wmask >> 8));
}

static void put32(struct pci_function *f, unsigned off, uint32_t v, uint32_t wmask)
{
	put16(f, off, (uint16_t)v, (uint16_t)wmask);
	put16(f, off + 2, (uint16_t)(v >> 16), (uint16_t)(wmask >> 16));
}

/* Identity, class and the registers every type-0 function has. */
static void header(struct pci_function *f, unsigned dev, unsigned fn, uint16_t vendor,
		   uint16_t device, uint32_t class_code)
{
	memset(f, 0, sizeof(*f));
	f->dev = (uint8_t)dev;
	f->fn = (uint8_t)fn;
	put16(f, PCI_VENDOR_ID, vendor, 0);
	put16(f, PCI_DEVICE_ID, device, 0);
	put16(f, PCI_COMMAND, 0, PCI_COMMAND_WRITABLE);
	put32(f, PCI_CLASS_REVISION, class_code << 8, 0);     /* revision 0 */
	put8(f, PCI_HEADER_TYPE, 0x00, 0);                     /* type 0, one function */
	put16(f, PCI_SUBSYSTEM_VENDOR, 0x1af4, 0);             /* QEMU's */
	put16(f, PCI_SUBSYSTEM_VENDOR + 2, 0x1100, 0);
}

void pci_cfg_reset(struct pci_cfg *p)
{
	struct pci_function *t = &p->fn[PCI_TEST_DEVICE];

	p->address = 0;
	header(&p->fn[PCI_HOST_BRIDGE], 0, 0, 0x8086, 0x29c0, 0x060000);
	header(&p->fn[PCI_ISA_BRIDGE], 0x1f, 0, 0x8086, 0x2918, 0x060100);
	header(t, 2, 0, 0x1b36, 0x0005, 0xff0000);
	put16(t, PCI_STATUS, PCI_STATUS_CAP_LIST, 0);
	/* BAR0: 4 KiB of 32-bit non-prefetchable memory; BAR1: 256 I/O
	 * ports (bit 0 set); the size is in which address bits are
	 * writable (6.2.5.1). BARs 2-5 are not implemented: they read 0. */
	put32(t, PCI_BAR0, PCI_TESTDEV_BAR0, ~0xfffu);
	put32(t, PCI_BAR0 + 4, PCI_TESTDEV_BAR1 | 1, ~0xffu);
	put8(t, PCI_INTERRUPT_LINE, 11, 0xff);
	put8(t, PCI_INTERRUPT_PIN, 1, 0);                      /* INTA# */
	/* Capabilities (6.7): a vendor-specific one of 8 bytes (its byte 2 is
	 * its length), then MSI with a 32-bit address and one vector
	 * (6.8.1): enable (bit 0) and multiple message enable (6:4) of its
	 * control register, address bits 31:2 and the data are writable. */
	put8(t, PCI_CAP_PTR, 0x40, 0);
	put8(t, 0x40, PCI_CAP_ID_VNDR, 0);
	put8(t, 0x41, 0x50, 0);
	put8(t, 0x42, 8, 0);
	put8(t, 0x50, PCI_CAP_ID_MSI, 0);
	put8(t, 0x51, 0x00, 0);
	put16(t, 0x52, 0x0000, 0x0071);
	put32(t, 0x54, 0, ~3u);
	put16(t, 0x58, 0, 0xffff);
}

static const struct pci_function *find(const struct pci_cfg *p, unsigned bus, unsigned dev,
				       unsigned fn)
{
	if (bus != 0)
		return NULL;
	for (unsigned i = 0; i < PCI_NR_FUNCTIONS; i++)
		if (p->fn[i].dev == dev && p->fn[i].fn == fn)
			return &p->fn[i];
	return NULL;
}

static uint32_t all_ones(unsigned size)
{
	return size >= 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
}

uint32_t pci_cfg_read(const struct pci_cfg *p, unsigned bus, unsigned dev, unsigned fn,
		      unsigned offset, unsigned size)
{
	const struct pci_function *f = find(p, bus, dev, fn);
	uint32_t v = 0;

	if (!f)
		return all_ones(size);                 /* master abort */
	if (offset >= PCI_CFG_SPACE)
		return 0;                              /* no extended capability */
	for (unsigned i = 0; i < size && offset + i < PCI_CFG_SPACE; i++)
		v |= (uint32_t)f->cfg[offset + i] << (8 * i);
	return v;
}

void pci_cfg_write(struct pci_cfg *p, unsigned bus, unsigned dev, unsigned fn,
		   unsigned offset, unsigned size, uint32_t value)
{
	struct pci_function *f = (struct pci_function *)find(p, bus, dev, fn);

	if (!f)
		return;
	for (unsigned i = 0; i < size && offset + i < PCI_CFG_SPACE; i++) {
		uint8_t m = f->wmask[offset + i], b = (uint8_t)(value >> (8 * i));
		f->cfg[offset + i] = (uint8_t)((f->cfg[offset + i] & ~m) | (b & m));
	}
}

/* CF8H: bits 30:24 and 1:0 are reserved and read 0. */
#define PCI_CFG_ADDR_WRITABLE (PCI_CFG_ENABLE | 0x00fffffcu)

/* The data window decodes an access that stays within CFCH-CFFH. */
static bool data_access(const struct pci_cfg *p, uint16_t port, unsigned size,
			unsigned *bus, unsigned *dev, unsigned *fn, unsigned *off)
{
	uint32_t a = p->address;

	if ((port & 3) + size > 4 || !(a & PCI_CFG_ENABLE))
		return false;
	*bus = (a >> 16) & 0xff;
	*dev = (a >> 11) & 0x1f;
	*fn = (a >> 8) & 7;
	*off = (a & 0xfc) + (port & 3);
	return true;
}

bool pci_cfg_port_read(const struct pci_cfg *p, uint16_t port, unsigned size, uint32_t *value)
{
	unsigned bus, dev, fn, off;

	if (port >= PCI_CFG_ADDR_PORT && port < PCI_CFG_DATA_PORT) {
		if (port != PCI_CFG_ADDR_PORT || size != 4)
			return false;
		*value = p->address;
		return true;
	}
	if (port < PCI_CFG_DATA_PORT || port > PCI_CFG_DATA_PORT + 3)
		return false;
	*value = data_access(p, port, size, &bus, &dev, &fn, &off) ?
		 pci_cfg_read(p, bus, dev, fn, off, size) : all_ones(size);
	return true;
}

bool pci_cfg_port_write(struct pci_cfg *p, uint16_t port, unsigned size, uint32_t value)
{
	unsigned bus, dev, fn, off;

	if (port >= PCI_CFG_ADDR_PORT && port < PCI_CFG_DATA_PORT) {
		if (port != PCI_CFG_ADDR_PORT || size != 4)
			return false;
		p->address = value & PCI_CFG_ADDR_WRITABLE;
		return true;
	}
	if (port < PCI_CFG_DATA_PORT || port > PCI_CFG_DATA_PORT + 3)
		return false;
	if (data_access(p, port, size, &bus, &dev, &fn, &off))
		pci_cfg_write(p, bus, dev, fn, off, size, value);
	return true;
}

/* A register of the test device's configuration space. */
static uint32_t testdev_reg(const struct pci_cfg *p, unsigned offset, unsigned size)
{
	const struct pci_function *f = &p->fn[PCI_TEST_DEVICE];

	return pci_cfg_read(p, 0, f->dev, f->fn, offset, size);
}

bool pci_testdev_intx(const struct pci_cfg *p)
{
	return p->testdev_intx && !(testdev_reg(p, PCI_COMMAND, 2) & (1u << 10));
}

bool pci_testdev_io(struct pci_cfg *p, uint16_t port, bool write, uint32_t *value)
{
	uint32_t base = testdev_reg(p, PCI_BAR0 + 4, 4) & ~0xffu;

	if (!(testdev_reg(p, PCI_COMMAND, 2) & 1) || port < base || port >= base + 0x100)
		return false;
	if (port == base) {
		if (write)
			p->testdev_intx = *value & 1;
		else
			*value = p->testdev_intx;
	} else if (!write) {
		*value = 0;
	}
	return true;
}

static bool ecam_decode(uint64_t off, unsigned size, unsigned *bus, unsigned *dev,
			unsigned *fn, unsigned *reg)
{
	if (off >= PCI_ECAM_SIZE || (size != 1 && size != 2 && size != 4) || (off & (size - 1)))
		return false;
	*bus = (unsigned)(off >> 20) & 0xff;
	*dev = (unsigned)(off >> 15) & 0x1f;
	*fn = (unsigned)(off >> 12) & 7;
	*reg = (unsigned)off & 0xfff;
	return true;
}

uint32_t pci_ecam_read(const struct pci_cfg *p, uint64_t off, unsigned size)
{
	unsigned bus, dev, fn, reg;

	if (!ecam_decode(off, size, &bus, &dev, &fn, &reg))
		return all_ones(size);
	return pci_cfg_read(p, bus, dev, fn, reg, size);
}

void pci_ecam_write(struct pci_cfg *p, uint64_t off, unsigned size, uint32_t value)
{
	unsigned bus, dev, fn, reg;

	if (ecam_decode(off, size, &bus, &dev, &fn, &reg))
		pci_cfg_write(p, bus, dev, fn, reg, size, value);
}
