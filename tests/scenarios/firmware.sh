#!/bin/bash
# The VM's firmware interfaces (issue 11): the memory map (RAM from 0,
# EBDA and BIOS area reserved, ECAM and the APIC pages reserved) and QEMU's
# fw_cfg (signature, ID, RAM size, CPU count, file directory, etc/e820
# equal to the Multiboot map), and the ACPI tables (RSDP scan, checksums,
# MADT, MCFG, FADT, the PM timer's rate against the TSC), at L1 and at L2
# under an l1hv at L1, whose own platform answers.
scenario=firmware
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 27 tests, 0 unexpected failures'

boot firmware-l1 pass -e bochs firmware
check "L1: memory map, fw_cfg and ACPI tables agree, every check passes" in_log "$LOG" "^\[firmware\] $every"
check "L1: no fw_cfg port is reported as unknown" not_in_log "$LOG" 'unknown port 0x51[01]'

boot firmware-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+firmware mem=48M"
check "L2: every check passes under L1 (its map: 48 MiB)" in_log "$LOG" "^\[l1\] \[firmware\] $every"
finish
