/* SPDX-License-Identifier: MIT */
#include "l1hv/arch/machine.h"

#include <stdarg.h>

#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "l1hv/console/console.h"

#define BOCHS_SHUTDOWN_PORT 0x8900

void machine_finish(bool pass, const char *fmt, ...)
{
	static const char shutdown[] = "Shutdown";
	va_list ap;

	console_printf(CON_TAG "verdict: %s (", pass ? "PASS" : "FAIL");
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
	console_printf(")\n");
	console_drain();

	outl(NESTLAB_DEBUG_EXIT_PORT, pass ? 0 : 1);
	for (const char *p = shutdown; *p; p++)
		outb(BOCHS_SHUTDOWN_PORT, (uint8_t)*p);
	halt_forever();
}
