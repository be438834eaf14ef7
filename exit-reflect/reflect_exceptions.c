/* SPDX-License-Identifier: MIT */
/*
 * Exceptions and NMIs (basic reason 0): SDM Vol. 3C 26.2 "Other Causes of VM
 * Exits" (exceptions, NMIs) and 25.6.3 "Exception Bitmap".
 */
#include "exit-reflect/exit_qual.h"
#include "exit-reflect/reflect_controls.h"

/*
 * #PF (SDM 25.6.3): the page-fault error code is compared with the PFEC mask
 * and match fields. If bit 14 of the exception bitmap is 1, a #PF exits when
 * (PFEC & MASK) == MATCH; if bit 14 is 0, it exits when they differ. So
 * bit 14 = 1 with MASK = MATCH = 0 traps every #PF, and bit 14 = 0 with
 * MASK = 0, MATCH = 0 traps none.
 */
static bool reflect_pf_exits(const struct vmcs12 *v, uint32_t pfec)
{
	bool bit14 = vmcs12_read(v, VMCS_EXCEPTION_BITMAP) & (1u << X86_EXC_PF);
	uint32_t mask = (uint32_t)vmcs12_read(v, VMCS_PAGE_FAULT_ERROR_CODE_MASK);
	uint32_t match = (uint32_t)vmcs12_read(v, VMCS_PAGE_FAULT_ERROR_CODE_MATCH);

	return bit14 == ((pfec & mask) == match);
}

bool reflect_l1_wants_exception_nmi(const struct vmcs12 *v, const struct reflect_exit *e)
{
	struct exit_intr_info ii = exit_intr_info_decode(e->intr_info);

	if (!ii.valid)
		return true; /* reason 0 always carries valid info: not a real exit */
	switch (e->intr_info & INTR_INFO_INTR_TYPE_MASK) {
	case INTR_TYPE_NMI_INTR:
		return reflect_has_pin(v, PIN_BASED_NMI_EXITING);
	case INTR_TYPE_HARD_EXCEPTION:
	case INTR_TYPE_PRIV_SW_EXCEPTION:  /* INT1 */
	case INTR_TYPE_SOFT_EXCEPTION:     /* INT3, INTO */
		break;
	default:
		return true; /* INT n, external interrupts: never reason 0 */
	}
	if (ii.vector >= X86_EXC_COUNT)
		return true; /* only exceptions (vectors 0-31) use this reason */
	if (ii.vector == X86_EXC_PF)
		return reflect_pf_exits(v, e->intr_error_code);
	return (vmcs12_read(v, VMCS_EXCEPTION_BITMAP) >> ii.vector) & 1;
}
