/* SPDX-License-Identifier: MIT */
/*
 * bench: the exit-cost benchmark guest.
 *
 * Command line (after l1hv's '--', or QEMU's -append):
 *   tests=NAME,NAME...   benchmarks to run (default: all; nop always runs,
 *                        its cost is the loop overhead subtracted from the rest)
 *   skip=NAME,NAME...    benchmarks to report as skipped by the harness (for
 *                        exit paths known to hang an engine; see bench/README.md)
 *   mode=rows|kut        machine-readable rows (default), or kvm-unit-tests
 *                        style "name cycles" lines
 *   goal=N[K|M|G]        cycles one batch must reach (default 1M)
 *   batches=N            timed batches per benchmark (default 11, max 64)
 *   max_iters=N[K|M|G]   cap on iterations per batch (default 16M)
 *   hypercall=vmcall|vmmcall    instruction of the vmcall row (default:
 *                        VMMCALL on AMD CPUs, VMCALL elsewhere)
 *   engine=, policy=, shadow=   labels copied into every row
 * The row format is specified in bench/README.md.
 */
#include "common/free/string.h"
#include "guests/bench/bench.h"
#include "guests/lib/guest.h"

#define SAMPLES_PER_LINE 12

enum bench_mode { MODE_ROWS, MODE_KUT };

struct bench_run {
	struct bench_env env;
	struct bench_config cfg;
	enum bench_mode mode;
	bool selected[32], skip[32];
	int64_t nop_median;     /* tenths of a cycle */
	unsigned measured, skipped, failed;
};

_Static_assert(sizeof(((struct bench_run *)0)->selected) / sizeof(bool) >= 20,
	       "selection array must hold every benchmark");

/* Decimal with an optional binary suffix K, M or G. */
static int parse_count(const char *s, int len, uint64_t *out)
{
	uint64_t v = 0;
	int i = 0;

	if (len <= 0)
		return -1;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
		if (v > (~0ull - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (i == 0)
		return -1;
	if (i == len - 1) {
		unsigned shift = s[i] == 'K' ? 10 : s[i] == 'M' ? 20 : s[i] == 'G' ? 30 : 64;
		if (shift == 64 || v > (~0ull >> shift))
			return -1;
		v <<= shift;
	} else if (i != len) {
		return -1;
	}
	*out = v;
	return 0;
}

static int option_count(const char *cmdline, const char *key, uint64_t dflt, uint64_t min,
			uint64_t max, uint64_t *out)
{
	const char *v;
	int n = cmdline_get(cmdline, key, &v);

	*out = dflt;
	if (n < 0)
		return 0;
	if (parse_count(v, n, out) || *out < min || *out > max) {
		report(false, "bench: %s='%.*s' is not a count in [%lu, %lu]", key, n, v, min, max);
		return -1;
	}
	return 0;
}

static int find_bench(const char *name, unsigned long len)
{
	for (unsigned i = 0; i < bench_count; i++)
		if (strlen(bench_table[i].name) == len && !strncmp(bench_table[i].name, name, len))
			return (int)i;
	return -1;
}

/* A comma-separated list of benchmark names (key=) into set[]. */
static int parse_list(const char *cmdline, const char *key, bool *set, bool dflt)
{
	const char *v;
	int n = cmdline_get(cmdline, key, &v);

	for (unsigned i = 0; i < bench_count; i++)
		set[i] = n < 0 && dflt;
	for (int start = 0, i = 0; n >= 0 && i <= n; i++) {
		if (i < n && v[i] != ',')
			continue;
		int idx = find_bench(v + start, (unsigned long)(i - start));
		if (idx < 0) {
			printf("bench: known benchmarks:");
			for (unsigned k = 0; k < bench_count; k++)
				printf(" %s", bench_table[k].name);
			printf("\n");
			report(false, "bench: unknown benchmark '%.*s' in %s=", i - start, v + start,
			       key);
			return -1;
		}
		set[idx] = true;
		start = i + 1;
	}
	return 0;
}

static int parse_options(struct bench_run *run, const char *cmdline)
{
	const char *v;
	uint64_t batches;
	int n = cmdline_get(cmdline, "mode", &v);

	run->mode = MODE_ROWS;
	if (n == 3 && !strncmp(v, "kut", 3)) {
		run->mode = MODE_KUT;
	} else if (n >= 0 && !(n == 4 && !strncmp(v, "rows", 4))) {
		report(false, "bench: mode='%.*s': use mode=rows or mode=kut", n, v);
		return -1;
	}
	if (option_count(cmdline, "goal", 1ull << 20, 1, 1ull << 40, &run->cfg.goal) ||
	    option_count(cmdline, "batches", 11, 1, BENCH_MAX_BATCHES, &batches) ||
	    option_count(cmdline, "max_iters", 1ull << 24, 1, 1ull << 32, &run->cfg.max_iters))
		return -1;
	run->cfg.batches = (unsigned)batches;
	if (parse_list(cmdline, "tests", run->selected, true) ||
	    parse_list(cmdline, "skip", run->skip, false))
		return -1;
	return 0;
}

/* Tenths of a cycle as "123.4" (signed: a net cost can dip below zero). */
static void print_fixed(const char *key, int64_t tenths)
{
	uint64_t a = tenths < 0 ? (uint64_t)-tenths : (uint64_t)tenths;

	printf(" %s=%s%lu.%lu", key, tenths < 0 ? "-" : "", a / BENCH_FIXED_ONE,
	       a % BENCH_FIXED_ONE);
}

static void print_ratio(uint64_t exits, uint64_t n)
{
	if (exits % n == 0)
		printf("%lu", exits / n);
	else
		printf("%lu.%03lu", exits / n, ((exits % n) * 1000 + n / 2) / n);
}

/* Exits per iteration: an integer only when exact, else three decimals. */
static void print_exits(const struct bench_run *run, const struct bench_result *r)
{
	uint64_t n = r->iters * r->batches;

	if (!r->have_exits) {
		printf(" exits=n/a");
		return;
	}
	printf(" exits=L%u:", run->env.hv_level);
	print_ratio(r->exits, n);
	if (r->have_exits_below) {
		printf(";L%u:", run->env.hv_level - 1);   /* no comma: it lands in a CSV field */
		print_ratio(r->exits_below, r->iters);
	}
}

static void print_row(const struct bench_run *run, const struct bench_def *b,
		      const struct bench_result *r)
{
	const struct bench_env *e = &run->env;

	if (run->mode == MODE_KUT) {
		/* kvm-unit-tests prints (t2 - t1) / iterations: overhead included. */
		printf("%s %lu\n", b->name, (r->raw.median + BENCH_FIXED_ONE / 2) / BENCH_FIXED_ONE);
		return;
	}
	printf("bench-row engine=%s level=%u policy=%s shadow=%s test=%s iters=%lu", e->engine,
	       e->level, e->policy, e->shadow, b->name, r->iters);
	print_fixed("median", (int64_t)r->raw.median - run->nop_median);
	print_fixed("p10", (int64_t)r->raw.p10 - run->nop_median);
	print_fixed("p90", (int64_t)r->raw.p90 - run->nop_median);
	print_fixed("nop", run->nop_median);
	print_exits(run, r);
	printf("\n");
	for (unsigned i = 0; i < r->batches; i++) {
		if (i % SAMPLES_PER_LINE == 0)
			printf("bench-samples test=%s", b->name);
		printf(" %lu", r->sample[i]);
		if (i % SAMPLES_PER_LINE == SAMPLES_PER_LINE - 1 || i == r->batches - 1)
			printf("\n");
	}
}

static void skip(struct bench_run *run, const struct bench_def *b, const char *why)
{
	run->skipped++;
	if (run->mode == MODE_KUT)
		printf("%s (skipped)\n", b->name);
	else
		printf("bench-skip engine=%s level=%u test=%s needs: %s\n", run->env.engine,
		       run->env.level, b->name, why);
}

static void run_one(struct bench_run *run, const struct bench_def *b)
{
	static struct bench_result r;
	uint32_t missing = b->needs & ~run->env.provides;
	const char *why = NULL;

	if (run->skip[b - bench_table]) {
		skip(run, b, "an engine where it does not hang (left out by the harness: skip=)");
		return;
	}
	if (missing) {
		skip(run, b, bench_need_text(missing));
		return;
	}
	if (!b->fn) {
		skip(run, b, "the guest side of this benchmark (not written yet)");
		return;
	}
	if (bench_measure(b, &run->env, &run->cfg, &r, &why)) {
		run->failed++;
		report(false, "bench %s: %s", b->name, why);
		return;
	}
	if (b == &bench_table[0])
		run->nop_median = (int64_t)r.raw.median;
	run->measured++;
	print_row(run, b, &r);
}

int guest_main(const char *cmdline)
{
	static struct bench_run run;
	const struct bench_env *e = &run.env;

	bench_env_init(&run.env, cmdline);
	if (parse_options(&run, cmdline))
		return report_summary();
	if (run.mode == MODE_ROWS)
		printf("bench-env engine=%s hv=%s level=%u policy=%s shadow=%s goal=%lu "
		       "batches=%u cpu=%s\n", e->engine, e->hv_name, e->level, e->policy,
		       e->shadow, run.cfg.goal, run.cfg.batches, e->cpu);
	/* The table starts with nop: its median is the loop overhead every
	 * other row subtracts, so it always runs first. */
	run.selected[0] = true;
	run.skip[0] = false;
	for (unsigned i = 0; i < bench_count; i++)
		if (run.selected[i])
			run_one(&run, &bench_table[i]);
	report(run.failed == 0 && run.measured > 0, "bench: %u measured, %u skipped, %u failed",
	       run.measured, run.skipped, run.failed);
	return report_summary();
}
