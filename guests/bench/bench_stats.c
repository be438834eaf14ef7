/* SPDX-License-Identifier: MIT */
#include "guests/bench/bench_stats.h"

void bench_sort_u64(uint64_t *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		uint64_t x = v[i];
		size_t j = i;

		while (j > 0 && v[j - 1] > x) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

uint64_t bench_percentile(const uint64_t *sorted, size_t n, unsigned pct)
{
	/* rank = ceil(pct * n / 100), clamped to [1, n]. */
	size_t rank = (size_t)(((uint64_t)pct * n + 99) / 100);

	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return sorted[rank - 1];
}

int bench_stats_compute(uint64_t *v, size_t n, struct bench_stats *out)
{
	out->median = out->p10 = out->p90 = 0;
	out->n = n;
	if (n == 0)
		return -1;
	bench_sort_u64(v, n);
	out->median = bench_percentile(v, n, 50);
	out->p10 = bench_percentile(v, n, 10);
	out->p90 = bench_percentile(v, n, 90);
	return 0;
}

uint64_t bench_per_iter_fixed(uint64_t cycles, uint64_t iters)
{
	return (cycles * BENCH_FIXED_ONE + iters / 2) / iters;
}
