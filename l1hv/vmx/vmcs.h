/* SPDX-License-Identifier: MIT */
/*
 * Width-typed accessors for the current VMCS (the CPU's, not a vmcs12).
 * Field names come from the one field list in vmcs12/vmcs_fields.h.
 * A VMREAD/VMWRITE that fails is a hypervisor bug: vmcs_insn_failed()
 * prints the field, the caller and the VM-instruction error, then ends the
 * run (SDM 31.2: VMfailInvalid sets CF, VMfailValid sets ZF).
 */
#ifndef L1HV_VMCS_H
#define L1HV_VMCS_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs12/vmcs_fields.h"

#ifdef NESTLAB_HOSTED
/* Host unit tests: the same accessors on a software VMCS (tests/unit/fake_vmcs.c). */
#include "l1hv/vmx/vmcs_hosted.h"
#else
__attribute__((noreturn)) void vmcs_insn_failed(const char *insn, uint64_t field, void *caller);

static inline bool vmcs_try_read(uint64_t field, uint64_t *value)
{
	bool ok;

	asm volatile("vmread %2, %0" : "=rm"(*value), "=@ccbe"(ok) : "r"(field) : "cc");
	return !ok;
}

static inline uint64_t vmcs_read(uint64_t field)
{
	uint64_t v;

	if (__builtin_expect(!vmcs_try_read(field, &v), 0))
		vmcs_insn_failed("vmread", field, __builtin_return_address(0));
	return v;
}

static inline bool vmcs_try_write(uint64_t field, uint64_t value)
{
	bool fail;

	asm volatile("vmwrite %1, %2" : "=@ccbe"(fail) : "rm"(value), "r"(field) : "cc");
	return !fail;
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

/* VMCLEAR / VMPTRLD / VMXON of a physical address; false on VMfail. */
static inline bool vmx_vmclear(uint64_t pa)
{
	bool fail;

	asm volatile("vmclear %1" : "=@ccbe"(fail) : "m"(pa) : "cc", "memory");
	return !fail;
}

static inline bool vmx_vmptrld(uint64_t pa)
{
	bool fail;

	asm volatile("vmptrld %1" : "=@ccbe"(fail) : "m"(pa) : "cc", "memory");
	return !fail;
}

/* INVVPID (SDM 31.3): drop the TLB entries tagged with vpid; single-context
 * when the CPU has it (IA32_VMX_EPT_VPID_CAP bit 41), else all contexts. */
static inline void vmx_invvpid_context(uint16_t vpid, bool single)
{
	struct { uint64_t vpid, addr; } desc = { vpid, 0 };
	uint64_t type = single ? 1 : 2;

	asm volatile("invvpid %0, %1" :: "m"(desc), "r"(type) : "cc", "memory");
}

#endif /* NESTLAB_HOSTED */

#endif
