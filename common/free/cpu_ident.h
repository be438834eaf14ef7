/* SPDX-License-Identifier: MIT */
/* Who the CPU says it is, and which hypervisor (if any) we run under:
 * shared by l1hv and the guests. */
#ifndef NESTLAB_CPU_IDENT_H
#define NESTLAB_CPU_IDENT_H

#include <stdbool.h>

#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/hypercall_abi.h"

/* The 12-byte vendor string of a leaf in EBX:ECX:EDX order (leaf 0x40000000:
 * the hypervisor's, SDM Vol. 2A CPUID and the hypervisor CPUID range). */
static inline void cpu_vendor_string(uint32_t leaf, char out[13])
{
	struct cpuid_regs r = cpuid(leaf, 0);

	memcpy(out, &r.ebx, 4);
	memcpy(out + 4, &r.ecx, 4);
	memcpy(out + 8, &r.edx, 4);
	out[12] = 0;
}

/* Running under l1hv: the hypervisor bit and l1hv's vendor leaf. */
static inline bool cpu_under_l1hv(void)
{
	char sig[13];

	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR))
		return false;
	cpu_vendor_string(NESTLAB_CPUID_VENDOR, sig);
	return !strcmp(sig, NESTLAB_CPUID_SIGNATURE);
}

/* The processor brand string (CPUID 0x80000002-4), or "unknown". */
static inline void cpu_brand_string(char out[49])
{
	if (cpuid(0x80000000, 0).eax < 0x80000004) {
		memcpy(out, "unknown", 8);
		return;
	}
	for (uint32_t i = 0; i < 3; i++) {
		struct cpuid_regs r = cpuid(0x80000002 + i, 0);
		memcpy(out + 16 * i, &r, 16);
	}
	out[48] = 0;
}

#endif
