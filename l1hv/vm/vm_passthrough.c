/* SPDX-License-Identifier: MIT */
/*
 * The MSRs guests use directly (MSR-bitmap pass-through): which ones, which
 * this CPU has (vm_passthrough_probe in vm_vmcs.c fills the mask at boot),
 * and which accesses go straight to the hardware. Pure, host-tested.
 */
#include "l1hv/vm/vm_vmcs.h"

#include "common/free/x86.h"

/* The MSRs the guest uses directly (vm.h: the first VM_NR_SWAPPED_MSRS are
 * swapped per VM by vm_run). */
_Static_assert(VM_NR_SWAPPED_MSRS <= VM_NR_PASSTHROUGH_MSRS, "swapped MSRs are pass-through MSRs");
const uint32_t vm_passthrough_msrs[VM_NR_PASSTHROUGH_MSRS] = {
	MSR_IA32_STAR, MSR_IA32_LSTAR, MSR_IA32_CSTAR, MSR_IA32_FMASK,
	MSR_IA32_KERNEL_GS_BASE, MSR_IA32_TSC_AUX, MSR_IA32_FS_BASE, MSR_IA32_GS_BASE,
};
uint32_t vm_passthrough_present;

bool vm_passthrough_direct(unsigned i, bool write)
{
	/* WRMSR of TSC_AUX exits so that its reserved bits 63:32 get #GP on
	 * every CPU model (Bochs 2.7 truncates the value); guests write it once. */
	if (write && vm_passthrough_msrs[i] == MSR_IA32_TSC_AUX)
		return false;
	return vm_passthrough_present & (1u << i);
}

bool vm_passthrough_has(uint32_t msr)
{
	for (unsigned i = 0; i < VM_NR_PASSTHROUGH_MSRS; i++)
		if (vm_passthrough_msrs[i] == msr)
			return vm_passthrough_present & (1u << i);
	return false;
}
