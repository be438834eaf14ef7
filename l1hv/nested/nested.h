/* SPDX-License-Identifier: MIT */
/*
 * Nested VMX: what l1hv offers a guest hypervisor (L1) when started with
 * nested=on. This layer owns the emulated VMX capability MSRs, L1's VMX
 * operation state (VMXON region, current VMCS pointer) and the emulation
 * of the VMX instructions L1 executes (nested_insn.c).
 */
#ifndef L1HV_NESTED_H
#define L1HV_NESTED_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_caps.h"

#define NESTED_NO_VMCS  (~0ull)    /* VMPTRST's answer without a current VMCS */

/* Per-vCPU state of L1's VMX operation (SDM 24.7, 25.1). */
struct nested_vcpu {
	bool vmxon;                /* L1 is in VMX operation */
	uint64_t vmxon_ptr;        /* L1-physical address of its VMXON region */
	uint64_t current_vmptr;    /* L1-physical address of the current VMCS */
	struct vmcs12 *vmcs12;     /* that VMCS, in L1's memory; NULL if none */
};

/* The capability MSRs l1hv reports to L1: the hardware's, masked to what
 * nested support implements (vmx_caps_nested). Set by nested_setup(). */
extern struct vmx_caps nested_caps;
extern bool nested_enabled;

void nested_setup(bool enable);
/* RDMSR of IA32_FEATURE_CONTROL and the IA32_VMX_* MSRs for an L1. */
bool nested_msr_read(uint32_t msr, uint64_t *value);

#endif
