/* SPDX-License-Identifier: MIT */
/*
 * A VM's PCI configuration space as a pure model: one synthetic inventory
 * on bus 0, reached through both of the PC's mechanisms, which must agree
 * byte for byte:
 *  - configuration mechanism #1 (PCI Local Bus 3.0, 3.2.2.3.2): the
 *    address register at port CF8H (dword accesses only; bit 31 enables,
 *    bus 23:16, device 15:11, function 10:8, register 7:2) and the data
 *    window CFCH-CFFH (byte, word or dword at CFCH + (register & 3));
 *  - the PCI Express enhanced configuration access mechanism (ECAM, PCIe
 *    Base 7.2.2): a memory window of 256 MiB, 1 MiB per bus, 4 KiB per
 *    function at (bus << 20 | device << 15 | function << 12), announced in
 *    ACPI's MCFG (issue 11).
 * Built freestanding into l1hv and hosted for tests/unit/test_pci_cfg.c.
 *
 * The inventory, modelled on QEMU's q35 machine:
 *   00:00.0 host bridge  8086:29C0 class 060000
 *   00:02.0 test device  1B36:0005 class 00FF00 (QEMU's "pci-testdev" IDs):
 *           BAR0 4 KiB memory, BAR1 256-byte I/O, interrupt pin INTA#, a
 *           capability list (a vendor-specific capability, then MSI)
 *   00:1F.0 ISA bridge   8086:2918 class 060100
 * A function that is not there reads all ones and ignores writes (a
 * master abort, PCI 3.0 6.1); the first 256 bytes are the conventional
 * space, 256-4095 (ECAM only) read 0 (no extended capability) and ignore
 * writes. BARs follow the sizing protocol (PCI 3.0 6.2.5.1): the address
 * bits below the size read 0, the type bits are read-only.
 */
#ifndef L1HV_VDEV_PCI_CFG_H
#define L1HV_VDEV_PCI_CFG_H

#include <stdbool.h>
#include <stdint.h>

#define PCI_CFG_ADDR_PORT   0xcf8
#define PCI_CFG_DATA_PORT   0xcfc
#define PCI_CFG_ENABLE      (1u << 31)

/* The ECAM window: QEMU q35's place for it, below the 32-bit PCI hole. */
#define PCI_ECAM_BASE       0xb0000000ull
#define PCI_ECAM_SIZE       (256ull << 20)

/* Standard header (PCI 3.0 6.1, type 0). */
#define PCI_VENDOR_ID       0x00
#define PCI_DEVICE_ID       0x02
#define PCI_COMMAND         0x04
#define PCI_STATUS          0x06
#define PCI_CLASS_REVISION  0x08
#define PCI_HEADER_TYPE     0x0e
#define PCI_BAR0            0x10
#define PCI_SUBSYSTEM_VENDOR 0x2c
#define PCI_CAP_PTR         0x34
#define PCI_INTERRUPT_LINE  0x3c
#define PCI_INTERRUPT_PIN   0x3d

#define PCI_STATUS_CAP_LIST (1u << 4)
#define PCI_CAP_ID_VNDR     0x09
#define PCI_CAP_ID_MSI      0x05

#define PCI_CFG_SPACE       256
#define PCI_ECAM_FN_SPACE   4096

#define PCI_SLOTS           32
#define PCI_FUNCS           8

/* Where the test device's BARs decode until the guest moves them. */
#define PCI_TESTDEV_BAR0    0xfebf0000u
#define PCI_TESTDEV_BAR1    0xc000u

/* The functions of the inventory, in this order in struct pci_cfg. */
enum pci_inventory { PCI_HOST_BRIDGE, PCI_TEST_DEVICE, PCI_ISA_BRIDGE, PCI_NR_FUNCTIONS };

struct pci_function {
	uint8_t dev, fn;                  /* on bus 0 */
	uint8_t cfg[PCI_CFG_SPACE];
	uint8_t wmask[PCI_CFG_SPACE];     /* bits a write may change */
};

struct pci_cfg {
	uint32_t address;                 /* port CF8H */
	struct pci_function fn[PCI_NR_FUNCTIONS];
	bool testdev_intx;                /* the test device drives INTA# */
};

/* The test device's interrupt: INTA# is wired to this I/O APIC input. */
#define PCI_TESTDEV_GSI     11

/* The inventory above, in its reset state. */
void pci_cfg_reset(struct pci_cfg *p);

/* A configuration read or write of `size` bytes (1, 2 or 4) at `offset`
 * of bus/device/function (offset + size within 4 KiB; an access that
 * crosses its natural alignment is split by the callers' rules, which both
 * mechanisms apply before coming here). */
uint32_t pci_cfg_read(const struct pci_cfg *p, unsigned bus, unsigned dev, unsigned fn,
		      unsigned offset, unsigned size);
void pci_cfg_write(struct pci_cfg *p, unsigned bus, unsigned dev, unsigned fn,
		   unsigned offset, unsigned size, uint32_t value);

/* Mechanism #1: a port access in CF8H-CFFH of `size` bytes. Returns false
 * for an access the mechanism does not decode (CF8H other than a dword;
 * the caller treats it as an unclaimed port). */
bool pci_cfg_port_read(const struct pci_cfg *p, uint16_t port, unsigned size, uint32_t *value);
bool pci_cfg_port_write(struct pci_cfg *p, uint16_t port, unsigned size, uint32_t value);

/*
 * The test device's I/O BAR, decoded while its command register enables
 * I/O space: the byte at offset 0 reads 1 while the device drives INTA#
 * and 0 otherwise; writing bit 0 drives it or lets it go. The other ports
 * of the BAR read 0 and ignore writes. pci_testdev_io claims the port
 * (false: not the BAR).
 */
bool pci_testdev_io(struct pci_cfg *p, uint16_t port, bool write, uint32_t *value);
/* What INTA# of the test device carries now: what it drives, with the
 * interrupt disable bit of the command register applied (PCI 3.0 6.2.2). */
bool pci_testdev_intx(const struct pci_cfg *p);

/* ECAM: an access of `size` bytes at offset `off` into the window; one
 * that is not naturally aligned reads all ones and writes nothing. */
uint32_t pci_ecam_read(const struct pci_cfg *p, uint64_t off, unsigned size);
void pci_ecam_write(struct pci_cfg *p, uint64_t off, unsigned size, uint32_t value);

#endif
