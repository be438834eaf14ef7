/* SPDX-License-Identifier: MIT */
/* x86_canonical(): SDM Vol. 1 3.3.7.1 for 48- and 57-bit linear addresses. */
#include "testlib.h"
#include "vmcs12/canonical.h"

static const struct {
	uint64_t la;
	bool c48, c57;
} cases[] = {
	{ 0, true, true },
	{ 0x00007fffffffffffull, true, true },
	{ 0x0000800000000000ull, false, true },
	{ 0xffff800000000000ull, true, true },
	{ 0xffff7fffffffffffull, false, true },
	{ 0x00ffffffffffffffull, false, true },
	{ 0x0100000000000000ull, false, false },
	{ 0xff00000000000000ull, false, true },
	{ 0xfeffffffffffffffull, false, false },
	{ 0x8000000000000000ull, false, false },
	{ ~0ull, true, true },
};

TEST(canonical_48_and_57)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECKF(x86_canonical(cases[i].la, 48) == cases[i].c48, "0x%llx at 48",
		       (unsigned long long)cases[i].la);
		CHECKF(x86_canonical(cases[i].la, 57) == cases[i].c57, "0x%llx at 57",
		       (unsigned long long)cases[i].la);
	}
	CHECK(x86_canonical(0x8000000000000000ull, 64));
}

TEST(la_width_from_cpuid)
{
	CHECK_EQ(x86_la_width_from_cpuid(0x3027), 48u);
	CHECK_EQ(x86_la_width_from_cpuid(0x3934), 57u);
}
