#!/bin/bash
# The local APIC (issue 17 item 2, SDM Vol. 3A chapter 10): the apic guest
# walks every register it uses in xAPIC mode (the page at FEE00000H, each
# access an emulated MMIO exit) and again in x2APIC mode (the MSRs):
# priority by TPR, CR8 and the in-service register, nesting by class, EOI,
# illegal vectors and the ESR, LVT masks, one-shot, periodic and
# TSC-deadline timers with the divide register, IA32_APIC_BASE transitions.
# What it guards most: an interrupt that priority holds back waits in IRR
# with no interrupt-window exit, and a HLT that nothing can wake (an
# interrupt held by TPR, a masked periodic timer of period 1) stops that VM
# with a report instead of holding l1hv.
scenario=apic
source "$(dirname "$0")/lib.sh"

# 1 + 2 x 21 + 1 + 7 checks: the count says that no case was skipped.
every='SUMMARY: 51 tests, 0 unexpected failures'

boot apic-l1 pass -e bochs apic hello
check "L1: every APIC check passes, xAPIC and x2APIC" \
	in_log "$LOG" "^\[apic\] $every"
check "L1: an interrupt held by priority asked for no window (both modes)" \
	[ "$(grep -acE '^\[apic\] PASS: x?2?APIC: no interrupt-window exit for an interrupt priority holds \(0\)' "$LOG")" = 2 ]
check "L1: the next VM still passes" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'

boot apic-held fail -e bochs "apic -- case=held" hello
check "held: HLT with an interrupt TPR holds back stops the VM, naming IRR and PPR" \
	in_log "$LOG" '^l1hv: VM apic stopped: halted forever: HLT at rip 0x[0-9a-f]+ with interrupts pending in the local APIC.s IRR \(highest 0x50\) that its priority \(PPR 0xf0\) holds back'
check "held: the next VM still runs and passes" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'

boot apic-storm fail -e bochs "apic -- case=storm" hello
check "storm: HLT with a masked periodic timer of period 1 stops the VM at once" \
	in_log "$LOG" '^l1hv: VM apic stopped: halted forever: HLT at rip 0x[0-9a-f]+ with RFLAGS.IF=1 and no virtual interrupt source'
check "storm: the next VM still runs and passes" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'

boot apic-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+apic"
check "L2: every APIC check passes under L1 (L2's CR8 and xAPIC page exits reflected)" \
	in_log "$LOG" "^\[l1\] \[apic\] $every"
check "L2: no VM-entry failure, no exception in either l1hv" \
	not_in_log "$LOG" 'VM-entry failure|entry failed|hypervisor exception'
finish
