#!/bin/bash
# Engines "qemu-kvm" and "qemu-tcg": boots a Multiboot kernel with QEMU's
# -kernel and its modules as -initrd (Multiboot 1).
# usage: run-qemu.sh kvm|tcg OUTDIR CMDLINE KERNEL [MODULE_SPEC...]
# Writes OUTDIR/serial.log. Environment: QEMU_MEM (MiB, default 256),
# RUN_TIMEOUT seconds (default 300).
set -euo pipefail
accel=$1 out=$2 cmdline=$3 kernel=$4; shift 4
mkdir -p "$out"
rm -f "$out/serial.log"
if ! command -v qemu-system-x86_64 >/dev/null; then
	echo "nestlab: QEMU is not installed: run 'make deps' (apt-get install qemu-system-x86)" >&2
	exit 3
fi
cpu=max
if [ "$accel" = kvm ]; then
	if [ ! -w /dev/kvm ]; then
		echo "nestlab: /dev/kvm is missing or not writable: use ENGINE=bochs" >&2
		exit 3
	fi
	# Some hosts' KVM (a nested, paravirtual one here) refuses QEMU's
	# IA32_ARCH_CAPABILITIES; the guests do not need it.
	cpu=host,-arch-capabilities
	# l1hv needs VMX from KVM (nested VMX); a guest booted directly does not.
	[ "${QEMU_WANT_VMX:-1}" = 1 ] && cpu+=",+vmx"
fi
cpu=${QEMU_CPU:-$cpu}
initrd=()
if [ $# -gt 0 ]; then
	# QEMU separates modules with commas; a comma inside one is written ",,".
	# A module string may start with '+' marks (a module of the guest
	# before it): QEMU opens the first word as a file, so give it a link
	# named that way in OUTDIR and run QEMU from there.
	joined=""
	for m in "$@"; do
		plus=${m%%[!+]*}
		if [ -n "$plus" ]; then
			file=${m#"$plus"}; file=${file%% *}; rest=${m#*"$file"}
			link="$plus$(basename "$file")"
			ln -sf "$(realpath "$file")" "$out/$link"
			m="$link$rest"
		fi
		joined+="${joined:+,}${m//,/,,}"
	done
	initrd=(-initrd "$joined")
fi
kernel=$(realpath "$kernel")
cd "$out"
set +e
timeout "${RUN_TIMEOUT:-300}" qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -m "${QEMU_MEM:-256}" \
	-nographic -no-reboot -monitor none -serial "file:serial.log" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$kernel" -append "$cmdline" "${initrd[@]}" </dev/null >qemu.out 2>&1
rc=$?
set -e
if [ "$rc" -eq 124 ]; then
	echo "nestlab: QEMU did not finish within ${RUN_TIMEOUT:-300} s" >&2
	exit 4
fi
# isa-debug-exit: status = (code << 1) | 1; anything else is QEMU's own.
if [ "$rc" -ne 1 ] && [ "$rc" -ne 3 ]; then
	echo "nestlab: QEMU exited with status $rc (see $out/qemu.out)" >&2
	cat "$out/qemu.out" >&2
fi
exit 0
