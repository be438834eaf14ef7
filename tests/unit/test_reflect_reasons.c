/* SPDX-License-Identifier: MIT */
/* Exit-reason taxonomy and the exit-qualification decoders. */
#include <string.h>

#include "exit-reflect/exit_qual.h"
#include "exit-reflect/exit_reasons.h"
#include "testlib.h"

/* Numbers and SDM names written out from Table C-1, independent of the X-list. */
static const struct {
	uint32_t nr;
	uint32_t enum_value;
	const char *name;
} known_reasons[] = {
	{ 0, EXIT_REASON_EXCEPTION_NMI, "Exception or non-maskable interrupt (NMI)" },
	{ 1, EXIT_REASON_EXTERNAL_INTERRUPT, "External interrupt" },
	{ 2, EXIT_REASON_TRIPLE_FAULT, "Triple fault" },
	{ 6, EXIT_REASON_OTHER_SMI, "Other SMI" },
	{ 10, EXIT_REASON_CPUID, "CPUID" },
	{ 12, EXIT_REASON_HLT, "HLT" },
	{ 18, EXIT_REASON_VMCALL, "VMCALL" },
	{ 27, EXIT_REASON_VMON, "VMXON" },
	{ 28, EXIT_REASON_CR_ACCESS, "Control-register accesses" },
	{ 30, EXIT_REASON_IO_INSTRUCTION, "I/O instruction" },
	{ 31, EXIT_REASON_MSR_READ, "RDMSR" },
	{ 32, EXIT_REASON_MSR_WRITE, "WRMSR" },
	{ 33, EXIT_REASON_INVALID_STATE, "VM-entry failure due to invalid guest state" },
	{ 34, EXIT_REASON_MSR_LOAD_FAIL, "VM-entry failure due to MSR loading" },
	{ 41, EXIT_REASON_MCE_DURING_VMENTRY, "VM-entry failure due to machine-check event" },
	{ 48, EXIT_REASON_EPT_VIOLATION, "EPT violation" },
	{ 49, EXIT_REASON_EPT_MISCONFIG, "EPT misconfiguration" },
	{ 52, EXIT_REASON_PREEMPTION_TIMER, "VMX-preemption timer expired" },
	{ 62, EXIT_REASON_PML_FULL, "Page-modification log full" },
	{ 69, EXIT_REASON_LOADIWKEY, "LOADIWKEY" },
	{ 70, EXIT_REASON_ENCLV, "ENCLV" },
	{ 72, EXIT_REASON_ENQCMD_PASID_FAIL, "ENQCMD PASID translation failure" },
	{ 73, EXIT_REASON_ENQCMDS_PASID_FAIL, "ENQCMDS PASID translation failure" },
	{ 74, EXIT_REASON_BUS_LOCK, "Bus lock" },
	{ 75, EXIT_REASON_NOTIFY, "Instruction timeout" },
	{ 77, EXIT_REASON_TDCALL, "TDCALL" },
	{ 85, EXIT_REASON_MSR_WRITE_IMM, "WRMSRNS with immediate operand" },
};

TEST(known_numbers_and_names)
{
	for (size_t i = 0; i < sizeof(known_reasons) / sizeof(known_reasons[0]); i++) {
		CHECK_EQ(known_reasons[i].enum_value, known_reasons[i].nr);
		CHECKF(!strcmp(exit_reason_name(known_reasons[i].nr), known_reasons[i].name),
		       "reason %u: '%s'", known_reasons[i].nr,
		       exit_reason_name(known_reasons[i].nr));
		CHECK(exit_reason_is_defined(known_reasons[i].nr));
	}
	CHECK(!strcmp(exit_reason_ident(EXIT_REASON_EPT_VIOLATION), "EPT_VIOLATION"));
	CHECK(!strcmp(exit_reason_ident(EXIT_REASON_CPUID), "CPUID"));
}

/* Table C-1 leaves these numbers unused. */
static const uint32_t unused_reasons[] = { 35, 38, 42, 71, 82, 83 };

TEST(every_number_has_a_name_or_is_unused)
{
	unsigned int defined = 0;

	for (uint32_t r = 0; r <= EXIT_REASON_MAX; r++) {
		bool unused = false;

		for (size_t i = 0; i < sizeof(unused_reasons) / sizeof(unused_reasons[0]); i++)
			unused |= unused_reasons[i] == r;
		CHECKF(exit_reason_is_defined(r) == !unused, "reason %u", r);
		if (unused) {
			CHECKF(!strcmp(exit_reason_name(r), "unknown"), "reason %u", r);
			CHECK_EQ(exit_reason_flags(r), 0);
			continue;
		}
		defined++;
		CHECKF(exit_reason_name(r) && strcmp(exit_reason_name(r), "unknown") &&
			       exit_reason_name(r)[0],
		       "reason %u has no name", r);
		CHECKF(strcmp(exit_reason_ident(r), "UNKNOWN"), "reason %u has no ident", r);
	}
	CHECK_EQ(defined, EXIT_REASON_COUNT - 6);
}

TEST(out_of_range)
{
	static const uint32_t bad[] = { EXIT_REASON_MAX + 1, 100, 0xffff, 0x10000, 0xffffffffu };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECK(!strcmp(exit_reason_name(bad[i]), "unknown"));
		CHECK(!strcmp(exit_reason_ident(bad[i]), "UNKNOWN"));
		CHECK(!exit_reason_is_defined(bad[i]));
		CHECK_EQ(exit_reason_flags(bad[i]), 0);
	}
}

TEST(flags_restate_the_sdm)
{
	/* SDM 26.1.2: these exit unconditionally (plus the VMX instructions). */
	static const uint32_t uncond[] = {
		EXIT_REASON_CPUID, EXIT_REASON_GETSEC, EXIT_REASON_INVD, EXIT_REASON_XSETBV,
		EXIT_REASON_INVEPT, EXIT_REASON_INVVPID, EXIT_REASON_VMCALL,
		EXIT_REASON_VMCLEAR, EXIT_REASON_VMLAUNCH, EXIT_REASON_VMPTRLD,
		EXIT_REASON_VMPTRST, EXIT_REASON_VMRESUME, EXIT_REASON_VMOFF, EXIT_REASON_VMON,
	};
	for (size_t i = 0; i < sizeof(uncond) / sizeof(uncond[0]); i++)
		CHECKF(exit_reason_flags(uncond[i]) & EXIT_F_UNCOND, "reason %u", uncond[i]);
	/* Gated by controls or bitmaps: never unconditional. */
	CHECK(!(exit_reason_flags(EXIT_REASON_HLT) & EXIT_F_UNCOND));
	CHECK(!(exit_reason_flags(EXIT_REASON_VMREAD) & EXIT_F_UNCOND));
	CHECK(!(exit_reason_flags(EXIT_REASON_IO_INSTRUCTION) & EXIT_F_UNCOND));
	CHECK(exit_reason_flags(EXIT_REASON_VMREAD) & EXIT_F_VMX_INSN);
	CHECK(exit_reason_flags(EXIT_REASON_INVALID_STATE) & EXIT_F_ENTRY_FAIL);
	CHECK(exit_reason_flags(EXIT_REASON_MCE_DURING_VMENTRY) & EXIT_F_ENTRY_FAIL);
	CHECK(exit_reason_flags(EXIT_REASON_IO_SMI) & EXIT_F_NO_L1);
	CHECK(!(exit_reason_flags(EXIT_REASON_EPT_VIOLATION) & EXIT_F_INSTR));
	CHECK(exit_reason_flags(EXIT_REASON_IO_INSTRUCTION) & EXIT_F_INSTR);
	/* Every VMX instruction is an instruction exit. */
	for (uint32_t r = 0; r <= EXIT_REASON_MAX; r++) {
		if (exit_reason_flags(r) & EXIT_F_VMX_INSN)
			CHECKF(exit_reason_flags(r) & EXIT_F_INSTR, "reason %u", r);
	}
}

TEST(full_exit_reason_bits)
{
	CHECK_EQ(VMX_EXIT_REASON_FAILED_VMENTRY, 0x80000000u);
	CHECK_EQ(VMX_EXIT_REASON_ENCLAVE_MODE, 0x08000000u);
	CHECK_EQ(exit_reason_basic(0x80000021u), EXIT_REASON_INVALID_STATE);
	CHECK_EQ(exit_reason_basic(0x08000030u), EXIT_REASON_EPT_VIOLATION);
}

/* I/O qualifications (SDM Table 28-5), built by hand per instruction. */
static const struct {
	const char *insn;
	uint64_t qual;
	uint16_t port;
	uint8_t size;
	bool in, string, rep, imm;
} io_cases[] = {
	{ "in al,dx (dx=0x60)",   0x00600008, 0x0060, 1, true,  false, false, false },
	{ "in eax,dx (dx=0xcfc)", 0x0cfc000b, 0x0cfc, 4, true,  false, false, false },
	{ "out 0x80,al",          0x00800040, 0x0080, 1, false, false, false, true },
	{ "out 0xe9,eax",         0x00e90043, 0x00e9, 4, false, false, false, true },
	{ "rep outsw (dx=0x3f8)", 0x03f80031, 0x03f8, 2, false, true,  true,  false },
	{ "insb (dx=0xffff)",     0xffff0018, 0xffff, 1, true,  true,  false, false },
	{ "rep insd (dx=0x1f0)",  0x01f0003b, 0x01f0, 4, true,  true,  true,  false },
	{ "size encoding 2",      0x00000002, 0x0000, 0, false, false, false, false },
};

TEST(decode_io)
{
	for (size_t i = 0; i < sizeof(io_cases) / sizeof(io_cases[0]); i++) {
		struct exit_qual_io io = exit_qual_io_decode(io_cases[i].qual);

		CHECKF(io.port == io_cases[i].port && io.size == io_cases[i].size &&
			       io.in == io_cases[i].in && io.string == io_cases[i].string &&
			       io.rep == io_cases[i].rep && io.imm_operand == io_cases[i].imm,
		       "%s: port %#x size %u in %d string %d rep %d imm %d", io_cases[i].insn,
		       io.port, io.size, io.in, io.string, io.rep, io.imm_operand);
	}
}

/* CR-access qualifications (SDM Table 28-3). */
static const struct {
	const char *insn;
	uint64_t qual;
	uint8_t cr;
	enum exit_cr_access_type type;
	uint8_t gpr;
	uint16_t lmsw_src;
	bool lmsw_mem;
} cr_cases[] = {
	{ "mov cr0,rax",  0x00000000, 0, EXIT_CR_MOV_TO_CR,   0,  0, false },
	{ "mov cr3,rbx",  0x00000303, 3, EXIT_CR_MOV_TO_CR,   3,  0, false },
	{ "mov cr4,r15",  0x00000f04, 4, EXIT_CR_MOV_TO_CR,   15, 0, false },
	{ "mov rcx,cr3",  0x00000113, 3, EXIT_CR_MOV_FROM_CR, 1,  0, false },
	{ "mov rsp,cr8",  0x00000418, 8, EXIT_CR_MOV_FROM_CR, 4,  0, false },
	{ "clts",         0x00000020, 0, EXIT_CR_CLTS,        0,  0, false },
	{ "lmsw ax=0xb",  0x000b0030, 0, EXIT_CR_LMSW,        0,  0x000b, false },
	{ "lmsw [mem]=1", 0x00010070, 0, EXIT_CR_LMSW,        0,  0x0001, true },
};

TEST(decode_cr)
{
	for (size_t i = 0; i < sizeof(cr_cases) / sizeof(cr_cases[0]); i++) {
		struct exit_qual_cr cr = exit_qual_cr_decode(cr_cases[i].qual);

		CHECKF(cr.cr == cr_cases[i].cr && cr.type == cr_cases[i].type &&
			       cr.lmsw_source == cr_cases[i].lmsw_src &&
			       cr.lmsw_mem_operand == cr_cases[i].lmsw_mem &&
			       (cr.type > EXIT_CR_MOV_FROM_CR || cr.gpr == cr_cases[i].gpr),
		       "%s: cr %u type %d gpr %u src %#x mem %d", cr_cases[i].insn, cr.cr,
		       cr.type, cr.gpr, cr.lmsw_source, cr.lmsw_mem_operand);
	}
}

TEST(decode_dr)
{
	struct exit_qual_dr to = exit_qual_dr_decode(0x107);   /* mov dr7,rcx */
	struct exit_qual_dr from = exit_qual_dr_decode(0x916); /* mov r9,dr6 */

	CHECK(to.dr == 7 && !to.from_dr && to.gpr == 1);
	CHECK(from.dr == 6 && from.from_dr && from.gpr == 9);
}

TEST(decode_ept_violation)
{
	/* Write to a read-only, executable page through a linear address. */
	struct exit_qual_ept w = exit_qual_ept_decode(0x1aa);
	/* Fetch from a non-present page during a guest page walk, NMI unblocked. */
	struct exit_qual_ept f = exit_qual_ept_decode(0x1084);

	CHECK(!w.read && w.write && !w.fetch);
	CHECK(w.readable && !w.writable && w.executable && !w.user_executable);
	CHECK(w.gla_valid && w.gla_translated && !w.nmi_unblocking);
	CHECK(f.fetch && !f.read && !f.write && !f.readable && !f.writable && !f.executable);
	CHECK(f.gla_valid && !f.gla_translated && f.nmi_unblocking && !f.shadow_stack);
	CHECK(exit_qual_ept_decode(1u << 13).shadow_stack);
}

TEST(decode_interruption_info)
{
	struct exit_intr_info pf = exit_intr_info_decode(0x80000b0e);  /* #PF, error code */
	struct exit_intr_info nmi = exit_intr_info_decode(0x80000202); /* NMI */
	struct exit_intr_info bp = exit_intr_info_decode(0x80000603);  /* INT3 */
	struct exit_intr_info unb = exit_intr_info_decode(0x80001b0d); /* #GP after IRET */
	struct exit_intr_info idt = exit_idt_vectoring_decode(0x80001b0d);
	struct exit_intr_info none = exit_intr_info_decode(0x00000b0e);

	CHECK(pf.valid && pf.vector == 14 && pf.type == 3 && pf.error_code_valid);
	CHECK(nmi.valid && nmi.vector == 2 && nmi.type == 2 && !nmi.error_code_valid);
	CHECK(bp.valid && bp.vector == 3 && bp.type == 6 && !bp.error_code_valid);
	CHECK(unb.nmi_unblocking && unb.vector == 13);
	CHECK(!idt.nmi_unblocking && idt.vector == 13 && idt.error_code_valid);
	CHECK(!none.valid);
	CHECK_EQ(exit_instr_info_vmrw_field_gpr(0xa0000000u), 10);
	CHECK_EQ(exit_instr_info_vmrw_field_gpr(0x0fffffffu), 0);
}

TEST(exits_during_event_delivery)
{
	/* SDM 28.2.4's list, and nothing else: an instruction-caused exit is
	 * never during delivery, nor a triple fault. */
	static const uint32_t during[] = {
		EXIT_REASON_EXCEPTION_NMI, EXIT_REASON_TASK_SWITCH, EXIT_REASON_APIC_ACCESS,
		EXIT_REASON_EPT_VIOLATION, EXIT_REASON_EPT_MISCONFIG, EXIT_REASON_PML_FULL,
		EXIT_REASON_SPP_EVENT, EXIT_REASON_NOTIFY,
	};
	unsigned n = 0;

	for (uint32_t r = 0; r <= EXIT_REASON_MAX + 64; r++) {
		bool listed = false;
		for (unsigned i = 0; i < sizeof(during) / sizeof(during[0]); i++)
			listed |= during[i] == r;
		CHECK_EQ(exit_reason_during_delivery(r), listed);
		n += exit_reason_during_delivery(r);
		if (exit_reason_flags(r) & EXIT_F_INSTR)
			CHECK(!exit_reason_during_delivery(r));
	}
	CHECK_EQ(n, 8);
	CHECK(!exit_reason_during_delivery(EXIT_REASON_TRIPLE_FAULT));
	CHECK(!exit_reason_during_delivery(EXIT_REASON_EXTERNAL_INTERRUPT));
}
