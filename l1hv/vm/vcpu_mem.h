/* SPDX-License-Identifier: MIT */
/* A guest's memory as the guest addresses it: physical (its RAM behind
 * EPT) and linear (through its own page tables, l1hv/nested/gpt_walk.c). */
#ifndef L1HV_VCPU_MEM_H
#define L1HV_VCPU_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l1hv/nested/gpt_walk.h"

struct vm;

/* Guest-physical access (ctx is the struct vm, so the walkers and policies
 * can take these as callbacks); false if the range is not all guest RAM. */
bool vm_read_phys(void *ctx, uint64_t gpa, void *buf, size_t len);
bool vm_write_phys(void *ctx, uint64_t gpa, const void *buf, size_t len);

/* The paging state of the guest on the current VMCS, for gpt_walk(). */
void vcpu_gpt_env(struct vm *vm, struct gpt_env *g);

#endif
