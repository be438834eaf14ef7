#!/bin/bash
# make test-long: the checks too slow or too exposed for `make test`
# (tests/long/*.sh), then one total line "N passed, N failed".
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
export NESTLAB_TALLY
NESTLAB_TALLY=$(mktemp)
trap 'rm -f "$NESTLAB_TALLY"' EXIT
for s in tests/long/*.sh; do
	echo "== long: $(basename "$s" .sh)"
	"$s" || true
done
passed=0 failed=0
while read -r p f; do
	passed=$((passed + p)); failed=$((failed + f))
done <"$NESTLAB_TALLY"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
