/* SPDX-License-Identifier: MIT */
/*
 * events: every kind of event (hardware exception with and without an
 * error code, trap and fault, software interrupt, software exception,
 * privileged software exception, external interrupt) raised with RSP at
 * the top of a page the guest has never touched. Under trap=ept, at this
 * level or below, the delivery's first push is an EPT violation during
 * event delivery (SDM 28.2.4): the hypervisor must map the page and
 * deliver the same event again, or the guest loses it.
 *
 * Each case checks that its handler ran exactly once, with the frame the
 * SDM gives it (RIP of the fault or after the trap, error code, CR2, RSP).
 *   reinjected=1     also checks that the hypervisor re-injected exactly
 *                    one event per case (its "reinjected" counter)
 *   case=mmio-stack  the hostile case: a #DB whose delivery pushes into
 *                    the MMIO window; the hypervisor must stop the VM and
 *                    name the cause, not emulate the instruction at RIP
 */
#include "common/free/cpu_tables.h"
#include "common/free/string.h"
#include "guests/lib/guest.h"
#include "l1hv/stats/vm_stats.h"

#define IRQ_VECTOR   0x42
#define PF_ADDR      0x8000000000ull    /* PML4[1]: not present */
#define GP_SELECTOR  0x1238u            /* beyond the GDT's limit */
#define PAGE         4096

/* stubs.S */
void ev_stub_1(void), ev_stub_3(void), ev_stub_13(void), ev_stub_14(void);
void ev_stub_0x42(void), ev_stub_0x80(void);
void ev_db_on(uint64_t top), ev_db_mmio_on(uint64_t top, uint64_t mmio);
void ev_int_on(uint64_t top), ev_int3_on(uint64_t top), ev_int1_on(uint64_t top);
void ev_pf_on(uint64_t top, uint64_t addr), ev_gp_on(uint64_t top, uint64_t sel);
void ev_irq_on(uint64_t top);
extern char ev_db_after[], ev_int_after[], ev_int3_after[], ev_int1_after[];
extern char ev_pf_insn[], ev_gp_insn[];

uint64_t ev_saved_rsp;
volatile uint64_t ev_irq_seen;

static volatile unsigned ev_skip;

struct seen {
	unsigned count;
	uint64_t rip, err, rsp, cr2;
};
static volatile struct seen seen[256];

/* Stacks, one per case; never touched before their case runs. */
enum { CASE_DB, CASE_INT, CASE_INT3, CASE_INT1, CASE_PF, CASE_GP, CASE_IRQ, CASES };
static uint8_t ev_pages[CASES][PAGE] __attribute__((aligned(PAGE)));

/* Called by the stubs; frame = { error code, rip, cs, rflags, rsp, ss }. */
void ev_record(unsigned vec, uint64_t *frame);
void ev_record(unsigned vec, uint64_t *frame)
{
	volatile struct seen *s = &seen[vec & 0xff];

	s->count++;
	s->err = frame[0];
	s->rip = frame[1];
	s->rsp = frame[4];
	if (vec == 1)
		frame[3] &= ~0x100ull;                 /* RFLAGS.TF off */
	if (vec == 13 || vec == 14)
		frame[1] += ev_skip;
	if (vec == 14) {
		uint64_t cr2;
		asm volatile("mov %%cr2, %0" : "=r"(cr2));
		s->cr2 = cr2;
	}
	if (vec == IRQ_VECTOR) {
		ev_irq_seen++;
		wrmsr(0x80b, 0);                       /* x2APIC EOI */
	}
}

static uint64_t reinjected(void)
{
	uint64_t v = 0;

	hypercall(NESTLAB_HC_STAT, VM_STAT_REINJECTED, &v, NULL);
	return v;
}

static uint64_t stack_top(unsigned c)
{
	return (uint64_t)ev_pages[c] + PAGE;
}

/* The checks every case shares: one delivery, at the expected RIP, with
 * the stack pointer of the interrupted code in the frame. */
static void check(const char *name, unsigned vec, uint64_t rip, uint64_t top, bool count_it,
		  uint64_t before)
{
	volatile struct seen *s = &seen[vec];

	report(s->count == 1, "%s: vector %u delivered once (%u)", name, vec, s->count);
	report(s->rip == rip, "%s: saved RIP 0x%lx (expected 0x%lx)", name, s->rip, rip);
	report(s->rsp == top, "%s: saved RSP 0x%lx (expected 0x%lx)", name, s->rsp, top);
	if (count_it) {
		uint64_t n = reinjected() - before;
		report(n == 1, "%s: the hypervisor re-injected it once (%lu)", name, n);
	}
}

int guest_main(const char *cmdline)
{
	const char *v;
	bool count_it = cmdline_get(cmdline, "reinjected", &v) == 1 && v[0] == '1';
	static const uint8_t vectors[] = { 1, 3, 13, 14, IRQ_VECTOR, 0x80 };
	static void (*const stubs[])(void) = { ev_stub_1, ev_stub_3, ev_stub_13, ev_stub_14,
					      ev_stub_0x42, ev_stub_0x80 };
	struct desc_ptr idtr;
	uint8_t saved[sizeof(vectors)][16];
	uint64_t before;

	sidt(&idtr);
	for (unsigned i = 0; i < sizeof(vectors); i++) {
		memcpy(saved[i], (uint8_t *)idtr.base + 16 * vectors[i], 16);
		cpu_set_interrupt_gate(vectors[i], (uint64_t)stubs[i]);
	}
	/* INT n from CPL 0 needs no DPL 3; the gates are kernel gates. */

	if (cmdline_get(cmdline, "case", &v) == 10 && !strncmp(v, "mmio-stack", 10)) {
		printf("events: single-step trap delivered onto a stack in the MMIO window\n");
		ev_db_mmio_on(NESTLAB_MMIO_BASE + PAGE, NESTLAB_MMIO_BASE + 0x10);
		printf("FAIL: the #DB was delivered onto device memory and the guest went on\n");
		return 1;
	}

	before = reinjected();
	ev_db_on(stack_top(CASE_DB));
	check("single-step #DB (trap)", 1, (uint64_t)ev_db_after, stack_top(CASE_DB), count_it,
	      before);

	seen[1].count = 0;
	before = reinjected();
	ev_int1_on(stack_top(CASE_INT1));
	check("INT1 (privileged software exception)", 1, (uint64_t)ev_int1_after,
	      stack_top(CASE_INT1), count_it, before);

	before = reinjected();
	ev_int3_on(stack_top(CASE_INT3));
	check("INT3 (software exception)", 3, (uint64_t)ev_int3_after, stack_top(CASE_INT3),
	      count_it, before);

	before = reinjected();
	ev_int_on(stack_top(CASE_INT));
	check("INT 0x80 (software interrupt)", 0x80, (uint64_t)ev_int_after, stack_top(CASE_INT),
	      count_it, before);

	ev_skip = 3;
	before = reinjected();
	ev_pf_on(stack_top(CASE_PF), PF_ADDR);
	check("#PF (fault with an error code)", 14, (uint64_t)ev_pf_insn, stack_top(CASE_PF),
	      count_it, before);
	report(seen[14].err == 0 && seen[14].cr2 == PF_ADDR,
	       "#PF: error code 0x%lx (expected 0: not present, read, supervisor), CR2 0x%lx",
	       seen[14].err, seen[14].cr2);

	ev_skip = 2;
	before = reinjected();
	ev_gp_on(stack_top(CASE_GP), GP_SELECTOR);
	check("#GP (fault with a selector error code)", 13, (uint64_t)ev_gp_insn,
	      stack_top(CASE_GP), count_it, before);
	report(seen[13].err == GP_SELECTOR, "#GP: error code 0x%lx (expected 0x%x)",
	       seen[13].err, GP_SELECTOR);

	/* The x2APIC timer in TSC-deadline mode, deadline already past. */
	wrmsr(0x1b, rdmsr(0x1b) | (3ull << 10));
	wrmsr(0x80f, 0x1ff);
	wrmsr(0x832, IRQ_VECTOR | (2u << 17));
	before = reinjected();
	ev_irq_on(stack_top(CASE_IRQ));
	report(ev_irq_seen == 1, "timer interrupt (external): delivered once (%lu)", ev_irq_seen);
	report(seen[IRQ_VECTOR].rsp == stack_top(CASE_IRQ),
	       "timer interrupt: saved RSP 0x%lx (expected 0x%lx)", seen[IRQ_VECTOR].rsp,
	       stack_top(CASE_IRQ));
	if (count_it) {
		uint64_t n = reinjected() - before;
		report(n == 1, "timer interrupt: the hypervisor re-injected it once (%lu)", n);
	}

	for (unsigned i = 0; i < sizeof(vectors); i++)
		memcpy((uint8_t *)idtr.base + 16 * vectors[i], saved[i], 16);
	return report_summary();
}
