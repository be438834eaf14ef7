/* SPDX-License-Identifier: MIT */
/*
 * The guest-write rules (l1hv/arch/guest_write_rules.h): every rule of the
 * table is walked with a write that breaks it (the rule must be the answer)
 * and a neighbouring write that the SDM allows (GW_OK), from the CPU state
 * and CPUID the rule depends on. A rule added to the table without cases
 * here fails rules_all_covered.
 */
#include <string.h>

#include "l1hv/arch/guest_write_rules.h"
#include "testlib.h"

/* ---------------------------------------------------------------- CPUs */
/* A CPU with everything the rules read (CET, LA57, PKS, MPX, AMX, ...). */
static const struct gw_cpu_facts rich = {
	.cpuid1_ecx = CPUID_1_ECX_VMX | CPUID_1_ECX_SMX | CPUID_1_ECX_PCID | CPUID_1_ECX_XSAVE,
	.cpuid1_edx = CPUID_1_EDX_VME | CPUID_1_EDX_DE | CPUID_1_EDX_PSE | CPUID_1_EDX_PAE |
		      CPUID_1_EDX_MCE | CPUID_1_EDX_PGE | CPUID_1_EDX_FXSR | CPUID_1_EDX_SSE,
	.cpuid7_ebx = CPUID_7_EBX_FSGSBASE | CPUID_7_EBX_SMEP | CPUID_7_EBX_SMAP,
	.cpuid7_ecx = CPUID_7_ECX_UMIP | CPUID_7_ECX_LA57 | CPUID_7_ECX_PKU | CPUID_7_ECX_CET_SS |
		      CPUID_7_ECX_PKS | CPUID_7_ECX_KL,
	.cpuid7_edx = CPUID_7_EDX_UINTR | CPUID_7_EDX_CET_IBT,
	.cpuid7_1_eax = CPUID_7_1_EAX_LAM,
	.ext1_edx = CPUID_80000001_EDX_SYSCALL | CPUID_80000001_EDX_NX | CPUID_80000001_EDX_LM,
	.maxphyaddr = 46, .la_width = 57,
	.xcr0_supported = XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_MPX | XCR0_AVX512 | XCR0_AMX,
};

/* A Sandy Bridge-like CPU: no PCID, SMEP, SMAP, FSGSBASE, LA57, CET, AVX-512. */
static const struct gw_cpu_facts sandy = {
	.cpuid1_ecx = CPUID_1_ECX_XSAVE,
	.cpuid1_edx = CPUID_1_EDX_VME | CPUID_1_EDX_DE | CPUID_1_EDX_PSE | CPUID_1_EDX_PAE |
		      CPUID_1_EDX_MCE | CPUID_1_EDX_PGE | CPUID_1_EDX_FXSR | CPUID_1_EDX_SSE,
	.ext1_edx = CPUID_80000001_EDX_SYSCALL | CPUID_80000001_EDX_NX | CPUID_80000001_EDX_LM,
	.maxphyaddr = 36, .la_width = 48,
	.xcr0_supported = XCR0_X87 | XCR0_SSE | XCR0_AVX,
};

/* ---------------------------------------------------------------- states */
#define CR0_LONG (X86_CR0_PE | X86_CR0_MP | X86_CR0_ET | X86_CR0_NE | X86_CR0_WP | X86_CR0_PG)
#define CR4_LONG (X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_OSXSAVE)
#define EFER_LONG (X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE)

/*
 * States as designated initializers, so a case can start from one and
 * override a field ({ LONG64, .cpl = 3 }): the later initializer wins (C11
 * 6.7.9), which is what -Woverride-init warns about.
 */
#pragma GCC diagnostic ignored "-Woverride-init"
/* 64-bit mode, CPL 0. */
#define LONG64 .cr0 = CR0_LONG, .cr3 = 0x1000, .cr4 = CR4_LONG, .efer = EFER_LONG, .cs_l = true
/* Compatibility mode: IA-32e with a 32-bit code segment. */
#define COMPAT LONG64, .cs_l = false
/* Protected mode without paging, EFER.LME set: ready to enter IA-32e mode. */
#define PROT_LME .cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE, .cr3 = 0x1000, \
		 .cr4 = X86_CR4_PAE, .efer = X86_EFER_LME
/* Protected mode with PAE paging, no IA-32e. */
#define PAE32 .cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG, .cr3 = 0x1000, \
	      .cr4 = X86_CR4_PAE
#define ST(...) ((struct gw_state){ __VA_ARGS__ })

static const struct gw_state long64 = { LONG64 };

/* ---------------------------------------------------------------- cases */
enum op { CR0, CR3, CR4, EFER, PAT, ADDR, TSC_AUX, FIXED, XSETBV, PDPTE };

struct wcase {
	const char *what;
	enum op op;
	const struct gw_cpu_facts *f;
	struct gw_state s;
	uint64_t v;
	uint64_t extra;           /* XSETBV: ECX; FIXED: the writable bits; PDPTE: entry 2 */
	enum gw_rule want;
};

static enum gw_rule run(const struct wcase *c, uint64_t *load)
{
	uint64_t pdpte[4] = { 1, 1, 1, 1 };

	*load = c->v;
	switch (c->op) {
	case CR0:     return gw_cr0(c->f, &c->s, c->v);
	case CR3:     return gw_cr3(c->f, &c->s, c->v, load);
	case CR4:     return gw_cr4(c->f, &c->s, c->v);
	case EFER:    return gw_efer(c->f, &c->s, c->v, load);
	case PAT:     return gw_pat(c->v);
	case ADDR:    return gw_msr_address(c->f, c->v);
	case TSC_AUX: return gw_tsc_aux(c->v);
	case FIXED:   return gw_msr_fixed_bits(0x1801, c->v, c->extra);
	case XSETBV:  return gw_xsetbv(c->f, &c->s, (uint32_t)c->extra, c->v);
	case PDPTE:
		pdpte[2] = c->extra;
		return gw_pdptes(c->f, pdpte);
	}
	return GW_OK;
}

#define BAD(op_, f_, s_, v_, x_, rule) { #rule, op_, f_, s_, v_, x_, GW_##rule }
#define GOOD(what_, op_, f_, s_, v_, x_) { what_, op_, f_, s_, v_, x_, GW_OK }

static const uint64_t xcr0_sse_avx = XCR0_X87 | XCR0_SSE | XCR0_AVX;

static const struct wcase cases[] = {
	/* MOV to CR0 */
	BAD(CR0, &rich, ST(LONG64), CR0_LONG | (1ull << 32), 0, CR0_RESERVED),
	GOOD("CR0 all defined bits", CR0, &rich, ST(LONG64), CR0_LONG | X86_CR0_AM | X86_CR0_TS, 0),
	BAD(CR0, &rich, ST(PROT_LME), X86_CR0_PG | X86_CR0_ET, 0, CR0_PG_WITHOUT_PE),
	BAD(CR0, &rich, ST(LONG64), CR0_LONG | X86_CR0_NW, 0, CR0_NW_WITHOUT_CD),
	GOOD("CR0 CD and NW", CR0, &rich, ST(LONG64), CR0_LONG | X86_CR0_NW | X86_CR0_CD, 0),
	BAD(CR0, &rich, ST(LONG64), CR0_LONG & ~X86_CR0_PG, 0, CR0_PG_CLEAR_64BIT),
	GOOD("CR0.PG cleared in compatibility mode", CR0, &rich, ST(COMPAT),
	     CR0_LONG & ~X86_CR0_PG, 0),
	BAD(CR0, &rich, ST(COMPAT, .cr4 = CR4_LONG | X86_CR4_PCIDE), CR0_LONG & ~X86_CR0_PG, 0,
	    CR0_PG_CLEAR_PCIDE),
	BAD(CR0, &rich, ((struct gw_state){ .cr0 = X86_CR0_PE, .efer = X86_EFER_LME }),
	    X86_CR0_PE | X86_CR0_PG, 0, CR0_IA32E_NO_PAE),
	GOOD("CR0.PG with LME and PAE enters IA-32e mode", CR0, &rich, ST(PROT_LME),
	     X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG, 0),
	GOOD("CR0.PG without LME and PAE: 32-bit paging", CR0, &rich,
	     ((struct gw_state){ .cr0 = X86_CR0_PE }), X86_CR0_PE | X86_CR0_PG, 0),
	BAD(CR0, &rich, ((struct gw_state){ .cr0 = X86_CR0_PE, .cr4 = X86_CR4_PAE,
		.efer = X86_EFER_LME, .cs_l = true }), X86_CR0_PE | X86_CR0_PG, 0, CR0_IA32E_CS_L),
	BAD(CR0, &rich, ((struct gw_state){ .cr0 = X86_CR0_PE, .cr4 = X86_CR4_PAE,
		.efer = X86_EFER_LME, .tr_16bit = true }), X86_CR0_PE | X86_CR0_PG, 0,
	    CR0_IA32E_TSS16),
	BAD(CR0, &rich, ST(LONG64, .cr4 = CR4_LONG | X86_CR4_CET), CR0_LONG & ~X86_CR0_WP, 0, CR0_WP_CLEAR_CET),
	GOOD("CR0.WP cleared without CET", CR0, &rich, ST(LONG64), CR0_LONG & ~X86_CR0_WP, 0),

	/* MOV to CR3 */
	BAD(CR3, &sandy, ST(LONG64), 1ull << 36, 0, CR3_RESERVED),
	GOOD("CR3 below MAXPHYADDR", CR3, &sandy, ST(LONG64), (1ull << 36) - 0x1000, 0),
	GOOD("CR3 bit 36 is an address bit at MAXPHYADDR 46", CR3, &rich, ST(LONG64), 1ull << 36, 0),
	GOOD("CR3 outside IA-32e: a 32-bit operand", CR3, &sandy, ST(PAE32), 0xfffff000, 0),
	BAD(CR3, &rich, ST(LONG64), X86_CR3_PCID_NOFLUSH | 0x2000, 0, CR3_NOFLUSH_NO_PCIDE),
	GOOD("CR3 no-flush with PCIDE", CR3, &rich, ST(LONG64, .cr4 = CR4_LONG | X86_CR4_PCIDE),
	     X86_CR3_PCID_NOFLUSH | 0x2005, 0),

	/* MOV to CR4 */
	BAD(CR4, &sandy, ST(LONG64), CR4_LONG | X86_CR4_SMEP, 0, CR4_RESERVED),
	GOOD("CR4.SMEP where CPUID has it", CR4, &rich, ST(LONG64), CR4_LONG | X86_CR4_SMEP, 0),
	BAD(CR4, &rich, ST(LONG64), CR4_LONG | (1ull << 15), 0, CR4_RESERVED),
	BAD(CR4, &sandy, ST(LONG64), CR4_LONG | X86_CR4_VMXE, 0, CR4_RESERVED),
	GOOD("CR4.VMXE where CPUID has VMX", CR4, &rich, ST(LONG64), CR4_LONG | X86_CR4_VMXE, 0),
	BAD(CR4, &rich, ST(LONG64), CR4_LONG & ~X86_CR4_PAE, 0, CR4_PAE_CLEAR_IA32E),
	GOOD("CR4.PAE cleared outside IA-32e", CR4, &rich, ST(PAE32), 0, 0),
	BAD(CR4, &rich, ST(LONG64), CR4_LONG | X86_CR4_LA57, 0, CR4_LA57_IA32E),
	GOOD("CR4.LA57 set outside IA-32e", CR4, &rich, ST(PAE32), X86_CR4_PAE | X86_CR4_LA57, 0),
	BAD(CR4, &rich, ST(PAE32), X86_CR4_PAE | X86_CR4_PCIDE, 0, CR4_PCIDE_NO_IA32E),
	BAD(CR4, &rich, ((struct gw_state){ .cr0 = CR0_LONG, .cr3 = 0x1008, .cr4 = CR4_LONG,
		.efer = EFER_LONG, .cs_l = true }), CR4_LONG | X86_CR4_PCIDE, 0, CR4_PCIDE_CR3_LOW),
	GOOD("CR4.PCIDE with CR3[11:0] = 0", CR4, &rich, ST(LONG64), CR4_LONG | X86_CR4_PCIDE, 0),
	BAD(CR4, &sandy, ST(LONG64), CR4_LONG | X86_CR4_CET, 0, CR4_RESERVED),
	BAD(CR4, &rich, ((struct gw_state){ .cr0 = CR0_LONG & ~X86_CR0_WP, .cr3 = 0x1000,
		.cr4 = CR4_LONG, .efer = EFER_LONG, .cs_l = true }), CR4_LONG | X86_CR4_CET, 0,
	    CR4_CET_WITHOUT_WP),
	BAD(CR4, &rich, ((struct gw_state){ .cr0 = CR0_LONG, .cr3 = 0x1000,
		.cr4 = CR4_LONG | X86_CR4_VMXE, .efer = EFER_LONG, .cs_l = true,
		.vmx_operation = true }), CR4_LONG, 0, CR4_VMXE_CLEAR_VMX),
	GOOD("CR4.VMXE cleared outside VMX operation", CR4, &rich, ST(LONG64, .cr4 = CR4_LONG | X86_CR4_VMXE),
	     CR4_LONG, 0),

	/* PAE PDPTEs (entry 2 varies; the others are present and clean) */
	BAD(PDPTE, &sandy, ST(PAE32), 0, 1ull << 36 | 1, PDPTE_RESERVED),
	BAD(PDPTE, &rich, ST(PAE32), 0, X86_PDPTE_P | (1ull << 1), PDPTE_RESERVED),
	BAD(PDPTE, &rich, ST(PAE32), 0, X86_PDPTE_P | (1ull << 63), PDPTE_RESERVED),
	GOOD("PDPTE present, PWT and PCD", PDPTE, &rich, ST(PAE32), 0, X86_PDPTE_P | 0x18 | 0x5000),
	GOOD("PDPTE not present: any other bits", PDPTE, &sandy, ST(PAE32), 0, ~1ull),

	/* WRMSR IA32_EFER */
	BAD(EFER, &rich, ST(LONG64), EFER_LONG | (1ull << 1), 0, EFER_RESERVED),
	BAD(EFER, &rich, ST(LONG64), EFER_LONG | (1ull << 12), 0, EFER_RESERVED),   /* SVME */
	GOOD("EFER written LMA is ignored", EFER, &rich, ST(LONG64), EFER_LONG & ~X86_EFER_LMA, 0),
	BAD(EFER, &rich, ST(LONG64), EFER_LONG & ~X86_EFER_LME, 0, EFER_LME_PAGING),
	BAD(EFER, &rich, ST(PAE32), X86_EFER_LME, 0, EFER_LME_PAGING),
	GOOD("EFER.LME set before paging", EFER, &rich, ((struct gw_state){ .cr0 = X86_CR0_PE }),
	     X86_EFER_LME | X86_EFER_NXE, 0),

	/* WRMSR IA32_PAT */
	BAD(PAT, &rich, ST(LONG64), 0x0007040600070206ull, 0, PAT_RESERVED_TYPE),
	BAD(PAT, &rich, ST(LONG64), 0x0007040600070403ull, 0, PAT_RESERVED_TYPE),
	BAD(PAT, &rich, ST(LONG64), 0x0807040600070406ull, 0, PAT_RESERVED_TYPE),
	GOOD("PAT power-on value", PAT, &rich, ST(LONG64), 0x0007040600070406ull, 0),
	GOOD("PAT every defined type", PAT, &rich, ST(LONG64), 0x0706050401000100ull, 0),

	/* Address MSRs */
	BAD(ADDR, &sandy, ST(LONG64), 0x0000800000000000ull, 0, MSR_NONCANONICAL),
	GOOD("address canonical at 48 bits", ADDR, &sandy, ST(LONG64), 0xffff800000000000ull, 0),
	GOOD("address canonical at 57 bits on an LA57 CPU", ADDR, &rich, ST(LONG64),
	     0x0000800000000000ull, 0),
	BAD(ADDR, &rich, ST(LONG64), 0x0100000000000000ull, 0, MSR_NONCANONICAL),

	BAD(TSC_AUX, &rich, ST(LONG64), 1ull << 32, 0, TSC_AUX_RESERVED),
	GOOD("TSC_AUX 32 bits", TSC_AUX, &rich, ST(LONG64), 0xffffffffull, 0),

	/* An MSR with fixed bits (old value 0x1801, writable bit 0) */
	BAD(FIXED, &rich, ST(LONG64), 0x1800, 0, MSR_READ_ONLY_BITS),
	BAD(FIXED, &rich, ST(LONG64), 0x1803, 1, MSR_READ_ONLY_BITS),
	GOOD("fixed bits kept, writable bit cleared", FIXED, &rich, ST(LONG64), 0x1800, 1),

	/* XSETBV */
	BAD(XSETBV, &rich, ST(LONG64, .cpl = 3), xcr0_sse_avx, 0, XSETBV_CPL),
	BAD(XSETBV, &rich, ((struct gw_state){ .cr0 = CR0_LONG, .cr4 = X86_CR4_PAE,
		.efer = EFER_LONG, .cs_l = true }), xcr0_sse_avx, 0, XSETBV_NO_OSXSAVE),
	BAD(XSETBV, &rich, ST(LONG64), xcr0_sse_avx, 1, XCR_INDEX),
	BAD(XSETBV, &rich, ST(LONG64), XCR0_SSE, 0, XCR0_X87),
	BAD(XSETBV, &sandy, ST(LONG64), xcr0_sse_avx | XCR0_AVX512, 0, XCR0_UNSUPPORTED),
	BAD(XSETBV, &rich, ST(LONG64), xcr0_sse_avx | (1ull << 63), 0, XCR0_UNSUPPORTED),
	BAD(XSETBV, &rich, ST(LONG64), XCR0_X87 | XCR0_AVX, 0, XCR0_AVX_NO_SSE),
	BAD(XSETBV, &rich, ST(LONG64), XCR0_X87 | XCR0_SSE | XCR0_AVX512, 0, XCR0_AVX512_NO_AVX),
	BAD(XSETBV, &rich, ST(LONG64), xcr0_sse_avx | (XCR0_AVX512 & (XCR0_AVX512 - 1)), 0,
	    XCR0_AVX512_PARTIAL),
	BAD(XSETBV, &rich, ST(LONG64), xcr0_sse_avx | (XCR0_MPX & (XCR0_MPX - 1)), 0,
	    XCR0_MPX_PARTIAL),
	BAD(XSETBV, &rich, ST(LONG64), xcr0_sse_avx | (XCR0_AMX & (XCR0_AMX - 1)), 0,
	    XCR0_AMX_PARTIAL),
	GOOD("XCR0 x87 only", XSETBV, &sandy, ST(LONG64), XCR0_X87, 0),
	GOOD("XCR0 x87 SSE AVX", XSETBV, &sandy, ST(LONG64), xcr0_sse_avx, 0),
	GOOD("XCR0 everything offered", XSETBV, &rich, ST(LONG64), rich.xcr0_supported, 0),
};

TEST(rules_invalid_and_valid_writes)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wcase c = cases[i];
		uint64_t load;
		enum gw_rule got = run(&c, &load);

		CHECKF(got == c.want, "case %zu (%s): got %s, want %s", i, c.what,
		       guest_write_rules[got].name, guest_write_rules[c.want].name);
	}
}

/* Rules only l1hv's exit handlers apply (their own model's refusal, an MSR
 * the CPU lacks): not answered by a pure check. */
static bool handler_rule(enum gw_rule r)
{
	return r == GW_MSR_MODEL_REFUSED || r == GW_MSR_ABSENT;
}

TEST(rules_all_covered)
{
	for (int r = 1; r < GW_RULE_COUNT; r++) {
		bool bad = false;

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			bad |= cases[i].want == (enum gw_rule)r;
		CHECKF(bad || handler_rule(r), "rule %s has no case that breaks it",
		       guest_write_rules[r].name);
		CHECKF(guest_write_rules[r].name && guest_write_rules[r].sdm[0] &&
		       (guest_write_rules[r].vector == 13 || guest_write_rules[r].vector == 6),
		       "rule %d: name, SDM citation and #GP/#UD", r);
	}
}

TEST(values_loaded)
{
	uint64_t load;
	struct gw_state s = ST(LONG64, .cr4 = CR4_LONG | X86_CR4_PCIDE);

	/* CR3: bit 63 (no-flush) is a hint, never part of CR3. */
	CHECK_EQ(gw_cr3(&rich, &s, X86_CR3_PCID_NOFLUSH | 0x2005, &load), GW_OK);
	CHECK_EQ(load, 0x2005);
	/* EFER: LMA stays the processor's, whatever is written. */
	CHECK_EQ(gw_efer(&rich, &long64, EFER_LONG & ~X86_EFER_LMA, &load), GW_OK);
	CHECK_EQ(load, EFER_LONG);
	s = (struct gw_state){ .cr0 = X86_CR0_PE };
	CHECK_EQ(gw_efer(&rich, &s, X86_EFER_LME | X86_EFER_LMA, &load), GW_OK);
	CHECK_EQ(load, X86_EFER_LME);
	/* A refused write loads nothing new. */
	CHECK_EQ(gw_efer(&rich, &long64, 2, &load), GW_EFER_RESERVED);
	CHECK_EQ(load, long64.efer);
}

TEST(cr4_reserved_follows_cpuid)
{
	uint64_t r = gw_cr4_reserved(&sandy);

	CHECK(r & X86_CR4_SMEP);
	CHECK(r & X86_CR4_SMAP);
	CHECK(r & X86_CR4_PCIDE);
	CHECK(r & X86_CR4_FSGSBASE);
	CHECK(r & X86_CR4_VMXE);          /* sandy's facts offer no VMX */
	CHECK(r & X86_CR4_SMXE);
	CHECK(!(r & (X86_CR4_PAE | X86_CR4_OSXSAVE | X86_CR4_TSD | X86_CR4_PCE)));
	CHECK(r & (1ull << 15));          /* never defined */
	CHECK(r & (1ull << 32));
	r = gw_cr4_reserved(&rich);
	CHECK(!(r & (X86_CR4_SMEP | X86_CR4_SMAP | X86_CR4_PCIDE | X86_CR4_LA57 | X86_CR4_CET |
		     X86_CR4_PKS | X86_CR4_VMXE)));
	/* CET exists with IBT alone. */
	struct gw_cpu_facts ibt = sandy;
	ibt.cpuid7_edx = CPUID_7_EDX_CET_IBT;
	CHECK(!(gw_cr4_reserved(&ibt) & X86_CR4_CET));
	CHECK(gw_cr4_reserved(&sandy) & X86_CR4_CET);
}

TEST(efer_writable_follows_cpuid)
{
	struct gw_cpu_facts f;

	memset(&f, 0, sizeof(f));
	CHECK_EQ(gw_efer_writable(&f), 0);
	f.ext1_edx = CPUID_80000001_EDX_NX;
	CHECK_EQ(gw_efer_writable(&f), X86_EFER_NXE);
	CHECK_EQ(gw_efer_writable(&rich), X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE);
}
