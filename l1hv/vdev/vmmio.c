/* SPDX-License-Identifier: MIT */
#include "l1hv/vdev/vmmio.h"

#include "common/hypercall_abi.h"
#include "l1hv/vm/vm.h"

#define VMMIO_SELECT 0x00
#define VMMIO_WINDOW 0x10

bool vmmio_claims(uint64_t gpa)
{
	return gpa >= NESTLAB_MMIO_BASE && gpa < NESTLAB_MMIO_BASE + 4096;
}

uint32_t vmmio_read(struct vm *vm, uint64_t off)
{
	switch (off) {
	case VMMIO_SELECT: return vm->mmio.select;
	case VMMIO_WINDOW: return vm->mmio.regs[vm->mmio.select % VMMIO_REGS];
	default:           return 0xffffffff;     /* nothing there: all ones */
	}
}

void vmmio_write(struct vm *vm, uint64_t off, uint32_t v)
{
	if (off == VMMIO_SELECT)
		vm->mmio.select = v;
	else if (off == VMMIO_WINDOW)
		vm->mmio.regs[vm->mmio.select % VMMIO_REGS] = v;
}
