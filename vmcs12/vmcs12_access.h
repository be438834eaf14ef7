/* SPDX-License-Identifier: MIT */
/*
 * VMREAD/VMWRITE as the SDM's instruction pseudo-code (Vol. 3C 31.3
 * "VMREAD", "VMWRITE") defines them for the part that concerns the field
 * operand, over a vmcs12. The caller (L0's VMREAD/VMWRITE exit handler) does
 * the rest: CPL/mode checks (#UD/#GP), "no current VMCS" (VMfailInvalid),
 * operand fetch/store, and turning a nonzero return into VMfailValid(err).
 *
 * The encoding is the full 64-bit register operand of 64-bit mode: bits
 * 63:32 not all 0 name no VMCS component (error 12). Callers in 32-bit mode
 * pass the zero-extended 32-bit operand and truncate a natural-width result.
 */
#ifndef NESTLAB_VMCS12_VMCS12_ACCESS_H
#define NESTLAB_VMCS12_VMCS12_ACCESS_H

#include <stdint.h>

#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_insn_error.h"

/*
 * caps: the capabilities L1 is told (vmx_caps_nested): a field whose
 * feature they lack does not exist for L1, whichever path (L1's own
 * VMREAD/VMWRITE or L2's shadowed one) asks for it.
 *
 * Returns 0 and *value (zero-extended), or VMXERR_UNSUPPORTED_VMCS_COMPONENT
 * (then *value is untouched). HIGH encodings read bits 63:32 of the field.
 */
int vmcs12_vmread(const struct vmcs12 *v, const struct vmx_caps *caps, uint64_t encoding,
		  uint64_t *value);

/*
 * Returns 0, VMXERR_UNSUPPORTED_VMCS_COMPONENT, or
 * VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT (a VM-exit information field while
 * caps->misc, the IA32_VMX_MISC value L1 sees, has bit 29 clear). The value
 * is truncated to the field width; a HIGH encoding writes bits 31:0 of value
 * to bits 63:32 of the field and keeps its low half.
 */
int vmcs12_vmwrite(struct vmcs12 *v, const struct vmx_caps *caps, uint64_t encoding,
		   uint64_t value);

/* Field access through the table (no encoding checks; fi from the table).
 * Inline: L0 copies lists of fields with these on every nested exit. */
static inline uint64_t vmcs12_get(const struct vmcs12 *v, const struct vmcs_field_info *fi)
{
	const unsigned char *p = (const unsigned char *)v + fi->offset;
	uint16_t v16;
	uint32_t v32;
	uint64_t v64;

	switch (fi->width) {
	case VMCS_WIDTH_16:
		__builtin_memcpy(&v16, p, sizeof(v16));
		return v16;
	case VMCS_WIDTH_32:
		__builtin_memcpy(&v32, p, sizeof(v32));
		return v32;
	default:
		__builtin_memcpy(&v64, p, sizeof(v64));
		return v64;
	}
}

static inline void vmcs12_set(struct vmcs12 *v, const struct vmcs_field_info *fi, uint64_t value)
{
	unsigned char *p = (unsigned char *)v + fi->offset;
	uint16_t v16 = (uint16_t)value;
	uint32_t v32 = (uint32_t)value;

	switch (fi->width) {
	case VMCS_WIDTH_16:
		__builtin_memcpy(p, &v16, sizeof(v16));
		return;
	case VMCS_WIDTH_32:
		__builtin_memcpy(p, &v32, sizeof(v32));
		return;
	default:
		__builtin_memcpy(p, &value, sizeof(value));
		return;
	}
}

#endif
