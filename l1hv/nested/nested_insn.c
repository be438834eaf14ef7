/* SPDX-License-Identifier: MIT */
/*
 * The VMX instructions a guest hypervisor (L1) executes, emulated by L0
 * (they always exit, SDM 26.1.2). Each follows its pseudo-code in SDM
 * Vol. 3C ch. 31 "VMX Instruction Reference": #UD outside VMX operation,
 * #GP(0) at CPL > 0, then VMfailInvalid / VMfailValid(n) / VMsucceed.
 * VMLAUNCH/VMRESUME continue in nested_entry.c.
 */
#include "common/free/x86.h"
#include "l1hv/exit/exit.h"
#include "l1hv/nested/nested_fields.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/nested/vmx_invalidate.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmcs12_access.h"
#include "vmcs12/vmx_insn_error.h"

#define RFLAGS_ARITH (X86_RFLAGS_CF | X86_RFLAGS_PF | X86_RFLAGS_AF | X86_RFLAGS_ZF | \
		      X86_RFLAGS_SF | X86_RFLAGS_OF)

/* SDM 31.2 "Conventions": the three ways a VMX instruction completes. */
static enum exit_result vmsucceed(void)
{
	vmcs_write(VMCS_GUEST_RFLAGS, vmcs_read(VMCS_GUEST_RFLAGS) & ~RFLAGS_ARITH);
	return EXIT_ADVANCE;
}

/* VMfailValid's flags; the error number is the caller's to record. */
static enum exit_result vmfail_valid(void)
{
	vmcs_write(VMCS_GUEST_RFLAGS,
		   (vmcs_read(VMCS_GUEST_RFLAGS) & ~RFLAGS_ARITH) | X86_RFLAGS_ZF);
	return EXIT_ADVANCE;
}

static enum exit_result vmfail_invalid(void)
{
	vmcs_write(VMCS_GUEST_RFLAGS,
		   (vmcs_read(VMCS_GUEST_RFLAGS) & ~RFLAGS_ARITH) | X86_RFLAGS_CF);
	return EXIT_ADVANCE;
}

enum exit_result nested_vmfail(struct vcpu *vcpu, uint32_t error)
{
	struct nested_vcpu *n = &vcpu->nested;

	/* VMfail: VMfailInvalid when there is no current VMCS. */
	if (!n->vmcs12)
		return vmfail_invalid();
	vmcs12_write(n->vmcs12, VMCS_VM_INSTRUCTION_ERROR, error);
	nested_shadow_field_written(vcpu, VMCS_VM_INSTRUCTION_ERROR);
	return vmfail_valid();
}

enum exit_result nested_vmsucceed(void)
{
	return vmsucceed();
}

enum exit_result nested_vmfail_invalid(void)
{
	return vmfail_invalid();
}

/*
 * Checks every VMX instruction but VMXON makes first (SDM ch. 31): #UD
 * outside VMX operation or in real/virtual-8086/compatibility mode, #GP(0)
 * at CPL > 0. Returns true if the instruction may go on.
 */
bool nested_insn_permitted(struct vcpu *vcpu)
{
	bool lma = vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA;
	bool cs_l = vmcs_read32(VMCS_GUEST_CS_AR_BYTES) & VMX_AR_L_MASK;
	/* 64-bit mode implies CR0.PE = 1 and RFLAGS.VM = 0: the usual case
	 * (a 64-bit guest hypervisor) needs neither read. */
	bool real_or_v86 = !(lma && cs_l) && (!(vcpu_read_cr0() & X86_CR0_PE) ||
					      (vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_VM));

	if (!vcpu->nested.vmxon || real_or_v86 || (lma && !cs_l)) {
		vcpu_inject_ud(vcpu);
		return false;
	}
	if (vcpu_cpl() != 0) {
		vcpu_inject_gp(vcpu);
		return false;
	}
	return true;
}

/* A VMCS/VMXON pointer must be 4 KiB aligned and within MAXPHYADDR
 * (SDM 31.3 VMCLEAR/VMPTRLD/VMXON). */
static bool vmx_pointer_ok(uint64_t pa)
{
	return !(pa & 0xfff) && !(pa >> nested_maxphyaddr());
}

static struct vmcs12 *l1_page(struct vcpu *vcpu, uint64_t gpa)
{
	return vm_gpa_to_hva(vcpu->vm, gpa, VMCS12_SIZE);
}

enum exit_result handle_vmxon(struct vcpu *vcpu, struct exit_info *e)
{
	struct nested_vcpu *n = &vcpu->nested;
	uint64_t ptr;
	const struct vmx_caps *c = &nested_caps;

	if (!nested_enabled || !(vcpu_read_cr4() & X86_CR4_VMXE)) {
		vcpu_inject_ud(vcpu);
		return EXIT_RESUME;
	}
	if (vcpu_cpl() != 0) {
		vcpu_inject_gp(vcpu);
		return EXIT_RESUME;
	}
	if (n->vmxon)
		return nested_vmfail(vcpu, VMXERR_VMXON_IN_VMX_ROOT_OPERATION);
	/* SDM 31.3 VMXON: #GP(0) unless CR0/CR4 satisfy the fixed bits. */
	uint64_t cr0 = vcpu_read_cr0(), cr4 = vcpu_read_cr4();
	if (!vmx_fixed_ok(cr0, c->cr0_fixed0, c->cr0_fixed1) ||
	    !vmx_fixed_ok(cr4, c->cr4_fixed0, c->cr4_fixed1)) {
		vcpu_inject_gp(vcpu);
		return EXIT_RESUME;
	}
	if (nested_operand_read(vcpu, e, &ptr, sizeof(ptr)))
		return EXIT_RESUME;
	if (!vmx_pointer_ok(ptr) || !l1_page(vcpu, ptr))
		return vmfail_invalid();
	/* SDM 31.3 VMXON: VMfailInvalid unless rev[30:0] is IA32_VMX_BASIC[30:0]
	 * and rev[31] (the shadow-VMCS indicator) is 0. */
	if (*(uint32_t *)l1_page(vcpu, ptr) != (uint32_t)(c->basic & 0x7fffffff))
		return vmfail_invalid();
	n->vmxon = true;
	n->vmxon_ptr = ptr;
	n->current_vmptr = NESTED_NO_VMCS;
	n->vmcs12 = NULL;
	return vmsucceed();
}

enum exit_result handle_vmxoff(struct vcpu *vcpu, struct exit_info *e)
{
	(void)e;
	if (!nested_insn_permitted(vcpu))
		return EXIT_RESUME;
	nested_sync_rare(vcpu);
	nested_shadow_deactivate(vcpu);
	vcpu->nested.vmcs02_stale = true;
	vcpu->nested.vmxon = false;
	vcpu->nested.vmcs12 = NULL;
	vcpu->nested.current_vmptr = NESTED_NO_VMCS;
	nested_ept02_flush(vcpu);
	return vmsucceed();
}

/*
 * The m64 VMCS-pointer operand of VMCLEAR/VMPTRLD (SDM 31.3): the common
 * checks, then the page in L1 memory. NULL when the instruction already
 * ended (fault injected, or VMfail with the given errors): *done says how.
 */
static struct vmcs12 *vmcs_pointer_operand(struct vcpu *vcpu, struct exit_info *e,
					   uint64_t *ptr, uint32_t err_address,
					   uint32_t err_vmxon, enum exit_result *done)
{
	struct vmcs12 *v;

	*done = EXIT_RESUME;
	if (!nested_insn_permitted(vcpu) || nested_operand_read(vcpu, e, ptr, sizeof(*ptr)))
		return NULL;
	if (!vmx_pointer_ok(*ptr) || !(v = l1_page(vcpu, *ptr))) {
		*done = nested_vmfail(vcpu, err_address);
		return NULL;
	}
	if (*ptr == vcpu->nested.vmxon_ptr) {
		*done = nested_vmfail(vcpu, err_vmxon);
		return NULL;
	}
	return v;
}

enum exit_result handle_vmclear(struct vcpu *vcpu, struct exit_info *e)
{
	struct nested_vcpu *n = &vcpu->nested;
	enum exit_result done;
	uint64_t ptr;
	struct vmcs12 *v = vmcs_pointer_operand(vcpu, e, &ptr, VMXERR_VMCLEAR_INVALID_ADDRESS,
						VMXERR_VMCLEAR_VMXON_POINTER, &done);

	if (!v)
		return done;
	/* SDM 31.3 VMCLEAR: the data in memory, launch state "clear"; not
	 * current any more. */
	if (ptr == n->current_vmptr) {
		nested_sync_rare(vcpu);
		nested_shadow_deactivate(vcpu);
	}
	n->vmcs02_stale = true;
	v->launch_state = VMCS12_LAUNCH_STATE_CLEAR;
	if (ptr == n->current_vmptr) {
		n->current_vmptr = NESTED_NO_VMCS;
		n->vmcs12 = NULL;
	}
	return vmsucceed();
}

enum exit_result handle_vmptrld(struct vcpu *vcpu, struct exit_info *e)
{
	struct nested_vcpu *n = &vcpu->nested;
	enum exit_result done;
	uint64_t ptr;
	struct vmcs12 *v = vmcs_pointer_operand(vcpu, e, &ptr, VMXERR_VMPTRLD_INVALID_ADDRESS,
						VMXERR_VMPTRLD_VMXON_POINTER, &done);

	if (!v)
		return done;
	/* Bit 31 asks for a shadow VMCS, which is only loadable when L1 was
	 * offered VMCS shadowing (SDM 31.3 VMPTRLD). */
	uint32_t rev = v->revision_id;
	bool shadow_ok = (nested_caps.procbased_ctls2 >> 32) & SECONDARY_EXEC_SHADOW_VMCS;
	if ((rev & 0x7fffffffu) != (uint32_t)(nested_caps.basic & 0x7fffffff) ||
	    ((rev >> 31) && !shadow_ok))
		return nested_vmfail(vcpu, VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID);
	if (ptr != n->current_vmptr) {
		n->vmcs02_stale = true;
		nested_sync_rare(vcpu);
		nested_shadow_deactivate(vcpu);
		n->current_vmptr = ptr;
		n->vmcs12 = v;
		nested_shadow_activate(vcpu);
	}
	/* The indicator is read here, as the processor does (SDM 25.11.1:
	 * software must not change it while the VMCS is active). */
	n->vmcs12_is_shadow = rev >> 31;
	return vmsucceed();
}

enum exit_result handle_vmptrst(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t ptr = vcpu->nested.current_vmptr;

	if (!nested_insn_permitted(vcpu) || nested_operand_write(vcpu, e, &ptr, sizeof(ptr)))
		return EXIT_RESUME;
	return vmsucceed();
}

enum exit_result handle_vmread(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t value;
	int err;

	if (!nested_insn_permitted(vcpu))
		return EXIT_RESUME;
	if (!vcpu->nested.vmcs12)
		return vmfail_invalid();
	uint64_t field = nested_vmrw_field(vcpu);
	nested_shadow_sync_from(vcpu);
	nested_sync_rare_for(vcpu, field);
	err = vmcs12_vmread(vcpu->nested.vmcs12, &nested_caps, field, &value);
	if (err)
		return nested_vmfail(vcpu, (uint32_t)err);
	if (nested_vmrw_store(vcpu, e, value))
		return EXIT_RESUME;
	return vmsucceed();
}

enum exit_result handle_vmwrite(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t value;
	int err;

	if (!nested_insn_permitted(vcpu))
		return EXIT_RESUME;
	if (!vcpu->nested.vmcs12)
		return vmfail_invalid();
	if (nested_vmrw_load(vcpu, e, &value))
		return EXIT_RESUME;
	uint64_t field = nested_vmrw_field(vcpu);
	nested_sync_rare_for(vcpu, field);
	err = vmcs12_vmwrite(vcpu->nested.vmcs12, &nested_caps, field, value);
	if (err)
		return nested_vmfail(vcpu, (uint32_t)err);
	nested_shadow_field_written(vcpu, (uint32_t)field);
	if (!nested_field_is_hot((uint32_t)field))
		vcpu->nested.vmcs02_stale = true;
	return vmsucceed();
}

/*
 * INVEPT/INVVPID (SDM 31.3): after the #UD/#GP checks, the type in the
 * register operand, then the memory operand (only now can it fault), then
 * the descriptor (vmx_invalidate.c). l1hv keeps one ept02 per L1 vCPU,
 * which INVEPT throws away (L1 changed its EPT); INVVPID only drops L2's
 * linear translations, which the hardware tags with vpid02. Any valid
 * operand does all of it.
 */
enum exit_result handle_invept(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t desc[2], type;

	/* #UD where L1 was not offered the instruction (SDM 31.3). */
	if (!(nested_caps.ept_vpid_cap & VMX_EPT_INVEPT_BIT)) {
		vcpu_inject_ud(vcpu);
		return EXIT_RESUME;
	}
	if (!nested_insn_permitted(vcpu))
		return EXIT_RESUME;
	type = nested_invalidation_type(vcpu);
	if (!vmx_invept_type_ok(type, nested_caps.ept_vpid_cap))
		return nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
	if (nested_operand_read(vcpu, e, desc, sizeof(desc)))
		return EXIT_RESUME;
	if (!vmx_invept_desc_ok(type, desc, nested_caps.ept_vpid_cap, nested_maxphyaddr()))
		return nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
	nested_ept02_flush(vcpu);
	return vmsucceed();
}

enum exit_result handle_invvpid(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t desc[2], type;

	/* #UD where L1 was not offered the instruction (SDM 31.3). */
	if (!(nested_caps.ept_vpid_cap & VMX_VPID_INVVPID_BIT)) {
		vcpu_inject_ud(vcpu);
		return EXIT_RESUME;
	}
	if (!nested_insn_permitted(vcpu))
		return EXIT_RESUME;
	type = nested_invalidation_type(vcpu);
	if (!vmx_invvpid_type_ok(type, nested_caps.ept_vpid_cap))
		return nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
	if (nested_operand_read(vcpu, e, desc, sizeof(desc)))
		return EXIT_RESUME;
	if (!vmx_invvpid_desc_ok(type, desc, nested_la_width()))
		return nested_vmfail(vcpu, VMXERR_INVALID_OPERAND_TO_INVEPT_INVVPID);
	if (vcpu->nested.vpid02 && vmx_cpu.has_vpid)
		vmx_invvpid_context(vcpu->nested.vpid02,
				    !!(vmx_cpu.caps.ept_vpid_cap & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT));
	return vmsucceed();
}

/*
 * L2's VMREAD/VMWRITE of a field L1 shadows for it (SDM 25.10; 31.3
 * "VMREAD", "VMWRITE" in VMX non-root operation): vmcs02 never shadows, so
 * the instruction exited to L0, after the processor's #UD checks. It acts on
 * the VMCS vmcs12's link pointer names, L1's shadow VMCS, which L0 keeps in
 * vmcs12 layout in L1's memory like any VMCS of L1. Current VMCS: vmcs02.
 */
static struct vmcs12 *l1_shadow_vmcs(struct vcpu *vcpu)
{
	uint64_t link = vcpu->nested.vmcs12->VMCS_LINK_POINTER;

	return link == ~0ull ? NULL : l1_page(vcpu, link);
}

/* VMfailValid in VMX non-root operation: the error goes to the VMCS that
 * controls L2 (vmcs12; L1 sees it at the next exit, whose sync copies the
 * exit-information fields into L0's shadow VMCS), ZF to L2. */
static enum exit_result l2_vmfail_valid(struct vcpu *vcpu, uint32_t error)
{
	vmcs12_write(vcpu->nested.vmcs12, VMCS_VM_INSTRUCTION_ERROR, error);
	return vmfail_valid();
}

enum exit_result nested_l2_vmread(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t field = nested_vmrw_field(vcpu), value;
	struct vmcs12 *s;
	int err;

	if (vcpu_cpl() != 0) {
		vcpu_inject_gp(vcpu);
		return EXIT_RESUME;
	}
	if (!(s = l1_shadow_vmcs(vcpu)))
		return vmfail_invalid();
	err = vmcs12_vmread(s, &nested_caps, field, &value);
	if (err)
		return l2_vmfail_valid(vcpu, (uint32_t)err);
	if (nested_vmrw_store(vcpu, e, value))
		return EXIT_RESUME;
	return vmsucceed();
}

enum exit_result nested_l2_vmwrite(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t value;
	struct vmcs12 *s;
	int err;

	if (vcpu_cpl() != 0) {
		vcpu_inject_gp(vcpu);
		return EXIT_RESUME;
	}
	if (!(s = l1_shadow_vmcs(vcpu)))
		return vmfail_invalid();
	if (nested_vmrw_load(vcpu, e, &value))
		return EXIT_RESUME;
	err = vmcs12_vmwrite(s, &nested_caps, nested_vmrw_field(vcpu), value);
	if (err)
		return l2_vmfail_valid(vcpu, (uint32_t)err);
	return vmsucceed();
}
