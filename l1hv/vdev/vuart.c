/* SPDX-License-Identifier: MIT */
#include "l1hv/vdev/vuart.h"

#include "common/free/string.h"
#include "common/free/uart16550.h"
#include "l1hv/console/console.h"
#include "l1hv/vm/vm.h"

void vuart_reset(struct vuart *u)
{
	memset(u, 0, sizeof(*u));
	u->lcr = 0x03;
}

static void vuart_emit_line(struct vm *vm)
{
	struct vuart *u = &vm->uart;

	console_printf("[%s] ", vm->name);
	console_write(u->line, u->len);
	console_write("\n", 1);
	u->len = 0;
}

void vuart_flush(struct vm *vm)
{
	if (vm->uart.len)
		vuart_emit_line(vm);
}

uint32_t vuart_read(struct vm *vm, uint16_t port)
{
	struct vuart *u = &vm->uart;
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (port - VUART_BASE) {
	case UART_RBR: return dlab ? u->dll : 0;        /* nothing is ever received */
	case UART_IER: return dlab ? u->dlm : u->ier;
	case UART_IIR: return 0xc1;                      /* FIFOs on, no interrupt pending */
	case UART_LCR: return u->lcr;
	case UART_MCR: return u->mcr;
	/* Transmitter always empty: output is consumed at once. */
	case UART_LSR: return UART_LSR_THRE | UART_LSR_TEMT;
	case UART_MSR: return 0xb0;                      /* CTS, DSR, DCD */
	case UART_SCR: return u->scr;
	default: return 0xff;
	}
}

void vuart_write(struct vm *vm, uint16_t port, uint8_t value)
{
	struct vuart *u = &vm->uart;
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (port - VUART_BASE) {
	case UART_THR:
		if (dlab) {
			u->dll = value;
		} else if (value == '\n') {
			vuart_emit_line(vm);
		} else if (value != '\r') {
			if (u->len == VUART_LINE_MAX)
				vuart_emit_line(vm);   /* overlong line: break it */
			u->line[u->len++] = (char)value;
		}
		break;
	case UART_IER:
		if (dlab)
			u->dlm = value;
		else
			u->ier = value & 0x0f;
		break;
	case UART_LCR: u->lcr = value; break;
	case UART_MCR: u->mcr = value & 0x1f; break;
	case UART_SCR: u->scr = value; break;
	default: break;                                 /* FCR, read-only LSR/MSR */
	}
}
