#!/bin/bash
# The I/O APIC (issue 11): the ioapic guest takes an interrupt from a
# device along a PC's path, PCI test device INTA# (driven through its I/O
# BAR) -> I/O APIC input 11 -> redirection entry -> local APIC -> handler,
# level-triggered (remote IRR until the EOI; an input still asserted at the
# EOI interrupts again) and edge-triggered, masked and unmasked, and the
# device's interrupt disable bit. At L1 and at L2 under an l1hv at L1.
scenario=ioapic
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 8 tests, 0 unexpected failures'

boot ioapic-l1 pass -e bochs ioapic hello
check "L1: every I/O APIC check passes" in_log "$LOG" "^\[ioapic\] $every"
check "L1: the interrupts were injected (8: 1 + 3 + 1 + 1 + 2)" \
	in_log "$LOG" '^l1hv:   cycles: .*, injected 8$'

boot ioapic-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+ioapic"
check "L2: every I/O APIC check passes under L1" in_log "$LOG" "^\[l1\] \[ioapic\] $every"
finish
