/* SPDX-License-Identifier: MIT */
/*
 * SDM 27.3.1 Checks on the guest-state area, except segment registers
 * (vmcs12_entry_checks_seg.c): control/debug registers and MSRs (27.3.1.1),
 * descriptor-table registers (27.3.1.3), RIP and RFLAGS (27.3.1.4),
 * non-register state (27.3.1.5) and PDPTEs (27.3.1.6). Failures are VM-entry
 * failures with exit reason 33.
 */
#include "vmcs12/vmcs12_entry_internal.h"

bool entry_check_guest_regs(struct entry_ctx *c)
{
	const struct vmx_caps *caps = c->env->caps;
	uint64_t cr0 = RD(GUEST_CR0), cr4 = RD(GUEST_CR4), fixed0 = caps->cr0_fixed0;
	bool ia32e = c->entry & VM_ENTRY_IA32E_MODE, efer = c->entry & VM_ENTRY_LOAD_IA32_EFER;

	/* Unrestricted guest relaxes the PE and PG fixed-1 bits (SDM 27.3.1.1). */
	if (c->sec & SECONDARY_EXEC_UNRESTRICTED_GUEST)
		fixed0 &= ~(X86_CR0_PE | X86_CR0_PG);
	CC_GUEST("27.3.1.1", !vmx_fixed_ok(cr0, fixed0, caps->cr0_fixed1));
	CC_GUEST("27.3.1.1", (cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE));
	CC_GUEST("27.3.1.1", !vmx_fixed_ok(cr4, caps->cr4_fixed0, caps->cr4_fixed1));
	CC_GUEST("27.3.1.1", (c->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) &&
			     (RD(GUEST_IA32_DEBUGCTL) & DEBUGCTL_RESERVED));
	CC_GUEST("27.3.1.1", ia32e && !((cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE)));
	CC_GUEST("27.3.1.1", !ia32e && (cr4 & X86_CR4_PCIDE));
	CC_GUEST("27.3.1.1", entry_pa_bad(c, RD(GUEST_CR3)));
	CC_GUEST("27.3.1.1", (c->entry & VM_ENTRY_LOAD_DEBUG_CONTROLS) && (RD(GUEST_DR7) >> 32));
	CC_GUEST("27.3.1.1", entry_noncanon(c, RD(GUEST_SYSENTER_ESP)));
	CC_GUEST("27.3.1.1", entry_noncanon(c, RD(GUEST_SYSENTER_EIP)));
	CC_GUEST("27.3.1.1", (c->entry & VM_ENTRY_LOAD_IA32_PAT) && entry_pat_bad(RD(GUEST_IA32_PAT)));
	CC_GUEST("27.3.1.1", efer && (RD(GUEST_IA32_EFER) & EFER_RESERVED));
	CC_GUEST("27.3.1.1", efer && !(RD(GUEST_IA32_EFER) & X86_EFER_LMA) != !ia32e);
	CC_GUEST("27.3.1.1", efer && (cr0 & X86_CR0_PG) &&
			     !(RD(GUEST_IA32_EFER) & X86_EFER_LME) != !ia32e);
	return true;
}

bool entry_check_guest_rip(struct entry_ctx *c)
{
	uint64_t rip = RD(GUEST_RIP);
	bool ia32e = c->entry & VM_ENTRY_IA32E_MODE;
	bool cs_l = RD(GUEST_CS_AR_BYTES) & VMX_AR_L_MASK;

	CC_GUEST("27.3.1.4", !(ia32e && cs_l) && (rip >> 32));
	CC_GUEST("27.3.1.4", ia32e && cs_l && entry_noncanon(c, rip));
	return true;
}

bool entry_check_guest_dtr_rip_rflags(struct entry_ctx *c)
{
	uint64_t rflags = RD(GUEST_RFLAGS);
	uint32_t info = (uint32_t)RD(VM_ENTRY_INTR_INFO_FIELD);
	bool ia32e = c->entry & VM_ENTRY_IA32E_MODE;

	CC_GUEST("27.3.1.3", entry_noncanon(c, RD(GUEST_GDTR_BASE)));
	CC_GUEST("27.3.1.3", entry_noncanon(c, RD(GUEST_IDTR_BASE)));
	CC_GUEST("27.3.1.3", RD(GUEST_GDTR_LIMIT) >> 16);
	CC_GUEST("27.3.1.3", RD(GUEST_IDTR_LIMIT) >> 16);
	if (!entry_check_guest_rip(c))
		return false;
	CC_GUEST("27.3.1.4", (rflags & X86_RFLAGS_RESERVED) || !(rflags & X86_RFLAGS_FIXED));
	CC_GUEST("27.3.1.4", (ia32e || !(RD(GUEST_CR0) & X86_CR0_PE)) && (rflags & X86_RFLAGS_VM));
	CC_GUEST("27.3.1.4", (info & INTR_INFO_VALID_MASK) &&
			     (info & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_EXT_INTR &&
			     !(rflags & X86_RFLAGS_IF));
	return true;
}

/* Events an activity state lets VM entry inject (SDM 27.3.1.5). */
static bool injection_blocked_by_activity(uint32_t act, uint32_t info)
{
	uint32_t type = info & INTR_INFO_INTR_TYPE_MASK, vec = info & INTR_INFO_VECTOR_MASK;

	if (!(info & INTR_INFO_VALID_MASK))
		return false;
	switch (act) {
	case GUEST_ACTIVITY_HLT:
		return !(type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI_INTR ||
			 type == INTR_TYPE_OTHER_EVENT ||
			 (type == INTR_TYPE_HARD_EXCEPTION && (vec == 1 || vec == 18)));
	case GUEST_ACTIVITY_SHUTDOWN:
		return !(type == INTR_TYPE_NMI_INTR ||
			 (type == INTR_TYPE_HARD_EXCEPTION && vec == 18));
	case GUEST_ACTIVITY_WAIT_SIPI:
		return true;
	default:
		return false;
	}
}

static bool check_nonreg(struct entry_ctx *c)
{
	uint32_t act = (uint32_t)RD(GUEST_ACTIVITY_STATE), intr = (uint32_t)RD(GUEST_INTERRUPTIBILITY_INFO);
	uint32_t info = (uint32_t)RD(VM_ENTRY_INTR_INFO_FIELD), type = info & INTR_INFO_INTR_TYPE_MASK;
	uint64_t pend = RD(GUEST_PENDING_DBG_EXCEPTIONS), misc = c->env->caps->misc;
	bool valid = info & INTR_INFO_VALID_MASK;
	bool tf = RD(GUEST_RFLAGS) & X86_RFLAGS_TF;
	bool btf = RD(GUEST_IA32_DEBUGCTL) & DEBUGCTL_BTF;
	bool blocking = intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS);

	CC_GUEST("27.3.1.5", act > GUEST_ACTIVITY_WAIT_SIPI ||
			     (act != GUEST_ACTIVITY_ACTIVE && !(misc & BIT_ULL(5 + act))));
	CC_GUEST("27.3.1.5", act == GUEST_ACTIVITY_HLT && VMX_AR_DPL(RD(GUEST_SS_AR_BYTES)) != 0);
	CC_GUEST("27.3.1.5", blocking && act != GUEST_ACTIVITY_ACTIVE);
	CC_GUEST("27.3.1.5", injection_blocked_by_activity(act, info));
	CC_GUEST("27.3.1.5", intr & GUEST_INTR_STATE_RESVD_BITS_MASK);
	CC_GUEST("27.3.1.5", (intr & GUEST_INTR_STATE_ENCLAVE_INTR) &&
			     !vmx_ctl_allows1(c->env->caps->procbased_ctls2, SECONDARY_EXEC_ENCLS_EXITING));
	CC_GUEST("27.3.1.5", (intr & GUEST_INTR_STATE_STI) && (intr & GUEST_INTR_STATE_MOV_SS));
	CC_GUEST("27.3.1.5", !(RD(GUEST_RFLAGS) & X86_RFLAGS_IF) && (intr & GUEST_INTR_STATE_STI));
	CC_GUEST("27.3.1.5", valid && (type == INTR_TYPE_EXT_INTR || type == INTR_TYPE_NMI_INTR) &&
			     (intr & GUEST_INTR_STATE_MOV_SS));
	CC_GUEST("27.3.1.5", valid && type == INTR_TYPE_EXT_INTR && (intr & GUEST_INTR_STATE_STI));
	CC_GUEST("27.3.1.5", intr & GUEST_INTR_STATE_SMI);
	CC_GUEST("27.3.1.5", valid && type == INTR_TYPE_NMI_INTR && (c->pin & PIN_BASED_VIRTUAL_NMIS) &&
			     (intr & GUEST_INTR_STATE_NMI));
	/* Processors that refuse NMI injection under blocking by STI report
	 * qualification 3 (SDM 27.3.1.5, 28.8). */
	CC_GUESTQ("27.3.1.5", VMCS12_ENTRY_QUAL_NMI_STI,
		  valid && type == INTR_TYPE_NMI_INTR && (intr & GUEST_INTR_STATE_STI));
	CC_GUEST("27.3.1.5", pend & ~(PENDING_DBG_B0_3 | PENDING_DBG_ENABLED_BP | PENDING_DBG_BS |
				      PENDING_DBG_RTM));
	CC_GUEST("27.3.1.5", (blocking || act == GUEST_ACTIVITY_HLT) && tf && !btf &&
			     !(pend & PENDING_DBG_BS));
	CC_GUEST("27.3.1.5", (blocking || act == GUEST_ACTIVITY_HLT) && (!tf || btf) &&
			     (pend & PENDING_DBG_BS));
	/* With bit 16 (RTM): bit 12 and nothing else, a processor with RTM,
	 * no blocking by MOV SS. */
	CC_GUEST("27.3.1.5", (pend & PENDING_DBG_RTM) &&
			     ((pend & ~(PENDING_DBG_RTM | PENDING_DBG_ENABLED_BP)) ||
			      !(pend & PENDING_DBG_ENABLED_BP) || !c->env->rtm ||
			      (intr & GUEST_INTR_STATE_MOV_SS)));
	return true;
}

/* VMCS link pointer (SDM 27.3.1.5): qualification 4. */
static bool check_link_pointer(struct entry_ctx *c)
{
	uint64_t link = RD(VMCS_LINK_POINTER);
	uint32_t rev = 0, want = (uint32_t)(c->env->caps->basic & VMX_BASIC_REVISION_MASK);
	bool shadow = c->sec & SECONDARY_EXEC_SHADOW_VMCS;
	bool readable;

	if (link == ~0ull)
		return true;
	CC_GUESTQ("27.3.1.5", VMCS12_ENTRY_QUAL_LINK_POINTER, entry_page_bad(c, link));
	readable = c->env->read_phys && c->env->read_phys(c->env->ctx, link, &rev, sizeof(rev));
	CC_GUESTQ("27.3.1.5", VMCS12_ENTRY_QUAL_LINK_POINTER, !readable);
	CC_GUESTQ("27.3.1.5", VMCS12_ENTRY_QUAL_LINK_POINTER, (rev & VMX_BASIC_REVISION_MASK) != want);
	CC_GUESTQ("27.3.1.5", VMCS12_ENTRY_QUAL_LINK_POINTER,
		  !(rev & VMCS_SHADOW_VMCS_INDICATOR) != !shadow);
	return true;
}

/* PDPTE reserved bits: 2:1, 8:5 and beyond MAXPHYADDR, if present. */
static bool pdpte_bad(const struct entry_ctx *c, uint64_t pdpte)
{
	return (pdpte & 1) && ((pdpte & (GENMASK_ULL(2, 1) | GENMASK_ULL(8, 5))) ||
			       entry_pa_bad(c, pdpte & ~0xfffull));
}

/* PAE paging outside IA-32e mode: with EPT the PDPTEs come from the guest-
 * state fields (27.3.1.6), else from the page CR3 points at (27.3.2/28.4);
 * either way a bad one fails with qualification 2. */
static bool check_pdptes(struct entry_ctx *c)
{
	uint64_t pdpte[4] = { 0 };
	bool readable = true;

	if (!(RD(GUEST_CR0) & X86_CR0_PG) || !(RD(GUEST_CR4) & X86_CR4_PAE) ||
	    (c->entry & VM_ENTRY_IA32E_MODE))
		return true;
	if (c->sec & SECONDARY_EXEC_ENABLE_EPT) {
		pdpte[0] = RD(GUEST_PDPTR0);
		pdpte[1] = RD(GUEST_PDPTR1);
		pdpte[2] = RD(GUEST_PDPTR2);
		pdpte[3] = RD(GUEST_PDPTR3);
	} else {
		readable = c->env->read_phys &&
			   c->env->read_phys(c->env->ctx, RD(GUEST_CR3) & GENMASK_ULL(31, 5),
					     pdpte, sizeof(pdpte));
	}
	CC_GUESTQ("27.3.1.6", VMCS12_ENTRY_QUAL_PDPTE, !readable);
	CC_GUESTQ("27.3.1.6", VMCS12_ENTRY_QUAL_PDPTE,
		  pdpte_bad(c, pdpte[0]) || pdpte_bad(c, pdpte[1]) ||
		  pdpte_bad(c, pdpte[2]) || pdpte_bad(c, pdpte[3]));
	return true;
}

bool entry_check_guest_memory(struct entry_ctx *c)
{
	return check_link_pointer(c) && check_pdptes(c);
}

bool entry_check_guest_state(struct entry_ctx *c)
{
	return check_nonreg(c) && entry_check_guest_memory(c);
}
