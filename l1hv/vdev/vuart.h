/* SPDX-License-Identifier: MIT */
/* A 16550 at 0x3F8-0x3FF for each guest: transmitted bytes are collected
 * into lines and printed on l1hv's console prefixed with "[vm-name] ". */
#ifndef L1HV_VUART_H
#define L1HV_VUART_H

#include <stdbool.h>
#include <stdint.h>

#define VUART_BASE     0x3f8
#define VUART_PORTS    8
#define VUART_LINE_MAX 200

struct vuart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	unsigned len;
	char line[VUART_LINE_MAX];
};

struct vm;
void vuart_reset(struct vuart *u);
uint32_t vuart_read(struct vm *vm, uint16_t port);
void vuart_write(struct vm *vm, uint16_t port, uint8_t value);
/* Prints a partial last line (the guest stopped mid-line). */
void vuart_flush(struct vm *vm);

#endif
