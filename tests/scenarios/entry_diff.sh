#!/bin/bash
# Differential VM-entry checks: l1hv at level 0 runs random mutations of a
# valid VMCS through its own checks (vmcs12/) and through the VM entry of
# the CPU (Bochs's VMX), and compares the outcomes. Every disagreement must
# be one of the known differences in tests/entry_diff_known.txt.
# ENTRY_DIFF_CASES (default 10000) sets the count; `make fuzz` runs 100000.
scenario=entry_diff
source "$(dirname "$0")/lib.sh"
cases=${ENTRY_DIFF_CASES:-10000}
known=$root/tests/entry_diff_known.txt

boot entry-diff pass -e bochs -a "entry_diff=$cases entry_diff_seed=${ENTRY_DIFF_SEED:-20261201}" hello
check "$cases cases: l1hv's checks and the CPU agree, but for known differences" \
	in_log "$LOG" "^l1hv: entry-diff: [0-9]+ agree .*, 0 unexplained, [0-9]+ not run$"
check "the unmutated baseline enters, and every outcome is among the cases" \
	bash -c "grep -aE '^l1hv: entry-diff: [0-9]+ agree \\([1-9][0-9]* enter, [1-9][0-9]* VMfailValid, [1-9][0-9]* entry failure\\)' '$LOG' >/dev/null"
names=$(grep -ao 'known difference [^:]*' "$LOG" | sed 's/known difference //' | sort -u)
missing=""
while IFS= read -r n; do
	[ -z "$n" ] && continue
	grep -v '^#' "$known" | cut -c1-40 | sed 's/ *$//' | grep -qxF -- "$n" || missing+="$n; "
done <<<"$names"
check "every difference the run names is listed in tests/entry_diff_known.txt${missing:+ (missing: $missing)}" \
	test -z "$missing"
finish
