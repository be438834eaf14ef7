#!/bin/bash
# make test: every suite, then one total line "N passed, N failed".
# Suites: host unit tests (ASan + UBSan), a bounded fuzz run of every
# fuzzer, and the integration scenarios (tests/scenarios/*.sh) on Bochs/QEMU.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
source tests/tally.sh
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

tally_total run-all
