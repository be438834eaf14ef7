# Exit-cost figures from the tables `benchstat plotdata` writes.
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" bench/plots/exit-costs.gp
# Writes outdir/exit-cost.svg, exit-multiplication.svg, nested-ratio.svg.
load datadir.'/vars.gp'
set terminal svg size 1300,560 dynamic font "sans,11" noenhanced
set datafile missing "NaN"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set key outside right top vertical autotitle columnheader
set xtics rotate by -40 nomirror
set grid ytics
set boxwidth 0.9

set output outdir.'/exit-cost.svg'
set title "Exit cost per benchmark (median, loop overhead subtracted)\nBochs: instructions (exact); QEMU+KVM: TSC cycles"
set ylabel "cycles per iteration (log scale)"
set logscale y
plot for [i=2:ncost+1] datadir.'/cost.dat' using i:xtic(1)
unset logscale y

set output outdir.'/exit-multiplication.svg'
set title "Exit multiplication: exits at L0 per iteration of the guest (cells with exit counters)"
set ylabel "L0 exits per iteration"
set yrange [0:*]
plot for [i=2:nexits+1] datadir.'/exits.dat' using i:xtic(1)

set output outdir.'/nested-ratio.svg'
set title "Nested (L2) / single-level (L1) cost, same engine"
set ylabel "ratio of medians"
if (nratio > 0) {
	plot for [i=2:nratio+1] datadir.'/ratio.dat' using i:xtic(1)
} else {
	unset xtics
	unset ytics
	unset key
	set label 1 "no L2 rows in results/exit-costs.csv yet (nested cells not run)" at graph 0.5,0.5 center
	plot [0:1][0:1] NaN notitle
}
