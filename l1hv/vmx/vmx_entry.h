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
 * guest GPRs back. *host_rsp caches the current VMCS's HOST_RSP (0 for a
 * fresh VMCS); HOST_RIP must be vmx_exit_landing (vm_vmcs_write_host_state).
 */
int vmx_enter(uint64_t *regs, int launched, uint64_t *host_rsp);
extern char vmx_exit_landing[];

#endif
