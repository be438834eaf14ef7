#!/bin/bash
# Guest writes checked as the hardware checks them (issue 17 item 3): the
# writes guest walks each guest-write rule a 64-bit guest can reach (MOV to
# CR0/CR3/CR4, WRMSR EFER, XSETBV) with a refused and an accepted value, and
# every CR4 and XCR0 bit against its own CPUID. Each refusal must be the
# architectural exception, never a VM-entry failure or a fault in l1hv; the
# console names the rule that fired, so the run shows l1hv's checks at work
# and not only the CPU's. At L1 with and without VMX offered, at L2, on the
# oldest and the newest CPU model that run l1hv. (The rules a 64-bit guest
# cannot reach are tests/unit/test_guest_write_rules.c's.)
scenario=guest_writes
source "$(dirname "$0")/lib.sh"

summary_ok='SUMMARY: [0-9]+ tests, 0 unexpected failures'
# Rules l1hv must have named in every run (reachable whatever the model).
rules="CR0_RESERVED CR0_NW_WITHOUT_CD CR0_PG_CLEAR_64BIT CR0_PG_WITHOUT_PE CR4_RESERVED
	CR3_RESERVED CR3_NOFLUSH_NO_PCIDE EFER_RESERVED EFER_LME_PAGING XCR_INDEX XCR0_X87
	XCR0_UNSUPPORTED XCR0_AVX_NO_SSE"

named_all() {   # LOG PREFIX: every rule in $rules has its "refused" line
	local r
	for r in $rules; do
		grep -aqE "^$2l1hv: VM writes: .* refused: $r \(SDM" "$1" ||
			{ echo "    no refusal by $r in $1"; return 1; }
	done
}

for m in ${MODELS:-corei7_sandy_bridge_2600k corei7_skylake_x}; do
	export BOCHS_CPU=$m
	boot "writes-$m-l1" pass -e bochs "writes trap=cr3" hello
	check "$m L1: every write rule answered architecturally" \
		in_log "$LOG" "^\[writes\] $summary_ok"
	check "$m L1: l1hv's own checks refused them, one line per rule" named_all "$LOG" ""
	check "$m L1: the victim guest after it still passes" in_log "$LOG" "^\[hello\] $summary_ok"
	check "$m L1: no VM-entry failure, no exception inside l1hv" \
		not_in_log "$LOG" 'VM-entry failure|entry failed|hypervisor exception'

	boot "writes-$m-l1-vmx" pass -e bochs -a "nested=on" "writes trap=cr3"
	check "$m L1 with VMX: every write rule answered architecturally" \
		in_log "$LOG" "^\[writes\] $summary_ok"
	check "$m L1 with VMX: CR4 writes that exit for VMXE get the rules too" \
		in_log "$LOG" "^l1hv: VM writes: MOV to CR4 refused: CR4_PAE_CLEAR_IA32E"

	boot "writes-$m-l2" pass -e bochs -a "nested=on" "l1hv name=l1 mem=96M" \
		"+writes trap=cr3" "+hello"
	check "$m L2: every write rule answered architecturally" \
		in_log "$LOG" "^\[l1\] \[writes\] $summary_ok"
	check "$m L2: L1's checks refused them, one line per rule" named_all "$LOG" '\[l1\] '
	check "$m L2: the victim guest after it still passes" \
		in_log "$LOG" "^\[l1\] \[hello\] $summary_ok"
	check "$m L2: no VM-entry failure, no exception in either l1hv" \
		not_in_log "$LOG" 'VM-entry failure|entry failed|hypervisor exception'
done
unset BOCHS_CPU
finish
