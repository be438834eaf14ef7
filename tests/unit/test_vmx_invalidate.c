/* SPDX-License-Identifier: MIT */
/* INVEPT/INVVPID type and descriptor checks (SDM 31.3 pseudo-code). */
#include "l1hv/nested/vmx_invalidate.h"
#include "testlib.h"
#include "vmcs12/vmx_caps.h"
#include "vmx_caps_fixture.h"

static uint64_t l1_cap(void)
{
	struct vmx_caps l1;

	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &l1);
	return l1.ept_vpid_cap;
}

TEST(invvpid_types)
{
	uint64_t cap = l1_cap();

	for (uint64_t t = 0; t < 4; t++)
		CHECKF(vmx_invvpid_type_ok(t, cap), "type %llu", (unsigned long long)t);
	CHECK(!vmx_invvpid_type_ok(4, cap));
	CHECK(!vmx_invvpid_type_ok(1ull << 32, cap));
	CHECK(!vmx_invvpid_type_ok(1ull << 32 | 1, cap));
	CHECK(!vmx_invvpid_type_ok(1, cap & ~VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT));
	CHECK(!vmx_invvpid_type_ok(2, cap & ~VMX_VPID_INVVPID_BIT));
}

TEST(invept_types)
{
	uint64_t cap = l1_cap();

	CHECK(!vmx_invept_type_ok(0, cap));
	CHECK(vmx_invept_type_ok(1, cap));
	CHECK(vmx_invept_type_ok(2, cap));
	CHECK(!vmx_invept_type_ok(3, cap));
	CHECK(!vmx_invept_type_ok(1ull << 32 | 2, cap));
	CHECK(!vmx_invept_type_ok(1, cap & ~VMX_EPT_EXTENT_CONTEXT_BIT));
}

/* VPID 0 fails types 0, 1 and 3 but not 2; bits 63:16 fail every type;
 * type 0 needs a canonical address for the width given. */
TEST(invvpid_descriptor)
{
	static const struct {
		uint64_t type, vpid_word, la;
		unsigned width;
		bool ok;
	} cases[] = {
		{ 0, 0, 0x1000, 48, false },
		{ 1, 0, 0, 48, false },
		{ 2, 0, 0, 48, true },
		{ 3, 0, 0, 48, false },
		{ 0, 1, 0x1000, 48, true },
		{ 1, 1, 0, 48, true },
		{ 3, 0xffff, 0, 48, true },
		{ 0, 1 | 1ull << 16, 0x1000, 48, false },
		{ 1, 1ull << 63 | 1, 0, 48, false },
		{ 2, 1ull << 16, 0, 48, false },
		{ 3, 1ull << 40 | 5, 0, 48, false },
		{ 0, 1, 0x0000800000000000ull, 48, false },
		{ 0, 1, 0x0000800000000000ull, 57, true },
		{ 0, 1, 0x0100000000000000ull, 57, false },
		{ 0, 1, 0xffff800000000000ull, 48, true },
		/* the address matters for type 0 only */
		{ 1, 1, 0x0100000000000000ull, 48, true },
		{ 2, 0, 0x8000000000000000ull, 48, true },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t desc[2] = { cases[i].vpid_word, cases[i].la };

		CHECKF(vmx_invvpid_desc_ok(cases[i].type, desc, cases[i].width) == cases[i].ok,
		       "case %zu", i);
	}
}

TEST(invept_descriptor)
{
	uint64_t cap = l1_cap();
	uint64_t good[2] = { 0x123000 | 0x18 | 6, 0 };      /* WB, 4-level walk */
	uint64_t bad_mt[2] = { 0x123000 | 0x18 | 2, 0 };    /* memory type 2 */
	uint64_t bad_walk[2] = { 0x123000 | 6, 0 };         /* walk length 1 */
	uint64_t beyond[2] = { (1ull << 40) | 0x18 | 6, 0 }; /* beyond MAXPHYADDR 39 */
	uint64_t ad[2] = { 0x123000 | 0x40 | 0x18 | 6, 0 };  /* A/D not offered */

	CHECK(vmx_invept_desc_ok(1, good, cap, 39));
	CHECK(!vmx_invept_desc_ok(1, bad_mt, cap, 39));
	CHECK(!vmx_invept_desc_ok(1, bad_walk, cap, 39));
	CHECK(!vmx_invept_desc_ok(1, beyond, cap, 39));
	CHECK(vmx_invept_desc_ok(1, beyond, cap, 46));
	CHECK(!vmx_invept_desc_ok(1, ad, cap, 39));
	/* global invalidation ignores the EPTP */
	CHECK(vmx_invept_desc_ok(2, bad_mt, cap, 39));
}
