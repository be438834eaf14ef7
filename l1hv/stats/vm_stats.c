/* SPDX-License-Identifier: MIT */
#include "l1hv/stats/vm_stats.h"

#include "l1hv/console/console.h"
#include "l1hv/nested/nested.h"
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/vm/vm.h"

static const char *const vm_stat_names[VM_STAT_COUNT] = {
#define VM_STAT_NAME(id, name, desc) [VM_STAT_##id] = name,
	VM_STATS(VM_STAT_NAME)
#undef VM_STAT_NAME
};

const char *vm_stat_name(enum vm_stat s)
{
	return s < VM_STAT_COUNT ? vm_stat_names[s] : "unknown";
}

/* One row per exit reason that occurred, then the totals:
 *   l1hv: exits VM hello: reason              count   hv-cycles
 *   l1hv:   CPUID                                 3         412 */
void vcpu_stats_print(const struct vcpu *vcpu)
{
	const struct vm_stats *s = &vcpu->stats;

	pr_info("exit table for VM %s (nested=%s policy=%s shadow=%s):\n", vcpu->vm->name,
		nested_enabled ? "on" : "off", nested_enabled ? nested_policy->name : "n/a",
		nested_shadow_name());
	pr_info("  %-24s %10s %14s\n", "reason", "count", "hv-cycles");
	for (unsigned r = 0; r <= EXIT_REASON_MAX; r++)
		if (s->by_reason[VM_RSTAT_EXITS][r])
			pr_info("  %-24s %10lu %14lu\n", exit_reason_name(r),
				s->by_reason[VM_RSTAT_EXITS][r], s->by_reason[VM_RSTAT_CYCLES][r]);
	pr_info("  %-24s %10lu %14lu\n", "total", s->counter[VM_STAT_EXITS],
		s->counter[VM_STAT_HV_CYCLES]);
	pr_info("  cycles: guest %lu, hypervisor %lu", s->counter[VM_STAT_GUEST_CYCLES],
		s->counter[VM_STAT_HV_CYCLES]);
	for (unsigned c = VM_STAT_HV_CYCLES + 1; c < VM_STAT_FIRST_NESTED; c++)
		if (s->counter[c])
			console_printf(", %s %lu", vm_stat_name(c), s->counter[c]);
	console_printf("\n");
}
