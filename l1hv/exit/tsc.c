/* SPDX-License-Identifier: MIT */
/*
 * RDTSC and RDTSCP exits (trap=rdtsc: RDTSC exiting, SDM 26.1.3). The
 * guest reads what it would have read without the exit: the TSC plus the
 * current VMCS's TSC offset when "use TSC offsetting" is on (SDM 26.3,
 * "RDTSC"; TSC scaling is not used), RDTSCP also IA32_TSC_AUX, which is
 * live in the CPU while this VM runs (a passthrough MSR, vm_vmcs.c).
 */
#include "common/free/x86.h"
#include "l1hv/arch/fixup.h"
#include "l1hv/exit/exit.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmx_controls.h"


static void return_tsc(struct vcpu *vcpu)
{
	uint64_t tsc = rdtsc_ordered();

	if (vmcs_read(VMCS_CPU_BASED_VM_EXEC_CONTROL) & CPU_BASED_USE_TSC_OFFSETTING)
		tsc += vmcs_read(VMCS_TSC_OFFSET);
	vcpu->regs[GPR_RAX] = (uint32_t)tsc;
	vcpu->regs[GPR_RDX] = tsc >> 32;
}

enum exit_result handle_rdtsc(struct vcpu *vcpu, struct exit_info *e)
{
	(void)e;
	return_tsc(vcpu);
	return EXIT_ADVANCE;
}

/* RDTSCP exits only where this CPU has it, and so IA32_TSC_AUX; should the
 * MSR be missing all the same, the guest gets the #UD of a CPU without
 * RDTSCP (SDM Vol. 2B RDTSCP) instead of l1hv faulting. */
enum exit_result handle_rdtscp(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t aux;

	(void)e;
	if (!vm_passthrough_has(MSR_IA32_TSC_AUX) || !rdmsr_safe(MSR_IA32_TSC_AUX, &aux)) {
		vcpu_inject_ud(vcpu);
		return EXIT_RESUME;
	}
	return_tsc(vcpu);
	vcpu->regs[GPR_RCX] = (uint32_t)aux;
	return EXIT_ADVANCE;
}
