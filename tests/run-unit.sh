#!/bin/bash
# Runs host unit-test binaries; prints their PASS/FAIL lines. A binary that
# exits non-zero without printing a FAIL line (crash, sanitizer report) is
# counted as one failure of its own. Totals go to $NESTLAB_TALLY if set
# (one "passed failed" line appended), else a final "N passed, N failed".
passed=0 failed=0
for bin in "$@"; do
	out=$("$bin" 2>&1); rc=$?
	printf '%s\n' "$out"
	p=$(grep -c '^PASS ' <<<"$out"); f=$(grep -c '^FAIL ' <<<"$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL $(basename "$bin"): exited with status $rc (crash or sanitizer report above)"
		f=1
	fi
	passed=$((passed + p)); failed=$((failed + f))
done
if [ -n "$NESTLAB_TALLY" ]; then
	echo "$passed $failed" >>"$NESTLAB_TALLY"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
