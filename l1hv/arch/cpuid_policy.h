/* SPDX-License-Identifier: MIT */
/*
 * What a guest's CPUID says: the host's answer, cut down to what works in
 * the guest. A feature bit reaches the guest only if it is listed here as
 * working under l1hv: an instruction that VMX non-root operation runs as
 * the CPU does, one whose VM-execution control l1hv sets (SDM 26.3:
 * RDTSCP, RDPID and INVPCID raise #UD unless their control enables them),
 * or a register or MSR that l1hv gives each VM. Every other bit, including
 * bits no one has defined yet, reads 0, and so does every leaf l1hv does
 * not know: a new CPU model adds nothing the guest cannot use.
 *
 * Pure: the host's CPUID is a function passed in, so the host unit test can
 * play any CPU. The answers depend on what l1hv offers (struct
 * cpuid_offer, fixed for a run) and, for a few bits and sizes that the SDM
 * makes follow the guest's own state, on the guest's CR4 and XCR0
 * (cpuid_policy_live).
 */
#ifndef L1HV_ARCH_CPUID_POLICY_H
#define L1HV_ARCH_CPUID_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "common/free/x86.h"

typedef struct cpuid_regs (*cpuid_host_fn)(uint32_t leaf, uint32_t subleaf);

/* What l1hv gives every VM of this run, beyond the plain instruction set. */
struct cpuid_offer {
	bool vmx;            /* nested=on: VMX is emulated */
	bool rdtscp;         /* "enable RDTSCP" set, IA32_TSC_AUX per VM: RDTSCP, RDPID */
	bool invpcid;        /* "enable INVPCID" set */
	uint64_t xcr0;       /* XSAVE components l1hv saves per VM (vcpu_state.c) */
	uint32_t tsc_khz;    /* the guest's TSC rate, which its APIC timer shares (tsc_freq.h) */
};

/* XCR0 components a guest may ever enable: x87, SSE, AVX, AVX-512, PKRU.
 * MPX (BNDCFGS not switched), AMX (XFD, 8 KiB) and every supervisor
 * component (IA32_XSS) are not offered. */
#define CPUID_POLICY_XCR0 (XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_AVX512 | XCR0_PKRU)

/* Highest basic and extended leaves the policy answers; the basic maximum
 * is raised to CPUID_POLICY_MIN_BASIC where the host's is lower, so the
 * TSC leaves always answer. */
#define CPUID_POLICY_MIN_BASIC 0x16
#define CPUID_POLICY_MAX_BASIC 0x1f
#define CPUID_POLICY_MAX_EXT   0x80000008u

/*
 * The answer for (leaf, subleaf) that does not depend on the guest's state.
 * Leaves 0x40000000-0x4fffffff (hypervisor leaves) read 0 here: cpuid.c
 * answers its own.
 */
struct cpuid_regs cpuid_policy(const struct cpuid_offer *o, cpuid_host_fn host, uint32_t leaf,
			       uint32_t subleaf);

/*
 * The leaf whose answer a CPUID of leaf gets, given the guest's highest
 * basic and extended leaves (cpuid_policy's answers for 0 and 80000000H):
 * beyond the highest leaf of its range, the highest basic leaf answers
 * (SDM Vol. 2A CPUID, "If a value entered for CPUID.EAX is higher than
 * the maximum input value"). Hypervisor leaves answer for themselves.
 */
static inline uint32_t cpuid_policy_leaf(uint32_t basic_max, uint32_t ext_max, uint32_t leaf)
{
	if (leaf <= basic_max || (leaf >= 0x40000000 && leaf <= 0x4fffffff))
		return leaf;
	if (leaf >= 0x80000000 && leaf <= ext_max)
		return leaf;
	return basic_max;
}

/* The subleaf that an answering leaf's answer depends on: subleaf itself
 * for the leaves that have subleaves (4, 7, 0BH, 0DH, 18H, 1FH), 0 for
 * every other, so a table of answers needs one entry per leaf there. */
#define CPUID_POLICY_NR_SUBLEAF_LEAVES 6

/* Which of the leaves with subleaves leaf is (0-5), or -1. */
static inline int cpuid_policy_subleaf_leaf_index(uint32_t leaf)
{
	switch (leaf) {
	case 4:    return 0;
	case 7:    return 1;
	case 0xb:  return 2;
	case 0xd:  return 3;
	case 0x18: return 4;
	case 0x1f: return 5;
	default:   return -1;
	}
}

static inline bool cpuid_policy_has_subleaves(uint32_t leaf)
{
	return cpuid_policy_subleaf_leaf_index(leaf) >= 0;
}

static inline uint32_t cpuid_policy_subleaf(uint32_t leaf, uint32_t subleaf)
{
	return cpuid_policy_has_subleaves(leaf) ? subleaf : 0;
}

/*
 * The bits and sizes that follow the guest's state (SDM Vol. 2A CPUID),
 * in the answering leaves for which cpuid_policy_is_live() is true:
 * CPUID.1:ECX.OSXSAVE is CR4.OSXSAVE, CPUID.1:EDX.APIC is the local APIC's
 * global enable, CPUID.7:ECX.OSPKE is CR4.PKE, and
 * CPUID.(EAX=0DH,ECX=0):EBX and (ECX=1):EBX are the XSAVE area sizes for
 * the guest's XCR0 (IA32_XSS is 0: no supervisor component is offered).
 * r is cpuid_policy()'s answer for the same answering leaf and subleaf.
 */
static inline bool cpuid_policy_is_live(uint32_t leaf)
{
	return leaf == 1 || leaf == 7 || leaf == 0xd;
}

/* The vCPU's state the live bits follow. */
struct cpuid_live_state {
	uint64_t cr4, xcr0;
	bool apic_enabled;   /* IA32_APIC_BASE.EN: CPUID.1:EDX.APIC[9] (SDM 10.4.3) */
};

void cpuid_policy_live(cpuid_host_fn host, uint32_t leaf, uint32_t subleaf,
		       const struct cpuid_live_state *st, struct cpuid_regs *r);

/* Size of an XSAVE area holding the components in mask, in the standard
 * (compacted = false) or the compacted format (SDM 13.4.3), from the
 * host's CPUID.(EAX=0DH,ECX=i) offsets, sizes and alignments. */
uint32_t cpuid_xsave_size(cpuid_host_fn host, uint64_t mask, bool compacted);

#endif
