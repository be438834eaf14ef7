/* SPDX-License-Identifier: MIT */
#include "common/free/x86.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vmx/vmx.h"

struct vmx_caps nested_caps;
bool nested_enabled;
const struct reflect_policy *nested_policy;

/* Guest-state fields copied between vmcs12 and vmcs02 as they are: the
 * hardware has them, and no control or L0 requirement changes their value
 * on the way (CR0/CR4, EFER, PAT and the link pointer are computed). */
const struct vmcs_field_info *nested_guest_fields[VMCS_NR_FIELDS];
unsigned nested_nguest_fields;

static bool copied_verbatim(uint32_t enc)
{
	switch (enc) {
	case VMCS_GUEST_CR0: case VMCS_GUEST_CR4:
	case VMCS_GUEST_IA32_EFER: case VMCS_GUEST_IA32_PAT:
	case VMCS_VMCS_LINK_POINTER: case VMCS_GUEST_PML_INDEX: case VMCS_GUEST_INTR_STATUS:
	case VMCS_VMX_PREEMPTION_TIMER_VALUE: case VMCS_GUEST_SMBASE:
	case VMCS_GUEST_IA32_PERF_GLOBAL_CTRL: case VMCS_GUEST_BNDCFGS:
	case VMCS_GUEST_IA32_RTIT_CTL: case VMCS_GUEST_IA32_LBR_CTL: case VMCS_GUEST_IA32_PKRS:
	case VMCS_GUEST_S_CET: case VMCS_GUEST_SSP: case VMCS_GUEST_INTR_SSP_TABLE:
		return false;
	default:
		return true;
	}
}

void nested_setup(bool enable, const struct reflect_policy *policy)
{
	nested_enabled = enable;
	nested_policy = policy;
	if (!enable)
		return;
	vmx_caps_nested(&vmx_cpu.caps, &nested_caps);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		if (fi->type == VMCS_TYPE_GUEST && copied_verbatim(fi->encoding) &&
		    vmcs_field_supported(&vmx_cpu.caps, fi->encoding))
			nested_guest_fields[nested_nguest_fields++] = fi;
	}
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
