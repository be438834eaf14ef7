/* SPDX-License-Identifier: MIT */
/*
 * The TSC's frequency, which every virtual timer derives its time from:
 * the PIT, the RTC and the ACPI PM timer count from the VM's TSC (today the
 * host's: vmcs01 runs without TSC offsetting), the local APIC's timer runs
 * at the TSC rate, and CPUID 15H/16H and the hypervisor timing leaf
 * 40000010H tell the guest the rate.
 *
 * Measured once at boot (tsc_freq_init): under a parent l1hv from its
 * timing leaf (exact, no exits); elsewhere against the PIT's channel 2, the
 * way Linux's pit_calibrate_tsc does it (50 ms in mode 0, OUT2 polled
 * through port 61H). On Bochs the TSC advances one per instruction, so the
 * result is the configured `ips` rate.
 */
#ifndef L1HV_TIME_TSC_FREQ_H
#define L1HV_TIME_TSC_FREQ_H

#include <stdint.h>

/* kHz; never 0 after tsc_freq_init. */
extern uint32_t tsc_khz;

void tsc_freq_init(void);

/* A TSC value as ticks of a clock of hz Hz that started at TSC 0: rounded
 * down, so it never runs ahead. */
static inline uint64_t tsc_to_ticks(uint64_t tsc, uint64_t hz)
{
	return (uint64_t)((unsigned __int128)tsc * hz / ((uint64_t)tsc_khz * 1000));
}

/* The first TSC value at which that clock shows ticks (rounded up);
 * UINT64_MAX for a time beyond the TSC's range. */
static inline uint64_t ticks_to_tsc(uint64_t ticks, uint64_t hz)
{
	unsigned __int128 t = ((unsigned __int128)ticks * tsc_khz * 1000 + hz - 1) / hz;

	return t > UINT64_MAX ? UINT64_MAX : (uint64_t)t;
}

#endif
