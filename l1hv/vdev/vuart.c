/* SPDX-License-Identifier: MIT */
#include "l1hv/vdev/vuart.h"

#include "common/free/string.h"
#include "common/free/uart16550.h"
#include "l1hv/console/console.h"
#include "l1hv/vdev/irq_routing.h"
#include "l1hv/vm/vm.h"

#define UART_IER_THRI  0x02
#define UART_MCR_OUT2  0x08

bool vuart_irq(const struct vuart *u)
{
	return (u->ier & UART_IER_THRI) && u->thre_pending && (u->mcr & UART_MCR_OUT2);
}

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

/* A byte into THR clears the transmitter-empty interrupt, and THR is empty
 * again at once: a new interrupt, an edge for the controllers. */
static void vuart_thr_written(struct vm *vm)
{
	struct vuart *u = &vm->uart;

	if (!(u->ier & UART_IER_THRI))
		return;
	u->thre_pending = false;
	irq_uart_update(vm);
	u->thre_pending = true;
	irq_uart_update(vm);
}

uint32_t vuart_read(struct vm *vm, uint16_t port)
{
	struct vuart *u = &vm->uart;
	bool dlab = u->lcr & UART_LCR_DLAB;

	switch (port - VUART_BASE) {
	case UART_RBR: return dlab ? u->dll : 0;        /* nothing is ever received */
	case UART_IER: return dlab ? u->dlm : u->ier;
	case UART_IIR:
		/* FIFOs on; C2H: transmitter empty, which the read clears. */
		if ((u->ier & UART_IER_THRI) && u->thre_pending) {
			u->thre_pending = false;
			irq_uart_update(vm);
			return 0xc2;
		}
		return 0xc1;                             /* no interrupt pending */
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
			vuart_thr_written(vm);
			vuart_emit_line(vm);
		} else {
			vuart_thr_written(vm);
			if (value != '\r') {
				if (u->len == VUART_LINE_MAX)
					vuart_emit_line(vm);   /* overlong line: break it */
				u->line[u->len++] = (char)value;
			}
		}
		break;
	case UART_IER:
		if (dlab)
			u->dlm = value;
		else {
			/* Enabling the interrupt with THR empty raises it. */
			if ((value & UART_IER_THRI) && !(u->ier & UART_IER_THRI))
				u->thre_pending = true;
			u->ier = value & 0x0f;
			irq_uart_update(vm);
		}
		break;
	case UART_LCR: u->lcr = value; break;
	case UART_MCR:
		u->mcr = value & 0x1f;
		irq_uart_update(vm);
		break;
	case UART_SCR: u->scr = value; break;
	default: break;                                 /* FCR, read-only LSR/MSR */
	}
}
