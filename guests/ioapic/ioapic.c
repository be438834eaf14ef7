/* SPDX-License-Identifier: MIT */
/*
 * ioapic: an interrupt from a device to the CPU through the I/O APIC, as a
 * PC routes it: the PCI test device (00:02.0) drives INTA# through its I/O
 * BAR, INTA# is I/O APIC input 11, redirection entry 11 sends it to the
 * local APIC (x2APIC mode), the handler runs. Level-triggered: remote IRR
 * holds further messages until the EOI, and an input still asserted at the
 * EOI interrupts again; masked entries hold the input back until unmasked;
 * edge-triggered entries send once per assertion. Also the I/O APIC's
 * registers: version, ID, read-only bits.
 */
#include "common/free/cpu_tables.h"
#include "common/free/x86.h"
#include "common/x86_arch.h"
#include "guests/lib/guest.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/pci_cfg.h"

#define VEC 0x61
#define REGSEL ((volatile uint32_t *)(IOAPIC_BASE + IOAPIC_REGSEL))
#define WINDOW ((volatile uint32_t *)(IOAPIC_BASE + IOAPIC_WINDOW))

static volatile unsigned irqs;
static volatile uint32_t rte_in_handler;
/* The handler lets INTA# go at this interrupt (0: never): a level input
 * still asserted at the EOI interrupts again, as on any PC. */
static volatile unsigned deassert_at = 1;
static uint16_t io_base;

static uint32_t ioapic_rd(uint32_t index)
{
	*REGSEL = index;
	return *WINDOW;
}

static void ioapic_wr(uint32_t index, uint32_t v)
{
	*REGSEL = index;
	*WINDOW = v;
}

static void set_rte(unsigned pin, uint64_t e)
{
	ioapic_wr(IOAPIC_REG_REDTBL + 2 * pin + 1, (uint32_t)(e >> 32));
	ioapic_wr(IOAPIC_REG_REDTBL + 2 * pin, (uint32_t)e);
}

static void intx(bool on)
{
	outb(io_base, on);
}

void ioapic_isr(unsigned arg, uint64_t *frame)
{
	(void)arg;
	(void)frame;
	irqs++;
	rte_in_handler = ioapic_rd(IOAPIC_REG_REDTBL + 2 * PCI_TESTDEV_GSI);
	if (deassert_at && irqs >= deassert_at)
		intx(false);
	wrmsr(0x80b, 0);                          /* EOI */
}

GUEST_ISR(ioapic_stub, ioapic_isr, 0);

static uint32_t cfg_read32(unsigned dev, unsigned reg)
{
	outl(PCI_CFG_ADDR_PORT, PCI_CFG_ENABLE | dev << 11 | reg);
	return inl(PCI_CFG_DATA_PORT);
}

static void cfg_write16(unsigned dev, unsigned reg, uint16_t v)
{
	outl(PCI_CFG_ADDR_PORT, PCI_CFG_ENABLE | dev << 11 | (reg & 0xfc));
	outw((uint16_t)(PCI_CFG_DATA_PORT + (reg & 2)), v);
}

int guest_main(const char *cmdline)
{
	const uint64_t level = VEC | IOAPIC_RTE_LEVEL | IOAPIC_RTE_LOW;

	(void)cmdline;
	report(ioapic_rd(IOAPIC_REG_VERSION) == 0x00170020u, "I/O APIC version 20H, 24 entries");
	ioapic_wr(IOAPIC_REG_ID, 0x0a000000u);
	report(ioapic_rd(IOAPIC_REG_ID) == 0x0a000000u, "I/O APIC ID writable (bits 27:24)");
	report(ioapic_rd(IOAPIC_REG_REDTBL + 2 * 3) == IOAPIC_RTE_MASKED,
	       "redirection entries masked after reset");

	cpu_set_interrupt_gate(VEC, (uint64_t)ioapic_stub);
	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_EXTD);
	wrmsr(0x80f, 0x1ff);                      /* SVR: enabled */
	io_base = (uint16_t)(cfg_read32(2, PCI_BAR0 + 4) & ~0xffu);
	cfg_write16(2, PCI_COMMAND, 1);           /* I/O space on */

	/* Level-triggered, active low (a PCI interrupt), to APIC ID 0. */
	set_rte(PCI_TESTDEV_GSI, level);
	asm volatile("sti");
	intx(true);
	asm volatile("cli");
	report(irqs == 1 && (rte_in_handler & IOAPIC_RTE_REMOTE_IRR) &&
	       !(ioapic_rd(IOAPIC_REG_REDTBL + 2 * PCI_TESTDEV_GSI) & IOAPIC_RTE_REMOTE_IRR),
	       "INTA# -> I/O APIC 11 -> vector 0x%x: one interrupt, remote IRR set in the "
	       "handler, clear after its EOI (%u)", VEC, irqs);

	/* Still asserted at the EOI: interrupts again, until deasserted (the
	 * handler does at the third). */
	irqs = 0;
	deassert_at = 3;
	asm volatile("sti");
	intx(true);
	asm volatile("cli");
	report(irqs == 3, "level input still asserted at the EOI interrupts again: 3 "
	       "interrupts for 3 EOIs (%u)", irqs);
	deassert_at = 1;

	/* Masked: held back; unmasking with the input asserted delivers. */
	irqs = 0;
	set_rte(PCI_TESTDEV_GSI, level | IOAPIC_RTE_MASKED);
	asm volatile("sti");
	intx(true);
	unsigned masked = irqs;
	set_rte(PCI_TESTDEV_GSI, level);
	asm volatile("cli");
	report(masked == 0 && irqs == 1, "masked entry holds the input; unmasking delivers (%u, %u)",
	       masked, irqs);

	/* INTx disable in the command register keeps the device quiet;
	 * clearing it with INTA# driven lets the interrupt through. */
	irqs = 0;
	cfg_write16(2, PCI_COMMAND, 1 | 1u << 10);
	asm volatile("sti");
	intx(true);
	unsigned disabled = irqs;
	cfg_write16(2, PCI_COMMAND, 1);
	asm volatile("cli");
	report(disabled == 0 && irqs == 1,
	       "command register interrupt disable holds INTA# back; clearing it delivers (%u, %u)",
	       disabled, irqs);

	/* Edge-triggered: one interrupt per assertion. */
	irqs = 0;
	deassert_at = 0;
	set_rte(PCI_TESTDEV_GSI, VEC);
	asm volatile("sti");
	intx(true);
	intx(true);
	intx(false);
	intx(true);
	asm volatile("cli");
	intx(false);
	report(irqs == 2, "edge-triggered entry: one interrupt per assertion (%u)", irqs);
	set_rte(PCI_TESTDEV_GSI, IOAPIC_RTE_MASKED);
	return report_summary();
}
