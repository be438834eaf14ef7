/* SPDX-License-Identifier: MIT */
/* The field table generated from VMCS_FIELDS, name lookups, vmcs12_init(). */
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmcs_fields.h"

const struct vmcs_field_info vmcs_field_table[VMCS_NR_FIELDS] = {
#define X(fld, enc, w, t, feat, sh, off)                                     \
	[VMCS_IDX_##fld] = {                                                   \
		.name = #fld,                                                  \
		.name_high = VMCS_WIDTH_##w == VMCS_WIDTH_64 ? #fld "_HIGH" : NULL, \
		.encoding = enc,                                                \
		.offset = off,                                                  \
		.width = VMCS_WIDTH_##w,                                        \
		.type = VMCS_TYPE_##t,                                          \
		.feature = VMCS_FEAT_##feat,                                    \
		.kvm_shadow = VMCS_KVM_SHADOW_##sh,                             \
	},
	VMCS_FIELDS(X)
#undef X
};

static const char *const vmcs_feature_names[VMCS_NR_FEATURES] = {
#define F(name) [VMCS_FEAT_##name] = #name,
	VMCS_FEATURES(F)
#undef F
};

const char *vmcs_feature_name(enum vmcs_feature f)
{
	return (unsigned)f < VMCS_NR_FEATURES ? vmcs_feature_names[f] : "?";
}

/*
 * Encoding -> table index. The switch is generated from the list, so the
 * compiler builds the search; there is no second hand-kept table.
 */
static int vmcs_field_index(uint32_t base_enc)
{
	switch (base_enc) {
#define X(fld, enc, w, t, feat, sh, off) case enc: return VMCS_IDX_##fld;
	VMCS_FIELDS(X)
#undef X
	default:
		return -1;
	}
}

const struct vmcs_field_info *vmcs_field_lookup(uint32_t encoding)
{
	const struct vmcs_field_info *fi;
	int idx;

	if (encoding & VMCS_ENC_RESERVED_MASK)
		return NULL;
	idx = vmcs_field_index(encoding & ~VMCS_ENC_ACCESS_HIGH);
	if (idx < 0)
		return NULL;
	fi = &vmcs_field_table[idx];
	/* SDM 25.11.2: access type "high" exists only for 64-bit fields. */
	if (vmcs_enc_is_high(encoding) && fi->width != VMCS_WIDTH_64)
		return NULL;
	return fi;
}

const char *vmcs_field_name(uint32_t encoding)
{
	const struct vmcs_field_info *fi = vmcs_field_lookup(encoding);

	if (!fi)
		return NULL;
	return vmcs_enc_is_high(encoding) ? fi->name_high : fi->name;
}

static bool vmcs_name_eq(const char *a, size_t alen, const char *b)
{
	size_t i;

	for (i = 0; i < alen; i++)
		if (b[i] != a[i])
			return false;
	return b[i] == '\0';
}

static bool vmcs_field_by_list_name(const char *name, size_t len, uint32_t *encoding)
{
	bool high = false;

	if (len > 5 && __builtin_memcmp(name + len - 5, "_HIGH", 5) == 0) {
		high = true;
		len -= 5;
	}
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];

		if (!vmcs_name_eq(name, len, fi->name))
			continue;
		if (high && fi->width != VMCS_WIDTH_64)
			return false;
		*encoding = fi->encoding | (high ? VMCS_ENC_ACCESS_HIGH : 0);
		return true;
	}
	return false;
}

bool vmcs_field_by_name(const char *name, size_t len, uint32_t *encoding)
{
	/* "VMCS_LINK_POINTER" is itself a list name: try the name as is first. */
	if (vmcs_field_by_list_name(name, len, encoding))
		return true;
	return len > 5 && __builtin_memcmp(name, "VMCS_", 5) == 0 &&
	       vmcs_field_by_list_name(name + 5, len - 5, encoding);
}

void vmcs12_init(struct vmcs12 *v, uint32_t revision_id)
{
	__builtin_memset(v, 0, sizeof(*v));
	v->revision_id = revision_id;
	v->launch_state = VMCS12_LAUNCH_STATE_CLEAR;
}
