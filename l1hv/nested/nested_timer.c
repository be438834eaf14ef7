/* SPDX-License-Identifier: MIT */
/*
 * vmcs02's VMX-preemption timer has two owners: L1's timer for L2, when L1
 * enabled it (its value is loaded on every VM entry, SDM 27.7.4, and saved
 * on exit when L1 asked, 28.3.4), and the VM's run budget
 * (l1hv/vm/vm_budget.h), which must end an L2 that never exits.
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
#include "l1hv/vmx/vmcs.h"

void nested_timer_build(struct vm *vm)
{
	vm->nested.timer_l0 = vm_budget_timer(vm, ~0ull);
	vm->nested.timer_l0_armed = false;
}

void nested_timer_rearm(struct vm *vm)
{
	struct nested_vcpu *n = &vm->nested;
	uint32_t l1 = n->timer_l1_on ? nested_timer_l1_left(vm) : 0;

	n->timer_l0 = vm_budget_timer(vm, ~0ull);
	n->timer_l0_armed = false;       /* it expired: write it again */
	nested_timer_arm(vm, n->timer_l1_on, l1);
}
