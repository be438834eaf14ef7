#!/bin/bash
# SDM pseudo-code outcomes of the emulated VMX instructions, as the vmxl1
# guest hypervisor sees them (guests/vmxl1/sdm.c), under every shadow set:
# the shadow-VMCS indicator (VMXON, VMLAUNCH/VMRESUME), INVEPT/INVVPID
# operand checks and their order, fields of features L1 is not offered.
scenario=nested_sdm
source "$(dirname "$0")/lib.sh"

for sh in none kvm all; do
	boot "vmxl1-sdm-$sh" pass -e bochs -a "nested=on shadow=$sh" "vmxl1 -- shadow=$sh"
	check "shadow=$sh: no SDM check fails" not_in_log "$LOG" '^\[vmxl1\] FAIL: SDM: '
	check "shadow=$sh: shadow-VMCS indicator: VMXON, VMLAUNCH and VMRESUME VMfailInvalid" \
		bash -c "[ \$(grep -acE '^\[vmxl1\] PASS: SDM: (VMXON, region with the shadow-VMCS indicator set|VMLAUNCH with a shadow VMCS current|VMRESUME with a shadow VMCS current): VMfailInvalid' '$LOG') -eq 3 ]"
	check "shadow=$sh: INVVPID: VPID 0 (types 0, 1, 3), bits 63:16, non-canonical address: VMfailValid(28)" \
		bash -c "[ \$(grep -acE '^\[vmxl1\] PASS: SDM: INVVPID (type [013] with VPID 0|with descriptor bits 63:16 set .*|type 0 with a non-canonical address): VMfailValid\(28\)' '$LOG') -eq 5 ]"
	check "shadow=$sh: INVEPT single-context with an invalid EPTP: VMfailValid(28)" \
		bash -c "[ \$(grep -acE '^\[vmxl1\] PASS: SDM: INVEPT single-context, EPTP .*: VMfailValid\(28\)' '$LOG') -eq 3 ]"
	check "shadow=$sh: INVEPT/INVVPID check the type before reading the descriptor" \
		bash -c "[ \$(grep -acE '^\[vmxl1\] PASS: SDM: INV(VPID|EPT) type .*VMfailValid\(28\).*\(vector -1\)' '$LOG') -eq 3 ]"
	check "shadow=$sh: VMREAD/VMWRITE of fields of features not offered (PML, posted interrupts, VMFUNC, EPTP list, #VE, TSC multiplier): VMfailValid(12)" \
		bash -c "[ \$(grep -acE '^\[vmxl1\] PASS: SDM: VM(READ|WRITE) of the .* \(not offered\): VMfailValid\(12\)' '$LOG') -eq 16 ]"
	check "shadow=$sh: L2's shadowed VMREAD/VMWRITE of a field not offered: VMfailValid(12)" \
		in_log "$LOG" "^\[vmxl1\] PASS: SDM: L2's VMREAD and VMWRITE of the PML address \(not offered\): VMfailValid\(12\)"
	check "shadow=$sh: IA32_VMX_VMCS_ENUM's highest index is that of the fields offered" \
		in_log "$LOG" '^\[vmxl1\] PASS: SDM: IA32_VMX_VMCS_ENUM highest index [0-9]+: [1-9][0-9]* fields at it, 0 above it'
done
finish
