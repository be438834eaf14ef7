/* SPDX-License-Identifier: MIT */
/*
 * The wall clock l1hv gives its VMs' RTCs: the machine's own RTC, read once
 * at boot (wall_clock_init), so that every level agrees (a VM's RTC is
 * its l1hv's, whose RTC is its parent's virtual one). On Bochs it is the
 * `clock: time0=` of the run script.
 */
#ifndef L1HV_TIME_WALL_CLOCK_H
#define L1HV_TIME_WALL_CLOCK_H

#include <stdint.h>

/* Seconds since 1970-01-01 00:00:00 UTC when l1hv booted (0 if the RTC
 * read back nonsense). */
extern uint64_t wall_clock_at_boot;

void wall_clock_init(void);

#endif
