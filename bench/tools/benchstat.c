/* SPDX-License-Identifier: MIT */
/*
 * benchstat: the host side of the exit-cost benchmarks.
 *
 *   benchstat merge -c CSV -m MACHINE -g COMMIT LOG...
 *       reads the benchmark guest's rows from serial logs (all logs of one
 *       run of the matrix; repeated runs of a cell have their samples
 *       pooled), computes median/p10/p90 from the samples, and replaces the
 *       rows with the same key in CSV (created when missing)
 *   benchstat plotdata -c CSV -o DIR
 *       writes DIR/cost.dat, exits.dat, ratio.dat and vars.gp for
 *       bench/plots/exit-costs.gp
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/tools/benchstat.h"

static void usage(void)
{
	fprintf(stderr, "usage: benchstat merge -c CSV -m MACHINE -g COMMIT LOG...\n"
			"       benchstat plotdata -c CSV -o DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static struct bs_cell cell;
	static struct bs_table table, add;
	const char *csv = NULL, *machine = NULL, *commit = NULL, *outdir = NULL;
	const char *cmd;
	int opt;

	if (argc < 2)
		usage();
	cmd = argv[1];
	optind = 2;
	while ((opt = getopt(argc, argv, "c:m:g:o:")) != -1) {
		switch (opt) {
		case 'c': csv = optarg; break;
		case 'm': machine = optarg; break;
		case 'g': commit = optarg; break;
		case 'o': outdir = optarg; break;
		default: usage();
		}
	}
	if (!csv)
		usage();
	if (!strcmp(cmd, "merge")) {
		if (!machine || !commit || optind == argc)
			usage();
		for (int i = optind; i < argc; i++)
			if (bs_read_log(&cell, argv[i]))
				return 1;
		if (bs_cell_to_rows(&cell, machine, commit, &add) || bs_csv_read(csv, &table) ||
		    bs_csv_merge(&table, &add) || bs_csv_write(csv, &table))
			return 1;
		printf("benchstat: %zu rows from %d log(s) merged into %s (%zu rows)\n", add.n,
		       argc - optind, csv, table.n);
		return 0;
	}
	if (!strcmp(cmd, "plotdata")) {
		if (!outdir || optind != argc)
			usage();
		if (bs_csv_read(csv, &table) || bs_plot_data(&table, outdir))
			return 1;
		return 0;
	}
	usage();
	return 2;
}
