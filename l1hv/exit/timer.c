/* SPDX-License-Identifier: MIT */
/*
 * VMX-preemption timer exits (SDM 26.5.1) that are l1hv's own: the VM's
 * run budget (vm_run has charged the ticks and stopped a VM that used it
 * up) or a TSC deadline of the virtual APIC (vlapic_before_entry delivers
 * it and shortens the timer again). The timer is re-armed for what is left
 * of the budget; for an L2, together with L1's own timer (nested_timer.c).
 */
#include "l1hv/exit/exit.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vmx/vmcs.h"

enum exit_result handle_preemption_timer(struct vcpu *vcpu, struct exit_info *e)
{
	(void)e;
	if (vcpu->nested.in_l2)
		nested_timer_rearm(vcpu);
	else
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE, vm_budget_timer(vcpu->vm, ~0ull));
	return EXIT_RESUME;
}
