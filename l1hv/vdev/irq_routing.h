/* SPDX-License-Identifier: MIT */
/*
 * The VM's interrupt wiring, as a PC's chipset has it: a device's line goes
 * to its I/O APIC input and to the 8259 IRQ of the same number (the UART's
 * to 4, the PCI test device's INTA# to 11), and the 8259's INT output to the
 * BSP's LINT0 (vlapic_set_extint). Device models call these after a
 * change of what they drive.
 */
#ifndef L1HV_VDEV_IRQ_ROUTING_H
#define L1HV_VDEV_IRQ_ROUTING_H

struct vm;

/* The test device's INTA# (pci_testdev_intx) to both controllers. */
void irq_testdev_update(struct vm *vm);
/* The UART's line (vuart_irq) to I/O APIC input 4 and 8259 IRQ 4. */
void irq_uart_update(struct vm *vm);
/* The 8259's INT output to LINT0, after any access to its ports. */
void irq_pic_update(struct vm *vm);

#endif
