/* SPDX-License-Identifier: MIT */
/* A vCPU's counters, declared once: the enum, the names and descriptions
 * the summaries print, and the ids the NESTLAB_HC_STAT hypercall takes all
 * come from VM_STATS and VM_NESTED_STATS (plain counts and ticks) and
 * VM_REASON_STATS (one count per basic exit reason). A VM's are its
 * vCPUs' together. */
#ifndef L1HV_VM_STATS_H
#define L1HV_VM_STATS_H

#include <stdint.h>

#include "exit-reflect/exit_reasons.h"

#define VM_STATS(X)                                                              \
	X(EXITS, "exits", "VM exits, all reasons")                              \
	X(GUEST_CYCLES, "guest-cycles", "TSC ticks from VM entry to VM exit")   \
	X(HV_CYCLES, "hv-cycles", "TSC ticks spent handling exits in l1hv")     \
	X(IO_UNKNOWN, "io-unknown", "accesses to ports no device claims")      \
	X(MMIO_UNCLAIMED, "mmio-unclaimed", "accesses to addresses no device claims") \
	X(MSR_DENIED, "msr-denied", "RDMSR/WRMSR answered with #GP")           \
	X(INJECTED, "injected", "events injected into the guest")              \
	X(REINJECTED, "reinjected", "events whose delivery an exit interrupted, delivered again") \
	X(EPT02_RECLAIMS, "ept02-reclaims", "times ept02 was dropped to stay within the page quota")

/* Of a guest hypervisor running its own guest: printed by the nested
 * summary (nested_print_summary), not on the exit table's cycles line. */
#define VM_NESTED_STATS(X)                                                       \
	X(L2_ENTRIES, "l2-entries", "VM entries to L2 (L1's VMLAUNCH/VMRESUME)")  \
	X(L2_EXITS, "l2-exits", "exits of L2, whoever handled them")             \
	X(L0_EXITS_NESTED, "l0-exits-nested", "exits to L0 since L2 first ran, L1's own included") \
	X(L2_EXIT_CYCLES, "l2-exit-cycles", "L0 ticks handling L2's exits, reflection included") \
	X(REFLECTED, "reflected", "L2 exits reflected to L1")                    \
	X(REFLECT_CYCLES, "reflect-cycles", "L0 ticks for those, from the exit to L1's entry")

/* Per basic exit reason. */
#define VM_REASON_STATS(X)                                                       \
	X(EXITS, "exits", "VM exits")                                            \
	X(CYCLES, "hv-cycles", "TSC ticks spent handling them in l1hv")          \
	X(TRIPS, "trips", "round trips of reflected L2 exits (nested)")          \
	X(TRIP_CYCLES, "trip-cycles", "L0 ticks from L2's exit to its next entry")

enum vm_stat {
#define VM_STAT_ENUM(id, name, desc) VM_STAT_##id,
	VM_STATS(VM_STAT_ENUM)
	VM_NESTED_STATS(VM_STAT_ENUM)
#undef VM_STAT_ENUM
	VM_STAT_COUNT
};
#define VM_STAT_FIRST_NESTED VM_STAT_L2_ENTRIES

enum vm_reason_stat {
#define VM_RSTAT_ENUM(id, name, desc) VM_RSTAT_##id,
	VM_REASON_STATS(VM_RSTAT_ENUM)
#undef VM_RSTAT_ENUM
	VM_RSTAT_COUNT
};

struct vm_stats {
	uint64_t counter[VM_STAT_COUNT];
	uint64_t by_reason[VM_RSTAT_COUNT][EXIT_REASON_MAX + 1];
};

const char *vm_stat_name(enum vm_stat s);

struct vcpu;
/* Prints the exit table of one VM. */
void vcpu_stats_print(const struct vcpu *vcpu);

#endif
