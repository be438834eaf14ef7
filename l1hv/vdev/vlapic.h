/* SPDX-License-Identifier: MIT */
/*
 * The VM's local APIC: the register model of apic_regs.h (every register,
 * xAPIC and x2APIC mode, the timer in one-shot, periodic and TSC-deadline
 * modes, IRR/ISR/TMR and PPR as SDM Vol. 3A chapter 10 has them) behind
 * the ways a guest reaches it:
 *  - the x2APIC MSRs 800H-8FFH, IA32_APIC_BASE and IA32_TSC_DEADLINE
 *    (msr.c);
 *  - the xAPIC page at IA32_APIC_BASE's base while in xAPIC mode: never
 *    mapped in EPT, every access exits and is decoded like the MMIO window
 *    (vmmio.c). A base moved onto the VM's RAM is RAM (as under KVM);
 *  - MOV to and from CR8, which always exits: CR8 is TPR[7:4], one
 *    register (SDM 10.8.6.1).
 *
 * Time: the APIC's `now` is the VM's TSC, which is the host's (vmcs01 does
 * not offset it), so the APIC timer runs at the TSC rate.
 *
 * Delivery (SDM 10.8.4): before each entry of the VM, the vector apic_deliverable()
 * presents is injected as an external interrupt when RFLAGS.IF = 1, there
 * is no STI/MOV-SS blocking and no other event is set up for this entry;
 * only when one of those blocks it is interrupt-window exiting asked for.
 * An interrupt held back by priority (PPR) waits in IRR while the guest
 * runs on: the write that lowers PPR (TPR, CR8, EOI) exits, and the next
 * entry delivers it. A timer in the future is met with the VMX-preemption
 * timer (which vmcs01 always runs for the VM's run budget, vm_budget.h); a
 * HLT waits for it, at most VLAPIC_MAX_IDLE. While the VM runs its own
 * guest (an L2), an interrupt it can take exits from L2 to it when its
 * vmcs12 asks for external-interrupt exiting (nested_intr.c), and the
 * timer's expiry bounds vmcs02's preemption timer (nested_timer.c).
 *
 * IPIs: a VM has one vCPU, so only those this APIC sends to itself arrive
 * (fixed mode, by shorthand or by its own destination); the others have
 * no receiver and are dropped, with a note on the console the first time.
 */
#ifndef L1HV_VLAPIC_H
#define L1HV_VLAPIC_H

#include <stdbool.h>
#include <stdint.h>

#include "l1hv/vdev/apic_regs.h"

struct vlapic {
	struct apic_regs regs;
	/* The next time l1hv must look at this vCPU's timers: the APIC
	 * timer's next expiry that can deliver something (unmasked, its vector
	 * not already in IRR), or the platform clocks' next interrupt
	 * (platform_at, the VM's platform_timers.h deadline, for the vCPU that
	 * takes them), whichever comes first; UINT64_MAX when none. */
	uint64_t next_timer;
	const uint64_t *platform_at;  /* NULL: this vCPU takes no platform timer */
	uint64_t last_fired;  /* the TSC when a timer last fired */
	/* vlapic_before_entry has something to do: a timer armed, an IRR
	 * bit set, or the window control set in vmcs01. Kept up to date by
	 * every change, so that the entry path reads one flag. */
	bool entry_work;
	bool window_on;       /* interrupt-window exiting, as vmcs01 has it now */
	bool extint;          /* the 8259's INT output at LINT0 (vlapic_set_extint) */
	bool ipi_noted;
};

enum vlapic_halt {
	VLAPIC_HALT_NO_TIMER,   /* nothing of ours will end this HLT */
	VLAPIC_HALT_WOKEN,      /* an interrupt was injected (after waiting for the timer) */
	VLAPIC_HALT_TOO_LONG,   /* the timer fires more than VLAPIC_MAX_IDLE from now */
	VLAPIC_HALT_HELD,       /* interrupts wait in IRR, held back by priority (PPR) */
};

/* The longest a HLT may idle in l1hv for its timer (TSC ticks): about a
 * second on hardware, tens of seconds on Bochs. Longer, the VM stops with a
 * report rather than hold the hypervisor. */
#define VLAPIC_MAX_IDLE (1ull << 30)

/* The shortest time between two exits for the APIC timer (TSC ticks):
 * bounds their rate whatever period the guest programs. */
#define VLAPIC_MIN_GAP 2048

struct vcpu;
struct vm;

/* Power-up state (SDM 10.4.7.1): xAPIC mode at FEE00000H, BSP, ID 0. */
void vlapic_init(struct vlapic *l);
/* RDMSR/WRMSR of IA32_APIC_BASE, IA32_TSC_DEADLINE and the x2APIC range;
 * false for an MSR it does not claim. *gp: the access raises #GP. */
bool vlapic_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *value, bool *gp);
bool vlapic_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t value, bool *gp);
/* The xAPIC page: gpa is on it while the APIC is in xAPIC mode. Accesses
 * of `size` bytes at page offset `off`; only aligned 32-bit ones reach a
 * register (SDM 10.4.1), the rest read 0 and write nothing. */
bool vlapic_mmio_claims(const struct vcpu *vcpu, uint64_t gpa);
uint64_t vlapic_mmio_read(struct vcpu *vcpu, unsigned off, unsigned size);
void vlapic_mmio_write(struct vcpu *vcpu, unsigned off, unsigned size, uint64_t value);
/* MOV from/to CR8 (SDM 10.8.6.1): CR8[3:0] is TPR[7:4]; a write clears
 * TPR[3:0]. */
uint64_t vlapic_cr8_read(struct vcpu *vcpu);
void vlapic_cr8_write(struct vcpu *vcpu, uint64_t cr8);
/* An I/O APIC's message (ioapic.h; ctx is the struct vm): fixed and
 * lowest-priority messages arrive at each of the VM's local APICs the
 * destination names (physical APIC ID, FFH broadcast, or logical in the
 * flat or cluster model); other delivery modes are dropped with a note. */
struct ioapic_msg;
void vlapic_ioapic_send(void *ctx, const struct ioapic_msg *m);
/* The VM's 8259 pair raised or dropped its INT output, which reaches the
 * BSP's LINT0: delivered as an ExtINT (the vector from the 8259's
 * acknowledge cycle) when LVT LINT0 is unmasked in ExtINT mode, or when
 * the APIC is globally disabled and LINT0 is the processor's INTR pin
 * (SDM 10.4.3, 10.5.1). */
void vlapic_set_extint(struct vcpu *vcpu, bool asserted);
/* The VM's platform timer deadline (*platform_at) moved. */
void vlapic_platform_timer_changed(struct vcpu *vcpu);
/* CPUID.01H:EDX.APIC[9] follows IA32_APIC_BASE.EN (SDM 10.4.3). */
bool vlapic_enabled(const struct vlapic *l);

/* When a host timer should bring l1hv back for this APIC's timer: its next
 * expiry that delivers (next_timer), but not sooner than VLAPIC_MIN_GAP
 * after the last one fired; UINT64_MAX if none (vmcs01's preemption timer
 * here, vmcs02's in nested_timer.c). */
static inline uint64_t vlapic_host_timer_at(const struct vlapic *l)
{
	uint64_t floor = l->last_fired + VLAPIC_MIN_GAP;

	if (l->next_timer == UINT64_MAX)
		return UINT64_MAX;
	return l->next_timer > floor ? l->next_timer : floor;
}
/* Before entering the VM (current VMCS: vmcs01): fire an expired timer,
 * inject or ask for an interrupt window, shorten the preemption timer to
 * the next expiry. */
static inline bool vlapic_needs_entry_work(const struct vlapic *l)
{
	return l->entry_work;
}

void vlapic_before_entry(struct vcpu *vcpu);
/* For a VM that runs its own guest (nested_intr.c): fires an expired timer
 * and returns the vector the APIC presents (apic_deliverable), -1 if none;
 * vlapic_ack is the processor taking it (IRR -> ISR), as "acknowledge
 * interrupt on exit" does (SDM 28.2.2). */
int vlapic_pending(struct vcpu *vcpu);
/* Something of this APIC's can still interrupt: a deliverable vector or a
 * timer whose expiry delivers. */
static inline bool vlapic_can_wake(const struct vlapic *l)
{
	return l->next_timer != UINT64_MAX || apic_deliverable(&l->regs) >= 0;
}
void vlapic_ack(struct vcpu *vcpu, int vector);
/* A HLT with RFLAGS.IF = 1 (the HLT completes when woken, which ends any
 * STI blocking): waits for the timer if it will end the HLT. */
enum vlapic_halt vlapic_halt(struct vcpu *vcpu);

#endif
