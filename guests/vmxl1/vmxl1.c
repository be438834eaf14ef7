/* SPDX-License-Identifier: MIT */
/*
 * vmxl1: a minimal guest hypervisor, run by l1hv with nested=on. It checks
 * the emulated VMX instructions (outcomes and VM-instruction errors, SDM
 * ch. 31), VM-entry checks seen from L1 (VMfailValid 7/8, entry failure
 * 33), and that its L2 (l2_program.S, 64-bit, no EPT) sends it exactly the
 * exits its controls ask for. It also counts L0 exits per reflected exit.
 */
#include "common/free/cpu_tables.h"
#include "common/free/string.h"
#include "exit-reflect/exit_reasons.h"
#include "guests/lib/guest.h"
#include "guests/vmxl1/vmx_guest.h"
#include "guests/vmxl1/vmxl1.h"
#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

static uint8_t vmxon_region[4096] __attribute__((aligned(4096)));
uint8_t vmxl1_vmcs[4096] __attribute__((aligned(4096)));
#define vmcs_a vmxl1_vmcs
static uint8_t io_bitmap_a[4096] __attribute__((aligned(4096)));
static uint8_t io_bitmap_b[4096] __attribute__((aligned(4096)));
static uint8_t msr_bitmap[4096] __attribute__((aligned(4096)));
static uint8_t l2_stack[8192] __attribute__((aligned(16)));
extern char l2_program[];
extern uint8_t l2_scratch[8];

static uint32_t revision;

static void set_vmxe(void *ctx)
{
	(void)ctx;
	asm volatile("mov %0, %%cr4" :: "r"(read_cr4() | X86_CR4_VMXE));
}

static void do_vmxon(void *ctx)
{
	*(int *)ctx = vmxon((uint64_t)vmxon_region);
}

void vmxl1_fresh_vmcs(void)
{
	vmclear((uint64_t)vmxl1_vmcs);
	vmptrld((uint64_t)vmxl1_vmcs);
	vmxl1_setup_vmcs();
}

void vmxl1_add_secondary(uint32_t bits)
{
	uint64_t proc = vmread_value(VMCS_CPU_BASED_VM_EXEC_CONTROL);
	uint64_t sec = (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) ?
		       vmread_value(VMCS_SECONDARY_VM_EXEC_CONTROL) : 0;

	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	vmwrite(VMCS_SECONDARY_VM_EXEC_CONTROL,
		vmx_ctl_adjust(MSR_IA32_VMX_PROCBASED_CTLS2, (uint32_t)sec | bits));
}

void vmxl1_use_ept(uint64_t eptp)
{
	vmxl1_add_secondary(SECONDARY_EXEC_ENABLE_EPT);
	vmwrite(VMCS_EPT_POINTER, eptp);
}

void vmxl1_use_shadow(void *shadow_vmcs, void *rd_bitmap, void *wr_bitmap)
{
	vmxl1_add_secondary(SECONDARY_EXEC_SHADOW_VMCS);
	vmwrite(VMCS_VMCS_LINK_POINTER, (uint64_t)shadow_vmcs);
	vmwrite(VMCS_VMREAD_BITMAP, (uint64_t)rd_bitmap);
	vmwrite(VMCS_VMWRITE_BITMAP, (uint64_t)wr_bitmap);
}

void vmxl1_setup_vmcs(void)
{
	struct desc_ptr gdtr, idtr;
	uint16_t sels[] = { VMCS_GUEST_ES_SELECTOR, VMCS_GUEST_SS_SELECTOR, VMCS_GUEST_DS_SELECTOR };

	sgdt(&gdtr);
	sidt(&idtr);
	vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL, vmx_ctl_adjust(MSR_IA32_VMX_TRUE_PINBASED_CTLS, 0));
	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL, vmx_ctl_adjust(MSR_IA32_VMX_TRUE_PROCBASED_CTLS,
		CPU_BASED_HLT_EXITING | CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS));
	vmwrite(VMCS_VM_EXIT_CONTROLS, vmx_ctl_adjust(MSR_IA32_VMX_TRUE_EXIT_CTLS,
		VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER));
	vmwrite(VMCS_VM_ENTRY_CONTROLS, vmx_ctl_adjust(MSR_IA32_VMX_TRUE_ENTRY_CTLS,
		VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_IA32_EFER));
	vmwrite(VMCS_IO_BITMAP_A, (uint64_t)io_bitmap_a);
	vmwrite(VMCS_IO_BITMAP_B, (uint64_t)io_bitmap_b);
	vmwrite(VMCS_MSR_BITMAP, (uint64_t)msr_bitmap);
	io_bitmap_a[0x80 / 8] |= 1u << (0x80 % 8);
	msr_bitmap[0x1b / 8] |= 1u << (0x1b % 8);        /* read bitmap, low MSRs */
	vmwrite(VMCS_VMCS_LINK_POINTER, ~0ull);

	/* Host: ourselves. */
	vmwrite(VMCS_HOST_CR0, read_cr0());
	vmwrite(VMCS_HOST_CR3, read_cr3());
	vmwrite(VMCS_HOST_CR4, read_cr4());
	vmwrite(VMCS_HOST_CS_SELECTOR, SEL_CODE64);
	vmwrite(VMCS_HOST_SS_SELECTOR, SEL_DATA);
	vmwrite(VMCS_HOST_DS_SELECTOR, SEL_DATA);
	vmwrite(VMCS_HOST_ES_SELECTOR, SEL_DATA);
	vmwrite(VMCS_HOST_TR_SELECTOR, SEL_TSS);
	vmwrite(VMCS_HOST_TR_BASE, cpu_tss_base());
	vmwrite(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmwrite(VMCS_HOST_IDTR_BASE, idtr.base);
	vmwrite(VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));

	/* Guest: the same flat 64-bit world, its own stack and code. */
	vmwrite(VMCS_GUEST_CR0, read_cr0());
	vmwrite(VMCS_GUEST_CR3, read_cr3());
	vmwrite(VMCS_GUEST_CR4, read_cr4());
	vmwrite(VMCS_GUEST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmwrite(VMCS_GUEST_CS_SELECTOR, SEL_CODE64);
	vmwrite(VMCS_GUEST_CS_LIMIT, 0xffffffff);
	vmwrite(VMCS_GUEST_CS_AR_BYTES, VMX_AR_CODE64);
	for (unsigned i = 0; i < 3; i++) {
		vmwrite(sels[i], SEL_DATA);
		vmwrite(sels[i] + (VMCS_GUEST_ES_LIMIT - VMCS_GUEST_ES_SELECTOR), 0xffffffff);
		vmwrite(sels[i] + (VMCS_GUEST_ES_AR_BYTES - VMCS_GUEST_ES_SELECTOR), VMX_AR_DATA32);
	}
	vmwrite(VMCS_GUEST_FS_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmwrite(VMCS_GUEST_GS_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmwrite(VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmwrite(VMCS_GUEST_TR_SELECTOR, SEL_TSS);
	vmwrite(VMCS_GUEST_TR_BASE, cpu_tss_base());
	vmwrite(VMCS_GUEST_TR_LIMIT, 0x67);
	vmwrite(VMCS_GUEST_TR_AR_BYTES, VMX_AR_TSS_BUSY);
	vmwrite(VMCS_GUEST_GDTR_BASE, gdtr.base);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, gdtr.limit);
	vmwrite(VMCS_GUEST_IDTR_BASE, idtr.base);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, idtr.limit);
	vmwrite(VMCS_GUEST_DR7, 0x400);
	vmwrite(VMCS_GUEST_RFLAGS, 0x2);
	vmwrite(VMCS_GUEST_RSP, (uint64_t)(l2_stack + sizeof(l2_stack)));
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_program);
	/* The VMCS region keeps what earlier checks left in it (an exit in
	 * the HLT state, MSR areas...): start active, with nothing pending. */
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, 0);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmwrite(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmwrite(VMCS_VM_ENTRY_INTR_INFO_FIELD, 0);
	vmwrite(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmwrite(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
}

static void check_instruction_errors(void)
{
	uint64_t v = 0, ptr = 0;
	int rc = -1;

	report(catch_exception(do_vmxon, &rc, 4) == X86_EXC_UD, "VMXON with CR4.VMXE clear: #UD");
	report(catch_exception(set_vmxe, NULL, 3) == -1, "CR4.VMXE can be set with nested=on");
	revision = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;
	report(revision != 0, "IA32_VMX_BASIC gives a revision id (0x%x)", revision);
	report((rdmsr(MSR_IA32_FEATURE_CONTROL) & 5) == 5,
	       "IA32_FEATURE_CONTROL: locked, VMXON allowed");

	*(uint32_t *)vmxon_region = revision ^ 1;
	report(vmxon((uint64_t)vmxon_region) == VM_FAIL_INVALID,
	       "VMXON, wrong revision: VMfailInvalid");
	*(uint32_t *)vmxon_region = revision;
	report(vmxon((uint64_t)vmxon_region + 8) == VM_FAIL_INVALID,
	       "VMXON, unaligned: VMfailInvalid");
	report(vmxon((uint64_t)vmxon_region) == VM_SUCCEED, "VMXON: VMsucceed");
	report(vmxon((uint64_t)vmxon_region) == VM_FAIL_INVALID,
	       "VMXON in VMX operation without a current VMCS: VMfailInvalid");
	report(vmptrld((uint64_t)vmcs_a + 1) == VM_FAIL_INVALID,
	       "VMPTRLD, unaligned, no current VMCS: VMfailInvalid");
	report(vmread(VMCS_GUEST_RIP, &v) == VM_FAIL_INVALID,
	       "VMREAD without a current VMCS: VMfailInvalid");

	*(uint32_t *)vmcs_a = revision;
	report(vmclear((uint64_t)vmcs_a) == VM_SUCCEED, "VMCLEAR: VMsucceed");
	report(vmptrld((uint64_t)vmcs_a) == VM_SUCCEED, "VMPTRLD: VMsucceed");
	report(vmptrst(&ptr) == VM_SUCCEED && ptr == (uint64_t)vmcs_a,
	       "VMPTRST returns the current VMCS");
	report(vmptrld((uint64_t)vmcs_a + 8) == VM_FAIL_VALID && vmx_insn_error() == 9,
	       "VMPTRLD, unaligned: VMfailValid(9)");
	report(vmptrld((uint64_t)vmxon_region) == VM_FAIL_VALID && vmx_insn_error() == 10,
	       "VMPTRLD of the VMXON region: VMfailValid(10)");
	report(vmclear((uint64_t)vmxon_region) == VM_FAIL_VALID && vmx_insn_error() == 3,
	       "VMCLEAR of the VMXON region: VMfailValid(3)");
	report(vmread(0x7ffe, &v) == VM_FAIL_VALID && vmx_insn_error() == 12,
	       "VMREAD of an unsupported field: VMfailValid(12)");
	report(vmwrite(VMCS_GUEST_RIP, 0x1234) == VM_SUCCEED && vmread(VMCS_GUEST_RIP, &v) == 0 &&
	       v == 0x1234, "VMWRITE then VMREAD round trip");
	report(vmxon((uint64_t)vmxon_region) == VM_FAIL_VALID && vmx_insn_error() == 15,
	       "VMXON in VMX operation: VMfailValid(15)");
	report(l2_run(1) == VM_FAIL_VALID && vmx_insn_error() == 5,
	       "VMRESUME of a clear VMCS: VMfailValid(5)");
}

static void check_entry_failures(void)
{
	uint64_t v = 0;

	vmxl1_setup_vmcs();
	vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL, 0xffffffff);
	report(l2_run(0) == VM_FAIL_VALID && vmx_insn_error() == 7,
	       "VMLAUNCH with bad pin-based controls: VMfailValid(7)");
	vmxl1_setup_vmcs();
	vmwrite(VMCS_HOST_CR0, read_cr0() & ~1ul);
	report(l2_run(0) == VM_FAIL_VALID && vmx_insn_error() == 8,
	       "VMLAUNCH with host CR0.PE clear: VMfailValid(8)");
	vmxl1_setup_vmcs();
	vmwrite(VMCS_GUEST_RFLAGS, 0);      /* bit 1 must be 1 (SDM 27.3.1.4) */
	int rc = l2_run(0);
	vmread(VMCS_VM_EXIT_REASON, &v);
	report(rc == VM_SUCCEED &&
	       v == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_INVALID_STATE),
	       "VMLAUNCH with bad guest RFLAGS: entry failure, reason 0x%lx", v);
}

static uint64_t next_exit(int resume)
{
	uint64_t reason = ~0ull, rip = 0, len = 0;

	if (l2_run(resume) != VM_SUCCEED)
		return ~0ull;
	vmread(VMCS_VM_EXIT_REASON, &reason);
	vmread(VMCS_GUEST_RIP, &rip);
	vmread(VMCS_VM_EXIT_INSTRUCTION_LEN, &len);
	vmwrite(VMCS_GUEST_RIP, rip + len);
	return reason;
}

/* Exiting VMWRITEs in one l2_run (HOST_RSP, HOST_RIP): none when the
 * shadow set covers them (shadow=all), two otherwise (none; kvm, which does
 * not shadow the host RSP/RIP). The scenario passes L0's shadow= setting. */
static unsigned exiting_vmwrites(const char *cmdline)
{
	const char *v;
	int n = cmdline_get(cmdline, "shadow", &v);

	return (n == 3 && !strncmp(v, "all", 3)) ? 0 : 2;
}

static void check_reflection(const char *cmdline)
{
	static const struct { uint32_t reason; const char *what; } want[] = {
		{ EXIT_REASON_CPUID, "CPUID" },
		{ EXIT_REASON_IO_INSTRUCTION, "OUT to a port set in L1's I/O bitmap" },
		{ EXIT_REASON_MSR_READ, "RDMSR of an MSR set in L1's MSR bitmap" },
		{ EXIT_REASON_HLT, "HLT with HLT exiting" },
		{ EXIT_REASON_VMCALL, "VMCALL" },
	};
	uint64_t qual = 0;

	vmclear((uint64_t)vmcs_a);
	vmptrld((uint64_t)vmcs_a);
	vmxl1_setup_vmcs();
	uint64_t fs_sel = 0, fs_ar = 0;
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		uint64_t r = next_exit(i > 0);
		if (r == EXIT_REASON_IO_INSTRUCTION)
			vmread(VMCS_EXIT_QUALIFICATION, &qual);
		/* L2 loaded FS before its first exit and never again: every exit
		 * reports it (L0 may keep segment state in vmcs02 between exits,
		 * but a VMREAD must see it). */
		vmread(VMCS_GUEST_FS_SELECTOR, &fs_sel);
		vmread(VMCS_GUEST_FS_AR_BYTES, &fs_ar);
		report(fs_sel == SEL_DATA && fs_ar == 0xc093,
		       "exit %u: guest FS as L2 loaded it: selector 0x%lx (want 0x%x), AR 0x%lx", i,
		       fs_sel, SEL_DATA, fs_ar);
		report(r == want[i].reason, "L1 gets exit %u (%s) next: got %lu", want[i].reason,
		       want[i].what, r);
	}
	report((qual >> 16) == 0x80 && !(qual & 8), "I/O exit qualification: OUT to port 0x80");
	report(l2_scratch[0] == 0x77, "port 0x3ff (not in L1's bitmap) reached L1's platform");
	report(*(uint32_t *)(l2_scratch + 4) == 0x00070406,
	       "RDMSR of PAT (not in L1's MSR bitmap) answered below L1 (0x%x)",
	       *(uint32_t *)(l2_scratch + 4));

	/* One reflected CPUID costs L0 its own exit and L1's VMRESUME, plus
	 * one exit per unshadowed VMREAD/VMWRITE of L1 in between; the second
	 * hypercall is one more. */
	unsigned vmw = exiting_vmwrites(cmdline);
	uint64_t before = exit_count(NESTLAB_HC_ALL_EXITS);
	uint64_t r = l2_run(1) == VM_SUCCEED ? 0 : 1;
	uint64_t after = exit_count(NESTLAB_HC_ALL_EXITS);
	report(r == 0 && after - before == 2 + vmw + 1,
	       "L0 exits for one reflected CPUID: %lu (2 + %u exiting VMWRITEs + 1 hypercall)",
	       after - before, vmw);
}

/* A VMRESUME that must end in a VM-entry failure for invalid guest state. */
static void resume_fails_invalid_state(const char *what)
{
	uint64_t v = 0;
	int rc = l2_run(1);

	vmread(VMCS_VM_EXIT_REASON, &v);
	report(rc == VM_SUCCEED &&
	       v == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_INVALID_STATE),
	       "VMRESUME %s: entry failure, reason 0x%lx", what, v);
}

/* VMRESUME after reflected exits, with one field made invalid: L0 re-checks
 * what L1 changed since the exit (RIP alone, or other hot fields) and must
 * fail the entry as the SDM says (27.3.1.4), then resume cleanly. Runs on
 * the launched vmcs_a that check_reflection() left with L2 in its CPUID loop. */
static void check_resume_failures(void)
{
	uint64_t rip = 0, rflags = 0;

	report(next_exit(1) == EXIT_REASON_CPUID, "VMRESUME after a reflected exit: CPUID again");
	vmread(VMCS_GUEST_RFLAGS, &rflags);
	vmwrite(VMCS_GUEST_RFLAGS, 0);          /* bit 1 must be 1 */
	resume_fails_invalid_state("with guest RFLAGS changed to 0");
	vmwrite(VMCS_GUEST_RFLAGS, rflags);
	report(next_exit(1) == EXIT_REASON_CPUID, "VMRESUME with RFLAGS restored: CPUID again");
	vmread(VMCS_GUEST_RIP, &rip);
	vmwrite(VMCS_GUEST_RIP, 0x0000800000000000ull);   /* not canonical */
	resume_fails_invalid_state("with only RIP changed, to a non-canonical one");
	vmwrite(VMCS_GUEST_RIP, rip);
	report(next_exit(1) == EXIT_REASON_CPUID, "VMRESUME with RIP restored: CPUID again");
}

int guest_main(const char *cmdline)
{
	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_VMX)) {
		report(false, "CPUID shows VMX (run l1hv with nested=on)");
		return report_summary();
	}
	const char *v;
	bool halt = cmdline_get(cmdline, "halt_l2", &v) == 1 && *v == '1';
	if (halt || cmdline_get(cmdline, "attack", &v) >= 0) {
		*(uint32_t *)vmxon_region = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;
		*(uint32_t *)vmxl1_vmcs = *(uint32_t *)vmxon_region;
		asm volatile("mov %0, %%cr4" :: "r"(read_cr4() | X86_CR4_VMXE));
		if (!report(vmxon((uint64_t)vmxon_region) == VM_SUCCEED, "VMXON"))
			return report_summary();
		if (halt)
			vmxl1_halt_l2();
		else
			vmxl1_attack(cmdline);
		return report_summary();
	}
	check_instruction_errors();
	check_entry_failures();
	check_reflection(cmdline);
	check_resume_failures();
	vmxl1_check_l2_shadowing();
	vmxl1_check_classes();
	vmxl1_check_isolation();
	report(vmxoff() == VM_SUCCEED, "VMXOFF: VMsucceed");
	vmxl1_check_sdm();
	return report_summary();
}
