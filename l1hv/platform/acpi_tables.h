/* SPDX-License-Identifier: MIT */
/*
 * The ACPI tables of a VM's virtual PC, built into a caller's buffer that
 * is guest-physical memory (l1hv puts them in the BIOS area E0000H-FFFFFH,
 * where an OS finds the RSDP by scanning 16-byte boundaries). The consumer
 * in mind is Debian's unmodified Linux 6.1 (ACPICA 20220331), booting with
 * ACPI on. References are to the ACPI Specification 6.4:
 *   RSDP  5.2.5    revision 2: RsdtAddress and XsdtAddress, both checksums
 *   RSDT  5.2.7 / XSDT 5.2.8   listing FACP, APIC and MCFG, in that order
 *   FADT  5.2.9    revision 6, minor version 4 (276 bytes: Linux 6.1 knows
 *                  every field of it): the PM1a event and control blocks
 *                  and the PM timer (ACPI 4.8), the reset register, SCI,
 *                  CENTURY; no SMI command port (the VM is always in ACPI
 *                  mode), no GPE blocks, no PM1b/PM2 blocks
 *   FACS  5.2.10   version 2, 64-byte aligned (Linux wants a FACS unless
 *                  the FADT says HW_REDUCED_ACPI)
 *   DSDT  5.2.11.1 revision 2 (64-bit AML integers): \_S0, \_S5, one
 *                  Device (ACPI0007) per vCPU, the PCI root bridge
 *                  \_SB.PCI0 with _CRS and _PRT, the LPC bridge's ISA
 *                  devices (RTC, COM1, PIT, PIC), and a PNP0C02
 *                  motherboard-resource device reserving ECAM and the PM
 *                  ports (Linux 6.1 checks ECAM is reserved there or in
 *                  e820 before it uses MMCONFIG)
 *   MADT  5.2.12   revision 5: a Processor Local APIC entry (5.2.12.2) per
 *                  vCPU, the I/O APIC (5.2.12.3), two Interrupt Source
 *                  Overrides (5.2.12.5), a Local APIC NMI (5.2.12.7)
 *   MCFG           PCI Firmware Specification 3.2, 4.1.2: one allocation
 *   AML            chapter 20, emitted by a small encoder in acpi_tables.c
 *                  (no iasl at build time: every value in the DSDT comes
 *                  from struct acpi_platform and the constants below)
 * Built freestanding into l1hv and hosted for tests/unit/test_acpi_tables.c;
 * tools/acpi-check and l1hv/platform/acpi_parse.h read the result back.
 * Everything is little-endian, as x86 is.
 */
#ifndef L1HV_PLATFORM_ACPI_TABLES_H
#define L1HV_PLATFORM_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

/* ------------------------------------------------------------ identity */

/* OEM fields of every table header (5.2.6) and of the RSDP. */
#define ACPI_OEM_ID            "NESTLB"      /* 6 characters */
#define ACPI_OEM_TABLE_ID      "NESTLAB "    /* 8 characters */
#define ACPI_OEM_REVISION      1u
#define ACPI_CREATOR_ID        "NLAB"        /* 4 characters */
#define ACPI_CREATOR_REVISION  1u

/* Where an OS looks for the RSDP (5.2.5.1): the first KiB of the EBDA and
 * then E0000H-FFFFFH, on 16-byte boundaries. */
#define ACPI_RSDP_SCAN_START   0xe0000ull
#define ACPI_RSDP_SCAN_END     0x100000ull
#define ACPI_RSDP_ALIGN        16u
#define ACPI_FACS_ALIGN        64u           /* 5.2.10 */
#define ACPI_TABLE_ALIGN       16u           /* ours, for readable dumps */

/* Revisions this builder writes (and acpi_parse expects at least). */
#define ACPI_RSDP_REVISION     2u            /* ACPI 2.0 and later */
#define ACPI_RSDT_REVISION     1u
#define ACPI_XSDT_REVISION     1u
#define ACPI_FADT_REVISION     6u
#define ACPI_FADT_MINOR        4u            /* ACPI 6.4 */
#define ACPI_FACS_VERSION      2u
#define ACPI_DSDT_REVISION     2u            /* 2: integers are 64 bits */
#define ACPI_MADT_REVISION     5u
#define ACPI_MCFG_REVISION     1u

/* ------------------------------------------------------- table layouts */

/* System description table header (5.2.6), common to all but RSDP/FACS. */
struct acpi_header {
	char signature[4];
	uint32_t length;            /* of the whole table, header included */
	uint8_t revision;
	uint8_t checksum;           /* the table's bytes sum to 0 */
	char oem_id[6];
	char oem_table_id[8];
	uint32_t oem_revision;
	char creator_id[4];
	uint32_t creator_revision;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_header) == 36, "ACPI 6.4 Table 5.4");

/* Root System Description Pointer (5.2.5.3). */
struct acpi_rsdp {
	char signature[8];          /* "RSD PTR " */
	uint8_t checksum;           /* bytes 0-19 sum to 0 */
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;            /* 36 */
	uint64_t xsdt_address;
	uint8_t extended_checksum;  /* bytes 0-35 sum to 0 */
	uint8_t reserved[3];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_rsdp) == 36, "ACPI 6.4 Table 5.3");
#define ACPI_RSDP_V1_LENGTH    20u           /* what `checksum` covers */

/* Generic Address Structure (5.2.3.2). */
struct acpi_gas {
	uint8_t space_id;           /* ACPI_GAS_* */
	uint8_t bit_width;
	uint8_t bit_offset;
	uint8_t access_size;        /* ACPI_GAS_ACCESS_* */
	uint64_t address;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_gas) == 12, "ACPI 6.4 Table 5.1");
#define ACPI_GAS_SYSTEM_MEMORY 0u
#define ACPI_GAS_SYSTEM_IO     1u
#define ACPI_GAS_ACCESS_UNDEF  0u
#define ACPI_GAS_ACCESS_BYTE   1u
#define ACPI_GAS_ACCESS_WORD   2u
#define ACPI_GAS_ACCESS_DWORD  3u
#define ACPI_GAS_ACCESS_QWORD  4u

/* Fixed ACPI Description Table, revision 6 (5.2.9, Table 5.9); the
 * comments give byte offsets. */
struct acpi_fadt {
	struct acpi_header header;       /*   0 "FACP" */
	uint32_t firmware_ctrl;          /*  36 the FACS */
	uint32_t dsdt;                   /*  40 */
	uint8_t reserved0;               /*  44 INT_MODEL of ACPI 1.0 */
	uint8_t preferred_pm_profile;    /*  45 */
	uint16_t sci_int;                /*  46 */
	uint32_t smi_cmd;                /*  48 */
	uint8_t acpi_enable;             /*  52 */
	uint8_t acpi_disable;            /*  53 */
	uint8_t s4bios_req;              /*  54 */
	uint8_t pstate_cnt;              /*  55 */
	uint32_t pm1a_evt_blk;           /*  56 */
	uint32_t pm1b_evt_blk;           /*  60 */
	uint32_t pm1a_cnt_blk;           /*  64 */
	uint32_t pm1b_cnt_blk;           /*  68 */
	uint32_t pm2_cnt_blk;            /*  72 */
	uint32_t pm_tmr_blk;             /*  76 */
	uint32_t gpe0_blk;               /*  80 */
	uint32_t gpe1_blk;               /*  84 */
	uint8_t pm1_evt_len;             /*  88 */
	uint8_t pm1_cnt_len;             /*  89 */
	uint8_t pm2_cnt_len;             /*  90 */
	uint8_t pm_tmr_len;              /*  91 */
	uint8_t gpe0_blk_len;            /*  92 */
	uint8_t gpe1_blk_len;            /*  93 */
	uint8_t gpe1_base;               /*  94 */
	uint8_t cst_cnt;                 /*  95 */
	uint16_t p_lvl2_lat;             /*  96 */
	uint16_t p_lvl3_lat;             /*  98 */
	uint16_t flush_size;             /* 100 */
	uint16_t flush_stride;           /* 102 */
	uint8_t duty_offset;             /* 104 */
	uint8_t duty_width;              /* 105 */
	uint8_t day_alrm;                /* 106 */
	uint8_t mon_alrm;                /* 107 */
	uint8_t century;                 /* 108 */
	uint16_t iapc_boot_arch;         /* 109 ACPI_BOOT_* */
	uint8_t reserved1;               /* 111 */
	uint32_t flags;                  /* 112 ACPI_FADT_* */
	struct acpi_gas reset_reg;       /* 116 */
	uint8_t reset_value;             /* 128 */
	uint16_t arm_boot_arch;          /* 129 */
	uint8_t minor_version;           /* 131 */
	uint64_t x_firmware_ctrl;        /* 132 */
	uint64_t x_dsdt;                 /* 140 */
	struct acpi_gas x_pm1a_evt_blk;  /* 148 */
	struct acpi_gas x_pm1b_evt_blk;  /* 160 */
	struct acpi_gas x_pm1a_cnt_blk;  /* 172 */
	struct acpi_gas x_pm1b_cnt_blk;  /* 184 */
	struct acpi_gas x_pm2_cnt_blk;   /* 196 */
	struct acpi_gas x_pm_tmr_blk;    /* 208 */
	struct acpi_gas x_gpe0_blk;      /* 220 */
	struct acpi_gas x_gpe1_blk;      /* 232 */
	struct acpi_gas sleep_control;   /* 244 */
	struct acpi_gas sleep_status;    /* 256 */
	char hypervisor_vendor[8];       /* 268 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_fadt) == 276, "ACPI 6.4 Table 5.9: FADT revision 6");
_Static_assert(__builtin_offsetof(struct acpi_fadt, flags) == 112, "FADT Flags at 112");
_Static_assert(__builtin_offsetof(struct acpi_fadt, x_pm_tmr_blk) == 208, "X_PM_TMR_BLK at 208");

/* FADT lengths of earlier revisions (acpi_parse accepts them). */
#define ACPI_FADT_V1_LENGTH    116u
#define ACPI_FADT_V3_LENGTH    244u
#define ACPI_FADT_V5_LENGTH    268u
#define ACPI_FADT_V6_LENGTH    276u

/* FADT Flags (Table 5.10). */
#define ACPI_FADT_WBINVD           (1u << 0)
#define ACPI_FADT_WBINVD_FLUSH     (1u << 1)
#define ACPI_FADT_PROC_C1          (1u << 2)
#define ACPI_FADT_P_LVL2_UP        (1u << 3)
#define ACPI_FADT_PWR_BUTTON       (1u << 4)   /* set: no fixed-feature power button */
#define ACPI_FADT_SLP_BUTTON       (1u << 5)   /* set: no fixed-feature sleep button */
#define ACPI_FADT_FIX_RTC          (1u << 6)
#define ACPI_FADT_RTC_S4           (1u << 7)
#define ACPI_FADT_TMR_VAL_EXT      (1u << 8)   /* the PM timer counts 32 bits, not 24 */
#define ACPI_FADT_DCK_CAP          (1u << 9)
#define ACPI_FADT_RESET_REG_SUP    (1u << 10)
#define ACPI_FADT_SEALED_CASE      (1u << 11)
#define ACPI_FADT_HEADLESS         (1u << 12)
#define ACPI_FADT_CPU_SW_SLP       (1u << 13)
#define ACPI_FADT_PCI_EXP_WAK      (1u << 14)
#define ACPI_FADT_USE_PLATFORM_CLOCK (1u << 15)
#define ACPI_FADT_S4_RTC_STS_VALID (1u << 16)
#define ACPI_FADT_REMOTE_POWER_ON  (1u << 17)
#define ACPI_FADT_APIC_CLUSTER     (1u << 18)
#define ACPI_FADT_APIC_PHYSICAL    (1u << 19)
#define ACPI_FADT_HW_REDUCED       (1u << 20)
#define ACPI_FADT_LOW_POWER_S0     (1u << 21)

/* IA-PC Boot Architecture Flags (Table 5.11). */
#define ACPI_BOOT_LEGACY_DEVICES   (1u << 0)
#define ACPI_BOOT_8042             (1u << 1)
#define ACPI_BOOT_VGA_NOT_PRESENT  (1u << 2)
#define ACPI_BOOT_MSI_NOT_SUPPORTED (1u << 3)
#define ACPI_BOOT_PCIE_ASPM        (1u << 4)
#define ACPI_BOOT_NO_CMOS_RTC      (1u << 5)

/*
 * What this builder puts in the FADT, and why:
 *  - Flags: WBINVD works; C1 (HLT) on every processor; PWR_BUTTON and
 *    SLP_BUTTON set, because the VM has neither fixed-feature button
 *    (clear PWR_BUTTON if the PM block ever raises PWRBTN_STS, e.g. for an
 *    orderly shutdown request from the host); TMR_VAL_EXT: the PM timer
 *    (l1hv/vdev/acpi_pm.h) counts 32 bits; RESET_REG_SUP: the reset
 *    register below works. Not HW_REDUCED (the PM1 blocks exist).
 *  - IAPC_BOOT_ARCH: LEGACY_DEVICES (COM1, the RTC, the PIT and the PIC
 *    are ISA devices) and VGA_NOT_PRESENT (the VM has no VGA; memmap.h
 *    lists no VGA window). NOT 8042: l1hv emulates only the i8042's
 *    reset command (legacy_ports.h) and no keyboard controller answers its
 *    self-test. With the flag clear Linux 6.1 marks the i8042 "firmware
 *    absent" and, finding no PNP0303/PNP0F13 in the DSDT, skips the
 *    controller ("PNP: No PS/2 controller found") instead of probing the
 *    ports and timing out; its reboot fallback still writes FEH to 64H.
 *    MSI_NOT_SUPPORTED, ASPM and NO_CMOS_RTC are clear.
 *  - P_LVL2_LAT and P_LVL3_LAT above 100 and 1000 us: no C2, no C3.
 *  - RESET_REG: system I/O CF9H, 8 bits, RESET_VALUE 06H (reset CPU plus
 *    system reset: legacy_ports.h resets on bit 2).
 *  - FIRMWARE_CTRL holds the FACS and X_FIRMWARE_CTRL is 0 (5.2.9: the X_
 *    field is for a FACS above 4 GiB and must be 0 when the other is
 *    set); DSDT and X_DSDT both hold the DSDT.
 */
#define ACPI_FADT_FLAGS_NESTLAB    (ACPI_FADT_WBINVD | ACPI_FADT_PROC_C1 | ACPI_FADT_PWR_BUTTON | \
				    ACPI_FADT_SLP_BUTTON | ACPI_FADT_TMR_VAL_EXT | \
				    ACPI_FADT_RESET_REG_SUP)
#define ACPI_BOOT_ARCH_NESTLAB     (ACPI_BOOT_LEGACY_DEVICES | ACPI_BOOT_VGA_NOT_PRESENT)
#define ACPI_FADT_NO_C2_LATENCY    0x0fffu      /* > 100: C2 not supported */
#define ACPI_FADT_NO_C3_LATENCY    0x0fffu      /* > 1000: C3 not supported */
#define ACPI_FADT_HYPERVISOR_VENDOR "NESTLAB "  /* 8 bytes, no version (5.2.9) */

/* Block lengths the FADT gives (4.8.3): PM1_EVT = PM1_STS + PM1_EN. */
#define ACPI_PM1_EVT_LEN           4u
#define ACPI_PM1_CNT_LEN           2u
#define ACPI_PM_TMR_LEN            4u

/* Firmware ACPI Control Structure (5.2.10, Table 5.14). */
struct acpi_facs {
	char signature[4];               /* "FACS" */
	uint32_t length;                 /* 64 */
	uint32_t hardware_signature;
	uint32_t firmware_waking_vector;
	uint32_t global_lock;
	uint32_t flags;
	uint64_t x_firmware_waking_vector;
	uint8_t version;
	uint8_t reserved0[3];
	uint32_t ospm_flags;
	uint8_t reserved1[24];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_facs) == 64, "ACPI 6.4 Table 5.14");

/* Multiple APIC Description Table (5.2.12, Table 5.19) and its entries. */
struct acpi_madt {
	struct acpi_header header;       /* "APIC" */
	uint32_t lapic_address;
	uint32_t flags;                  /* ACPI_MADT_PCAT_COMPAT */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt) == 44, "ACPI 6.4 Table 5.19");
#define ACPI_MADT_PCAT_COMPAT      (1u << 0)   /* a dual 8259 is present */

/* Interrupt controller structure types (Table 5.21). */
#define ACPI_MADT_LAPIC            0u
#define ACPI_MADT_IOAPIC           1u
#define ACPI_MADT_ISO              2u
#define ACPI_MADT_NMI_SOURCE       3u
#define ACPI_MADT_LAPIC_NMI        4u
#define ACPI_MADT_LAPIC_OVERRIDE   5u
#define ACPI_MADT_X2APIC           9u
#define ACPI_MADT_X2APIC_NMI       10u

struct acpi_madt_entry_header {
	uint8_t type, length;
} __attribute__((packed));

struct acpi_madt_lapic {                 /* 5.2.12.2, Table 5.22 */
	uint8_t type, length;            /* 0, 8 */
	uint8_t processor_uid;
	uint8_t apic_id;
	uint32_t flags;                  /* ACPI_MADT_ENABLED */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_lapic) == 8, "ACPI 6.4 Table 5.22");
#define ACPI_MADT_ENABLED          (1u << 0)
#define ACPI_MADT_ONLINE_CAPABLE   (1u << 1)

struct acpi_madt_ioapic {                /* 5.2.12.3, Table 5.24 */
	uint8_t type, length;            /* 1, 12 */
	uint8_t ioapic_id;
	uint8_t reserved;
	uint32_t address;
	uint32_t gsi_base;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_ioapic) == 12, "ACPI 6.4 Table 5.24");

struct acpi_madt_iso {                   /* 5.2.12.5, Table 5.25 */
	uint8_t type, length;            /* 2, 10 */
	uint8_t bus;                     /* 0: ISA */
	uint8_t source;                  /* the ISA IRQ */
	uint32_t gsi;
	uint16_t flags;                  /* MPS INTI flags, ACPI_MPS_* */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_iso) == 10, "ACPI 6.4 Table 5.25");

struct acpi_madt_lapic_nmi {             /* 5.2.12.7, Table 5.28 */
	uint8_t type, length;            /* 4, 6 */
	uint8_t processor_uid;           /* ACPI_MADT_ALL_PROCESSORS */
	uint16_t flags;                  /* MPS INTI flags */
	uint8_t lint;                    /* 0 or 1 */
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_lapic_nmi) == 6, "ACPI 6.4 Table 5.28");
#define ACPI_MADT_ALL_PROCESSORS   0xffu

struct acpi_madt_x2apic {                /* 5.2.12.12, Table 5.36 (parser only) */
	uint8_t type, length;            /* 9, 16 */
	uint16_t reserved;
	uint32_t x2apic_id;
	uint32_t flags;
	uint32_t processor_uid;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_madt_x2apic) == 16, "ACPI 6.4 Table 5.36");

/* MPS INTI flags (Table 5.26): polarity bits 1:0, trigger mode bits 3:2;
 * 0 in either means "conforms to the bus" (ISA: active high, edge). */
#define ACPI_MPS_POLARITY_MASK     0x3u
#define ACPI_MPS_ACTIVE_HIGH       0x1u
#define ACPI_MPS_ACTIVE_LOW        0x3u
#define ACPI_MPS_TRIGGER_MASK      0xcu
#define ACPI_MPS_EDGE              0x4u
#define ACPI_MPS_LEVEL             0xcu
#define ACPI_MPS_CONFORMS          0x0u

/* PCI Express memory mapped configuration (PCI Firmware 3.2, Table 4-2/3). */
struct acpi_mcfg {
	struct acpi_header header;       /* "MCFG" */
	uint8_t reserved[8];
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_mcfg) == 44, "PCI Firmware 3.2 Table 4-2");

struct acpi_mcfg_alloc {
	uint64_t base;                   /* ECAM base: the address of bus 0 */
	uint16_t segment;
	uint8_t bus_first, bus_last;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct acpi_mcfg_alloc) == 16, "PCI Firmware 3.2 Table 4-3");
#define ACPI_ECAM_BUS_SHIFT        20u      /* 1 MiB of ECAM per bus */

/* ------------------------------------------------------- the platform */

/*
 * Sleep states in the DSDT: \_S0 (working) and \_S5 (soft off), each a
 * package {SLP_TYPa, SLP_TYPb, 0, 0} (7.4.2). PM1a_CNT's emulation
 * (l1hv/vdev/acpi_pm.h, ACPI_PM_SLP_TYP_S5) powers the VM off when the
 * guest writes SLP_EN with SLP_TYP = ACPI_SLP_TYP_S5; the builder takes
 * the value from there. No PM1b block: SLP_TYPb repeats SLP_TYPa, as
 * firmware usually writes it.
 */
#define ACPI_SLP_TYP_S0            0u

/*
 * PCI interrupt routing: the single source of truth for which GSI each
 * INTx# of bus 0 reaches, and what _PRT says. The VM has no PIRQ router
 * (no link devices): each slot's pins are wired, with the usual swizzle
 * PIRQ = (slot + pin) % 4 (pin 0 = INTA#), to fixed interrupt lines that
 * are both 8259 IRQs and I/O APIC inputs of the same number
 * (irq_routing.h): PIRQA and PIRQB to IRQ 10, PIRQC and PIRQD to IRQ 11,
 * the values SeaBIOS gives QEMU's PIIX links. The test device at 00:02.0
 * INTA# is PIRQC: IRQ 11 (PCI_TESTDEV_GSI, its Interrupt Line register),
 * which tests/unit/test_acpi_tables.c checks against pci_cfg.c. Legacy
 * IRQs rather than GSIs 16-23 because a PIC-mode guest (noapic) then
 * finds the same numbers on its 8259s. _PRT entries with a zero Source
 * are level-triggered, active-low, shareable (6.2.13): Linux programs the
 * I/O APIC entry that way; ioapic.h's inputs are "asserted" levels, so
 * polarity needs nothing from the device models.
 */
#define ACPI_PCI_PIRQS             4u
#define ACPI_PCI_PIRQ_OF(slot, pin) (((slot) + (pin)) % ACPI_PCI_PIRQS)
#define ACPI_PCI_PIRQA_GSI         10u
#define ACPI_PCI_PIRQB_GSI         10u
#define ACPI_PCI_PIRQC_GSI         11u
#define ACPI_PCI_PIRQD_GSI         11u
#define ACPI_PCI_SLOTS             32u
#define ACPI_PCI_PINS              4u      /* INTA# .. INTD# */

/* The GSI of INTx# `pin` (0 = INTA# ... 3 = INTD#; the PCI Interrupt Pin
 * register holds pin + 1) of a device in `slot` (0-31) of bus 0. */
unsigned acpi_pci_intx_gsi(unsigned slot, unsigned pin);

#define ACPI_MAX_CPUS              255u    /* xAPIC IDs 0-254 (FFH broadcasts) */
#define ACPI_BUILD_SIZE_MAX        0x8000u /* enough for ACPI_MAX_CPUS (tested) */

/*
 * The platform the tables describe. acpi_platform_defaults fills it from
 * the device models' headers (pci_cfg.h, ioapic.h, apic_regs.h,
 * acpi_pm.h, irq_routing.h), which is how the tables stay in step with
 * what l1hv emulates; change a device there, not here.
 */
struct acpi_platform {
	unsigned ncpus;              /* 1..ACPI_MAX_CPUS: APIC IDs and processor UIDs 0..n-1 */
	uint32_t lapic_base;         /* FEE00000H */
	uint32_t ioapic_base;        /* FEC00000H */
	uint8_t ioapic_id;           /* 0: what the I/O APIC's ID register reads after reset
				      * (ioapic_reset), as on QEMU; 64-bit Linux keeps it
				      * even though CPU 0's APIC ID is 0 too (I/O APIC IDs
				      * are a namespace of their own on xAPIC systems) */
	uint32_t ioapic_gsi_base;    /* 0 */
	uint64_t ecam_base;          /* B0000000H: the address of bus 0 */
	uint8_t ecam_bus_first, ecam_bus_last;   /* 0, 255: 256 MiB */
	uint16_t pm1a_evt_blk, pm1a_cnt_blk, pm_tmr_blk;  /* 600H, 604H, 608H */
	uint8_t sci_irq;             /* 9: an ISA IRQ, overridden level/active-high */
	uint16_t reset_port;         /* CF9H */
	uint8_t reset_value;         /* 06H */
	uint8_t century_index;       /* 32H: the CMOS RTC's century byte */
	uint32_t pci_mmio_base, pci_mmio_limit;  /* the 32-bit window, limit inclusive */
	uint32_t ram_below_4g;       /* bytes of RAM from 0: the window and ECAM lie above */
};

/* The nestlab VM's platform with ncpus vCPUs and ram_below_4g bytes of
 * RAM from address 0 (ram_below_4g = min(mem_size, the first hole)). */
void acpi_platform_defaults(struct acpi_platform *p, unsigned ncpus, uint32_t ram_below_4g);

enum acpi_build_status {
	ACPI_BUILD_OK = 0,
	ACPI_BUILD_EINVAL = -1,      /* the platform is inconsistent: *why says what to fix */
	ACPI_BUILD_ENOSPC = -2,      /* the buffer is too small: *used says how much is needed */
};

/*
 * Lays out every table in buf, which is guest-physical [gpa, gpa + size):
 * the RSDP first, at the first 16-byte aligned address (so if gpa is in
 * E0000H-FFFFFH the OS finds it there), then FACS (64-byte aligned),
 * DSDT, FADT, MADT, MCFG, RSDT, XSDT, each 16-byte aligned. The bytes of
 * buf in [0, *used) are written, the rest are untouched. Returns
 * ACPI_BUILD_OK with *rsdp_gpa and *used, or a negative
 * enum acpi_build_status with *why naming the problem and its fix (and,
 * for ENOSPC, *used the size needed: buf may be NULL with size 0 to ask).
 * rsdp_gpa, used and why may each be NULL. The tables must end below 4
 * GiB (the RSDT and FADT hold 32-bit addresses).
 */
int acpi_build(const struct acpi_platform *p, void *buf, uint64_t gpa, size_t size,
	       uint64_t *rsdp_gpa, size_t *used, const char **why);

/* The byte that makes len bytes sum to 0 when added (the checksum of a
 * table whose checksum field holds 0); 0 for bytes that already do. */
uint8_t acpi_checksum(const void *data, size_t len);

#endif
