/* SPDX-License-Identifier: MIT */
/* Shared between the nested VMX files; not for the rest of l1hv. */
#ifndef L1HV_NESTED_INTERNAL_H
#define L1HV_NESTED_INTERNAL_H

#include "l1hv/exit/exit.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vcpu_mem.h"
#include "l1hv/vm/vm.h"
#include "vmcs12/vmx_controls.h"

/* VMX instruction completion (SDM 31.2). */
enum exit_result nested_vmfail(struct vm *vm, uint32_t error);
enum exit_result nested_vmsucceed(void);
enum exit_result nested_vmfail_invalid(void);
bool nested_insn_permitted(struct vm *vm);


/* Operands of the exiting VMX instruction (nested_operand.c). Each returns
 * 0, or injects the fault the access raises and returns -1. */
int nested_operand_read(struct vm *vm, struct exit_info *e, void *buf, unsigned len);
int nested_operand_write(struct vm *vm, struct exit_info *e, const void *buf,
			 unsigned len);
uint64_t nested_vmrw_field(struct vm *vm);          /* VMREAD/VMWRITE: the encoding */
int nested_vmrw_load(struct vm *vm, struct exit_info *e, uint64_t *value);
int nested_vmrw_store(struct vm *vm, struct exit_info *e, uint64_t value);
uint64_t nested_invalidation_type(struct vm *vm);   /* INVEPT/INVVPID register operand */
/* L1's MAXPHYADDR (CPUID.80000008H:EAX[7:0], what it is told): asked
 * once, then read from a variable (VMRESUME needs it every time). */
extern unsigned nested_maxphyaddr_cached;
static inline unsigned nested_maxphyaddr(void)
{
	return nested_maxphyaddr_cached ? nested_maxphyaddr_cached : nested_maxphyaddr_slow();
}

/* vmcs12's MSR areas (nested_msr_areas.c): 0, or the failing entry (1-based). */
uint32_t nested_msr_area_load_n(struct vm *vm, uint64_t gpa, uint32_t count);
uint32_t nested_msr_area_store_n(struct vm *vm, uint64_t gpa, uint32_t count);
/* Empty areas (the usual case) cost no call on the nested round trip. */
static inline uint32_t nested_msr_area_load(struct vm *vm, uint64_t gpa, uint32_t count)
{
	return count ? nested_msr_area_load_n(vm, gpa, count) : 0;
}

static inline uint32_t nested_msr_area_store(struct vm *vm, uint64_t gpa, uint32_t count)
{
	return count ? nested_msr_area_store_n(vm, gpa, count) : 0;
}

/* ept02 (nested_ept02.c). */
void nested_ept02_flush(struct vm *vm);
/* Before entering L2: makes ept02 match vmcs12's EPTP (flushing it if
 * L1 switched EPT hierarchies). */
void nested_ept02_prepare(struct vm *vm);
/* Handles an EPT violation of L2: maps the page if L1's EPT allows it
 * (returns true), else leaves it for reflection (false). */
bool nested_ept02_fault(struct vm *vm, uint64_t l2_gpa, uint64_t qual, uint64_t *qual12);

/* L2's VMREAD/VMWRITE of a field L1 shadows for it, on L1's shadow VMCS
 * (nested_insn.c; run through exit_dispatch_to on vmcs02). */
enum exit_result nested_l2_vmread(struct vm *vm, struct exit_info *e);
enum exit_result nested_l2_vmwrite(struct vm *vm, struct exit_info *e);

/* Switching between L1 and L2 (nested_entry.c, nested_exit.c). */
enum exit_result nested_enter(struct vm *vm, bool launch);
/* Reflects an exit to L1: exit information and L2 state into vmcs12, L1's
 * host state from vmcs12 into vmcs01, current VMCS back to vmcs01. */
void nested_vmexit(struct vm *vm, const struct reflect_exit *e, uint64_t qual);
/* Loads L1's host state from vmcs12 into the current VMCS (vmcs01). */
void nested_load_l1_host_state(struct vm *vm);

/* Fields whose change does not require rebuilding vmcs02 nor the full
 * entry checks: those L1 changes between most exits and entries
 * (vmcs12_entry_hot_fields: RIP, RSP, RFLAGS, blocking, event injection),
 * copied on every entry, and the exit-information fields (encoding type 1,
 * SDM 25.11.2), which vmcs02 never holds and no entry check reads, and the
 * VMX-preemption timer value, loaded into vmcs02 on every entry. Host-state
 * fields are not hot: the next VMRESUME's checks must see them. Folds to a
 * constant for a constant encoding. */
static inline __attribute__((always_inline)) bool nested_field_is_hot(uint32_t encoding)
{
	if (((encoding >> 10) & 3) == VMCS_TYPE_RO)
		return true;
	switch (encoding) {
#define H(f) case VMCS_##f:
	VMCS12_ENTRY_HOT_FIELDS(H)
#undef H
	case VMCS_VMX_PREEMPTION_TIMER_VALUE:
		return true;
	default:
		return false;
	}
}

#endif
