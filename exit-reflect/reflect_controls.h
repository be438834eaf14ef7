/* SPDX-License-Identifier: MIT */
/*
 * Reading L1's VM-execution controls out of vmcs12 for the reflection rules.
 * Internal to exit-reflect/.
 *
 * SDM 25.6.2: when "activate secondary controls" is 0 the processor behaves
 * as if every secondary control were 0; likewise "activate tertiary controls"
 * for the tertiary ones. The helpers apply that, so a rule can never fire on
 * a stale secondary bit that L1 left behind with the activation bit clear.
 */
#ifndef NESTLAB_EXIT_REFLECT_REFLECT_CONTROLS_H
#define NESTLAB_EXIT_REFLECT_REFLECT_CONTROLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit-reflect/reflect.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_controls.h"

static inline bool reflect_has_pin(const struct vmcs12 *v, uint32_t bit)
{
	return vmcs12_read(v, VMCS_PIN_BASED_VM_EXEC_CONTROL) & bit;
}

static inline bool reflect_has_cpu(const struct vmcs12 *v, uint32_t bit)
{
	return vmcs12_read(v, VMCS_CPU_BASED_VM_EXEC_CONTROL) & bit;
}

static inline bool reflect_has_cpu2(const struct vmcs12 *v, uint32_t bit)
{
	return reflect_has_cpu(v, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	       (vmcs12_read(v, VMCS_SECONDARY_VM_EXEC_CONTROL) & bit);
}

static inline bool reflect_has_cpu3(const struct vmcs12 *v, uint64_t bit)
{
	return reflect_has_cpu(v, CPU_BASED_ACTIVATE_TERTIARY_CONTROLS) &&
	       (vmcs12_read(v, VMCS_TERTIARY_VM_EXEC_CONTROL) & bit);
}

/*
 * Bit n of the bitmap at L1 guest-physical address base (I/O, MSR, VMREAD and
 * VMWRITE bitmaps: bit n is bit n % 8 of byte n / 8). *set receives the bit.
 * Returns false if L1's memory could not be read there (callers then reflect).
 */
static inline bool reflect_bitmap_test(const struct reflect_l1_mem *mem, uint64_t base,
				       uint32_t n, bool *set)
{
	uint64_t gpa = base + n / 8;
	uint8_t byte;

	/*
	 * VM entry only accepts page-aligned bitmap addresses within the
	 * physical-address width, so this cannot wrap for a vmcs12 that entered;
	 * refuse it rather than read some low address of L1.
	 */
	if (gpa < base)
		return false;
	if (!mem || !mem->read || !mem->read(mem->ctx, gpa, &byte, 1))
		return false;
	*set = (byte >> (n % 8)) & 1;
	return true;
}

/* 32-bit view of a GPR (ECX for RDMSR, EAX for leaf numbers). */
static inline uint32_t reflect_gpr32(const struct reflect_exit *e, enum reflect_gpr r)
{
	return (uint32_t)e->gprs[r];
}

#endif
