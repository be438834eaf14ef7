/* SPDX-License-Identifier: MIT */
/*
 * Architectural VMX bit names: VM-execution, VM-exit and VM-entry control
 * bits, interruption-information format, guest interruptibility/activity
 * state, EPTP format and segment access rights. Macro names are Linux's
 * (arch/x86/include/asm/vmx.h); values are the Intel SDM's (Vol. 3C
 * chapter 25 "Virtual Machine Control Structures", tables 25-5 .. 25-18 in
 * recent editions).
 */
#ifndef NESTLAB_VMCS12_VMX_CONTROLS_H
#define NESTLAB_VMCS12_VMX_CONTROLS_H

#include "common/bits.h"
#include "common/x86_arch.h"

/* SDM 25.6.1 Pin-based VM-execution controls. */
#define PIN_BASED_EXT_INTR_MASK                 BIT(0)
#define PIN_BASED_NMI_EXITING                   BIT(3)
#define PIN_BASED_VIRTUAL_NMIS                  BIT(5)
#define PIN_BASED_VMX_PREEMPTION_TIMER          BIT(6)
#define PIN_BASED_POSTED_INTR                   BIT(7)
/* Bits 1, 2, 4: reserved, default 1 (SDM A.3.1). */
#define PIN_BASED_ALWAYSON_WITHOUT_TRUE_MSR     0x00000016u

/* SDM 25.6.2 Primary processor-based VM-execution controls. */
#define CPU_BASED_INTR_WINDOW_EXITING           BIT(2)
#define CPU_BASED_USE_TSC_OFFSETTING            BIT(3)
#define CPU_BASED_HLT_EXITING                   BIT(7)
#define CPU_BASED_INVLPG_EXITING                BIT(9)
#define CPU_BASED_MWAIT_EXITING                 BIT(10)
#define CPU_BASED_RDPMC_EXITING                 BIT(11)
#define CPU_BASED_RDTSC_EXITING                 BIT(12)
#define CPU_BASED_CR3_LOAD_EXITING              BIT(15)
#define CPU_BASED_CR3_STORE_EXITING             BIT(16)
#define CPU_BASED_ACTIVATE_TERTIARY_CONTROLS    BIT(17)
#define CPU_BASED_CR8_LOAD_EXITING              BIT(19)
#define CPU_BASED_CR8_STORE_EXITING             BIT(20)
#define CPU_BASED_TPR_SHADOW                    BIT(21)
#define CPU_BASED_NMI_WINDOW_EXITING            BIT(22)
#define CPU_BASED_MOV_DR_EXITING                BIT(23)
#define CPU_BASED_UNCOND_IO_EXITING             BIT(24)
#define CPU_BASED_USE_IO_BITMAPS                BIT(25)
#define CPU_BASED_MONITOR_TRAP_FLAG             BIT(27)
#define CPU_BASED_USE_MSR_BITMAPS               BIT(28)
#define CPU_BASED_MONITOR_EXITING               BIT(29)
#define CPU_BASED_PAUSE_EXITING                 BIT(30)
#define CPU_BASED_ACTIVATE_SECONDARY_CONTROLS   BIT(31)
/* Bits 1, 4-6, 8, 13-16, 26: reserved, default 1 (SDM A.3.2). */
#define CPU_BASED_ALWAYSON_WITHOUT_TRUE_MSR     0x0401e172u

/* SDM 25.6.2 Secondary processor-based VM-execution controls. */
#define SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES BIT(0)
#define SECONDARY_EXEC_ENABLE_EPT               BIT(1)
#define SECONDARY_EXEC_DESC                     BIT(2)
#define SECONDARY_EXEC_ENABLE_RDTSCP            BIT(3)
#define SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE   BIT(4)
#define SECONDARY_EXEC_ENABLE_VPID              BIT(5)
#define SECONDARY_EXEC_WBINVD_EXITING           BIT(6)
#define SECONDARY_EXEC_UNRESTRICTED_GUEST       BIT(7)
#define SECONDARY_EXEC_APIC_REGISTER_VIRT       BIT(8)
#define SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY    BIT(9)
#define SECONDARY_EXEC_PAUSE_LOOP_EXITING       BIT(10)
#define SECONDARY_EXEC_RDRAND_EXITING           BIT(11)
#define SECONDARY_EXEC_ENABLE_INVPCID           BIT(12)
#define SECONDARY_EXEC_ENABLE_VMFUNC            BIT(13)
#define SECONDARY_EXEC_SHADOW_VMCS              BIT(14)
#define SECONDARY_EXEC_ENCLS_EXITING            BIT(15)
#define SECONDARY_EXEC_RDSEED_EXITING           BIT(16)
#define SECONDARY_EXEC_ENABLE_PML               BIT(17)
#define SECONDARY_EXEC_EPT_VIOLATION_VE         BIT(18)
#define SECONDARY_EXEC_PT_CONCEAL_VMX           BIT(19)
#define SECONDARY_EXEC_XSAVES                   BIT(20)
#define SECONDARY_EXEC_MODE_BASED_EPT_EXEC      BIT(22)
#define SECONDARY_EXEC_SPP                      BIT(23)
#define SECONDARY_EXEC_PT_USE_GPA               BIT(24)
#define SECONDARY_EXEC_TSC_SCALING              BIT(25)
#define SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE    BIT(26)
#define SECONDARY_EXEC_ENCLV_EXITING            BIT(28)
#define SECONDARY_EXEC_BUS_LOCK_DETECTION       BIT(30)
#define SECONDARY_EXEC_NOTIFY_VM_EXITING        BIT(31)

/* SDM 25.6.2 Tertiary processor-based VM-execution controls (64 bits). */
#define TERTIARY_EXEC_LOADIWKEY_EXITING         BIT_ULL(0)
#define TERTIARY_EXEC_ENABLE_HLAT               BIT_ULL(1)
#define TERTIARY_EXEC_IPI_VIRT                  BIT_ULL(4)

/* SDM 25.7.1 Primary VM-exit controls. */
#define VM_EXIT_SAVE_DEBUG_CONTROLS             BIT(2)
#define VM_EXIT_HOST_ADDR_SPACE_SIZE            BIT(9)
#define VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL      BIT(12)
#define VM_EXIT_ACK_INTR_ON_EXIT                BIT(15)
#define VM_EXIT_SAVE_IA32_PAT                   BIT(18)
#define VM_EXIT_LOAD_IA32_PAT                   BIT(19)
#define VM_EXIT_SAVE_IA32_EFER                  BIT(20)
#define VM_EXIT_LOAD_IA32_EFER                  BIT(21)
#define VM_EXIT_SAVE_VMX_PREEMPTION_TIMER       BIT(22)
#define VM_EXIT_CLEAR_BNDCFGS                   BIT(23)
#define VM_EXIT_PT_CONCEAL_PIP                  BIT(24)
#define VM_EXIT_CLEAR_IA32_RTIT_CTL             BIT(25)
#define VM_EXIT_LOAD_CET_STATE                  BIT(28)
#define VM_EXIT_LOAD_IA32_PKRS                  BIT(29)
#define VM_EXIT_ACTIVATE_SECONDARY_CONTROLS     BIT(31)
/* Bits 0-8, 10, 11, 13, 14, 16, 17: reserved, default 1 (SDM A.4). */
#define VM_EXIT_ALWAYSON_WITHOUT_TRUE_MSR       0x00036dffu

/* SDM 25.8.1 VM-entry controls. */
#define VM_ENTRY_LOAD_DEBUG_CONTROLS            BIT(2)
#define VM_ENTRY_IA32E_MODE                     BIT(9)
#define VM_ENTRY_SMM                            BIT(10)
#define VM_ENTRY_DEACT_DUAL_MONITOR             BIT(11)
#define VM_ENTRY_LOAD_IA32_PERF_GLOBAL_CTRL     BIT(13)
#define VM_ENTRY_LOAD_IA32_PAT                  BIT(14)
#define VM_ENTRY_LOAD_IA32_EFER                 BIT(15)
#define VM_ENTRY_LOAD_BNDCFGS                   BIT(16)
#define VM_ENTRY_PT_CONCEAL_PIP                 BIT(17)
#define VM_ENTRY_LOAD_IA32_RTIT_CTL             BIT(18)
#define VM_ENTRY_LOAD_CET_STATE                 BIT(20)
#define VM_ENTRY_LOAD_IA32_LBR_CTL              BIT(21)
#define VM_ENTRY_LOAD_IA32_PKRS                 BIT(22)
/* Bits 0-8, 12: reserved, default 1 (SDM A.5). */
#define VM_ENTRY_ALWAYSON_WITHOUT_TRUE_MSR      0x000011ffu

/* SDM 25.8.3 / 25.9.2 interruption-information format. */
#define INTR_INFO_VECTOR_MASK                   GENMASK(7, 0)
#define INTR_INFO_INTR_TYPE_MASK                GENMASK(10, 8)
#define INTR_INFO_INTR_TYPE_SHIFT               8
#define INTR_INFO_DELIVER_CODE_MASK             BIT(11)
#define INTR_INFO_UNBLOCK_NMI                   BIT(12)
#define INTR_INFO_VALID_MASK                    BIT(31)
#define INTR_INFO_RESVD_BITS_MASK               GENMASK(30, 12)

#define INTR_TYPE_EXT_INTR                      (0u << 8)
#define INTR_TYPE_RESERVED                      (1u << 8)
#define INTR_TYPE_NMI_INTR                      (2u << 8)
#define INTR_TYPE_HARD_EXCEPTION                (3u << 8)
#define INTR_TYPE_SOFT_INTR                     (4u << 8)
#define INTR_TYPE_PRIV_SW_EXCEPTION             (5u << 8)
#define INTR_TYPE_SOFT_EXCEPTION                (6u << 8)
#define INTR_TYPE_OTHER_EVENT                   (7u << 8)

/* SDM 25.4.2 activity state. */
#define GUEST_ACTIVITY_ACTIVE                   0
#define GUEST_ACTIVITY_HLT                      1
#define GUEST_ACTIVITY_SHUTDOWN                 2
#define GUEST_ACTIVITY_WAIT_SIPI                3

/* SDM 25.4.2 pending debug exceptions. */
#define PENDING_DBG_B0_3                        GENMASK_ULL(3, 0)
#define PENDING_DBG_ENABLED_BP                  BIT_ULL(12)
#define PENDING_DBG_BS                          BIT_ULL(14)
#define PENDING_DBG_RTM                         BIT_ULL(16)

/* SDM 25.6.11 Extended-page-table pointer (EPTP). */
#define VMX_EPTP_MT_MASK                        GENMASK_ULL(2, 0)
#define VMX_EPTP_MT_UC                          0ull
#define VMX_EPTP_MT_WB                          6ull
#define VMX_EPTP_PWL_MASK                       GENMASK_ULL(5, 3)
#define VMX_EPTP_PWL_4                          (3ull << 3)
#define VMX_EPTP_PWL_5                          (4ull << 3)
#define VMX_EPTP_AD_ENABLE_BIT                  BIT_ULL(6)
#define VMX_EPTP_SSS_BIT                        BIT_ULL(7)
#define VMX_EPTP_RESVD_LOW_MASK                 GENMASK_ULL(11, 8)

#endif
