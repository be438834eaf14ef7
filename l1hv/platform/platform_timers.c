/* SPDX-License-Identifier: MIT */
/* Interrupts from the VM's platform clocks: see platform_timers.h. */
#include "l1hv/platform/platform_timers.h"

#include "l1hv/time/vtime.h"
#include "l1hv/vdev/irq_routing.h"
#include "l1hv/vm/vm.h"

static uint64_t min3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t m = a < b ? a : b;

	return m < c ? m : c;
}

static uint64_t due_tsc(uint64_t ticks, uint64_t hz)
{
	return ticks == UINT64_MAX ? UINT64_MAX : ticks_to_tsc(ticks, hz);
}

/* The next deadlines from now on, and vCPU 0's APIC told. */
static void rearm(struct vm *vm, uint64_t tsc)
{
	struct platform_timers *t = &vm->timers;

	t->pit_due = pit_irq0_next_rise(&vm->pit, tsc_to_ticks(tsc, PIT_HZ));
	t->rtc_due = rtc_next_event(&vm->rtc, tsc_to_ticks(tsc, RTC_HZ));
	t->pm_due = acpi_pm_next_event(&vm->acpi_pm, tsc_to_ticks(tsc, ACPI_PM_TIMER_HZ));
	t->at = min3(due_tsc(t->pit_due, PIT_HZ), due_tsc(t->rtc_due, RTC_HZ),
		     due_tsc(t->pm_due, ACPI_PM_TIMER_HZ));
	/* An owed edge: look again soon (the APIC's rate bound applies). */
	if (t->pit_owed && tsc < t->at)
		t->at = tsc;
	vlapic_platform_timer_changed(&vm->vcpus[0]);
}

/* The lines of the level-triggered sources as they are at tsc. */
static void update_levels(struct vm *vm, uint64_t tsc)
{
	uint64_t rtc_now = tsc_to_ticks(tsc, RTC_HZ);

	rtc_advance(&vm->rtc, rtc_now);
	irq_isa_set(vm, IRQ_RTC, rtc_irq(&vm->rtc, rtc_now));
	irq_isa_set(vm, IRQ_SCI, acpi_pm_sci(&vm->acpi_pm, tsc_to_ticks(tsc, ACPI_PM_TIMER_HZ)));
}

static void pulse_irq0(struct vm *vm)
{
	irq_isa_set(vm, IRQ_PIT, true);
	irq_isa_set(vm, IRQ_PIT, false);
}

void platform_timers_init(struct vm *vm)
{
	vm->timers = (struct platform_timers){ .pit_due = UINT64_MAX, .rtc_due = UINT64_MAX,
					       .pm_due = UINT64_MAX, .at = UINT64_MAX };
}

void platform_timers_changed(struct vm *vm, bool pit_written)
{
	uint64_t tsc = vm_tsc_now(vm);

	if (pit_written)
		vm->timers.pit_owed = 0;
	/* A control word that raised OUT0 as it was written. */
	if (pit_irq0_write_edge(&vm->pit))
		pulse_irq0(vm);
	update_levels(vm, tsc);
	rearm(vm, tsc);
}

/* The rising edges of OUT0 since the last deadline, up to now, owed. */
static void count_edges(struct vm *vm, uint64_t now)
{
	struct platform_timers *t = &vm->timers;
	uint64_t at = t->pit_due;

	while (at != UINT64_MAX && at <= now && t->pit_owed < PIT_OWED_MAX) {
		t->pit_owed++;
		at = pit_irq0_next_rise(&vm->pit, at);
	}
}

void platform_timers_fire(struct vm *vm, uint64_t tsc)
{
	struct platform_timers *t = &vm->timers;

	count_edges(vm, tsc_to_ticks(tsc, PIT_HZ));
	if (t->pit_owed && !irq_isa_waiting(vm, IRQ_PIT)) {
		pulse_irq0(vm);
		t->pit_owed--;
	}
	update_levels(vm, tsc);
	rearm(vm, tsc);
}
