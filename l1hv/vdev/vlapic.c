/* SPDX-License-Identifier: MIT */
/* The virtual local APIC and its TSC-deadline timer: see vlapic.h. */
#include "l1hv/vdev/vlapic.h"

#include "common/free/x86.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_controls.h"

#define APIC_BASE_ADDR      0xfee00000ull
#define SVR_APIC_ENABLED    (1u << 8)
#define LVT_MASKED          (1u << 16)
#define LVT_TIMER_MODE      (3u << 17)
#define LVT_TSC_DEADLINE    (2u << 17)
#define LVT_TIMER_WRITABLE  (0xffu | LVT_MASKED | LVT_TIMER_MODE)
/* Version 0x14 (an integrated APIC), 7 LVT entries (SDM 11.4.8). */
#define APIC_VERSION        (0x14u | (6u << 16))

void vlapic_init(struct vlapic *l)
{
	*l = (struct vlapic){ .apic_base = APIC_BASE_ADDR | APIC_BASE_BSP | APIC_BASE_EN,
			      .svr = 0xff, .lvt_timer = LVT_MASKED };
}

static bool x2apic_on(const struct vlapic *l)
{
	return (l->apic_base & (APIC_BASE_EN | APIC_BASE_EXTD)) == (APIC_BASE_EN | APIC_BASE_EXTD);
}

static bool deadline_mode(const struct vlapic *l)
{
	return (l->lvt_timer & LVT_TIMER_MODE) == LVT_TSC_DEADLINE;
}

/* The timer fires once the TSC passes the deadline, and disarms itself
 * (SDM 11.5.4.1); a masked LVT or a software-disabled APIC drops it. */
static void fire_if_due(struct vlapic *l)
{
	if (!l->deadline || rdtsc_ordered() < l->deadline)
		return;
	l->deadline = 0;
	if (!(l->lvt_timer & LVT_MASKED) && (l->svr & SVR_APIC_ENABLED) && x2apic_on(l))
		l->pending = (uint8_t)l->lvt_timer;
}

bool vlapic_msr_read(struct vm *vm, uint32_t msr, uint64_t *value, bool *gp)
{
	struct vlapic *l = &vm->lapic;

	*gp = false;
	if (msr == MSR_IA32_APIC_BASE) {
		*value = l->apic_base;
		return true;
	}
	if (msr == MSR_IA32_TSC_DEADLINE) {
		/* Reads 0 outside TSC-deadline mode (SDM 11.5.4.1). */
		*value = deadline_mode(l) ? l->deadline : 0;
		return true;
	}
	if (msr < MSR_IA32_X2APIC_FIRST || msr > MSR_IA32_X2APIC_LAST)
		return false;
	*gp = !x2apic_on(l);
	switch (msr) {
	case MSR_IA32_X2APIC_APICID:        *value = 0; break;
	case MSR_IA32_X2APIC_VERSION:   *value = APIC_VERSION; break;
	case MSR_IA32_X2APIC_TPR:       *value = l->tpr; break;
	case MSR_IA32_X2APIC_SIVR:       *value = l->svr; break;
	case MSR_IA32_X2APIC_LVT_TIMER: *value = l->lvt_timer; break;
	default:               *gp = true; break;   /* EOI is write-only, the rest absent */
	}
	return true;
}

bool vlapic_msr_write(struct vm *vm, uint32_t msr, uint64_t v, bool *gp)
{
	struct vlapic *l = &vm->lapic;

	*gp = false;
	if (msr == MSR_IA32_APIC_BASE) {
		/* Fixed base, BSP; EN and EXTD as SDM 11.12.5 allows: x2APIC
		 * only while enabled, and never straight back to xAPIC. */
		bool bad = (v & ~(APIC_BASE_EN | APIC_BASE_EXTD)) != (APIC_BASE_ADDR | APIC_BASE_BSP) ||
			   ((v & APIC_BASE_EXTD) && !(v & APIC_BASE_EN)) ||
			   (x2apic_on(l) && (v & APIC_BASE_EN) && !(v & APIC_BASE_EXTD));
		if (bad)
			*gp = true;
		else
			l->apic_base = v;
		return true;
	}
	if (msr == MSR_IA32_TSC_DEADLINE) {
		if (deadline_mode(l)) {           /* else the write is ignored */
			l->deadline = v;
			fire_if_due(l);
		}
		return true;
	}
	if (msr < MSR_IA32_X2APIC_FIRST || msr > MSR_IA32_X2APIC_LAST)
		return false;
	if (!x2apic_on(l)) {
		*gp = true;
		return true;
	}
	switch (msr) {
	case MSR_IA32_X2APIC_TPR:
		*gp = v & ~0xffull;
		if (!*gp)
			l->tpr = (uint32_t)v;
		break;
	case MSR_IA32_X2APIC_EOI:
		*gp = v != 0;                     /* SDM 11.12.1.2: nonzero EOI is #GP */
		if (!*gp)
			l->in_service = 0;
		break;
	case MSR_IA32_X2APIC_SIVR:
		*gp = v & ~0x1ffull;
		if (!*gp)
			l->svr = (uint32_t)v;
		break;
	case MSR_IA32_X2APIC_LVT_TIMER:
		*gp = v & ~(uint64_t)LVT_TIMER_WRITABLE;
		if (*gp)
			break;
		/* Leaving TSC-deadline mode disarms the timer (SDM 11.5.4.1). */
		if (((uint32_t)v & LVT_TIMER_MODE) != (l->lvt_timer & LVT_TIMER_MODE))
			l->deadline = 0;
		l->lvt_timer = (uint32_t)v;
		break;
	default:
		*gp = true;                       /* read-only or not emulated */
		break;
	}
	return true;
}

/* A pending vector may be taken: priority class above both the one in
 * service and the TPR's (SDM 11.8.3.1), interrupts enabled, no STI/MOV-SS
 * blocking, and no other event already set up for this entry. */
static bool can_inject(const struct vlapic *l, bool halted)
{
	unsigned cls = l->pending >> 4;

	return cls > (unsigned)(l->in_service >> 4) && cls > ((l->tpr >> 4) & 0xf) &&
	       (vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_IF) &&
	       (halted || !(vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO) &
			    (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS))) &&
	       !(vmcs_read32(VMCS_VM_ENTRY_INTR_INFO_FIELD) & INTR_INFO_VALID_MASK);
}

static void inject(struct vm *vm)
{
	struct vlapic *l = &vm->lapic;

	vmcs_write32(VMCS_VM_ENTRY_INTR_INFO_FIELD,
		     l->pending | INTR_TYPE_EXT_INTR | INTR_INFO_VALID_MASK);
	l->in_service = l->pending;
	l->pending = 0;
	vm->stats.counter[VM_STAT_INJECTED]++;
}

void vlapic_before_entry(struct vm *vm)
{
	struct vlapic *l = &vm->lapic;
	bool window = false;

	fire_if_due(l);
	if (l->pending) {
		if (can_inject(l, false))
			inject(vm);
		else
			/* SDM 26.7.5: an exit as soon as the guest can take it. */
			window = vmx_ctl_allows1(vmx_caps_procbased(&vmx_cpu.caps),
						 CPU_BASED_INTR_WINDOW_EXITING);
	}
	/* SDM 26.5.1: the preemption timer vmcs01 always runs for the run
	 * budget (vm_budget.h) exits in time for the deadline. */
	if (l->deadline && vm_budget_timer_ok()) {
		uint64_t now = rdtsc_ordered(), left = l->deadline > now ? l->deadline - now : 0;
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE, vm_budget_timer(vm, left));
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
}

enum vlapic_halt vlapic_halt(struct vm *vm)
{
	struct vlapic *l = &vm->lapic;
	bool will_fire = l->deadline && !(l->lvt_timer & LVT_MASKED) &&
			 (l->svr & SVR_APIC_ENABLED) && x2apic_on(l);

	if (!l->pending && !will_fire)
		return VLAPIC_HALT_NO_TIMER;
	uint64_t now = rdtsc_ordered();
	if (!l->pending && l->deadline > now && l->deadline - now > VLAPIC_MAX_IDLE)
		return VLAPIC_HALT_TOO_LONG;
	/* Idle until the deadline: the guest has nothing else to do. */
	while (!l->pending) {
		fire_if_due(l);
		cpu_relax();
	}
	if (!can_inject(l, true))
		return VLAPIC_HALT_NO_TIMER;  /* masked by priority: nothing wakes it */
	inject(vm);
	return VLAPIC_HALT_WOKEN;
}
