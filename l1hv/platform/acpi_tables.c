/* SPDX-License-Identifier: MIT */
/*
 * The VM's ACPI tables: see acpi_tables.h for what each table holds and
 * why. This file has three parts: a bounded writer into the caller's
 * buffer (positions keep counting after the buffer is full, so a failed
 * build still reports the size it needed), a small AML encoder for the
 * DSDT (ACPI 6.4 chapter 20: NameOp, ScopeOp, DeviceOp, PackageOp,
 * BufferOp with their PkgLength, integers, strings, EISA IDs, and the
 * resource descriptors of 6.4), and the tables themselves.
 */
#include "l1hv/platform/acpi_tables.h"

#include <stdbool.h>

#ifndef NESTLAB_HOSTED
#include "common/free/string.h"
#else
#include <string.h>
#endif

#include "l1hv/vdev/acpi_pm.h"
#include "l1hv/vdev/apic_regs.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/irq_routing.h"
#include "l1hv/vdev/pci_cfg.h"
#include "l1hv/vdev/pic8259.h"
#include "l1hv/vdev/vuart.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the tables are stored as x86 stores them");

/* Platform facts no device header exports (yet). */
#define RESET_CTL_PORT     0xcf9     /* legacy_ports.c's reset control register */
#define RESET_CTL_VALUE    0x06      /* system reset (bit 1) + reset CPU (bit 2) */
#define CMOS_CENTURY_INDEX 0x32      /* the RTC's century byte, as on PCs and QEMU */
#define CMOS_FIRST_RAM     0x0e      /* CMOS bytes 0-0DH are the clock's registers */
#define CMOS_BYTES         0x80
#define LPC_SLOT           0x1f      /* pci_cfg.c's ISA bridge, 00:1F.0 */
#define ISA_PIT_PORT       0x40      /* 8254: counters 40H-42H, control 43H */
#define ISA_PIT_PORTS      4
#define ISA_RTC_PORT       0x70      /* index 70H, data 71H */
#define ISA_RTC_PORTS      2
#define PIC_PORTS          2         /* command and data of each 8259 */
#define ELCR_PORTS         2
#define PCI_CFG_PORTS      8         /* CF8H-CFFH */
#define PCI_IO_HOLE_END    0x0d00    /* the root's I/O windows: 0-CF7H, D00H-FFFFH */
#define IO_SPACE_END       0x10000u
#define PCI_SEGMENT        0
#define ISA_IRQS           16
#define APIC_PAGE          0x1000u
#define FOUR_GIB           0x100000000ull
#define PCI_ADR(slot, fn)  ((uint32_t)(slot) << 16 | (fn))      /* _ADR of a PCI function */
#define PCI_ADR_ALL_FNS    0xffffu                               /* _PRT: any function */

/* ------------------------------------------------------------ the writer */

struct out {
	uint8_t *buf;
	size_t size;
	size_t pos;                 /* bytes laid out so far, written or not */
	uint64_t gpa;               /* guest-physical address of buf[0] */
	bool full;                  /* something did not fit: nothing more is written */
	const char *bad;            /* an encoding limit was hit (a builder bug) */
};

static void put(struct out *o, const void *src, size_t n)
{
	if (!o->full && (o->pos > o->size || n > o->size - o->pos))
		o->full = true;
	if (!o->full)
		memcpy(o->buf + o->pos, src, n);
	o->pos += n;
}

static void put8(struct out *o, uint8_t v)
{
	put(o, &v, 1);
}

static void put16(struct out *o, uint16_t v)
{
	put(o, &v, 2);
}

static void put32(struct out *o, uint32_t v)
{
	put(o, &v, 4);
}

static void put64(struct out *o, uint64_t v)
{
	put(o, &v, 8);
}

/* Bytes already laid out at `at` (at + n <= pos) are replaced. */
static void patch(struct out *o, size_t at, const void *src, size_t n)
{
	if (!o->full)
		memcpy(o->buf + at, src, n);
}

static void pad_to(struct out *o, unsigned align)
{
	while ((o->gpa + o->pos) % align)
		put8(o, 0);
}

static uint64_t gpa_of(const struct out *o, size_t at)
{
	return o->gpa + at;
}

uint8_t acpi_checksum(const void *data, size_t len)
{
	const uint8_t *b = data;
	uint8_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + b[i]);
	return (uint8_t)-sum;
}

static void header_fill(struct acpi_header *h, const char sig[4], uint8_t revision)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->signature, sig, sizeof(h->signature));
	h->revision = revision;
	memcpy(h->oem_id, ACPI_OEM_ID, sizeof(h->oem_id));
	memcpy(h->oem_table_id, ACPI_OEM_TABLE_ID, sizeof(h->oem_table_id));
	h->oem_revision = ACPI_OEM_REVISION;
	memcpy(h->creator_id, ACPI_CREATOR_ID, sizeof(h->creator_id));
	h->creator_revision = ACPI_CREATOR_REVISION;
}

/* A table starts aligned; returns where. */
static size_t table_start(struct out *o)
{
	pad_to(o, ACPI_TABLE_ALIGN);
	return o->pos;
}

/* Starts a table whose body the caller writes after its header. */
static size_t table_begin(struct out *o, const char sig[4], uint8_t revision)
{
	struct acpi_header h;
	size_t at = table_start(o);

	header_fill(&h, sig, revision);
	put(o, &h, sizeof(h));
	return at;
}

/* Sets the length and checksum of the table laid out from `at` to here. */
static void table_end(struct out *o, size_t at)
{
	uint32_t length = (uint32_t)(o->pos - at);
	uint8_t sum;

	patch(o, at + __builtin_offsetof(struct acpi_header, length), &length, sizeof(length));
	if (o->full)
		return;
	sum = acpi_checksum(o->buf + at, length);         /* the checksum byte holds 0 */
	patch(o, at + __builtin_offsetof(struct acpi_header, checksum), &sum, 1);
}

/* ------------------------------------------------------------ AML encoder */

/* Opcodes (ACPI 6.4 20.2). */
#define AML_ZERO_OP        0x00
#define AML_ONE_OP         0x01
#define AML_NAME_OP        0x08
#define AML_BYTE_PREFIX    0x0a
#define AML_WORD_PREFIX    0x0b
#define AML_DWORD_PREFIX   0x0c
#define AML_STRING_PREFIX  0x0d
#define AML_QWORD_PREFIX   0x0e
#define AML_SCOPE_OP       0x10
#define AML_BUFFER_OP      0x11
#define AML_PACKAGE_OP     0x12
#define AML_EXT_OP_PREFIX  0x5b
#define AML_DEVICE_OP      0x82      /* after the ExtOpPrefix */
#define AML_ROOT_CHAR      '\\'
#define AML_DUAL_NAME      0x2e
#define AML_MULTI_NAME     0x2f
#define AML_NULL_NAME      0x00
#define AML_NAMESEG        4         /* characters of a NameSeg, padded with '_' */
#define AML_PKGLEN_MAX     4         /* bytes: a PkgLength holds up to 2^28 - 1 */
#define AML_PKGLEN_LIMIT   0x0fffffffu
#define AML_PACKAGE_MAX    255       /* elements of a PackageOp (NumElements is a byte) */

/*
 * A PkgLength (20.2.4) counts itself and what follows to the end of the
 * package; its size (1-4 bytes) depends on that count. pkg_begin reserves
 * the largest, pkg_end writes the real one and moves the body down. The
 * positions a full buffer keeps counting shrink the same way, so the size
 * reported is exact. (The reservation can run at most 3 bytes per open
 * package past the final end of the DSDT, and the FADT follows it, so a
 * buffer of exactly the reported size never fills early.)
 */
static size_t aml_pkg_begin(struct out *o)
{
	size_t at = o->pos;

	put32(o, 0);
	return at;
}

static void aml_pkg_end(struct out *o, size_t at)
{
	size_t body = o->pos - at - AML_PKGLEN_MAX;
	unsigned n = body + 1 <= 0x3f ? 1 : body + 2 <= 0xfff ? 2 : body + 3 <= 0xfffff ? 3 : 4;
	size_t len = body + n;
	uint8_t enc[AML_PKGLEN_MAX];

	if (len > AML_PKGLEN_LIMIT)
		o->bad = "AML package longer than a PkgLength holds (2^28 bytes)";
	if (n == 1) {
		enc[0] = (uint8_t)len;                         /* bits 5:0 */
	} else {
		enc[0] = (uint8_t)((n - 1) << 6 | (len & 0xf)); /* bits 7:6 count the bytes after */
		for (unsigned i = 1; i < n; i++)
			enc[i] = (uint8_t)(len >> (4 + 8 * (i - 1)));
	}
	if (!o->full) {
		memcpy(o->buf + at, enc, n);
		memmove(o->buf + at + n, o->buf + at + AML_PKGLEN_MAX, body);
	}
	o->pos -= AML_PKGLEN_MAX - n;
}

static bool aml_lead_char(char c)
{
	return (c >= 'A' && c <= 'Z') || c == '_';
}

static bool aml_name_char(char c)
{
	return aml_lead_char(c) || (c >= '0' && c <= '9');
}

/* A NameString (20.2.2) from "\\A.B", "A.B.C" or "A": segments of 1-4
 * characters, padded to 4 with '_'. */
static void aml_namestring(struct out *o, const char *path)
{
	const char *s = path;
	unsigned nseg = 1;
	char seg[AML_NAMESEG];

	if (*s == AML_ROOT_CHAR) {
		put8(o, AML_ROOT_CHAR);
		s++;
	}
	if (!*s) {
		put8(o, AML_NULL_NAME);
		return;
	}
	for (const char *c = s; *c; c++)
		nseg += *c == '.';
	if (nseg == 2) {
		put8(o, AML_DUAL_NAME);
	} else if (nseg > 2) {
		put8(o, AML_MULTI_NAME);
		put8(o, (uint8_t)nseg);
	}
	while (*s) {
		unsigned n = 0;

		for (; *s && *s != '.'; s++) {
			if (n == AML_NAMESEG || !(n ? aml_name_char(*s) : aml_lead_char(*s)))
				o->bad = "AML name segment invalid (A-Z, _, then 0-9 too, at most 4)";
			if (n < AML_NAMESEG)
				seg[n++] = *s;
		}
		if (n == 0)
			o->bad = "AML name has an empty segment";
		while (n < AML_NAMESEG)
			seg[n++] = '_';
		put(o, seg, AML_NAMESEG);
		if (*s == '.')
			s++;
	}
}

/* An integer in its shortest encoding (20.2.3). */
static void aml_int(struct out *o, uint64_t v)
{
	if (v == 0) {
		put8(o, AML_ZERO_OP);
	} else if (v == 1) {
		put8(o, AML_ONE_OP);
	} else if (v <= 0xff) {
		put8(o, AML_BYTE_PREFIX);
		put8(o, (uint8_t)v);
	} else if (v <= 0xffff) {
		put8(o, AML_WORD_PREFIX);
		put16(o, (uint16_t)v);
	} else if (v <= 0xffffffffu) {
		put8(o, AML_DWORD_PREFIX);
		put32(o, (uint32_t)v);
	} else {
		put8(o, AML_QWORD_PREFIX);
		put64(o, v);
	}
}

static void aml_string(struct out *o, const char *s)
{
	put8(o, AML_STRING_PREFIX);
	put(o, s, strlen(s) + 1);
}

static unsigned hex_digit(struct out *o, char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned)(c - '0');
	if (c >= 'A' && c <= 'F')
		return (unsigned)(c - 'A' + 10);
	o->bad = "EISA ID product number is not upper-case hex";
	return 0;
}

/* EISAID("PNP0A08") (19.6.35): three letters of 5 bits (A = 1), four hex
 * digits, stored as a big-endian DWORD: an integer whose little-endian
 * bytes are the ID's bytes in order. */
static void aml_eisaid(struct out *o, const char *id)
{
	uint32_t v = 0;

	if (strlen(id) != 7) {
		o->bad = "EISA ID is not 7 characters";
		return;
	}
	for (unsigned i = 0; i < 3; i++) {          /* bits 30:26, 25:21, 20:16 */
		if (id[i] < 'A' || id[i] > 'Z')
			o->bad = "EISA ID vendor is not 3 upper-case letters";
		v |= ((uint32_t)(id[i] - 'A' + 1) & 0x1f) << (26 - 5 * i);
	}
	for (unsigned i = 3; i < 7; i++)            /* bits 15:0, most significant first */
		v |= hex_digit(o, id[i]) << (12 - 4 * (i - 3));
	aml_int(o, __builtin_bswap32(v));   /* shortest encoding, as iasl writes it */
}

static void aml_name(struct out *o, const char *name)
{
	put8(o, AML_NAME_OP);
	aml_namestring(o, name);
}

static void aml_name_int(struct out *o, const char *name, uint64_t v)
{
	aml_name(o, name);
	aml_int(o, v);
}

static void aml_name_eisaid(struct out *o, const char *name, const char *id)
{
	aml_name(o, name);
	aml_eisaid(o, id);
}

static void aml_name_string(struct out *o, const char *name, const char *s)
{
	aml_name(o, name);
	aml_string(o, s);
}

static size_t aml_scope(struct out *o, const char *name)
{
	size_t at;

	put8(o, AML_SCOPE_OP);
	at = aml_pkg_begin(o);
	aml_namestring(o, name);
	return at;
}

static size_t aml_device(struct out *o, const char *name)
{
	size_t at;

	put8(o, AML_EXT_OP_PREFIX);
	put8(o, AML_DEVICE_OP);
	at = aml_pkg_begin(o);
	aml_namestring(o, name);
	return at;
}

static size_t aml_package(struct out *o, unsigned elements)
{
	size_t at;

	if (elements > AML_PACKAGE_MAX)
		o->bad = "AML package of more than 255 elements (needs VarPackageOp)";
	put8(o, AML_PACKAGE_OP);
	at = aml_pkg_begin(o);
	put8(o, (uint8_t)elements);
	return at;
}

static void aml_buffer(struct out *o, const void *bytes, size_t n)
{
	size_t at;

	put8(o, AML_BUFFER_OP);
	at = aml_pkg_begin(o);
	aml_int(o, n);
	put(o, bytes, n);
	aml_pkg_end(o, at);
}

/* ------------------------------------------------- resource descriptors */

/* Resource data types (ACPI 6.4 6.4.2, 6.4.3). A small item's tag is
 * type << 3 | length; a large item's is 80H | type, then a 16-bit length
 * of what follows it. */
#define RES_IRQ_NOFLAGS    (0x04 << 3 | 2)
#define RES_IO             (0x08 << 3 | 7)
#define RES_END            (0x0f << 3 | 1)
#define RES_MEM32_FIXED    0x86
#define RES_DWORD_ADDR     0x87
#define RES_WORD_ADDR      0x88
#define RES_QWORD_ADDR     0x8a
#define RES_IO_DECODE16    0x01      /* IO: decodes all 16 address bits */
#define RES_MEM_RW         0x01      /* Memory32Fixed: read-write */
/* Address space descriptors (6.4.3.5). */
#define RES_TYPE_MEM       0
#define RES_TYPE_IO        1
#define RES_TYPE_BUS       2
#define RES_GEN_CONSUMER   0x01      /* bit 0 set: consumes only; clear: produces */
#define RES_GEN_MIN_FIXED  0x04
#define RES_GEN_MAX_FIXED  0x08
#define RES_PRODUCER_WINDOW (RES_GEN_MIN_FIXED | RES_GEN_MAX_FIXED)  /* positive decode */
#define RES_IO_ENTIRE_RANGE 0x03     /* _RNG: ISA and non-ISA ranges */
#define RES_MEM_NONCACHEABLE_RW 0x01 /* _MEM 0 (non-cacheable), _RW 1 */
#define RES_MEM_RW_FLAG    0x01
#define RES_TEMPLATE_MAX   128

struct restemplate {
	uint8_t b[RES_TEMPLATE_MAX];
	size_t n;
	bool over;
};

static void rt_put(struct restemplate *r, uint64_t v, unsigned bytes)
{
	if (r->n + bytes > sizeof(r->b)) {
		r->over = true;
		return;
	}
	for (unsigned i = 0; i < bytes; i++)
		r->b[r->n++] = (uint8_t)(v >> (8 * i));
}

/* IO (Decode16, base, base, 1, len): len fixed ports at base. */
static void rt_io(struct restemplate *r, uint16_t base, uint8_t len)
{
	rt_put(r, RES_IO, 1);
	rt_put(r, RES_IO_DECODE16, 1);
	rt_put(r, base, 2);          /* minimum */
	rt_put(r, base, 2);          /* maximum */
	rt_put(r, 1, 1);             /* alignment */
	rt_put(r, len, 1);
}

/* IRQNoFlags () {irq}: edge, active high, exclusive. */
static void rt_irq(struct restemplate *r, unsigned irq)
{
	rt_put(r, RES_IRQ_NOFLAGS, 1);
	rt_put(r, 1u << irq, 2);
}

static void rt_mem32_fixed(struct restemplate *r, uint32_t base, uint32_t len)
{
	rt_put(r, RES_MEM32_FIXED, 1);
	rt_put(r, 9, 2);             /* bytes after the length field */
	rt_put(r, RES_MEM_RW, 1);
	rt_put(r, base, 4);
	rt_put(r, len, 4);
}

/* A Word/DWord/QWord address space descriptor (6.4.3.5.1-3) of `width`
 * bytes per field: granularity, minimum, maximum, translation, length. */
static void rt_addr(struct restemplate *r, unsigned width, unsigned type, unsigned general,
		    unsigned specific, uint64_t min, uint64_t max)
{
	static const uint8_t tag[9] = { [2] = RES_WORD_ADDR, [4] = RES_DWORD_ADDR,
					[8] = RES_QWORD_ADDR };

	rt_put(r, tag[width], 1);
	rt_put(r, 3 + 5 * width, 2);   /* type, general and specific flags, five fields */
	rt_put(r, type, 1);
	rt_put(r, general, 1);
	rt_put(r, specific, 1);
	rt_put(r, 0, width);           /* granularity: none (decodes every address) */
	rt_put(r, min, width);
	rt_put(r, max, width);
	rt_put(r, 0, width);           /* translation offset */
	rt_put(r, max - min + 1, width);
}

static void aml_name_resources(struct out *o, const char *name, struct restemplate *r)
{
	rt_put(r, RES_END, 1);
	rt_put(r, 0, 1);             /* checksum 0: "treated as valid" (6.4.2.9) */
	if (r->over)
		o->bad = "resource template longer than RES_TEMPLATE_MAX";
	aml_name(o, name);
	aml_buffer(o, r->b, r->n);
}

/* ------------------------------------------------------------ the DSDT */

/* Name (\_Sx, Package () {SLP_TYPa, SLP_TYPb, 0, 0}) */
static void sleep_state(struct out *o, const char *name, unsigned slp_typ)
{
	size_t pkg;

	aml_name(o, name);
	pkg = aml_package(o, 4);
	aml_int(o, slp_typ);
	aml_int(o, slp_typ);
	aml_int(o, 0);
	aml_int(o, 0);
	aml_pkg_end(o, pkg);
}

/* Device (Cnnn) { Name (_HID, "ACPI0007") Name (_UID, n) }: the processor
 * device (8.4) whose _UID the MADT entry's ACPI Processor UID matches. */
static void cpu_device(struct out *o, unsigned i)
{
	static const char hex[] = "0123456789ABCDEF";
	char name[5] = { 'C', hex[i >> 8 & 0xf], hex[i >> 4 & 0xf], hex[i & 0xf], 0 };
	size_t dev = aml_device(o, name);

	aml_name_string(o, "_HID", "ACPI0007");
	aml_name_int(o, "_UID", i);
	aml_pkg_end(o, dev);
}

/* An ISA device of the LPC bridge: _HID, optional _UID, I/O ranges and
 * one IRQ. */
static void isa_device(struct out *o, const char *name, const char *hid, int uid,
		       const uint16_t *ports, const uint8_t *lens, unsigned nranges, unsigned irq)
{
	struct restemplate r = { .n = 0 };
	size_t dev = aml_device(o, name);

	aml_name_eisaid(o, "_HID", hid);
	if (uid >= 0)
		aml_name_int(o, "_UID", (unsigned)uid);
	for (unsigned i = 0; i < nranges; i++)
		rt_io(&r, ports[i], lens[i]);
	rt_irq(&r, irq);
	aml_name_resources(o, "_CRS", &r);
	aml_pkg_end(o, dev);
}

static void lpc_bridge(struct out *o)
{
	static const uint16_t rtc_ports[] = { ISA_RTC_PORT }, com_ports[] = { VUART_BASE },
			      pit_ports[] = { ISA_PIT_PORT },
			      pic_ports[] = { PIC_MASTER_CMD, PIC_SLAVE_CMD, PIC_ELCR_MASTER };
	static const uint8_t rtc_lens[] = { ISA_RTC_PORTS }, com_lens[] = { VUART_PORTS },
			     pit_lens[] = { ISA_PIT_PORTS },
			     pic_lens[] = { PIC_PORTS, PIC_PORTS, ELCR_PORTS };
	size_t dev = aml_device(o, "ISA");

	aml_name_int(o, "_ADR", PCI_ADR(LPC_SLOT, 0));
	isa_device(o, "RTC", "PNP0B00", -1, rtc_ports, rtc_lens, 1, IRQ_RTC);
	isa_device(o, "COM1", "PNP0501", 1, com_ports, com_lens, 1, IRQ_UART);
	isa_device(o, "TMR", "PNP0100", -1, pit_ports, pit_lens, 1, IRQ_PIT);
	isa_device(o, "PIC", "PNP0000", -1, pic_ports, pic_lens, 3, PIC_CASCADE_IRQ);
	aml_pkg_end(o, dev);
}

/* _PRT (6.2.13): one entry per slot and pin, {address, pin, 0, GSI}. */
static void pci_routing(struct out *o)
{
	size_t prt;

	aml_name(o, "_PRT");
	prt = aml_package(o, ACPI_PCI_SLOTS * ACPI_PCI_PINS);
	for (unsigned slot = 0; slot < ACPI_PCI_SLOTS; slot++) {
		for (unsigned pin = 0; pin < ACPI_PCI_PINS; pin++) {
			size_t e = aml_package(o, 4);

			aml_int(o, PCI_ADR(slot, PCI_ADR_ALL_FNS));
			aml_int(o, pin);
			aml_int(o, 0);                  /* Source: none, the index is a GSI */
			aml_int(o, acpi_pci_intx_gsi(slot, pin));
			aml_pkg_end(o, e);
		}
	}
	aml_pkg_end(o, prt);
}

static void pci_root(struct out *o, const struct acpi_platform *p)
{
	struct restemplate r = { .n = 0 };
	size_t dev = aml_device(o, "PCI0");

	/* No _ADR: a device has a _HID or an _ADR, not both (6.1). */
	aml_name_eisaid(o, "_HID", "PNP0A08");     /* PCI Express root bridge */
	aml_name_eisaid(o, "_CID", "PNP0A03");     /* PCI root bridge */
	aml_name_int(o, "_UID", 0);
	aml_name_int(o, "_SEG", PCI_SEGMENT);
	aml_name_int(o, "_BBN", p->ecam_bus_first);
	rt_addr(&r, 2, RES_TYPE_BUS, RES_PRODUCER_WINDOW, 0, p->ecam_bus_first, p->ecam_bus_last);
	rt_io(&r, PCI_CFG_ADDR_PORT, PCI_CFG_PORTS);
	rt_addr(&r, 2, RES_TYPE_IO, RES_PRODUCER_WINDOW, RES_IO_ENTIRE_RANGE, 0,
		PCI_CFG_ADDR_PORT - 1);
	rt_addr(&r, 2, RES_TYPE_IO, RES_PRODUCER_WINDOW, RES_IO_ENTIRE_RANGE, PCI_IO_HOLE_END,
		IO_SPACE_END - 1);
	rt_addr(&r, 4, RES_TYPE_MEM, RES_PRODUCER_WINDOW, RES_MEM_NONCACHEABLE_RW,
		p->pci_mmio_base, p->pci_mmio_limit);
	aml_name_resources(o, "_CRS", &r);
	pci_routing(o);
	lpc_bridge(o);
	aml_pkg_end(o, dev);
}

static uint64_t ecam_start(const struct acpi_platform *p)
{
	return p->ecam_base + ((uint64_t)p->ecam_bus_first << ACPI_ECAM_BUS_SHIFT);
}

static uint64_t ecam_end(const struct acpi_platform *p)    /* exclusive */
{
	return p->ecam_base + ((uint64_t)(p->ecam_bus_last + 1) << ACPI_ECAM_BUS_SHIFT);
}

/* Device (MRES) { PNP0C02 }: the motherboard resources no other device
 * claims: the ECAM window MCFG announces and the PM blocks. */
static void motherboard_resources(struct out *o, const struct acpi_platform *p)
{
	struct restemplate r = { .n = 0 };
	size_t dev = aml_device(o, "MRES");

	aml_name_eisaid(o, "_HID", "PNP0C02");
	if (ecam_end(p) <= FOUR_GIB)
		rt_mem32_fixed(&r, (uint32_t)ecam_start(p), (uint32_t)(ecam_end(p) - ecam_start(p)));
	else
		rt_addr(&r, 8, RES_TYPE_MEM, RES_GEN_CONSUMER | RES_PRODUCER_WINDOW,
			RES_MEM_NONCACHEABLE_RW, ecam_start(p), ecam_end(p) - 1);
	rt_io(&r, p->pm1a_evt_blk, ACPI_PM1_EVT_LEN);
	rt_io(&r, p->pm1a_cnt_blk, ACPI_PM1_CNT_LEN);
	rt_io(&r, p->pm_tmr_blk, ACPI_PM_TMR_LEN);
	aml_name_resources(o, "_CRS", &r);
	aml_pkg_end(o, dev);
}

static size_t dsdt(struct out *o, const struct acpi_platform *p)
{
	size_t at = table_begin(o, "DSDT", ACPI_DSDT_REVISION);
	size_t sb;

	sleep_state(o, "_S0", ACPI_SLP_TYP_S0);
	sleep_state(o, "_S5", ACPI_PM_SLP_TYP_S5);
	sb = aml_scope(o, "_SB");          /* \_SB: the root is the current scope */
	for (unsigned i = 0; i < p->ncpus; i++)
		cpu_device(o, i);
	pci_root(o, p);
	motherboard_resources(o, p);
	aml_pkg_end(o, sb);
	table_end(o, at);
	return at;
}

/* ------------------------------------------------- the fixed tables */

static size_t facs(struct out *o)
{
	struct acpi_facs f;
	size_t at;

	memset(&f, 0, sizeof(f));
	memcpy(f.signature, "FACS", sizeof(f.signature));
	f.length = sizeof(f);
	f.version = ACPI_FACS_VERSION;
	pad_to(o, ACPI_FACS_ALIGN);
	at = o->pos;
	put(o, &f, sizeof(f));
	return at;
}

static struct acpi_gas gas_io(uint16_t port, unsigned bytes, uint8_t access)
{
	return (struct acpi_gas){ .space_id = ACPI_GAS_SYSTEM_IO, .bit_width = (uint8_t)(8 * bytes),
				  .access_size = access, .address = port };
}

static size_t fadt(struct out *o, const struct acpi_platform *p, uint64_t facs_gpa,
		   uint64_t dsdt_gpa)
{
	struct acpi_fadt f;
	size_t at = table_start(o);

	memset(&f, 0, sizeof(f));
	header_fill(&f.header, "FACP", ACPI_FADT_REVISION);
	f.minor_version = ACPI_FADT_MINOR;
	f.firmware_ctrl = (uint32_t)facs_gpa;
	f.x_firmware_ctrl = 0;                 /* only for a FACS above 4 GiB */
	f.dsdt = (uint32_t)dsdt_gpa;
	f.x_dsdt = dsdt_gpa;
	f.sci_int = p->sci_irq;
	f.smi_cmd = 0;                         /* no SMI: always in ACPI mode */
	f.acpi_enable = 0;
	f.acpi_disable = 0;
	f.pm1a_evt_blk = p->pm1a_evt_blk;
	f.pm1a_cnt_blk = p->pm1a_cnt_blk;
	f.pm_tmr_blk = p->pm_tmr_blk;
	f.pm1_evt_len = ACPI_PM1_EVT_LEN;
	f.pm1_cnt_len = ACPI_PM1_CNT_LEN;
	f.pm_tmr_len = ACPI_PM_TMR_LEN;
	/* GPE0/GPE1, PM1b, PM2: none (address and length 0). */
	f.p_lvl2_lat = ACPI_FADT_NO_C2_LATENCY;
	f.p_lvl3_lat = ACPI_FADT_NO_C3_LATENCY;
	f.century = p->century_index;
	f.iapc_boot_arch = ACPI_BOOT_ARCH_NESTLAB;
	f.flags = ACPI_FADT_FLAGS_NESTLAB;
	f.reset_reg = gas_io(p->reset_port, 1, ACPI_GAS_ACCESS_BYTE);
	f.reset_value = p->reset_value;
	/* The X_ forms of the same blocks: bit_width is 8 times the
	 * legacy length, as ACPICA checks; PM1 registers are 16 bits wide. */
	f.x_pm1a_evt_blk = gas_io(p->pm1a_evt_blk, ACPI_PM1_EVT_LEN, ACPI_GAS_ACCESS_WORD);
	f.x_pm1a_cnt_blk = gas_io(p->pm1a_cnt_blk, ACPI_PM1_CNT_LEN, ACPI_GAS_ACCESS_WORD);
	f.x_pm_tmr_blk = gas_io(p->pm_tmr_blk, ACPI_PM_TMR_LEN, ACPI_GAS_ACCESS_DWORD);
	memcpy(f.hypervisor_vendor, ACPI_FADT_HYPERVISOR_VENDOR, sizeof(f.hypervisor_vendor));
	put(o, &f, sizeof(f));
	table_end(o, at);
	return at;
}

static size_t madt(struct out *o, const struct acpi_platform *p)
{
	struct acpi_madt m;
	struct acpi_madt_ioapic io = { .type = ACPI_MADT_IOAPIC, .length = sizeof(io),
				       .ioapic_id = p->ioapic_id, .address = p->ioapic_base,
				       .gsi_base = p->ioapic_gsi_base };
	/* ISA IRQ 0 (the PIT) reaches I/O APIC input 2 (irq_routing.h),
	 * polarity and trigger as ISA has them (edge, high); the SCI is
	 * level-triggered and active high, as on QEMU. */
	struct acpi_madt_iso pit = { .type = ACPI_MADT_ISO, .length = sizeof(pit), .bus = 0,
				     .source = IRQ_PIT, .gsi = IRQ_PIT_GSI,
				     .flags = ACPI_MPS_CONFORMS };
	struct acpi_madt_iso sci = { .type = ACPI_MADT_ISO, .length = sizeof(sci), .bus = 0,
				     .source = p->sci_irq, .gsi = p->sci_irq,
				     .flags = ACPI_MPS_ACTIVE_HIGH | ACPI_MPS_LEVEL };
	/* Every local APIC's LINT1 is the NMI, as the reset state of LVT
	 * LINT1 in a PC's BIOS leaves it (edge, high). */
	struct acpi_madt_lapic_nmi nmi = { .type = ACPI_MADT_LAPIC_NMI, .length = sizeof(nmi),
					   .processor_uid = ACPI_MADT_ALL_PROCESSORS,
					   .flags = ACPI_MPS_CONFORMS, .lint = 1 };
	size_t at = table_start(o);

	memset(&m, 0, sizeof(m));
	header_fill(&m.header, "APIC", ACPI_MADT_REVISION);
	m.lapic_address = p->lapic_base;
	m.flags = ACPI_MADT_PCAT_COMPAT;
	put(o, &m, sizeof(m));
	for (unsigned i = 0; i < p->ncpus; i++) {
		struct acpi_madt_lapic l = { .type = ACPI_MADT_LAPIC, .length = sizeof(l),
					     .processor_uid = (uint8_t)i, .apic_id = (uint8_t)i,
					     .flags = ACPI_MADT_ENABLED };
		put(o, &l, sizeof(l));
	}
	put(o, &io, sizeof(io));
	put(o, &pit, sizeof(pit));
	put(o, &sci, sizeof(sci));
	put(o, &nmi, sizeof(nmi));
	table_end(o, at);
	return at;
}

static size_t mcfg(struct out *o, const struct acpi_platform *p)
{
	struct acpi_mcfg m;
	struct acpi_mcfg_alloc a = { .base = p->ecam_base, .segment = PCI_SEGMENT,
				     .bus_first = p->ecam_bus_first, .bus_last = p->ecam_bus_last };
	size_t at = table_start(o);

	memset(&m, 0, sizeof(m));
	header_fill(&m.header, "MCFG", ACPI_MCFG_REVISION);
	put(o, &m, sizeof(m));
	put(o, &a, sizeof(a));
	table_end(o, at);
	return at;
}

#define SDT_ENTRIES 3      /* FACP, APIC, MCFG */

static size_t rsdt(struct out *o, const uint64_t *tables)
{
	size_t at = table_begin(o, "RSDT", ACPI_RSDT_REVISION);

	for (unsigned i = 0; i < SDT_ENTRIES; i++)
		put32(o, (uint32_t)tables[i]);
	table_end(o, at);
	return at;
}

static size_t xsdt(struct out *o, const uint64_t *tables)
{
	size_t at = table_begin(o, "XSDT", ACPI_XSDT_REVISION);

	for (unsigned i = 0; i < SDT_ENTRIES; i++)
		put64(o, tables[i]);
	table_end(o, at);
	return at;
}

static void rsdp(struct out *o, size_t at, uint64_t rsdt_gpa, uint64_t xsdt_gpa)
{
	struct acpi_rsdp r;

	memset(&r, 0, sizeof(r));
	memcpy(r.signature, "RSD PTR ", sizeof(r.signature));
	memcpy(r.oem_id, ACPI_OEM_ID, sizeof(r.oem_id));
	r.revision = ACPI_RSDP_REVISION;
	r.rsdt_address = (uint32_t)rsdt_gpa;
	r.length = sizeof(r);
	r.xsdt_address = xsdt_gpa;
	r.checksum = acpi_checksum(&r, ACPI_RSDP_V1_LENGTH);
	r.extended_checksum = acpi_checksum(&r, sizeof(r));
	patch(o, at, &r, sizeof(r));
}

/* ------------------------------------------------------------ the API */

unsigned acpi_pci_intx_gsi(unsigned slot, unsigned pin)
{
	static const uint8_t pirq_gsi[ACPI_PCI_PIRQS] = {
		ACPI_PCI_PIRQA_GSI, ACPI_PCI_PIRQB_GSI, ACPI_PCI_PIRQC_GSI, ACPI_PCI_PIRQD_GSI,
	};

	return pirq_gsi[ACPI_PCI_PIRQ_OF(slot, pin)];
}

void acpi_platform_defaults(struct acpi_platform *p, unsigned ncpus, uint32_t ram_below_4g)
{
	*p = (struct acpi_platform){
		.ncpus = ncpus,
		.lapic_base = (uint32_t)APIC_DEFAULT_BASE,
		.ioapic_base = (uint32_t)IOAPIC_BASE,
		.ioapic_id = 0,
		.ioapic_gsi_base = 0,
		.ecam_base = PCI_ECAM_BASE,
		.ecam_bus_first = 0,
		.ecam_bus_last = (uint8_t)((PCI_ECAM_SIZE >> ACPI_ECAM_BUS_SHIFT) - 1),
		.pm1a_evt_blk = ACPI_PM1_EVT_BLK,
		.pm1a_cnt_blk = ACPI_PM1_CNT_BLK,
		.pm_tmr_blk = ACPI_PM_TMR_BLK,
		.sci_irq = ACPI_PM_SCI_IRQ,
		.reset_port = RESET_CTL_PORT,
		.reset_value = RESET_CTL_VALUE,
		.century_index = CMOS_CENTURY_INDEX,
		/* From the end of ECAM to below the I/O APIC, as on q35. */
		.pci_mmio_base = (uint32_t)(PCI_ECAM_BASE + PCI_ECAM_SIZE),
		.pci_mmio_limit = (uint32_t)(IOAPIC_BASE - 1),
		.ram_below_4g = ram_below_4g,
	};
}

static bool overlaps(uint64_t a, uint64_t a_end, uint64_t b, uint64_t b_end)
{
	return a < b_end && b < a_end;
}

static bool io_block_ok(uint16_t port, unsigned len)
{
	return port != 0 && port + len <= IO_SPACE_END;
}

/* NULL, or what is wrong with the platform and how to fix it. */
static const char *check_platform(const struct acpi_platform *p)
{
	uint64_t win = p->pci_mmio_base, win_end = (uint64_t)p->pci_mmio_limit + 1;

	if (p->ncpus == 0)
		return "ncpus is 0: a VM has at least one vCPU (pass its vCPU count)";
	if (p->ncpus > ACPI_MAX_CPUS)
		return "ncpus above 255: xAPIC IDs end at 254, more need MADT x2APIC entries "
		       "(not built); pass at most ACPI_MAX_CPUS";
	if (p->ioapic_gsi_base != 0)
		return "ioapic_gsi_base is not 0: ISA IRQs and PCI INTx lines are I/O APIC inputs "
		       "of the same number (irq_routing.h); use 0";
	if (p->sci_irq >= ISA_IRQS || p->sci_irq == IRQ_PIT ||
	    p->sci_irq == PIC_CASCADE_IRQ)
		return "sci_irq is not a free ISA IRQ (1, 3-15): the SCI needs an 8259 input and "
		       "its MADT override; use 9";
	for (unsigned i = 0; i < ACPI_PCI_PIRQS; i++)
		if (p->sci_irq == acpi_pci_intx_gsi(i, 0))
			return "sci_irq is a PCI INTx line (acpi_pci_intx_gsi): the SCI's override "
			       "says active high, _PRT active low; use 9";
	if (p->ecam_bus_first > p->ecam_bus_last)
		return "ecam_bus_first above ecam_bus_last: give the bus range in order";
	if (p->ecam_base & ((1ull << ACPI_ECAM_BUS_SHIFT) - 1))
		return "ecam_base not 1 MiB aligned: ECAM gives each bus 1 MiB (PCIe 7.2.2)";
	if (ecam_end(p) < p->ecam_base)
		return "ECAM window wraps past 2^64: lower ecam_base";
	if (ecam_start(p) < p->ram_below_4g)
		return "ECAM window overlaps RAM: lower ram_below_4g or move ecam_base above it";
	if (p->pci_mmio_base > p->pci_mmio_limit)
		return "pci_mmio_base above pci_mmio_limit: the limit is the window's last byte";
	if (p->pci_mmio_base < p->ram_below_4g)
		return "PCI memory window overlaps RAM: start it at or above ram_below_4g";
	if (overlaps(win, win_end, ecam_start(p), ecam_end(p)))
		return "PCI memory window overlaps ECAM: keep them apart (ECAM 256 MiB at "
		       "B0000000H, the window from C0000000H)";
	if (overlaps(win, win_end, p->ioapic_base, (uint64_t)p->ioapic_base + APIC_PAGE) ||
	    overlaps(win, win_end, p->lapic_base, (uint64_t)p->lapic_base + APIC_PAGE))
		return "PCI memory window covers the I/O APIC or local APIC page: end it below "
		       "FEC00000H";
	if (!io_block_ok(p->pm1a_evt_blk, ACPI_PM1_EVT_LEN) ||
	    !io_block_ok(p->pm1a_cnt_blk, ACPI_PM1_CNT_LEN) ||
	    !io_block_ok(p->pm_tmr_blk, ACPI_PM_TMR_LEN))
		return "a PM block port is 0 or runs past FFFFH: give the blocks of acpi_pm.h";
	if (overlaps(p->pm1a_evt_blk, p->pm1a_evt_blk + ACPI_PM1_EVT_LEN, p->pm1a_cnt_blk,
		     p->pm1a_cnt_blk + ACPI_PM1_CNT_LEN) ||
	    overlaps(p->pm1a_evt_blk, p->pm1a_evt_blk + ACPI_PM1_EVT_LEN, p->pm_tmr_blk,
		     p->pm_tmr_blk + ACPI_PM_TMR_LEN) ||
	    overlaps(p->pm1a_cnt_blk, p->pm1a_cnt_blk + ACPI_PM1_CNT_LEN, p->pm_tmr_blk,
		     p->pm_tmr_blk + ACPI_PM_TMR_LEN))
		return "PM blocks overlap: PM1a_EVT (4 ports), PM1a_CNT (2) and PM_TMR (4) are "
		       "separate registers";
	if (p->reset_port == 0)
		return "reset_port is 0: give the reset control register (CF9H)";
	if (p->century_index != 0 &&
	    (p->century_index < CMOS_FIRST_RAM || p->century_index >= CMOS_BYTES))
		return "century_index is not a CMOS RAM byte (0EH-7FH, or 0 for none): use 32H";
	return NULL;
}

int acpi_build(const struct acpi_platform *p, void *buf, uint64_t gpa, size_t size,
	       uint64_t *rsdp_gpa, size_t *used, const char **why)
{
	struct out o = { .buf = buf, .size = size, .gpa = gpa };
	const char *problem = NULL;
	uint64_t tables[SDT_ENTRIES];
	size_t rsdp_at, facs_at, dsdt_at, rsdt_at, xsdt_at;

	if (used)
		*used = 0;
	if (!p)
		problem = "no platform description: fill one with acpi_platform_defaults";
	else if (!buf && size)
		problem = "buf is NULL with a non-zero size: pass the buffer, or size 0 to ask "
			  "for the size needed";
	else if (gpa >= FOUR_GIB || size > FOUR_GIB - gpa)
		problem = "the buffer reaches above 4 GiB: the RSDT and FADT hold 32-bit "
			  "addresses; place it in the BIOS area (E0000H)";
	else if (gpa + size > p->ram_below_4g)
		problem = "the buffer is not RAM (it ends above ram_below_4g): place it in the "
			  "BIOS area (E0000H), or give ram_below_4g";
	else
		problem = check_platform(p);
	if (problem) {
		if (why)
			*why = problem;
		return ACPI_BUILD_EINVAL;
	}

	pad_to(&o, ACPI_RSDP_ALIGN);
	rsdp_at = o.pos;
	put(&o, &(struct acpi_rsdp){ .length = 0 }, sizeof(struct acpi_rsdp)); /* filled last */
	facs_at = facs(&o);
	dsdt_at = dsdt(&o, p);
	tables[0] = gpa_of(&o, fadt(&o, p, gpa_of(&o, facs_at), gpa_of(&o, dsdt_at)));
	tables[1] = gpa_of(&o, madt(&o, p));
	tables[2] = gpa_of(&o, mcfg(&o, p));
	rsdt_at = rsdt(&o, tables);
	xsdt_at = xsdt(&o, tables);
	rsdp(&o, rsdp_at, gpa_of(&o, rsdt_at), gpa_of(&o, xsdt_at));

	if (used)
		*used = o.pos;
	if (o.bad) {
		if (why)
			*why = o.bad;
		return ACPI_BUILD_EINVAL;
	}
	if (o.full) {
		if (why)
			*why = "buffer too small for the ACPI tables: give it *used bytes "
			       "(ACPI_BUILD_SIZE_MAX always suffices)";
		return ACPI_BUILD_ENOSPC;
	}
	if (rsdp_gpa)
		*rsdp_gpa = gpa_of(&o, rsdp_at);
	if (why)
		*why = NULL;
	return ACPI_BUILD_OK;
}
