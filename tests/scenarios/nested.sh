#!/bin/bash
# Nested VMX scenarios on Bochs: a minimal guest hypervisor (vmxl1) checks
# the VMX instructions, entry checks and reflection classes; l1hv runs l1hv
# three levels deep under every shadow set and both policies; four levels.
scenario=nested
source "$(dirname "$0")/lib.sh"

# vmxl1 prints one PASS/FAIL per check; all must pass, with the exact L0
# exit count of a reflected CPUID for each shadow set (none/kvm: 5, all: 3).
for sh in none kvm all; do
	boot "vmxl1-$sh" pass -e bochs -a "nested=on shadow=$sh" "vmxl1 -- shadow=$sh"
	check "vmxl1 shadow=$sh: every check passes" \
		in_log "$LOG" '^\[vmxl1\] SUMMARY: [0-9]+ tests, 0 unexpected failures'
	check "vmxl1 shadow=$sh: L2's FS load (state L0 keeps in vmcs02) reaches L1's VMREAD at every exit" \
		bash -c "[ \$(grep -ac 'PASS: exit [0-9]: guest FS as L2 loaded it' '$LOG') -eq 5 ]"
	want=$([ $sh = all ] && echo 3 || echo 5)
	check "vmxl1 shadow=$sh: exactly $want L0 exits for a reflected CPUID" \
		in_log "$LOG" "^\[vmxl1\] PASS: L0 exits for one reflected CPUID: $want "
done
check "vmxl1: VMfailValid(7) for bad controls" in_log "$LOG" 'PASS: VMLAUNCH with bad pin-based controls: VMfailValid\(7\)'
check "vmxl1: VMfailValid(8) for bad host state" in_log "$LOG" 'PASS: VMLAUNCH with host CR0.PE clear: VMfailValid\(8\)'
check "vmxl1: entry failure 33 for bad guest state" in_log "$LOG" 'PASS: VMLAUNCH with bad guest RFLAGS: entry failure, reason 0x80000021'
check "vmxl1: VMRESUME re-checks what L1 changed since the exit (RFLAGS; RIP alone): entry failure 33" \
	bash -c "grep -aq 'PASS: VMRESUME with guest RFLAGS changed to 0: entry failure, reason 0x80000021' '$LOG' && grep -aq 'PASS: VMRESUME with only RIP changed, to a non-canonical one: entry failure, reason 0x80000021' '$LOG'"
check "vmxl1: ... and the next VMRESUME, with the field restored, runs L2 again" \
	bash -c "[ \$(grep -acE 'PASS: VMRESUME (with RFLAGS restored|with RIP restored|after a reflected exit): CPUID again' '$LOG') -eq 3 ]"
check "vmxl1: VMPTRLD of a bad address: VMfailValid(9)" in_log "$LOG" 'PASS: VMPTRLD, unaligned: VMfailValid\(9\)'
check "reflection: I/O bitmap hit reaches L1" in_log "$LOG" 'PASS: L1 gets exit 30 '
check "reflection: I/O bitmap miss stays below L1" in_log "$LOG" 'PASS: port 0x3ff \(not in L1.s bitmap\) reached L1.s platform'
check "reflection: MSR bitmap hit reaches L1" in_log "$LOG" 'PASS: L1 gets exit 31 '
check "reflection: MSR bitmap miss stays below L1" in_log "$LOG" 'PASS: RDMSR of PAT \(not in L1.s MSR bitmap\) answered below L1'
check "reflection: HLT exiting reaches L1" in_log "$LOG" 'PASS: L1 gets exit 12 '
check "reflection: RDTSC exiting on and off" \
	bash -c "grep -aq 'PASS: RDTSC exiting on: L1 gets RDTSC' '$LOG' && grep -aq 'PASS: RDTSC exiting off' '$LOG'"
check "reflection: CR0 guest/host mask (masked bit exits, unmasked does not, shadow read)" \
	bash -c "[ \$(grep -acE 'PASS: CR0[ .]' '$LOG') -eq 4 ]"
check "reflection: #PF with all four bitmap-bit-14 x mask/match combinations" \
	bash -c "[ \$(grep -ac 'PASS: #PF bit 14' '$LOG') -eq 4 ]"
check "L2 confined by L1's EPT: EPT violation reflected at the exact GPA" \
	in_log "$LOG" "PASS: L2 read outside L1's EPT grant: L1 gets an EPT violation at 0x800000"
check "MSR areas: entry load, exit store and exit load as the SDM orders them" \
	bash -c "[ \$(grep -acE 'PASS: VM-(entry|exit) MSR-(load|store) area' '$LOG') -eq 3 ]"
check "hostile L1: entry MSR-load of an unknown MSR gives entry failure 34 / entry number" \
	in_log "$LOG" 'PASS: VM-entry MSR-load of an unknown MSR: entry failure 34, qualification 2'
check "hostile L1: bad VMCS link pointer gives entry failure 33 / qualification 4" \
	in_log "$LOG" 'PASS: bad VMCS link pointer: entry failure 33, qualification 4'

# Hostile L2: halts with interrupts off and L1 asked for no HLT exits.
boot vmxl1-halt fail -e bochs -a "nested=on" "vmxl1 -- halt_l2=1"
check "L2 halting forever without L1's HLT exiting: L0 reports and stops the VM" \
	in_log "$LOG" '^l1hv: VM vmxl1 stopped: halted forever: HLT at rip 0x[0-9a-f]+ with RFLAGS.IF=0'
check "... and L0 still prints its summary and verdict" in_log "$LOG" '^l1hv: verdict: FAIL \(0 of 1'

boot vmxl1-off fail -e bochs vmxl1
check "nested=off: the guest sees no VMX" in_log "$LOG" '^\[vmxl1\] FAIL: CPUID shows VMX'

# Three levels: identical guest results under every setting.
ref=""
for sh in none kvm all; do
	for pol in architectural reflect-all; do
		boot "l3-$sh-$pol" pass -e bochs -a "nested=on shadow=$sh policy=$pol" \
			"l1hv name=l1 mem=96M" "+hello"
		check "3 levels shadow=$sh policy=$pol: hello passes at L2" \
			in_log "$LOG" '^\[l1\] \[hello\] SUMMARY: 10 tests, 0 unexpected failures'
		# L0 exits per reflected CPUID of L2: 2 plus L1's unshadowed
		# VMREAD/VMWRITEs (the guest checks the sum; here, the parts).
		if [ $sh = none ]; then
			want='2 \+ [1-9][0-9]* VMREAD \+ [1-9][0-9]* VMWRITE' what="2 + L1's VMREADs/VMWRITEs"
		else
			want='2 \+ 0 VMREAD \+ 0 VMWRITE' what="exactly 2"
		fi
		check "3 levels shadow=$sh policy=$pol: L0 exits per reflected CPUID of L2: $what" \
			in_log "$LOG" "^\[l1\] \[hello\] PASS: exits one level further down per CPUID: [0-9]+ = $want"

		check "3 levels shadow=$sh policy=$pol: summary names the settings" \
			in_log "$LOG" "^l1hv: nested VM l1 \(policy=$pol shadow=$sh\)"
		res=$(grep -a '^\[l1\] \[hello\] \(PASS\|FAIL\)' "$LOG" | grep -v 'further down' | sed 's/([0-9]*)//')
		if [ -z "$ref" ]; then ref=$res; else
			check "3 levels shadow=$sh policy=$pol: same guest results as shadow=none" \
				test "$res" = "$ref"
		fi
	done
done

# The platform guest at L2: L1's virtual x2APIC timer interrupts a running
# L2 through the VMX-preemption timer L0 emulates for L1.
for sh in none kvm all; do
	boot "platform-l2-$sh" pass -e bochs -a "nested=on shadow=$sh" "l1hv name=l1 mem=96M" "+platform"
	check "platform at L2, shadow=$sh: every check passes" \
		in_log "$LOG" '^\[l1\] \[platform\] SUMMARY: 22 tests, 0 unexpected failures'
	check "platform at L2, shadow=$sh: a TSC deadline passing while L2 runs interrupts it (nested preemption timer)" \
		in_log "$LOG" '^\[l1\] \[platform\] PASS: TSC-deadline timer interrupt while running'
done

boot badshadow fail -e bochs -a "nested=on shadow=GUEST_RIP,NO_SUCH_FIELD" vmxl1
check "unknown shadow field: clear error" in_log "$LOG" '^l1hv: verdict: FAIL \(shadow=GUEST_RIP,NO_SUCH_FIELD: '
boot badpolicy fail -e bochs -a "nested=on policy=whatever" vmxl1
check "unknown policy: error lists the known ones" \
	in_log "$LOG" "^l1hv: verdict: FAIL \(unknown reflection policy 'whatever'"

# L1 is not offered VMCS shadowing (not emulated for its guests yet).
# VMCS shadowing offered to L1: vmxl1's own L2 reads and writes its shadow
# VMCS without exits to vmxl1 (L0 emulates them), at L1 and one level up.
for sh in none kvm all; do
	check "vmxl1 shadow=$sh: L2's VMREAD/VMWRITE on L1's shadow VMCS, no exit to L1 (5 checks)" \
		bash -c "[ \$(grep -acE 'PASS: (VMCS shadowing offered to L1|VMPTRLD of a shadow VMCS|L2.s shadowed VMREAD/VMWRITE: no exit|L2.s VMREAD reads L1.s shadow|L2.s VMWRITE landed)' '$root/build/scenarios/vmxl1-$sh/serial.log') -eq 5 ]"
done
boot l1-shadow pass -e bochs -a "nested=on shadow=none" "l1hv name=l1 mem=96M -- nested=on shadow=kvm" \
	"+vmxl1 -- shadow=kvm"
check "vmxl1 at L2 under an l1hv with shadow=kvm: every check passes" \
	in_log "$LOG" '^\[l1\] \[vmxl1\] SUMMARY: [0-9]+ tests, 0 unexpected failures'
check "... and L0 ran L2's shadowed VMREADs on L1's shadow VMCS (l0-handles > 0)" \
	in_log "$LOG" '^l1hv:   VMREAD +[1-9][0-9]* +[0-9]+ +0 '

# The benchmark guest at L2: exits per iteration at each level below it.
boot bench-l2 pass -e bochs -a "nested=on shadow=all" "l1hv name=l1 mem=96M" \
	"+bench mem=16M trap=ept -- tests=nop,cpuid,vmcall,pio_out,pio_fwd,ept_fault,hlt,hlt_pv,rdtsc_exit goal=64K batches=3 engine=bochs policy=architectural shadow=all"
for t in cpuid vmcall pio_out rdtsc_exit; do
	check "bench at L2, shadow=all: $t costs 1 L1 exit and exactly 2 L0 exits per iteration" \
		in_log "$LOG" "^\[l1\] \[bench\] bench-row .* test=$t .* exits=L1:1;L0:2\$"
done
check "bench at L2: a port L1 forwards to L0 costs one more L0 exit (L1:1;L0:3)" \
	in_log "$LOG" '^\[l1\] \[bench\] bench-row .* test=pio_fwd .* exits=L1:1;L0:3$'
check "bench at L2: first touch of RAM L1 maps lazily: L1:1;L0:3 (L0 fills ept02 twice)" \
	in_log "$LOG" '^\[l1\] \[bench\] bench-row .* test=ept_fault .* exits=L1:1;L0:3$'
check "bench at L2: HLT woken by L1's injected HLT-timer interrupt (nested event injection): L1:1;L0:2" \
	in_log "$LOG" '^\[l1\] \[bench\] bench-row .* test=hlt_pv .* exits=L1:1;L0:2$'
check "bench at L2: HLT woken by L1's virtual x2APIC TSC-deadline timer: L1:3;L0:6" \
	in_log "$LOG" '^\[l1\] \[bench\] bench-row .* test=hlt .* exits=L1:3;L0:6$'
check "bench at L2: nop costs no exit at any level" \
	in_log "$LOG" '^\[l1\] \[bench\] bench-row .* test=nop .* exits=L1:0;L0:0$'

# Four levels (slow: about 25 s).
RUN_TIMEOUT=200 boot l4 pass -e bochs -a "nested=on shadow=kvm" \
	"l1hv name=l1 mem=160M -- nested=on shadow=kvm" "+l1hv name=l2 mem=96M" "++hello"
check "4 levels: hello passes at L3" \
	in_log "$LOG" '^\[l1\] \[l2\] \[hello\] SUMMARY: 10 tests, 0 unexpected failures'
check "4 levels, L1 shadowing for L2 (shadow=kvm at L1): an L3 CPUID costs L1 exactly 2 exits" \
	in_log "$LOG" '^\[l1\] \[l2\] \[hello\] PASS: exits one level further down per CPUID: 2 = 2 \+ 0 VMREAD \+ 0 VMWRITE'
finish
