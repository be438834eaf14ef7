/* SPDX-License-Identifier: MIT */
/*
 * The architectural checks of every guest write that l1hv turns into VMCS
 * state or executes for the guest: MOV to CR0/CR3/CR4 (with CLTS and LMSW),
 * WRMSR of the MSRs l1hv holds, XSETBV. Each rule is one row of
 * guest_write_rules[] with the exception the SDM gives and the section
 * that says so. The checks are pure functions over the guest's state and
 * the CPU facts they depend on (passed in, so the host unit test can play
 * any CPU), and answer the first rule the write breaks, or GW_OK.
 *
 * Why it matters: a value l1hv copies into the VMCS unchecked turns into a
 * VM-entry failure (SDM 27.3.1: guest CR0/CR3/CR4, EFER, PAT, canonical
 * bases) or a value the CPU would never have held; one it executes (the
 * host's WRMSR, XSETBV) into a fault inside l1hv.
 */
#ifndef L1HV_ARCH_GUEST_WRITE_RULES_H
#define L1HV_ARCH_GUEST_WRITE_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "common/x86_arch.h"

/* What the guest's CPUID says (the words these rules read). */
struct gw_cpu_facts {
	uint32_t cpuid1_ecx, cpuid1_edx;
	uint32_t cpuid7_ebx, cpuid7_ecx, cpuid7_edx, cpuid7_1_eax;
	uint32_t ext1_edx;            /* CPUID.80000001H:EDX */
	unsigned maxphyaddr;          /* CPUID.80000008H:EAX[7:0] */
	unsigned la_width;            /* CPUID.80000008H:EAX[15:8]: 48 or 57 */
	uint64_t xcr0_supported;      /* CPUID.(EAX=0DH,ECX=0):EDX:EAX */
};

/* The guest's state before the write, as the guest sees it. */
struct gw_state {
	uint64_t cr0, cr3, cr4, efer;
	bool cs_l;                    /* CS.L: 64-bit code when EFER.LMA */
	bool tr_16bit;                /* TR is a 16-bit TSS (type 3) */
	bool vmx_operation;           /* after VMXON (SDM 24.8) */
	unsigned cpl;
};

#define GUEST_WRITE_RULES(X)                                                              \
	X(CR0_RESERVED,        13, "Vol. 2A MOV to CR: bits 63:32 of CR0 are reserved (2.5)") \
	X(CR0_PG_WITHOUT_PE,   13, "2.5: CR0.PG=1 needs CR0.PE=1")                          \
	X(CR0_NW_WITHOUT_CD,   13, "2.5: CR0.NW=1 needs CR0.CD=1")                          \
	X(CR0_PG_CLEAR_64BIT,  13, "Vol. 2A MOV to CR, 64-bit mode: clearing CR0.PG")       \
	X(CR0_PG_CLEAR_PCIDE,  13, "4.10.1: clearing CR0.PG while CR4.PCIDE=1")             \
	X(CR0_IA32E_NO_PAE,    13, "10.8.5: enabling IA-32e mode (PG with LME) needs CR4.PAE") \
	X(CR0_IA32E_CS_L,      13, "Vol. 2A MOV to CR: enabling IA-32e mode with CS.L=1")   \
	X(CR0_IA32E_TSS16,     13, "Vol. 2A MOV to CR: enabling IA-32e mode with a 16-bit TSS") \
	X(CR0_WP_CLEAR_CET,    13, "2.5: clearing CR0.WP while CR4.CET=1")                  \
	X(CR3_RESERVED,        13, "4.5.2: CR3 bits 62:MAXPHYADDR are reserved in IA-32e mode") \
	X(CR3_NOFLUSH_NO_PCIDE, 13, "4.10.4.1: CR3 bit 63 is the no-flush hint only with CR4.PCIDE") \
	X(CR4_RESERVED,        13, "2.5.1: a CR4 bit whose CPUID feature is absent is reserved") \
	X(CR4_PAE_CLEAR_IA32E, 13, "Vol. 2A MOV to CR: leaving IA-32e mode by clearing CR4.PAE") \
	X(CR4_LA57_IA32E,      13, "2.5: CR4.LA57 cannot change in IA-32e mode")            \
	X(CR4_PCIDE_NO_IA32E,  13, "4.10.1: CR4.PCIDE may be set only in IA-32e mode")      \
	X(CR4_PCIDE_CR3_LOW,   13, "4.10.1: setting CR4.PCIDE needs CR3[11:0]=0")           \
	X(CR4_CET_WITHOUT_WP,  13, "2.5: setting CR4.CET needs CR0.WP=1")                   \
	X(CR4_VMXE_CLEAR_VMX,  13, "24.8: CR4.VMXE cannot be cleared in VMX operation")     \
	X(PDPTE_RESERVED,      13, "4.4.1: a present PAE PDPTE with reserved bits set")     \
	X(EFER_RESERVED,       13, "2.2.1, Vol. 4 Table 2-2: EFER bit reserved or its CPUID feature absent") \
	X(EFER_LME_PAGING,     13, "10.8.5: EFER.LME cannot change while CR0.PG=1")         \
	X(PAT_RESERVED_TYPE,   13, "11.12.2: a PAT entry of type 2, 3 or above 7")          \
	X(MSR_NONCANONICAL,    13, "Vol. 2B WRMSR: a non-canonical address in an address MSR") \
	X(TSC_AUX_RESERVED,    13, "Vol. 4 Table 2-2: IA32_TSC_AUX bits 63:32 are reserved") \
	X(MSR_READ_ONLY_BITS,  13, "Vol. 2B WRMSR: changing a read-only or reserved MSR bit") \
	X(MSR_MODEL_REFUSED,   13, "Vol. 2B WRMSR: a value the MSR's own model (CPU or virtual device) reserves") \
	X(MSR_ABSENT,          13, "Vol. 2B WRMSR: an MSR this CPU does not implement") \
	X(XSETBV_NO_OSXSAVE,    6, "Vol. 2B XSETBV: #UD with CR4.OSXSAVE=0")                \
	X(XSETBV_CPL,          13, "Vol. 2B XSETBV: CPL above 0")                           \
	X(XCR_INDEX,           13, "Vol. 2B XSETBV: only XCR0 exists")                      \
	X(XCR0_X87,            13, "13.3: XCR0.x87 (bit 0) must be 1")                      \
	X(XCR0_UNSUPPORTED,    13, "13.3: an XCR0 bit CPUID.(EAX=0DH,ECX=0) does not offer") \
	X(XCR0_AVX_NO_SSE,     13, "13.3: XCR0.AVX needs XCR0.SSE")                         \
	X(XCR0_AVX512_NO_AVX,  13, "13.3: XCR0 opmask/ZMM_Hi256/Hi16_ZMM need XCR0.AVX")    \
	X(XCR0_AVX512_PARTIAL, 13, "13.3: XCR0 opmask, ZMM_Hi256, Hi16_ZMM: all or none")   \
	X(XCR0_MPX_PARTIAL,    13, "13.3: XCR0 BNDREGS and BNDCSR: both or neither")        \
	X(XCR0_AMX_PARTIAL,    13, "13.3: XCR0 TILECFG and TILEDATA: both or neither")

enum gw_rule {
	GW_OK = 0,
#define GW_ENUM(name, vector, sdm) GW_##name,
	GUEST_WRITE_RULES(GW_ENUM)
#undef GW_ENUM
	GW_RULE_COUNT
};

struct guest_write_rule {
	const char *name;
	uint8_t vector;               /* the exception the guest gets */
	const char *sdm;
};
extern const struct guest_write_rule guest_write_rules[GW_RULE_COUNT];

/* CR4 bits the guest's CPUID leaves reserved (SDM 2.5.1); VMXE counts as
 * present exactly when CPUID.1:ECX.VMX says so. */
uint64_t gw_cr4_reserved(const struct gw_cpu_facts *f);
/* EFER bits a WRMSR may set (LMA is the processor's: a written LMA is
 * ignored, as KVM and the hardware do). */
uint64_t gw_efer_writable(const struct gw_cpu_facts *f);

/* MOV to CR0 (and CLTS, LMSW: the caller builds the whole new value). */
enum gw_rule gw_cr0(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t cr0);
/* MOV to CR3 with a 64-bit operand in IA-32e mode, a 32-bit one outside;
 * *load is what CR3 becomes (bit 63, the no-flush hint, removed). */
enum gw_rule gw_cr3(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t cr3,
		    uint64_t *load);
enum gw_rule gw_cr4(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t cr4);
/* The four PDPTEs PAE paging loads from CR3 (SDM 4.4.1). */
enum gw_rule gw_pdptes(const struct gw_cpu_facts *f, const uint64_t pdpte[4]);
/* WRMSR IA32_EFER; *load is the value EFER takes (LMA unchanged). */
enum gw_rule gw_efer(const struct gw_cpu_facts *f, const struct gw_state *s, uint64_t efer,
		     uint64_t *load);
enum gw_rule gw_pat(uint64_t pat);
/* An address MSR (SYSENTER_ESP/EIP, FS/GS/KERNEL_GS base, LSTAR, CSTAR):
 * canonical for the processor's width, whatever CR4.LA57 is (3.3.7.1). */
enum gw_rule gw_msr_address(const struct gw_cpu_facts *f, uint64_t addr);
enum gw_rule gw_tsc_aux(uint64_t v);
/* An MSR with a value l1hv fixes except for the bits in writable. */
enum gw_rule gw_msr_fixed_bits(uint64_t old, uint64_t v, uint64_t writable);
/* XSETBV: index from ECX, value from EDX:EAX. */
enum gw_rule gw_xsetbv(const struct gw_cpu_facts *f, const struct gw_state *s, uint32_t index,
		       uint64_t v);

/* Does the guest use PAE paging (PG, PAE, not IA-32e) after this state? */
static inline bool gw_pae_paging(uint64_t cr0, uint64_t cr4, uint64_t efer)
{
	return (cr0 & X86_CR0_PG) && (cr4 & X86_CR4_PAE) && !(efer & X86_EFER_LMA);
}

#endif
