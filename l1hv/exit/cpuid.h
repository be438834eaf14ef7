/* SPDX-License-Identifier: MIT */
/*
 * The guest's CPUID: l1hv/arch/cpuid_policy.h applied to this CPU and to
 * what l1hv offers in this run (VMX with nested=on, the secondary controls
 * of vm_vmcs.c, the XSAVE components of vcpu_state.c). Every VM of a run
 * sees the same answers; handle_cpuid adds the bits that follow the
 * guest's own CR4 and XCR0, and the nestlab leaves.
 */
#ifndef L1HV_EXIT_CPUID_H
#define L1HV_EXIT_CPUID_H

#include <stdint.h>

#include "common/free/x86.h"

/* The answer for (leaf, subleaf) that does not depend on the guest's state. */
struct cpuid_regs guest_cpuid(uint32_t leaf, uint32_t subleaf);

#endif
