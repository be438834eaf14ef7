/* SPDX-License-Identifier: MIT */
/*
 * Control-register accesses: would L1 get this CR-access exit (basic reason 28)
 * from L2? SDM Vol. 3C 26.1.3 (CLTS, LMSW, MOV from CR3/CR8, MOV to CR0/CR3/
 * CR4/CR8) and 25.6.6 "Guest/Host Masks and Read Shadows for CR0 and CR4",
 * 25.6.7 "CR3-Target Controls".
 */
#include "exit-reflect/exit_qual.h"
#include "exit-reflect/reflect_controls.h"

#define REFLECT_CR3_TARGETS_MAX   4u

/*
 * MOV to CR0/CR4: exits if, for any bit set in the guest/host mask, the new
 * value differs from the read shadow. Bits L1 does not own change silently.
 */
static bool reflect_cr_masked_change(uint64_t val, uint64_t mask, uint64_t shadow)
{
	return ((val ^ shadow) & mask) != 0;
}

/*
 * MOV to CR3 with "CR3-load exiting": no exit if the value equals one of the
 * first CR3_TARGET_COUNT target values. A count above 4 fails VM entry (SDM
 * 27.2.1.1), so it never reaches here; it is clamped only to keep a hostile
 * vmcs12 from indexing past the four fields.
 */
static bool reflect_cr3_load_exits(const struct vmcs12 *v, uint64_t val)
{
	static const enum vmcs_field targets[REFLECT_CR3_TARGETS_MAX] = {
		VMCS_CR3_TARGET_VALUE0, VMCS_CR3_TARGET_VALUE1,
		VMCS_CR3_TARGET_VALUE2, VMCS_CR3_TARGET_VALUE3,
	};
	uint64_t count = vmcs12_read(v, VMCS_CR3_TARGET_COUNT);

	if (!reflect_has_cpu(v, CPU_BASED_CR3_LOAD_EXITING))
		return false;
	if (count > REFLECT_CR3_TARGETS_MAX)
		count = REFLECT_CR3_TARGETS_MAX;
	for (uint32_t i = 0; i < count; i++) {
		if (vmcs12_read(v, targets[i]) == val)
			return false;
	}
	return true;
}

/*
 * LMSW (SDM 26.1.3): LMSW loads CR0 bits 3:0 but can never clear PE. It exits
 * if PE is set in the mask and the source, and clear in the read shadow; or if
 * for any of MP, EM, TS the mask bit is set and source and shadow differ.
 */
static bool reflect_lmsw_exits(uint64_t mask, uint64_t shadow, uint16_t src)
{
	if ((mask & X86_CR0_PE) && (src & X86_CR0_PE) && !(shadow & X86_CR0_PE))
		return true;
	return ((src ^ shadow) & mask & (X86_CR0_MP | X86_CR0_EM | X86_CR0_TS)) != 0;
}

static bool reflect_mov_to_cr(const struct vmcs12 *v, const struct reflect_exit *e,
			      const struct exit_qual_cr *cr)
{
	uint64_t val = e->gprs[cr->gpr];

	switch (cr->cr) {
	case 0:
		return reflect_cr_masked_change(val, vmcs12_read(v, VMCS_CR0_GUEST_HOST_MASK),
						vmcs12_read(v, VMCS_CR0_READ_SHADOW));
	case 3:
		return reflect_cr3_load_exits(v, val);
	case 4:
		return reflect_cr_masked_change(val, vmcs12_read(v, VMCS_CR4_GUEST_HOST_MASK),
						vmcs12_read(v, VMCS_CR4_READ_SHADOW));
	case 8:
		/*
		 * Same rule with or without "use TPR shadow": only CR8-load
		 * exiting makes MOV to CR8 exit. With the TPR shadow a write
		 * below the TPR threshold causes a separate trap-like exit
		 * (reason 43, TPR below threshold), not this one.
		 */
		return reflect_has_cpu(v, CPU_BASED_CR8_LOAD_EXITING);
	default:
		return true; /* other CRs #UD before any exit: not a real exit */
	}
}

static bool reflect_mov_from_cr(const struct vmcs12 *v, const struct exit_qual_cr *cr)
{
	switch (cr->cr) {
	case 0:
	case 4:
		return false; /* reads of CR0/CR4 return the read shadow for masked bits */
	case 3:
		return reflect_has_cpu(v, CPU_BASED_CR3_STORE_EXITING);
	case 8:
		return reflect_has_cpu(v, CPU_BASED_CR8_STORE_EXITING);
	default:
		return true;
	}
}

bool reflect_l1_wants_cr(const struct vmcs12 *v, const struct reflect_exit *e)
{
	struct exit_qual_cr cr = exit_qual_cr_decode(e->qualification);
	uint64_t mask = vmcs12_read(v, VMCS_CR0_GUEST_HOST_MASK);
	uint64_t shadow = vmcs12_read(v, VMCS_CR0_READ_SHADOW);

	switch (cr.type) {
	case EXIT_CR_MOV_TO_CR:
		return reflect_mov_to_cr(v, e, &cr);
	case EXIT_CR_MOV_FROM_CR:
		return reflect_mov_from_cr(v, &cr);
	case EXIT_CR_CLTS:
		/* CLTS exits if TS is owned by L1 and its read shadow shows TS = 1. */
		return (mask & X86_CR0_TS) && (shadow & X86_CR0_TS);
	case EXIT_CR_LMSW:
		return reflect_lmsw_exits(mask, shadow, cr.lmsw_source);
	}
	return true;
}
