/* SPDX-License-Identifier: MIT */
/*
 * Control-register accesses that exit (SDM 26.1.3): writes that change a
 * CR0/CR4 bit l1hv owns (the VMX fixed bits, see vm_vmcs.c), CR3 moves
 * when the CPU forces those exiting controls, and every MOV to and from
 * CR8, the virtual APIC's TPR (vlapic.h). The guest's view lives in the
 * read shadows; the CPU runs with the fixed bits applied.
 */
#include "common/free/x86.h"
#include "exit-reflect/exit_qual.h"
#include "l1hv/exit/exit.h"
#include "l1hv/exit/guest_write_inputs.h"
#include "l1hv/vm/vcpu_mem.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_controls.h"

/*
 * PAE paging outside IA-32e mode: with EPT, VM entry takes the PDPTEs from
 * the VMCS (SDM 27.3.2.4), so a CR write the CPU would follow by loading
 * them from CR3 (SDM 4.4.1: MOV to CR3, and MOV to CR0/CR4 that changes
 * CR0.CD/NW/PG or CR4.PAE/PGE/PSE/SMEP/SMAP into PAE paging) must load
 * them here; a present entry with a reserved bit is #GP, never a VM-entry
 * failure (SDM 27.3.1.6). An L2's CR3 is not L1-physical: that load is
 * left to the hardware's next exit of L1's (a known gap, see cr_write).
 */
/* 64-bit mode: IA-32e mode with a 64-bit code segment (SDM 2.2). */
static bool guest_64bit_mode(void)
{
	return (vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA) &&
	       (vmcs_read32(VMCS_GUEST_CS_AR_BYTES) & VMX_AR_L_MASK);
}

static enum gw_rule load_pdptes(struct vcpu *vcpu, uint64_t cr3)
{
	uint64_t pdpte[4];
	enum gw_rule rule;

	if (vcpu->nested.in_l2)
		return GW_OK;
	/* Memory the guest does not have reads as all ones: reserved bits. */
	if (!vm_read_phys(vcpu->vm, cr3 & X86_CR3_PAE_PDPT_MASK, pdpte, sizeof(pdpte)))
		return GW_PDPTE_RESERVED;
	rule = gw_pdptes(guest_cpu_facts(), pdpte);
	if (rule != GW_OK)
		return rule;
	vmcs_write(VMCS_GUEST_PDPTR0, pdpte[0]);
	vmcs_write(VMCS_GUEST_PDPTR1, pdpte[1]);
	vmcs_write(VMCS_GUEST_PDPTR2, pdpte[2]);
	vmcs_write(VMCS_GUEST_PDPTR3, pdpte[3]);
	return GW_OK;
}

#define PDPTE_RELOAD_CR0 (X86_CR0_CD | X86_CR0_NW | X86_CR0_PG)
#define PDPTE_RELOAD_CR4 (X86_CR4_PAE | X86_CR4_PGE | X86_CR4_PSE | X86_CR4_SMEP | X86_CR4_SMAP)

/* MOV to CR0, CLTS, LMSW (SDM Vol. 2A MOV to CR; 10.8.5 for entering and
 * leaving IA-32e mode, which l1hv does for the guest: EFER.LMA and the
 * "IA-32e mode guest" entry control follow CR0.PG). */
static enum gw_rule cr0_write(struct vcpu *vcpu, uint64_t v)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	struct gw_state s = guest_write_state(vcpu);
	enum gw_rule rule = gw_cr0(guest_cpu_facts(), &s, v);
	uint64_t efer = s.efer;

	if (rule != GW_OK)
		return rule;
	v = (v & X86_CR0_DEFINED) | X86_CR0_ET;
	if ((v & X86_CR0_PG) && !(s.cr0 & X86_CR0_PG) && (efer & X86_EFER_LME))
		efer |= X86_EFER_LMA;
	else if (!(v & X86_CR0_PG) && (s.cr0 & X86_CR0_PG))
		efer &= ~X86_EFER_LMA;
	if (((s.cr0 ^ v) & PDPTE_RELOAD_CR0) && gw_pae_paging(v, s.cr4, efer)) {
		rule = load_pdptes(vcpu, s.cr3);
		if (rule != GW_OK)
			return rule;
	}
	if (efer & X86_EFER_LMA)
		vmcs_set_bits(VMCS_VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);
	else
		vmcs_clear_bits(VMCS_VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);
	vmcs_write(VMCS_GUEST_IA32_EFER, efer);
	vmcs_write(VMCS_CR0_READ_SHADOW, v);
	/* What the CPU runs with: the VMX fixed bits applied (PE and PG are
	 * the guest's under unrestricted guest), so VM entry's CR0 checks
	 * (SDM 27.3.1.1) hold for every value the rules let through. CD and
	 * NW are the guest's in the read shadow only: VM entry never loads
	 * them (SDM 27.3.2.1), the host's stay (vm_cr0_host_owned). */
	vmcs_write(VMCS_GUEST_CR0, ((v | c->cr0_fixed0) & c->cr0_fixed1 & ~(X86_CR0_PE | X86_CR0_PG)) |
				   (v & (X86_CR0_PE | X86_CR0_PG)));
	return GW_OK;
}

/* MOV to CR4 (SDM Vol. 2A MOV to CR, 2.5.1). A bit this CPU's VMX cannot
 * run with (not in IA32_VMX_CR4_FIXED1) is as reserved as one CPUID
 * leaves out: the guest could never have it. VMXE exists with nested=on
 * only (the facts' CPUID.1:ECX.VMX). */
static enum gw_rule cr4_write(struct vcpu *vcpu, uint64_t v)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	struct gw_state s = guest_write_state(vcpu);
	enum gw_rule rule = gw_cr4(guest_cpu_facts(), &s, v);

	if (rule == GW_OK && (v & ~c->cr4_fixed1))
		rule = GW_CR4_RESERVED;
	if (rule != GW_OK)
		return rule;
	if (((s.cr4 ^ v) & PDPTE_RELOAD_CR4) && gw_pae_paging(s.cr0, v, s.efer)) {
		rule = load_pdptes(vcpu, s.cr3);
		if (rule != GW_OK)
			return rule;
	}
	vmcs_write(VMCS_CR4_READ_SHADOW, v);
	vmcs_write(VMCS_GUEST_CR4, (v | c->cr4_fixed0) & c->cr4_fixed1);
	return GW_OK;
}

/* MOV to CR3 (CR3-load exiting: trap=cr3). */
static enum gw_rule cr3_write(struct vcpu *vcpu, uint64_t v)
{
	struct gw_state s = guest_write_state(vcpu);
	enum gw_rule rule = gw_cr3(guest_cpu_facts(), &s, v, &v);

	if (rule != GW_OK)
		return rule;
	if (gw_pae_paging(s.cr0, s.cr4, s.efer)) {
		rule = load_pdptes(vcpu, v);
		if (rule != GW_OK)
			return rule;
	}
	vmcs_write(VMCS_GUEST_CR3, v);
	/* MOV to CR3 flushes the guest's non-global TLB entries (SDM
	 * 4.10.4.1); with VPID they survive a VMCS write, so flush them here
	 * (more than needed, never less). */
	if (vmcs_read(VMCS_SECONDARY_VM_EXEC_CONTROL) & SECONDARY_EXEC_ENABLE_VPID)
		vmx_invvpid_context(vcpu->vpid, !!(vmx_cpu.caps.ept_vpid_cap &
			VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT));
	return GW_OK;
}

static const char *const cr_write_names[8] = {
	"MOV to CR0", "MOV to CR1", "MOV to CR2", "MOV to CR3",
	"MOV to CR4", "MOV to CR5", "MOV to CR6", "MOV to CR7",
};

enum exit_result handle_cr_access(struct vcpu *vcpu, struct exit_info *e)
{
	struct exit_qual_cr q = exit_qual_cr_decode(e->qual);
	uint64_t v;
	bool ok = true;
	enum gw_rule rule = GW_OK;

	switch (q.type) {
	case EXIT_CR_MOV_TO_CR:
		v = vcpu_gpr_get(vcpu, q.gpr);
		/* The operand is 64 bits in 64-bit mode only (SDM Vol. 2A MOV
		 * to CR: outside it, and in compatibility mode, 32 bits). */
		if (!guest_64bit_mode())
			v &= 0xffffffff;
		switch (q.cr) {
		case 0: rule = cr0_write(vcpu, v); break;
		case 3: rule = cr3_write(vcpu, v); break;
		case 4: rule = cr4_write(vcpu, v); break;
		case 8:          /* TPR[7:4] (SDM 10.8.6.1); 63:4 reserved */
			ok = !(v >> 4);
			if (ok)
				vlapic_cr8_write(vcpu, v);
			break;
		default: ok = false; break;
		}
		break;
	case EXIT_CR_MOV_FROM_CR:
		vcpu_gpr_set(vcpu, q.gpr, q.cr == 3 ? vmcs_read(VMCS_GUEST_CR3) :
				      q.cr == 8 ? vlapic_cr8_read(vcpu) : 0);
		break;
	case EXIT_CR_CLTS:
		rule = cr0_write(vcpu, vcpu_read_cr0() & ~X86_CR0_TS);
		break;
	case EXIT_CR_LMSW: {
		/* LMSW loads PE, MP, EM, TS and cannot clear PE (SDM Vol. 2A). */
		uint64_t old = vcpu_read_cr0();
		v = (old & ~0xeull) | (q.lmsw_source & 0xf) | (old & X86_CR0_PE);
		rule = cr0_write(vcpu, v);
		break;
	}
	}
	if (rule != GW_OK) {
		guest_write_refuse(vcpu, rule, q.type == EXIT_CR_MOV_TO_CR ? cr_write_names[q.cr & 7] :
					     q.type == EXIT_CR_CLTS ? "CLTS" : "LMSW");
		return EXIT_RESUME;
	}
	if (!ok) {
		vcpu_inject_gp(vcpu);
		return EXIT_RESUME;
	}
	return EXIT_ADVANCE;
}
