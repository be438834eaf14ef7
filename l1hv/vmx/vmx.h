/* SPDX-License-Identifier: MIT */
/* VMX root operation on this CPU: detection, VMXON, control selection. */
#ifndef L1HV_VMX_H
#define L1HV_VMX_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs12/vmx_caps.h"

struct vmx_cpu {
	struct vmx_caps caps;       /* the capability MSRs of the CPU we run on */
	uint32_t revision_id;
	uint64_t vmxon_region;      /* physical address */
	bool has_shadow_vmcs;
	bool has_unrestricted_guest;
	bool has_vpid;
	bool has_preemption_timer;        /* pin-based control allowed to be 1 */
	bool saves_preemption_timer;      /* "save VMX-preemption timer value" too */
	uint64_t vmx_misc;
};

extern struct vmx_cpu vmx_cpu;

/*
 * Checks CPUID and the capability MSRs, enables VMX in CR4 and
 * IA32_FEATURE_CONTROL and executes VMXON. On failure returns a negative
 * code and *why names the problem and the fix.
 */
int vmx_enable(const char **why);

/*
 * Control value with the bits in want that the capability MSR allows,
 * plus every bit it requires (SDM A.3: allowed-0 settings in bits 31:0,
 * allowed-1 in bits 63:32). *missing gets wanted bits that are not allowed.
 */
static inline uint32_t vmx_adjust_controls(uint64_t cap_msr, uint32_t want, uint32_t *missing)
{
	uint32_t must1 = (uint32_t)cap_msr, may1 = (uint32_t)(cap_msr >> 32);

	if (missing)
		*missing = want & ~may1;
	return (want & may1) | must1;
}

#endif
