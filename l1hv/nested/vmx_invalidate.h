/* SPDX-License-Identifier: MIT */
/*
 * INVEPT and INVVPID as their pseudo-code (SDM Vol. 3C 31.3 "INVEPT",
 * "INVVPID") decides them once the #UD/#GP checks have passed: first the
 * type in the register operand against IA32_VMX_EPT_VPID_CAP, and only then
 * (the memory operand is read between the two) the descriptor. Any failure
 * is VMfail(28, "invalid operand to INVEPT/INVVPID"). Pure functions: the
 * caller reads the operands and does the invalidation.
 */
#ifndef L1HV_NESTED_VMX_INVALIDATE_H
#define L1HV_NESTED_VMX_INVALIDATE_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs12/vmx_caps.h"

/* Whether ept_vpid_cap (what L1 sees) reports the type: INVEPT types at
 * bits 25-26, INVVPID types at bits 40-43 (SDM A.10). A register operand
 * with bits 63:32 set names no type. */
bool vmx_invept_type_ok(uint64_t type, uint64_t ept_vpid_cap);
bool vmx_invvpid_type_ok(uint64_t type, uint64_t ept_vpid_cap);

/* The descriptor of a supported type: INVEPT single-context needs an EPTP
 * that VM entry would accept (SDM 27.2.1.1; maxphyaddr is L1's); INVVPID
 * needs bits 63:16 clear, a VPID other than 0 for types 0, 1 and 3, and for
 * type 0 a linear address canonical for la_width (L1's CPUID.80000008H
 * EAX[15:8]). */
bool vmx_invept_desc_ok(uint64_t type, const uint64_t desc[2], uint64_t ept_vpid_cap,
			unsigned maxphyaddr);
bool vmx_invvpid_desc_ok(uint64_t type, const uint64_t desc[2], unsigned la_width);

#endif
