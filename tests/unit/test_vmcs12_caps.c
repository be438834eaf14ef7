/* SPDX-License-Identifier: MIT */
/* Nested capability masking and allowed-0/allowed-1 / fixed-bit checks. */
#include "testlib.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"
#include "vmx_caps_fixture.h"

static const struct {
	uint32_t value;
	uint64_t cap;
	bool ok;
} ctl_cases[] = {
	{ 0x16, 0x0000007f00000016ull, true },         /* exactly the must-be-1 bits */
	{ 0x7f, 0x0000007f00000016ull, true },         /* every allowed bit */
	{ 0x06, 0x0000007f00000016ull, false },        /* bit 4 must be 1 */
	{ 0x96, 0x0000007f00000016ull, false },        /* bit 7 not allowed */
	{ 0x00, 0x0000000000000000ull, true },
	{ 0x01, 0x0000000000000000ull, false },
	{ 0xffffffff, 0xffffffffffffffffull, true },
	{ 0xfffffffe, 0xffffffffffffffffull, false },  /* bit 0 must be 1 */
};

TEST(vmx_ctl_ok_table)
{
	for (size_t i = 0; i < sizeof(ctl_cases) / sizeof(ctl_cases[0]); i++)
		CHECKF(vmx_ctl_ok(ctl_cases[i].value, ctl_cases[i].cap) == ctl_cases[i].ok,
		       "case %zu: 0x%x vs 0x%llx", i, ctl_cases[i].value,
		       (unsigned long long)ctl_cases[i].cap);
}

TEST(fixed_bits)
{
	const struct vmx_caps *c = &vmx_caps_bochs_skylake_x;

	CHECK(vmx_fixed_ok(0x80000031, c->cr0_fixed0, c->cr0_fixed1));
	CHECK(!vmx_fixed_ok(0x80000030, c->cr0_fixed0, c->cr0_fixed1));   /* PE */
	CHECK(!vmx_fixed_ok(0x00000031, c->cr0_fixed0, c->cr0_fixed1));   /* PG */
	CHECK(!vmx_fixed_ok(0x180000031ull, c->cr0_fixed0, c->cr0_fixed1)); /* bit 32 */
	CHECK(vmx_fixed_ok(0x2020, c->cr4_fixed0, c->cr4_fixed1));
	CHECK(!vmx_fixed_ok(0x0020, c->cr4_fixed0, c->cr4_fixed1));       /* VMXE */
	CHECK(!vmx_fixed_ok(0x1000 | 0x2000, c->cr4_fixed0, c->cr4_fixed1)); /* LA57 */
}

TEST(true_controls_selected_by_basic55)
{
	struct vmx_caps c = vmx_caps_bochs_skylake_x;

	CHECK_EQ(vmx_caps_procbased(&c), c.true_procbased_ctls);
	CHECK_EQ(vmx_caps_entry(&c), c.true_entry_ctls);
	c.basic &= ~VMX_BASIC_TRUE_CTLS;
	CHECK_EQ(vmx_caps_procbased(&c), c.procbased_ctls);
	CHECK_EQ(vmx_caps_exit(&c), c.exit_ctls);
	/* CR3-load exiting may be 0 only under the TRUE MSR. */
	CHECK(!vmx_ctl_ok(0x04006172 | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
			  c.procbased_ctls));
	CHECK(vmx_ctl_ok(0x04006172 | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS,
			 c.true_procbased_ctls));
}

static const struct {
	enum vmcs_feature f;
	bool bochs;  /* has it on corei7_skylake_x */
	bool nested; /* offered to L1 */
} feature_cases[] = {
	{ VMCS_FEAT_BASE, true, true },
	{ VMCS_FEAT_EPT, true, true },
	{ VMCS_FEAT_VPID, true, true },
	{ VMCS_FEAT_SHADOW_VMCS, true, true },
	{ VMCS_FEAT_MSR_BITMAPS, true, true },
	{ VMCS_FEAT_TPR_SHADOW, true, true },
	{ VMCS_FEAT_SECONDARY, true, true },
	{ VMCS_FEAT_PAT, true, true },
	{ VMCS_FEAT_EFER, true, true },
	{ VMCS_FEAT_XSAVES, true, true },
	{ VMCS_FEAT_PLE, true, true },
	{ VMCS_FEAT_PML, true, false },
	{ VMCS_FEAT_VMFUNC, true, false },
	{ VMCS_FEAT_EPT_VE, true, false },
	{ VMCS_FEAT_TSC_SCALING, true, false },
	{ VMCS_FEAT_VID, true, false },
	{ VMCS_FEAT_APIC_ACCESS, true, false },
	{ VMCS_FEAT_PREEMPTION_TIMER, true, true },
	{ VMCS_FEAT_PERF_GLOBAL, true, false },
	{ VMCS_FEAT_BNDCFGS, true, false },
	{ VMCS_FEAT_POSTED_INTR, false, false },
	{ VMCS_FEAT_TERTIARY, false, false },
	{ VMCS_FEAT_IPI_VIRT, false, false },
	{ VMCS_FEAT_ENCLS, false, false },
	{ VMCS_FEAT_CET, false, false },
	{ VMCS_FEAT_PKRS, false, false },
};

TEST(features_hw_and_nested)
{
	struct vmx_caps n;

	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &n);
	for (size_t i = 0; i < sizeof(feature_cases) / sizeof(feature_cases[0]); i++) {
		enum vmcs_feature f = feature_cases[i].f;

		CHECKF(vmx_caps_has_feature(&vmx_caps_bochs_skylake_x, f) == feature_cases[i].bochs,
		       "bochs %s", vmcs_feature_name(f));
		CHECKF(vmx_caps_has_feature(&n, f) == feature_cases[i].nested,
		       "nested %s", vmcs_feature_name(f));
	}
	CHECK(vmcs_field_supported(&vmx_caps_bochs_skylake_x, VMCS_PML_ADDRESS));
	CHECK(!vmcs_field_supported(&n, VMCS_PML_ADDRESS));
	CHECK(vmcs_field_supported(&n, VMCS_EPT_POINTER | 1));
	CHECK(!vmcs_field_supported(&n, 0x4001));
}

TEST(nested_caps_are_subset_and_consistent)
{
	const struct vmx_caps *hw = &vmx_caps_bochs_skylake_x;
	struct vmx_caps n;
	const uint64_t *h = (const uint64_t *)hw, *o = (const uint64_t *)&n;

	vmx_caps_nested(hw, &n);
	/* Every control MSR: must-be-1 half unchanged, allowed-1 a subset that
	 * still contains the must-be-1 bits. */
	const uint64_t *ctl_hw[] = { &hw->pinbased_ctls, &hw->procbased_ctls, &hw->exit_ctls,
				     &hw->entry_ctls, &hw->true_pinbased_ctls,
				     &hw->true_procbased_ctls, &hw->true_exit_ctls,
				     &hw->true_entry_ctls, &hw->procbased_ctls2 };
	for (size_t i = 0; i < sizeof(ctl_hw) / sizeof(ctl_hw[0]); i++) {
		uint64_t a = *ctl_hw[i], b = o[ctl_hw[i] - h];

		CHECK_EQ((uint32_t)b, (uint32_t)a);
		CHECK_EQ((b >> 32) & ~(a >> 32), 0);
		CHECK_EQ((uint32_t)b & ~(uint32_t)(b >> 32), 0);
	}
	CHECK_EQ(n.basic & VMX_BASIC_REVISION_MASK, 0x2b);
	CHECK(n.basic & VMX_BASIC_TRUE_CTLS);
	CHECK(!(n.basic & VMX_BASIC_DUAL_MONITOR));
	CHECK(n.misc & VMX_MISC_VMWRITE_ANY_FIELD);
	CHECK(!(n.misc & VMX_MISC_ACTIVITY_SHUTDOWN));
	CHECK(!(n.misc & VMX_MISC_ACTIVITY_WAIT_SIPI));
	CHECK(n.misc & VMX_MISC_ACTIVITY_HLT);
	CHECK(!(n.ept_vpid_cap & VMX_EPT_AD_BIT));
	CHECK(n.ept_vpid_cap & VMX_EPT_PAGE_WALK_4_BIT);
	CHECK_EQ(n.vmfunc, 0);
	CHECK_EQ(n.procbased_ctls3, 0);
	CHECK_EQ(n.cr0_fixed0, hw->cr0_fixed0);
	CHECK_EQ(n.cr4_fixed1, hw->cr4_fixed1);
	/* Specific bits in and out. */
	CHECK(vmx_ctl_allows1(n.procbased_ctls2, SECONDARY_EXEC_ENABLE_EPT));
	CHECK(vmx_ctl_allows1(n.procbased_ctls2, SECONDARY_EXEC_UNRESTRICTED_GUEST));
	CHECK(!vmx_ctl_allows1(n.procbased_ctls2, SECONDARY_EXEC_ENABLE_VMFUNC));
	CHECK(!vmx_ctl_allows1(n.true_pinbased_ctls, PIN_BASED_POSTED_INTR));
	CHECK(vmx_ctl_allows1(n.true_pinbased_ctls, PIN_BASED_VMX_PREEMPTION_TIMER));
	CHECK(vmx_ctl_allows1(n.true_exit_ctls, VM_EXIT_SAVE_VMX_PREEMPTION_TIMER));
	CHECK_EQ(n.misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK, hw->misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK);
	CHECK(vmx_ctl_allows1(n.true_procbased_ctls, CPU_BASED_USE_IO_BITMAPS));
	CHECK(!vmx_ctl_allows1(n.true_entry_ctls, VM_ENTRY_SMM));
	CHECK(!vmx_ctl_allows1(n.true_exit_ctls, VM_EXIT_LOAD_IA32_PERF_GLOBAL_CTRL));
}

TEST(nested_keeps_must_be_one_bits_allowed)
{
	struct vmx_caps hw = vmx_caps_bochs_skylake_x, n;

	/* A (hypothetical) CPU whose VMFUNC control must be 1: still allowed. */
	hw.procbased_ctls2 |= SECONDARY_EXEC_ENABLE_VMFUNC;
	vmx_caps_nested(&hw, &n);
	CHECK(vmx_ctl_allows1(n.procbased_ctls2, SECONDARY_EXEC_ENABLE_VMFUNC));
	CHECK(vmx_ctl_ok(SECONDARY_EXEC_ENABLE_VMFUNC, n.procbased_ctls2));
	CHECK(!vmx_ctl_ok(0, n.procbased_ctls2));
}

/* SDM A.9: VMCS_ENUM[9:1] is the highest index of a field L1 has. Bochs's
 * skylake_x reports a higher one (TSC multiplier, index 25, among others),
 * whose fields L1 is not offered. */
TEST(nested_vmcs_enum_matches_offered_fields)
{
	struct vmx_caps l1;
	unsigned max = 0;

	vmx_caps_nested(&vmx_caps_bochs_skylake_x, &l1);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		unsigned index = (vmcs_field_table[i].encoding >> 1) & 0x1ff;

		if (vmcs_field_supported(&l1, vmcs_field_table[i].encoding) && index > max)
			max = index;
	}
	CHECK_EQ((l1.vmcs_enum >> 1) & 0x1ff, max);
	CHECK(((vmx_caps_bochs_skylake_x.vmcs_enum >> 1) & 0x1ff) > max);
	CHECK_EQ(l1.vmcs_enum & ~0x3feull, vmx_caps_bochs_skylake_x.vmcs_enum & ~0x3feull);
	/* every hardware field: its own index bounds the hardware's enum */
	CHECK_EQ(vmx_vmcs_enum_for(&vmx_caps_bochs_skylake_x, 0) >> 1,
		 (vmx_caps_bochs_skylake_x.vmcs_enum >> 1) & 0x1ff);
}
