/* SPDX-License-Identifier: MIT */
/* The VM's interrupt wiring: see irq_routing.h. */
#include "l1hv/vdev/irq_routing.h"

#include "l1hv/vm/vm.h"

void irq_pic_update(struct vm *vm)
{
	vlapic_set_extint(&vm->vcpus[0], pic_intr(&vm->pic));
}

#define UART_IRQ 4

void irq_uart_update(struct vm *vm)
{
	bool line = vuart_irq(&vm->uart);

	ioapic_set_irq(&vm->ioapic, UART_IRQ, line);
	pic_set_irq(&vm->pic, UART_IRQ, line);
	irq_pic_update(vm);
}

void irq_testdev_update(struct vm *vm)
{
	bool intx = pci_testdev_intx(&vm->pci);

	ioapic_set_irq(&vm->ioapic, PCI_TESTDEV_GSI, intx);
	pic_set_irq(&vm->pic, PCI_TESTDEV_GSI, intx);
	irq_pic_update(vm);
}
