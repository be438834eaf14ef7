/* SPDX-License-Identifier: MIT */
/*
 * msrs: a hostile guest for the MSR allow-list. It reads and writes every
 * MSR its hypervisor accepts (l1hv/exit/msr.c, nested_caps.c, vlapic.c),
 * with valid values that must read back and with values the SDM makes #GP.
 * Whatever it does, the hypervisor must answer architecturally and keep
 * running. With "-- tsc_aux=absent" (for l1hv's selftest=no-tsc-aux, which
 * plays a CPU without IA32_TSC_AUX) TSC_AUX must #GP and RDTSCP #UD.
 * Before this guest existed, RDMSR of IA32_MISC_ENABLE made l1hv
 * execute a host RDMSR that Bochs does not implement and take #GP itself.
 */
#include "common/free/string.h"
#include "guests/lib/guest.h"

#define NONCANONICAL 0x0000800000000000ull   /* bit 47 set, 63:48 clear */

/* ctx: { msr, value }: RDMSR stores the value, WRMSR writes it. */
static void do_rdmsr(void *ctx)
{
	uint64_t *m = ctx;

	m[1] = rdmsr((uint32_t)m[0]);                        /* 0f 32 */
}

static void do_wrmsr(void *ctx)
{
	const uint64_t *m = ctx;

	wrmsr((uint32_t)m[0], m[1]);                         /* 0f 30 */
}

/* The vector RDMSR raised (-1: none); *v the value read. */
static int rd(uint32_t msr, uint64_t *v)
{
	uint64_t m[2] = { msr, 0 };
	int vec = catch_exception(do_rdmsr, m, 2);

	*v = m[1];
	return vec;
}

static int wr(uint32_t msr, uint64_t v)
{
	uint64_t m[2] = { msr, v };

	return catch_exception(do_wrmsr, m, 2);
}

/* WRMSR of v works, RDMSR returns it (after an exit, so across a VM switch
 * of the hypervisor's state), and the old value is put back. */
static bool writes_back(uint32_t msr, uint64_t v)
{
	uint64_t old, got;

	if (rd(msr, &old) != -1 || wr(msr, v) != -1)
		return false;
	cpuid(0, 0);                                         /* an exit */
	bool same = rd(msr, &got) == -1 && got == v;
	return wr(msr, old) == -1 && same;
}

static bool tsc_aux_absent;              /* tsc_aux=absent on the command line */

static bool has_tsc_aux(void)
{
	if (tsc_aux_absent)
		return false;
	bool rdtscp = cpuid(0x80000000, 0).eax >= 0x80000001 &&
		      (cpuid(0x80000001, 0).edx & (1u << 27));
	bool rdpid = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ecx & (1u << 22));

	return rdtscp || rdpid;
}

/* MSRs that hold what is written, each with a value that must #GP (0: the
 * SDM names none that every CPU model checks). */
static const struct plain_msr {
	uint32_t msr;
	const char *name;
	uint64_t good, bad;
} plain[] = {
	{ MSR_IA32_SYSENTER_CS, "IA32_SYSENTER_CS", 0x10, 0 },
	/* SDM Vol. 2B WRMSR: SYSENTER_ESP/EIP, LSTAR, CSTAR, FS/GS bases and
	 * KERNEL_GS_BASE must be canonical. */
	{ MSR_IA32_SYSENTER_ESP, "IA32_SYSENTER_ESP", 0xffff800000123450ull, NONCANONICAL },
	{ MSR_IA32_SYSENTER_EIP, "IA32_SYSENTER_EIP", 0x0000700000abcde0ull, NONCANONICAL },
	{ MSR_IA32_STAR, "IA32_STAR", 0x0023001000000000ull, 0 },
	{ MSR_IA32_LSTAR, "IA32_LSTAR", 0xffffffff81000000ull, NONCANONICAL },
	{ MSR_IA32_CSTAR, "IA32_CSTAR", 0xffffffff81000100ull, NONCANONICAL },
	{ MSR_IA32_FMASK, "IA32_FMASK", 0x47700, 0 },
	{ MSR_IA32_KERNEL_GS_BASE, "IA32_KERNEL_GS_BASE", 0xffff888000001000ull, NONCANONICAL },
	{ MSR_IA32_FS_BASE, "IA32_FS_BASE", 0x00007f0000001000ull, NONCANONICAL },
	{ MSR_IA32_GS_BASE, "IA32_GS_BASE", 0xffff888000002000ull, NONCANONICAL },
	/* Bits 63:32 of TSC_AUX are reserved (SDM Vol. 4 Table 2-2). */
	{ MSR_IA32_TSC_AUX, "IA32_TSC_AUX", 0x12345678, 1ull << 32 },
};

static void test_plain(void)
{
	bool aux = has_tsc_aux();

	for (unsigned i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		const struct plain_msr *p = &plain[i];
		uint64_t v;

		if (p->msr == MSR_IA32_TSC_AUX && !aux) {
			/* No RDTSCP/RDPID: the MSR does not exist. */
			report(rd(p->msr, &v) == X86_EXC_GP && wr(p->msr, 0) == X86_EXC_GP,
			       "%s absent: RDMSR and WRMSR raise #GP", p->name);
			continue;
		}
		report(writes_back(p->msr, p->good), "%s: 0x%lx written reads back", p->name,
		       p->good);
		if (p->bad)
			report(wr(p->msr, p->bad) == X86_EXC_GP && rd(p->msr, &v) == -1 &&
			       v != p->bad,
			       "%s: WRMSR of 0x%lx raises #GP, value unchanged", p->name, p->bad);
	}
}

static uint32_t rdtscp_aux(void)
{
	uint32_t lo, hi, aux;

	asm volatile("rdtscp" : "=a"(lo), "=d"(hi), "=c"(aux));
	(void)lo;
	(void)hi;
	return aux;
}

static void do_rdtscp(void *ctx)
{
	(void)ctx;
	asm volatile("rdtscp" ::: "rax", "rdx", "rcx");     /* 0f 01 f9 */
}

/* RDTSCP returns TSC_AUX in ECX, also when it exits (trap=rdtsc, tsc.c). */
static void test_rdtscp(void)
{
	uint64_t prev = 0;

	if (tsc_aux_absent) {
		report(catch_exception(do_rdtscp, NULL, 3) == X86_EXC_UD,
		       "RDTSCP without IA32_TSC_AUX raises #UD");
		return;
	}
	if (!(cpuid(0x80000000, 0).eax >= 0x80000001 && (cpuid(0x80000001, 0).edx & (1u << 27)))) {
		report_skip("RDTSCP: not offered by this CPU");
		return;
	}
	wrmsr(MSR_IA32_TSC_AUX, 0x5a5a);
	uint32_t direct = rdtscp_aux();
	int64_t rc = hypercall(NESTLAB_HC_SET_TRAPS, NESTLAB_TRAP_RDTSC, &prev, NULL);
	uint32_t exiting = rdtscp_aux();
	hypercall(NESTLAB_HC_SET_TRAPS, prev, NULL, NULL);
	report(rc == 0 && direct == 0x5a5a && exiting == 0x5a5a,
	       "RDTSCP returns IA32_TSC_AUX, without and with RDTSC exiting (0x%x, 0x%x)", direct,
	       exiting);
	wrmsr(MSR_IA32_TSC_AUX, 0);
}

static void test_efer_pat(void)
{
	uint64_t efer = 0, pat = 0, v;

	/* Arguments are evaluated in no set order: read first, then report. */
	int vec = rd(MSR_IA32_EFER, &efer);
	report(vec == -1 && (efer & (X86_EFER_LME | X86_EFER_LMA)) == (X86_EFER_LME | X86_EFER_LMA),
	       "IA32_EFER reads LME|LMA in long mode (0x%lx)", efer);
	report(writes_back(MSR_IA32_EFER, efer ^ X86_EFER_SCE),
	       "IA32_EFER: toggling SCE reads back");
	report(wr(MSR_IA32_EFER, efer | (1ull << 1)) == X86_EXC_GP,
	       "IA32_EFER: a reserved bit raises #GP");
	/* SDM 10.8.5: LME cannot change while paging is on. */
	report(wr(MSR_IA32_EFER, efer & ~X86_EFER_LME) == X86_EXC_GP &&
	       rd(MSR_IA32_EFER, &v) == -1 && v == efer,
	       "IA32_EFER: clearing LME with paging on raises #GP");

	vec = rd(MSR_IA32_PAT, &pat);
	report(vec == -1, "IA32_PAT reads (0x%lx)", pat);
	report(writes_back(MSR_IA32_PAT, 0x0007010600070406ull), "IA32_PAT: valid types read back");
	/* SDM 11.12.2: types 2, 3 and 8-255 are reserved. */
	report(wr(MSR_IA32_PAT, 0x0007040600070402ull) == X86_EXC_GP &&
	       wr(MSR_IA32_PAT, 0x0007040600070408ull) == X86_EXC_GP &&
	       rd(MSR_IA32_PAT, &v) == -1 && v == pat,
	       "IA32_PAT: reserved memory types 2 and 8 raise #GP");
}

static void test_tsc_control(void)
{
	uint64_t t0 = 0, t1 = 0, fc = 0;
	bool vmx = cpuid(1, 0).ecx & CPUID_1_ECX_VMX;

	bool ok = rd(MSR_IA32_TSC, &t0) == -1 && rd(MSR_IA32_TSC, &t1) == -1;
	report(ok && t1 > t0, "IA32_TSC reads and advances (%lu then %lu)", t0, t1);
	report_skip("WRMSR IA32_TSC: not virtualized by l1hv (gets #GP)");
	/* Locked (bit 0), VMX outside SMX (bit 2) exactly when CPUID shows VMX;
	 * a locked FEATURE_CONTROL cannot be written (SDM Vol. 4 Table 2-2). */
	ok = rd(MSR_IA32_FEATURE_CONTROL, &fc) == -1;
	report(ok && (fc & 1) && !!(fc & 4) == vmx,
	       "IA32_FEATURE_CONTROL: locked, VMX enabled = CPUID VMX (0x%lx)", fc);
	report(wr(MSR_IA32_FEATURE_CONTROL, fc) == X86_EXC_GP,
	       "IA32_FEATURE_CONTROL: WRMSR raises #GP (locked)");
}

/* The MSR that used to stop the machine. */
static void test_misc_enable(void)
{
	uint64_t m = 0, v;
	bool monitor = cpuid(1, 0).ecx & CPUID_1_ECX_MONITOR;
	bool pmu = cpuid(0, 0).eax >= 0xa && (cpuid(0xa, 0).eax & 0xff);

	int vec = rd(MSR_IA32_MISC_ENABLE, &m);
	report(vec == -1, "IA32_MISC_ENABLE reads (0x%lx)", m);
	uint64_t unavail = MISC_ENABLE_BTS_UNAVAILABLE | MISC_ENABLE_PEBS_UNAVAILABLE;
	report((m & unavail) == unavail && !(m & MISC_ENABLE_LIMIT_CPUID) &&
	       !(m & MISC_ENABLE_XD_DISABLE) && !!(m & MISC_ENABLE_MONITOR) <= monitor,
	       "IA32_MISC_ENABLE: BTS and PEBS unavailable, no CPUID limit, XD on, MONITOR only "
	       "if CPUID has it");
	if (m & MISC_ENABLE_PERFMON)
		report(pmu, "IA32_MISC_ENABLE: performance monitoring only if CPUID 0AH has it");
	report(wr(MSR_IA32_MISC_ENABLE, m) == -1, "IA32_MISC_ENABLE: writing its own value works");
	report(writes_back(MSR_IA32_MISC_ENABLE, m ^ MISC_ENABLE_FAST_STRINGS),
	       "IA32_MISC_ENABLE: fast strings can be toggled");
	report(wr(MSR_IA32_MISC_ENABLE, m & ~MISC_ENABLE_BTS_UNAVAILABLE) == X86_EXC_GP &&
	       wr(MSR_IA32_MISC_ENABLE, m | MISC_ENABLE_XD_DISABLE) == X86_EXC_GP &&
	       wr(MSR_IA32_MISC_ENABLE, m | MISC_ENABLE_LIMIT_CPUID) == X86_EXC_GP &&
	       wr(MSR_IA32_MISC_ENABLE, m | (1ull << 63)) == X86_EXC_GP &&
	       rd(MSR_IA32_MISC_ENABLE, &v) == -1 && v == m,
	       "IA32_MISC_ENABLE: changing read-only or unmodelled bits raises #GP");
}

/* What Linux's early_init_intel does: write 0, CPUID.1, read the
 * microcode revision (bits 63:32). It used to #GP. */
static void test_bios_sign_id(void)
{
	uint64_t v = 0;

	report(wr(MSR_IA32_BIOS_SIGN_ID, 0) == -1, "IA32_BIOS_SIGN_ID: WRMSR of 0 is taken");
	(void)cpuid(1, 0);
	int vec = rd(MSR_IA32_BIOS_SIGN_ID, &v);
	report(vec == -1 && (v >> 32) != 0 && (uint32_t)v == 0,
	       "IA32_BIOS_SIGN_ID: a microcode revision in bits 63:32 (0x%lx)", v);
}

static void test_vmx_caps(void)
{
	uint64_t v;
	bool vmx = cpuid(1, 0).ecx & CPUID_1_ECX_VMX;

	if (!vmx) {
		report(rd(MSR_IA32_VMX_BASIC, &v) == X86_EXC_GP &&
		       wr(MSR_IA32_VMX_BASIC, 0) == X86_EXC_GP,
		       "VMX not offered: IA32_VMX_BASIC raises #GP");
		return;
	}
	bool all = true, ro = true;
	for (uint32_t msr = MSR_IA32_VMX_BASIC; msr < MSR_IA32_VMX_VMFUNC; msr++) {
		uint64_t c = 0;
		all &= rd(msr, &c) == -1;
		ro &= wr(msr, c) == X86_EXC_GP;                  /* SDM A.1: read-only */
		/* Control MSRs: a bit that must be 1 is allowed to be 1 (SDM A.3). */
		if ((msr >= 0x481 && msr <= 0x484) || (msr >= 0x48d && msr <= 0x490))
			all &= !((uint32_t)c & ~(uint32_t)(c >> 32));
	}
	report(all, "IA32_VMX_BASIC..IA32_VMX_TRUE_ENTRY_CTLS read, allowed-0 within allowed-1");
	report(ro, "IA32_VMX_* capability MSRs: WRMSR raises #GP");
	int vec = rd(MSR_IA32_VMX_BASIC, &v);
	report(vec == -1 && (v & 0x7fffffff) && ((v >> 32) & 0x1fff),
	       "IA32_VMX_BASIC: revision 0x%lx, "
	       "VMCS size %lu", v & 0x7fffffff, (v >> 32) & 0x1fff);
	report(rd(MSR_IA32_VMX_VMFUNC, &v) == X86_EXC_GP &&
	       rd(MSR_IA32_VMX_PROCBASED_CTLS3, &v) == X86_EXC_GP,
	       "VMFUNC and tertiary-control MSRs (not offered) raise #GP");
}

static void test_lapic(void)
{
	uint64_t base = 0, v;

	int vec = rd(MSR_IA32_APIC_BASE, &base);
	report(vec == -1 && (base & APIC_BASE_EN) && (base & APIC_BASE_BSP),
	       "IA32_APIC_BASE: enabled BSP (0x%lx)", base);
	report(writes_back(MSR_IA32_APIC_BASE, base + 0x1000) &&
	       wr(MSR_IA32_APIC_BASE, base) == -1,
	       "IA32_APIC_BASE: the base moves and back (SDM 10.4.5)");
	report(wr(MSR_IA32_APIC_BASE, base | 1ull << 63) == X86_EXC_GP &&
	       wr(MSR_IA32_APIC_BASE, base | 1u << 9) == X86_EXC_GP,
	       "IA32_APIC_BASE: a reserved bit raises #GP");
	report(rd(MSR_IA32_TSC_DEADLINE, &v) == -1 && v == 0,
	       "IA32_TSC_DEADLINE reads 0 outside TSC-deadline mode");
	report(rd(MSR_IA32_X2APIC_APICID, &v) == X86_EXC_GP &&
	       wr(MSR_IA32_X2APIC_TPR, 0) == X86_EXC_GP,
	       "x2APIC registers raise #GP in xAPIC mode (SDM 11.12.1.2)");
	report(wr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD) == -1, "x2APIC mode on");
	report(rd(MSR_IA32_X2APIC_APICID, &v) == -1 && v == 0, "x2APIC ID reads 0");
	vec = rd(MSR_IA32_X2APIC_VERSION, &v);
	report(vec == -1 && (v & 0xff) >= 0x10 && wr(MSR_IA32_X2APIC_VERSION, v) == X86_EXC_GP,
	       "x2APIC version 0x%lx reads, WRMSR raises #GP (read-only)", v);
	report(writes_back(MSR_IA32_X2APIC_TPR, 0x20) &&
	       wr(MSR_IA32_X2APIC_TPR, 0x100) == X86_EXC_GP,
	       "x2APIC TPR: 0x20 reads back, a reserved bit raises #GP");
	report(writes_back(MSR_IA32_X2APIC_SIVR, 0x1ff) &&
	       wr(MSR_IA32_X2APIC_SIVR, 1ull << 32) == X86_EXC_GP,
	       "x2APIC SVR: 0x1ff reads back, a reserved bit raises #GP");
	report(rd(MSR_IA32_X2APIC_EOI, &v) == X86_EXC_GP && wr(MSR_IA32_X2APIC_EOI, 0) == -1 &&
	       wr(MSR_IA32_X2APIC_EOI, 1) == X86_EXC_GP,
	       "x2APIC EOI: write-only, only 0 may be written");
	report(writes_back(MSR_IA32_X2APIC_LVT_TIMER, 0x10040) &&
	       wr(MSR_IA32_X2APIC_LVT_TIMER, 1ull << 31) == X86_EXC_GP,
	       "x2APIC LVT timer: masked vector 0x40 reads back, a reserved bit raises #GP");
	/* Masked, TSC-deadline mode: the deadline holds what is written. */
	wrmsr(MSR_IA32_X2APIC_LVT_TIMER, 0x10040 | (2u << 17));
	uint64_t far = rdtsc_ordered() + (1ull << 40);
	report(writes_back(MSR_IA32_TSC_DEADLINE, far),
	       "IA32_TSC_DEADLINE in deadline mode reads back");
	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	wrmsr(MSR_IA32_X2APIC_LVT_TIMER, 0x10040);
	report(rd(MSR_IA32_X2APIC_LAST, &v) == X86_EXC_GP &&
	       wr(MSR_IA32_X2APIC_LAST, 0) == X86_EXC_GP,
	       "an x2APIC register that does not exist raises #GP");
}

int guest_main(const char *cmdline)
{
	uint64_t v;
	const char *val;

	tsc_aux_absent = cmdline_get(cmdline, "tsc_aux", &val) == 6 && !strncmp(val, "absent", 6);
	test_misc_enable();
	test_bios_sign_id();
	test_efer_pat();
	test_tsc_control();
	test_plain();
	test_rdtscp();
	test_vmx_caps();
	test_lapic();
	report(rd(MSR_IA32_PERFEVTSEL0, &v) == X86_EXC_GP &&
	       wr(MSR_IA32_PERFEVTSEL0, 0) == X86_EXC_GP,
	       "IA32_PERFEVTSEL0 (no PMU is virtualized) raises #GP");
	return report_summary();
}
