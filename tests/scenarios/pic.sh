#!/bin/bash
# The 8259 pair (issue 11): the pic guest programs both chips as Linux
# does and takes the PCI test device's interrupt as IRQ 11 of the slave,
# cascaded through the master's IRQ 2 to the CPU's LINT0: with the local
# APIC globally disabled, and through an enabled APIC once LINT0 is in
# ExtINT mode; level (ELCR) and edge, masks, in-service and request
# registers. At L1 and at L2 under an l1hv at L1.
scenario=pic
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 7 tests, 0 unexpected failures'

boot pic-l1 pass -e bochs pic hello
check "L1: every 8259 check passes" in_log "$LOG" "^\[pic\] $every"
check "L1: 5 interrupts delivered (1 + 1 + 1 + 2)" \
	in_log "$LOG" '^l1hv:   cycles: .*, injected 5$'
check "L1: no 8259 or ELCR port reported as unknown" \
	not_in_log "$LOG" 'unknown port 0x(20|21|a0|a1|4d0|4d1) '

boot pic-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+pic"
check "L2: every 8259 check passes under L1" in_log "$LOG" "^\[l1\] \[pic\] $every"
finish
