/* SPDX-License-Identifier: MIT */
/*
 * The PC's pair of 8259A interrupt controllers as a pure model (Intel
 * 8259A datasheet; the PIIX/ICH edge/level control registers): master at
 * ports 20H/21H with IRQ 0-7, slave at A0H/A1H with IRQ 8-15 cascaded into
 * the master's IRQ 2, and the ELCR at 4D0H/4D1H (bit n: IRQ n is
 * level-triggered; IRQ 0, 1, 2, 8 and 13 are always edge).
 *
 * Implemented: the ICW1-ICW4 initialization sequence (vector base,
 * cascade, auto-EOI), OCW1 (mask), OCW2 (non-specific, specific and
 * rotating EOIs, set priority), OCW3 (read IRR or ISR, poll, special mask
 * mode), fully nested priority with rotation, spurious IRQ 7/15 when an
 * acknowledged request has gone, edge- and level-triggered inputs. Not:
 * the 8080/8085 mode, buffered mode, special fully nested mode.
 * Built freestanding into l1hv and hosted for tests/unit/test_pic8259.c.
 */
#ifndef L1HV_VDEV_PIC8259_H
#define L1HV_VDEV_PIC8259_H

#include <stdbool.h>
#include <stdint.h>

#define PIC_MASTER_CMD   0x20
#define PIC_MASTER_DATA  0x21
#define PIC_SLAVE_CMD    0xa0
#define PIC_SLAVE_DATA   0xa1
#define PIC_ELCR_MASTER  0x4d0
#define PIC_ELCR_SLAVE   0x4d1
#define PIC_CASCADE_IRQ  2

struct pic_chip {
	uint8_t irr, isr, imr;
	uint8_t lines;            /* input levels as last set */
	uint8_t base;             /* ICW2: vector of IRQ 0 of this chip */
	uint8_t elcr, elcr_mask;
	uint8_t priority_add;     /* the IRQ with the highest priority */
	uint8_t icw_next;         /* 0, or the ICW the data port expects next (2-4) */
	bool icw4, single, ltim;
	bool aeoi, rotate_aeoi;
	bool read_isr, poll, special_mask;
};

struct pic8259 {
	struct pic_chip chip[2];  /* master, slave */
};

void pic_reset(struct pic8259 *p);

/* Port access: 20H/21H, A0H/A1H, 4D0H/4D1H (byte); false for another. */
bool pic_port_read(struct pic8259 *p, uint16_t port, uint8_t *value);
bool pic_port_write(struct pic8259 *p, uint16_t port, uint8_t value);

/* An input (IRQ 0-15) changes level. */
void pic_set_irq(struct pic8259 *p, unsigned irq, bool level);

/* The master's INT output: a request the CPU would be interrupted for. */
bool pic_intr(const struct pic8259 *p);

/* The CPU's interrupt acknowledge cycle: the vector (spurious IRQ 7 or 15
 * if the request has gone), with ISR set unless auto-EOI. */
uint8_t pic_ack(struct pic8259 *p);

#endif
