/* SPDX-License-Identifier: MIT */
/*
 * The vCPU as exit handlers and nested code read and change it: its
 * registers (GPRs in vcpu->regs and the current VMCS, CR0/CR4 as the guest
 * sees them, CPL), the MSRs l1hv virtualizes, and the events injected on
 * its next VM entry. Defined in vm/vcpu_regs.c (registers), exit/msr.c
 * (MSRs) and exit/dispatch.c (events).
 */
#ifndef L1HV_VM_VCPU_H
#define L1HV_VM_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "common/x86_arch.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmcs.h"

/* Event injection on the next VM entry (SDM 27.6: VM-entry event injection).
 * An exception raised while an interrupted event is being re-injected
 * combines with it as the processor would (SDM 6.15 Table 6-5): it replaces
 * it, becomes #DF, or is a triple fault that stops the VM. */
void vcpu_inject_exception(struct vcpu *vcpu, uint8_t vector, bool has_error, uint32_t error);
static inline void vcpu_inject_gp(struct vcpu *vcpu)
{
	vcpu_inject_exception(vcpu, X86_EXC_GP, true, 0);
}

static inline void vcpu_inject_ud(struct vcpu *vcpu)
{
	vcpu_inject_exception(vcpu, X86_EXC_UD, false, 0);
}

/* The guest's view of CR0/CR4 (SDM 26.3: MOV from CR reads the read
 * shadow for bits set in the guest/host mask, the real bit elsewhere). */
uint64_t vcpu_read_cr0(void);
uint64_t vcpu_read_cr4(void);

/* The MSRs l1hv virtualizes, as RDMSR/WRMSR of the guest running on the
 * current VMCS would see them (exit/msr.c); false where the guest would
 * get #GP. Also used for the VM-entry/exit MSR areas of nested VMX. */
bool vcpu_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *value);
bool vcpu_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t value);
/* IA32_MISC_ENABLE of a new VM (msr.c). */
uint64_t vcpu_misc_enable_reset(void);

/* A guest GPR in the SDM's numbering; RSP lives in the VMCS, the others
 * in vcpu->regs. Inline: it sits on the VMREAD/VMWRITE emulation path. */
static inline uint64_t vcpu_gpr_get(const struct vcpu *vcpu, unsigned gpr)
{
	return gpr == GPR_RSP ? vmcs_read(VMCS_GUEST_RSP) : vcpu->regs[gpr];
}

static inline void vcpu_gpr_set(struct vcpu *vcpu, unsigned gpr, uint64_t value)
{
	if (gpr == GPR_RSP)
		vmcs_write(VMCS_GUEST_RSP, value);
	else
		vcpu->regs[gpr] = value;
}

/* Current privilege level: SS.DPL (SDM 5.5: CPL is in CS/SS). */
unsigned vcpu_cpl(void);

#endif
