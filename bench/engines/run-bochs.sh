#!/bin/bash
# Engine "bochs": boots l1hv in Bochs 2.7 from a ROM built by mkrom (no BIOS).
# usage: run-bochs.sh OUTDIR L1HV_CMDLINE L1HV_ELF [MODULE_SPEC...]
# Writes OUTDIR/serial.log (the machine's COM1) and OUTDIR/bochs.log.
# Environment: BOCHS_MEGS (default 256), BOCHS_CPU (default corei7_skylake_x),
#              BOCHS_IPS (default 4000000), RUN_TIMEOUT seconds (default 300),
#              BOCHS_IGNORE_BAD_MSRS (default 0; 1 makes Bochs answer MSRs it lacks
#              with 0 instead of #GP: Linux on bare Bochs reads IA32_MISC_ENABLE,
#              which Bochs 2.7 does not implement).
set -euo pipefail
out=$1 cmdline=$2 kernel=$3; shift 3
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$here/build}
megs=${BOCHS_MEGS:-256} cpu=${BOCHS_CPU:-corei7_skylake_x} ips=${BOCHS_IPS:-4000000}
mkdir -p "$out"
rm -f "$out/serial.log"
if ! command -v bochs-bin >/dev/null; then
	echo "nestlab: bochs is not installed: run 'make deps' (apt-get install bochs bochsbios vgabios)" >&2
	exit 3
fi
# Modules too large for the ROM go on a disk that l1hv reads at boot
# (common/module_disk.h); mkrom prints the ROM's address and the disk's
# cylinder count (0: no disk).
rom=$("$build/tools/mkrom" -o "$out/boot.rom" -s "$build/tools/romstub.bin" -m "$megs" \
	-c "$cmdline" -d "$out/modules.img" "$kernel" "$@")
addr=$(sed -n 1p <<<"$rom") cylinders=$(sed -n 2p <<<"$rom")
disk=""
if [ "${cylinders:-0}" -gt 0 ]; then
	disk="ata0: enabled=1, ioaddr1=0x1f0, ioaddr2=0x3f0, irq=14
ata0-master: type=disk, path=$out/modules.img, mode=flat, cylinders=$cylinders, heads=16, spt=63"
fi
cat >"$out/bochsrc" <<EOF_RC
megs: $megs
romimage: file=$out/boot.rom, address=$addr
cpu: model=$cpu, count=1, ips=$ips, reset_on_triple_fault=0, ignore_bad_msrs=${BOCHS_IGNORE_BAD_MSRS:-0}
display_library: rfb, options="timeout=0"
speaker: enabled=0
sound: waveoutdrv=dummy, waveindrv=dummy, midioutdrv=dummy
com1: enabled=1, mode=file, dev=$out/serial.log
port_e9_hack: enabled=1
clock: sync=none, time0=1767225600
$disk
log: $out/bochs.log
panic: action=fatal
error: action=report
EOF_RC
printf 'continue\nquit\n' >"$out/bochs.cmds"
# Bochs always exits with status 1; the verdict is in the serial log.
# Bochs 2.7 has been seen to die of SIGSEGV on the host (once, in a run
# that passed on every rerun, while ten others ran beside it). Its
# emulation is deterministic, so one rerun gives the run the guests would
# have had; it is announced, and a second crash is reported as such.
set +e
for try in 1 2; do
	timeout "${RUN_TIMEOUT:-300}" bochs-bin -q -f "$out/bochsrc" -rc "$out/bochs.cmds" \
		</dev/null >"$out/bochs.out" 2>&1
	rc=$?
	[ "$rc" -ne 139 ] && break
	if [ "$try" -eq 1 ]; then
		echo "nestlab: Bochs crashed (SIGSEGV, see $out/bochs.out); running it once more" >&2
		: >"$out/serial.log"
	else
		echo "nestlab: Bochs crashed (SIGSEGV) twice (see $out/bochs.out)" >&2
	fi
done
set -e
if [ "$rc" -eq 139 ]; then
	exit 5
fi
if [ "$rc" -eq 124 ]; then
	echo "nestlab: Bochs did not finish within ${RUN_TIMEOUT:-300} s (see $out/bochs.log)" >&2
	exit 4
fi
exit 0
