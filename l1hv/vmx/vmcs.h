/* SPDX-License-Identifier: MIT */
/*
 * Width-typed accessors for the current VMCS (the CPU's, not a vmcs12).
 * Field names come from the one field list in vmcs12/vmcs_fields.h.
 *
 * One rule for every VMX instruction l1hv executes on its own behalf: the
 * plain accessor (vmcs_read, vmcs_write, vmx_vmptrld, vmx_vmclear,
 * vmx_invvpid_context, ept_invalidate) treats a failure as a hypervisor bug
 * and ends the run with a report of the instruction, its operand, the
 * VM-instruction error and the caller (vmcs_insn_failed, vmx_insn_failed).
 * A vmcs_try_* / vmx_try_* variant returns false instead; use it only where
 * the caller handles the failure and reports it.
 *
 * SDM 31.2: VMfailInvalid sets CF, VMfailValid sets ZF and writes the error
 * number into the current VMCS; the "be" condition (CF or ZF) tests both in
 * one predicted-not-taken branch.
 */
#ifndef L1HV_VMCS_H
#define L1HV_VMCS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"

/* VMREAD/VMWRITE of field failed: report and end the run. */
__attribute__((noreturn, cold)) void vmcs_insn_failed(const char *insn, uint64_t field,
						       void *caller);
/* Another VMX instruction failed on operand (named by what): report and
 * end the run. */
__attribute__((noreturn, cold)) void vmx_insn_failed(const char *insn, const char *what,
						      uint64_t operand, void *caller);

#ifdef NESTLAB_HOSTED
/* Host unit tests: the primitives below on a software VMCS
 * (tests/unit/fake_vmcs.c); everything after them is shared. */
#include "l1hv/vmx/vmcs_hosted.h"
#else
static inline bool vmcs_try_read(uint64_t field, uint64_t *value)
{
	bool ok;

	asm volatile("vmread %2, %0" : "=rm"(*value), "=@ccbe"(ok) : "r"(field) : "cc");
	return !ok;
}

static inline bool vmcs_try_write(uint64_t field, uint64_t value)
{
	bool fail;

	asm volatile("vmwrite %1, %2" : "=@ccbe"(fail) : "rm"(value), "r"(field) : "cc");
	return !fail;
}

/*
 * VMCLEAR / VMPTRLD (SDM 31.3). Their operand is an m64 that holds the
 * VMCS's physical address, so they take the location of that address (the
 * field it is kept in): the instruction reads it there, with no copy to the
 * stack on the hot paths.
 */
static inline bool vmx_try_vmclear(const uint64_t *pa)
{
	bool fail;

	asm volatile("vmclear %1" : "=@ccbe"(fail) : "m"(*pa) : "cc", "memory");
	return !fail;
}

static inline bool vmx_try_vmptrld(const uint64_t *pa)
{
	bool fail;

	asm volatile("vmptrld %1" : "=@ccbe"(fail) : "m"(*pa) : "cc", "memory");
	return !fail;
}

/* INVVPID (SDM 31.3): drop the TLB entries tagged with vpid; single-context
 * when the CPU has it (IA32_VMX_EPT_VPID_CAP bit 41), else all contexts. */
static inline void vmx_invvpid_context(uint16_t vpid, bool single)
{
	struct { uint64_t vpid, addr; } desc = { vpid, 0 };
	uint64_t type = single ? VMX_INVVPID_SINGLE_CONTEXT : VMX_INVVPID_ALL_CONTEXT;
	bool fail;

	asm volatile("invvpid %1, %2" : "=@ccbe"(fail) : "m"(desc), "r"(type) : "cc", "memory");
	if (__builtin_expect(fail, 0))
		vmx_insn_failed("invvpid", "VPID", vpid, __builtin_return_address(0));
}
#endif /* NESTLAB_HOSTED */

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

static inline void vmx_vmclear(const uint64_t *pa)
{
	if (__builtin_expect(!vmx_try_vmclear(pa), 0))
		vmx_insn_failed("vmclear", "VMCS", *pa, __builtin_return_address(0));
}

static inline void vmx_vmptrld(const uint64_t *pa)
{
	if (__builtin_expect(!vmx_try_vmptrld(pa), 0))
		vmx_insn_failed("vmptrld", "VMCS", *pa, __builtin_return_address(0));
}

#endif
