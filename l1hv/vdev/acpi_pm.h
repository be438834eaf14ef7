/* SPDX-License-Identifier: MIT */
/*
 * The ACPI fixed hardware of the VM's chipset as a pure model (ACPI 6.4
 * 4.8.3 "PM1 Event Grouping", 4.8.3.2 "PM1 Control", 4.8.3.3 "Power
 * Management Timer"), in I/O space at the ICH9's addresses (QEMU's q35
 * puts its PM base at 600H too):
 *   PM1a_EVT_BLK 600H: PM1_STS (16 bits, write 1 to clear) and, at 602H,
 *                PM1_EN (16 bits);
 *   PM1a_CNT_BLK 604H: PM1_CNT (16 bits): SCI_EN reads 1 (no SMI command
 *                port: the platform is always in ACPI mode, FADT SMI_CMD 0),
 *                BM_RLD is kept, GBL_RLS and SLP_EN are write-only,
 *                SLP_TYP (bits 12:10) is kept; a write with SLP_EN set
 *                asks for sleep state SLP_TYP;
 *   PM_TMR_BLK   608H: the 32-bit PM timer (FADT TMR_VAL_EXT), counting at
 *                3.579545 MHz from the VM's TSC; TMR_STS is set each time
 *                bit 31 of the count changes.
 * Any access size of 1, 2 or 4 bytes within a block reads or writes the
 * bytes of its registers it covers; a byte beyond the block's registers
 * reads FFH. The SCI (IRQ 9, level) is asserted while a status bit and its
 * enable are both set.
 *
 * The only sleep state the DSDT offers is S5 (soft off, \_S5 with SLP_TYP
 * ACPI_PM_SLP_TYP_S5); a request for it powers the VM off, one for any
 * other type is refused (nothing happens, as on a chipset that does not
 * implement the state). Built freestanding into l1hv and hosted for
 * tests/unit/test_acpi_pm.c.
 */
#ifndef L1HV_VDEV_ACPI_PM_H
#define L1HV_VDEV_ACPI_PM_H

#include <stdbool.h>
#include <stdint.h>

#define ACPI_PM_BASE      0x600
#define ACPI_PM1_EVT_BLK  (ACPI_PM_BASE + 0x0)    /* 4 bytes: STS, EN */
#define ACPI_PM1_CNT_BLK  (ACPI_PM_BASE + 0x4)    /* 2 bytes */
#define ACPI_PM_TMR_BLK   (ACPI_PM_BASE + 0x8)    /* 4 bytes */
#define ACPI_PM_PORTS     0xc                     /* 600H-60BH */
#define ACPI_PM_TIMER_HZ  3579545u
#define ACPI_PM_SCI_IRQ   9
#define ACPI_PM_SLP_TYP_S5 5                      /* \_S5's SLP_TYPa */

/* PM1_STS and PM1_EN bits (ACPI 6.4 Tables 4.16, 4.17). */
#define ACPI_PM1_TMR       (1u << 0)
#define ACPI_PM1_BM_STS    (1u << 4)
#define ACPI_PM1_GBL       (1u << 5)
#define ACPI_PM1_PWRBTN    (1u << 8)
#define ACPI_PM1_SLPBTN    (1u << 9)
#define ACPI_PM1_RTC       (1u << 10)
#define ACPI_PM1_WAK_STS   (1u << 15)
/* PM1_CNT bits (Table 4.18). */
#define ACPI_PM1_SCI_EN    (1u << 0)
#define ACPI_PM1_BM_RLD    (1u << 1)
#define ACPI_PM1_GBL_RLS   (1u << 2)
#define ACPI_PM1_SLP_TYP_SHIFT 10
#define ACPI_PM1_SLP_TYP   (7u << ACPI_PM1_SLP_TYP_SHIFT)
#define ACPI_PM1_SLP_EN    (1u << 13)

struct acpi_pm {
	uint16_t sts, en, cnt;
	uint64_t tmr_epoch;    /* timer ticks / 2^31 when TMR_STS was last settled */
};

enum acpi_pm_write {
	ACPI_PM_NOT_MINE,
	ACPI_PM_DONE,
	ACPI_PM_POWER_OFF,      /* SLP_EN with SLP_TYP S5 */
	ACPI_PM_SLEEP_REFUSED,  /* SLP_EN with a type the DSDT does not offer */
};

void acpi_pm_reset(struct acpi_pm *pm, uint64_t now);

/* now: the VM's time in PM timer ticks (ACPI_PM_TIMER_HZ). */
bool acpi_pm_read(struct acpi_pm *pm, uint16_t port, unsigned size, uint64_t now, uint32_t *v);
enum acpi_pm_write acpi_pm_write(struct acpi_pm *pm, uint16_t port, unsigned size, uint64_t now,
				 uint32_t v);

/* The SCI's level: a status bit set whose enable is set. */
bool acpi_pm_sci(struct acpi_pm *pm, uint64_t now);

/* When TMR_STS will next be set (timer ticks), UINT64_MAX unless TMR_EN
 * makes that an interrupt. */
uint64_t acpi_pm_next_event(const struct acpi_pm *pm, uint64_t now);

#endif
