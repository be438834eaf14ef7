/* SPDX-License-Identifier: MIT */
/*
 * A virtual local APIC with the timer in TSC-deadline mode, reached through
 * the x2APIC MSRs (SDM Vol. 3A 11.12 "Extended XAPIC (x2APIC)", 11.5.4.1
 * "TSC-Deadline Mode"). It gives a guest a real timer interrupt: armed by
 * WRMSR to IA32_TSC_DEADLINE, delivered as an external interrupt when the
 * TSC passes the deadline, acknowledged by WRMSR to the EOI register.
 *
 * What it implements: IA32_APIC_BASE (xAPIC/x2APIC enable; the xAPIC MMIO
 * page is not emulated, so a guest must switch to x2APIC mode), and the
 * x2APIC registers ID, version, TPR, EOI, SVR and LVT timer. Other x2APIC
 * registers (one-shot/periodic timer counts, ICR, LINT, error...) get #GP,
 * as do all of them outside x2APIC mode (SDM 11.12.1.2). One interrupt can
 * be pending and one in service.
 *
 * Delivery: before each entry of the VM (not while it runs its own guest:
 * an interrupt then waits for L1), when RFLAGS.IF = 1 and no STI/MOV-SS
 * blocking, else through interrupt-window exiting. A deadline in the future
 * is met with the VMX-preemption timer (which vmcs01 always runs for the
 * VM's run budget, l1hv/vm/vm_budget.h) when the CPU has one; a HLT waits
 * for the deadline.
 */
#ifndef L1HV_VLAPIC_H
#define L1HV_VLAPIC_H

#include <stdbool.h>
#include <stdint.h>

struct vlapic {
	uint64_t apic_base;   /* IA32_APIC_BASE */
	uint32_t tpr, svr, lvt_timer;
	uint64_t deadline;    /* IA32_TSC_DEADLINE; 0 = disarmed */
	uint8_t pending;      /* vector waiting for delivery, 0 = none */
	uint8_t in_service;   /* delivered, not yet EOIed, 0 = none */
	/* Interrupt-window exiting, as vmcs01 has it now. */
	bool window_on;
};

enum vlapic_halt {
	VLAPIC_HALT_NO_TIMER,   /* nothing of ours will end this HLT */
	VLAPIC_HALT_WOKEN,      /* waited for the deadline, interrupt injected */
	VLAPIC_HALT_TOO_LONG,   /* the deadline is more than VLAPIC_MAX_IDLE away */
};

/* The longest a HLT may idle in l1hv for its timer (TSC ticks): about a
 * second on hardware, tens of seconds on Bochs. Longer, the VM stops with a
 * report rather than hold the hypervisor. */
#define VLAPIC_MAX_IDLE (1ull << 30)

struct vm;

void vlapic_init(struct vlapic *l);
/* RDMSR/WRMSR of IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC range;
 * false for an MSR it does not claim. *gp: the access raises #GP. */
bool vlapic_msr_read(struct vm *vm, uint32_t msr, uint64_t *value, bool *gp);
bool vlapic_msr_write(struct vm *vm, uint32_t msr, uint64_t value, bool *gp);
/* Before entering the VM (current VMCS: vmcs01): fire an expired timer,
 * inject or ask for an interrupt window, shorten the preemption timer to
 * the deadline. Needed while the timer is armed, an interrupt pending or
 * the window control still set. */
static inline bool vlapic_needs_entry_work(const struct vlapic *l)
{
	return (l->deadline | l->pending) || l->window_on;
}

void vlapic_before_entry(struct vm *vm);
/* A HLT with RFLAGS.IF = 1 (the HLT completes when woken, which ends any
 * STI blocking): waits for the timer if it will end the HLT. */
enum vlapic_halt vlapic_halt(struct vm *vm);

#endif
