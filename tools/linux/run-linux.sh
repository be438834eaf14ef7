#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Boots Debian's Linux (build/linux/vmlinuz, `make linux-assets`) with the
# busybox initramfs on the Bochs engine:
#   run-linux.sh [-o OUTDIR] [-l 1|2|bare] [-m] [-- EXTRA KERNEL ARGS]
#     -l 1     (default) as a guest of l1hv at level 0 (the kernel is L1)
#     -l 2     under an l1hv at L1 (nested=on shadow=kvm; the kernel is L2)
#     -l bare  without a hypervisor (guests/linuxboot), the reference
#     -m       measure: stop as soon as init runs (nestlab.measure=init)
# Bochs runs at 100 M instructions per emulated second (BOCHS_IPS), so
# the guest sees a 100 MHz CPU: at the default 4 MIPS a 250 Hz tick is
# 16,000 instructions and printk's interrupts-off stretches outlast many
# of them. Prints the serial log; exits 0 when the run reports success.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$here/build}
out=$build/linux/run level=1 measure="" extra=""
while getopts "o:l:m" o; do
	case $o in
	o) out=$OPTARG ;;
	l) level=$OPTARG ;;
	m) measure=" nestlab.measure=init" ;;
	*) echo "usage: run-linux.sh [-o OUTDIR] [-l 1|2|bare] [-m] [-- KERNEL ARGS]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
extra=${*:+ $*}
kernel=$build/linux/vmlinuz initrd=$build/linux/initramfs.cpio.gz
for f in "$kernel" "$initrd"; do
	[ -f "$f" ] || { echo "run-linux: $f missing: run 'make linux-assets'" >&2; exit 2; }
done
args="console=ttyS0 nokaslr quiet cryptomgr.notests=1$measure$extra"
export BOCHS_IPS=${BOCHS_IPS:-100000000} RUN_TIMEOUT=${RUN_TIMEOUT:-1500}
case $level in
1)    BOCHS_MEGS=${BOCHS_MEGS:-512} exec "$here/bench/nestlab-run" -e bochs -o "$out" \
	      "$kernel name=linux mem=256M -- $args" "+$initrd" ;;
2)    BOCHS_MEGS=${BOCHS_MEGS:-768} exec "$here/bench/nestlab-run" -e bochs -o "$out" \
	      -a "nested=on shadow=kvm" "l1hv name=l1 mem=448M" \
	      "+$kernel name=linux mem=256M -- $args" "++$initrd" ;;
bare) # Linux reads IA32_MISC_ENABLE, which Bochs 2.7 lacks: 0, not #GP.
      BOCHS_MEGS=${BOCHS_MEGS:-256} BOCHS_IGNORE_BAD_MSRS=1 \
	      "$here/bench/engines/run-bochs.sh" "$out" "linuxboot" "$build/guests/linuxboot.elf" \
	      "$kernel $args" "$initrd"
      cat "$out/serial.log"
      grep -aq 'NESTLAB-LINUX-INIT reached' "$out/serial.log" ;;
*)    echo "run-linux: -l takes 1, 2 or bare" >&2; exit 2 ;;
esac
