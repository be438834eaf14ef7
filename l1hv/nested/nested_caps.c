/* SPDX-License-Identifier: MIT */
#include "common/free/x86.h"
#include "l1hv/nested/nested_fields.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_controls.h"

struct vmx_caps nested_caps;
bool nested_enabled;
const struct reflect_policy *nested_policy;

void nested_setup(bool enable, const struct reflect_policy *policy)
{
	nested_enabled = enable;
	nested_policy = policy;
	if (!enable)
		return;
	vmx_caps_nested(&vmx_cpu.caps, &nested_caps);
	/* "enable RDTSCP" for L2 only where IA32_TSC_AUX exists (and is swapped). */
	if (!vm_passthrough_has(MSR_IA32_TSC_AUX))
		nested_caps.procbased_ctls2 &= ~((uint64_t)SECONDARY_EXEC_ENABLE_RDTSCP << 32);
	nested_fields_setup();
}

bool nested_msr_read(uint32_t msr, uint64_t *value)
{
	const struct vmx_caps *c = &nested_caps;

	if (!nested_enabled)
		return false;
	switch (msr) {
	/* Locked with VMXON allowed outside SMX: what firmware leaves. */
	case MSR_IA32_FEATURE_CONTROL:
		*value = FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
		return true;
	case MSR_IA32_VMX_BASIC:            *value = c->basic; return true;
	case MSR_IA32_VMX_PINBASED_CTLS:    *value = c->pinbased_ctls; return true;
	case MSR_IA32_VMX_PROCBASED_CTLS:   *value = c->procbased_ctls; return true;
	case MSR_IA32_VMX_EXIT_CTLS:        *value = c->exit_ctls; return true;
	case MSR_IA32_VMX_ENTRY_CTLS:       *value = c->entry_ctls; return true;
	case MSR_IA32_VMX_MISC:             *value = c->misc; return true;
	case MSR_IA32_VMX_CR0_FIXED0:       *value = c->cr0_fixed0; return true;
	case MSR_IA32_VMX_CR0_FIXED1:       *value = c->cr0_fixed1; return true;
	case MSR_IA32_VMX_CR4_FIXED0:       *value = c->cr4_fixed0; return true;
	case MSR_IA32_VMX_CR4_FIXED1:       *value = c->cr4_fixed1; return true;
	case MSR_IA32_VMX_VMCS_ENUM:        *value = c->vmcs_enum; return true;
	case MSR_IA32_VMX_PROCBASED_CTLS2:  *value = c->procbased_ctls2; return true;
	case MSR_IA32_VMX_EPT_VPID_CAP:     *value = c->ept_vpid_cap; return true;
	case MSR_IA32_VMX_TRUE_PINBASED_CTLS:  *value = c->true_pinbased_ctls; return true;
	case MSR_IA32_VMX_TRUE_PROCBASED_CTLS: *value = c->true_procbased_ctls; return true;
	case MSR_IA32_VMX_TRUE_EXIT_CTLS:   *value = c->true_exit_ctls; return true;
	case MSR_IA32_VMX_TRUE_ENTRY_CTLS:  *value = c->true_entry_ctls; return true;
	/* VMFUNC and tertiary controls are not offered: those MSRs do not
	 * exist for L1 (SDM A.11, A.3.4), so RDMSR gets #GP. */
	default:
		return false;
	}
}
