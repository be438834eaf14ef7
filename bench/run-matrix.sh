#!/bin/bash
# The exit-cost matrix: boots the benchmark guest in every cell, keeps each
# serial log under build/bench/CELL/, and merges all of them into
# $BENCH_CSV (default results/exit-costs.csv) with bench/tools/benchstat.
#
# usage: bench/run-matrix.sh [CELL...]     (default: every cell)
# Environment: BENCH_CSV, BENCHSTAT (default build/tools/benchstat),
#   KVM_REPEAT runs of the QEMU+KVM cell, pooled (default 3),
#   BOCHS_GOAL / KVM_GOAL cycles per batch (default 64K / 4M),
#   BOCHS_BATCHES / KVM_BATCHES (default 11 / 21), NESTED=0 leaves out the L2 cell,
#   BENCH_COMMIT labels the rows when the tree is not a git checkout.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
build=${BUILD:-build}
csv=${BENCH_CSV:-results/exit-costs.csv}
benchstat=${BENCHSTAT:-$build/tools/benchstat}
run=bench/nestlab-run
bochs_args="engine=bochs goal=${BOCHS_GOAL:-64K} batches=${BOCHS_BATCHES:-11}"
kvm_args="engine=qemu-kvm goal=${KVM_GOAL:-4M} batches=${KVM_BATCHES:-21}"
# This machine's KVM is kvm_pvm (paravirtual, no VMX/SVM): our VMCALL and
# VMMCALL never return under it, so that row is left out there.
[ -d /sys/module/kvm_pvm ] && kvm_args+=" skip=vmcall"

# One cell per line: NAME|ENGINE|RUNS|extra nestlab-run options|GUEST|GUEST
cells() {
	echo "kvm-L1|qemu-kvm|${KVM_REPEAT:-3}|-d|bench -- $kvm_args"
	# trap=: the extra exits (CR3 load, #BP, WBINVD, first touch of RAM) l1hv gives a VM on request.
	echo "bochs-L1|bochs|1||bench trap=cr3,int3,wbinvd,ept -- $bochs_args"
	# L2: the guest under l1hv at L1 under l1hv at L0 (nested=on), one cell
	# per shadow set and reflection policy; both are L0's settings.
	if [ "${NESTED:-1}" = 1 ]; then
		for sh in none kvm all; do
			for pol in architectural reflect-all; do
				echo "bochs-L2-$sh-$pol|bochs|1|-a nested=on shadow=$sh policy=$pol|l1hv mem=96M|+bench mem=16M trap=cr3,int3,wbinvd,ept -- $bochs_args shadow=$sh policy=$pol"
			done
		done
	fi
}

# want CELL [REQUESTED...]: every cell when nothing was requested.
want() { local c=$1; shift; [ $# -eq 0 ] && return 0; for w in "$@"; do [ "$w" = "$c" ] && return 0; done; return 1; }

mapfile -t all < <(cells)
selected=()
for line in "${all[@]}"; do want "${line%%|*}" "$@" && selected+=("$line"); done
if [ ${#selected[@]} -eq 0 ]; then
	echo "run-matrix: no cell named '$*': cells are: $(printf '%s ' "${all[@]%%|*}")" >&2
	exit 2
fi

start=$SECONDS logs=() failed=0 i=0
for line in "${selected[@]}"; do
	i=$((i + 1))
	IFS='|' read -r name engine runs direct guest1 guest2 <<<"$line"
	if [ "$engine" = qemu-kvm ] && [ ! -w /dev/kvm ]; then
		echo "[bench] cell $i/${#selected[@]} $name: skipped (no writable /dev/kvm)"
		continue
	fi
	for r in $(seq 1 "$runs"); do
		out=$build/bench/$name/run$r
		mkdir -p "$out"
		echo "[bench] cell $i/${#selected[@]} $name run $r/$runs," \
			"$(( ${#selected[@]} - i )) cells left, elapsed $((SECONDS - start)) s"
		args=(-q -e "$engine" -o "$out")
		# "-a ARGS" keeps l1hv's arguments as one word; other options split.
		if [ "${direct:0:3}" = "-a " ]; then
			args+=(-a "${direct:3}")
		elif [ -n "$direct" ]; then
			read -ra extra <<<"$direct"; args+=("${extra[@]}")
		fi
		guests=("$guest1"); [ -n "$guest2" ] && guests+=("$guest2")
		if ! "$run" "${args[@]}" "${guests[@]}" >"$out.out" 2>&1; then
			echo "[bench] $name run $r FAILED: see $out.out and $out/serial.log" >&2
			failed=1
			continue
		fi
		logs+=("$out/serial.log")
	done
done
[ ${#logs[@]} -eq 0 ] && { echo "[bench] no cell produced a log" >&2; exit 1; }

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
machine="$(hostname)/$(uname -r)/$cpu"
if [ -n "${BENCH_COMMIT:-}" ]; then
	commit=$BENCH_COMMIT      # a run from an exported tree (git archive)
else
	commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
	git diff --quiet HEAD -- guests l1hv common vmcs12 exit-reflect 2>/dev/null || commit+="-dirty"
fi
mkdir -p "$(dirname "$csv")"
"$benchstat" merge -c "$csv" -m "$machine" -g "$commit" "${logs[@]}" || exit 1
echo "[bench] done in $((SECONDS - start)) s: $csv"
exit $failed
