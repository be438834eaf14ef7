/* SPDX-License-Identifier: MIT */
/* shadow=kvm as straight-line copies: see nested_shadow_kvm.h. */
#include "l1hv/nested/nested_shadow_kvm.h"

#include "l1hv/vmx/vmcs.h"
#include "l1hv/nested/nested_internal.h"

/* Features whose kvm-column fields the set holds (BASE always). */
static bool feat_held[VMCS_NR_FEATURES];
#define FEAT_OK(feat) (VMCS_FEAT_##feat == VMCS_FEAT_BASE || feat_held[VMCS_FEAT_##feat])

bool nested_shadow_kvm_matches(const struct vmcs_shadow_set *set)
{
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		if (fi->kvm_shadow != VMCS_KVM_SHADOW_NO && vmcs_shadow_has(set->read, i))
			feat_held[fi->feature] = true;
	}
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		bool in = fi->kvm_shadow != VMCS_KVM_SHADOW_NO &&
			  (fi->feature == VMCS_FEAT_BASE || feat_held[fi->feature]);
		bool wr = in && fi->kvm_shadow == VMCS_KVM_SHADOW_RW;
		if (vmcs_shadow_has(set->read, i) != in || vmcs_shadow_has(set->write, i) != wr)
			return false;
	}
	return true;
}

bool nested_shadow_kvm_from(struct vmcs12 *v)
{
	uint64_t diff = 0, val;

#define FROM_NO(name, t, feat)
#define FROM_RO(name, t, feat)
#define FROM_RW(name, t, feat)                                                \
	if (FEAT_OK(feat)) {                                                  \
		val = vmcs_read(VMCS_##name);                                 \
		if (!nested_field_is_hot(VMCS_##name))                        \
			diff |= val ^ v->name;                                \
		v->name = (__typeof__(v->name))val;                           \
	}
#define X(name, enc, w, t, feat, sh, off) FROM_##sh(name, t, feat)
	VMCS_FIELDS(X)
#undef X
	return diff != 0;
}

/* The held fields a reflected exit changes (as nested_shadow.c's
 * exit_held): guest state, exit information, the entry controls' IA-32e
 * bit and the entry event's valid bit. */
void nested_shadow_kvm_exit_fields_to(const struct vmcs12 *v)
{
#define TO(name, t, feat)                                                     \
	if (FEAT_OK(feat) && (VMCS_TYPE_##t == VMCS_TYPE_GUEST || VMCS_TYPE_##t == VMCS_TYPE_RO || \
			      VMCS_##name == VMCS_VM_ENTRY_CONTROLS ||          \
			      VMCS_##name == VMCS_VM_ENTRY_INTR_INFO_FIELD))    \
		vmcs_write(VMCS_##name, v->name);
#define TO_NO(name, t, feat)
#define TO_RO(name, t, feat) TO(name, t, feat)
#define TO_RW(name, t, feat) TO(name, t, feat)
#define X(name, enc, w, t, feat, sh, off) TO_##sh(name, t, feat)
	VMCS_FIELDS(X)
#undef X
}
