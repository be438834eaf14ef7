/* SPDX-License-Identifier: MIT */
/*
 * SDM 27.2.1 Checks on VMX controls: VM-execution controls (27.2.1.1),
 * VM-exit controls (27.2.1.2), VM-entry controls and event injection
 * (27.2.1.3). Every failure is VMfailValid(7).
 */
#include "vmcs12/vmcs12_entry_internal.h"
#include "common/x86_event.h"

/* EPTP validity (SDM 27.2.1.1 "EPT-related", 25.6.11). */
static bool eptp_bad(const struct entry_ctx *c, uint64_t eptp)
{
	uint64_t cap = c->env->caps->ept_vpid_cap, mt = eptp & VMX_EPTP_MT_MASK;
	uint64_t pwl = eptp & VMX_EPTP_PWL_MASK;

	if (!((mt == VMX_EPTP_MT_UC && (cap & VMX_EPTP_UC_BIT)) ||
	      (mt == VMX_EPTP_MT_WB && (cap & VMX_EPTP_WB_BIT))))
		return true;
	if (!((pwl == VMX_EPTP_PWL_4 && (cap & VMX_EPT_PAGE_WALK_4_BIT)) ||
	      (pwl == VMX_EPTP_PWL_5 && (cap & VMX_EPT_PAGE_WALK_5_BIT))))
		return true;
	if ((eptp & VMX_EPTP_AD_ENABLE_BIT) && !(cap & VMX_EPT_AD_BIT))
		return true;
	if ((eptp & VMX_EPTP_SSS_BIT) && !(cap & VMX_EPT_SSS_BIT))
		return true;
	return (eptp & VMX_EPTP_RESVD_LOW_MASK) || entry_pa_bad(c, eptp);
}

/* TPR threshold vs VTPR, read from the virtual-APIC page (SDM 27.2.1.1). */
static bool tpr_threshold_above_vtpr(const struct entry_ctx *c)
{
	uint8_t vtpr = 0;

	if (!c->env->read_phys ||
	    !c->env->read_phys(c->env->ctx, RD(VIRTUAL_APIC_PAGE_ADDR) + 0x80, &vtpr, 1))
		return false; /* unbacked page: L0 reports it when mapping it */
	return (RD(TPR_THRESHOLD) & 0xf) > (uint32_t)(vtpr >> 4);
}

/* MSR area: 16-byte aligned, last byte within MAXPHYADDR (27.2.1.2/3). */
static bool msr_area_bad(const struct entry_ctx *c, uint64_t addr, uint32_t count)
{
	return count && ((addr & 0xf) || entry_pa_bad(c, addr + (uint64_t)count * 16 - 1));
}

/* The one control check that reads memory L2 writes (VTPR, through CR8
 * with TPR shadow), so it runs on every entry (vmcs12_check_entry_hot). */
bool entry_check_vtpr(struct entry_ctx *c)
{
	bool tpr = c->proc & CPU_BASED_TPR_SHADOW;

	CC_CTL("27.2.1.1", tpr && !(c->sec & (SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY |
					     SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES)) &&
			   tpr_threshold_above_vtpr(c));
	return true;
}

static bool check_exec(struct entry_ctx *c)
{
	const struct vmx_caps *caps = c->env->caps;
	bool tpr = c->proc & CPU_BASED_TPR_SHADOW;

	CC_CTL("27.2.1.1", !vmx_ctl_ok(c->pin, vmx_caps_pinbased(caps)));
	CC_CTL("27.2.1.1", !vmx_ctl_ok(c->proc, vmx_caps_procbased(caps)));
	CC_CTL("27.2.1.1", (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
			   !vmx_ctl_ok(c->sec, caps->procbased_ctls2));
	CC_CTL("27.2.1.1", (c->proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS) &&
			   (c->tert & ~caps->procbased_ctls3));
	CC_CTL("27.2.1.1", RD(CR3_TARGET_COUNT) >
			   ((caps->misc & VMX_MISC_CR3_TARGET_COUNT_MASK) >> VMX_MISC_CR3_TARGET_COUNT_SHIFT));
	CC_CTL("27.2.1.1", (c->proc & CPU_BASED_USE_IO_BITMAPS) && entry_page_bad(c, RD(IO_BITMAP_A)));
	CC_CTL("27.2.1.1", (c->proc & CPU_BASED_USE_IO_BITMAPS) && entry_page_bad(c, RD(IO_BITMAP_B)));
	CC_CTL("27.2.1.1", (c->proc & CPU_BASED_USE_MSR_BITMAPS) && entry_page_bad(c, RD(MSR_BITMAP)));
	CC_CTL("27.2.1.1", tpr && entry_page_bad(c, RD(VIRTUAL_APIC_PAGE_ADDR)));
	CC_CTL("27.2.1.1", tpr && !(c->sec & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) &&
			   (RD(TPR_THRESHOLD) & ~0xfu));
	if (!entry_check_vtpr(c))
		return false;
	CC_CTL("27.2.1.1", !tpr && (c->sec & (SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE |
					      SECONDARY_EXEC_APIC_REGISTER_VIRT |
					      SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)));
	CC_CTL("27.2.1.1", !(c->pin & PIN_BASED_NMI_EXITING) && (c->pin & PIN_BASED_VIRTUAL_NMIS));
	CC_CTL("27.2.1.1", !(c->pin & PIN_BASED_VIRTUAL_NMIS) &&
			   (c->proc & CPU_BASED_NMI_WINDOW_EXITING));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES) &&
			   entry_page_bad(c, RD(APIC_ACCESS_ADDR)));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE) &&
			   (c->sec & SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) &&
			   !(c->pin & PIN_BASED_EXT_INTR_MASK));
	CC_CTL("27.2.1.1", (c->pin & PIN_BASED_POSTED_INTR) &&
			   (!(c->sec & SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY) ||
			    !(c->exit & VM_EXIT_ACK_INTR_ON_EXIT) || (RD(POSTED_INTR_NV) & 0xff00) ||
			    (RD(POSTED_INTR_DESC_ADDR) & 0x3f) || entry_pa_bad(c, RD(POSTED_INTR_DESC_ADDR))));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_ENABLE_VPID) && RD(VIRTUAL_PROCESSOR_ID) == 0);
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_ENABLE_EPT) && eptp_bad(c, RD(EPT_POINTER)));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_ENABLE_PML) &&
			   (!(c->sec & SECONDARY_EXEC_ENABLE_EPT) || entry_page_bad(c, RD(PML_ADDRESS))));
	CC_CTL("27.2.1.1", (c->sec & (SECONDARY_EXEC_UNRESTRICTED_GUEST |
				     SECONDARY_EXEC_MODE_BASED_EPT_EXEC)) &&
			   !(c->sec & SECONDARY_EXEC_ENABLE_EPT));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_EPT_VIOLATION_VE) &&
			   entry_page_bad(c, RD(VE_INFORMATION_ADDRESS)));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_ENABLE_VMFUNC) &&
			   (RD(VM_FUNCTION_CONTROL) & ~caps->vmfunc));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_ENABLE_VMFUNC) &&
			   (RD(VM_FUNCTION_CONTROL) & VMX_VMFUNC_EPTP_SWITCHING) &&
			   (!(c->sec & SECONDARY_EXEC_ENABLE_EPT) || entry_page_bad(c, RD(EPTP_LIST_ADDRESS))));
	CC_CTL("27.2.1.1", (c->sec & SECONDARY_EXEC_SHADOW_VMCS) &&
			   (entry_page_bad(c, RD(VMREAD_BITMAP)) || entry_page_bad(c, RD(VMWRITE_BITMAP))));
	return true;
}

static bool check_exit(struct entry_ctx *c)
{
	CC_CTL("27.2.1.2", !vmx_ctl_ok(c->exit, vmx_caps_exit(c->env->caps)));
	CC_CTL("27.2.1.2", !(c->pin & PIN_BASED_VMX_PREEMPTION_TIMER) &&
			   (c->exit & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER));
	CC_CTL("27.2.1.2", msr_area_bad(c, RD(VM_EXIT_MSR_STORE_ADDR), (uint32_t)RD(VM_EXIT_MSR_STORE_COUNT)));
	CC_CTL("27.2.1.2", msr_area_bad(c, RD(VM_EXIT_MSR_LOAD_ADDR), (uint32_t)RD(VM_EXIT_MSR_LOAD_COUNT)));
	return true;
}

bool entry_check_event_injection(struct entry_ctx *c)
{
	const struct vmx_caps *caps = c->env->caps;
	uint32_t info = (uint32_t)RD(VM_ENTRY_INTR_INFO_FIELD);
	uint32_t type = info & INTR_INFO_INTR_TYPE_MASK, vec = info & INTR_INFO_VECTOR_MASK;
	bool deliver = info & INTR_INFO_DELIVER_CODE_MASK;
	bool pe = RD(GUEST_CR0) & X86_CR0_PE;
	bool no_hw_errcode_check = caps->basic & VMX_BASIC_NO_HW_ERRCODE_CHECK;
	bool ug = c->sec & SECONDARY_EXEC_UNRESTRICTED_GUEST;

	if (!(info & INTR_INFO_VALID_MASK))
		return true;
	CC_CTL("27.2.1.3", type == INTR_TYPE_RESERVED);
	CC_CTL("27.2.1.3", type == INTR_TYPE_OTHER_EVENT &&
			   !vmx_ctl_allows1(vmx_caps_procbased(caps), CPU_BASED_MONITOR_TRAP_FLAG));
	CC_CTL("27.2.1.3", type == INTR_TYPE_NMI_INTR && vec != 2);
	CC_CTL("27.2.1.3", type == INTR_TYPE_HARD_EXCEPTION && vec > 31);
	CC_CTL("27.2.1.3", type == INTR_TYPE_OTHER_EVENT && vec != 0);
	CC_CTL("27.2.1.3", deliver && ((ug && !pe) || type != INTR_TYPE_HARD_EXCEPTION ||
				       (!no_hw_errcode_check && !x86_exc_has_error_code(vec))));
	CC_CTL("27.2.1.3", !deliver && type == INTR_TYPE_HARD_EXCEPTION && (pe || !ug) &&
			   !no_hw_errcode_check && x86_exc_has_error_code(vec));
	CC_CTL("27.2.1.3", info & INTR_INFO_RESVD_BITS_MASK);
	CC_CTL("27.2.1.3", deliver && (RD(VM_ENTRY_EXCEPTION_ERROR_CODE) & GENMASK(31, 16)));
	CC_CTL("27.2.1.3", (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_PRIV_SW_EXCEPTION ||
			    type == INTR_TYPE_SOFT_EXCEPTION) &&
			   (RD(VM_ENTRY_INSTRUCTION_LEN) > 15 ||
			    (RD(VM_ENTRY_INSTRUCTION_LEN) == 0 && !(caps->misc & VMX_MISC_ZERO_LEN_INJECTION))));
	return true;
}

static bool check_entry(struct entry_ctx *c)
{
	CC_CTL("27.2.1.3", !vmx_ctl_ok(c->entry, vmx_caps_entry(c->env->caps)));
	/* L1 is never in SMM: these two may be 1 only on entry from SMM. */
	CC_CTL("27.2.1.3", c->entry & (VM_ENTRY_SMM | VM_ENTRY_DEACT_DUAL_MONITOR));
	CC_CTL("27.2.1.3", msr_area_bad(c, RD(VM_ENTRY_MSR_LOAD_ADDR), (uint32_t)RD(VM_ENTRY_MSR_LOAD_COUNT)));
	return entry_check_event_injection(c);
}

bool entry_check_controls(struct entry_ctx *c)
{
	return check_exec(c) && check_exit(c) && check_entry(c);
}
