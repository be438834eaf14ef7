/* SPDX-License-Identifier: MIT */
/*
 * nested_entry.c hosted: VMLAUNCH/VMRESUME of L1 on the fake VMCS, for a
 * vmcs12 that passes every entry check (vmcs12_entry_fixture.h) in L1's
 * memory. What vmcs02 gets: L0's must-have controls, L1's wishes otherwise,
 * the CR0/CR4 masks and read shadows, EFER/PAT by the entry controls, the
 * virtual-APIC page translated (and refused outside L1's memory), PLE/XSS;
 * and on the hot VMRESUME path, exactly the hot fields.
 */
#include <string.h>

#include "common/free/x86.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/ept.h"
#include "l1hv/vmx/vmx.h"
#include "tests/unit/fake_l1hv.h"
#include "tests/unit/testlib.h"
#include "tests/unit/vmcs12_entry_fixture.h"

/* The fixture's memory callback: here L1 memory is the VM's (vm_read_phys). */
static bool (*const unused_fx_read_phys)(void *, uint64_t, void *, size_t)
	__attribute__((unused)) = fx_read_phys;

#define MEM       (1ull << 20)
#define VMCS12_GPA 0x20000ull
#define L1_EFER   0xd01ull                   /* SCE, LME, LMA, NXE */
#define L1_PAT    0x0000000001040506ull

static struct vm vm;
#define VCPU (&vm.vcpus[0])
static struct vmcs12 *v;

/* L1 in 64-bit mode at CPL 0 with a current vmcs12 at VMCS12_GPA; vmcs01 is
 * current. */
static void setup(void (*base)(struct vmcs12 *))
{
	struct fx_mem m;

	fake_cpu_init();
	fake_vm_init(&vm, MEM, 64);
	fx_mem_init(&m);
	memcpy(fake_gpa(VCPU, FX_MEM_BASE), m.bytes, FX_MEM_SIZE);
	fake_msrs[0] = (struct fake_msr){ .index = 0xc0000103u };     /* TSC_AUX */
	v = fake_gpa(VCPU, VMCS12_GPA);
	base(v);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_IA32_EFER, L1_EFER);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_IA32_PAT, L1_PAT);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_CS_AR_BYTES, 0xa09b);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_SS_AR_BYTES, 0xc093);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_CR0, 0x80000031);
	VCPU->nested.vmxon = true;
	VCPU->nested.vmxon_ptr = 0x30000;
	VCPU->nested.current_vmptr = VMCS12_GPA;
	VCPU->nested.vmcs12 = v;
}

static void teardown(void)
{
	if (VCPU->nested.ept02_pml4)
		ept_destroy(VCPU->nested.ept02_pml4, &vm.pages);
	if (VCPU->nested.vmcs02_pa) {
		page_free_charged(&vm.pages, VCPU->nested.vmcs02_pa);
		page_free_charged(&vm.pages, VCPU->nested.io_bitmap02);
		page_free_charged(&vm.pages, VCPU->nested.msr_bitmap02);
	}
	CHECK_EQ(vm.pages.used, 0);
	fake_vm_free(&vm);
}

static uint64_t f02(uint32_t field)
{
	return fake_vmcs_get(VCPU->nested.vmcs02_pa, field);
}

/* A VMLAUNCH that must reach L2. */
static bool launch(void)
{
	enum exit_result r = nested_enter(VCPU, true);
	bool ok = r == EXIT_RESUME && VCPU->nested.in_l2 && vm.state == VM_RUNNING &&
		  fake_vmcs_current() == VCPU->nested.vmcs02_pa && VCPU->nested.vmcs02_pa;

	if (!ok)
		printf("  launch: result %d, in_l2 %d, VMfail flags %lx, error %lu, entry-failed %u "
		       "(reason %u qual %lu), state %d %s\n", r, VCPU->nested.in_l2,
		       (unsigned long)fake_vmcs_get(VCPU->vmcs_pa, VMCS_GUEST_RFLAGS),
		       (unsigned long)vmcs12_read(v, VMCS_VM_INSTRUCTION_ERROR),
		       fake_nested_exit.entry_failed, fake_nested_exit.entry_failed_reason,
		       (unsigned long)fake_nested_exit.entry_failed_qual, vm.state, vm.stop_reason);
	return ok;
}

TEST(l0_must_have_controls)
{
	setup(entry_base_long);
	/* L1 asks for unconditional I/O exiting and no bitmaps, no HLT exiting;
	 * L0 overrides all three. */
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL,
		     (FX_PROC | CPU_BASED_UNCOND_IO_EXITING | CPU_BASED_RDTSC_EXITING) &
		     ~(CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_HLT_EXITING));
	CHECK(launch());
	uint32_t proc = (uint32_t)f02(VMCS_CPU_BASED_VM_EXEC_CONTROL);
	uint32_t proc2 = (uint32_t)f02(VMCS_SECONDARY_VM_EXEC_CONTROL);
	CHECK(proc & CPU_BASED_HLT_EXITING);
	CHECK(proc & CPU_BASED_MWAIT_EXITING);
	CHECK(proc & CPU_BASED_MONITOR_EXITING);
	CHECK(proc & CPU_BASED_USE_IO_BITMAPS);
	CHECK(proc & CPU_BASED_USE_MSR_BITMAPS);
	CHECK(!(proc & CPU_BASED_UNCOND_IO_EXITING));
	CHECK(proc & CPU_BASED_RDTSC_EXITING);            /* L1's wish */
	CHECK(proc & CPU_BASED_TPR_SHADOW);               /* L1's wish */
	CHECK(proc2 & SECONDARY_EXEC_ENABLE_EPT);
	CHECK(proc2 & SECONDARY_EXEC_ENABLE_VPID);
	CHECK(!(proc2 & SECONDARY_EXEC_SHADOW_VMCS));
	CHECK_EQ(f02(VMCS_VIRTUAL_PROCESSOR_ID), VCPU->nested.vpid02);
	CHECK_EQ(VCPU->nested.vpid02, 0x100 + vm.id);
	CHECK(VCPU->nested.vpid02 != vmcs12_read(v, VMCS_VIRTUAL_PROCESSOR_ID));
	CHECK(VCPU->nested.ept02_pml4);
	CHECK_EQ(f02(VMCS_EPT_POINTER), ept_pointer(VCPU->nested.ept02_pml4));
	CHECK_EQ(f02(VMCS_VMCS_LINK_POINTER), ~0ull);
	/* I/O bitmaps: one all-ones page for A and B; the MSR bitmap all ones
	 * but for L0's direct pass-through MSRs that L1 (all zeros) lets by. */
	uint64_t io = f02(VMCS_IO_BITMAP_A);
	CHECK_EQ(io, VCPU->nested.io_bitmap02);
	CHECK_EQ(f02(VMCS_IO_BITMAP_B), io);
	/* L1 uses no MSR bitmap: every RDMSR/WRMSR of L2 is L1's, so vmcs02's
	 * MSR bitmap is all ones too, pass-through MSRs included. */
	const uint8_t *iob = (const uint8_t *)io, *msrb = (const uint8_t *)f02(VMCS_MSR_BITMAP);
	unsigned io_ones = 0, msr_ones = 0;
	for (unsigned i = 0; i < 4096; i++) {
		io_ones += iob[i] == 0xff;
		msr_ones += msrb[i] == 0xff;
	}
	CHECK_EQ(io_ones, 4096);
	CHECK_EQ(msr_ones, 4096);
	CHECK_EQ((uint64_t)msrb, VCPU->nested.msr_bitmap02);
	CHECK_EQ(f02(VMCS_HOST_RIP), 0x4057);             /* L0's host state */
	CHECK_EQ(f02(VMCS_VM_EXIT_MSR_STORE_COUNT), 0);
	CHECK_EQ(f02(VMCS_VM_EXIT_MSR_LOAD_COUNT), 0);
	CHECK_EQ(f02(VMCS_VM_ENTRY_MSR_LOAD_COUNT), 0);
	uint32_t exit = (uint32_t)f02(VMCS_VM_EXIT_CONTROLS);
	CHECK(exit & VM_EXIT_HOST_ADDR_SPACE_SIZE);
	CHECK(exit & VM_EXIT_LOAD_IA32_EFER);
	CHECK(exit & VM_EXIT_LOAD_IA32_PAT);
	CHECK(f02(VMCS_PIN_BASED_VM_EXEC_CONTROL) & PIN_BASED_VMX_PREEMPTION_TIMER);
	/* vmcs12: launched; the entry's MSR-load area applied. */
	CHECK_EQ(v->launch_state, VMCS12_LAUNCH_STATE_LAUNCHED);
	CHECK_EQ(fake_msrs[0].value, 7);
	teardown();
}

/* With L1's MSR bitmap (all zeros but LSTAR writes): L0's direct
 * pass-through MSRs are direct for L2 where L1's bitmap lets them by, every
 * other MSR exits to L0 (which asks L1's bitmap). */
TEST(msr_bitmap_follows_l1)
{
	setup(entry_base_long);
	uint8_t *bm12 = fake_gpa(VCPU, FX_MSR_BITMAP);
	bm12[msr_bitmap_byte(MSR_IA32_LSTAR, true)] |= 1u << (MSR_IA32_LSTAR % 8);
	CHECK(launch());
	const uint8_t *bm02 = (const uint8_t *)VCPU->nested.msr_bitmap02;
	for (uint32_t msr = 0; msr < 0x2000; msr++) {
		CHECKF(bm02[msr_bitmap_byte(msr, false)] & (1u << (msr % 8)), "read %x", msr);
		CHECKF(bm02[msr_bitmap_byte(msr, true)] & (1u << (msr % 8)), "write %x", msr);
	}
	for (unsigned i = 0; i < VM_NR_PASSTHROUGH_MSRS; i++)
		for (int w = 0; w < 2; w++) {
			uint32_t msr = vm_passthrough_msrs[i];
			bool exits = bm02[msr_bitmap_byte(msr, w)] & (1u << (msr % 8));
			bool l1_wants = msr == MSR_IA32_LSTAR && w;
			CHECKF(exits == (l1_wants || !vm_passthrough_direct(i, w)), "MSR %x %s", msr,
			       w ? "write" : "read");
		}
	CHECK(bm02[msr_bitmap_byte(MSR_IA32_LSTAR, true)] & (1u << (MSR_IA32_LSTAR % 8)));
	CHECK(!(bm02[msr_bitmap_byte(MSR_IA32_LSTAR, false)] & (1u << (MSR_IA32_LSTAR % 8))));
	CHECK(!(bm02[msr_bitmap_byte(MSR_IA32_STAR, true)] & (1u << (MSR_IA32_STAR % 8))));
	teardown();
}

TEST(l1_wishes_copied)
{
	static const struct { uint32_t field; uint64_t value; } rows[] = {
		{ VMCS_EXCEPTION_BITMAP, 0x4042 },
		{ VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0x3 },
		{ VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0x1 },
		{ VMCS_CR3_TARGET_COUNT, 2 },
		{ VMCS_CR3_TARGET_VALUE0, 0x5000 },
		{ VMCS_CR3_TARGET_VALUE1, 0x6000 },
		{ VMCS_TSC_OFFSET, 0xfffffffffff00000ull },
		{ VMCS_TPR_THRESHOLD, 2 },
		{ VMCS_GUEST_RIP, 0xffffffff80402000ull },
		{ VMCS_GUEST_CR3, 0x2000 },
		{ VMCS_GUEST_GDTR_BASE, 0x4000 },
	};

	setup(entry_base_long);
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		vmcs12_write(v, rows[i].field, rows[i].value);
	CHECK(launch());
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		CHECKF(f02(rows[i].field) == rows[i].value, "%s = 0x%lx, want 0x%lx",
		       vmcs_field_name(rows[i].field), (unsigned long)f02(rows[i].field),
		       (unsigned long)rows[i].value);
	teardown();
}

/* The CPU's view of CR0/CR4 for L2: L0's fixed bits forced in the guest
 * value and owned by L0 in the mask, L1's mask on top; the read shadow is
 * L1's shadow for the bits L1 owns and L2's real value elsewhere. */
TEST(cr_masks_and_shadows)
{
	static const struct row {
		uint64_t m0, rs0, m4, rs4;
	} rows[] = {
		{ 0, 0, 0, 0 },
		{ X86_CR0_TS | X86_CR0_MP, X86_CR0_MP, X86_CR4_PGE, 0 },
		{ 0xffffffff, 0x80000011, 0x2000, 0x2000 },
		{ X86_CR0_WP, 0, X86_CR4_PAE, X86_CR4_PAE },
	};

	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		setup(entry_base_long);
		vmcs12_write(v, VMCS_CR0_GUEST_HOST_MASK, rows[r].m0);
		vmcs12_write(v, VMCS_CR0_READ_SHADOW, rows[r].rs0);
		vmcs12_write(v, VMCS_CR4_GUEST_HOST_MASK, rows[r].m4);
		vmcs12_write(v, VMCS_CR4_READ_SHADOW, rows[r].rs4);
		CHECKF(launch(), "row %u", r);
		uint64_t cr0 = vmcs12_read(v, VMCS_GUEST_CR0), cr4 = vmcs12_read(v, VMCS_GUEST_CR4);
		const struct vmx_caps *c = &vmx_cpu.caps;
		CHECKF(f02(VMCS_CR0_GUEST_HOST_MASK) == (vm_cr0_host_owned() | rows[r].m0),
		       "row %u: CR0 mask", r);
		CHECKF(f02(VMCS_CR4_GUEST_HOST_MASK) == (vm_cr4_host_owned() | rows[r].m4),
		       "row %u: CR4 mask", r);
		CHECKF(f02(VMCS_CR0_READ_SHADOW) == ((rows[r].rs0 & rows[r].m0) | (cr0 & ~rows[r].m0)),
		       "row %u: CR0 shadow 0x%lx", r, (unsigned long)f02(VMCS_CR0_READ_SHADOW));
		CHECKF(f02(VMCS_CR4_READ_SHADOW) == ((rows[r].rs4 & rows[r].m4) | (cr4 & ~rows[r].m4)),
		       "row %u: CR4 shadow", r);
		CHECKF(f02(VMCS_GUEST_CR0) ==
		       ((cr0 | (c->cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG))) & c->cr0_fixed1),
		       "row %u: CR0", r);
		CHECKF(f02(VMCS_GUEST_CR4) == ((cr4 | c->cr4_fixed0) & c->cr4_fixed1),
		       "row %u: CR4", r);
		teardown();
	}
}

/* SDM 27.3.2.1: EFER from vmcs12 with "load IA32_EFER", else L1's with
 * LMA/LME = "IA-32e mode guest"; PAT from vmcs12 with "load IA32_PAT",
 * else L1's. vmcs02 itself always loads both. */
TEST(efer_pat_by_entry_controls)
{
	static const struct row {
		const char *name;
		void (*base)(struct vmcs12 *);
		uint32_t entry;
		uint64_t efer, pat;
	} rows[] = {
		{ "long, load both", entry_base_long, FX_ENTRY | VM_ENTRY_IA32E_MODE, 0x500, FX_PAT },
		{ "long, load neither", entry_base_long,
		  (FX_ENTRY | VM_ENTRY_IA32E_MODE) & ~(VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT),
		  L1_EFER | X86_EFER_LMA | X86_EFER_LME, L1_PAT },
		{ "long, load PAT only", entry_base_long,
		  (FX_ENTRY | VM_ENTRY_IA32E_MODE) & ~VM_ENTRY_LOAD_IA32_EFER,
		  L1_EFER | X86_EFER_LMA | X86_EFER_LME, FX_PAT },
		{ "real, load both", entry_base_real, FX_ENTRY, 0, FX_PAT },
		{ "real, load neither", entry_base_real,
		  FX_ENTRY & ~(VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT),
		  L1_EFER & ~(X86_EFER_LMA | X86_EFER_LME), L1_PAT },
	};

	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		setup(rows[r].base);
		vmcs12_write(v, VMCS_VM_ENTRY_CONTROLS, rows[r].entry);
		CHECKF(launch(), "%s", rows[r].name);
		CHECKF(f02(VMCS_GUEST_IA32_EFER) == rows[r].efer, "%s: EFER 0x%lx, want 0x%lx",
		       rows[r].name, (unsigned long)f02(VMCS_GUEST_IA32_EFER),
		       (unsigned long)rows[r].efer);
		CHECKF(f02(VMCS_GUEST_IA32_PAT) == rows[r].pat, "%s: PAT", rows[r].name);
		uint32_t entry02 = (uint32_t)f02(VMCS_VM_ENTRY_CONTROLS);
		CHECKF((entry02 & VM_ENTRY_LOAD_IA32_EFER) && (entry02 & VM_ENTRY_LOAD_IA32_PAT),
		       "%s: vmcs02 loads EFER and PAT", rows[r].name);
		CHECKF(!(entry02 & VM_ENTRY_IA32E_MODE) == !(rows[r].entry & VM_ENTRY_IA32E_MODE),
		       "%s: IA-32e mode guest", rows[r].name);
		teardown();
	}
}

/* With "use TPR shadow", the CPU itself uses the virtual-APIC page while
 * L2 runs: vmcs02 has its host-physical address. */
TEST(virtual_apic_page_translated)
{
	setup(entry_base_long);
	CHECK(launch());
	CHECK_EQ(f02(VMCS_VIRTUAL_APIC_PAGE_ADDR), vm.mem_hpa + FX_VAPIC);
	CHECK_EQ(f02(VMCS_TPR_THRESHOLD), 1);
	teardown();

	setup(entry_base_long);
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, FX_PROC & ~CPU_BASED_TPR_SHADOW);
	CHECK(launch());
	CHECK_EQ(fake_vmcs_writes(VCPU->nested.vmcs02_pa, VMCS_VIRTUAL_APIC_PAGE_ADDR), 0);
	CHECK(!(f02(VMCS_CPU_BASED_VM_EXEC_CONTROL) & CPU_BASED_TPR_SHADOW));
	teardown();
}

/* A virtual-APIC page L1 does not have (the entry checks only ask for
 * MAXPHYADDR) would let L2's CPU write host memory: the VM is stopped,
 * vmcs01 is current again, L2 does not run. */
TEST(virtual_apic_page_outside_l1_refused)
{
	static const uint64_t outside[] = { MEM, MEM + 0x7000, 1ull << 32, (1ull << 40) - 4096 };

	for (unsigned i = 0; i < sizeof(outside) / sizeof(outside[0]); i++) {
		setup(entry_base_long);
		vmcs12_write(v, VMCS_VIRTUAL_APIC_PAGE_ADDR, outside[i]);
		enum exit_result r = nested_enter(VCPU, true);
		CHECKF(r == EXIT_STOP_VM && vm.state == VM_STOPPED, "0x%lx: result %d state %d",
		       (unsigned long)outside[i], r, vm.state);
		CHECKF(strstr(vm.stop_reason, "virtual-APIC"), "0x%lx: reason '%s'",
		       (unsigned long)outside[i], vm.stop_reason);
		CHECK(!VCPU->nested.in_l2);
		CHECK_EQ(fake_vmcs_current(), VCPU->vmcs_pa);
		CHECK(!VCPU->nested.vmcs02_pa ||
		      f02(VMCS_VIRTUAL_APIC_PAGE_ADDR) != vm.mem_hpa + outside[i]);
		teardown();
	}
}

TEST(ple_and_xss_copied)
{
	static const struct row {
		uint32_t sec;
		bool ple, xss;
	} rows[] = {
		{ FX_SEC, false, false },
		{ FX_SEC | SECONDARY_EXEC_PAUSE_LOOP_EXITING, true, false },
		{ FX_SEC | SECONDARY_EXEC_XSAVES, false, true },
		{ FX_SEC | SECONDARY_EXEC_PAUSE_LOOP_EXITING | SECONDARY_EXEC_XSAVES, true, true },
	};

	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		setup(entry_base_long);
		vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, rows[r].sec);
		vmcs12_write(v, VMCS_PLE_GAP, 128);
		vmcs12_write(v, VMCS_PLE_WINDOW, 4096);
		vmcs12_write(v, VMCS_XSS_EXIT_BITMAP, 0x100);
		CHECKF(launch(), "row %u", r);
		uint64_t pa = VCPU->nested.vmcs02_pa;
		uint32_t sec02 = (uint32_t)f02(VMCS_SECONDARY_VM_EXEC_CONTROL);
		CHECKF(!(sec02 & SECONDARY_EXEC_PAUSE_LOOP_EXITING) == !rows[r].ple, "row %u", r);
		CHECKF(!(sec02 & SECONDARY_EXEC_XSAVES) == !rows[r].xss, "row %u", r);
		CHECKF(rows[r].ple ? f02(VMCS_PLE_GAP) == 128 && f02(VMCS_PLE_WINDOW) == 4096
				   : !fake_vmcs_writes(pa, VMCS_PLE_GAP), "row %u: PLE", r);
		CHECKF(rows[r].xss ? f02(VMCS_XSS_EXIT_BITMAP) == 0x100
				   : !fake_vmcs_writes(pa, VMCS_XSS_EXIT_BITMAP), "row %u: XSS", r);
		teardown();
	}
}

/* What a reflected exit leaves for the next VMRESUME (nested_exit.c):
 * vmcs01 current, the hot fields remembered. */
static void as_after_exit(void)
{
	unsigned i = 0;

	VCPU->nested.in_l2 = false;
	CHECK(vmx_try_vmptrld(&VCPU->vmcs_pa));
#define X(f) VCPU->nested.hot_at_exit[i++] = v->f;
	VMCS12_ENTRY_HOT_FIELDS(X)
#undef X
}

static bool is_hot(uint32_t enc)
{
	switch (enc) {
#define X(f) case VMCS_##f:
	VMCS12_ENTRY_HOT_FIELDS(X)
#undef X
		return true;
	default:
		return false;
	}
}

/* VMRESUME after an exit where L1 changed only hot fields: vmcs02 gets
 * those fields and nothing else (no controls, no guest state rebuilt). */
TEST(hot_resume_copies_exactly_the_hot_fields)
{
	static const struct row {
		const char *name;
		uint32_t field;
		uint64_t delta;
	} rows[] = {
		{ "nothing changed", 0, 0 },
		{ "RIP moved", VMCS_GUEST_RIP, 3 },
		{ "RSP changed", VMCS_GUEST_RSP, 8 },
		{ "RFLAGS.IF set", VMCS_GUEST_RFLAGS, X86_RFLAGS_IF },
	};

	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		setup(entry_base_long);
		CHECK(launch());
		as_after_exit();
		uint64_t pa = VCPU->nested.vmcs02_pa;
		fake_vmcs_clear_writes(pa);
		if (rows[r].field)
			vmcs12_write(v, rows[r].field, vmcs12_read(v, rows[r].field) + rows[r].delta);
		unsigned entries = (unsigned)VCPU->stats.counter[VM_STAT_L2_ENTRIES];
		CHECKF(nested_enter(VCPU, false) == EXIT_RESUME && VCPU->nested.in_l2,
		       "%s: VMRESUME", rows[r].name);
		CHECK_EQ(VCPU->stats.counter[VM_STAT_L2_ENTRIES], entries + 1);
		uint32_t enc[VMCS_NR_FIELDS];
		unsigned n = fake_vmcs_written(pa, enc, VMCS_NR_FIELDS), hot = 0;
		for (unsigned i = 0; i < n; i++) {
			CHECKF(is_hot(enc[i]), "%s: %s written", rows[r].name, vmcs_field_name(enc[i]));
			hot += is_hot(enc[i]);
		}
		CHECKF(hot == VMCS12_ENTRY_NR_HOT, "%s: %u of %u hot fields written", rows[r].name,
		       hot, VMCS12_ENTRY_NR_HOT);
		if (rows[r].field)
			CHECKF(f02(rows[r].field) == vmcs12_read(v, rows[r].field), "%s: value",
			       rows[r].name);
		teardown();
	}
}

/* A change beyond the hot fields (a trapped VMWRITE marks vmcs02 stale)
 * rebuilds vmcs02 with every check. */
TEST(stale_resume_rebuilds)
{
	setup(entry_base_long);
	CHECK(launch());
	as_after_exit();
	uint64_t pa = VCPU->nested.vmcs02_pa;
	fake_vmcs_clear_writes(pa);
	vmcs12_write(v, VMCS_EXCEPTION_BITMAP, 1u << 14);
	VCPU->nested.vmcs02_stale = true;
	CHECK(nested_enter(VCPU, false) == EXIT_RESUME);
	CHECK_EQ(f02(VMCS_EXCEPTION_BITMAP), 1u << 14);
	CHECK(fake_vmcs_writes(pa, VMCS_CPU_BASED_VM_EXEC_CONTROL) == 1);
	CHECK(!VCPU->nested.vmcs02_stale);
	teardown();
}

/* The VM-entry MSR-load area refuses an entry: the entry fails (reason 34,
 * the entry's number), vmcs01 current, L2 not entered. */
TEST(entry_msr_load_failure)
{
	setup(entry_base_long);
	fake_put64(VCPU, FX_MSR_LOAD, MSR_IA32_FS_BASE);
	CHECK(nested_enter(VCPU, true) == EXIT_RESUME);
	CHECK(!VCPU->nested.in_l2);
	CHECK_EQ(fake_nested_exit.entry_failed, 1);
	CHECK_EQ(fake_nested_exit.entry_failed_reason, EXIT_REASON_MSR_LOAD_FAIL);
	CHECK_EQ(fake_nested_exit.entry_failed_qual, 1);
	CHECK_EQ(fake_vmcs_current(), VCPU->vmcs_pa);
	CHECK_EQ(vm.state, VM_RUNNING);
	teardown();
}

/* Out of page quota for vmcs02: the VM stops, nothing stays charged. */
TEST(vmcs02_over_quota)
{
	for (uint64_t limit = 0; limit < 4; limit++) {
		setup(entry_base_long);
		vm.pages.limit = limit;
		CHECKF(nested_enter(VCPU, true) == EXIT_STOP_VM && vm.state == VM_STOPPED,
		       "limit %lu", (unsigned long)limit);
		CHECKF(limit < 3 ? strstr(vm.stop_reason, "vmcs02") != NULL
				 : strstr(vm.stop_reason, "ept02") != NULL,
		       "limit %lu: '%s'", (unsigned long)limit, vm.stop_reason);
		CHECK_EQ(vm.pages.used, limit < 3 ? 0 : 3);
		CHECK_EQ(fake_vmcs_current(), VCPU->vmcs_pa);
		teardown();
	}
}
