/* SPDX-License-Identifier: MIT */
/*
 * A memory-mapped register window every guest has at NESTLAB_MMIO_BASE, in
 * the style of the IOAPIC's: a select register at +0x00 and a data window at
 * +0x10 onto 64 32-bit registers. Nothing maps the page in EPT, so every
 * access is an EPT violation that l1hv decodes (mmio_insn.c) and emulates:
 * the MMIO exit path the benchmarks measure.
 */
#ifndef L1HV_VMMIO_H
#define L1HV_VMMIO_H

#include <stdbool.h>
#include <stdint.h>

#define VMMIO_REGS 64

struct vmmio {
	uint32_t select;
	uint32_t regs[VMMIO_REGS];
};

/* True if gpa falls on the window's page. The access itself is emulated
 * by vmmio_access() (declared with the exit handlers, l1hv/exit/exit.h). */
bool vmmio_claims(uint64_t gpa);

#endif
