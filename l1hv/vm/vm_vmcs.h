/* SPDX-License-Identifier: MIT */
#ifndef L1HV_VM_VMCS_H
#define L1HV_VM_VMCS_H

#include <stdbool.h>
#include <stdint.h>

#include "l1hv/vm/vm.h"

/* Allocates, clears and fills the VM's VMCS: controls, host state, and the
 * Multiboot entry state of the guest. Returns 0 or -1 with *why set. */
int vm_vmcs_setup(struct vcpu *vcpu, const char **why);

/* MSRs every guest of l1hv reads and writes without exits. */
#define VM_NR_PASSTHROUGH_MSRS 8
extern const uint32_t vm_passthrough_msrs[VM_NR_PASSTHROUGH_MSRS];
/* Bit i: this CPU implements vm_passthrough_msrs[i] (vm_passthrough_probe). */
extern uint32_t vm_passthrough_present;
/* Finds which pass-through MSRs this CPU model has, with the fault-safe
 * accessors, before any VM runs; returns how many it lacks. */
unsigned vm_passthrough_probe(void);
/* The guest accesses vm_passthrough_msrs[i] without an exit (read or write). */
bool vm_passthrough_direct(unsigned i, bool write);
/* msr is a pass-through MSR this CPU has (live in hardware while a VM runs). */
bool vm_passthrough_has(uint32_t msr);
/* MSR bitmap (SDM 25.6.9), for an MSR in 0-0x1FFF or 0xC0000000-0xC0001FFF:
 * a set bit makes the access exit. Read bitmap for low MSRs at byte 0, high
 * MSRs at 1024; write bitmaps at 2048 and 3072. */
static inline unsigned msr_bitmap_byte(uint32_t msr, bool write)
{
	return (msr >= 0xc0000000u ? 1024 : 0) + (write ? 2048 : 0) + (msr & 0x1fff) / 8;
}

static inline void msr_bitmap_set(uint8_t *bm, uint32_t msr, bool write, bool exits)
{
	uint8_t bit = (uint8_t)(1u << (msr % 8));

	if (exits)
		bm[msr_bitmap_byte(msr, write)] |= bit;
	else
		bm[msr_bitmap_byte(msr, write)] &= (uint8_t)~bit;
}

/* l1hv's own state as the host state of the current VMCS (SDM 25.5). */
void vm_vmcs_write_host_state(void);

struct vcpu;
struct vm;
/* The VM's trap bits (vcpu->vm->traps) into the current VMCS, its vmcs01. */
void vm_vmcs_apply_traps(const struct vcpu *vcpu);

/* The secondary processor-based controls of every VM's VMCS: what l1hv
 * wants that this CPU has. CPUID advertises RDTSCP, RDPID and INVPCID only
 * where these enable them (SDM 26.3; cpuid_policy.h). */
uint32_t vm_vmcs_secondary_controls(void);

/* CR0/CR4 bits the guest may not own: the VMX fixed bits (SDM 24.8, A.7,
 * A.8), relaxed for PE/PG by unrestricted guest (SDM 27.3.1.1). */
uint64_t vm_cr0_host_owned(void);
uint64_t vm_cr4_host_owned(void);

#endif
