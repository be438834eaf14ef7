/* SPDX-License-Identifier: MIT */
/*
 * vmcs.h's primitives for the hosted build (NESTLAB_HOSTED): the VMX
 * instructions replaced by a software VMCS that the host unit tests
 * provide (tests/unit/fake_vmcs.c: regions keyed by physical address, a
 * current-VMCS pointer, VMfailInvalid without one and VMfailValid for an
 * unknown field, as SDM 31.3 VMREAD/VMWRITE say). Only vmcs.h includes it.
 */
#ifndef L1HV_VMCS_HOSTED_H
#define L1HV_VMCS_HOSTED_H

#include <stdbool.h>
#include <stdint.h>

bool vmcs_try_read(uint64_t field, uint64_t *value);
bool vmcs_try_write(uint64_t field, uint64_t value);
bool vmx_try_vmclear(const uint64_t *pa);
bool vmx_try_vmptrld(const uint64_t *pa);
void vmx_invvpid_context(uint16_t vpid, bool single);

#endif
