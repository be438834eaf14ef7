/* SPDX-License-Identifier: MIT */
#ifndef L1HV_LEVEL_H
#define L1HV_LEVEL_H

#include <stdbool.h>
#include <stdint.h>

/* Nesting level of this l1hv: 0 on the hardware, 1 under a level-0
 * hypervisor, ... (learnt from the parent's nestlab CPUID leaf). */
extern uint32_t l1hv_level;
/* The hypervisor below us is an l1hv (it answers nestlab hypercalls). */
extern bool l1hv_parent_is_nestlab;

#endif
