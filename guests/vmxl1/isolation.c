/* SPDX-License-Identifier: MIT */
/*
 * Isolation seen from L1: what L0 does on L2's behalf must respect what L1
 * gave L2, and what L1 hands the CPU through vmcs12 must land in L1's own
 * memory. Each check is one finding of the isolation issue:
 *   - L2's VMREAD/VMWRITE memory operands (run by L0 on L1's shadow VMCS)
 *     go through L1's EPT: outside it, L1 gets the EPT violation and its
 *     memory is untouched (SDM 28.2.1);
 *   - a write-only EPT entry of L1 is a misconfiguration, exit 49
 *     (SDM 29.3.3.1);
 *   - with "use TPR shadow", L2's CR8 lives in L1's virtual-APIC page and a
 *     TPR below the threshold is exit 43 for L1 (SDM 30.1.2);
 *   - an L2 halting while L1's VMX-preemption timer runs is woken by the
 *     timer: exit 52 for L1, in the HLT activity state (SDM 26.5.1);
 *   - L1 handing L2 the MMIO window of the level below (its EPT maps it):
 *     the level below emulates L2's accesses as L1's device;
 *   - a VM-entry failure after the guest-state checks loads the VM-exit
 *     MSR-load area and stores nothing (SDM 27.8); FS_BASE in the VM-entry
 *     MSR-load area fails the entry (SDM 27.4).
 */
#include "common/free/string.h"
#include "exit-reflect/exit_reasons.h"
#include "common/free/cpu_tables.h"
#include "common/x86_arch.h"
#include "guests/lib/guest.h"
#include "guests/vmxl1/vmx_guest.h"
#include "guests/vmxl1/vmxl1.h"
#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

#define SECRET_GPA   0x800000ull          /* L1 memory outside L2's EPT grant */
#define SECRET       0x5ec2e75ec2e75ec2ull

static uint64_t iso_ept_pml4[512] __attribute__((aligned(4096)));
static uint64_t iso_ept_pdpt[512] __attribute__((aligned(4096)));
static uint64_t iso_ept_pd[512] __attribute__((aligned(4096)));
static uint64_t iso_ept_pd3[512] __attribute__((aligned(4096)));    /* 3-4 GiB */
static uint8_t iso_shadow[4096] __attribute__((aligned(4096)));
static uint8_t iso_vmrw_bitmap[4096] __attribute__((aligned(4096)));
static uint8_t iso_vapic[4096] __attribute__((aligned(4096)));
#define NESTLAB_STR_(x) #x
#define NESTLAB_STR(x) NESTLAB_STR_(x)
uint64_t l2_iso_out;

/* L2 programs: each ends in VMCALL unless the exit under test comes first. */
void l2_iso_vmread_out(void), l2_iso_vmwrite_in(void), l2_iso_read_8m(void);
extern char l2_iso_vmread_insn[];
void l2_iso_cr8(void), l2_iso_cr8_low(void), l2_iso_halt(void), l2_iso_mmio(void);
void l2_iso_spin(void), l2_iso_sti_hlt(void);
asm(".text\n"
    "l2_iso_vmread_out:\n\tmov $0x681c, %rax\n\tmov $0x800000, %rdi\n"
    "l2_iso_vmread_insn:\n\tvmread %rax, (%rdi)\n\tvmcall\n"
    "l2_iso_vmwrite_in:\n\tmov $0x681c, %rax\n\tmov $0x800008, %rdi\n"
    "\tvmwrite (%rdi), %rax\n\tvmcall\n"
    "l2_iso_read_8m:\n\tmov $0x800000, %rdi\n\tmov (%rdi), %rax\n\tvmcall\n"
    "l2_iso_cr8:\n\tmov $5, %eax\n\tmov %rax, %cr8\n\tmov %cr8, %rbx\n"
    "\tmov %rbx, l2_iso_out(%rip)\n\tvmcall\n"
    "l2_iso_cr8_low:\n\tmov $2, %eax\n\tmov %rax, %cr8\n\tvmcall\n"
    "l2_iso_halt:\n\tcli\n\thlt\n\tvmcall\n"
    "l2_iso_spin:\n\tcli\n\tjmp l2_iso_spin\n"
    "l2_iso_sti_hlt:\n\tsti\n\thlt\n\tvmcall\n"
    "l2_iso_mmio:\n\tmov $" NESTLAB_STR(NESTLAB_MMIO_BASE) ", %rdi\n\tmovl $5, (%rdi)\n\tmovl $0x77, 0x10(%rdi)\n"
    "\tmovl $0, (%rdi)\n\tmovl $5, (%rdi)\n\tmovl 0x10(%rdi), %eax\n"
    "\tmov %rax, l2_iso_out(%rip)\n\tvmcall\n");

/* L1's EPT for these L2s: 0-4 MiB identity (vmxl1's image, stack, page
 * tables), and optionally 8-10 MiB with the given rights. */
static uint64_t iso_eptp(uint64_t rights_8m)
{
	memset(iso_ept_pml4, 0, sizeof(iso_ept_pml4));
	memset(iso_ept_pdpt, 0, sizeof(iso_ept_pdpt));
	memset(iso_ept_pd, 0, sizeof(iso_ept_pd));
	iso_ept_pml4[0] = (uint64_t)iso_ept_pdpt | 7;
	iso_ept_pdpt[0] = (uint64_t)iso_ept_pd | 7;
	iso_ept_pd[0] = 0x000000 | VMXL1_EPT_PDE_2M_WB_RWX;
	iso_ept_pd[1] = 0x200000 | VMXL1_EPT_PDE_2M_WB_RWX;
	if (rights_8m)
		iso_ept_pd[4] = SECRET_GPA | rights_8m | (EPT_MT_WB << EPT_MT_SHIFT) | EPT_PS;
	return (uint64_t)iso_ept_pml4 | (3 << 3) | 6;
}

/* Starts L2 at entry on a fresh vmcs (setup() adds the check's controls);
 * returns the exit reason L1 gets, ~0 if the entry VMfailed. */
static uint64_t run_l2(void (*entry)(void), void (*setup)(void))
{
	vmxl1_fresh_vmcs();
	if (setup)
		setup();
	vmwrite(VMCS_GUEST_RIP, (uint64_t)entry);
	if (l2_run(0) != VM_SUCCEED)
		return ~0ull;
	return vmread_value(VMCS_VM_EXIT_REASON);
}

static void setup_ept_shadow(void)
{
	vmxl1_use_ept(iso_eptp(0));
	vmxl1_use_shadow(iso_shadow, iso_vmrw_bitmap, iso_vmrw_bitmap);   /* all zero: all shadowed */
}

static void check_l2_vmrw_operands(void)
{
	volatile uint64_t *secret = (volatile uint64_t *)SECRET_GPA;
	uint32_t rev = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;
	uint64_t sec_cap = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2), r, v = 0;

	if (!vmx_ctl_allows1(sec_cap, SECONDARY_EXEC_SHADOW_VMCS)) {
		report_skip("L2 VMREAD/VMWRITE operands through L1's EPT: no VMCS shadowing offered");
		return;
	}
	*(uint32_t *)iso_shadow = rev | VMCS_SHADOW_VMCS_INDICATOR;
	vmclear((uint64_t)iso_shadow);
	vmptrld((uint64_t)iso_shadow);
	vmwrite(VMCS_GUEST_RSP, 0x12345678);
	secret[0] = SECRET;
	secret[1] = SECRET;

	r = run_l2(l2_iso_vmread_out, setup_ept_shadow);
	uint64_t q = vmread_value(VMCS_EXIT_QUALIFICATION);
	uint64_t gpa = vmread_value(VMCS_GUEST_PHYSICAL_ADDRESS);
	report(r == EXIT_REASON_EPT_VIOLATION && gpa == SECRET_GPA && (q & 0x187) == 0x182,
	       "L2's VMREAD to memory outside L1's EPT: L1 gets EPT violation 48 (got %lu) at "
	       "0x%lx, qualification 0x%lx (write, linear address valid, final translation)",
	       r, gpa, q);
	report(vmread_value(VMCS_GUEST_LINEAR_ADDRESS) == SECRET_GPA &&
	       vmread_value(VMCS_GUEST_RIP) == (uint64_t)l2_iso_vmread_insn,
	       "... at the VMREAD (RIP 0x%lx), linear 0x%lx",
	       vmread_value(VMCS_GUEST_RIP), vmread_value(VMCS_GUEST_LINEAR_ADDRESS));
	report(secret[0] == SECRET, "... and L1's memory there is untouched (0x%lx)", secret[0]);

	r = run_l2(l2_iso_vmwrite_in, setup_ept_shadow);
	q = vmread_value(VMCS_EXIT_QUALIFICATION);
	gpa = vmread_value(VMCS_GUEST_PHYSICAL_ADDRESS);
	report(r == EXIT_REASON_EPT_VIOLATION && gpa == SECRET_GPA + 8 && (q & 0x187) == 0x181,
	       "L2's VMWRITE from memory outside L1's EPT: EPT violation 48 (got %lu) at 0x%lx, "
	       "qualification 0x%lx (read)", r, gpa, q);
	vmptrld((uint64_t)iso_shadow);
	vmread(VMCS_GUEST_RSP, &v);
	vmptrld((uint64_t)vmxl1_vmcs);
	report(v == 0x12345678, "... and L1's secret never reached the shadow VMCS (0x%lx)", v);
	vmclear((uint64_t)iso_shadow);
}

static void setup_ept_write_only(void)
{
	vmxl1_use_ept(iso_eptp(2));                      /* W without R */
}

/* L1's EPT maps L2's 2 MiB around NESTLAB_MMIO_BASE to the same L1-physical
 * range: the MMIO window the level below emulates for L1. */
static void setup_ept_mmio(void)
{
	memset(iso_ept_pd3, 0, sizeof(iso_ept_pd3));
	uint64_t eptp = iso_eptp(0);
	iso_ept_pdpt[3] = (uint64_t)iso_ept_pd3 | 7;
	iso_ept_pd3[(NESTLAB_MMIO_BASE >> 21) & 511] = (NESTLAB_MMIO_BASE & ~0x1fffffull) | 7 |
							(1ull << 7);     /* UC */
	vmxl1_use_ept(eptp);
}

static void check_l2_mmio(void)
{
	volatile uint32_t *mmio = (volatile uint32_t *)NESTLAB_MMIO_BASE;

	l2_iso_out = ~0ull;
	uint64_t r = run_l2(l2_iso_mmio, setup_ept_mmio);
	mmio[0] = 5;
	uint32_t seen = mmio[4];
	report(r == EXIT_REASON_VMCALL && l2_iso_out == 0x77 && seen == 0x77,
	       "L2 reaching the level below's MMIO window through L1's EPT: emulated as L1's "
	       "device (exit %lu, L2 read 0x%lx, L1 reads 0x%x)", r, l2_iso_out, seen);
}

static void check_ept_misconfig(void)
{
	uint64_t r = run_l2(l2_iso_read_8m, setup_ept_write_only);
	uint64_t gpa = vmread_value(VMCS_GUEST_PHYSICAL_ADDRESS);

	report(r == EXIT_REASON_EPT_MISCONFIG && gpa == SECRET_GPA,
	       "L2 read through a write-only entry of L1's EPT: EPT misconfiguration 49 "
	       "(got %lu) at 0x%lx", r, gpa);
}

static uint32_t tpr_threshold;

static void setup_tpr_shadow(void)
{
	uint64_t proc = vmread_value(VMCS_CPU_BASED_VM_EXEC_CONTROL);

	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL,
		(proc | CPU_BASED_TPR_SHADOW) &
		~(uint64_t)(CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING));
	vmwrite(VMCS_VIRTUAL_APIC_PAGE_ADDR, (uint64_t)iso_vapic);
	vmwrite(VMCS_TPR_THRESHOLD, tpr_threshold);
}

static void check_tpr_shadow(void)
{
	uint64_t r;

	if (!vmx_ctl_allows1(rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS), CPU_BASED_TPR_SHADOW)) {
		report_skip("TPR shadow: not offered");
		return;
	}
	memset(iso_vapic, 0, sizeof(iso_vapic));
	tpr_threshold = 0;
	l2_iso_out = ~0ull;
	r = run_l2(l2_iso_cr8, setup_tpr_shadow);
	report(r == EXIT_REASON_VMCALL && l2_iso_out == 5 && iso_vapic[0x80] == 0x50,
	       "TPR shadow: L2's MOV to CR8 lands in L1's virtual-APIC page (VTPR 0x%x, CR8 "
	       "read back %lu, exit %lu)", iso_vapic[0x80], l2_iso_out, r);
	iso_vapic[0x80] = 0x50;
	tpr_threshold = 4;
	r = run_l2(l2_iso_cr8_low, setup_tpr_shadow);
	report(r == EXIT_REASON_TPR_BELOW_THRESHOLD && iso_vapic[0x80] == 0x20,
	       "TPR shadow: CR8 below L1's TPR threshold: L1 gets exit 43 (got %lu), VTPR 0x%x",
	       r, iso_vapic[0x80]);
}

static void setup_timer_halt(void)
{
	uint64_t proc = vmread_value(VMCS_CPU_BASED_VM_EXEC_CONTROL);

	vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL,
		vmx_ctl_adjust(MSR_IA32_VMX_TRUE_PINBASED_CTLS, PIN_BASED_VMX_PREEMPTION_TIMER));
	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc & ~(uint64_t)CPU_BASED_HLT_EXITING);
	vmwrite(VMCS_VMX_PREEMPTION_TIMER_VALUE, 2000);
}

static void check_halt_with_timer(void)
{
	if (!vmx_ctl_allows1(rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS), PIN_BASED_VMX_PREEMPTION_TIMER)) {
		report_skip("HLT with L1's preemption timer: timer not offered");
		return;
	}
	uint64_t r = run_l2(l2_iso_halt, setup_timer_halt);
	report(r == EXIT_REASON_PREEMPTION_TIMER && vmread_value(VMCS_GUEST_ACTIVITY_STATE) == 1 &&
	       vmread_value(VMCS_GUEST_RIP) == (uint64_t)l2_iso_halt + 2,
	       "L2 halts with interrupts off while L1's preemption timer runs: L1 gets exit 52 "
	       "(got %lu), activity state HLT (%lu), RIP after the HLT", r,
	       vmread_value(VMCS_GUEST_ACTIVITY_STATE));
}

/*
 * L1's own interrupt while L2 spins (SDM 26.2, 28.2.2): L1's x2APIC
 * TSC-deadline timer fires; with external-interrupt exiting L2 exits to L1
 * (reason 1), the vector acknowledged into the exit interruption
 * information when L1 asked for that, else left pending in L1's IRR. L1's
 * own preemption timer (a long one) ends the spin if the interrupt never
 * comes.
 */
#define L1_TIMER_VECTOR 0x70
static bool ack_on_exit;
static uint64_t l1_deadline = 100000;
static volatile unsigned l1_isr_runs;
void l1_timer_isr(void);
asm(".text\nl1_timer_isr:\n\tlock incl l1_isr_runs(%rip)\n"
    "\tpush %rax\n\tpush %rcx\n\tpush %rdx\n"
    "\tmov $0x80b, %ecx\n\txor %eax, %eax\n\txor %edx, %edx\n\twrmsr\n"
    "\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\tiretq\n");

static void setup_l1_interrupt(void)
{
	uint32_t exit_ctls = (uint32_t)vmread_value(VMCS_VM_EXIT_CONTROLS);

	vmwrite(VMCS_PIN_BASED_VM_EXEC_CONTROL,
		vmx_ctl_adjust(MSR_IA32_VMX_TRUE_PINBASED_CTLS,
			       PIN_BASED_EXT_INTR_MASK | PIN_BASED_VMX_PREEMPTION_TIMER));
	vmwrite(VMCS_VMX_PREEMPTION_TIMER_VALUE, 1u << 22);
	vmwrite(VMCS_VM_EXIT_CONTROLS, ack_on_exit ? exit_ctls | VM_EXIT_ACK_INTR_ON_EXIT
						   : exit_ctls & ~VM_EXIT_ACK_INTR_ON_EXIT);
	/* The deadline: l1_deadline ticks after this entry. */
	wrmsr(0x6e0, rdtsc_ordered() + l1_deadline);
}

/* Far enough that L2 reaches its HLT first even four levels deep with
 * every VMREAD/VMWRITE trapped: the check is of an interrupt ending a HLT. */
static void setup_l1_interrupt_hlt(void)
{
	l1_deadline = 4000000;
	setup_l1_interrupt();
	l1_deadline = 100000;
	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL,
		vmread_value(VMCS_CPU_BASED_VM_EXEC_CONTROL) & ~(uint64_t)CPU_BASED_HLT_EXITING);
}

static bool l1_vec_bit(uint32_t msr_base, unsigned vector)
{
	return (rdmsr(msr_base + vector / 32) >> (vector % 32)) & 1;
}

static void check_l1_interrupt(void)
{
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE), r, info;

	if (!vmx_ctl_allows1(rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS), PIN_BASED_VMX_PREEMPTION_TIMER)) {
		report_skip("L1's interrupt while L2 runs: preemption timer not offered");
		return;
	}
	cpu_set_interrupt_gate(L1_TIMER_VECTOR, (uint64_t)l1_timer_isr);
	if (!(base & APIC_BASE_EXTD))
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
	wrmsr(0x80f, 0x1ff);                                    /* SVR: enabled */
	wrmsr(0x832, (2u << 17) | L1_TIMER_VECTOR);             /* LVT timer: TSC deadline */

	ack_on_exit = true;
	r = run_l2(l2_iso_spin, setup_l1_interrupt);
	info = vmread_value(VMCS_VM_EXIT_INTR_INFO);
	report(r == EXIT_REASON_EXTERNAL_INTERRUPT &&
	       info == (INTR_INFO_VALID_MASK | INTR_TYPE_EXT_INTR | L1_TIMER_VECTOR) &&
	       l1_vec_bit(0x810, L1_TIMER_VECTOR) && !l1_vec_bit(0x820, L1_TIMER_VECTOR),
	       "L1's APIC timer while L2 spins: exit 1 to L1 (got %lu), vector 0x%x "
	       "acknowledged (info 0x%lx), in L1's ISR", r, L1_TIMER_VECTOR, info);
	wrmsr(0x80b, 0);                                        /* EOI */

	ack_on_exit = false;
	r = run_l2(l2_iso_spin, setup_l1_interrupt);
	info = vmread_value(VMCS_VM_EXIT_INTR_INFO);
	bool pending = l1_vec_bit(0x820, L1_TIMER_VECTOR);
	asm volatile("sti; nop; cli");
	report(r == EXIT_REASON_EXTERNAL_INTERRUPT && !(info & INTR_INFO_VALID_MASK) && pending &&
	       l1_isr_runs == 1,
	       "without acknowledge-on-exit: exit 1 (got %lu), no vector (info 0x%lx), the "
	       "interrupt pending in L1's IRR until L1 takes it (%u)", r, info, l1_isr_runs);

	/* L2 halts with interrupts on and no HLT exiting of L1's: L1's
	 * interrupt still comes as an exit to L1, from the HLT state, not
	 * through L2's IDT. */
	ack_on_exit = true;
	l1_isr_runs = 0;
	r = run_l2(l2_iso_sti_hlt, setup_l1_interrupt_hlt);
	info = vmread_value(VMCS_VM_EXIT_INTR_INFO);
	report(r == EXIT_REASON_EXTERNAL_INTERRUPT &&
	       info == (INTR_INFO_VALID_MASK | INTR_TYPE_EXT_INTR | L1_TIMER_VECTOR) &&
	       vmread_value(VMCS_GUEST_ACTIVITY_STATE) == 1 &&
	       vmread_value(VMCS_GUEST_RIP) == (uint64_t)l2_iso_sti_hlt + 2 && l1_isr_runs == 0,
	       "L2's STI; HLT without HLT exiting: L1's APIC timer ends it with exit 1 (got %lu), "
	       "activity state HLT (%lu), RIP after the HLT, not through L2's IDT", r,
	       vmread_value(VMCS_GUEST_ACTIVITY_STATE));
	wrmsr(0x80b, 0);                                        /* EOI */
	wrmsr(0x832, 0x10000 | L1_TIMER_VECTOR);                /* masked */
}

struct msr_entry { uint32_t index, reserved; uint64_t value; };
static struct msr_entry iso_exit_load[1] __attribute__((aligned(16)));
static struct msr_entry iso_exit_store[1] __attribute__((aligned(16)));
static struct msr_entry iso_entry_load[1] __attribute__((aligned(16)));
static uint32_t n_entry_load;
/* Past the most entries IA32_VMX_MISC[27:25] recommends (512 * 8 at most). */
static struct msr_entry iso_many[512 * 8 + 1] __attribute__((aligned(16)));
static struct msr_entry *entry_load_area = iso_entry_load;

static void setup_failing_entry(void)
{
	vmwrite(VMCS_VM_EXIT_MSR_LOAD_ADDR, (uint64_t)iso_exit_load);
	vmwrite(VMCS_VM_EXIT_MSR_LOAD_COUNT, 1);
	vmwrite(VMCS_VM_EXIT_MSR_STORE_ADDR, (uint64_t)iso_exit_store);
	vmwrite(VMCS_VM_EXIT_MSR_STORE_COUNT, 1);
	vmwrite(VMCS_VM_ENTRY_MSR_LOAD_ADDR, (uint64_t)entry_load_area);
	vmwrite(VMCS_VM_ENTRY_MSR_LOAD_COUNT, n_entry_load);
	if (!n_entry_load)
		vmwrite(VMCS_GUEST_RFLAGS, 0);       /* bit 1 must be 1: reason 33 */
}

static void check_entry_failure_msrs(void)
{
	uint64_t r;

	wrmsr(0xc0000102, 0);
	iso_exit_load[0] = (struct msr_entry){ 0xc0000102, 0, 0x777000 };
	iso_exit_store[0] = (struct msr_entry){ 0x175, 0, 0xdead };
	n_entry_load = 0;
	r = run_l2(l2_iso_read_8m, setup_failing_entry);
	report(r == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_INVALID_STATE) &&
	       rdmsr(MSR_IA32_KERNEL_GS_BASE) == 0x777000 &&
	       iso_exit_store[0].value == 0xdead,
	       "VM-entry failure 33 loads the VM-exit MSR-load area (KERNEL_GS_BASE 0x%lx) and "
	       "stores nothing (0x%lx) (SDM 27.8)", rdmsr(MSR_IA32_KERNEL_GS_BASE),
	       iso_exit_store[0].value);

	iso_entry_load[0] = (struct msr_entry){ 0xc0000100, 0, 0x1000 };   /* FS_BASE */
	n_entry_load = 1;
	r = run_l2(l2_iso_read_8m, setup_failing_entry);
	report(r == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_MSR_LOAD_FAIL) &&
	       vmread_value(VMCS_EXIT_QUALIFICATION) == 1,
	       "FS_BASE in the VM-entry MSR-load area: entry failure 34, qualification 1 "
	       "(0x%lx, %lu) (SDM 27.4)", r, vmread_value(VMCS_EXIT_QUALIFICATION));
	iso_entry_load[0] = (struct msr_entry){ 0x175, 1, 0x1000 };        /* reserved bits */
	r = run_l2(l2_iso_read_8m, setup_failing_entry);
	report(r == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_MSR_LOAD_FAIL) &&
	       vmread_value(VMCS_EXIT_QUALIFICATION) == 1,
	       "VM-entry MSR-load entry with reserved bits 63:32 set: entry failure 34 (0x%lx)", r);

	/* A count of 2^20 valid entries: L0 stops at the recommended maximum
	 * (SDM A.6) instead of loading them all on every entry. */
	uint32_t max = 512 * (uint32_t)(((rdmsr(MSR_IA32_VMX_MISC) >> 25) & 7) + 1);
	for (uint32_t i = 0; i < max + 1; i++)
		iso_many[i] = (struct msr_entry){ 0x175, 0, 0x1000 + i };    /* SYSENTER_ESP */
	entry_load_area = iso_many;
	n_entry_load = 1u << 20;
	r = run_l2(l2_iso_read_8m, setup_failing_entry);
	report(r == (VMX_EXIT_REASON_FAILED_VMENTRY | EXIT_REASON_MSR_LOAD_FAIL) &&
	       vmread_value(VMCS_EXIT_QUALIFICATION) == max + 1,
	       "VM-entry MSR-load count 2^20: entry failure 34 at entry %u, one past the "
	       "recommended maximum (0x%lx, %lu)", max + 1, r, vmread_value(VMCS_EXIT_QUALIFICATION));
	entry_load_area = iso_entry_load;
	wrmsr(0xc0000102, 0);
}

void vmxl1_check_isolation(void)
{
	check_l2_vmrw_operands();
	check_ept_misconfig();
	check_l2_mmio();
	check_tpr_shadow();
	check_entry_failure_msrs();
	check_halt_with_timer();
	check_l1_interrupt();
}
