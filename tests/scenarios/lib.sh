# Helpers for the integration scenarios (sourced). Each check prints one
# "PASS scenario: what" or "FAIL scenario: what" line.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run=$root/bench/nestlab-run
SCEN_PASSED=0
SCEN_FAILED=0
scenario=${scenario:-scenario}

pass() { echo "PASS $scenario: $*"; SCEN_PASSED=$((SCEN_PASSED + 1)); }
fail() { echo "FAIL $scenario: $*"; SCEN_FAILED=$((SCEN_FAILED + 1)); }

# check "what" COMMAND...: passes when the command succeeds.
check() {
	local what=$1; shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# in_log FILE EXTENDED-REGEX: the serial log has a matching line.
in_log() { grep -aqE "$2" "$1"; }
not_in_log() { ! grep -aqE "$2" "$1"; }

# boot OUTNAME EXPECTED_STATUS ARGS...: runs nestlab-run into build/scenarios/OUTNAME,
# checks its exit status, leaves the log in $LOG.
boot() {
	local name=$1 want=$2; shift 2
	LOG=$root/build/scenarios/$name/serial.log
	"$run" -q -o "$root/build/scenarios/$name" "$@" >"$root/build/scenarios/$name.out" 2>&1
	local rc=$?
	if [ "$want" = pass ] && [ $rc -ne 0 ]; then
		fail "$name: run exits 0 (got $rc)"; sed 's/^/    /' "$LOG" 2>/dev/null | tail -20
	elif [ "$want" = fail ] && [ $rc -eq 0 ]; then
		fail "$name: run reports failure (got exit 0)"
	else
		pass "$name: run exit status $rc as expected"
	fi
}

finish() {
	if [ -n "${NESTLAB_TALLY:-}" ]; then
		echo "$SCEN_PASSED $SCEN_FAILED" >>"$NESTLAB_TALLY"
	else
		echo "$SCEN_PASSED passed, $SCEN_FAILED failed"
	fi
	[ "$SCEN_FAILED" -eq 0 ]
}
mkdir -p "$root/build/scenarios"
