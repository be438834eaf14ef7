/* SPDX-License-Identifier: MIT */
/*
 * CPUID (exits unconditionally, SDM 26.1.2): the nestlab leaves, and for
 * every other leaf the guest's CPUID of cpuid.h, with OSXSAVE, OSPKE and
 * the XSAVE sizes following the guest's CR4 and XCR0.
 */
#include "l1hv/exit/cpuid.h"

#include "common/hypercall_abi.h"
#include "l1hv/arch/cpuid_policy.h"
#include "l1hv/exit/exit.h"
#include "l1hv/time/tsc_freq.h"
#include "l1hv/level.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vcpu_state.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmx_controls.h"

/*
 * The host's answers do not change while l1hv runs, so under a parent
 * hypervisor, where every CPUID of ours is an exit of our own, each is
 * asked once and kept (what KVM's CPUID table avoids too). At level 0
 * CPUID is one instruction and the table would only cost. A full table
 * asks every time: slower, never wrong.
 */
#define HOST_TABLE_SIZE 128

static struct host_cpuid_entry {
	bool valid;
	uint32_t leaf, subleaf;
	struct cpuid_regs r;
} host_table[HOST_TABLE_SIZE];

static struct cpuid_regs host_cpuid(uint32_t leaf, uint32_t subleaf)
{
	unsigned h = (leaf * 31u + subleaf + (leaf >> 24)) % HOST_TABLE_SIZE;

	if (!l1hv_level)
		return cpuid(leaf, subleaf);
	for (unsigned i = 0; i < HOST_TABLE_SIZE; i++) {
		struct host_cpuid_entry *c = &host_table[(h + i) % HOST_TABLE_SIZE];
		if (c->valid && c->leaf == leaf && c->subleaf == subleaf)
			return c->r;
		if (!c->valid) {
			c->r = cpuid(leaf, subleaf);
			c->leaf = leaf;
			c->subleaf = subleaf;
			c->valid = true;
			return c->r;
		}
	}
	return cpuid(leaf, subleaf);
}

static struct cpuid_regs compute_guest_cpuid(uint32_t leaf, uint32_t subleaf)
{
	uint32_t proc2 = vm_vmcs_secondary_controls();
	struct cpuid_offer offer = {
		.vmx = nested_enabled,
		.rdtscp = proc2 & SECONDARY_EXEC_ENABLE_RDTSCP,
		.invpcid = proc2 & SECONDARY_EXEC_ENABLE_INVPCID,
		.xcr0 = vcpu_state_xsave_components(),
		.tsc_khz = tsc_khz,
	};

	return cpuid_policy(&offer, host_cpuid, leaf, subleaf);
}

/*
 * The guest's answers, the same for every VM of the run, each computed on
 * first use: one slot per leaf without subleaves, one per subleaf below
 * 64 of the six leaves with them (no leaf defines more). The slots are
 * fixed, so no VM's CPUIDs can crowd out another's: a subleaf beyond 63
 * is computed each time, at the asking VM's cost.
 */
#define NR_BASIC     (CPUID_POLICY_MAX_BASIC + 1)
#define NR_EXT       (CPUID_POLICY_MAX_EXT - 0x80000000u + 1)
#define NR_SUBLEAVES 64

static struct cpuid_slot {
	bool valid;
	struct cpuid_regs r;
} by_leaf[NR_BASIC + NR_EXT], by_subleaf[CPUID_POLICY_NR_SUBLEAF_LEAVES][NR_SUBLEAVES];

static struct cpuid_slot *slot(uint32_t leaf, uint32_t subleaf)
{
	int k = cpuid_policy_subleaf_leaf_index(leaf);

	if (k >= 0)
		return subleaf < NR_SUBLEAVES ? &by_subleaf[k][subleaf] : NULL;
	if (leaf < NR_BASIC)
		return &by_leaf[leaf];
	if (leaf >= 0x80000000u && leaf - 0x80000000u < NR_EXT)
		return &by_leaf[NR_BASIC + (leaf - 0x80000000u)];
	return NULL;
}

/* An answering leaf's answer (cpuid_policy_leaf). */
static struct cpuid_regs answer(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_slot *s;

	subleaf = cpuid_policy_subleaf(leaf, subleaf);
	if (!(s = slot(leaf, subleaf)))
		return compute_guest_cpuid(leaf, subleaf);
	if (!s->valid) {
		s->r = compute_guest_cpuid(leaf, subleaf);
		s->valid = true;
	}
	return s->r;
}

static uint32_t answering_leaf(uint32_t leaf)
{
	static uint32_t max_basic, max_ext;    /* the guest's, asked once */

	if (!max_ext) {
		max_basic = answer(0, 0).eax;
		max_ext = answer(0x80000000, 0).eax;
	}
	return cpuid_policy_leaf(max_basic, max_ext, leaf);
}

struct cpuid_regs guest_cpuid(uint32_t leaf, uint32_t subleaf)
{
	return answer(answering_leaf(leaf), subleaf);
}

static uint32_t sig_word(const char *s, int i)
{
	return (uint32_t)s[i] | (uint32_t)s[i + 1] << 8 | (uint32_t)s[i + 2] << 16 |
	       (uint32_t)s[i + 3] << 24;
}

/* The hypervisor leaves l1hv defines (common/hypercall_abi.h): out of
 * line, off the path of the leaves guests ask all the time. */
static __attribute__((noinline)) struct cpuid_regs hypervisor_leaf(struct vcpu *vcpu, uint32_t leaf)
{
	switch (leaf) {
	case NESTLAB_CPUID_VENDOR:
		return (struct cpuid_regs){ .eax = NESTLAB_CPUID_TIMING,
					    .ebx = sig_word(NESTLAB_CPUID_SIGNATURE, 0),
					    .ecx = sig_word(NESTLAB_CPUID_SIGNATURE, 4),
					    .edx = sig_word(NESTLAB_CPUID_SIGNATURE, 8) };
	case NESTLAB_CPUID_INFO:
		return (struct cpuid_regs){ .eax = l1hv_level, .ebx = NESTLAB_HC_ABI_VERSION,
					    .ecx = vcpu->vm->traps };
	case NESTLAB_CPUID_TIMING:
		return (struct cpuid_regs){ .eax = tsc_khz, .ebx = tsc_khz };
	default:
		return (struct cpuid_regs){ 0 };
	}
}

enum exit_result handle_cpuid(struct vcpu *vcpu, struct exit_info *e)
{
	uint32_t leaf = (uint32_t)vcpu->regs[GPR_RAX], sub = (uint32_t)vcpu->regs[GPR_RCX];
	struct cpuid_regs r;

	(void)e;
	if (leaf - NESTLAB_CPUID_VENDOR <= NESTLAB_CPUID_TIMING - NESTLAB_CPUID_VENDOR) {
		r = hypervisor_leaf(vcpu, leaf);
	} else {
		leaf = answering_leaf(leaf);
		r = answer(leaf, sub);
		if (cpuid_policy_is_live(leaf))
			cpuid_policy_live(host_cpuid, leaf, sub, &(struct cpuid_live_state){
						  .cr4 = vcpu_read_cr4(),
						  .xcr0 = vcpu_state_guest_xcr0(),
						  .apic_enabled = vlapic_enabled(&vcpu->lapic) },
					  &r);
	}
	/* 32-bit results zero-extend into the 64-bit registers. */
	vcpu->regs[GPR_RAX] = r.eax;
	vcpu->regs[GPR_RBX] = r.ebx;
	vcpu->regs[GPR_RCX] = r.ecx;
	vcpu->regs[GPR_RDX] = r.edx;
	return EXIT_ADVANCE;
}
