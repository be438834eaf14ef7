#!/bin/bash
# PCI configuration space (issue 11): the pci guest reads the VM's
# inventory through configuration mechanism #1 (ports CF8H/CFCH) and
# through the ECAM window (emulated MMIO at PCI_ECAM_BASE), and both must
# agree byte for byte; BAR sizing, the capability list, byte and word
# accesses, absent functions. At L1, and at L2 under an l1hv at L1 (with
# and without lazily mapped memory), whose own model answers.
scenario=pci
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 11 tests, 0 unexpected failures'

boot pci-l1 pass -e bochs pci hello
check "L1: one inventory through CF8/CFC and ECAM, every check passes" \
	in_log "$LOG" "^\[pci\] $every"
check "L1: no port of the mechanism is reported as unknown" \
	not_in_log "$LOG" 'unknown port 0xcf[89a-f]'

boot pci-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+pci" "+pci trap=ept"
check "L2: every check passes under L1" \
	in_log "$LOG" "^\[l1\] \[pci\] $every"
check "L2 trap=ept: every check passes" \
	in_log "$LOG" "^\[l1\] \[pci\.1\] $every"
finish
