/* SPDX-License-Identifier: MIT */
/*
 * Exit dispatch: a table indexed by basic exit reason, bounds-checked first.
 * RIP is advanced in exactly one place (exit_advance_rip), which also clears
 * STI/MOV-SS blocking as the completed instruction would have (SDM 25.4.2).
 */
#include "l1hv/exit/exit.h"

#include "common/free/x86.h"
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

static void exit_advance_rip(struct exit_info *e)
{
	uint32_t intr = vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO);

	vmcs_write(VMCS_GUEST_RIP, e->rip + e->insn_len);
	if (intr & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))
		vmcs_write32(VMCS_GUEST_INTERRUPTIBILITY_INFO,
			     intr & ~(GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS));
}

static void exit_dump(struct vm *vm, struct exit_info *e, const char *what)
{
	pr_info("VM %s: %s: exit reason %u (%s), qualification 0x%lx\n", vm->name, what,
		e->basic, exit_reason_name(e->basic), e->qual);
	pr_info("  rip %08lx rsp %08lx rflags %08lx cr0 %08lx cr3 %08lx cr4 %08lx\n", e->rip,
		vmcs_read(VMCS_GUEST_RSP), vmcs_read(VMCS_GUEST_RFLAGS),
		vcpu_read_cr0(), vmcs_read(VMCS_GUEST_CR3), vcpu_read_cr4());
	pr_info("  rax %08lx rbx %08lx rcx %08lx rdx %08lx rsi %08lx rdi %08lx\n",
		vm->regs[GPR_RAX], vm->regs[GPR_RBX], vm->regs[GPR_RCX], vm->regs[GPR_RDX],
		vm->regs[GPR_RSI], vm->regs[GPR_RDI]);
}

void exit_dispatch(struct vm *vm, uint32_t reason)
{
	uint32_t basic = reason & VMX_EXIT_REASON_BASIC_MASK;

	exit_dispatch_to(vm, reason, basic <= EXIT_REASON_MAX ? exit_handlers[basic] : NULL);
}

void exit_dispatch_to(struct vm *vm, uint32_t reason, exit_handler_fn handler)
{
	struct exit_info e;
	enum exit_result r;

	e.reason = reason;
	e.basic = e.reason & VMX_EXIT_REASON_BASIC_MASK;
	e.qual = vmcs_read(VMCS_EXIT_QUALIFICATION);
	e.rip = vmcs_read(VMCS_GUEST_RIP);
	e.insn_len = vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN);

	/* SDM 28.8: bit 31 set means the VM entry itself failed (reasons 33,
	 * 34, 41); the guest never ran. */
	if (e.reason & VMX_EXIT_REASON_FAILED_VMENTRY) {
		exit_dump(vm, &e, "VM entry failed");
		vm_stop(vm, "VM entry failed: exit reason %u (%s), qualification %lu", e.basic,
			exit_reason_name(e.basic), e.qual);
		return;
	}
	if (!handler) {
		exit_dump(vm, &e, "unhandled exit");
		vm_stop(vm, "unhandled exit reason %u (%s) at rip 0x%lx", e.basic,
			exit_reason_name(e.basic), e.rip);
		return;
	}
	r = handler(vm, &e);
	switch (r) {
	case EXIT_ADVANCE:
		exit_advance_rip(&e);
		break;
	case EXIT_RESUME:
		break;
	case EXIT_STOP_VM:
		if (vm->state == VM_RUNNING)
			vm_stop(vm, "stopped by the %s handler", exit_reason_name(e.basic));
		break;
	}
}

void vcpu_inject_exception(struct vm *vm, uint8_t vector, bool has_error, uint32_t error)
{
	uint32_t info = vector | INTR_TYPE_HARD_EXCEPTION | INTR_INFO_VALID_MASK;

	/* SDM 27.2.1.3: deliver an error code only for exceptions that push one,
	 * and (with unrestricted guest) only in protected mode. */
	if (has_error && (vmcs_read(VMCS_GUEST_CR0) & X86_CR0_PE)) {
		info |= INTR_INFO_DELIVER_CODE_MASK;
		vmcs_write32(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE, error);
	}
	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, info);
	vm->stats.counter[VM_STAT_INJECTED]++;
}

enum exit_result handle_inject_ud(struct vm *vm, struct exit_info *e)
{
	(void)e;
	vcpu_inject_ud(vm);
	return EXIT_RESUME;
}

enum exit_result handle_skip(struct vm *vm, struct exit_info *e)
{
	(void)vm; (void)e;
	return EXIT_ADVANCE;
}

enum exit_result handle_ignore(struct vm *vm, struct exit_info *e)
{
	(void)vm; (void)e;
	return EXIT_RESUME;
}
