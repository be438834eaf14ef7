/* SPDX-License-Identifier: MIT */
/* VMREAD/VMWRITE semantics over a vmcs12: see vmcs12_access.h. */
#include "vmcs12/vmcs12_access.h"

#include "vmcs12/vmx_caps.h"

static const char *const vmx_insn_error_names[VMXERR_MAX + 1] = {
#define X(nm, num, text) [num] = text,
	VMX_INSN_ERRORS(X)
#undef X
};

const char *vmx_insn_error_name(uint32_t err)
{
	if (err == 0 || err > VMXERR_MAX)
		return "unknown";
	return vmx_insn_error_names[err] ? vmx_insn_error_names[err] : "reserved";
}

/*
 * The SDM's "register operand does not correspond to any VMCS field": bits
 * 63:32 set, an encoding not in the list, or a field of a feature the
 * processor L1 sees does not have (SDM 25.11.2, A.9: a field exists only on
 * processors that support its feature; Bochs and KVM give VMfailValid(12)).
 */
static const struct vmcs_field_info *vmcs12_operand_field(const struct vmx_caps *caps,
							  uint64_t encoding)
{
	const struct vmcs_field_info *fi;

	if (encoding >> 32)
		return NULL;
	fi = vmcs_field_lookup((uint32_t)encoding);
	if (!fi || (fi->feature != VMCS_FEAT_BASE &&
		    !vmx_caps_has_feature(caps, (enum vmcs_feature)fi->feature)))
		return NULL;
	return fi;
}

int vmcs12_vmread(const struct vmcs12 *v, const struct vmx_caps *caps, uint64_t encoding,
		  uint64_t *value)
{
	const struct vmcs_field_info *fi = vmcs12_operand_field(caps, encoding);
	uint64_t val;

	if (!fi)
		return VMXERR_UNSUPPORTED_VMCS_COMPONENT;
	val = vmcs12_get(v, fi);
	*value = vmcs_enc_is_high((uint32_t)encoding) ? val >> 32 : val;
	return 0;
}

int vmcs12_vmwrite(struct vmcs12 *v, const struct vmx_caps *caps, uint64_t encoding,
		   uint64_t value)
{
	const struct vmcs_field_info *fi = vmcs12_operand_field(caps, encoding);

	if (!fi)
		return VMXERR_UNSUPPORTED_VMCS_COMPONENT;
	/* SDM 31.3 VMWRITE: "VM-exit information field" and no MISC[29]. */
	if (fi->type == VMCS_TYPE_RO && !(caps->misc & VMX_MISC_VMWRITE_ANY_FIELD))
		return VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT;
	if (vmcs_enc_is_high((uint32_t)encoding))
		value = (vmcs12_get(v, fi) & 0xffffffffull) | ((uint64_t)(uint32_t)value << 32);
	vmcs12_set(v, fi, value);
	return 0;
}
