/* SPDX-License-Identifier: MIT */
/*
 * acpi-check: finds the ACPI tables in a memory image the way a PC's OS
 * does (the RSDP on a 16-byte boundary of E0000H-FFFFFH, ACPI 6.4
 * 5.2.5.1), walks RSDT and XSDT, validates every checksum, length and
 * revision (l1hv/platform/acpi_parse.h lists the checks), and prints what
 * the tables say: MADT entries, MCFG allocations, the FADT's PM blocks,
 * reset register, century and flags, the FACS, and the DSDT's sleep
 * states, devices, resources and PCI routing.
 *
 *   acpi-check [--base GPA] [--rsdp GPA] [--dump-dsdt FILE] [--quiet] IMAGE
 *       IMAGE holds guest-physical memory from address 0 (a VM's memory),
 *       or from GPA with --base (a blob of tables, e.g. the BIOS area).
 *   acpi-check --build NCPUS [--write FILE] [--dump-dsdt FILE] [--quiet]
 *       builds nestlab's tables (acpi_platform_defaults, 32 MiB of RAM)
 *       at E0000H and checks them; --write saves E0000H-FFFFFH for
 *       `acpi-check --base 0xe0000 FILE`.
 *   --dump-dsdt writes the DSDT's AML for `iasl -d`.
 *
 * Exit status: 0 valid, 1 invalid (the message says which table, where
 * and what), 2 bad usage or an unreadable file.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l1hv/platform/acpi_parse.h"
#include "l1hv/platform/acpi_tables.h"

#define BUILD_RAM      (32u << 20)
#define BIOS_AREA_SIZE (ACPI_RSDP_SCAN_END - ACPI_RSDP_SCAN_START)
#define PCI_INTX_NAMES "ABCD"

static const char *prog = "acpi-check";
static struct acpi_parsed parsed;      /* large: static */

static void usage(void)
{
	fprintf(stderr,
		"usage: %s [--base GPA] [--rsdp GPA] [--dump-dsdt FILE] [--quiet] IMAGE\n"
		"       %s --build NCPUS [--write FILE] [--dump-dsdt FILE] [--quiet]\n"
		"IMAGE is guest-physical memory from address 0, or from GPA with --base.\n"
		"The RSDP is looked for on 16-byte boundaries of E0000H-FFFFFH unless --rsdp\n"
		"gives it. Exit status 0: valid tables, 1: invalid, 2: usage or file error.\n",
		prog, prog);
	exit(2);
}

static uint64_t number(const char *opt, const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || !*s || *end) {
		fprintf(stderr, "%s: %s wants a number (0x... for hex), not \"%s\"\n", prog, opt, s);
		exit(2);
	}
	return v;
}

static uint8_t *read_file(const char *path, uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		fprintf(stderr, "%s: cannot read %s: %s\n", prog, path, strerror(errno));
		exit(2);
	}
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "%s: cannot read %s: %s\n", prog, path,
			buf ? strerror(errno) : "out of memory");
		exit(2);
	}
	fclose(f);
	*size = (uint64_t)n;
	return buf;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "%s: cannot write %s: %s\n", prog, path, strerror(errno));
		exit(2);
	}
}

static const char *yes(unsigned flags, unsigned bit, const char *name)
{
	return flags & bit ? name : "";
}

static void print_gas(const char *name, const struct acpi_gas *g)
{
	static const char *const access[] = { "undefined", "byte", "word", "dword", "qword" };

	printf("    %-16s %s %#" PRIx64 ", %u bits at bit %u, access %s\n", name,
	       g->space_id == ACPI_GAS_SYSTEM_IO ? "I/O" :
	       g->space_id == ACPI_GAS_SYSTEM_MEMORY ? "memory" : "space?", g->address,
	       g->bit_width, g->bit_offset, g->access_size < 5 ? access[g->access_size] : "?");
}

static void print_block(const char *name, uint32_t legacy, unsigned len, const struct acpi_gas *x,
			bool has_x)
{
	printf("  %-13s 0x%04x, %u bytes", name, legacy, len);
	if (has_x && x->address)
		printf("   X_: I/O %#" PRIx64 ", %u bits", x->address, x->bit_width);
	printf("%s\n", legacy || (has_x && x->address) ? "" : "   (none)");
}

static void print_fadt(const struct acpi_parsed *a)
{
	const struct acpi_fadt *f = &a->fadt;
	bool has_x = a->fadt_length >= ACPI_FADT_V3_LENGTH;

	printf("FADT: revision %u.%u, %u bytes\n", f->header.revision,
	       a->fadt_length > 131 ? f->minor_version & 0xf : 0, a->fadt_length);
	printf("  DSDT %#x, X_DSDT %#" PRIx64 "; FACS (FIRMWARE_CTRL) %#x, X_FIRMWARE_CTRL %#" PRIx64
	       "\n", f->dsdt, has_x ? f->x_dsdt : 0, f->firmware_ctrl,
	       has_x ? f->x_firmware_ctrl : 0);
	printf("  SCI_INT %u; SMI_CMD %#x%s, ACPI_ENABLE %#x, ACPI_DISABLE %#x\n", f->sci_int,
	       f->smi_cmd, f->smi_cmd ? "" : " (none: always in ACPI mode)", f->acpi_enable,
	       f->acpi_disable);
	print_block("PM1a_EVT_BLK", f->pm1a_evt_blk, f->pm1_evt_len, &f->x_pm1a_evt_blk, has_x);
	print_block("PM1b_EVT_BLK", f->pm1b_evt_blk, f->pm1b_evt_blk ? f->pm1_evt_len : 0,
		    &f->x_pm1b_evt_blk, has_x);
	print_block("PM1a_CNT_BLK", f->pm1a_cnt_blk, f->pm1_cnt_len, &f->x_pm1a_cnt_blk, has_x);
	print_block("PM1b_CNT_BLK", f->pm1b_cnt_blk, f->pm1b_cnt_blk ? f->pm1_cnt_len : 0,
		    &f->x_pm1b_cnt_blk, has_x);
	print_block("PM2_CNT_BLK", f->pm2_cnt_blk, f->pm2_cnt_len, &f->x_pm2_cnt_blk, has_x);
	print_block("PM_TMR_BLK", f->pm_tmr_blk, f->pm_tmr_len, &f->x_pm_tmr_blk, has_x);
	print_block("GPE0_BLK", f->gpe0_blk, f->gpe0_blk_len, &f->x_gpe0_blk, has_x);
	print_block("GPE1_BLK", f->gpe1_blk, f->gpe1_blk_len, &f->x_gpe1_blk, has_x);
	if (f->pm_tmr_blk || (has_x && f->x_pm_tmr_blk.address))
		printf("  PM timer: %s\n", f->flags & ACPI_FADT_TMR_VAL_EXT ? "32 bits (TMR_VAL_EXT)"
									   : "24 bits");
	printf("  P_LVL2_LAT %u%s, P_LVL3_LAT %u%s\n", f->p_lvl2_lat,
	       f->p_lvl2_lat > 100 ? " (no C2)" : "", f->p_lvl3_lat,
	       f->p_lvl3_lat > 1000 ? " (no C3)" : "");
	printf("  CENTURY %#x, DAY_ALRM %#x, MON_ALRM %#x\n", f->century, f->day_alrm, f->mon_alrm);
	printf("  IAPC_BOOT_ARCH 0x%04x:%s%s%s%s%s%s\n", f->iapc_boot_arch,
	       yes(f->iapc_boot_arch, ACPI_BOOT_LEGACY_DEVICES, " LEGACY_DEVICES"),
	       yes(f->iapc_boot_arch, ACPI_BOOT_8042, " 8042"),
	       yes(f->iapc_boot_arch, ACPI_BOOT_VGA_NOT_PRESENT, " VGA_NOT_PRESENT"),
	       yes(f->iapc_boot_arch, ACPI_BOOT_MSI_NOT_SUPPORTED, " MSI_NOT_SUPPORTED"),
	       yes(f->iapc_boot_arch, ACPI_BOOT_PCIE_ASPM, " PCIE_ASPM_CONTROLS"),
	       yes(f->iapc_boot_arch, ACPI_BOOT_NO_CMOS_RTC, " CMOS_RTC_NOT_PRESENT"));
	static const char *const flag_names[] = {
		"WBINVD", "WBINVD_FLUSH", "PROC_C1", "P_LVL2_UP", "PWR_BUTTON", "SLP_BUTTON",
		"FIX_RTC", "RTC_S4", "TMR_VAL_EXT", "DCK_CAP", "RESET_REG_SUP", "SEALED_CASE",
		"HEADLESS", "CPU_SW_SLP", "PCI_EXP_WAK", "USE_PLATFORM_CLOCK", "S4_RTC_STS_VALID",
		"REMOTE_POWER_ON_CAPABLE", "FORCE_APIC_CLUSTER_MODEL",
		"FORCE_APIC_PHYSICAL_DESTINATION_MODE", "HW_REDUCED_ACPI", "LOW_POWER_S0_IDLE_CAPABLE",
	};
	printf("  Flags %#010x:", f->flags);
	for (unsigned i = 0; i < 32; i++)
		if (f->flags & (1u << i))
			printf(" %s", i < sizeof(flag_names) / sizeof(flag_names[0]) ? flag_names[i] : "?");
	printf("\n");
	if (a->fadt_length >= 129) {
		print_gas("RESET_REG", &f->reset_reg);
		printf("    RESET_VALUE      0x%02x\n", f->reset_value);
	}
	if (a->fadt_length >= ACPI_FADT_V6_LENGTH) {
		char vendor[9];

		for (unsigned i = 0; i < 8; i++) {
			char c = f->hypervisor_vendor[i];
			vendor[i] = c >= 0x20 && c < 0x7f ? c : '.';
		}
		vendor[8] = 0;
		printf("  Hypervisor vendor \"%s\"\n", vendor);
	}
}

static void print_madt(const struct acpi_parsed_madt *m)
{
	printf("MADT: local APIC address %#x, flags %#x%s\n", m->lapic_address, m->flags,
	       m->flags & ACPI_MADT_PCAT_COMPAT ? " (PCAT_COMPAT: dual 8259)" : "");
	for (unsigned i = 0; i < m->nlapic; i++) {
		const struct acpi_parsed_lapic *l = &m->lapic[i];

		printf("  %s: processor UID %u, APIC ID %u, %s%s\n",
		       l->x2apic ? "Local x2APIC" : "Local APIC", l->processor_uid, l->apic_id,
		       l->flags & ACPI_MADT_ENABLED ? "enabled" : "disabled",
		       l->flags & ACPI_MADT_ONLINE_CAPABLE ? ", online capable" : "");
	}
	for (unsigned i = 0; i < m->nioapic; i++)
		printf("  I/O APIC: ID %u at %#x, GSI base %u\n", m->ioapic[i].ioapic_id,
		       m->ioapic[i].address, m->ioapic[i].gsi_base);
	for (unsigned i = 0; i < m->niso; i++) {
		static const char *const pol[] = { "polarity conforms", "active high", "?",
						   "active low" };
		static const char *const trig[] = { "trigger conforms", "edge", "?", "level" };
		const struct acpi_madt_iso *o = &m->iso[i];

		printf("  Interrupt source override: ISA IRQ %u -> GSI %u, flags 0x%04x (%s, %s)\n",
		       o->source, o->gsi, o->flags, pol[o->flags & 3], trig[o->flags >> 2 & 3]);
	}
	for (unsigned i = 0; i < m->nnmi; i++) {
		const struct acpi_madt_lapic_nmi *n = &m->nmi[i];

		if (n->processor_uid == ACPI_MADT_ALL_PROCESSORS)
			printf("  Local APIC NMI: all processors, LINT%u, flags 0x%04x\n", n->lint,
			       n->flags);
		else
			printf("  Local APIC NMI: processor UID %u, LINT%u, flags 0x%04x\n",
			       n->processor_uid, n->lint, n->flags);
	}
	if (m->nother)
		printf("  (%u entries of other types)\n", m->nother);
}

static void print_resource(const struct acpi_parsed_resource *r)
{
	switch (r->kind) {
	case ACPI_RES_IO:
		if (r->min == r->max)
			printf("      IO      %#06" PRIx64 "-%#06" PRIx64 "\n", r->min, r->min + r->len - 1);
		else
			printf("      IO      base %#06" PRIx64 "-%#06" PRIx64 ", %" PRIu64 " ports\n",
			       r->min, r->max, r->len);
		break;
	case ACPI_RES_FIXED_IO:
		printf("      FixedIO %#06" PRIx64 "-%#06" PRIx64 "\n", r->min, r->min + r->len - 1);
		break;
	case ACPI_RES_IRQ:
	case ACPI_RES_EXT_IRQ:
		printf("      IRQ    ");
		if (r->kind == ACPI_RES_EXT_IRQ)
			printf(" %" PRIu64 " (and %" PRIu64 " more)", r->min, r->len ? r->len - 1 : 0);
		for (unsigned i = 0; i < 16; i++)
			if (r->irq_mask & (1u << i))
				printf(" %u", i);
		printf("\n");
		break;
	case ACPI_RES_MEM24:
	case ACPI_RES_MEM32:
	case ACPI_RES_MEM32_FIXED:
		printf("      Memory  %#010" PRIx64 "-%#010" PRIx64 "%s\n", r->min, r->max,
		       r->specific_flags & 1 ? "" : " read-only");
		break;
	case ACPI_RES_ADDR_MEM:
	case ACPI_RES_ADDR_IO:
	case ACPI_RES_ADDR_BUS:
		printf("      %s %-6s %#" PRIx64 "-%#" PRIx64 " (%s)\n",
		       r->width == 2 ? "Word " : r->width == 4 ? "DWord" : "QWord",
		       r->kind == ACPI_RES_ADDR_MEM ? "Memory" : r->kind == ACPI_RES_ADDR_IO ? "IO" : "Bus",
		       r->min, r->max, r->producer ? "window the bridge produces" : "consumed");
		break;
	default:
		printf("      (descriptor not decoded)\n");
		break;
	}
}

static void print_prt(const struct acpi_parsed *a, const struct acpi_parsed_device *d)
{
	printf("    _PRT: %u entries\n", d->nprt);
	for (unsigned i = 0; i < d->nprt;) {
		const struct acpi_parsed_prt *p = &a->dsdt.prt[d->prt_first + i];
		uint64_t slot = p->address >> 16;

		printf("      slot %2" PRIu64 ":", slot);
		for (; i < d->nprt && a->dsdt.prt[d->prt_first + i].address >> 16 == slot; i++) {
			const struct acpi_parsed_prt *e = &a->dsdt.prt[d->prt_first + i];

			if (e->source[0])
				printf("  INT%c %s[%" PRIu64 "]", PCI_INTX_NAMES[e->pin & 3], e->source,
				       e->source_index);
			else
				printf("  INT%c GSI %" PRIu64, PCI_INTX_NAMES[e->pin & 3],
				       e->source_index);
		}
		printf("\n");
	}
}

static void print_dsdt(const struct acpi_parsed *a)
{
	const struct acpi_parsed_dsdt *d = &a->dsdt;

	printf("DSDT: %u bytes, revision %u (%u-bit integers)\n", d->length, d->revision,
	       d->revision >= 2 ? 64 : 32);
	for (unsigned i = 0; i < d->nsleep; i++)
		printf("  \\%s: SLP_TYPa %" PRIu64 ", SLP_TYPb %" PRIu64 "\n", d->sleep[i].name,
		       d->sleep[i].slp_typ_a, d->sleep[i].slp_typ_b);
	for (unsigned i = 0; i < d->ndev; i++) {
		const struct acpi_parsed_device *v = &d->dev[i];

		printf("  Device %s%s", v->path, v->processor ? " (Processor)" : "");
		if (v->hid[0])
			printf("  _HID %s", v->hid);
		if (v->cid[0])
			printf("  _CID %s", v->cid);
		if (v->has_uid)
			printf("  _UID %" PRIu64, v->uid);
		if (v->has_adr)
			printf("  _ADR %#" PRIx64, v->adr);
		if (v->has_seg)
			printf("  _SEG %" PRIu64, v->seg);
		if (v->has_bbn)
			printf("  _BBN %" PRIu64, v->bbn);
		printf("\n");
		if (v->has_crs) {
			printf("    _CRS:\n");
			for (unsigned r = 0; r < v->nres; r++)
				print_resource(&d->res[v->res_first + r]);
		}
		if (v->has_prt)
			print_prt(a, v);
	}
	if (!d->aml_complete)
		printf("  AML walk stopped at %s\n", d->aml_stop);
}

static void print_all(const struct acpi_parsed *a)
{
	const struct acpi_rsdp *r = &a->rsdp;
	char oem[7];

	memcpy(oem, r->oem_id, 6);
	oem[6] = 0;
	printf("RSDP at %#" PRIx64 ": revision %u, OEM \"%s\", RSDT %#x", a->rsdp_gpa, r->revision,
	       oem, r->rsdt_address);
	if (r->revision >= ACPI_RSDP_REVISION)
		printf(", XSDT %#" PRIx64 ", length %u", r->xsdt_address, r->length);
	printf(", checksums valid\n");
	printf("Tables (%u):\n", a->ntables);
	for (unsigned i = 0; i < a->ntables; i++) {
		const struct acpi_parsed_table *t = &a->table[i];

		if (!strcmp(t->signature, "FACS"))
			printf("  FACS at %#010" PRIx64 ", %4u bytes, version %u (no checksum)\n",
			       t->gpa, t->length, t->revision);
		else
			printf("  %s at %#010" PRIx64 ", %4u bytes, revision %u, \"%s\" \"%s\" %u, "
			       "creator \"%s\" %u%s%s\n", t->signature, t->gpa, t->length,
			       t->revision, t->oem_id, t->oem_table_id, t->oem_revision,
			       t->creator_id, t->creator_revision, t->in_rsdt ? ", in RSDT" : "",
			       t->in_xsdt ? ", in XSDT" : "");
	}
	print_fadt(a);
	if (a->have_facs)
		printf("FACS: hardware signature %#x, waking vector %#x, global lock %#x, flags %#x, "
		       "version %u\n", a->facs.hardware_signature, a->facs.firmware_waking_vector,
		       a->facs.global_lock, a->facs.flags, a->facs.version);
	if (a->madt.present)
		print_madt(&a->madt);
	for (unsigned i = 0; i < a->nmcfg; i++) {
		const struct acpi_mcfg_alloc *m = &a->mcfg[i];
		uint64_t lo = m->base + ((uint64_t)m->bus_first << ACPI_ECAM_BUS_SHIFT);
		uint64_t hi = m->base + ((uint64_t)(m->bus_last + 1) << ACPI_ECAM_BUS_SHIFT) - 1;

		printf("MCFG: segment %u, buses %u-%u, base %#" PRIx64 " (ECAM %#" PRIx64 "-%#" PRIx64
		       ", %" PRIu64 " MiB)\n", m->segment, m->bus_first, m->bus_last, m->base, lo, hi,
		       (hi - lo + 1) >> 20);
	}
	print_dsdt(a);
}

int main(int argc, char **argv)
{
	const char *image = NULL, *dump_dsdt = NULL, *write_path = NULL;
	uint64_t base = 0, rsdp = 0, size = 0;
	bool quiet = false, build = false;
	unsigned ncpus = 0;
	uint8_t *data;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--base") && i + 1 < argc)
			base = number(a, argv[++i]);
		else if (!strcmp(a, "--rsdp") && i + 1 < argc)
			rsdp = number(a, argv[++i]);
		else if (!strcmp(a, "--dump-dsdt") && i + 1 < argc)
			dump_dsdt = argv[++i];
		else if (!strcmp(a, "--write") && i + 1 < argc)
			write_path = argv[++i];
		else if (!strcmp(a, "--build") && i + 1 < argc)
			build = true, ncpus = (unsigned)number(a, argv[++i]);
		else if (!strcmp(a, "--quiet"))
			quiet = true;
		else if (a[0] == '-' || image)
			usage();
		else
			image = a;
	}
	if (build == !!image || (write_path && !build))
		usage();

	if (build) {
		struct acpi_platform p;
		const char *why;
		uint64_t rsdp_gpa;
		size_t used;

		acpi_platform_defaults(&p, ncpus, BUILD_RAM);
		base = ACPI_RSDP_SCAN_START;
		size = BIOS_AREA_SIZE;
		data = calloc(1, size);
		if (!data) {
			fprintf(stderr, "%s: out of memory\n", prog);
			return 2;
		}
		rc = acpi_build(&p, data, base, size, &rsdp_gpa, &used, &why);
		if (rc) {
			fprintf(stderr, "%s: acpi_build refused: %s\n", prog, why);
			free(data);
			return 1;
		}
		if (!quiet)
			printf("acpi_build: %u CPUs, RSDP at %#" PRIx64 ", %zu bytes used\n", ncpus,
			       rsdp_gpa, used);
		if (write_path)
			write_file(write_path, data, size);
	} else {
		data = read_file(image, &size);
	}

	struct acpi_image img = { .data = data, .base = base, .size = size };
	rc = acpi_parse(&img, rsdp, &parsed);
	if (rc) {
		fprintf(stderr, "%s: error: %s\n", prog, parsed.error);
		free(data);
		return 1;
	}
	if (!quiet)
		print_all(&parsed);
	if (parsed.nwarnings)
		fprintf(stderr, "%s: %u warning%s:\n%s", prog, parsed.nwarnings,
			parsed.nwarnings == 1 ? "" : "s", parsed.warnings);
	if (dump_dsdt) {
		const uint8_t *d = data + (parsed.dsdt.gpa - base);

		write_file(dump_dsdt, d, parsed.dsdt.length);
	}
	printf("%s: OK: %u tables, every checksum valid%s\n", prog, parsed.ntables,
	       parsed.dsdt.aml_complete ? ", DSDT AML fully decoded" : "");
	free(data);
	return 0;
}
