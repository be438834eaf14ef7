/* SPDX-License-Identifier: MIT */
/*
 * apic: the local APIC as SDM Vol. 3A chapter 10 describes it, first in
 * xAPIC mode through its page at FEE00000H, then in x2APIC mode through
 * the MSRs: reset values, self IPIs, priority (TPR, CR8, PPR, the
 * in-service register, nesting by priority class), EOI, illegal vectors
 * and the ESR, LVT masks, the timer in one-shot, periodic and TSC-deadline
 * modes with the divide register, and the IA32_APIC_BASE transitions of
 * 10.12.5.
 *
 * What it guards most: an interrupt held back by priority waits in IRR
 * while the guest runs on, with no interrupt-window exit (10.8.4: that
 * interrupt is not pending for the processor); only RFLAGS.IF or STI
 * blocking make the hypervisor ask for a window.
 *
 *   case=held      hostile: HLT with an interrupt that TPR holds back and
 *                  nothing else to wake it; the hypervisor must stop the
 *                  VM with a report, not wait forever
 *   case=storm     hostile: HLT with a masked periodic timer of period 1;
 *                  the hypervisor must see that nothing will wake it
 */
#include "common/free/cpu_tables.h"
#include "common/free/string.h"
#include "common/x86_arch.h"
#include "exit-reflect/exit_reasons.h"
#include "guests/lib/guest.h"
#include "l1hv/vdev/apic_regs.h"

#define XAPIC_PAGE ((volatile uint32_t *)0xfee00000ul)
#define SH_SELF    (APIC_SH_SELF << APIC_ICR_SHORTHAND_SHIFT)

static bool x2;        /* which interface the tests use now */

static uint64_t apic_rd(unsigned off)
{
	return x2 ? rdmsr(APIC_MSR_FIRST + (off >> 4)) : XAPIC_PAGE[off / 4];
}

static void apic_wr(unsigned off, uint64_t v)
{
	if (x2)
		wrmsr(APIC_MSR_FIRST + (off >> 4), v);
	else
		XAPIC_PAGE[off / 4] = (uint32_t)v;
}

static void self_ipi(uint8_t vector)
{
	if (x2) {
		wrmsr(APIC_MSR_FIRST + (APIC_REG_ICR_LO >> 4), SH_SELF | vector);
	} else {
		XAPIC_PAGE[APIC_REG_ICR_HI / 4] = 0;
		XAPIC_PAGE[APIC_REG_ICR_LO / 4] = SH_SELF | vector;
	}
}

static bool vec_bit(unsigned reg, unsigned vector)
{
	return (apic_rd(reg + (vector / 32) * 16) >> (vector % 32)) & 1;
}

static uint32_t esr_read(void)
{
	apic_wr(APIC_REG_ESR, 0);            /* latch (10.5.3) */
	return (uint32_t)apic_rd(APIC_REG_ESR);
}

/* ---- Handlers: each records its vector, whether ISR had it, and acts. ---- */
#define MAX_SEEN 32
static volatile unsigned nseen;
static volatile uint8_t seen[MAX_SEEN];
static volatile uint64_t seen_tsc[MAX_SEEN];
static volatile bool in_service_seen;
static volatile uint64_t saved_rip;
static volatile int nest_step;          /* the nesting case's script */
static volatile bool eoi_in_handler = true;

void apic_isr(unsigned vector, uint64_t *frame)
{
	if (nseen < MAX_SEEN) {
		seen[nseen] = (uint8_t)vector;
		seen_tsc[nseen] = rdtsc_ordered();
	}
	nseen++;
	in_service_seen = vec_bit(APIC_REG_ISR, vector);
	saved_rip = frame[0];
	if (nest_step == 1 && vector == 0x50) {
		/* Class 6 interrupts class 5 at once; class 4 waits for the
		 * EOI of 0x50 (PPR = 50H while it is in service). */
		nest_step = 2;
		asm volatile("sti");
		self_ipi(0x60);
		self_ipi(0x40);
		asm volatile("cli");
	}
	if (eoi_in_handler)
		apic_wr(APIC_REG_EOI, 0);
}

GUEST_ISR(apic_stub_0x40, apic_isr, 0x40);
GUEST_ISR(apic_stub_0x50, apic_isr, 0x50);
GUEST_ISR(apic_stub_0x60, apic_isr, 0x60);
GUEST_ISR(apic_stub_0x70, apic_isr, 0x70);
GUEST_ISR(apic_stub_0xff, apic_isr, 0xff);

static void reset_seen(void)
{
	nseen = 0;
	in_service_seen = false;
	nest_step = 0;
	eoi_in_handler = true;
}

static uint64_t windows(void)
{
	return exit_count(EXIT_REASON_INTERRUPT_WINDOW);
}

/* ---- The tests, for the current interface ---- */
static const char *mode_name(void)
{
	return x2 ? "x2APIC" : "xAPIC";
}

static void test_reset_values(void)
{
	uint64_t ver = apic_rd(APIC_REG_VERSION);

	report((ver & 0xff) == APIC_VERSION_14H && ((ver >> 16) & 0xff) == APIC_LVT_COUNT - 1,
	       "%s: version 0x%lx: integrated APIC, 7 LVT entries", mode_name(), ver);
	report(apic_rd(APIC_REG_ID) == 0 && apic_rd(APIC_REG_TPR) == 0 &&
	       apic_rd(APIC_REG_PPR) == 0,
	       "%s: ID, TPR and PPR read 0", mode_name());
	if (!x2)
		report(apic_rd(APIC_REG_SVR) == 0xff && apic_rd(APIC_REG_LVT_TIMER) == APIC_LVT_MASKED &&
		       apic_rd(APIC_REG_LVT_LINT0) == APIC_LVT_MASKED &&
		       apic_rd(APIC_REG_DFR) == 0xffffffffu,
		       "xAPIC: power-up state: SVR 0xFF (software-disabled), LVTs masked, DFR all ones");
	else
		report(apic_rd(APIC_REG_LDR) == 1, "x2APIC: LDR is the logical x2APIC ID of ID 0 (1)");
}

static void test_self_ipi(void)
{
	reset_seen();
	asm volatile("sti");
	self_ipi(0x50);
	asm volatile("cli");
	report(nseen == 1 && seen[0] == 0x50 && in_service_seen,
	       "%s: self IPI 0x50 delivered once, in ISR while its handler runs", mode_name());
	report(!vec_bit(APIC_REG_ISR, 0x50) && !vec_bit(APIC_REG_IRR, 0x50) &&
	       apic_rd(APIC_REG_PPR) == 0,
	       "%s: after EOI: ISR and IRR clear, PPR 0", mode_name());
}

/* 10.8.3.1, 10.8.4: held back by TPR, the guest runs on; no window. */
static void test_tpr_holds(void)
{
	uint64_t w0 = windows();
	volatile unsigned spin;

	reset_seen();
	apic_wr(APIC_REG_TPR, 0x60);
	asm volatile("sti");
	self_ipi(0x50);
	for (spin = 0; spin < 1000; spin++)
		;
	report(nseen == 0 && vec_bit(APIC_REG_IRR, 0x50) && apic_rd(APIC_REG_PPR) == 0x60,
	       "%s: TPR 0x60 holds vector 0x50 in IRR while the guest runs on", mode_name());
	report(windows() == w0, "%s: no interrupt-window exit for an interrupt priority holds "
	       "(%lu)", mode_name(), windows() - w0);
	apic_wr(APIC_REG_TPR, 0x50);
	report(nseen == 0, "%s: TPR 0x50 (same class) still holds it", mode_name());
	apic_wr(APIC_REG_TPR, 0x40);
	unsigned after = nseen;                  /* right after the write */
	asm volatile("cli");
	report(after == 1 && seen[0] == 0x50,
	       "%s: TPR 0x40 releases it before the next instruction", mode_name());
	apic_wr(APIC_REG_TPR, 0);
}

/* 10.8.6.1: CR8[3:0] is TPR[7:4]. */
static void test_cr8(void)
{
	write_cr8(5);
	bool a = apic_rd(APIC_REG_TPR) == 0x50;
	apic_wr(APIC_REG_TPR, 0x7c);
	bool b = read_cr8() == 7;
	reset_seen();
	write_cr8(6);
	asm volatile("sti");
	self_ipi(0x60);
	bool held = nseen == 0;
	write_cr8(5);
	unsigned after = nseen;
	asm volatile("cli");
	write_cr8(0);
	report(a && b, "%s: CR8 and TPR are one register (CR8 5 -> TPR 0x50, TPR 0x7c -> CR8 7)",
	       mode_name());
	report(held && after == 1, "%s: CR8 6 holds vector 0x60, CR8 5 releases it", mode_name());
}

/* 10.8.3: a higher class interrupts a handler; a lower one waits for EOI. */
static void test_nesting(void)
{
	reset_seen();
	nest_step = 1;
	asm volatile("sti");
	self_ipi(0x50);
	asm volatile("cli");
	report(nseen == 3 && seen[0] == 0x50 && seen[1] == 0x60 && seen[2] == 0x40,
	       "%s: 0x60 nests inside 0x50's handler, 0x40 waits for its EOI (order %x %x %x)",
	       mode_name(), seen[0], seen[1], seen[2]);
}

/* STI blocking: held for one instruction, then a window exit delivers. */
extern char apic_after_sti_nop[];
static void test_sti_window(void)
{
	uint64_t w0;

	reset_seen();
	self_ipi(0x40);                      /* IF = 0: pending */
	w0 = windows();
	bool pending = nseen == 0 && vec_bit(APIC_REG_IRR, 0x40);
	asm volatile("sti\n\tnop\n.globl apic_after_sti_nop\napic_after_sti_nop:\n\tnop\n\tcli");
	report(pending && nseen == 1 && saved_rip == (uint64_t)apic_after_sti_nop,
	       "%s: with IF=0 the interrupt waits; after STI it arrives after one instruction",
	       mode_name());
	report(windows() - w0 == 1, "%s: exactly one interrupt-window exit for it (%lu)",
	       mode_name(), windows() - w0);
}

/* 10.5.3: vectors 0-15 are illegal; nothing is delivered. */
static void test_illegal_vector(void)
{
	reset_seen();
	esr_read();
	asm volatile("sti");
	if (x2)
		wrmsr(APIC_MSR_FIRST + (APIC_REG_SELF_IPI >> 4), 5);
	else
		self_ipi(5);
	asm volatile("cli");
	uint32_t esr = esr_read();
	report(nseen == 0 && (esr & APIC_ESR_RECV_ILLEGAL) && !vec_bit(APIC_REG_IRR, 5),
	       "%s: self IPI with vector 5: not delivered, ESR 0x%x has Receive Illegal Vector",
	       mode_name(), esr);
	report(esr_read() == 0, "%s: ESR clears on the next write", mode_name());
}

/* 10.5.4: one-shot, masked, periodic, with the divide register. */
static void wait_ticks(uint64_t n)
{
	uint64_t t = rdtsc_ordered();

	while (rdtsc_ordered() - t < n)
		cpu_relax();
}

static void test_timer(void)
{
	reset_seen();
	apic_wr(APIC_REG_TIMER_DCR, 0xb);                /* divide by 1 */
	apic_wr(APIC_REG_LVT_TIMER, APIC_LVT_MASKED | 0x70);
	apic_wr(APIC_REG_TIMER_ICR, 2000);
	asm volatile("sti");
	wait_ticks(5000);
	asm volatile("cli");
	report(nseen == 0 && apic_rd(APIC_REG_TIMER_CCR) == 0,
	       "%s: masked one-shot timer counts to 0 and delivers nothing", mode_name());

	apic_wr(APIC_REG_LVT_TIMER, 0x70);
	apic_wr(APIC_REG_TIMER_ICR, 2000);
	asm volatile("sti");
	wait_ticks(20000);
	asm volatile("cli");
	report(nseen == 1 && seen[0] == 0x70,
	       "%s: one-shot timer fires once (%u)", mode_name(), nseen);

	/* The period: 5000 ticks, or 16 times what one access to the APIC
	 * costs if that is more (one nested level down an exit costs
	 * thousands of ticks, and a handler that takes longer than the period
	 * is an interrupt storm on any CPU). */
	uint64_t cost = ~0ull;
	for (int i = 0; i < 3; i++) {
		uint64_t t = rdtsc_ordered();
		apic_rd(APIC_REG_TPR);
		t = rdtsc_ordered() - t;
		cost = t < cost ? t : cost;
	}
	uint64_t period = cost * 16 > 5000 ? cost * 16 : 5000;

	reset_seen();
	apic_wr(APIC_REG_LVT_TIMER, (APIC_TIMER_PERIODIC << APIC_LVT_TIMER_SHIFT) | 0x70);
	apic_wr(APIC_REG_TIMER_ICR, period);
	asm volatile("sti");
	wait_ticks(period * 104 / 10);
	asm volatile("cli");
	apic_wr(APIC_REG_TIMER_ICR, 0);                  /* stops it */
	asm volatile("sti; nop; cli");                   /* one that fired since */
	uint64_t worst = 0;
	for (unsigned i = 1; i < nseen && i < 10; i++) {
		uint64_t d = seen_tsc[i] - seen_tsc[i - 1];
		d = d > period ? d - period : period - d;
		worst = d > worst ? d : worst;
	}
	report(nseen >= 10 && nseen <= 11 && worst <= 64,
	       "%s: periodic timer of %lu fires 10 times in 10.4 periods (%u: 11 when the last "
	       "comes as it stops), each period within 64 ticks (worst %lu)", mode_name(), period,
	       nseen, worst);

	/* Divide by 16 (DCR 0011b): the count falls 16 times slower. Each
	 * read of the count happens somewhere between the TSC reads around
	 * it, so the fall lies between the shortest and the longest interval
	 * those allow, divided by 16. */
	apic_wr(APIC_REG_LVT_TIMER, APIC_LVT_MASKED | 0x70);
	apic_wr(APIC_REG_TIMER_DCR, 0x3);
	apic_wr(APIC_REG_TIMER_ICR, 1000000);
	uint64_t t0 = rdtsc_ordered();
	uint64_t c0 = apic_rd(APIC_REG_TIMER_CCR);
	uint64_t t0e = rdtsc_ordered();
	wait_ticks(160000);
	uint64_t t1 = rdtsc_ordered();
	uint64_t c1 = apic_rd(APIC_REG_TIMER_CCR);
	uint64_t t1e = rdtsc_ordered();
	uint64_t lo = (t1 - t0e) / 16, hi = (t1e - t0) / 16 + 1, got = c0 - c1;
	report(got >= lo && got <= hi,
	       "%s: divide by 16: count fell %lu, between %lu and %lu", mode_name(), got, lo, hi);
	apic_wr(APIC_REG_TIMER_ICR, 0);
	apic_wr(APIC_REG_TIMER_DCR, 0xb);
}

/* 10.5.4.1: TSC-deadline mode wakes a HLT. */
static void test_deadline_hlt(void)
{
	uint64_t v;

	reset_seen();
	apic_wr(APIC_REG_LVT_TIMER, (APIC_TIMER_TSC_DEADLINE << APIC_LVT_TIMER_SHIFT) | 0x70);
	wrmsr(MSR_IA32_TSC_DEADLINE, rdtsc_ordered() + 20000);
	asm volatile("sti; hlt; cli");
	v = rdmsr(MSR_IA32_TSC_DEADLINE);
	report(nseen == 1 && seen[0] == 0x70 && v == 0,
	       "%s: TSC deadline wakes HLT once, then reads 0 (%u interrupts, deadline 0x%lx)",
	       mode_name(), nseen, v);
	apic_wr(APIC_REG_LVT_TIMER, APIC_LVT_MASKED | 0x70);
}

static void run_all(void)
{
	test_reset_values();
	apic_wr(APIC_REG_SVR, APIC_SVR_ENABLE | 0xff);
	test_self_ipi();
	test_tpr_holds();
	test_cr8();
	test_nesting();
	test_sti_window();
	test_illegal_vector();
	test_timer();
	test_deadline_hlt();
}

/* ---- IA32_APIC_BASE (10.12.5 Figure 10-27) ---- */
static uint64_t base_value;
void do_wr(void);
void do_wr(void)
{
	wrmsr(MSR_IA32_APIC_BASE, base_value);
}

static int set_base(uint64_t v)
{
	base_value = v;
	return catch_exception_call(do_wr, NULL);
}

static bool cpuid_apic(void)
{
	return cpuid(1, 0).edx & BIT(9);
}

static void test_base_transitions(uint64_t base)
{
	uint64_t en = base & ~APIC_BASE_EXTD;

	report(set_base(en | APIC_BASE_EXTD) == -1 && rdmsr(MSR_IA32_APIC_BASE) == (en | APIC_BASE_EXTD),
	       "xAPIC -> x2APIC");
	report(set_base(en) == X86_EXC_GP, "x2APIC -> xAPIC raises #GP (10.12.5)");
	report(set_base(en & ~APIC_BASE_EN) == -1 && !cpuid_apic(),
	       "x2APIC -> disabled; CPUID.1:EDX.APIC reads 0");
	report(set_base((en & ~APIC_BASE_EN) | APIC_BASE_EXTD) == X86_EXC_GP,
	       "EN=0 with EXTD=1 is invalid: #GP");
	report(set_base(en | APIC_BASE_EXTD) == X86_EXC_GP, "disabled -> x2APIC raises #GP");
	report(set_base(en) == -1 && cpuid_apic(), "disabled -> xAPIC; CPUID.1:EDX.APIC reads 1");
	x2 = false;
	report(apic_rd(APIC_REG_SVR) == 0xff && apic_rd(APIC_REG_LVT_TIMER) == APIC_LVT_MASKED,
	       "after disable: the registers are at their power-up values");
}

static void hostile_held(void)
{
	apic_wr(APIC_REG_SVR, APIC_SVR_ENABLE | 0xff);
	apic_wr(APIC_REG_TPR, 0xf0);
	asm volatile("sti");
	self_ipi(0x50);
	printf("halting with vector 0x50 held back by TPR 0xf0\n");
	asm volatile("hlt");
	report(false, "the HLT was woken by an interrupt priority holds back");
}

static void hostile_storm(void)
{
	apic_wr(APIC_REG_SVR, APIC_SVR_ENABLE | 0xff);
	apic_wr(APIC_REG_TIMER_DCR, 0xb);
	apic_wr(APIC_REG_LVT_TIMER, (APIC_TIMER_PERIODIC << APIC_LVT_TIMER_SHIFT) |
				    APIC_LVT_MASKED | 0x70);
	apic_wr(APIC_REG_TIMER_ICR, 1);
	asm volatile("sti");
	printf("halting with a masked periodic timer of period 1\n");
	asm volatile("hlt");
	report(false, "the HLT was woken by a masked timer");
}

int guest_main(const char *cmdline)
{
	const char *c;
	int n = cmdline_get(cmdline, "case", &c);
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);

	cpu_set_interrupt_gate(0x40, (uint64_t)apic_stub_0x40);
	cpu_set_interrupt_gate(0x50, (uint64_t)apic_stub_0x50);
	cpu_set_interrupt_gate(0x60, (uint64_t)apic_stub_0x60);
	cpu_set_interrupt_gate(0x70, (uint64_t)apic_stub_0x70);
	cpu_set_interrupt_gate(0xff, (uint64_t)apic_stub_0xff);

	if (n == 4 && !memcmp(c, "held", 4)) {
		hostile_held();
		return report_summary();
	}
	if (n == 5 && !memcmp(c, "storm", 5)) {
		hostile_storm();
		return report_summary();
	}
	report(base == (APIC_DEFAULT_BASE | APIC_BASE_EN | APIC_BASE_BSP) && cpuid_apic(),
	       "IA32_APIC_BASE 0x%lx: xAPIC mode at FEE00000H, BSP; CPUID.1:EDX.APIC", base);
	x2 = false;
	run_all();
	report(set_base(base | APIC_BASE_EXTD) == -1, "x2APIC mode on");
	x2 = true;
	run_all();
	test_base_transitions(base);
	return report_summary();
}
