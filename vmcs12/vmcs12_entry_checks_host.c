/* SPDX-License-Identifier: MIT */
/*
 * SDM 27.2.2 Checks on host control registers, MSRs, segment/descriptor-table
 * registers and address-space size (27.2.3, 27.2.4 in older numbering are
 * folded in). Every failure is VMfailValid(8).
 */
#include "vmcs12/vmcs12_entry_internal.h"

static bool check_host_regs(struct entry_ctx *c)
{
	const struct vmx_caps *caps = c->env->caps;
	bool host64 = c->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;

	CC_HOST("27.2.2", !vmx_fixed_ok(RD(HOST_CR0), caps->cr0_fixed0, caps->cr0_fixed1));
	CC_HOST("27.2.2", !vmx_fixed_ok(RD(HOST_CR4), caps->cr4_fixed0, caps->cr4_fixed1));
	CC_HOST("27.2.2", entry_pa_bad(c, RD(HOST_CR3)));
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_IA32_SYSENTER_ESP)));
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_IA32_SYSENTER_EIP)));
	CC_HOST("27.2.2", (c->exit & VM_EXIT_LOAD_IA32_PAT) && entry_pat_bad(RD(HOST_IA32_PAT)));
	CC_HOST("27.2.2", (c->exit & VM_EXIT_LOAD_IA32_EFER) && (RD(HOST_IA32_EFER) & EFER_RESERVED));
	CC_HOST("27.2.2", (c->exit & VM_EXIT_LOAD_IA32_EFER) &&
			  (!(RD(HOST_IA32_EFER) & X86_EFER_LMA) != !host64 ||
			   !(RD(HOST_IA32_EFER) & X86_EFER_LME) != !host64));
	return true;
}

static bool check_host_segments(struct entry_ctx *c)
{
	bool host64 = c->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;

	/* RPL and TI of every host selector must be 0 (SDM 27.2.2). */
	CC_HOST("27.2.2", RD(HOST_ES_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_CS_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_SS_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_DS_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_FS_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_GS_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_TR_SELECTOR) & 7);
	CC_HOST("27.2.2", RD(HOST_CS_SELECTOR) == 0);
	CC_HOST("27.2.2", RD(HOST_TR_SELECTOR) == 0);
	CC_HOST("27.2.2", !host64 && RD(HOST_SS_SELECTOR) == 0);
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_FS_BASE)));
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_GS_BASE)));
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_GDTR_BASE)));
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_IDTR_BASE)));
	CC_HOST("27.2.2", entry_noncanon(c, RD(HOST_TR_BASE)));
	return true;
}

/* Address-space size (SDM 27.2.2 "Checks Related to Address-Space Size"). */
static bool check_host_addr_size(struct entry_ctx *c)
{
	bool host64 = c->exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;

	CC_HOST("27.2.2", c->env->host_ia32e && !host64);
	CC_HOST("27.2.2", !c->env->host_ia32e && (c->entry & VM_ENTRY_IA32E_MODE));
	CC_HOST("27.2.2", !c->env->host_ia32e && host64);
	CC_HOST("27.2.2", !host64 && (RD(HOST_CR4) & X86_CR4_PCIDE));
	CC_HOST("27.2.2", !host64 && (RD(HOST_RIP) >> 32));
	CC_HOST("27.2.2", host64 && !(RD(HOST_CR4) & X86_CR4_PAE));
	CC_HOST("27.2.2", host64 && entry_noncanon(c, RD(HOST_RIP)));
	return true;
}

bool entry_check_host(struct entry_ctx *c)
{
	return check_host_regs(c) && check_host_segments(c) && check_host_addr_size(c);
}
