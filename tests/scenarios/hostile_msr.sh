#!/bin/bash
# Hostile MSR accesses: the msrs guest reads and writes every MSR l1hv's
# allow-list accepts, with valid values and with values that must #GP, on
# every Bochs CPU model that runs l1hv, at L1 and at L2. No access may make
# a hypervisor touch a host MSR that faults: each run must end with every
# level's summary and verdict, and a victim guest (hello) after msrs must
# still pass. (Before the fix, RDMSR of IA32_MISC_ENABLE stopped the
# machine with "exception 13 in the hypervisor" on all eight models.)
scenario=hostile_msr
source "$(dirname "$0")/lib.sh"

MODELS=${MODELS:-"corei7_sandy_bridge_2600k corei7_ivy_bridge_3770k corei7_haswell_4770
	broadwell_ult corei7_skylake_x corei3_cnl corei7_icelake_u tigerlake"}
summary_ok='SUMMARY: [0-9]+ tests, 0 unexpected failures'

for m in $MODELS; do
	export BOCHS_CPU=$m
	boot "msr-$m-l1" pass -e bochs msrs hello
	check "$m L1: msrs passes every MSR check" in_log "$LOG" "^\[msrs\] $summary_ok"
	check "$m L1: the victim guest after it still passes" in_log "$LOG" "^\[hello\] $summary_ok"
	check "$m L1: l1hv prints msrs' exit table and its verdict" \
		bash -c "grep -aq '^l1hv: exit table for VM msrs' '$LOG' &&
			 grep -aqE '^l1hv: verdict: PASS \(2 of 2 guests passed\)' '$LOG'"
	check "$m L1: no exception inside l1hv" not_in_log "$LOG" 'hypervisor exception'

	boot "msr-$m-l2" pass -e bochs -a "nested=on" "l1hv name=l1 mem=96M" "+msrs" "+hello"
	check "$m L2: msrs passes every MSR check" in_log "$LOG" "^\[l1\] \[msrs\] $summary_ok"
	check "$m L2: the victim guest after it still passes" in_log "$LOG" "^\[l1\] \[hello\] $summary_ok"
	check "$m L2: L1 prints its verdict, L0 its nested summary and verdict" \
		bash -c "grep -aqE '^\[l1\] l1hv: verdict: PASS \(2 of 2 guests passed\)' '$LOG' &&
			 grep -aq '^l1hv: nested VM l1 ' '$LOG' &&
			 grep -aqE '^l1hv: verdict: PASS \(1 of 1 guests passed\)' '$LOG'"
	check "$m L2: no exception inside either l1hv" not_in_log "$LOG" 'hypervisor exception'
done
unset BOCHS_CPU

# With VMX offered, the VMX capability MSRs (nested_caps.c) are in the
# allow-list too: read-only, and the ones not offered #GP. At L1 from L0,
# and at L2 from an L1 that itself offers nested VMX. (hello expects VMX
# hidden, so these runs have no victim.)
boot msr-vmx-l1 pass -e bochs -a "nested=on" msrs
check "nested=on L1: VMX capability MSRs read, are read-only" \
	bash -c "grep -aq '^\[msrs\] PASS: IA32_VMX_\* capability MSRs: WRMSR raises #GP' '$LOG' &&
		 grep -aqE '^\[msrs\] $summary_ok' '$LOG'"
boot msr-vmx-l2 pass -e bochs -a "nested=on" "l1hv name=l1 mem=96M -- nested=on" "+msrs"
check "nested=on L2: VMX capability MSRs read, are read-only" \
	bash -c "grep -aq '^\[l1\] \[msrs\] PASS: IA32_VMX_\* capability MSRs: WRMSR raises #GP' '$LOG' &&
		 grep -aqE '^\[l1\] \[msrs\] $summary_ok' '$LOG'"

# A CPU without IA32_TSC_AUX (selftest=no-tsc-aux plays one): the MSR is
# neither passed through nor swapped, the guest gets #GP for it and #UD for
# RDTSCP; at L1 from L0, and at L2 from an L1 that lacks it.
boot msr-no-tsc-aux-l1 pass -e bochs -a "selftest=no-tsc-aux" "msrs -- tsc_aux=absent" hello
check "no TSC_AUX at L1: #GP for the MSR, #UD for RDTSCP, the victim still passes" \
	bash -c "grep -aq '^\[msrs\] PASS: IA32_TSC_AUX absent: RDMSR and WRMSR raise #GP' '$LOG' &&
		 grep -aq '^\[msrs\] PASS: RDTSCP without IA32_TSC_AUX raises #UD' '$LOG' &&
		 grep -aqE '^\[msrs\] $summary_ok' '$LOG' && grep -aqE '^\[hello\] $summary_ok' '$LOG'"
boot msr-no-tsc-aux-l2 pass -e bochs -a "nested=on" "l1hv name=l1 mem=96M -- selftest=no-tsc-aux" \
	"+msrs -- tsc_aux=absent" "+hello"
check "no TSC_AUX in L1: #GP for the MSR, #UD for RDTSCP at L2, the victim still passes" \
	bash -c "grep -aq '^\[l1\] \[msrs\] PASS: IA32_TSC_AUX absent: RDMSR and WRMSR raise #GP' '$LOG' &&
		 grep -aq '^\[l1\] \[msrs\] PASS: RDTSCP without IA32_TSC_AUX raises #UD' '$LOG' &&
		 grep -aqE '^\[l1\] \[msrs\] $summary_ok' '$LOG' && grep -aqE '^\[l1\] \[hello\] $summary_ok' '$LOG'"

# The fixup path itself: l1hv's fault-safe accessors on an MSR no CPU has.
boot msr-selftest pass -e bochs -a "selftest=msr" hello
check "selftest=msr: RDMSR and WRMSR of an absent MSR fault and are fixed up, l1hv goes on" \
	bash -c "grep -aq '^l1hv: selftest: RDMSR 0x4b564d00 faulted, WRMSR faulted; 2 faults fixed up' '$LOG' &&
		 grep -aqE '^l1hv: verdict: PASS \(1 of 1 guests passed\)' '$LOG'"
finish
