/* SPDX-License-Identifier: MIT */
/*
 * benchstat: turns the benchmark guest's serial logs into
 * results/exit-costs.csv and the data files the gnuplot scripts read.
 * Statistics come from the per-batch samples (guests/bench/bench_stats.c,
 * the same code the guest runs), merged over every log of one cell.
 */
#ifndef NESTLAB_BENCHSTAT_H
#define NESTLAB_BENCHSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BS_MAX_ROWS    1024   /* 8+ cells of ~20 benchmarks each, with room */
#define BS_MAX_SAMPLES 1024
#define BS_FIELD       192

/* The CSV columns, in order: one list for the header, the parser and the
 * writer. */
#define BS_COLUMNS(X)                                                      \
	X(ENGINE, "engine")                                                \
	X(CPU, "cpu_model")                                                \
	X(MACHINE, "machine")                                              \
	X(COMMIT, "commit")                                                \
	X(LEVEL, "level")                                                  \
	X(POLICY, "policy")                                                \
	X(SHADOW, "shadow")                                                \
	X(BENCH, "benchmark")                                              \
	X(ITERS, "iterations")                                             \
	X(SAMPLES, "batches")                                              \
	X(MEDIAN, "median")                                                \
	X(P10, "p10")                                                      \
	X(P90, "p90")                                                      \
	X(NOP, "nop_overhead")                                             \
	X(EXITS, "exits_per_iter")                                         \
	X(NOTE, "note")

enum bs_col {
#define BS_COL_ENUM(id, name) BS_COL_##id,
	BS_COLUMNS(BS_COL_ENUM)
#undef BS_COL_ENUM
	BS_NCOLS
};

extern const char *const bs_col_names[BS_NCOLS];

/* One CSV row: every field is text, as written. */
struct bs_row {
	char f[BS_NCOLS][BS_FIELD];
};

struct bs_table {
	size_t n;
	struct bs_row row[BS_MAX_ROWS];
};

/* One benchmark of one cell while its logs are being read. */
struct bs_measure {
	char engine[BS_FIELD], cpu[BS_FIELD], level[16], policy[64], shadow[64], bench[64];
	char exits[64], note[BS_FIELD];
	bool skipped;
	unsigned runs;
	uint64_t iters_min, iters_max;
	size_t nsamples;
	uint64_t sample[BS_MAX_SAMPLES];     /* raw tenths of a cycle per iteration */
	int64_t guest_median, guest_p10, guest_p90;   /* as the guest printed them */
};

struct bs_cell {
	size_t n;
	struct bs_measure m[BS_MAX_ROWS / 4];
};

/* benchlog.c: reads one serial log into cell; returns 0 or -1 (message on
 * stderr naming the file and line). */
int bs_read_log(struct bs_cell *cell, const char *path);

/* benchlog.c: computes statistics and appends one CSV row per measurement
 * to out; machine and commit label every row. Returns 0 or -1. */
int bs_cell_to_rows(struct bs_cell *cell, const char *machine, const char *commit,
		    struct bs_table *out);

/* benchcsv.c */
int bs_csv_read(const char *path, struct bs_table *t);     /* missing file: empty */
int bs_csv_write(const char *path, const struct bs_table *t);
/* Replaces rows of t with the same key (engine, level, policy, shadow,
 * benchmark) as a row of add, then appends add's rows. */
int bs_csv_merge(struct bs_table *t, const struct bs_table *add);
/* Writes cost.dat, exits.dat, ratio.dat and vars.gp into dir. */
int bs_plot_data(const struct bs_table *t, const char *dir);

/* Fixed-point tenths as "123.4" (sign kept). */
void bs_fmt_fixed(char *buf, size_t size, int64_t tenths);

#endif
