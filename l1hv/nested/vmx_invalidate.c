/* SPDX-License-Identifier: MIT */
/* INVEPT/INVVPID operand checks (SDM 31.3); see vmx_invalidate.h. */
#include "l1hv/nested/vmx_invalidate.h"

#include "l1hv/nested/ept12_walk.h"
#include "vmcs12/canonical.h"
#include "vmcs12/vmx_caps.h"

#define INVEPT_TYPE_SHIFT  24   /* type t is reported at bit 24 + t */
#define INVVPID_TYPE_SHIFT 40   /* type t is reported at bit 40 + t */

bool vmx_invept_type_ok(uint64_t type, uint64_t ept_vpid_cap)
{
	uint64_t types = ept_vpid_cap & (VMX_EPT_EXTENT_CONTEXT_BIT | VMX_EPT_EXTENT_GLOBAL_BIT);

	return (ept_vpid_cap & VMX_EPT_INVEPT_BIT) && type <= VMX_INVEPT_GLOBAL &&
	       (types & (1ull << (INVEPT_TYPE_SHIFT + type)));
}

bool vmx_invvpid_type_ok(uint64_t type, uint64_t ept_vpid_cap)
{
	uint64_t types = ept_vpid_cap & (VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT |
					 VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT |
					 VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT |
					 VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT);

	return (ept_vpid_cap & VMX_VPID_INVVPID_BIT) && type <= VMX_INVVPID_SINGLE_NON_GLOBAL &&
	       (types & (1ull << (INVVPID_TYPE_SHIFT + type)));
}

bool vmx_invept_desc_ok(uint64_t type, const uint64_t desc[2], uint64_t ept_vpid_cap,
			unsigned maxphyaddr)
{
	struct ept12_eptp e;

	/* "IF VM entry with the 'enable EPT' VM-execution control set to 1
	 * would fail due to the EPTP value" (single-context only). */
	if (type == VMX_INVEPT_SINGLE_CONTEXT)
		return ept12_eptp_decode(desc[0], ept_vpid_cap, maxphyaddr, &e) == EPT12_EPTP_OK;
	return true;
}

bool vmx_invvpid_desc_ok(uint64_t type, const uint64_t desc[2], unsigned la_width)
{
	uint16_t vpid = (uint16_t)desc[0];

	if (desc[0] >> 16)
		return false;
	switch (type) {
	case VMX_INVVPID_INDIVIDUAL_ADDR:
		return vpid != 0 && x86_canonical(desc[1], la_width);
	case VMX_INVVPID_SINGLE_CONTEXT:
	case VMX_INVVPID_SINGLE_NON_GLOBAL:
		return vpid != 0;
	default:
		return true;
	}
}
