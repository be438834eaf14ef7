/* SPDX-License-Identifier: MIT */
/*
 * RDMSR/WRMSR that exit (everything but the pass-through MSRs, see
 * vm_vmcs.c). An allow-list: MSRs l1hv virtualizes are answered here, every
 * other MSR gets #GP as the SDM specifies for a reserved or unimplemented
 * MSR (Vol. 2B RDMSR/WRMSR). MSRs the VMCS holds are read and written there.
 */
#include "common/free/x86.h"
#include "l1hv/arch/fixup.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/exit.h"
#include "l1hv/exit/guest_write_inputs.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"

#define MSR_DENIED_REPORT_MAX 8

/*
 * IA32_MISC_ENABLE is virtual, per VM, and never the host's (SDM Vol. 4
 * Table 2-2; Bochs 2.7 does not implement it on any model). What the VM
 * sees: fast strings on, no performance monitoring (l1hv virtualizes no
 * PMU MSRs), BTS and PEBS unavailable, no MONITOR FSM (CPUID hides
 * MONITOR/MWAIT, cpuid.c), no CPUID limit, XD not disabled. Only the
 * fast-strings bit may change (it is a performance hint with no effect on
 * results); a write that changes any other bit gets #GP, as a read-only or
 * reserved bit does.
 */
#define MISC_ENABLE_WRITABLE         MISC_ENABLE_FAST_STRINGS

/*
 * IA32_BIOS_SIGN_ID (SDM Vol. 3A 9.11.7.1): the microcode revision in bits
 * 63:32. Software writes 0 and executes CPUID.1 before reading it; nothing
 * loads an update into a VM, so a write is taken and changes nothing, and
 * reads give the VM's revision, 1 (as KVM answers), whatever was written.
 */
#define VM_MICROCODE_REVISION        1ull

uint64_t vcpu_misc_enable_reset(void)
{
	return MISC_ENABLE_FAST_STRINGS | MISC_ENABLE_BTS_UNAVAILABLE | MISC_ENABLE_PEBS_UNAVAILABLE;
}

/* A pass-through MSR: L1's live value, when this CPU has it (vm_vmcs.c). */
static bool passthrough_read(uint32_t msr, uint64_t *v)
{
	return vm_passthrough_has(msr) && rdmsr_safe(msr, v);
}

static bool passthrough_write(uint32_t msr, uint64_t v)
{
	return vm_passthrough_has(msr) && wrmsr_safe(msr, v);
}

static uint64_t msr_value(struct vcpu *vcpu, uint32_t msr, bool *ok)
{
	uint64_t v;
	bool gp;

	if (nested_msr_read(msr, &v)) {
		*ok = true;
		return v;
	}
	*ok = true;
	switch (msr) {
	case MSR_IA32_EFER:         return vmcs_read(VMCS_GUEST_IA32_EFER);
	case MSR_IA32_PAT:          return vmcs_read(VMCS_GUEST_IA32_PAT);
	case MSR_IA32_SYSENTER_CS:  return vmcs_read(VMCS_GUEST_SYSENTER_CS);
	case MSR_IA32_SYSENTER_ESP: return vmcs_read(VMCS_GUEST_SYSENTER_ESP);
	case MSR_IA32_SYSENTER_EIP: return vmcs_read(VMCS_GUEST_SYSENTER_EIP);
	case MSR_IA32_TSC:          return rdtsc_ordered();
	/* Locked, VMX not enabled: matches CPUID without VMX. */
	case MSR_IA32_FEATURE_CONTROL: return FEATURE_CONTROL_LOCKED;
	case MSR_IA32_MISC_ENABLE:  return vcpu->misc_enable;
	case MSR_IA32_BIOS_SIGN_ID: return VM_MICROCODE_REVISION << 32;
	/* Pass-through MSRs exit when the guest is an L2 whose L1 let them
	 * through (L1's live hardware values: vm_run swaps them per VM), or
	 * when this CPU lacks them (then #GP); FS/GS bases are in the VMCS. */
	case MSR_IA32_STAR: case MSR_IA32_LSTAR: case MSR_IA32_CSTAR: case MSR_IA32_FMASK:
	case MSR_IA32_KERNEL_GS_BASE: case MSR_IA32_TSC_AUX:
		*ok = passthrough_read(msr, &v);
		return *ok ? v : 0;
	case MSR_IA32_FS_BASE:      return vmcs_read(VMCS_GUEST_FS_BASE);
	case MSR_IA32_GS_BASE:      return vmcs_read(VMCS_GUEST_GS_BASE);
	default:
		/* APIC base, TSC deadline, x2APIC: the virtual local APIC's. */
		if (vlapic_msr_read(vcpu, msr, &v, &gp)) {
			*ok = !gp;
			return v;
		}
		*ok = false;
		return 0;
	}
}

/*
 * WRMSR of an MSR l1hv holds. Every value is checked by the guest-write
 * rules (l1hv/arch/guest_write_rules.h) before it reaches the VMCS or the
 * CPU: *rule is the rule it breaks (GW_OK when it was taken). Returns false
 * for an MSR l1hv does not virtualize (then *rule is GW_OK).
 */
static bool msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t v, enum gw_rule *rule)
{
	const struct gw_cpu_facts *f = guest_cpu_facts();
	bool gp;

	*rule = GW_OK;
	switch (msr) {
	case MSR_IA32_EFER: {
		struct gw_state s = guest_write_state(vcpu);
		*rule = gw_efer(f, &s, v, &v);
		if (*rule == GW_OK)
			vmcs_write(VMCS_GUEST_IA32_EFER, v);
		return true;
	}
	case MSR_IA32_PAT:
		*rule = gw_pat(v);
		if (*rule == GW_OK)
			vmcs_write(VMCS_GUEST_IA32_PAT, v);
		return true;
	/* IA32_SYSENTER_CS keeps bits 31:0; the SDM reserves none of them. */
	case MSR_IA32_SYSENTER_CS:  vmcs_write(VMCS_GUEST_SYSENTER_CS, v & 0xffffffff); return true;
	/* Taken into the VMCS non-canonical, it would fail the next VM entry
	 * (SDM 27.3.1.1). */
	case MSR_IA32_SYSENTER_ESP: case MSR_IA32_SYSENTER_EIP:
		*rule = gw_msr_address(f, v);
		if (*rule == GW_OK)
			vmcs_write(msr == MSR_IA32_SYSENTER_ESP ? VMCS_GUEST_SYSENTER_ESP
								: VMCS_GUEST_SYSENTER_EIP, v);
		return true;
	case MSR_IA32_FS_BASE: case MSR_IA32_GS_BASE:
		*rule = gw_msr_address(f, v);
		if (*rule == GW_OK)
			vmcs_write(msr == MSR_IA32_FS_BASE ? VMCS_GUEST_FS_BASE : VMCS_GUEST_GS_BASE, v);
		return true;
	case MSR_IA32_BIOS_SIGN_ID:
		return true;
	case MSR_IA32_MISC_ENABLE:
		*rule = gw_msr_fixed_bits(vcpu->misc_enable, v, MISC_ENABLE_WRITABLE);
		if (*rule == GW_OK)
			vcpu->misc_enable = v;
		return true;
	/* Pass-through MSRs, written to the CPU for the guest: the rules come
	 * first so the answer does not depend on how a CPU model checks them;
	 * what is left (STAR has no reserved bit, FMASK's 63:32 are the CPU's
	 * to check) goes through the fault-safe WRMSR, whose fault is the
	 * guest's #GP. */
	case MSR_IA32_TSC_AUX:
		*rule = gw_tsc_aux(v);
		break;
	case MSR_IA32_LSTAR: case MSR_IA32_CSTAR: case MSR_IA32_KERNEL_GS_BASE:
		*rule = gw_msr_address(f, v);
		break;
	case MSR_IA32_STAR: case MSR_IA32_FMASK:
		break;
	default:
		/* APIC base, TSC deadline, x2APIC: the virtual local APIC's. */
		if (!vlapic_msr_write(vcpu, msr, v, &gp))
			return false;
		if (gp)
			*rule = GW_MSR_MODEL_REFUSED;
		return true;
	}
	/* Only the pass-through MSRs get here. */
	if (*rule == GW_OK && !passthrough_write(msr, v))
		*rule = vm_passthrough_has(msr) ? GW_MSR_MODEL_REFUSED : GW_MSR_ABSENT;
	return true;
}

bool vcpu_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *value)
{
	bool ok;

	*value = msr_value(vcpu, msr, &ok);
	return ok;
}

bool vcpu_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t value)
{
	enum gw_rule rule;

	return msr_write(vcpu, msr, value, &rule) && rule == GW_OK;
}

static enum exit_result msr_deny(struct vcpu *vcpu, uint32_t msr, bool write)
{
	if (vcpu->stats.counter[VM_STAT_MSR_DENIED]++ < MSR_DENIED_REPORT_MAX)
		pr_info("VM %s: %s of MSR 0x%x: not virtualized, #GP injected\n", vcpu->vm->name,
			write ? "WRMSR" : "RDMSR", msr);
	vcpu_inject_gp(vcpu);
	return EXIT_RESUME;
}

enum exit_result handle_rdmsr(struct vcpu *vcpu, struct exit_info *e)
{
	uint32_t msr = (uint32_t)vcpu->regs[GPR_RCX];
	bool ok;
	uint64_t v = msr_value(vcpu, msr, &ok);

	(void)e;
	if (!ok)
		return msr_deny(vcpu, msr, false);
	vcpu->regs[GPR_RAX] = (uint32_t)v;
	vcpu->regs[GPR_RDX] = v >> 32;
	return EXIT_ADVANCE;
}

enum exit_result handle_wrmsr(struct vcpu *vcpu, struct exit_info *e)
{
	uint32_t msr = (uint32_t)vcpu->regs[GPR_RCX];
	uint64_t v = (vcpu->regs[GPR_RDX] << 32) | (uint32_t)vcpu->regs[GPR_RAX];

	enum gw_rule rule;

	(void)e;
	if (!msr_write(vcpu, msr, v, &rule) || rule == GW_MSR_ABSENT)
		return msr_deny(vcpu, msr, true);
	if (rule != GW_OK) {
		guest_write_refuse(vcpu, rule, "WRMSR");
		return EXIT_RESUME;
	}
	return EXIT_ADVANCE;
}
