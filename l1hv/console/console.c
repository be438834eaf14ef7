/* SPDX-License-Identifier: MIT */
#include "l1hv/console/console.h"

#include "common/fmt.h"
#include "common/free/uart16550.h"

static void console_put(void *ctx, char c)
{
	(void)ctx;
	uart_putc(UART_COM1, c);
}

void console_init(void)
{
	uart_init(UART_COM1);
	/* Firmware (SeaBIOS under QEMU) may have left a partial line. */
	uart_putc(UART_COM1, '\n');
}

void console_write(const char *s, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		console_put(NULL, s[i]);
}

int console_vprintf(const char *fmt, va_list ap)
{
	return fmt_vcallback(console_put, NULL, fmt, ap);
}

int console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = console_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

void console_drain(void)
{
	uart_drain(UART_COM1);
}
