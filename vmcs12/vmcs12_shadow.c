/* SPDX-License-Identifier: MIT */
/* Shadow sets, their parser, validation and VMREAD/VMWRITE bitmaps. */
#include "vmcs12/vmcs12_shadow.h"

#include "vmcs12/vmx_caps.h"

static int shadow_fail(struct vmcs_shadow_error *err, enum vmcs_shadow_status st,
		       const char *msg, const struct vmcs_field_info *fi)
{
	err->status = st;
	err->msg = msg;
	err->field = fi ? fi->name : NULL;
	err->encoding = fi ? fi->encoding : 0;
	return st;
}

static bool shadow_field_supported(const struct vmcs_shadow_env *env,
				   const struct vmcs_field_info *fi)
{
	enum vmcs_feature f = (enum vmcs_feature)fi->feature;

	return vmx_caps_has_feature(env->hw, f) && vmx_caps_has_feature(env->l1, f);
}

static bool shadow_read_only_write_ok(const struct vmcs_shadow_env *env)
{
	return (env->hw->misc & VMX_MISC_VMWRITE_ANY_FIELD) &&
	       (env->l1->misc & VMX_MISC_VMWRITE_ANY_FIELD);
}

/* Rules 1-3 for one field; NULL if fine, else the message. */
static const char *shadow_rule(const struct vmcs_shadow_env *env, const struct vmcs_field_info *fi,
			       bool write, enum vmcs_shadow_status *st)
{
	if (!shadow_field_supported(env, fi)) {
		*st = VMCS_SHADOW_ERR_UNSUPPORTED;
		return "field not supported by the hardware or by L1's emulated CPU";
	}
	if (write && fi->type == VMCS_TYPE_RO && !shadow_read_only_write_ok(env)) {
		*st = VMCS_SHADOW_ERR_READ_ONLY_WRITE;
		return "VM-exit information field in the VMWRITE set without IA32_VMX_MISC[29]";
	}
	if (write && fi->type == VMCS_TYPE_CTL && !env->l0_syncs_controls_on_entry) {
		*st = VMCS_SHADOW_ERR_CONTROL_WRITE;
		return "control field in the VMWRITE set but L0 does not re-read controls on entry";
	}
	return NULL;
}

int vmcs_shadow_validate(const struct vmcs_shadow_set *set, const struct vmcs_shadow_env *env,
			 struct vmcs_shadow_error *err)
{
	__builtin_memset(err, 0, sizeof(*err));
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		bool rd = vmcs_shadow_has(set->read, i), wr = vmcs_shadow_has(set->write, i);
		enum vmcs_shadow_status st = VMCS_SHADOW_OK;
		const char *msg;

		if (!rd && !wr)
			continue;
		msg = shadow_rule(env, fi, wr, &st);
		if (msg)
			return shadow_fail(err, st, msg, fi);
	}
	return 0;
}

/* Named sets; each is valid under its env by construction. */
static void shadow_named(const struct vmcs_shadow_env *env, bool kvm, struct vmcs_shadow_set *set)
{
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		enum vmcs_shadow_status st;
		bool rd, wr;

		if (!shadow_field_supported(env, fi))
			continue;
		rd = kvm ? fi->kvm_shadow != VMCS_KVM_SHADOW_NO : true;
		wr = kvm ? fi->kvm_shadow == VMCS_KVM_SHADOW_RW : true;
		if (wr && shadow_rule(env, fi, true, &st))
			wr = false;
		if (rd)
			vmcs_shadow_add(set->read, i);
		if (wr)
			vmcs_shadow_add(set->write, i);
	}
}

static bool spec_is(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (word[i] != s[i])
			return false;
	return word[i] == '\0';
}

static int parse_fail(struct vmcs_shadow_error *err, enum vmcs_shadow_status st,
		      const char *msg, size_t pos, size_t len)
{
	err->status = st;
	err->msg = msg;
	err->pos = pos;
	err->len = len;
	return st;
}

int vmcs_shadow_parse(const char *spec, size_t len, const struct vmcs_shadow_env *env,
		      struct vmcs_shadow_set *set, struct vmcs_shadow_error *err)
{
	size_t pos = 0;

	__builtin_memset(set, 0, sizeof(*set));
	__builtin_memset(err, 0, sizeof(*err));
	if (spec_is(spec, len, "none"))
		return 0;
	if (spec_is(spec, len, "kvm") || spec_is(spec, len, "all")) {
		shadow_named(env, spec_is(spec, len, "kvm"), set);
		return 0;
	}
	for (;;) {
		size_t end = pos, name_len, colon;
		bool read_only = false;
		uint32_t enc;
		const struct vmcs_field_info *fi;

		while (end < len && spec[end] != ',')
			end++;
		for (colon = pos; colon < end && spec[colon] != ':'; colon++)
			;
		name_len = colon - pos;
		if (colon < end) {
			if (!spec_is(spec + colon, end - colon, ":r"))
				return parse_fail(err, VMCS_SHADOW_ERR_BAD_SUFFIX,
						  "unknown suffix (only \":r\" = VMREAD only)",
						  colon, end - colon);
			read_only = true;
		}
		if (name_len == 0)
			return parse_fail(err, VMCS_SHADOW_ERR_EMPTY_NAME,
					  "empty field name (not none, kvm, all or a list)", pos, 0);
		if (!vmcs_field_by_name(spec + pos, name_len, &enc))
			return parse_fail(err, VMCS_SHADOW_ERR_UNKNOWN_FIELD,
					  "unknown field name or set name", pos, name_len);
		if (vmcs_enc_is_high(enc))
			return parse_fail(err, VMCS_SHADOW_ERR_HALF_FIELD,
					  "name the 64-bit field, not its _HIGH half", pos, name_len);
		fi = vmcs_field_lookup(enc);
		vmcs_shadow_add(set->read, (unsigned)(fi - vmcs_field_table));
		if (!read_only)
			vmcs_shadow_add(set->write, (unsigned)(fi - vmcs_field_table));
		if (end >= len)
			return 0;
		pos = end + 1;
	}
}

static void bitmap_clear_bit(uint8_t *bm, uint32_t n)
{
	bm[n / 8] &= (uint8_t)~(1u << (n % 8));
}

static bool bitmap_bit(const uint8_t *bm, uint32_t n)
{
	return bm[n / 8] & (1u << (n % 8));
}

void vmcs_shadow_bitmaps(const struct vmcs_shadow_set *set, uint8_t *vmread_bitmap,
			 uint8_t *vmwrite_bitmap)
{
	__builtin_memset(vmread_bitmap, 0xff, VMCS_SHADOW_BITMAP_SIZE);
	__builtin_memset(vmwrite_bitmap, 0xff, VMCS_SHADOW_BITMAP_SIZE);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		bool both = fi->width == VMCS_WIDTH_64;

		if (vmcs_shadow_has(set->read, i)) {
			bitmap_clear_bit(vmread_bitmap, fi->encoding);
			if (both)
				bitmap_clear_bit(vmread_bitmap, fi->encoding | VMCS_ENC_ACCESS_HIGH);
		}
		if (vmcs_shadow_has(set->write, i)) {
			bitmap_clear_bit(vmwrite_bitmap, fi->encoding);
			if (both)
				bitmap_clear_bit(vmwrite_bitmap, fi->encoding | VMCS_ENC_ACCESS_HIGH);
		}
	}
}

bool vmcs_shadow_bitmap_shadows(const uint8_t *bitmap, uint64_t encoding)
{
	/* SDM 26.1.3: bits 63:15 set always exit. */
	if (encoding >> 15)
		return false;
	return !bitmap_bit(bitmap, (uint32_t)encoding);
}

int vmcs_shadow_validate_bitmap(const uint8_t *bitmap, struct vmcs_shadow_error *err)
{
	__builtin_memset(err, 0, sizeof(*err));
	for (uint32_t n = 0; n < VMCS_SHADOW_BITMAP_SIZE * 8; n++) {
		const struct vmcs_field_info *fi;

		if (bitmap_bit(bitmap, n))
			continue;
		fi = vmcs_field_lookup(n);
		if (!fi) {
			shadow_fail(err, VMCS_SHADOW_ERR_UNKNOWN_ENCODING,
				    "shadowed bit names no VMCS field", NULL);
			err->encoding = n;
			return err->status;
		}
		if (fi->width == VMCS_WIDTH_64 &&
		    bitmap_bit(bitmap, fi->encoding) != bitmap_bit(bitmap, fi->encoding | 1))
			return shadow_fail(err, VMCS_SHADOW_ERR_HALF_FIELD,
					   "64-bit field shadowed through one half only", fi);
	}
	return 0;
}
