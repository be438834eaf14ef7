/* SPDX-License-Identifier: MIT */
/* Guest runtime: entry from the shared Multiboot code, console, exit. */
#include <stdarg.h>

#include "common/fmt.h"
#include "common/free/cpu_tables.h"
#include "common/free/string.h"
#include "common/free/uart16550.h"
#include "common/multiboot.h"
#include "guests/lib/guest.h"


static void guest_putc(void *ctx, char c)
{
	(void)ctx;
	uart_putc(UART_COM1, c);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vcallback(guest_putc, NULL, fmt, ap);
	va_end(ap);
	return n;
}

void guest_exit(int code)
{
	uart_drain(UART_COM1);
	outl(NESTLAB_DEBUG_EXIT_PORT, (uint32_t)code);
	/* Not under l1hv or QEMU: nothing consumed the port. */
	halt_forever();
}

uint64_t guest_mem_end;
const struct multiboot_info *guest_mbi;

void multiboot_main(uint32_t magic, uint32_t info);
void multiboot_main(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mbi = (const void *)(uint64_t)info;
	const char *cmdline = "";

	guest_mbi = mbi;
	uart_init(UART_COM1);
	cpu_tables_init();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		printf("FAIL: not started by a Multiboot loader\n");
		guest_exit(2);
	}
	if (mbi->flags & MULTIBOOT_INFO_MEMORY)
		guest_mem_end = 0x100000ull + (uint64_t)mbi->mem_upper * 1024;
	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		cmdline = (const char *)(uint64_t)mbi->cmdline;
	guest_exit(guest_main(cmdline));
}

int cmdline_get(const char *cmdline, const char *key, const char **value)
{
	unsigned long k = strlen(key);
	const char *p = cmdline;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if ((unsigned long)(p - w) > k && !strncmp(w, key, k) && w[k] == '=') {
			*value = w + k + 1;
			return (int)(p - w - (long)k - 1);
		}
	}
	return -1;
}
