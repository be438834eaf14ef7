/* SPDX-License-Identifier: MIT */
/*
 * The 8259A pair (l1hv/vdev/pic8259.c): initialization, masks, priority
 * and nesting, the cascade, EOIs, OCW3 reads and poll, edge and level
 * inputs through the ELCR, spurious interrupts, auto-EOI and rotation.
 */
#include "l1hv/vdev/pic8259.h"
#include "testlib.h"

static struct pic8259 p;

static void out(uint16_t port, uint8_t v)
{
	CHECK(pic_port_write(&p, port, v));
}

static uint8_t in(uint16_t port)
{
	uint8_t v = 0;

	CHECK(pic_port_read(&p, port, &v));
	return v;
}

/* What Linux and a PC BIOS program: bases 20H and 28H, cascade on IRQ 2,
 * 8086 mode. */
static void init_pc(uint8_t master_mask, uint8_t slave_mask, bool aeoi)
{
	pic_reset(&p);
	out(PIC_MASTER_CMD, 0x11);
	out(PIC_MASTER_DATA, 0x20);
	out(PIC_MASTER_DATA, 0x04);
	out(PIC_MASTER_DATA, aeoi ? 0x03 : 0x01);
	out(PIC_SLAVE_CMD, 0x11);
	out(PIC_SLAVE_DATA, 0x28);
	out(PIC_SLAVE_DATA, 0x02);
	out(PIC_SLAVE_DATA, aeoi ? 0x03 : 0x01);
	out(PIC_MASTER_DATA, master_mask);
	out(PIC_SLAVE_DATA, slave_mask);
}

TEST(init_mask_and_vectors)
{
	init_pc(0xfb, 0xff, false);
	CHECK_EQ(in(PIC_MASTER_DATA), 0xfb);
	pic_set_irq(&p, 1, true);                      /* masked */
	CHECK(!pic_intr(&p));
	out(PIC_MASTER_DATA, 0xf9);                    /* unmask IRQ 1: IRR held it */
	CHECK(pic_intr(&p));
	CHECK_EQ(pic_ack(&p), 0x21);
	CHECK(!pic_intr(&p));
	out(PIC_MASTER_CMD, 0x0b);                     /* OCW3: read ISR */
	CHECK_EQ(in(PIC_MASTER_CMD), 0x02);
	out(PIC_MASTER_CMD, 0x20);                     /* non-specific EOI */
	CHECK_EQ(in(PIC_MASTER_CMD), 0x00);
	CHECK(!pic_port_write(&p, 0x22, 0));            /* not ours */
}

TEST(priority_and_nesting)
{
	init_pc(0x00, 0xff, false);
	pic_set_irq(&p, 3, true);
	pic_set_irq(&p, 1, true);
	CHECK_EQ(pic_ack(&p), 0x21);                   /* IRQ 1 first */
	CHECK(!pic_intr(&p));                          /* IRQ 3 waits for IRQ 1's EOI */
	pic_set_irq(&p, 0, true);
	CHECK(pic_intr(&p));                           /* IRQ 0 nests above IRQ 1 */
	CHECK_EQ(pic_ack(&p), 0x20);
	out(PIC_MASTER_CMD, 0x20);                     /* EOI of IRQ 0 */
	out(PIC_MASTER_CMD, 0x61);                     /* specific EOI of IRQ 1 */
	CHECK_EQ(pic_ack(&p), 0x23);
}

TEST(cascade_and_elcr_level)
{
	init_pc(0xfb, 0xf7, false);                    /* IRQ 2 and IRQ 11 open */
	out(PIC_ELCR_SLAVE, 0xff);
	CHECK_EQ(in(PIC_ELCR_SLAVE), 0xde);            /* IRQ 8 and 13 stay edge */
	pic_set_irq(&p, 11, true);
	CHECK(pic_intr(&p));
	CHECK_EQ(pic_ack(&p), 0x2b);
	out(PIC_SLAVE_CMD, 0x0b);
	CHECK_EQ(in(PIC_SLAVE_CMD), 0x08);             /* slave ISR: IRQ 11 */
	out(PIC_MASTER_CMD, 0x0b);
	CHECK_EQ(in(PIC_MASTER_CMD), 0x04);            /* master ISR: the cascade */
	out(PIC_SLAVE_CMD, 0x20);
	out(PIC_MASTER_CMD, 0x20);
	CHECK(pic_intr(&p));                           /* level, still asserted */
	pic_set_irq(&p, 11, false);
	CHECK(!pic_intr(&p));
	out(PIC_SLAVE_CMD, 0x0a);                      /* read IRR */
	CHECK_EQ(in(PIC_SLAVE_CMD), 0x00);
}

TEST(edge_spurious_poll)
{
	init_pc(0x00, 0xff, false);
	pic_set_irq(&p, 4, true);
	pic_set_irq(&p, 4, true);                      /* no new edge */
	CHECK_EQ(pic_ack(&p), 0x24);
	out(PIC_MASTER_CMD, 0x20);
	CHECK(!pic_intr(&p));
	CHECK_EQ(pic_ack(&p), 0x27);                   /* nothing: spurious IRQ 7 */
	out(PIC_MASTER_CMD, 0x0b);
	CHECK_EQ(in(PIC_MASTER_CMD), 0x00);            /* ... which sets no ISR bit */
	pic_set_irq(&p, 4, false);
	pic_set_irq(&p, 4, true);
	out(PIC_MASTER_CMD, 0x0c);                     /* poll */
	CHECK_EQ(in(PIC_MASTER_CMD), 0x84);
	out(PIC_MASTER_CMD, 0x0c);
	CHECK_EQ(in(PIC_MASTER_CMD), 0x00);
}

TEST(auto_eoi_and_rotation)
{
	init_pc(0x00, 0xff, true);
	pic_set_irq(&p, 5, true);
	CHECK_EQ(pic_ack(&p), 0x25);
	out(PIC_MASTER_CMD, 0x0b);
	CHECK_EQ(in(PIC_MASTER_CMD), 0x00);            /* auto-EOI: nothing in service */
	init_pc(0x00, 0xff, false);
	out(PIC_MASTER_CMD, 0xc4);                     /* set priority: IRQ 5 highest */
	pic_set_irq(&p, 1, true);
	pic_set_irq(&p, 6, true);
	CHECK_EQ(pic_ack(&p), 0x26);                   /* 6 comes before 1 now */
}
