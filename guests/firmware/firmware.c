/* SPDX-License-Identifier: MIT */
/*
 * firmware: what the VM's firmware interfaces tell a kernel, and that they
 * agree: the Multiboot memory map (RAM from 0 with the EBDA and BIOS area
 * reserved, ECAM and the APIC pages reserved above RAM), QEMU's fw_cfg
 * (signature, ID, RAM size, CPU count, file directory, and "etc/e820",
 * which must list exactly the Multiboot map's entries), that low memory
 * below the EBDA is RAM the guest can use, and the ACPI tables as a kernel
 * finds them: the RSDP by the PC's scan of E0000H-FFFFFH, both its
 * checksums, every table the XSDT lists checksummed, the MADT's local APIC
 * and I/O APIC, the ISA IRQ 0 override to GSI 2, MCFG's ECAM window, and
 * the FADT's PM timer block, which must count at 3.579545 MHz against the
 * TSC whose rate CPUID 15H gives.
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/multiboot.h"
#include "guests/lib/guest.h"
#include "l1hv/platform/acpi_tables.h"
#include "l1hv/platform/memmap.h"
#include "l1hv/vdev/acpi_pm.h"
#include "l1hv/vdev/apic_regs.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/fw_cfg.h"
#include "l1hv/vdev/pci_cfg.h"

static void fw_select(uint16_t item)
{
	outw(FW_CFG_PORT_SEL, item);
}

static void fw_read(void *buf, unsigned n)
{
	uint8_t *p = buf;

	for (unsigned i = 0; i < n; i++)
		p[i] = inb(FW_CFG_PORT_DATA);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define MAX_MAP 16
static struct e820_entry mb_map[MAX_MAP];

/* The Multiboot map as e820 entries; its count. */
static unsigned multiboot_map(void)
{
	const struct multiboot_info *mbi = guest_mbi;
	uint64_t p = mbi->mmap_addr, end = p + mbi->mmap_length;
	unsigned n = 0;

	if (!(mbi->flags & MULTIBOOT_INFO_MEM_MAP))
		return 0;
	while (p < end && n < MAX_MAP) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		mb_map[n++] = (struct e820_entry){ e->addr, e->len, e->type };
		p += e->size + sizeof(e->size);
	}
	return n;
}

static bool map_has(unsigned n, uint64_t addr, uint64_t size, uint32_t type)
{
	for (unsigned i = 0; i < n; i++)
		if (mb_map[i].addr == addr && mb_map[i].size == size && mb_map[i].type == type)
			return true;
	return false;
}

static void check_memory_map(unsigned n)
{
	report(n >= 6, "Multiboot memory map present (%u entries)", n);
	report(map_has(n, 0, MEMMAP_EBDA, E820_TYPE_RAM), "RAM from 0 to the EBDA (9FC00H)");
	report(map_has(n, MEMMAP_BIOS_AREA, MEMMAP_HIGH - MEMMAP_BIOS_AREA, E820_TYPE_RESERVED),
	       "BIOS area E0000H-FFFFFH reserved");
	report(map_has(n, MEMMAP_HIGH, guest_mem_end - MEMMAP_HIGH, E820_TYPE_RAM),
	       "RAM from 1 MiB to the end of memory");
	report(map_has(n, PCI_ECAM_BASE, PCI_ECAM_SIZE, E820_TYPE_RESERVED), "ECAM reserved");
	bool sorted = true;
	for (unsigned i = 1; i < n; i++)
		sorted &= mb_map[i].addr >= mb_map[i - 1].addr + mb_map[i - 1].size;
	report(sorted, "entries in address order, none overlapping");
	/* Low memory is RAM: a real-mode trampoline would live here. */
	volatile uint32_t *low = (volatile uint32_t *)0x7000;
	*low = 0x5a5aa5a5;
	report(*low == 0x5a5aa5a5, "low memory at 7000H holds what is written");
}

static void check_fw_cfg(unsigned n)
{
	uint8_t b[64], dir[4 + FW_CFG_MAX_FILES * FW_CFG_DIR_ENTRY];
	uint64_t ram = 0;
	uint32_t id = 0, files, e820_size = 0;
	uint16_t cpus = 0, e820_sel = 0;

	fw_select(FW_CFG_SIGNATURE);
	fw_read(b, 4);
	report(!memcmp(b, "QEMU", 4), "fw_cfg signature 'QEMU'");
	fw_select(FW_CFG_ID);
	fw_read(&id, 4);
	report(id == FW_CFG_ID_TRADITIONAL, "fw_cfg ID: traditional interface, no DMA (%u)", id);
	fw_select(FW_CFG_RAM_SIZE);
	fw_read(&ram, 8);
	report(ram == guest_mem_end, "fw_cfg RAM size 0x%lx is the Multiboot map's", ram);
	fw_select(FW_CFG_NB_CPUS);
	fw_read(&cpus, 2);
	report(cpus == 1, "fw_cfg CPU count %u", cpus);
	fw_select(FW_CFG_FILE_DIR);
	fw_read(dir, 4);
	files = be32(dir);
	report(files >= 1 && files <= FW_CFG_MAX_FILES, "fw_cfg file directory: %u file(s)", files);
	if (files > FW_CFG_MAX_FILES)
		files = FW_CFG_MAX_FILES;
	fw_read(dir + 4, files * FW_CFG_DIR_ENTRY);
	for (unsigned i = 0; i < files; i++) {
		const uint8_t *e = dir + 4 + i * FW_CFG_DIR_ENTRY;
		if (!strcmp((const char *)e + 8, "etc/e820")) {
			e820_size = be32(e);
			e820_sel = (uint16_t)(e[4] << 8 | e[5]);
		}
	}
	report(e820_sel && e820_size == n * sizeof(struct e820_entry),
	       "fw_cfg etc/e820: %u bytes at selector 0x%x, one entry per map entry",
	       e820_size, e820_sel);
	bool same = e820_sel != 0;
	fw_select(e820_sel);
	for (unsigned i = 0; same && i < n; i++) {
		struct e820_entry e;
		fw_read(&e, sizeof(e));
		same = e.addr == mb_map[i].addr && e.size == mb_map[i].size &&
		       e.type == mb_map[i].type;
	}
	report(same, "fw_cfg etc/e820 lists exactly the Multiboot map");
	/* Past the end of an item: zeros. */
	fw_read(b, 2);
	report(!b[0] && !b[1], "reads past the end of an item return 0");
}

static uint8_t sum(const void *p, unsigned n)
{
	const uint8_t *b = p;
	uint8_t s = 0;

	for (unsigned i = 0; i < n; i++)
		s = (uint8_t)(s + b[i]);
	return s;
}

/* The PC's rule (ACPI 6.4 5.2.5.1): a 16-byte boundary of the BIOS area
 * with the signature and a valid 20-byte checksum. */
static const struct acpi_rsdp *find_rsdp(void)
{
	for (uint64_t a = MEMMAP_BIOS_AREA; a < MEMMAP_HIGH; a += 16) {
		const struct acpi_rsdp *r = (const void *)a;
		if (!memcmp(r->signature, "RSD PTR ", 8) && !sum(r, ACPI_RSDP_V1_LENGTH))
			return r;
	}
	return NULL;
}

static const struct acpi_header *xsdt_find(const struct acpi_header *xsdt, const char *sig)
{
	const uint64_t *e = (const uint64_t *)(xsdt + 1);
	unsigned n = (xsdt->length - sizeof(*xsdt)) / 8;

	for (unsigned i = 0; i < n; i++) {
		const struct acpi_header *h = (const void *)e[i];
		if (!memcmp(h->signature, sig, 4))
			return h;
	}
	return NULL;
}

static void check_madt(const struct acpi_header *h)
{
	const struct acpi_madt *m = (const void *)h;
	const uint8_t *p = (const uint8_t *)(m + 1), *end = (const uint8_t *)h + h->length;
	bool lapic0 = false, ioapic = false, iso0 = false;

	for (; p + 2 <= end && p[1] >= 2; p += p[1]) {
		if (p[0] == ACPI_MADT_LAPIC) {
			const struct acpi_madt_lapic *l = (const void *)p;
			lapic0 |= l->apic_id == 0 && (l->flags & ACPI_MADT_ENABLED);
		} else if (p[0] == ACPI_MADT_IOAPIC) {
			const struct acpi_madt_ioapic *io = (const void *)p;
			ioapic |= io->address == IOAPIC_BASE && io->gsi_base == 0;
		} else if (p[0] == ACPI_MADT_ISO) {
			const struct acpi_madt_iso *iso = (const void *)p;
			iso0 |= iso->bus == 0 && iso->source == 0 && iso->gsi == 2;
		}
	}
	report(m->lapic_address == APIC_DEFAULT_BASE && lapic0,
	       "MADT: local APIC at FEE00000H, processor with APIC ID 0 enabled");
	report(ioapic, "MADT: I/O APIC at FEC00000H, GSI base 0");
	report(iso0, "MADT: ISA IRQ 0 overridden to GSI 2");
}

/* The PM timer against the TSC over about 10 ms of guest time. */
static void check_pm_timer(uint16_t port)
{
	uint32_t crystal = cpuid(0x15, 0).ecx;
	uint64_t t0, t1, ticks;
	uint32_t p0, p1;

	if (!crystal) {
		report_skip("PM timer rate: CPUID 15H gives no TSC rate");
		return;
	}
	p0 = inl(port);
	t0 = rdtsc_ordered();
	do {
		p1 = inl(port);
	} while (p1 - p0 < ACPI_PM_TIMER_HZ / 100);
	t1 = rdtsc_ordered();
	ticks = (uint64_t)(p1 - p0);
	/* Expected TSC ticks for those PM ticks; the two reads of each clock
	 * are one exit apart at most, so 1% is generous. */
	uint64_t want = ticks * crystal / ACPI_PM_TIMER_HZ, got = t1 - t0;
	report(got > want * 99 / 100 && got < want * 101 / 100,
	       "PM timer: %lu ticks took %lu TSC ticks (%lu expected at %u kHz)", ticks, got, want,
	       crystal / 1000);
}

static void check_acpi(void)
{
	const struct acpi_rsdp *r = find_rsdp();
	const struct acpi_header *xsdt, *fadt_h, *madt, *mcfg;

	report(r != NULL, "RSDP found by the BIOS-area scan (at 0x%lx)", (uint64_t)r);
	if (!r)
		return;
	report(r->revision >= 2 && r->length == sizeof(*r) && !sum(r, sizeof(*r)),
	       "RSDP revision %u with a valid extended checksum", r->revision);
	xsdt = (const void *)r->xsdt_address;
	report(!memcmp(xsdt->signature, "XSDT", 4) && !sum(xsdt, xsdt->length), "XSDT checksummed");
	bool all = true;
	unsigned n = (xsdt->length - sizeof(*xsdt)) / 8;
	for (unsigned i = 0; i < n; i++) {
		const struct acpi_header *h = (const void *)((const uint64_t *)(xsdt + 1))[i];
		all &= !sum(h, h->length);
	}
	report(n >= 3 && all, "every table the XSDT lists (%u) has a valid checksum", n);
	madt = xsdt_find(xsdt, "APIC");
	mcfg = xsdt_find(xsdt, "MCFG");
	fadt_h = xsdt_find(xsdt, "FACP");
	report(madt && mcfg && fadt_h, "XSDT lists FACP, APIC and MCFG");
	if (!madt || !mcfg || !fadt_h)
		return;
	check_madt(madt);
	const struct acpi_mcfg_alloc *a = (const void *)((const uint8_t *)mcfg + sizeof(struct acpi_mcfg));
	report(a->base == PCI_ECAM_BASE && a->segment == 0 && a->bus_first == 0 && a->bus_last == 255,
	       "MCFG: ECAM at 0x%lx for buses %u-%u", a->base, a->bus_first, a->bus_last);
	const struct acpi_fadt *f = (const void *)fadt_h;
	report(f->pm_tmr_blk == ACPI_PM_TMR_BLK && f->x_pm_tmr_blk.address == ACPI_PM_TMR_BLK &&
	       f->pm1a_cnt_blk == ACPI_PM1_CNT_BLK && f->reset_reg.address == 0xcf9 &&
	       f->reset_value == 6 && f->century == 0x32,
	       "FADT: PM timer at 0x%x, PM1a_CNT at 0x%x, reset register CF9H value 6, century 32H",
	       f->pm_tmr_blk, f->pm1a_cnt_blk);
	const struct acpi_header *dsdt = (const void *)f->x_dsdt;
	report(!memcmp(dsdt->signature, "DSDT", 4) && !sum(dsdt, dsdt->length),
	       "DSDT checksummed (%u bytes)", dsdt->length);
	check_pm_timer((uint16_t)f->pm_tmr_blk);
}

int guest_main(const char *cmdline)
{
	unsigned n = multiboot_map();

	(void)cmdline;
	check_memory_map(n);
	check_fw_cfg(n);
	check_acpi();
	return report_summary();
}
