#!/bin/bash
# make test: every suite, then one total line "N passed, N failed".
# Suites: host unit tests (ASan + UBSan), a bounded fuzz run of every
# fuzzer, and the integration scenarios (tests/scenarios/*.sh) on Bochs/QEMU.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
export NESTLAB_TALLY
NESTLAB_TALLY=$(mktemp)
trap 'rm -f "$NESTLAB_TALLY"' EXIT
build=${BUILD:-build}

echo "== unit tests"
tests/run-unit.sh $(find "$build/host/tests" -maxdepth 1 -type f -executable -name "test_*" | sort)
echo "== fuzz smoke (${FUZZ_SECONDS:-15} s per fuzzer)"
tests/run-fuzz.sh "${FUZZ_SECONDS:-15}" $(find "$build/fuzz" -maxdepth 1 -type f -executable -name "fuzz_*" ! -name "*.*" | sort)
for s in tests/scenarios/*.sh; do
	[ "$(basename "$s")" = lib.sh ] && continue
	echo "== scenarios: $(basename "$s" .sh)"
	"$s" || true
done

passed=0 failed=0
while read -r p f; do
	passed=$((passed + p)); failed=$((failed + f))
done <"$NESTLAB_TALLY"
if [ "$passed" -eq 0 ]; then
	echo "FAIL run-all: no test ran"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
