/* SPDX-License-Identifier: MIT */
/*
 * Timing one benchmark, after kvm-unit-tests x86/vmexit.c: double the
 * iteration count until one batch costs at least the cycle goal, then time
 * a fixed number of batches of that size. Each batch is bracketed by
 * LFENCE;RDTSC (rdtsc_ordered: LFENCE waits until every earlier instruction
 * has completed locally, SDM Vol. 2B RDTSC), and yields one sample: cycles
 * per iteration in tenths. The exit counters of the level below are read
 * once before and once after the timed batches, never inside them.
 */
#include "guests/bench/bench.h"
#include "guests/lib/guest.h"

/* noipa: the compiler must neither inline fn nor specialize this loop for
 * one benchmark, so every row pays the same call overhead the nop row
 * measures. */
static __attribute__((noipa)) uint64_t bench_batch(void (*fn)(void), uint64_t iters)
{
	uint64_t t0 = rdtsc_ordered();

	for (uint64_t i = 0; i < iters; i++)
		fn();
	return rdtsc_ordered() - t0;
}

static uint64_t bench_calibrate(void (*fn)(void), const struct bench_config *cfg)
{
	uint64_t iters = 1;

	while (iters < cfg->max_iters && bench_batch(fn, iters) < cfg->goal)
		iters *= 2;
	return iters;
}

/* cfg->batches batches of iters iterations, each batch's cycles into t[].
 * With exit counters, *exits gets the exits of all of them: `after` counts
 * its own VMCALL exit (hypercall ABI), `before`'s exit is already inside
 * `before`; ~0 if a query failed. Without counters, 0. */
static void run_batches(void (*fn)(void), uint64_t iters, const struct bench_env *env,
			const struct bench_config *cfg, uint64_t *t, uint64_t *exits)
{
	uint64_t before = 0, after = 0;

	if (env->exit_counters)
		before = exit_count(NESTLAB_HC_ALL_EXITS);
	for (unsigned i = 0; i < cfg->batches; i++)
		t[i] = bench_batch(fn, iters);
	if (env->exit_counters)
		after = exit_count(NESTLAB_HC_ALL_EXITS);
	if (!env->exit_counters)
		*exits = 0;
	else if (before == ~0ull || after == ~0ull || after <= before)
		*exits = ~0ull;
	else
		*exits = after - before - 1;
}

int bench_measure(const struct bench_def *b, const struct bench_env *env,
		  const struct bench_config *cfg, struct bench_result *r, const char **why)
{
	uint64_t sorted[BENCH_MAX_BATCHES];

	r->batches = cfg->batches;
	r->have_exits = false;
	if (b->setup)
		b->setup(env);
	r->iters = bench_calibrate(b->fn, cfg);
	/* When the clock itself exits, empty batches measure what its two
	 * reads cost (deterministic on Bochs): their median time comes off
	 * every batch, their exits off the count. */
	uint64_t t[BENCH_MAX_BATCHES], clock = 0, clock_exits = 0, exits;
	if (bench_clock_exits) {
		struct bench_stats st;
		run_batches(b->fn, 0, env, cfg, t, &clock_exits);
		bench_stats_compute(t, cfg->batches, &st);
		clock = st.median;
	}
	run_batches(b->fn, r->iters, env, cfg, t, &exits);
	for (unsigned i = 0; i < cfg->batches; i++)
		r->sample[i] = bench_per_iter_fixed(t[i] > clock ? t[i] - clock : 0, r->iters);
	if (b->teardown)
		b->teardown();
	if (bench_failure) {
		*why = bench_failure;
		bench_failure = NULL;
		return -1;
	}

	if (env->exit_counters) {
		if (exits == ~0ull || clock_exits == ~0ull || exits < clock_exits) {
			*why = "the exit-count hypercall failed";
			return -1;
		}
		r->exits = exits - clock_exits;
		r->have_exits = true;
	}
	/* One more batch, untimed, counted one level further down: two
	 * back-to-back queries give what a query costs there. */
	r->have_exits_below = false;
	if (env->exit_counters && env->hv_level >= 1) {
		if (b->setup)
			b->setup(env);
		uint64_t q1 = exit_count_below(NESTLAB_HC_ALL_EXITS, 1);
		uint64_t q2 = exit_count_below(NESTLAB_HC_ALL_EXITS, 1);
		bench_batch(b->fn, r->iters);
		uint64_t q3 = exit_count_below(NESTLAB_HC_ALL_EXITS, 1);
		/* The clock reads' share, from an empty batch counted alike. */
		bool clock_exit_below = bench_clock_exits;   /* teardown may clear it */
		uint64_t q4 = q3, q5 = q3;
		if (clock_exit_below) {
			q4 = exit_count_below(NESTLAB_HC_ALL_EXITS, 1);
			bench_batch(b->fn, 0);
			q5 = exit_count_below(NESTLAB_HC_ALL_EXITS, 1);
		}
		if (b->teardown)
			b->teardown();
		/* A batch between two queries counts the batch plus one query;
		 * without the clock reads it is that minus an empty batch. */
		uint64_t batch = q3 - q2, less = clock_exit_below ? q5 - q4 : q2 - q1;
		if (q1 != ~0ull && q3 != ~0ull && q5 != ~0ull && batch >= less) {
			r->exits_below = batch - less;
			r->have_exits_below = true;
		}
	}
	for (unsigned i = 0; i < cfg->batches; i++)
		sorted[i] = r->sample[i];
	bench_stats_compute(sorted, cfg->batches, &r->raw);
	return 0;
}
