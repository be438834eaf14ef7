#!/bin/bash
# Integration scenarios for one level: l1hv on Bochs's VMX running guests,
# hostile guests, bad input, and the QEMU (no VMX) error path.
scenario=l1hv
source "$(dirname "$0")/lib.sh"

boot hello pass -e bochs hello
check "hello: guest reports success" in_log "$LOG" '^\[hello\] SUMMARY: 9 tests, 0 unexpected failures'
check "hello: exact CPUID exit accounting seen by the guest" \
	in_log "$LOG" '^\[hello\] PASS: exit counters: 10 CPUIDs counted as 10 CPUID exits'
check "hello: exit table lists CPUID and VMCALL" \
	bash -c "grep -aqE '^l1hv:   CPUID +[0-9]+' '$LOG' && grep -aqE '^l1hv:   VMCALL +[0-9]+' '$LOG'"
check "hello: hypervisor and guest cycles reported" in_log "$LOG" '^l1hv:   cycles: guest [0-9]+, hypervisor [0-9]+'
check "hello: verdict PASS" in_log "$LOG" '^l1hv: verdict: PASS \(1 of 1 guests passed\)'

# Determinism: Bochs runs are instruction-exact, so two runs print the same bytes.
cp "$LOG" "$root/build/scenarios/hello.first"
boot hello pass -e bochs hello
check "hello: a second Bochs run prints a byte-identical log" cmp -s "$LOG" "$root/build/scenarios/hello.first"

boot triple fail -e bochs triple hello
check "triple fault: VM stopped with a report" in_log "$LOG" '^l1hv: VM triple stopped: triple fault at rip 0x[0-9a-f]+'
check "triple fault: the next guest still runs and passes" in_log "$LOG" '^l1hv: VM hello exited with code 0'
check "triple fault: summary and FAIL verdict printed" in_log "$LOG" '^l1hv: verdict: FAIL \(1 of 2 guests passed\)'

boot eptfault pass -e bochs eptfault hello
check "unclaimed MMIO: reads all ones and drops writes, at every size" \
	in_log "$LOG" '^\[eptfault\] SUMMARY: 4 tests, 0 unexpected failures'
check "unclaimed MMIO: reported once per page, naming the address" \
	test "$(grep -c 'which no device claims' "$LOG")" -eq 3
check "unclaimed MMIO: the first report names the read of 0x40000000" \
	in_log "$LOG" '^l1hv: VM eptfault: read of guest-physical 0x40000000, which no device claims'
boot eptfault-strict fail -e bochs -a strict_mmio=on eptfault hello
check "strict_mmio=on: access outside guest memory stops the VM" \
	in_log "$LOG" '^l1hv: VM eptfault stopped: read of guest-physical 0x40000000 outside its 32 MiB'
check "strict_mmio=on: the guest never saw a value" not_in_log "$LOG" 'read 0x[0-9a-f]+ from outside'
check "strict_mmio=on: hypervisor finished with a verdict" in_log "$LOG" '^l1hv: verdict: FAIL \(1 of 2'
boot strict-bad fail -e bochs -a strict_mmio=x hello
check "strict_mmio=x: refused with the fix" \
	in_log "$LOG" '^l1hv: verdict: FAIL \(strict_mmio=x: use strict_mmio=on or strict_mmio=off\)'

boot halt-far fail -e bochs "halt -- deadline=far"
check "HLT waiting for a TSC deadline 2^40 ticks away: VM stopped with a report, l1hv does not hang" \
	in_log "$LOG" '^l1hv: VM halt stopped: HLT at rip 0x[0-9a-f]+ waits for an APIC timer [0-9]+ ticks away'
boot halt fail -e bochs halt hello
check "HLT forever: reported as halted and stopped" \
	in_log "$LOG" '^l1hv: VM halt stopped: halted forever: HLT at rip 0x[0-9a-f]+ with RFLAGS.IF=0'

boot platform pass -e bochs platform
check "platform: unknown ports, MSRs, VMX instructions get architectural answers" \
	in_log "$LOG" '^\[platform\] SUMMARY: 22 tests, 0 unexpected failures'
check "platform: the MMIO window is emulated, one exit per access" \
	in_log "$LOG" '^\[platform\] PASS: MMIO window: one EPT-violation exit per access \(8\)'
check "platform: MMIO through AH/BH and a 16-bit MOVZX reaches the right register bits" \
	in_log "$LOG" '^\[platform\] PASS: MMIO window: a load into BH writes bits 15:8 of RBX only'

# Malformed images: not an ELF, and an ELF whose segment lies outside guest memory.
bad=$root/build/scenarios/garbage.elf
head -c 20000 /dev/urandom >"$bad"
boot malformed fail -e bochs "$bad" hello
check "malformed image: clear error naming the problem" \
	in_log "$LOG" "^l1hv: VM garbage not started: malformed guest image .*garbage.elf: no Multiboot header"
check "malformed image: other guests still run" in_log "$LOG" '^l1hv: VM hello exited with code 0'
# A Multiboot a.out-kludge image that asks to be loaded at 64 MiB (guests get 32).
high=$root/build/scenarios/high.bin
printf '\x02\xb0\xad\x1b\x00\x00\x01\x00\xfe\x4f\x51\xe4\x00\x00\x00\x04\x00\x00\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x04\xf4\xeb\xfe\x90' >"$high"
boot toolarge fail -e bochs "$high" hello
check "image outside guest memory: clear error" \
	in_log "$LOG" '^l1hv: VM high not started: malformed guest image .*high.bin: '

# trap=: extra exits on request, each costing exactly one exit per iteration.
boot traps pass -e bochs "bench trap=cr3,int3,wbinvd,ept -- tests=mov_to_cr3,int3,wbinvd,ept_fault,hlt,hlt_pv goal=16K batches=3"
check "hlt_pv with the HLT timer: one exit per iteration, woken by the injected interrupt" \
	in_log "$LOG" "^\[bench\] bench-row .* test=hlt_pv .* exits=L0:1\$"
check "hlt with the x2APIC TSC-deadline timer: 3 exits per iteration (deadline WRMSR, HLT, EOI)" \
	in_log "$LOG" "^\[bench\] bench-row .* test=hlt .* exits=L0:3\$"
for t in mov_to_cr3 int3 wbinvd ept_fault; do
	check "trap=cr3,int3,wbinvd,ept: $t exits exactly once per iteration" \
		in_log "$LOG" "^\[bench\] bench-row .* test=$t .* exits=L0:1\$"
done
# trap=rdtsc: every RDTSC exits, the benchmark's own clock included; the
# rows take the clock's exits out, so both RDTSC rows count exactly one.
boot trap-rdtsc pass -e bochs "bench trap=rdtsc -- tests=rdtsc,rdtsc_exit,cpuid goal=16K batches=3"
for t in rdtsc rdtsc_exit cpuid; do
	check "trap=rdtsc: $t exits exactly once per iteration (clock reads taken out)" \
		in_log "$LOG" "^\[bench\] bench-row .* test=$t .* exits=L0:1\$"
done
boot badtrap fail -e bochs "hello trap=cr3,teleport"
check "unknown trap name: clear error" in_log "$LOG" "^l1hv: VM vm0 not started: bad trap list 'trap=cr3,teleport'"

boot selftest fail -e bochs -a "selftest=fault" hello
check "exception inside l1hv: vector, RIP and registers reported" \
	bash -c "grep -aqE '^l1hv: hypervisor exception: vector 6 \(#UD invalid opcode\)' '$LOG' && grep -aqE '^l1hv:   rax [0-9a-f]{16}' '$LOG'"
check "exception inside l1hv: the run ends with a FAIL verdict" \
	in_log "$LOG" '^l1hv: verdict: FAIL \(exception 6 in the hypervisor at rip 0x[0-9a-f]+\)'

boot badopt fail -e bochs -a "frobnicate=1" hello
check "unknown l1hv option: error names it and the known ones" \
	in_log "$LOG" "^l1hv: verdict: FAIL \(unknown option 'frobnicate=1': l1hv takes guest_mem=SIZE"
boot badmodopt fail -e bochs "hello colour=blue"
check "unknown per-guest option: error names it" \
	in_log "$LOG" "^l1hv: VM vm0 not started: unknown module option 'colour=blue'"

out=$("$run" -e bochs no-such-guest 2>&1)
check "unknown guest name: error lists the known guests" \
	bash -c "[[ \"$out\" == *\"no guest image 'no-such-guest'\"*hello* ]]"
out=$("$run" -e warp-drive hello 2>&1)
check "unknown engine: error lists the engines" bash -c "[[ \"$out\" == *\"unknown engine 'warp-drive'\"* ]]"

if command -v qemu-system-x86_64 >/dev/null; then
	boot qemu-tcg fail -e qemu-tcg hello
	check "QEMU TCG: clear 'no VMX' message and FAIL verdict" \
		in_log "$LOG" '^l1hv: verdict: FAIL \(this CPU has no VMX \(CPUID.1:ECX\[5\] = 0\): run on Bochs'
else
	fail "QEMU is not installed (make deps installs it)"
fi
finish
