/* SPDX-License-Identifier: MIT */
/*
 * Exit dispatch: a table indexed by basic exit reason, bounds-checked first.
 * RIP is advanced in exactly one place (exit_advance_rip), which also clears
 * STI/MOV-SS blocking as the completed instruction would have (SDM 25.4.2).
 * An event whose delivery the exit interrupted is set up again before the
 * handler runs (exit_reinject_event), so no handler can lose it.
 */
#include "l1hv/exit/exit.h"

#include "common/free/x86.h"
#include "common/x86_event.h"
#include "exit-reflect/exit_reasons.h"
#include "l1hv/console/console.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmx_controls.h"

static const exit_handler_fn exit_handlers[EXIT_REASON_MAX + 1] = {
	[EXIT_REASON_EXCEPTION_NMI] = handle_exception_nmi,
	[EXIT_REASON_TRIPLE_FAULT] = handle_triple_fault,
	[EXIT_REASON_INIT_SIGNAL] = handle_ignore,
	[EXIT_REASON_SIPI_SIGNAL] = handle_ignore,
	[EXIT_REASON_CPUID] = handle_cpuid,
	[EXIT_REASON_GETSEC] = handle_inject_ud,       /* SMX is not offered */
	[EXIT_REASON_HLT] = handle_hlt,
	[EXIT_REASON_INVD] = handle_skip,              /* as WBINVD: nothing to write back */
	[EXIT_REASON_VMCALL] = handle_vmcall,
	/* VMX instructions: #UD unless nested=on (see nested/nested_insn.c). */
	[EXIT_REASON_VMCLEAR] = handle_vmclear,
	[EXIT_REASON_VMLAUNCH] = handle_vmlaunch,
	[EXIT_REASON_VMPTRLD] = handle_vmptrld,
	[EXIT_REASON_VMPTRST] = handle_vmptrst,
	[EXIT_REASON_VMREAD] = handle_vmread,
	[EXIT_REASON_VMRESUME] = handle_vmresume,
	[EXIT_REASON_VMWRITE] = handle_vmwrite,
	[EXIT_REASON_VMOFF] = handle_vmxoff,
	[EXIT_REASON_VMON] = handle_vmxon,
	[EXIT_REASON_CR_ACCESS] = handle_cr_access,
	[EXIT_REASON_IO_INSTRUCTION] = handle_io,
	[EXIT_REASON_MSR_READ] = handle_rdmsr,
	[EXIT_REASON_MSR_WRITE] = handle_wrmsr,
	[EXIT_REASON_MWAIT_INSTRUCTION] = handle_inject_ud,   /* CPUID hides MONITOR */
	[EXIT_REASON_MONITOR_INSTRUCTION] = handle_inject_ud,
	[EXIT_REASON_EPT_VIOLATION] = handle_ept_violation,
	[EXIT_REASON_EPT_MISCONFIG] = handle_ept_misconfig,
	[EXIT_REASON_INVEPT] = handle_invept,
	[EXIT_REASON_INVVPID] = handle_invvpid,
	[EXIT_REASON_VMFUNC] = handle_inject_ud,
	[EXIT_REASON_XSETBV] = handle_xsetbv,
	[EXIT_REASON_WBINVD] = handle_skip,            /* trap=wbinvd: nothing to write back */
	[EXIT_REASON_RDTSC] = handle_rdtsc,            /* trap=rdtsc */
	/* The virtual local APIC's (vdev/vlapic.c): vm_run delivers on entry. */
	[EXIT_REASON_INTERRUPT_WINDOW] = handle_ignore,
	[EXIT_REASON_PREEMPTION_TIMER] = handle_preemption_timer,
	[EXIT_REASON_RDTSCP] = handle_rdtscp,
};

static void exit_advance_rip(const struct exit_info *e)
{
	uint32_t intr = vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO);

	vmcs_write(VMCS_GUEST_RIP, e->rip + e->insn_len);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write32(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			     intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

static void exit_dump(struct vcpu *vcpu, struct exit_info *e, const char *what)
{
	pr_info("VM %s: %s: exit reason %u (%s), qualification 0x%lx\n", vcpu->vm->name, what,
		e->basic, exit_reason_name(e->basic), e->qual);
	pr_info("  rip %08lx rsp %08lx rflags %08lx cr0 %08lx cr3 %08lx cr4 %08lx\n", e->rip,
		vmcs_read(VMCS_GUEST_RSP), vmcs_read(VMCS_GUEST_RFLAGS),
		vcpu_read_cr0(), vmcs_read(VMCS_GUEST_CR3), vcpu_read_cr4());
	pr_info("  rax %08lx rbx %08lx rcx %08lx rdx %08lx rsi %08lx rdi %08lx\n",
		vcpu->regs[GPR_RAX], vcpu->regs[GPR_RBX], vcpu->regs[GPR_RCX], vcpu->regs[GPR_RDX],
		vcpu->regs[GPR_RSI], vcpu->regs[GPR_RDI]);
}

/* A reason with no handler stops the VM with a report. */
static enum exit_result exit_unhandled(struct vcpu *vcpu, struct exit_info *e)
{
	exit_dump(vcpu, e, "unhandled exit");
	vm_stop(vcpu->vm, "unhandled exit reason %u (%s) at rip 0x%lx", e->basic,
		exit_reason_name(e->basic), e->rip);
	return EXIT_STOP_VM;
}

exit_handler_fn exit_handler_for(uint32_t reason)
{
	uint32_t basic = reason & VMX_EXIT_REASON_BASIC_MASK;
	exit_handler_fn h = basic <= EXIT_REASON_MAX ? exit_handlers[basic] : NULL;

	return h ? h : exit_unhandled;
}

void exit_dispatch(struct vcpu *vcpu, uint32_t reason)
{
	exit_dispatch_to(vcpu, reason, exit_handler_for(reason));
}

/*
 * An exit whose reason can interrupt the delivery of an event (an
 * intercepted exception, an EPT violation, ...): the IDT-vectoring
 * information says whether it did, and the event is set up again before the
 * handler runs. Kept off the path of the exits caused by instructions, which
 * pay only the test of the reason.
 */
static __attribute__((noinline)) enum exit_result
exit_handle_during_delivery(struct vcpu *vcpu, struct exit_info *e, exit_handler_fn handler)
{
	enum exit_result r;

	e->idt_info = vmcs_read32(VMCS_IDT_VECTORING_INFO_FIELD);
	if (!(e->idt_info & INTR_INFO_VALID_MASK))
		return handler(vcpu, e);
	exit_reinject_event(vcpu, e->idt_info, (e->idt_info & INTR_INFO_DELIVER_CODE_MASK) ?
			    vmcs_read32(VMCS_IDT_VECTORING_ERROR_CODE) : 0, e->insn_len);
	r = handler(vcpu, e);
	vcpu->reinjecting = 0;
	/* An exit during event delivery has no instruction to complete. */
	if (r == EXIT_ADVANCE) {
		vm_stop(vcpu->vm, "BUG: the %s handler completed an instruction at rip 0x%lx "
			"during the delivery of an event (IDT-vectoring info 0x%x)",
			exit_reason_name(e->basic), e->rip, e->idt_info);
		return EXIT_STOP_VM;
	}
	return r;
}

void exit_dispatch_to(struct vcpu *vcpu, uint32_t reason, exit_handler_fn handler)
{
	struct exit_info e;
	enum exit_result r;

	e.reason = reason;
	e.basic = e.reason & VMX_EXIT_REASON_BASIC_MASK;
	e.qual = vmcs_read(VMCS_EXIT_QUALIFICATION);
	e.rip = vmcs_read(VMCS_GUEST_RIP);
	e.insn_len = vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN);
	e.idt_info = 0;

	/* SDM 28.8: bit 31 set means the VM entry itself failed (reasons 33,
	 * 34, 41); the guest never ran. */
	if (e.reason & VMX_EXIT_REASON_FAILED_VMENTRY) {
		exit_dump(vcpu, &e, "VM entry failed");
		vm_stop(vcpu->vm, "VM entry failed: exit reason %u (%s), qualification %lu", e.basic,
			exit_reason_name(e.basic), e.qual);
		return;
	}
	/* The IDT-vectoring information is read only where it can be valid: it
	 * costs a VMREAD (an exit to the level below, nested, when that level
	 * does not shadow it). */
	r = __builtin_expect(exit_reason_during_delivery(e.basic), 0) ?
	    exit_handle_during_delivery(vcpu, &e, handler) : handler(vcpu, &e);
	switch (r) {
	case EXIT_ADVANCE:
		exit_advance_rip(&e);
		break;
	case EXIT_RESUME:
		break;
	case EXIT_STOP_VM:
		if (vcpu->vm->state == VM_RUNNING)
			vm_stop(vcpu->vm, "stopped by the %s handler", exit_reason_name(e.basic));
		break;
	}
}

void exit_reinject_event(struct vcpu *vcpu, uint32_t idt_info, uint32_t error, uint32_t insn_len)
{
	/* Bits 31, 11 and 10:0 mean the same in both fields; bit 12 of the
	 * IDT-vectoring information is undefined (SDM 25.9.3) and reserved in
	 * the VM-entry field (SDM 27.2.1.3). */
	uint32_t info = idt_info & (INTR_INFO_VALID_MASK | INTR_INFO_DELIVER_CODE_MASK |
				    INTR_INFO_INTR_TYPE_MASK | INTR_INFO_VECTOR_MASK);
	uint32_t type = info & INTR_INFO_INTR_TYPE_MASK;

	if (info & INTR_INFO_DELIVER_CODE_MASK)
		vmcs_write32(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	/* SDM 28.2.5: for a software interrupt or exception the exit reports
	 * the length of the instruction that raised it, which entry needs to
	 * push the return address after it (SDM 27.6.1.1). */
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_PRIV_SW_EXCEPTION ||
	    type == INTR_TYPE_SOFT_EXCEPTION)
		vmcs_write32(VMCS_VM_ENTRY_INSTRUCTION_LEN, insn_len);
	/* An NMI that was not delivered has not blocked further NMIs; with
	 * virtual NMIs, entry refuses to inject one while blocking by NMI is
	 * set (SDM 27.3.1.5). */
	if (type == INTR_TYPE_NMI_INTR) {
		uint32_t intr = vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO);
		if (intr & GUEST_INTR_STATE_NMI)
			vmcs_write32(VMCS_GUEST_INTERRUPTIBILITY_INFO, intr & ~GUEST_INTR_STATE_NMI);
	}
	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
	vcpu->reinjecting = info;
	vcpu->stats.counter[VM_STAT_REINJECTED]++;
}

void vcpu_inject_exception(struct vcpu *vcpu, uint8_t vector, bool has_error, uint32_t error)
{
	uint32_t info;

	/* A second exception while delivering a first (SDM 6.15 Table 6-5). */
	if ((vcpu->reinjecting & INTR_INFO_INTR_TYPE_MASK) == INTR_TYPE_HARD_EXCEPTION) {
		unsigned first = vcpu->reinjecting & INTR_INFO_VECTOR_MASK;
		switch (x86_exc_during_delivery(first, vector)) {
		case X86_EXC_SERIALLY:
			break;
		case X86_EXC_DOUBLE_FAULT:
			vector = X86_EXC_DF;
			has_error = true;
			error = 0;
			break;
		case X86_EXC_SHUTDOWN:
			vm_stop(vcpu->vm, "triple fault: exception %u while delivering #DF, rip 0x%lx",
				vector, vmcs_read(VMCS_GUEST_RIP));
			return;
		}
	}
	info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK;
	vcpu->reinjecting = 0;

	/* SDM 27.2.1.3: deliver an error code only for exceptions that push one,
	 * and (with unrestricted guest) only in protected mode. */
	if (has_error && (vmcs_read(VMCS_GUEST_CR0) & X86_CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE_MASK;
		vmcs_write32(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	}
	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
	vcpu->stats.counter[VM_STAT_INJECTED]++;
}

enum exit_result handle_inject_ud(struct vcpu *vcpu, struct exit_info *e)
{
	(void)e;
	vcpu_inject_ud(vcpu);
	return EXIT_RESUME;
}

enum exit_result handle_skip(struct vcpu *vcpu, struct exit_info *e)
{
	(void)vcpu; (void)e;
	return EXIT_ADVANCE;
}

enum exit_result handle_ignore(struct vcpu *vcpu, struct exit_info *e)
{
	(void)vcpu; (void)e;
	return EXIT_RESUME;
}
