/* SPDX-License-Identifier: MIT */
/*
 * Which entries of the VMX MSR areas the processor refuses before it even
 * tries the RDMSR/WRMSR (SDM Vol. 3C 27.4 "Loading MSRs" on VM entry,
 * 28.4 "Saving MSRs" and 28.6 "Loading MSRs" on VM exit). An entry is 16
 * bytes: MSR index in bits 31:0, reserved bits 63:32, value in 127:64
 * (SDM 25.7.2, Table 25-15). What the RDMSR/WRMSR itself refuses (#GP) is
 * the caller's second test.
 */
#ifndef NESTLAB_VMX_MSR_AREA_H
#define NESTLAB_VMX_MSR_AREA_H

#include <stdbool.h>
#include <stdint.h>

#include "common/x86_arch.h"

enum vmx_msr_area {
	VMX_MSR_AREA_ENTRY_LOAD,   /* VM-entry MSR-load area (27.4) */
	VMX_MSR_AREA_EXIT_STORE,   /* VM-exit MSR-store area (28.4) */
	VMX_MSR_AREA_EXIT_LOAD,    /* VM-exit MSR-load area (28.6) */
};

/*
 * False if the processor fails the entry without accessing the MSR:
 * reserved bits 63:32 set; an x2APIC-register MSR (bits 31:8 = 000008H: the
 * SDM refuses them in x2APIC mode, and WRMSR/RDMSR #GP outside it, so they
 * never succeed); an SMM-only MSR (nestlab's VMX never runs in SMM:
 * IA32_SMBASE is readable and IA32_SMM_MONITOR_CTL writable only there); and,
 * for the load areas, FS_BASE/GS_BASE, which the guest- and host-state
 * areas hold instead, IA32_SMBASE, and the microcode-update trigger, which
 * processors do not load from these areas ("model-specific reasons";
 * KVM refuses it too). The one rule for the VM-entry checks (vmcs12/) and
 * for l1hv's loads and stores (nested_msr_areas.c).
 */
static inline bool vmx_msr_area_entry_allowed(enum vmx_msr_area area, uint32_t index,
					      uint32_t reserved)
{
	if (reserved || (index >> 8) == (MSR_IA32_X2APIC_FIRST >> 8) || index == MSR_IA32_SMBASE)
		return false;
	if (area == VMX_MSR_AREA_EXIT_STORE)
		return true;
	return index != MSR_IA32_SMM_MONITOR_CTL && index != MSR_IA32_FS_BASE &&
	       index != MSR_IA32_GS_BASE && index != MSR_IA32_UCODE_WRITE;
}

/*
 * The most entries an MSR area may have: IA32_VMX_MISC[27:25] recommends
 * 512 * (N + 1) (SDM A.6), and beyond it the processor may do anything.
 * nestlab fails the first entry past it, as KVM does, so that no L1 makes
 * its hypervisor walk billions of entries on every transition.
 */
static inline uint32_t vmx_msr_area_max(uint64_t vmx_misc)
{
	return 512u * (uint32_t)(((vmx_misc >> 25) & 7) + 1);
}

#endif
