#!/bin/bash
# What CPUID advertises works (issue 17 item 6): the features guest executes
# an instruction (or the CR4 bit, MSR or page format) of every feature its
# CPUID shows and fails on any it does not know. On the oldest model that
# runs l1hv and on two with AVX-512, INVPCID and RDPID, at L1 without and
# with VMX offered, and at L2 where two l1hvs' CPUID filters stack. The
# host unit test (test_cpuid_policy) holds what must stay hidden.
scenario=cpu_features
source "$(dirname "$0")/lib.sh"

summary_ok='SUMMARY: [0-9]+ tests, 0 unexpected failures'
ran() { grep -aqE "^$2\[features\] PASS: $3 \(CPUID" "$1"; }

for m in ${MODELS:-corei7_sandy_bridge_2600k corei7_skylake_x tigerlake}; do
	export BOCHS_CPU=$m
	boot "features-$m-l1" pass -e bochs features
	check "$m L1: every advertised feature works" in_log "$LOG" "^\[features\] $summary_ok"
	check "$m L1: VMX hidden without nested=on" not_in_log "$LOG" '^\[features\] .*: vmx '
	check "$m L1: RDTSCP offered and runs (enable RDTSCP)" ran "$LOG" "" rdtscp

	boot "features-$m-l1-vmx" pass -e bochs -a "nested=on" features
	check "$m L1 with VMX: every advertised feature works" \
		in_log "$LOG" "^\[features\] $summary_ok"
	check "$m L1 with VMX: VMX offered and CR4.VMXE taken" ran "$LOG" "" vmx
done

for m in ${L2_MODELS:-corei7_skylake_x tigerlake}; do
	export BOCHS_CPU=$m
	boot "features-$m-l2" pass -e bochs -a "nested=on" "l1hv name=l1 mem=96M" "+features"
	check "$m L2: every advertised feature works" in_log "$LOG" "^\[l1\] \[features\] $summary_ok"
	wanted="invpcid rdtscp avx512f xsavec"
	[ "$m" = tigerlake ] && wanted="$wanted rdpid avx512vp2intersect"   # Ice Lake on
	for f in $wanted; do
		check "$m L2: $f offered through two l1hvs and runs" ran "$LOG" '\[l1\] ' $f
	done
	check "$m L2: no VM-entry failure, no exception in either l1hv" \
		not_in_log "$LOG" 'VM-entry failure|entry failed|hypervisor exception'
done
unset BOCHS_CPU
finish
