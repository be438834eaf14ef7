# Exit-cost benchmarks: targets for the top Makefile (include bench/bench.mk).
#   make bench        run the matrix (bench/run-matrix.sh), merge into
#                     results/exit-costs.csv, then make plots
#   make plots        results/plots/*.svg from results/exit-costs.csv
#   make bench-smoke  tests/scenarios/bench_smoke.sh (under 2 minutes)
# BENCH_CSV and PLOTS_DIR redirect both (the smoke test writes under build/).
ifndef NESTLAB_BENCH_MK
NESTLAB_BENCH_MK := 1
BUILD     ?= build
HOSTCC    ?= gcc
BENCH_CSV ?= results/exit-costs.csv
PLOTS_DIR ?= results/plots
BENCHSTAT := $(BUILD)/tools/benchstat
BENCHSTAT_SRCS := $(sort $(wildcard bench/tools/*.c)) guests/bench/bench_stats.c

$(BENCHSTAT): $(BENCHSTAT_SRCS) $(wildcard bench/tools/*.h) guests/bench/bench_stats.h
	@mkdir -p $(dir $@)
	$(HOSTCC) -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wimplicit-fallthrough -Wshadow \
		-Wstrict-prototypes -I. $(BENCHSTAT_SRCS) -lm -o $@

define bench_plot_cmds
	@mkdir -p $(BUILD)/bench/plotdata $(PLOTS_DIR)
	$(BENCHSTAT) plotdata -c $(BENCH_CSV) -o $(BUILD)/bench/plotdata
	gnuplot -e "datadir='$(BUILD)/bench/plotdata'; outdir='$(PLOTS_DIR)'" bench/plots/exit-costs.gp
endef

.PHONY: bench plots bench-smoke benchstat
benchstat: $(BENCHSTAT)
bench: images $(BENCHSTAT)
	BENCH_CSV=$(BENCH_CSV) BENCHSTAT=$(BENCHSTAT) bench/run-matrix.sh
	$(bench_plot_cmds)
plots: $(BENCHSTAT)
	$(bench_plot_cmds)
bench-smoke: images $(BENCHSTAT)
	tests/scenarios/bench_smoke.sh
endif
