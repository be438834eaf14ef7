/* SPDX-License-Identifier: MIT */
/*
 * A VM's time, from which its platform clocks count (PIT, RTC, PM timer,
 * the local APIC timer): its TSC. Today that is the host's TSC (vmcs01
 * runs without TSC offsetting or scaling), read here so that the time
 * issue's per-vCPU map V = s.P + O has one place to go.
 */
#ifndef L1HV_TIME_VTIME_H
#define L1HV_TIME_VTIME_H

#include <stdint.h>

#include "common/free/x86.h"
#include "l1hv/time/tsc_freq.h"

struct vm;

static inline uint64_t vm_tsc_now(const struct vm *vm)
{
	(void)vm;
	return rdtsc_ordered();
}

/* The VM's time in ticks of a hz clock (tsc_to_ticks). */
static inline uint64_t vm_clock_now(const struct vm *vm, uint64_t hz)
{
	return tsc_to_ticks(vm_tsc_now(vm), hz);
}

#endif
