/* SPDX-License-Identifier: MIT */
/*
 * Control-register accesses that exit (SDM 26.1.3): writes that change a
 * CR0/CR4 bit l1hv owns (the VMX fixed bits, see vm_vmcs.c), and CR3/CR8
 * moves when the CPU forces those exiting controls. The guest's view lives
 * in the read shadows; the CPU runs with the fixed bits applied.
 */
#include "common/free/x86.h"
#include "exit-reflect/exit_qual.h"
#include "l1hv/exit/exit.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_controls.h"

static bool guest_long_mode(void)
{
	return vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA;
}

/* SDM Vol. 2A MOV to CR0, and 10.8.5 for the IA-32e mode transitions. */
static bool cr0_write(struct vm *vm, uint64_t v)
{
	uint64_t old = vcpu_read_cr0();
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	const struct vmx_caps *c = &vmx_cpu.caps;

	(void)vm;
	if ((v >> 32) || ((v & X86_CR0_PG) && !(v & X86_CR0_PE)) ||
	    ((v & X86_CR0_NW) && !(v & X86_CR0_CD)))
		return false;
	if ((v & X86_CR0_PG) && !(old & X86_CR0_PG) && (efer & X86_EFER_LME)) {
		if (!(vcpu_read_cr4() & X86_CR4_PAE))
			return false;
		efer |= X86_EFER_LMA;
		vmcs_set_bits(VMCS_VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);
	} else if (!(v & X86_CR0_PG) && (old & X86_CR0_PG) && (efer & X86_EFER_LMA)) {
		efer &= ~X86_EFER_LMA;
		vmcs_clear_bits(VMCS_VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);
	}
	vmcs_write(VMCS_GUEST_IA32_EFER, efer);
	vmcs_write(VMCS_CR0_READ_SHADOW, v);
	vmcs_write(VMCS_GUEST_CR0, ((v | c->cr0_fixed0) & c->cr0_fixed1 & ~(X86_CR0_PE | X86_CR0_PG)) |
				   (v & (X86_CR0_PE | X86_CR0_PG)));
	return true;
}

/* SDM Vol. 2A MOV to CR4: reserved bits and PAE in IA-32e mode. VMXE is
 * reserved unless nested=on offers VMX, and cannot be cleared in VMX
 * operation (SDM 24.8). */
static bool cr4_write(struct vm *vm, uint64_t v)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	uint64_t allowed = c->cr4_fixed1 & ~(nested_enabled ? 0 : X86_CR4_VMXE);

	if ((v & ~allowed) || (guest_long_mode() && !(v & X86_CR4_PAE)))
		return false;
	if (vm->nested.vmxon && !(v & X86_CR4_VMXE))
		return false;
	vmcs_write(VMCS_CR4_READ_SHADOW, v);
	vmcs_write(VMCS_GUEST_CR4, (v | c->cr4_fixed0) & c->cr4_fixed1);
	return true;
}

enum exit_result handle_cr_access(struct vm *vm, struct exit_info *e)
{
	struct exit_qual_cr q = exit_qual_cr_decode(e->qual);
	uint64_t v;
	bool ok = true;

	switch (q.type) {
	case EXIT_CR_MOV_TO_CR:
		v = vcpu_gpr_get(vm, q.gpr);
		if (!guest_long_mode())
			v &= 0xffffffff;
		switch (q.cr) {
		case 0: ok = cr0_write(vm, v); break;
		case 3:
			/* MOV to CR3 flushes the guest's non-global TLB entries
			 * (SDM 4.10.4.1); with VPID they survive a VMCS write, so
			 * flush them here (more than needed, never less). */
			if (vcpu_read_cr4() & X86_CR4_PCIDE)
				v &= ~X86_CR3_PCID_NOFLUSH;
			vmcs_write(VMCS_GUEST_CR3, v);
			if (vmcs_read(VMCS_SECONDARY_VM_EXEC_CONTROL) & SECONDARY_EXEC_ENABLE_VPID)
				vmx_invvpid_context(vm->vpid, !!(vmx_cpu.caps.ept_vpid_cap &
					VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT));
			break;
		case 4: ok = cr4_write(vm, v); break;
		case 8: ok = !(v >> 4); break;   /* TPR: no APIC, value not kept */
		default: ok = false; break;
		}
		break;
	case EXIT_CR_MOV_FROM_CR:
		vcpu_gpr_set(vm, q.gpr, q.cr == 3 ? vmcs_read(VMCS_GUEST_CR3) : 0);
		break;
	case EXIT_CR_CLTS:
		ok = cr0_write(vm, vcpu_read_cr0() & ~X86_CR0_TS);
		break;
	case EXIT_CR_LMSW: {
		/* LMSW loads PE, MP, EM, TS and cannot clear PE (SDM Vol. 2A). */
		uint64_t old = vcpu_read_cr0();
		v = (old & ~0xeull) | (q.lmsw_source & 0xf) | (old & X86_CR0_PE);
		ok = cr0_write(vm, v);
		break;
	}
	}
	if (!ok) {
		vcpu_inject_gp(vm);
		return EXIT_RESUME;
	}
	return EXIT_ADVANCE;
}
