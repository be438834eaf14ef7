/* SPDX-License-Identifier: MIT */
/* Field lists for the nested copies and the lazy rare state: see nested_fields.h. */
#include "l1hv/nested/nested_fields.h"

#include "l1hv/nested/nested_internal.h"
#include "l1hv/vmx/vmx.h"

struct nested_field_list nested_l2_rare;
static bool rare[VMCS_NR_FIELDS];   /* by enum vmcs_field_index */

/* Guest-state fields vmcs02 cannot take from vmcs12 as they are: computed
 * from both levels' settings (CR0/CR4, EFER, PAT, link pointer), or of
 * features L1 is not offered. */
static bool copied_verbatim(uint32_t enc)
{
	switch (enc) {
	case VMCS_GUEST_CR0: case VMCS_GUEST_CR4:
	case VMCS_GUEST_IA32_EFER: case VMCS_GUEST_IA32_PAT:
	case VMCS_VMCS_LINK_POINTER: case VMCS_GUEST_PML_INDEX: case VMCS_GUEST_INTR_STATUS:
	case VMCS_VMX_PREEMPTION_TIMER_VALUE: case VMCS_GUEST_SMBASE:
	case VMCS_GUEST_IA32_PERF_GLOBAL_CTRL: case VMCS_GUEST_BNDCFGS:
	case VMCS_GUEST_IA32_RTIT_CTL: case VMCS_GUEST_IA32_LBR_CTL: case VMCS_GUEST_IA32_PKRS:
	case VMCS_GUEST_S_CET: case VMCS_GUEST_SSP: case VMCS_GUEST_INTR_SSP_TABLE:
		return false;
	default:
		return true;
	}
}

static bool eager(uint32_t enc)
{
	switch (enc) {
#define X(f) case VMCS_##f:
	NESTED_L2_EAGER_FIELDS(X)
#undef X
		return true;
	default:
		return false;
	}
}

bool nested_field_is_rare(uint32_t enc)
{
	const struct vmcs_field_info *fi = vmcs_field_lookup(enc);

	return fi && rare[fi - vmcs_field_table];
}

void nested_field_list_add(struct nested_field_list *l, const struct vmcs_field_info *fi)
{
	unsigned w = fi->width == VMCS_WIDTH_16 ? NESTED_W16 :
		     fi->width == VMCS_WIDTH_32 ? NESTED_W32 : NESTED_W64;

	l->f[w][l->n[w]++] = (struct nested_field){ .encoding = fi->encoding, .offset = fi->offset };
}

void nested_fields_setup(void)
{
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		if (fi->type != VMCS_TYPE_GUEST || !copied_verbatim(fi->encoding) ||
		    eager(fi->encoding) || !vmcs_field_supported(&vmx_cpu.caps, fi->encoding))
			continue;
		rare[i] = true;
		nested_field_list_add(&nested_l2_rare, fi);
	}
}

void nested_sync_rare(struct vcpu *vcpu)
{
	struct nested_vcpu *n = &vcpu->nested;

	if (!n->rare_in_vmcs02)
		return;
	n->rare_in_vmcs02 = false;
	vmx_vmptrld(&n->vmcs02_pa);
	nested_fields_save(&nested_l2_rare, n->vmcs12);
	vmx_vmptrld(&vcpu->vmcs_pa);
}

void nested_sync_rare_for(struct vcpu *vcpu, uint64_t encoding)
{
	if (vcpu->nested.rare_in_vmcs02 && nested_field_is_rare((uint32_t)encoding))
		nested_sync_rare(vcpu);
}
