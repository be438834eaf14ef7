/* SPDX-License-Identifier: MIT */
/* The ACPI PM1 registers and PM timer (l1hv/vdev/acpi_pm.c). */
#include "l1hv/vdev/acpi_pm.h"
#include "testlib.h"

static uint32_t rd(struct acpi_pm *pm, uint16_t port, unsigned size, uint64_t now)
{
	uint32_t v = 0xdeadbeef;

	CHECK(acpi_pm_read(pm, port, size, now, &v));
	return v;
}

TEST(timer_counts_from_now_in_32_bits)
{
	struct acpi_pm pm;

	acpi_pm_reset(&pm, 0);
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK, 4, 12345), 12345u);
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK, 4, 0x123456789ull), 0x23456789u);
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK, 2, 0x12345678), 0x5678u);
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK + 2, 2, 0x12345678), 0x1234u);
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK + 3, 1, 0x12345678), 0x12u);
	/* Partly beyond the block: those bytes read FFH. */
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK + 2, 4, 0x12345678), 0xffff1234u);
	/* Read-only. */
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM_TMR_BLK, 4, 5, 0), ACPI_PM_DONE);
	CHECK_EQ(rd(&pm, ACPI_PM_TMR_BLK, 4, 5), 5u);
}

TEST(tmr_sts_sets_when_bit_31_changes_and_clears_by_writing_one)
{
	struct acpi_pm pm;
	const uint64_t half = 1ull << 31;

	acpi_pm_reset(&pm, 100);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK, 2, half - 1) & ACPI_PM1_TMR, 0u);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK, 2, half) & ACPI_PM1_TMR, ACPI_PM1_TMR);
	/* Write 0 changes nothing; write 1 clears. */
	acpi_pm_write(&pm, ACPI_PM1_EVT_BLK, 2, half, 0);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK, 2, half) & ACPI_PM1_TMR, ACPI_PM1_TMR);
	acpi_pm_write(&pm, ACPI_PM1_EVT_BLK, 2, half, ACPI_PM1_TMR);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK, 2, half + 7) & ACPI_PM1_TMR, 0u);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK, 2, 2 * half) & ACPI_PM1_TMR, ACPI_PM1_TMR);
}

TEST(sci_follows_status_and_enable)
{
	struct acpi_pm pm;
	const uint64_t half = 1ull << 31;

	acpi_pm_reset(&pm, 0);
	CHECK(!acpi_pm_sci(&pm, 10));
	CHECK_EQ(acpi_pm_next_event(&pm, 10), UINT64_MAX);      /* TMR_EN clear */
	/* PM1_EN through a 32-bit write of the whole event block. */
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_EVT_BLK, 4, 10, (uint32_t)ACPI_PM1_TMR << 16),
		 ACPI_PM_DONE);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK + 2, 2, 10), ACPI_PM1_TMR);
	CHECK_EQ(acpi_pm_next_event(&pm, 10), half);
	CHECK(!acpi_pm_sci(&pm, half - 1));
	CHECK(acpi_pm_sci(&pm, half));
	CHECK_EQ(acpi_pm_next_event(&pm, half), UINT64_MAX);    /* already asserted */
	acpi_pm_write(&pm, ACPI_PM1_EVT_BLK, 2, half, ACPI_PM1_TMR);
	CHECK(!acpi_pm_sci(&pm, half + 1));
	CHECK_EQ(acpi_pm_next_event(&pm, half + 1), 2 * half);
	/* Reserved enable bits are not kept. */
	acpi_pm_write(&pm, ACPI_PM1_EVT_BLK + 2, 2, half, 0xffff);
	CHECK_EQ(rd(&pm, ACPI_PM1_EVT_BLK + 2, 2, half), 0x0721u);
}

TEST(sci_en_always_reads_set_and_only_s5_powers_off)
{
	struct acpi_pm pm;

	acpi_pm_reset(&pm, 0);
	CHECK_EQ(rd(&pm, ACPI_PM1_CNT_BLK, 2, 0), ACPI_PM1_SCI_EN);
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0, 0), ACPI_PM_DONE);
	CHECK_EQ(rd(&pm, ACPI_PM1_CNT_BLK, 2, 0), ACPI_PM1_SCI_EN);
	/* SLP_TYP is kept; SLP_EN and GBL_RLS are write-only. */
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0, 3u << ACPI_PM1_SLP_TYP_SHIFT |
			       ACPI_PM1_GBL_RLS), ACPI_PM_DONE);
	CHECK_EQ(rd(&pm, ACPI_PM1_CNT_BLK, 2, 0), (3u << ACPI_PM1_SLP_TYP_SHIFT) | ACPI_PM1_SCI_EN);
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0, 3u << ACPI_PM1_SLP_TYP_SHIFT |
			       ACPI_PM1_SLP_EN), ACPI_PM_SLEEP_REFUSED);
	/* Linux's acpi_hw_legacy_sleep: SLP_TYP first, then SLP_EN with it. */
	acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0, ACPI_PM_SLP_TYP_S5 << ACPI_PM1_SLP_TYP_SHIFT);
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK, 2, 0,
			       ACPI_PM_SLP_TYP_S5 << ACPI_PM1_SLP_TYP_SHIFT | ACPI_PM1_SLP_EN),
		 ACPI_PM_POWER_OFF);
	/* The high byte alone: SLP_EN is bit 5 of it. */
	acpi_pm_reset(&pm, 0);
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM1_CNT_BLK + 1, 1, 0,
			       (ACPI_PM_SLP_TYP_S5 << 2) | 0x20), ACPI_PM_POWER_OFF);
}

TEST(ports_and_sizes_outside_the_blocks_are_not_mine)
{
	struct acpi_pm pm;
	uint32_t v;

	acpi_pm_reset(&pm, 0);
	CHECK(!acpi_pm_read(&pm, ACPI_PM_BASE - 1, 1, 0, &v));
	CHECK(!acpi_pm_read(&pm, ACPI_PM_BASE + ACPI_PM_PORTS, 1, 0, &v));
	CHECK(!acpi_pm_read(&pm, ACPI_PM_TMR_BLK, 3, 0, &v));
	CHECK_EQ(acpi_pm_write(&pm, ACPI_PM_TMR_BLK, 8, 0, 0), ACPI_PM_NOT_MINE);
	/* 606H-607H: in the control block's four ports, no register. */
	CHECK_EQ(rd(&pm, ACPI_PM1_CNT_BLK + 2, 2, 0), 0xffffu);
	CHECK_EQ(rd(&pm, ACPI_PM1_CNT_BLK, 4, 0), 0xffff0000u | ACPI_PM1_SCI_EN);
}
