/* SPDX-License-Identifier: MIT */
/* Shadow sets: parse, validate, VMREAD/VMWRITE bitmaps. */
#include <string.h>

#include "testlib.h"
#include "vmcs12/vmcs12_shadow.h"
#include "vmcs12/vmx_controls.h"
#include "vmx_caps_fixture.h"

static struct vmx_caps l1;
static struct vmcs_shadow_env env = { &vmx_caps_bochs_skylake_x, &l1, true };
static uint8_t rd[VMCS_SHADOW_BITMAP_SIZE], wr[VMCS_SHADOW_BITMAP_SIZE];

static void setup(bool syncs)
{
	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &l1);
	env.hw = &vmx_caps_bochs_skylake_x;
	env.l1 = &l1;
	env.l0_syncs_controls_on_entry = syncs;
}

static int parse(const char *spec, struct vmcs_shadow_set *s, struct vmcs_shadow_error *e)
{
	return vmcs_shadow_parse(spec, strlen(spec), &env, s, e);
}

static unsigned count(const uint8_t *bits)
{
	unsigned n = 0;

	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++)
		n += vmcs_shadow_has(bits, i);
	return n;
}

static unsigned clear_bits(const uint8_t *bm)
{
	unsigned n = 0;

	for (unsigned i = 0; i < VMCS_SHADOW_BITMAP_SIZE * 8; i++)
		n += !(bm[i / 8] & (1u << (i % 8)));
	return n;
}

TEST(none_shadows_nothing)
{
	struct vmcs_shadow_set s;
	struct vmcs_shadow_error e;

	setup(true);
	CHECK_EQ(parse("none", &s, &e), 0);
	CHECK_EQ(count(s.read) + count(s.write), 0);
	vmcs_shadow_bitmaps(&s, rd, wr);
	CHECK_EQ(clear_bits(rd), 0);
	CHECK_EQ(clear_bits(wr), 0);
	CHECK(!vmcs_shadow_bitmap_shadows(rd, VMCS_GUEST_RIP));
}

/* The kvm set on Bochs skylake-x with nested caps: KVM's 23 read-write + 11 read-only
 * encodings, minus GUEST_INTR_STATUS / GUEST_PML_INDEX (L1 is offered no
 * virtual-interrupt delivery or PML). */
TEST(kvm_set_bits)
{
	static const struct { uint32_t enc; bool read, write; } rows[] = {
		{ VMCS_GUEST_RIP, true, true },
		{ VMCS_GUEST_RFLAGS, true, true },
		{ VMCS_CPU_BASED_VM_EXEC_CONTROL, true, true },
		{ VMCS_EXCEPTION_BITMAP, true, true },
		{ VMCS_CR0_GUEST_HOST_MASK, true, true },
		{ VMCS_HOST_FS_SELECTOR, true, true },
		{ VMCS_TPR_THRESHOLD, true, true },
		{ VMCS_VM_EXIT_REASON, true, false },
		{ VMCS_EXIT_QUALIFICATION, true, false },
		{ VMCS_GUEST_CS_AR_BYTES, true, false },
		{ VMCS_GUEST_PHYSICAL_ADDRESS, true, false },
		{ VMCS_GUEST_PHYSICAL_ADDRESS | 1, true, false },
		{ VMCS_GUEST_INTR_STATUS, false, false },
		{ VMCS_GUEST_PML_INDEX, false, false },
		{ VMCS_VMX_PREEMPTION_TIMER_VALUE, true, true },
		{ VMCS_VM_INSTRUCTION_ERROR, false, false },
		{ VMCS_EPT_POINTER, false, false },
		{ VMCS_VMCS_LINK_POINTER, false, false },
	};
	struct vmcs_shadow_set s;
	struct vmcs_shadow_error e;

	setup(true);
	CHECK_EQ(parse("kvm", &s, &e), 0);
	CHECK_EQ(vmcs_shadow_validate(&s, &env, &e), 0);
	vmcs_shadow_bitmaps(&s, rd, wr);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECKF(vmcs_shadow_bitmap_shadows(rd, rows[i].enc) == rows[i].read,
		       "vmread %s", vmcs_field_name(rows[i].enc));
		CHECKF(vmcs_shadow_bitmap_shadows(wr, rows[i].enc) == rows[i].write,
		       "vmwrite %s", vmcs_field_name(rows[i].enc));
	}
	CHECK_EQ(count(s.read), 34 - 2);
	CHECK_EQ(count(s.write), 23 - 2);
	CHECK_EQ(clear_bits(rd), 34 - 2 + 1);   /* + GUEST_PHYSICAL_ADDRESS_HIGH */
	CHECK_EQ(vmcs_shadow_validate_bitmap(rd, &e), 0);
	CHECK_EQ(vmcs_shadow_validate_bitmap(wr, &e), 0);
	/* SDM: operand bits 63:15 set always exit, even if bits 14:0 match. */
	CHECK(!vmcs_shadow_bitmap_shadows(rd, VMCS_GUEST_RIP | 0x8000));
	CHECK(!vmcs_shadow_bitmap_shadows(rd, VMCS_GUEST_RIP | (1ull << 40)));
	/* bare hardware caps for L1: the PML index is back */
	env.l1 = &vmx_caps_bochs_skylake_x;
	CHECK_EQ(parse("kvm", &s, &e), 0);
	CHECK(vmcs_shadow_has(s.write, VMCS_IDX_GUEST_PML_INDEX));
}

TEST(all_set_is_valid_and_maximal)
{
	struct vmcs_shadow_set s;
	struct vmcs_shadow_error e;
	unsigned supported = 0, n64 = 0;

	setup(true);
	CHECK_EQ(parse("all", &s, &e), 0);
	CHECK_EQ(vmcs_shadow_validate(&s, &env, &e), 0);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		bool sup = vmcs_field_supported(&vmx_caps_bochs_skylake_x, fi->encoding) &&
			   vmcs_field_supported(&l1, fi->encoding);

		supported += sup;
		n64 += sup && fi->width == VMCS_WIDTH_64;
		CHECKF(vmcs_shadow_has(s.read, i) == sup, "%s read", fi->name);
		/* both MISC[29] set and L0 syncs: every supported field */
		CHECKF(vmcs_shadow_has(s.write, i) == sup, "%s write", fi->name);
	}
	vmcs_shadow_bitmaps(&s, rd, wr);
	CHECK_EQ(clear_bits(rd), supported + n64);
	CHECK_EQ(vmcs_shadow_validate_bitmap(rd, &e), 0);
	/* without control sync the write set drops every control field */
	setup(false);
	CHECK_EQ(parse("all", &s, &e), 0);
	CHECK_EQ(vmcs_shadow_validate(&s, &env, &e), 0);
	CHECK(!vmcs_shadow_has(s.write, VMCS_IDX_CPU_BASED_VM_EXEC_CONTROL));
	CHECK(vmcs_shadow_has(s.read, VMCS_IDX_CPU_BASED_VM_EXEC_CONTROL));
	CHECK(vmcs_shadow_has(s.write, VMCS_IDX_GUEST_RIP));
	/* without MISC[29] in L1's view: no exit-information field writable */
	setup(true);
	l1.misc &= ~VMX_MISC_VMWRITE_ANY_FIELD;
	CHECK_EQ(parse("all", &s, &e), 0);
	CHECK(!vmcs_shadow_has(s.write, VMCS_IDX_VM_EXIT_REASON));
	CHECK(vmcs_shadow_has(s.read, VMCS_IDX_VM_EXIT_REASON));
}

TEST(explicit_lists)
{
	struct vmcs_shadow_set s;
	struct vmcs_shadow_error e;

	setup(true);
	CHECK_EQ(parse("GUEST_RIP,VMCS_GUEST_RSP,VM_EXIT_REASON:r,TSC_OFFSET", &s, &e), 0);
	CHECK_EQ(count(s.read), 4);
	CHECK_EQ(count(s.write), 3);
	CHECK(vmcs_shadow_has(s.read, VMCS_IDX_VM_EXIT_REASON));
	CHECK(!vmcs_shadow_has(s.write, VMCS_IDX_VM_EXIT_REASON));
	vmcs_shadow_bitmaps(&s, rd, wr);
	CHECK(vmcs_shadow_bitmap_shadows(rd, VMCS_TSC_OFFSET));
	CHECK(vmcs_shadow_bitmap_shadows(wr, VMCS_TSC_OFFSET | 1));
	CHECK(!vmcs_shadow_bitmap_shadows(wr, VMCS_VM_EXIT_REASON));
	CHECK_EQ(clear_bits(rd), 5);
	CHECK_EQ(clear_bits(wr), 4);
	CHECK_EQ(parse("VMCS_LINK_POINTER", &s, &e), 0);
	CHECK(vmcs_shadow_has(s.read, VMCS_IDX_VMCS_LINK_POINTER));
}

static const struct {
	const char *spec;
	enum vmcs_shadow_status st;
	size_t pos, len;
} parse_errors[] = {
	{ "", VMCS_SHADOW_ERR_EMPTY_NAME, 0, 0 },
	{ "GUEST_RIP,,GUEST_RSP", VMCS_SHADOW_ERR_EMPTY_NAME, 10, 0 },
	{ "GUEST_RIP,", VMCS_SHADOW_ERR_EMPTY_NAME, 10, 0 },
	{ "Kvm", VMCS_SHADOW_ERR_UNKNOWN_FIELD, 0, 3 },
	{ "GUEST_RIP,GUEST_RIPP", VMCS_SHADOW_ERR_UNKNOWN_FIELD, 10, 10 },
	{ "kvm,GUEST_RIP", VMCS_SHADOW_ERR_UNKNOWN_FIELD, 0, 3 },
	{ "GUEST_RIP:w", VMCS_SHADOW_ERR_BAD_SUFFIX, 9, 2 },
	{ "TSC_OFFSET_HIGH", VMCS_SHADOW_ERR_HALF_FIELD, 0, 15 },
	{ "GUEST_RIP_HIGH", VMCS_SHADOW_ERR_UNKNOWN_FIELD, 0, 14 },
};

TEST(parse_errors_name_the_token)
{
	struct vmcs_shadow_set s;
	struct vmcs_shadow_error e;

	setup(true);
	for (size_t i = 0; i < sizeof(parse_errors) / sizeof(parse_errors[0]); i++) {
		int st = parse(parse_errors[i].spec, &s, &e);

		CHECKF(st == (int)parse_errors[i].st && e.status == parse_errors[i].st,
		       "'%s': status %d", parse_errors[i].spec, st);
		CHECKF(e.pos == parse_errors[i].pos && e.len == parse_errors[i].len,
		       "'%s': token %zu+%zu", parse_errors[i].spec, e.pos, e.len);
		CHECK(e.msg && e.msg[0]);
	}
}

static const struct {
	const char *spec;
	bool hw_misc29, l1_misc29, syncs;
	enum vmcs_shadow_status st;
	const char *field;
} validate_cases[] = {
	{ "GUEST_RIP", true, true, false, VMCS_SHADOW_OK, NULL },
	{ "PML_ADDRESS:r", true, true, true, VMCS_SHADOW_ERR_UNSUPPORTED, "PML_ADDRESS" },
	{ "GUEST_RIP,POSTED_INTR_DESC_ADDR", true, true, true, VMCS_SHADOW_ERR_UNSUPPORTED,
	  "POSTED_INTR_DESC_ADDR" },
	{ "GUEST_S_CET:r", true, true, true, VMCS_SHADOW_ERR_UNSUPPORTED, "GUEST_S_CET" },
	{ "EXIT_QUALIFICATION", true, true, true, VMCS_SHADOW_OK, NULL },
	{ "EXIT_QUALIFICATION", false, true, true, VMCS_SHADOW_ERR_READ_ONLY_WRITE,
	  "EXIT_QUALIFICATION" },
	{ "EXIT_QUALIFICATION", true, false, true, VMCS_SHADOW_ERR_READ_ONLY_WRITE,
	  "EXIT_QUALIFICATION" },
	{ "EXIT_QUALIFICATION:r", false, false, false, VMCS_SHADOW_OK, NULL },
	{ "GUEST_RIP,EPT_POINTER", true, true, false, VMCS_SHADOW_ERR_CONTROL_WRITE, "EPT_POINTER" },
	{ "EPT_POINTER:r", true, true, false, VMCS_SHADOW_OK, NULL },
	{ "EPT_POINTER", true, true, true, VMCS_SHADOW_OK, NULL },
	{ "kvm", true, true, false, VMCS_SHADOW_OK, NULL }, /* kvm drops control writes */
};

TEST(validation_reports_field)
{
	struct vmcs_shadow_set s;
	struct vmcs_shadow_error e;
	struct vmx_caps hw;

	for (size_t i = 0; i < sizeof(validate_cases) / sizeof(validate_cases[0]); i++) {
		setup(validate_cases[i].syncs);
		hw = vmx_caps_bochs_skylake_x;
		if (!validate_cases[i].hw_misc29)
			hw.misc &= ~VMX_MISC_VMWRITE_ANY_FIELD;
		if (!validate_cases[i].l1_misc29)
			l1.misc &= ~VMX_MISC_VMWRITE_ANY_FIELD;
		env.hw = &hw;
		CHECKF(parse(validate_cases[i].spec, &s, &e) == 0, "%s", validate_cases[i].spec);
		CHECKF(vmcs_shadow_validate(&s, &env, &e) == (int)validate_cases[i].st,
		       "'%s': status %d", validate_cases[i].spec, e.status);
		if (validate_cases[i].field)
			CHECKF(e.field && !strcmp(e.field, validate_cases[i].field),
			       "'%s': field %s", validate_cases[i].spec, e.field ? e.field : "(null)");
	}
}

TEST(bitmap_validation)
{
	struct vmcs_shadow_error e;

	memset(rd, 0xff, sizeof(rd));
	CHECK_EQ(vmcs_shadow_validate_bitmap(rd, &e), 0);
	rd[VMCS_TSC_OFFSET / 8] &= (uint8_t)~(1u << (VMCS_TSC_OFFSET % 8));
	CHECK_EQ(vmcs_shadow_validate_bitmap(rd, &e), VMCS_SHADOW_ERR_HALF_FIELD);
	CHECK(e.field && !strcmp(e.field, "TSC_OFFSET"));
	rd[(VMCS_TSC_OFFSET | 1) / 8] &= (uint8_t)~(1u << ((VMCS_TSC_OFFSET | 1) % 8));
	CHECK_EQ(vmcs_shadow_validate_bitmap(rd, &e), 0);
	rd[0x4001 / 8] &= (uint8_t)~(1u << (0x4001 % 8));
	CHECK_EQ(vmcs_shadow_validate_bitmap(rd, &e), VMCS_SHADOW_ERR_UNKNOWN_ENCODING);
	CHECK_EQ(e.encoding, 0x4001);
}
