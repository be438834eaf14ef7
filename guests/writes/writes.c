/* SPDX-License-Identifier: MIT */
/*
 * writes: walks the guest-write rules (l1hv/arch/guest_write_rules.h) that a
 * 64-bit guest at CPL 0 can reach, each with a write the SDM refuses (#GP or
 * #UD, and nothing changes) and one it allows (the value reads back):
 * MOV to CR0, CR3 and CR4, WRMSR IA32_EFER, XSETBV. Every CR4 bit is tried:
 * a bit this guest's CPUID does not offer must #GP (SDM 2.5.1), one it
 * offers must be accepted. Writes that must exit do: CR0 ones toggle CR0.NE
 * (VMX-fixed, so l1hv owns it), CR4 ones toggle CR4.VMXE where CPUID offers
 * VMX, CR3 ones need the VM's trap=cr3. The rules a 64-bit guest cannot
 * reach (entering IA-32e mode, PAE PDPTEs, CPL 3) are the host unit test's
 * (tests/unit/test_guest_write_rules.c).
 */
#include "common/x86_arch.h"
#include "guests/lib/guest.h"

#define NO_EXC (-1)

/* ctx: { what, value, ecx }. Each instruction has a fixed length so the
 * exception handler can step over it (catch_exception). */
struct w { uint64_t v, ecx; };

static void do_cr0(void *c) { asm volatile("mov %0, %%cr0" :: "a"(((struct w *)c)->v) : "memory"); }
static void do_cr3(void *c) { asm volatile("mov %0, %%cr3" :: "a"(((struct w *)c)->v) : "memory"); }
static void do_cr4(void *c) { asm volatile("mov %0, %%cr4" :: "a"(((struct w *)c)->v) : "memory"); }
static void do_wrmsr(void *c)
{
	struct w *w = c;

	asm volatile("wrmsr" :: "c"((uint32_t)w->ecx), "a"((uint32_t)w->v),
		     "d"((uint32_t)(w->v >> 32)) : "memory");
}
static void do_xsetbv(void *c)
{
	struct w *w = c;

	xsetbv((uint32_t)w->ecx, w->v);
}

static int try(void (*fn)(void *), uint64_t v, uint64_t ecx)
{
	struct w w = { v, ecx };

	return catch_exception(fn, &w, fn == do_wrmsr ? 2 : 3);
}

static uint64_t xgetbv0(void) { return xgetbv(0); }   /* a register reader for refused() */

static const char *vec_name(int v)
{
	return v == NO_EXC ? "none" : v == 13 ? "#GP" : v == 6 ? "#UD" : "another exception";
}

/* The write must raise want and leave the register as it was. */
static void refused(const char *what, void (*fn)(void *), uint64_t (*rd)(void), uint64_t v,
		    uint64_t ecx, int want)
{
	uint64_t before = rd();
	int vec = try(fn, v, ecx);

	report(vec == want && rd() == before, "%s: %s (want %s), unchanged", what, vec_name(vec),
	       vec_name(want));
}

/* The write must be taken and read back as expect; then old goes back. */
static void accepted(const char *what, void (*fn)(void *), uint64_t (*rd)(void), uint64_t v,
		     uint64_t ecx, uint64_t expect)
{
	uint64_t old = rd();
	int vec = try(fn, v, ecx);
	uint64_t got = rd();

	cpuid(0, 0);                      /* an exit: the value survives one */
	bool kept = rd() == got;
	int back = try(fn, old, ecx);
	report(vec == NO_EXC && got == expect && kept && back == NO_EXC && rd() == old,
	       "%s: taken (%s), reads 0x%lx (want 0x%lx), restored", what, vec_name(vec), got,
	       expect);
}

static uint64_t rd_cr0(void) { return read_cr0(); }
static uint64_t rd_cr3(void) { return read_cr3(); }
static uint64_t rd_cr4(void) { return read_cr4(); }
static uint64_t rd_efer(void) { return rdmsr(MSR_IA32_EFER); }

/* ---------------------------------------------------------------- CR0 */
static void cr0_rules(void)
{
	uint64_t cr0 = read_cr0(), ne = cr0 ^ X86_CR0_NE;

	accepted("CR0.NE toggled", do_cr0, rd_cr0, ne, 0, ne);
	refused("CR0 bit 32 (reserved)", do_cr0, rd_cr0, ne | (1ull << 32), 0, 13);
	refused("CR0 bit 63 (reserved)", do_cr0, rd_cr0, cr0 | (1ull << 63), 0, 13);
	refused("CR0.NW without CD", do_cr0, rd_cr0, (ne | X86_CR0_NW) & ~X86_CR0_CD, 0, 13);
	accepted("CR0.CD with NW", do_cr0, rd_cr0, ne | X86_CR0_NW | X86_CR0_CD, 0,
		 ne | X86_CR0_NW | X86_CR0_CD);
	/* Without NE toggled: CD and NW are l1hv's to shadow either way. */
	accepted("CR0.CD with NW, alone", do_cr0, rd_cr0, cr0 | X86_CR0_NW | X86_CR0_CD, 0,
		 cr0 | X86_CR0_NW | X86_CR0_CD);
	refused("CR0.PG cleared in 64-bit mode", do_cr0, rd_cr0, ne & ~X86_CR0_PG, 0, 13);
	refused("CR0.PE cleared with PG set", do_cr0, rd_cr0, ne & ~X86_CR0_PE, 0, 13);
	accepted("CR0.WP cleared (no CET)", do_cr0, rd_cr0, ne & ~X86_CR0_WP, 0, ne & ~X86_CR0_WP);
	accepted("CR0.TS and MP toggled", do_cr0, rd_cr0, ne ^ (X86_CR0_TS | X86_CR0_MP), 0,
		 ne ^ (X86_CR0_TS | X86_CR0_MP));
}

/* ---------------------------------------------------------------- CR4 */
/* The CPUID feature that makes each CR4 bit exist (SDM 2.5.1), as this
 * guest reads its own CPUID: an independent statement of the rule. */
static bool cr4_bit_offered(unsigned bit)
{
	struct cpuid_regs l1 = cpuid(1, 0), l7 = { 0 }, l71 = { 0 };
	uint32_t max = cpuid(0, 0).eax;

	if (max >= 7) {
		l7 = cpuid(7, 0);
		if (l7.eax >= 1)
			l71 = cpuid(7, 1);
	}
	switch (bit) {
	case 0: case 1: return l1.edx & CPUID_1_EDX_VME;
	case 2: case 8: return true;                     /* TSD, PCE */
	case 3:  return l1.edx & CPUID_1_EDX_DE;
	case 4:  return l1.edx & CPUID_1_EDX_PSE;
	case 5:  return l1.edx & CPUID_1_EDX_PAE;
	case 6:  return l1.edx & CPUID_1_EDX_MCE;
	case 7:  return l1.edx & CPUID_1_EDX_PGE;
	case 9:  return l1.edx & CPUID_1_EDX_FXSR;
	case 10: return l1.edx & CPUID_1_EDX_SSE;
	case 11: return l7.ecx & CPUID_7_ECX_UMIP;
	case 12: return l7.ecx & CPUID_7_ECX_LA57;
	case 13: return l1.ecx & CPUID_1_ECX_VMX;
	case 14: return l1.ecx & CPUID_1_ECX_SMX;
	case 16: return l7.ebx & CPUID_7_EBX_FSGSBASE;
	case 17: return l1.ecx & CPUID_1_ECX_PCID;
	case 18: return l1.ecx & CPUID_1_ECX_XSAVE;
	case 19: return l7.ecx & CPUID_7_ECX_KL;
	case 20: return l7.ebx & CPUID_7_EBX_SMEP;
	case 21: return l7.ebx & CPUID_7_EBX_SMAP;
	case 22: return l7.ecx & CPUID_7_ECX_PKU;
	case 23: return (l7.ecx & CPUID_7_ECX_CET_SS) || (l7.edx & CPUID_7_EDX_CET_IBT);
	case 24: return l7.ecx & CPUID_7_ECX_PKS;
	case 25: return l7.edx & CPUID_7_EDX_UINTR;
	case 28: return l71.eax & CPUID_7_1_EAX_LAM;
	default: return false;                           /* 15, 26, 27, 29-63 */
	}
}

/* Offered bits this guest may set for a moment in 64-bit mode without
 * changing how it runs (SMEP/SMAP would fault on its own user-accessible
 * pages, CET needs its MSRs, LA57 and PCIDE have rules of their own). */
#define CR4_SAFE_TO_SET (X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | X86_CR4_DE | X86_CR4_PSE | \
			 X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | X86_CR4_OSFXSR |         \
			 X86_CR4_OSXMMEXCPT | X86_CR4_UMIP | X86_CR4_FSGSBASE |            \
			 X86_CR4_OSXSAVE | X86_CR4_PKE | X86_CR4_PKS)

static void cr4_rules(void)
{
	uint64_t cr4 = read_cr4();
	/* With VMX offered, toggling VMXE makes every write exit to l1hv. */
	uint64_t via = cr4_bit_offered(13) ? X86_CR4_VMXE : 0;
	unsigned hidden_ok = 0, hidden = 0, offered_ok = 0, offered = 0;

	for (unsigned bit = 0; bit < 64; bit++) {
		uint64_t b = 1ull << bit;
		if (bit == 13 || (cr4 & b))
			continue;
		if (!cr4_bit_offered(bit)) {
			hidden++;
			int vec = try(do_cr4, cr4 | b, 0);
			if (vec == 13 && read_cr4() == cr4)
				hidden_ok++;
			else
				printf("CR4 bit %u: CPUID does not offer it, MOV gave %s\n", bit,
				       vec_name(vec));
			vec = try(do_cr4, (cr4 ^ via) | b, 0);
			if (!(vec == 13 && read_cr4() == cr4)) {
				hidden_ok--;
				printf("CR4 bit %u with VMXE toggled: MOV gave %s\n", bit,
				       vec_name(vec));
			}
			continue;
		}
		if (!(b & CR4_SAFE_TO_SET))
			continue;
		offered++;
		int vec = try(do_cr4, (cr4 ^ via) | b, 0);
		bool ok = vec == NO_EXC && read_cr4() == ((cr4 ^ via) | b);
		ok &= try(do_cr4, cr4, 0) == NO_EXC && read_cr4() == cr4;
		if (ok)
			offered_ok++;
		else
			printf("CR4 bit %u: CPUID offers it, MOV gave %s\n", bit, vec_name(vec));
	}
	report(hidden_ok == hidden, "CR4: every bit CPUID does not offer raises #GP (%u of %u)",
	       hidden_ok, hidden);
	report(offered_ok == offered && offered > 0,
	       "CR4: every offered bit tried is taken and reads back (%u of %u)", offered_ok, offered);

	refused("CR4.PAE cleared in IA-32e mode", do_cr4, rd_cr4, (cr4 ^ via) & ~X86_CR4_PAE, 0, 13);
	if (cr4_bit_offered(12))
		refused("CR4.LA57 changed in IA-32e mode", do_cr4, rd_cr4,
			(cr4 ^ via) ^ X86_CR4_LA57, 0, 13);
	if (via)
		accepted("CR4.VMXE toggled", do_cr4, rd_cr4, cr4 ^ via, 0, cr4 ^ via);
	else
		report_skip("CR4.VMXE toggled: CPUID offers no VMX");
}

/* PCIDE and CR3 (SDM 4.10.1, 4.10.4.1, 4.5.2): CR3 writes exit with trap=cr3. */
static void pcid_cr3_rules(void)
{
	uint64_t cr3 = read_cr3(), cr4 = read_cr4();
	uint64_t via = cr4_bit_offered(13) ? X86_CR4_VMXE : 0;
	unsigned maxphy = 36;

	if (cpuid(0x80000000, 0).eax >= 0x80000008)
		maxphy = cpuid(0x80000008, 0).eax & 0xff;
	refused("CR3 bit MAXPHYADDR (reserved)", do_cr3, rd_cr3, cr3 | (1ull << maxphy), 0, 13);
	refused("CR3 bit 62 (reserved)", do_cr3, rd_cr3, cr3 | (1ull << 62), 0, 13);
	refused("CR3 bit 63 without PCIDE", do_cr3, rd_cr3, cr3 | X86_CR3_PCID_NOFLUSH, 0, 13);
	accepted("CR3 with PWT and PCD", do_cr3, rd_cr3, cr3 | 0x18, 0, cr3 | 0x18);
	if (!cr4_bit_offered(17)) {
		report_skip("PCIDE rules: CPUID offers no PCID");
		return;
	}
	/* CR3[11:0] must be 0 when PCIDE is set. */
	if (try(do_cr3, cr3 | 0x8, 0) == NO_EXC) {
		refused("CR4.PCIDE with CR3[11:0] != 0", do_cr4, rd_cr4,
			(cr4 ^ via) | X86_CR4_PCIDE, 0, 13);
		try(do_cr3, cr3, 0);
	}
	int vec = try(do_cr4, (cr4 ^ via) | X86_CR4_PCIDE, 0);
	report(vec == NO_EXC && (read_cr4() & X86_CR4_PCIDE), "CR4.PCIDE with CR3[11:0] = 0: taken");
	if (vec != NO_EXC)
		return;
	accepted("CR3 PCID 5 with the no-flush bit", do_cr3, rd_cr3,
		 cr3 | 5 | X86_CR3_PCID_NOFLUSH, 0, cr3 | 5);
	refused("CR3 bit MAXPHYADDR with PCIDE", do_cr3, rd_cr3, cr3 | (1ull << maxphy), 0, 13);
	report(try(do_cr4, cr4, 0) == NO_EXC && read_cr4() == cr4, "CR4.PCIDE cleared again");
}

/* ---------------------------------------------------------------- EFER */
static void efer_rules(void)
{
	uint64_t efer = rdmsr(MSR_IA32_EFER);

	refused("EFER bit 1 (reserved)", do_wrmsr, rd_efer, efer | 2, MSR_IA32_EFER, 13);
	refused("EFER.SVME (an AMD bit)", do_wrmsr, rd_efer, efer | (1ull << 12), MSR_IA32_EFER, 13);
	refused("EFER bit 63 (reserved)", do_wrmsr, rd_efer, efer | (1ull << 63), MSR_IA32_EFER, 13);
	refused("EFER.LME cleared with paging on", do_wrmsr, rd_efer, efer & ~X86_EFER_LME,
		MSR_IA32_EFER, 13);
	accepted("EFER.SCE toggled", do_wrmsr, rd_efer, efer ^ X86_EFER_SCE, MSR_IA32_EFER,
		 efer ^ X86_EFER_SCE);
	accepted("EFER written without LMA: LMA stays", do_wrmsr, rd_efer, efer & ~X86_EFER_LMA,
		 MSR_IA32_EFER, efer);
}

/* ---------------------------------------------------------------- XSETBV */
static void xsetbv_rules(void)
{
	if (!cr4_bit_offered(18)) {
		report(try(do_xsetbv, XCR0_X87, 0) == 6, "XSETBV without XSAVE raises #UD");
		return;
	}
	struct cpuid_regs d = cpuid(0xd, 0);
	uint64_t sup = ((uint64_t)d.edx << 32) | d.eax;
	uint64_t cr4 = read_cr4();

	write_cr4(cr4 | X86_CR4_OSXSAVE);
	uint64_t xcr0 = xgetbv0();

	refused("XSETBV of XCR1", do_xsetbv, xgetbv0, xcr0, 1, 13);
	refused("XSETBV of XCR0 without x87", do_xsetbv, xgetbv0, xcr0 & ~XCR0_X87, 0, 13);
	refused("XSETBV of XCR0 bit 63", do_xsetbv, xgetbv0, xcr0 | (1ull << 63), 0, 13);
	unsigned bad = 0, bad_ok = 0;
	for (unsigned bit = 1; bit < 64; bit++) {
		if (sup & (1ull << bit))
			continue;
		bad++;
		int vec = try(do_xsetbv, xcr0 | (1ull << bit), 0);
		if (vec == 13 && xgetbv0() == xcr0)
			bad_ok++;
		else
			printf("XCR0 bit %u: CPUID does not offer it, XSETBV gave %s\n", bit,
			       vec_name(vec));
	}
	report(bad_ok == bad, "XSETBV: every XCR0 bit CPUID does not offer raises #GP (%u of %u)",
	       bad_ok, bad);
	accepted("XSETBV x87 only", do_xsetbv, xgetbv0, XCR0_X87, 0, XCR0_X87);
	if (sup & XCR0_AVX) {
		refused("XSETBV AVX without SSE", do_xsetbv, xgetbv0, XCR0_X87 | XCR0_AVX, 0, 13);
		accepted("XSETBV x87, SSE, AVX", do_xsetbv, xgetbv0, XCR0_X87 | XCR0_SSE | XCR0_AVX,
			 0, XCR0_X87 | XCR0_SSE | XCR0_AVX);
	}
	if ((sup & XCR0_AVX512) == XCR0_AVX512) {
		refused("XSETBV AVX-512 state without AVX", do_xsetbv, xgetbv0,
			XCR0_X87 | XCR0_SSE | XCR0_AVX512, 0, 13);
		refused("XSETBV part of the AVX-512 state", do_xsetbv, xgetbv0,
			XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_OPMASK, 0, 13);
	}
	if ((sup & XCR0_MPX) == XCR0_MPX)
		refused("XSETBV BNDREGS without BNDCSR", do_xsetbv, xgetbv0,
			XCR0_X87 | XCR0_BNDREGS, 0, 13);
	/* #UD before any #GP check with CR4.OSXSAVE clear (SDM Vol. 2B XSETBV). */
	write_cr4(cr4 & ~X86_CR4_OSXSAVE);
	report(try(do_xsetbv, 0, 1) == 6, "XSETBV with CR4.OSXSAVE clear raises #UD");
	write_cr4(cr4 | X86_CR4_OSXSAVE);
	try(do_xsetbv, xcr0, 0);
	write_cr4(cr4);
}

int guest_main(const char *cmdline)
{
	(void)cmdline;
	printf("writes: VMX %s, PCID %s, XSAVE %s\n", cr4_bit_offered(13) ? "offered" : "hidden",
	       cr4_bit_offered(17) ? "offered" : "absent", cr4_bit_offered(18) ? "offered" : "absent");
	cr0_rules();
	cr4_rules();
	pcid_cr3_rules();
	efer_rules();
	xsetbv_rules();
	return report_summary();
}
