/* SPDX-License-Identifier: MIT */
/*
 * The guest's CPUID (l1hv/arch/cpuid_policy.h) against a host that claims
 * every bit of every feature word: what reaches the guest is then exactly
 * the policy's keep lists, so a feature that does not work under l1hv and
 * leaks through, or a bit nobody has defined yet, shows here. The bits
 * that depend on what l1hv offers (VMX, RDTSCP/RDPID, INVPCID, the XSAVE
 * components) and on the guest's state (OSXSAVE, OSPKE, XSAVE sizes) are
 * walked both ways.
 */
#include <string.h>

#include "l1hv/arch/cpuid_policy.h"
#include "testlib.h"

/* ------------------------------------------------------------ hosts */
/* XSAVE components: x87, SSE, AVX, MPX, AVX-512, PKRU, AMX, as a
 * Sapphire Rapids lays them out (SDM Vol. 1 13.4; the sizes are the
 * architectural ones, the offsets a real CPU's). */
static const struct { uint32_t size, offset, ecx; } comp[19] = {
	[2] = { 256, 576, 0 },   [3] = { 64, 960, 0 },     [4] = { 64, 1024, 0 },
	[5] = { 64, 1088, 0 },   [6] = { 512, 1152, 0 },   [7] = { 1024, 1664, 0 },
	[9] = { 8, 2688, 0 },    [17] = { 64, 2752, 2 },   [18] = { 8192, 2816, 2 },
};
#define RICH_XCR0 (XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_MPX | XCR0_AVX512 | XCR0_PKRU | XCR0_AMX)

static uint32_t rich_max = 0x20, rich_ext = 0x80000008;

/* Claims every feature: all ones wherever a feature word is. */
static struct cpuid_regs rich(uint32_t leaf, uint32_t sub)
{
	const uint32_t ones = 0xffffffffu;

	if (leaf == 0)
		return (struct cpuid_regs){ rich_max, 0x756e6547, 0x6c65746e, 0x49656e69 };
	if (leaf == 0x80000000)
		return (struct cpuid_regs){ rich_ext, 0, 0, 0 };
	if (leaf == 0xd) {
		if (sub == 0)
			return (struct cpuid_regs){ (uint32_t)RICH_XCR0, 2696, 11008, 0 };
		if (sub == 1)
			return (struct cpuid_regs){ ones, 1234, ones, ones };
		if (sub < 19 && comp[sub].size)
			return (struct cpuid_regs){ comp[sub].size, comp[sub].offset, comp[sub].ecx, 0 };
		return (struct cpuid_regs){ 0, 0, 0, 0 };
	}
	if (leaf == 7 && sub == 0)
		return (struct cpuid_regs){ 2, ones, ones, ones };
	if (leaf == 0x80000008)
		return (struct cpuid_regs){ 0x3030, ones, ones, ones };
	return (struct cpuid_regs){ ones, ones, ones, ones };
}

static const struct cpuid_offer full = {
	.vmx = true, .rdtscp = true, .invpcid = true, .xcr0 = ~0ull,
};
static const struct cpuid_offer bare = { .xcr0 = XCR0_X87 | XCR0_SSE };

static struct cpuid_regs ask(const struct cpuid_offer *o, uint32_t leaf, uint32_t sub)
{
	return cpuid_policy(o, rich, leaf, sub);
}

/* ------------------------------------------------------------ cases */
TEST(leaf1_only_working_features)
{
	struct cpuid_regs r = ask(&full, 1, 0);

	/* Kept: every instruction-set bit, PCID, XSAVE/AVX/FMA/F16C, the
	 * virtual LAPIC's x2APIC and TSC deadline, VMX, hypervisor. */
	CHECK_EQ(r.ecx, 0xf7fa3223u);
	/* Hidden: DTES64 2, MONITOR 3, DS-CPL 4, SMX 6, EST 7, TM2 8,
	 * CNXT-ID 10, SDBG 11, xTPR 14, PDCM 15, bit 16, DCA 18, OSXSAVE 27
	 * (live). */
	CHECK(!(r.ecx & (BIT(2) | BIT(3) | BIT(4) | BIT(6) | BIT(7) | BIT(8) | BIT(10) |
			 BIT(11) | BIT(14) | BIT(15) | BIT(16) | BIT(18) | BIT(27))));
	/* EDX without MTRR 12, MCA 14, PSN 18, DS 21, ACPI 22, TM 29, PBE 31. */
	CHECK_EQ(r.edx, 0x1f8babffu);
	CHECK_EQ(r.ebx >> 24, 0u);          /* initial APIC ID: the vLAPIC's 0 */
}

TEST(leaf7_only_working_features)
{
	struct cpuid_regs r = ask(&full, 7, 0);

	CHECK_EQ(r.eax, 1u);                 /* subleaf 1 is the last */
	/* Without TSC_ADJUST 1, SGX 2, RDT-M 12, MPX 14, RDT-A 15, bit 22, PT 25,
	 * Xeon Phi's AVX512PF 26 and AVX512ER 27. */
	CHECK_EQ(r.ebx, 0xf1bf2ff9u);
	/* Without WAITPKG 5, CET_SS 7, TME 13, 15, MAWAU 21:17, KL 23, BUS_LOCK 24,
	 * 26, ENQCMD 29, SGX_LC 30, PKS 31; OSPKE (4) live. */
	CHECK_EQ(r.ecx, 0x1a415f4fu);
	/* FSRM, AVX-512 VP2INTERSECT/FP16, MD_CLEAR, SERIALIZE: nothing of
	 * 4VNNIW/4FMAPS, TSXLDTRK, SPEC_CTRL/IBRS/STIBP/SSBD/ARCH_CAPABILITIES,
	 * CET_IBT, AMX, PCONFIG, UINTR, HYBRID. */
	CHECK_EQ(r.edx, 0x00804510u);
	r = ask(&full, 7, 1);
	CHECK_EQ(r.eax, BIT(4) | BIT(5) | BIT(10) | BIT(11) | BIT(12));
	CHECK(!r.ebx && !r.ecx && !r.edx);
	r = ask(&full, 7, 2);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx);
}

TEST(leaves_of_absent_features_read_zero)
{
	static const uint32_t absent[] = {
		3, 5, 8, 9, 0xa, 0xc, 0xe, 0xf, 0x10, 0x11, 0x12, 0x13, 0x14, 0x17,
		0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x80000005,
	};

	for (unsigned i = 0; i < sizeof(absent) / sizeof(absent[0]); i++) {
		struct cpuid_regs r = ask(&full, absent[i], 0);
		if (r.eax || r.ebx || r.ecx || r.edx)
			printf("  leaf 0x%x not zero\n", absent[i]);
		CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx);
	}
	/* Leaf 6: only ARAT. 80000007H: only invariant TSC. */
	CHECK_EQ(ask(&full, 6, 0).eax, BIT(2));
	CHECK(!ask(&full, 6, 0).ecx);
	CHECK_EQ(ask(&full, 0x80000007, 0).edx, BIT(8));
	CHECK(!ask(&full, 0x80000007, 0).eax);
}

TEST(extended_leaves)
{
	struct cpuid_regs r = ask(&full, 0x80000001, 0);

	CHECK_EQ(r.ecx, BIT(0) | BIT(5) | BIT(8));
	CHECK_EQ(r.edx, BIT(11) | BIT(20) | BIT(26) | BIT(27) | BIT(29));
	CHECK_EQ(ask(&bare, 0x80000001, 0).edx & BIT(27), 0u);
	r = ask(&full, 0x80000008, 0);
	CHECK_EQ(r.eax, 0x3030u);
	CHECK_EQ(r.ebx, BIT(9));
	CHECK(!r.ecx && !r.edx);
	CHECK_EQ(ask(&full, 0x80000000, 0).eax, 0x80000008u);
}

TEST(offer_decides_control_backed_features)
{
	struct cpuid_offer o = full;

	CHECK(ask(&o, 1, 0).ecx & CPUID_1_ECX_VMX);
	CHECK(ask(&o, 7, 0).ebx & BIT(10));
	CHECK(ask(&o, 7, 0).ecx & CPUID_7_ECX_RDPID);
	o.vmx = false;
	CHECK(!(ask(&o, 1, 0).ecx & CPUID_1_ECX_VMX));
	o.invpcid = false;
	CHECK(!(ask(&o, 7, 0).ebx & BIT(10)));
	o.rdtscp = false;
	CHECK(!(ask(&o, 7, 0).ecx & CPUID_7_ECX_RDPID));
	CHECK(!(ask(&o, 0x80000001, 0).edx & CPUID_80000001_EDX_RDTSCP));
}

TEST(features_follow_offered_state_components)
{
	struct cpuid_offer o = full;
	struct cpuid_regs r;

	/* Only x87 and SSE saved: nothing AVX, AVX-512 or PKU. */
	r = ask(&bare, 1, 0);
	CHECK(r.ecx & CPUID_1_ECX_XSAVE);
	CHECK(!(r.ecx & (CPUID_1_ECX_AVX | BIT(12) | BIT(29))));
	r = ask(&bare, 7, 0);
	CHECK(!(r.ebx & (BIT(5) | BIT(16) | BIT(31))));
	CHECK(!(r.ecx & (CPUID_7_ECX_PKU | BIT(9) | BIT(10) | BIT(1))));
	CHECK(!(r.edx & BIT(23)));
	CHECK(!(ask(&bare, 7, 1).eax & (BIT(4) | BIT(5))));
	CHECK(r.ebx & BIT(29));              /* SHA needs no state */
	r = ask(&bare, 0xd, 0);
	CHECK_EQ(r.eax, (uint32_t)(XCR0_X87 | XCR0_SSE));
	CHECK_EQ(r.ecx, 576u);
	r = ask(&bare, 0xd, 2);
	CHECK(!r.eax && !r.ebx);

	/* AVX but not AVX-512: AVX2 yes, AVX512F no. */
	o.xcr0 = XCR0_X87 | XCR0_SSE | XCR0_AVX;
	r = ask(&o, 7, 0);
	CHECK(r.ebx & BIT(5));
	CHECK(!(r.ebx & BIT(16)));
	CHECK(ask(&o, 1, 0).ecx & CPUID_1_ECX_AVX);

	/* No XSAVE at all: XSAVE hidden, leaf 0DH empty. */
	o.xcr0 = 0;
	CHECK(!(ask(&o, 1, 0).ecx & CPUID_1_ECX_XSAVE));
	r = ask(&o, 0xd, 0);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx);
}

TEST(xsave_leaf_never_offers_mpx_amx_or_supervisor_state)
{
	struct cpuid_regs r = ask(&full, 0xd, 0);

	CHECK_EQ(r.eax, (uint32_t)(XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_AVX512 | XCR0_PKRU));
	CHECK_EQ(r.edx, 0u);
	CHECK_EQ(r.ecx, 2696u);             /* up to PKRU, standard format */
	r = ask(&full, 0xd, 1);
	CHECK_EQ(r.eax, 7u);                /* XSAVEOPT, XSAVEC, XGETBV1; no XSAVES, XFD */
	CHECK(!r.ecx && !r.edx);            /* no IA32_XSS bit */
	CHECK(!ask(&full, 0xd, 3).eax);     /* MPX */
	CHECK(!ask(&full, 0xd, 17).eax);    /* AMX */
	CHECK(!ask(&full, 0xd, 63).eax);
	r = ask(&full, 0xd, 6);
	CHECK_EQ(r.eax, 512u);
	CHECK_EQ(r.ebx, 1152u);
}

TEST(xsave_sizes)
{
	CHECK_EQ(cpuid_xsave_size(rich, XCR0_X87 | XCR0_SSE, false), 576u);
	CHECK_EQ(cpuid_xsave_size(rich, XCR0_X87 | XCR0_SSE | XCR0_AVX, false), 832u);
	CHECK_EQ(cpuid_xsave_size(rich, XCR0_X87 | XCR0_AVX512 | XCR0_AVX, false), 2688u);
	CHECK_EQ(cpuid_xsave_size(rich, XCR0_X87 | XCR0_PKRU, false), 2696u);
	/* Compacted: components packed in order, 64-byte aligned where
	 * CPUID.(0DH,i):ECX[1] says so. */
	CHECK_EQ(cpuid_xsave_size(rich, XCR0_X87 | XCR0_SSE | XCR0_PKRU, true), 584u);
	CHECK_EQ(cpuid_xsave_size(rich, XCR0_X87 | XCR0_PKRU | XCR0_TILECFG, true), 704u);
}

TEST(live_bits_follow_the_guest)
{
	struct cpuid_regs r = ask(&full, 1, 0);

	cpuid_policy_live(rich, 1, 0, &(struct cpuid_live_state){ 0, XCR0_X87, true }, &r);
	CHECK(!(r.ecx & CPUID_1_ECX_OSXSAVE));
	cpuid_policy_live(rich, 1, 0, &(struct cpuid_live_state){ X86_CR4_OSXSAVE, XCR0_X87, true }, &r);
	CHECK(r.ecx & CPUID_1_ECX_OSXSAVE);
	/* CR4.OSXSAVE without XSAVE offered cannot happen; the bit stays 0. */
	{
		struct cpuid_offer o = full;
		o.xcr0 = 0;
		r = ask(&o, 1, 0);
		cpuid_policy_live(rich, 1, 0, &(struct cpuid_live_state){ X86_CR4_OSXSAVE, XCR0_X87, true }, &r);
		CHECK(!(r.ecx & CPUID_1_ECX_OSXSAVE));
	}
	/* A globally disabled APIC is not there (SDM 10.4.3). */
	CHECK(r.edx & BIT(9));
	cpuid_policy_live(rich, 1, 0, &(struct cpuid_live_state){ 0, XCR0_X87, false }, &r);
	CHECK(!(r.edx & BIT(9)));
	r = ask(&full, 7, 0);
	cpuid_policy_live(rich, 7, 0, &(struct cpuid_live_state){ X86_CR4_PKE, XCR0_X87, true }, &r);
	CHECK(r.ecx & BIT(4));
	cpuid_policy_live(rich, 7, 0, &(struct cpuid_live_state){ 0, XCR0_X87, true }, &r);
	CHECK(!(r.ecx & BIT(4)));
	r = ask(&full, 0xd, 0);
	cpuid_policy_live(rich, 0xd, 0, &(struct cpuid_live_state){ X86_CR4_OSXSAVE, XCR0_X87 | XCR0_SSE | XCR0_AVX, true }, &r);
	CHECK_EQ(r.ebx, 832u);
	CHECK_EQ(r.ecx, 2696u);             /* the maximum does not follow XCR0 */
	r = ask(&full, 0xd, 1);
	cpuid_policy_live(rich, 0xd, 1, &(struct cpuid_live_state){ X86_CR4_OSXSAVE, XCR0_X87 | XCR0_SSE | XCR0_PKRU, true }, &r);
	CHECK_EQ(r.ebx, 584u);
}

TEST(leaves_beyond_the_maximum)
{
	struct cpuid_regs top, r;

	/* The host's 0x20 is beyond the policy's 0x1F: 0 says 0x1F, and
	 * leaf 0x20 answers as 0x1F does (SDM Vol. 2A CPUID). */
	CHECK_EQ(ask(&full, 0, 0).eax, (uint32_t)CPUID_POLICY_MAX_BASIC);
	top = ask(&full, 0x1f, 1);
	r = ask(&full, 0x20, 1);
	CHECK(!memcmp(&top, &r, sizeof(r)));
	r = ask(&full, 0x80000009, 1);
	CHECK(!memcmp(&top, &r, sizeof(r)));
	CHECK_EQ(top.edx, 0u);               /* x2APIC ID: the vLAPIC's */
	/* Hypervisor leaves are cpuid.c's. */
	r = ask(&full, 0x40000001, 0);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx);
	/* A host whose highest leaf is 0DH: the guest's goes to 16H all the
	 * same (the TSC leaves), the leaves between read 0, and 17H answers
	 * as 16H. */
	rich_max = 0xd;
	CHECK_EQ(ask(&full, 0, 0).eax, (uint32_t)CPUID_POLICY_MIN_BASIC);
	r = ask(&full, 0x14, 0);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx);
	CHECK_EQ(ask(&full, 0x17, 0).eax, ask(&full, 0x16, 0).eax);
	rich_max = 0x20;
	/* The vendor is the host's. */
	r = ask(&full, 0, 0);
	CHECK_EQ(r.ebx, 0x756e6547u);
	CHECK_EQ(r.edx, 0x49656e69u);
}

TEST(subleaf_matters_only_where_leaves_have_subleaves)
{
	static const uint32_t with[] = { 4, 7, 0xb, 0xd, 0x18, 0x1f };
	struct cpuid_regs a, b;

	for (unsigned i = 0; i < sizeof(with) / sizeof(with[0]); i++)
		CHECKF(cpuid_policy_subleaf(with[i], 5) == 5, "leaf %#x", with[i]);
	/* Every other leaf answers as its subleaf 0 does, so a table of
	 * answers keyed by cpuid_policy_subleaf() holds one entry for it. */
	for (uint32_t leaf = 0; leaf <= 0x1f; leaf++) {
		if (cpuid_policy_subleaf(leaf, 5) == 5)
			continue;
		CHECKF(cpuid_policy_subleaf(leaf, 5) == 0, "leaf %#x", leaf);
		a = ask(&full, leaf, 0);
		b = ask(&full, leaf, 5);
		CHECKF(!memcmp(&a, &b, sizeof(a)), "leaf %#x", leaf);
	}
	for (uint32_t leaf = 0x80000000; leaf <= 0x80000008; leaf++) {
		CHECKF(cpuid_policy_subleaf(leaf, 3) == 0, "leaf %#x", leaf);
		a = ask(&full, leaf, 0);
		b = ask(&full, leaf, 3);
		CHECKF(!memcmp(&a, &b, sizeof(a)), "leaf %#x", leaf);
	}
}

TEST(answering_leaf_follows_the_guest_maxima)
{
	uint32_t mb = ask(&full, 0, 0).eax, me = ask(&full, 0x80000000, 0).eax;
	struct cpuid_regs a, b;

	CHECK_EQ(cpuid_policy_leaf(mb, me, 7), 7u);
	CHECK_EQ(cpuid_policy_leaf(mb, me, 0x20), 0x1fu);
	CHECK_EQ(cpuid_policy_leaf(mb, me, 0x80000008), 0x80000008u);
	CHECK_EQ(cpuid_policy_leaf(mb, me, 0x80000009), 0x1fu);
	CHECK_EQ(cpuid_policy_leaf(mb, me, 0x40000003), 0x40000003u);
	CHECK_EQ(cpuid_policy_leaf(0xd, 0x80000004, 0x80000008), 0xdu);
	/* The answer the policy gives beyond the maxima is its answer for the
	 * answering leaf. */
	for (uint32_t leaf = 0x20; leaf < 0x30; leaf++) {
		a = ask(&full, leaf, 2);
		b = ask(&full, cpuid_policy_leaf(mb, me, leaf), 2);
		CHECKF(!memcmp(&a, &b, sizeof(a)), "leaf %#x", leaf);
	}
	CHECK(cpuid_policy_is_live(1) && cpuid_policy_is_live(7) && cpuid_policy_is_live(0xd));
	CHECK(!cpuid_policy_is_live(0) && !cpuid_policy_is_live(0x80000001));
}

/* A host (Bochs 2.7) that lists PKRU in CPUID.0DH.0:EAX but gives it an
 * empty subleaf: PKRU is not offered, nor PKU, and the sizes add up. */

static struct cpuid_regs rich_no_pkru_size(uint32_t leaf, uint32_t sub)
{
	if (leaf == 0xd && sub == 9)
		return (struct cpuid_regs){ 0, 0, 0, 0 };
	return rich(leaf, sub);
}

TEST(component_without_size_is_not_offered)
{
	struct cpuid_regs r = cpuid_policy(&full, rich_no_pkru_size, 0xd, 0);

	CHECK_EQ(r.eax, (uint32_t)(XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_AVX512));
	CHECK_EQ(r.ecx, 2688u);
	CHECK(!cpuid_policy(&full, rich_no_pkru_size, 0xd, 9).eax);
	CHECK(!(cpuid_policy(&full, rich_no_pkru_size, 7, 0).ecx & CPUID_7_ECX_PKU));
	CHECK(cpuid_policy(&full, rich, 7, 0).ecx & CPUID_7_ECX_PKU);
}

/* CPUID 15H/16H say the guest's TSC rate, whatever the host's leaves say
 * (on Bochs they claim GHz while the TSC runs at the ips rate): 15H as a
 * 1/1 ratio over a crystal of that frequency, which Linux also takes as
 * the APIC timer's; 16H in MHz. Rates beyond 15H's 32-bit ECX leave it
 * unenumerated rather than wrapped. */
TEST(tsc_leaves_tell_the_guest_rate)
{
	struct cpuid_offer o = bare;
	struct cpuid_regs r;

	o.tsc_khz = 4000;
	r = ask(&o, 0x15, 0);
	CHECK_EQ(r.eax, 1);
	CHECK_EQ(r.ebx, 1);
	CHECK_EQ(r.ecx, 4000000);
	CHECK_EQ(r.edx, 0);
	r = ask(&o, 0x16, 0);
	CHECK_EQ(r.eax, 4);
	CHECK_EQ(r.ebx, 4);
	CHECK_EQ(r.ecx, 0);
	o.tsc_khz = 2900000;
	CHECK_EQ(ask(&o, 0x15, 0).ecx, 2900000000u);
	CHECK_EQ(ask(&o, 0x16, 0).eax, 2900);
	o.tsc_khz = 5000000;
	r = ask(&o, 0x15, 0);
	CHECK(!r.eax && !r.ebx && !r.ecx && !r.edx);
	CHECK_EQ(ask(&o, 0x16, 0).eax, 5000);
	/* A host whose maximum leaf is below 16H still answers them. */
	rich_max = 0xd;
	CHECK_EQ(ask(&o, 0, 0).eax, CPUID_POLICY_MIN_BASIC);
	CHECK_EQ(ask(&o, 0x16, 0).eax, 5000);
	rich_max = 0x20;
}
