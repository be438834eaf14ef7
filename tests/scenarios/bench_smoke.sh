#!/bin/bash
# Smoke test of the exit-cost benchmarks at one level: the benchmark guest
# under l1hv on Bochs, its rows, the exact exit counts per iteration, the
# host tool's CSV and the plots. Prints "PASS bench: ..." / "FAIL bench: ..."
# lines and exits non-zero on any failure. Takes well under 2 minutes.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
build=${BUILD:-build}
out=$build/scenarios/bench
passed=0 failed=0
pass() { echo "PASS bench: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL bench: $*"; failed=$((failed + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }
finish() {
	if [ -n "${NESTLAB_TALLY:-}" ]; then echo "$passed $failed" >>"$NESTLAB_TALLY"
	else echo "$passed passed, $failed failed"; fi
	[ "$failed" -eq 0 ]; exit $?
}

rm -rf "$out"; mkdir -p "$out"
if ! make -s -f Makefile -f bench/bench.mk images benchstat >"$out/make.log" 2>&1; then
	fail "build (images, benchstat): see $out/make.log"; finish
fi
benchstat=$build/tools/benchstat
tests=nop,cpuid,vmcall,pio_in,pio_out,rdmsr,rdmsr_pt,rdtsc,mmio_read,rdtsc_exit
guest="bench -- engine=bochs goal=16K batches=5 tests=$tests"

bench/nestlab-run -q -e bochs -o "$out/run1" "$guest" >"$out/run1.out" 2>&1
check "Bochs L1 run: verdict PASS" grep -aq '^l1hv: verdict: PASS' "$out/run1/serial.log"
log=$out/run1/serial.log

# Rows parse: benchstat reads every line, recomputes the statistics from the
# samples and refuses a row whose numbers differ from the guest's.
check "rows parse and host statistics equal the guest's" \
	"$benchstat" merge -c "$out/exit-costs.csv" -m smoke -g smoke "$log"
nrows=$(grep -ac '^\[bench\] bench-row ' "$log")
check "one row per measured benchmark (10, got $nrows)" [ "$nrows" -eq 10 ]

# Exact exits per iteration, as l1hv counts them for this VM.
expect_exits() {
	grep -aqE "^\[bench\] bench-row engine=bochs level=1 policy=n/a shadow=n/a test=$1 .* exits=L0:$2\$" "$log"
}
# rdtsc_exit: RDTSC exiting on for its row only, the clock reads' own
# exits taken out.
for t in cpuid vmcall pio_in pio_out rdmsr mmio_read rdtsc_exit; do
	check "$t: exactly 1 L0 exit per iteration" expect_exits "$t" 1
done
for t in nop rdmsr_pt rdtsc; do
	check "$t: exactly 0 exits per iteration" expect_exits "$t" 0
done

csv=$out/exit-costs.csv
check "CSV: header and 10 rows" bash -c "[ \"\$(head -1 '$csv')\" = 'engine,cpu_model,machine,commit,level,policy,shadow,benchmark,iterations,batches,median,p10,p90,nop_overhead,exits_per_iter,note' ] && [ \$(wc -l <'$csv') -eq 11 ]"
check "CSV: cpuid row with 1 exit per iteration" \
	grep -qE '^bochs,[^,]+,smoke,smoke,1,n/a,n/a,cpuid,[0-9]+,5,[0-9]+\.[0-9],[0-9.]+,[0-9.]+,[0-9.]+,L0:1,$' "$csv"

# The checks above can fail: a log whose samples were tampered with is refused.
sed -E '0,/bench-samples test=cpuid [0-9]+/s//bench-samples test=cpuid 1/' "$log" >"$out/tampered.log"
check "benchstat refuses a log whose samples disagree with its row" \
	bash -c "! '$benchstat' merge -c '$out/tampered.csv' -m x -g x '$out/tampered.log' 2>/dev/null"

# Bochs counts instructions: a second run prints the same rows.
bench/nestlab-run -q -e bochs -o "$out/run2" "$guest" >"$out/run2.out" 2>&1
check "a second Bochs run prints identical rows" \
	cmp -s <(grep -a 'bench-' "$log") <(grep -a 'bench-' "$out/run2/serial.log")

make -s -f Makefile -f bench/bench.mk plots BENCH_CSV="$csv" PLOTS_DIR="$out/plots" \
	>"$out/plots.log" 2>&1
for p in exit-cost exit-multiplication nested-ratio; do
	check "plot $p.svg produced" grep -q '<svg' "$out/plots/$p.svg"
done
finish
