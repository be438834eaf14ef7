#!/bin/bash
# Events whose delivery causes a VM exit (issue 17 item 4, SDM 28.2.4): the
# events guest raises a #DB trap, INT1, INT3, INT n, a #PF, a #GP(selector)
# and a timer interrupt, each with RSP at the top of a page it never
# touched. Under trap=ept the delivery's first push is an EPT violation;
# l1hv must map the page and deliver the same event again (IDT-vectoring
# information -> VM-entry interruption information), once, with its error
# code and instruction length. Nested, the same is asked of L1 (trap=ept at
# L2) and of L0 when it fills ept02 under an L2 event. The hostile case puts
# the stack in the MMIO window: l1hv must stop the VM and name the cause,
# not emulate the instruction at RIP.
scenario=events
source "$(dirname "$0")/lib.sh"

# 22 checks in every run, 7 more when the re-injection counter is checked:
# the counts say that no case was skipped.
all_cases='SUMMARY: 29 tests, 0 unexpected failures'
plain_cases='SUMMARY: 22 tests, 0 unexpected failures'

boot events-l1-ept pass -e bochs "events trap=ept -- reinjected=1" hello
check "L1 trap=ept: every event delivered once, frame right, re-injected once" \
	in_log "$LOG" "^\[events\] $all_cases"
check "L1 trap=ept: the victim guest after it still passes" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'

boot events-l1 pass -e bochs events
check "L1: every event delivered once with the frame the SDM gives it" \
	in_log "$LOG" "^\[events\] $plain_cases"

boot events-mmio-stack fail -e bochs "events -- case=mmio-stack" hello
check "MMIO stack: the VM is stopped, naming event delivery into the window" \
	in_log "$LOG" '^l1hv: VM events stopped: MMIO access to 0xfef00ff8 by the delivery of vector 1 \(interruption type 3\)'
check "MMIO stack: the instruction at RIP was not emulated in its place" \
	not_in_log "$LOG" 'FAIL: the #DB was delivered onto device memory'
check "MMIO stack: the next VM still runs and passes" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'

boot events-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" \
	"+events trap=ept -- reinjected=1" "+events"
check "L2 trap=ept: L1 re-injects every event once" \
	in_log "$LOG" "^\[l1\] \[events\] $all_cases"
check "L2 under a lazily filled ept02: L0 re-injects every event" \
	in_log "$LOG" "^\[l1\] \[events\.1\] $plain_cases"
# 7 events per guest, each filled into ept02 by L0 under its delivery.
check "L2: L0 re-injected 14 events, 7 per guest" \
	in_log "$LOG" '^l1hv:   cycles: .*, reinjected 14$'
check "L2: no VM-entry failure, no exception in either l1hv" \
	not_in_log "$LOG" 'VM-entry failure|entry failed|hypervisor exception'
finish
