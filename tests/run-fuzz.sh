#!/bin/bash
# Runs each libFuzzer binary for a bounded time: run-fuzz.sh SECONDS BIN...
# One PASS/FAIL line per fuzzer; a crash leaves its reproducer in build/fuzz/artifacts/.
secs=$1; shift
passed=0 failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	corpus=build/fuzz/corpus/$name; mkdir -p "$corpus" build/fuzz/artifacts
	seeds=tests/fuzz/seeds/$name; [ -d "$seeds" ] || seeds=
	log=build/fuzz/$name.log
	if "$bin" -max_total_time="$secs" -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=build/fuzz/artifacts/"$name"- "$corpus" $seeds >"$log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
		echo "PASS fuzz: $name (${runs:-?} inputs in ${secs}s, no crash)"
		passed=$((passed + 1))
	else
		echo "FAIL fuzz: $name (see $log)"; tail -n 30 "$log"
		failed=$((failed + 1))
	fi
done
if [ -n "$NESTLAB_TALLY" ]; then
	echo "$passed $failed" >>"$NESTLAB_TALLY"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
