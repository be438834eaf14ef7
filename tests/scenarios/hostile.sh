#!/bin/bash
# Hostile guest hypervisors: each attack runs in its own VM under l1hv with
# nested=on, with a victim VM after it (vmxl1 with all of its checks). The
# hypervisor must stop only the attacker (or contain it), the victim must
# pass, and every summary and the verdict must still be printed.
scenario=hostile
source "$(dirname "$0")/lib.sh"

victim_passes() {
	check "$1: the victim VM after it passes every check" \
		in_log "$LOG" '^\[victim\] SUMMARY: [0-9]+ tests, 0 unexpected failures'
	check "$1: l1hv prints the exit tables of both VMs and a verdict" \
		bash -c "[ \$(grep -ac '^l1hv: exit table for VM ' '$LOG') -eq 2 ] && grep -aq '^l1hv: verdict: ' '$LOG'"
}

# ept02 bomb: L1's EPT maps 512 GiB onto one 2 MiB block and L2 touches a
# page every 2 MiB. Without a quota, L0 allocates ept02 tables until the
# machine has no memory left; with it, L0 drops and rebuilds ept02.
boot ept-bomb pass -e bochs -a "nested=on" "vmxl1 -- attack=ept_bomb" "vmxl1 name=victim"
check "ept02 bomb: L2 runs all its touches to the end" \
	in_log "$LOG" '^\[vmxl1\] PASS: ept02 bomb: L2 ran all 70000 touches'
check "ept02 bomb: L0 reclaimed ept02 to stay within the attacker's page quota" \
	in_log "$LOG" '^\[vmxl1\] PASS: ept02 bomb: the level below reclaimed ept02 [1-9][0-9]* times'
check "ept02 bomb: the reclaims show in the attacker's exit table" \
	in_log "$LOG" '^l1hv:   cycles: guest [0-9]+, hypervisor [0-9]+.*ept02-reclaims [1-9]'
check "ept02 bomb: the hypervisor never runs out of memory" \
	not_in_log "$LOG" 'ran out of memory'
victim_passes "ept02 bomb"

# A virtual-APIC page (TPR shadow) outside L1's memory: vmcs02 must not get it.
boot vapic-outside fail -e bochs -a "nested=on" "vmxl1 -- attack=vapic_outside" "vmxl1 name=victim"
check "virtual-APIC page outside L1's memory: the attacker is stopped with a report" \
	in_log "$LOG" "^l1hv: VM vmxl1 stopped: L1's virtual-APIC page at L1-physical 0xc0000000 is outside its 32 MiB"
victim_passes "virtual-APIC page outside L1's memory"

# L1's EPT maps L2 memory to L1-physical memory L1 does not have.
boot ept-outside fail -e bochs -a "nested=on" "vmxl1 -- attack=ept_outside" "vmxl1 name=victim"
check "L1's EPT pointing outside L1's memory: the attacker is stopped with a report" \
	in_log "$LOG" "^l1hv: VM vmxl1 stopped: L2 access to L2-physical 0x800000, which L1's EPT maps to L1-physical 0xc0000000 outside"
victim_passes "L1's EPT pointing outside L1's memory"

# An L2 halting forever, with nothing L1 or L0 could wake it with.
boot halt-l2 fail -e bochs -a "nested=on" "vmxl1 -- halt_l2=1" "vmxl1 name=victim"
check "L2 halting forever: the attacker is stopped with a report" \
	in_log "$LOG" '^l1hv: VM vmxl1 stopped: halted forever'
victim_passes "L2 halting forever"

# Guests that never yield: interrupts off, no exiting instruction. The run
# budget (budget=, enforced with the VMX-preemption timer) stops them, at
# L1, at L2 under vmxl1 (L0's timer in vmcs02), and at L2 under an l1hv
# (L1's own budget, through the timer L0 emulates for it).
boot spin fail -e bochs "spin budget=50M" "hello"
check "spinning guest: stopped when its run budget is used up" \
	in_log "$LOG" '^l1hv: VM spin stopped: used up its run budget of 52428800 guest TSC ticks'
check "spinning guest: the VM queued behind it runs and passes" \
	in_log "$LOG" '^\[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'
boot spin-l2 fail -e bochs -a "nested=on" "vmxl1 budget=100M -- attack=spin_l2" "vmxl1 name=victim"
check "L2 that never exits (L1 runs no timer): L0 stops the VM at its budget" \
	in_log "$LOG" '^l1hv: VM vmxl1 stopped: used up its run budget of 104857600 guest TSC ticks'
victim_passes "L2 that never exits"
boot spin-under-l1hv fail -e bochs -a "nested=on" "l1hv name=l1 mem=96M" "+spin budget=50M" "+hello"
check "spinning guest at L2: the l1hv at L1 stops it at its budget" \
	in_log "$LOG" '^\[l1\] l1hv: VM spin stopped: used up its run budget of 52428800'
check "spinning guest at L2: the next guest of that l1hv runs and passes" \
	in_log "$LOG" '^\[l1\] \[hello\] SUMMARY: [0-9]+ tests, 0 unexpected failures'
# A VM's registers outside the VMCS (x87/SSE/AVX, DR0-3, DR6, CR2, CR8)
# are its own: the next VM starts from a reset CPU's values (issue 17).
boot secrets pass -e bochs "secrets -- mode=fill" "secrets name=check -- mode=check"
check "register state: the first VM's fill took (x87, SSE, AVX, DRs, CR2, CR8)" \
	in_log "$LOG" '^\[secrets\] PASS: filled x87'
check "register state: the next VM sees none of it, at L1 (8 checks)" \
	in_log "$LOG" '^\[check\] SUMMARY: 8 tests, 0 unexpected failures'
boot secrets-l2 pass -e bochs -a "nested=on" "l1hv name=l1 mem=96M" "+secrets -- mode=fill" \
	"+secrets name=check -- mode=check"
check "register state: the next VM sees none of it, at L2 (an l1hv at L1 switching its VMs)" \
	in_log "$LOG" '^\[l1\] \[check\] SUMMARY: 8 tests, 0 unexpected failures'
finish
