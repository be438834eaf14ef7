/* SPDX-License-Identifier: MIT */
/*
 * The MSR areas of vmcs12 (SDM 25.7.2, 25.8.2): MSRs loaded on VM entry to
 * L2, stored on VM exit from L2, loaded on VM exit into L1. Each entry is
 * 16 bytes in L1 memory: MSR index (bits 31:0), reserved, value. The entry
 * checks (vmcs12/) have already validated the load area's format; here the
 * values are applied as the guest's own RDMSR/WRMSR would, on the VMCS of
 * the side they belong to.
 */
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_msr_area.h"

struct msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};
_Static_assert(sizeof(struct msr_entry) == 16, "MSR-area entry (SDM Table 25-15)");

/* The limit L1 sees in its IA32_VMX_MISC (the host's N, nested_caps.c). */
static uint32_t msr_area_max(void)
{
	return vmx_msr_area_max(vmx_cpu.caps.misc);
}

/* Loads count entries at gpa through the current VMCS, with the rules of
 * the given load area. Returns 0, or the 1-based number of the entry that
 * failed (SDM 27.4: it is the exit qualification of the VM-entry failure). */
uint32_t nested_msr_area_load_n(struct vcpu *vcpu, enum vmx_msr_area area, uint64_t gpa,
				uint32_t count)
{
	uint32_t max = msr_area_max();

	for (uint32_t i = 0; i < count; i++) {
		struct msr_entry e;

		if (i == max || !vm_read_phys(vcpu->vm, gpa + 16ull * i, &e, sizeof(e)) ||
		    !vmx_msr_area_entry_allowed(area, e.index, e.reserved) ||
		    !vcpu_msr_write(vcpu, e.index, e.value))
			return i + 1;
	}
	return 0;
}

/* Stores the current values of the MSRs listed at gpa (SDM 28.4). Returns
 * 0, or the 1-based number of the entry that could not be stored. */
uint32_t nested_msr_area_store_n(struct vcpu *vcpu, uint64_t gpa, uint32_t count)
{
	uint32_t max = msr_area_max();

	for (uint32_t i = 0; i < count; i++) {
		struct msr_entry e;

		if (i == max || !vm_read_phys(vcpu->vm, gpa + 16ull * i, &e, sizeof(e)) ||
		    !vmx_msr_area_entry_allowed(VMX_MSR_AREA_EXIT_STORE, e.index, e.reserved) ||
		    !vcpu_msr_read(vcpu, e.index, &e.value) ||
		    !vm_write_phys(vcpu->vm, gpa + 16ull * i + 8, &e.value, sizeof(e.value)))
			return i + 1;
	}
	return 0;
}
