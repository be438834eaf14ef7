/* SPDX-License-Identifier: MIT */
/* Per-VM counters, declared once: the enum, the names and descriptions, and
 * the ids the NESTLAB_HC_STAT hypercall takes all come from VM_STATS. */
#ifndef L1HV_VM_STATS_H
#define L1HV_VM_STATS_H

#include <stdint.h>

#include "exit-reflect/exit_reasons.h"

#define VM_STATS(X)                                                              \
	X(EXITS, "exits", "VM exits, all reasons")                              \
	X(GUEST_CYCLES, "guest-cycles", "TSC ticks from VM entry to VM exit")   \
	X(HV_CYCLES, "hv-cycles", "TSC ticks spent handling exits in l1hv")     \
	X(IO_UNKNOWN, "io-unknown", "accesses to ports no device claims")      \
	X(MSR_DENIED, "msr-denied", "RDMSR/WRMSR answered with #GP")           \
	X(INJECTED, "injected", "events injected into the guest")              \
	X(REINJECTED, "reinjected", "events whose delivery an exit interrupted, delivered again") \
	X(EPT02_RECLAIMS, "ept02-reclaims", "times ept02 was dropped to stay within the page quota")

enum vm_stat {
#define VM_STAT_ENUM(id, name, desc) VM_STAT_##id,
	VM_STATS(VM_STAT_ENUM)
#undef VM_STAT_ENUM
	VM_STAT_COUNT
};

struct vm_stats {
	uint64_t counter[VM_STAT_COUNT];
	uint64_t exits_by_reason[EXIT_REASON_MAX + 1];
	uint64_t cycles_by_reason[EXIT_REASON_MAX + 1];   /* hypervisor ticks */
};

const char *vm_stat_name(enum vm_stat s);

struct vcpu;
/* Prints the exit table of one VM. */
void vcpu_stats_print(const struct vcpu *vcpu);

#endif
