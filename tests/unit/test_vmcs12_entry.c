/* SPDX-License-Identifier: MIT */
/*
 * VM-entry checks (SDM 27.1-27.4): two valid baselines pass; each mutation
 * of one baseline fails exactly one check with the SDM's outcome.
 */
#include <string.h>

#include "exit-reflect/exit_reasons.h"
#include "testlib.h"
#include "vmcs12_entry_fixture.h"
#include "vmcs12/vmx_insn_error.h"
#include "vmcs12/vmx_msr_area.h"

static struct vmx_caps l1caps;
static struct fx_mem mem;
static struct vmcs12 v;

static struct vmcs12_entry_env env_default(void)
{
	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &l1caps);
	fx_mem_init(&mem);
	return (struct vmcs12_entry_env){ .caps = &l1caps, .maxphyaddr = 39, .la_width = 48,
					   .launch = true,
					   .host_ia32e = true, .read_phys = fx_read_phys,
					   .ctx = &mem };
}

TEST(baselines_pass)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;

	entry_base_long(&v);
	vmcs12_check_entry(&v, &env, &res);
	CHECKF(res.kind == VMCS12_ENTRY_OK, "long: %s (%s)", res.cond ? res.cond : "", res.sdm_section ? res.sdm_section : "");
	entry_base_real(&v);
	vmcs12_check_entry(&v, &env, &res);
	CHECKF(res.kind == VMCS12_ENTRY_OK, "real: %s (%s)", res.cond ? res.cond : "", res.sdm_section ? res.sdm_section : "");
	/* VMRESUME of a launched vmcs12 */
	v.launch_state = VMCS12_LAUNCH_STATE_LAUNCHED;
	env.launch = false;
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
}

enum { LONG, REAL };
enum env_mod { E_NONE, E_RESUME, E_HOST32, E_RAW_CAPS, E_TERTIARY_CAPS, E_NO_MTF, E_VPID0, E_MEM_LINK_SHADOW,
	       E_MEM_VTPR0, E_MEM_MSR_BAD, E_MEM_MSR_2ND_RESVD, E_MEM_PDPTE_BAD };
#define VMF(e) VMCS12_ENTRY_VMFAIL_VALID, e, 0
#define FAIL33(q) VMCS12_ENTRY_FAIL, EXIT_REASON_INVALID_STATE, q
#define FAIL34(q) VMCS12_ENTRY_FAIL, EXIT_REASON_MSR_LOAD_FAIL, q
#define F(x) VMCS_##x

struct mutation {
	const char *name;
	int base;
	enum env_mod mod;
	enum vmcs12_entry_kind kind;
	uint32_t code; /* insn error or basic exit reason */
	uint64_t qual;
	const char *sec;
	const char *cond; /* a substring of the expected failed condition */
	struct { uint32_t f; uint64_t val; } set[6];
};

#define PROC_NO_IO (FX_PROC & ~CPU_BASED_USE_IO_BITMAPS)
#define INJ(type, vec) (INTR_INFO_VALID_MASK | (type) | (vec))

static const struct mutation mutations[] = {
	/* 27.1 launch state */
	{ "vmlaunch_launched", LONG, E_NONE, VMF(4), "27.1", "c->env->launch &&", { { 0, 0 } } },
	{ "vmresume_clear", LONG, E_RESUME, VMF(5), "27.1", "!c->env->launch &&", { { 0, 0 } } },
	/* 27.2.1.1 execution controls */
	{ "pin_reserved1_clear", LONG, E_NONE, VMF(7), "27.2.1.1", "vmx_caps_pinbased",
	  { { F(PIN_BASED_VM_EXEC_CONTROL), FX_PIN & ~0x10u } } },
	{ "pin_posted_unsupported", LONG, E_NONE, VMF(7), "27.2.1.1", "vmx_caps_pinbased",
	  { { F(PIN_BASED_VM_EXEC_CONTROL), FX_PIN | PIN_BASED_POSTED_INTR } } },
	{ "proc_tertiary_unsupported", LONG, E_NONE, VMF(7), "27.2.1.1", "vmx_caps_procbased",
	  { { F(CPU_BASED_VM_EXEC_CONTROL), FX_PROC | CPU_BASED_ACTIVATE_TERTIARY_CONTROLS } } },
	{ "secondary_vmfunc_not_offered", LONG, E_NONE, VMF(7), "27.2.1.1", "procbased_ctls2",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_ENABLE_VMFUNC } } },
	{ "tertiary_bits_without_cap", LONG, E_TERTIARY_CAPS, VMF(7), "27.2.1.1", "procbased_ctls3",
	  { { F(CPU_BASED_VM_EXEC_CONTROL), FX_PROC | CPU_BASED_ACTIVATE_TERTIARY_CONTROLS }, { F(TERTIARY_VM_EXEC_CONTROL), 1 } } },
	{ "cr3_target_count_5", LONG, E_NONE, VMF(7), "27.2.1.1", "CR3_TARGET_COUNT",
	  { { F(CR3_TARGET_COUNT), 5 } } },
	{ "io_bitmap_a_unaligned", LONG, E_NONE, VMF(7), "27.2.1.1", "RD(IO_BITMAP_A)",
	  { { F(IO_BITMAP_A), FX_IO_A + 8 } } },
	{ "io_bitmap_b_beyond_maxphy", LONG, E_NONE, VMF(7), "27.2.1.1", "RD(IO_BITMAP_B)",
	  { { F(IO_BITMAP_B), 1ull << 39 } } },
	{ "msr_bitmap_unaligned", LONG, E_NONE, VMF(7), "27.2.1.1", "RD(MSR_BITMAP)",
	  { { F(MSR_BITMAP), FX_MSR_BITMAP | 0x800 } } },
	{ "vapic_unaligned", LONG, E_NONE, VMF(7), "27.2.1.1", "RD(VIRTUAL_APIC_PAGE_ADDR))",
	  { { F(VIRTUAL_APIC_PAGE_ADDR), FX_VAPIC + 4 } } },
	{ "tpr_threshold_high_bits", LONG, E_NONE, VMF(7), "27.2.1.1", "RD(TPR_THRESHOLD) & ~0xfu",
	  { { F(TPR_THRESHOLD), 0x11 } } },
	{ "tpr_threshold_above_vtpr", LONG, E_MEM_VTPR0, VMF(7), "27.2.1.1", "tpr_threshold_above_vtpr",
	  { { 0, 0 } } },
	{ "x2apic_without_tpr_shadow", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "!tpr &&",
	  { { F(CPU_BASED_VM_EXEC_CONTROL), FX_PROC & ~CPU_BASED_TPR_SHADOW },
	    { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE } } },
	{ "virtual_nmis_without_nmi_exiting", LONG, E_NONE, VMF(7), "27.2.1.1", "PIN_BASED_VIRTUAL_NMIS)",
	  { { F(PIN_BASED_VM_EXEC_CONTROL), FX_PIN & ~PIN_BASED_NMI_EXITING } } },
	{ "nmi_window_without_virtual_nmis", LONG, E_NONE, VMF(7), "27.2.1.1", "CPU_BASED_NMI_WINDOW_EXITING",
	  { { F(PIN_BASED_VM_EXEC_CONTROL), FX_PIN & ~PIN_BASED_VIRTUAL_NMIS },
	    { F(CPU_BASED_VM_EXEC_CONTROL), FX_PROC | CPU_BASED_NMI_WINDOW_EXITING } } },
	{ "apic_access_unaligned", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "RD(APIC_ACCESS_ADDR)",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES },
	    { F(APIC_ACCESS_ADDR), 0x18001 } } },
	{ "x2apic_and_apic_access", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE) && (c->sec",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES |
					     SECONDARY_EXEC_VIRTUALIZE_X2APIC_MODE },
	    { F(APIC_ACCESS_ADDR), 0x18000 } } },
	{ "vid_without_ext_intr_exiting", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "!(c->pin & PIN_BASED_EXT_INTR_MASK)",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY },
	    { F(PIN_BASED_VM_EXEC_CONTROL), FX_PIN & ~PIN_BASED_EXT_INTR_MASK } } },
	{ "vpid_zero", LONG, E_VPID0, VMF(7), "27.2.1.1", "RD(VIRTUAL_PROCESSOR_ID) == 0",
	  { { 0, 0 } } },
	{ "eptp_memtype_2", LONG, E_NONE, VMF(7), "27.2.1.1", "eptp_bad",
	  { { F(EPT_POINTER), FX_EPT_ROOT | 2 | VMX_EPTP_PWL_4 } } },
	{ "eptp_walk_5_unsupported", LONG, E_NONE, VMF(7), "27.2.1.1", "eptp_bad",
	  { { F(EPT_POINTER), FX_EPT_ROOT | 6 | VMX_EPTP_PWL_5 } } },
	{ "eptp_ad_not_offered", LONG, E_NONE, VMF(7), "27.2.1.1", "eptp_bad",
	  { { F(EPT_POINTER), FX_EPTP | VMX_EPTP_AD_ENABLE_BIT } } },
	{ "eptp_reserved_bit_8", LONG, E_NONE, VMF(7), "27.2.1.1", "eptp_bad",
	  { { F(EPT_POINTER), FX_EPTP | 0x100 } } },
	{ "pml_address_unaligned", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "RD(PML_ADDRESS)",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_ENABLE_PML },
	    { F(PML_ADDRESS), 0x18010 } } },
	{ "unrestricted_without_ept", REAL, E_NONE, VMF(7), "27.2.1.1", "SECONDARY_EXEC_MODE_BASED_EPT_EXEC",
	  { { F(SECONDARY_VM_EXEC_CONTROL), SECONDARY_EXEC_UNRESTRICTED_GUEST | SECONDARY_EXEC_ENABLE_VPID } } },
	{ "ve_info_unaligned", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "RD(VE_INFORMATION_ADDRESS)",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_EPT_VIOLATION_VE },
	    { F(VE_INFORMATION_ADDRESS), 0x18004 } } },
	{ "vmfunc_unsupported_function", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "~caps->vmfunc",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_ENABLE_VMFUNC },
	    { F(VM_FUNCTION_CONTROL), 2 } } },
	{ "eptp_list_unaligned", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "RD(EPTP_LIST_ADDRESS)",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_ENABLE_VMFUNC },
	    { F(VM_FUNCTION_CONTROL), 1 }, { F(EPTP_LIST_ADDRESS), 0x18008 } } },
	{ "vmread_bitmap_unaligned", LONG, E_RAW_CAPS, VMF(7), "27.2.1.1", "RD(VMREAD_BITMAP)",
	  { { F(SECONDARY_VM_EXEC_CONTROL), FX_SEC | SECONDARY_EXEC_SHADOW_VMCS },
	    { F(VMREAD_BITMAP), 0x18100 }, { F(VMWRITE_BITMAP), 0x19000 },
	    { F(VMCS_LINK_POINTER), ~0ull } } },
	/* 27.2.1.2 exit controls */
	{ "exit_perf_global_not_offered", LONG, E_NONE, VMF(7), "27.2.1.2", "vmx_caps_exit",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT | VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL } } },
	{ "save_timer_without_timer", LONG, E_RAW_CAPS, VMF(7), "27.2.1.2", "VM_EXIT_SAVE_VMX_PREEMPTION_TIMER",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT | VM_EXIT_SAVE_VMX_PREEMPTION_TIMER } } },
	{ "exit_msr_store_unaligned", LONG, E_NONE, VMF(7), "27.2.1.2", "VM_EXIT_MSR_STORE_ADDR",
	  { { F(VM_EXIT_MSR_STORE_COUNT), 1 }, { F(VM_EXIT_MSR_STORE_ADDR), 0x18008 } } },
	{ "exit_msr_load_beyond_maxphy", LONG, E_NONE, VMF(7), "27.2.1.2", "VM_EXIT_MSR_LOAD_ADDR",
	  { { F(VM_EXIT_MSR_LOAD_COUNT), 2 }, { F(VM_EXIT_MSR_LOAD_ADDR), (1ull << 39) - 16 } } },
	/* 27.2.1.3 entry controls and event injection */
	{ "entry_bndcfgs_not_offered", LONG, E_NONE, VMF(7), "27.2.1.3", "vmx_caps_entry",
	  { { F(VM_ENTRY_CONTROLS), FX_ENTRY | VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_BNDCFGS } } },
	{ "entry_smm", LONG, E_RAW_CAPS, VMF(7), "27.2.1.3", "VM_ENTRY_SMM",
	  { { F(VM_ENTRY_CONTROLS), FX_ENTRY | VM_ENTRY_IA32E_MODE | VM_ENTRY_SMM } } },
	{ "entry_msr_load_unaligned", LONG, E_NONE, VMF(7), "27.2.1.3", "VM_ENTRY_MSR_LOAD_ADDR",
	  { { F(VM_ENTRY_MSR_LOAD_ADDR), FX_MSR_LOAD + 4 } } },
	{ "inject_type_reserved", LONG, E_NONE, VMF(7), "27.2.1.3", "type == INTR_TYPE_RESERVED",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_RESERVED, 32) } } },
	{ "inject_other_event_without_mtf", LONG, E_NO_MTF, VMF(7), "27.2.1.3", "CPU_BASED_MONITOR_TRAP_FLAG",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_OTHER_EVENT, 0) } } },
	{ "inject_nmi_vector_3", LONG, E_NONE, VMF(7), "27.2.1.3", "vec != 2",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_NMI_INTR, 3) } } },
	{ "inject_exception_vector_32", LONG, E_NONE, VMF(7), "27.2.1.3", "vec > 31",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_HARD_EXCEPTION, 32) } } },
	{ "inject_other_event_vector_1", LONG, E_NONE, VMF(7), "27.2.1.3", "vec != 0",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_OTHER_EVENT, 1) } } },
	{ "inject_ud_with_error_code", LONG, E_NONE, VMF(7), "27.2.1.3", "deliver && ((ug",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_HARD_EXCEPTION, 6) | INTR_INFO_DELIVER_CODE_MASK } } },
	{ "inject_gp_without_error_code", LONG, E_NONE, VMF(7), "27.2.1.3", "!deliver &&",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_HARD_EXCEPTION, 13) } } },
	{ "inject_gp_error_code_real_mode", REAL, E_NONE, VMF(7), "27.2.1.3", "deliver && ((ug",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_HARD_EXCEPTION, 13) | INTR_INFO_DELIVER_CODE_MASK } } },
	{ "inject_reserved_bits", LONG, E_NONE, VMF(7), "27.2.1.3", "INTR_INFO_RESVD_BITS_MASK",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_EXT_INTR, 32) | BIT(20) },
	    { F(GUEST_RFLAGS), 0x202 } } },
	{ "inject_error_code_bits_31_16", LONG, E_NONE, VMF(7), "27.2.1.3", "VM_ENTRY_EXCEPTION_ERROR_CODE",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_HARD_EXCEPTION, 13) | INTR_INFO_DELIVER_CODE_MASK },
	    { F(VM_ENTRY_EXCEPTION_ERROR_CODE), 0x10000 } } },
	{ "inject_soft_int_length_16", LONG, E_NONE, VMF(7), "27.2.1.3", "VM_ENTRY_INSTRUCTION_LEN",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_SOFT_INTR, 0x80) },
	    { F(VM_ENTRY_INSTRUCTION_LEN), 16 } } },
	/* 27.2.2 host state */
	{ "host_cr0_pg_clear", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_CR0)",
	  { { F(HOST_CR0), 0x00050033 } } },
	{ "host_cr4_vmxe_clear", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_CR4), caps->cr4_fixed0",
	  { { F(HOST_CR4), 0x20 } } },
	{ "host_cr3_beyond_maxphy", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_CR3)",
	  { { F(HOST_CR3), 1ull << 40 } } },
	{ "host_sysenter_esp_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "HOST_IA32_SYSENTER_ESP",
	  { { F(HOST_IA32_SYSENTER_ESP), 1ull << 47 } } },
	{ "host_sysenter_eip_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "HOST_IA32_SYSENTER_EIP",
	  { { F(HOST_IA32_SYSENTER_EIP), 0x8000000000000000ull } } },
	{ "host_pat_type_2", LONG, E_NONE, VMF(8), "27.2.2", "entry_pat_bad(RD(HOST_IA32_PAT))",
	  { { F(HOST_IA32_PAT), (FX_PAT & ~0xffull) | 2 } } },
	{ "host_efer_reserved", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_IA32_EFER) & EFER_RESERVED",
	  { { F(HOST_IA32_EFER), 0xd01 | 2 } } },
	{ "host_efer_lma_clear", LONG, E_NONE, VMF(8), "27.2.2", "EFER_LMA) != !host64",
	  { { F(HOST_IA32_EFER), 0x901 } } },
	{ "host_es_rpl", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_ES_SELECTOR) & 7", { { F(HOST_ES_SELECTOR), 0x13 } } },
	{ "host_cs_ti", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_CS_SELECTOR) & 7", { { F(HOST_CS_SELECTOR), 0x0c } } },
	{ "host_ss_rpl", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_SS_SELECTOR) & 7", { { F(HOST_SS_SELECTOR), 0x11 } } },
	{ "host_ds_rpl", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_DS_SELECTOR) & 7", { { F(HOST_DS_SELECTOR), 0x12 } } },
	{ "host_fs_ti", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_FS_SELECTOR) & 7", { { F(HOST_FS_SELECTOR), 0x04 } } },
	{ "host_gs_rpl", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_GS_SELECTOR) & 7", { { F(HOST_GS_SELECTOR), 0x03 } } },
	{ "host_tr_rpl", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_TR_SELECTOR) & 7", { { F(HOST_TR_SELECTOR), 0x19 } } },
	{ "host_cs_zero", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_CS_SELECTOR) == 0", { { F(HOST_CS_SELECTOR), 0 } } },
	{ "host_tr_zero", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_TR_SELECTOR) == 0", { { F(HOST_TR_SELECTOR), 0 } } },
	{ "host_fs_base_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_FS_BASE)", { { F(HOST_FS_BASE), 1ull << 48 } } },
	{ "host_gs_base_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_GS_BASE)", { { F(HOST_GS_BASE), 1ull << 60 } } },
	{ "host_gdtr_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_GDTR_BASE)", { { F(HOST_GDTR_BASE), 0x0000800000000000ull } } },
	{ "host_idtr_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_IDTR_BASE)", { { F(HOST_IDTR_BASE), 0xff00000000000000ull } } },
	{ "host_tr_base_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "RD(HOST_TR_BASE)", { { F(HOST_TR_BASE), 0x7fff800000000000ull } } },
	{ "host_64bit_cpu_32bit_host", LONG, E_NONE, VMF(8), "27.2.2", "c->env->host_ia32e && !host64",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT & ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER) } } },
	{ "host_32bit_ia32e_guest", LONG, E_HOST32, VMF(8), "27.2.2", "VM_ENTRY_IA32E_MODE",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT & ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER) } } },
	{ "host_32bit_cpu_64bit_host", REAL, E_HOST32, VMF(8), "27.2.2", "!c->env->host_ia32e && host64",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT & ~VM_EXIT_LOAD_IA32_EFER } } },
	{ "host32_ss_zero", REAL, E_HOST32, VMF(8), "27.2.2", "!host64 && RD(HOST_SS_SELECTOR) == 0",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT & ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER) },
	    { F(HOST_SS_SELECTOR), 0 } } },
	{ "host32_pcide", REAL, E_HOST32, VMF(8), "27.2.2", "X86_CR4_PCIDE",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT & ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER) },
	    { F(HOST_CR4), 0x2020 | (1u << 17) } } },
	{ "host32_rip_high", REAL, E_HOST32, VMF(8), "27.2.2", "RD(HOST_RIP) >> 32",
	  { { F(VM_EXIT_CONTROLS), FX_EXIT & ~(VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_LOAD_IA32_EFER) } } },
	{ "host64_pae_clear", LONG, E_NONE, VMF(8), "27.2.2", "!(RD(HOST_CR4) & X86_CR4_PAE)",
	  { { F(HOST_CR4), 0x2000 } } },
	{ "host64_rip_noncanonical", LONG, E_NONE, VMF(8), "27.2.2", "entry_noncanon(c, RD(HOST_RIP))",
	  { { F(HOST_RIP), 0x0000900000000000ull } } },
	/* 27.3.1.1 guest control registers and MSRs */
	{ "guest_cr0_ne_clear", LONG, E_NONE, FAIL33(0), "27.3.1.1", "vmx_fixed_ok(cr0",
	  { { F(GUEST_CR0), 0x80000011 } } },
	{ "guest_cr0_pe_clear_without_ug", LONG, E_NONE, FAIL33(0), "27.3.1.1", "vmx_fixed_ok(cr0",
	  { { F(GUEST_CR0), 0x30 }, { F(VM_ENTRY_CONTROLS), FX_ENTRY }, { F(GUEST_IA32_EFER), 0 } } },
	{ "guest_pg_without_pe", REAL, E_NONE, FAIL33(0), "27.3.1.1", "X86_CR0_PG) && !(cr0 & X86_CR0_PE)",
	  { { F(GUEST_CR0), 0x80000030 } } },
	{ "guest_cr4_vmxe_clear", LONG, E_NONE, FAIL33(0), "27.3.1.1", "vmx_fixed_ok(cr4",
	  { { F(GUEST_CR4), 0x20 } } },
	{ "guest_debugctl_reserved", LONG, E_NONE, FAIL33(0), "27.3.1.1", "DEBUGCTL_RESERVED",
	  { { F(VM_ENTRY_CONTROLS), FX_ENTRY | VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_DEBUG_CONTROLS },
	    { F(GUEST_IA32_DEBUGCTL), 4 } } },
	{ "guest_ia32e_without_pae", LONG, E_NONE, FAIL33(0), "27.3.1.1", "ia32e && !((cr0",
	  { { F(GUEST_CR4), 0x2000 } } },
	{ "guest_pcide_outside_ia32e", REAL, E_NONE, FAIL33(0), "27.3.1.1", "!ia32e && (cr4 & X86_CR4_PCIDE)",
	  { { F(GUEST_CR4), 0x2000 | (1u << 17) } } },
	{ "guest_cr3_beyond_maxphy", LONG, E_NONE, FAIL33(0), "27.3.1.1", "RD(GUEST_CR3)",
	  { { F(GUEST_CR3), 1ull << 45 } } },
	{ "guest_dr7_high", LONG, E_NONE, FAIL33(0), "27.3.1.1", "RD(GUEST_DR7) >> 32",
	  { { F(VM_ENTRY_CONTROLS), FX_ENTRY | VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_DEBUG_CONTROLS },
	    { F(GUEST_DR7), 1ull << 32 } } },
	{ "guest_sysenter_esp_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.1", "GUEST_SYSENTER_ESP",
	  { { F(GUEST_SYSENTER_ESP), 1ull << 50 } } },
	{ "guest_sysenter_eip_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.1", "GUEST_SYSENTER_EIP",
	  { { F(GUEST_SYSENTER_EIP), 1ull << 50 } } },
	{ "guest_pat_type_3", LONG, E_NONE, FAIL33(0), "27.3.1.1", "RD(GUEST_IA32_PAT)",
	  { { F(GUEST_IA32_PAT), FX_PAT | (3ull << 56) } } },
	{ "guest_efer_reserved", LONG, E_NONE, FAIL33(0), "27.3.1.1", "RD(GUEST_IA32_EFER) & EFER_RESERVED",
	  { { F(GUEST_IA32_EFER), 0x500 | (1ull << 20) } } },
	{ "guest_efer_lma_without_ia32e", REAL, E_NONE, FAIL33(0), "27.3.1.1", "EFER_LMA) != !ia32e",
	  { { F(GUEST_IA32_EFER), 0x400 } } },
	{ "guest_efer_lme_clear_paging_ia32e", LONG, E_NONE, FAIL33(0), "27.3.1.1", "EFER_LME) != !ia32e",
	  { { F(GUEST_IA32_EFER), 0x400 } } },
	/* 27.3.1.2 segment registers */
	{ "tr_ti", LONG, E_NONE, FAIL33(0), "27.3.1.2", "tr.sel & 4", { { F(GUEST_TR_SELECTOR), 0x1c } } },
	{ "ldtr_ti", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(ldtr.sel & 4)",
	  { { F(GUEST_LDTR_SELECTOR), 0x24 }, { F(GUEST_LDTR_AR_BYTES), 0x82 }, { F(GUEST_LDTR_LIMIT), 0xff } } },
	{ "tr_type_16bit_in_ia32e", LONG, E_NONE, FAIL33(0), "27.3.1.2", "tr_type != VMX_AR_TYPE_BUSY_32_TSS",
	  { { F(GUEST_TR_AR_BYTES), 0x83 } } },
	{ "tr_s_set", LONG, E_NONE, FAIL33(0), "27.3.1.2", "tr.ar & VMX_AR_S_MASK", { { F(GUEST_TR_AR_BYTES), 0x9b } } },
	{ "tr_not_present", LONG, E_NONE, FAIL33(0), "27.3.1.2", "!(tr.ar & VMX_AR_P_MASK)", { { F(GUEST_TR_AR_BYTES), 0x0b } } },
	{ "tr_reserved_ar", LONG, E_NONE, FAIL33(0), "27.3.1.2", "tr.ar & VMX_AR_RESERVED_MASK", { { F(GUEST_TR_AR_BYTES), 0x18b } } },
	{ "tr_granularity", LONG, E_NONE, FAIL33(0), "27.3.1.2", "granularity_bad(&tr)", { { F(GUEST_TR_AR_BYTES), 0x808b } } },
	{ "tr_unusable", LONG, E_NONE, FAIL33(0), "27.3.1.2", "!usable(&tr)", { { F(GUEST_TR_AR_BYTES), 0x1008b } } },
	{ "ldtr_wrong_type", LONG, E_NONE, FAIL33(0), "27.3.1.2", "VMX_AR_TYPE_LDT",
	  { { F(GUEST_LDTR_AR_BYTES), 0x8b }, { F(GUEST_LDTR_LIMIT), 0xff } } },
	{ "tr_base_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.2", "RD(GUEST_TR_BASE)", { { F(GUEST_TR_BASE), 1ull << 48 } } },
	{ "fs_base_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.2", "RD(GUEST_FS_BASE)", { { F(GUEST_FS_BASE), 1ull << 48 } } },
	{ "gs_base_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.2", "RD(GUEST_GS_BASE)", { { F(GUEST_GS_BASE), 0x0000f00000000000ull } } },
	{ "ldtr_base_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.2", "entry_noncanon(c, ldtr.base)",
	  { { F(GUEST_LDTR_AR_BYTES), 0x82 }, { F(GUEST_LDTR_LIMIT), 0xff }, { F(GUEST_LDTR_BASE), 1ull << 48 } } },
	{ "cs_base_high", LONG, E_NONE, FAIL33(0), "27.3.1.2", "RD(GUEST_CS_BASE) >> 32", { { F(GUEST_CS_BASE), 1ull << 32 } } },
	{ "ss_base_high", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(ss.base >> 32)", { { F(GUEST_SS_BASE), 1ull << 32 } } },
	{ "ds_base_high", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(ds.base >> 32)", { { F(GUEST_DS_BASE), 1ull << 33 } } },
	{ "es_base_high", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(es.base >> 32)", { { F(GUEST_ES_BASE), 1ull << 34 } } },
	{ "v86_cs_base", REAL, E_NONE, FAIL33(0), "27.3.1.2", "v86_seg_bad(&cs)",
	  { { F(GUEST_RFLAGS), 0x20002 }, { F(GUEST_CR0), 0x31 } } },
	{ "ss_rpl_ne_cs_rpl", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(ss.sel & 3) != (cs.sel & 3)",
	  { { F(GUEST_SS_SELECTOR), 0x13 } } },
	{ "cs_type_data", LONG, E_NONE, FAIL33(0), "27.3.1.2", "cs_type != 9", { { F(GUEST_CS_AR_BYTES), 0xa093 } } },
	{ "cs_type_3_without_ug", LONG, E_NONE, FAIL33(0), "27.3.1.2", "cs_type != 9", { { F(GUEST_CS_AR_BYTES), 0xa093 & ~0x10u } } },
	{ "cs_s_clear", LONG, E_NONE, FAIL33(0), "27.3.1.2", "!(cs.ar & VMX_AR_S_MASK)", { { F(GUEST_CS_AR_BYTES), 0xa08b } } },
	{ "cs_type3_dpl3", REAL, E_NONE, FAIL33(0), "27.3.1.2", "cs_type == 3 && VMX_AR_DPL(cs.ar) != 0",
	  { { F(GUEST_CS_AR_BYTES), 0xf3 } } },
	{ "cs_nonconforming_dpl_ne_ss_dpl", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(cs_type == 9 || cs_type == 11)",
	  { { F(GUEST_CS_AR_BYTES), 0xa0bb } } },
	{ "cs_conforming_dpl_gt_ss_dpl", LONG, E_NONE, FAIL33(0), "27.3.1.2", "(cs_type == 13 || cs_type == 15)",
	  { { F(GUEST_CS_AR_BYTES), 0xa0bf } } },
	{ "cs_not_present", LONG, E_NONE, FAIL33(0), "27.3.1.2", "!(cs.ar & VMX_AR_P_MASK)", { { F(GUEST_CS_AR_BYTES), 0xa01b } } },
	{ "cs_reserved_ar", LONG, E_NONE, FAIL33(0), "27.3.1.2", "cs.ar & VMX_AR_RESERVED_MASK", { { F(GUEST_CS_AR_BYTES), 0x2a09b } } },
	{ "cs_l_and_d", LONG, E_NONE, FAIL33(0), "27.3.1.2", "VMX_AR_DB_MASK", { { F(GUEST_CS_AR_BYTES), 0xe09b } } },
	{ "cs_granularity", LONG, E_NONE, FAIL33(0), "27.3.1.2", "granularity_bad(&cs)", { { F(GUEST_CS_AR_BYTES), 0x209b } } },
	{ "ss_type_code", LONG, E_NONE, FAIL33(0), "27.3.1.2", "ss_type != 3", { { F(GUEST_SS_AR_BYTES), 0xc09b } } },
	{ "ss_s_clear", LONG, E_NONE, FAIL33(0), "27.3.1.2", "!(ss.ar & VMX_AR_S_MASK)", { { F(GUEST_SS_AR_BYTES), 0xc083 } } },
	{ "ss_dpl_ne_rpl", LONG, E_NONE, FAIL33(0), "27.3.1.2", "VMX_AR_DPL(ss.ar) != (ss.sel & 3u)",
	  { { F(GUEST_SS_AR_BYTES), 0xc0b3 }, { F(GUEST_CS_AR_BYTES), 0xa0bf } } },
	{ "ss_dpl_real_mode", REAL, E_NONE, FAIL33(0), "27.3.1.2", "VMX_AR_DPL(ss.ar) != 0",
	  { { F(GUEST_SS_AR_BYTES), 0xf3 }, { F(GUEST_CS_AR_BYTES), 0x93 } } },
	{ "ss_not_present", LONG, E_NONE, FAIL33(0), "27.3.1.2", "usable(&ss) && (!(ss.ar", { { F(GUEST_SS_AR_BYTES), 0xc013 } } },
	{ "ds_not_accessed", LONG, E_NONE, FAIL33(0), "27.3.1.2", "data_seg_bad(c, &ds)", { { F(GUEST_DS_AR_BYTES), 0xc092 } } },
	{ "es_exec_only_code", LONG, E_NONE, FAIL33(0), "27.3.1.2", "data_seg_bad(c, &es)", { { F(GUEST_ES_AR_BYTES), 0xc099 } } },
	{ "fs_dpl_lt_rpl", LONG, E_NONE, FAIL33(0), "27.3.1.2", "data_seg_bad(c, &fs)",
	  { { F(GUEST_FS_SELECTOR), 0x13 }, { F(GUEST_FS_AR_BYTES), 0xc093 }, { F(GUEST_FS_LIMIT), 0xffffffff } } },
	{ "gs_granularity", LONG, E_NONE, FAIL33(0), "27.3.1.2", "data_seg_bad(c, &gs)", { { F(GUEST_GS_AR_BYTES), 0x4093 } } },
	/* 27.3.1.3 / 27.3.1.4 */
	{ "gdtr_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.3", "RD(GUEST_GDTR_BASE)", { { F(GUEST_GDTR_BASE), 1ull << 47 } } },
	{ "idtr_noncanonical", LONG, E_NONE, FAIL33(0), "27.3.1.3", "RD(GUEST_IDTR_BASE)", { { F(GUEST_IDTR_BASE), 1ull << 49 } } },
	{ "gdtr_limit_high", LONG, E_NONE, FAIL33(0), "27.3.1.3", "RD(GUEST_GDTR_LIMIT) >> 16", { { F(GUEST_GDTR_LIMIT), 0x10000 } } },
	{ "idtr_limit_high", LONG, E_NONE, FAIL33(0), "27.3.1.3", "RD(GUEST_IDTR_LIMIT) >> 16", { { F(GUEST_IDTR_LIMIT), 0x1ffff } } },
	{ "rip_high_real_mode", REAL, E_NONE, FAIL33(0), "27.3.1.4", "(rip >> 32)", { { F(GUEST_RIP), 1ull << 32 } } },
	{ "rip_noncanonical_64", LONG, E_NONE, FAIL33(0), "27.3.1.4", "entry_noncanon(c, rip)", { { F(GUEST_RIP), 1ull << 47 } } },
	{ "rflags_bit1_clear", LONG, E_NONE, FAIL33(0), "27.3.1.4", "X86_RFLAGS_RESERVED", { { F(GUEST_RFLAGS), 0 } } },
	{ "rflags_reserved_bit15", LONG, E_NONE, FAIL33(0), "27.3.1.4", "X86_RFLAGS_RESERVED", { { F(GUEST_RFLAGS), 0x8002 } } },
	{ "rflags_vm_in_ia32e", LONG, E_NONE, FAIL33(0), "27.3.1.4", "X86_RFLAGS_VM", { { F(GUEST_RFLAGS), 0x20002 } } },
	{ "inject_ext_int_if_clear", LONG, E_NONE, FAIL33(0), "27.3.1.4", "!(rflags & X86_RFLAGS_IF)",
	  { { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_EXT_INTR, 0x30) } } },
	/* 27.3.1.5 non-register state */
	{ "activity_state_4", LONG, E_NONE, FAIL33(0), "27.3.1.5", "act > GUEST_ACTIVITY_WAIT_SIPI", { { F(GUEST_ACTIVITY_STATE), 4 } } },
	{ "activity_shutdown_not_offered", LONG, E_NONE, FAIL33(0), "27.3.1.5", "act > GUEST_ACTIVITY_WAIT_SIPI",
	  { { F(GUEST_ACTIVITY_STATE), GUEST_ACTIVITY_SHUTDOWN } } },
	{ "hlt_with_ss_dpl3", LONG, E_NONE, FAIL33(0), "27.3.1.5", "act == GUEST_ACTIVITY_HLT && VMX_AR_DPL",
	  { { F(GUEST_ACTIVITY_STATE), GUEST_ACTIVITY_HLT }, { F(GUEST_SS_AR_BYTES), 0xc0f3 },
	    { F(GUEST_SS_SELECTOR), 0x13 }, { F(GUEST_CS_SELECTOR), 0x0b },
	    { F(GUEST_CS_AR_BYTES), 0xa0fb } } },
	{ "hlt_with_sti_blocking", LONG, E_NONE, FAIL33(0), "27.3.1.5", "blocking && act != GUEST_ACTIVITY_ACTIVE",
	  { { F(GUEST_ACTIVITY_STATE), GUEST_ACTIVITY_HLT }, { F(GUEST_INTERRUPTIBILITY_INFO), 1 },
	    { F(GUEST_RFLAGS), 0x202 } } },
	{ "hlt_inject_ud", LONG, E_NONE, FAIL33(0), "27.3.1.5", "injection_blocked_by_activity",
	  { { F(GUEST_ACTIVITY_STATE), GUEST_ACTIVITY_HLT }, { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_HARD_EXCEPTION, 6) } } },
	{ "interruptibility_reserved", LONG, E_NONE, FAIL33(0), "27.3.1.5", "GUEST_INTR_STATE_RESVD_BITS_MASK",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 0x20 } } },
	{ "enclave_interruption_without_sgx", LONG, E_NONE, FAIL33(0), "27.3.1.5", "GUEST_INTR_STATE_ENCLAVE_INTR",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 0x10 } } },
	{ "sti_and_mov_ss", LONG, E_NONE, FAIL33(0), "27.3.1.5", "(intr & GUEST_INTR_STATE_STI) && (intr & GUEST_INTR_STATE_MOV_SS)",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 3 }, { F(GUEST_RFLAGS), 0x202 } } },
	{ "sti_blocking_if_clear", LONG, E_NONE, FAIL33(0), "27.3.1.5", "!(RD(GUEST_RFLAGS) & X86_RFLAGS_IF)",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 1 } } },
	{ "inject_nmi_mov_ss", LONG, E_NONE, FAIL33(0), "27.3.1.5", "type == INTR_TYPE_NMI_INTR) &&",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 2 }, { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_NMI_INTR, 2) } } },
	{ "inject_ext_int_sti", LONG, E_NONE, FAIL33(0), "27.3.1.5", "type == INTR_TYPE_EXT_INTR && (intr & GUEST_INTR_STATE_STI)",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 1 }, { F(GUEST_RFLAGS), 0x202 },
	    { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_EXT_INTR, 0x30) } } },
	{ "smi_blocking", LONG, E_NONE, FAIL33(0), "27.3.1.5", "intr & GUEST_INTR_STATE_SMI", { { F(GUEST_INTERRUPTIBILITY_INFO), 4 } } },
	{ "inject_nmi_virtual_nmi_blocked", LONG, E_NONE, FAIL33(0), "27.3.1.5", "PIN_BASED_VIRTUAL_NMIS) &&",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 8 }, { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_NMI_INTR, 2) } } },
	{ "inject_nmi_sti_blocking", LONG, E_NONE, FAIL33(3), "27.3.1.5", "type == INTR_TYPE_NMI_INTR && (intr & GUEST_INTR_STATE_STI)",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 1 }, { F(GUEST_RFLAGS), 0x202 },
	    { F(VM_ENTRY_INTR_INFO_FIELD), INJ(INTR_TYPE_NMI_INTR, 2) } } },
	{ "pending_dbg_reserved", LONG, E_NONE, FAIL33(0), "27.3.1.5", "pend & ~(PENDING_DBG_B0_3",
	  { { F(GUEST_PENDING_DBG_EXCEPTIONS), 0x10 } } },
	{ "pending_bs_missing_with_tf", LONG, E_NONE, FAIL33(0), "27.3.1.5", "tf && !btf",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 2 }, { F(GUEST_RFLAGS), 0x102 } } },
	{ "pending_bs_without_tf", LONG, E_NONE, FAIL33(0), "27.3.1.5", "(!tf || btf)",
	  { { F(GUEST_INTERRUPTIBILITY_INFO), 2 }, { F(GUEST_PENDING_DBG_EXCEPTIONS), PENDING_DBG_BS } } },
	{ "pending_rtm_with_b0", LONG, E_NONE, FAIL33(0), "27.3.1.5", "PENDING_DBG_RTM) &&",
	  { { F(GUEST_PENDING_DBG_EXCEPTIONS), PENDING_DBG_RTM | 1 } } },
	/* SDM 27.3.1.5: RTM needs bit 12 and a processor with RTM (the
	 * fixture's env has none): Bochs 2.7 showed the first, differentially. */
	{ "pending_rtm_without_bit12", LONG, E_NONE, FAIL33(0), "27.3.1.5", "PENDING_DBG_RTM) &&",
	  { { F(GUEST_PENDING_DBG_EXCEPTIONS), PENDING_DBG_RTM } } },
	{ "pending_rtm_without_rtm", LONG, E_NONE, FAIL33(0), "27.3.1.5", "PENDING_DBG_RTM) &&",
	  { { F(GUEST_PENDING_DBG_EXCEPTIONS), PENDING_DBG_RTM | PENDING_DBG_ENABLED_BP } } },
	{ "link_pointer_unaligned", LONG, E_NONE, FAIL33(4), "27.3.1.5", "entry_page_bad(c, link)",
	  { { F(VMCS_LINK_POINTER), FX_LINK + 8 } } },
	{ "link_pointer_unbacked", LONG, E_NONE, FAIL33(4), "27.3.1.5", "!readable", { { F(VMCS_LINK_POINTER), 0x40000 } } },
	{ "link_pointer_wrong_revision", LONG, E_NONE, FAIL33(4), "27.3.1.5", "!= want",
	  { { F(VMCS_LINK_POINTER), FX_PDPT } } },
	{ "link_pointer_shadow_indicator", LONG, E_MEM_LINK_SHADOW, FAIL33(4), "27.3.1.5", "VMCS_SHADOW_VMCS_INDICATOR",
	  { { F(VMCS_LINK_POINTER), FX_LINK } } },
	/* 27.3.1.6 PDPTEs (PAE paging, not IA-32e) */
	{ "pdpte_reserved_with_ept", REAL, E_NONE, FAIL33(2), "27.3.1.6", "pdpte_bad",
	  { { F(GUEST_CR0), 0x80000031 }, { F(GUEST_CR4), 0x2020 }, { F(GUEST_PDPTR2), 0x5003 } } },
	{ "pdpte_reserved_from_cr3", REAL, E_MEM_PDPTE_BAD, FAIL33(2), "27.3.1.6", "pdpte_bad",
	  { { F(GUEST_CR0), 0x80000031 }, { F(GUEST_CR4), 0x2020 }, { F(GUEST_CR3), FX_PDPT },
	    { F(SECONDARY_VM_EXEC_CONTROL), SECONDARY_EXEC_ENABLE_VPID } } },
	{ "pdpte_page_unbacked", REAL, E_NONE, FAIL33(2), "27.3.1.6", "!readable",
	  { { F(GUEST_CR0), 0x80000031 }, { F(GUEST_CR4), 0x2020 }, { F(GUEST_CR3), 0x80000000 },
	    { F(SECONDARY_VM_EXEC_CONTROL), SECONDARY_EXEC_ENABLE_VPID } } },
	/* 27.4 MSR loading */
	{ "msr_load_x2apic", LONG, E_MEM_MSR_BAD, FAIL34(1), "27.4", "msr_entry_bad", { { 0, 0 } } },
	{ "msr_load_second_entry_reserved", LONG, E_MEM_MSR_2ND_RESVD, FAIL34(2), "27.4", "msr_entry_bad",
	  { { F(VM_ENTRY_MSR_LOAD_COUNT), 2 } } },
	{ "msr_load_unbacked", LONG, E_NONE, FAIL34(1), "27.4", "!readable",
	  { { F(VM_ENTRY_MSR_LOAD_ADDR), 0x40000 } } },
};

static struct vmx_caps mod_caps;

static void apply_env(enum env_mod mod, struct vmcs12_entry_env *env, struct vmcs12 *vv)
{
	switch (mod) {
	case E_NONE:
		break;
	case E_RESUME:
		env->launch = false;
		break;
	case E_HOST32:
		env->host_ia32e = false;
		break;
	case E_TERTIARY_CAPS:
		/* a CPU with tertiary controls but no tertiary feature bits */
		mod_caps = vmx_caps_bochs_skylake_x;
		mod_caps.true_procbased_ctls |= (uint64_t)CPU_BASED_ACTIVATE_TERTIARY_CONTROLS << 32;
		env->caps = &mod_caps;
		break;
	case E_NO_MTF:
		mod_caps = l1caps;
		mod_caps.true_procbased_ctls &= ~((uint64_t)CPU_BASED_MONITOR_TRAP_FLAG << 32);
		env->caps = &mod_caps;
		break;
	case E_VPID0:
		/* VIRTUAL_PROCESSOR_ID is encoding 0, the table's "no field" */
		vmcs12_write(vv, VMCS_VIRTUAL_PROCESSOR_ID, 0);
		break;
	case E_RAW_CAPS:
		/* L1 told the bare hardware capabilities: checks of controls
		 * nested VMX does not offer become reachable. */
		env->caps = &vmx_caps_bochs_skylake_x;
		break;
	case E_MEM_LINK_SHADOW:
		fx_put32(&mem, FX_LINK, 0x2b | VMCS_SHADOW_VMCS_INDICATOR);
		break;
	case E_MEM_VTPR0:
		mem.bytes[FX_VAPIC + 0x80 - FX_MEM_BASE] = 0;
		break;
	case E_MEM_MSR_BAD:
		fx_put32(&mem, FX_MSR_LOAD, 0x808);
		break;
	case E_MEM_MSR_2ND_RESVD:
		fx_put32(&mem, FX_MSR_LOAD + 16, 0xc0000103u);
		fx_put32(&mem, FX_MSR_LOAD + 20, 1);
		break;
	case E_MEM_PDPTE_BAD:
		fx_put64(&mem, FX_PDPT + 8, 0x20001ull | (1ull << 6));
		break;
	}
}

/* The mutation's baseline in v (VMLAUNCH of a launched VMCS for
 * "vmlaunch_launched"), then its environment change and field writes. */
static void mutation_baseline(const struct mutation *m)
{
	if (m->base == LONG)
		entry_base_long(&v);
	else
		entry_base_real(&v);
	if (!strcmp(m->name, "vmlaunch_launched"))
		v.launch_state = VMCS12_LAUNCH_STATE_LAUNCHED;
}

static void mutation_apply(const struct mutation *m, struct vmcs12_entry_env *env)
{
	apply_env(m->mod, env, &v);
	for (int k = 0; k < 6; k++)
		if (m->set[k].f || m->set[k].val)
			vmcs12_write(&v, (enum vmcs_field)m->set[k].f, m->set[k].val);
}

TEST(each_mutation_fails_its_check)
{
	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];
		struct vmcs12_entry_env env = env_default();
		struct vmcs12_entry_result res;
		uint32_t want_reason = m->kind == VMCS12_ENTRY_FAIL ?
				       (m->code | VMX_EXIT_REASON_FAILED_VMENTRY) : 0;

		mutation_baseline(m);
		mutation_apply(m, &env);
		vmcs12_check_entry(&v, &env, &res);
		CHECKF(res.kind == m->kind, "%s: kind %d want %d (%s)", m->name, res.kind, m->kind,
		       res.cond ? res.cond : "passed");
		if (m->kind == VMCS12_ENTRY_VMFAIL_VALID)
			CHECKF(res.insn_error == m->code, "%s: error %u want %u", m->name,
			       res.insn_error, m->code);
		else
			CHECKF(res.exit_reason == want_reason && res.exit_qual == m->qual,
			       "%s: reason 0x%x qual %llu", m->name, res.exit_reason,
			       (unsigned long long)res.exit_qual);
		CHECKF(res.cond && strstr(res.cond, m->cond), "%s: cond '%s' lacks '%s'", m->name,
		       res.cond ? res.cond : "(none)", m->cond);
		CHECKF(res.sdm_section && !strcmp(res.sdm_section, m->sec), "%s: section %s want %s",
		       m->name, res.sdm_section ? res.sdm_section : "(none)", m->sec);
	}
}

static bool only_hot_fields(const struct mutation *m)
{
	for (int k = 0; k < 6; k++) {
		bool hot = false;
		if (!m->set[k].f && !m->set[k].val)
			continue;
		for (unsigned h = 0; h < VMCS12_ENTRY_NR_HOT; h++)
			hot |= m->set[k].f == (uint32_t)vmcs12_entry_hot_fields[h];
		if (!hot)
			return false;
	}
	/* Environment changes that stand for L1 memory or the instruction. */
	return m->mod == E_NONE || m->mod == E_RESUME || m->mod == E_MEM_LINK_SHADOW ||
	       m->mod == E_MEM_MSR_BAD || m->mod == E_MEM_MSR_2ND_RESVD ||
	       m->mod == E_MEM_PDPTE_BAD || m->mod == E_MEM_VTPR0;
}

/* The hot fields that differ between two vmcs12s, as a "changed" mask. */
static uint32_t hot_changed(const struct vmcs12 *a, const struct vmcs12 *b)
{
	uint32_t m = 0;

	for (unsigned h = 0; h < VMCS12_ENTRY_NR_HOT; h++)
		if (vmcs12_read(a, vmcs12_entry_hot_fields[h]) != vmcs12_read(b, vmcs12_entry_hot_fields[h]))
			m |= 1u << h;
	return m;
}

/* vmcs12_check_entry_hot() gives the full result for every mutation of the
 * hot fields or of L1 memory (the baseline having passed), told exactly
 * which hot fields changed or told "all". */
TEST(hot_check_agrees_on_hot_mutations)
{
	unsigned compared = 0;

	for (size_t i = 0; i < sizeof(mutations) / sizeof(mutations[0]); i++) {
		const struct mutation *m = &mutations[i];
		struct vmcs12_entry_env env = env_default();
		struct vmcs12_entry_result full, hot;

		if (!only_hot_fields(m))
			continue;
		mutation_baseline(m);
		struct vmcs12 base = v;
		mutation_apply(m, &env);
		vmcs12_check_entry(&v, &env, &full);
		for (int all = 0; all < 2; all++) {
			uint32_t changed = all ? VMCS12_ENTRY_HOT_ALL : hot_changed(&base, &v);
			vmcs12_check_entry_hot(&v, &env, changed, &hot);
			CHECKF(full.kind == hot.kind && full.insn_error == hot.insn_error &&
			       full.exit_reason == hot.exit_reason && full.exit_qual == hot.exit_qual,
			       "%s (changed 0x%x): hot check %d/%u/0x%x/%llu, full %d/%u/0x%x/%llu",
			       m->name, changed, hot.kind, hot.insn_error, hot.exit_reason,
			       (unsigned long long)hot.exit_qual, full.kind, full.insn_error,
			       full.exit_reason, (unsigned long long)full.exit_qual);
		}
		compared++;
	}
	CHECKF(compared >= 20, "only %u mutations of hot fields compared", compared);
}

/* What the hot check leaves out is what its contract says did not change:
 * a bad host CR0 passes it, and RFLAGS.VM brings back every check. */
TEST(hot_check_skips_cold_fields_but_not_v86)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;

	entry_base_long(&v);
	vmcs12_write(&v, VMCS_HOST_CR0, 0);
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_ALL, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_VMFAIL_VALID);

	/* With RFLAGS.VM the host-state check (which comes first) fires. */
	vmcs12_write(&v, VMCS_GUEST_RFLAGS, vmcs12_read(&v, VMCS_GUEST_RFLAGS) | (1u << 17));
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_ALL, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_VMFAIL_VALID);
	CHECK_EQ(res.insn_error, VMXERR_ENTRY_INVALID_HOST_STATE_FIELD);
}

/* Told that only RIP changed, the hot check looks at RIP and skips the
 * checks of the other hot fields (which kept values that passed). */
TEST(hot_check_rip_only)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;

	entry_base_long(&v);
	vmcs12_write(&v, VMCS_GUEST_RIP, 0x0000800000000000ull);       /* not canonical */
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_RIP, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
	CHECK_EQ(res.exit_reason, EXIT_REASON_INVALID_STATE | VMX_EXIT_REASON_FAILED_VMENTRY);
	vmcs12_check_entry_hot(&v, &env, 0, &res);                     /* "RIP unchanged" */
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);

	entry_base_long(&v);
	vmcs12_write(&v, VMCS_GUEST_RFLAGS, 0);                          /* bit 1 must be 1 */
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_RIP, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_RIP | 4u, &res); /* RFLAGS changed */
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
}

/* Checks that read L1 memory tolerate a missing callback without crashing. */
TEST(no_read_phys_callback)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;

	env.read_phys = NULL;
	entry_base_long(&v);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
	CHECK_EQ(res.exit_reason, EXIT_REASON_MSR_LOAD_FAIL | VMX_EXIT_REASON_FAILED_VMENTRY);
	vmcs12_write(&v, VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
}

/* Error-code check relaxed by IA32_VMX_BASIC[56]. */
TEST(basic56_relaxes_error_code_check)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;

	entry_base_long(&v);
	vmcs12_write(&v, VMCS_VM_ENTRY_INTR_INFO_FIELD, INJ(INTR_TYPE_HARD_EXCEPTION, 6) |
			 INTR_INFO_DELIVER_CODE_MASK);
	l1caps.basic |= VMX_BASIC_NO_HW_ERRCODE_CHECK;
	vmcs12_check_entry(&v, &env, &res);
	CHECKF(res.kind == VMCS12_ENTRY_OK, "%s", res.cond ? res.cond : "");
}

/* Canonical means "for L1's linear-address width" (SDM 27.2.2, 27.3.1):
 * an address with bits 56:47 in use passes on a 57-bit processor, fails on
 * a 48-bit one, and bits above 56 fail on both; the hot RIP check too. */
TEST(canonical_uses_la_width)
{
	static const enum vmcs_field fields[] = {
		VMCS_GUEST_FS_BASE, VMCS_GUEST_GS_BASE, VMCS_GUEST_TR_BASE, VMCS_GUEST_GDTR_BASE,
		VMCS_GUEST_IDTR_BASE, VMCS_GUEST_SYSENTER_ESP, VMCS_GUEST_SYSENTER_EIP,
		VMCS_GUEST_RIP, VMCS_HOST_FS_BASE, VMCS_HOST_GS_BASE, VMCS_HOST_TR_BASE,
		VMCS_HOST_GDTR_BASE, VMCS_HOST_IDTR_BASE, VMCS_HOST_IA32_SYSENTER_ESP,
		VMCS_HOST_IA32_SYSENTER_EIP, VMCS_HOST_RIP,
	};
	struct vmcs12_entry_result res;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct vmcs12_entry_env env = env_default();

		entry_base_long(&v);
		vmcs12_write(&v, VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
		vmcs12_write(&v, fields[i], 0x0080000000000000ull);
		env.la_width = 57;
		vmcs12_check_entry(&v, &env, &res);
		CHECKF(res.kind == VMCS12_ENTRY_OK, "field 0x%x, 57 bits: %s", fields[i],
		       res.cond ? res.cond : "");
		env.la_width = 48;
		vmcs12_check_entry(&v, &env, &res);
		CHECKF(res.kind != VMCS12_ENTRY_OK, "field 0x%x, 48 bits: passed", fields[i]);
		vmcs12_write(&v, fields[i], 0x0100000000000000ull);
		env.la_width = 57;
		vmcs12_check_entry(&v, &env, &res);
		CHECKF(res.kind != VMCS12_ENTRY_OK, "field 0x%x, bit 56, 57 bits: passed", fields[i]);
	}

	struct vmcs12_entry_env env = env_default();
	entry_base_long(&v);
	vmcs12_write(&v, VMCS_GUEST_RIP, 0xff80000000001000ull);
	env.la_width = 57;
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_RIP, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
	env.la_width = 48;
	vmcs12_check_entry_hot(&v, &env, VMCS12_ENTRY_HOT_RIP, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
}

/* SDM 27.3.1.5: bit 16 (RTM) with bit 12 is accepted only on a processor
 * with RTM; with it, nothing else may be set. */
TEST(pending_rtm_needs_rtm_support)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;

	entry_base_long(&v);
	vmcs12_write(&v, VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs12_write(&v, VMCS_GUEST_PENDING_DBG_EXCEPTIONS, PENDING_DBG_RTM | PENDING_DBG_ENABLED_BP);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
	env.rtm = true;
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
	vmcs12_write(&v, VMCS_GUEST_PENDING_DBG_EXCEPTIONS, PENDING_DBG_RTM);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
}

/* Every address reads a valid MSR-load entry (IA32_TSC_AUX = 0). */
static bool endless_msr_area(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	uint32_t entry[4] = { 0xc0000103u, 0, 0, 0 };

	(void)ctx;
	if (len != sizeof(entry) || (gpa & 0xf))
		return false;
	memcpy(buf, entry, len);
	return true;
}

/* SDM A.6: past 512 * (IA32_VMX_MISC[27:25] + 1) entries the processor
 * may do anything; the checks stop there, with that entry failing. */
TEST(msr_load_count_beyond_recommended_maximum)
{
	struct vmcs12_entry_env env = env_default();
	struct vmcs12_entry_result res;
	uint32_t max = vmx_msr_area_max(l1caps.misc);

	entry_base_long(&v);
	env.read_phys = endless_msr_area;
	vmcs12_write(&v, VMCS_VM_ENTRY_MSR_LOAD_COUNT, max);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_OK);
	vmcs12_write(&v, VMCS_VM_ENTRY_MSR_LOAD_COUNT, 1u << 20);
	vmcs12_check_entry(&v, &env, &res);
	CHECK_EQ(res.kind, VMCS12_ENTRY_FAIL);
	CHECK_EQ(res.exit_reason, EXIT_REASON_MSR_LOAD_FAIL | VMX_EXIT_REASON_FAILED_VMENTRY);
	CHECK_EQ(res.exit_qual, (uint64_t)max + 1);
}
