/* SPDX-License-Identifier: MIT */
/*
 * The VM's ACPI tables (l1hv/platform/acpi_tables.c), built at E0000H of
 * a 1 MiB guest memory image and read back two ways: by raw bytes at the
 * offsets the ACPI 6.4 tables give (independent of the structs the
 * builder and parser share) and by l1hv/platform/acpi_parse.c, the parser
 * tools/acpi-check uses. Also: the tables agree with the device models
 * (PCI inventory and its INTx wiring, PM block, reset port, I/O APIC),
 * bad platforms and short buffers fail cleanly (ASan watches), every
 * single-byte corruption of a checksummed table is caught, and, when iasl
 * is installed, the DSDT disassembles and recompiles to the same AML.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "l1hv/platform/acpi_parse.h"
#include "l1hv/platform/acpi_tables.h"
#include "l1hv/platform/memmap.h"
#include "l1hv/vdev/acpi_pm.h"
#include "l1hv/vdev/apic_regs.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/irq_routing.h"
#include "l1hv/vdev/legacy_ports.h"
#include "l1hv/vdev/pci_cfg.h"
#include "l1hv/vdev/vuart.h"
#include "testlib.h"

#define BIOS       ACPI_RSDP_SCAN_START
#define BIOS_SIZE  (ACPI_RSDP_SCAN_END - ACPI_RSDP_SCAN_START)
#define RAM        (32u << 20)

static uint8_t mem[ACPI_RSDP_SCAN_END];     /* guest memory from 0 */
static struct acpi_parsed parsed;
static struct acpi_platform plat;
static uint64_t rsdp;
static size_t used;

static int build(unsigned ncpus)
{
	const char *why = NULL;
	int rc;

	memset(mem, 0, sizeof(mem));
	acpi_platform_defaults(&plat, ncpus, RAM);
	rc = acpi_build(&plat, mem + BIOS, BIOS, BIOS_SIZE, &rsdp, &used, &why);
	if (rc)
		printf("  acpi_build: %s\n", why);
	return rc;
}

static int parse(void)
{
	struct acpi_image img = { .data = mem, .base = 0, .size = sizeof(mem) };

	return acpi_parse(&img, 0, &parsed);
}

static uint8_t r8(uint64_t gpa)
{
	return mem[gpa];
}

static uint16_t r16(uint64_t gpa)
{
	return (uint16_t)(mem[gpa] | mem[gpa + 1] << 8);
}

static uint32_t r32(uint64_t gpa)
{
	return r16(gpa) | (uint32_t)r16(gpa + 2) << 16;
}

static uint64_t r64(uint64_t gpa)
{
	return r32(gpa) | (uint64_t)r32(gpa + 4) << 32;
}

static uint8_t sum(uint64_t gpa, size_t n)
{
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + mem[gpa + i]);
	return s;
}

/* The table the XSDT lists with that signature (raw walk), or 0. */
static uint64_t xsdt_table(const char *sig)
{
	uint64_t xsdt = r64(rsdp + 24);
	uint32_t len = r32(xsdt + 4);

	for (uint32_t off = 36; off + 8 <= len; off += 8) {
		uint64_t t = r64(xsdt + off);

		if (!memcmp(mem + t, sig, 4))
			return t;
	}
	return 0;
}

static void fix_checksum(uint64_t table)
{
	mem[table + 9] = 0;
	mem[table + 9] = (uint8_t)-sum(table, r32(table + 4));
}

static void check_header(uint64_t t, const char *sig, uint8_t revision)
{
	CHECKF(!memcmp(mem + t, sig, 4), "signature %.4s, want %s", (char *)mem + t, sig);
	CHECKF(sum(t, r32(t + 4)) == 0, "%s checksum", sig);
	CHECK_EQ(r8(t + 8), revision);
	CHECK(!memcmp(mem + t + 10, "NESTLB", 6));
	CHECK(!memcmp(mem + t + 16, "NESTLAB ", 8));
	CHECK_EQ(r32(t + 24), 1);
	CHECK(!memcmp(mem + t + 28, "NLAB", 4));
	CHECK_EQ(r32(t + 32), 1);
}

TEST(rsdp_found_by_the_pc_scan_with_both_checksums)
{
	uint64_t found = 0;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	for (uint64_t g = 0xe0000; g < 0x100000 && !found; g += 16)
		if (!memcmp(mem + g, "RSD PTR ", 8) && sum(g, 20) == 0)
			found = g;
	CHECK_EQ(found, rsdp);
	CHECK_EQ(rsdp % 16, 0);
	CHECK_EQ(sum(rsdp, 20), 0);
	CHECK_EQ(r8(rsdp + 15), 2);                   /* revision */
	CHECK_EQ(r32(rsdp + 20), 36);                 /* length */
	CHECK_EQ(sum(rsdp, 36), 0);                   /* extended checksum */
	CHECK(!memcmp(mem + rsdp + 9, "NESTLB", 6));
	CHECK(r32(rsdp + 16) >= BIOS && r32(rsdp + 16) < BIOS + used);   /* RSDT */
	CHECK(r64(rsdp + 24) >= BIOS && r64(rsdp + 24) < BIOS + used);   /* XSDT */
	CHECK_EQ(MEMMAP_BIOS_AREA, ACPI_RSDP_SCAN_START);  /* memmap.h reserves it */
}

TEST(rsdt_and_xsdt_list_the_same_three_tables)
{
	static const char *const order[] = { "FACP", "APIC", "MCFG" };
	uint64_t rsdt, xsdt;

	CHECK_EQ(build(2), ACPI_BUILD_OK);
	rsdt = r32(rsdp + 16);
	xsdt = r64(rsdp + 24);
	check_header(rsdt, "RSDT", 1);
	check_header(xsdt, "XSDT", 1);
	CHECK_EQ(r32(rsdt + 4), 36 + 3 * 4);
	CHECK_EQ(r32(xsdt + 4), 36 + 3 * 8);
	for (unsigned i = 0; i < 3; i++) {
		uint64_t t = r64(xsdt + 36 + 8 * i);

		CHECK_EQ(r32(rsdt + 36 + 4 * i), t);
		CHECK_EQ(t % ACPI_TABLE_ALIGN, 0);
		check_header(t, order[i], !strcmp(order[i], "FACP") ? 6 : !strcmp(order[i], "APIC") ? 5 : 1);
	}
}

TEST(madt_exact_for_one_cpu)
{
	static const uint8_t want[] = {
		0x00, 0x00, 0xe0, 0xfe,                          /* local APIC address */
		0x01, 0x00, 0x00, 0x00,                          /* PCAT_COMPAT */
		0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,  /* LAPIC UID 0, ID 0, enabled */
		0x01, 0x0c, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xfe,  /* I/O APIC ID 0 at FEC00000H */
		0x00, 0x00, 0x00, 0x00,                          /* GSI base 0 */
		0x02, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, /* ISA 0 -> GSI 2 */
		0x02, 0x0a, 0x00, 0x09, 0x09, 0x00, 0x00, 0x00, 0x0d, 0x00, /* 9 -> 9 level high */
		0x04, 0x06, 0xff, 0x00, 0x00, 0x01,              /* NMI: all, LINT1 */
	};
	uint64_t madt;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	madt = xsdt_table("APIC");
	check_header(madt, "APIC", 5);
	CHECK_EQ(r32(madt + 4), 36 + sizeof(want));
	CHECK(!memcmp(mem + madt + 36, want, sizeof(want)));
}

TEST(madt_exact_for_four_cpus)
{
	static const uint8_t want[] = {
		0x00, 0x00, 0xe0, 0xfe, 0x01, 0x00, 0x00, 0x00,
		0x00, 0x08, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
		0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
		0x00, 0x08, 0x02, 0x02, 0x01, 0x00, 0x00, 0x00,
		0x00, 0x08, 0x03, 0x03, 0x01, 0x00, 0x00, 0x00,
		0x01, 0x0c, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xfe, 0x00, 0x00, 0x00, 0x00,
		0x02, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x02, 0x0a, 0x00, 0x09, 0x09, 0x00, 0x00, 0x00, 0x0d, 0x00,
		0x04, 0x06, 0xff, 0x00, 0x00, 0x01,
	};
	uint64_t madt;

	CHECK_EQ(build(4), ACPI_BUILD_OK);
	madt = xsdt_table("APIC");
	CHECK_EQ(r32(madt + 4), 36 + sizeof(want));
	CHECK(!memcmp(mem + madt + 36, want, sizeof(want)));
	CHECK_EQ(sum(madt, r32(madt + 4)), 0);

	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.madt.nlapic, 4);
	CHECK_EQ(parsed.madt.nioapic, 1);
	CHECK_EQ(parsed.madt.niso, 2);
	CHECK_EQ(parsed.madt.nnmi, 1);
	for (unsigned i = 0; i < 4; i++) {
		CHECK_EQ(parsed.madt.lapic[i].apic_id, i);
		CHECK_EQ(parsed.madt.lapic[i].processor_uid, i);
	}
}

TEST(madt_agrees_with_the_interrupt_wiring)
{
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.madt.lapic_address, APIC_DEFAULT_BASE);
	CHECK_EQ(parsed.madt.ioapic[0].address, IOAPIC_BASE);
	CHECK_EQ(parsed.madt.iso[0].source, IRQ_PIT);         /* irq_routing.h: the PIT's */
	CHECK_EQ(parsed.madt.iso[0].gsi, IRQ_PIT_GSI);        /* line reaches input 2 */
	CHECK_EQ(parsed.madt.iso[1].source, IRQ_SCI);
	CHECK_EQ(parsed.madt.iso[1].gsi, IRQ_SCI);
	CHECK_EQ(parsed.madt.iso[1].flags, ACPI_MPS_ACTIVE_HIGH | ACPI_MPS_LEVEL);
	CHECK(IRQ_PIT_GSI < IOAPIC_PINS && ACPI_PCI_PIRQD_GSI < IOAPIC_PINS);
}

TEST(mcfg_one_allocation_for_the_ecam_window)
{
	uint64_t mcfg;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	mcfg = xsdt_table("MCFG");
	check_header(mcfg, "MCFG", 1);
	CHECK_EQ(r32(mcfg + 4), 60);
	CHECK_EQ(r64(mcfg + 36), 0);                  /* reserved */
	CHECK_EQ(r64(mcfg + 44), PCI_ECAM_BASE);
	CHECK_EQ(r16(mcfg + 52), 0);                  /* segment */
	CHECK_EQ(r8(mcfg + 54), 0);
	CHECK_EQ(r8(mcfg + 55), (PCI_ECAM_SIZE >> 20) - 1);
	CHECK_EQ(r32(mcfg + 56), 0);
}

/* A legacy FADT block and its X_ form agree (ACPI 6.4 Table 5.9 offsets). */
static void check_x_block(uint64_t fadt, unsigned legacy_off, unsigned len_off, unsigned x_off,
			  uint32_t port, unsigned len)
{
	CHECK_EQ(r32(fadt + legacy_off), port);
	CHECK_EQ(r8(fadt + len_off), len);
	CHECK_EQ(r8(fadt + x_off), len ? 1 : 0);                 /* system I/O */
	CHECK_EQ(r8(fadt + x_off + 1), 8 * len);                 /* bit width */
	CHECK_EQ(r8(fadt + x_off + 2), 0);                       /* bit offset */
	CHECK_EQ(r64(fadt + x_off + 4), port);
}

/* A block the FADT does not have: its address and whole X_ GAS are 0. */
static void check_x_absent(uint64_t fadt, unsigned legacy_off, unsigned x_off)
{
	CHECK_EQ(r32(fadt + legacy_off), 0);
	for (unsigned i = 0; i < 12; i++)
		CHECK_EQ(r8(fadt + x_off + i), 0);
}

TEST(fadt_fields_and_their_x_forms)
{
	uint64_t fadt, facs, dsdt;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	fadt = xsdt_table("FACP");
	check_header(fadt, "FACP", 6);
	CHECK_EQ(r32(fadt + 4), 276);
	CHECK_EQ(r8(fadt + 131), 4);                           /* minor version: 6.4 */
	facs = r32(fadt + 36);
	dsdt = r32(fadt + 40);
	CHECK_EQ(r64(fadt + 132), 0);                          /* X_FIRMWARE_CTRL */
	CHECK_EQ(r64(fadt + 140), dsdt);                       /* X_DSDT */
	CHECK_EQ(facs % 64, 0);
	CHECK(!memcmp(mem + facs, "FACS", 4));
	CHECK_EQ(r32(facs + 4), 64);
	CHECK_EQ(r8(facs + 32), 2);                            /* version */
	check_header(dsdt, "DSDT", 2);
	CHECK_EQ(r16(fadt + 46), 9);                           /* SCI_INT */
	CHECK_EQ(r32(fadt + 48), 0);                           /* SMI_CMD */
	CHECK_EQ(r8(fadt + 52), 0);
	CHECK_EQ(r8(fadt + 53), 0);
	check_x_block(fadt, 56, 88, 148, 0x600, 4);            /* PM1a_EVT_BLK */
	check_x_absent(fadt, 60, 160);                         /* PM1b_EVT_BLK */
	check_x_block(fadt, 64, 89, 172, 0x604, 2);            /* PM1a_CNT_BLK */
	check_x_absent(fadt, 68, 184);                         /* PM1b_CNT_BLK */
	check_x_block(fadt, 72, 90, 196, 0, 0);                /* PM2: none */
	check_x_block(fadt, 76, 91, 208, 0x608, 4);            /* PM_TMR_BLK */
	check_x_block(fadt, 80, 92, 220, 0, 0);                /* GPE0: none */
	check_x_block(fadt, 84, 93, 232, 0, 0);                /* GPE1: none */
	CHECK(r16(fadt + 96) > 100);                           /* no C2 */
	CHECK(r16(fadt + 98) > 1000);                          /* no C3 */
	CHECK_EQ(r8(fadt + 108), 0x32);                        /* CENTURY */
	CHECK_EQ(r16(fadt + 109), 0x0005);                     /* LEGACY_DEVICES | VGA_NOT_PRESENT */
	CHECK_EQ(r16(fadt + 109) & 2, 0);                      /* no 8042 claimed */
	CHECK_EQ(r32(fadt + 112), 0x535);  /* WBINVD PROC_C1 PWR/SLP_BUTTON TMR_VAL_EXT RESET_REG_SUP */
	CHECK_EQ(r8(fadt + 116), 1);                           /* RESET_REG: system I/O */
	CHECK_EQ(r8(fadt + 117), 8);
	CHECK_EQ(r8(fadt + 118), 0);
	CHECK_EQ(r8(fadt + 119), 1);                           /* byte access */
	CHECK_EQ(r64(fadt + 120), 0xcf9);
	CHECK_EQ(r8(fadt + 128), 6);                           /* RESET_VALUE */

	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.nwarnings, 0);
	CHECK(parsed.have_facs);
	CHECK_EQ(parsed.facs_gpa, facs);
	CHECK_EQ(parsed.fadt.pm_tmr_blk, parsed.fadt.x_pm_tmr_blk.address);
}

TEST(fadt_matches_the_pm_block_and_reset_port)
{
	struct legacy_ports lp = { 0 };
	struct acpi_pm pm;
	uint32_t v = 0;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.fadt.pm1a_evt_blk, ACPI_PM1_EVT_BLK);
	CHECK_EQ(parsed.fadt.pm1a_cnt_blk, ACPI_PM1_CNT_BLK);
	CHECK_EQ(parsed.fadt.pm_tmr_blk, ACPI_PM_TMR_BLK);
	CHECK_EQ(parsed.fadt.sci_int, ACPI_PM_SCI_IRQ);
	CHECK_EQ(ACPI_PM_SCI_IRQ, IRQ_SCI);
	/* SMI_CMD 0 says "always in ACPI mode": PM1a_CNT must read SCI_EN. */
	acpi_pm_reset(&pm, 0);
	CHECK(acpi_pm_read(&pm, (uint16_t)parsed.fadt.pm1a_cnt_blk, 2, 0, &v));
	CHECK(v & ACPI_PM1_SCI_EN);
	/* TMR_VAL_EXT: the timer's bit 31 moves. */
	CHECK(acpi_pm_read(&pm, (uint16_t)parsed.fadt.pm_tmr_blk, 4, 0x80000000u, &v));
	CHECK_EQ(v, 0x80000000u);
	/* The reset register does reset. */
	CHECK_EQ(legacy_port_write(&lp, (uint16_t)parsed.fadt.reset_reg.address, 1,
				   parsed.fadt.reset_value), LEGACY_RESET);
}

TEST(dsdt_s5_powers_the_vm_off)
{
	const struct acpi_parsed_sleep *s5 = NULL;
	struct acpi_pm pm;
	uint32_t cnt = 0;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.dsdt.nsleep, 2);
	CHECK(!strcmp(parsed.dsdt.sleep[0].name, "_S0_"));
	CHECK_EQ(parsed.dsdt.sleep[0].slp_typ_a, 0);
	for (unsigned i = 0; i < parsed.dsdt.nsleep; i++)
		if (!strcmp(parsed.dsdt.sleep[i].name, "_S5_"))
			s5 = &parsed.dsdt.sleep[i];
	CHECK(s5 != NULL);
	if (!s5)
		return;
	CHECK_EQ(s5->slp_typ_a, 5);
	CHECK_EQ(s5->slp_typ_b, 5);
	CHECK_EQ(s5->slp_typ_a, ACPI_PM_SLP_TYP_S5);
	/* What ACPICA's acpi_hw_legacy_sleep writes: SLP_TYP, then SLP_EN. */
	acpi_pm_reset(&pm, 0);
	CHECK(acpi_pm_read(&pm, ACPI_PM1_CNT_BLK, 2, 0, &cnt));
	cnt = (cnt & ~ACPI_PM1_SLP_TYP) | (uint32_t)s5->slp_typ_a << ACPI_PM1_SLP_TYP_SHIFT;
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0, cnt), ACPI_PM_DONE);
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0, cnt | ACPI_PM1_SLP_EN),
		 ACPI_PM_POWER_OFF);
}

/* Bytes of the DSDT, searched for an exact AML sequence. */
static bool dsdt_contains(const uint8_t *seq, size_t n)
{
	uint64_t d = r32(xsdt_table("FACP") + 40);
	uint32_t len = r32(d + 4);

	for (uint32_t i = 36; i + n <= len; i++)
		if (!memcmp(mem + d + i, seq, n))
			return true;
	return false;
}

TEST(dsdt_devices_and_their_encodings)
{
	/* Name (_HID, EisaId ("PNP0A08")): 08 "_HID" DWordPrefix 41 D0 0A 08 (ACPI
	 * 6.4 19.6.35: "PNP" compressed to 41D0H, then 0A08H, big-endian). */
	static const uint8_t hid_pci0[] = { 0x08, '_', 'H', 'I', 'D', 0x0c, 0x41, 0xd0, 0x0a, 0x08 };
	/* Name (_S5, Package (4) {5, 5, 0, 0}) */
	static const uint8_t s5[] = { 0x08, '_', 'S', '5', '_', 0x12, 0x08, 0x04,
				      0x0a, 0x05, 0x0a, 0x05, 0x00, 0x00 };
	const struct acpi_parsed_device *d;

	CHECK_EQ(build(2), ACPI_BUILD_OK);
	CHECK(dsdt_contains(hid_pci0, sizeof(hid_pci0)));
	CHECK(dsdt_contains(s5, sizeof(s5)));
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK(parsed.dsdt.present);
	CHECK_EQ(parsed.dsdt.revision, 2);
	CHECK_EQ(parsed.dsdt.length, r32(parsed.dsdt.gpa + 4));
	CHECKF(parsed.dsdt.aml_complete, "AML walk stopped: %s", parsed.dsdt.aml_stop);

	d = acpi_parsed_device(&parsed, "\\_SB_.PCI0");
	CHECK(d != NULL);
	if (d) {
		CHECK(!strcmp(d->hid, "PNP0A08"));
		CHECK(!strcmp(d->cid, "PNP0A03"));
		CHECK(d->has_uid && d->uid == 0);
		CHECK(d->has_seg && d->seg == 0);
		CHECK(d->has_bbn && d->bbn == 0);
		CHECK(!d->has_adr);          /* a _HID device has no _ADR (6.1) */
		CHECK(d->has_crs && d->has_prt);
	}
	for (unsigned i = 0; i < 2; i++) {
		char path[16];

		snprintf(path, sizeof(path), "\\_SB_.C%03X", i);
		d = acpi_parsed_device(&parsed, path);
		CHECKF(d && !strcmp(d->hid, "ACPI0007") && d->has_uid && d->uid == i,
		       "processor device %s", path);
		/* Its _UID is the MADT entry's ACPI Processor UID. */
		CHECK_EQ(parsed.madt.lapic[i].processor_uid, i);
	}
	CHECK(acpi_parsed_device(&parsed, "\\_SB_.C002") == NULL);
	d = acpi_parsed_device(&parsed, "\\_SB_.PCI0.ISA_");
	CHECK(d && d->has_adr && d->adr == 0x001f0000);
	d = acpi_parsed_device(&parsed, "\\_SB_.PCI0.ISA_.RTC_");
	CHECK(d && !strcmp(d->hid, "PNP0B00"));
	d = acpi_parsed_device(&parsed, "\\_SB_.PCI0.ISA_.TMR_");
	CHECK(d && !strcmp(d->hid, "PNP0100"));
	d = acpi_parsed_device(&parsed, "\\_SB_.PCI0.ISA_.PIC_");
	CHECK(d && !strcmp(d->hid, "PNP0000"));
	d = acpi_parsed_device(&parsed, "\\_SB_.PCI0.ISA_.COM1");
	CHECK(d && !strcmp(d->hid, "PNP0501") && d->has_uid && d->uid == 1);
	if (d && d->nres == 2) {
		const struct acpi_parsed_resource *io = &parsed.dsdt.res[d->res_first];

		CHECK_EQ(io->kind, ACPI_RES_IO);
		CHECK_EQ(io->min, VUART_BASE);
		CHECK_EQ(io->len, VUART_PORTS);
		CHECK_EQ(io[1].kind, ACPI_RES_IRQ);
		CHECK_EQ(io[1].irq_mask, 1u << IRQ_UART);
	} else {
		CHECK(!"COM1 has an IO and an IRQ descriptor");
	}
	/* No keyboard controller is described (FADT says no 8042 either). */
	for (unsigned i = 0; i < parsed.dsdt.ndev; i++)
		CHECK(strcmp(parsed.dsdt.dev[i].hid, "PNP0303") && strcmp(parsed.dsdt.dev[i].hid, "PNP0F13"));
}

/* The GSI the parsed _PRT of \_SB.PCI0 gives slot/pin, or -1. */
static long prt_gsi(unsigned slot, unsigned pin)
{
	const struct acpi_parsed_device *d = acpi_parsed_device(&parsed, "\\_SB_.PCI0");

	for (unsigned i = 0; d && i < d->nprt; i++) {
		const struct acpi_parsed_prt *p = &parsed.dsdt.prt[d->prt_first + i];

		if (p->address >> 16 == slot && p->pin == pin)
			return p->source[0] ? -1 : (long)p->source_index;
	}
	return -1;
}

TEST(prt_describes_the_pci_wiring)
{
	static struct pci_cfg pci;
	unsigned with_pin = 0;

	const struct acpi_parsed_device *pci0;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	pci0 = acpi_parsed_device(&parsed, "\\_SB_.PCI0");
	CHECK(pci0 && pci0->nprt == 32 * 4);
	for (unsigned slot = 0; slot < 32; slot++)
		for (unsigned pin = 0; pin < 4; pin++)
			CHECKF(prt_gsi(slot, pin) == (long)acpi_pci_intx_gsi(slot, pin),
			       "_PRT slot %u pin %u: %ld, want %u", slot, pin, prt_gsi(slot, pin),
			       acpi_pci_intx_gsi(slot, pin));
	/* Every function of the model's inventory that has an interrupt pin:
	 * _PRT gives the GSI its Interrupt Line register and the wiring
	 * (irq_routing.c drives PCI_TESTDEV_GSI) use. */
	pci_cfg_reset(&pci);
	for (unsigned dev = 0; dev < PCI_SLOTS; dev++) {
		for (unsigned fn = 0; fn < PCI_FUNCS; fn++) {
			unsigned pin, line;

			if (pci_cfg_read(&pci, 0, dev, fn, PCI_VENDOR_ID, 2) == 0xffff)
				continue;
			pin = pci_cfg_read(&pci, 0, dev, fn, PCI_INTERRUPT_PIN, 1);
			line = pci_cfg_read(&pci, 0, dev, fn, PCI_INTERRUPT_LINE, 1);
			if (!pin)
				continue;
			with_pin++;
			CHECKF(prt_gsi(dev, pin - 1) == (long)line, "00:%02x.%u INT%c#: _PRT %ld, "
			       "Interrupt Line %u", dev, fn, 'A' + pin - 1, prt_gsi(dev, pin - 1), line);
		}
	}
	CHECK_EQ(with_pin, 1);                    /* the test device */
	CHECK_EQ(prt_gsi(2, 0), PCI_TESTDEV_GSI); /* 00:02.0 INTA# */
	/* The LPC bridge the DSDT names ISA is the model's ISA bridge. */
	CHECK_EQ(pci_cfg_read(&pci, 0, 0x1f, 0, PCI_CLASS_REVISION, 4) >> 8, 0x060100);
	/* The PCI lines are not the SCI's (whose override is active high). */
	for (unsigned i = 0; i < ACPI_PCI_PIRQS; i++)
		CHECK(acpi_pci_intx_gsi(i, 0) != IRQ_SCI);
}

static const struct acpi_parsed_resource *find_res(const struct acpi_parsed_device *d,
						   unsigned kind, uint64_t min)
{
	for (unsigned i = 0; d && i < d->nres; i++) {
		const struct acpi_parsed_resource *r = &parsed.dsdt.res[d->res_first + i];

		if (r->kind == kind && r->min == min)
			return r;
	}
	return NULL;
}

/* Whether a producer window of kind covers [lo, hi]. */
static bool window_covers(const struct acpi_parsed_device *d, unsigned kind, uint64_t lo, uint64_t hi)
{
	for (unsigned i = 0; i < d->nres; i++) {
		const struct acpi_parsed_resource *r = &parsed.dsdt.res[d->res_first + i];

		if (r->kind == kind && r->producer && r->min <= lo && hi <= r->max)
			return true;
	}
	return false;
}

TEST(crs_windows_hold_the_devices_and_ecam_is_reserved)
{
	static struct pci_cfg pci;
	const struct acpi_parsed_device *pci0, *mres;
	const struct acpi_parsed_resource *r;
	uint32_t bar0, bar1;

	CHECK_EQ(build(1), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	pci0 = acpi_parsed_device(&parsed, "\\_SB_.PCI0");
	mres = acpi_parsed_device(&parsed, "\\_SB_.MRES");
	CHECK(pci0 && mres);
	if (!pci0 || !mres)
		return;
	r = find_res(pci0, ACPI_RES_ADDR_BUS, 0);
	CHECK(r && r->producer && r->max == 255 && r->len == 256);
	r = find_res(pci0, ACPI_RES_IO, PCI_CFG_ADDR_PORT);
	CHECK(r && r->len == 8);
	CHECK(window_covers(pci0, ACPI_RES_ADDR_IO, 0, 0xcf7));
	CHECK(window_covers(pci0, ACPI_RES_ADDR_IO, 0xd00, 0xffff));
	CHECK(!window_covers(pci0, ACPI_RES_ADDR_IO, 0xcf8, 0xcf8));
	r = find_res(pci0, ACPI_RES_ADDR_MEM, 0xc0000000);
	CHECK(r && r->producer && r->max == 0xfebfffff && r->len == r->max - r->min + 1);
	CHECK(!window_covers(pci0, ACPI_RES_ADDR_MEM, PCI_ECAM_BASE, PCI_ECAM_BASE));
	CHECK(!window_covers(pci0, ACPI_RES_ADDR_MEM, IOAPIC_BASE, IOAPIC_BASE));
	CHECK(!window_covers(pci0, ACPI_RES_ADDR_MEM, APIC_DEFAULT_BASE, APIC_DEFAULT_BASE));
	/* The test device's BARs as the model resets them lie in the windows. */
	pci_cfg_reset(&pci);
	bar0 = pci_cfg_read(&pci, 0, 2, 0, PCI_BAR0, 4) & ~0xfu;
	bar1 = pci_cfg_read(&pci, 0, 2, 0, PCI_BAR0 + 4, 4) & ~0x3u;
	CHECK_EQ(bar0, PCI_TESTDEV_BAR0);
	CHECK(window_covers(pci0, ACPI_RES_ADDR_MEM, bar0, bar0 + 0xfff));
	CHECK(window_covers(pci0, ACPI_RES_ADDR_IO, bar1, bar1 + 0xff));
	/* PNP0C02 reserves what MCFG announces (Linux checks before using
	 * ECAM) and the PM ports. */
	CHECK(!strcmp(mres->hid, "PNP0C02"));
	r = find_res(mres, ACPI_RES_MEM32_FIXED, parsed.mcfg[0].base);
	CHECK(r && r->len == PCI_ECAM_SIZE);
	CHECK(find_res(mres, ACPI_RES_IO, ACPI_PM1_EVT_BLK) && find_res(mres, ACPI_RES_IO, ACPI_PM1_EVT_BLK)->len == 4);
	CHECK(find_res(mres, ACPI_RES_IO, ACPI_PM1_CNT_BLK) && find_res(mres, ACPI_RES_IO, ACPI_PM1_CNT_BLK)->len == 2);
	CHECK(find_res(mres, ACPI_RES_IO, ACPI_PM_TMR_BLK) && find_res(mres, ACPI_RES_IO, ACPI_PM_TMR_BLK)->len == 4);
}

TEST(defaults_come_from_the_device_models)
{
	struct acpi_platform p;

	acpi_platform_defaults(&p, 3, RAM);
	CHECK_EQ(p.ncpus, 3);
	CHECK_EQ(p.lapic_base, APIC_DEFAULT_BASE);
	CHECK_EQ(p.ioapic_base, IOAPIC_BASE);
	CHECK_EQ(p.ioapic_id, 0);                 /* ioapic_reset's ID register */
	CHECK_EQ(p.ecam_base, PCI_ECAM_BASE);
	CHECK_EQ(((uint64_t)p.ecam_bus_last + 1 - p.ecam_bus_first) << 20, PCI_ECAM_SIZE);
	CHECK_EQ(p.pm1a_evt_blk, ACPI_PM1_EVT_BLK);
	CHECK_EQ(p.pm1a_cnt_blk, ACPI_PM1_CNT_BLK);
	CHECK_EQ(p.pm_tmr_blk, ACPI_PM_TMR_BLK);
	CHECK_EQ(p.sci_irq, ACPI_PM_SCI_IRQ);
	CHECK_EQ(p.reset_port, 0xcf9);
	CHECK_EQ(p.reset_value, 6);
	CHECK_EQ(p.century_index, 0x32);
	CHECK_EQ(p.pci_mmio_base, PCI_ECAM_BASE + PCI_ECAM_SIZE);
	CHECK_EQ(p.pci_mmio_limit, IOAPIC_BASE - 1);
	CHECK_EQ(p.ram_below_4g, RAM);
}

TEST(layout_alignment_and_determinism)
{
	static uint8_t a[BIOS_SIZE], b[BIOS_SIZE];
	struct acpi_platform p;
	uint64_t r1, r2;
	size_t u1, u2;

	acpi_platform_defaults(&p, 2, RAM);
	memset(a, 0xa5, sizeof(a));
	memset(b, 0x5a, sizeof(b));
	CHECK_EQ(acpi_build(&p, a, BIOS, sizeof(a), &r1, &u1, NULL), ACPI_BUILD_OK);
	CHECK_EQ(acpi_build(&p, b, BIOS, sizeof(b), &r2, &u2, NULL), ACPI_BUILD_OK);
	CHECK_EQ(r1, r2);
	CHECK_EQ(u1, u2);
	CHECK(!memcmp(a, b, u1));                  /* every byte laid out is written */
	CHECK_EQ(a[u1], 0xa5);                     /* and nothing beyond */
	/* A buffer that does not start aligned: the RSDP moves to the next
	 * 16-byte boundary, the FACS to a 64-byte one. */
	CHECK_EQ(acpi_build(&p, a, BIOS + 8, sizeof(a) - 8, &r1, &u1, NULL), ACPI_BUILD_OK);
	CHECK_EQ(r1, BIOS + 16);
	CHECK_EQ(build(2), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.facs_gpa % 64, 0);
	for (unsigned i = 0; i < parsed.ntables; i++)
		CHECK(parsed.table[i].gpa >= BIOS && parsed.table[i].gpa + parsed.table[i].length <= BIOS + used);
}

TEST(the_largest_vm_fits)
{
	CHECK_EQ(build(ACPI_MAX_CPUS), ACPI_BUILD_OK);
	CHECK(used <= ACPI_BUILD_SIZE_MAX);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.madt.nlapic, ACPI_MAX_CPUS);
	CHECK_EQ(parsed.madt.lapic[ACPI_MAX_CPUS - 1].apic_id, ACPI_MAX_CPUS - 1);
	CHECK(acpi_parsed_device(&parsed, "\\_SB_.C0FE") != NULL);
	CHECK(parsed.dsdt.aml_complete);
}

/* A refused build: EINVAL, a reason, the buffer untouched. */
static void check_refused(const struct acpi_platform *p, uint64_t gpa, size_t size, const char *what)
{
	static uint8_t buf[BIOS_SIZE];
	const char *why = NULL;
	size_t u = 1;
	int rc;

	memset(buf, 0xa5, sizeof(buf));
	rc = acpi_build(p, buf, gpa, size < sizeof(buf) ? size : sizeof(buf), NULL, &u, &why);
	CHECKF(rc == ACPI_BUILD_EINVAL, "%s: rc %d", what, rc);
	CHECKF(why && *why, "%s: no reason given", what);
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != 0xa5) {
			CHECKF(0, "%s: byte %zu written", what, i);
			break;
		}
}

TEST(bad_platforms_are_refused)
{
	struct acpi_platform p;
	const char *why = NULL;

#define REFUSE(change, what)                                \
	do {                                                \
		acpi_platform_defaults(&p, 1, RAM);         \
		change;                                     \
		check_refused(&p, BIOS, BIOS_SIZE, what);   \
	} while (0)
	REFUSE(p.ncpus = 0, "no vCPU");
	REFUSE(p.ncpus = ACPI_MAX_CPUS + 1, "256 vCPUs");
	REFUSE(p.ioapic_gsi_base = 24, "GSI base");
	REFUSE(p.sci_irq = 0, "SCI on the PIT's IRQ");
	REFUSE(p.sci_irq = 2, "SCI on the cascade");
	REFUSE(p.sci_irq = 16, "SCI not an ISA IRQ");
	REFUSE(p.sci_irq = PCI_TESTDEV_GSI, "SCI on a PCI INTx line");
	REFUSE((p.ecam_bus_first = 5, p.ecam_bus_last = 4), "buses backwards");
	REFUSE(p.ecam_base += 0x1000, "ECAM unaligned");
	REFUSE(p.ram_below_4g = 0xb8000000u, "RAM over ECAM");
	REFUSE(p.pci_mmio_base = 0xbf000000u, "window over ECAM");
	REFUSE(p.pci_mmio_limit = 0xfeffffffu, "window over the I/O APIC");
	REFUSE((p.pci_mmio_base = 0xd0000000u, p.pci_mmio_limit = 0xcfffffffu), "window backwards");
	REFUSE(p.pm_tmr_blk = p.pm1a_cnt_blk, "PM blocks overlap");
	REFUSE(p.pm1a_evt_blk = 0, "PM1a_EVT at port 0");
	REFUSE(p.pm_tmr_blk = 0xfffe, "PM timer past FFFFH");
	REFUSE(p.reset_port = 0, "no reset port");
	REFUSE(p.century_index = 0x05, "century in the clock registers");
#undef REFUSE
	acpi_platform_defaults(&p, 1, RAM);
	check_refused(&p, 0xfffff000ull, 0x2000, "buffer across 4 GiB");
	check_refused(&p, RAM - 0x100, 0x200, "buffer beyond RAM");
	CHECK_EQ(acpi_build(NULL, mem, BIOS, BIOS_SIZE, NULL, NULL, &why), ACPI_BUILD_EINVAL);
	CHECK(why != NULL);
	CHECK_EQ(acpi_build(&p, NULL, BIOS, 100, NULL, NULL, &why), ACPI_BUILD_EINVAL);
	/* A refusal still leaves a working platform working. */
	CHECK_EQ(acpi_build(&p, mem + BIOS, BIOS, BIOS_SIZE, NULL, NULL, &why), ACPI_BUILD_OK);
	CHECK(why == NULL);
}

TEST(short_buffers_fail_cleanly_at_every_size)
{
	struct acpi_platform p;
	const char *why = NULL;
	size_t need = 0, u;
	uint8_t *buf;
	unsigned bad = 0;

	acpi_platform_defaults(&p, 4, RAM);
	CHECK_EQ(acpi_build(&p, NULL, BIOS, 0, NULL, &need, &why), ACPI_BUILD_ENOSPC);
	CHECK(need > 0 && why != NULL);
	/* Exactly n bytes of heap each time: ASan reports any write past. */
	for (size_t n = 0; n < need; n++) {
		buf = malloc(n ? n : 1);
		u = 0;
		why = NULL;
		if (acpi_build(&p, buf, BIOS, n, NULL, &u, &why) != ACPI_BUILD_ENOSPC || u != need ||
		    !why)
			bad++;
		free(buf);
	}
	CHECK_EQ(bad, 0);
	buf = malloc(need);
	CHECK_EQ(acpi_build(&p, buf, BIOS, need, &rsdp, &u, &why), ACPI_BUILD_OK);
	CHECK_EQ(u, need);
	free(buf);
}

/* Flips one byte of [gpa, gpa + len) at a time; the parser must fail,
 * with a checksum error except where `other` allows another (length and
 * signature fields). */
static unsigned corrupt_each_byte(uint64_t gpa, uint32_t len, const char *name,
				  bool (*other)(uint32_t off))
{
	unsigned missed = 0;

	for (uint32_t off = 0; off < len; off++) {
		int rc;

		mem[gpa + off] ^= 0x5a;
		rc = parse();
		mem[gpa + off] ^= 0x5a;
		if (rc == ACPI_PARSE_OK || (rc != ACPI_PARSE_ECHECKSUM && !(other && other(off)))) {
			if (missed++ < 3)
				printf("  %s byte %u corrupted: status %d (%s)\n", name, off, rc,
				       parsed.error);
		}
	}
	return missed;
}

static bool rsdp_other(uint32_t off)
{
	return off < 8 || (off >= 20 && off < 24);    /* signature; length */
}

static bool header_length(uint32_t off)
{
	return off >= 4 && off < 8;
}

TEST(every_single_byte_corruption_is_caught)
{
	static const char *const tables[] = { "RSDT", "XSDT", "FACP", "APIC", "MCFG", "DSDT" };
	uint64_t facs;

	CHECK_EQ(build(2), ACPI_BUILD_OK);
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(corrupt_each_byte(rsdp, 36, "RSDP", rsdp_other), 0);
	for (unsigned i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		const struct acpi_parsed_table *t;

		CHECK_EQ(parse(), ACPI_PARSE_OK);
		t = acpi_parsed_find(&parsed, tables[i]);
		CHECKF(t != NULL, "%s listed", tables[i]);
		if (t) {
			uint64_t gpa = t->gpa;
			uint32_t len = t->length;

			CHECKF(corrupt_each_byte(gpa, len, tables[i], header_length) == 0,
			       "%s: a corruption went unnoticed or was misreported", tables[i]);
		}
	}
	/* The FACS has no checksum: its signature and version are checked. */
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	facs = parsed.facs_gpa;
	CHECK(facs != 0);
	for (unsigned off = 0; off < 4; off++) {          /* signature */
		mem[facs + off] ^= 0x20;
		CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
		mem[facs + off] ^= 0x20;
	}
	mem[facs + 32] = 9;                                /* version */
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	mem[facs + 32] = ACPI_FACS_VERSION;
	mem[facs + 4] = 32;                                /* length */
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	mem[facs + 4] = 64;
	/* Nothing left behind. */
	CHECK_EQ(parse(), ACPI_PARSE_OK);
	CHECK_EQ(parsed.nwarnings, 0);
}

TEST(parser_catches_structure_with_valid_checksums)
{
	uint64_t t;

	/* X_PM_TMR_BLK disagreeing with PM_TMR_BLK. */
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	t = xsdt_table("FACP");
	mem[t + 208 + 4] = 0x10;
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	CHECKF(strstr(parsed.error, "PM_TMR_BLK") != NULL, "%s", parsed.error);
	/* X_PM1a_EVT_BLK 16 bits wide for a 4-byte block. */
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	mem[t + 148 + 1] = 16;
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	/* A MADT entry of length 0. */
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	t = xsdt_table("APIC");
	mem[t + 44 + 1] = 0;
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	/* Two processors with one APIC ID. */
	CHECK_EQ(build(2), ACPI_BUILD_OK);
	t = xsdt_table("APIC");
	mem[t + 52 + 3] = 0;
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	/* The RSDT pointing elsewhere than the XSDT. */
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	t = r32(rsdp + 16);
	mem[t + 36 + 4] ^= 0x10;               /* entry 1 (APIC) moves */
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	/* A DSDT package that claims to run past the table. */
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	t = r32(xsdt_table("FACP") + 40);
	CHECK_EQ(mem[t + 36], 0x08);           /* Name (_S0 ... */
	CHECK_EQ(mem[t + 41], 0x12);           /*   Package */
	mem[t + 42] = 0x3f;                    /* PkgLength 63: past _S0's end, inside the table */
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT); /* more elements than NumElements */
	mem[t + 42] = 0x4f;                    /* two-byte PkgLength: 0xNNF */
	mem[t + 43] = 0xff;
	fix_checksum(t);
	CHECK_EQ(parse(), ACPI_PARSE_EFORMAT);
	/* An RSDP without its signature is not found by the scan. */
	CHECK_EQ(build(1), ACPI_BUILD_OK);
	memset(mem + rsdp, 0, 8);
	CHECK_EQ(parse(), ACPI_PARSE_ENOTFOUND);
}

/* ----------------------------------------------------- iasl, if installed */

static bool have_iasl(void)
{
	return system("command -v iasl >/dev/null 2>&1") == 0;
}

static void write_table(const char *dir, const char *name, uint64_t gpa)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ(fwrite(mem + gpa, 1, r32(gpa + 4), f), r32(gpa + 4));
		fclose(f);
	}
}

static size_t file_bytes(const char *path, uint8_t *buf, size_t max)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, max, f);
	fclose(f);
	return n;
}

TEST(iasl_disassembles_and_recompiles_the_dsdt)
{
	static uint8_t aml[ACPI_BUILD_SIZE_MAX];
	char dir[] = "/tmp/test_acpi_tables.XXXXXX", cmd[1024], path[256];
	uint64_t dsdt;
	size_t n;

	if (!have_iasl()) {
		printf("  note: iasl (acpica-tools) not installed: DSDT round trip skipped\n");
		return;
	}
	CHECK(mkdtemp(dir) != NULL);
	for (unsigned ncpus = 1; ncpus <= 4; ncpus += 3) {
		CHECK_EQ(build(ncpus), ACPI_BUILD_OK);
		dsdt = r32(xsdt_table("FACP") + 40);
		write_table(dir, "dsdt.aml", dsdt);
		write_table(dir, "facp.dat", xsdt_table("FACP"));
		write_table(dir, "apic.dat", xsdt_table("APIC"));
		write_table(dir, "mcfg.dat", xsdt_table("MCFG"));
		/* Disassembly without complaint, then the ASL back to AML: no
		 * error, warning or remark, and the same bytes after the header
		 * (iasl writes its own creator ID). */
		snprintf(cmd, sizeof(cmd), "cd %s && iasl -d dsdt.aml facp.dat apic.dat mcfg.dat "
			 ">log.d 2>&1 && ! grep -qi 'error\\|warning\\|incorrect checksum' log.d && "
			 "iasl -p again dsdt.dsl >log.c 2>&1 && "
			 "grep -q '0 Errors, 0 Warnings, 0 Remarks' log.c", dir);
		CHECKF(system(cmd) == 0, "iasl on the tables of %u CPUs: see %s/log.*", ncpus, dir);
		snprintf(path, sizeof(path), "%s/again.aml", dir);
		n = file_bytes(path, aml, sizeof(aml));
		CHECK_EQ(n, r32(dsdt + 4));
		CHECK(n > 36 && !memcmp(aml + 36, mem + dsdt + 36, n - 36));
		/* iasl's reading of the FADT and MCFG (its own parser). */
		snprintf(cmd, sizeof(cmd), "cd %s && grep -q 'PM Timer Block Address : 00000608' "
			 "facp.dsl && grep -q 'RTC Century Index : 32' facp.dsl && "
			 "grep -q 'Base Address : 00000000B0000000' mcfg.dsl && "
			 "grep -q 'Interrupt : 00000002' apic.dsl", dir);
		CHECKF(system(cmd) == 0, "iasl's decoding of FACP/APIC/MCFG in %s", dir);
	}
	if (!testlib_case_failures) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		CHECK(system(cmd) == 0);
	}
}
