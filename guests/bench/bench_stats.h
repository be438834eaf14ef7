/* SPDX-License-Identifier: MIT */
/*
 * Order statistics over per-batch costs, shared by the benchmark guest and
 * the host tool (bench/tools/benchstat.c) so both compute the same numbers
 * from the same samples. Freestanding: <stdint.h>/<stddef.h> only, no state.
 *
 * Percentiles use the nearest-rank definition: the p-th percentile of n
 * sorted samples is sample number ceil(p * n / 100) (1-based). It is always
 * one of the measured values, so on Bochs, where a batch costs an exact
 * instruction count, every statistic is exact and repeatable. The median is
 * the 50th percentile (the lower middle sample when n is even).
 */
#ifndef NESTLAB_BENCH_STATS_H
#define NESTLAB_BENCH_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Costs are fixed-point: tenths of a cycle per iteration. */
#define BENCH_FIXED_ONE 10u

struct bench_stats {
	uint64_t median, p10, p90;   /* tenths of a cycle per iteration */
	size_t n;
};

/* Sorts v[0..n) ascending in place (insertion sort: n is a few dozen). */
void bench_sort_u64(uint64_t *v, size_t n);

/* Nearest-rank percentile (0 < pct <= 100) of the sorted v[0..n), n > 0. */
uint64_t bench_percentile(const uint64_t *sorted, size_t n, unsigned pct);

/* Sorts v and fills *out; returns -1 (and leaves *out zeroed) when n == 0. */
int bench_stats_compute(uint64_t *v, size_t n, struct bench_stats *out);

/* Cost of one iteration in tenths of a cycle: cycles * 10 / iters, rounded
 * to nearest. iters must be > 0. */
uint64_t bench_per_iter_fixed(uint64_t cycles, uint64_t iters);

#endif
