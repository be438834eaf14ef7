/* SPDX-License-Identifier: MIT */
/* A VM's run budget and the VMX-preemption timer that enforces it: see
 * vm_budget.h. */
#include "l1hv/vm/vm_budget.h"

#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

uint32_t vm_budget_timer(const struct vm *vm, uint64_t ticks)
{
	uint64_t t = ticks < vm->budget ? ticks : vm->budget;

	/* SDM 26.5.1: the timer counts down by 1 each time bit X of the TSC
	 * changes, X = IA32_VMX_MISC[4:0]. */
	t >>= vmx_cpu.caps.misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK;
	return t > 0xffffffffu ? 0xffffffffu : (uint32_t)t;
}
