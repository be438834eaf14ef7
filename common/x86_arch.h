/* SPDX-License-Identifier: MIT */
/*
 * The one home of the architectural constants that more than one part uses:
 * control-register, RFLAGS and EFER bits, MSR numbers, CPUID feature bits,
 * the VMCS formats of interruptibility state and segment access rights, and
 * the VMX-abort indicators. Names follow the SDM (Vol. 3A ch. 2 for the
 * registers, Vol. 4 for the MSRs, Vol. 2A CPUID for the feature bits).
 *
 * Only #defines: vmcs12/ and exit-reflect/ build it hosted as well,
 * common/free/x86.h (the instruction wrappers) builds on it for l1hv and
 * the guests. Bits of 64-bit registers are unsigned long, so ~X86_CR0_PG
 * keeps the upper half; bits of 32-bit fields use BIT().
 */
#ifndef NESTLAB_COMMON_X86_ARCH_H
#define NESTLAB_COMMON_X86_ARCH_H

#include "common/bits.h"

/* ---- Control registers (SDM Vol. 3A 2.5) ---- */
#define X86_CR0_PE  (1ul << 0)
#define X86_CR0_MP  (1ul << 1)
#define X86_CR0_EM  (1ul << 2)
#define X86_CR0_TS  (1ul << 3)
#define X86_CR0_ET  (1ul << 4)
#define X86_CR0_NE  (1ul << 5)
#define X86_CR0_WP  (1ul << 16)
#define X86_CR0_AM  (1ul << 18)
#define X86_CR0_NW  (1ul << 29)
#define X86_CR0_CD  (1ul << 30)
#define X86_CR0_PG  (1ul << 31)
/* The bits CR0 has; its other bits 31:0 are reserved and ignored on a write,
 * bits 63:32 reserved and #GP (SDM 2.5). ET is fixed at 1 since the P6. */
#define X86_CR0_DEFINED (X86_CR0_PE | X86_CR0_MP | X86_CR0_EM | X86_CR0_TS | X86_CR0_ET | \
			 X86_CR0_NE | X86_CR0_WP | X86_CR0_AM | X86_CR0_NW | X86_CR0_CD | \
			 X86_CR0_PG)

/* With CR4.PCIDE, a MOV to CR3 with bit 63 set keeps the PCID's TLB
 * entries (SDM 4.10.4.1); bit 63 is not part of CR3. */
#define X86_CR3_PCID_NOFLUSH (1ul << 63)

/* CR3 with 4-level paging: bits 11:0 are the PCID when CR4.PCIDE=1 (SDM 4.10.1). */
#define X86_CR3_PCID_MASK    0xffful
/* PAE paging: CR3 bits 31:5 locate the PDPT (SDM 4.4.1). */
#define X86_CR3_PAE_PDPT_MASK 0xffffffe0ul

#define X86_CR4_VME     (1ul << 0)
#define X86_CR4_PVI     (1ul << 1)
#define X86_CR4_TSD     (1ul << 2)
#define X86_CR4_DE      (1ul << 3)
#define X86_CR4_PSE     (1ul << 4)
#define X86_CR4_PAE     (1ul << 5)
#define X86_CR4_MCE     (1ul << 6)
#define X86_CR4_PGE     (1ul << 7)
#define X86_CR4_PCE     (1ul << 8)
#define X86_CR4_UMIP    (1ul << 11)
#define X86_CR4_LA57    (1ul << 12)
#define X86_CR4_VMXE    (1ul << 13)
#define X86_CR4_SMXE    (1ul << 14)
#define X86_CR4_FSGSBASE (1ul << 16)
#define X86_CR4_OSFXSR  (1ul << 9)
#define X86_CR4_OSXMMEXCPT (1ul << 10)
#define X86_CR4_PCIDE   (1ul << 17)
#define X86_CR4_OSXSAVE (1ul << 18)
#define X86_CR4_KL      (1ul << 19)
#define X86_CR4_SMEP    (1ul << 20)
#define X86_CR4_SMAP    (1ul << 21)
#define X86_CR4_PKE     (1ul << 22)
#define X86_CR4_CET     (1ul << 23)
#define X86_CR4_PKS     (1ul << 24)
#define X86_CR4_UINTR   (1ul << 25)
#define X86_CR4_LAM_SUP (1ul << 28)

/* PAE PDPTE (SDM 4.4.1, Table 4-8): present, and bits 2:1 and 8:5 reserved
 * (plus bits 63:MAXPHYADDR). */
#define X86_PDPTE_P          (1ul << 0)
#define X86_PDPTE_RESERVED   ((3ul << 1) | (0xful << 5))

/* Reset values (SDM Vol. 3A 9.1.1 Table 9-1; 10.5.1; 17.2.3). */
#define X86_FCW_RESET   0x037fu
#define X86_MXCSR_RESET 0x1f80u
#define X86_DR6_RESET   0xffff0ff0ul
/* XCR0 state components (SDM Vol. 1 13.1, Vol. 3A 2.6). */
#define XCR0_X87        BIT_ULL(0)
#define XCR0_SSE        BIT_ULL(1)
#define XCR0_AVX        BIT_ULL(2)
#define XCR0_BNDREGS    BIT_ULL(3)
#define XCR0_BNDCSR     BIT_ULL(4)
#define XCR0_OPMASK     BIT_ULL(5)
#define XCR0_ZMM_HI256  BIT_ULL(6)
#define XCR0_HI16_ZMM   BIT_ULL(7)
#define XCR0_PKRU       BIT_ULL(9)
#define XCR0_TILECFG    BIT_ULL(17)
#define XCR0_TILEDATA   BIT_ULL(18)
#define XCR0_MPX        (XCR0_BNDREGS | XCR0_BNDCSR)
#define XCR0_AVX512     (XCR0_OPMASK | XCR0_ZMM_HI256 | XCR0_HI16_ZMM)
#define XCR0_AMX        (XCR0_TILECFG | XCR0_TILEDATA)

/* ---- Exception vectors (SDM Vol. 3A 6.15, Table 6-1) ---- */
#define X86_EXC_DE   0
#define X86_EXC_DB   1
#define X86_EXC_NMI  2
#define X86_EXC_BP   3
#define X86_EXC_UD   6
#define X86_EXC_DF   8
#define X86_EXC_TS   10
#define X86_EXC_NP   11
#define X86_EXC_SS   12
#define X86_EXC_GP   13
#define X86_EXC_PF   14
#define X86_EXC_AC   17
#define X86_EXC_MC   18
#define X86_EXC_CP   21
#define X86_EXC_COUNT 32   /* vectors 0-31 are exceptions */

/* ---- RFLAGS (SDM Vol. 1 3.4.3) ---- */
#define X86_RFLAGS_CF    (1ul << 0)
#define X86_RFLAGS_FIXED (1ul << 1)     /* reads as 1 */
#define X86_RFLAGS_PF    (1ul << 2)
#define X86_RFLAGS_AF    (1ul << 4)
#define X86_RFLAGS_ZF    (1ul << 6)
#define X86_RFLAGS_SF    (1ul << 7)
#define X86_RFLAGS_TF    (1ul << 8)
#define X86_RFLAGS_IF    (1ul << 9)
#define X86_RFLAGS_DF    (1ul << 10)
#define X86_RFLAGS_OF    (1ul << 11)
#define X86_RFLAGS_VM    (1ul << 17)
#define X86_RFLAGS_AC    (1ul << 18)
/* Reserved: 63:22, 15, 5, 3 (SDM 27.3.1.4). */
#define X86_RFLAGS_RESERVED (GENMASK_ULL(63, 22) | (1ul << 15) | (1ul << 5) | (1ul << 3))

/* ---- IA32_EFER (SDM Vol. 3A 2.2.1) ---- */
#define X86_EFER_SCE  (1ul << 0)
#define X86_EFER_LME  (1ul << 8)
#define X86_EFER_LMA  (1ul << 10)
#define X86_EFER_NXE  (1ul << 11)

/* ---- MSR numbers (SDM Vol. 4 ch. 2) ---- */
#define MSR_IA32_TSC               0x00000010
#define MSR_IA32_APIC_BASE         0x0000001b
#define MSR_IA32_FEATURE_CONTROL   0x0000003a
#define MSR_IA32_BIOS_SIGN_ID      0x8b        /* microcode update signature */
#define MSR_IA32_UCODE_WRITE       0x00000079   /* IA32_BIOS_UPDT_TRIG */
#define MSR_IA32_SMM_MONITOR_CTL   0x0000009b
#define MSR_IA32_SMBASE            0x0000009e
#define MSR_IA32_SYSENTER_CS       0x00000174
#define MSR_IA32_SYSENTER_ESP      0x00000175
#define MSR_IA32_SYSENTER_EIP      0x00000176
#define MSR_IA32_PERFEVTSEL0       0x00000186
#define MSR_IA32_MISC_ENABLE       0x000001a0
#define MSR_IA32_PAT               0x00000277

/* IA32_VMX_* capability MSRs (SDM A.1-A.11). */
#define MSR_IA32_VMX_BASIC              0x480
#define MSR_IA32_VMX_PINBASED_CTLS      0x481
#define MSR_IA32_VMX_PROCBASED_CTLS     0x482
#define MSR_IA32_VMX_EXIT_CTLS          0x483
#define MSR_IA32_VMX_ENTRY_CTLS         0x484
#define MSR_IA32_VMX_MISC               0x485
#define MSR_IA32_VMX_CR0_FIXED0         0x486
#define MSR_IA32_VMX_CR0_FIXED1         0x487
#define MSR_IA32_VMX_CR4_FIXED0         0x488
#define MSR_IA32_VMX_CR4_FIXED1         0x489
#define MSR_IA32_VMX_VMCS_ENUM          0x48a
#define MSR_IA32_VMX_PROCBASED_CTLS2    0x48b
#define MSR_IA32_VMX_EPT_VPID_CAP       0x48c
#define MSR_IA32_VMX_TRUE_PINBASED_CTLS 0x48d
#define MSR_IA32_VMX_TRUE_PROCBASED_CTLS 0x48e
#define MSR_IA32_VMX_TRUE_EXIT_CTLS     0x48f
#define MSR_IA32_VMX_TRUE_ENTRY_CTLS    0x490
#define MSR_IA32_VMX_VMFUNC             0x491
#define MSR_IA32_VMX_PROCBASED_CTLS3    0x492

#define MSR_IA32_TSC_DEADLINE      0x000006e0

/* x2APIC registers: MSR 0x800 + (xAPIC offset >> 4) (SDM Vol. 3A 11.12.1.2). */
#define MSR_IA32_X2APIC_FIRST      0x00000800
#define MSR_IA32_X2APIC_APICID     0x00000802
#define MSR_IA32_X2APIC_VERSION    0x00000803
#define MSR_IA32_X2APIC_TPR        0x00000808
#define MSR_IA32_X2APIC_EOI        0x0000080b
#define MSR_IA32_X2APIC_SIVR       0x0000080f
#define MSR_IA32_X2APIC_LVT_TIMER  0x00000832
#define MSR_IA32_X2APIC_LAST       0x000008ff

#define MSR_IA32_EFER              0xc0000080
#define MSR_IA32_STAR              0xc0000081
#define MSR_IA32_LSTAR             0xc0000082
#define MSR_IA32_CSTAR             0xc0000083
#define MSR_IA32_FMASK             0xc0000084
#define MSR_IA32_FS_BASE           0xc0000100
#define MSR_IA32_GS_BASE           0xc0000101
#define MSR_IA32_KERNEL_GS_BASE    0xc0000102
#define MSR_IA32_TSC_AUX           0xc0000103

/* IA32_FEATURE_CONTROL (SDM 24.7). */
#define FEATURE_CONTROL_LOCKED            (1ul << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1ul << 2)

/* IA32_MISC_ENABLE (SDM Vol. 4 Table 2-2). */
#define MISC_ENABLE_FAST_STRINGS     (1ul << 0)
#define MISC_ENABLE_PERFMON          (1ul << 7)
#define MISC_ENABLE_BTS_UNAVAILABLE  (1ul << 11)
#define MISC_ENABLE_PEBS_UNAVAILABLE (1ul << 12)
#define MISC_ENABLE_MONITOR          (1ul << 18)
#define MISC_ENABLE_LIMIT_CPUID      (1ul << 22)
#define MISC_ENABLE_XD_DISABLE       (1ul << 34)

/* IA32_APIC_BASE (SDM Vol. 3A 11.4.4). */
#define APIC_BASE_BSP   (1ul << 8)
#define APIC_BASE_EXTD  (1ul << 10)     /* x2APIC mode */
#define APIC_BASE_EN    (1ul << 11)

/* ---- CPUID feature bits (SDM Vol. 2A CPUID) ---- */
#define CPUID_1_EDX_VME           BIT(1)
#define CPUID_1_EDX_DE            BIT(2)
#define CPUID_1_EDX_PSE           BIT(3)
#define CPUID_1_EDX_PAE           BIT(6)
#define CPUID_1_EDX_MCE           BIT(7)
#define CPUID_1_EDX_PGE           BIT(13)
#define CPUID_1_EDX_FXSR          BIT(24)
#define CPUID_1_EDX_SSE           BIT(25)
#define CPUID_1_ECX_MONITOR       BIT(3)
#define CPUID_1_ECX_PCID          BIT(17)
#define CPUID_1_ECX_VMX           BIT(5)
#define CPUID_1_ECX_SMX           BIT(6)
#define CPUID_1_ECX_X2APIC        BIT(21)
#define CPUID_1_ECX_TSC_DEADLINE  BIT(24)
#define CPUID_1_ECX_XSAVE         BIT(26)
#define CPUID_1_ECX_OSXSAVE       BIT(27)
#define CPUID_1_ECX_AVX           BIT(28)
#define CPUID_1_ECX_HYPERVISOR    BIT(31)   /* reserved for hypervisors */
#define CPUID_7_EBX_FSGSBASE      BIT(0)
#define CPUID_7_EBX_SMEP          BIT(7)
#define CPUID_7_EBX_SMAP          BIT(20)
#define CPUID_7_ECX_UMIP          BIT(2)
#define CPUID_7_ECX_PKU           BIT(3)
#define CPUID_7_ECX_CET_SS        BIT(7)
#define CPUID_7_ECX_LA57          BIT(16)
#define CPUID_7_ECX_RDPID         BIT(22)
#define CPUID_7_ECX_KL            BIT(23)
#define CPUID_7_ECX_PKS           BIT(31)
#define CPUID_7_EDX_UINTR         BIT(5)
#define CPUID_7_EDX_CET_IBT       BIT(20)
#define CPUID_7_1_EAX_LAM         BIT(26)
#define CPUID_80000001_EDX_SYSCALL BIT(11)
#define CPUID_80000001_EDX_NX     BIT(20)
#define CPUID_80000001_EDX_LM     BIT(29)
#define CPUID_80000001_EDX_PAGE1GB BIT(26)
#define CPUID_80000001_EDX_RDTSCP BIT(27)

/* ---- EPT paging-structure entries (SDM 29.3.2, Tables 29-1 .. 29-6) ---- */
#define EPT_READ            BIT_ULL(0)
#define EPT_WRITE           BIT_ULL(1)
#define EPT_EXEC            BIT_ULL(2)
#define EPT_RWX             (EPT_READ | EPT_WRITE | EPT_EXEC)
#define EPT_MT_SHIFT        3
#define EPT_MT_MASK         GENMASK_ULL(5, 3)     /* leaf: EPT memory type */
#define EPT_IPAT            BIT_ULL(6)            /* leaf: ignore PAT */
#define EPT_PS              BIT_ULL(7)            /* PDPTE/PDE: maps a page */
#define EPT_A               BIT_ULL(8)
#define EPT_D               BIT_ULL(9)            /* leaf */

/* Memory types (SDM 11.3); 2, 3 and 7 are reserved in EPT leaves (29.3.3.1). */
#define EPT_MT_UC           0u
#define EPT_MT_WC           1u
#define EPT_MT_WT           4u
#define EPT_MT_WP           5u
#define EPT_MT_WB           6u

/* ---- Guest interruptibility state (SDM 25.4.2, Table 25-3) ---- */
#define GUEST_INTR_STATE_STI                    BIT(0)
#define GUEST_INTR_STATE_MOV_SS                 BIT(1)
#define GUEST_INTR_STATE_SMI                    BIT(2)
#define GUEST_INTR_STATE_NMI                    BIT(3)
#define GUEST_INTR_STATE_ENCLAVE_INTR           BIT(4)
#define GUEST_INTR_STATE_RESVD_BITS_MASK        GENMASK(31, 5)

/* ---- Segment access rights, VMCS format of the AR bytes (SDM 25.4.1) ---- */
#define VMX_AR_TYPE_MASK                        GENMASK(3, 0)
#define VMX_AR_TYPE_ACCESSED                    BIT(0)
#define VMX_AR_TYPE_WRITEABLE                   BIT(1) /* data */
#define VMX_AR_TYPE_READABLE                    BIT(1) /* code */
#define VMX_AR_TYPE_EXPAND_DOWN                 BIT(2) /* data */
#define VMX_AR_TYPE_CONFORMING                  BIT(2) /* code */
#define VMX_AR_TYPE_CODE                        BIT(3)
#define VMX_AR_S_MASK                           BIT(4) /* code or data, not system */
#define VMX_AR_DPL_SHIFT                        5
#define VMX_AR_DPL_MASK                         GENMASK(6, 5)
#define VMX_AR_P_MASK                           BIT(7)
#define VMX_AR_AVL_MASK                         BIT(12)
#define VMX_AR_L_MASK                           BIT(13)
#define VMX_AR_DB_MASK                          BIT(14)
#define VMX_AR_G_MASK                           BIT(15)
#define VMX_AR_UNUSABLE_MASK                    BIT(16)
#define VMX_AR_RESERVED_MASK                    (GENMASK(11, 8) | GENMASK(31, 17))
#define VMX_AR_DPL(ar)                          (((ar) & VMX_AR_DPL_MASK) >> VMX_AR_DPL_SHIFT)

/* System-segment types used by the TR and LDTR checks (SDM 3.5). */
#define VMX_AR_TYPE_LDT                         2
#define VMX_AR_TYPE_BUSY_16_TSS                 3
#define VMX_AR_TYPE_BUSY_32_TSS                 11 /* also busy 64-bit TSS */

/* Whole AR values of the flat segments l1hv gives its guests and loads as
 * L1's host state: present, DPL 0, limit in pages (G). */
#define VMX_AR_CODE_EXEC_READ (VMX_AR_P_MASK | VMX_AR_S_MASK | VMX_AR_TYPE_CODE | \
			       VMX_AR_TYPE_READABLE | VMX_AR_TYPE_ACCESSED)
#define VMX_AR_CODE64  (VMX_AR_CODE_EXEC_READ | VMX_AR_L_MASK | VMX_AR_G_MASK)   /* 0xa09b */
#define VMX_AR_CODE32  (VMX_AR_CODE_EXEC_READ | VMX_AR_DB_MASK | VMX_AR_G_MASK)  /* 0xc09b */
#define VMX_AR_DATA32  (VMX_AR_P_MASK | VMX_AR_S_MASK | VMX_AR_TYPE_WRITEABLE | \
			VMX_AR_TYPE_ACCESSED | VMX_AR_DB_MASK | VMX_AR_G_MASK)  /* 0xc093 */
#define VMX_AR_TSS_BUSY (VMX_AR_P_MASK | VMX_AR_TYPE_BUSY_32_TSS)           /* 0x008b */

/* ---- VMX-abort indicators (SDM 28.7), written to the VMCS region's
 * second dword when a VM exit cannot complete ---- */
#define VMX_ABORT_SAVING_GUEST_MSRS  1u
#define VMX_ABORT_HOST_PDPTE         2u
#define VMX_ABORT_VMCS_CORRUPT       3u
#define VMX_ABORT_LOADING_HOST_MSRS  4u

/* Shadow-VMCS indicator: bit 31 of the VMCS revision identifier (SDM 25.2). */
#define VMCS_SHADOW_VMCS_INDICATOR              BIT(31)

#endif
