/* SPDX-License-Identifier: MIT */
/* The I/O APIC's registers and routing: see ioapic.h. */
#include "l1hv/vdev/ioapic.h"

void ioapic_reset(struct ioapic *io, ioapic_send_fn send, void *ctx)
{
	io->regsel = 0;
	io->id = 0;
	io->level = 0;
	for (unsigned i = 0; i < IOAPIC_PINS; i++)
		io->rte[i] = IOAPIC_RTE_MASKED;
	io->send = send;
	io->ctx = ctx;
}

/* Sends pin's message if its entry lets it: unmasked, and for a
 * level-triggered entry, remote IRR clear (then set until the EOI). */
static void ioapic_service(struct ioapic *io, unsigned pin)
{
	uint64_t e = io->rte[pin];
	struct ioapic_msg m;

	if (e & IOAPIC_RTE_MASKED)
		return;
	if (e & IOAPIC_RTE_LEVEL) {
		if (e & IOAPIC_RTE_REMOTE_IRR)
			return;
		io->rte[pin] |= IOAPIC_RTE_REMOTE_IRR;
	}
	m = (struct ioapic_msg){
		.vector = (uint8_t)(e & IOAPIC_RTE_VECTOR),
		.mode = (uint8_t)((e & IOAPIC_RTE_DM) >> IOAPIC_RTE_DM_SHIFT),
		.dest = (uint8_t)(e >> IOAPIC_RTE_DEST_SHIFT),
		.logical = e & IOAPIC_RTE_LOGICAL,
		.level = e & IOAPIC_RTE_LEVEL,
	};
	io->send(io->ctx, &m);
}

static uint32_t ioapic_reg_read(const struct ioapic *io, uint32_t index)
{
	if (index == IOAPIC_REG_ID)
		return io->id;
	if (index == IOAPIC_REG_VERSION)
		return IOAPIC_VERSION | (IOAPIC_PINS - 1) << 16;
	if (index == IOAPIC_REG_ARB)
		return io->id;                   /* the arbitration ID follows the ID */
	if (index >= IOAPIC_REG_REDTBL && index < IOAPIC_REG_REDTBL + 2 * IOAPIC_PINS) {
		uint64_t e = io->rte[(index - IOAPIC_REG_REDTBL) / 2];
		return (index & 1) ? (uint32_t)(e >> 32) : (uint32_t)e;
	}
	return 0;                                /* no register there */
}

static void ioapic_reg_write(struct ioapic *io, uint32_t index, uint32_t v)
{
	if (index == IOAPIC_REG_ID) {
		io->id = v & 0x0f000000u;
		return;
	}
	if (index < IOAPIC_REG_REDTBL || index >= IOAPIC_REG_REDTBL + 2 * IOAPIC_PINS)
		return;                          /* read-only or absent */
	unsigned pin = (index - IOAPIC_REG_REDTBL) / 2;
	uint64_t old = io->rte[pin];
	uint64_t half = (index & 1) ? (uint64_t)v << 32 : v;
	uint64_t keep = (index & 1) ? 0xffffffffull : 0xffffffff00000000ull;
	uint64_t e = (old & keep) | (half & ~keep & IOAPIC_RTE_WRITABLE) |
		     (old & ~keep & ~IOAPIC_RTE_WRITABLE);

	/* Remote IRR means nothing for an edge-triggered entry. */
	if (!(e & IOAPIC_RTE_LEVEL))
		e &= ~IOAPIC_RTE_REMOTE_IRR;
	io->rte[pin] = e;
	/* An active level-triggered input sends once the entry lets it. */
	if ((e & IOAPIC_RTE_LEVEL) && (io->level >> pin & 1))
		ioapic_service(io, pin);
}

uint32_t ioapic_mmio_read(struct ioapic *io, unsigned off, unsigned size)
{
	if (size != 4)
		return 0;
	if (off == IOAPIC_REGSEL)
		return io->regsel;
	if (off == IOAPIC_WINDOW)
		return ioapic_reg_read(io, io->regsel);
	return 0;
}

void ioapic_mmio_write(struct ioapic *io, unsigned off, unsigned size, uint32_t value)
{
	if (size != 4)
		return;
	if (off == IOAPIC_REGSEL)
		io->regsel = value & 0xff;
	else if (off == IOAPIC_WINDOW)
		ioapic_reg_write(io, io->regsel, value);
}

void ioapic_set_irq(struct ioapic *io, unsigned pin, bool asserted)
{
	uint32_t bit, was;

	if (pin >= IOAPIC_PINS)
		return;
	bit = 1u << pin;
	was = io->level & bit;
	io->level = asserted ? io->level | bit : io->level & ~bit;
	if (!asserted)
		return;
	if (io->rte[pin] & IOAPIC_RTE_LEVEL)
		ioapic_service(io, pin);
	else if (!was)
		ioapic_service(io, pin);         /* an edge: inactive to active */
}

void ioapic_eoi(struct ioapic *io, uint8_t vector)
{
	for (unsigned pin = 0; pin < IOAPIC_PINS; pin++) {
		uint64_t e = io->rte[pin];
		if (!(e & IOAPIC_RTE_LEVEL) || (e & IOAPIC_RTE_VECTOR) != vector ||
		    !(e & IOAPIC_RTE_REMOTE_IRR))
			continue;
		io->rte[pin] = e & ~IOAPIC_RTE_REMOTE_IRR;
		if (io->level >> pin & 1)
			ioapic_service(io, pin);
	}
}
