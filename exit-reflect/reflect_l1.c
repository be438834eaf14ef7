/* SPDX-License-Identifier: MIT */
/*
 * l1_wants_exit(): would L1 get this exit from L2 if L1 ran L2 on real
 * hardware with the controls it wrote into vmcs12? One case per basic exit
 * reason, in Table C-1 order; the larger families live in reflect_cr.c,
 * reflect_io_msr.c and reflect_exceptions.c.
 *
 * Sources: SDM Vol. 3C 26.1.2 "Instructions That Cause VM Exits
 * Unconditionally", 26.1.3 "Instructions That Cause VM Exits Conditionally",
 * 26.2 "Other Causes of VM Exits", Appendix C. When an instruction #UDs
 * because L1 did not enable it (RDTSCP, INVPCID, XSAVES, VMFUNC, UMWAIT ...),
 * L1 does not get an exit: L0 must make L2 see the #UD.
 *
 * Unknown reasons and exits the hardware cannot produce return true, as KVM's
 * default does: showing L1 a strange exit is recoverable, hiding one is not.
 */
#include "exit-reflect/exit_qual.h"
#include "exit-reflect/reflect_controls.h"

#define REFLECT_LEAF_BITMAP_LAST 63u   /* ENCLS/ENCLV leaves >= 63 share bit 63 */
#define REFLECT_VMFUNC_EPTP_SWITCHING 0u
#define REFLECT_EPTP_LIST_ENTRIES 512u
#define REFLECT_VMFUNC_COUNT 64u

/* ENCLS/ENCLV exiting bitmaps (SDM 25.6.16, 25.6.19): one bit per leaf in EAX. */
static bool reflect_leaf_bitmap_hit(uint64_t bitmap, uint32_t leaf)
{
	if (leaf > REFLECT_LEAF_BITMAP_LAST)
		leaf = REFLECT_LEAF_BITMAP_LAST;
	return (bitmap >> leaf) & 1;
}

/*
 * XSAVES/XRSTORS (SDM 26.1.3): #UD unless "enable XSAVES/XRSTORS"; then they
 * exit if any bit is set in EDX:EAX AND IA32_XSS AND the XSS-exiting bitmap.
 */
static bool reflect_xsaves_exits(const struct vmcs12 *v, const struct reflect_exit *e)
{
	uint64_t rfbm = ((uint64_t)reflect_gpr32(e, REFLECT_RDX) << 32) |
			reflect_gpr32(e, REFLECT_RAX);

	if (!reflect_has_cpu2(v, SECONDARY_EXEC_XSAVES))
		return false;
	return (rfbm & e->guest_ia32_xss & vmcs12_read(v, VMCS_XSS_EXIT_BITMAP)) != 0;
}

/*
 * VMFUNC (SDM 26.5.6 "VM Functions"): #UD unless "enable VM functions". A
 * function L1 did not enable in the VM-function controls (EAX >= 64 or its
 * bit clear) exits to L1, as does EPTP switching (function 0) with ECX >= 512.
 * An enabled function with a valid index does not exit on hardware: L0
 * performs it for L2 (it knows L1's EPTP list). Whether the selected list
 * entry is a valid EPTP is only known while emulating; the emulation reflects
 * the exit if it is not (the function-specific exit of SDM 26.5.6.3).
 */
static bool reflect_vmfunc_exits(const struct vmcs12 *v, const struct reflect_exit *e)
{
	uint32_t func = reflect_gpr32(e, REFLECT_RAX);

	if (!reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_VMFUNC))
		return false;
	if (func >= REFLECT_VMFUNC_COUNT)
		return true;
	if (!((vmcs12_read(v, VMCS_VM_FUNCTION_CONTROL) >> func) & 1))
		return true;
	if (func == REFLECT_VMFUNC_EPTP_SWITCHING)
		return reflect_gpr32(e, REFLECT_RCX) >= REFLECT_EPTP_LIST_ENTRIES;
	return false; /* an enabled function nestlab does not know: L0 emulates or #UDs */
}

/*
 * EOI-induced exits (SDM 30.1.4): with virtual-interrupt delivery, an EOI
 * exits if the EOI-exit bitmap bit of the vector being dismissed (exit
 * qualification bits 7:0) is set.
 */
static bool reflect_eoi_exits(const struct vmcs12 *v, const struct reflect_exit *e)
{
	static const enum vmcs_field eoi_bitmap[4] = {
		VMCS_EOI_EXIT_BITMAP0, VMCS_EOI_EXIT_BITMAP1,
		VMCS_EOI_EXIT_BITMAP2, VMCS_EOI_EXIT_BITMAP3,
	};
	uint8_t vector = (uint8_t)e->qualification;

	if (!reflect_has_cpu2(v, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY))
		return false;
	return (vmcs12_read(v, eoi_bitmap[vector / 64]) >> (vector % 64)) & 1;
}

/* Keep in step with the uses of gprs[] above and below (the reflection
 * fuzzer checks that no other reason's verdict depends on them). */
bool reflect_reason_reads_gprs(uint32_t basic_reason)
{
	switch (basic_reason) {
	case EXIT_REASON_CR_ACCESS:       /* the source register of MOV to CR */
	case EXIT_REASON_MSR_READ:        /* ECX */
	case EXIT_REASON_MSR_WRITE:
	case EXIT_REASON_VMREAD:          /* the field-encoding register */
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMFUNC:          /* EAX, ECX */
	case EXIT_REASON_ENCLS:           /* EAX */
	case EXIT_REASON_ENCLV:
	case EXIT_REASON_XSAVES:          /* EDX:EAX */
	case EXIT_REASON_XRSTORS:
		return true;
	default:
		return false;
	}
}

bool l1_wants_exit(const struct vmcs12 *v, const struct reflect_exit *e,
		   const struct reflect_l1_mem *mem)
{
	switch (e->basic_reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		return reflect_l1_wants_exception_nmi(v, e);
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		return reflect_has_pin(v, PIN_BASED_EXT_INTR_MASK);
	case EXIT_REASON_TRIPLE_FAULT:
	case EXIT_REASON_INIT_SIGNAL:
	case EXIT_REASON_SIPI_SIGNAL:
		return true;
	case EXIT_REASON_IO_SMI:
	case EXIT_REASON_OTHER_SMI:
	case EXIT_REASON_RSM:
		/*
		 * SMM VM exits go to an SMM-transfer monitor, never to L1 (SDM
		 * "Dual-Monitor Treatment of SMIs and SMM").
		 */
		return false;
	case EXIT_REASON_INTERRUPT_WINDOW:
		return reflect_has_cpu(v, CPU_BASED_INTR_WINDOW_EXITING);
	case EXIT_REASON_NMI_WINDOW:
		return reflect_has_cpu(v, CPU_BASED_NMI_WINDOW_EXITING);
	case EXIT_REASON_TASK_SWITCH:
	case EXIT_REASON_CPUID:
	case EXIT_REASON_GETSEC:
	case EXIT_REASON_INVD:
	case EXIT_REASON_VMCALL:
		return true;
	case EXIT_REASON_HLT:
		return reflect_has_cpu(v, CPU_BASED_HLT_EXITING);
	case EXIT_REASON_INVLPG:
		return reflect_has_cpu(v, CPU_BASED_INVLPG_EXITING);
	case EXIT_REASON_RDPMC:
		return reflect_has_cpu(v, CPU_BASED_RDPMC_EXITING);
	case EXIT_REASON_RDTSC:
		return reflect_has_cpu(v, CPU_BASED_RDTSC_EXITING);
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMWRITE:
		return reflect_l1_wants_vmrw(v, e, mem);
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMOFF:
	case EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
		return true; /* VMX instructions in L2 are L1's to emulate */
	case EXIT_REASON_CR_ACCESS:
		return reflect_l1_wants_cr(v, e);
	case EXIT_REASON_DR_ACCESS:
		return reflect_has_cpu(v, CPU_BASED_MOV_DR_EXITING);
	case EXIT_REASON_IO_INSTRUCTION:
		return reflect_l1_wants_io(v, e, mem);
	case EXIT_REASON_MSR_READ:
		return reflect_l1_wants_msr(v, reflect_gpr32(e, REFLECT_RCX), false, mem);
	case EXIT_REASON_MSR_WRITE:
		return reflect_l1_wants_msr(v, reflect_gpr32(e, REFLECT_RCX), true, mem);
	case EXIT_REASON_MSR_READ_IMM:
		/* Immediate forms: the MSR index is in the exit qualification. */
		return reflect_l1_wants_msr(v, (uint32_t)e->qualification, false, mem);
	case EXIT_REASON_MSR_WRITE_IMM:
		return reflect_l1_wants_msr(v, (uint32_t)e->qualification, true, mem);
	case EXIT_REASON_INVALID_STATE:
	case EXIT_REASON_MSR_LOAD_FAIL:
		return true; /* L1's VM entry of L2 failed on L1's vmcs12 */
	case EXIT_REASON_MCE_DURING_VMENTRY:
		return true; /* architecturally L1's; l0_owns_exit() claims it first */
	case EXIT_REASON_MWAIT_INSTRUCTION:
		return reflect_has_cpu(v, CPU_BASED_MWAIT_EXITING);
	case EXIT_REASON_MONITOR_TRAP_FLAG:
		return reflect_has_cpu(v, CPU_BASED_MONITOR_TRAP_FLAG);
	case EXIT_REASON_MONITOR_INSTRUCTION:
		return reflect_has_cpu(v, CPU_BASED_MONITOR_EXITING);
	case EXIT_REASON_PAUSE_INSTRUCTION:
		/*
		 * PAUSE exiting, or PAUSE-loop exiting (CPL 0 only). The exit
		 * does not say which fired; vmcs02 runs L1's PLE_GAP/PLE_WINDOW,
		 * so a PLE exit L0 sees is one L1 would have seen.
		 */
		return reflect_has_cpu(v, CPU_BASED_PAUSE_EXITING) ||
		       reflect_has_cpu2(v, SECONDARY_EXEC_PAUSE_LOOP_EXITING);
	case EXIT_REASON_TPR_BELOW_THRESHOLD:
		return reflect_has_cpu(v, CPU_BASED_TPR_SHADOW);
	case EXIT_REASON_APIC_ACCESS:
		return reflect_has_cpu2(v, SECONDARY_EXEC_VIRTUALIZE_APIC_ACCESSES);
	case EXIT_REASON_EOI_INDUCED:
		return reflect_eoi_exits(v, e);
	case EXIT_REASON_GDTR_IDTR:
	case EXIT_REASON_LDTR_TR:
		return reflect_has_cpu2(v, SECONDARY_EXEC_DESC);
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		/*
		 * Without EPT in vmcs12, L2's physical addresses are L1's and
		 * every EPT exit comes from L0's own tables. With it, the fault is
		 * L1's unless L0 finds it in its shadow ept02 (l0_owns_exit()).
		 */
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_EPT);
	case EXIT_REASON_RDTSCP:
		/* RDTSCP #UDs unless "enable RDTSCP"; then RDTSC exiting decides. */
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_RDTSCP) &&
		       reflect_has_cpu(v, CPU_BASED_RDTSC_EXITING);
	case EXIT_REASON_PREEMPTION_TIMER:
		return reflect_has_pin(v, PIN_BASED_VMX_PREEMPTION_TIMER);
	case EXIT_REASON_WBINVD:
		return reflect_has_cpu2(v, SECONDARY_EXEC_WBINVD_EXITING);
	case EXIT_REASON_XSETBV:
		return true;
	case EXIT_REASON_APIC_WRITE:
		/* APIC-write emulation comes with register virtualization or VID. */
		return reflect_has_cpu2(v, SECONDARY_EXEC_APIC_REGISTER_VIRT) ||
		       reflect_has_cpu2(v, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
	case EXIT_REASON_RDRAND:
		return reflect_has_cpu2(v, SECONDARY_EXEC_RDRAND_EXITING);
	case EXIT_REASON_INVPCID:
		/* INVPCID #UDs unless "enable INVPCID"; then INVLPG exiting decides. */
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_INVPCID) &&
		       reflect_has_cpu(v, CPU_BASED_INVLPG_EXITING);
	case EXIT_REASON_VMFUNC:
		return reflect_vmfunc_exits(v, e);
	case EXIT_REASON_ENCLS:
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENCLS_EXITING) &&
		       reflect_leaf_bitmap_hit(vmcs12_read(v, VMCS_ENCLS_EXITING_BITMAP),
					       reflect_gpr32(e, REFLECT_RAX));
	case EXIT_REASON_RDSEED:
		return reflect_has_cpu2(v, SECONDARY_EXEC_RDSEED_EXITING);
	case EXIT_REASON_PML_FULL:
		/* PML only operates with EPT (SDM 29.3.6). */
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_PML) &&
		       reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_EPT);
	case EXIT_REASON_XSAVES:
	case EXIT_REASON_XRSTORS:
		return reflect_xsaves_exits(v, e);
	case EXIT_REASON_SPP_EVENT:
		return reflect_has_cpu2(v, SECONDARY_EXEC_SPP);
	case EXIT_REASON_UMWAIT:
	case EXIT_REASON_TPAUSE:
		/* #UD unless "enable user wait and pause"; then RDTSC exiting decides. */
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENABLE_USR_WAIT_PAUSE) &&
		       reflect_has_cpu(v, CPU_BASED_RDTSC_EXITING);
	case EXIT_REASON_LOADIWKEY:
		return reflect_has_cpu3(v, TERTIARY_EXEC_LOADIWKEY_EXITING);
	case EXIT_REASON_ENCLV:
		return reflect_has_cpu2(v, SECONDARY_EXEC_ENCLV_EXITING) &&
		       reflect_leaf_bitmap_hit(vmcs12_read(v, VMCS_ENCLV_EXITING_BITMAP),
					       reflect_gpr32(e, REFLECT_RAX));
	case EXIT_REASON_BUS_LOCK:
		return reflect_has_cpu2(v, SECONDARY_EXEC_BUS_LOCK_DETECTION);
	case EXIT_REASON_NOTIFY:
		return reflect_has_cpu2(v, SECONDARY_EXEC_NOTIFY_VM_EXITING);
	case EXIT_REASON_SEAMCALL:
	case EXIT_REASON_TDCALL:
		return true; /* unconditional in VMX non-root operation */
	case EXIT_REASON_PCONFIG:
	case EXIT_REASON_ENQCMD_PASID_FAIL:
	case EXIT_REASON_ENQCMDS_PASID_FAIL:
	case EXIT_REASON_RDMSRLIST:
	case EXIT_REASON_WRMSRLIST:
	case EXIT_REASON_URDMSR:
	case EXIT_REASON_UWRMSR:
		/*
		 * Their rules need state vmcs12 does not model (the PCONFIG-exiting
		 * bitmap, PASID-translation tables, the MSR list in memory, the
		 * user-MSR controls); nestlab does not offer these features to L1.
		 * Conservative answer: L1's.
		 */
		return true;
	default:
		return true;
	}
}
