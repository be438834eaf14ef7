/* SPDX-License-Identifier: MIT */
/* A CPU exception inside the hypervisor is a bug: report it and end the run
 * with a failure verdict instead of hanging or triple-faulting. The one
 * exception is a #GP at an instruction with a recorded fixup (fixup.h):
 * a *_safe accessor finding that this CPU lacks an MSR. */
#include "common/free/x86.h"
#include "common/free/cpu_tables.h"
#include "l1hv/arch/fixup.h"
#include "l1hv/arch/machine.h"
#include "l1hv/console/console.h"

static const char *const exception_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow",
	"#BR bound range", "#UD invalid opcode", "#NM device not available",
	"#DF double fault", "coprocessor segment overrun", "#TS invalid TSS",
	"#NP segment not present", "#SS stack fault", "#GP general protection",
	"#PF page fault", "reserved 15", "#MF x87 error", "#AC alignment check",
	"#MC machine check", "#XM SIMD error", "#VE virtualization exception",
	"#CP control protection", "reserved 22", "reserved 23", "reserved 24",
	"reserved 25", "reserved 26", "reserved 27", "#HV hypervisor injection",
	"#VC VMM communication", "#SX security exception", "reserved 31",
};

void exception_handler(struct exception_frame *f)
{
	if (f->vector == X86_EXC_GP && fixup_exception(f))
		return;
	pr_info("hypervisor exception: vector %lu (%s), error code 0x%lx\n", f->vector,
		exception_names[f->vector & 31], f->error_code);
	pr_info("  rip %016lx  cs %04lx  rflags %016lx  rsp %016lx  cr2 %016lx\n", f->rip,
		f->cs, f->rflags, f->rsp, read_cr2());
	pr_info("  rax %016lx  rbx %016lx  rcx %016lx  rdx %016lx\n", f->rax, f->rbx, f->rcx,
		f->rdx);
	pr_info("  rsi %016lx  rdi %016lx  rbp %016lx  r8  %016lx\n", f->rsi, f->rdi, f->rbp,
		f->r8);
	pr_info("  r9  %016lx  r10 %016lx  r11 %016lx  r12 %016lx\n", f->r9, f->r10, f->r11,
		f->r12);
	pr_info("  r13 %016lx  r14 %016lx  r15 %016lx\n", f->r13, f->r14, f->r15);
	machine_finish(false, "exception %lu in the hypervisor at rip 0x%lx", f->vector, f->rip);
}
