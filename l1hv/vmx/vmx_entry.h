/* SPDX-License-Identifier: MIT */
#ifndef L1HV_VMX_ENTRY_H
#define L1HV_VMX_ENTRY_H

#include <stdint.h>

enum vmx_entry_result {
	VMX_ENTRY_EXITED = 0,       /* the guest ran and a VM exit returned here */
	VMX_ENTRY_FAIL_INVALID = 1, /* VMfailInvalid: no current VMCS */
	VMX_ENTRY_FAIL_VALID = 2,   /* VMfailValid: see VM_INSTRUCTION_ERROR */
};

/*
 * Loads the guest GPRs from regs (SDM order, see enum gpr), executes
 * VMLAUNCH (launched == 0) or VMRESUME, and on the next VM exit stores the
 * guest GPRs back. HOST_RSP/HOST_RIP are written here on every call.
 */
int vmx_enter(uint64_t *regs, int launched);

#endif
