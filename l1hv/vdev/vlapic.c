/* SPDX-License-Identifier: MIT */
/* The VM's local APIC: the traps, the injection and the host timer around
 * the register model (apic_regs.c). See vlapic.h. */
#include "l1hv/vdev/vlapic.h"

#include "common/free/x86.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/guest_write_inputs.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/pic8259.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_controls.h"
#include "l1hv/platform/platform_timers.h"

/* The VM's TSC: vmcs01 runs without TSC offsetting, and an L2's exit that
 * reaches this APIC (CR8) is L1's business in L1's time. */
static uint64_t vlapic_now(void)
{
	return rdtsc_ordered();
}

void vlapic_init(struct vlapic *l)
{
	*l = (struct vlapic){ .next_timer = UINT64_MAX };
	apic_regs_reset(&l->regs, 0, true);
	l->regs.caps = (struct apic_caps){ .x2apic = true, .tsc_deadline = true };
}

bool vlapic_enabled(const struct vlapic *l)
{
	return apic_mode(&l->regs) != APIC_MODE_DISABLED;
}

/*
 * When the timer's next expiry can change what the guest gets: never for a
 * masked LVT timer (it runs on, and a read of the current count or of
 * IA32_TSC_DEADLINE catches up with it) or while its vector already waits
 * in IRR (another expiry is the same one interrupt). Only then does l1hv
 * spend a host timer, or a HLT wait, on it.
 */
static uint64_t vlapic_timer_due(const struct apic_regs *a)
{
	uint32_t lvt = a->lvt[APIC_LVT_TIMER];

	if ((lvt & APIC_LVT_MASKED) || apic_irr_pending(a, (uint8_t)(lvt & APIC_LVT_VECTOR)))
		return UINT64_MAX;
	return apic_timer_next(a);
}

/* next_timer passed: fire the APIC timer if it expired (apic_timer_expire)
 * and the platform's clocks if they are due (platform_timers.h), and
 * remember when, for the rate bound of vlapic_host_timer_at (vlapic.h). */
static void vlapic_fire(struct vcpu *vcpu, uint64_t now)
{
	struct vlapic *l = &vcpu->lapic;

	if (apic_timer_expire(&l->regs, now))
		l->last_fired = now;
	if (l->platform_at && now >= *l->platform_at) {
		platform_timers_fire(vcpu->vm, now);
		l->last_fired = now;
	}
}

/* After any change to the model: what the entry path must look at. */
static void vlapic_sync(struct vlapic *l)
{
	uint64_t platform = l->platform_at ? *l->platform_at : UINT64_MAX;

	l->next_timer = vlapic_timer_due(&l->regs);
	if (platform < l->next_timer)
		l->next_timer = platform;
	l->entry_work = l->next_timer != UINT64_MAX || apic_highest_irr(&l->regs) >= 0 ||
			l->window_on || l->extint;
}

/* Whether an IPI's destination names this APIC (SDM 10.6.2; x2APIC
 * 10.12.9, 10.12.10.2): physical by ID, logical by LDR in the flat or
 * cluster model, or the broadcast destination. */
static bool ipi_reaches_self(const struct apic_regs *a, const struct apic_ipi *ipi)
{
	if (ipi->x2apic) {
		if (ipi->dest == 0xffffffffu)
			return true;
		if (!ipi->logical)
			return ipi->dest == a->id;
		return (ipi->dest >> 16) == (a->ldr >> 16) && (ipi->dest & a->ldr & 0xffff);
	}
	uint32_t dest = ipi->dest & 0xff, ldr = a->ldr >> 24;
	if (dest == 0xff)
		return true;
	if (!ipi->logical)
		return dest == (a->id & 0xff);
	if ((a->dfr >> 28) == 0xf)          /* flat model: a bit per APIC */
		return dest & ldr;
	return (dest >> 4) == (ldr >> 4) && (dest & ldr & 0xf);   /* cluster model */
}

void vlapic_platform_timer_changed(struct vcpu *vcpu)
{
	vlapic_sync(&vcpu->lapic);
}

void vlapic_set_extint(struct vcpu *vcpu, bool asserted)
{
	vcpu->lapic.extint = asserted;
	vlapic_sync(&vcpu->lapic);
}

/* LINT0 passes the 8259's INT (see vlapic_set_extint). */
static bool extint_open(const struct apic_regs *a)
{
	uint32_t lint0 = a->lvt[APIC_LVT_LINT0];

	if (apic_mode(a) == APIC_MODE_DISABLED)
		return true;
	return (a->svr & APIC_SVR_ENABLE) && !(lint0 & APIC_LVT_MASKED) &&
	       ((lint0 & APIC_LVT_DM) >> APIC_LVT_DM_SHIFT) == APIC_DM_EXTINT;
}

/* The vector the processor would take now: the APIC's (priority by PPR),
 * else the 8259's through LINT0; -1 if neither. take: acknowledge it
 * (IRR -> ISR at the APIC, or the 8259's INTA cycle). */
static int vlapic_next_vector(struct vcpu *vcpu, bool take)
{
	struct vlapic *l = &vcpu->lapic;
	int vector = apic_deliverable(&l->regs);

	if (vector >= 0) {
		if (take)
			apic_ack(&l->regs, (uint8_t)vector);
		return vector;
	}
	if (!l->extint || !extint_open(&l->regs))
		return -1;
	if (!take)
		return 0x100;                    /* an ExtINT, vector not yet known */
	vector = pic_ack(&vcpu->vm->pic);
	l->extint = pic_intr(&vcpu->vm->pic);
	return vector;
}

void vlapic_ioapic_send(void *ctx, const struct ioapic_msg *m)
{
	struct vm *vm = ctx;
	struct apic_ipi dest = { .dest = m->dest, .logical = m->logical };

	for (unsigned i = 0; i < vm->nr_vcpus; i++) {
		struct vlapic *l = &vm->vcpus[i].lapic;
		if (!ipi_reaches_self(&l->regs, &dest))
			continue;
		if (m->mode == APIC_DM_FIXED || m->mode == APIC_DM_LOWEST) {
			apic_accept(&l->regs, m->vector, m->level);
			vlapic_sync(l);
		} else if (!l->ipi_noted) {
			pr_info("VM %s: I/O APIC message (mode %u, vector 0x%x) dropped: l1hv "
				"delivers fixed and lowest-priority ones\n", vm->name, m->mode,
				m->vector);
			l->ipi_noted = true;
		}
		if (m->mode == APIC_DM_LOWEST)
			break;                   /* one of them takes it */
	}
}

static void vlapic_effects(struct vcpu *vcpu, const struct apic_effects *fx)
{
	struct vlapic *l = &vcpu->lapic;
	const struct apic_ipi *ipi = &fx->ipi;

	if (fx->ipi_valid) {
		bool self = ipi->shorthand == APIC_SH_ALL ||
			    (ipi->shorthand == APIC_SH_NONE && ipi_reaches_self(&l->regs, ipi));
		if (self && ipi->mode == APIC_DM_FIXED) {
			apic_accept(&l->regs, ipi->vector, false);
		} else if (self || ipi->shorthand != APIC_SH_OTHERS) {
			if (!l->ipi_noted)
				pr_info("VM %s: IPI (mode %u, vector 0x%x, destination 0x%x) dropped: "
					"the VM has one vCPU and l1hv delivers only fixed IPIs to it\n",
					vcpu->vm->name, ipi->mode, ipi->vector, ipi->dest);
			l->ipi_noted = true;
		}
	}
	/* SDM 10.8.5: the EOI of a level-triggered vector goes to the I/O
	 * APIC, which may send again at once. */
	if (fx->eoi_vector >= 0)
		ioapic_eoi(&vcpu->vm->ioapic, (uint8_t)fx->eoi_vector);
	vlapic_sync(l);
}

bool vlapic_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *value, bool *gp)
{
	struct vlapic *l = &vcpu->lapic;

	*gp = false;
	if (msr == MSR_IA32_APIC_BASE) {
		*value = l->regs.base;
		return true;
	}
	if (msr == MSR_IA32_TSC_DEADLINE) {
		*value = apic_get_tsc_deadline(&l->regs, vlapic_now());
		vlapic_sync(l);
		return true;
	}
	if (msr < APIC_MSR_FIRST || msr > APIC_MSR_LAST)
		return false;
	*gp = apic_read(&l->regs, apic_msr_offset(msr), true, vlapic_now(), value) != APIC_OK;
	vlapic_sync(l);
	return true;
}

bool vlapic_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t v, bool *gp)
{
	struct vlapic *l = &vcpu->lapic;
	struct apic_effects fx;

	*gp = false;
	if (msr == MSR_IA32_APIC_BASE) {
		*gp = apic_set_base(&l->regs, v, guest_cpu_facts()->maxphyaddr) != 0;
		vlapic_sync(l);
		return true;
	}
	if (msr == MSR_IA32_TSC_DEADLINE) {
		apic_set_tsc_deadline(&l->regs, v, vlapic_now());
		vlapic_sync(l);
		return true;
	}
	if (msr < APIC_MSR_FIRST || msr > APIC_MSR_LAST)
		return false;
	*gp = apic_write(&l->regs, apic_msr_offset(msr), v, true, vlapic_now(), &fx) != APIC_OK;
	if (!*gp)
		vlapic_effects(vcpu, &fx);
	return true;
}

bool vlapic_mmio_claims(const struct vcpu *vcpu, uint64_t gpa)
{
	const struct apic_regs *a = &vcpu->lapic.regs;

	return apic_mode(a) == APIC_MODE_XAPIC &&
	       (gpa & APIC_BASE_ADDR_MASK) == (a->base & APIC_BASE_ADDR_MASK);
}

uint64_t vlapic_mmio_read(struct vcpu *vcpu, unsigned off, unsigned size)
{
	struct vlapic *l = &vcpu->lapic;
	uint64_t v = 0;

	if (size != 4)
		return 0;
	apic_read(&l->regs, off, false, vlapic_now(), &v);
	vlapic_sync(l);
	return v;
}

void vlapic_mmio_write(struct vcpu *vcpu, unsigned off, unsigned size, uint64_t value)
{
	struct vlapic *l = &vcpu->lapic;
	struct apic_effects fx;

	if (size != 4)
		return;
	if (apic_write(&l->regs, off, (uint32_t)value, false, vlapic_now(), &fx) == APIC_OK)
		vlapic_effects(vcpu, &fx);
}

uint64_t vlapic_cr8_read(struct vcpu *vcpu)
{
	return (vcpu->lapic.regs.tpr >> 4) & 0xf;
}

void vlapic_cr8_write(struct vcpu *vcpu, uint64_t cr8)
{
	vcpu->lapic.regs.tpr = (uint32_t)(cr8 & 0xf) << 4;
	vlapic_sync(&vcpu->lapic);
}

int vlapic_pending(struct vcpu *vcpu)
{
	struct vlapic *l = &vcpu->lapic;
	uint64_t now = vlapic_now();

	if (now >= l->next_timer)
		vlapic_fire(vcpu, now);
	vlapic_sync(l);
	return apic_deliverable(&l->regs);
}

void vlapic_ack(struct vcpu *vcpu, int vector)
{
	apic_ack(&vcpu->lapic.regs, (uint8_t)vector);
	vlapic_sync(&vcpu->lapic);
	vcpu->stats.counter[VM_STAT_INJECTED]++;
}

/* The processor takes an external interrupt now: RFLAGS.IF = 1, no
 * STI/MOV-SS blocking (a HLT that completes ends it) and no other event
 * set up for this entry (SDM 6.8.1, 25.4.2 Table 25-3). */
static bool vlapic_can_take(bool halted)
{
	return (vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_IF) &&
	       (halted || !(vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
			    (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) &&
	       !(vmcs_read32(VMCS_VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID_MASK);
}

/* INTA (the APIC's IRR -> ISR, or the 8259's cycle) and delivery on this
 * entry (SDM 10.8.4, 27.6). */
static void vlapic_inject(struct vcpu *vcpu)
{
	int vector = vlapic_next_vector(vcpu, true);

	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD,
		     (uint32_t)vector | INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK);
	vcpu->stats.counter[VM_STAT_INJECTED]++;
}

void vlapic_before_entry(struct vcpu *vcpu)
{
	struct vlapic *l = &vcpu->lapic;
	uint64_t now = vlapic_now();
	bool window = false;
	int vector;

	if (now >= l->next_timer)
		vlapic_fire(vcpu, now);
	vector = vlapic_next_vector(vcpu, false);
	if (vector >= 0) {
		if (vlapic_can_take(false))
			vlapic_inject(vcpu);
		else
			/* SDM 26.7.5: an exit as soon as the guest can take it. */
			window = vmx_ctl_allows1(vmx_caps_procbased(&vmx_cpu.caps),
						 CPU_BASED_INTR_WINDOW_EXITING);
	}
	/* Touched only when it changes: under a parent l1hv each access to
	 * a control may exit (and a write makes it rebuild its vmcs02). */
	if (window != l->window_on) {
		if (window)
			vmcs_set_bits(VMCS_CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_INTR_WINDOW_EXITING);
		else
			vmcs_clear_bits(VMCS_CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_INTR_WINDOW_EXITING);
		l->window_on = window;
	}
	vlapic_sync(l);
	/* SDM 26.5.1: the preemption timer vmcs01 always runs for the run
	 * budget (vm_budget.h) exits in time for the next expiry, but not
	 * sooner than VLAPIC_MIN_GAP after the last one: however short a
	 * period the guest programs, it runs between two of these exits, and
	 * expiries that fall closer together arrive as one interrupt, as IRR
	 * holds one. */
	if (l->next_timer != UINT64_MAX && vm_budget_timer_ok()) {
		uint64_t at = vlapic_host_timer_at(l);
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE,
			     vm_budget_timer(vcpu->vm, at > now ? at - now : 0));
	}
}

/*
 * A HLT ends with the next interrupt the vCPU can take: one of this APIC's
 * (its timer) or one the platform's clocks raise through the I/O APIC or
 * the 8259 (vlapic_fire). Between expiries nothing changes for a halted
 * CPU, so: deliver what is deliverable; else wait for the next expiry and
 * look again. With nothing left to expire the HLT never ends (NO_TIMER, or
 * HELD when IRR holds vectors PPR keeps back); the waiting is bounded by
 * VLAPIC_MAX_IDLE from the HLT, whatever the guest programmed (TOO_LONG).
 */
enum vlapic_halt vlapic_halt(struct vcpu *vcpu)
{
	struct vlapic *l = &vcpu->lapic;
	uint64_t now = vlapic_now(), start = now;

	for (;;) {
		if (now >= l->next_timer) {
			vlapic_fire(vcpu, now);
			vlapic_sync(l);
		}
		if (vlapic_next_vector(vcpu, false) >= 0 && vlapic_can_take(true)) {
			vlapic_inject(vcpu);
			vlapic_sync(l);
			return VLAPIC_HALT_WOKEN;
		}
		if (l->next_timer == UINT64_MAX)
			return apic_highest_irr(&l->regs) >= 0 ? VLAPIC_HALT_HELD
							       : VLAPIC_HALT_NO_TIMER;
		if (l->next_timer - start > VLAPIC_MAX_IDLE)
			return VLAPIC_HALT_TOO_LONG;
		/* Idle until the expiry: the guest has nothing else to do. */
		while ((now = vlapic_now()) < l->next_timer)
			cpu_relax();
	}
}
