/* SPDX-License-Identifier: MIT */
/*
 * uart: the 16550's transmitter-empty interrupt on IRQ 4, through the 8259
 * (local APIC globally disabled) and through the I/O APIC: raised when IER
 * bit 1 is set with THR empty, gated by MCR OUT2, identified by IIR C2H
 * (which the read clears), raised again by each byte written.
 */
#include "common/free/cpu_tables.h"
#include "common/free/uart16550.h"
#include "common/free/x86.h"
#include "common/x86_arch.h"
#include "guests/lib/guest.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/pic8259.h"

#define COM1(r) (uint16_t)(UART_COM1 + (r))
#define VEC_PIC 0x24
#define VEC_IOAPIC 0x44

static volatile unsigned irqs;
static volatile bool keep_enabled;
static volatile uint8_t iir_first, iir_second;
static volatile bool via_ioapic;

void uart_isr(unsigned arg, uint64_t *frame)
{
	(void)arg;
	(void)frame;
	irqs++;
	iir_first = inb(COM1(UART_IIR));
	iir_second = inb(COM1(UART_IIR));
	if (!keep_enabled)
		outb(COM1(UART_IER), 0);
	if (via_ioapic)
		wrmsr(0x80b, 0);
	else
		outb(PIC_MASTER_CMD, 0x20);
}

GUEST_ISR(uart_stub, uart_isr, 0);

static void ioapic_wr(uint32_t index, uint32_t v)
{
	*(volatile uint32_t *)(IOAPIC_BASE + IOAPIC_REGSEL) = index;
	*(volatile uint32_t *)(IOAPIC_BASE + IOAPIC_WINDOW) = v;
}

int guest_main(const char *cmdline)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	(void)cmdline;
	cpu_set_interrupt_gate(VEC_PIC, (uint64_t)uart_stub);
	cpu_set_interrupt_gate(VEC_IOAPIC, (uint64_t)uart_stub);
	report(inb(COM1(UART_IIR)) == 0xc1, "IIR C1H: no interrupt pending");

	/* The 8259: IRQ 4 open, the local APIC globally disabled. */
	outb(PIC_MASTER_CMD, 0x11);
	outb(PIC_MASTER_DATA, 0x20);
	outb(PIC_MASTER_DATA, 0x04);
	outb(PIC_MASTER_DATA, 0x01);
	outb(PIC_MASTER_DATA, 0xef);
	wrmsr(MSR_IA32_APIC_BASE, base & ~APIC_BASE_EN);

	outb(COM1(UART_MCR), 0x03);                 /* DTR, RTS; OUT2 off */
	asm volatile("sti");
	outb(COM1(UART_IER), 0x02);
	unsigned gated = irqs;
	outb(COM1(UART_MCR), 0x0b);                 /* OUT2 on */
	asm volatile("cli");
	report(gated == 0 && irqs == 1 && iir_first == 0xc2 && iir_second == 0xc1,
	       "IRQ 4 through the 8259: held while OUT2 is off, then one interrupt; IIR C2H, "
	       "then C1H (%u, %u, 0x%x, 0x%x)", gated, irqs, iir_first, iir_second);

	/* The IIR read cleared it; a byte written raises it again. */
	irqs = 0;
	keep_enabled = true;
	asm volatile("sti");
	outb(COM1(UART_IER), 0x02);
	unsigned after_enable = irqs;
	outb(COM1(UART_THR), '.');
	asm volatile("cli");
	outb(COM1(UART_IER), 0);
	keep_enabled = false;
	outb(COM1(UART_THR), '\n');
	report(after_enable == 1 && irqs == 2,
	       "IIR's report clears it, a byte into THR raises it again (%u, %u)", after_enable,
	       irqs);

	/* The I/O APIC: input 4, edge, vector 44H, to APIC ID 0. */
	irqs = 0;
	via_ioapic = true;
	outb(PIC_MASTER_DATA, 0xff);
	wrmsr(MSR_IA32_APIC_BASE, base);
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
	wrmsr(0x80f, 0x1ff);
	ioapic_wr(IOAPIC_REG_REDTBL + 2 * 4 + 1, 0);
	ioapic_wr(IOAPIC_REG_REDTBL + 2 * 4, VEC_IOAPIC);
	asm volatile("sti");
	outb(COM1(UART_IER), 0x02);
	asm volatile("cli");
	report(irqs == 1 && iir_first == 0xc2, "IRQ 4 through the I/O APIC: one interrupt, IIR "
	       "C2H (%u, 0x%x)", irqs, iir_first);
	ioapic_wr(IOAPIC_REG_REDTBL + 2 * 4, IOAPIC_RTE_MASKED);
	return report_summary();
}
