/* SPDX-License-Identifier: MIT */
/* The MSR-area entries the processor refuses outright (vmcs12/vmx_msr_area.h;
 * SDM 27.4, 28.4, 28.6), one row per rule and area. */
#include "vmcs12/vmx_msr_area.h"
#include "testlib.h"

static const struct {
	uint32_t index, reserved;
	bool entry_load, exit_store, exit_load;   /* allowed in each area */
	const char *why;
} rows[] = {
	{ 0x175,       0, true,  true,  true,  "SYSENTER_ESP: an ordinary MSR" },
	{ 0xc0000102,  0, true,  true,  true,  "KERNEL_GS_BASE: not one of the state-area bases" },
	{ 0x175,       1, false, false, false, "reserved bits 63:32 set (all three sections)" },
	{ 0xc0000100,  0, false, true,  false, "FS_BASE: loads refuse it, the store area may hold it" },
	{ 0xc0000101,  0, false, true,  false, "GS_BASE: likewise" },
	{ 0x800,       0, false, false, false, "x2APIC range start" },
	{ 0x808,       0, false, false, false, "x2APIC TPR" },
	{ 0x8ff,       0, false, false, false, "x2APIC range end" },
	{ 0x7ff,       0, true,  true,  true,  "just below the x2APIC range" },
	{ 0x900,       0, true,  true,  true,  "just above the x2APIC range" },
	{ 0x9b,        0, false, true,  false, "SMM_MONITOR_CTL: written only in SMM" },
	{ 0x9e,        0, false, false, false, "SMBASE: read and written only in SMM" },
	{ 0x79,        0, false, true,  false, "microcode-update trigger: never loaded from an area" },
};

TEST(each_rule_in_each_area)
{
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bool el = vmx_msr_area_entry_allowed(VMX_MSR_AREA_ENTRY_LOAD, rows[i].index, rows[i].reserved);
		bool es = vmx_msr_area_entry_allowed(VMX_MSR_AREA_EXIT_STORE, rows[i].index, rows[i].reserved);
		bool xl = vmx_msr_area_entry_allowed(VMX_MSR_AREA_EXIT_LOAD, rows[i].index, rows[i].reserved);
		if (el != rows[i].entry_load || es != rows[i].exit_store || xl != rows[i].exit_load)
			fprintf(stderr, "  row %u (%s): got %d/%d/%d\n", i, rows[i].why, el, es, xl);
		CHECK_EQ(el, rows[i].entry_load);
		CHECK_EQ(es, rows[i].exit_store);
		CHECK_EQ(xl, rows[i].exit_load);
	}
}
