/* SPDX-License-Identifier: MIT */
/*
 * features: what CPUID advertises works (issue 17 item 6). For every
 * feature bit its CPUID shows, this guest executes the feature: an
 * instruction of it (probes.S), or the control-register bit, MSR or page
 * format it adds; the feature fails if that raises an exception or does
 * not take effect. Bits that have nothing to execute (performance hints,
 * platform facts) are named as skipped, with why. Every set bit of the
 * words below must be one this guest knows, so a feature that leaks
 * through the hypervisor's CPUID untested fails here too. Hidden features
 * are not tried: the hypervisor's host unit test (test_cpuid_policy)
 * holds what is hidden.
 */
#include "common/x86_arch.h"
#include "guests/lib/guest.h"

enum word { W1C, W1D, W7B, W7C, W7D, W71A, WD0A, WD1A, WE1C, WE1D, WE8B, NR_WORDS };

static const char *const word_name[NR_WORDS] = {
	[W1C] = "1:ECX", [W1D] = "1:EDX", [W7B] = "7.0:EBX", [W7C] = "7.0:ECX",
	[W7D] = "7.0:EDX", [W71A] = "7.1:EAX", [WD0A] = "0DH.0:EAX", [WD1A] = "0DH.1:EAX",
	[WE1C] = "80000001H:ECX", [WE1D] = "80000001H:EDX", [WE8B] = "80000008H:EBX",
};

static uint32_t words[NR_WORDS];

struct feature {
	enum word w;
	uint8_t bit;
	const char *name;
	void (*probe)(void);    /* must run without an exception */
	bool (*check)(void);    /* or: must return true */
	uint64_t cr4;           /* or: these CR4 bits must be taken (cr4_takes) */
	bool xcr0;              /* or: XCR0 holds the component of the same bit */
	const char *none;       /* or: nothing to execute, and why */
};

/* probes.S */
#define P(n) void probe_##n(void);
P(sse3) P(pclmulqdq) P(ssse3) P(fma) P(cx16) P(sse4_1) P(sse4_2) P(movbe) P(popcnt) P(aes)
P(xsave) P(avx) P(f16c) P(rdrand) P(fpu) P(tsc) P(msr) P(cx8) P(apic) P(cmov) P(pat)
P(clfsh) P(mmx) P(fxsr) P(sse) P(sse2) P(sep) P(fsgsbase) P(bmi1) P(hle) P(avx2) P(bmi2)
P(invpcid) P(rtm) P(avx512f) P(avx512dq) P(rdseed) P(adx) P(smap) P(avx512ifma)
P(clflushopt) P(clwb) P(avx512cd) P(sha) P(avx512bw) P(avx512vl) P(prefetchwt1)
P(avx512vbmi) P(pku) P(avx512vbmi2) P(gfni) P(vaes) P(vpclmulqdq) P(avx512vnni)
P(avx512bitalg) P(avx512vpopcntdq) P(rdpid) P(cldemote) P(movdiri) P(movdir64b)
P(avx512vp2intersect) P(md_clear) P(serialize) P(avx512fp16) P(avxvnni) P(avx512bf16)
P(xsaveopt) P(xsavec) P(xgetbv1) P(lahf) P(lzcnt) P(prefetchw) P(rdtscp) P(syscall)
P(wbnoinvd)
#undef P

/* ------------------------------------------------ checks in C */

static uint64_t cr4_value;
static void write_cr4_value(void) { write_cr4(cr4_value); }

/* The CR4 bits are accepted and read back, then cleared again. */
static bool cr4_takes(uint64_t bits)
{
	uint64_t old = read_cr4();
	bool ok;

	cr4_value = old | bits;
	ok = catch_exception_call(write_cr4_value, NULL) < 0 && (read_cr4() & bits) == bits;
	cpuid(0, 0);                     /* an exit: the bits survive one */
	ok = ok && (read_cr4() & bits) == bits;
	cr4_value = old;
	return catch_exception_call(write_cr4_value, NULL) < 0 && read_cr4() == old && ok;
}

static bool c_smap(void) { return cr4_takes(X86_CR4_SMAP) && catch_exception_call(probe_smap, NULL) < 0; }
static bool c_pae(void)  { return read_cr4() & X86_CR4_PAE; }   /* this guest's paging */
static bool c_lm(void)   { return rdmsr(MSR_IA32_EFER) & X86_EFER_LMA; }

/* A bit that follows CR4 (SDM Vol. 2A CPUID): both ways. */
static bool follows_cr4(uint64_t cr4_bit, uint32_t leaf, int reg_ecx_bit)
{
	uint64_t old = read_cr4();
	bool on, off;

	write_cr4(old | cr4_bit);
	on = cpuid(leaf, 0).ecx & BIT(reg_ecx_bit);
	write_cr4(old & ~cr4_bit);
	off = cpuid(leaf, 0).ecx & BIT(reg_ecx_bit);
	write_cr4(old);
	return on && !off;
}

static bool c_osxsave(void) { return follows_cr4(X86_CR4_OSXSAVE, 1, 27); }
static bool c_ospke(void)   { return follows_cr4(X86_CR4_PKE, 7, 4); }

/* x2APIC: enable it (IA32_APIC_BASE.EXTD, SDM 10.12.1) and read the
 * version register through its MSR. */
static void x2apic_on(void)
{
	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_EN | APIC_BASE_EXTD);
	(void)rdmsr(0x803);
}
static bool c_x2apic(void) { return catch_exception_call(x2apic_on, NULL) < 0; }

/* TSC-deadline: IA32_TSC_DEADLINE exists; 0 disarms it (SDM 10.5.4.1). */
static void deadline_disarm(void) { wrmsr(0x6e0, 0); }
static bool c_deadline(void) { return catch_exception_call(deadline_disarm, NULL) < 0; }

/* SYSCALL needs IA32_EFER.SCE (SDM 5.8.8). */
static bool c_syscall(void)
{
	uint64_t efer = rdmsr(MSR_IA32_EFER);
	bool ok;

	wrmsr(MSR_IA32_EFER, efer | X86_EFER_SCE);
	ok = catch_exception_call(probe_syscall, NULL) < 0;
	wrmsr(MSR_IA32_EFER, efer);
	return ok;
}

/*
 * Page formats, in page tables of this guest's own: PML4 slot 1 (the
 * boot tables use slot 0 only) maps a 1-GByte page, or a page directory
 * of 2-MByte pages, over the memory holding `target`.
 */
extern uint64_t boot_pml4[512];
static uint64_t alias_pdpt[512] __attribute__((aligned(4096)));
static uint64_t alias_pd[512] __attribute__((aligned(4096)));
static volatile uint64_t target = 0x1234567890abcdefull;
#define ALIAS_BASE (1ull << 39)         /* PML4 slot 1 */
#define PTE_P_RW   0x3ull
#define PTE_PS     0x80ull
#define PTE_XD     (1ull << 63)
#define PF_ERR_RSVD BIT(3)
#define PF_ERR_ID   BIT(4)

static void alias_install(void)
{
	boot_pml4[1] = (uint64_t)alias_pdpt | PTE_P_RW;
	write_cr3(read_cr3());
}

static void alias_remove(void)
{
	boot_pml4[1] = 0;
	write_cr3(read_cr3());
}

static volatile uint64_t alias_read_value;
static void alias_read(void)
{
	uint64_t t = (uint64_t)&target;

	alias_read_value = *(volatile uint64_t *)(ALIAS_BASE + (t & ((1ull << 30) - 1)));
}

static bool c_page1gb(void)
{
	uint64_t t = (uint64_t)&target;
	bool ok;

	alias_pdpt[0] = (t & ~((1ull << 30) - 1)) | PTE_P_RW | PTE_PS;
	alias_install();
	alias_read_value = 0;
	ok = catch_exception_call(alias_read, NULL) < 0 && alias_read_value == target;
	alias_remove();
	return ok;
}

/* NX: with EFER.NXE a 2-MByte page marked XD reads but does not run: the
 * fetch is a #PF with I/D set and RSVD clear (SDM 4.7). */
static void ret_only(void) { asm volatile(""); }
static uint64_t alias_exec_target;
static void alias_exec(void) { ((void (*)(void))alias_exec_target)(); }
static void alias_read_2m(void) { alias_read_value = *(volatile uint8_t *)alias_exec_target; }

static bool c_nx(void)
{
	uint64_t f = (uint64_t)ret_only, efer = rdmsr(MSR_IA32_EFER), err = 0;
	uint64_t frame = f & ~((1ull << 21) - 1);
	bool read_ok;
	int vec;

	wrmsr(MSR_IA32_EFER, efer | X86_EFER_NXE);
	alias_pd[0] = frame | PTE_P_RW | PTE_PS | PTE_XD;
	alias_pdpt[0] = (uint64_t)alias_pd | PTE_P_RW;
	alias_install();
	alias_read_value = 0;
	alias_exec_target = ALIAS_BASE + (f - frame);
	read_ok = catch_exception_call(alias_read_2m, NULL) < 0;
	vec = catch_exception_call(alias_exec, &err);
	alias_remove();
	wrmsr(MSR_IA32_EFER, efer);
	return read_ok && vec == X86_EXC_PF && (err & PF_ERR_ID) && !(err & PF_ERR_RSVD);
}

/* ------------------------------------------------ the table */

#define I(wd, b, n)        { wd, b, #n, probe_##n, NULL, 0, false, NULL }
#define C(wd, b, n, fn)    { wd, b, n, NULL, fn, 0, false, NULL }
#define CR4(wd, b, n, bits) { wd, b, n, NULL, NULL, bits, false, NULL }
#define XC(wd, b, n)       { wd, b, n, NULL, NULL, 0, true, NULL }    /* CPUID.0DH.0:EAX */
#define N(wd, b, n, why)   { wd, b, n, NULL, NULL, 0, false, why }

static const struct feature features[] = {
	I(W1C, 0, sse3), I(W1C, 1, pclmulqdq), CR4(W1C, 5, "vmx", X86_CR4_VMXE), I(W1C, 9, ssse3),
	I(W1C, 12, fma), I(W1C, 13, cx16), CR4(W1C, 17, "pcid", X86_CR4_PCIDE), I(W1C, 19, sse4_1),
	I(W1C, 20, sse4_2), C(W1C, 21, "x2apic", c_x2apic), I(W1C, 22, movbe),
	I(W1C, 23, popcnt), C(W1C, 24, "tsc_deadline", c_deadline), I(W1C, 25, aes),
	I(W1C, 26, xsave), C(W1C, 27, "osxsave", c_osxsave), I(W1C, 28, avx), I(W1C, 29, f16c),
	I(W1C, 30, rdrand), N(W1C, 31, "hypervisor", "a fact about the platform"),

	I(W1D, 0, fpu), CR4(W1D, 1, "vme", X86_CR4_VME | X86_CR4_PVI), CR4(W1D, 2, "de", X86_CR4_DE),
	CR4(W1D, 3, "pse", X86_CR4_PSE),
	I(W1D, 4, tsc), I(W1D, 5, msr), C(W1D, 6, "pae", c_pae), CR4(W1D, 7, "mce", X86_CR4_MCE),
	I(W1D, 8, cx8), I(W1D, 9, apic), I(W1D, 11, sep), CR4(W1D, 13, "pge", X86_CR4_PGE),
	I(W1D, 15, cmov), I(W1D, 16, pat),
	N(W1D, 17, "pse36", "a page-table format of 32-bit paging, which a 64-bit guest cannot use"),
	I(W1D, 19, clfsh), I(W1D, 23, mmx), I(W1D, 24, fxsr), I(W1D, 25, sse), I(W1D, 26, sse2),
	N(W1D, 27, "ss", "self snoop: a cache property"),
	N(W1D, 28, "htt", "a topology fact"),

	I(W7B, 0, fsgsbase), I(W7B, 3, bmi1), I(W7B, 4, hle), I(W7B, 5, avx2),
	N(W7B, 6, "fdp_excptn_only", "an x87 behaviour, nothing to execute"),
	CR4(W7B, 7, "smep", X86_CR4_SMEP), I(W7B, 8, bmi2),
	N(W7B, 9, "erms", "a performance hint for REP MOVSB/STOSB"),
	I(W7B, 10, invpcid), I(W7B, 11, rtm),
	N(W7B, 13, "fpu_csds_deprecated", "an x87 behaviour, nothing to execute"),
	I(W7B, 16, avx512f), I(W7B, 17, avx512dq), I(W7B, 18, rdseed), I(W7B, 19, adx),
	C(W7B, 20, "smap", c_smap), I(W7B, 21, avx512ifma), I(W7B, 23, clflushopt),
	I(W7B, 24, clwb), I(W7B, 28, avx512cd), I(W7B, 29, sha), I(W7B, 30, avx512bw),
	I(W7B, 31, avx512vl),

	I(W7C, 0, prefetchwt1), I(W7C, 1, avx512vbmi), CR4(W7C, 2, "umip", X86_CR4_UMIP),
	I(W7C, 3, pku), C(W7C, 4, "ospke", c_ospke), I(W7C, 6, avx512vbmi2), I(W7C, 8, gfni),
	I(W7C, 9, vaes), I(W7C, 10, vpclmulqdq), I(W7C, 11, avx512vnni), I(W7C, 12, avx512bitalg),
	I(W7C, 14, avx512vpopcntdq),
	N(W7C, 16, "la57", "CR4.LA57 changes only with paging off (SDM 2.5); not probed"),
	I(W7C, 22, rdpid), I(W7C, 25, cldemote), I(W7C, 27, movdiri), I(W7C, 28, movdir64b),

	N(W7D, 4, "fsrm", "a performance hint for REP MOVSB"),
	I(W7D, 8, avx512vp2intersect), I(W7D, 10, md_clear), I(W7D, 14, serialize),
	I(W7D, 23, avx512fp16),

	I(W71A, 4, avxvnni), I(W71A, 5, avx512bf16),
	N(W71A, 10, "fzlrm", "a performance hint for REP MOVSB"),
	N(W71A, 11, "fsrs", "a performance hint for REP STOSB"),
	N(W71A, 12, "fsrcs", "a performance hint for REP CMPSB/SCASB"),

	XC(WD0A, 0, "xcr0.x87"), XC(WD0A, 1, "xcr0.sse"), XC(WD0A, 2, "xcr0.avx"),
	XC(WD0A, 5, "xcr0.opmask"), XC(WD0A, 6, "xcr0.zmm_hi256"), XC(WD0A, 7, "xcr0.hi16_zmm"),
	XC(WD0A, 9, "xcr0.pkru"),

	I(WD1A, 0, xsaveopt), I(WD1A, 1, xsavec), I(WD1A, 2, xgetbv1),

	I(WE1C, 0, lahf), I(WE1C, 5, lzcnt), I(WE1C, 8, prefetchw),

	C(WE1D, 11, "syscall", c_syscall), C(WE1D, 20, "nx", c_nx),
	C(WE1D, 26, "page1gb", c_page1gb), I(WE1D, 27, rdtscp), C(WE1D, 29, "lm", c_lm),

	I(WE8B, 9, wbnoinvd),
};

#define NR_FEATURES (sizeof(features) / sizeof(features[0]))

static void read_words(void)
{
	uint32_t max = cpuid(0, 0).eax, ext = cpuid(0x80000000, 0).eax;
	struct cpuid_regs r = cpuid(1, 0);

	words[W1C] = r.ecx & ~CPUID_1_ECX_OSXSAVE;   /* live: c_osxsave */
	words[W1D] = r.edx;
	if (max >= 7) {
		r = cpuid(7, 0);
		words[W7B] = r.ebx;
		words[W7C] = r.ecx & ~BIT(4);
		words[W7D] = r.edx;
		if (r.eax >= 1)
			words[W71A] = cpuid(7, 1).eax;
	}
	if (max >= 0xd && (words[W1C] & CPUID_1_ECX_XSAVE)) {
		words[WD0A] = cpuid(0xd, 0).eax;
		words[WD1A] = cpuid(0xd, 1).eax;
	}
	if (ext >= 0x80000001) {
		r = cpuid(0x80000001, 0);
		words[WE1C] = r.ecx;
		words[WE1D] = r.edx;
	}
	if (ext >= 0x80000008)
		words[WE8B] = cpuid(0x80000008, 0).ebx;
}

static bool has(enum word w, unsigned bit) { return words[w] & BIT(bit); }

/* What a guest OS does first: x87 and SSE on (CR0.EM/TS clear, OSFXSR,
 * OSXMMEXCPT), every offered XSAVE component in XCR0 (SDM 13.3), and the
 * CR4 bits the probes of FSGSBASE and PKU need. */
static void setup(void)
{
	uint64_t cr4 = read_cr4();

	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP);
	if (has(W1D, 24))
		cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (has(W1C, 26))
		cr4 |= X86_CR4_OSXSAVE;
	if (has(W7B, 0))
		cr4 |= X86_CR4_FSGSBASE;
	if (has(W7C, 3))
		cr4 |= X86_CR4_PKE;
	write_cr4(cr4);
	if (has(W1C, 26)) {
		struct cpuid_regs d = cpuid(0xd, 0);
		xsetbv(0, ((uint64_t)d.edx << 32) | d.eax);
	}
}

/* Leaves past the maxima answer as the highest basic leaf does (SDM Vol.
 * 2A CPUID), and the XSAVE size for the guest's XCR0 is what XSAVE writes. */
extern uint8_t probe_mem[16384];

static void check_leaf_ranges(void)
{
	uint32_t max = cpuid(0, 0).eax, ext = cpuid(0x80000000, 0).eax;
	struct cpuid_regs top = cpuid(max, 0), past = cpuid(max + 1, 0), past_ext = cpuid(ext + 1, 0);

	report(!__builtin_memcmp(&top, &past, sizeof(top)) &&
	       !__builtin_memcmp(&top, &past_ext, sizeof(top)),
	       "CPUID %#x and %#x answer as the highest basic leaf %#x", max + 1, ext + 1, max);
}

static void check_xsave_size(void)
{
	uint32_t size = cpuid(0xd, 0).ebx, changed_past = 0, last = 0;

	if (!has(W1C, 26)) {
		report_skip("XSAVE size: no XSAVE");
		return;
	}
	for (unsigned i = 0; i < sizeof(probe_mem); i++)
		probe_mem[i] = 0xa5;
	/* XSAVE writes the header and every component XCR0 enables (all in
	 * their initial state or not, the standard form has fixed offsets). */
	catch_exception_call(probe_xsave, NULL);
	for (unsigned i = 0; i < sizeof(probe_mem); i++) {
		if (probe_mem[i] == 0xa5)
			continue;
		last = i;
		if (i >= size)
			changed_past++;
	}
	report(size <= sizeof(probe_mem) && !changed_past && size >= 576 && last < size,
	       "CPUID.0DH.0:EBX %u bytes for XCR0 %#lx holds what XSAVE wrote (last byte %u)", size,
	       xgetbv(0), last);
}

int guest_main(const char *cmdline)
{
	uint32_t known[NR_WORDS] = { 0 };
	unsigned ran = 0, hidden = 0;

	(void)cmdline;
	read_words();
	setup();
	for (unsigned i = 0; i < NR_FEATURES; i++) {
		const struct feature *f = &features[i];
		uint64_t err;
		int vec;

		known[f->w] |= BIT(f->bit);
		if (!has(f->w, f->bit)) {
			hidden++;
			continue;
		}
		if (f->none) {
			report_skip("%s (CPUID.%s[%u]): %s", f->name, word_name[f->w], f->bit, f->none);
			continue;
		}
		ran++;
		if (f->check || f->cr4 || f->xcr0) {
			/* The guest's XCR0 holds every offered component (setup). */
			bool ok = f->check ? f->check() :
				  f->cr4   ? cr4_takes(f->cr4) :
					     (xgetbv(0) & BIT_ULL(f->bit)) != 0;
			report(ok, "%s (CPUID.%s[%u]) works", f->name, word_name[f->w], f->bit);
			continue;
		}
		vec = catch_exception_call(f->probe, &err);
		report(vec < 0, "%s (CPUID.%s[%u]): its instruction runs (exception %d, error code %#lx)",
		       f->name, word_name[f->w], f->bit, vec, vec < 0 ? 0ul : err);
	}
	for (unsigned w = 0; w < NR_WORDS; w++)
		report(!(words[w] & ~known[w]), "CPUID.%s: no bit this guest cannot try (%#x unknown)",
		       word_name[w], words[w] & ~known[w]);
	check_leaf_ranges();
	check_xsave_size();
	printf("%u advertised features executed, %u known features hidden\n", ran, hidden);
	return report_summary();
}
