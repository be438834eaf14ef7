/* SPDX-License-Identifier: MIT */
/* VMREAD/VMWRITE semantics over a vmcs12 (SDM 31.3 VMREAD, VMWRITE). */
#include <string.h>

#include "testlib.h"
#include "vmcs12/vmcs12_access.h"
#include "vmcs12/vmx_caps.h"
#include "vmx_caps_fixture.h"

#define MISC_NO_ANY  0ull
#define MISC_ANY     VMX_MISC_VMWRITE_ANY_FIELD

static struct vmcs12 v;


static uint64_t mask_of(const struct vmcs_field_info *fi)
{
	unsigned b = vmcs_width_bytes((enum vmcs_width)fi->width);

	return b == 8 ? ~0ull : (1ull << (8 * b)) - 1;
}

static const struct {
	uint64_t enc;
	uint64_t value;
	uint64_t misc;
	int err;          /* VMWRITE result */
	uint64_t readback; /* VMREAD of the same encoding when err == 0 */
} write_cases[] = {
	/* width truncation on write, zero extension on read */
	{ VMCS_GUEST_CS_SELECTOR, 0x123456789abcdef0ull, MISC_NO_ANY, 0, 0xdef0 },
	{ VMCS_PIN_BASED_VM_EXEC_CONTROL, 0xffffffff00000016ull, MISC_NO_ANY, 0, 0x16 },
	{ VMCS_GUEST_RIP, 0xffffffff80001000ull, MISC_NO_ANY, 0, 0xffffffff80001000ull },
	{ VMCS_EPT_POINTER, 0x0123456789abc05eull, MISC_NO_ANY, 0, 0x0123456789abc05eull },
	/* HIGH access: low 32 bits of the operand go to bits 63:32 */
	{ VMCS_TSC_OFFSET | 1, 0xaaaaaaaa12345678ull, MISC_NO_ANY, 0, 0x12345678 },
	/* read-only (VM-exit information) fields: error 13 unless MISC[29] */
	{ VMCS_VM_EXIT_REASON, 1, MISC_NO_ANY, VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT, 0 },
	{ VMCS_EXIT_QUALIFICATION, 1, MISC_NO_ANY, VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT, 0 },
	{ VMCS_GUEST_PHYSICAL_ADDRESS | 1, 1, MISC_NO_ANY,
	  VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT, 0 },
	{ VMCS_VM_INSTRUCTION_ERROR, 7, MISC_NO_ANY, VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT, 0 },
	{ VMCS_VM_EXIT_REASON, 0x80000021ull, MISC_ANY, 0, 0x80000021ull },
	{ VMCS_GUEST_PHYSICAL_ADDRESS | 1, 0x5, MISC_ANY, 0, 0x5 },
	/* unsupported components: error 12 (before the read-only check) */
	{ 0x4001, 0, MISC_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 },   /* HIGH of 32-bit */
	{ 0x6401, 0, MISC_NO_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 }, /* HIGH of natural */
	{ 0x0003, 0, MISC_NO_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 },
	{ 0x1800, 0, MISC_NO_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 }, /* bit 12 */
	{ 0x8000 | VMCS_GUEST_RIP, 0, MISC_NO_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 },
	{ 0x100000000ull | VMCS_GUEST_RIP, 0, MISC_NO_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 },
	{ 0x8000000000000000ull | VMCS_GUEST_RIP, 0, MISC_NO_ANY,
	  VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 },
	{ 0x6c1e, 0, MISC_NO_ANY, VMXERR_UNSUPPORTED_VMCS_COMPONENT, 0 },
};

TEST(vmwrite_vmread_table)
{
	for (size_t i = 0; i < sizeof(write_cases) / sizeof(write_cases[0]); i++) {
		uint64_t got = 0xdead;
		int err;

		vmcs12_init(&v, 0x2b);
		err = vmcs12_vmwrite(&v, caps_all(write_cases[i].misc), write_cases[i].enc,
				     write_cases[i].value);
		CHECKF(err == write_cases[i].err, "case %zu: enc 0x%llx err %d want %d", i,
		       (unsigned long long)write_cases[i].enc, err, write_cases[i].err);
		if (write_cases[i].err == VMXERR_UNSUPPORTED_VMCS_COMPONENT) {
			CHECKF(vmcs12_vmread(&v, caps_all(0), write_cases[i].enc, &got) ==
				       VMXERR_UNSUPPORTED_VMCS_COMPONENT && got == 0xdead,
			       "case %zu: VMREAD must fail with 12 and leave the value", i);
			continue;
		}
		CHECK_EQ(vmcs12_vmread(&v, caps_all(0), write_cases[i].enc, &got), 0);
		CHECKF(got == write_cases[i].readback, "case %zu: read 0x%llx want 0x%llx", i,
		       (unsigned long long)got, (unsigned long long)write_cases[i].readback);
	}
}

TEST(failed_vmwrite_changes_nothing)
{
	static struct vmcs12 before;

	vmcs12_init(&v, 0x2b);
	CHECK_EQ(vmcs12_vmwrite(&v, caps_all(0), VMCS_GUEST_RIP, 0x1234), 0);
	before = v;
	CHECK_EQ(vmcs12_vmwrite(&v, caps_all(0), VMCS_VM_EXIT_REASON, 5), 13);
	CHECK_EQ(vmcs12_vmwrite(&v, caps_all(0), 0x4001, 5), 12);
	CHECK(!memcmp(&before, &v, sizeof(v)));
}

TEST(high_and_full_halves)
{
	uint64_t got;

	vmcs12_init(&v, 0x2b);
	CHECK_EQ(vmcs12_vmwrite(&v, caps_all(0), VMCS_IO_BITMAP_A, 0x1122334455667788ull), 0);
	CHECK_EQ(vmcs12_vmread(&v, caps_all(0), VMCS_IO_BITMAP_A | 1, &got), 0);
	CHECK_EQ(got, 0x11223344);
	/* writing HIGH keeps the low half */
	CHECK_EQ(vmcs12_vmwrite(&v, caps_all(0), VMCS_IO_BITMAP_A | 1, 0xffffffffcafef00dull), 0);
	CHECK_EQ(vmcs12_vmread(&v, caps_all(0), VMCS_IO_BITMAP_A, &got), 0);
	CHECK_EQ(got, 0xcafef00d55667788ull);
	CHECK_EQ(vmcs12_read(&v, VMCS_IO_BITMAP_A), 0xcafef00d55667788ull);
}

/* Every field: full-width write/read per width, and RO fields gated. */
TEST(every_field_semantics)
{
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		uint64_t got = 0;
		int want = fi->type == VMCS_TYPE_RO ? VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT : 0;

		vmcs12_init(&v, 0x2b);
		CHECKF(vmcs12_vmwrite(&v, caps_all(0), fi->encoding, 0xa5a5a5a5a5a5a5a5ull) == want,
		       "%s", fi->name);
		CHECKF(vmcs12_vmwrite(&v, caps_all(MISC_ANY), fi->encoding,
				      0xa5a5a5a5a5a5a5a5ull) == 0,
		       "%s any", fi->name);
		CHECK_EQ(vmcs12_vmread(&v, caps_all(0), fi->encoding, &got), 0);
		CHECKF(got == (0xa5a5a5a5a5a5a5a5ull & mask_of(fi)), "%s read", fi->name);
		if (fi->width == VMCS_WIDTH_64) {
			CHECK_EQ(vmcs12_vmread(&v, caps_all(0), fi->encoding | 1, &got), 0);
			CHECK_EQ(got, 0xa5a5a5a5);
		} else {
			CHECK_EQ(vmcs12_vmread(&v, caps_all(0), fi->encoding | 1, &got), 12);
		}
	}
}

TEST(insn_error_names)
{
	CHECK(!strcmp(vmx_insn_error_name(12), "VMREAD/VMWRITE from/to unsupported VMCS component"));
	CHECK(!strcmp(vmx_insn_error_name(13), "VMWRITE to read-only VMCS component"));
	CHECK(!strcmp(vmx_insn_error_name(7), "VM entry with invalid control field(s)"));
	CHECK(!strcmp(vmx_insn_error_name(8), "VM entry with invalid host-state field(s)"));
	CHECK(!strcmp(vmx_insn_error_name(28), "Invalid operand to INVEPT/INVVPID"));
	CHECK(!strcmp(vmx_insn_error_name(14), "reserved"));
	CHECK(!strcmp(vmx_insn_error_name(21), "reserved"));
	CHECK(!strcmp(vmx_insn_error_name(27), "reserved"));
	CHECK(!strcmp(vmx_insn_error_name(0), "unknown"));
	CHECK(!strcmp(vmx_insn_error_name(29), "unknown"));
	for (uint32_t e = 1; e <= 28; e++)
		CHECK(vmx_insn_error_name(e)[0]);
}

/* A field exists for L1 only if the features L1 is offered include its
 * own (SDM 25.11.2, A.9): VMREAD and VMWRITE of any other give error 12,
 * and change nothing; the base fields stay. */
TEST(fields_of_features_not_offered)
{
	struct vmx_caps l1;
	static struct vmcs12 before;
	unsigned gated = 0;

	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &l1);
	vmcs12_init(&v, 0x2b);
	before = v;
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		bool exists = vmcs_field_supported(&l1, fi->encoding);
		uint64_t got = 0xdead;

		if (exists)
			continue;
		gated++;
		CHECKF(vmcs12_vmread(&v, &l1, fi->encoding, &got) == 12 && got == 0xdead, "%s",
		       fi->name);
		CHECKF(vmcs12_vmwrite(&v, &l1, fi->encoding, 1) == 12, "%s write", fi->name);
	}
	CHECK(!memcmp(&before, &v, sizeof(v)));
	CHECKF(gated >= 8, "only %u fields gated", gated);
	/* Named ones the issue lists, and two that stay. */
	static const uint32_t gone[] = {
		VMCS_PML_ADDRESS, VMCS_POSTED_INTR_DESC_ADDR, VMCS_POSTED_INTR_NV,
		VMCS_VM_FUNCTION_CONTROL, VMCS_EPTP_LIST_ADDRESS, VMCS_VE_INFORMATION_ADDRESS,
		VMCS_EPTP_INDEX, VMCS_TSC_MULTIPLIER, VMCS_PML_ADDRESS | 1,
	};
	uint64_t got;
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		CHECKF(vmcs12_vmread(&v, &l1, gone[i], &got) == 12, "0x%x", gone[i]);
	CHECK_EQ(vmcs12_vmread(&v, &l1, VMCS_EPT_POINTER, &got), 0);
	CHECK_EQ(vmcs12_vmread(&v, &l1, VMCS_VMREAD_BITMAP, &got), 0);
	CHECK_EQ(vmcs12_vmread(&v, &l1, VMCS_GUEST_RIP, &got), 0);
}
