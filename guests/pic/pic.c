/* SPDX-License-Identifier: MIT */
/*
 * pic: an interrupt from a device through the 8259 pair, as a PC without
 * I/O APIC routing takes it: the PCI test device's INTA# is IRQ 11 of the
 * slave 8259, cascaded into IRQ 2 of the master, whose INT reaches the
 * CPU through LINT0 (the local APIC globally disabled, or LINT0 in ExtINT
 * mode). The guest programs both chips as Linux does (ICW1-ICW4, vectors
 * 20H and 28H), sets IRQ 11 level-triggered in the ELCR, and checks the
 * in-service registers in the handler, EOIs, IRR while interrupts are off,
 * masks, ExtINT through an enabled local APIC, and edge mode.
 */
#include "common/free/cpu_tables.h"
#include "common/free/x86.h"
#include "common/x86_arch.h"
#include "guests/lib/guest.h"
#include "l1hv/vdev/pci_cfg.h"
#include "l1hv/vdev/pic8259.h"

#define VEC_IRQ11 0x2b

static volatile unsigned irqs;
static volatile uint8_t slave_isr, master_isr;
static volatile unsigned deassert_at = 1;
static uint16_t io_base;

static void intx(bool on)
{
	outb(io_base, on);
}

void pic_isr(unsigned arg, uint64_t *frame)
{
	(void)arg;
	(void)frame;
	irqs++;
	outb(PIC_SLAVE_CMD, 0x0b);
	slave_isr = inb(PIC_SLAVE_CMD);
	outb(PIC_MASTER_CMD, 0x0b);
	master_isr = inb(PIC_MASTER_CMD);
	if (deassert_at && irqs >= deassert_at)
		intx(false);
	outb(PIC_SLAVE_CMD, 0x20);
	outb(PIC_MASTER_CMD, 0x20);
}

GUEST_ISR(pic_stub, pic_isr, 0);

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

static void pic_init(void)
{
	outb(PIC_MASTER_CMD, 0x11);      /* ICW1: edge, cascade, ICW4 */
	outb(PIC_MASTER_DATA, 0x20);     /* ICW2 */
	outb(PIC_MASTER_DATA, 0x04);     /* ICW3: slave on IRQ 2 */
	outb(PIC_MASTER_DATA, 0x01);     /* ICW4: 8086 mode */
	outb(PIC_SLAVE_CMD, 0x11);
	outb(PIC_SLAVE_DATA, 0x28);
	outb(PIC_SLAVE_DATA, 0x02);
	outb(PIC_SLAVE_DATA, 0x01);
	outb(PIC_MASTER_DATA, 0xfb);     /* only the cascade open */
	outb(PIC_SLAVE_DATA, 0xf7);      /* only IRQ 11 open */
	outb(PIC_ELCR_SLAVE, 0x08);      /* IRQ 11 level-triggered */
}

int guest_main(const char *cmdline)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	(void)cmdline;
	cpu_set_interrupt_gate(VEC_IRQ11, (uint64_t)pic_stub);
	io_base = (uint16_t)(cfg_read32(2, PCI_BAR0 + 4) & ~0xffu);
	cfg_write16(2, PCI_COMMAND, 1);
	pic_init();
	report(inb(PIC_MASTER_DATA) == 0xfb && inb(PIC_SLAVE_DATA) == 0xf7 &&
	       inb(PIC_ELCR_SLAVE) == 0x08, "masks and ELCR read back");

	/* Local APIC globally disabled: LINT0 is the CPU's INTR pin. */
	wrmsr(MSR_IA32_APIC_BASE, base & ~APIC_BASE_EN);
	asm volatile("sti");
	intx(true);
	asm volatile("cli");
	report(irqs == 1 && slave_isr == 0x08 && master_isr == 0x04,
	       "INTA# -> slave IRQ 11 -> master IRQ 2 -> vector 0x2b, once; ISR slave 0x%x, "
	       "master 0x%x in the handler (%u)", slave_isr, master_isr, irqs);
	outb(PIC_SLAVE_CMD, 0x0b);
	uint8_t isr_after = inb(PIC_SLAVE_CMD);
	report(isr_after == 0, "after the EOIs nothing is in service");

	/* Interrupts off: the request waits in IRR, and leaves with the line. */
	irqs = 0;
	intx(true);
	outb(PIC_SLAVE_CMD, 0x0a);
	uint8_t irr_on = inb(PIC_SLAVE_CMD);
	intx(false);
	uint8_t irr_off = inb(PIC_SLAVE_CMD);
	report(irr_on == 0x08 && irr_off == 0 && irqs == 0,
	       "IF=0: IRQ 11 in IRR while asserted (0x%x), gone with the line (0x%x)", irr_on,
	       irr_off);

	/* Masked at the slave: held; unmasked with the line up: delivered. */
	outb(PIC_SLAVE_DATA, 0xff);
	asm volatile("sti");
	intx(true);
	unsigned masked = irqs;
	outb(PIC_SLAVE_DATA, 0xf7);
	asm volatile("cli");
	report(masked == 0 && irqs == 1, "IMR holds IRQ 11; unmasking delivers (%u, %u)", masked,
	       irqs);

	/* The local APIC enabled again: LINT0 is masked after its reset, so
	 * the 8259's request waits; LINT0 in ExtINT mode passes it. */
	irqs = 0;
	wrmsr(MSR_IA32_APIC_BASE, base);                       /* xAPIC */
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);     /* x2APIC */
	wrmsr(0x80f, 0x1ff);                                    /* SVR: enabled */
	asm volatile("sti");
	intx(true);
	unsigned lint0_masked = irqs;
	wrmsr(0x835, 0x700);                                    /* LINT0: ExtINT */
	asm volatile("cli");
	report(lint0_masked == 0 && irqs == 1,
	       "enabled local APIC: masked LINT0 holds the 8259; ExtINT delivers (%u, %u)",
	       lint0_masked, irqs);

	/* Edge-triggered (ELCR bit clear): one interrupt per assertion. */
	irqs = 0;
	deassert_at = 0;
	outb(PIC_ELCR_SLAVE, 0x00);
	asm volatile("sti");
	intx(true);
	intx(true);
	intx(false);
	intx(true);
	asm volatile("cli");
	intx(false);
	report(irqs == 2, "edge-triggered IRQ 11: one interrupt per assertion (%u)", irqs);
	return report_summary();
}
