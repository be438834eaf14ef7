/* SPDX-License-Identifier: MIT */
/*
 * vmcs.h for the hosted build (NESTLAB_HOSTED): the same accessors, with
 * the VMX instructions replaced by a software VMCS that the host unit tests
 * provide (tests/unit/fake_vmcs.c: regions keyed by physical address, a
 * current-VMCS pointer, VMfailInvalid without one and VMfailValid for an
 * unknown field, as SDM 31.3 VMREAD/VMWRITE say). Only vmcs.h includes it.
 */
#ifndef L1HV_VMCS_HOSTED_H
#define L1HV_VMCS_HOSTED_H

#include <stdbool.h>
#include <stdint.h>

__attribute__((noreturn)) void vmcs_insn_failed(const char *insn, uint64_t field, void *caller);
__attribute__((noreturn)) void vmx_insn_failed(const char *insn, const char *what,
					       uint64_t operand, void *caller);

bool vmcs_try_read(uint64_t field, uint64_t *value);
bool vmcs_try_write(uint64_t field, uint64_t value);
bool vmx_try_vmclear(const uint64_t *pa);
bool vmx_try_vmptrld(const uint64_t *pa);
void vmx_invvpid_context(uint16_t vpid, bool single);

/* The same one rule as the hardware accessors: a plain one that fails ends
 * the run (here: the test binary aborts). */
static inline void vmx_vmclear(const uint64_t *pa)
{
	if (!vmx_try_vmclear(pa))
		vmx_insn_failed("vmclear", "VMCS", *pa, __builtin_return_address(0));
}

static inline void vmx_vmptrld(const uint64_t *pa)
{
	if (!vmx_try_vmptrld(pa))
		vmx_insn_failed("vmptrld", "VMCS", *pa, __builtin_return_address(0));
}

static inline uint64_t vmcs_read(uint64_t field)
{
	uint64_t v;

	if (__builtin_expect(!vmcs_try_read(field, &v), 0))
		vmcs_insn_failed("vmread", field, __builtin_return_address(0));
	return v;
}

static inline void vmcs_write(uint64_t field, uint64_t value)
{
	if (__builtin_expect(!vmcs_try_write(field, value), 0))
		vmcs_insn_failed("vmwrite", field, __builtin_return_address(0));
}

#define vmcs_read16(f)  ((uint16_t)vmcs_read(f))
#define vmcs_read32(f)  ((uint32_t)vmcs_read(f))
#define vmcs_read64(f)  vmcs_read(f)
#define vmcs_readnat(f) vmcs_read(f)
#define vmcs_write16(f, v)  vmcs_write((f), (uint16_t)(v))
#define vmcs_write32(f, v)  vmcs_write((f), (uint32_t)(v))
#define vmcs_write64(f, v)  vmcs_write((f), (uint64_t)(v))
#define vmcs_writenat(f, v) vmcs_write((f), (uint64_t)(v))

static inline void vmcs_set_bits(uint64_t field, uint64_t bits)
{
	vmcs_write(field, vmcs_read(field) | bits);
}

static inline void vmcs_clear_bits(uint64_t field, uint64_t bits)
{
	vmcs_write(field, vmcs_read(field) & ~bits);
}

#endif
