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

void irq_uart_update(struct vm *vm)
{
	irq_isa_set(vm, IRQ_UART, vuart_irq(&vm->uart));
}

void irq_testdev_update(struct vm *vm)
{
	irq_isa_set(vm, PCI_TESTDEV_GSI, pci_testdev_intx(&vm->pci));
}
