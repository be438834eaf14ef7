/* SPDX-License-Identifier: MIT */
/*
 * The hosted test backend for l1hv's nested-VMX files (tests/unit/test_nested_*):
 * what those files reach in hardware or in the rest of l1hv, as host code that
 * records what was asked of it.
 *   fake_vmcs.c  VMCS regions keyed by physical address, a current-VMCS
 *                pointer, VMREAD/VMWRITE that fail like the CPU (SDM 31.3:
 *                VMfailInvalid without a current VMCS, VMfailValid(12) for
 *                an unknown field) and count the writes to every field.
 *   fake_l1hv.c  pages from aligned host memory charged to a page_quota as
 *                page_alloc.c does, guest RAM as a host buffer at mem_hpa,
 *                vm_stop() recording the reason, event injection and the MSRs
 *                of exit/msr.c as tables, the console on stdout.
 * Physical addresses are host pointers, as l1hv's identity map makes them.
 */
#ifndef NESTLAB_TESTS_FAKE_L1HV_H
#define NESTLAB_TESTS_FAKE_L1HV_H

#include <stdbool.h>
#include <stdint.h>

#include "l1hv/nested/nested_internal.h"

/* ---- fake_vmcs.c */
/* Forgets every region; no current VMCS. VMPTRLD accepts a region whose
 * first 4 bytes are rev. */
void fake_vmcs_reset(uint32_t rev);
uint64_t fake_vmcs_current(void);          /* 0 if none */
/* A region's field as VMREAD would return it (0 if never written). */
uint64_t fake_vmcs_get(uint64_t pa, uint32_t field);
void fake_vmcs_put(uint64_t pa, uint32_t field, uint64_t value);
/* VMWRITEs of field into the region since the last fake_vmcs_clear_writes. */
unsigned fake_vmcs_writes(uint64_t pa, uint32_t field);
void fake_vmcs_clear_writes(uint64_t pa);
/* The fields written since then, by encoding (at most max); their count. */
unsigned fake_vmcs_written(uint64_t pa, uint32_t *enc, unsigned max);
extern unsigned fake_invvpid_calls;

/* ---- fake_l1hv.c */
/* vmx_cpu as on Bochs corei7_skylake_x (vmx_caps_fixture.h), MAXPHYADDR 40,
 * 48-bit linear addresses, nested_setup(true): nested_caps for L1. */
void fake_cpu_init(void);
/* A VM with mem bytes of guest RAM (a host buffer, mem_hpa), page quota
 * limit pages, vmcs01 allocated outside the quota and current; every other
 * fake reset. */
void fake_vm_init(struct vm *vm, uint64_t mem, uint64_t quota_limit);
void fake_vm_free(struct vm *vm);
/* Pages the "machine" still has for page_alloc_charged (-1: no limit). */
extern int64_t fake_machine_pages;
extern uint64_t fake_pages_live;           /* allocated and not freed */

struct fake_injection {
	unsigned count;
	uint8_t vector;
	bool has_error;
	uint32_t error;
};
extern struct fake_injection fake_injected;

/* The MSRs vcpu_msr_read/write know; others answer #GP (false). A write of
 * a value with bits in refuse_mask set fails as WRMSR's #GP would. */
struct fake_msr {
	uint32_t index;
	uint64_t value;
	uint64_t refuse_mask;
	unsigned writes;
};
#define FAKE_MSR_MAX 8
extern struct fake_msr fake_msrs[FAKE_MSR_MAX];

/* What nested_exit.c was asked (it is not part of the hosted build). */
struct fake_nested_exit {
	unsigned entry_failed;          /* nested_entry_failed() calls */
	uint32_t entry_failed_reason;
	uint64_t entry_failed_qual;
	unsigned ept_faults;            /* nested_reflect_ept_fault() calls */
	struct vcpu_mem_fault ept_fault;
};
extern struct fake_nested_exit fake_nested_exit;

/* A guest-physical byte pointer into the VM's RAM (aborts outside it). */
void *fake_gpa(struct vcpu *vcpu, uint64_t gpa);
void fake_put64(struct vcpu *vcpu, uint64_t gpa, uint64_t value);
uint64_t fake_get64(struct vcpu *vcpu, uint64_t gpa);

#endif
