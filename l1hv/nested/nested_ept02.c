/* SPDX-License-Identifier: MIT */
/*
 * ept02: the EPT the CPU uses while L2 runs, mapping L2-physical to
 * host-physical. It is the composition of L1's EPT (ept12, in L1 memory)
 * with L0's map of L1 (contiguous: L1-physical + mem_hpa), built one 4 KiB
 * page per EPT violation and thrown away when L1 invalidates (INVEPT,
 * VMXOFF) or switches to another EPTP. An L1 without EPT gives its guest
 * its own physical memory: then ept02 maps L1's memory directly.
 */
#include "l1hv/nested/ept12_walk.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vmx/ept.h"
#include "l1hv/vmx/vmcs.h"
#include "exit-reflect/exit_qual.h"

#define NO_EPT12 (~0ull)

void nested_ept02_flush(struct vcpu *vcpu)
{
	struct nested_vcpu *n = &vcpu->nested;

	if (!n->ept02_pml4)
		return;
	ept_destroy(n->ept02_pml4, &vcpu->vm->pages);
	ept_invalidate(ept_pointer(n->ept02_pml4));
	n->ept02_pml4 = 0;
	n->ept02_for = ~0ull - 1;
}

static uint64_t ept12_of(const struct vmcs12 *v)
{
	uint64_t proc = vmcs12_read(v, VMCS_CPU_BASED_VM_EXEC_CONTROL);
	uint64_t proc2 = vmcs12_read(v, VMCS_SECONDARY_VM_EXEC_CONTROL);

	if ((proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) && (proc2 & SECONDARY_EXEC_ENABLE_EPT))
		return vmcs12_read(v, VMCS_EPT_POINTER);
	return NO_EPT12;
}

/* A new, empty ept02 for the EPTP want, made the one vmcs02 (current)
 * runs with; false if the VM's page quota has no room. */
static bool ept02_build(struct vcpu *vcpu, uint64_t want)
{
	struct nested_vcpu *n = &vcpu->nested;

	if (!(n->ept02_pml4 = ept_create(&vcpu->vm->pages)))
		return false;
	n->ept02_for = want;
	/* Without EPT12, L2-physical is L1-physical: map all of L1 now. */
	if (want == NO_EPT12 &&
	    ept_map(n->ept02_pml4, 0, vcpu->vm->mem_hpa, vcpu->vm->mem_size, EPT_RWX, &vcpu->vm->pages)) {
		nested_ept02_flush(vcpu);
		return false;
	}
	/* Also on the hot entry path, which does not rewrite the controls:
	 * after INVEPT the old hierarchy is gone. */
	vmcs_write(VMCS_EPT_POINTER, ept_pointer(n->ept02_pml4));
	return true;
}

bool nested_ept02_prepare(struct vcpu *vcpu)
{
	struct nested_vcpu *n = &vcpu->nested;
	uint64_t want = ept12_of(n->vmcs12);

	if (n->ept02_pml4 && n->ept02_for == want)
		return true;
	nested_ept02_flush(vcpu);
	return ept02_build(vcpu, want);
}

static enum ept12_access access_of(uint64_t qual)
{
	if (qual & EXIT_QUAL_EPT_FETCH)
		return EPT12_ACCESS_FETCH;
	if (qual & EXIT_QUAL_EPT_WRITE)
		return EPT12_ACCESS_WRITE;
	return EPT12_ACCESS_READ;
}

bool nested_ept12_env(struct vcpu *vcpu, struct ept12_env *env)
{
	const struct nested_vcpu *n = &vcpu->nested;

	*env = (struct ept12_env){
		.ept_vpid_cap = nested_caps.ept_vpid_cap,
		.maxphyaddr = (uint8_t)nested_maxphyaddr(),
		.read_phys = vm_read_phys, .ctx = vcpu->vm,
	};
	/* ept02 is built for the EPTP L2 runs with; the entry checks refused
	 * an EPTP that does not decode. */
	return n->ept02_pml4 && n->ept02_for != NO_EPT12 &&
	       ept12_eptp_decode(n->ept02_for, nested_caps.ept_vpid_cap, nested_maxphyaddr(),
				 &env->eptp) == EPT12_EPTP_OK;
}

enum ept02_fault nested_ept02_fault(struct vcpu *vcpu, uint64_t l2_gpa, uint64_t qual,
				    uint64_t *qual12, uint64_t *l1_gpa)
{
	struct nested_vcpu *n = &vcpu->nested;
	struct ept12_env env;
	struct ept12_result r;
	uint64_t page = l2_gpa & ~0xfffull;

	*qual12 = qual;
	*l1_gpa = 0;
	if (!nested_ept12_env(vcpu, &env))
		return EPT02_L1_VIOLATION;   /* all of L1 is mapped: not ept02's doing */
	if (ept12_walk(&env, page, access_of(qual), &r) != EPT12_OK) {
		if (nested_ept12_misconfig(r.status))
			return EPT02_L1_MISCONFIG;
		/* L1's EPT forbids it: L1 gets the violation, with the
		 * permission bits of its own EPT (SDM 28.2.1 Table 28-7). */
		if (r.status == EPT12_VIOLATION)
			*qual12 = (qual & ~0x38ull) | (r.exit_qual & 0x38ull);
		return EPT02_L1_VIOLATION;
	}
	*l1_gpa = r.gpa | (l2_gpa & 0xfffull);   /* the walk was of the page */
	if (!vm_gpa_to_hva(vcpu->vm, r.gpa & ~0xfffull, 4096))
		return EPT02_OUTSIDE_L1;   /* L1 mapped memory it does not have */
	uint64_t hpa = vcpu->vm->mem_hpa + (r.gpa & ~0xfffull), perms = r.perms & EPT_RWX;
	if (!ept_map(n->ept02_pml4, page, hpa, 4096, perms, &vcpu->vm->pages))
		return EPT02_FILLED;
	/* The VM's page quota is used up: drop ept02 and let L2's accesses
	 * fault it back in, as KVM zaps its shadow pages (kvm_mmu_zap_*) when
	 * it reaches its MMU page limit. The fixed structures stay. */
	uint64_t want = n->ept02_for;
	nested_ept02_flush(vcpu);
	vcpu->stats.counter[VM_STAT_EPT02_RECLAIMS]++;
	if (!ept02_build(vcpu, want) || ept_map(n->ept02_pml4, page, hpa, 4096, perms, &vcpu->vm->pages))
		return EPT02_NO_ROOM;
	return EPT02_FILLED;
}
