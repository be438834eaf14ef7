#!/bin/bash
# make test-long: the checks too slow or too exposed for `make test`
# (tests/long/*.sh), then one total line "N passed, N failed".
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
source tests/tally.sh
for s in tests/long/*.sh; do
	echo "== long: $(basename "$s" .sh)"
	"$s" || true
done
tally_total run-long
