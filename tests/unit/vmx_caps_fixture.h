/* SPDX-License-Identifier: MIT */
/*
 * Test fixture: VMX capability MSRs of Bochs 2.7's corei7_skylake_x model
 * (VMCS revision 0x2B, 4 KiB VMCS, WB, INS/OUTS info, TRUE controls; EPT,
 * VPID, unrestricted guest, VMCS shadowing, PML, #VE, VMFUNC, TSC scaling,
 * preemption timer; VMWRITE to any field; no posted interrupts, no tertiary
 * controls). Values assembled from the model's feature set and the SDM's
 * appendix A bit layout, for tests; shared with the exit-reflect tests.
 */
#ifndef NESTLAB_TESTS_VMX_CAPS_FIXTURE_H
#define NESTLAB_TESTS_VMX_CAPS_FIXTURE_H

#include "vmcs12/vmx_caps.h"

static const struct vmx_caps vmx_caps_bochs_skylake_x = {
	.basic               = 0x00d810000000002bull,
	.pinbased_ctls       = 0x0000007f00000016ull,
	.true_pinbased_ctls  = 0x0000007f00000016ull,
	.procbased_ctls      = 0xfff9fffe0401e172ull,
	.true_procbased_ctls = 0xfff9fffe04006172ull,
	.exit_ctls           = 0x00ffffff00036dffull,
	.true_exit_ctls      = 0x00ffffff00036dfbull,
	.entry_ctls          = 0x0001ffff000011ffull,
	.true_entry_ctls     = 0x0001ffff000011fbull,
	.misc                = 0x00000000600401e5ull,
	.cr0_fixed0          = 0x0000000080000021ull,
	.cr0_fixed1          = 0x00000000ffffffffull,
	.cr4_fixed0          = 0x0000000000002000ull,
	.cr4_fixed1          = 0x00000000007727ffull,
	.vmcs_enum           = 0x0000000000000032ull,
	.procbased_ctls2     = 0x02177fff00000000ull,
	.ept_vpid_cap        = 0x00000f0106334141ull,
	.vmfunc              = 0x0000000000000001ull,
	.procbased_ctls3     = 0,
};

/* A processor with every feature, so only the encoding rules decide (for
 * the VMREAD/VMWRITE tests and their fuzzer). */
static inline const struct vmx_caps *caps_all(uint64_t misc)
{
	static struct vmx_caps c;
	const uint64_t all1 = 0xffffffff00000000ull;

	c = (struct vmx_caps){ .pinbased_ctls = all1, .procbased_ctls = all1, .exit_ctls = all1,
			       .entry_ctls = all1, .procbased_ctls2 = all1,
			       .procbased_ctls3 = ~0ull, .misc = misc };
	return &c;
}

#endif
