/* SPDX-License-Identifier: MIT */
/* The VM's interrupt wiring: see irq_routing.h. */
#include "l1hv/vdev/irq_routing.h"

#include "l1hv/vm/vm.h"

void irq_pic_update(struct vm *vm)
{
	vlapic_set_extint(&vm->vcpus[0], pic_intr(&vm->pic));
}

void irq_isa_set(struct vm *vm, unsigned irq, bool level)
{
	ioapic_set_irq(&vm->ioapic, irq == IRQ_PIT ? IRQ_PIT_GSI : irq, level);
	pic_set_irq(&vm->pic, irq, level);
	irq_pic_update(vm);
}

bool irq_isa_waiting(const struct vm *vm, unsigned irq)
{
	const struct pic_chip *c = &vm->pic.chip[irq >= 8];
	uint64_t rte = vm->ioapic.rte[irq == IRQ_PIT ? IRQ_PIT_GSI : irq];

	/* A masked 8259 input latches in IRR too, but is nobody's to take. */
	if (c->irr & ~c->imr & (1u << (irq & 7)))
		return true;
	return !(rte & IOAPIC_RTE_MASKED) &&
	       apic_irr_pending(&vm->vcpus[0].lapic.regs, (uint8_t)(rte & IOAPIC_RTE_VECTOR));
}

void irq_uart_update(struct vm *vm)
{
	irq_isa_set(vm, IRQ_UART, vuart_irq(&vm->uart));
}

void irq_testdev_update(struct vm *vm)
{
	irq_isa_set(vm, PCI_TESTDEV_GSI, pci_testdev_intx(&vm->pci));
}
