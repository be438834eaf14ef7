/* SPDX-License-Identifier: MIT */
/* Shared between the nested VMX files; not for the rest of l1hv. */
#ifndef L1HV_NESTED_INTERNAL_H
#define L1HV_NESTED_INTERNAL_H

#include "l1hv/exit/exit.h"
#include "l1hv/nested/ept12_walk.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vcpu_mem.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmx_controls.h"
#include "vmcs12/vmx_msr_area.h"

/* VMX instruction completion (SDM 31.2). */
enum exit_result nested_vmfail(struct vcpu *vcpu, uint32_t error);
enum exit_result nested_vmsucceed(void);
enum exit_result nested_vmfail_invalid(void);
bool nested_insn_permitted(struct vcpu *vcpu);


/* Operands of the exiting VMX instruction (nested_operand.c). Each returns
 * 0, or injects the fault the access raises and returns -1. */
int nested_operand_read(struct vcpu *vcpu, struct exit_info *e, void *buf, unsigned len);
int nested_operand_write(struct vcpu *vcpu, struct exit_info *e, const void *buf,
			 unsigned len);
uint64_t nested_vmrw_field(struct vcpu *vcpu);          /* VMREAD/VMWRITE: the encoding */
int nested_vmrw_load(struct vcpu *vcpu, struct exit_info *e, uint64_t *value);
int nested_vmrw_store(struct vcpu *vcpu, struct exit_info *e, uint64_t value);
uint64_t nested_invalidation_type(struct vcpu *vcpu);   /* INVEPT/INVVPID register operand */
/* L1's MAXPHYADDR (CPUID.80000008H:EAX[7:0], what it is told): asked
 * once, then read from a variable (VMRESUME needs it every time). */
extern unsigned nested_maxphyaddr_cached;
static inline unsigned nested_maxphyaddr(void)
{
	return nested_maxphyaddr_cached ? nested_maxphyaddr_cached : nested_maxphyaddr_slow();
}

/* vmcs12's MSR areas (nested_msr_areas.c): 0, or the failing entry (1-based). */
uint32_t nested_msr_area_load_n(struct vcpu *vcpu, enum vmx_msr_area area, uint64_t gpa,
				uint32_t count);
uint32_t nested_msr_area_store_n(struct vcpu *vcpu, uint64_t gpa, uint32_t count);
/* Empty areas (the usual case) cost no call on the nested round trip. */
static inline uint32_t nested_msr_area_load(struct vcpu *vcpu, enum vmx_msr_area area, uint64_t gpa,
					    uint32_t count)
{
	return count ? nested_msr_area_load_n(vcpu, area, gpa, count) : 0;
}

static inline uint32_t nested_msr_area_store(struct vcpu *vcpu, uint64_t gpa, uint32_t count)
{
	return count ? nested_msr_area_store_n(vcpu, gpa, count) : 0;
}

/* ept02 (nested_ept02.c). */
struct ept12_env;
/* The walker environment for L1's EPT while L2 runs; false when L1 gives
 * L2 no EPT (L2-physical is L1-physical). */
bool nested_ept12_env(struct vcpu *vcpu, struct ept12_env *env);
/* Whether a failed walk of L1's EPT is an EPT misconfiguration for L1
 * (exit 49): a misconfigured entry (SDM 29.3.3.1), or a table outside
 * L1's memory, where the processor would read all ones, an entry with
 * reserved bits set. Otherwise it is a violation. */
static inline bool nested_ept12_misconfig(enum ept12_status s)
{
	return s == EPT12_MISCONFIG || s == EPT12_MEM_FAILED;
}
void nested_ept02_flush(struct vcpu *vcpu);
/* Before entering L2 (current VMCS: vmcs02): makes ept02 match vmcs12's
 * EPTP (flushing it if L1 switched EPT hierarchies or invalidated); false
 * if the VM's page quota has no room for it. */
bool nested_ept02_prepare(struct vcpu *vcpu);
/* What an EPT violation of L2 on ept02 turned out to be. */
enum ept02_fault {
	EPT02_FILLED,         /* L1's EPT allows it: ept02 maps it now, L2 retries */
	EPT02_L1_VIOLATION,   /* L1's EPT forbids it: an EPT violation for L1 (*qual12) */
	EPT02_L1_MISCONFIG,   /* L1's EPT is misconfigured there: exit 49 for L1 */
	EPT02_OUTSIDE_L1,     /* L1's EPT maps it to memory L1 does not have (*l1_gpa) */
	EPT02_NO_ROOM,        /* not even an empty ept02 fits the VM's page quota */
};
/* Handles an EPT violation of L2 at l2_gpa (exit qualification qual). */
enum ept02_fault nested_ept02_fault(struct vcpu *vcpu, uint64_t l2_gpa, uint64_t qual,
				    uint64_t *qual12, uint64_t *l1_gpa);

/* L2's VMREAD/VMWRITE of a field L1 shadows for it, on L1's shadow VMCS
 * (nested_insn.c; run through exit_dispatch_to on vmcs02). */
enum exit_result nested_l2_vmread(struct vcpu *vcpu, struct exit_info *e);
enum exit_result nested_l2_vmwrite(struct vcpu *vcpu, struct exit_info *e);

/* vmcs02's VMX-preemption timer (nested_timer.c), current VMCS vmcs02.
 * nested_timer_build: when vmcs02 is built from vmcs12, L0's part from the
 * budget left. nested_timer_arm: the smaller of L1's value l1 (if l1_on)
 * and L0's part; L0's alone is written only when the field does not count
 * it down already. nested_timer_l1_left: at an exit of L2, L1's value
 * left. Inline: arm and l1_left run on every nested round trip. */
void nested_timer_build(struct vcpu *vcpu);
uint32_t nested_timer_l0_part(struct vcpu *vcpu);
static inline void nested_timer_arm(struct vcpu *vcpu, bool l1_on, uint32_t l1)
{
	struct nested_vcpu *n = &vcpu->nested;

	n->timer_l1_on = l1_on;
	if (l1_on) {
		n->timer_clamped = l1 > n->timer_l0;
		if (n->timer_clamped) {       /* only then nested_timer_l1_left reads it */
			n->timer_l1 = l1;
			l1 = n->timer_l0;
		}
		n->timer_armed = l1;
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE, n->timer_armed);
		n->timer_l0_armed = false;
	} else if (!n->timer_l0_armed && vm_budget_timer_ok()) {
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE, n->timer_l0);
		n->timer_l0_armed = true;
	}
}

/* Each entry to L2 loads L1's value from vmcs12 (SDM 27.7.4). L0's part
 * is taken again when L1 moved its APIC timer since. */
static inline void nested_timer_enter(struct vcpu *vcpu, const struct vmcs12 *v)
{
	if (__builtin_expect(vcpu->lapic.next_timer != vcpu->nested.timer_apic_for, 0)) {
		vcpu->nested.timer_l0 = nested_timer_l0_part(vcpu);
		vcpu->nested.timer_l0_armed = false;
	}
	nested_timer_arm(vcpu, v->PIN_BASED_VM_EXEC_CONTROL & PIN_BASED_VMX_PREEMPTION_TIMER,
			 (uint32_t)v->VMX_PREEMPTION_TIMER_VALUE);
}

static inline uint32_t nested_timer_l1_left(const struct vcpu *vcpu)
{
	const struct nested_vcpu *n = &vcpu->nested;
	uint32_t now = vmcs_read32(VMCS_VMX_PREEMPTION_TIMER_VALUE);

	if (!n->timer_clamped)
		return now;
	uint32_t elapsed = now < n->timer_armed ? n->timer_armed - now : 0;
	return elapsed < n->timer_l1 ? n->timer_l1 - elapsed : 0;
}

/* Switching between L1 and L2 (nested_entry.c, nested_exit.c). */
enum exit_result nested_enter(struct vcpu *vcpu, bool launch);
/* Reflects an exit to L1: exit information and L2 state into vmcs12, L1's
 * host state from vmcs12 into vmcs01, current VMCS back to vmcs01. */
void nested_vmexit(struct vcpu *vcpu, const struct reflect_exit *e, uint64_t qual);
/* An EPT violation or misconfiguration of an access L0 made for L2 (an
 * operand of L2's VMREAD/VMWRITE): the exit L1 would get from the CPU. */
struct vcpu_mem_fault;
void nested_reflect_ept_fault(struct vcpu *vcpu, const struct vcpu_mem_fault *f);
/* Loads L1's host state from vmcs12 into the current VMCS (vmcs01). */
void nested_load_l1_host_state(struct vcpu *vcpu);
/* What a reflected exit and a late VM-entry failure (SDM 27.8) both end
 * with, on vmcs01: L1's host state, then the VM-exit MSR-load area. A
 * failure there is a VMX abort (SDM 28.7): the VM is stopped, false. */
bool nested_return_to_l1(struct vcpu *vcpu);
/* A VM-entry failure after the guest-state checks (SDM 27.8): reason and
 * qualification into vmcs12, nothing of L2 saved, then back to L1. */
void nested_entry_failed(struct vcpu *vcpu, uint32_t basic_reason, uint64_t qual);

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
