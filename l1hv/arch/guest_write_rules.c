/* SPDX-License-Identifier: MIT */
/*
 * The checks of guest writes (guest_write_rules.h): pure, freestanding and
 * hosted. The order inside each function is the order a reader finds the
 * rules in the SDM; the guest gets the same exception whichever rule fires.
 */
#include "l1hv/arch/guest_write_rules.h"

#include "common/x86_arch.h"
#include "vmcs12/canonical.h"

const struct guest_write_rule guest_write_rules[GW_RULE_COUNT] = {
	[GW_OK] = { "ok", 0, "" },
#define GW_ROW(name, vec, text) [GW_##name] = { #name, vec, text },
	GUEST_WRITE_RULES(GW_ROW)
#undef GW_ROW
};

/* Bits 51:n of a physical address, n = MAXPHYADDR (SDM 4.1.4). */
static uint64_t above_maxphyaddr(const struct gw_cpu_facts *f)
{
	return f->maxphyaddr >= 64 ? 0 : ~0ull << f->maxphyaddr;
}

static bool ia32e(const struct gw_state *s)
{
	return s->efer & X86_EFER_LMA;
}

/* One CR4 bit and the CPUID feature that makes it exist (SDM 2.5.1). */
static const struct cr4_feature {
	uint64_t bit;
	uint8_t word;                 /* index into the facts' CPUID words */
	uint32_t mask;
} cr4_features[] = {
#define W1_ECX 0
#define W1_EDX 1
#define W7_EBX 2
#define W7_ECX 3
#define W7_EDX 4
#define W7_1_EAX 5
	{ X86_CR4_VME,        W1_EDX, CPUID_1_EDX_VME },
	{ X86_CR4_PVI,        W1_EDX, CPUID_1_EDX_VME },
	{ X86_CR4_DE,         W1_EDX, CPUID_1_EDX_DE },
	{ X86_CR4_PSE,        W1_EDX, CPUID_1_EDX_PSE },
	{ X86_CR4_PAE,        W1_EDX, CPUID_1_EDX_PAE },
	{ X86_CR4_MCE,        W1_EDX, CPUID_1_EDX_MCE },
	{ X86_CR4_PGE,        W1_EDX, CPUID_1_EDX_PGE },
	{ X86_CR4_OSFXSR,     W1_EDX, CPUID_1_EDX_FXSR },
	{ X86_CR4_OSXMMEXCPT, W1_EDX, CPUID_1_EDX_SSE },
	{ X86_CR4_UMIP,       W7_ECX, CPUID_7_ECX_UMIP },
	{ X86_CR4_LA57,       W7_ECX, CPUID_7_ECX_LA57 },
	{ X86_CR4_VMXE,       W1_ECX, CPUID_1_ECX_VMX },
	{ X86_CR4_SMXE,       W1_ECX, CPUID_1_ECX_SMX },
	{ X86_CR4_FSGSBASE,   W7_EBX, CPUID_7_EBX_FSGSBASE },
	{ X86_CR4_PCIDE,      W1_ECX, CPUID_1_ECX_PCID },
	{ X86_CR4_OSXSAVE,    W1_ECX, CPUID_1_ECX_XSAVE },
	{ X86_CR4_KL,         W7_ECX, CPUID_7_ECX_KL },
	{ X86_CR4_SMEP,       W7_EBX, CPUID_7_EBX_SMEP },
	{ X86_CR4_SMAP,       W7_EBX, CPUID_7_EBX_SMAP },
	{ X86_CR4_PKE,        W7_ECX, CPUID_7_ECX_PKU },
	{ X86_CR4_CET,        W7_ECX, CPUID_7_ECX_CET_SS },
	{ X86_CR4_PKS,        W7_ECX, CPUID_7_ECX_PKS },
	{ X86_CR4_UINTR,      W7_EDX, CPUID_7_EDX_UINTR },
	{ X86_CR4_LAM_SUP,    W7_1_EAX, CPUID_7_1_EAX_LAM },
};

uint64_t gw_cr4_reserved(const struct gw_cpu_facts *f)
{
	const uint32_t words[] = { f->cpuid1_ecx, f->cpuid1_edx, f->cpuid7_ebx, f->cpuid7_ecx,
				   f->cpuid7_edx, f->cpuid7_1_eax };
	/* TSD and PCE exist on every processor with CPUID (SDM 2.5.1). */
	uint64_t exists = X86_CR4_TSD | X86_CR4_PCE;

	for (unsigned i = 0; i < sizeof(cr4_features) / sizeof(cr4_features[0]); i++)
		if (words[cr4_features[i].word] & cr4_features[i].mask)
			exists |= cr4_features[i].bit;
	/* CET is one bit for both halves: CET_SS or CET_IBT makes it exist. */
	if (f->cpuid7_edx & CPUID_7_EDX_CET_IBT)
		exists |= X86_CR4_CET;
	return ~exists;
}

uint64_t gw_efer_writable(const struct gw_cpu_facts *f)
{
	uint64_t w = 0;

	/* SCE: CPUID.80000001H:EDX.SYSCALL, which Intel CPUs report only in
	 * 64-bit mode, so a CPU with Intel 64 allows it too (as KVM does). */
	if (f->ext1_edx & (CPUID_80000001_EDX_SYSCALL | CPUID_80000001_EDX_LM))
		w |= X86_EFER_SCE;
	if (f->ext1_edx & CPUID_80000001_EDX_LM)
		w |= X86_EFER_LME | X86_EFER_LMA;
	if (f->ext1_edx & CPUID_80000001_EDX_NX)
		w |= X86_EFER_NXE;
	return w;
}

enum gw_rule gw_cr0(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t cr0)
{
	uint64_t cleared = s->cr0 & ~cr0, set = ~s->cr0 & cr0;

	(void)f;
	if (cr0 >> 32)
		return GW_CR0_RESERVED;
	if ((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE))
		return GW_CR0_PG_WITHOUT_PE;
	if ((cr0 & X86_CR0_NW) && !(cr0 & X86_CR0_CD))
		return GW_CR0_NW_WITHOUT_CD;
	if ((cleared & X86_CR0_PG) && ia32e(s) && s->cs_l)
		return GW_CR0_PG_CLEAR_64BIT;
	if ((cleared & X86_CR0_PG) && (s->cr4 & X86_CR4_PCIDE))
		return GW_CR0_PG_CLEAR_PCIDE;
	if ((set & X86_CR0_PG) && (s->efer & X86_EFER_LME)) {
		if (!(s->cr4 & X86_CR4_PAE))
			return GW_CR0_IA32E_NO_PAE;
		if (s->cs_l)
			return GW_CR0_IA32E_CS_L;
		if (s->tr_16bit)
			return GW_CR0_IA32E_TSS16;
	}
	if ((cleared & X86_CR0_WP) && (s->cr4 & X86_CR4_CET))
		return GW_CR0_WP_CLEAR_CET;
	return GW_OK;
}

enum gw_rule gw_cr3(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t cr3,
		    uint64_t *load)
{
	*load = cr3;
	if (!ia32e(s))
		return GW_OK;           /* a 32-bit operand: nothing reserved */
	if (cr3 & X86_CR3_PCID_NOFLUSH) {
		if (!(s->cr4 & X86_CR4_PCIDE))
			return GW_CR3_NOFLUSH_NO_PCIDE;
		cr3 &= ~X86_CR3_PCID_NOFLUSH;
	}
	if (cr3 & above_maxphyaddr(f))
		return GW_CR3_RESERVED;
	*load = cr3;
	return GW_OK;
}

enum gw_rule gw_cr4(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t cr4)
{
	uint64_t changed = s->cr4 ^ cr4, set = ~s->cr4 & cr4;

	if (cr4 & gw_cr4_reserved(f))
		return GW_CR4_RESERVED;
	if (ia32e(s) && !(cr4 & X86_CR4_PAE))
		return GW_CR4_PAE_CLEAR_IA32E;
	if (ia32e(s) && (changed & X86_CR4_LA57))
		return GW_CR4_LA57_IA32E;
	if (set & X86_CR4_PCIDE) {
		if (!ia32e(s))
			return GW_CR4_PCIDE_NO_IA32E;
		if (s->cr3 & X86_CR3_PCID_MASK)
			return GW_CR4_PCIDE_CR3_LOW;
	}
	if ((set & X86_CR4_CET) && !(s->cr0 & X86_CR0_WP))
		return GW_CR4_CET_WITHOUT_WP;
	if (s->vmx_operation && !(cr4 & X86_CR4_VMXE))
		return GW_CR4_VMXE_CLEAR_VMX;
	return GW_OK;
}

enum gw_rule gw_pdptes(const struct gw_cpu_facts *f, const uint64_t pdpte[4])
{
	for (int i = 0; i < 4; i++)
		if ((pdpte[i] & X86_PDPTE_P) &&
		    (pdpte[i] & (X86_PDPTE_RESERVED | above_maxphyaddr(f))))
			return GW_PDPTE_RESERVED;
	return GW_OK;
}

enum gw_rule gw_efer(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t efer,
		     uint64_t *load)
{
	*load = s->efer;
	if (efer & ~gw_efer_writable(f))
		return GW_EFER_RESERVED;
	if ((s->cr0 & X86_CR0_PG) && ((s->efer ^ efer) & X86_EFER_LME))
		return GW_EFER_LME_PAGING;
	*load = (efer & ~X86_EFER_LMA) | (s->efer & X86_EFER_LMA);
	return GW_OK;
}

enum gw_rule gw_pat(uint64_t pat)
{
	for (int i = 0; i < 8; i++) {
		uint8_t t = (pat >> (8 * i)) & 0xff;
		if (t > 7 || t == 2 || t == 3)
			return GW_PAT_RESERVED_TYPE;
	}
	return GW_OK;
}

enum gw_rule gw_msr_address(const struct gw_cpu_facts *f, uint64_t addr)
{
	return x86_canonical(addr, f->la_width) ? GW_OK : GW_MSR_NONCANONICAL;
}

enum gw_rule gw_tsc_aux(uint64_t v)
{
	return (v >> 32) ? GW_TSC_AUX_RESERVED : GW_OK;
}

enum gw_rule gw_msr_fixed_bits(uint64_t old, uint64_t v, uint64_t writable)
{
	return ((old ^ v) & ~writable) ? GW_MSR_READ_ONLY_BITS : GW_OK;
}

enum gw_rule gw_xsetbv(const struct gw_cpu_facts *f, const struct gw_state *s, uint32_t index,
		       uint64_t v)
{
	uint64_t avx512 = v & XCR0_AVX512;

	/* #UD comes before the #GP checks (SDM Vol. 2B XSETBV). */
	if (!(s->cr4 & X86_CR4_OSXSAVE))
		return GW_XSETBV_NO_OSXSAVE;
	if (s->cpl != 0)
		return GW_XSETBV_CPL;
	if (index != 0)
		return GW_XCR_INDEX;
	if (!(v & XCR0_X87))
		return GW_XCR0_X87;
	if (v & ~f->xcr0_supported)
		return GW_XCR0_UNSUPPORTED;
	if ((v & XCR0_AVX) && !(v & XCR0_SSE))
		return GW_XCR0_AVX_NO_SSE;
	if (avx512 && !(v & XCR0_AVX))
		return GW_XCR0_AVX512_NO_AVX;
	if (avx512 && avx512 != XCR0_AVX512)
		return GW_XCR0_AVX512_PARTIAL;
	if ((v & XCR0_MPX) && (v & XCR0_MPX) != XCR0_MPX)
		return GW_XCR0_MPX_PARTIAL;
	if ((v & XCR0_AMX) && (v & XCR0_AMX) != XCR0_AMX)
		return GW_XCR0_AMX_PARTIAL;
	return GW_OK;
}
