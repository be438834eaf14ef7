/* SPDX-License-Identifier: MIT */
#include "common/free/uart16550.h"
#include "common/free/x86.h"

/* Bound on status polls so a missing or wedged UART cannot hang us. */
#define UART_POLL_LIMIT 1000000u

void uart_init(uint16_t base)
{
	outb(base + UART_IER, 0x00);
	outb(base + UART_LCR, UART_LCR_DLAB);
	outb(base + 0, 0x01);            /* divisor 1: 115200 baud */
	outb(base + 1, 0x00);
	outb(base + UART_LCR, 0x03);     /* 8N1 */
	outb(base + UART_FCR, 0x07);     /* enable and clear FIFOs */
	outb(base + UART_MCR, 0x03);     /* DTR, RTS */
}

void uart_putc(uint16_t base, char c)
{
	for (unsigned i = 0; i < UART_POLL_LIMIT; i++)
		if (inb(base + UART_LSR) & UART_LSR_THRE)
			break;
	outb(base + UART_THR, (uint8_t)c);
}

void uart_drain(uint16_t base)
{
	for (unsigned i = 0; i < UART_POLL_LIMIT; i++)
		if (inb(base + UART_LSR) & UART_LSR_TEMT)
			return;
}
