/* SPDX-License-Identifier: MIT */
/*
 * The I/O APIC as a pure model (Intel 82093AA I/O APIC datasheet; the ICH9
 * I/O APIC of QEMU's q35 has the same registers): an index register
 * IOREGSEL at +0x00 and a data window IOWIN at +0x10 of its page at
 * FEC00000H, onto the ID (index 0), version (1: version 20H, 24 entries),
 * arbitration ID (2) and 24 64-bit redirection entries (10H + 2n low,
 * 11H + 2n high). Each entry routes one input (a GSI) to local APICs as an
 * interrupt message: vector, delivery mode, destination mode and
 * destination, polarity, trigger mode and mask; the delivery status and
 * remote IRR bits are read-only and the model's.
 *
 * Inputs are levels (ioapic_set_irq). An edge-triggered entry sends one
 * message per inactive-to-active transition; a level-triggered one sends
 * when the input is active and remote IRR is clear, and sets remote IRR
 * until the local APIC's EOI for its vector comes back (ioapic_eoi), after
 * which an input still active sends again. A masked entry sends nothing;
 * unmasking a level-triggered entry whose input is active sends.
 * Messages go out through the callback the caller gives; the model never
 * waits. Built freestanding into l1hv and hosted for tests/unit/test_ioapic.c.
 */
#ifndef L1HV_VDEV_IOAPIC_H
#define L1HV_VDEV_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

#define IOAPIC_BASE          0xfec00000ull
#define IOAPIC_REGSEL        0x00
#define IOAPIC_WINDOW        0x10
#define IOAPIC_PINS          24
#define IOAPIC_VERSION       0x20u

#define IOAPIC_REG_ID        0x00
#define IOAPIC_REG_VERSION   0x01
#define IOAPIC_REG_ARB       0x02
#define IOAPIC_REG_REDTBL    0x10

/* Redirection entry bits (82093AA 3.2.4). */
#define IOAPIC_RTE_VECTOR    0xffull
#define IOAPIC_RTE_DM_SHIFT  8
#define IOAPIC_RTE_DM        (7ull << 8)
#define IOAPIC_RTE_LOGICAL   (1ull << 11)
#define IOAPIC_RTE_PENDING   (1ull << 12)   /* delivery status, read-only */
#define IOAPIC_RTE_LOW       (1ull << 13)   /* polarity: active low */
#define IOAPIC_RTE_REMOTE_IRR (1ull << 14)  /* read-only */
#define IOAPIC_RTE_LEVEL     (1ull << 15)
#define IOAPIC_RTE_MASKED    (1ull << 16)
#define IOAPIC_RTE_DEST_SHIFT 56
/* Bits software may write: all but delivery status, remote IRR and the
 * reserved 55:17. */
#define IOAPIC_RTE_WRITABLE  (0xff00000000000000ull | \
			      (0x1ffffull & ~(IOAPIC_RTE_PENDING | IOAPIC_RTE_REMOTE_IRR)))

/* An interrupt message for the local APICs. */
struct ioapic_msg {
	uint8_t vector;
	uint8_t mode;        /* APIC_DM_* of apic_regs.h: fixed, lowest priority, NMI, ... */
	uint8_t dest;        /* 8-bit APIC ID or logical destination */
	bool logical;
	bool level;          /* level-triggered: the target sets TMR, EOI comes back */
};

typedef void (*ioapic_send_fn)(void *ctx, const struct ioapic_msg *m);

struct ioapic {
	uint32_t regsel;
	uint32_t id;                     /* bits 27:24 */
	uint64_t rte[IOAPIC_PINS];
	uint32_t level;                  /* the inputs, as asserted: bit n = pin n */
	ioapic_send_fn send;
	void *ctx;
};

/* Reset: ID 0, every entry masked (bit 16) and 0 elsewhere, inputs low. */
void ioapic_reset(struct ioapic *io, ioapic_send_fn send, void *ctx);

/* MMIO at offset off of the page (32-bit accesses to IOREGSEL and IOWIN;
 * anything else reads 0 and writes nothing). */
uint32_t ioapic_mmio_read(struct ioapic *io, unsigned off, unsigned size);
void ioapic_mmio_write(struct ioapic *io, unsigned off, unsigned size, uint32_t value);

/* An input changes level (asserted = the device drives its interrupt;
 * the entry's polarity bit only says how the wire carries that). */
void ioapic_set_irq(struct ioapic *io, unsigned pin, bool asserted);

/* A local APIC's EOI for a level-triggered vector (broadcast, SDM 10.8.5):
 * clears remote IRR of each entry with that vector; a still active input
 * sends again. */
void ioapic_eoi(struct ioapic *io, uint8_t vector);

#endif
