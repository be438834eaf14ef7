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

/* The SDM's "register operand does not correspond to any VMCS field". */
static const struct vmcs_field_info *vmcs12_operand_field(uint64_t encoding)
{
	if (encoding >> 32)
		return NULL;
	return vmcs_field_lookup((uint32_t)encoding);
}

int vmcs12_vmread(const struct vmcs12 *v, uint64_t encoding, uint64_t *value)
{
	const struct vmcs_field_info *fi = vmcs12_operand_field(encoding);
	uint64_t val;

	if (!fi)
		return VMXERR_UNSUPPORTED_VMCS_COMPONENT;
	val = vmcs12_get(v, fi);
	*value = vmcs_enc_is_high((uint32_t)encoding) ? val >> 32 : val;
	return 0;
}

int vmcs12_vmwrite(struct vmcs12 *v, uint64_t encoding, uint64_t value, uint64_t vmx_misc)
{
	const struct vmcs_field_info *fi = vmcs12_operand_field(encoding);

	if (!fi)
		return VMXERR_UNSUPPORTED_VMCS_COMPONENT;
	/* SDM 31.3 VMWRITE: "VM-exit information field" and no MISC[29]. */
	if (fi->type == VMCS_TYPE_RO && !(vmx_misc & VMX_MISC_VMWRITE_ANY_FIELD))
		return VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT;
	if (vmcs_enc_is_high((uint32_t)encoding))
		value = (vmcs12_get(v, fi) & 0xffffffffull) | ((uint64_t)(uint32_t)value << 32);
	vmcs12_set(v, fi, value);
	return 0;
}
