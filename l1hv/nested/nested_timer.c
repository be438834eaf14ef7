/* SPDX-License-Identifier: MIT */
/*
 * vmcs02's VMX-preemption timer has two owners: L1's timer for L2, when L1
 * enabled it (its value is loaded on every VM entry, SDM 27.7.4, and saved
 * on exit when L1 asked, 28.3.4), and L0: the VM's run budget
 * (l1hv/vm/vm_budget.h), which must end an L2 that never exits, and L1's
 * local APIC timer, whose expiry must reach L1 however long L2 runs.
 *
 * L0's part is a backstop: armed with what was left of the budget when
 * vmcs02 was built (or when it last expired), it keeps counting across
 * exits (vmcs02 saves the value on every exit), so it is written again only
 * after L1's timer used the field. vm_run charges the exact ticks on every
 * exit. When L1's value is larger than L0's, vmcs02 runs L0's and the
 * difference is kept to give L1 what is left of its own.
 */
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vm/vm_budget.h"
#include "common/free/x86.h"
#include "l1hv/vmx/vmcs.h"

/*
 * L0's part: what is left of the run budget, and no later than the next
 * expiry of L1's own APIC timer that can deliver something (vlapic.h),
 * which is an interrupt for L1 while L2 runs (nested_intr.c).
 */
uint32_t nested_timer_l0_part(struct vcpu *vcpu)
{
	uint64_t at = vlapic_host_timer_at(&vcpu->lapic), left = ~0ull;

	vcpu->nested.timer_apic_for = vcpu->lapic.next_timer;
	if (at != UINT64_MAX) {
		uint64_t now = rdtsc_ordered();
		left = at > now ? at - now : 0;
	}
	return vm_budget_timer(vcpu->vm, left);
}

void nested_timer_build(struct vcpu *vcpu)
{
	vcpu->nested.timer_l0 = nested_timer_l0_part(vcpu);
	vcpu->nested.timer_l0_armed = false;
}

void nested_timer_rearm(struct vcpu *vcpu)
{
	struct nested_vcpu *n = &vcpu->nested;
	uint32_t l1 = n->timer_l1_on ? nested_timer_l1_left(vcpu) : 0;

	n->timer_l0 = nested_timer_l0_part(vcpu);
	n->timer_l0_armed = false;       /* it expired: write it again */
	nested_timer_arm(vcpu, n->timer_l1_on, l1);
}
