/* SPDX-License-Identifier: MIT */
/*
 * VMX capability MSRs (SDM Vol. 3D appendix A "VMX Capability Reporting
 * Facility") as one struct, plus the checks of a control value or CR0/CR4
 * against them and the capabilities nested VMX offers to L1.
 */
#ifndef NESTLAB_VMCS12_VMX_CAPS_H
#define NESTLAB_VMCS12_VMX_CAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/bits.h"
#include "common/x86_arch.h"
#include "vmcs12/vmcs_fields.h"

/* IA32_VMX_BASIC (SDM A.1). */
#define VMX_BASIC_REVISION_MASK         GENMASK_ULL(30, 0)
#define VMX_BASIC_VMCS_SIZE_SHIFT       32
#define VMX_BASIC_VMCS_SIZE_MASK        GENMASK_ULL(44, 32)
#define VMX_BASIC_32BIT_PHYS_ADDR_ONLY  BIT_ULL(48)
#define VMX_BASIC_DUAL_MONITOR          BIT_ULL(49)
#define VMX_BASIC_MEM_TYPE_SHIFT        50
#define VMX_BASIC_MEM_TYPE_MASK         GENMASK_ULL(53, 50)
#define VMX_BASIC_MEM_TYPE_WB           6ull
#define VMX_BASIC_INOUT                 BIT_ULL(54)
#define VMX_BASIC_TRUE_CTLS             BIT_ULL(55)
#define VMX_BASIC_NO_HW_ERRCODE_CHECK   BIT_ULL(56)

/* IA32_VMX_MISC (SDM A.6). */
#define VMX_MISC_PREEMPTION_TIMER_RATE_MASK GENMASK_ULL(4, 0)
#define VMX_MISC_SAVE_EFER_LMA          BIT_ULL(5)
#define VMX_MISC_ACTIVITY_HLT           BIT_ULL(6)
#define VMX_MISC_ACTIVITY_SHUTDOWN      BIT_ULL(7)
#define VMX_MISC_ACTIVITY_WAIT_SIPI     BIT_ULL(8)
#define VMX_MISC_INTEL_PT               BIT_ULL(14)
#define VMX_MISC_RDMSR_IN_SMM           BIT_ULL(15)
#define VMX_MISC_CR3_TARGET_COUNT_SHIFT 16
#define VMX_MISC_CR3_TARGET_COUNT_MASK  GENMASK_ULL(24, 16)
#define VMX_MISC_MSR_LIST_SHIFT         25
#define VMX_MISC_MSR_LIST_MASK          GENMASK_ULL(27, 25)
#define VMX_MISC_VMWRITE_ANY_FIELD      BIT_ULL(29)
#define VMX_MISC_ZERO_LEN_INJECTION     BIT_ULL(30)
#define VMX_MISC_MSEG_REVISION_MASK     GENMASK_ULL(63, 32)

/* IA32_VMX_EPT_VPID_CAP (SDM A.10). */
#define VMX_EPT_EXECUTE_ONLY_BIT        BIT_ULL(0)
#define VMX_EPT_PAGE_WALK_4_BIT         BIT_ULL(6)
#define VMX_EPT_PAGE_WALK_5_BIT         BIT_ULL(7)
#define VMX_EPTP_UC_BIT                 BIT_ULL(8)
#define VMX_EPTP_WB_BIT                 BIT_ULL(14)
#define VMX_EPT_2MB_PAGE_BIT            BIT_ULL(16)
#define VMX_EPT_1GB_PAGE_BIT            BIT_ULL(17)
#define VMX_EPT_INVEPT_BIT              BIT_ULL(20)
#define VMX_EPT_AD_BIT                  BIT_ULL(21)
#define VMX_EPT_ADV_EXIT_INFO_BIT       BIT_ULL(22)
#define VMX_EPT_SSS_BIT                 BIT_ULL(23)
#define VMX_EPT_EXTENT_CONTEXT_BIT      BIT_ULL(25)
#define VMX_EPT_EXTENT_GLOBAL_BIT       BIT_ULL(26)
#define VMX_VPID_INVVPID_BIT            BIT_ULL(32)
#define VMX_VPID_EXTENT_INDIVIDUAL_ADDR_BIT BIT_ULL(40)
#define VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT  BIT_ULL(41)
#define VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT  BIT_ULL(42)
#define VMX_VPID_EXTENT_SINGLE_NON_GLOBAL_BIT BIT_ULL(43)

/* The register operand of INVEPT and INVVPID (SDM 31.3): type n is allowed
 * when bit 24 + n (INVEPT) or 40 + n (INVVPID) of IA32_VMX_EPT_VPID_CAP is 1. */
enum vmx_invept_type {
	VMX_INVEPT_SINGLE_CONTEXT = 1,
	VMX_INVEPT_GLOBAL = 2,
};

enum vmx_invvpid_type {
	VMX_INVVPID_INDIVIDUAL_ADDR = 0,
	VMX_INVVPID_SINGLE_CONTEXT = 1,
	VMX_INVVPID_ALL_CONTEXT = 2,
	VMX_INVVPID_SINGLE_NON_GLOBAL = 3,
};

/* IA32_VMX_VMFUNC (SDM A.11): bit n = VM function n allowed. */
#define VMX_VMFUNC_EPTP_SWITCHING       BIT_ULL(0)

/*
 * The IA32_VMX_* capability MSR values of one (real or emulated) processor.
 * For the control MSRs, bits 31:0 are the allowed 0-settings (a 1 there means
 * the control must be 1) and bits 63:32 the allowed 1-settings (SDM A.3).
 */
struct vmx_caps {
	uint64_t basic;
	uint64_t pinbased_ctls;
	uint64_t procbased_ctls;
	uint64_t exit_ctls;
	uint64_t entry_ctls;
	uint64_t true_pinbased_ctls;
	uint64_t true_procbased_ctls;
	uint64_t true_exit_ctls;
	uint64_t true_entry_ctls;
	uint64_t misc;
	uint64_t cr0_fixed0;
	uint64_t cr0_fixed1;
	uint64_t cr4_fixed0;
	uint64_t cr4_fixed1;
	uint64_t vmcs_enum;
	uint64_t procbased_ctls2;
	uint64_t ept_vpid_cap;
	uint64_t vmfunc;
	uint64_t procbased_ctls3; /* a plain allowed-1 bitmap (SDM A.3.4) */
};

/* A control value against a control capability MSR (SDM A.3-A.5). */
static inline bool vmx_ctl_ok(uint32_t value, uint64_t cap_msr)
{
	uint32_t must_be_1 = (uint32_t)cap_msr;
	uint32_t may_be_1 = (uint32_t)(cap_msr >> 32);

	return (value & must_be_1) == must_be_1 && (value & ~may_be_1) == 0;
}

/* Whether a control bit may be 1 under a control capability MSR. */
static inline bool vmx_ctl_allows1(uint64_t cap_msr, uint32_t bit)
{
	return (uint32_t)(cap_msr >> 32) & bit;
}

/* CR0/CR4 value against a FIXED0/FIXED1 pair (SDM A.7, A.8). */
static inline bool vmx_fixed_ok(uint64_t value, uint64_t fixed0, uint64_t fixed1)
{
	return (value & fixed0) == fixed0 && (value & ~fixed1) == 0;
}

/* The control capability MSRs that govern VM entry: the TRUE_ forms when
 * IA32_VMX_BASIC[55] says they exist (SDM A.2). */
uint64_t vmx_caps_pinbased(const struct vmx_caps *caps);
uint64_t vmx_caps_procbased(const struct vmx_caps *caps);
uint64_t vmx_caps_exit(const struct vmx_caps *caps);
uint64_t vmx_caps_entry(const struct vmx_caps *caps);
/* Secondary controls allowed-1 bits; 0 if secondary controls can't be on. */
uint32_t vmx_caps_secondary_allowed1(const struct vmx_caps *caps);
/* Tertiary controls allowed-1 bits; 0 if tertiary controls can't be on. */
uint64_t vmx_caps_tertiary_allowed1(const struct vmx_caps *caps);

/* Whether the processor described by caps has this feature / field. */
bool vmx_caps_has_feature(const struct vmx_caps *caps, enum vmcs_feature f);
bool vmcs_field_supported(const struct vmx_caps *caps, uint32_t encoding);
/* IA32_VMX_VMCS_ENUM for a processor with caps: hw_vmcs_enum with bits 9:1
 * set to the highest index of a field caps supports (SDM A.9). */
uint64_t vmx_vmcs_enum_for(const struct vmx_caps *caps, uint64_t hw_vmcs_enum);

/*
 * What L1 is told: hardware capabilities intersected with what nested VMX
 * implements (the mask table is documented in vmx_caps_nested.c). out may
 * not alias hw.
 */
void vmx_caps_nested(const struct vmx_caps *hw, struct vmx_caps *out);

#endif
