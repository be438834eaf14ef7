/* SPDX-License-Identifier: MIT */
/*
 * The microbenchmarks: one function per exit path, each executing the
 * exiting instruction exactly once per call, and the table that names them.
 * The loop calls each function through a pointer, so the `nop` row (an
 * empty function) is the loop overhead that bench_main.c subtracts.
 *
 * Targets that differ between hypervisors (which port, which MSR) come from
 * bench_env_init(); the setup hooks copy them into the variables below so
 * the timed functions take no arguments.
 */
#include "guests/bench/bench.h"
#include "common/free/cpu_tables.h"
#include "guests/lib/guest.h"

#define BENCH_FN static __attribute__((noipa)) void

static uint16_t pio_port, pio_fwd_port;
static uint32_t msr_intercepted, msr_passthrough;
static uint64_t msr_intercepted_val, msr_passthrough_val;
static volatile uint32_t *mmio_select, *mmio_window;
static uint64_t cr0_saved, cr0_flip, cr3_saved;
static bool use_vmmcall;

BENCH_FN b_nop(void) { asm volatile(""); }

BENCH_FN b_cpuid(void) { cpuid(0, 0); }

/* RAX = 0: NESTLAB_HC_VERSION under l1hv, an unknown (-KVM_ENOSYS) call
 * under KVM, as kvm-unit-tests' vmcall test. AMD CPUs #UD on VMCALL. */
BENCH_FN b_vmcall(void)
{
	uint64_t a = 0, b = 0, c = 0, d = 0;

	if (use_vmmcall)
		asm volatile("vmmcall" : "+a"(a), "+b"(b), "+c"(c), "+d"(d) :: "memory");
	else
		asm volatile("vmcall" : "+a"(a), "+b"(b), "+c"(c), "+d"(d) :: "memory");
}

BENCH_FN b_pio_in(void) { inb(pio_port); }
BENCH_FN b_pio_out(void) { outb(pio_port, 0); }
BENCH_FN b_pio_fwd(void) { inb(pio_fwd_port); }

BENCH_FN b_mmio_read(void) { (void)*mmio_window; }
BENCH_FN b_mmio_write(void) { *mmio_select = 1; }

BENCH_FN b_rdmsr(void) { rdmsr(msr_intercepted); }
BENCH_FN b_wrmsr(void) { wrmsr(msr_intercepted, msr_intercepted_val); }
BENCH_FN b_rdmsr_pt(void) { rdmsr(msr_passthrough); }
BENCH_FN b_wrmsr_pt(void) { wrmsr(msr_passthrough, msr_passthrough_val); }

/* Each call flips CR0.NE relative to the previous write, so every MOV to
 * CR0 changes a bit the level below owns and exits (SDM 26.1.3). */
BENCH_FN b_mov_to_cr0(void)
{
	cr0_flip ^= X86_CR0_NE;
	write_cr0(cr0_saved ^ cr0_flip);
}

/* The same CR3 again: still a CR3 load, which exits with CR3-load exiting
 * unless the value matches a CR3-target value (SDM 26.1.3). */
BENCH_FN b_mov_to_cr3(void) { write_cr3(cr3_saved); }

static void do_int3(void *ctx)
{
	(void)ctx;
	asm volatile("int3");
}

/* #BP is a trap: the saved RIP already points past INT3 (skip 0 bytes). */
BENCH_FN b_int3(void) { catch_exception(do_int3, NULL, 0); }

BENCH_FN b_rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
}

BENCH_FN b_wbinvd(void) { asm volatile("wbinvd" ::: "memory"); }


static void setup_targets(const struct bench_env *env)
{
	pio_port = env->pio_port;
	pio_fwd_port = env->pio_fwd_port;
	msr_intercepted = env->msr_intercepted;
	msr_passthrough = env->msr_passthrough;
	mmio_select = (volatile uint32_t *)env->mmio_base;
	mmio_window = (volatile uint32_t *)(env->mmio_base + 0x10);
	use_vmmcall = env->amd_vmmcall;
}

/* rdtsc_exit: RDTSC exiting on for this row only (NESTLAB_HC_SET_TRAPS),
 * so the timing reads exit too; bench_measure() takes their cost out. */
static uint64_t traps_before;
bool bench_clock_exits;

static void setup_rdtsc_exit(const struct bench_env *env)
{
	setup_targets(env);
	if (hypercall(NESTLAB_HC_SET_TRAPS, env->traps | NESTLAB_TRAP_RDTSC, &traps_before, NULL))
		bench_failure = "the hypercall that turns RDTSC exiting on failed";
	else
		bench_clock_exits = true;
}

static void teardown_rdtsc_exit(void)
{
	hypercall(NESTLAB_HC_SET_TRAPS, traps_before, NULL, NULL);
	bench_clock_exits = traps_before & NESTLAB_TRAP_RDTSC;
}

static void setup_msr(const struct bench_env *env)
{
	setup_targets(env);
	/* Write back what is there: the benchmark must not change the machine. */
	msr_intercepted_val = rdmsr(msr_intercepted);
	msr_passthrough_val = rdmsr(msr_passthrough);
}

static void setup_cr(const struct bench_env *env)
{
	setup_targets(env);
	cr0_saved = read_cr0();
	cr0_flip = 0;
	cr3_saved = read_cr3();
}

static void teardown_cr0(void)
{
	write_cr0(cr0_saved);
	cr0_flip = 0;
}

/* hlt_pv: the level below's HLT timer (NESTLAB_HC_TIMER_ON_HLT) ends each
 * HLT with an interrupt on BENCH_TIMER_VECTOR, whose handler only returns. */
#define BENCH_TIMER_VECTOR 0x40
void bench_timer_isr(void);
asm(".text\n.globl bench_timer_isr\nbench_timer_isr:\n\tiretq\n");

static void setup_hlt_pv(const struct bench_env *env)
{
	setup_targets(env);
	cpu_set_interrupt_gate(BENCH_TIMER_VECTOR, (uint64_t)bench_timer_isr);
	if (hypercall(NESTLAB_HC_TIMER_ON_HLT, BENCH_TIMER_VECTOR, NULL, NULL))
		bench_failure = "the HLT timer hypercall failed";
}

static void teardown_hlt_pv(void)
{
	hypercall(NESTLAB_HC_TIMER_ON_HLT, 0, NULL, NULL);
}

BENCH_FN b_hlt_pv(void) { asm volatile("sti; hlt; cli" ::: "memory"); }

/* hlt: the local APIC timer in TSC-deadline mode, as an OS idles (and as
 * kvm-unit-tests' tscdeadline tests arm it): each iteration sets a deadline
 * that has already passed, halts, takes the timer interrupt on
 * BENCH_LAPIC_VECTOR and EOIs it in the handler. The exits: the deadline
 * WRMSR, the HLT and the EOI WRMSR (x2APIC, SDM Vol. 3A 11.5.4.1, 11.12). */
#define BENCH_LAPIC_VECTOR  0x41
#define APIC_BASE_X2APIC    (3ull << 10)          /* EN and EXTD */
#define LVT_TSC_DEADLINE    (2u << 17)
#define LVT_MASKED          (1u << 16)
void bench_lapic_isr(void);
asm(".text\n.globl bench_lapic_isr\nbench_lapic_isr:\n"
    "\tpush %rax\n\tpush %rcx\n\tpush %rdx\n"
    "\tmov $0x80b, %ecx\n\txor %eax, %eax\n\txor %edx, %edx\n\twrmsr\n"   /* EOI */
    "\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\tiretq\n");

static void setup_hlt(const struct bench_env *env)
{
	setup_targets(env);
	/* Under QEMU the legacy PIC is live (its timer would arrive on vector
	 * 8 as soon as we STI): mask both 8259s. l1hv has none (ignored). */
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
	cpu_set_interrupt_gate(BENCH_LAPIC_VECTOR, (uint64_t)bench_lapic_isr);
	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_X2APIC);
	wrmsr(MSR_IA32_X2APIC_SIVR, 0x1ff);                 /* APIC on, spurious vector 0xff */
	wrmsr(MSR_IA32_X2APIC_LVT_TIMER, BENCH_LAPIC_VECTOR | LVT_TSC_DEADLINE);
}

static void teardown_hlt(void)
{
	wrmsr(MSR_IA32_X2APIC_LVT_TIMER, BENCH_LAPIC_VECTOR | LVT_TSC_DEADLINE | LVT_MASKED);
}

BENCH_FN b_hlt(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	wrmsr(MSR_IA32_TSC_DEADLINE, ((uint64_t)hi << 32) | lo);
	asm volatile("sti; hlt; cli" ::: "memory");
}

/* ept_fault: each iteration writes to a page nothing touched before, from
 * 8 MiB up to the end of RAM; running out invalidates the run. */
#define EPT_FAULT_START (8ull << 20)
static uint64_t ept_cursor;
const char *bench_failure;

static void setup_ept(const struct bench_env *env)
{
	setup_targets(env);
	if (!ept_cursor)
		ept_cursor = EPT_FAULT_START;
}

BENCH_FN b_ept_fault(void)
{
	if (ept_cursor + 4096 > guest_mem_end) {
		bench_failure = "ept_fault ran out of untouched pages: give the guest more memory (mem=)";
		return;
	}
	*(volatile uint8_t *)ept_cursor = 1;
	ept_cursor += 4096;
}

#define N(id) BENCH_NEED(id)
const struct bench_def bench_table[] = {
	{ "nop",         b_nop,         0,                                  setup_targets, NULL },
	{ "cpuid",       b_cpuid,       0,                                  setup_targets, NULL },
	{ "vmcall",      b_vmcall,      N(HYPERCALL),                       setup_targets, NULL },
	{ "pio_in",      b_pio_in,      N(PIO_EMULATED),                    setup_targets, NULL },
	{ "pio_out",     b_pio_out,     N(PIO_EMULATED),                    setup_targets, NULL },
	{ "pio_fwd",     b_pio_fwd,     N(PIO_FORWARDED),                   setup_targets, NULL },
	{ "mmio_read",   b_mmio_read,   N(MMIO_PAGE),                       setup_targets, NULL },
	{ "mmio_write",  b_mmio_write,  N(MMIO_PAGE),                       setup_targets, NULL },
	{ "rdmsr",       b_rdmsr,       N(MSR_INTERCEPT),                   setup_msr,     NULL },
	{ "wrmsr",       b_wrmsr,       N(MSR_INTERCEPT),                   setup_msr,     NULL },
	{ "rdmsr_pt",    b_rdmsr_pt,    N(MSR_PASSTHROUGH),                 setup_msr,     NULL },
	{ "wrmsr_pt",    b_wrmsr_pt,    N(MSR_PASSTHROUGH),                 setup_msr,     NULL },
	{ "mov_to_cr0",  b_mov_to_cr0,  N(CR0_MASKED_BIT),                  setup_cr,      teardown_cr0 },
	{ "mov_to_cr3",  b_mov_to_cr3,  N(CR3_LOAD_EXITING),                setup_cr,      NULL },
	{ "int3",        b_int3,        N(BP_INTERCEPT),                    setup_targets, NULL },
	{ "rdtsc",       b_rdtsc,       0,                                  setup_targets, NULL },
	{ "rdtsc_exit",  b_rdtsc,       N(RDTSC_EXITING),                   setup_rdtsc_exit, teardown_rdtsc_exit },
	{ "hlt",         b_hlt,         N(LAPIC_TIMER),                     setup_hlt,     teardown_hlt },
	{ "hlt_pv",      b_hlt_pv,      N(PV_HLT_TIMER),                    setup_hlt_pv,  teardown_hlt_pv },
	{ "wbinvd",      b_wbinvd,      N(WBINVD_EXITING),                  setup_targets, NULL },
	/* Needs a fixed-iteration mode over never-touched pages (each
	 * iteration consumes a page): written with l1hv's lazy EPT. */
	{ "ept_fault",   b_ept_fault,   N(LAZY_EPT),                        setup_ept,     NULL },
};
#undef N
const unsigned bench_count = sizeof(bench_table) / sizeof(bench_table[0]);
