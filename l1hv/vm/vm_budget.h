/* SPDX-License-Identifier: MIT */
/*
 * A VM's run budget: the guest TSC ticks (time in VMX non-root operation,
 * at every level below) it may use before l1hv stops it with a report. VMs
 * run one after another until the scheduler brings time slices, so a guest
 * that spins with interrupts off, or an L2 that never exits, would
 * otherwise keep every VM queued behind it from running.
 *
 * The VMX-preemption timer (SDM 26.5.1) guarantees that l1hv gets control
 * back: vmcs01 always runs it, armed for what is left of the budget (or an
 * earlier TSC deadline of the virtual APIC), with its value saved across
 * exits; vmcs02 runs the smaller of it and L1's own timer for L2
 * (nested_timer.c). Every exit charges the ticks the guest ran.
 */
#ifndef L1HV_VM_BUDGET_H
#define L1HV_VM_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#include "l1hv/vmx/vmx.h"

/* Default budget= of a VM: 2^34 ticks, about 5 s on a 3.5 GHz CPU and
 * about 150 s on Bochs (one tick per instruction). */
#define VM_BUDGET_DEFAULT (1ull << 34)

struct vm;

/* Whether this CPU has the timer, and "save VMX-preemption timer value"
 * too (which implies the timer: vmx.c). */
static inline bool vm_budget_timer_ok(void)
{
	return vmx_cpu.has_preemption_timer;
}

static inline bool vm_budget_timer_saved(void)
{
	return vmx_cpu.saves_preemption_timer;
}

/* The timer value that expires when the budget is used up (at most
 * 2^32 - 1, at the rate IA32_VMX_MISC[4:0] gives), or after ticks if that is
 * sooner. */
uint32_t vm_budget_timer(const struct vm *vm, uint64_t ticks);
/* Charges ticks of guest time; true when that used the budget up. */
static inline bool vm_budget_charge(uint64_t *budget, uint64_t ticks)
{
	if (ticks >= *budget) {
		*budget = 0;
		return true;
	}
	*budget -= ticks;
	return false;
}

#endif
