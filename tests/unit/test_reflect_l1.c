/* SPDX-License-Identifier: MIT */
/*
 * l1_wants_exit(): the SDM's rules for which L2 exits L1 gets, one table per
 * family, each rule with positive and negative rows. The bitmap-driven rules
 * (I/O, MSR, VMREAD/VMWRITE) are in test_reflect_l1_bitmaps.c.
 */
#include <string.h>

#include "exit-reflect/reflect.h"
#include "testlib.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_controls.h"

static struct vmcs12 vmcs;

static struct vmcs12 *fresh_vmcs12(void)
{
	vmcs12_init(&vmcs, 1);
	return &vmcs;
}

static void set_controls(struct vmcs12 *v, uint32_t pin, uint32_t cpu, uint32_t cpu2,
			 uint64_t cpu3)
{
	vmcs12_write(v, VMCS_PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, cpu);
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, cpu2);
	vmcs12_write(v, VMCS_TERTIARY_VM_EXEC_CONTROL, cpu3);
}

static struct reflect_exit exit_of(uint32_t reason)
{
	struct reflect_exit e;

	memset(&e, 0, sizeof(e));
	reflect_exit_set_reason(&e, reason);
	return e;
}

/*
 * Exits gated by control bits alone: L1 gets the exit iff every listed bit is
 * set. Secondary/tertiary rows need the activation bit too, added by the test.
 * Each row is checked three ways: needed bits only -> exit; every control bit
 * set except one needed bit -> no exit (nothing else may trigger it); nothing
 * set -> no exit.
 */
static const struct {
	uint32_t reason;
	uint32_t pin, cpu, cpu2;
	uint64_t cpu3;
} gated[] = {
	{ EXIT_REASON_EXTERNAL_INTERRUPT, PIN_BASED_EXT_INTR_MASK, 0, 0, 0 },
	{ EXIT_REASON_PREEMPTION_TIMER, PIN_BASED_VMX_PREEMPTION_TIMER, 0, 0, 0 },
	{ EXIT_REASON_INTERRUPT_WINDOW, 0, CPU_BASED_INTR_WINDOW_EXITING, 0, 0 },
	{ EXIT_REASON_NMI_WINDOW, 0, CPU_BASED_NMI_WINDOW_EXITING, 0, 0 },
	{ EXIT_REASON_HLT, 0, CPU_BASED_HLT_EXITING, 0, 0 },
	{ EXIT_REASON_INVLPG, 0, CPU_BASED_INVLPG_EXITING, 0, 0 },
	{ EXIT_REASON_RDPMC, 0, CPU_BASED_RDPMC_EXITING, 0, 0 },
	{ EXIT_REASON_RDTSC, 0, CPU_BASED_RDTSC_EXITING, 0, 0 },
	{ EXIT_REASON_DR_ACCESS, 0, CPU_BASED_MOV_DR_EXITING, 0, 0 },
	{ EXIT_REASON_MWAIT_INSTRUCTION, 0, CPU_BASED_MWAIT_EXITING, 0, 0 },
	{ EXIT_REASON_MONITOR_INSTRUCTION, 0, CPU_BASED_MONITOR_EXITING, 0, 0 },
	{ EXIT_REASON_MONITOR_TRAP_FLAG, 0, CPU_BASED_MONITOR_TRAP_FLAG, 0, 0 },
	{ EXIT_REASON_TPR_BELOW_THRESHOLD, 0, CPU_BASED_TPR_SHADOW, 0, 0 },
	{ EXIT_REASON_RDTSCP, 0, CPU_BASED_RDTSC_EXITING, SECONDARY_EXEC_ENABLE_RDTSCP, 0 },
	{ EXIT_REASON_INVPCID, 0, CPU_BASED_INVLPG_EXITING, SECONDARY_EXEC_ENABLE_INVPCID, 0 },
	{ EXIT_REASON_UMWAIT, 0, CPU_BASED_RDTSC_EXITING, SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE, 0 },
	{ EXIT_REASON_TPAUSE, 0, CPU_BASED_RDTSC_EXITING, SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE, 0 },
	{ EXIT_REASON_APIC_ACCESS, 0, 0, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES, 0 },
	{ EXIT_REASON_GDTR_IDTR, 0, 0, SECONDARY_EXEC_DESC, 0 },
	{ EXIT_REASON_LDTR_TR, 0, 0, SECONDARY_EXEC_DESC, 0 },
	{ EXIT_REASON_EPT_VIOLATION, 0, 0, SECONDARY_EXEC_ENABLE_EPT, 0 },
	{ EXIT_REASON_EPT_MISCONFIG, 0, 0, SECONDARY_EXEC_ENABLE_EPT, 0 },
	{ EXIT_REASON_WBINVD, 0, 0, SECONDARY_EXEC_WBINVD_EXITING, 0 },
	{ EXIT_REASON_RDRAND, 0, 0, SECONDARY_EXEC_RDRAND_EXITING, 0 },
	{ EXIT_REASON_RDSEED, 0, 0, SECONDARY_EXEC_RDSEED_EXITING, 0 },
	{ EXIT_REASON_PML_FULL, 0, 0, SECONDARY_EXEC_ENABLE_PML | SECONDARY_EXEC_ENABLE_EPT, 0 },
	{ EXIT_REASON_SPP_EVENT, 0, 0, SECONDARY_EXEC_SPP, 0 },
	{ EXIT_REASON_BUS_LOCK, 0, 0, SECONDARY_EXEC_BUS_LOCK_DETECTION, 0 },
	{ EXIT_REASON_NOTIFY, 0, 0, SECONDARY_EXEC_NOTIFY_VM_EXITING, 0 },
	{ EXIT_REASON_LOADIWKEY, 0, 0, 0, TERTIARY_EXEC_LOADIWKEY_EXITING },
};

TEST(control_gated_exits)
{
	for (size_t i = 0; i < sizeof(gated) / sizeof(gated[0]); i++) {
		uint32_t pin = gated[i].pin, cpu = gated[i].cpu, cpu2 = gated[i].cpu2;
		uint64_t cpu3 = gated[i].cpu3;
		struct reflect_exit e = exit_of(gated[i].reason);
		struct vmcs12 *v = fresh_vmcs12();
		const char *name = exit_reason_ident(gated[i].reason);

		if (cpu2)
			cpu |= CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
		if (cpu3)
			cpu |= CPU_BASED_ACTIVATE_TERTIARY_CONTROLS;
		set_controls(v, pin, cpu, cpu2, cpu3);
		CHECKF(l1_wants_exit(v, &e, NULL), "%s: needed bits set, no exit", name);

		set_controls(v, 0, 0, 0, 0);
		CHECKF(!l1_wants_exit(v, &e, NULL), "%s: no controls, exit", name);

		/* Clear each needed bit in turn, with every other bit set. */
		for (int word = 0; word < 4; word++) {
			uint64_t need = word == 0 ? pin : word == 1 ? cpu : word == 2 ? cpu2 : cpu3;

			for (int bit = 0; bit < 64; bit++) {
				uint64_t b = 1ull << bit;

				if (!(need & b))
					continue;
				set_controls(v, word == 0 ? ~(uint32_t)b : ~0u,
					     word == 1 ? ~(uint32_t)b : ~0u,
					     word == 2 ? ~(uint32_t)b : ~0u, word == 3 ? ~b : ~0ull);
				CHECKF(!l1_wants_exit(v, &e, NULL),
				       "%s: control word %d bit %d clear, still exits", name, word, bit);
			}
		}
	}
}

/* With an all-zero vmcs12 and an all-zero exit, exactly these reasons reach L1. */
static bool reaches_l1_from_zero_vmcs12(uint32_t r)
{
	if (exit_reason_flags(r) & EXIT_F_UNCOND)
		return true;
	switch (r) {
	case EXIT_REASON_EXCEPTION_NMI:      /* intr info 0 is invalid: not a real exit */
	case EXIT_REASON_VMREAD:             /* no VMCS shadowing: always exit */
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_MSR_READ:           /* no MSR bitmaps: always exit */
	case EXIT_REASON_MSR_WRITE:
	case EXIT_REASON_MSR_READ_IMM:
	case EXIT_REASON_MSR_WRITE_IMM:
	case EXIT_REASON_MCE_DURING_VMENTRY: /* L1's unless L0 owns it */
	case EXIT_REASON_PCONFIG:            /* rules not modelled: conservative */
	case EXIT_REASON_ENQCMD_PASID_FAIL:
	case EXIT_REASON_ENQCMDS_PASID_FAIL:
	case EXIT_REASON_RDMSRLIST:
	case EXIT_REASON_WRMSRLIST:
	case EXIT_REASON_URDMSR:
	case EXIT_REASON_UWRMSR:
		return true;
	default:
		return false;
	}
}

TEST(every_reason_with_zero_controls)
{
	struct vmcs12 *v = fresh_vmcs12();

	for (uint32_t r = 0; r <= EXIT_REASON_MAX + 2; r++) {
		struct reflect_exit e = exit_of(r);
		bool want = exit_reason_is_defined(r) ? reaches_l1_from_zero_vmcs12(r) : true;

		CHECKF(l1_wants_exit(v, &e, NULL) == want, "reason %u (%s): expected %d", r,
		       exit_reason_ident(r), want);
	}
	/* SMM VM exits never reach L1, whatever L1 set. */
	set_controls(v, ~0u, ~0u, ~0u, ~0ull);
	for (uint32_t r = 0; r <= EXIT_REASON_MAX; r++) {
		struct reflect_exit e = exit_of(r);

		if (exit_reason_flags(r) & EXIT_F_NO_L1)
			CHECKF(!l1_wants_exit(v, &e, NULL), "reason %u", r);
	}
}

/* Exception bitmap, NMIs and the #PF error-code mask/match rule. */
static const struct {
	const char *what;
	uint32_t pin;
	uint32_t bitmap, pfec_mask, pfec_match;
	uint32_t intr_info, error_code;
	bool want;
} exceptions[] = {
	{ "#UD, bit 6 set",            0, 1u << 6, 0, 0, 0x80000306, 0, true },
	{ "#UD, bit 6 clear",          0, ~(1u << 6), 0, 0, 0x80000306, 0, false },
	{ "#GP, bit 13 set",           0, 1u << 13, 0, 0, 0x80000b0d, 0, true },
	{ "#DB (INT1), bit 1 set",     0, 1u << 1, 0, 0, 0x80000501, 0, true },
	{ "#BP (INT3), bit 3 set",     0, 1u << 3, 0, 0, 0x80000603, 0, true },
	{ "#BP (INT3), bit 3 clear",   0, 0, 0, 0, 0x80000603, 0, false },
	{ "#MC, bit 18 set",           0, 1u << 18, 0, 0, 0x80000312, 0, true },
	{ "NMI, NMI exiting",          PIN_BASED_NMI_EXITING, 0, 0, 0, 0x80000202, 0, true },
	{ "NMI, no NMI exiting",       0, ~0u, 0, 0, 0x80000202, 0, false },
	{ "info not valid",            0, 0, 0, 0, 0x00000306, 0, true },
	/* #PF: exits iff bit 14 == ((PFEC & MASK) == MATCH). MASK = P, MATCH = P. */
	{ "#PF, bit14=1, match",       0, 1u << 14, 0x1, 0x1, 0x80000b0e, 0x3, true },
	{ "#PF, bit14=1, no match",    0, 1u << 14, 0x1, 0x1, 0x80000b0e, 0x2, false },
	{ "#PF, bit14=0, match",       0, 0, 0x1, 0x1, 0x80000b0e, 0x3, false },
	{ "#PF, bit14=0, no match",    0, 0, 0x1, 0x1, 0x80000b0e, 0x2, true },
	{ "#PF, bit14=1, mask=match=0", 0, 1u << 14, 0, 0, 0x80000b0e, 0x7, true },
	{ "#PF, bit14=0, mask=match=0", 0, 0, 0, 0, 0x80000b0e, 0x7, false },
	{ "#PF, bit14=0, match unreachable", 0, 0, 0x2, 0x4, 0x80000b0e, 0x6, true },
};

TEST(exception_bitmap_and_pfec)
{
	for (size_t i = 0; i < sizeof(exceptions) / sizeof(exceptions[0]); i++) {
		struct vmcs12 *v = fresh_vmcs12();
		struct reflect_exit e = exit_of(EXIT_REASON_EXCEPTION_NMI);

		set_controls(v, exceptions[i].pin, 0, 0, 0);
		vmcs12_write(v, VMCS_EXCEPTION_BITMAP, exceptions[i].bitmap);
		vmcs12_write(v, VMCS_PAGE_FAULT_ERROR_CODE_MASK, exceptions[i].pfec_mask);
		vmcs12_write(v, VMCS_PAGE_FAULT_ERROR_CODE_MATCH, exceptions[i].pfec_match);
		e.intr_info = exceptions[i].intr_info;
		e.intr_error_code = exceptions[i].error_code;
		CHECKF(l1_wants_exit(v, &e, NULL) == exceptions[i].want, "%s", exceptions[i].what);
	}
}

#define CR0_PE (1ull << 0)
#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR0_TS (1ull << 3)
#define CR0_ET (1ull << 4)
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_VMXE (1ull << 13)

/* MOV to CR0/CR4: exit iff a masked bit of the new value differs from the shadow. */
static const struct {
	const char *what;
	uint8_t cr;
	uint64_t mask, shadow, value;
	bool want;
} cr_writes[] = {
	{ "CR0 set masked TS",        0, CR0_TS, 0, CR0_TS, true },
	{ "CR0 flip unmasked MP",     0, CR0_TS, 0, CR0_MP, false },
	{ "CR0 masked = shadow",      0, CR0_PE | CR0_PG, CR0_PE | CR0_PG, CR0_PE | CR0_PG | CR0_MP, false },
	{ "CR0 clear masked PG",      0, CR0_PE | CR0_PG, CR0_PE | CR0_PG, CR0_PE, true },
	{ "CR0 nothing masked",       0, 0, 0, ~0ull, false },
	{ "CR0 all masked, same",     0, ~0ull, 0x80050033, 0x80050033, false },
	{ "CR0 all masked, differs",  0, ~0ull, 0x80050033, 0x80050031, true },
	{ "CR4 set masked VMXE",      4, CR4_VMXE, 0, CR4_VMXE | CR4_PAE, true },
	{ "CR4 set unmasked PAE",     4, CR4_VMXE, 0, CR4_PAE, false },
	{ "CR4 clear masked VMXE",    4, CR4_VMXE, CR4_VMXE, 0, true },
	{ "CR4 keep masked VMXE",     4, CR4_VMXE, CR4_VMXE, CR4_VMXE | CR4_PAE, false },
	{ "CR4 high bit masked",      4, 1ull << 40, 0, 1ull << 40, true },
};

TEST(mov_to_cr0_cr4)
{
	for (size_t i = 0; i < sizeof(cr_writes) / sizeof(cr_writes[0]); i++) {
		struct vmcs12 *v = fresh_vmcs12();
		struct reflect_exit e = exit_of(EXIT_REASON_CR_ACCESS);
		bool cr0 = cr_writes[i].cr == 0;

		vmcs12_write(v, cr0 ? VMCS_CR0_GUEST_HOST_MASK : VMCS_CR4_GUEST_HOST_MASK,
			     cr_writes[i].mask);
		vmcs12_write(v, cr0 ? VMCS_CR0_READ_SHADOW : VMCS_CR4_READ_SHADOW,
			     cr_writes[i].shadow);
		/* Source register R10; every other GPR holds a value that would exit. */
		for (int r = 0; r < REFLECT_NR_GPRS; r++)
			e.gprs[r] = ~cr_writes[i].shadow;
		e.gprs[REFLECT_R10] = cr_writes[i].value;
		e.qualification = cr_writes[i].cr | (10u << 8);
		CHECKF(l1_wants_exit(v, &e, NULL) == cr_writes[i].want, "%s", cr_writes[i].what);
	}
}

/* MOV to CR3 with CR3-load exiting and the CR3-target values. */
static const struct {
	const char *what;
	bool load_exiting;
	uint32_t count;
	uint64_t value;
	bool want;
} cr3_writes[] = {
	{ "no CR3-load exiting",        false, 0, 0x5000, false },
	{ "count 0, equals target 0",   true, 0, 0x1000, true },
	{ "count 1, target 0 hit",      true, 1, 0x1000, false },
	{ "count 1, target 1 beyond",   true, 1, 0x2000, true },
	{ "count 2, target 1 hit",      true, 2, 0x2000, false },
	{ "count 3, target 3 beyond",   true, 3, 0x4000, true },
	{ "count 4, target 3 hit",      true, 4, 0x4000, false },
	{ "count 4, miss",              true, 4, 0x5000, true },
	{ "count 5 (fails VM entry), clamped", true, 5, 0x4000, false },
};

TEST(mov_to_cr3_targets)
{
	for (size_t i = 0; i < sizeof(cr3_writes) / sizeof(cr3_writes[0]); i++) {
		struct vmcs12 *v = fresh_vmcs12();
		struct reflect_exit e = exit_of(EXIT_REASON_CR_ACCESS);

		set_controls(v, 0, cr3_writes[i].load_exiting ? CPU_BASED_CR3_LOAD_EXITING : 0, 0, 0);
		vmcs12_write(v, VMCS_CR3_TARGET_COUNT, cr3_writes[i].count);
		vmcs12_write(v, VMCS_CR3_TARGET_VALUE0, 0x1000);
		vmcs12_write(v, VMCS_CR3_TARGET_VALUE1, 0x2000);
		vmcs12_write(v, VMCS_CR3_TARGET_VALUE2, 0x3000);
		vmcs12_write(v, VMCS_CR3_TARGET_VALUE3, 0x4000);
		e.gprs[REFLECT_RBX] = cr3_writes[i].value;
		e.qualification = 3 | (REFLECT_RBX << 8);
		CHECKF(l1_wants_exit(v, &e, NULL) == cr3_writes[i].want, "%s", cr3_writes[i].what);
	}
}

/* MOV from CR3/CR8, MOV to CR8, with and without the TPR shadow. */
static const struct {
	const char *what;
	uint32_t cpu;
	uint64_t qual;
	bool want;
} cr_other[] = {
	{ "mov rax,cr3, store exiting",   CPU_BASED_CR3_STORE_EXITING, 0x13, true },
	{ "mov rax,cr3, load exiting only", CPU_BASED_CR3_LOAD_EXITING, 0x13, false },
	{ "mov rax,cr0: reads the shadow", ~0u, 0x10, false },
	{ "mov rax,cr4: reads the shadow", ~0u, 0x14, false },
	{ "mov cr8,rax, load exiting",    CPU_BASED_CR8_LOAD_EXITING, 0x08, true },
	{ "mov cr8,rax, store exiting only", CPU_BASED_CR8_STORE_EXITING, 0x08, false },
	{ "mov cr8,rax, TPR shadow only", CPU_BASED_TPR_SHADOW, 0x08, false },
	{ "mov cr8,rax, TPR shadow + load", CPU_BASED_TPR_SHADOW | CPU_BASED_CR8_LOAD_EXITING, 0x08, true },
	{ "mov rax,cr8, store exiting",   CPU_BASED_CR8_STORE_EXITING, 0x18, true },
	{ "mov rax,cr8, TPR shadow only", CPU_BASED_TPR_SHADOW, 0x18, false },
	{ "mov rax,cr8, load exiting only", CPU_BASED_CR8_LOAD_EXITING, 0x18, false },
};

TEST(cr3_cr8_and_reads)
{
	for (size_t i = 0; i < sizeof(cr_other) / sizeof(cr_other[0]); i++) {
		struct vmcs12 *v = fresh_vmcs12();
		struct reflect_exit e = exit_of(EXIT_REASON_CR_ACCESS);

		set_controls(v, 0, cr_other[i].cpu, 0, 0);
		e.qualification = cr_other[i].qual;
		CHECKF(l1_wants_exit(v, &e, NULL) == cr_other[i].want, "%s", cr_other[i].what);
	}
}

/* CLTS (qualification type 2) and LMSW (type 3, source in bits 31:16). */
static const struct {
	const char *what;
	uint64_t mask, shadow;
	bool lmsw;
	uint16_t src;
	bool want;
} clts_lmsw[] = {
	{ "CLTS, TS masked, shadow TS=1",  CR0_TS, CR0_TS, false, 0, true },
	{ "CLTS, TS masked, shadow TS=0",  CR0_TS, 0, false, 0, false },
	{ "CLTS, TS unmasked, shadow TS=1", ~CR0_TS, CR0_TS, false, 0, false },
	{ "LMSW sets masked PE, shadow 0", CR0_PE, 0, true, CR0_PE, true },
	{ "LMSW PE=0 cannot clear PE",     CR0_PE, CR0_PE, true, 0, false },
	{ "LMSW PE=0, shadow PE=0",        CR0_PE, 0, true, 0, false },
	{ "LMSW PE=1, shadow PE=1",        CR0_PE, CR0_PE, true, CR0_PE, false },
	{ "LMSW sets masked MP",           CR0_MP, 0, true, CR0_MP, true },
	{ "LMSW clears masked TS",         CR0_TS, CR0_TS, true, 0, true },
	{ "LMSW EM same as shadow",        CR0_EM, CR0_EM, true, CR0_EM | CR0_MP, false },
	{ "LMSW unmasked MP/EM/TS",        CR0_PE, CR0_PE, true, CR0_PE | 0xe, false },
	{ "LMSW bit 4 is not loaded",      ~0ull, 0, true, CR0_ET, false },
	{ "LMSW high source bits ignored", ~0ull, 0, true, 0xfff0, false },
};

TEST(clts_and_lmsw)
{
	for (size_t i = 0; i < sizeof(clts_lmsw) / sizeof(clts_lmsw[0]); i++) {
		struct vmcs12 *v = fresh_vmcs12();
		struct reflect_exit e = exit_of(EXIT_REASON_CR_ACCESS);

		vmcs12_write(v, VMCS_CR0_GUEST_HOST_MASK, clts_lmsw[i].mask);
		vmcs12_write(v, VMCS_CR0_READ_SHADOW, clts_lmsw[i].shadow);
		e.qualification = clts_lmsw[i].lmsw ? (0x30 | ((uint64_t)clts_lmsw[i].src << 16)) : 0x20;
		CHECKF(l1_wants_exit(v, &e, NULL) == clts_lmsw[i].want, "%s", clts_lmsw[i].what);
	}
}
