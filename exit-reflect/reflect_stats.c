/* SPDX-License-Identifier: MIT */
/* Decision counters and the engine's single entry point: see reflect_stats.h. */
#include "exit-reflect/reflect_stats.h"

static const char *const reflect_stat_names[REFLECT_STAT_COUNT] = {
#define REFLECT_STAT_NAME_(n, desc) [REFLECT_STAT_##n] = #n,
	REFLECT_STATS(REFLECT_STAT_NAME_)
#undef REFLECT_STAT_NAME_
};

static const char *const reflect_stat_descriptions[REFLECT_STAT_COUNT] = {
#define REFLECT_STAT_DESC_(n, desc) [REFLECT_STAT_##n] = (desc),
	REFLECT_STATS(REFLECT_STAT_DESC_)
#undef REFLECT_STAT_DESC_
};

/* Verdict -> its scalar counter. */
static const enum reflect_stat reflect_verdict_stat[REFLECT_VERDICT_COUNT] = {
	[REFLECT_L0_HANDLES] = REFLECT_STAT_l0_handles,
	[REFLECT_TO_L1] = REFLECT_STAT_to_l1,
	[REFLECT_L0_EMULATES_FOR_L1] = REFLECT_STAT_l0_emulates,
};

void reflect_stats_reset(struct reflect_stats *st)
{
	__builtin_memset(st, 0, sizeof(*st));
}

const char *reflect_stat_name(enum reflect_stat stat)
{
	return (unsigned int)stat < REFLECT_STAT_COUNT ? reflect_stat_names[stat] : "invalid";
}

const char *reflect_stat_description(enum reflect_stat stat)
{
	return (unsigned int)stat < REFLECT_STAT_COUNT ? reflect_stat_descriptions[stat]
						       : "invalid";
}

static void reflect_stats_count(struct reflect_stats *st, uint32_t basic_reason,
				enum reflect_verdict verdict, bool l0_owned, bool bad)
{
	st->counter[REFLECT_STAT_decisions]++;
	st->counter[reflect_verdict_stat[verdict]]++;
	if (l0_owned)
		st->counter[REFLECT_STAT_l0_owned]++;
	if (bad)
		st->counter[REFLECT_STAT_bad_verdict]++;
	if (exit_reason_is_defined(basic_reason))
		st->by_reason[basic_reason][verdict]++;
	else
		st->counter[REFLECT_STAT_reason_unknown]++;
}

enum reflect_verdict reflect_decide(const struct reflect_policy *policy,
				    const struct reflect_exit *e, const struct vmcs12 *v,
				    const struct reflect_l1_mem *mem,
				    const struct reflect_l0_state *s,
				    struct reflect_stats *stats)
{
	enum reflect_verdict verdict;
	bool owned = l0_owns_exit(e, s);
	bool bad = false;

	/* Checked here as well as in each policy: no policy can give away L0's exits. */
	if (owned) {
		verdict = REFLECT_L0_HANDLES;
	} else {
		verdict = policy->decide(e, v, mem, s);
		if ((unsigned int)verdict >= REFLECT_VERDICT_COUNT) {
			verdict = REFLECT_TO_L1;
			bad = true;
		}
	}
	if (stats)
		reflect_stats_count(stats, e->basic_reason, verdict, owned, bad);
	return verdict;
}
