/* SPDX-License-Identifier: MIT */
/*
 * The I/O APIC model (l1hv/vdev/ioapic.c): its registers through
 * IOREGSEL/IOWIN, and the messages it sends for edge- and level-triggered
 * inputs, masks, remote IRR and EOI.
 */
#include <string.h>

#include "l1hv/vdev/ioapic.h"
#include "testlib.h"

static struct ioapic io;
static struct ioapic_msg sent[16];
static unsigned nsent;

static void record(void *ctx, const struct ioapic_msg *m)
{
	(void)ctx;
	if (nsent < 16)
		sent[nsent] = *m;
	nsent++;
}

static void reset(void)
{
	ioapic_reset(&io, record, NULL);
	nsent = 0;
}

static uint32_t reg(uint32_t index)
{
	ioapic_mmio_write(&io, IOAPIC_REGSEL, 4, index);
	return ioapic_mmio_read(&io, IOAPIC_WINDOW, 4);
}

static void set_reg(uint32_t index, uint32_t v)
{
	ioapic_mmio_write(&io, IOAPIC_REGSEL, 4, index);
	ioapic_mmio_write(&io, IOAPIC_WINDOW, 4, v);
}

static void set_rte(unsigned pin, uint64_t e)
{
	set_reg(IOAPIC_REG_REDTBL + 2 * pin + 1, (uint32_t)(e >> 32));
	set_reg(IOAPIC_REG_REDTBL + 2 * pin, (uint32_t)e);
}

TEST(registers_after_reset)
{
	reset();
	CHECK_EQ(reg(IOAPIC_REG_VERSION), 0x00170020u);     /* 24 entries, version 20H */
	CHECK_EQ(reg(IOAPIC_REG_ID), 0u);
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		CHECK_EQ(reg(IOAPIC_REG_REDTBL + 2 * pin), (uint32_t)IOAPIC_RTE_MASKED);
		CHECK_EQ(reg(IOAPIC_REG_REDTBL + 2 * pin + 1), 0u);
	}
	CHECK_EQ(reg(0x40), 0u);                            /* past the table */
	set_reg(IOAPIC_REG_ID, 0xffffffffu);
	CHECK_EQ(reg(IOAPIC_REG_ID), 0x0f000000u);
	set_reg(IOAPIC_REG_VERSION, 0);                      /* read-only */
	CHECK_EQ(reg(IOAPIC_REG_VERSION), 0x00170020u);
	/* Only bits software owns: not delivery status, remote IRR, 55:17. */
	set_reg(IOAPIC_REG_REDTBL + 6, 0xffffffffu);
	set_reg(IOAPIC_REG_REDTBL + 7, 0xffffffffu);
	CHECK_EQ(reg(IOAPIC_REG_REDTBL + 6), 0x0001afffu);
	CHECK_EQ(reg(IOAPIC_REG_REDTBL + 7), 0xff000000u);
	CHECK_EQ(ioapic_mmio_read(&io, IOAPIC_WINDOW, 1), 0u); /* 32-bit only */
}

TEST(edge_triggered_sends_once_per_edge)
{
	reset();
	set_rte(4, 0x31 | 3ull << IOAPIC_RTE_DEST_SHIFT);
	ioapic_set_irq(&io, 4, true);
	ioapic_set_irq(&io, 4, true);                        /* still high: no edge */
	CHECK_EQ(nsent, 1u);
	CHECK_EQ(sent[0].vector, 0x31);
	CHECK_EQ(sent[0].dest, 3);
	CHECK(!sent[0].level && !sent[0].logical);
	ioapic_set_irq(&io, 4, false);
	ioapic_set_irq(&io, 4, true);
	CHECK_EQ(nsent, 2u);
	ioapic_eoi(&io, 0x31);                               /* edge: nothing */
	CHECK_EQ(nsent, 2u);
}

TEST(level_triggered_remote_irr_and_eoi)
{
	reset();
	set_rte(11, 0x61 | IOAPIC_RTE_LEVEL | IOAPIC_RTE_LOW);
	ioapic_set_irq(&io, 11, true);
	CHECK_EQ(nsent, 1u);
	CHECK(sent[0].level);
	CHECK(reg(IOAPIC_REG_REDTBL + 22) & IOAPIC_RTE_REMOTE_IRR);
	ioapic_set_irq(&io, 11, true);                       /* remote IRR holds it */
	CHECK_EQ(nsent, 1u);
	ioapic_eoi(&io, 0x62);                               /* another vector */
	CHECK_EQ(nsent, 1u);
	ioapic_eoi(&io, 0x61);                               /* still asserted: again */
	CHECK_EQ(nsent, 2u);
	ioapic_set_irq(&io, 11, false);
	ioapic_eoi(&io, 0x61);
	CHECK_EQ(nsent, 2u);
	CHECK(!(reg(IOAPIC_REG_REDTBL + 22) & IOAPIC_RTE_REMOTE_IRR));
}

TEST(masked_entries_and_unmasking)
{
	reset();
	set_rte(9, 0x59 | IOAPIC_RTE_LEVEL | IOAPIC_RTE_MASKED);
	ioapic_set_irq(&io, 9, true);
	CHECK_EQ(nsent, 0u);
	set_rte(9, 0x59 | IOAPIC_RTE_LEVEL);                 /* active: sends now */
	CHECK_EQ(nsent, 1u);
	set_rte(5, 0x45 | IOAPIC_RTE_MASKED);                /* edge, masked: lost */
	ioapic_set_irq(&io, 5, true);
	set_rte(5, 0x45);
	CHECK_EQ(nsent, 1u);
	ioapic_set_irq(&io, 99, true);                       /* no such pin */
	CHECK_EQ(nsent, 1u);
}

TEST(message_fields)
{
	reset();
	set_rte(2, 0x80 | 1ull << IOAPIC_RTE_DM_SHIFT | IOAPIC_RTE_LOGICAL |
		   0x0full << IOAPIC_RTE_DEST_SHIFT);
	ioapic_set_irq(&io, 2, true);
	CHECK_EQ(nsent, 1u);
	CHECK_EQ(sent[0].mode, 1);                           /* lowest priority */
	CHECK(sent[0].logical);
	CHECK_EQ(sent[0].dest, 0x0f);
}
