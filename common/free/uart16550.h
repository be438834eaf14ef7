/* SPDX-License-Identifier: MIT */
/* Polled 16550 UART output, shared by l1hv and the guests. */
#ifndef NESTLAB_UART16550_H
#define NESTLAB_UART16550_H

#include <stdint.h>

#define UART_COM1      0x3f8
#define UART_THR       0   /* transmit holding (write) */
#define UART_RBR       0   /* receive buffer (read) */
#define UART_IER       1
#define UART_IIR       2   /* interrupt identification (read) */
#define UART_FCR       2   /* FIFO control (write) */
#define UART_LCR       3
#define UART_MCR       4
#define UART_LSR       5
#define UART_MSR       6
#define UART_SCR       7
#define UART_LCR_DLAB  0x80
#define UART_LSR_THRE  0x20  /* transmit holding register empty */
#define UART_LSR_TEMT  0x40  /* transmitter empty: the line has left */

void uart_init(uint16_t base);
void uart_putc(uint16_t base, char c);
/* Waits until every byte has left the transmitter (before the machine stops). */
void uart_drain(uint16_t base);

#endif
