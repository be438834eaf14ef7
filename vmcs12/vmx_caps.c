/* SPDX-License-Identifier: MIT */
/*
 * Capability MSR helpers and the capabilities nested VMX reports to L1.
 */
#include "vmcs12/vmx_caps.h"

#include "vmcs12/vmx_controls.h"

uint64_t vmx_caps_pinbased(const struct vmx_caps *caps)
{
	return (caps->basic & VMX_BASIC_TRUE_CTLS) ? caps->true_pinbased_ctls : caps->pinbased_ctls;
}

uint64_t vmx_caps_procbased(const struct vmx_caps *caps)
{
	return (caps->basic & VMX_BASIC_TRUE_CTLS) ? caps->true_procbased_ctls : caps->procbased_ctls;
}

uint64_t vmx_caps_exit(const struct vmx_caps *caps)
{
	return (caps->basic & VMX_BASIC_TRUE_CTLS) ? caps->true_exit_ctls : caps->exit_ctls;
}

uint64_t vmx_caps_entry(const struct vmx_caps *caps)
{
	return (caps->basic & VMX_BASIC_TRUE_CTLS) ? caps->true_entry_ctls : caps->entry_ctls;
}

uint32_t vmx_caps_secondary_allowed1(const struct vmx_caps *caps)
{
	if (!vmx_ctl_allows1(vmx_caps_procbased(caps), CPU_BASED_ACTIVATE_SECONDARY_CONTROLS))
		return 0;
	return (uint32_t)(caps->procbased_ctls2 >> 32);
}

uint64_t vmx_caps_tertiary_allowed1(const struct vmx_caps *caps)
{
	if (!vmx_ctl_allows1(vmx_caps_procbased(caps), CPU_BASED_ACTIVATE_TERTIARY_CONTROLS))
		return 0;
	return caps->procbased_ctls3;
}

bool vmx_caps_has_feature(const struct vmx_caps *caps, enum vmcs_feature f)
{
	uint64_t pin = vmx_caps_pinbased(caps), proc = vmx_caps_procbased(caps);
	uint64_t exit = vmx_caps_exit(caps), entry = vmx_caps_entry(caps);
	uint32_t sec = vmx_caps_secondary_allowed1(caps);

	switch (f) {
	case VMCS_FEAT_BASE:             return true;
	case VMCS_FEAT_VPID:             return sec & SECONDARY_EXEC_ENABLE_VPID;
	case VMCS_FEAT_POSTED_INTR:      return vmx_ctl_allows1(pin, PIN_BASED_POSTED_INTR);
	case VMCS_FEAT_EPT_VE:           return sec & SECONDARY_EXEC_EPT_VIOLATION_VE;
	case VMCS_FEAT_IPI_VIRT:         return vmx_caps_tertiary_allowed1(caps) & TERTIARY_EXEC_IPI_VIRT;
	case VMCS_FEAT_VID:              return sec & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY;
	case VMCS_FEAT_PML:              return sec & SECONDARY_EXEC_ENABLE_PML;
	case VMCS_FEAT_MSR_BITMAPS:      return vmx_ctl_allows1(proc, CPU_BASED_USE_MSR_BITMAPS);
	case VMCS_FEAT_TPR_SHADOW:       return vmx_ctl_allows1(proc, CPU_BASED_TPR_SHADOW);
	case VMCS_FEAT_APIC_ACCESS:      return sec & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES;
	case VMCS_FEAT_VMFUNC:           return sec & SECONDARY_EXEC_ENABLE_VMFUNC;
	case VMCS_FEAT_EPT:              return sec & SECONDARY_EXEC_ENABLE_EPT;
	case VMCS_FEAT_SHADOW_VMCS:      return sec & SECONDARY_EXEC_SHADOW_VMCS;
	case VMCS_FEAT_XSAVES:           return sec & SECONDARY_EXEC_XSAVES;
	case VMCS_FEAT_ENCLS:            return sec & SECONDARY_EXEC_ENCLS_EXITING;
	case VMCS_FEAT_SPP:              return sec & SECONDARY_EXEC_SPP;
	case VMCS_FEAT_TSC_SCALING:      return sec & SECONDARY_EXEC_TSC_SCALING;
	case VMCS_FEAT_TERTIARY:         return vmx_ctl_allows1(proc, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS);
	case VMCS_FEAT_ENCLV:            return sec & SECONDARY_EXEC_ENCLV_EXITING;
	case VMCS_FEAT_PAT:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_IA32_PAT) ||
		       vmx_ctl_allows1(exit, VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT);
	case VMCS_FEAT_EFER:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_IA32_EFER) ||
		       vmx_ctl_allows1(exit, VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER);
	case VMCS_FEAT_PERF_GLOBAL:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL) ||
		       vmx_ctl_allows1(exit, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL);
	case VMCS_FEAT_BNDCFGS:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_BNDCFGS) ||
		       vmx_ctl_allows1(exit, VM_EXIT_CLEAR_BNDCFGS);
	case VMCS_FEAT_RTIT:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_IA32_RTIT_CTL) ||
		       vmx_ctl_allows1(exit, VM_EXIT_CLEAR_IA32_RTIT_CTL);
	case VMCS_FEAT_LBR_CTL:          return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_IA32_LBR_CTL);
	case VMCS_FEAT_PKRS:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_IA32_PKRS) ||
		       vmx_ctl_allows1(exit, VM_EXIT_LOAD_IA32_PKRS);
	case VMCS_FEAT_CET:
		return vmx_ctl_allows1(entry, VM_ENTRY_LOAD_CET_STATE) ||
		       vmx_ctl_allows1(exit, VM_EXIT_LOAD_CET_STATE);
	case VMCS_FEAT_SECONDARY:        return vmx_ctl_allows1(proc, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	case VMCS_FEAT_PLE:              return sec & SECONDARY_EXEC_PAUSE_LOOP_EXITING;
	case VMCS_FEAT_NOTIFY:           return sec & SECONDARY_EXEC_NOTIFY_VM_EXITING;
	case VMCS_FEAT_PREEMPTION_TIMER: return vmx_ctl_allows1(pin, PIN_BASED_VMX_PREEMPTION_TIMER);
	case VMCS_NR_FEATURES:           break;
	}
	return false;
}

bool vmcs_field_supported(const struct vmx_caps *caps, uint32_t encoding)
{
	const struct vmcs_field_info *fi = vmcs_field_lookup(encoding);

	return fi && vmx_caps_has_feature(caps, (enum vmcs_feature)fi->feature);
}

/*
 * What nested VMX implements, i.e. the bits L1 may set to 1 (SDM appendix A
 * allowed-1 settings). A capability is here only if L0 merges it into vmcs02
 * and reflects/emulates its exits correctly:
 *
 * | MSR               | offered to L1                                         | left out (why)                               |
 * |-------------------|-------------------------------------------------------|----------------------------------------------|
 * | pin-based         | external-interrupt exiting, NMI exiting, virtual NMIs,| posted interrupts (no APICv)                 |
 * |                   | VMX-preemption timer                                  |                                              |
 * | primary proc      | interrupt/NMI window, TSC offsetting, HLT, INVLPG,    | tertiary controls (nothing behind them)      |
 * |                   | MWAIT, RDPMC, RDTSC, CR3 load/store, CR8 load/store,  |                                              |
 * |                   | TPR shadow, MOV-DR, unconditional I/O, I/O bitmaps,   |                                              |
 * |                   | MTF, MSR bitmaps, MONITOR, PAUSE, secondary controls  |                                              |
 * | secondary proc    | EPT, descriptor-table exiting, RDTSCP, VPID, WBINVD,  | APIC virtualization (APIC access,            |
 * |                   | unrestricted guest, PAUSE-loop exiting, RDRAND,       |                                              |
 * |                   | INVPCID, RDSEED, XSAVES, VMCS shadowing (L0 emulates  |                                              |
 * |                   | L2's shadowed VMREAD/VMWRITE on L1's shadow VMCS)     |                                              |
 * |                   |                                                       | x2APIC mode, register virt, virtual-interrupt|
 * |                   |                                                       | delivery), VMFUNC, ENCLS/ENCLV (SGX), PML,   |
 * |                   |                                                       | #VE, PT, mode-based EPT, SPP, TSC scaling,   |
 * |                   |                                                       | user wait/pause, bus lock, notify            |
 * | VM-exit           | save debug controls, host address-space size, ack     | PERF_GLOBAL_CTRL (no PMU virtualization),    |
 * |                   | interrupt on exit, save/load PAT, save/load EFER,     | BNDCFGS, RTIT, CET, PKRS                     |
 * |                   | save VMX-preemption timer value                       |                                              |
 * | VM-entry          | load debug controls, IA-32e mode guest, load PAT,     | SMM / dual-monitor (no SMM), PERF_GLOBAL_CTRL,|
 * |                   | load EFER                                             | BNDCFGS, RTIT, CET, LBR, PKRS                |
 * | EPT/VPID cap      | execute-only, 4-level walk, UC/WB EPTP, 2M/1G pages,  | accessed/dirty flags, 5-level walk, advanced |
 * |                   | INVEPT single/global, INVVPID (all four types)        | exit info, supervisor shadow stack           |
 * | MISC              | preemption-timer rate, EFER.LMA save, HLT activity,   | shutdown/wait-for-SIPI activity, Intel PT,   |
 * |                   | CR3-target count, MSR list size, VMWRITE to any field,| SMM bits, MSEG revision                      |
 * |                   | zero-length inject                                    |                                              |
 * | VMFUNC, CTLS3     | nothing                                               | VMFUNC and tertiary controls left out above  |
 *
 * Reserved bits that must be 1 (the allowed-0 half) are kept as hardware
 * reports them; CR0/CR4 fixed bits and the BASIC fields other than
 * dual-monitor support pass through. VMCS_ENUM's highest index is that of
 * the fields the offered features leave (vmx_vmcs_enum_for).
 */
#define NESTED_PIN_ALLOWED1 (PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS | \
			     PIN_BASED_VMX_PREEMPTION_TIMER)
#define NESTED_PROC_ALLOWED1                                                   \
	(CPU_BASED_INTR_WINDOW_EXITING | CPU_BASED_USE_TSC_OFFSETTING |          \
	 CPU_BASED_HLT_EXITING | CPU_BASED_INVLPG_EXITING | CPU_BASED_MWAIT_EXITING | \
	 CPU_BASED_RDPMC_EXITING | CPU_BASED_RDTSC_EXITING | CPU_BASED_CR3_LOAD_EXITING | \
	 CPU_BASED_CR3_STORE_EXITING | CPU_BASED_CR8_LOAD_EXITING |              \
	 CPU_BASED_CR8_STORE_EXITING | CPU_BASED_TPR_SHADOW |                   \
	 CPU_BASED_NMI_WINDOW_EXITING | CPU_BASED_MOV_DR_EXITING |              \
	 CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_USE_IO_BITMAPS |               \
	 CPU_BASED_MONITOR_TRAP_FLAG | CPU_BASED_USE_MSR_BITMAPS |              \
	 CPU_BASED_MONITOR_EXITING | CPU_BASED_PAUSE_EXITING |                  \
	 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define NESTED_SECONDARY_ALLOWED1                                              \
	(SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_DESC | SECONDARY_EXEC_ENABLE_RDTSCP | \
	 SECONDARY_EXEC_ENABLE_VPID | SECONDARY_EXEC_WBINVD_EXITING |            \
	 SECONDARY_EXEC_UNRESTRICTED_GUEST | SECONDARY_EXEC_PAUSE_LOOP_EXITING | \
	 SECONDARY_EXEC_RDRAND_EXITING | SECONDARY_EXEC_ENABLE_INVPCID |         \
	 SECONDARY_EXEC_RDSEED_EXITING | SECONDARY_EXEC_SHADOW_VMCS |            \
	 SECONDARY_EXEC_XSAVES)
#define NESTED_EXIT_ALLOWED1                                                   \
	(VM_EXIT_SAVE_DEBUG_CONTROLS | VM_EXIT_HOST_ADDR_SPACE_SIZE |            \
	 VM_EXIT_ACK_INTR_ON_EXIT | VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT | \
	 VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER)
#define NESTED_ENTRY_ALLOWED1                                                  \
	(VM_ENTRY_LOAD_DEBUG_CONTROLS | VM_ENTRY_IA32E_MODE |                    \
	 VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER)
#define NESTED_EPT_VPID_CAP                                                    \
	(VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_PAGE_WALK_4_BIT | VMX_EPTP_UC_BIT |  \
	 VMX_EPTP_WB_BIT | VMX_EPT_2MB_PAGE_BIT | VMX_EPT_1GB_PAGE_BIT |         \
	 VMX_EPT_INVEPT_BIT | VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT | \
	 VMX_VPID_INVVPID_BIT | VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT |            \
	 VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT | VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT | \
	 VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT)
#define NESTED_MISC                                                            \
	(VMX_MISC_PREEMPTION_TIMER_RATE_MASK | VMX_MISC_SAVE_EFER_LMA | VMX_MISC_ACTIVITY_HLT | \
	 VMX_MISC_CR3_TARGET_COUNT_MASK | VMX_MISC_MSR_LIST_MASK |               \
	 VMX_MISC_VMWRITE_ANY_FIELD | VMX_MISC_ZERO_LEN_INJECTION)

/* Allowed-0 half kept; allowed-1 half masked, but a must-be-1 bit stays
 * allowed to be 1 or the MSR would contradict itself. */
static uint64_t nested_ctl(uint64_t hw, uint32_t allowed1)
{
	uint32_t must1 = (uint32_t)hw;
	uint32_t may1 = (uint32_t)(hw >> 32) & (allowed1 | must1);

	return (uint64_t)may1 << 32 | must1;
}

void vmx_caps_nested(const struct vmx_caps *hw, struct vmx_caps *out)
{
	*out = *hw;
	out->basic = hw->basic & ~VMX_BASIC_DUAL_MONITOR;
	out->pinbased_ctls = nested_ctl(hw->pinbased_ctls, NESTED_PIN_ALLOWED1);
	out->true_pinbased_ctls = nested_ctl(hw->true_pinbased_ctls, NESTED_PIN_ALLOWED1);
	out->procbased_ctls = nested_ctl(hw->procbased_ctls, NESTED_PROC_ALLOWED1);
	out->true_procbased_ctls = nested_ctl(hw->true_procbased_ctls, NESTED_PROC_ALLOWED1);
	out->exit_ctls = nested_ctl(hw->exit_ctls, NESTED_EXIT_ALLOWED1);
	out->true_exit_ctls = nested_ctl(hw->true_exit_ctls, NESTED_EXIT_ALLOWED1);
	out->entry_ctls = nested_ctl(hw->entry_ctls, NESTED_ENTRY_ALLOWED1);
	out->true_entry_ctls = nested_ctl(hw->true_entry_ctls, NESTED_ENTRY_ALLOWED1);
	out->procbased_ctls2 = nested_ctl(hw->procbased_ctls2, NESTED_SECONDARY_ALLOWED1);
	out->ept_vpid_cap = hw->ept_vpid_cap & NESTED_EPT_VPID_CAP;
	out->misc = hw->misc & NESTED_MISC;
	out->vmfunc = 0;
	out->procbased_ctls3 = 0;
	out->vmcs_enum = vmx_vmcs_enum_for(out, hw->vmcs_enum);
}

/* SDM A.9: bits 9:1 are the highest index of any field the processor
 * supports; the other bits stay as hw reports them. */
uint64_t vmx_vmcs_enum_for(const struct vmx_caps *caps, uint64_t hw_vmcs_enum)
{
	unsigned max = 0;

	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		unsigned index = (vmcs_field_table[i].encoding & VMCS_ENC_INDEX_MASK) >> 1;

		if (index > max && vmx_caps_has_feature(caps,
							(enum vmcs_feature)vmcs_field_table[i].feature))
			max = index;
	}
	return (hw_vmcs_enum & ~(uint64_t)VMCS_ENC_INDEX_MASK) | ((uint64_t)max << 1);
}
