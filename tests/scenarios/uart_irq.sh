#!/bin/bash
# The UART's interrupt (issue 11): the 16550's transmitter-empty interrupt
# on IRQ 4, gated by MCR OUT2, identified and cleared by IIR, raised again
# by each byte, through the 8259 and through the I/O APIC. At L1 and at L2
# under an l1hv at L1.
scenario=uart_irq
source "$(dirname "$0")/lib.sh"

every='SUMMARY: 4 tests, 0 unexpected failures'

boot uart-l1 pass -e bochs uart hello
check "L1: every UART interrupt check passes" in_log "$LOG" "^\[uart\] $every"
check "L1: the next VM's output is unaffected" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'

boot uart-l2 pass -e bochs -a "nested=on shadow=kvm" "l1hv name=l1 mem=96M" "+uart"
check "L2: every UART interrupt check passes under L1" in_log "$LOG" "^\[l1\] \[uart\] $every"
finish
