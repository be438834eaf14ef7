/* SPDX-License-Identifier: MIT */
/*
 * The guest's control registers and privilege level as the guest sees
 * them, read from the current VMCS, and which CR0/CR4 bits l1hv owns. Pure
 * over the VMCS accessors, so the host unit tests use these very functions
 * (with a software VMCS).
 */
#include "common/free/x86.h"
#include "l1hv/exit/guest_write_inputs.h"
#include "l1hv/vm/vcpu.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"

uint64_t vcpu_read_cr0(void)
{
	uint64_t mask = vmcs_read(VMCS_CR0_GUEST_HOST_MASK);

	return (vmcs_read(VMCS_GUEST_CR0) & ~mask) | (vmcs_read(VMCS_CR0_READ_SHADOW) & mask);
}

uint64_t vcpu_read_cr4(void)
{
	uint64_t mask = vmcs_read(VMCS_CR4_GUEST_HOST_MASK);

	return (vmcs_read(VMCS_GUEST_CR4) & ~mask) | (vmcs_read(VMCS_CR4_READ_SHADOW) & mask);
}

unsigned vcpu_cpl(void)
{
	return (vmcs_read32(VMCS_GUEST_SS_AR_BYTES) >> 5) & 3;
}

/* CR0: the VMX fixed bits, and CD and NW. Neither VM entry nor VM exit
 * loads CD or NW (SDM 27.3.2.1, 28.5.1): a guest that owned them would set
 * the caching of l1hv and of every VM after it. They are the guest's in the
 * read shadow only, without effect on caching (as KVM does, SDM 11.5.3). */
uint64_t vm_cr0_host_owned(void)
{
	const struct vmx_caps *c = &vmx_cpu.caps;

	return ((c->cr0_fixed0 | ~c->cr0_fixed1) & ~(X86_CR0_PE | X86_CR0_PG) & 0xffffffffull) |
	       X86_CR0_CD | X86_CR0_NW;
}

/* CR4: the VMX fixed bits, and every bit the guest's CPUID leaves
 * reserved (SDM 2.5.1) that the CPU would let the guest set without an
 * exit (SMXE on a CPU with SMX, which CPUID hides, say): setting one must
 * be the guest's #GP (cr.c), not a feature it was never offered. Bits
 * 63:32 are reserved for the CPU too, which checks them itself. */
uint64_t vm_cr4_host_owned(void)
{
	const struct vmx_caps *c = &vmx_cpu.caps;

	return (c->cr4_fixed0 | ~c->cr4_fixed1 | gw_cr4_reserved(guest_cpu_facts())) &
	       0xffffffffull;
}
