#!/bin/bash
# The PC's fixed ports (issue 11): port 0x80 is silent, port 0x92 shows A20
# on, and the three ways an OS resets a PC (i8042 command FEH, port 0x92
# bit 0, reset control register 0xCF9) each stop that VM with a report
# naming the port, while the next VM runs on.
scenario=legacy_ports
source "$(dirname "$0")/lib.sh"

for via in kbd:0xfe:0x64 port92:0x3:0x92 cf9:0x6:0xcf9; do
	name=${via%%:*}; rest=${via#*:}; value=${rest%%:*}; port=${rest#*:}
	boot "reset-$name" fail -e bochs "reset -- via=$name" hello
	check "$name: ports 0x80 and 0x92 answer as a PC's" \
		in_log "$LOG" '^\[reset\] PASS: port 0x92: A20 on'
	check "$name: the VM stops, naming the write and the port" \
		in_log "$LOG" "^l1hv: VM reset stopped: reset requested: write of $value to port $port "
	check "$name: port 0x80 is not reported as unknown, the next VM passes" \
		bash -c "! grep -aq 'unknown port 0x80\b' '$LOG' && grep -aqE '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures' '$LOG'"
done
finish
