/* SPDX-License-Identifier: MIT */
/* A guest's memory as the guest addresses it: physical (its RAM behind
 * EPT) and linear (through its own page tables, l1hv/nested/gpt_walk.c). */
#ifndef L1HV_VCPU_MEM_H
#define L1HV_VCPU_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "l1hv/nested/gpt_walk.h"
#include "l1hv/nested/vmx_operand.h"

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
/*
 * For an instruction's memory operand at segment seg, offset offset
 * (nested/nested_operand.c has them). Outside 64-bit mode the segment's
 * limit and type come before the page walk (SDM Vol. 3A 5.3, 5.4):
 * vcpu_seg_check raises the #GP(0) or #SS(0) the access would, and returns
 * -1; 0 if it passes. vcpu_raise_mem_fault raises the fault a failed
 * access produces (SDM 4.7: #PF with CR2; non-canonical addresses #GP, or
 * #SS for stack accesses; memory the guest does not have #GP; for an L2,
 * an access L1's EPT refuses is the EPT exit L1 would get); returns -1.
 */
int vcpu_seg_check(struct vcpu *vcpu, enum vmx_seg seg, uint64_t offset, unsigned len, bool write);
int vcpu_raise_mem_fault(struct vcpu *vcpu, enum vmx_seg seg, const struct vcpu_mem_fault *f);

/* Instruction bytes, fetched as the guest would (execute rights). */
int vcpu_linear_fetch(struct vcpu *vcpu, uint64_t la, void *buf, size_t len,
		      struct vcpu_mem_fault *f);

#endif
