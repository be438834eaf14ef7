/* SPDX-License-Identifier: MIT */
/* VMX instructions as a guest hypervisor uses them, with the SDM's three
 * outcomes (SDM 31.2): VMsucceed, VMfailInvalid (CF), VMfailValid (ZF). */
#ifndef NESTLAB_GUEST_VMX_H
#define NESTLAB_GUEST_VMX_H

#include <stdint.h>

enum vmx_outcome { VM_SUCCEED = 0, VM_FAIL_INVALID = 1, VM_FAIL_VALID = 2 };

#define VMX_OUTCOME(insn_asm, ...)                                            \
	({                                                                    \
		uint8_t cf_, zf_;                                             \
		asm volatile(insn_asm "; setc %0; setz %1"                    \
			     : "=r"(cf_), "=r"(zf_) : __VA_ARGS__ : "cc", "memory"); \
		cf_ ? VM_FAIL_INVALID : zf_ ? VM_FAIL_VALID : VM_SUCCEED;      \
	})

static inline int vmxon(uint64_t pa) { return VMX_OUTCOME("vmxon %2", "m"(pa)); }
static inline int vmclear(uint64_t pa) { return VMX_OUTCOME("vmclear %2", "m"(pa)); }
static inline int vmptrld(uint64_t pa) { return VMX_OUTCOME("vmptrld %2", "m"(pa)); }
static inline int vmxoff(void) { return VMX_OUTCOME("vmxoff", "i"(0)); }

static inline int vmptrst(uint64_t *pa)
{
	return VMX_OUTCOME("vmptrst %2", "m"(*pa));
}

int vmread(uint64_t field, uint64_t *value);
int vmwrite(uint64_t field, uint64_t value);
/* The field's value, ~0 if the VMREAD fails (checks compare it). */
uint64_t vmread_value(uint64_t field);
/* The VM-instruction error of the current VMCS (~0 if none can be read). */
uint64_t vmx_insn_error(void);
/* want, with the bits the capability MSR requires and without those it
 * does not allow (SDM A.3: allowed-0 in bits 31:0, allowed-1 in 63:32). */
uint32_t vmx_ctl_adjust(uint32_t cap_msr, uint32_t want);
/* Enters L2 on the current VMCS (VMLAUNCH, or VMRESUME if resume) and
 * returns VM_SUCCEED after L2's next VM exit, or the VMfail outcome. */
int l2_run(int resume);

#endif
