#!/bin/bash
# String port I/O (issue 11): INS and OUTS with and without REP, every
# element size, DF, a 32-bit address size in 64-bit mode, a segment
# override, a REP longer than one exit's chunk, rCX = 0 and a #PF in the
# middle, against the UART, fw_cfg and PCI configuration space; at L1 and
# at L2 under an l1hv at L1 (its own emulation, through its guest's paging).
scenario=string_io
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 10 tests, 0 unexpected failures'

boot stringio-l1 pass -e bochs stringio
check "L1: every INS/OUTS check passes" in_log "$LOG" "^\[stringio\] $every"
check "L1: rep outsb's bytes reach the console" in_log "$LOG" '^\[stringio\] stringio: rep outsb reached the UART$'
check "L1: outsb through FS reaches the console" in_log "$LOG" '^\[stringio\] stringio: outsb through FS reached the UART$'

boot stringio-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+stringio"
check "L2: every INS/OUTS check passes under L1" in_log "$LOG" "^\[l1\] \[stringio\] $every"
finish
