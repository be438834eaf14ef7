/* SPDX-License-Identifier: MIT */
/*
 * Reflection classes seen from L1 (SDM 26.1-26.2, "Instructions That Cause
 * VM Exits Conditionally" and the exception bitmap): with each control on,
 * L1 gets exactly that exit; with it off (or a mask/match that says no), L2
 * runs on without L1 seeing anything. Also: a bad VMCS link pointer, and an
 * L2 confined by L1's EPT.
 */
#include "common/free/string.h"
#include "exit-reflect/exit_reasons.h"
#include "guests/lib/guest.h"
#include "guests/vmxl1/vmxl1.h"
#include "guests/vmxl1/vmx_guest.h"
#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_controls.h"

extern char l2_rdtsc[], l2_cr0_unmasked[], l2_cr0_masked[], l2_pf_read[], l2_pf_handler[];
extern char l2_ept_outside[], l2_read_sysenter_esp[], l2_halt_forever[];
extern uint64_t l2_msr_seen;
extern uint64_t l2_pf_seen, l2_cr0_seen;
extern uint64_t boot_pml4[512], boot_pdpt[512], boot_pd[4 * 512];

/* L2's own paging: the same identity map, minus the 2 MiB page at
 * 0x3fe00000, and its own IDT whose #PF handler notes the fault. */
static uint64_t l2_pml4[512] __attribute__((aligned(4096)));
static uint64_t l2_pdpt[512] __attribute__((aligned(4096)));
static uint64_t l2_pd0[512] __attribute__((aligned(4096)));
static uint8_t l2_idt[256 * 16] __attribute__((aligned(16)));
/* L1's EPT for the L2 of the EPT check: 4 MiB identity, write-back. */
static uint64_t ept_pml4[512] __attribute__((aligned(4096)));
static uint64_t ept_pdpt[512] __attribute__((aligned(4096)));
static uint64_t ept_pd[512] __attribute__((aligned(4096)));

static void build_l2_tables(void)
{
	memcpy(l2_pml4, boot_pml4, sizeof(l2_pml4));
	memcpy(l2_pdpt, boot_pdpt, sizeof(l2_pdpt));
	memcpy(l2_pd0, boot_pd, sizeof(l2_pd0));
	l2_pd0[511] = 0;                                /* 0x3fe00000: not present */
	l2_pdpt[0] = (uint64_t)l2_pd0 | 3;
	l2_pml4[0] = (uint64_t)l2_pdpt | 3;

	uint64_t h = (uint64_t)l2_pf_handler;
	uint8_t *g = l2_idt + 14 * 16;                  /* 64-bit interrupt gate */
	memset(g, 0, 16);
	g[0] = (uint8_t)h; g[1] = (uint8_t)(h >> 8);
	g[2] = 0x08; g[5] = 0x8e;
	g[6] = (uint8_t)(h >> 16); g[7] = (uint8_t)(h >> 24);
	memcpy(g + 8, (uint8_t *)&h + 4, 4);

	ept_pml4[0] = (uint64_t)ept_pdpt | 7;
	ept_pdpt[0] = (uint64_t)ept_pd | 7;
	ept_pd[0] = 0x000000 | VMXL1_EPT_PDE_2M_WB_RWX;
	ept_pd[1] = 0x200000 | VMXL1_EPT_PDE_2M_WB_RWX;
}

/* Runs L2 from entry until its next exit; returns the basic exit reason. */
static uint64_t run_from(char *entry)
{
	uint64_t reason = ~0ull;

	vmxl1_fresh_vmcs();
	vmxl1_customize();
	vmwrite(VMCS_GUEST_RIP, (uint64_t)entry);
	if (l2_run(0) != VM_SUCCEED)
		return ~0ull;
	vmread(VMCS_VM_EXIT_REASON, &reason);
	return reason;
}

struct msr_entry { uint32_t index, reserved; uint64_t value; };
static struct msr_entry entry_load[2] __attribute__((aligned(16)));
static struct msr_entry exit_store[1] __attribute__((aligned(16)));
static struct msr_entry exit_load[1] __attribute__((aligned(16)));
static uint32_t n_entry_load, n_exit_store, n_exit_load;

static uint32_t proc_extra, exc_bitmap, pfec_mask, pfec_match;
static uint64_t cr0_mask, l2_cr3, eptp;

void vmxl1_customize(void)
{
	uint64_t proc = 0;

	vmread(VMCS_CPU_BASED_VM_EXEC_CONTROL, &proc);
	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc | proc_extra);
	vmwrite(VMCS_EXCEPTION_BITMAP, exc_bitmap);
	vmwrite(VMCS_PAGE_FAULT_ERROR_CODE_MASK, pfec_mask);
	vmwrite(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, pfec_match);
	vmwrite(VMCS_CR0_GUEST_HOST_MASK, cr0_mask);
	vmwrite(VMCS_CR0_READ_SHADOW, read_cr0() & ~8ul);     /* TS reads as 0 */
	if (l2_cr3) {
		vmwrite(VMCS_GUEST_CR3, l2_cr3);
		vmwrite(VMCS_GUEST_IDTR_BASE, (uint64_t)l2_idt);
		vmwrite(VMCS_GUEST_IDTR_LIMIT, sizeof(l2_idt) - 1);
	}
	vmwrite(VMCS_VM_ENTRY_MSR_LOAD_ADDR, (uint64_t)entry_load);
	vmwrite(VMCS_VM_ENTRY_MSR_LOAD_COUNT, n_entry_load);
	vmwrite(VMCS_VM_EXIT_MSR_STORE_ADDR, (uint64_t)exit_store);
	vmwrite(VMCS_VM_EXIT_MSR_STORE_COUNT, n_exit_store);
	vmwrite(VMCS_VM_EXIT_MSR_LOAD_ADDR, (uint64_t)exit_load);
	vmwrite(VMCS_VM_EXIT_MSR_LOAD_COUNT, n_exit_load);
	if (eptp) {
		vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL,
			proc | proc_extra | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
		vmwrite(VMCS_SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_EPT);
		vmwrite(VMCS_EPT_POINTER, eptp);
	}
}

static void reset_knobs(void)
{
	n_entry_load = n_exit_store = n_exit_load = 0;
	proc_extra = exc_bitmap = pfec_mask = pfec_match = 0;
	cr0_mask = l2_cr3 = eptp = 0;
}

void vmxl1_check_classes(void)
{
	uint64_t r, v = 0;

	build_l2_tables();

	reset_knobs();
	proc_extra = CPU_BASED_RDTSC_EXITING;
	r = run_from(l2_rdtsc);
	report(r == EXIT_REASON_RDTSC, "RDTSC exiting on: L1 gets RDTSC (%lu)", r);
	reset_knobs();
	r = run_from(l2_rdtsc);
	report(r == EXIT_REASON_VMCALL,
	       "RDTSC exiting off: L1 sees only the VMCALL after it (%lu)", r);

	reset_knobs();
	cr0_mask = 8;                                   /* TS */
	l2_cr0_seen = ~0ull;
	r = run_from(l2_cr0_unmasked);
	report(r == EXIT_REASON_VMCALL, "CR0 write of an unmasked bit: no exit to L1 (%lu)", r);
	report(!(l2_cr0_seen & 8), "CR0 read: masked TS comes from L1's read shadow");
	r = run_from(l2_cr0_masked);
	vmread(VMCS_EXIT_QUALIFICATION, &v);
	report(r == EXIT_REASON_CR_ACCESS && (v & 0xf) == 0 && ((v >> 4) & 3) == 0,
	       "CR0 write changing a masked bit: L1 gets MOV to CR0 (%lu, qual 0x%lx)", r, v);
	reset_knobs();
	r = run_from(l2_cr0_masked);
	report(r == EXIT_REASON_VMCALL, "CR0.TS not in the mask: no exit to L1 (%lu)", r);

	/* #PF of a not-present read: error code 0. */
	static const struct { uint32_t bitmap, mask, match; bool exits; const char *what; } pf[] = {
		{ 1u << 14, 0, 0, true,  "bit 14 set, PFEC&0 == 0: exit" },
		{ 1u << 14, 1, 1, false, "bit 14 set, PFEC&1 != 1: no exit" },
		{ 0,        1, 1, true,  "bit 14 clear, PFEC&1 != 1: exit" },
		{ 0,        0, 0, false, "bit 14 clear, PFEC&0 == 0: no exit" },
	};
	for (unsigned i = 0; i < sizeof(pf) / sizeof(pf[0]); i++) {
		reset_knobs();
		exc_bitmap = pf[i].bitmap;
		pfec_mask = pf[i].mask;
		pfec_match = pf[i].match;
		l2_cr3 = (uint64_t)l2_pml4;
		l2_pf_seen = 0;
		r = run_from(l2_pf_read);
		vmread(VMCS_VM_EXIT_INTR_INFO, &v);
		if (pf[i].exits)
			report(r == EXIT_REASON_EXCEPTION_NMI && (v & 0xff) == 14 && !l2_pf_seen,
			       "#PF %s (reason %lu, vector %lu)", pf[i].what, r, v & 0xff);
		else
			report(r == EXIT_REASON_VMCALL && l2_pf_seen,
			       "#PF %s: delivered to L2 (reason %lu)", pf[i].what, r);
	}

	reset_knobs();
	eptp = (uint64_t)ept_pml4 | (3 << 3) | 6;
	r = run_from(l2_ept_outside);
	vmread(VMCS_GUEST_PHYSICAL_ADDRESS, &v);
	report(r == EXIT_REASON_EPT_VIOLATION && v == 0x800000,
	       "L2 read outside L1's EPT grant: L1 gets an EPT violation at 0x%lx (%lu)", v, r);

	/* MSR areas (SDM 27.4, 28.4, 28.6): L2 starts with SYSENTER_ESP from
	 * the entry load area, L1 finds L2's value in the exit store area and
	 * its own KERNEL_GS_BASE from the exit load area. */
	reset_knobs();
	entry_load[0] = (struct msr_entry){ 0x175, 0, 0x1234 };
	exit_store[0] = (struct msr_entry){ 0x175, 0, 0 };
	exit_load[0] = (struct msr_entry){ 0xc0000102, 0, 0x5678000 };
	n_entry_load = n_exit_store = n_exit_load = 1;
	l2_msr_seen = 0;
	r = run_from(l2_read_sysenter_esp);
	report(r == EXIT_REASON_VMCALL && l2_msr_seen == 0x1234,
	       "VM-entry MSR-load area: L2 reads SYSENTER_ESP 0x%lx", l2_msr_seen);
	report(exit_store[0].value == 0x4321,
	       "VM-exit MSR-store area: L2's SYSENTER_ESP stored (0x%lx)", exit_store[0].value);
	report(rdmsr(0xc0000102) == 0x5678000,
	       "VM-exit MSR-load area: L1's KERNEL_GS_BASE loaded (0x%lx)", rdmsr(0xc0000102));
	reset_knobs();
	entry_load[0] = (struct msr_entry){ 0x175, 0, 0x1234 };
	entry_load[1] = (struct msr_entry){ 0x4b564d00, 0, 1 };     /* no such MSR */
	n_entry_load = 2;
	r = run_from(l2_rdtsc);
	vmread(VMCS_EXIT_QUALIFICATION, &v);
	report(r == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_MSR_LOAD_FAIL) && v == 2,
	       "VM-entry MSR-load of an unknown MSR: entry failure 34, qualification 2 (0x%lx, %lu)",
	       r, v);

	reset_knobs();
	run_from(l2_rdtsc);                               /* leaves a launched VMCS */
	vmxl1_fresh_vmcs();
	vmwrite(VMCS_VMCS_LINK_POINTER, 0x1234);
	int rc = l2_run(0);
	vmread(VMCS_VM_EXIT_REASON, &r);
	vmread(VMCS_EXIT_QUALIFICATION, &v);
	report(rc == VM_SUCCEED &&
	       r == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_INVALID_STATE) && v == 4,
	       "bad VMCS link pointer: entry failure 33, qualification 4 (0x%lx, %lu)", r, v);
}

/* Hostile-L2 check (vmxl1 -- halt_l2=1): L2 halts with interrupts off and
 * L1 did not ask for HLT exits. Nothing can ever wake it; L0 must notice,
 * report and stop this VM instead of hanging. Never returns normally. */
void vmxl1_halt_l2(void)
{
	uint64_t proc = 0;

	reset_knobs();
	vmxl1_fresh_vmcs();
	vmread(VMCS_CPU_BASED_VM_EXEC_CONTROL, &proc);
	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc & ~(uint64_t)CPU_BASED_HLT_EXITING);
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_halt_forever);
	printf("vmxl1: L2 halts with interrupts off, without HLT exiting\n");
	l2_run(0);
	report(false, "L1 got control back from an L2 that halted forever");
}
