#!/bin/bash
# Markdown tables of results/exit-costs.csv for results/README.md: medians
# per benchmark and cell, and exits per iteration at each level below.
# usage: bench/tables.sh [CSV]     (default results/exit-costs.csv)
set -euo pipefail
csv=${1:-results/exit-costs.csv}
[ -r "$csv" ] || { echo "tables: cannot read $csv (run make bench first)" >&2; exit 1; }
awk -F, '
NR == 1 { next }
{
	cell = $1 " L" $5
	if ($5 == 2) cell = "L2 " $7 " " ($6 == "architectural" ? "arch" : "r-all")
	b = $8
	if (!(b in seen)) { seen[b] = 1; order[nb++] = b }
	med[b, cell] = ($11 == "" ? "skipped" : $11)
	ex[b, cell] = $15
}
END {
	ncells = split("qemu-kvm L1|bochs L1|L2 none arch|L2 none r-all|L2 kvm arch|L2 kvm r-all|L2 all arch|L2 all r-all", cells, "|")
	printf "| benchmark |"; for (c = 1; c <= ncells; c++) printf " %s |", cells[c]; print ""
	printf "|---|"; for (c = 1; c <= ncells; c++) printf "---|"; print ""
	for (i = 0; i < nb; i++) {
		b = order[i]; if (b == "nop") continue
		printf "| %s |", b
		for (c = 1; c <= ncells; c++) printf " %s |", ((b, cells[c]) in med) ? med[b, cells[c]] : "-"
		print ""
	}
	print ""
	nx = split("bochs L1|L2 none arch|L2 kvm arch|L2 all arch", xc, "|")
	printf "| benchmark |"; for (c = 1; c <= nx; c++) printf " %s |", xc[c]; print ""
	printf "|---|"; for (c = 1; c <= nx; c++) printf "---|"; print ""
	for (i = 0; i < nb; i++) {
		b = order[i]
		printf "| %s |", b
		for (c = 1; c <= nx; c++) {
			v = ((b, xc[c]) in ex) ? ex[b, xc[c]] : ""
			printf " %s |", (v == "" ? "skipped" : v)
		}
		print ""
	}
}' "$csv"
