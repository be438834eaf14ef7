/* SPDX-License-Identifier: MIT */
/*
 * The VM's platform clocks as sources of interrupts: the PIT's OUT0 (IRQ 0,
 * an edge per rising OUT0), the RTC's IRQ 8 (a level until register C is
 * read) and the ACPI SCI (IRQ 9, a level while a PM1 status bit and its
 * enable are set). Each model says when it next changes its line
 * (pit_irq0_next_rise, rtc_next_event, acpi_pm_next_event, in its own
 * clock's ticks); this file keeps the earliest of them as a TSC deadline,
 * vm->timers.at, which vCPU 0's local APIC folds into the deadline it
 * keeps for the VMX-preemption timer and for HLT (vlapic.c), and fires
 * them when it passes.
 *
 * Lost ticks are delivered late rather than lost (QEMU's PIT policy
 * "delay", KVM's reinjection): a guest with interrupts off for longer
 * than a period (on Bochs a 250 Hz tick is 16,000 instructions) would
 * otherwise see jiffies fall behind the TSC, and Linux's clocksource
 * watchdog would call the TSC unstable. Edges that come while the
 * previous one still waits to be taken (irq_isa_waiting) are owed, at
 * most PIT_OWED_MAX, and each is sent once the one before it was taken,
 * VLAPIC_MIN_GAP apart at the earliest.
 */
#ifndef L1HV_PLATFORM_PLATFORM_TIMERS_H
#define L1HV_PLATFORM_PLATFORM_TIMERS_H

#include <stdbool.h>
#include <stdint.h>

struct vm;

#define PIT_OWED_MAX 256

struct platform_timers {
	uint64_t pit_due, rtc_due, pm_due;   /* in each device's ticks; UINT64_MAX: none */
	uint32_t pit_owed;                    /* IRQ 0 edges not yet sent */
	uint64_t at;                          /* the earliest, as the VM's TSC */
};

/* The devices' state at VM creation: nothing due. */
void platform_timers_init(struct vm *vm);

/* After a guest access to the PIT, the RTC or the PM block: the lines
 * they drive now, and their next deadlines. A write to the PIT's ports
 * (pit_written) forgets the ticks the old programming owed. */
void platform_timers_changed(struct vm *vm, bool pit_written);

/* The VM's TSC reached vm->timers.at (or passed it): raise what is due. */
void platform_timers_fire(struct vm *vm, uint64_t tsc);

#endif
