#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Builds the initramfs for nestlab's Linux guest: Debian's static busybox,
# a link for each of its applets, /dev/console (so the kernel has a console
# before /init runs: init/main.c console_on_rootfs) and an /init that
# prints what the kernel found, each line starting with NESTLAB-LINUX, and
# powers the machine off through ACPI S5.
#
#   mkinitramfs.sh [OUT]     default: ${BUILD:-build}/linux/initramfs.cpio.gz
#
# Needs no root: the archive is written by tools/linux/mkcpio (newc format,
# Linux's gen_init_cpio list syntax), which makes the device node a plain
# header. $MKCPIO names a built mkcpio, else it is compiled into a temporary
# directory; $BUSYBOX overrides /bin/busybox (package busybox-static).
# Same inputs, same bytes (mtime 0, gzip -n).
set -euo pipefail

out=${1:-${BUILD:-build}/linux/initramfs.cpio.gz}
busybox=${BUSYBOX:-/bin/busybox}
here=$(cd "$(dirname "$0")" && pwd)
fail() {
	echo "mkinitramfs: $*" >&2
	exit 1
}

[ -x "$busybox" ] || fail "$busybox not found: install Debian's busybox-static (apt-get install busybox-static)"
if readelf -l "$busybox" 2>/dev/null | grep -q 'program interpreter'; then
	fail "$busybox is dynamically linked and the initramfs has no libc: install busybox-static"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkcpio=${MKCPIO:-}
if [ -z "$mkcpio" ]; then
	mkcpio=$tmp/mkcpio
	"${HOSTCC:-gcc}" -std=gnu11 -O2 -Wall -Wextra -Werror "$here/mkcpio.c" -o "$mkcpio"
fi

# /init. Lines are what a test greps for: keep their formats.
cat >"$tmp/init" <<'INIT'
#!/bin/sh
# nestlab Linux guest /init (tools/linux/mkinitramfs.sh): report, power off.
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
say() { echo "NESTLAB-LINUX $*"; }

mount -t proc proc /proc || say "mount proc failed"
mount -t sysfs sysfs /sys || say "mount sysfs failed"
mount -t devtmpfs devtmpfs /dev || say "mount devtmpfs failed"
exec </dev/console >/dev/console 2>&1
echo "NESTLAB-LINUX-INIT reached"

# nestlab.measure=init: stop as soon as init runs, to count the
# instructions to init: Bochs's shutdown port (8900H, "Shutdown") ends a
# bare Bochs run at once; under l1hv that port is nobody's and ACPI S5
# ends the VM, whose exit table then gives the count.
if grep -q 'nestlab.measure=init' /proc/cmdline; then
	for c in S h u t d o w n; do
		printf '%s' "$c" | dd of=/dev/port bs=1 seek=35072 count=1 2>/dev/null
	done
	poweroff -f
fi

cs=/sys/devices/system/clocksource/clocksource0
say "clocksource $(cat $cs/current_clocksource 2>/dev/null || echo none)"
say "clocksources $(cat $cs/available_clocksource 2>/dev/null || echo none)"

while IFS= read -r line; do
	say "interrupts $line"
done </proc/interrupts

# busybox has no lspci: sysfs has the same facts.
n=0
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/vendor" ] || continue
	v=$(cat "$d/vendor"); id=$(cat "$d/device"); class=$(cat "$d/class")
	say "pci ${d##*/} ${v#0x}:${id#0x} class ${class#0x}"
	n=$((n + 1))
done
say "pci-count $n"

# tsc_khz: Linux prints it as MHz with three decimals, so the digits are kHz.
# The refined calibration, when there is one, is what tsc_khz ends up as.
khz=$(dmesg | sed -n 's/.*tsc: Refined TSC clocksource calibration: \([0-9]*\)\.\([0-9][0-9][0-9]\) MHz.*/\1\2/p' | tail -n 1)
[ -n "$khz" ] || khz=$(dmesg | sed -n 's/.*tsc: Detected \([0-9]*\)\.\([0-9][0-9][0-9]\) MHz.*/\1\2/p' | tail -n 1)
khz=$(echo "$khz" | sed 's/^0*\([0-9]\)/\1/')
say "tsc_khz ${khz:-unknown}"
dmesg | grep -i 'tsc' | while IFS= read -r line; do say "dmesg $line"; done

# How PCI configuration space is reached: ECAM through ACPI MCFG, or ports.
dmesg | grep -E 'MMCONFIG|MCFG|ECAM|PCI: Using configuration type' |
	while IFS= read -r line; do say "dmesg $line"; done

echo "NESTLAB-LINUX-INIT done"
poweroff -f
say "poweroff failed"
while :; do sleep 3600; done
INIT

# The list, in gen_init_cpio syntax; parents before children.
{
	for d in /dev /proc /sys /root /tmp /bin /sbin /usr /usr/bin /usr/sbin; do
		echo "dir $d 0755 0 0"
	done
	echo "nod /dev/console 0600 0 0 c 5 1"
	echo "nod /dev/null 0666 0 0 c 1 3"
	echo "file /bin/busybox $busybox 0755 0 0"
	"$busybox" --list-full | sort | while read -r applet; do
		[ "$applet" = bin/busybox ] || echo "slink /$applet /bin/busybox 0777 0 0"
	done
	echo "file /init $tmp/init 0755 0 0"
} >"$tmp/list"

mkdir -p "$(dirname "$out")"
"$mkcpio" "$tmp/list" >"$tmp/initramfs.cpio"
gzip -9 -n <"$tmp/initramfs.cpio" >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out: $(wc -c <"$out") bytes" \
     "($(wc -c <"$tmp/initramfs.cpio") unpacked, $(grep -c . "$tmp/list") entries)"
