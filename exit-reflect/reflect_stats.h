/* SPDX-License-Identifier: MIT */
/*
 * Decision counters of the reflection engine: per verdict, and per basic exit
 * reason and verdict. Counters are declared once in REFLECT_STATS(X) with a
 * description; l1hv prints them at the end of a run and the host tools read the
 * same names.
 */
#ifndef NESTLAB_EXIT_REFLECT_REFLECT_STATS_H
#define NESTLAB_EXIT_REFLECT_REFLECT_STATS_H

#include <stdint.h>

#include "exit-reflect/reflect_policy.h"

/* X(name, "description"): the scalar counters. */
#define REFLECT_STATS(X)                                                              \
	X(decisions,         "exits decided")                                          \
	X(l0_handles,        "exits L0 handled itself")                                \
	X(to_l1,             "exits reflected to L1")                                  \
	X(l0_emulates,       "exits L0 emulated on L1's behalf")                       \
	X(l0_owned,          "exits L0 kept before asking the policy (l0_owns_exit)")  \
	X(reason_unknown,    "exits whose basic reason is not in Table C-1")           \
	X(bad_verdict,       "out-of-range verdicts from a policy (treated as to-l1)")

enum reflect_stat {
#define REFLECT_STAT_ENUM_(n, desc) REFLECT_STAT_##n,
	REFLECT_STATS(REFLECT_STAT_ENUM_)
#undef REFLECT_STAT_ENUM_
	REFLECT_STAT_COUNT
};

struct reflect_stats {
	uint64_t counter[REFLECT_STAT_COUNT];
	/* Decisions by basic exit reason (unknown reasons are only in the scalars). */
	uint64_t by_reason[EXIT_REASON_COUNT][REFLECT_VERDICT_COUNT];
};

void reflect_stats_reset(struct reflect_stats *st);
const char *reflect_stat_name(enum reflect_stat stat);
const char *reflect_stat_description(enum reflect_stat stat);

/*
 * The one entry point of the engine: asks l0_owns_exit() (counting those in
 * l0_owned; an owned exit is L0_HANDLES under every policy), else the policy,
 * then counts the verdict. policy must not be NULL (resolve names with
 * reflect_policy_find() and report reflect_policy_format_unknown() before
 * running a guest); stats may be NULL. A verdict outside the enum (a
 * broken policy) is counted in bad_verdict and returned as REFLECT_TO_L1:
 * letting L1 see an exit is recoverable, silently dropping it is not.
 */
enum reflect_verdict reflect_decide(const struct reflect_policy *policy,
				    const struct reflect_exit *e, const struct vmcs12 *v,
				    const struct reflect_l1_mem *mem,
				    const struct reflect_l0_state *s,
				    struct reflect_stats *stats);

#endif
