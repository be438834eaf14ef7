/* SPDX-License-Identifier: MIT */
/* The hypervisor's own console: COM1 of the machine (or VM) it runs on. */
#ifndef L1HV_CONSOLE_H
#define L1HV_CONSOLE_H

#include <stdarg.h>

/* Prefix of every line the hypervisor prints about itself. */
#define CON_TAG "l1hv: "

void console_init(void);
void console_write(const char *s, unsigned long len);
int console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int console_vprintf(const char *fmt, va_list ap);
void console_drain(void);

#define pr_info(...) console_printf(CON_TAG __VA_ARGS__)

#endif
