/* SPDX-License-Identifier: MIT */
/*
 * The VM's interrupt wiring, as a PC's chipset has it: an ISA device's line
 * goes to the 8259 IRQ of its number and to the I/O APIC input of the same
 * number, except IRQ 0 (the PIT's OUT0), which reaches I/O APIC input 2
 * (the MADT's interrupt source override; input 0 is the 8259's INTR on a
 * PC). The UART drives IRQ 4, the RTC IRQ 8, the ACPI SCI IRQ 9, the PCI
 * test device's INTA# IRQ 11. The 8259's INT output goes to the BSP's
 * LINT0 (vlapic_set_extint). Device models call these after a change of
 * what they drive.
 */
#ifndef L1HV_VDEV_IRQ_ROUTING_H
#define L1HV_VDEV_IRQ_ROUTING_H

#include <stdbool.h>

struct vm;

#define IRQ_PIT      0
#define IRQ_PIT_GSI  2
#define IRQ_UART     4
#define IRQ_RTC      8
#define IRQ_SCI      9

/* ISA line irq (0-15) at level: to the 8259 and the I/O APIC. An edge is a
 * change of level; a pulse is irq_isa_set(true) then (false). */
void irq_isa_set(struct vm *vm, unsigned irq, bool level);

/* An edge on ISA line irq is still waiting to be taken: in the 8259's IRR,
 * or, through an unmasked I/O APIC entry, in vCPU 0's local APIC IRR. A
 * further edge now would merge with it. */
bool irq_isa_waiting(const struct vm *vm, unsigned irq);

/* The test device's INTA# (pci_testdev_intx) to both controllers. */
void irq_testdev_update(struct vm *vm);
/* The UART's line (vuart_irq) to I/O APIC input 4 and 8259 IRQ 4. */
void irq_uart_update(struct vm *vm);
/* The 8259's INT output to LINT0, after any access to its ports. */
void irq_pic_update(struct vm *vm);

#endif
