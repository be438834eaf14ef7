/* SPDX-License-Identifier: MIT */
/*
 * VMX basic exit reasons: SDM Vol. 3D Appendix C, Table C-1 ("VMX Basic Exit
 * Reasons"), up to the immediate-operand RDMSR/WRMSRNS reasons (84/85).
 *
 * One list, EXIT_REASONS(X), generates the enum, the name tables and the
 * per-reason flag table (exit_reasons.c). Each entry is
 *     X(NAME, basic exit reason, "SDM name", flags)
 * NAME is Linux's spelling (arch/x86/include/uapi/asm/vmx.h) where Linux has
 * one; reasons Linux does not define use the SDM's wording in the same style.
 * Numbers the SDM leaves unused (35, 38, 42, 71, 82, 83) have no entry.
 *
 * The flags restate Appendix C and SDM Vol. 3C "Instructions That Cause VM Exits
 * Unconditionally" so tests can cross-check the reflection predicates against a
 * second, independent statement of the same facts:
 *   EXIT_F_INSTR       always caused by executing one instruction, so the
 *                      VM-exit instruction length is valid (SDM 28.2.5)
 *   EXIT_F_UNCOND      no VM-execution control gates it: when it happens in
 *                      L2, L1 gets it (SDM "unconditionally")
 *   EXIT_F_VMX_INSN    a VMX instruction (always L1's to emulate)
 *   EXIT_F_ENTRY_FAIL  reported as a VM-entry failure (exit reason bit 31)
 *   EXIT_F_NO_L1       no architectural path to a guest hypervisor: SMM VM
 *                      exits only reach an SMM-transfer monitor (SDM "Dual-
 *                      Monitor Treatment of SMIs and SMM"),
 *                      which nestlab does not virtualize
 */
#ifndef NESTLAB_EXIT_REFLECT_EXIT_REASONS_H
#define NESTLAB_EXIT_REFLECT_EXIT_REASONS_H

#include <stdbool.h>
#include <stdint.h>

#define EXIT_F_INSTR      (1u << 0)
#define EXIT_F_UNCOND     (1u << 1)
#define EXIT_F_VMX_INSN   (1u << 2)
#define EXIT_F_ENTRY_FAIL (1u << 3)
#define EXIT_F_NO_L1      (1u << 4)

#define EXIT_F_I   EXIT_F_INSTR
#define EXIT_F_IU  (EXIT_F_INSTR | EXIT_F_UNCOND)
#define EXIT_F_IUV (EXIT_F_INSTR | EXIT_F_UNCOND | EXIT_F_VMX_INSN)

#define EXIT_REASONS(X)                                                               \
	X(EXCEPTION_NMI,         0, "Exception or non-maskable interrupt (NMI)", 0)    \
	X(EXTERNAL_INTERRUPT,    1, "External interrupt", 0)                           \
	X(TRIPLE_FAULT,          2, "Triple fault", EXIT_F_UNCOND)                     \
	X(INIT_SIGNAL,           3, "INIT signal", EXIT_F_UNCOND)                      \
	X(SIPI_SIGNAL,           4, "Start-up IPI (SIPI)", EXIT_F_UNCOND)              \
	X(IO_SMI,                5, "I/O system-management interrupt (SMI)", EXIT_F_NO_L1) \
	X(OTHER_SMI,             6, "Other SMI", EXIT_F_NO_L1)                         \
	X(INTERRUPT_WINDOW,      7, "Interrupt window", 0)                             \
	X(NMI_WINDOW,            8, "NMI window", 0)                                   \
	X(TASK_SWITCH,           9, "Task switch", EXIT_F_UNCOND)                      \
	X(CPUID,                10, "CPUID", EXIT_F_IU)                                \
	X(GETSEC,               11, "GETSEC", EXIT_F_IU)                               \
	X(HLT,                  12, "HLT", EXIT_F_I)                                   \
	X(INVD,                 13, "INVD", EXIT_F_IU)                                 \
	X(INVLPG,               14, "INVLPG", EXIT_F_I)                                \
	X(RDPMC,                15, "RDPMC", EXIT_F_I)                                 \
	X(RDTSC,                16, "RDTSC", EXIT_F_I)                                 \
	X(RSM,                  17, "RSM", EXIT_F_INSTR | EXIT_F_NO_L1)                \
	X(VMCALL,               18, "VMCALL", EXIT_F_IU)                               \
	X(VMCLEAR,              19, "VMCLEAR", EXIT_F_IUV)                             \
	X(VMLAUNCH,             20, "VMLAUNCH", EXIT_F_IUV)                            \
	X(VMPTRLD,              21, "VMPTRLD", EXIT_F_IUV)                             \
	X(VMPTRST,              22, "VMPTRST", EXIT_F_IUV)                             \
	X(VMREAD,               23, "VMREAD", EXIT_F_INSTR | EXIT_F_VMX_INSN)          \
	X(VMRESUME,             24, "VMRESUME", EXIT_F_IUV)                            \
	X(VMWRITE,              25, "VMWRITE", EXIT_F_INSTR | EXIT_F_VMX_INSN)         \
	X(VMOFF,                26, "VMXOFF", EXIT_F_IUV)                              \
	X(VMON,                 27, "VMXON", EXIT_F_IUV)                               \
	X(CR_ACCESS,            28, "Control-register accesses", EXIT_F_I)             \
	X(DR_ACCESS,            29, "MOV DR", EXIT_F_I)                                \
	X(IO_INSTRUCTION,       30, "I/O instruction", EXIT_F_I)                       \
	X(MSR_READ,             31, "RDMSR", EXIT_F_I)                                 \
	X(MSR_WRITE,            32, "WRMSR", EXIT_F_I)                                 \
	X(INVALID_STATE,        33, "VM-entry failure due to invalid guest state",     \
	  EXIT_F_UNCOND | EXIT_F_ENTRY_FAIL)                                            \
	X(MSR_LOAD_FAIL,        34, "VM-entry failure due to MSR loading",             \
	  EXIT_F_UNCOND | EXIT_F_ENTRY_FAIL)                                            \
	X(MWAIT_INSTRUCTION,    36, "MWAIT", EXIT_F_I)                                 \
	X(MONITOR_TRAP_FLAG,    37, "Monitor trap flag", 0)                            \
	X(MONITOR_INSTRUCTION,  39, "MONITOR", EXIT_F_I)                               \
	X(PAUSE_INSTRUCTION,    40, "PAUSE", EXIT_F_I)                                 \
	X(MCE_DURING_VMENTRY,   41, "VM-entry failure due to machine-check event",     \
	  EXIT_F_ENTRY_FAIL)                                                            \
	X(TPR_BELOW_THRESHOLD,  43, "TPR below threshold", 0)                          \
	X(APIC_ACCESS,          44, "APIC access", 0)                                  \
	X(EOI_INDUCED,          45, "Virtualized EOI", 0)                              \
	X(GDTR_IDTR,            46, "Access to GDTR or IDTR", EXIT_F_I)                \
	X(LDTR_TR,              47, "Access to LDTR or TR", EXIT_F_I)                  \
	X(EPT_VIOLATION,        48, "EPT violation", 0)                                \
	X(EPT_MISCONFIG,        49, "EPT misconfiguration", 0)                         \
	X(INVEPT,               50, "INVEPT", EXIT_F_IUV)                              \
	X(RDTSCP,               51, "RDTSCP", EXIT_F_I)                                \
	X(PREEMPTION_TIMER,     52, "VMX-preemption timer expired", 0)                 \
	X(INVVPID,              53, "INVVPID", EXIT_F_IUV)                             \
	X(WBINVD,               54, "WBINVD or WBNOINVD", EXIT_F_I)                    \
	X(XSETBV,               55, "XSETBV", EXIT_F_IU)                               \
	X(APIC_WRITE,           56, "APIC write", 0)                                   \
	X(RDRAND,               57, "RDRAND", EXIT_F_I)                                \
	X(INVPCID,              58, "INVPCID", EXIT_F_I)                               \
	X(VMFUNC,               59, "VMFUNC", EXIT_F_INSTR | EXIT_F_VMX_INSN)          \
	X(ENCLS,                60, "ENCLS", EXIT_F_I)                                 \
	X(RDSEED,               61, "RDSEED", EXIT_F_I)                                \
	X(PML_FULL,             62, "Page-modification log full", 0)                   \
	X(XSAVES,               63, "XSAVES", EXIT_F_I)                                \
	X(XRSTORS,              64, "XRSTORS", EXIT_F_I)                               \
	X(PCONFIG,              65, "PCONFIG", EXIT_F_I)                               \
	X(SPP_EVENT,            66, "SPP-related event", 0)                            \
	X(UMWAIT,               67, "UMWAIT", EXIT_F_I)                                \
	X(TPAUSE,               68, "TPAUSE", EXIT_F_I)                                \
	X(LOADIWKEY,            69, "LOADIWKEY", EXIT_F_I)                             \
	X(ENCLV,                70, "ENCLV", EXIT_F_I)                                 \
	X(ENQCMD_PASID_FAIL,    72, "ENQCMD PASID translation failure", EXIT_F_I)      \
	X(ENQCMDS_PASID_FAIL,   73, "ENQCMDS PASID translation failure", EXIT_F_I)     \
	X(BUS_LOCK,             74, "Bus lock", 0)                                     \
	X(NOTIFY,               75, "Instruction timeout", 0)                          \
	X(SEAMCALL,             76, "SEAMCALL", EXIT_F_IU)                             \
	X(TDCALL,               77, "TDCALL", EXIT_F_IU)                               \
	X(RDMSRLIST,            78, "RDMSRLIST", EXIT_F_I)                             \
	X(WRMSRLIST,            79, "WRMSRLIST", EXIT_F_I)                             \
	X(URDMSR,               80, "URDMSR", EXIT_F_I)                                \
	X(UWRMSR,               81, "UWRMSR", EXIT_F_I)                                \
	X(MSR_READ_IMM,         84, "RDMSR with immediate operand", EXIT_F_I)          \
	X(MSR_WRITE_IMM,        85, "WRMSRNS with immediate operand", EXIT_F_I)

enum exit_reason {
#define EXIT_REASON_ENUM_(name, nr, sdm, flags) EXIT_REASON_##name = (nr),
	EXIT_REASONS(EXIT_REASON_ENUM_)
#undef EXIT_REASON_ENUM_
};

/* Highest basic exit reason in the list; tables are indexed 0..EXIT_REASON_MAX. */
#define EXIT_REASON_MAX 85u
#define EXIT_REASON_COUNT (EXIT_REASON_MAX + 1u)

/* Full 32-bit exit-reason field (SDM 25.9.1, Table 25-18 "Format of Exit Reason"). */
#define VMX_EXIT_REASON_BASIC_MASK          0x0000ffffu
#define VMX_EXIT_REASON_SHADOW_STACK_BUSY   (1u << 25) /* shadow stack prematurely busy */
#define VMX_EXIT_REASON_BUS_LOCK_ASSERTED   (1u << 26) /* bus lock during this exit's cause */
#define VMX_EXIT_REASON_ENCLAVE_MODE        (1u << 27) /* exit from an SGX enclave */
#define VMX_EXIT_REASON_PENDING_MTF         (1u << 28) /* pending MTF VM exit (SMM VM exits) */
#define VMX_EXIT_REASON_FROM_VMX_ROOT       (1u << 29) /* exit from VMX root operation (SMM) */
#define VMX_EXIT_REASON_FAILED_VMENTRY      (1u << 31) /* VM-entry failure */

static inline uint32_t exit_reason_basic(uint32_t full_reason)
{
	return full_reason & VMX_EXIT_REASON_BASIC_MASK;
}

/*
 * Whether a VM exit with this basic reason can occur during the delivery of
 * an event, and so can have valid IDT-vectoring information (SDM 28.2.4):
 * an exception the exception bitmap intercepts, a task switch through a
 * task gate, an APIC access, an EPT violation or misconfiguration, a full
 * page-modification log, an SPP-related event, a notify VM exit. Every
 * other exit happens between instructions or is caused by one, and the
 * field is invalid (a triple fault, the SDM says, is not "during delivery").
 */
#define EXIT_REASONS_DURING_DELIVERY_LOW                                                 \
	(1ull << EXIT_REASON_EXCEPTION_NMI | 1ull << EXIT_REASON_TASK_SWITCH |          \
	 1ull << EXIT_REASON_APIC_ACCESS | 1ull << EXIT_REASON_EPT_VIOLATION |          \
	 1ull << EXIT_REASON_EPT_MISCONFIG | 1ull << EXIT_REASON_PML_FULL)

static inline bool exit_reason_during_delivery(uint32_t basic_reason)
{
	if (__builtin_expect(basic_reason >= 64, 0))
		return basic_reason == EXIT_REASON_SPP_EVENT || basic_reason == EXIT_REASON_NOTIFY;
	return (EXIT_REASONS_DURING_DELIVERY_LOW >> basic_reason) & 1;
}

/* SDM name of a basic exit reason; "unknown" for unused numbers and beyond the max. */
const char *exit_reason_name(uint32_t basic_reason);
/* The list's identifier ("CPUID", "EPT_VIOLATION"); "UNKNOWN" likewise. */
const char *exit_reason_ident(uint32_t basic_reason);
/* EXIT_F_* flags; 0 for unknown reasons. */
uint32_t exit_reason_flags(uint32_t basic_reason);
/* Whether Table C-1 defines this basic exit reason. */
bool exit_reason_is_defined(uint32_t basic_reason);

#endif
