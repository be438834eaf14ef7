/* SPDX-License-Identifier: MIT */
/*
 * The inputs of the guest-write rules (l1hv/arch/guest_write_rules.h) for
 * the vCPU on the current VMCS: what its CPUID says and the state it is in.
 */
#ifndef L1HV_EXIT_GUEST_WRITE_INPUTS_H
#define L1HV_EXIT_GUEST_WRITE_INPUTS_H

#include "l1hv/arch/guest_write_rules.h"
#include "l1hv/vm/vm.h"

/* The CPUID words the guest sees (exit/cpuid.c's filter of the host's:
 * VMX only with nested=on, never SMX); read once, they do not change. */
const struct gw_cpu_facts *guest_cpu_facts(void);
/* The guest's CR0/CR3/CR4/EFER as it sees them, CS.L, TR, CPL, VMX operation. */
struct gw_state guest_write_state(const struct vcpu *vcpu);
/* Injects the rule's exception (#GP(0) or #UD); what names the write
 * ("MOV to CR0") in the console line of the first refusals. */
void guest_write_refuse(struct vcpu *vcpu, enum gw_rule rule, const char *what);

#endif
