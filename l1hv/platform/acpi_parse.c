/* SPDX-License-Identifier: MIT */
/* Reads and validates ACPI tables in guest-physical memory: see
 * acpi_parse.h.
 *
 * l1hv's freestanding build compiles every file under l1hv/, and nothing
 * in l1hv calls the parser yet: there it compiles to nothing unless
 * NESTLAB_ACPI_PARSE is defined (the code is freestanding-clean; 27 KiB of
 * text that would otherwise ride in every l1hv image). */
#if defined(NESTLAB_HOSTED) || defined(NESTLAB_ACPI_PARSE)
#include "l1hv/platform/acpi_parse.h"
#include "common/le_bytes.h"

#include <stdarg.h>

#ifndef NESTLAB_HOSTED
#include "common/free/string.h"
#else
#include <string.h>
#endif

#include "common/fmt.h"

#define HEADER_LEN      ((uint32_t)sizeof(struct acpi_header))
#define MADT_FIXED_LEN  ((uint32_t)sizeof(struct acpi_madt))
#define MCFG_FIXED_LEN  ((uint32_t)sizeof(struct acpi_mcfg))
#define RSDP_LEN_MAX    4096u         /* an RSDP "length" above this is corrupt */
#define ECAM_ALIGN      (1ull << ACPI_ECAM_BUS_SHIFT)
#define CMOS_FIRST_RAM  0x0e
#define FACS_VERSION_MAX 3u
#define GAS_PCI_CONFIG  2u
#define MPS_RESERVED    0x2u          /* polarity or trigger value 10b */
#define MPS_FLAGS_MASK  0xfu

typedef unsigned long long ull;

/* ------------------------------------------------------------ reporting */

static int fail(struct acpi_parsed *a, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct acpi_parsed *a, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(a->error, sizeof(a->error), fmt, ap);
	va_end(ap);
	return status;
}

static void warn(struct acpi_parsed *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void warn(struct acpi_parsed *a, const char *fmt, ...)
{
	size_t used = strlen(a->warnings);
	va_list ap;

	a->nwarnings++;
	if (used + 2 >= sizeof(a->warnings))
		return;
	va_start(ap, fmt);
	fmt_vsnprintf(a->warnings + used, sizeof(a->warnings) - used - 1, fmt, ap);
	va_end(ap);
	used = strlen(a->warnings);
	a->warnings[used] = '\n';
	a->warnings[used + 1] = 0;
}

/* ------------------------------------------------------------ memory */

static const uint8_t *at(const struct acpi_image *img, uint64_t gpa, uint64_t len)
{
	if (gpa < img->base || gpa - img->base > img->size || len > img->size - (gpa - img->base))
		return NULL;
	return img->data + (gpa - img->base);
}

static uint8_t sum8(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	for (size_t i = 0; i < n; i++)
		s = (uint8_t)(s + p[i]);
	return s;
}

/* n characters of p as a printable, NUL-terminated string. */
static void text(char *out, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		out[i] = b[i] >= 0x20 && b[i] < 0x7f ? (char)b[i] : '?';
	out[n] = 0;
}

/* ------------------------------------------------------------ RSDP */

static int check_rsdp(const struct acpi_image *img, uint64_t gpa, struct acpi_parsed *a)
{
	const uint8_t *r = at(img, gpa, ACPI_RSDP_V1_LENGTH);
	uint32_t length;

	if (!r)
		return fail(a, ACPI_PARSE_ERANGE, "RSDP at %#llx: outside the image", (ull)gpa);
	if (memcmp(r, "RSD PTR ", 8))
		return fail(a, ACPI_PARSE_ENOTFOUND, "RSDP at %#llx: no \"RSD PTR \" signature",
			    (ull)gpa);
	if (sum8(r, ACPI_RSDP_V1_LENGTH))
		return fail(a, ACPI_PARSE_ECHECKSUM,
			    "RSDP at %#llx: checksum wrong: bytes 0-19 sum to %#x, not 0", (ull)gpa,
			    sum8(r, ACPI_RSDP_V1_LENGTH));
	memset(&a->rsdp, 0, sizeof(a->rsdp));
	memcpy(&a->rsdp, r, ACPI_RSDP_V1_LENGTH);
	if (r[15] >= ACPI_RSDP_REVISION) {
		if (!at(img, gpa, sizeof(struct acpi_rsdp)))
			return fail(a, ACPI_PARSE_ERANGE, "RSDP at %#llx: revision %u, its 36 bytes "
				    "run past the image", (ull)gpa, r[15]);
		length = le32(r + 20);
		if (length < sizeof(struct acpi_rsdp) || length > RSDP_LEN_MAX)
			return fail(a, ACPI_PARSE_EFORMAT, "RSDP at %#llx: revision %u with length "
				    "%u, not 36", (ull)gpa, r[15], length);
		if (!(r = at(img, gpa, length)))
			return fail(a, ACPI_PARSE_ERANGE, "RSDP at %#llx: length %u runs past the "
				    "image", (ull)gpa, length);
		if (sum8(r, length))
			return fail(a, ACPI_PARSE_ECHECKSUM, "RSDP at %#llx: extended checksum "
				    "wrong: its %u bytes sum to %#x, not 0", (ull)gpa, length,
				    sum8(r, length));
		memcpy(&a->rsdp, r, sizeof(a->rsdp));
	} else if (r[15] != 0) {
		return fail(a, ACPI_PARSE_EFORMAT, "RSDP at %#llx: revision %u (0 or 2 and above "
			    "are defined)", (ull)gpa, r[15]);
	}
	a->rsdp_gpa = gpa;
	return ACPI_PARSE_OK;
}

/* The first valid RSDP on the scan's 16-byte boundaries; a signature
 * with bad contents is reported if no later one is valid. */
static int find_rsdp(const struct acpi_image *img, struct acpi_parsed *a)
{
	int first_bad = ACPI_PARSE_OK;
	char why[sizeof(a->error)];
	bool covered = false;

	for (uint64_t g = ACPI_RSDP_SCAN_START; g < ACPI_RSDP_SCAN_END; g += ACPI_RSDP_ALIGN) {
		const uint8_t *p = at(img, g, 8);
		int rc;

		if (!p)
			continue;
		covered = true;
		if (memcmp(p, "RSD PTR ", 8))
			continue;
		rc = check_rsdp(img, g, a);
		if (rc == ACPI_PARSE_OK)
			return rc;
		if (first_bad == ACPI_PARSE_OK) {
			first_bad = rc;
			memcpy(why, a->error, sizeof(why));
		}
	}
	if (first_bad != ACPI_PARSE_OK) {
		memcpy(a->error, why, sizeof(a->error));
		return first_bad;
	}
	if (!covered)
		return fail(a, ACPI_PARSE_ENOTFOUND, "the image [%#llx, %#llx) does not cover the "
			    "RSDP's scan area E0000H-FFFFFH: give the image's base or the RSDP's "
			    "address", (ull)img->base, (ull)(img->base + img->size));
	return fail(a, ACPI_PARSE_ENOTFOUND, "no RSDP: no \"RSD PTR \" on a 16-byte boundary of "
		    "E0000H-FFFFFH");
}

/* ------------------------------------------------------------ tables */

static int record_table(struct acpi_parsed *a, uint64_t gpa, const uint8_t *t,
			struct acpi_parsed_table **out)
{
	struct acpi_parsed_table *e;

	for (unsigned i = 0; i < a->ntables; i++) {
		if (a->table[i].gpa == gpa) {
			*out = &a->table[i];
			return ACPI_PARSE_OK;
		}
	}
	if (a->ntables == ACPI_PARSE_MAX_TABLES)
		return fail(a, ACPI_PARSE_ELIMIT, "more than %u tables", ACPI_PARSE_MAX_TABLES);
	e = &a->table[a->ntables++];
	memset(e, 0, sizeof(*e));
	text(e->signature, t, 4);
	e->gpa = gpa;
	e->length = le32(t + 4);
	e->revision = t[8];
	text(e->oem_id, t + 10, 6);
	text(e->oem_table_id, t + 16, 8);
	e->oem_revision = le32(t + 24);
	text(e->creator_id, t + 28, 4);
	e->creator_revision = le32(t + 32);
	*out = e;
	return ACPI_PARSE_OK;
}

/* A table with a standard header at gpa: in the image, sane length,
 * valid checksum, the expected signature (if sig). */
static int load_table(const struct acpi_image *img, uint64_t gpa, const char *via,
		      const char *sig, struct acpi_parsed *a, const uint8_t **out,
		      struct acpi_parsed_table **rec)
{
	const uint8_t *t = at(img, gpa, HEADER_LEN);
	uint32_t length;
	char s[5];

	if (!gpa)
		return fail(a, ACPI_PARSE_EFORMAT, "%s: table address 0", via);
	if (!t)
		return fail(a, ACPI_PARSE_ERANGE, "%s: table at %#llx is outside the image", via,
			    (ull)gpa);
	text(s, t, 4);
	length = le32(t + 4);
	if (length < HEADER_LEN || length > ACPI_PARSE_TABLE_MAX)
		return fail(a, ACPI_PARSE_EFORMAT, "%s: %s at %#llx has length %u (a table is 36 "
			    "bytes to 1 MiB)", via, s, (ull)gpa, length);
	if (!(t = at(img, gpa, length)))
		return fail(a, ACPI_PARSE_ERANGE, "%s: %s at %#llx with length %u runs past the "
			    "image", via, s, (ull)gpa, length);
	if (sum8(t, length))
		return fail(a, ACPI_PARSE_ECHECKSUM, "%s at %#llx: checksum wrong: its %u bytes "
			    "sum to %#x, not 0", s, (ull)gpa, length, sum8(t, length));
	if (sig && memcmp(t, sig, 4))
		return fail(a, ACPI_PARSE_EFORMAT, "%s: table at %#llx has signature \"%s\", not "
			    "\"%s\"", via, (ull)gpa, s, sig);
	*out = t;
	return record_table(a, gpa, t, rec);
}

/* ------------------------------------------------------------ FADT */

static bool fadt_has(uint32_t length, size_t off, size_t size)
{
	return off + size <= length;
}

#define FADT_HAS(len, field) \
	fadt_has(len, __builtin_offsetof(struct acpi_fadt, field), sizeof(((struct acpi_fadt *)0)->field))

struct fadt_block {
	const char *name;
	uint32_t legacy;
	uint8_t len;
	const struct acpi_gas *x;
	uint8_t min_len;            /* a present block is at least this long */
	bool required;              /* unless HW_REDUCED */
};

static int check_block(struct acpi_parsed *a, const struct fadt_block *b, bool has_x,
		       bool hw_reduced)
{
	uint64_t x = has_x ? b->x->address : 0;
	uint64_t addr = x ? x : b->legacy;

	if (x && b->legacy && x != b->legacy)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: X_%s address %#llx differs from %s %#x",
			    b->name, (ull)x, b->name, b->legacy);
	if (x && b->x->space_id != ACPI_GAS_SYSTEM_IO && b->x->space_id != ACPI_GAS_SYSTEM_MEMORY)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: X_%s is in address space %u (system "
			    "I/O or memory expected)", b->name, b->x->space_id);
	if (x && b->x->bit_width != 8u * b->len)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: X_%s is %u bits wide but its length "
			    "field says %u bytes (ACPICA wants 8 bits per byte)", b->name,
			    b->x->bit_width, b->len);
	if (addr && b->len < b->min_len)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: %s at %#llx has length %u, below %u",
			    b->name, (ull)addr, b->len, b->min_len);
	if (!addr && b->required && !hw_reduced)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: no %s, which every non-HW_REDUCED "
			    "platform has (4.8.3)", b->name);
	if (!addr && b->len)
		warn(a, "FADT: %s has length %u but no address", b->name, b->len);
	return ACPI_PARSE_OK;
}

/* The FADT length each revision defines (5.2.9; revision 2 was the
 * ACPI 1.0b errata's 129-byte table). */
static uint32_t fadt_length_for(uint8_t revision)
{
	static const uint16_t lengths[] = { 0, ACPI_FADT_V1_LENGTH, 129, ACPI_FADT_V3_LENGTH,
					    ACPI_FADT_V3_LENGTH, ACPI_FADT_V5_LENGTH,
					    ACPI_FADT_V6_LENGTH };

	return revision < sizeof(lengths) / sizeof(lengths[0]) ? lengths[revision]
							     : ACPI_FADT_V6_LENGTH;
}

static int parse_dsdt(const struct acpi_image *img, uint64_t gpa, struct acpi_parsed *a);

static int parse_facs(const struct acpi_image *img, uint64_t gpa, struct acpi_parsed *a)
{
	const uint8_t *f = at(img, gpa, sizeof(struct acpi_facs));
	struct acpi_parsed_table *rec;
	uint32_t length;

	if (!f)
		return fail(a, ACPI_PARSE_ERANGE, "FACS at %#llx: outside the image", (ull)gpa);
	if (memcmp(f, "FACS", 4)) {
		char s[5];

		text(s, f, 4);
		return fail(a, ACPI_PARSE_EFORMAT, "FACS at %#llx: signature \"%s\", not \"FACS\"",
			    (ull)gpa, s);
	}
	length = le32(f + 4);
	if (length < sizeof(struct acpi_facs) || length > ACPI_PARSE_TABLE_MAX)
		return fail(a, ACPI_PARSE_EFORMAT, "FACS at %#llx: length %u, below 64", (ull)gpa,
			    length);
	if (!at(img, gpa, length))
		return fail(a, ACPI_PARSE_ERANGE, "FACS at %#llx: length %u runs past the image",
			    (ull)gpa, length);
	if (gpa % ACPI_FACS_ALIGN)
		return fail(a, ACPI_PARSE_EFORMAT, "FACS at %#llx: not 64-byte aligned (5.2.10)",
			    (ull)gpa);
	memcpy(&a->facs, f, sizeof(a->facs));
	if (a->facs.version > FACS_VERSION_MAX)
		return fail(a, ACPI_PARSE_EFORMAT, "FACS at %#llx: version %u (0-3 are defined)",
			    (ull)gpa, a->facs.version);
	a->have_facs = true;
	a->facs_gpa = gpa;
	if (a->ntables == ACPI_PARSE_MAX_TABLES)
		return fail(a, ACPI_PARSE_ELIMIT, "more than %u tables", ACPI_PARSE_MAX_TABLES);
	rec = &a->table[a->ntables++];
	memset(rec, 0, sizeof(*rec));
	memcpy(rec->signature, "FACS", 5);
	rec->gpa = gpa;
	rec->length = length;
	rec->revision = a->facs.version;
	return ACPI_PARSE_OK;
}

static int parse_fadt(const struct acpi_image *img, const uint8_t *t, struct acpi_parsed *a)
{
	uint32_t length = le32(t + 4);
	const struct acpi_fadt *f = &a->fadt;
	uint8_t rev = t[8];
	bool has_x, hw_reduced;
	uint64_t dsdt, facs;
	int rc;

	if (a->have_fadt)
		return fail(a, ACPI_PARSE_EFORMAT, "two FADTs listed");
	a->have_fadt = true;
	a->fadt_length = length;
	memset(&a->fadt, 0, sizeof(a->fadt));
	memcpy(&a->fadt, t, length < sizeof(a->fadt) ? length : sizeof(a->fadt));
	if (rev == 0)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: revision 0");
	if (length < fadt_length_for(rev))
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: revision %u needs %u bytes, it has %u",
			    rev, fadt_length_for(rev), length);
	if (rev >= ACPI_FADT_REVISION && length > ACPI_FADT_V6_LENGTH)
		warn(a, "FADT: %u bytes, longer than revision 6's 276 (Linux 6.1 ignores the rest)",
		     length);
	has_x = FADT_HAS(length, x_gpe1_blk);
	hw_reduced = rev >= 5 && (f->flags & ACPI_FADT_HW_REDUCED);   /* defined from 5 */

	dsdt = has_x && f->x_dsdt ? f->x_dsdt : f->dsdt;
	if (has_x && f->x_dsdt && f->dsdt && f->x_dsdt != f->dsdt)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: DSDT %#x and X_DSDT %#llx differ", f->dsdt,
			    (ull)f->x_dsdt);
	facs = has_x && f->x_firmware_ctrl ? f->x_firmware_ctrl : f->firmware_ctrl;
	if (has_x && f->x_firmware_ctrl && f->firmware_ctrl) {
		if (f->x_firmware_ctrl != f->firmware_ctrl)
			return fail(a, ACPI_PARSE_EFORMAT, "FADT: FIRMWARE_CTRL %#x and "
				    "X_FIRMWARE_CTRL %#llx differ", f->firmware_ctrl,
				    (ull)f->x_firmware_ctrl);
		warn(a, "FADT: X_FIRMWARE_CTRL must be 0 when FIRMWARE_CTRL is set (5.2.9)");
	}
	if (!facs && !hw_reduced)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: no FACS, which a platform that is not "
			    "HW_REDUCED needs (5.2.10)");

	const struct acpi_gas none = { 0 };
	const struct fadt_block blocks[] = {
		{ "PM1a_EVT_BLK", f->pm1a_evt_blk, f->pm1_evt_len, has_x ? &f->x_pm1a_evt_blk : &none,
		  ACPI_PM1_EVT_LEN, true },
		{ "PM1b_EVT_BLK", f->pm1b_evt_blk, f->pm1b_evt_blk || (has_x && f->x_pm1b_evt_blk.address)
						   ? f->pm1_evt_len : 0,
		  has_x ? &f->x_pm1b_evt_blk : &none, ACPI_PM1_EVT_LEN, false },
		{ "PM1a_CNT_BLK", f->pm1a_cnt_blk, f->pm1_cnt_len, has_x ? &f->x_pm1a_cnt_blk : &none,
		  ACPI_PM1_CNT_LEN, true },
		{ "PM1b_CNT_BLK", f->pm1b_cnt_blk, f->pm1b_cnt_blk || (has_x && f->x_pm1b_cnt_blk.address)
						   ? f->pm1_cnt_len : 0,
		  has_x ? &f->x_pm1b_cnt_blk : &none, ACPI_PM1_CNT_LEN, false },
		{ "PM2_CNT_BLK", f->pm2_cnt_blk, f->pm2_cnt_len, has_x ? &f->x_pm2_cnt_blk : &none, 1,
		  false },
		{ "PM_TMR_BLK", f->pm_tmr_blk, f->pm_tmr_len, has_x ? &f->x_pm_tmr_blk : &none,
		  ACPI_PM_TMR_LEN, false },
		{ "GPE0_BLK", f->gpe0_blk, f->gpe0_blk_len, has_x ? &f->x_gpe0_blk : &none, 2, false },
		{ "GPE1_BLK", f->gpe1_blk, f->gpe1_blk_len, has_x ? &f->x_gpe1_blk : &none, 2, false },
	};
	for (unsigned i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++)
		if ((rc = check_block(a, &blocks[i], has_x, hw_reduced)))
			return rc;
	if ((f->gpe0_blk_len | f->gpe1_blk_len) & 1)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: GPE block lengths %u and %u must be even",
			    f->gpe0_blk_len, f->gpe1_blk_len);
	if (f->pm_tmr_len && f->pm_tmr_len != ACPI_PM_TMR_LEN)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: PM_TMR_LEN %u, not 4", f->pm_tmr_len);
	if (!f->smi_cmd && (f->acpi_enable || f->acpi_disable))
		warn(a, "FADT: ACPI_ENABLE/ACPI_DISABLE set without an SMI_CMD port");
	if (!hw_reduced && !f->sci_int)
		warn(a, "FADT: SCI_INT is 0");
	if (f->century && f->century < CMOS_FIRST_RAM)
		warn(a, "FADT: CENTURY %#x is one of the RTC's clock registers", f->century);
	if (FADT_HAS(length, reset_value) && (f->flags & ACPI_FADT_RESET_REG_SUP)) {
		const struct acpi_gas *r = &f->reset_reg;

		if (!r->address)
			return fail(a, ACPI_PARSE_EFORMAT, "FADT: RESET_REG_SUP set but RESET_REG "
				    "has no address");
		if (r->space_id != ACPI_GAS_SYSTEM_IO && r->space_id != ACPI_GAS_SYSTEM_MEMORY &&
		    r->space_id != GAS_PCI_CONFIG)
			return fail(a, ACPI_PARSE_EFORMAT, "FADT: RESET_REG in address space %u "
				    "(I/O, memory or PCI configuration allowed)", r->space_id);
		if (r->bit_width != 8 || r->bit_offset != 0)
			warn(a, "FADT: RESET_REG is %u bits at bit %u, not 8 at 0", r->bit_width,
			     r->bit_offset);
	}

	if (!dsdt)
		return fail(a, ACPI_PARSE_EFORMAT, "FADT: no DSDT");
	if ((rc = parse_dsdt(img, dsdt, a)))
		return rc;
	if (facs && (rc = parse_facs(img, facs, a)))
		return rc;
	return ACPI_PARSE_OK;
}

/* ------------------------------------------------------------ MADT */

static int parse_madt(const uint8_t *t, struct acpi_parsed *a)
{
	struct acpi_parsed_madt *m = &a->madt;
	uint32_t length = le32(t + 4);
	unsigned enabled = 0;

	if (m->present)
		return fail(a, ACPI_PARSE_EFORMAT, "two MADTs listed");
	m->present = true;
	if (t[8] == 0)
		return fail(a, ACPI_PARSE_EFORMAT, "MADT: revision 0");
	if (length < MADT_FIXED_LEN)
		return fail(a, ACPI_PARSE_EFORMAT, "MADT: length %u, below 44", length);
	m->lapic_address = le32(t + 36);
	m->flags = le32(t + 40);
	for (uint32_t off = MADT_FIXED_LEN; off < length;) {
		static const uint8_t need[] = {
			[ACPI_MADT_LAPIC] = sizeof(struct acpi_madt_lapic),
			[ACPI_MADT_IOAPIC] = sizeof(struct acpi_madt_ioapic),
			[ACPI_MADT_ISO] = sizeof(struct acpi_madt_iso),
			[ACPI_MADT_NMI_SOURCE] = 8,
			[ACPI_MADT_LAPIC_NMI] = sizeof(struct acpi_madt_lapic_nmi),
			[ACPI_MADT_LAPIC_OVERRIDE] = 12,
			[ACPI_MADT_X2APIC] = sizeof(struct acpi_madt_x2apic),
			[ACPI_MADT_X2APIC_NMI] = 12,
		};
		const uint8_t *e = t + off;
		uint8_t type, len;

		if (length - off < 2)
			return fail(a, ACPI_PARSE_EFORMAT, "MADT: entry at offset %u cut off by the "
				    "table's end", off);
		type = e[0];
		len = e[1];
		if (len < 2 || len > length - off)
			return fail(a, ACPI_PARSE_EFORMAT, "MADT: entry at offset %u (type %u) has "
				    "length %u; %u bytes remain", off, type, len, length - off);
		if (type < sizeof(need) && need[type] && len != need[type])
			return fail(a, ACPI_PARSE_EFORMAT, "MADT: type %u entry at offset %u has "
				    "length %u, not %u", type, off, len, need[type]);
		switch (type) {
		case ACPI_MADT_LAPIC:
		case ACPI_MADT_X2APIC: {
			struct acpi_parsed_lapic *l;

			if (m->nlapic == ACPI_PARSE_MAX_LAPICS)
				return fail(a, ACPI_PARSE_ELIMIT, "MADT: more than %u processors",
					    ACPI_PARSE_MAX_LAPICS);
			l = &m->lapic[m->nlapic++];
			l->x2apic = type == ACPI_MADT_X2APIC;
			l->processor_uid = l->x2apic ? le32(e + 12) : e[2];
			l->apic_id = l->x2apic ? le32(e + 4) : e[3];
			l->flags = l->x2apic ? le32(e + 8) : le32(e + 4);
			enabled += l->flags & ACPI_MADT_ENABLED;
			for (unsigned i = 0; i + 1 < m->nlapic; i++)
				if (m->lapic[i].apic_id == l->apic_id)
					return fail(a, ACPI_PARSE_EFORMAT, "MADT: APIC ID %u listed "
						    "twice", l->apic_id);
			break;
		}
		case ACPI_MADT_IOAPIC:
			if (m->nioapic == ACPI_PARSE_MAX_IOAPICS)
				return fail(a, ACPI_PARSE_ELIMIT, "MADT: more than %u I/O APICs",
					    ACPI_PARSE_MAX_IOAPICS);
			memcpy(&m->ioapic[m->nioapic], e, sizeof(m->ioapic[0]));
			if (!m->ioapic[m->nioapic].address)
				return fail(a, ACPI_PARSE_EFORMAT, "MADT: I/O APIC %u at address 0",
					    e[2]);
			for (unsigned i = 0; i < m->nioapic; i++)
				if (m->ioapic[i].ioapic_id == e[2])
					return fail(a, ACPI_PARSE_EFORMAT, "MADT: I/O APIC ID %u "
						    "listed twice", e[2]);
			m->nioapic++;
			break;
		case ACPI_MADT_ISO: {
			struct acpi_madt_iso *o;
			unsigned pol, trig;

			if (m->niso == ACPI_PARSE_MAX_ISOS)
				return fail(a, ACPI_PARSE_ELIMIT, "MADT: more than %u overrides",
					    ACPI_PARSE_MAX_ISOS);
			o = &m->iso[m->niso++];
			memcpy(o, e, sizeof(*o));
			pol = o->flags & ACPI_MPS_POLARITY_MASK;
			trig = (o->flags & ACPI_MPS_TRIGGER_MASK) >> 2;
			if (o->bus != 0)
				return fail(a, ACPI_PARSE_EFORMAT, "MADT: override of IRQ %u on bus "
					    "%u (0, ISA, is the only one)", o->source, o->bus);
			if (pol == MPS_RESERVED || trig == MPS_RESERVED)
				return fail(a, ACPI_PARSE_EFORMAT, "MADT: override of IRQ %u has "
					    "reserved flags %#x", o->source, o->flags);
			if (o->flags & ~MPS_FLAGS_MASK)
				warn(a, "MADT: override of IRQ %u sets reserved flag bits (%#x)",
				     o->source, o->flags);
			for (unsigned i = 0; i + 1 < m->niso; i++)
				if (m->iso[i].source == o->source)
					return fail(a, ACPI_PARSE_EFORMAT, "MADT: IRQ %u overridden "
						    "twice", o->source);
			break;
		}
		case ACPI_MADT_LAPIC_NMI:
			if (m->nnmi == ACPI_PARSE_MAX_NMIS)
				return fail(a, ACPI_PARSE_ELIMIT, "MADT: more than %u local APIC "
					    "NMIs", ACPI_PARSE_MAX_NMIS);
			memcpy(&m->nmi[m->nnmi], e, sizeof(m->nmi[0]));
			if (m->nmi[m->nnmi].lint > 1)
				return fail(a, ACPI_PARSE_EFORMAT, "MADT: local APIC NMI on LINT%u "
					    "(0 or 1)", m->nmi[m->nnmi].lint);
			m->nnmi++;
			break;
		default:
			m->nother++;
			break;
		}
		off += len;
	}
	if (!enabled)
		return fail(a, ACPI_PARSE_EFORMAT, "MADT: no enabled processor");
	if (!m->lapic_address)
		return fail(a, ACPI_PARSE_EFORMAT, "MADT: local APIC address 0");
	if (!m->nioapic)
		warn(a, "MADT: no I/O APIC (the OS will use the 8259s)");
	return ACPI_PARSE_OK;
}

/* ------------------------------------------------------------ MCFG */

static int parse_mcfg(const uint8_t *t, struct acpi_parsed *a)
{
	uint32_t length = le32(t + 4);

	if (a->nmcfg)
		return fail(a, ACPI_PARSE_EFORMAT, "two MCFGs listed");
	if (t[8] == 0)
		return fail(a, ACPI_PARSE_EFORMAT, "MCFG: revision 0");
	if (length < MCFG_FIXED_LEN || (length - MCFG_FIXED_LEN) % sizeof(struct acpi_mcfg_alloc))
		return fail(a, ACPI_PARSE_EFORMAT, "MCFG: length %u is not 44 + 16 per allocation",
			    length);
	for (uint32_t off = MCFG_FIXED_LEN; off < length; off += sizeof(struct acpi_mcfg_alloc)) {
		struct acpi_mcfg_alloc *m;

		if (a->nmcfg == ACPI_PARSE_MAX_MCFG)
			return fail(a, ACPI_PARSE_ELIMIT, "MCFG: more than %u allocations",
				    ACPI_PARSE_MAX_MCFG);
		m = &a->mcfg[a->nmcfg++];
		memcpy(m, t + off, sizeof(*m));
		if (m->bus_first > m->bus_last)
			return fail(a, ACPI_PARSE_EFORMAT, "MCFG: allocation %u has buses %u-%u",
				    a->nmcfg - 1, m->bus_first, m->bus_last);
		if (!m->base || (m->base & (ECAM_ALIGN - 1)))
			return fail(a, ACPI_PARSE_EFORMAT, "MCFG: allocation %u base %#llx is not "
				    "a non-zero multiple of 1 MiB", a->nmcfg - 1, (ull)m->base);
	}
	if (!a->nmcfg)
		warn(a, "MCFG: no allocation");
	return ACPI_PARSE_OK;
}

/* ------------------------------------------------------------ AML */

/* Opcodes (ACPI 6.4 20.2) the walk knows. */
enum {
	OP_ZERO = 0x00, OP_ONE = 0x01, OP_ALIAS = 0x06, OP_NAME = 0x08, OP_BYTE = 0x0a,
	OP_WORD = 0x0b, OP_DWORD = 0x0c, OP_STRING = 0x0d, OP_QWORD = 0x0e, OP_SCOPE = 0x10,
	OP_BUFFER = 0x11, OP_PACKAGE = 0x12, OP_VAR_PACKAGE = 0x13, OP_METHOD = 0x14,
	OP_EXTERNAL = 0x15, OP_DUAL_NAME = 0x2e, OP_MULTI_NAME = 0x2f, OP_EXT = 0x5b,
	OP_ROOT = 0x5c, OP_PARENT = 0x5e, OP_IF = 0xa0, OP_ELSE = 0xa1, OP_WHILE = 0xa2,
	OP_ONES = 0xff,
	/* after OP_EXT */
	EXT_MUTEX = 0x01, EXT_EVENT = 0x02, EXT_REGION = 0x80, EXT_FIELD = 0x81,
	EXT_DEVICE = 0x82, EXT_PROCESSOR = 0x83, EXT_POWER_RES = 0x84, EXT_THERMAL = 0x85,
	EXT_INDEX_FIELD = 0x86, EXT_BANK_FIELD = 0x87,
};

struct aml {
	struct acpi_parsed *a;
	const uint8_t *b;           /* the DSDT; offsets are from its start */
	bool stopped;               /* a term the walk does not know */
	int err;                    /* a structural error */
};

enum aml_type { V_INT, V_STRING, V_BUFFER, V_PACKAGE, V_NAME };

struct aml_value {
	enum aml_type type;
	uint64_t i;                 /* integer; buffer: declared size; package: NumElements */
	size_t at, end;             /* string, buffer bytes, package elements */
	char name[ACPI_PARSE_PATH_MAX];
};

static bool aml_bad(struct aml *m, size_t off, const char *what)
{
	if (!m->err)
		m->err = fail(m->a, ACPI_PARSE_EFORMAT, "DSDT: AML at offset %#zx: %s", off, what);
	return false;
}

static bool aml_limit(struct aml *m, const char *what)
{
	if (!m->err)
		m->err = fail(m->a, ACPI_PARSE_ELIMIT, "DSDT: more %s than the parser keeps", what);
	return false;
}

static bool aml_stop(struct aml *m, size_t off, const char *what, unsigned op)
{
	if (!m->stopped && !m->err)
		fmt_snprintf(m->a->dsdt.aml_stop, sizeof(m->a->dsdt.aml_stop),
			     "offset %#zx: %s %#x not decoded (iasl -d decodes it)", off, what, op);
	m->stopped = true;
	return false;
}

/* PkgLength (20.2.4) at *pos: *pos moves past it, *pkg_end is where the
 * package ends, which must be inside [.., end). */
static bool aml_pkglen(struct aml *m, size_t *pos, size_t end, size_t *pkg_end)
{
	size_t start = *pos;
	unsigned n;
	uint32_t len;

	if (start >= end)
		return aml_bad(m, start, "PkgLength missing");
	n = m->b[start] >> 6;
	if (end - start < 1 + n)
		return aml_bad(m, start, "PkgLength cut off");
	if (n == 0) {
		len = m->b[start] & 0x3f;
	} else {
		if (m->b[start] & 0x30)
			return aml_bad(m, start, "PkgLength lead byte with bits 5:4 set");
		len = m->b[start] & 0x0f;
		for (unsigned i = 1; i <= n; i++)
			len |= (uint32_t)m->b[start + i] << (4 + 8 * (i - 1));
	}
	if (len < 1 + n)
		return aml_bad(m, start, "PkgLength shorter than itself");
	if (len > end - start)
		return aml_bad(m, start, "package runs past the end of what holds it");
	*pos = start + 1 + n;
	*pkg_end = start + len;
	return true;
}

/* The last '.' of a path, or NULL (string.h has no strrchr freestanding). */
static const char *last_dot(const char *path)
{
	const char *dot = NULL;

	for (; *path; path++)
		if (*path == '.')
			dot = path;
	return dot;
}

static bool lead_char(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

static bool name_char(uint8_t c)
{
	return lead_char(c) || (c >= '0' && c <= '9');
}

static bool path_append(char *path, const uint8_t *seg)
{
	size_t n = strlen(path);
	bool root = n == 1 && path[0] == '\\';

	if (n + !root + 4 >= ACPI_PARSE_PATH_MAX)
		return false;
	if (!root)
		path[n++] = '.';
	memcpy(path + n, seg, 4);
	path[n + 4] = 0;
	return true;
}

/* A NameString (20.2.2) at *pos, resolved against scope into an absolute
 * path ("\" for the root, else "\_SB_.PCI0"). */
static bool aml_namestring(struct aml *m, size_t *pos, size_t end, const char *scope, char *out)
{
	size_t p = *pos;
	unsigned nseg;
	char path[ACPI_PARSE_PATH_MAX];

	if (p < end && m->b[p] == OP_ROOT) {
		memcpy(path, "\\", 2);
		p++;
	} else {
		memcpy(path, scope, strlen(scope) + 1);
		for (; p < end && m->b[p] == OP_PARENT; p++) {
			const char *dot = last_dot(path);

			if (dot)
				path[dot - path] = 0;
			else if (strcmp(path, "\\"))
				memcpy(path, "\\", 2);
			else
				return aml_bad(m, p, "'^' above the root");
		}
	}
	if (p >= end)
		return aml_bad(m, p, "name cut off");
	if (m->b[p] == 0) {
		nseg = 0;
		p++;
	} else if (m->b[p] == OP_DUAL_NAME) {
		nseg = 2;
		p++;
	} else if (m->b[p] == OP_MULTI_NAME) {
		if (end - p < 2)
			return aml_bad(m, p, "MultiNamePrefix cut off");
		nseg = m->b[p + 1];
		p += 2;
	} else if (lead_char(m->b[p])) {
		nseg = 1;
	} else {
		return aml_bad(m, p, "a name was expected");
	}
	for (unsigned s = 0; s < nseg; s++, p += 4) {
		if (end - p < 4)
			return aml_bad(m, p, "name segment cut off");
		if (!lead_char(m->b[p]) || !name_char(m->b[p + 1]) || !name_char(m->b[p + 2]) ||
		    !name_char(m->b[p + 3]))
			return aml_bad(m, p, "name segment with a character outside A-Z, 0-9, _");
		if (!path_append(path, m->b + p))
			return aml_limit(m, "name nesting");
	}
	memcpy(out, path, strlen(path) + 1);
	*pos = p;
	return true;
}

static bool aml_fixed(struct aml *m, size_t *pos, size_t end, unsigned bytes, uint64_t *v)
{
	if (end - *pos < bytes)
		return aml_bad(m, *pos, "integer cut off");
	*v = le_load(m->b + *pos, bytes);
	*pos += bytes;
	return true;
}

/* A data object (20.2.3, 20.2.5.4): integer, string, buffer, package or
 * a name (in packages). */
static bool aml_value(struct aml *m, size_t *pos, size_t end, const char *scope,
		      struct aml_value *v)
{
	size_t op_at = *pos, pkg_end;
	uint8_t op;

	if (*pos >= end)
		return aml_bad(m, *pos, "data object missing");
	op = m->b[(*pos)++];
	v->type = V_INT;
	switch (op) {
	case OP_ZERO:
		v->i = 0;
		return true;
	case OP_ONE:
		v->i = 1;
		return true;
	case OP_ONES:
		v->i = m->a->dsdt.revision >= ACPI_DSDT_REVISION ? ~0ull : 0xffffffffull;
		return true;
	case OP_BYTE:
		return aml_fixed(m, pos, end, 1, &v->i);
	case OP_WORD:
		return aml_fixed(m, pos, end, 2, &v->i);
	case OP_DWORD:
		return aml_fixed(m, pos, end, 4, &v->i);
	case OP_QWORD:
		return aml_fixed(m, pos, end, 8, &v->i);
	case OP_STRING:
		v->type = V_STRING;
		v->at = *pos;
		for (; *pos < end && m->b[*pos]; (*pos)++)
			if (m->b[*pos] >= 0x80)
				return aml_bad(m, *pos, "string with a byte above 7FH");
		if (*pos >= end)
			return aml_bad(m, v->at, "string without its NUL");
		v->end = (*pos)++;
		return true;
	case OP_BUFFER: {
		struct aml_value size;

		v->type = V_BUFFER;
		if (!aml_pkglen(m, pos, end, &pkg_end) || !aml_value(m, pos, pkg_end, scope, &size))
			return false;
		if (size.type != V_INT)
			return aml_stop(m, op_at, "Buffer whose size is not an integer, opcode", op);
		v->i = size.i;
		v->at = *pos;
		v->end = pkg_end;
		if (v->i < v->end - v->at)
			return aml_bad(m, op_at, "Buffer initializer longer than its size");
		*pos = pkg_end;
		return true;
	}
	case OP_PACKAGE:
	case OP_VAR_PACKAGE:
		v->type = V_PACKAGE;
		if (!aml_pkglen(m, pos, end, &pkg_end))
			return false;
		if (op == OP_PACKAGE) {
			if (*pos >= pkg_end)
				return aml_bad(m, op_at, "Package without NumElements");
			v->i = m->b[(*pos)++];
		} else {
			struct aml_value count;

			if (!aml_value(m, pos, pkg_end, scope, &count))
				return false;
			if (count.type != V_INT)
				return aml_stop(m, op_at, "VarPackage of computed size, opcode", op);
			v->i = count.i;
		}
		v->at = *pos;
		v->end = pkg_end;
		*pos = pkg_end;
		return true;
	default:
		if (op == OP_ROOT || op == OP_PARENT || op == OP_DUAL_NAME || op == OP_MULTI_NAME ||
		    lead_char(op)) {
			v->type = V_NAME;
			*pos = op_at;
			return aml_namestring(m, pos, end, scope, v->name);
		}
		return aml_stop(m, op_at, "data object opcode", op);
	}
}

/* The elements of a package, one at a time; false at its end or on an
 * error (m->err) or stop. */
static bool aml_next(struct aml *m, const struct aml_value *pkg, size_t *pos, unsigned *index,
		     const char *scope, struct aml_value *elem)
{
	if (*pos >= pkg->end)
		return false;
	if (*index >= pkg->i)
		return aml_bad(m, *pos, "Package with more elements than NumElements");
	(*index)++;
	return aml_value(m, pos, pkg->end, scope, elem);
}

static unsigned find_device(const struct acpi_parsed_dsdt *d, const char *path)
{
	for (unsigned i = 0; i < d->ndev; i++)
		if (!strcmp(d->dev[i].path, path))
			return i;
	return d->ndev;
}

static struct acpi_parsed_device *new_device(struct aml *m, const char *path)
{
	struct acpi_parsed_dsdt *d = &m->a->dsdt;
	unsigned i = find_device(d, path);

	if (i < d->ndev)
		return &d->dev[i];         /* a Device reopened (legal, rare) */
	if (d->ndev == ACPI_PARSE_MAX_DEVICES) {
		aml_limit(m, "devices");
		return NULL;
	}
	memset(&d->dev[d->ndev], 0, sizeof(d->dev[0]));
	memcpy(d->dev[d->ndev].path, path, strlen(path) + 1);
	return &d->dev[d->ndev++];
}

/* A _HID or _CID: an EISA ID integer (19.6.35) or a string. */
static void id_of(struct aml *m, const struct aml_value *v, char *out)
{
	static const char hex[] = "0123456789ABCDEF";

	if (v->type == V_INT) {
		uint32_t x = __builtin_bswap32((uint32_t)v->i);

		for (unsigned i = 0; i < 3; i++)
			out[i] = (char)('@' + (x >> (26 - 5 * i) & 0x1f));
		for (unsigned i = 0; i < 4; i++)
			out[3 + i] = hex[x >> (12 - 4 * i) & 0xf];
		out[7] = 0;
	} else if (v->type == V_STRING) {
		size_t n = v->end - v->at;

		if (n >= ACPI_PARSE_ID_MAX)
			n = ACPI_PARSE_ID_MAX - 1;
		text(out, m->b + v->at, n);
	}
}

#define RES_TAG_LARGE       0x80
#define RES_SMALL_IRQ       0x04
#define RES_SMALL_IO        0x08
#define RES_SMALL_FIXED_IO  0x09
#define RES_SMALL_END       0x0f
#define RES_LARGE_MEM24     0x01
#define RES_LARGE_MEM32     0x05
#define RES_LARGE_MEM32_FIXED 0x06
#define RES_LARGE_DWORD     0x07
#define RES_LARGE_WORD      0x08
#define RES_LARGE_EXT_IRQ   0x09
#define RES_LARGE_QWORD     0x0a
#define RES_GEN_CONSUMER    0x01
#define RES_GEN_MIN_FIXED   0x04
#define RES_GEN_MAX_FIXED   0x08

/* A resource template (6.4): every descriptor inside the buffer, an end
 * tag last. */
static bool aml_resources(struct aml *m, const struct aml_value *buf, unsigned dev)
{
	struct acpi_parsed_dsdt *d = &m->a->dsdt;
	const uint8_t *b = m->b + buf->at;
	size_t n = buf->end - buf->at, i = 0;
	bool ended = false;

	d->dev[dev].res_first = d->nres;
	while (i < n && !ended) {
		struct acpi_parsed_resource r = { .kind = ACPI_RES_OTHER, .dev = dev };
		const uint8_t *body;
		size_t dlen;

		if (b[i] & RES_TAG_LARGE) {
			unsigned type = b[i] & 0x7f, w = 0;

			if (n - i < 3)
				return aml_bad(m, buf->at + i, "large resource descriptor cut off");
			dlen = le16(b + i + 1);
			body = b + i + 3;
			if (dlen > n - i - 3)
				return aml_bad(m, buf->at + i, "resource descriptor runs past its "
					       "buffer");
			switch (type) {
			case RES_LARGE_MEM32_FIXED:
				if (dlen < 9)
					return aml_bad(m, buf->at + i, "Memory32Fixed too short");
				r.kind = ACPI_RES_MEM32_FIXED;
				r.specific_flags = body[0];
				r.min = le32(body + 1);
				r.len = le32(body + 5);
				r.max = r.min + r.len - 1;
				break;
			case RES_LARGE_MEM32:
			case RES_LARGE_MEM24:
				if (dlen < (type == RES_LARGE_MEM32 ? 17u : 9u))
					return aml_bad(m, buf->at + i, "memory range too short");
				r.kind = type == RES_LARGE_MEM32 ? ACPI_RES_MEM32 : ACPI_RES_MEM24;
				r.specific_flags = body[0];
				r.min = type == RES_LARGE_MEM32 ? le32(body + 1) : (uint64_t)le16(body + 1) << 8;
				r.max = type == RES_LARGE_MEM32 ? le32(body + 5) : (uint64_t)le16(body + 3) << 8;
				r.len = type == RES_LARGE_MEM32 ? le32(body + 13) : (uint64_t)le16(body + 7) << 8;
				break;
			case RES_LARGE_WORD:
				w = 2;
				break;
			case RES_LARGE_DWORD:
				w = 4;
				break;
			case RES_LARGE_QWORD:
				w = 8;
				break;
			case RES_LARGE_EXT_IRQ:
				if (dlen < 6)
					return aml_bad(m, buf->at + i, "Interrupt () too short");
				r.kind = ACPI_RES_EXT_IRQ;
				r.specific_flags = body[0];
				r.min = r.max = le32(body + 2);
				r.len = body[1];
				break;
			default:
				break;
			}
			if (w) {
				if (dlen < 3 + 5 * w)
					return aml_bad(m, buf->at + i, "address space descriptor too "
						       "short");
				r.width = (uint8_t)w;
				r.kind = body[0] == 0 ? ACPI_RES_ADDR_MEM :
					 body[0] == 1 ? ACPI_RES_ADDR_IO :
					 body[0] == 2 ? ACPI_RES_ADDR_BUS : ACPI_RES_OTHER;
				r.general_flags = body[1];
				r.specific_flags = body[2];
				r.producer = !(body[1] & RES_GEN_CONSUMER);
				r.min = le_load(body + 3 + w, w);
				r.max = le_load(body + 3 + 2 * w, w);
				r.len = le_load(body + 3 + 4 * w, w);
				if (r.max < r.min)
					return aml_bad(m, buf->at + i, "address space descriptor with "
						       "_MAX below _MIN");
				if ((r.general_flags & RES_GEN_MIN_FIXED) &&
				    (r.general_flags & RES_GEN_MAX_FIXED) && r.len != r.max - r.min + 1)
					return aml_bad(m, buf->at + i, "address space descriptor with "
						       "_MIF and _MAF set but _LEN not _MAX - _MIN + 1 "
						       "(6.4.3.5)");
			}
			i += 3 + dlen;
		} else {
			unsigned type = b[i] >> 3 & 0x0f;

			dlen = b[i] & 7;
			body = b + i + 1;
			if (dlen > n - i - 1)
				return aml_bad(m, buf->at + i, "resource descriptor runs past its "
					       "buffer");
			switch (type) {
			case RES_SMALL_IRQ:
				if (dlen < 2)
					return aml_bad(m, buf->at + i, "IRQ descriptor too short");
				r.kind = ACPI_RES_IRQ;
				r.irq_mask = le16(body);
				r.specific_flags = dlen > 2 ? body[2] : 0;
				break;
			case RES_SMALL_IO:
				if (dlen < 7)
					return aml_bad(m, buf->at + i, "IO descriptor too short");
				r.kind = ACPI_RES_IO;
				r.specific_flags = body[0];
				r.min = le16(body + 1);
				r.max = le16(body + 3);
				r.len = body[6];
				if (r.max < r.min || !r.len)
					return aml_bad(m, buf->at + i, "IO descriptor with _MAX below "
						       "_MIN or length 0");
				break;
			case RES_SMALL_FIXED_IO:
				if (dlen < 3)
					return aml_bad(m, buf->at + i, "FixedIO descriptor too short");
				r.kind = ACPI_RES_FIXED_IO;
				r.min = r.max = le16(body) & 0x3ff;
				r.len = body[2];
				break;
			case RES_SMALL_END:
				ended = true;
				break;
			default:
				break;
			}
			i += 1 + dlen;
		}
		if (ended)
			break;
		if (d->nres == ACPI_PARSE_MAX_RES)
			return aml_limit(m, "resource descriptors");
		d->res[d->nres++] = r;
	}
	if (!ended)
		return aml_bad(m, buf->at, "resource template without an end tag");
	if (i != n)
		return aml_bad(m, buf->at + i, "bytes after the resource template's end tag");
	d->dev[dev].has_crs = true;
	d->dev[dev].nres = d->nres - d->dev[dev].res_first;
	return true;
}

/* _PRT (6.2.13): {Address, Pin, Source, Source Index} per entry. */
static bool aml_prt(struct aml *m, const struct aml_value *pkg, unsigned dev, const char *scope)
{
	struct acpi_parsed_dsdt *d = &m->a->dsdt;
	struct aml_value e, f[4];
	size_t pos = pkg->at;
	unsigned index = 0;

	d->dev[dev].prt_first = d->nprt;
	while (aml_next(m, pkg, &pos, &index, scope, &e)) {
		struct acpi_parsed_prt *p;
		size_t epos = e.at;
		unsigned eindex = 0, k = 0;

		if (e.type != V_PACKAGE)
			return aml_bad(m, pos, "_PRT entry is not a package");
		while (k < 4 && aml_next(m, &e, &epos, &eindex, scope, &f[k]))
			k++;
		if (m->err || m->stopped)
			return false;
		if (k != 4 || epos != e.end || f[0].type != V_INT || f[1].type != V_INT ||
		    f[3].type != V_INT || (f[2].type != V_INT && f[2].type != V_NAME) ||
		    (f[2].type == V_INT && f[2].i != 0))
			return aml_bad(m, e.at, "_PRT entry is not {Address, Pin, Source (0 or a "
				       "name), Source Index}");
		if (f[1].i > 3 || (f[0].i & 0xffff) != 0xffff)
			return aml_bad(m, e.at, "_PRT entry with a pin above 3 or a function other "
				       "than FFFFH");
		if (d->nprt == ACPI_PARSE_MAX_PRT)
			return aml_limit(m, "_PRT entries");
		p = &d->prt[d->nprt++];
		memset(p, 0, sizeof(*p));
		p->address = f[0].i;
		p->pin = f[1].i;
		if (f[2].type == V_NAME)
			memcpy(p->source, f[2].name, sizeof(p->source));
		p->source_index = f[3].i;
		p->dev = dev;
	}
	if (m->err || m->stopped)
		return false;
	d->dev[dev].has_prt = true;
	d->dev[dev].nprt = d->nprt - d->dev[dev].prt_first;
	return true;
}

static bool is_sleep_state(const char *path)
{
	return strlen(path) == 5 && !memcmp(path, "\\_S", 3) && path[3] >= '0' && path[3] <= '5' &&
	       path[4] == '_';
}

/* Every element of a package, nested ones too: no more than NumElements
 * and each a data object. */
static bool aml_check_package(struct aml *m, const struct aml_value *pkg, const char *scope,
			      unsigned depth)
{
	struct aml_value e;
	size_t pos = pkg->at;
	unsigned index = 0;

	if (depth > ACPI_PARSE_PATH_MAX)
		return aml_limit(m, "package nesting");
	while (aml_next(m, pkg, &pos, &index, scope, &e))
		if (e.type == V_PACKAGE && !aml_check_package(m, &e, scope, depth + 1))
			return false;
	return !m->err && !m->stopped;
}

/* A Name: what it means when it is a device's or a sleep state. */
static bool aml_named(struct aml *m, const char *path, const struct aml_value *v)
{
	struct acpi_parsed_dsdt *d = &m->a->dsdt;
	char parent[ACPI_PARSE_PATH_MAX];
	const char *dot = last_dot(path), *seg;
	unsigned di;

	if (v->type == V_PACKAGE && !aml_check_package(m, v, path, 0))
		return false;

	if (is_sleep_state(path)) {
		struct acpi_parsed_sleep *s;
		struct aml_value e[2] = { { .type = V_INT }, { .type = V_INT } };
		size_t pos = v->at;
		unsigned index = 0, k = 0;

		if (v->type != V_PACKAGE)
			return aml_bad(m, v->at, "\\_Sx is not a package");
		while (k < 2 && aml_next(m, v, &pos, &index, "\\", &e[k]))
			k++;
		if (m->err || m->stopped)
			return false;
		if (k == 0 || e[0].type != V_INT || e[1].type != V_INT)
			return aml_bad(m, v->at, "\\_Sx package does not start with SLP_TYP integers");
		if (d->nsleep == ACPI_PARSE_MAX_SLEEP)
			return aml_limit(m, "sleep states");
		s = &d->sleep[d->nsleep++];
		memcpy(s->name, path + 1, 4);
		s->name[4] = 0;
		s->slp_typ_a = e[0].i;
		s->slp_typ_b = k > 1 ? e[1].i : 0;
		return true;
	}
	if (!dot)
		return true;                 /* a root object that is not a sleep state */
	memcpy(parent, path, (size_t)(dot - path));
	parent[dot - path] = 0;
	seg = dot + 1;
	di = find_device(d, parent);
	if (di == d->ndev)
		return true;                 /* not a device's */
	struct acpi_parsed_device *dev = &d->dev[di];
	if (!memcmp(seg, "_HID", 4)) {
		id_of(m, v, dev->hid);
	} else if (!memcmp(seg, "_CID", 4)) {
		if (v->type == V_PACKAGE) {
			struct aml_value first;
			size_t pos = v->at;
			unsigned index = 0;

			if (aml_next(m, v, &pos, &index, parent, &first))
				id_of(m, &first, dev->cid);
		} else {
			id_of(m, v, dev->cid);
		}
	} else if (v->type == V_INT && !memcmp(seg, "_UID", 4)) {
		dev->has_uid = true;
		dev->uid = v->i;
	} else if (v->type == V_INT && !memcmp(seg, "_ADR", 4)) {
		dev->has_adr = true;
		dev->adr = v->i;
	} else if (v->type == V_INT && !memcmp(seg, "_SEG", 4)) {
		dev->has_seg = true;
		dev->seg = v->i;
	} else if (v->type == V_INT && !memcmp(seg, "_BBN", 4)) {
		dev->has_bbn = true;
		dev->bbn = v->i;
	} else if (!memcmp(seg, "_CRS", 4)) {
		if (v->type != V_BUFFER)
			return aml_bad(m, v->at, "Name (_CRS) that is not a resource template buffer");
		return aml_resources(m, v, di);
	} else if (!memcmp(seg, "_PRT", 4)) {
		if (v->type != V_PACKAGE)
			return aml_bad(m, v->at, "Name (_PRT) that is not a package");
		return aml_prt(m, v, di, parent);
	}
	return !m->err && !m->stopped;
}

/* A TermList (20.2.5) in [pos, end) of the scope `scope`. */
static bool aml_terms(struct aml *m, size_t pos, size_t end, const char *scope)
{
	while (pos < end) {
		size_t op_at = pos, pkg_end;
		char name[ACPI_PARSE_PATH_MAX];
		uint8_t op = m->b[pos++];
		struct aml_value v;

		switch (op) {
		case OP_NAME:
			if (!aml_namestring(m, &pos, end, scope, name) ||
			    !aml_value(m, &pos, end, scope, &v) || !aml_named(m, name, &v))
				return false;
			break;
		case OP_SCOPE:
			if (!aml_pkglen(m, &pos, end, &pkg_end) ||
			    !aml_namestring(m, &pos, pkg_end, scope, name) ||
			    !aml_terms(m, pos, pkg_end, name))
				return false;
			pos = pkg_end;
			break;
		case OP_METHOD:
		case OP_IF:
		case OP_ELSE:
		case OP_WHILE:
			if (!aml_pkglen(m, &pos, end, &pkg_end))
				return false;
			pos = pkg_end;               /* not run: skipped whole */
			break;
		case OP_EXTERNAL:
			if (!aml_namestring(m, &pos, end, scope, name))
				return false;
			if (end - pos < 2)
				return aml_bad(m, op_at, "External cut off");
			pos += 2;                    /* ObjectType, ArgumentCount */
			break;
		case OP_ALIAS:
			if (!aml_namestring(m, &pos, end, scope, name) ||
			    !aml_namestring(m, &pos, end, scope, name))
				return false;
			break;
		case OP_EXT: {
			uint8_t ext;

			if (pos >= end)
				return aml_bad(m, op_at, "ExtOpPrefix at the end");
			ext = m->b[pos++];
			switch (ext) {
			case EXT_DEVICE:
			case EXT_PROCESSOR: {
				struct acpi_parsed_device *dev;

				if (!aml_pkglen(m, &pos, end, &pkg_end) ||
				    !aml_namestring(m, &pos, pkg_end, scope, name))
					return false;
				if (!(dev = new_device(m, name)))
					return false;
				if (ext == EXT_PROCESSOR) {
					if (pkg_end - pos < 6)
						return aml_bad(m, op_at, "Processor cut off");
					dev->processor = true;
					dev->has_uid = true;
					dev->uid = m->b[pos];  /* ProcID, what the MADT UID matches */
					pos += 6;              /* ProcID, PblkAddr, PblkLen */
				}
				if (!aml_terms(m, pos, pkg_end, name))
					return false;
				pos = pkg_end;
				break;
			}
			case EXT_FIELD:
			case EXT_INDEX_FIELD:
			case EXT_BANK_FIELD:
			case EXT_POWER_RES:
			case EXT_THERMAL:
				if (!aml_pkglen(m, &pos, end, &pkg_end))
					return false;
				pos = pkg_end;
				break;
			case EXT_REGION: {
				struct aml_value off, len;

				if (!aml_namestring(m, &pos, end, scope, name))
					return false;
				if (pos >= end)
					return aml_bad(m, op_at, "OperationRegion cut off");
				pos++;                       /* RegionSpace */
				if (!aml_value(m, &pos, end, scope, &off) ||
				    !aml_value(m, &pos, end, scope, &len))
					return false;
				if (off.type != V_INT || len.type != V_INT)
					return aml_stop(m, op_at, "OperationRegion with computed "
							"operands, opcode", op);
				break;
			}
			case EXT_MUTEX:
				if (!aml_namestring(m, &pos, end, scope, name))
					return false;
				if (pos >= end)
					return aml_bad(m, op_at, "Mutex cut off");
				pos++;                       /* SyncFlags */
				break;
			case EXT_EVENT:
				if (!aml_namestring(m, &pos, end, scope, name))
					return false;
				break;
			default:
				return aml_stop(m, op_at, "extended opcode 5BH", ext);
			}
			break;
		}
		default:
			return aml_stop(m, op_at, "opcode", op);
		}
	}
	return true;
}

static int parse_dsdt(const struct acpi_image *img, uint64_t gpa, struct acpi_parsed *a)
{
	struct acpi_parsed_dsdt *d = &a->dsdt;
	struct acpi_parsed_table *rec;
	struct aml m = { .a = a };
	const uint8_t *t;
	int rc;

	if ((rc = load_table(img, gpa, "FADT's DSDT", "DSDT", a, &t, &rec)))
		return rc;
	d->present = true;
	d->gpa = gpa;
	d->length = rec->length;
	d->revision = rec->revision;
	if (d->revision == 0)
		return fail(a, ACPI_PARSE_EFORMAT, "DSDT: revision 0");
	m.b = t;
	aml_terms(&m, HEADER_LEN, d->length, "\\");
	if (m.err)
		return m.err;
	d->aml_complete = !m.stopped;
	return ACPI_PARSE_OK;
}

/* ------------------------------------------------------------ the walk */

static int parse_sdt_entries(const struct acpi_image *img, struct acpi_parsed *a,
			     uint64_t *entries, unsigned *n, bool *have_xsdt)
{
	const struct acpi_rsdp *r = &a->rsdp;
	uint64_t xsdt_gpa = r->revision >= ACPI_RSDP_REVISION ? r->xsdt_address : 0;
	uint32_t rsdt_entries[ACPI_PARSE_MAX_TABLES];
	unsigned nrsdt = 0, nxsdt = 0;
	struct acpi_parsed_table *rec;
	const uint8_t *t;
	int rc;

	*have_xsdt = false;
	if (!r->rsdt_address && !xsdt_gpa)
		return fail(a, ACPI_PARSE_EFORMAT, "RSDP: neither an RSDT nor an XSDT address");
	if (xsdt_gpa) {
		uint32_t len;

		if ((rc = load_table(img, xsdt_gpa, "RSDP's XSDT", "XSDT", a, &t, &rec)))
			return rc;
		len = rec->length;
		if (rec->revision == 0)
			return fail(a, ACPI_PARSE_EFORMAT, "XSDT: revision 0");
		if ((len - HEADER_LEN) % 8)
			return fail(a, ACPI_PARSE_EFORMAT, "XSDT: length %u is not 36 + 8 per "
				    "entry", len);
		nxsdt = (len - HEADER_LEN) / 8;
		if (nxsdt > ACPI_PARSE_MAX_TABLES)
			return fail(a, ACPI_PARSE_ELIMIT, "XSDT: %u entries", nxsdt);
		for (unsigned i = 0; i < nxsdt; i++)
			entries[i] = le64(t + HEADER_LEN + 8 * i);
		*have_xsdt = true;
	}
	if (r->rsdt_address) {
		uint32_t len;

		if ((rc = load_table(img, r->rsdt_address, "RSDP's RSDT", "RSDT", a, &t, &rec)))
			return rc;
		len = rec->length;
		if (rec->revision == 0)
			return fail(a, ACPI_PARSE_EFORMAT, "RSDT: revision 0");
		if ((len - HEADER_LEN) % 4)
			return fail(a, ACPI_PARSE_EFORMAT, "RSDT: length %u is not 36 + 4 per "
				    "entry", len);
		nrsdt = (len - HEADER_LEN) / 4;
		if (nrsdt > ACPI_PARSE_MAX_TABLES)
			return fail(a, ACPI_PARSE_ELIMIT, "RSDT: %u entries", nrsdt);
		for (unsigned i = 0; i < nrsdt; i++)
			rsdt_entries[i] = le32(t + HEADER_LEN + 4 * i);
	}
	if (*have_xsdt && r->rsdt_address) {
		if (nrsdt != nxsdt)
			return fail(a, ACPI_PARSE_EFORMAT, "RSDT lists %u tables, XSDT %u", nrsdt,
				    nxsdt);
		for (unsigned i = 0; i < nrsdt; i++)
			if (rsdt_entries[i] != entries[i])
				return fail(a, ACPI_PARSE_EFORMAT, "RSDT entry %u is %#x, XSDT's "
					    "%#llx", i, rsdt_entries[i], (ull)entries[i]);
	} else if (!*have_xsdt) {
		for (unsigned i = 0; i < nrsdt; i++)
			entries[i] = rsdt_entries[i];
	}
	*n = *have_xsdt ? nxsdt : nrsdt;
	return ACPI_PARSE_OK;
}

int acpi_parse(const struct acpi_image *img, uint64_t rsdp_gpa, struct acpi_parsed *a)
{
	uint64_t entries[ACPI_PARSE_MAX_TABLES];
	unsigned n = 0;
	bool have_xsdt = false;
	int rc;

	memset(a, 0, sizeof(*a));
	if ((rc = rsdp_gpa ? check_rsdp(img, rsdp_gpa, a) : find_rsdp(img, a)))
		return rc;
	a->error[0] = 0;
	if ((rc = parse_sdt_entries(img, a, entries, &n, &have_xsdt)))
		return rc;
	for (unsigned i = 0; i < n; i++) {
		struct acpi_parsed_table *rec;
		const uint8_t *t;
		char via[32];

		fmt_snprintf(via, sizeof(via), "%s entry %u", have_xsdt ? "XSDT" : "RSDT", i);
		if ((rc = load_table(img, entries[i], via, NULL, a, &t, &rec)))
			return rc;
		rec->in_xsdt = have_xsdt;
		rec->in_rsdt = !have_xsdt || a->rsdp.rsdt_address;
		if (!memcmp(t, "FACP", 4))
			rc = parse_fadt(img, t, a);
		else if (!memcmp(t, "APIC", 4))
			rc = parse_madt(t, a);
		else if (!memcmp(t, "MCFG", 4))
			rc = parse_mcfg(t, a);
		else if (!memcmp(t, "DSDT", 4) || !memcmp(t, "FACS", 4) || !memcmp(t, "RSDT", 4) ||
			 !memcmp(t, "XSDT", 4))
			rc = fail(a, ACPI_PARSE_EFORMAT, "%s lists a %.4s, which only the FADT or "
				  "RSDP points to", via, (const char *)t);
		if (rc)
			return rc;
	}
	if (!a->have_fadt)
		return fail(a, ACPI_PARSE_EFORMAT, "no FADT (FACP) listed: an OS needs it");
	if (!a->madt.present)
		warn(a, "no MADT (APIC) listed: the OS sees one CPU and the 8259s");
	if (!acpi_parsed_find(a, "MCFG"))
		warn(a, "no MCFG listed: PCI configuration through ports CF8H/CFCH only");
	return ACPI_PARSE_OK;
}

const struct acpi_parsed_table *acpi_parsed_find(const struct acpi_parsed *a, const char *sig)
{
	for (unsigned i = 0; i < a->ntables; i++)
		if (!memcmp(a->table[i].signature, sig, 4))
			return &a->table[i];
	return NULL;
}

const struct acpi_parsed_device *acpi_parsed_device(const struct acpi_parsed *a, const char *path)
{
	unsigned i = find_device(&a->dsdt, path);

	return i < a->dsdt.ndev ? &a->dsdt.dev[i] : NULL;
}

#endif /* NESTLAB_HOSTED || NESTLAB_ACPI_PARSE */
