/* SPDX-License-Identifier: MIT */
/* PASS/FAIL/SKIP reporting in the kvm-unit-tests style. */
#include <stdarg.h>

#include "common/fmt.h"
#include "guests/lib/guest.h"

static unsigned tests, failures, skipped;

static void report_line(const char *tag, const char *fmt, va_list ap)
{
	char buf[160];

	fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	printf("%s: %s\n", tag, buf);
}

bool report(bool pass, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!pass)
		failures++;
	va_start(ap, fmt);
	report_line(pass ? "PASS" : "FAIL", fmt, ap);
	va_end(ap);
	return pass;
}

void report_skip(const char *fmt, ...)
{
	va_list ap;

	tests++;
	skipped++;
	va_start(ap, fmt);
	report_line("SKIP", fmt, ap);
	va_end(ap);
}

int report_summary(void)
{
	printf("SUMMARY: %u tests, %u unexpected failures, %u skipped\n", tests, failures,
	       skipped);
	if (tests == skipped) {
		printf("FAIL: no test ran\n");
		return 1;
	}
	return failures ? 1 : 0;
}
