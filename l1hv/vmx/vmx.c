/* SPDX-License-Identifier: MIT */
#include "l1hv/vmx/vmx.h"

#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/arch/machine.h"
#include "l1hv/console/console.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/vmx/ept.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmx_controls.h"
#include "vmcs12/vmx_insn_error.h"

struct vmx_cpu vmx_cpu;

/* SDM 31.2: VMfailValid leaves the error number in the current VMCS; with
 * no current VMCS the failure was VMfailInvalid. */
static const char *vmx_insn_error(uint64_t *err)
{
	if (!vmcs_try_read(VMCS_VM_INSTRUCTION_ERROR, err)) {
		*err = 0;
		return "VMfailInvalid: no current VMCS";
	}
	return vmx_insn_error_name((uint32_t)*err);
}

void vmcs_insn_failed(const char *insn, uint64_t field, void *caller)
{
	uint64_t err;
	const char *name = vmx_insn_error(&err);

	pr_info("BUG: %s of field 0x%lx (%s) failed, VM-instruction error %lu (%s), caller %p\n",
		insn, field, vmcs_field_name((uint32_t)field), err, name, caller);
	machine_finish(false, "%s failed in the hypervisor", insn);
}

void vmx_insn_failed(const char *insn, const char *what, uint64_t operand, void *caller)
{
	uint64_t err;
	const char *name = vmx_insn_error(&err);

	pr_info("BUG: %s of %s 0x%lx failed, VM-instruction error %lu (%s), caller %p\n",
		insn, what, operand, err, name, caller);
	machine_finish(false, "%s failed in the hypervisor", insn);
}

static void vmx_read_caps(struct vmx_caps *c)
{
	c->basic = rdmsr(MSR_IA32_VMX_BASIC);
	c->pinbased_ctls = rdmsr(MSR_IA32_VMX_PINBASED_CTLS);
	c->procbased_ctls = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS);
	c->exit_ctls = rdmsr(MSR_IA32_VMX_EXIT_CTLS);
	c->entry_ctls = rdmsr(MSR_IA32_VMX_ENTRY_CTLS);
	c->misc = rdmsr(MSR_IA32_VMX_MISC);
	c->cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0);
	c->cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1);
	c->cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0);
	c->cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1);
	c->vmcs_enum = rdmsr(MSR_IA32_VMX_VMCS_ENUM);
	/* SDM A.1: bit 55 says the TRUE_* MSRs exist. */
	if (c->basic & VMX_BASIC_TRUE_CTLS) {
		c->true_pinbased_ctls = rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS);
		c->true_procbased_ctls = rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS);
		c->true_exit_ctls = rdmsr(MSR_IA32_VMX_TRUE_EXIT_CTLS);
		c->true_entry_ctls = rdmsr(MSR_IA32_VMX_TRUE_ENTRY_CTLS);
	}
	/* SDM A.3.3: the secondary controls MSR exists when the primary
	 * controls allow "activate secondary controls" to be 1. */
	if ((c->procbased_ctls >> 32) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		c->procbased_ctls2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
		uint32_t sec1 = (uint32_t)(c->procbased_ctls2 >> 32);
		if (sec1 & (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID))
			c->ept_vpid_cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
		if (sec1 & SECONDARY_EXEC_ENABLE_VMFUNC)
			c->vmfunc = rdmsr(MSR_IA32_VMX_VMFUNC);
	}
}

int vmx_enable(const char **why)
{
	struct cpuid_regs r = cpuid(1, 0);
	uint64_t fc;

	/* Test CPUID first: Bochs answers the VMX MSRs even on CPU models
	 * whose CPUID says there is no VMX (BOCHS-NOTES). */
	if (!(r.ecx & CPUID_1_ECX_VMX)) {
		*why = "this CPU has no VMX (CPUID.1:ECX[5] = 0): run on Bochs (ENGINE=bochs, "
		       "CPU model corei7_skylake_x) or on KVM with nested VMX (-cpu host,+vmx)";
		return -1;
	}
	/* SDM 24.7: VMXON needs IA32_FEATURE_CONTROL locked with bit 2 set.
	 * Without a BIOS (Bochs with our ROM) it is 0 and unlocked. */
	fc = rdmsr(MSR_IA32_FEATURE_CONTROL);
	if (!(fc & FEATURE_CONTROL_LOCKED)) {
		fc |= FEATURE_CONTROL_LOCKED | FEATURE_CONTROL_VMXON_OUTSIDE_SMX;
		wrmsr(MSR_IA32_FEATURE_CONTROL, fc);
	}
	if (!(fc & FEATURE_CONTROL_VMXON_OUTSIDE_SMX)) {
		*why = "VMX is disabled by firmware (IA32_FEATURE_CONTROL locked with bit 2 clear): "
		       "enable VT-x in the firmware setup";
		return -1;
	}
	vmx_read_caps(&vmx_cpu.caps);
	const struct vmx_caps *c = &vmx_cpu.caps;
	uint32_t sec1 = (uint32_t)(c->procbased_ctls2 >> 32);

	vmx_cpu.revision_id = (uint32_t)(c->basic & VMX_BASIC_REVISION_MASK);
	vmx_cpu.has_shadow_vmcs = sec1 & SECONDARY_EXEC_SHADOW_VMCS;
	vmx_cpu.has_unrestricted_guest = sec1 & SECONDARY_EXEC_UNRESTRICTED_GUEST;
	vmx_cpu.has_vpid = sec1 & SECONDARY_EXEC_ENABLE_VPID;
	vmx_cpu.vmx_misc = c->misc;
	vmx_cpu.has_preemption_timer = vmx_ctl_allows1(vmx_caps_pinbased(c),
						       PIN_BASED_VMX_PREEMPTION_TIMER);
	vmx_cpu.saves_preemption_timer = vmx_cpu.has_preemption_timer &&
		vmx_ctl_allows1(vmx_caps_exit(c), VM_EXIT_SAVE_VMX_PREEMPTION_TIMER);
	if (!(sec1 & SECONDARY_EXEC_ENABLE_EPT) || !vmx_cpu.has_unrestricted_guest) {
		*why = "this CPU's VMX lacks EPT or unrestricted guest, which l1hv needs: use "
		       "Bochs CPU model corei7_skylake_x or tigerlake";
		return -1;
	}

	/* SDM 24.8: CR0 and CR4 must honour the VMX fixed bits in VMX operation. */
	write_cr0((read_cr0() | c->cr0_fixed0) & c->cr0_fixed1);
	write_cr4((read_cr4() | c->cr4_fixed0 | X86_CR4_VMXE) & c->cr4_fixed1);

	vmx_cpu.vmxon_region = page_alloc_zeroed();
	*(uint32_t *)vmx_cpu.vmxon_region = vmx_cpu.revision_id;
	/* SDM 31.3 VMXON: VMfailInvalid (CF) for a bad region or revision
	 * identifier, VMfailValid (ZF, error 15) when already in VMX root
	 * operation with a current VMCS. */
	bool invalid, valid;
	asm volatile("vmxon %2" : "=@ccc"(invalid), "=@ccz"(valid) : "m"(vmx_cpu.vmxon_region)
		     : "cc", "memory");
	if (invalid) {
		*why = "VMXON failed (VMfailInvalid): the CPU refused VMX root operation";
		return -1;
	}
	if (valid) {
		*why = "VMXON failed (VMfailValid): the CPU is already in VMX root operation";
		return -1;
	}
	return 0;
}

/* INVEPT for ept.h (all-context; SDM 31.3 INVEPT). Here, with the other
 * VMX instructions, so that ept.c stays pure table logic. */
void ept_invalidate(uint64_t eptp)
{
	struct { uint64_t eptp, reserved; } desc = { eptp, 0 };
	uint64_t type = VMX_INVEPT_GLOBAL;   /* all-context: supported wherever INVEPT is */
	bool fail;

	asm volatile("invept %1, %2" : "=@ccbe"(fail) : "m"(desc), "r"(type) : "cc", "memory");
	if (__builtin_expect(fail, 0))
		vmx_insn_failed("invept", "EPTP", eptp, __builtin_return_address(0));
}
