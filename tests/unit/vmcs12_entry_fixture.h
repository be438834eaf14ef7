/* SPDX-License-Identifier: MIT */
/*
 * Test fixture: two vmcs12 baselines that pass every VM-entry check under
 * the nested capabilities of Bochs corei7_skylake_x, and a fake L1 memory.
 *   entry_base_long: 64-bit IA-32e guest, 64-bit host, EPT+VPID, TPR shadow,
 *                    I/O and MSR bitmaps, one VM-entry MSR-load entry
 *   entry_base_real: unrestricted-guest real-mode guest, same host
 */
#ifndef NESTLAB_TESTS_VMCS12_ENTRY_FIXTURE_H
#define NESTLAB_TESTS_VMCS12_ENTRY_FIXTURE_H

#include <string.h>

#include "vmcs12/vmcs12.h"
#include "vmcs12/vmcs12_entry.h"
#include "vmcs12/vmx_controls.h"
#include "vmx_caps_fixture.h"

#define FX_MEM_BASE   0x10000ull
#define FX_MEM_SIZE   0x10000ull
#define FX_IO_A       0x10000ull
#define FX_IO_B       0x11000ull
#define FX_MSR_BITMAP 0x12000ull
#define FX_VAPIC      0x13000ull
#define FX_EPT_ROOT   0x14000ull
#define FX_MSR_LOAD   0x15000ull
#define FX_LINK       0x16000ull
#define FX_PDPT       0x17000ull

struct fx_mem {
	uint8_t bytes[FX_MEM_SIZE];
};

static bool fx_read_phys(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct fx_mem *m = ctx;

	if (gpa < FX_MEM_BASE || gpa + len > FX_MEM_BASE + FX_MEM_SIZE || gpa + len < gpa)
		return false;
	memcpy(buf, m->bytes + (gpa - FX_MEM_BASE), len);
	return true;
}

static void fx_put64(struct fx_mem *m, uint64_t gpa, uint64_t val)
{
	memcpy(m->bytes + (gpa - FX_MEM_BASE), &val, 8);
}

static void fx_put32(struct fx_mem *m, uint64_t gpa, uint32_t val)
{
	memcpy(m->bytes + (gpa - FX_MEM_BASE), &val, 4);
}

static void fx_mem_init(struct fx_mem *m)
{
	memset(m, 0, sizeof(*m));
	m->bytes[FX_VAPIC + 0x80 - FX_MEM_BASE] = 0x20;           /* VTPR: class 2 */
	fx_put32(m, FX_MSR_LOAD, 0xc0000103u);                    /* IA32_TSC_AUX */
	fx_put64(m, FX_MSR_LOAD + 8, 7);
	fx_put32(m, FX_LINK, 0x2b);                               /* a non-shadow VMCS */
	for (int i = 0; i < 4; i++)                               /* present PDPTEs */
		fx_put64(m, FX_PDPT + 8 * i, 0x20001ull + 0x1000ull * i);
}

#define FX_PIN   (0x16u | PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING | PIN_BASED_VIRTUAL_NMIS)
#define FX_PROC  (0x04006172u | CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS | \
		  CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_TPR_SHADOW |            \
		  CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define FX_SEC   (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID)
#define FX_EXIT  (0x00036dfbu | VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_ACK_INTR_ON_EXIT | \
		  VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT | VM_EXIT_SAVE_IA32_EFER | \
		  VM_EXIT_LOAD_IA32_EFER)
#define FX_ENTRY (0x000011fbu | VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_IA32_EFER)
#define FX_PAT   0x0007040600070406ull
#define FX_EPTP  (FX_EPT_ROOT | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4)

static void fx_controls_and_host(struct vmcs12 *v)
{
	vmcs12_write(v, VMCS_PIN_BASED_VM_EXEC_CONTROL, FX_PIN);
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, FX_PROC);
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, FX_SEC);
	vmcs12_write(v, VMCS_VM_EXIT_CONTROLS, FX_EXIT);
	vmcs12_write(v, VMCS_VM_ENTRY_CONTROLS, FX_ENTRY | VM_ENTRY_IA32E_MODE);
	vmcs12_write(v, VMCS_IO_BITMAP_A, FX_IO_A);
	vmcs12_write(v, VMCS_IO_BITMAP_B, FX_IO_B);
	vmcs12_write(v, VMCS_MSR_BITMAP, FX_MSR_BITMAP);
	vmcs12_write(v, VMCS_VIRTUAL_APIC_PAGE_ADDR, FX_VAPIC);
	vmcs12_write(v, VMCS_TPR_THRESHOLD, 1);
	vmcs12_write(v, VMCS_EPT_POINTER, FX_EPTP);
	vmcs12_write(v, VMCS_VIRTUAL_PROCESSOR_ID, 1);
	vmcs12_write(v, VMCS_VM_ENTRY_MSR_LOAD_ADDR, FX_MSR_LOAD);
	vmcs12_write(v, VMCS_VM_ENTRY_MSR_LOAD_COUNT, 1);
	vmcs12_write(v, VMCS_VMCS_LINK_POINTER, ~0ull);

	vmcs12_write(v, VMCS_HOST_CR0, 0x80050033);
	vmcs12_write(v, VMCS_HOST_CR3, 0x1000);
	vmcs12_write(v, VMCS_HOST_CR4, 0x2020);
	vmcs12_write(v, VMCS_HOST_CS_SELECTOR, 0x08);
	vmcs12_write(v, VMCS_HOST_SS_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_HOST_DS_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_HOST_ES_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_HOST_TR_SELECTOR, 0x18);
	vmcs12_write(v, VMCS_HOST_TR_BASE, 0xffffffff80003000ull);
	vmcs12_write(v, VMCS_HOST_GDTR_BASE, 0xffffffff80004000ull);
	vmcs12_write(v, VMCS_HOST_IDTR_BASE, 0xffffffff80005000ull);
	vmcs12_write(v, VMCS_HOST_RIP, 0xffffffff80001000ull);
	vmcs12_write(v, VMCS_HOST_RSP, 0xffffffff80008000ull);
	vmcs12_write(v, VMCS_HOST_IA32_PAT, FX_PAT);
	vmcs12_write(v, VMCS_HOST_IA32_EFER, 0xd01);
}

static void entry_base_long(struct vmcs12 *v)
{
	vmcs12_init(v, 0x2b);
	fx_controls_and_host(v);
	vmcs12_write(v, VMCS_GUEST_CR0, 0x80000031);
	vmcs12_write(v, VMCS_GUEST_CR3, 0x2000);
	vmcs12_write(v, VMCS_GUEST_CR4, 0x2020);
	vmcs12_write(v, VMCS_GUEST_DR7, 0x400);
	vmcs12_write(v, VMCS_GUEST_IA32_PAT, FX_PAT);
	vmcs12_write(v, VMCS_GUEST_IA32_EFER, 0x500);
	vmcs12_write(v, VMCS_GUEST_RFLAGS, 0x2);
	vmcs12_write(v, VMCS_GUEST_RIP, 0xffffffff80401000ull);
	vmcs12_write(v, VMCS_GUEST_CS_SELECTOR, 0x08);
	vmcs12_write(v, VMCS_GUEST_CS_LIMIT, 0xffffffff);
	vmcs12_write(v, VMCS_GUEST_CS_AR_BYTES, 0xa09b);
	vmcs12_write(v, VMCS_GUEST_SS_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_GUEST_SS_LIMIT, 0xffffffff);
	vmcs12_write(v, VMCS_GUEST_SS_AR_BYTES, 0xc093);
	vmcs12_write(v, VMCS_GUEST_DS_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_GUEST_DS_LIMIT, 0xffffffff);
	vmcs12_write(v, VMCS_GUEST_DS_AR_BYTES, 0xc093);
	vmcs12_write(v, VMCS_GUEST_ES_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_GUEST_ES_LIMIT, 0xffffffff);
	vmcs12_write(v, VMCS_GUEST_ES_AR_BYTES, 0xc093);
	vmcs12_write(v, VMCS_GUEST_FS_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmcs12_write(v, VMCS_GUEST_GS_SELECTOR, 0x10);
	vmcs12_write(v, VMCS_GUEST_GS_LIMIT, 0xffffffff);
	vmcs12_write(v, VMCS_GUEST_GS_AR_BYTES, 0xc093);
	vmcs12_write(v, VMCS_GUEST_GS_BASE, 0xffff888000000000ull);
	vmcs12_write(v, VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmcs12_write(v, VMCS_GUEST_TR_SELECTOR, 0x18);
	vmcs12_write(v, VMCS_GUEST_TR_LIMIT, 0x67);
	vmcs12_write(v, VMCS_GUEST_TR_AR_BYTES, 0x8b);
	vmcs12_write(v, VMCS_GUEST_TR_BASE, 0x3000);
	vmcs12_write(v, VMCS_GUEST_GDTR_BASE, 0x4000);
	vmcs12_write(v, VMCS_GUEST_GDTR_LIMIT, 0x27);
	vmcs12_write(v, VMCS_GUEST_IDTR_BASE, 0x5000);
	vmcs12_write(v, VMCS_GUEST_IDTR_LIMIT, 0xfff);
}

static void entry_base_real(struct vmcs12 *v)
{
	vmcs12_init(v, 0x2b);
	fx_controls_and_host(v);
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, FX_SEC | SECONDARY_EXEC_UNRESTRICTED_GUEST);
	vmcs12_write(v, VMCS_VM_ENTRY_CONTROLS, FX_ENTRY);
	vmcs12_write(v, VMCS_GUEST_CR0, 0x30);
	vmcs12_write(v, VMCS_GUEST_CR4, 0x2000);
	vmcs12_write(v, VMCS_GUEST_IA32_PAT, FX_PAT);
	vmcs12_write(v, VMCS_GUEST_RFLAGS, 0x2);
	vmcs12_write(v, VMCS_GUEST_RIP, 0xfff0);
	vmcs12_write(v, VMCS_GUEST_CS_SELECTOR, 0xf000);
	vmcs12_write(v, VMCS_GUEST_CS_BASE, 0xf0000);
	vmcs12_write(v, VMCS_GUEST_CS_LIMIT, 0xffff);
	vmcs12_write(v, VMCS_GUEST_CS_AR_BYTES, 0x9b);
#define FX_REAL_SEG(S)                                                         \
	vmcs12_write(v, VMCS_GUEST_##S##_LIMIT, 0xffff);                        \
	vmcs12_write(v, VMCS_GUEST_##S##_AR_BYTES, 0x93);
	FX_REAL_SEG(SS) FX_REAL_SEG(DS) FX_REAL_SEG(ES) FX_REAL_SEG(FS) FX_REAL_SEG(GS)
#undef FX_REAL_SEG
	vmcs12_write(v, VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmcs12_write(v, VMCS_GUEST_TR_LIMIT, 0xffff);
	vmcs12_write(v, VMCS_GUEST_TR_AR_BYTES, 0x8b);
	vmcs12_write(v, VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmcs12_write(v, VMCS_GUEST_IDTR_LIMIT, 0x3ff);
}

#endif
