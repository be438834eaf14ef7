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
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/canonical.h"

#define MSR_DENIED_REPORT_MAX 8
#define EFER_WRITABLE   (X86_EFER_SCE | X86_EFER_LME | X86_EFER_NXE)

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

static uint64_t msr_value(struct vm *vm, uint32_t msr, bool *ok)
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
	/* No local APIC is emulated: report it globally disabled (bit 11 = 0). */
	/* Locked, VMX not enabled: matches CPUID without VMX. */
	case MSR_IA32_FEATURE_CONTROL: return FEATURE_CONTROL_LOCKED;
	case MSR_IA32_MISC_ENABLE:  return vm->misc_enable;
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
		if (vlapic_msr_read(vm, msr, &v, &gp)) {
			*ok = !gp;
			return v;
		}
		*ok = false;
		return 0;
	}
}

/* SDM 11.12.2: PAT entries must be a defined memory type (0, 1, 4-7). */
static bool pat_valid(uint64_t pat)
{
	for (int i = 0; i < 8; i++) {
		uint8_t t = (pat >> (8 * i)) & 0xff;
		if (t > 7 || t == 2 || t == 3)
			return false;
	}
	return true;
}

/* WRMSR of a non-canonical base is #GP (SDM Vol. 2B WRMSR); canonical for
 * the processor's linear-address width (SDM 3.3.7.1, CPUID 0x80000008). */
static bool canonical(uint64_t v)
{
	return x86_canonical(v, nested_la_width());
}

static bool msr_write(struct vm *vm, uint32_t msr, uint64_t v)
{
	bool gp;

	switch (msr) {
	case MSR_IA32_EFER: {
		uint64_t old = vmcs_read(VMCS_GUEST_IA32_EFER);
		if (v & ~(EFER_WRITABLE | X86_EFER_LMA))
			return false;
		/* SDM 10.8.5: LME cannot change while paging is on; LMA is set by
		 * the processor only, so a written LMA is ignored. */
		if ((vcpu_read_cr0() & X86_CR0_PG) &&
		    ((old ^ v) & X86_EFER_LME))
			return false;
		vmcs_write(VMCS_GUEST_IA32_EFER, (v & ~X86_EFER_LMA) | (old & X86_EFER_LMA));
		return true;
	}
	case MSR_IA32_PAT:
		if (!pat_valid(v))
			return false;
		vmcs_write(VMCS_GUEST_IA32_PAT, v);
		return true;
	case MSR_IA32_SYSENTER_CS:  vmcs_write(VMCS_GUEST_SYSENTER_CS, v & 0xffffffff); return true;
	/* WRMSR of a non-canonical SYSENTER_ESP/EIP is #GP (SDM Vol. 2B WRMSR);
	 * taken into the VMCS it would fail the next VM entry (SDM 26.3.1.1). */
	case MSR_IA32_SYSENTER_ESP: case MSR_IA32_SYSENTER_EIP:
		if (!canonical(v))
			return false;
		vmcs_write(msr == MSR_IA32_SYSENTER_ESP ? VMCS_GUEST_SYSENTER_ESP
							: VMCS_GUEST_SYSENTER_EIP, v);
		return true;
	case MSR_IA32_MISC_ENABLE:
		if ((v ^ vm->misc_enable) & ~MISC_ENABLE_WRITABLE)
			return false;
		vm->misc_enable = v;
		return true;
	/* The hardware checks what it reserves (the fault becomes #GP for the
	 * guest); these checks come first so the answer does not depend on
	 * how a CPU model treats them. */
	case MSR_IA32_STAR: case MSR_IA32_FMASK: case MSR_IA32_TSC_AUX:
		if (msr == MSR_IA32_TSC_AUX && (v >> 32))
			return false;
		return passthrough_write(msr, v);
	case MSR_IA32_LSTAR: case MSR_IA32_CSTAR: case MSR_IA32_KERNEL_GS_BASE:
		if (!canonical(v))
			return false;
		return passthrough_write(msr, v);
	case MSR_IA32_FS_BASE: case MSR_IA32_GS_BASE:
		if (!canonical(v))
			return false;
		vmcs_write(msr == MSR_IA32_FS_BASE ? VMCS_GUEST_FS_BASE : VMCS_GUEST_GS_BASE, v);
		return true;
	default:
		return vlapic_msr_write(vm, msr, v, &gp) && !gp;
	}
}

bool vcpu_msr_read(struct vm *vm, uint32_t msr, uint64_t *value)
{
	bool ok;

	*value = msr_value(vm, msr, &ok);
	return ok;
}

bool vcpu_msr_write(struct vm *vm, uint32_t msr, uint64_t value)
{
	return msr_write(vm, msr, value);
}

static enum exit_result msr_deny(struct vm *vm, uint32_t msr, bool write)
{
	if (vm->stats.counter[VM_STAT_MSR_DENIED]++ < MSR_DENIED_REPORT_MAX)
		pr_info("VM %s: %s of MSR 0x%x: not virtualized, #GP injected\n", vm->name,
			write ? "WRMSR" : "RDMSR", msr);
	vcpu_inject_gp(vm);
	return EXIT_RESUME;
}

enum exit_result handle_rdmsr(struct vm *vm, struct exit_info *e)
{
	uint32_t msr = (uint32_t)vm->regs[GPR_RCX];
	bool ok;
	uint64_t v = msr_value(vm, msr, &ok);

	(void)e;
	if (!ok)
		return msr_deny(vm, msr, false);
	vm->regs[GPR_RAX] = (uint32_t)v;
	vm->regs[GPR_RDX] = v >> 32;
	return EXIT_ADVANCE;
}

enum exit_result handle_wrmsr(struct vm *vm, struct exit_info *e)
{
	uint32_t msr = (uint32_t)vm->regs[GPR_RCX];
	uint64_t v = (vm->regs[GPR_RDX] << 32) | (uint32_t)vm->regs[GPR_RAX];

	(void)e;
	if (!msr_write(vm, msr, v))
		return msr_deny(vm, msr, true);
	return EXIT_ADVANCE;
}
