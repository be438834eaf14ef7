/* SPDX-License-Identifier: MIT */
/*
 * The guest's CPUID (cpuid_policy.h). Each leaf l1hv answers has a keep
 * list: the feature bits that work in a guest, with the reason beside the
 * ones that need something of l1hv. Bits not kept are the features that
 * would not work, and why:
 *   - an MSR l1hv does not give the guest: MTRR, MCA, DS, ACPI thermal,
 *     TM/TM2, EST, PDCM, SDBG, xTPR, TSC_ADJUST, IA32_SPEC_CTRL and its
 *     family, ARCH/CORE_CAPABILITIES, CET, PKS, ENQCMD (PASID), UINTR,
 *     LBR, HWP and every leaf-6 power feature, the PMU (leaf 0AH);
 *   - a VMX control l1hv does not set, so the instruction is #UD or
 *     exits: MONITOR/MWAIT (l1hv makes them #UD), WAITPKG ("enable user
 *     wait and pause"), XSAVES ("enable XSAVES/XRSTORS"; no supervisor
 *     XSAVE component is offered either), PCONFIG, SGX (ENCLS), PT;
 *   - extended state l1hv does not switch: MPX (BNDCFGS), AMX (XFD).
 *   - platform facts that are not the guest's: SMX, DCA, PSN, TME, HYBRID.
 * SDM Vol. 2A CPUID gives every bit; 26.3 the controls.
 */
#include "l1hv/arch/cpuid_policy.h"

#include "common/x86_arch.h"

/* Leaf 1 ECX. */
#define K1C_SSE3       BIT(0)
#define K1C_PCLMULQDQ  BIT(1)
#define K1C_SSSE3      BIT(9)
#define K1C_FMA        BIT(12)    /* AVX state */
#define K1C_CX16       BIT(13)
#define K1C_PCID       BIT(17)    /* CR4.PCIDE, guest-owned paging */
#define K1C_SSE4_1     BIT(19)
#define K1C_SSE4_2     BIT(20)
#define K1C_MOVBE      BIT(22)
#define K1C_POPCNT     BIT(23)
#define K1C_AES        BIT(25)
#define K1C_F16C       BIT(29)    /* AVX state */
#define K1C_RDRAND     BIT(30)
#define KEEP_1_ECX (K1C_SSE3 | K1C_PCLMULQDQ | K1C_SSSE3 | K1C_CX16 | K1C_PCID | K1C_SSE4_1 | \
		    K1C_SSE4_2 | K1C_MOVBE | K1C_POPCNT | K1C_AES | K1C_RDRAND)
#define AVX_1_ECX  (CPUID_1_ECX_AVX | K1C_FMA | K1C_F16C)

/* Leaf 1 EDX: FPU VME DE PSE TSC MSR PAE MCE CX8 APIC SEP PGE CMOV PAT
 * PSE-36 CLFSH MMX FXSR SSE SSE2 SS HTT. MCE is #MC itself (CR4.MCE); the
 * MCA banks are not offered. */
#define KEEP_1_EDX (GENMASK(9, 0) | BIT(11) | BIT(13) | GENMASK(17, 15) | BIT(19) | \
		    GENMASK(28, 23))

/* Leaf 7 subleaf 0 EBX. */
#define K7B_BMI1       BIT(3)
#define K7B_HLE        BIT(4)
#define K7B_AVX2       BIT(5)     /* AVX state */
#define K7B_FDP_EXCPTN BIT(6)
#define K7B_BMI2       BIT(8)
#define K7B_ERMS       BIT(9)
#define K7B_INVPCID    BIT(10)    /* "enable INVPCID" */
#define K7B_RTM        BIT(11)
#define K7B_FPU_CSDS   BIT(13)
#define K7B_RDSEED     BIT(18)
#define K7B_ADX        BIT(19)
#define K7B_CLFLUSHOPT BIT(23)
#define K7B_CLWB       BIT(24)
#define K7B_SHA        BIT(29)
/* AVX-512 F, DQ, IFMA, CD, BW, VL: AVX-512 state. Xeon Phi's PF and ER
 * (and 4VNNIW, 4FMAPS in EDX) are not offered: no CPU l1hv is tested on
 * has them, so no guest test runs them. */
#define AVX512_7_EBX   (BIT(16) | BIT(17) | BIT(21) | BIT(28) | BIT(30) | BIT(31))
#define KEEP_7_EBX (CPUID_7_EBX_FSGSBASE | K7B_BMI1 | K7B_HLE | K7B_FDP_EXCPTN |             \
		    CPUID_7_EBX_SMEP | K7B_BMI2 | K7B_ERMS | K7B_RTM | K7B_FPU_CSDS |        \
		    K7B_RDSEED | K7B_ADX | CPUID_7_EBX_SMAP | K7B_CLFLUSHOPT | K7B_CLWB | K7B_SHA)

/* Leaf 7 subleaf 0 ECX. */
#define K7C_PREFETCHWT1 BIT(0)
#define K7C_GFNI       BIT(8)
#define K7C_VAES       BIT(9)     /* AVX state */
#define K7C_VPCLMULQDQ BIT(10)    /* AVX state */
#define K7C_CLDEMOTE   BIT(25)
#define K7C_MOVDIRI    BIT(27)
#define K7C_MOVDIR64B  BIT(28)
/* AVX-512 VBMI, VBMI2, VNNI, BITALG, VPOPCNTDQ. */
#define AVX512_7_ECX   (BIT(1) | BIT(6) | BIT(11) | BIT(12) | BIT(14))
#define KEEP_7_ECX (K7C_PREFETCHWT1 | CPUID_7_ECX_UMIP | K7C_GFNI | CPUID_7_ECX_LA57 |        \
		    K7C_CLDEMOTE | K7C_MOVDIRI | K7C_MOVDIR64B)
#define CPUID_7_ECX_OSPKE BIT(4)

/* Leaf 7 subleaf 0 EDX: FSRM, MD_CLEAR (VERW), SERIALIZE. TSXLDTRK is
 * not offered (its instructions mean something only inside RTM). */
#define KEEP_7_EDX (BIT(4) | BIT(10) | BIT(14))
/* AVX-512 VP2INTERSECT, FP16. */
#define AVX512_7_EDX   (BIT(8) | BIT(23))

/* Leaf 7 subleaf 1 EAX: fast zero-length MOVSB, fast short STOSB/CMPSB;
 * AVX-VNNI (AVX state), AVX512_BF16 (AVX-512 state). */
#define KEEP_7_1_EAX (BIT(10) | BIT(11) | BIT(12))
#define AVX_7_1_EAX    BIT(4)
#define AVX512_7_1_EAX BIT(5)

/* Leaf 6 EAX: ARAT, the APIC timer runs in every C-state (the virtual
 * LAPIC's timer is l1hv's and never stops). */
#define KEEP_6_EAX BIT(2)

/* Leaf 0DH subleaf 1 EAX: XSAVEOPT, XSAVEC, XGETBV with ECX=1. */
#define KEEP_D_1_EAX (BIT(0) | BIT(1) | BIT(2))

/* 80000001H: ECX LAHF/SAHF, LZCNT, PREFETCHW; EDX SYSCALL, NX, 1-GByte
 * pages, LM (RDTSCP follows "enable RDTSCP"). */
#define KEEP_E1_ECX (BIT(0) | BIT(5) | BIT(8))
#define KEEP_E1_EDX (CPUID_80000001_EDX_SYSCALL | CPUID_80000001_EDX_NX |                    \
		     CPUID_80000001_EDX_PAGE1GB | CPUID_80000001_EDX_LM)
/* 80000007H EDX: invariant TSC (the guest's TSC is the host's plus an
 * offset). 80000008H EBX: WBNOINVD (exits as WBINVD does). */
#define KEEP_E7_EDX BIT(8)
#define KEEP_E8_EBX BIT(9)

static const struct cpuid_regs zero;

/*
 * The XCR0 components offered: the host's, l1hv's, the policy's. A
 * component whose CPUID.(EAX=0DH,ECX=i) gives no size is left out: the
 * guest could not size an XSAVE area for it (Bochs 2.7 reports PKRU in
 * XCR0 but an empty subleaf 9), and a guest OS that checks its own sum
 * against CPUID.0DH's sizes (Linux does) would find them disagree.
 */
static uint64_t offered_xcr0(const struct cpuid_offer *o, cpuid_host_fn host)
{
	struct cpuid_regs d;
	uint64_t xcr0;

	if (host(0, 0).eax < 0xd || !(host(1, 0).ecx & CPUID_1_ECX_XSAVE))
		return 0;
	d = host(0xd, 0);
	xcr0 = (((uint64_t)d.edx << 32) | d.eax) & o->xcr0 & CPUID_POLICY_XCR0;
	for (unsigned i = 2; i < 63; i++)
		if ((xcr0 & BIT_ULL(i)) && !host(0xd, i).eax)
			xcr0 &= ~BIT_ULL(i);
	return xcr0;
}

/* Leaves and bits that need a state component. */
static bool has_state(uint64_t xcr0, uint64_t need)
{
	return (xcr0 & need) == need;
}

uint32_t cpuid_xsave_size(cpuid_host_fn host, uint64_t mask, bool compacted)
{
	uint32_t size = 512 + 64;      /* legacy area and XSAVE header (SDM 13.4) */

	for (unsigned i = 2; i < 63; i++) {
		struct cpuid_regs c;

		if (!(mask & BIT_ULL(i)))
			continue;
		c = host(0xd, i);
		if (!compacted) {
			if (c.ebx + c.eax > size)
				size = c.ebx + c.eax;
			continue;
		}
		if (c.ecx & BIT(1))            /* aligned to 64 bytes when compacted */
			size = (size + 63) & ~63u;
		size += c.eax;
	}
	return size;
}

static struct cpuid_regs leaf_xsave(cpuid_host_fn host, uint32_t sub, uint64_t xcr0)
{
	struct cpuid_regs h, r = zero;

	if (!xcr0 || (sub > 1 && (sub > 62 || !(xcr0 & BIT_ULL(sub)))))
		return zero;                   /* not offered: the host is not asked */
	h = host(0xd, sub);
	switch (sub) {
	case 0:
		r.eax = (uint32_t)xcr0;
		r.edx = (uint32_t)(xcr0 >> 32);
		r.ecx = cpuid_xsave_size(host, xcr0, false);
		r.ebx = r.ecx;                 /* cpuid_policy_live: for the guest's XCR0 */
		return r;
	case 1:
		r.eax = h.eax & KEEP_D_1_EAX;  /* ECX:EDX, the IA32_XSS bits: none */
		r.ebx = cpuid_xsave_size(host, xcr0, true);
		return r;
	default:
		/* Size, offset, and of ECX only "aligned" (bit 1): a user
		 * component is never supervisor (bit 0). */
		r.eax = h.eax;
		r.ebx = h.ebx;
		r.ecx = h.ecx & BIT(1);
		return r;
	}
}

static struct cpuid_regs leaf_7(const struct cpuid_offer *o, cpuid_host_fn host, uint32_t sub,
				uint64_t xcr0)
{
	struct cpuid_regs h = host(7, sub), r = zero;
	bool avx = has_state(xcr0, XCR0_AVX | XCR0_SSE);
	bool avx512 = avx && has_state(xcr0, XCR0_AVX512);

	if (sub == 0) {
		r.eax = h.eax < 1 ? h.eax : 1;
		r.ebx = h.ebx & (KEEP_7_EBX | (avx ? K7B_AVX2 : 0) | (avx512 ? AVX512_7_EBX : 0) |
				 (o->invpcid ? K7B_INVPCID : 0));
		r.ecx = h.ecx & (KEEP_7_ECX | (avx ? K7C_VAES | K7C_VPCLMULQDQ : 0) |
				 (avx512 ? AVX512_7_ECX : 0) |
				 ((xcr0 & XCR0_PKRU) ? CPUID_7_ECX_PKU : 0) |
				 (o->rdtscp ? CPUID_7_ECX_RDPID : 0));
		r.edx = h.edx & (KEEP_7_EDX | (avx512 ? AVX512_7_EDX : 0));
	} else if (sub == 1 && h.eax != 0) {
		r.eax = h.eax & (KEEP_7_1_EAX | (avx ? AVX_7_1_EAX : 0) |
				 (avx512 ? AVX512_7_1_EAX : 0));
	}
	return r;
}

static struct cpuid_regs leaf_basic(const struct cpuid_offer *o, cpuid_host_fn host,
				    uint32_t leaf, uint32_t sub, uint32_t max)
{
	struct cpuid_regs h, r = zero;
	uint64_t xcr0;

	switch (leaf) {
	case 0:
		r = host(0, 0);
		r.eax = max;
		return r;
	case 1:
		xcr0 = offered_xcr0(o, host);
		h = host(1, 0);
		r.eax = h.eax;
		r.ebx = h.ebx & 0x00ffffffu;   /* initial APIC ID 0: the virtual LAPIC's */
		r.ecx = (h.ecx & (KEEP_1_ECX | (xcr0 ? CPUID_1_ECX_XSAVE : 0) |
				  (has_state(xcr0, XCR0_AVX | XCR0_SSE) ? AVX_1_ECX : 0))) |
			CPUID_1_ECX_HYPERVISOR |
			/* The virtual LAPIC (l1hv/vdev/vlapic.h). */
			CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE |
			(o->vmx ? CPUID_1_ECX_VMX : 0);
		r.edx = (h.edx & KEEP_1_EDX) | BIT(9);
		return r;
	case 2: case 4: case 0x18:
		/* Caches and TLBs: the host's facts. */
		return host(leaf, cpuid_policy_subleaf(leaf, sub));
	case 0x15:
		/* TSC/crystal ratio 1/1 and the crystal's frequency in Hz: the
		 * guest's TSC rate, which is also its APIC timer's (Linux takes
		 * the APIC timer period from the crystal, native_calibrate_tsc).
		 * A rate beyond ECX's 32 bits is not enumerated (all zero). */
		if (o->tsc_khz && o->tsc_khz <= UINT32_MAX / 1000) {
			r.eax = 1;
			r.ebx = 1;
			r.ecx = o->tsc_khz * 1000;
		}
		return r;
	case 0x16:
		/* Base and maximum frequency in MHz: the TSC's; the bus
		 * (reference) frequency is not enumerated. */
		r.eax = r.ebx = o->tsc_khz / 1000;
		return r;
	case 6:
		r.eax = host(6, 0).eax & KEEP_6_EAX;
		return r;
	case 7:
		return leaf_7(o, host, sub, offered_xcr0(o, host));
	case 0xb: case 0x1f:
		/* Topology as the host's; the x2APIC ID is the virtual LAPIC's. */
		r = host(leaf, sub);
		r.edx = 0;
		return r;
	case 0xd:
		return leaf_xsave(host, sub, offered_xcr0(o, host));
	default:
		return zero;
	}
}

static struct cpuid_regs leaf_extended(const struct cpuid_offer *o, cpuid_host_fn host,
				       uint32_t leaf, uint32_t max)
{
	struct cpuid_regs h, r = zero;

	switch (leaf) {
	case 0x80000000:
		r.eax = max;
		return r;
	case 0x80000001:
		h = host(leaf, 0);
		r.eax = h.eax;
		r.ecx = h.ecx & KEEP_E1_ECX;
		r.edx = h.edx & (KEEP_E1_EDX | (o->rdtscp ? CPUID_80000001_EDX_RDTSCP : 0));
		return r;
	case 0x80000002: case 0x80000003: case 0x80000004: case 0x80000006:
		return host(leaf, 0);           /* brand string, L2 cache */
	case 0x80000007:
		r.edx = host(leaf, 0).edx & KEEP_E7_EDX;
		return r;
	case 0x80000008:
		h = host(leaf, 0);
		r.eax = h.eax & 0x00ffffffu;    /* physical, linear, guest-physical widths */
		r.ebx = h.ebx & KEEP_E8_EBX;
		return r;
	default:
		return zero;
	}
}

static uint32_t max_basic(cpuid_host_fn host)
{
	uint32_t m = host(0, 0).eax;

	if (m < CPUID_POLICY_MIN_BASIC)
		return CPUID_POLICY_MIN_BASIC;
	return m < CPUID_POLICY_MAX_BASIC ? m : CPUID_POLICY_MAX_BASIC;
}

static uint32_t max_extended(cpuid_host_fn host)
{
	uint32_t m = host(0x80000000, 0).eax;

	if (m < 0x80000000)
		return 0x80000000;
	return m < CPUID_POLICY_MAX_EXT ? m : CPUID_POLICY_MAX_EXT;
}

struct cpuid_regs cpuid_policy(const struct cpuid_offer *o, cpuid_host_fn host, uint32_t leaf,
			       uint32_t sub)
{
	uint32_t basic = max_basic(host), ext = max_extended(host);

	leaf = cpuid_policy_leaf(basic, ext, leaf);
	if (leaf >= 0x40000000 && leaf <= 0x4fffffff)
		return zero;             /* hypervisor leaves: cpuid.c's */
	if (leaf >= 0x80000000)
		return leaf_extended(o, host, leaf, ext);
	return leaf_basic(o, host, leaf, sub, basic);
}

void cpuid_policy_live(cpuid_host_fn host, uint32_t leaf, uint32_t sub,
		       const struct cpuid_live_state *st, struct cpuid_regs *r)
{
	uint64_t cr4 = st->cr4, xcr0 = st->xcr0;

	switch (leaf) {
	case 1:
		r->ecx &= ~CPUID_1_ECX_OSXSAVE;
		if ((cr4 & X86_CR4_OSXSAVE) && (r->ecx & CPUID_1_ECX_XSAVE))
			r->ecx |= CPUID_1_ECX_OSXSAVE;
		if (!st->apic_enabled)
			r->edx &= ~BIT(9);
		break;
	case 7:
		if (sub != 0)
			break;
		r->ecx &= ~CPUID_7_ECX_OSPKE;
		if ((cr4 & X86_CR4_PKE) && (r->ecx & CPUID_7_ECX_PKU))
			r->ecx |= CPUID_7_ECX_OSPKE;
		break;
	case 0xd:
		if (!r->eax && !r->ebx)
			break;                  /* no XSAVE, or a component not offered */
		if (sub == 0)
			r->ebx = cpuid_xsave_size(host, xcr0, false);
		else if (sub == 1)
			r->ebx = cpuid_xsave_size(host, xcr0, true);
		break;
	}
}
