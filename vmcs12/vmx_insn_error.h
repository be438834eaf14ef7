/* SPDX-License-Identifier: MIT */
/*
 * VM-instruction error numbers (SDM Vol. 3C 31.4, table "VM-Instruction
 * Error Numbers"); L0 stores one in the VM-instruction error field of the
 * current vmcs12 on VMfailValid. Names as Linux (VMXERR_*).
 */
#ifndef NESTLAB_VMCS12_VMX_INSN_ERROR_H
#define NESTLAB_VMCS12_VMX_INSN_ERROR_H

#include <stdint.h>

#define VMX_INSN_ERRORS(X)                                                     \
	X(VMCALL_IN_VMX_ROOT_OPERATION, 1, "VMCALL executed in VMX root operation") \
	X(VMCLEAR_INVALID_ADDRESS, 2, "VMCLEAR with invalid physical address")  \
	X(VMCLEAR_VMXON_POINTER, 3, "VMCLEAR with VMXON pointer")               \
	X(VMLAUNCH_NONCLEAR_VMCS, 4, "VMLAUNCH with non-clear VMCS")            \
	X(VMRESUME_NONLAUNCHED_VMCS, 5, "VMRESUME with non-launched VMCS")      \
	X(VMRESUME_AFTER_VMXOFF, 6, "VMRESUME after VMXOFF (VMXOFF and VMXON between VMLAUNCH and VMRESUME)") \
	X(ENTRY_INVALID_CONTROL_FIELD, 7, "VM entry with invalid control field(s)") \
	X(ENTRY_INVALID_HOST_STATE_FIELD, 8, "VM entry with invalid host-state field(s)") \
	X(VMPTRLD_INVALID_ADDRESS, 9, "VMPTRLD with invalid physical address")  \
	X(VMPTRLD_VMXON_POINTER, 10, "VMPTRLD with VMXON pointer")              \
	X(VMPTRLD_INCORRECT_VMCS_REVISION_ID, 11, "VMPTRLD with incorrect VMCS revision identifier") \
	X(UNSUPPORTED_VMCS_COMPONENT, 12, "VMREAD/VMWRITE from/to unsupported VMCS component") \
	X(VMWRITE_READ_ONLY_VMCS_COMPONENT, 13, "VMWRITE to read-only VMCS component") \
	X(VMXON_IN_VMX_ROOT_OPERATION, 15, "VMXON executed in VMX root operation") \
	X(ENTRY_INVALID_EXECUTIVE_VMCS_POINTER, 16, "VM entry with invalid executive-VMCS pointer") \
	X(ENTRY_NONLAUNCHED_EXECUTIVE_VMCS, 17, "VM entry with non-launched executive VMCS") \
	X(ENTRY_EXECUTIVE_VMCS_POINTER_NOT_VMXON_POINTER, 18, "VM entry with executive-VMCS pointer not VMXON pointer (when attempting to deactivate the dual-monitor treatment of SMIs and SMM)") \
	X(VMCALL_NONCLEAR_VMCS, 19, "VMCALL with non-clear VMCS (when attempting to activate the dual-monitor treatment of SMIs and SMM)") \
	X(VMCALL_INVALID_VM_EXIT_CONTROL_FIELDS, 20, "VMCALL with invalid VM-exit control fields") \
	X(VMCALL_INCORRECT_MSEG_REVISION_ID, 22, "VMCALL with incorrect MSEG revision identifier (when attempting to activate the dual-monitor treatment of SMIs and SMM)") \
	X(VMXOFF_UNDER_DUAL_MONITOR_TREATMENT_OF_SMIS_AND_SMM, 23, "VMXOFF under dual-monitor treatment of SMIs and SMM") \
	X(VMCALL_INVALID_SMM_MONITOR_FEATURES, 24, "VMCALL with invalid SMM-monitor features (when attempting to activate the dual-monitor treatment of SMIs and SMM)") \
	X(ENTRY_INVALID_VM_EXECUTION_CONTROL_FIELDS_IN_EXECUTIVE_VMCS, 25, "VM entry with invalid VM-execution control fields in executive VMCS (when attempting to return from SMM)") \
	X(ENTRY_EVENTS_BLOCKED_BY_MOV_SS, 26, "VM entry with events blocked by MOV SS") \
	X(INVALID_OPERAND_TO_INVEPT_INVVPID, 28, "Invalid operand to INVEPT/INVVPID")

/* Numbers 14, 21 and 27 are reserved in the SDM table. */
enum vmx_insn_error {
	VMXERR_NONE = 0,
#define X(nm, num, text) VMXERR_##nm = num,
	VMX_INSN_ERRORS(X)
#undef X
	VMXERR_MAX = 28,
};

/* The SDM's description of error n, or "reserved" / "unknown". */
const char *vmx_insn_error_name(uint32_t err);

#endif
