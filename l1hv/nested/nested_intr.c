/* SPDX-License-Identifier: MIT */
/*
 * Interrupts for L1 while L2 runs. L1's local APIC is L0's (vlapic.h);
 * when it presents an interrupt and L1 is in VMX non-root operation
 * running L2, the SDM decides by L1's controls in vmcs12:
 *  - "external-interrupt exiting" (SDM 25.6.1, 26.2): the interrupt causes a
 *    VM exit from L2 to L1, reason 1, whatever L2's RFLAGS.IF and
 *    interruptibility (it is not delivered to L2, so they do not block it);
 *    with "acknowledge interrupt on exit" (SDM 25.7.1) the processor takes
 *    the vector (IRR -> ISR) and reports it in the exit interruption
 *    information (SDM 28.2.2), else the interrupt stays pending for L1 to
 *    take once it enables interrupts.
 *  - without it, the interrupt would be delivered through L2's IDT. l1hv
 *    does not emulate that: it waits in IRR until L2 exits to L1 (no
 *    hypervisor known to us runs its guests this way).
 * An interrupt is held back while vmcs02 is about to inject an event into
 * L2: on hardware the injected event is delivered first and the exit
 * follows at the next instruction boundary, which L0 would have to observe;
 * it is taken at the next exit instead.
 */
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vdev/vlapic.h"
#include "vmcs12/vmcs12.h"

bool nested_l1_takes_interrupts(const struct vcpu *vcpu)
{
	return vmcs12_read(vcpu->nested.vmcs12, VMCS_PIN_BASED_VM_EXEC_CONTROL) &
	       PIN_BASED_EXT_INTR_MASK;
}

void nested_l1_interrupt(struct vcpu *vcpu)
{
	struct vmcs12 *v = vcpu->nested.vmcs12;
	struct reflect_exit e = { 0 };
	int vector = vlapic_pending(vcpu);

	if (vector < 0 || !nested_l1_takes_interrupts(vcpu) ||
	    (vmcs_read32(VMCS_VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID_MASK))
		return;
	reflect_exit_set_reason(&e, EXIT_REASON_EXTERNAL_INTERRUPT);
	if (vmcs12_read(v, VMCS_VM_EXIT_CONTROLS) & VM_EXIT_ACK_INTR_ON_EXIT) {
		vlapic_ack(vcpu, vector);
		e.intr_info = (uint32_t)vector | INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK;
	}
	nested_vmexit(vcpu, &e, 0);
}
