/* SPDX-License-Identifier: MIT */
/* A guest's memory as the guest addresses it: physical (its RAM behind
 * EPT) and linear (through its own page tables, l1hv/nested/gpt_walk.c). */
#ifndef L1HV_VCPU_MEM_H
#define L1HV_VCPU_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l1hv/nested/gpt_walk.h"

struct vcpu;
struct vm;

/* Guest-physical access (ctx is the struct vm, so the walkers and policies
 * can take these as callbacks); false if the range is not all guest RAM. */
bool vm_read_phys(void *ctx, uint64_t gpa, void *buf, size_t len);
bool vm_write_phys(void *ctx, uint64_t gpa, const void *buf, size_t len);

/* The paging state of the guest on the current VMCS, for gpt_walk(). */
void vcpu_gpt_env(struct vcpu *vcpu, struct gpt_env *g);

/* Why an access to the guest's linear memory failed. */
enum vcpu_mem_fault_kind {
	VCPU_MEM_PAGE_FAULT,     /* #PF with pf_error; CR2 = la */
	VCPU_MEM_NON_CANONICAL,  /* #GP, or #SS for a stack-segment access */
	VCPU_MEM_BAD_PDPTE,      /* PAE PDPTE with reserved bits: #GP */
	VCPU_MEM_NOT_RAM,        /* gpa is not memory the guest has */
	VCPU_MEM_EPT_VIOLATION,  /* an L2 access L1's EPT forbids: exit 48 for L1 */
	VCPU_MEM_EPT_MISCONFIG,  /* an L2 access through a bad L1 EPT entry: exit 49 */
};

struct vcpu_mem_fault {
	enum vcpu_mem_fault_kind kind;
	uint64_t la;             /* the linear address that failed */
	uint32_t pf_error;       /* PAGE_FAULT */
	uint64_t gpa;            /* EPT_*: L2-physical; NOT_RAM: the guest-physical address */
	uint64_t ept_qual;       /* EPT_VIOLATION: the exit qualification (SDM Table 28-7) */
};

/*
 * Reads or writes len (at most 4096) bytes of the guest's linear memory as
 * the guest running on the current VMCS would: through its own paging and,
 * for an L2, through L1's EPT (every paging-structure entry and the final
 * address), then bounds-checked against the VM's memory. A write checks
 * every page before it writes any byte. Returns 0, or -1 with *f filled and
 * nothing raised: the caller delivers the fault its instruction would.
 */
int vcpu_linear_read(struct vcpu *vcpu, uint64_t la, void *buf, size_t len,
		     struct vcpu_mem_fault *f);
int vcpu_linear_write(struct vcpu *vcpu, uint64_t la, const void *buf, size_t len,
		      struct vcpu_mem_fault *f);
/* Instruction bytes, fetched as the guest would (execute rights). */
int vcpu_linear_fetch(struct vcpu *vcpu, uint64_t la, void *buf, size_t len,
		      struct vcpu_mem_fault *f);

#endif
