/* SPDX-License-Identifier: MIT */
/* A 16550 at 0x3F8-0x3FF for each guest: transmitted bytes are collected
 * into lines and printed on l1hv's console prefixed with "[vm-name] ".
 * Nothing is ever received. Its interrupt (IRQ 4, irq_routing.h) is the
 * transmitter-empty one (16550 datasheet): with IER bit 1 set it is
 * pending whenever THR is empty, which is always (output leaves at once),
 * from the moment the bit is set or a byte is written, until IIR reports
 * it (IIR C2H) or the bit is cleared; MCR OUT2 gates the line to the
 * interrupt controllers, as on a PC. */
#ifndef L1HV_VUART_H
#define L1HV_VUART_H

#include <stdbool.h>
#include <stdint.h>

#define VUART_BASE     0x3f8
#define VUART_PORTS    8
#define VUART_LINE_MAX 200

struct vuart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	bool thre_pending;        /* the transmitter-empty interrupt */
	unsigned len;
	char line[VUART_LINE_MAX];
};

struct vm;
void vuart_reset(struct vuart *u);
uint32_t vuart_read(struct vm *vm, uint16_t port);
void vuart_write(struct vm *vm, uint16_t port, uint8_t value);
/* The level of the UART's interrupt line (IRQ 4). */
bool vuart_irq(const struct vuart *u);
/* Prints a partial last line (the guest stopped mid-line). */
void vuart_flush(struct vm *vm);

#endif
