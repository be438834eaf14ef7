/* SPDX-License-Identifier: MIT */
/*
 * CPUID (exits unconditionally, SDM 26.1.2): the host's answer, filtered.
 * Guests see VMX only with nested=on; they never see SMX, MONITOR/MWAIT
 * (l1hv makes them #UD) or x2APIC/TSC-deadline (no APIC is emulated); they
 * do see the hypervisor-present bit and the nestlab leaves.
 */
#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "l1hv/exit/exit.h"
#include "l1hv/level.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vmx/vmcs.h"

/*
 * The host's CPUID answers do not change while l1hv runs, so each
 * (leaf, subleaf) is asked once and kept: under a parent hypervisor every
 * CPUID of ours is an exit of our own (what KVM's CPUID table avoids too).
 */
#define CPUID_CACHE_SIZE 64

static struct cpuid_cache_entry {
	bool valid;
	uint32_t leaf, subleaf;
	struct cpuid_regs r;
} cpuid_cache[CPUID_CACHE_SIZE];

static struct cpuid_regs cpuid_cached(uint32_t leaf, uint32_t subleaf)
{
	unsigned h = (leaf * 31u + subleaf + (leaf >> 24)) % CPUID_CACHE_SIZE;

	for (unsigned i = 0; i < CPUID_CACHE_SIZE; i++) {
		struct cpuid_cache_entry *c = &cpuid_cache[(h + i) % CPUID_CACHE_SIZE];
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
	return cpuid(leaf, subleaf);   /* cache full: ask every time */
}

static uint32_t sig_word(const char *s, int i)
{
	return (uint32_t)s[i] | (uint32_t)s[i + 1] << 8 | (uint32_t)s[i + 2] << 16 |
	       (uint32_t)s[i + 3] << 24;
}

enum exit_result handle_cpuid(struct vm *vm, struct exit_info *e)
{
	uint32_t leaf = (uint32_t)vm->regs[GPR_RAX], sub = (uint32_t)vm->regs[GPR_RCX];
	struct cpuid_regs r;

	(void)e;
	switch (leaf) {
	case NESTLAB_CPUID_VENDOR:
		r.eax = NESTLAB_CPUID_INFO;
		r.ebx = sig_word(NESTLAB_CPUID_SIGNATURE, 0);
		r.ecx = sig_word(NESTLAB_CPUID_SIGNATURE, 4);
		r.edx = sig_word(NESTLAB_CPUID_SIGNATURE, 8);
		break;
	case NESTLAB_CPUID_INFO:
		r.eax = l1hv_level;
		r.ebx = NESTLAB_HC_ABI_VERSION;
		r.ecx = vm->traps;
		r.edx = 0;
		break;
	default:
		/* At level 0 CPUID is one instruction; the cache only pays
		 * when our own CPUID would exit to a parent. */
		r = l1hv_level ? cpuid_cached(leaf, sub) : cpuid(leaf, sub);
		break;
	}
	if (leaf == 1) {
		r.ecx &= ~(CPUID_1_ECX_VMX | CPUID_1_ECX_SMX | CPUID_1_ECX_MONITOR |
			   CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE | CPUID_1_ECX_OSXSAVE);
		/* The virtual local APIC: x2APIC mode and the TSC-deadline
		 * timer (l1hv/vdev/vlapic.h). */
		r.ecx |= CPUID_1_ECX_HYPERVISOR | CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE;
		if (nested_enabled)
			r.ecx |= CPUID_1_ECX_VMX;
		/* OSXSAVE mirrors the guest's CR4, not ours (SDM Vol. 2A CPUID). */
		if (vcpu_read_cr4() & X86_CR4_OSXSAVE)
			r.ecx |= CPUID_1_ECX_OSXSAVE;
	}
	/* 32-bit results zero-extend into the 64-bit registers. */
	vm->regs[GPR_RAX] = r.eax;
	vm->regs[GPR_RBX] = r.ebx;
	vm->regs[GPR_RCX] = r.ecx;
	vm->regs[GPR_RDX] = r.edx;
	return EXIT_ADVANCE;
}
