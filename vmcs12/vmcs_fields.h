/* SPDX-License-Identifier: MIT */
/*
 * The VMCS field list: every component of the Intel SDM's field-encoding
 * appendix (Vol. 3D appendix B, "Field Encoding in VMCS"), one X-macro entry
 * each. Everything else about fields (the enum, names, lookup, the vmcs12
 * layout and its offset asserts, the shadow sets) is generated from it.
 *
 *   X(NAME, encoding, width, type, feature, kvm_shadow, vmcs12_offset)
 *
 * NAME      Linux KVM's `enum vmcs_field` spelling without _HIGH entries; the
 *           enum constant is VMCS_<NAME>. Fields KVM does not name use the
 *           SDM's wording (EXECUTIVE_VMCS_POINTER, EPTP_INDEX, SPPT_POINTER,
 *           ENCLV_EXITING_BITMAP, GUEST_SMBASE, EXIT_IO_RCX/RSI/RDI/RIP).
 * width     16, 64, 32 or NAT; asserted equal to encoding bits 14:13.
 * type      CTL, RO (VM-exit information), GUEST, HOST; asserted equal to
 *           encoding bits 11:10.
 * feature   the VMX capability without which the processor has no such field
 *           (BASE: every VMX processor); vmcs_field_supported() maps it to
 *           the capability MSRs. Any field the processor supports can live
 *           in a shadow VMCS (SDM 25.10: the VMREAD/VMWRITE bitmaps cover
 *           every encoding with bits 63:15 clear), so "could be shadowed at
 *           all" is exactly "supported".
 * kvm_shadow RO / RW: in the read-only / read-write set Linux KVM shadows
 *           (vmcs_shadow_fields.h); NO: in neither.
 * offset    frozen byte offset in struct vmcs12. A saved vmcs12 page is read
 *           by later builds: never renumber, only append with the next offset.
 *
 * Encoding (SDM 25.11.2): bit 0 access type (1 = high 32 bits of a 64-bit
 * field), bits 9:1 index, bits 11:10 type, bit 12 reserved (0), bits 14:13
 * width, bits 31:15 reserved (0).
 */
#ifndef NESTLAB_VMCS12_VMCS_FIELDS_H
#define NESTLAB_VMCS12_VMCS_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bits.h"

enum vmcs_width {
	VMCS_WIDTH_16 = 0,
	VMCS_WIDTH_64 = 1,
	VMCS_WIDTH_32 = 2,
	VMCS_WIDTH_NAT = 3,
};

enum vmcs_type {
	VMCS_TYPE_CTL = 0,
	VMCS_TYPE_RO = 1,
	VMCS_TYPE_GUEST = 2,
	VMCS_TYPE_HOST = 3,
};

/* Membership in the shadow set Linux KVM uses (the `kvm` shadow set). */
enum vmcs_kvm_shadow {
	VMCS_KVM_SHADOW_NO = 0,
	VMCS_KVM_SHADOW_RO = 1,
	VMCS_KVM_SHADOW_RW = 2,
};

/* Which VMX capability makes a field exist; see vmcs_field_supported(). */
#define VMCS_FEATURES(F)                                                      \
	F(BASE)             /* every VMX processor */                          \
	F(VPID)             /* secondary "enable VPID" */                      \
	F(POSTED_INTR)      /* pin-based "process posted interrupts" */        \
	F(EPT_VE)           /* secondary "EPT-violation #VE" */                \
	F(IPI_VIRT)         /* tertiary "IPI virtualization" */                \
	F(VID)              /* secondary "virtual-interrupt delivery" */       \
	F(PML)              /* secondary "enable PML" */                       \
	F(MSR_BITMAPS)      /* primary "use MSR bitmaps" */                    \
	F(TPR_SHADOW)       /* primary "use TPR shadow" */                     \
	F(APIC_ACCESS)      /* secondary "virtualize APIC accesses" */         \
	F(VMFUNC)           /* secondary "enable VM functions" */              \
	F(EPT)              /* secondary "enable EPT" */                       \
	F(SHADOW_VMCS)      /* secondary "VMCS shadowing" */                   \
	F(XSAVES)           /* secondary "enable XSAVES/XRSTORS" */            \
	F(ENCLS)            /* secondary "enable ENCLS exiting" */             \
	F(SPP)              /* secondary "sub-page write permissions" */       \
	F(TSC_SCALING)      /* secondary "use TSC scaling" */                  \
	F(TERTIARY)         /* primary "activate tertiary controls" */         \
	F(ENCLV)            /* secondary "enable ENCLV exiting" */             \
	F(PAT)              /* entry "load IA32_PAT" or exit "save/load PAT" */ \
	F(EFER)             /* entry "load IA32_EFER" or exit "save/load EFER" */ \
	F(PERF_GLOBAL)      /* entry/exit "load IA32_PERF_GLOBAL_CTRL" */      \
	F(BNDCFGS)          /* entry "load IA32_BNDCFGS" */                    \
	F(RTIT)             /* entry "load IA32_RTIT_CTL" */                   \
	F(LBR_CTL)          /* entry "load guest IA32_LBR_CTL" */              \
	F(PKRS)             /* entry/exit "load PKRS" */                       \
	F(CET)              /* entry/exit "load CET state" */                  \
	F(SECONDARY)        /* primary "activate secondary controls" */        \
	F(PLE)              /* secondary "PAUSE-loop exiting" */               \
	F(NOTIFY)           /* secondary "NOTIFY VM exiting" */                \
	F(PREEMPTION_TIMER) /* pin-based "activate VMX-preemption timer" */

enum vmcs_feature {
#define F(name) VMCS_FEAT_##name,
	VMCS_FEATURES(F)
#undef F
	VMCS_NR_FEATURES
};

#define VMCS_FIELDS(X) \
	/* SDM B.1.1 16-bit control fields */ \
	X(VIRTUAL_PROCESSOR_ID,          0x0000, 16,  CTL,   VPID,             NO, 0x010) \
	X(POSTED_INTR_NV,                0x0002, 16,  CTL,   POSTED_INTR,      NO, 0x012) \
	X(EPTP_INDEX,                    0x0004, 16,  CTL,   EPT_VE,           NO, 0x014) \
	X(LAST_PID_POINTER_INDEX,        0x0008, 16,  CTL,   IPI_VIRT,         NO, 0x016) \
	/* SDM B.1.2 16-bit guest-state fields */ \
	X(GUEST_ES_SELECTOR,             0x0800, 16,  GUEST, BASE,             NO, 0x018) \
	X(GUEST_CS_SELECTOR,             0x0802, 16,  GUEST, BASE,             NO, 0x01a) \
	X(GUEST_SS_SELECTOR,             0x0804, 16,  GUEST, BASE,             NO, 0x01c) \
	X(GUEST_DS_SELECTOR,             0x0806, 16,  GUEST, BASE,             NO, 0x01e) \
	X(GUEST_FS_SELECTOR,             0x0808, 16,  GUEST, BASE,             NO, 0x020) \
	X(GUEST_GS_SELECTOR,             0x080a, 16,  GUEST, BASE,             NO, 0x022) \
	X(GUEST_LDTR_SELECTOR,           0x080c, 16,  GUEST, BASE,             NO, 0x024) \
	X(GUEST_TR_SELECTOR,             0x080e, 16,  GUEST, BASE,             NO, 0x026) \
	X(GUEST_INTR_STATUS,             0x0810, 16,  GUEST, VID,              RW, 0x028) \
	X(GUEST_PML_INDEX,               0x0812, 16,  GUEST, PML,              RW, 0x02a) \
	/* SDM B.1.3 16-bit host-state fields */ \
	X(HOST_ES_SELECTOR,              0x0c00, 16,  HOST,  BASE,             NO, 0x02c) \
	X(HOST_CS_SELECTOR,              0x0c02, 16,  HOST,  BASE,             NO, 0x02e) \
	X(HOST_SS_SELECTOR,              0x0c04, 16,  HOST,  BASE,             NO, 0x030) \
	X(HOST_DS_SELECTOR,              0x0c06, 16,  HOST,  BASE,             NO, 0x032) \
	X(HOST_FS_SELECTOR,              0x0c08, 16,  HOST,  BASE,             RW, 0x034) \
	X(HOST_GS_SELECTOR,              0x0c0a, 16,  HOST,  BASE,             RW, 0x036) \
	X(HOST_TR_SELECTOR,              0x0c0c, 16,  HOST,  BASE,             NO, 0x038) \
	/* SDM B.2.1 64-bit control fields */ \
	X(IO_BITMAP_A,                   0x2000, 64,  CTL,   BASE,             NO, 0x040) \
	X(IO_BITMAP_B,                   0x2002, 64,  CTL,   BASE,             NO, 0x048) \
	X(MSR_BITMAP,                    0x2004, 64,  CTL,   MSR_BITMAPS,      NO, 0x050) \
	X(VM_EXIT_MSR_STORE_ADDR,        0x2006, 64,  CTL,   BASE,             NO, 0x058) \
	X(VM_EXIT_MSR_LOAD_ADDR,         0x2008, 64,  CTL,   BASE,             NO, 0x060) \
	X(VM_ENTRY_MSR_LOAD_ADDR,        0x200a, 64,  CTL,   BASE,             NO, 0x068) \
	X(EXECUTIVE_VMCS_POINTER,        0x200c, 64,  CTL,   BASE,             NO, 0x070) \
	X(PML_ADDRESS,                   0x200e, 64,  CTL,   PML,              NO, 0x078) \
	X(TSC_OFFSET,                    0x2010, 64,  CTL,   BASE,             NO, 0x080) \
	X(VIRTUAL_APIC_PAGE_ADDR,        0x2012, 64,  CTL,   TPR_SHADOW,       NO, 0x088) \
	X(APIC_ACCESS_ADDR,              0x2014, 64,  CTL,   APIC_ACCESS,      NO, 0x090) \
	X(POSTED_INTR_DESC_ADDR,         0x2016, 64,  CTL,   POSTED_INTR,      NO, 0x098) \
	X(VM_FUNCTION_CONTROL,           0x2018, 64,  CTL,   VMFUNC,           NO, 0x0a0) \
	X(EPT_POINTER,                   0x201a, 64,  CTL,   EPT,              NO, 0x0a8) \
	X(EOI_EXIT_BITMAP0,              0x201c, 64,  CTL,   VID,              NO, 0x0b0) \
	X(EOI_EXIT_BITMAP1,              0x201e, 64,  CTL,   VID,              NO, 0x0b8) \
	X(EOI_EXIT_BITMAP2,              0x2020, 64,  CTL,   VID,              NO, 0x0c0) \
	X(EOI_EXIT_BITMAP3,              0x2022, 64,  CTL,   VID,              NO, 0x0c8) \
	X(EPTP_LIST_ADDRESS,             0x2024, 64,  CTL,   VMFUNC,           NO, 0x0d0) \
	X(VMREAD_BITMAP,                 0x2026, 64,  CTL,   SHADOW_VMCS,      NO, 0x0d8) \
	X(VMWRITE_BITMAP,                0x2028, 64,  CTL,   SHADOW_VMCS,      NO, 0x0e0) \
	X(VE_INFORMATION_ADDRESS,        0x202a, 64,  CTL,   EPT_VE,           NO, 0x0e8) \
	X(XSS_EXIT_BITMAP,               0x202c, 64,  CTL,   XSAVES,           NO, 0x0f0) \
	X(ENCLS_EXITING_BITMAP,          0x202e, 64,  CTL,   ENCLS,            NO, 0x0f8) \
	X(SPPT_POINTER,                  0x2030, 64,  CTL,   SPP,              NO, 0x100) \
	X(TSC_MULTIPLIER,                0x2032, 64,  CTL,   TSC_SCALING,      NO, 0x108) \
	X(TERTIARY_VM_EXEC_CONTROL,      0x2034, 64,  CTL,   TERTIARY,         NO, 0x110) \
	X(ENCLV_EXITING_BITMAP,          0x2036, 64,  CTL,   ENCLV,            NO, 0x118) \
	X(PID_POINTER_TABLE,             0x2042, 64,  CTL,   IPI_VIRT,         NO, 0x120) \
	/* SDM B.2.2 64-bit read-only data fields */ \
	X(GUEST_PHYSICAL_ADDRESS,        0x2400, 64,  RO,    EPT,              RO, 0x128) \
	/* SDM B.2.3 64-bit guest-state fields */ \
	X(VMCS_LINK_POINTER,             0x2800, 64,  GUEST, BASE,             NO, 0x130) \
	X(GUEST_IA32_DEBUGCTL,           0x2802, 64,  GUEST, BASE,             NO, 0x138) \
	X(GUEST_IA32_PAT,                0x2804, 64,  GUEST, PAT,              NO, 0x140) \
	X(GUEST_IA32_EFER,               0x2806, 64,  GUEST, EFER,             NO, 0x148) \
	X(GUEST_IA32_PERF_GLOBAL_CTRL,   0x2808, 64,  GUEST, PERF_GLOBAL,      NO, 0x150) \
	X(GUEST_PDPTR0,                  0x280a, 64,  GUEST, EPT,              NO, 0x158) \
	X(GUEST_PDPTR1,                  0x280c, 64,  GUEST, EPT,              NO, 0x160) \
	X(GUEST_PDPTR2,                  0x280e, 64,  GUEST, EPT,              NO, 0x168) \
	X(GUEST_PDPTR3,                  0x2810, 64,  GUEST, EPT,              NO, 0x170) \
	X(GUEST_BNDCFGS,                 0x2812, 64,  GUEST, BNDCFGS,          NO, 0x178) \
	X(GUEST_IA32_RTIT_CTL,           0x2814, 64,  GUEST, RTIT,             NO, 0x180) \
	X(GUEST_IA32_LBR_CTL,            0x2816, 64,  GUEST, LBR_CTL,          NO, 0x188) \
	X(GUEST_IA32_PKRS,               0x2818, 64,  GUEST, PKRS,             NO, 0x190) \
	/* SDM B.2.4 64-bit host-state fields */ \
	X(HOST_IA32_PAT,                 0x2c00, 64,  HOST,  PAT,              NO, 0x198) \
	X(HOST_IA32_EFER,                0x2c02, 64,  HOST,  EFER,             NO, 0x1a0) \
	X(HOST_IA32_PERF_GLOBAL_CTRL,    0x2c04, 64,  HOST,  PERF_GLOBAL,      NO, 0x1a8) \
	X(HOST_IA32_PKRS,                0x2c06, 64,  HOST,  PKRS,             NO, 0x1b0) \
	/* SDM B.3.1 32-bit control fields */ \
	X(PIN_BASED_VM_EXEC_CONTROL,     0x4000, 32,  CTL,   BASE,             NO, 0x1b8) \
	X(CPU_BASED_VM_EXEC_CONTROL,     0x4002, 32,  CTL,   BASE,             RW, 0x1bc) \
	X(EXCEPTION_BITMAP,              0x4004, 32,  CTL,   BASE,             RW, 0x1c0) \
	X(PAGE_FAULT_ERROR_CODE_MASK,    0x4006, 32,  CTL,   BASE,             NO, 0x1c4) \
	X(PAGE_FAULT_ERROR_CODE_MATCH,   0x4008, 32,  CTL,   BASE,             NO, 0x1c8) \
	X(CR3_TARGET_COUNT,              0x400a, 32,  CTL,   BASE,             NO, 0x1cc) \
	X(VM_EXIT_CONTROLS,              0x400c, 32,  CTL,   BASE,             NO, 0x1d0) \
	X(VM_EXIT_MSR_STORE_COUNT,       0x400e, 32,  CTL,   BASE,             NO, 0x1d4) \
	X(VM_EXIT_MSR_LOAD_COUNT,        0x4010, 32,  CTL,   BASE,             NO, 0x1d8) \
	X(VM_ENTRY_CONTROLS,             0x4012, 32,  CTL,   BASE,             NO, 0x1dc) \
	X(VM_ENTRY_MSR_LOAD_COUNT,       0x4014, 32,  CTL,   BASE,             NO, 0x1e0) \
	X(VM_ENTRY_INTR_INFO_FIELD,      0x4016, 32,  CTL,   BASE,             RW, 0x1e4) \
	X(VM_ENTRY_EXCEPTION_ERROR_CODE, 0x4018, 32,  CTL,   BASE,             RW, 0x1e8) \
	X(VM_ENTRY_INSTRUCTION_LEN,      0x401a, 32,  CTL,   BASE,             RW, 0x1ec) \
	X(TPR_THRESHOLD,                 0x401c, 32,  CTL,   TPR_SHADOW,       RW, 0x1f0) \
	X(SECONDARY_VM_EXEC_CONTROL,     0x401e, 32,  CTL,   SECONDARY,        NO, 0x1f4) \
	X(PLE_GAP,                       0x4020, 32,  CTL,   PLE,              NO, 0x1f8) \
	X(PLE_WINDOW,                    0x4022, 32,  CTL,   PLE,              NO, 0x1fc) \
	X(NOTIFY_WINDOW,                 0x4024, 32,  CTL,   NOTIFY,           NO, 0x200) \
	/* SDM B.3.2 32-bit read-only data fields */ \
	X(VM_INSTRUCTION_ERROR,          0x4400, 32,  RO,    BASE,             NO, 0x204) \
	X(VM_EXIT_REASON,                0x4402, 32,  RO,    BASE,             RO, 0x208) \
	X(VM_EXIT_INTR_INFO,             0x4404, 32,  RO,    BASE,             RO, 0x20c) \
	X(VM_EXIT_INTR_ERROR_CODE,       0x4406, 32,  RO,    BASE,             RO, 0x210) \
	X(IDT_VECTORING_INFO_FIELD,      0x4408, 32,  RO,    BASE,             RO, 0x214) \
	X(IDT_VECTORING_ERROR_CODE,      0x440a, 32,  RO,    BASE,             RO, 0x218) \
	X(VM_EXIT_INSTRUCTION_LEN,       0x440c, 32,  RO,    BASE,             RO, 0x21c) \
	X(VMX_INSTRUCTION_INFO,          0x440e, 32,  RO,    BASE,             NO, 0x220) \
	/* SDM B.3.3 32-bit guest-state fields */ \
	X(GUEST_ES_LIMIT,                0x4800, 32,  GUEST, BASE,             NO, 0x224) \
	X(GUEST_CS_LIMIT,                0x4802, 32,  GUEST, BASE,             NO, 0x228) \
	X(GUEST_SS_LIMIT,                0x4804, 32,  GUEST, BASE,             NO, 0x22c) \
	X(GUEST_DS_LIMIT,                0x4806, 32,  GUEST, BASE,             NO, 0x230) \
	X(GUEST_FS_LIMIT,                0x4808, 32,  GUEST, BASE,             NO, 0x234) \
	X(GUEST_GS_LIMIT,                0x480a, 32,  GUEST, BASE,             NO, 0x238) \
	X(GUEST_LDTR_LIMIT,              0x480c, 32,  GUEST, BASE,             NO, 0x23c) \
	X(GUEST_TR_LIMIT,                0x480e, 32,  GUEST, BASE,             NO, 0x240) \
	X(GUEST_GDTR_LIMIT,              0x4810, 32,  GUEST, BASE,             NO, 0x244) \
	X(GUEST_IDTR_LIMIT,              0x4812, 32,  GUEST, BASE,             NO, 0x248) \
	X(GUEST_ES_AR_BYTES,             0x4814, 32,  GUEST, BASE,             NO, 0x24c) \
	X(GUEST_CS_AR_BYTES,             0x4816, 32,  GUEST, BASE,             RO, 0x250) \
	X(GUEST_SS_AR_BYTES,             0x4818, 32,  GUEST, BASE,             RO, 0x254) \
	X(GUEST_DS_AR_BYTES,             0x481a, 32,  GUEST, BASE,             NO, 0x258) \
	X(GUEST_FS_AR_BYTES,             0x481c, 32,  GUEST, BASE,             NO, 0x25c) \
	X(GUEST_GS_AR_BYTES,             0x481e, 32,  GUEST, BASE,             NO, 0x260) \
	X(GUEST_LDTR_AR_BYTES,           0x4820, 32,  GUEST, BASE,             NO, 0x264) \
	X(GUEST_TR_AR_BYTES,             0x4822, 32,  GUEST, BASE,             NO, 0x268) \
	X(GUEST_INTERRUPTIBILITY_INFO,   0x4824, 32,  GUEST, BASE,             RW, 0x26c) \
	X(GUEST_ACTIVITY_STATE,          0x4826, 32,  GUEST, BASE,             NO, 0x270) \
	X(GUEST_SMBASE,                  0x4828, 32,  GUEST, BASE,             NO, 0x274) \
	X(GUEST_SYSENTER_CS,             0x482a, 32,  GUEST, BASE,             NO, 0x278) \
	X(VMX_PREEMPTION_TIMER_VALUE,    0x482e, 32,  GUEST, PREEMPTION_TIMER, RW, 0x27c) \
	/* SDM B.3.4 32-bit host-state fields */ \
	X(HOST_IA32_SYSENTER_CS,         0x4c00, 32,  HOST,  BASE,             NO, 0x280) \
	/* SDM B.4.1 natural-width control fields */ \
	X(CR0_GUEST_HOST_MASK,           0x6000, NAT, CTL,   BASE,             RW, 0x288) \
	X(CR4_GUEST_HOST_MASK,           0x6002, NAT, CTL,   BASE,             NO, 0x290) \
	X(CR0_READ_SHADOW,               0x6004, NAT, CTL,   BASE,             RW, 0x298) \
	X(CR4_READ_SHADOW,               0x6006, NAT, CTL,   BASE,             RW, 0x2a0) \
	X(CR3_TARGET_VALUE0,             0x6008, NAT, CTL,   BASE,             NO, 0x2a8) \
	X(CR3_TARGET_VALUE1,             0x600a, NAT, CTL,   BASE,             NO, 0x2b0) \
	X(CR3_TARGET_VALUE2,             0x600c, NAT, CTL,   BASE,             NO, 0x2b8) \
	X(CR3_TARGET_VALUE3,             0x600e, NAT, CTL,   BASE,             NO, 0x2c0) \
	/* SDM B.4.2 natural-width read-only data fields */ \
	X(EXIT_QUALIFICATION,            0x6400, NAT, RO,    BASE,             RO, 0x2c8) \
	X(EXIT_IO_RCX,                   0x6402, NAT, RO,    BASE,             NO, 0x2d0) \
	X(EXIT_IO_RSI,                   0x6404, NAT, RO,    BASE,             NO, 0x2d8) \
	X(EXIT_IO_RDI,                   0x6406, NAT, RO,    BASE,             NO, 0x2e0) \
	X(EXIT_IO_RIP,                   0x6408, NAT, RO,    BASE,             NO, 0x2e8) \
	X(GUEST_LINEAR_ADDRESS,          0x640a, NAT, RO,    BASE,             RO, 0x2f0) \
	/* SDM B.4.3 natural-width guest-state fields */ \
	X(GUEST_CR0,                     0x6800, NAT, GUEST, BASE,             RW, 0x2f8) \
	X(GUEST_CR3,                     0x6802, NAT, GUEST, BASE,             RW, 0x300) \
	X(GUEST_CR4,                     0x6804, NAT, GUEST, BASE,             RW, 0x308) \
	X(GUEST_ES_BASE,                 0x6806, NAT, GUEST, BASE,             NO, 0x310) \
	X(GUEST_CS_BASE,                 0x6808, NAT, GUEST, BASE,             NO, 0x318) \
	X(GUEST_SS_BASE,                 0x680a, NAT, GUEST, BASE,             NO, 0x320) \
	X(GUEST_DS_BASE,                 0x680c, NAT, GUEST, BASE,             NO, 0x328) \
	X(GUEST_FS_BASE,                 0x680e, NAT, GUEST, BASE,             NO, 0x330) \
	X(GUEST_GS_BASE,                 0x6810, NAT, GUEST, BASE,             NO, 0x338) \
	X(GUEST_LDTR_BASE,               0x6812, NAT, GUEST, BASE,             NO, 0x340) \
	X(GUEST_TR_BASE,                 0x6814, NAT, GUEST, BASE,             NO, 0x348) \
	X(GUEST_GDTR_BASE,               0x6816, NAT, GUEST, BASE,             NO, 0x350) \
	X(GUEST_IDTR_BASE,               0x6818, NAT, GUEST, BASE,             NO, 0x358) \
	X(GUEST_DR7,                     0x681a, NAT, GUEST, BASE,             NO, 0x360) \
	X(GUEST_RSP,                     0x681c, NAT, GUEST, BASE,             RW, 0x368) \
	X(GUEST_RIP,                     0x681e, NAT, GUEST, BASE,             RW, 0x370) \
	X(GUEST_RFLAGS,                  0x6820, NAT, GUEST, BASE,             RW, 0x378) \
	X(GUEST_PENDING_DBG_EXCEPTIONS,  0x6822, NAT, GUEST, BASE,             NO, 0x380) \
	X(GUEST_SYSENTER_ESP,            0x6824, NAT, GUEST, BASE,             NO, 0x388) \
	X(GUEST_SYSENTER_EIP,            0x6826, NAT, GUEST, BASE,             NO, 0x390) \
	X(GUEST_S_CET,                   0x6828, NAT, GUEST, CET,              NO, 0x398) \
	X(GUEST_SSP,                     0x682a, NAT, GUEST, CET,              NO, 0x3a0) \
	X(GUEST_INTR_SSP_TABLE,          0x682c, NAT, GUEST, CET,              NO, 0x3a8) \
	/* SDM B.4.4 natural-width host-state fields */ \
	X(HOST_CR0,                      0x6c00, NAT, HOST,  BASE,             NO, 0x3b0) \
	X(HOST_CR3,                      0x6c02, NAT, HOST,  BASE,             NO, 0x3b8) \
	X(HOST_CR4,                      0x6c04, NAT, HOST,  BASE,             NO, 0x3c0) \
	X(HOST_FS_BASE,                  0x6c06, NAT, HOST,  BASE,             RW, 0x3c8) \
	X(HOST_GS_BASE,                  0x6c08, NAT, HOST,  BASE,             RW, 0x3d0) \
	X(HOST_TR_BASE,                  0x6c0a, NAT, HOST,  BASE,             NO, 0x3d8) \
	X(HOST_GDTR_BASE,                0x6c0c, NAT, HOST,  BASE,             NO, 0x3e0) \
	X(HOST_IDTR_BASE,                0x6c0e, NAT, HOST,  BASE,             NO, 0x3e8) \
	X(HOST_IA32_SYSENTER_ESP,        0x6c10, NAT, HOST,  BASE,             NO, 0x3f0) \
	X(HOST_IA32_SYSENTER_EIP,        0x6c12, NAT, HOST,  BASE,             NO, 0x3f8) \
	X(HOST_RSP,                      0x6c14, NAT, HOST,  BASE,             NO, 0x400) \
	X(HOST_RIP,                      0x6c16, NAT, HOST,  BASE,             NO, 0x408) \
	X(HOST_S_CET,                    0x6c18, NAT, HOST,  CET,              NO, 0x410) \
	X(HOST_SSP,                      0x6c1a, NAT, HOST,  CET,              NO, 0x418) \
	X(HOST_INTR_SSP_TABLE,           0x6c1c, NAT, HOST,  CET,              NO, 0x420) \
	/* end of list: append new fields here with the next free offset */

/* Architectural encodings (SDM appendix B). */
enum vmcs_field {
#define X(name, enc, w, t, feat, sh, off) VMCS_##name = enc,
	VMCS_FIELDS(X)
#undef X
};

/* Dense index of each field in the list (table position). */
enum vmcs_field_index {
#define X(name, enc, w, t, feat, sh, off) VMCS_IDX_##name,
	VMCS_FIELDS(X)
#undef X
	VMCS_NR_FIELDS
};

/* Encoding bits, SDM 25.11.2 table "Structure of VMCS Component Encoding". */
#define VMCS_ENC_ACCESS_HIGH     BIT(0)
#define VMCS_ENC_INDEX_MASK      GENMASK(9, 1)
#define VMCS_ENC_TYPE_SHIFT      10
#define VMCS_ENC_TYPE_MASK       GENMASK(11, 10)
#define VMCS_ENC_RESERVED12      BIT(12)
#define VMCS_ENC_WIDTH_SHIFT     13
#define VMCS_ENC_WIDTH_MASK      GENMASK(14, 13)
#define VMCS_ENC_RESERVED_MASK   (GENMASK(31, 15) | VMCS_ENC_RESERVED12)
/* VMREAD/VMWRITE bitmap index: encoding bits 14:0 (SDM 25.6.15). */
#define VMCS_ENC_BITMAP_MASK     GENMASK(14, 0)

static inline enum vmcs_width vmcs_enc_width(uint32_t enc)
{
	return (enum vmcs_width)((enc & VMCS_ENC_WIDTH_MASK) >> VMCS_ENC_WIDTH_SHIFT);
}

static inline enum vmcs_type vmcs_enc_type(uint32_t enc)
{
	return (enum vmcs_type)((enc & VMCS_ENC_TYPE_MASK) >> VMCS_ENC_TYPE_SHIFT);
}

static inline bool vmcs_enc_is_high(uint32_t enc)
{
	return enc & VMCS_ENC_ACCESS_HIGH;
}

/* Storage bytes of a width in a vmcs12 (natural width is 64 bits). */
static inline unsigned vmcs_width_bytes(enum vmcs_width w)
{
	return w == VMCS_WIDTH_16 ? 2 : w == VMCS_WIDTH_32 ? 4 : 8;
}

/* Every entry: width/type columns agree with the encoding, no reserved bits. */
#define X(name, enc, w, t, feat, sh, off)                                      \
	_Static_assert(vmcs_enc_width_c(enc) == VMCS_WIDTH_##w,                  \
		       #name ": width column disagrees with encoding bits 14:13"); \
	_Static_assert(vmcs_enc_type_c(enc) == VMCS_TYPE_##t,                    \
		       #name ": type column disagrees with encoding bits 11:10");  \
	_Static_assert(((enc) & (VMCS_ENC_RESERVED_MASK | VMCS_ENC_ACCESS_HIGH)) == 0, \
		       #name ": reserved or access-type bit set in encoding");
#define vmcs_enc_width_c(enc) (((enc) >> VMCS_ENC_WIDTH_SHIFT) & 3)
#define vmcs_enc_type_c(enc)  (((enc) >> VMCS_ENC_TYPE_SHIFT) & 3)
VMCS_FIELDS(X)
#undef X
#undef vmcs_enc_width_c
#undef vmcs_enc_type_c

struct vmcs_field_info {
	const char *name;      /* "GUEST_RIP" */
	const char *name_high; /* "GUEST_PHYSICAL_ADDRESS_HIGH"; NULL unless 64-bit */
	uint16_t encoding;
	uint16_t offset;       /* in struct vmcs12 */
	uint8_t width;         /* enum vmcs_width */
	uint8_t type;          /* enum vmcs_type */
	uint8_t feature;       /* enum vmcs_feature */
	uint8_t kvm_shadow;    /* enum vmcs_kvm_shadow */
};

/* Indexed by enum vmcs_field_index, in list order. */
extern const struct vmcs_field_info vmcs_field_table[VMCS_NR_FIELDS];

/*
 * The field an encoding names, or NULL if it names none: unknown index,
 * reserved bits 12 or 31:15 set, or access type "high" on a field that is not
 * 64 bits wide. A valid HIGH encoding returns its 64-bit field's entry.
 */
const struct vmcs_field_info *vmcs_field_lookup(uint32_t encoding);

/* Name of an encoding ("..._HIGH" for high accesses), or NULL if unknown. */
const char *vmcs_field_name(uint32_t encoding);

/*
 * The encoding a name designates: a list NAME, optionally with the "VMCS_"
 * prefix and/or a "_HIGH" suffix (64-bit fields only). len is the name's
 * length (the name need not be NUL-terminated). Returns false if unknown.
 */
bool vmcs_field_by_name(const char *name, size_t len, uint32_t *encoding);

/* Name of a feature column value ("EPT"), "?" if out of range. */
const char *vmcs_feature_name(enum vmcs_feature f);

#endif
