#!/bin/bash
# A guest's own debugger (issue 11): the debug guest uses INT3, TF
# single-step, a DR0 instruction breakpoint, a DR1 data breakpoint,
# DR7.GD and single-step across MOV SS, the breakpoints armed across VM
# exits the guest causes (the hypervisor must save and load DR7 and
# DEBUGCTL with the VMCS debug controls: every exit sets DR7 to 400H).
# At L1, with INT3 intercepted (trap=int3), and at L2 under an l1hv at L1.
scenario=debug
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 6 tests, 0 unexpected failures'

boot debug-l1 pass -e bochs debug "debug trap=int3,ept"
check "L1: every debugger check passes" in_log "$LOG" "^\[debug\] $every"
check "L1 trap=int3,ept: every debugger check passes with INT3 intercepted and lazy EPT" \
	in_log "$LOG" "^\[debug\.1\] $every"

boot debug-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+debug" \
	"+debug trap=int3"
check "L2: every debugger check passes under L1" in_log "$LOG" "^\[l1\] \[debug\] $every"
check "L2 trap=int3: every debugger check passes" in_log "$LOG" "^\[l1\] \[debug\.1\] $every"
finish
