/* SPDX-License-Identifier: MIT */
/*
 * platform: what a guest sees of the virtual platform when it does things
 * the hypervisor does not emulate: unknown ports, unknown MSRs, VMX
 * instructions with VMX hidden, reserved CR4 bits. Each must get the
 * architectural answer, and each costs exactly the exits it should.
 */
#include "exit-reflect/exit_reasons.h"
#include "common/free/cpu_tables.h"
#include "guests/lib/guest.h"

#define UNKNOWN_PORT 0x7f0
#define UNKNOWN_MSR  0x4b564d00   /* in no range any CPU implements */

static void do_rdmsr(void *ctx)
{
	*(uint64_t *)ctx = rdmsr(UNKNOWN_MSR);               /* 0f 32 */
}

static void do_wrmsr(void *ctx)
{
	(void)ctx;
	wrmsr(UNKNOWN_MSR, 0x1234);                          /* 0f 30 */
}

/* ctx: { msr } in, the value read out. */
static void do_rdmsr_at(void *ctx)
{
	uint64_t *m = ctx;

	*m = rdmsr((uint32_t)*m);                            /* 0f 32 */
}

/* ctx: { msr, value }. */
static void do_wrmsr_val(void *ctx)
{
	const uint64_t *m = ctx;

	wrmsr((uint32_t)m[0], m[1]);                         /* 0f 30 */
}

/* The x2APIC timer's handler: counts, EOIs, returns. */
volatile uint64_t lapic_ticks;
void platform_lapic_isr(void);
asm(".text\n.globl platform_lapic_isr\nplatform_lapic_isr:\n"
    "\tlock incq lapic_ticks(%rip)\n"
    "\tpush %rax\n\tpush %rcx\n\tpush %rdx\n"
    "\tmov $0x80b, %ecx\n\txor %eax, %eax\n\txor %edx, %edx\n\twrmsr\n"
    "\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\tiretq\n");

static void do_vmxon(void *ctx)
{
	asm volatile("vmxon (%0)" :: "r"(ctx) : "memory");   /* f3 0f c7 30 */
}

static void do_set_vmxe(void *ctx)
{
	(void)ctx;
	asm volatile("mov %0, %%cr4" :: "r"(read_cr4() | X86_CR4_VMXE));  /* 0f 22 e0 */
}

int guest_main(const char *cmdline)
{
	uint64_t before, after, val = 0;
	uint64_t region = 0;

	(void)cmdline;
	before = exit_count(EXIT_REASON_IO_INSTRUCTION);
	uint8_t b = inb(UNKNOWN_PORT);
	uint16_t w = inw(UNKNOWN_PORT);
	uint32_t l = inl(UNKNOWN_PORT);
	outb(UNKNOWN_PORT, 0x12);
	after = exit_count(EXIT_REASON_IO_INSTRUCTION);
	report(b == 0xff && w == 0xffff && l == 0xffffffff,
	       "unknown port reads all ones (0x%x 0x%x 0x%x)", b, w, l);
	report(after - before == 4, "unknown port: one I/O exit per access (%lu)", after - before);

	before = exit_count(EXIT_REASON_MSR_READ);
	report(catch_exception(do_rdmsr, &val, 2) == X86_EXC_GP,
	       "RDMSR of an unknown MSR raises #GP");
	after = exit_count(EXIT_REASON_MSR_READ);
	report(after - before == 1, "RDMSR: exactly one MSR-read exit (%lu)", after - before);
	report(catch_exception(do_wrmsr, NULL, 2) == X86_EXC_GP,
	       "WRMSR of an unknown MSR raises #GP");

	/* The MMIO register window (every access an EPT violation l1hv decodes). */
	volatile uint32_t *sel = (volatile uint32_t *)(uint64_t)NESTLAB_MMIO_BASE;
	volatile uint32_t *win = (volatile uint32_t *)((uint64_t)NESTLAB_MMIO_BASE + 0x10);
	before = exit_count(EXIT_REASON_EPT_VIOLATION);
	*sel = 5;
	*win = 0x1234abcd;
	*sel = 6;
	*win = 0x55;
	*sel = 5;
	uint32_t w5 = *win;
	uint8_t sel8 = *(volatile uint8_t *)sel;
	uint32_t hole = *(volatile uint32_t *)((uint64_t)NESTLAB_MMIO_BASE + 0x20);
	after = exit_count(EXIT_REASON_EPT_VIOLATION);
	report(w5 == 0x1234abcd && sel8 == 5,
	       "MMIO window: registers keep their values (0x%x)", w5);
	report(hole == 0xffffffff, "MMIO window: an offset with no register reads all ones");
	report(after - before == 8, "MMIO window: one EPT-violation exit per access (%lu)",
	       after - before);

	/* Byte registers 4-7 without REX are AH, CH, DH, BH (SDM Vol. 2A
	 * Table 3-1); a 16-bit MOVZX destination keeps bits 63:16. */
	uint64_t ah_sel, bh, si, rsp_before, rsp_after;
	asm volatile("movb %%ah, (%1)" :: "a"(0x5a00u), "b"(sel) : "memory");
	ah_sel = *sel;
	*sel = 0x37;
	asm volatile("mov %%rsp, %0\n\tmovb (%3), %%bh\n\tmov %%rsp, %1"
		     : "=&r"(rsp_before), "=&r"(rsp_after), "=b"(bh)
		     : "a"(sel), "2"(0x1122334455667788ull) : "memory");
	asm volatile("movzbw (%1), %%si" : "=S"(si) : "a"(sel), "0"(~0ull) : "memory");
	report(ah_sel == 0x5a, "MMIO window: a store from AH stores AH (0x%lx)", ah_sel);
	report(bh == 0x1122334455663788ull && rsp_before == rsp_after,
	       "MMIO window: a load into BH writes bits 15:8 of RBX only (0x%lx)", bh);
	report(si == 0xffffffffffff0037ull,
	       "MMIO window: MOVZX into SI keeps bits 63:16 of RSI (0x%lx)", si);

	report(rdmsr(MSR_IA32_EFER) == (X86_EFER_LME | X86_EFER_LMA),
	       "EFER reads back LME|LMA in long mode (0x%lx)", rdmsr(MSR_IA32_EFER));
	report(catch_exception(do_vmxon, &region, 4) == X86_EXC_UD,
	       "VMXON with VMX hidden raises #UD");
	report(catch_exception(do_set_vmxe, NULL, 3) == X86_EXC_GP, "setting CR4.VMXE raises #GP");
	report(!(read_cr4() & X86_CR4_VMXE), "CR4.VMXE reads as 0");

	/* NESTLAB_HC_SET_TRAPS: RDTSC exits while asked to, and no longer
	 * after; a trap fixed at build time (ept) cannot be asked for. */
	uint64_t prev = ~0ull;
	before = exit_count(NESTLAB_HC_ALL_EXITS);
	asm volatile("rdtsc" ::: "rax", "rdx");
	after = exit_count(NESTLAB_HC_ALL_EXITS);
	uint64_t off = after - before;
	int64_t rc = hypercall(NESTLAB_HC_SET_TRAPS, NESTLAB_TRAP_RDTSC, &prev, NULL);
	before = exit_count(NESTLAB_HC_ALL_EXITS);
	asm volatile("rdtsc" ::: "rax", "rdx");
	after = exit_count(NESTLAB_HC_ALL_EXITS);
	uint64_t on = after - before;
	hypercall(NESTLAB_HC_SET_TRAPS, prev, NULL, NULL);
	report(rc == 0 && prev == 0 && off == 1 && on == 2,
	       "SET_TRAPS rdtsc: RDTSC exits only while asked (%lu, then %lu exits)", off, on);
	report(hypercall(NESTLAB_HC_SET_TRAPS, NESTLAB_TRAP_EPT, NULL, NULL) == NESTLAB_HC_EINVAL,
	       "SET_TRAPS of a build-time trap (ept) returns -EINVAL");

	/* The virtual x2APIC (SDM 11.12): its registers #GP until x2APIC mode
	 * is on, an EOI must write 0, and x2APIC cannot go straight back to
	 * xAPIC mode (SDM 11.12.5). */
	uint64_t base = rdmsr(MSR_IA32_APIC_BASE);
	report(catch_exception(do_rdmsr_at, &(uint64_t){ MSR_IA32_X2APIC_SIVR }, 2) == X86_EXC_GP,
	       "x2APIC register read in xAPIC mode raises #GP");
	wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EN | APIC_BASE_EXTD);
	report(rdmsr(MSR_IA32_X2APIC_VERSION) == 0x60014 &&
	       (rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_EXTD),
	       "x2APIC mode on: version register 0x%lx", rdmsr(MSR_IA32_X2APIC_VERSION));
	uint64_t eoi[2] = { MSR_IA32_X2APIC_EOI, 1 };
	report(catch_exception(do_wrmsr_val, eoi, 2) == X86_EXC_GP,
	       "x2APIC EOI of a nonzero value raises #GP");
	uint64_t back[2] = { MSR_IA32_APIC_BASE, base & ~APIC_BASE_EXTD };
	report(catch_exception(do_wrmsr_val, back, 2) == X86_EXC_GP,
	       "IA32_APIC_BASE from x2APIC straight to xAPIC mode raises #GP");

	/* A deadline that passes while the guest runs (no exits of its own):
	 * the interrupt still arrives, after the deadline (SDM 11.5.4.1). */
	cpu_set_interrupt_gate(0x42, (uint64_t)platform_lapic_isr);
	wrmsr(MSR_IA32_X2APIC_SIVR, 0x1ff);
	wrmsr(MSR_IA32_X2APIC_LVT_TIMER, 0x42 | (2u << 17));
	uint64_t t0 = rdtsc_ordered(), deadline = t0 + 20000, seen = 0;
	wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
	asm volatile("sti");
	while (!lapic_ticks && rdtsc_ordered() - t0 < 10000000)
		;
	seen = rdtsc_ordered();
	asm volatile("cli");
	report(lapic_ticks == 1 && seen >= deadline && rdmsr(MSR_IA32_TSC_DEADLINE) == 0,
	       "TSC-deadline timer interrupt while running: %lu at +%lu ticks (deadline +20000), "
	       "then disarmed", lapic_ticks, seen - t0);
	return report_summary();
}
