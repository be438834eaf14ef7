/* SPDX-License-Identifier: MIT */
/*
 * The architectural state that VM entry and VM exit neither load nor save
 * (SDM 27.3, 28.3, 28.5) and that a guest reads and writes without an exit:
 * x87/SSE/AVX/AVX-512 and PKRU (every user component of XSAVE, with the
 * guest's XCR0), DR0-DR3 and DR6, and CR2. Each VM
 * has its own copy, loaded when l1hv starts running it and saved when it
 * stops, so no VM finds another's registers; the first load gives the
 * values of a reset CPU (SDM 9.1.1). DR7, the segment registers and the
 * MSRs in the VMCS are VMX's own business; the pass-through MSRs are vm.c's.
 * CR8 is not here: every MOV to or from it exits (vm_vmcs.c, and in vmcs02
 * unless L1 gives L2 a TPR shadow), because it is the virtual APIC's TPR
 * (vlapic.h); the CPU's own TPR never holds a guest's value.
 */
#ifndef L1HV_VCPU_STATE_H
#define L1HV_VCPU_STATE_H

#include <stdint.h>

struct vcpu_cpu_state {
	uint64_t xsave_area;      /* physical address, XSAVE (or FXSAVE) layout */
	uint64_t xcr0;
	uint64_t dr[4], dr6, cr2;
};

struct vcpu;
struct vm;

/* The area, with a reset CPU's state; -1 if the VM's quota has no page. */
int vcpu_state_init(struct vcpu *vcpu);
void vcpu_state_load(struct vcpu *vcpu);
void vcpu_state_save(struct vcpu *vcpu);

/* The XSAVE components l1hv saves and restores for each VM (0 without
 * XSAVE): the most a guest's XCR0 can hold (cpuid_policy.h). */
uint64_t vcpu_state_xsave_components(void);
/* The running guest's XCR0, between its VM exit and the next entry (l1hv
 * itself leaves XCR0 alone there); XCR0_X87 on a CPU without XSAVE. */
uint64_t vcpu_state_guest_xcr0(void);

#endif
