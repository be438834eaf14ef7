/* SPDX-License-Identifier: MIT */
/*
 * Freestanding printf-style formatting: one engine (fmt_vcallback) that
 * emits characters through a callback, and snprintf on top of it.
 *
 * Conversions: %d %i %u %x %X %o %c %s %p %%
 * Length modifiers: hh h l ll z j t
 * Flags: '-' '0' '+' ' ' '#'; field width and precision, either may be '*'.
 *
 * Semantics follow C11 7.21.6.1 (and glibc where the standard leaves room):
 *  - %s of NULL prints "(null)" (cut by a precision like any string);
 *  - %p prints 0x followed by lowercase hex, NULL prints "(nil)";
 *  - a negative '*' width means '-' plus that width, a negative '*'
 *    precision means "no precision";
 *  - an unknown conversion (including %n, deliberately unsupported) is
 *    printed literally from its '%' up to and including the offending
 *    character, so a bad format string shows up in the output instead of
 *    consuming arguments that were never passed.
 * No floating point: the kernel is built with -mgeneral-regs-only.
 */
#ifndef NESTLAB_COMMON_FMT_H
#define NESTLAB_COMMON_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives one output character; ctx is the caller's. */
typedef void (*fmt_put_fn)(void *ctx, char c);

/*
 * Formats into put(). Returns the number of characters emitted (C99
 * semantics: embedded NULs from %c count), or -1 if that number does not
 * fit in an int (the characters are still emitted).
 */
int fmt_vcallback(fmt_put_fn put, void *ctx, const char *fmt, va_list ap);
int fmt_callback(fmt_put_fn put, void *ctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * C99 snprintf: writes at most size - 1 characters plus a NUL (when
 * size > 0; buf may be NULL when size == 0) and returns the length the
 * full output would have had, or -1 on int overflow.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
