/* SPDX-License-Identifier: MIT */
/* Differential VM-entry checks against this CPU's VMX (entry_diff.c). */
#ifndef L1HV_ENTRY_DIFF_H
#define L1HV_ENTRY_DIFF_H

#include <stdbool.h>
#include <stdint.h>

/* Runs cases (the first is the unmutated baseline) from seed; prints every
 * disagreement (the first few in full) and a summary line. True if l1hv's
 * checks and the CPU agreed on every case that ran. */
bool entry_diff_run(uint64_t cases, uint64_t seed);

#endif
