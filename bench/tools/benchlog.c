/* SPDX-License-Identifier: MIT */
/*
 * Reading the benchmark guest's lines out of a serial log. Lines may carry
 * a prefix (l1hv's "[bench] ", firmware output glued before the first line),
 * so each line is read from its "bench-" word on. The formats are in
 * bench/README.md; anything malformed is an error naming file and line.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/tools/benchstat.h"
#include "guests/bench/bench_stats.h"

struct bs_env {
	char engine[BS_FIELD], cpu[BS_FIELD], level[16], policy[64], shadow[64];
	bool seen;
};

/* Value of key=VALUE among space-separated words of s, copied to out. */
static bool kv(const char *s, const char *key, char *out, size_t size)
{
	size_t k = strlen(key);

	for (const char *p = s; (p = strstr(p, key)) != NULL; p += k) {
		if ((p != s && p[-1] != ' ') || p[k] != '=')
			continue;
		const char *v = p + k + 1;
		size_t n = strcspn(v, " \r\n");
		if (n == 0 || n >= size)
			return false;
		memcpy(out, v, n);
		out[n] = 0;
		return true;
	}
	return false;
}

/* "-123.4" -> -1234 tenths; exactly one decimal, as the guest prints. */
static bool parse_fixed(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	char *end;
	const char *p = s + neg;

	errno = 0;
	unsigned long long whole = strtoull(p, &end, 10);
	if (end == p || *end != '.' || end[1] < '0' || end[1] > '9' || end[2] || errno)
		return false;
	int64_t v = (int64_t)whole * 10 + (end[1] - '0');
	*out = neg ? -v : v;
	return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 10);
	return end != s && *end == 0 && !errno && *s != '-';
}

static struct bs_measure *find_measure(struct bs_cell *cell, const struct bs_env *env,
				       const char *bench, bool create)
{
	for (size_t i = 0; i < cell->n; i++) {
		struct bs_measure *m = &cell->m[i];
		if (!strcmp(m->engine, env->engine) && !strcmp(m->level, env->level) &&
		    !strcmp(m->policy, env->policy) && !strcmp(m->shadow, env->shadow) &&
		    !strcmp(m->bench, bench))
			return m;
	}
	if (!create || cell->n == sizeof(cell->m) / sizeof(cell->m[0]))
		return NULL;
	struct bs_measure *m = &cell->m[cell->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->engine, sizeof(m->engine), "%s", env->engine);
	snprintf(m->cpu, sizeof(m->cpu), "%s", env->cpu);
	snprintf(m->level, sizeof(m->level), "%s", env->level);
	snprintf(m->policy, sizeof(m->policy), "%s", env->policy);
	snprintf(m->shadow, sizeof(m->shadow), "%s", env->shadow);
	snprintf(m->bench, sizeof(m->bench), "%s", bench);
	m->iters_min = UINT64_MAX;
	return m;
}

static const char *parse_env(struct bs_env *env, const char *s)
{
	if (!kv(s, "engine", env->engine, sizeof(env->engine)) ||
	    !kv(s, "cpu", env->cpu, sizeof(env->cpu)) ||
	    !kv(s, "level", env->level, sizeof(env->level)) ||
	    !kv(s, "policy", env->policy, sizeof(env->policy)) ||
	    !kv(s, "shadow", env->shadow, sizeof(env->shadow)))
		return "bench-env lacks engine=, cpu=, level=, policy= or shadow=";
	env->seen = true;
	return NULL;
}

static const char *parse_row(struct bs_cell *cell, const struct bs_env *env, const char *s)
{
	char bench[64], iters[32], med[32], p10[32], p90[32], exits[64];
	uint64_t it;
	struct bs_measure *m;

	if (!env->seen)
		return "bench-row before any bench-env line";
	if (!kv(s, "test", bench, sizeof(bench)) || !kv(s, "iters", iters, sizeof(iters)) ||
	    !kv(s, "median", med, sizeof(med)) || !kv(s, "p10", p10, sizeof(p10)) ||
	    !kv(s, "p90", p90, sizeof(p90)) || !kv(s, "exits", exits, sizeof(exits)))
		return "bench-row lacks test=, iters=, median=, p10=, p90= or exits=";
	if (!parse_u64(iters, &it) || it == 0)
		return "bench-row: iters= is not a positive integer";
	m = find_measure(cell, env, bench, true);
	if (!m)
		return "too many benchmarks in one cell";
	if (m->skipped)
		return "a benchmark both measured and skipped in one cell";
	if (!parse_fixed(med, &m->guest_median) || !parse_fixed(p10, &m->guest_p10) ||
	    !parse_fixed(p90, &m->guest_p90))
		return "bench-row: median/p10/p90 are not fixed-point numbers like 12.3";
	if (m->runs && strcmp(m->exits, exits)) {
		snprintf(m->note, sizeof(m->note), "exits differ between runs (%s, %s)", m->exits,
			 exits);
	}
	snprintf(m->exits, sizeof(m->exits), "%s", exits);
	m->runs++;
	m->iters_min = it < m->iters_min ? it : m->iters_min;
	m->iters_max = it > m->iters_max ? it : m->iters_max;
	return NULL;
}

static const char *parse_samples(struct bs_cell *cell, const struct bs_env *env, const char *s)
{
	char bench[64];
	struct bs_measure *m;
	const char *p;

	if (!env->seen || !kv(s, "test", bench, sizeof(bench)))
		return "bench-samples without test= or before bench-env";
	m = find_measure(cell, env, bench, false);
	if (!m || !m->runs)
		return "bench-samples before its bench-row";
	p = strstr(s, "test=") + strcspn(strstr(s, "test="), " ");
	for (;;) {
		char *end;
		while (*p == ' ')
			p++;
		if (!*p || *p == '\r' || *p == '\n')
			break;
		errno = 0;
		uint64_t v = strtoull(p, &end, 10);
		if (end == p || errno || (*end && *end != ' ' && *end != '\r' && *end != '\n'))
			return "bench-samples: a sample is not an integer";
		if (m->nsamples == BS_MAX_SAMPLES)
			return "too many samples for one benchmark";
		m->sample[m->nsamples++] = v;
		p = end;
	}
	return NULL;
}

static const char *parse_skip(struct bs_cell *cell, const struct bs_env *env, const char *s)
{
	char bench[64];
	const char *needs = strstr(s, " needs: ");
	struct bs_measure *m;

	if (!env->seen || !kv(s, "test", bench, sizeof(bench)) || !needs)
		return "bench-skip without test=, needs: or before bench-env";
	m = find_measure(cell, env, bench, true);
	if (!m)
		return "too many benchmarks in one cell";
	if (m->runs)
		return "a benchmark both measured and skipped in one cell";
	m->skipped = true;
	snprintf(m->note, sizeof(m->note), "skipped: needs %.*s", (int)strcspn(needs + 8, "\r\n"),
		 needs + 8);
	return NULL;
}

int bs_read_log(struct bs_cell *cell, const char *path)
{
	struct bs_env env = { .seen = false };
	char line[4096];
	unsigned lineno = 0;
	bool summary_ok = false;
	FILE *f = fopen(path, "r");

	if (!f) {
		fprintf(stderr, "benchstat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		const char *s = strstr(line, "bench-"), *why = NULL;

		lineno++;
		if (strstr(line, "SUMMARY: ") && strstr(line, " 0 unexpected failures"))
			summary_ok = true;
		if (!s)
			continue;
		if (!strncmp(s, "bench-env ", 10))
			why = parse_env(&env, s);
		else if (!strncmp(s, "bench-row ", 10))
			why = parse_row(cell, &env, s);
		else if (!strncmp(s, "bench-samples ", 14))
			why = parse_samples(cell, &env, s);
		else if (!strncmp(s, "bench-skip ", 11))
			why = parse_skip(cell, &env, s);
		if (why) {
			fprintf(stderr, "benchstat: %s:%u: %s\n", path, lineno, why);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	if (!env.seen) {
		fprintf(stderr, "benchstat: %s: no bench-env line: not a benchmark guest log\n", path);
		return -1;
	}
	if (!summary_ok) {
		fprintf(stderr, "benchstat: %s: the guest did not end with a SUMMARY of 0 "
			"unexpected failures\n", path);
		return -1;
	}
	return 0;
}

void bs_fmt_fixed(char *buf, size_t size, int64_t tenths)
{
	uint64_t a = tenths < 0 ? (uint64_t)-tenths : (uint64_t)tenths;

	snprintf(buf, size, "%s%" PRIu64 ".%" PRIu64, tenths < 0 ? "-" : "", a / 10, a % 10);
}

static int64_t nop_of(const struct bs_cell *cell, const struct bs_measure *m, bool *found)
{
	static uint64_t v[BS_MAX_SAMPLES];
	struct bench_stats st;

	*found = false;
	for (size_t i = 0; i < cell->n; i++) {
		const struct bs_measure *o = &cell->m[i];
		if (strcmp(o->bench, "nop") || strcmp(o->engine, m->engine) ||
		    strcmp(o->level, m->level) || strcmp(o->policy, m->policy) ||
		    strcmp(o->shadow, m->shadow) || !o->nsamples)
			continue;
		memcpy(v, o->sample, o->nsamples * sizeof(v[0]));
		bench_stats_compute(v, o->nsamples, &st);
		*found = true;
		return (int64_t)st.median;
	}
	return 0;
}

int bs_cell_to_rows(struct bs_cell *cell, const char *machine, const char *commit,
		    struct bs_table *out)
{
	static uint64_t v[BS_MAX_SAMPLES];

	for (size_t i = 0; i < cell->n; i++) {
		struct bs_measure *m = &cell->m[i];
		struct bench_stats st;
		struct bs_row *r;
		bool have_nop;
		int64_t nop;

		if (out->n == BS_MAX_ROWS) {
			fprintf(stderr, "benchstat: more than %d rows\n", BS_MAX_ROWS);
			return -1;
		}
		r = &out->row[out->n++];
		memset(r, 0, sizeof(*r));
		snprintf(r->f[BS_COL_ENGINE], BS_FIELD, "%s", m->engine);
		snprintf(r->f[BS_COL_CPU], BS_FIELD, "%s", m->cpu);
		snprintf(r->f[BS_COL_MACHINE], BS_FIELD, "%s", machine);
		snprintf(r->f[BS_COL_COMMIT], BS_FIELD, "%s", commit);
		snprintf(r->f[BS_COL_LEVEL], BS_FIELD, "%s", m->level);
		snprintf(r->f[BS_COL_POLICY], BS_FIELD, "%s", m->policy);
		snprintf(r->f[BS_COL_SHADOW], BS_FIELD, "%s", m->shadow);
		snprintf(r->f[BS_COL_BENCH], BS_FIELD, "%s", m->bench);
		snprintf(r->f[BS_COL_NOTE], BS_FIELD, "%s", m->note);
		if (m->skipped)
			continue;
		if (!m->nsamples || m->nsamples % m->runs) {
			fprintf(stderr, "benchstat: %s: %zu samples from %u runs: a log lost "
				"bench-samples lines\n", m->bench, m->nsamples, m->runs);
			return -1;
		}
		nop = nop_of(cell, m, &have_nop);
		if (!have_nop) {
			fprintf(stderr, "benchstat: %s: no nop row in its cell to subtract\n", m->bench);
			return -1;
		}
		memcpy(v, m->sample, m->nsamples * sizeof(v[0]));
		bench_stats_compute(v, m->nsamples, &st);
		/* One run: our numbers must be the guest's, to the tenth. */
		if (m->runs == 1 && ((int64_t)st.median - nop != m->guest_median ||
				     (int64_t)st.p10 - nop != m->guest_p10 ||
				     (int64_t)st.p90 - nop != m->guest_p90)) {
			fprintf(stderr, "benchstat: %s: statistics from the samples disagree with "
				"the guest's row\n", m->bench);
			return -1;
		}
		if (m->iters_min == m->iters_max)
			snprintf(r->f[BS_COL_ITERS], BS_FIELD, "%" PRIu64, m->iters_min);
		else
			snprintf(r->f[BS_COL_ITERS], BS_FIELD, "%" PRIu64 "-%" PRIu64, m->iters_min,
				 m->iters_max);
		snprintf(r->f[BS_COL_SAMPLES], BS_FIELD, "%zu", m->nsamples);
		bs_fmt_fixed(r->f[BS_COL_MEDIAN], BS_FIELD, (int64_t)st.median - nop);
		bs_fmt_fixed(r->f[BS_COL_P10], BS_FIELD, (int64_t)st.p10 - nop);
		bs_fmt_fixed(r->f[BS_COL_P90], BS_FIELD, (int64_t)st.p90 - nop);
		bs_fmt_fixed(r->f[BS_COL_NOP], BS_FIELD, nop);
		snprintf(r->f[BS_COL_EXITS], BS_FIELD, "%s", m->exits);
	}
	return 0;
}
