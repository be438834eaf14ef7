/* SPDX-License-Identifier: MIT */
/*
 * A reader and validator of ACPI tables in guest-physical memory: what an
 * OS does at boot, done strictly, so that tests/unit/test_acpi_tables.c
 * and tools/acpi-check can check what acpi_tables.c builds (and what any
 * other firmware left in a memory image). ACPI 6.4 references:
 *  - RSDP (5.2.5): found on 16-byte boundaries of E0000H-FFFFFH (5.2.5.1;
 *    the EBDA is not searched) unless its address is given; signature,
 *    the 20-byte checksum and, from revision 2, length and the extended
 *    checksum;
 *  - RSDT (5.2.7) and XSDT (5.2.8): every entry's table is in the image,
 *    has a sane length and a valid checksum; when both exist they list
 *    the same tables;
 *  - FADT (5.2.9): length for its revision; DSDT/X_DSDT and FACS/
 *    X_FIRMWARE_CTRL consistent; each X_ block agrees with its legacy
 *    address and length (bit width 8 times the length, as ACPICA checks);
 *    PM1a event/control present unless HW_REDUCED; the reset register;
 *  - FACS (5.2.10): signature, length, version, 64-byte alignment;
 *  - MADT (5.2.12): every entry's length, unique APIC IDs, at least one
 *    enabled processor;
 *  - MCFG (PCI Firmware 3.2 4.1.2): allocations whole, buses in order,
 *    bases 1 MiB aligned;
 *  - DSDT (5.2.11.1): its AML walked for the objects a PC's DSDT holds
 *    without running any: Scope, Device, Processor and Name (Method,
 *    If/Else/While, Field and the like are skipped by their PkgLength;
 *    OperationRegion with integer operands is understood). Every
 *    PkgLength must stay inside its parent. Devices are recorded with
 *    _HID, _CID, _UID, _ADR, _SEG, _BBN, their _CRS resource descriptors
 *    (6.4) and _PRT entries (6.2.13); \_Sx packages as sleep states. A
 *    term it does not know stops the walk (dsdt.aml_complete false, with
 *    the reason), which is not an error: iasl -d decodes the rest.
 * Built freestanding into l1hv too (it compiles every l1hv/ file), so it
 * uses no libc beyond string.h and formats with common/fmt.h.
 */
#ifndef L1HV_PLATFORM_ACPI_PARSE_H
#define L1HV_PLATFORM_ACPI_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l1hv/platform/acpi_tables.h"

/* Guest-physical memory [base, base + size) held at data. */
struct acpi_image {
	const uint8_t *data;
	uint64_t base;
	uint64_t size;
};

enum acpi_parse_status {
	ACPI_PARSE_OK = 0,
	ACPI_PARSE_ENOTFOUND = -1,   /* no RSDP signature where it was looked for */
	ACPI_PARSE_ERANGE = -2,      /* a table lies (partly) outside the image */
	ACPI_PARSE_ECHECKSUM = -3,   /* an RSDP or table checksum is wrong */
	ACPI_PARSE_EFORMAT = -4,     /* a length, revision, field or AML structure is wrong */
	ACPI_PARSE_ELIMIT = -5,      /* more of something than this parser keeps */
};

#define ACPI_PARSE_MAX_TABLES   32
#define ACPI_PARSE_MAX_LAPICS   (ACPI_MAX_CPUS + 1)
#define ACPI_PARSE_MAX_IOAPICS  8
#define ACPI_PARSE_MAX_ISOS     16
#define ACPI_PARSE_MAX_NMIS     8
#define ACPI_PARSE_MAX_MCFG     8
#define ACPI_PARSE_MAX_DEVICES  320
#define ACPI_PARSE_MAX_RES      640
#define ACPI_PARSE_MAX_PRT      512
#define ACPI_PARSE_MAX_SLEEP    6
#define ACPI_PARSE_PATH_MAX     64         /* "\_SB_.PCI0.ISA_.COM1" and deeper */
#define ACPI_PARSE_ID_MAX       16         /* "PNP0A08", "ACPI0007" */
#define ACPI_PARSE_TABLE_MAX    (1u << 20) /* a table longer than this is corrupt */

struct acpi_parsed_table {
	char signature[5];
	uint64_t gpa;
	uint32_t length;
	uint8_t revision;
	char oem_id[7], oem_table_id[9], creator_id[5];
	uint32_t oem_revision, creator_revision;
	bool in_rsdt, in_xsdt;
};

struct acpi_parsed_lapic {
	uint32_t processor_uid, apic_id, flags;
	bool x2apic;                     /* from a type 9 entry */
};

struct acpi_parsed_madt {
	bool present;
	uint32_t lapic_address, flags;
	unsigned nlapic, nioapic, niso, nnmi, nother;
	struct acpi_parsed_lapic lapic[ACPI_PARSE_MAX_LAPICS];
	struct acpi_madt_ioapic ioapic[ACPI_PARSE_MAX_IOAPICS];
	struct acpi_madt_iso iso[ACPI_PARSE_MAX_ISOS];
	struct acpi_madt_lapic_nmi nmi[ACPI_PARSE_MAX_NMIS];
};

enum acpi_res_kind {
	ACPI_RES_IO,            /* IO (): min/max of the base, len */
	ACPI_RES_FIXED_IO,      /* FixedIO (): min = max = base */
	ACPI_RES_IRQ,           /* IRQ () / IRQNoFlags (): irq_mask */
	ACPI_RES_EXT_IRQ,       /* Interrupt (): min = the first interrupt */
	ACPI_RES_MEM24,
	ACPI_RES_MEM32,
	ACPI_RES_MEM32_FIXED,   /* min = base, max = base + len - 1 */
	ACPI_RES_ADDR_MEM,      /* Word/DWord/QWord address space, memory */
	ACPI_RES_ADDR_IO,
	ACPI_RES_ADDR_BUS,
	ACPI_RES_OTHER,         /* decoded no further */
};

struct acpi_parsed_resource {
	uint8_t kind;           /* enum acpi_res_kind */
	uint8_t width;          /* address space descriptors: bytes per field (2, 4, 8) */
	uint8_t general_flags;  /* address space descriptors (6.4.3.5) */
	uint8_t specific_flags; /* address space descriptors; IO: its information byte */
	bool producer;          /* address space descriptor that produces (a bridge window) */
	uint16_t irq_mask;
	uint64_t min, max, len;
	unsigned dev;           /* index into dsdt.dev */
};

struct acpi_parsed_prt {
	uint64_t address;       /* slot << 16 | FFFFH */
	uint64_t pin;           /* 0 = INTA# */
	char source[ACPI_PARSE_PATH_MAX];   /* "" when the source is the integer 0 */
	uint64_t source_index;  /* the GSI when source is "" */
	unsigned dev;
};

struct acpi_parsed_device {
	char path[ACPI_PARSE_PATH_MAX];    /* "\_SB_.PCI0" */
	char hid[ACPI_PARSE_ID_MAX], cid[ACPI_PARSE_ID_MAX];  /* "" if none */
	bool has_uid, has_adr, has_seg, has_bbn, has_crs, has_prt, processor;
	uint64_t uid, adr, seg, bbn;
	unsigned res_first, nres, prt_first, nprt;
};

struct acpi_parsed_sleep {
	char name[5];           /* "_S5_" */
	uint64_t slp_typ_a, slp_typ_b;
};

struct acpi_parsed_dsdt {
	bool present;
	uint64_t gpa;
	uint32_t length;
	uint8_t revision;
	bool aml_complete;      /* every term of the AML was understood */
	char aml_stop[128];     /* else: where and why the walk stopped */
	unsigned ndev, nres, nprt, nsleep;
	struct acpi_parsed_device dev[ACPI_PARSE_MAX_DEVICES];
	struct acpi_parsed_resource res[ACPI_PARSE_MAX_RES];
	struct acpi_parsed_prt prt[ACPI_PARSE_MAX_PRT];
	struct acpi_parsed_sleep sleep[ACPI_PARSE_MAX_SLEEP];
};

struct acpi_parsed {
	uint64_t rsdp_gpa;
	struct acpi_rsdp rsdp;           /* the first 20 bytes only for revision 0 */
	unsigned ntables;                /* what the RSDT and XSDT list, then FACS and DSDT */
	struct acpi_parsed_table table[ACPI_PARSE_MAX_TABLES];
	bool have_fadt;
	uint32_t fadt_length;
	struct acpi_fadt fadt;           /* zero beyond fadt_length */
	bool have_facs;
	uint64_t facs_gpa;
	struct acpi_facs facs;
	struct acpi_parsed_madt madt;
	unsigned nmcfg;
	struct acpi_mcfg_alloc mcfg[ACPI_PARSE_MAX_MCFG];
	struct acpi_parsed_dsdt dsdt;
	unsigned nwarnings;
	char warnings[1024];             /* one per line */
	char error[256];                 /* what the non-zero status means */
};

/*
 * Reads the tables whose RSDP is at rsdp_gpa, or found by the scan when
 * rsdp_gpa is 0. Returns ACPI_PARSE_OK or a negative
 * enum acpi_parse_status with out->error saying which table, where and
 * what. out is large (about 150 KiB): give it static or heap storage.
 */
int acpi_parse(const struct acpi_image *img, uint64_t rsdp_gpa, struct acpi_parsed *out);

/* The first table of that signature, or NULL. */
const struct acpi_parsed_table *acpi_parsed_find(const struct acpi_parsed *a, const char *sig);
/* The DSDT device at that path ("\_SB_.PCI0"), or NULL. */
const struct acpi_parsed_device *acpi_parsed_device(const struct acpi_parsed *a, const char *path);

#endif
