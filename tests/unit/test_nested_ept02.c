/* SPDX-License-Identifier: MIT */
/*
 * nested_ept02.c hosted: ept02, L2-physical -> host-physical, built one page
 * per EPT violation of L2 from L1's EPT (in L1 memory) and L0's map of L1
 * (mem_hpa + L1-physical). Each row of the table is one L1 EPT leaf and one
 * access; then the VM's page quota: over it ept02 is dropped and rebuilt
 * (VM_STAT_EPT02_RECLAIMS), and EPT02_NO_ROOM when even that cannot fit.
 */
#include <string.h>

#include "exit-reflect/exit_qual.h"
#include "l1hv/nested/ept12_walk.h"
#include "l1hv/vmx/ept.h"
#include "tests/unit/fake_l1hv.h"
#include "tests/unit/testlib.h"

#define MEM       (1ull << 20)
#define VMCS12    0x20000ull
#define EPT_PML4  0x40000ull
#define EPT_PDPT  0x41000ull
#define EPT_PD0   0x42000ull
#define EPT_PT0   0x43000ull
#define EPT_PD1   0x44000ull
#define EPT_PT1   0x45000ull
#define L2_PAGE   0x5000ull              /* through EPT_PT0[5] */
#define L2_FAR    (1ull << 30)           /* through EPT_PDPT[1], EPT_PD1, EPT_PT1[0] */
#define WB        (6ull << 3)
#define EPTP12    (EPT_PML4 | 6 | (3 << 3))

#define Q_R  EXIT_QUAL_EPT_READ
#define Q_W  EXIT_QUAL_EPT_WRITE
#define Q_X  EXIT_QUAL_EPT_FETCH
#define Q_GLA (EXIT_QUAL_EPT_GLA_VALID | EXIT_QUAL_EPT_GLA_TRANSLATED)

static struct vm vm;
#define VCPU (&vm.vcpus[0])

/* L1 runs L2 with EPT (EPTP12) or without; vmcs12 in L1 memory; ept02 made
 * for it as VMLAUNCH does (nested_ept02_prepare, vmcs01 standing in for
 * vmcs02 as the current VMCS). */
static void setup(bool ept12, uint64_t quota)
{
	fake_cpu_init();
	fake_vm_init(&vm, MEM, quota);
	struct vmcs12 *v = fake_gpa(VCPU, VMCS12);
	vmcs12_init(v, 0x2b);
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, ept12 ? SECONDARY_EXEC_ENABLE_EPT : 0);
	vmcs12_write(v, VMCS_EPT_POINTER, EPTP12);
	VCPU->nested.vmxon = true;
	VCPU->nested.current_vmptr = VMCS12;
	VCPU->nested.vmcs12 = v;
	fake_put64(VCPU, EPT_PML4, EPT_PDPT | 7);
	fake_put64(VCPU, EPT_PDPT, EPT_PD0 | 7);
	fake_put64(VCPU, EPT_PD0, EPT_PT0 | 7);
	fake_put64(VCPU, EPT_PDPT + 8, EPT_PD1 | 7);
	fake_put64(VCPU, EPT_PD1, EPT_PT1 | 7);
	fake_put64(VCPU, EPT_PT1, 0x9000 | 7 | WB);
	if (quota)
		CHECK(nested_ept02_prepare(VCPU));
}

static void teardown(void)
{
	nested_ept02_flush(VCPU);
	CHECK_EQ(vm.pages.used, 0);
	CHECK_EQ(fake_pages_live, 0);
	fake_vm_free(&vm);
}

/* ept02's 4 KiB leaf for an L2-physical address, 0 if none. */
static uint64_t ept02_leaf(uint64_t gpa)
{
	uint64_t table = VCPU->nested.ept02_pml4;

	for (int level = 3; level >= 0; level--) {
		uint64_t e = ((const uint64_t *)table)[(gpa >> (12 + 9 * level)) & 511];
		if (!(e & EPT_RWX))
			return 0;
		if (!level)
			return e;
		table = e & 0x000ffffffffff000ull;
	}
	return 0;
}

static const struct row {
	const char *name;
	uint64_t pte;                 /* EPT_PT0[5] */
	uint64_t qual;                /* of the EPT violation on ept02 */
	enum ept02_fault want;
	uint64_t qual12;              /* EPT02_L1_VIOLATION: what L1 gets */
	uint64_t perms02;             /* EPT02_FILLED: ept02's permissions */
} rows[] = {
	{ "read of RWX", 0x7000 | 7 | WB, Q_R | Q_GLA, EPT02_FILLED, 0, EPT_RWX },
	{ "write of RW", 0x7000 | 3 | WB, Q_W | Q_GLA, EPT02_FILLED, 0, EPT_READ | EPT_WRITE },
	{ "read of R", 0x7000 | 1 | WB, Q_R, EPT02_FILLED, 0, EPT_READ },
	{ "fetch of X (execute-only)", 0x7000 | 4 | WB, Q_X, EPT02_FILLED, 0, EPT_EXEC },
	{ "write of R", 0x7000 | 1 | WB, Q_W | Q_GLA, EPT02_L1_VIOLATION,
	  Q_W | Q_GLA | EXIT_QUAL_EPT_READABLE, 0 },
	{ "fetch of RW", 0x7000 | 3 | WB, Q_X | Q_GLA, EPT02_L1_VIOLATION,
	  Q_X | Q_GLA | EXIT_QUAL_EPT_READABLE | EXIT_QUAL_EPT_WRITABLE, 0 },
	{ "read of not present", 0, Q_R | EXIT_QUAL_EPT_GLA_VALID, EPT02_L1_VIOLATION,
	  Q_R | EXIT_QUAL_EPT_GLA_VALID, 0 },
	/* ept02's own permission bits in the qualification are replaced by L1's. */
	{ "write of RX, ept02 bits replaced", 0x7000 | 5 | WB,
	  Q_W | EXIT_QUAL_EPT_WRITABLE | EXIT_QUAL_EPT_EXECUTABLE, EPT02_L1_VIOLATION,
	  Q_W | EXIT_QUAL_EPT_READABLE | EXIT_QUAL_EPT_EXECUTABLE, 0 },
	{ "write-only entry", 0x7000 | 2 | WB, Q_R, EPT02_L1_MISCONFIG, 0, 0 },
	{ "write+execute entry", 0x7000 | 6 | WB, Q_X, EPT02_L1_MISCONFIG, 0, 0 },
	{ "reserved memory type 2", 0x7000 | 7 | (2ull << 3), Q_R, EPT02_L1_MISCONFIG, 0, 0 },
	{ "reserved bit 51", 0x7000 | 7 | WB | (1ull << 51), Q_R, EPT02_L1_MISCONFIG, 0, 0 },
	{ "L1 page outside its memory", MEM | 7 | WB, Q_R, EPT02_OUTSIDE_L1, 0, 0 },
	{ "L1 page far outside", (1ull << 36) | 7 | WB, Q_W, EPT02_OUTSIDE_L1, 0, 0 },
};

TEST(ept02_fault_table)
{
	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *row = &rows[r];
		uint64_t qual12 = ~0ull, l1_gpa = ~0ull;

		setup(true, 64);
		fake_put64(VCPU, EPT_PT0 + 8 * (L2_PAGE >> 12), row->pte);
		enum ept02_fault got = nested_ept02_fault(VCPU, L2_PAGE | 0x123, row->qual, &qual12,
							  &l1_gpa);
		CHECKF(got == row->want, "%s: result %d, want %d", row->name, got, row->want);
		uint64_t leaf = ept02_leaf(L2_PAGE);
		if (row->want == EPT02_FILLED) {
			CHECKF((leaf & 0x000ffffffffff000ull) == vm.mem_hpa + 0x7000,
			       "%s: ept02 maps 0x%lx", row->name, (unsigned long)leaf);
			CHECKF((leaf & EPT_RWX) == row->perms02, "%s: ept02 perms %lx", row->name,
			       (unsigned long)(leaf & EPT_RWX));
			/* The whole address: an MMIO emulation needs the offset. */
			CHECKF(l1_gpa == 0x7123, "%s: l1_gpa 0x%lx", row->name, (unsigned long)l1_gpa);
		} else {
			CHECKF(!leaf, "%s: ept02 mapped it", row->name);
		}
		if (row->want == EPT02_L1_VIOLATION)
			CHECKF(qual12 == row->qual12, "%s: qual12 0x%lx, want 0x%lx", row->name,
			       (unsigned long)qual12, (unsigned long)row->qual12);
		if (row->want == EPT02_OUTSIDE_L1)
			CHECKF(l1_gpa == ((row->pte & 0x000ffffffffff000ull) | 0x123), "%s: l1_gpa 0x%lx",
			       row->name, (unsigned long)l1_gpa);
		CHECK_EQ(VCPU->stats.counter[VM_STAT_EPT02_RECLAIMS], 0);
		teardown();
	}
}

/* A table of L1's EPT outside L1's memory reads as all ones on the
 * processor: reserved bits, a misconfiguration. */
TEST(ept12_table_outside_l1)
{
	uint64_t q12, l1;

	setup(true, 64);
	fake_put64(VCPU, EPT_PD0, (MEM + 0x3000) | 7);
	CHECK_EQ(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1), EPT02_L1_MISCONFIG);
	fake_put64(VCPU, EPT_PML4, (1ull << 39) | 7);
	CHECK_EQ(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1), EPT02_L1_MISCONFIG);
	CHECK(!ept02_leaf(L2_PAGE));
	teardown();
}

/* L1 without EPT: L2-physical is L1-physical, all of L1 is in ept02 from
 * the start, so a fault is L1's (the access is outside its memory). */
TEST(l1_without_ept)
{
	uint64_t q12, l1;

	setup(false, 64);
	CHECK_EQ(ept02_leaf(0x7000) & 0x000ffffffffff000ull, vm.mem_hpa + 0x7000);
	CHECK_EQ(ept02_leaf(MEM - 4096) & 0x000ffffffffff000ull, vm.mem_hpa + MEM - 4096);
	CHECK(!ept02_leaf(MEM));
	CHECK_EQ(nested_ept02_fault(VCPU, MEM, Q_R | Q_GLA, &q12, &l1), EPT02_L1_VIOLATION);
	CHECK_EQ(q12, Q_R | Q_GLA);
	teardown();
}

/* Over its page quota the VM's ept02 is dropped and rebuilt with just the
 * faulting page; what was mapped before faults in again. */
TEST(ept02_reclaim_over_quota)
{
	uint64_t q12, l1;

	/* PML4 + PDPT + PD + PT for L2_PAGE: the whole quota. */
	setup(true, 4);
	fake_put64(VCPU, EPT_PT0 + 8 * (L2_PAGE >> 12), 0x7000 | 7 | WB);
	CHECK_EQ(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1), EPT02_FILLED);
	CHECK_EQ(vm.pages.used, 4);
	/* L2_FAR needs a PD and a PT more: no room until ept02 is dropped. */
	CHECK_EQ(nested_ept02_fault(VCPU, L2_FAR, Q_R, &q12, &l1), EPT02_FILLED);
	CHECK_EQ(VCPU->stats.counter[VM_STAT_EPT02_RECLAIMS], 1);
	CHECK_EQ(vm.pages.used, 4);
	CHECK_EQ(ept02_leaf(L2_FAR) & 0x000ffffffffff000ull, vm.mem_hpa + 0x9000);
	CHECK(!ept02_leaf(L2_PAGE));
	CHECK_EQ(VCPU->nested.ept02_for, EPTP12);
	/* The current VMCS runs the new hierarchy (the hot entry path does not
	 * rewrite the EPT pointer). */
	CHECK_EQ(fake_vmcs_get(VCPU->vmcs_pa, VMCS_EPT_POINTER), ept_pointer(VCPU->nested.ept02_pml4));
	CHECK(vm.pages.peak <= vm.pages.limit);
	/* And back: the other page, another reclaim. */
	CHECK_EQ(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1), EPT02_FILLED);
	CHECK_EQ(VCPU->stats.counter[VM_STAT_EPT02_RECLAIMS], 2);
	CHECK_EQ(vm.state, VM_RUNNING);
	teardown();
}

/* Not even the faulting page fits an empty ept02: EPT02_NO_ROOM, within
 * the quota, whether the quota or the machine ran out. */
TEST(ept02_no_room)
{
	uint64_t q12, l1;

	for (uint64_t limit = 1; limit <= 3; limit++) {
		setup(true, limit);
		fake_put64(VCPU, EPT_PT0 + 8 * (L2_PAGE >> 12), 0x7000 | 7 | WB);
		CHECKF(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1) == EPT02_NO_ROOM,
		       "limit %lu", (unsigned long)limit);
		CHECKF(VCPU->stats.counter[VM_STAT_EPT02_RECLAIMS] == 1, "limit %lu", (unsigned long)limit);
		CHECK(vm.pages.used <= limit && vm.pages.peak <= limit);
		teardown();
	}
	/* The machine has no page left, whatever the quota says. */
	setup(true, 64);
	fake_put64(VCPU, EPT_PT0 + 8 * (L2_PAGE >> 12), 0x7000 | 7 | WB);
	fake_machine_pages = 1;
	CHECK_EQ(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1), EPT02_NO_ROOM);
	fake_machine_pages = -1;
	teardown();
	/* No room for the empty ept02 itself: prepare says so. */
	setup(true, 0);
	CHECK(!nested_ept02_prepare(VCPU));
	CHECK(!VCPU->nested.ept02_pml4);
	teardown();
}

/* ept02 follows vmcs12's EPTP: another EPTP12 drops it, the same keeps it. */
TEST(ept02_prepare_follows_eptp12)
{
	uint64_t q12, l1;

	setup(true, 64);
	fake_put64(VCPU, EPT_PT0 + 8 * (L2_PAGE >> 12), 0x7000 | 7 | WB);
	CHECK_EQ(nested_ept02_fault(VCPU, L2_PAGE, Q_R, &q12, &l1), EPT02_FILLED);
	CHECK(nested_ept02_prepare(VCPU));
	CHECK(ept02_leaf(L2_PAGE));
	vmcs12_write(VCPU->nested.vmcs12, VMCS_EPT_POINTER, (EPT_PML4 + 0x10000) | 6 | (3 << 3));
	CHECK(nested_ept02_prepare(VCPU));
	CHECK(!ept02_leaf(L2_PAGE));
	CHECK_EQ(VCPU->nested.ept02_for, (EPT_PML4 + 0x10000) | 6 | (3 << 3));
	CHECK_EQ(vm.pages.used, 1);
	teardown();
}
