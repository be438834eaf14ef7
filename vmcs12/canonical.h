/* SPDX-License-Identifier: MIT */
/*
 * Canonical linear addresses (SDM Vol. 1 3.3.7.1, Vol. 3A 4.5): bits 63:N-1
 * all equal, N the linear-address width. The VMX checks that ask for a
 * "canonical" address (SDM 27.2.2, 27.3.1.2, the INVVPID and INVPCID
 * pseudo-code) use the processor's width, CPUID.80000008H:EAX[15:8]: 48, or
 * 57 on a processor with 5-level paging, whatever paging mode is active. An
 * address translation uses the active mode's width instead (4-level paging:
 * 48, 5-level: 57). One helper for all of them; freestanding and hosted, so
 * vmcs12/, l1hv/nested/ and l1hv/exit/ (msr.c's WRMSR checks) can share it.
 */
#ifndef NESTLAB_VMCS12_CANONICAL_H
#define NESTLAB_VMCS12_CANONICAL_H

#include <stdbool.h>
#include <stdint.h>

#define X86_LA_WIDTH_4LEVEL 48u
#define X86_LA_WIDTH_5LEVEL 57u

/* la_width is 48 or 57 (any of 1..64 works); branch-free, since VMRESUME
 * checks RIP with it on every nested round trip. */
static inline bool x86_canonical(uint64_t la, unsigned la_width)
{
	unsigned shift = (64 - la_width) & 63;

	return (uint64_t)((int64_t)(la << shift) >> shift) == la;
}

/* CPUID.80000008H:EAX[15:8]. */
static inline unsigned x86_la_width_from_cpuid(uint32_t eax_80000008)
{
	return (eax_80000008 >> 8) & 0xff;
}

#endif
