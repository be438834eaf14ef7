/* SPDX-License-Identifier: MIT */
/* The 8259A pair and the ELCR: see pic8259.h. */
#include "l1hv/vdev/pic8259.h"

static void chip_reset(struct pic_chip *c, uint8_t elcr_mask)
{
	*c = (struct pic_chip){ .elcr_mask = elcr_mask };
}

void pic_reset(struct pic8259 *p)
{
	chip_reset(&p->chip[0], 0xf8);     /* IRQ 0, 1, 2 edge */
	chip_reset(&p->chip[1], 0xde);     /* IRQ 8, 13 edge */
}

/* Priority of IRQ i of the chip: 0 highest (the rotation puts
 * priority_add first). */
static unsigned prio(const struct pic_chip *c, unsigned irq)
{
	return (irq - c->priority_add) & 7;
}

/* The highest-priority IRQ set in mask, or -1. */
static int highest(const struct pic_chip *c, uint8_t mask)
{
	for (unsigned k = 0; k < 8; k++) {
		unsigned irq = (k + c->priority_add) & 7;
		if (mask & (1u << irq))
			return (int)irq;
	}
	return -1;
}

/* The request the chip presents: the highest unmasked one in IRR whose
 * priority is above every in-service level (fully nested mode; in special
 * mask mode masked levels in service do not count). The master's cascade
 * input is its slave's request; while it is in service the master holds
 * back every further slave request (not special fully nested mode). */
static int chip_pending(const struct pic_chip *c)
{
	int irq = highest(c, c->irr & ~c->imr);
	uint8_t isr = c->special_mask ? c->isr & ~c->imr : c->isr;
	int in_service;

	if (irq < 0)
		return -1;
	in_service = highest(c, isr);
	if (in_service >= 0 && prio(c, (unsigned)in_service) <= prio(c, (unsigned)irq))
		return -1;
	return irq;
}

static bool chip_level(const struct pic_chip *c, unsigned irq)
{
	return c->ltim || (c->elcr & (1u << irq));
}

static void chip_set_irq(struct pic_chip *c, unsigned irq, bool level)
{
	uint8_t bit = (uint8_t)(1u << irq);

	if (chip_level(c, irq)) {
		c->irr = level ? c->irr | bit : c->irr & ~bit;
	} else if (level && !(c->lines & bit)) {
		c->irr |= bit;                 /* a rising edge */
	}
	c->lines = level ? c->lines | bit : c->lines & ~bit;
}

/* The slave's INT output drives the master's IRQ 2, as a level: a slave
 * request withdrawn before it is acknowledged withdraws the master's. */
static void cascade(struct pic8259 *p)
{
	struct pic_chip *m = &p->chip[0];
	uint8_t bit = (uint8_t)(1u << PIC_CASCADE_IRQ);

	m->irr = chip_pending(&p->chip[1]) >= 0 ? m->irr | bit : m->irr & ~bit;
}

void pic_set_irq(struct pic8259 *p, unsigned irq, bool level)
{
	if (irq >= 16 || irq == PIC_CASCADE_IRQ)
		return;
	chip_set_irq(&p->chip[irq >> 3], irq & 7, level);
	cascade(p);
}

bool pic_intr(const struct pic8259 *p)
{
	return chip_pending(&p->chip[0]) >= 0;
}

/* INTA on one chip: ISR set (or auto-EOI), IRR cleared for an edge. */
static int chip_ack(struct pic_chip *c)
{
	int irq = chip_pending(c);
	uint8_t bit;

	if (irq < 0)
		return -1;
	bit = (uint8_t)(1u << irq);
	if (!chip_level(c, (unsigned)irq))
		c->irr &= ~bit;
	if (c->aeoi) {
		if (c->rotate_aeoi)
			c->priority_add = (uint8_t)((irq + 1) & 7);
	} else {
		c->isr |= bit;
	}
	return irq;
}

uint8_t pic_ack(struct pic8259 *p)
{
	struct pic_chip *m = &p->chip[0], *s = &p->chip[1];
	int irq = chip_ack(m);
	uint8_t vector;

	if (irq < 0) {
		vector = (uint8_t)(m->base | 7);           /* spurious IRQ 7 */
	} else if (irq == PIC_CASCADE_IRQ) {
		int sirq = chip_ack(s);
		vector = (uint8_t)(s->base | (sirq < 0 ? 7 : (unsigned)sirq));
	} else {
		vector = (uint8_t)(m->base | (unsigned)irq);
	}
	cascade(p);
	return vector;
}

static void chip_eoi(struct pic_chip *c, uint8_t ocw2)
{
	unsigned cmd = ocw2 >> 5, level = ocw2 & 7;
	int irq;

	switch (cmd) {
	case 1: case 5:                                 /* non-specific (and rotate) */
		irq = highest(c, c->isr);
		if (irq < 0)
			return;
		c->isr &= (uint8_t)~(1u << irq);
		if (cmd == 5)
			c->priority_add = (uint8_t)((irq + 1) & 7);
		return;
	case 3: case 7:                                 /* specific (and rotate) */
		c->isr &= (uint8_t)~(1u << level);
		if (cmd == 7)
			c->priority_add = (uint8_t)((level + 1) & 7);
		return;
	case 4: c->rotate_aeoi = true; return;          /* rotate in auto-EOI: set */
	case 0: c->rotate_aeoi = false; return;         /* ... clear */
	case 6: c->priority_add = (uint8_t)((level + 1) & 7); return;   /* set priority */
	default: return;                                /* 2: no operation */
	}
}

static void chip_cmd_write(struct pic_chip *c, uint8_t v)
{
	if (v & 0x10) {                                  /* ICW1 */
		uint8_t mask = c->elcr_mask, elcr = c->elcr, lines = c->lines;
		*c = (struct pic_chip){ .elcr_mask = mask, .elcr = elcr, .lines = lines,
					.icw_next = 2, .icw4 = v & 1, .single = v & 2,
					.ltim = v & 8 };
		return;
	}
	if (v & 0x08) {                                  /* OCW3 */
		if (v & 0x02)
			c->read_isr = v & 1;
		c->poll = v & 4;
		if ((v & 0x60) == 0x60)
			c->special_mask = true;
		else if ((v & 0x60) == 0x40)
			c->special_mask = false;
		return;
	}
	chip_eoi(c, v);                                  /* OCW2 */
}

static void chip_data_write(struct pic_chip *c, uint8_t v)
{
	switch (c->icw_next) {
	case 2:
		c->base = v & 0xf8;
		c->icw_next = c->single ? (c->icw4 ? 4 : 0) : 3;
		return;
	case 3:                                          /* cascade wiring: fixed on a PC */
		c->icw_next = c->icw4 ? 4 : 0;
		return;
	case 4:
		c->aeoi = v & 2;
		c->icw_next = 0;
		return;
	default:
		c->imr = v;                              /* OCW1 */
	}
}

bool pic_port_write(struct pic8259 *p, uint16_t port, uint8_t value)
{
	switch (port) {
	case PIC_MASTER_CMD:  chip_cmd_write(&p->chip[0], value); break;
	case PIC_MASTER_DATA: chip_data_write(&p->chip[0], value); break;
	case PIC_SLAVE_CMD:   chip_cmd_write(&p->chip[1], value); break;
	case PIC_SLAVE_DATA:  chip_data_write(&p->chip[1], value); break;
	case PIC_ELCR_MASTER: p->chip[0].elcr = value & p->chip[0].elcr_mask; break;
	case PIC_ELCR_SLAVE:  p->chip[1].elcr = value & p->chip[1].elcr_mask; break;
	default:              return false;
	}
	cascade(p);
	return true;
}

/* Poll (OCW3 bit 2): the next read of the command port acknowledges the
 * highest request and reads 80H | its level, or 0. */
static uint8_t chip_poll(struct pic8259 *p, unsigned which)
{
	struct pic_chip *c = &p->chip[which];
	int irq;

	c->poll = false;
	irq = chip_ack(c);
	if (which == 1)
		cascade(p);
	return irq < 0 ? 0 : (uint8_t)(0x80 | irq);
}

bool pic_port_read(struct pic8259 *p, uint16_t port, uint8_t *value)
{
	unsigned which = port == PIC_SLAVE_CMD || port == PIC_SLAVE_DATA;
	struct pic_chip *c = &p->chip[which];

	switch (port) {
	case PIC_MASTER_CMD: case PIC_SLAVE_CMD:
		*value = c->poll ? chip_poll(p, which) : c->read_isr ? c->isr : c->irr;
		return true;
	case PIC_MASTER_DATA: case PIC_SLAVE_DATA:
		*value = c->imr;
		return true;
	case PIC_ELCR_MASTER: *value = p->chip[0].elcr; return true;
	case PIC_ELCR_SLAVE:  *value = p->chip[1].elcr; return true;
	default:              return false;
	}
}
