/* SPDX-License-Identifier: MIT */
/*
 * results/exit-costs.csv: read, merge by key, write; and the tables the
 * gnuplot scripts plot. The CSV is plain: no quoting, so a field never holds
 * a comma (the writer turns one into ';').
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/tools/benchstat.h"

const char *const bs_col_names[BS_NCOLS] = {
#define BS_COL_NAME(id, name) [BS_COL_##id] = name,
	BS_COLUMNS(BS_COL_NAME)
#undef BS_COL_NAME
};

static void write_header(FILE *f)
{
	for (int c = 0; c < BS_NCOLS; c++)
		fprintf(f, "%s%s", c ? "," : "", bs_col_names[c]);
	fputc('\n', f);
}

int bs_csv_read(const char *path, struct bs_table *t)
{
	char line[BS_NCOLS * BS_FIELD], header[BS_NCOLS * 24] = "";
	FILE *f = fopen(path, "r");
	unsigned lineno = 1;

	t->n = 0;
	if (!f)
		return errno == ENOENT ? 0 : (fprintf(stderr, "benchstat: %s: %s\n", path,
						      strerror(errno)), -1);
	for (int c = 0; c < BS_NCOLS; c++) {
		strcat(header, c ? "," : "");
		strcat(header, bs_col_names[c]);
	}
	if (!fgets(line, sizeof(line), f) || strcspn(line, "\r\n") != strlen(header) ||
	    strncmp(line, header, strlen(header))) {
		fprintf(stderr, "benchstat: %s: header is not '%s'\n", path, header);
		fclose(f);
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		struct bs_row *r;
		char *p = line;

		lineno++;
		line[strcspn(line, "\r\n")] = 0;
		if (!*line)
			continue;
		if (t->n == BS_MAX_ROWS) {
			fprintf(stderr, "benchstat: %s: more than %d rows\n", path, BS_MAX_ROWS);
			fclose(f);
			return -1;
		}
		r = &t->row[t->n++];
		for (int c = 0; c < BS_NCOLS; c++) {
			size_t n = strcspn(p, ",");
			if (n >= BS_FIELD || (c < BS_NCOLS - 1 && p[n] != ',') ||
			    (c == BS_NCOLS - 1 && p[n])) {
				fprintf(stderr, "benchstat: %s:%u: expected %d fields\n", path, lineno,
					BS_NCOLS);
				fclose(f);
				return -1;
			}
			memcpy(r->f[c], p, n);
			r->f[c][n] = 0;
			p += n + (p[n] == ',');
		}
	}
	fclose(f);
	return 0;
}

int bs_csv_write(const char *path, const struct bs_table *t)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "benchstat: %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	write_header(f);
	for (size_t i = 0; i < t->n; i++) {
		for (int c = 0; c < BS_NCOLS; c++) {
			if (c)
				fputc(',', f);
			for (const char *s = t->row[i].f[c]; *s; s++)
				fputc(*s == ',' || *s == '\n' ? ';' : *s, f);
		}
		fputc('\n', f);
	}
	if (fclose(f) || rename(tmp, path)) {
		fprintf(stderr, "benchstat: writing %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static bool same_key(const struct bs_row *a, const struct bs_row *b)
{
	static const enum bs_col key[] = { BS_COL_ENGINE, BS_COL_LEVEL, BS_COL_POLICY,
					   BS_COL_SHADOW, BS_COL_BENCH };

	for (size_t i = 0; i < sizeof(key) / sizeof(key[0]); i++)
		if (strcmp(a->f[key[i]], b->f[key[i]]))
			return false;
	return true;
}

int bs_csv_merge(struct bs_table *t, const struct bs_table *add)
{
	size_t kept = 0;

	for (size_t i = 0; i < t->n; i++) {
		bool replaced = false;
		for (size_t j = 0; j < add->n && !replaced; j++)
			replaced = same_key(&t->row[i], &add->row[j]);
		if (!replaced)
			t->row[kept++] = t->row[i];
	}
	t->n = kept;
	if (t->n + add->n > BS_MAX_ROWS) {
		fprintf(stderr, "benchstat: more than %d rows after merging\n", BS_MAX_ROWS);
		return -1;
	}
	for (size_t j = 0; j < add->n; j++)
		t->row[t->n++] = add->row[j];
	return 0;
}

/* ------------------------------------------------------------ plot tables */

#define MAX_CELLS 32
#define MAX_BENCH 64

struct grid {
	size_t ncells, nbench;
	char cell[MAX_CELLS][96], bench[MAX_BENCH][64];
	double v[MAX_BENCH][MAX_CELLS];
};

static size_t grid_index(char (*names)[96], size_t *n, size_t max, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(names[i], name))
			return i;
	if (*n == max)
		return max;
	snprintf(names[*n], 96, "%s", name);
	return (*n)++;
}

static size_t bench_index(struct grid *g, const char *name)
{
	for (size_t i = 0; i < g->nbench; i++)
		if (!strcmp(g->bench[i], name))
			return i;
	if (g->nbench == MAX_BENCH)
		return MAX_BENCH;
	snprintf(g->bench[g->nbench], 64, "%s", name);
	for (size_t c = 0; c < MAX_CELLS; c++)
		g->v[g->nbench][c] = NAN;
	return g->nbench++;
}

/* "qemu-kvm L1" or "bochs L2 shadow=all policy=x". */
static void cell_label(const struct bs_row *r, char *out, size_t size)
{
	if (!strcmp(r->f[BS_COL_SHADOW], "n/a") && !strcmp(r->f[BS_COL_POLICY], "n/a"))
		snprintf(out, size, "%s L%s", r->f[BS_COL_ENGINE], r->f[BS_COL_LEVEL]);
	else
		snprintf(out, size, "%s L%s %s/%s", r->f[BS_COL_ENGINE], r->f[BS_COL_LEVEL],
			 r->f[BS_COL_SHADOW], r->f[BS_COL_POLICY]);
}

/* Exits per iteration at L0 from "L0:2" or "L1:1;L0:31" (NaN: unknown). */
static double exits_at_l0(const char *s)
{
	const char *p = strstr(s, "L0:");

	return p ? strtod(p + 3, NULL) : NAN;
}

static bool measured(const struct bs_row *r)
{
	return *r->f[BS_COL_MEDIAN] && strcmp(r->f[BS_COL_BENCH], "nop");
}

static void grid_put(struct grid *g, const char *cell, const char *bench, double v)
{
	size_t c = grid_index(g->cell, &g->ncells, MAX_CELLS, cell);
	size_t b = bench_index(g, bench);

	if (c < MAX_CELLS && b < MAX_BENCH)
		g->v[b][c] = v;
}

static int grid_write(const struct grid *g, const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "benchstat: %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(f, "benchmark");
	for (size_t c = 0; c < g->ncells; c++)
		fprintf(f, "\t\"%s\"", g->cell[c]);
	fputc('\n', f);
	for (size_t b = 0; b < g->nbench; b++) {
		fprintf(f, "%s", g->bench[b]);
		for (size_t c = 0; c < g->ncells; c++)
			if (isnan(g->v[b][c]))
				fprintf(f, "\tNaN");
			else
				fprintf(f, "\t%.3f", g->v[b][c]);
		fputc('\n', f);
	}
	return fclose(f) ? -1 : 0;
}

int bs_plot_data(const struct bs_table *t, const char *dir)
{
	static struct grid cost, exits, ratio;
	char label[96], path[4096];
	FILE *f;

	memset(&cost, 0, sizeof(cost));
	memset(&exits, 0, sizeof(exits));
	memset(&ratio, 0, sizeof(ratio));
	for (size_t i = 0; i < t->n; i++) {
		const struct bs_row *r = &t->row[i];
		if (!measured(r))
			continue;
		cell_label(r, label, sizeof(label));
		grid_put(&cost, label, r->f[BS_COL_BENCH], strtod(r->f[BS_COL_MEDIAN], NULL));
		/* Cells without exit counters (KVM) get no column. */
		if (!isnan(exits_at_l0(r->f[BS_COL_EXITS])))
			grid_put(&exits, label, r->f[BS_COL_BENCH], exits_at_l0(r->f[BS_COL_EXITS]));
		if (strcmp(r->f[BS_COL_LEVEL], "2"))
			continue;
		/* Nested/single: the same benchmark on the same engine at L1. */
		for (size_t j = 0; j < t->n; j++) {
			const struct bs_row *s = &t->row[j];
			if (measured(s) && !strcmp(s->f[BS_COL_LEVEL], "1") &&
			    !strcmp(s->f[BS_COL_ENGINE], r->f[BS_COL_ENGINE]) &&
			    !strcmp(s->f[BS_COL_BENCH], r->f[BS_COL_BENCH]) &&
			    strtod(s->f[BS_COL_MEDIAN], NULL) > 0)
				grid_put(&ratio, label, r->f[BS_COL_BENCH],
					 strtod(r->f[BS_COL_MEDIAN], NULL) /
					 strtod(s->f[BS_COL_MEDIAN], NULL));
		}
	}
	if (grid_write(&cost, dir, "cost.dat") || grid_write(&exits, dir, "exits.dat") ||
	    grid_write(&ratio, dir, "ratio.dat"))
		return -1;
	snprintf(path, sizeof(path), "%s/vars.gp", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "ncost = %zu\nnexits = %zu\nnratio = %zu\n", cost.ncells, exits.ncells,
		ratio.ncells);
	return fclose(f) ? -1 : 0;
}
