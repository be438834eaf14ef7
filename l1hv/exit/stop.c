/* SPDX-License-Identifier: MIT */
/* Exits that end the guest or that l1hv answers with a fault: HLT with
 * nothing to wake it, triple fault, accesses outside guest memory, events
 * l1hv did not ask for. */
#include "common/free/x86.h"
#include "exit-reflect/exit_qual.h"
#include "l1hv/boot/options.h"
#include "l1hv/exit/exit.h"
#include "common/hypercall_abi.h"
#include "l1hv/vmx/ept.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/nested/nested.h"
#include "vmcs12/vmx_controls.h"

enum exit_result handle_hlt(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t rflags = vmcs_read(VMCS_GUEST_RFLAGS);
	bool l1_takes_interrupts = vcpu->nested.in_l2 && nested_l1_takes_interrupts(vcpu);

	/* An L2 halting while L1 takes its interrupts as exits (external-
	 * interrupt exiting, SDM 26.2): whatever L2's RFLAGS.IF, L1's local
	 * APIC ends the halt with an exit to L1 (nested_intr.c), never with
	 * an interrupt through L2's IDT. The processor waits in vmcs02's HLT
	 * activity state after the HLT (SDM 25.4.2), vmcs02's preemption
	 * timer bounded by L1's APIC timer and L1's own (nested_timer.c). */
	if (l1_takes_interrupts && (vlapic_can_wake(&vcpu->lapic) || vcpu->nested.timer_l1_on)) {
		vmcs_write32(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
		return EXIT_ADVANCE;
	}
	/* This VM's own local APIC: wait for its timer. */
	if ((rflags & X86_RFLAGS_IF) && !l1_takes_interrupts) {
		switch (vlapic_halt(vcpu)) {
		case VLAPIC_HALT_WOKEN:
			return EXIT_ADVANCE;
		case VLAPIC_HALT_TOO_LONG:
			vm_stop(vcpu->vm, "HLT at rip 0x%lx waits for an APIC timer %lu ticks away; "
				"l1hv idles at most %llu", e->rip,
				vcpu->lapic.next_timer - rdtsc_ordered(), VLAPIC_MAX_IDLE);
			return EXIT_STOP_VM;
		case VLAPIC_HALT_HELD:
			vm_stop(vcpu->vm, "halted forever: HLT at rip 0x%lx with interrupts pending in "
				"the local APIC's IRR (highest 0x%x) that its priority (PPR 0x%x) "
				"holds back, and nothing else to wake it", e->rip,
				apic_highest_irr(&vcpu->lapic.regs), apic_ppr(&vcpu->lapic.regs));
			return EXIT_STOP_VM;
		case VLAPIC_HALT_NO_TIMER:
			break;
		}
	}
	/* The HLT timer (NESTLAB_HC_TIMER_ON_HLT) ends the halt at once: the
	 * HLT completes (RIP moves on, STI blocking ends with it) and the
	 * vector arrives as an external interrupt (SDM 27.6.1.1). */
	if (vcpu->hlt_timer_vector && (rflags & X86_RFLAGS_IF)) {
		vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, vcpu->hlt_timer_vector |
			     INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK);
		vcpu->stats.counter[VM_STAT_INJECTED]++;
		return EXIT_ADVANCE;
	}
	/* An L2 halting while the VMX-preemption timer L1 armed for it runs
	 * (vmcs02 runs L1's timer): the timer counts on in the HLT state and
	 * its expiry is an exit for L1 (SDM 26.5.1). The processor waits in
	 * vmcs02's HLT activity state, after the HLT (SDM 25.4.2). */
	if (vcpu->nested.in_l2 && vcpu->nested.timer_l1_on) {
		vmcs_write32(VMCS_GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_HLT);
		return EXIT_ADVANCE;
	}
	/* Nothing else can ever end this HLT: stop the VM rather than spin (or
	 * wait) forever. */
	vm_stop(vcpu->vm, "halted forever: HLT at rip 0x%lx with RFLAGS.IF=%d and no virtual "
		    "interrupt source", e->rip, (int)((rflags & X86_RFLAGS_IF) != 0));
	return EXIT_STOP_VM;
}

enum exit_result handle_triple_fault(struct vcpu *vcpu, struct exit_info *e)
{
	/* SDM 26.2: a triple fault in VMX non-root operation is a VM exit;
	 * the guest is in shutdown state and cannot continue. */
	vm_stop(vcpu->vm, "triple fault at rip 0x%lx (cr0 0x%lx, idtr base 0x%lx limit 0x%lx)",
		e->rip, vcpu_read_cr0(), vmcs_read(VMCS_GUEST_IDTR_BASE),
		vmcs_read(VMCS_GUEST_IDTR_LIMIT));
	return EXIT_STOP_VM;
}

enum exit_result handle_ept_violation(struct vcpu *vcpu, struct exit_info *e)
{
	struct exit_qual_ept q = exit_qual_ept_decode(e->qual);
	uint64_t gpa = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);

	if (mmio_claims(vcpu, gpa))
		return mmio_emulate(vcpu, e, gpa);
	/* trap=ept: guest RAM is mapped one 4 KiB page at a first touch. */
	if ((vcpu->vm->traps & NESTLAB_TRAP_EPT) && gpa < vcpu->vm->mem_size) {
		uint64_t page = gpa & ~0xfffull;
		if (ept_map(vcpu->vm->ept_pml4, page, vcpu->vm->mem_hpa + page, 4096, EPT_RWX, &vcpu->vm->pages)) {
			vm_stop(vcpu->vm, "out of its page quota (%lu pages) mapping guest-physical 0x%lx",
				vcpu->vm->pages.limit, gpa);
			return EXIT_STOP_VM;
		}
		return EXIT_RESUME;
	}

	/* All guest RAM is mapped up front; anything else is outside the VM:
	 * data accesses meet an empty bus (mmio_emulate.c), unless the user
	 * asked for strictness. Code cannot run from nowhere. */
	if (!q.fetch && gpa >= vcpu->vm->mem_size && !l1hv_options.strict_mmio)
		return mmio_emulate(vcpu, e, gpa);
	vm_stop(vcpu->vm, "%s of guest-physical 0x%lx outside its %lu MiB of memory at rip 0x%lx%s",
		q.fetch ? "instruction fetch" : q.write ? "write" : "read", gpa,
		vcpu->vm->mem_size >> 20, e->rip,
		q.fetch ? "" : " (strict_mmio=on; without it the access reads all ones)");
	return EXIT_STOP_VM;
}

enum exit_result handle_ept_misconfig(struct vcpu *vcpu, struct exit_info *e)
{
	vm_stop(vcpu->vm, "EPT misconfiguration at guest-physical 0x%lx (a bug in l1hv's EPT), rip 0x%lx",
		vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS), e->rip);
	return EXIT_STOP_VM;
}

enum exit_result handle_exception_nmi(struct vcpu *vcpu, struct exit_info *e)
{
	uint32_t info = vmcs_read32(VMCS_VM_EXIT_INTR_INFO);
	uint32_t type = info & INTR_INFO_INTR_TYPE_MASK;

	/* An exception l1hv intercepts only to count it (trap=int3): give it
	 * back to the guest as it was (SDM 27.6.1.1; a software exception
	 * needs the instruction length to resume after INT3). */
	if (type == INTR_TYPE_HARD_EXCEPTION) {
		/* Through vcpu_inject_exception: raised while delivering an
		 * event, it combines with it (#DF, triple fault). */
		vcpu_inject_exception(vcpu, info & INTR_INFO_VECTOR_MASK,
				      info & INTR_INFO_DELIVER_CODE_MASK,
				      vmcs_read32(VMCS_VM_EXIT_INTR_ERROR_CODE));
		return EXIT_RESUME;
	}
	if (type == INTR_TYPE_SOFT_EXCEPTION) {
		if (info & INTR_INFO_DELIVER_CODE_MASK)
			vmcs_write32(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
				     vmcs_read32(VMCS_VM_EXIT_INTR_ERROR_CODE));
		vmcs_write32(VMCS_VM_ENTRY_INSTRUCTION_LEN, e->insn_len);
		vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD, info & ~INTR_INFO_UNBLOCK_NMI);
		vcpu->stats.counter[VM_STAT_INJECTED]++;
		return EXIT_RESUME;
	}
	/* An NMI or a machine check, which l1hv cannot hand to the guest yet. */
	vm_stop(vcpu->vm, "unexpected exception/NMI exit (interruption info 0x%x) at rip 0x%lx", info,
		e->rip);
	return EXIT_STOP_VM;
}
