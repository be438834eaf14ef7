# Sourced by tests/run-all.sh and tests/run-long.sh: every suite appends one
# "passed failed" line to $NESTLAB_TALLY (tests/run-unit.sh, the scenarios'
# finish); tally_total adds them up and prints the final line.
export NESTLAB_TALLY
NESTLAB_TALLY=$(mktemp)
trap 'rm -f "$NESTLAB_TALLY"' EXIT

# tally_total NAME: "N passed, N failed"; status 0 only if something ran and
# nothing failed.
tally_total() {
	local passed=0 failed=0 p f
	while read -r p f; do
		passed=$((passed + p)); failed=$((failed + f))
	done <"$NESTLAB_TALLY"
	if [ "$passed" -eq 0 ]; then
		echo "FAIL $1: no test ran"
		failed=$((failed + 1))
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
