/* SPDX-License-Identifier: MIT */
/*
 * nested_msr_areas.c hosted: vmcs12's VM-entry MSR-load, VM-exit MSR-store
 * and VM-exit MSR-load areas in L1 memory, with the refusals of SDM 27.4,
 * 28.4 and 28.6 (vmcs12/vmx_msr_area.h), a WRMSR/RDMSR the MSR refuses, an
 * entry outside L1's memory, and the 1-based number of the failing entry.
 */
#include "tests/unit/fake_l1hv.h"
#include "tests/unit/testlib.h"

#define MEM      (1ull << 20)
#define AREA     0x8000ull
#define MSR_A    0x174u          /* IA32_SYSENTER_CS */
#define MSR_B    0xc0000081u     /* IA32_STAR */
#define MSR_BAD  0x1a0u          /* refuses bit 63 (as WRMSR's #GP) */

static struct vm vm;
#define VCPU (&vm.vcpus[0])

struct entry { uint32_t index, reserved; uint64_t value; };

static void setup(void)
{
	fake_cpu_init();
	fake_vm_init(&vm, MEM, 64);
	/* Every MSR the rows use exists, so only the area rules refuse. */
	static const uint32_t known[] = {
		MSR_A, MSR_B, MSR_BAD, MSR_IA32_FS_BASE, MSR_IA32_GS_BASE,
		MSR_IA32_SMM_MONITOR_CTL, MSR_IA32_SMBASE, 0x808,
	};
	for (unsigned i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		fake_msrs[i] = (struct fake_msr){ .index = known[i], .value = 0x1000 + i };
	fake_msrs[2].refuse_mask = 1ull << 63;
}

static void put_area(uint64_t gpa, const struct entry *e, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		fake_put64(VCPU, gpa + 16 * i, e[i].index | (uint64_t)e[i].reserved << 32);
		fake_put64(VCPU, gpa + 16 * i + 8, e[i].value);
	}
}

static struct fake_msr *msr(uint32_t index)
{
	for (unsigned i = 0; i < FAKE_MSR_MAX; i++)
		if (fake_msrs[i].index == index)
			return &fake_msrs[i];
	return NULL;
}

#define OK(i, v)        { (i), 0, (v) }
static const struct load_row {
	const char *name;
	enum vmx_msr_area area;
	struct entry e[3];
	unsigned n;
	uint32_t failed;          /* 0, or the 1-based entry */
} load_rows[] = {
	{ "entry: two MSRs", VMX_MSR_AREA_ENTRY_LOAD, { OK(MSR_A, 5), OK(MSR_B, 6) }, 2, 0 },
	{ "exit: two MSRs", VMX_MSR_AREA_EXIT_LOAD, { OK(MSR_A, 5), OK(MSR_B, 6) }, 2, 0 },
	{ "entry: reserved bits", VMX_MSR_AREA_ENTRY_LOAD, { OK(MSR_A, 5), { MSR_B, 1, 6 } }, 2, 2 },
	{ "exit: reserved bits", VMX_MSR_AREA_EXIT_LOAD, { { MSR_A, 0x80000000u, 5 } }, 1, 1 },
	{ "entry: FS_BASE", VMX_MSR_AREA_ENTRY_LOAD, { OK(MSR_IA32_FS_BASE, 1) }, 1, 1 },
	{ "exit: GS_BASE", VMX_MSR_AREA_EXIT_LOAD,
	  { OK(MSR_A, 1), OK(MSR_B, 1), OK(MSR_IA32_GS_BASE, 1) }, 3, 3 },
	{ "entry: SMM_MONITOR_CTL", VMX_MSR_AREA_ENTRY_LOAD,
	  { OK(MSR_IA32_SMM_MONITOR_CTL, 0) }, 1, 1 },
	{ "entry: x2APIC register", VMX_MSR_AREA_ENTRY_LOAD, { OK(MSR_A, 1), OK(0x808, 0) }, 2, 2 },
	{ "entry: SMBASE (only in SMM)", VMX_MSR_AREA_ENTRY_LOAD, { OK(MSR_IA32_SMBASE, 9) }, 1, 1 },
	{ "entry: WRMSR refuses", VMX_MSR_AREA_ENTRY_LOAD,
	  { OK(MSR_A, 1), OK(MSR_BAD, 1ull << 63) }, 2, 2 },
	{ "exit: unknown MSR", VMX_MSR_AREA_EXIT_LOAD, { OK(0x12345u, 0) }, 1, 1 },
};

/* Each row: the failing entry's number, the entries before it applied, none after. */
TEST(load_area_rules)
{
	for (unsigned r = 0; r < sizeof(load_rows) / sizeof(load_rows[0]); r++) {
		const struct load_row *row = &load_rows[r];

		setup();
		put_area(AREA, row->e, row->n);
		uint32_t got = nested_msr_area_load(VCPU, row->area, AREA, row->n);
		CHECKF(got == row->failed, "%s: failed entry %u, want %u", row->name, got,
		       row->failed);
		unsigned applied = row->failed ? row->failed - 1 : row->n;
		for (unsigned i = 0; i < row->n; i++) {
			const struct fake_msr *m = msr(row->e[i].index);
			bool written = m && m->writes;
			CHECKF(written == (i < applied), "%s: entry %u %s", row->name, i + 1,
			       written ? "written" : "not written");
			if (i < applied && m)
				CHECKF(m->value == row->e[i].value, "%s: entry %u value", row->name,
				       i + 1);
		}
		fake_vm_free(&vm);
	}
}

TEST(load_area_outside_l1_memory)
{
	static const struct entry two[] = { OK(MSR_A, 3), OK(MSR_B, 4) };

	setup();
	/* The second entry straddles the end of L1's memory. */
	put_area(MEM - 24, two, 1);
	CHECK_EQ(nested_msr_area_load(VCPU, VMX_MSR_AREA_ENTRY_LOAD, MEM - 24, 2), 2);
	CHECK_EQ(msr(MSR_A)->value, 3);
	/* Entirely outside, and an address that wraps. */
	CHECK_EQ(nested_msr_area_load(VCPU, VMX_MSR_AREA_EXIT_LOAD, MEM, 1), 1);
	CHECK_EQ(nested_msr_area_load(VCPU, VMX_MSR_AREA_EXIT_LOAD, ~0ull - 7, 1), 1);
	CHECK_EQ(vm.state, VM_RUNNING);
	fake_vm_free(&vm);
}

TEST(empty_areas_cost_nothing)
{
	setup();
	/* count 0: no entry is read, even at an address L1 does not have. */
	CHECK_EQ(nested_msr_area_load(VCPU, VMX_MSR_AREA_ENTRY_LOAD, ~0ull, 0), 0);
	CHECK_EQ(nested_msr_area_store(VCPU, ~0ull, 0), 0);
	fake_vm_free(&vm);
}

/* SDM 28.4: the store area gets each MSR's value in bits 127:64; the index
 * and reserved half of the entry stay as L1 wrote them. */
TEST(store_area)
{
	static const struct entry e[] = { OK(MSR_A, 0xdead), OK(MSR_IA32_FS_BASE, 0),
					  OK(MSR_IA32_SMBASE, 0) };

	setup();
	msr(MSR_A)->value = 0x1111;
	msr(MSR_IA32_FS_BASE)->value = 0x2222;
	put_area(AREA, e, 3);
	/* FS_BASE may be stored (only the load areas refuse it); SMBASE may not. */
	CHECK_EQ(nested_msr_area_store(VCPU, AREA, 3), 3);
	CHECK_EQ(fake_get64(VCPU, AREA + 8), 0x1111);
	CHECK_EQ(fake_get64(VCPU, AREA + 24), 0x2222);
	CHECK_EQ(fake_get64(VCPU, AREA + 40), 0);
	CHECK_EQ(fake_get64(VCPU, AREA), MSR_A);
	CHECK_EQ(nested_msr_area_store(VCPU, AREA, 2), 0);
	fake_vm_free(&vm);
}

TEST(store_area_refusals)
{
	static const struct row {
		const char *name;
		struct entry e[2];
		uint32_t failed;
	} rows[] = {
		{ "reserved bits", { OK(MSR_A, 0), { MSR_B, 2, 0 } }, 2 },
		{ "x2APIC register", { OK(0x808, 0) }, 1 },
		{ "unknown MSR (RDMSR #GP)", { OK(MSR_A, 0), OK(0x12345u, 0) }, 2 },
		{ "SMBASE", { OK(MSR_IA32_SMBASE, 0) }, 1 },
	};

	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		setup();
		put_area(AREA, rows[r].e, 2);
		uint32_t got = nested_msr_area_store(VCPU, AREA, 2);
		CHECKF(got == rows[r].failed, "%s: failed entry %u, want %u", rows[r].name, got,
		       rows[r].failed);
		fake_vm_free(&vm);
	}
	/* An entry whose value half lies outside L1's memory. */
	setup();
	static const struct entry one[] = { OK(MSR_A, 0) };
	put_area(MEM - 16, one, 1);
	CHECK_EQ(nested_msr_area_store(VCPU, MEM - 16, 1), 0);
	CHECK_EQ(nested_msr_area_store(VCPU, MEM - 16, 2), 2);
	fake_vm_free(&vm);
}
