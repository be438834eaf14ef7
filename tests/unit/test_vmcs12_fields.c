/* SPDX-License-Identifier: MIT */
/* The VMCS field list and the vmcs12 layout generated from it. */
#include <string.h>

#include "testlib.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmcs12_access.h"

static uint64_t width_mask(unsigned w)
{
	unsigned bytes = vmcs_width_bytes((enum vmcs_width)w);

	return bytes == 8 ? ~0ull : (1ull << (bytes * 8)) - 1;
}

/* Spot checks against the SDM appendix B (encoding, width, type). */
static const struct {
	uint32_t enc;
	const char *name;
	enum vmcs_width width;
	enum vmcs_type type;
} sdm_samples[] = {
	{ 0x0000, "VIRTUAL_PROCESSOR_ID", VMCS_WIDTH_16, VMCS_TYPE_CTL },
	{ 0x0800, "GUEST_ES_SELECTOR", VMCS_WIDTH_16, VMCS_TYPE_GUEST },
	{ 0x0812, "GUEST_PML_INDEX", VMCS_WIDTH_16, VMCS_TYPE_GUEST },
	{ 0x0c0c, "HOST_TR_SELECTOR", VMCS_WIDTH_16, VMCS_TYPE_HOST },
	{ 0x2000, "IO_BITMAP_A", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2004, "MSR_BITMAP", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x200e, "PML_ADDRESS", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2018, "VM_FUNCTION_CONTROL", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x201a, "EPT_POINTER", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2024, "EPTP_LIST_ADDRESS", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2026, "VMREAD_BITMAP", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2028, "VMWRITE_BITMAP", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x202c, "XSS_EXIT_BITMAP", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x202e, "ENCLS_EXITING_BITMAP", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2032, "TSC_MULTIPLIER", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2034, "TERTIARY_VM_EXEC_CONTROL", VMCS_WIDTH_64, VMCS_TYPE_CTL },
	{ 0x2400, "GUEST_PHYSICAL_ADDRESS", VMCS_WIDTH_64, VMCS_TYPE_RO },
	{ 0x2800, "VMCS_LINK_POINTER", VMCS_WIDTH_64, VMCS_TYPE_GUEST },
	{ 0x2810, "GUEST_PDPTR3", VMCS_WIDTH_64, VMCS_TYPE_GUEST },
	{ 0x2c04, "HOST_IA32_PERF_GLOBAL_CTRL", VMCS_WIDTH_64, VMCS_TYPE_HOST },
	{ 0x4000, "PIN_BASED_VM_EXEC_CONTROL", VMCS_WIDTH_32, VMCS_TYPE_CTL },
	{ 0x401e, "SECONDARY_VM_EXEC_CONTROL", VMCS_WIDTH_32, VMCS_TYPE_CTL },
	{ 0x4022, "PLE_WINDOW", VMCS_WIDTH_32, VMCS_TYPE_CTL },
	{ 0x4402, "VM_EXIT_REASON", VMCS_WIDTH_32, VMCS_TYPE_RO },
	{ 0x4404, "VM_EXIT_INTR_INFO", VMCS_WIDTH_32, VMCS_TYPE_RO },
	{ 0x4826, "GUEST_ACTIVITY_STATE", VMCS_WIDTH_32, VMCS_TYPE_GUEST },
	{ 0x482e, "VMX_PREEMPTION_TIMER_VALUE", VMCS_WIDTH_32, VMCS_TYPE_GUEST },
	{ 0x4c00, "HOST_IA32_SYSENTER_CS", VMCS_WIDTH_32, VMCS_TYPE_HOST },
	{ 0x6000, "CR0_GUEST_HOST_MASK", VMCS_WIDTH_NAT, VMCS_TYPE_CTL },
	{ 0x600e, "CR3_TARGET_VALUE3", VMCS_WIDTH_NAT, VMCS_TYPE_CTL },
	{ 0x6400, "EXIT_QUALIFICATION", VMCS_WIDTH_NAT, VMCS_TYPE_RO },
	{ 0x640a, "GUEST_LINEAR_ADDRESS", VMCS_WIDTH_NAT, VMCS_TYPE_RO },
	{ 0x6800, "GUEST_CR0", VMCS_WIDTH_NAT, VMCS_TYPE_GUEST },
	{ 0x681e, "GUEST_RIP", VMCS_WIDTH_NAT, VMCS_TYPE_GUEST },
	{ 0x682c, "GUEST_INTR_SSP_TABLE", VMCS_WIDTH_NAT, VMCS_TYPE_GUEST },
	{ 0x6c16, "HOST_RIP", VMCS_WIDTH_NAT, VMCS_TYPE_HOST },
};

TEST(sdm_samples)
{
	for (size_t i = 0; i < sizeof(sdm_samples) / sizeof(sdm_samples[0]); i++) {
		const struct vmcs_field_info *fi = vmcs_field_lookup(sdm_samples[i].enc);

		CHECKF(fi, "0x%04x not found", sdm_samples[i].enc);
		if (!fi)
			continue;
		CHECKF(!strcmp(fi->name, sdm_samples[i].name), "0x%04x is %s, SDM says %s",
		       sdm_samples[i].enc, fi->name, sdm_samples[i].name);
		CHECK_EQ(fi->width, sdm_samples[i].width);
		CHECK_EQ(fi->type, sdm_samples[i].type);
	}
	CHECK_EQ(VMCS_GUEST_ES_SELECTOR, 0x0800);
	CHECK_EQ(VMCS_IO_BITMAP_A, 0x2000);
	CHECK_EQ(VMCS_VMCS_LINK_POINTER, 0x2800);
	CHECK_EQ(VMCS_GUEST_CR0, 0x6800);
}

TEST(every_field_decodes_and_round_trips)
{
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		uint32_t enc = 0;

		CHECKF(fi->name && fi->name[0], "entry %u has no name", i);
		CHECK_EQ(vmcs_enc_width(fi->encoding), fi->width);
		CHECK_EQ(vmcs_enc_type(fi->encoding), fi->type);
		CHECKF(vmcs_field_lookup(fi->encoding) == fi, "%s: lookup", fi->name);
		CHECKF(vmcs_field_name(fi->encoding) == fi->name, "%s: name", fi->name);
		CHECKF(vmcs_field_by_name(fi->name, strlen(fi->name), &enc) &&
			       enc == fi->encoding, "%s: by name -> 0x%x", fi->name, enc);
		CHECK(fi->feature < VMCS_NR_FEATURES);
		CHECK(strcmp(vmcs_feature_name((enum vmcs_feature)fi->feature), "?"));
		CHECK(fi->kvm_shadow <= VMCS_KVM_SHADOW_RW);
		/* KVM's read-only set is exactly VM-exit information plus AR bytes
		 * it never lets L1 write through the shadow. */
		if (fi->kvm_shadow == VMCS_KVM_SHADOW_RO)
			CHECKF(fi->type == VMCS_TYPE_RO || fi->type == VMCS_TYPE_GUEST,
			       "%s in kvm RO set", fi->name);
		if (fi->kvm_shadow == VMCS_KVM_SHADOW_RW)
			CHECKF(fi->type != VMCS_TYPE_RO, "%s RO type in kvm RW set", fi->name);
	}
	CHECK(vmcs_field_by_name("VMCS_GUEST_RIP", 14, &(uint32_t){0}));
}

TEST(high_encodings)
{
	unsigned n64 = 0;

	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		uint32_t high = fi->encoding | VMCS_ENC_ACCESS_HIGH, enc = 0;
		char buf[80];

		if (fi->width != VMCS_WIDTH_64) {
			CHECKF(!vmcs_field_lookup(high), "%s: HIGH accepted", fi->name);
			CHECK(!fi->name_high);
			snprintf(buf, sizeof(buf), "%s_HIGH", fi->name);
			CHECKF(!vmcs_field_by_name(buf, strlen(buf), &enc), "%s", buf);
			continue;
		}
		n64++;
		CHECKF(vmcs_field_lookup(high) == fi, "%s: HIGH lookup", fi->name);
		snprintf(buf, sizeof(buf), "%s_HIGH", fi->name);
		CHECKF(fi->name_high && !strcmp(fi->name_high, buf), "%s", buf);
		CHECKF(vmcs_field_name(high) && !strcmp(vmcs_field_name(high), buf), "%s", buf);
		CHECKF(vmcs_field_by_name(buf, strlen(buf), &enc) && enc == high, "%s", buf);
	}
	CHECK(n64 > 40);
}

TEST(reserved_and_unknown_encodings_rejected)
{
	unsigned found = 0, n64 = 0;

	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		uint32_t enc = vmcs_field_table[i].encoding;

		n64 += vmcs_field_table[i].width == VMCS_WIDTH_64;
		CHECK(!vmcs_field_lookup(enc | BIT(12)));
		CHECK(!vmcs_field_lookup(enc | BIT(15)));
		CHECK(!vmcs_field_lookup(enc | BIT(31)));
		CHECK(!vmcs_field_name(enc | BIT(20)));
	}
	/* Exhaustive over bits 14:0 (plus bit 12 set): exactly the list hits. */
	for (uint32_t enc = 0; enc <= 0x7fff; enc++) {
		const struct vmcs_field_info *fi = vmcs_field_lookup(enc);

		if (!fi)
			continue;
		found++;
		CHECK_EQ(fi->encoding, enc & ~1u);
	}
	CHECK_EQ(found, VMCS_NR_FIELDS + n64);
	CHECK(!vmcs_field_lookup(0x0001));     /* 16-bit field has no HIGH */
	CHECK(!vmcs_field_lookup(0x6c1e));     /* past the host natural list */
	CHECK(!vmcs_field_by_name("GUEST_RIPX", 10, &(uint32_t){0}));
	CHECK(!vmcs_field_by_name("GUEST_RI", 8, &(uint32_t){0}));
	CHECK(!vmcs_field_by_name("", 0, &(uint32_t){0}));
}

TEST(layout_no_overlap_and_fits_page)
{
	static unsigned char owner[sizeof(struct vmcs12)];

	memset(owner, 0, sizeof(owner));
	CHECK(sizeof(struct vmcs12) <= 4096);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		unsigned bytes = vmcs_width_bytes((enum vmcs_width)fi->width);

		CHECKF(fi->offset >= 16, "%s overlaps the header", fi->name);
		CHECKF(fi->offset % bytes == 0, "%s misaligned", fi->name);
		CHECKF(fi->offset + bytes <= sizeof(struct vmcs12), "%s past end", fi->name);
		for (unsigned b = 0; b < bytes && fi->offset + b < sizeof(owner); b++) {
			CHECKF(!owner[fi->offset + b], "%s overlaps another field", fi->name);
			owner[fi->offset + b] = 1;
		}
	}
}

/* The raw accessors truncate on write, zero-extend on read, agree with the
 * table-driven vmcs12_get() for every field, and touch no other field. */
TEST(raw_accessors_every_field)
{
	static struct vmcs12 v, ref;

#define X(fld, enc, w, t, feat, sh, off)                                              \
	vmcs12_init(&v, 0x2b);                                                       \
	vmcs12_write(&v, VMCS_##fld, ~0ull);                                          \
	CHECKF(vmcs12_read(&v, VMCS_##fld) == width_mask(VMCS_WIDTH_##w), "%s", #fld); \
	CHECKF(vmcs12_get(&v, &vmcs_field_table[VMCS_IDX_##fld]) ==                  \
		       width_mask(VMCS_WIDTH_##w), "%s get", #fld);                   \
	vmcs12_write(&v, VMCS_##fld, 0);                                              \
	vmcs12_init(&ref, 0x2b);                                                     \
	CHECKF(!memcmp(&v, &ref, sizeof(v)), "%s touched other bytes", #fld);
	VMCS_FIELDS(X)
#undef X
}

TEST(init_zeroes_and_stamps)
{
	static struct vmcs12 v;

	memset(&v, 0xa5, sizeof(v));
	vmcs12_init(&v, 0x2b);
	CHECK_EQ(v.revision_id, 0x2b);
	CHECK_EQ(v.launch_state, VMCS12_LAUNCH_STATE_CLEAR);
	CHECK_EQ(v.abort, 0);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++)
		CHECK_EQ(vmcs12_get(&v, &vmcs_field_table[i]), 0);
}
