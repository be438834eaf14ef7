/* SPDX-License-Identifier: MIT */
/*
 * debug: what a guest's own debugger relies on (SDM Vol. 3B chapter 17):
 * INT3 as #BP with RIP after it, single-step with TF (DR6.BS), an
 * instruction breakpoint in DR0 (a fault, DR6.B0, resumed with RF), a data
 * write breakpoint in DR1 (a trap, DR6.B1), general detect (DR7.GD: MOV DR
 * faults with DR6.BD, GD cleared), single-step across MOV SS (the trap
 * waits for the instruction after it), and the debug registers keeping
 * their values across VM exits the guest causes in between (CPUID, I/O).
 */
#include "common/free/cpu_tables.h"
#include "common/free/x86.h"
#include "guests/lib/guest.h"

#define DR6_B0  (1ull << 0)
#define DR6_B1  (1ull << 1)
#define DR6_BD  (1ull << 13)
#define DR6_BS  (1ull << 14)
#define DR7_L0  (1ull << 0)
#define DR7_L1  (1ull << 2)
#define DR7_GD  (1ull << 13)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_RF (1ull << 16)

struct hit {
	unsigned n;
	uint64_t rip, dr6, dr7;
};
static volatile struct hit db, bp;
static volatile unsigned db_skip;       /* bytes to skip at a #DB fault (GD) */
volatile uint32_t watched;

/* frame: RIP, CS, RFLAGS, RSP, SS (no error code for #DB and #BP). */
void debug_db(unsigned arg, uint64_t *frame)
{
	uint64_t dr6, dr7;

	(void)arg;
	asm volatile("mov %%dr6, %0" : "=r"(dr6));
	asm volatile("mov %%dr7, %0" : "=r"(dr7));
	db.n++;
	db.rip = frame[0];
	db.dr6 = dr6;
	db.dr7 = dr7;
	asm volatile("mov %0, %%dr6" :: "r"(0xffff0ff0ull));
	frame[2] &= ~RFLAGS_TF;
	frame[2] |= RFLAGS_RF;                    /* past an instruction breakpoint */
	frame[0] += db_skip;
	db_skip = 0;
}

void debug_bp(unsigned arg, uint64_t *frame)
{
	(void)arg;
	bp.n++;
	bp.rip = frame[0];
}

GUEST_ISR(debug_db_stub, debug_db, 1);
GUEST_ISR(debug_bp_stub, debug_bp, 3);

extern char after_int3[], after_step[], bp_target[], after_write[], gd_insn[], after_ss_next[];
void do_int3(void), do_step(void), do_exec_bp(void), do_write(void), do_gd(void), do_movss(void);
asm(".text\n"
    "do_int3:\n\tint3\nafter_int3:\n\tret\n"
    "do_step:\n\tpushfq\n\torq $0x100, (%rsp)\n\tpopfq\n\tnop\nafter_step:\n\tnop\n\tret\n"
    "do_exec_bp:\n\tnop\nbp_target:\n\tnop\n\tret\n"
    "do_write:\n\tmovl $1, watched(%rip)\nafter_write:\n\tret\n"
    "do_gd:\ngd_insn:\n\tmov %rax, %dr0\n\tret\n"
    "do_movss:\n\tmov %ss, %ax\n\tpushfq\n\torq $0x100, (%rsp)\n\tpopfq\n"
    "\tmov %ax, %ss\n\tnop\nafter_ss_next:\n\tnop\n\tret\n");

static void reset_hits(void)
{
	db.n = bp.n = 0;
	db.rip = bp.rip = db.dr6 = 0;
}

/* VM exits between arming and using a breakpoint: the DRs must survive. */
static void exits(void)
{
	cpuid(0, 0);
	outb(0x80, 0);
	cpuid(1, 0);
}

int guest_main(const char *cmdline)
{
	uint64_t dr;

	(void)cmdline;
	cpu_set_interrupt_gate(1, (uint64_t)debug_db_stub);
	cpu_set_interrupt_gate(3, (uint64_t)debug_bp_stub);

	reset_hits();
	do_int3();
	report(bp.n == 1 && bp.rip == (uint64_t)after_int3, "INT3: #BP once, RIP after it");

	reset_hits();
	do_step();
	report(db.n == 1 && db.rip == (uint64_t)after_step && (db.dr6 & DR6_BS),
	       "TF: one #DB after the next instruction, DR6.BS (DR6 0x%lx)", db.dr6);

	reset_hits();
	asm volatile("mov %0, %%dr0" :: "r"((uint64_t)bp_target));
	asm volatile("mov %0, %%dr7" :: "r"(DR7_L0 | 0x400));
	exits();
	do_exec_bp();
	asm volatile("mov %0, %%dr7" :: "r"(0x400ull));
	report(db.n == 1 && db.rip == (uint64_t)bp_target && (db.dr6 & DR6_B0),
	       "DR0 instruction breakpoint, armed across VM exits: #DB fault at it, DR6.B0 "
	       "(%u, DR6 0x%lx)", db.n, db.dr6);

	reset_hits();
	asm volatile("mov %0, %%dr1" :: "r"((uint64_t)&watched));
	/* RW1 = 01 (writes), LEN1 = 11 (4 bytes). */
	asm volatile("mov %0, %%dr7" :: "r"(DR7_L1 | 0x400 | 1ull << 20 | 3ull << 22));
	exits();
	do_write();
	asm volatile("mov %0, %%dr7" :: "r"(0x400ull));
	report(db.n == 1 && db.rip == (uint64_t)after_write && (db.dr6 & DR6_B1) && watched == 1,
	       "DR1 data write breakpoint: #DB trap after the write, DR6.B1 (%u, DR6 0x%lx)",
	       db.n, db.dr6);

	reset_hits();
	asm volatile("mov %0, %%dr7" :: "r"(DR7_GD | 0x400));
	exits();
	db_skip = 3;                                         /* mov %rax, %dr0 */
	do_gd();
	asm volatile("mov %%dr7, %0" : "=r"(dr));
	report(db.n == 1 && db.rip == (uint64_t)gd_insn && (db.dr6 & DR6_BD) &&
	       !(db.dr7 & DR7_GD) && !(dr & DR7_GD),
	       "DR7.GD: MOV DR faults with DR6.BD, GD cleared for the handler (%u, DR6 0x%lx)",
	       db.n, db.dr6);

	reset_hits();
	do_movss();
	report(db.n == 1 && db.rip == (uint64_t)after_ss_next && (db.dr6 & DR6_BS),
	       "TF across MOV SS: the trap waits for the instruction after it (%u)", db.n);
	return report_summary();
}
