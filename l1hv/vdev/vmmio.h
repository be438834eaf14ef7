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

struct vm;

/* True if gpa falls on the window's page. The access itself is emulated
 * by mmio_emulate() (mmio_emulate.h), which reads and writes the window's
 * 32-bit registers at page offset off here. */
bool vmmio_claims(uint64_t gpa);
uint32_t vmmio_read(struct vm *vm, uint64_t off);
void vmmio_write(struct vm *vm, uint64_t off, uint32_t v);

#endif
