/* SPDX-License-Identifier: MIT */
/* Ending the run: the verdict line and the machine stop. */
#ifndef L1HV_MACHINE_H
#define L1HV_MACHINE_H

#include <stdbool.h>

/*
 * Prints "l1hv: verdict: PASS|FAIL (reason)", drains the console and stops
 * the machine: isa-debug-exit at 0xF4 (QEMU; our own parent when nested)
 * with 0 for PASS and 1 for FAIL, then Bochs's shutdown port 0x8900.
 */
__attribute__((noreturn)) void machine_finish(bool pass, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
