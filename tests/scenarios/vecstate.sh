#!/bin/bash
# The guest's own register state the hypervisor must never touch: AVX-512
# (ZMM0-31, k0-7) or AVX registers, and FS/GS bases written by
# WRFSBASE/WRGSBASE, across CPUID and port I/O exits and an APIC timer
# interrupt; and the guest's own TLB invalidations (INVLPG, MOV to CR3)
# after a page is remapped (tlbflush); at L1 and at L2 under an l1hv at L1.
scenario=vecstate
source "$(dirname "$0")/lib.sh"

every='SUMMARY: [34] tests, 0 unexpected failures'
boot vecstate-l1 pass -e bochs vecstate
check "L1: vector state and FS/GS bases intact" in_log "$LOG" "^\[vecstate\] $every"
boot vecstate-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+vecstate"
check "L2: vector state and FS/GS bases intact under L1" in_log "$LOG" "^\[l1\] \[vecstate\] $every"
boot tlbflush-l1 pass -e bochs tlbflush
check "L1: INVLPG and MOV to CR3 show a remapped page's new frame" \
	in_log "$LOG" "^\[tlbflush\] SUMMARY: 2 tests, 0 unexpected failures"
boot tlbflush-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+tlbflush"
check "L2: the same under L1" in_log "$LOG" "^\[l1\] \[tlbflush\] SUMMARY: 2 tests, 0 unexpected failures"
finish
