/* SPDX-License-Identifier: MIT */
/*
 * Random vmcs12 contents through the VM-entry checks: no crash or UB, the
 * result is deterministic and its kind consistent with its fields.
 * Input: byte 0 picks the baseline and env; then 2-byte field index +
 * 8-byte value records overwrite fields; leftover bytes go into L1 memory.
 * With bit 7 of byte 0, the records touch only the hot fields of a baseline
 * that passed, and vmcs12_check_entry_hot() must agree with the full check.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exit-reflect/exit_reasons.h"
#include "tests/unit/vmcs12_entry_fixture.h"
#include "vmcs12/vmcs12_access.h"

static struct fx_mem mem;
static struct vmcs12 v;

static void check_consistent(const struct vmcs12_entry_result *r)
{
	switch (r->kind) {
	case VMCS12_ENTRY_OK:
		if (r->cond || r->sdm_section || r->insn_error || r->exit_reason)
			abort();
		return;
	case VMCS12_ENTRY_VMFAIL_VALID:
		if (!r->cond || !r->sdm_section || r->exit_reason || r->exit_qual)
			abort();
		if (r->insn_error != 4 && r->insn_error != 5 && r->insn_error != 7 && r->insn_error != 8)
			abort();
		return;
	case VMCS12_ENTRY_FAIL:
		if (!r->cond || !r->sdm_section || r->insn_error)
			abort();
		if (r->exit_reason == (EXIT_REASON_INVALID_STATE | VMX_EXIT_REASON_FAILED_VMENTRY)) {
			if (r->exit_qual != 0 && r->exit_qual != 2 && r->exit_qual != 3 && r->exit_qual != 4)
				abort();
		} else if (r->exit_reason == (EXIT_REASON_MSR_LOAD_FAIL | VMX_EXIT_REASON_FAILED_VMENTRY)) {
			if (r->exit_qual < 1 || r->exit_qual > vmcs12_read(&v, VMCS_VM_ENTRY_MSR_LOAD_COUNT))
				abort();
		} else {
			abort();
		}
		return;
	}
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmx_caps caps;
	struct vmcs12_entry_env env;
	struct vmcs12_entry_result r1, r2;
	uint8_t sel;

	if (size < 1)
		return 0;
	sel = data[0];
	data++;
	size--;
	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &caps);
	fx_mem_init(&mem);
	if (sel & 1)
		entry_base_real(&v);
	else
		entry_base_long(&v);
	env = (struct vmcs12_entry_env){ .caps = (sel & 2) ? &vmx_caps_bochs_skylake_x : &caps,
					 .maxphyaddr = (sel & 4) ? 39 : 46, .la_width = (sel & 4) ? 48 : 57,
					 .launch = !(sel & 8), .host_ia32e = !(sel & 16),
					 .read_phys = (sel & 32) ? NULL : fx_read_phys, .ctx = &mem };
	v.launch_state = (sel >> 6) & 1;
	bool hot_only = sel & 0x80;
	static struct vmcs12 base;
	if (hot_only) {
		vmcs12_check_entry(&v, &env, &r1);
		if (r1.kind != VMCS12_ENTRY_OK)
			return 0;
		base = v;
	}
	while (size >= 10) {
		uint16_t idx;
		uint64_t val;

		memcpy(&idx, data, 2);
		memcpy(&val, data + 2, 8);
		data += 10;
		size -= 10;
		const struct vmcs_field_info *fi = hot_only ?
			vmcs_field_lookup(vmcs12_entry_hot_fields[idx % VMCS12_ENTRY_NR_HOT]) :
			&vmcs_field_table[idx % VMCS_NR_FIELDS];
		/* Small values and single-bit flips find more paths than raw noise. */
		if (idx & 0x8000)
			val = vmcs12_get(&v, fi) ^ (1ull << (val & 63));
		vmcs12_set(&v, fi, val);
	}
	if (size)
		memcpy(mem.bytes + 0x5000, data, size); /* the MSR-load area page */
	vmcs12_check_entry(&v, &env, &r1);
	check_consistent(&r1);
	vmcs12_check_entry(&v, &env, &r2);
	if (memcmp(&r1, &r2, sizeof(r1)))
		abort();
	if (hot_only) {
		uint32_t changed = 0;
		for (unsigned h = 0; h < VMCS12_ENTRY_NR_HOT; h++)
			if (vmcs12_read(&v, vmcs12_entry_hot_fields[h]) !=
			    vmcs12_read(&base, vmcs12_entry_hot_fields[h]))
				changed |= 1u << h;
		vmcs12_check_entry_hot(&v, &env, changed, &r2);
		if (r1.kind != r2.kind || r1.insn_error != r2.insn_error ||
		    r1.exit_reason != r2.exit_reason || r1.exit_qual != r2.exit_qual)
			abort();
	}
	return 0;
}
