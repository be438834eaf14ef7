/* SPDX-License-Identifier: MIT */
/*
 * L2's memory operands, hosted (vcpu_mem.c's in_l2 path, nested_operand.c,
 * nested_insn.c): an access l1hv makes for L2 goes through L2's paging,
 * each paging-structure entry and the final address through L1's EPT, and
 * faults as the CPU would report them to L1 (SDM 28.2.1, Table 28-7: access
 * bits, L1's permission bits, bit 7 linear address valid, bit 8 final
 * translation vs paging-structure entry), or as L2's #PF; a two-page write
 * whose second page is refused writes nothing. Then L2's VMREAD/VMWRITE of
 * L1's shadow VMCS with such operands.
 */
#include <string.h>

#include "common/free/x86.h"
#include "exit-reflect/exit_qual.h"
#include "l1hv/nested/vmx_operand.h"
#include "l1hv/vmx/ept.h"
#include "tests/unit/fake_l1hv.h"
#include "tests/unit/testlib.h"

#define MEM        (4ull << 20)
#define L2_OFF     (2ull << 20)        /* L1's EPT: L2-physical p -> L1-physical p + 2 MiB */
#define VMCS12     0x20000ull
#define SHADOW12   0x21000ull          /* L1's shadow VMCS (vmcs12 layout) */
#define EPT_PML4   0x40000ull
#define EPT_PDPT   0x41000ull
#define EPT_PD     0x42000ull
#define EPT_PT     0x43000ull
#define WB         (6ull << 3)
#define EPTP12     (EPT_PML4 | 6 | (3 << 3))
/* L2's 4-level paging, in L2-physical memory: LA maps page i to DATA + i pages. */
#define G_PML4     0x1000ull
#define G_PDPT     0x2000ull
#define G_PD       0x3000ull
#define G_PT       0x4000ull
#define DATA       0x10000ull
#define LA         0x200000ull

#define Q_R   EXIT_QUAL_EPT_READ
#define Q_W   EXIT_QUAL_EPT_WRITE
#define Q_RD  EXIT_QUAL_EPT_READABLE
#define Q_WR  EXIT_QUAL_EPT_WRITABLE
#define Q_EX  EXIT_QUAL_EPT_EXECUTABLE
#define Q_GLA EXIT_QUAL_EPT_GLA_VALID
#define Q_FIN EXIT_QUAL_EPT_GLA_TRANSLATED

static struct vm vm;
#define VCPU (&vm.vcpus[0])

static void l2_put64(uint64_t l2pa, uint64_t v) { fake_put64(VCPU, l2pa + L2_OFF, v); }
static uint64_t l2_get64(uint64_t l2pa) { return fake_get64(VCPU, l2pa + L2_OFF); }
static void ept12_pte(uint64_t l2pa, uint64_t v) { fake_put64(VCPU, EPT_PT + 8 * (l2pa >> 12), v); }
static void gpt_pte(unsigned i, uint64_t v) { l2_put64(G_PT + 8 * i, v); }

/* L2 runs in 64-bit mode at CPL 0 on the current VMCS (vmcs01 standing in
 * for vmcs02), with L1's EPT and ept02 as after VMLAUNCH. */
static void setup(void)
{
	fake_cpu_init();
	fake_vm_init(&vm, MEM, 64);
	struct vmcs12 *v = fake_gpa(VCPU, VMCS12);
	vmcs12_init(v, 0x2b);
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_ENABLE_EPT);
	vmcs12_write(v, VMCS_EPT_POINTER, EPTP12);
	vmcs12_write(v, VMCS_VMCS_LINK_POINTER, SHADOW12);
	vmcs12_init(fake_gpa(VCPU, SHADOW12), 0x8000002bu);
	VCPU->nested.vmxon = true;
	VCPU->nested.current_vmptr = VMCS12;
	VCPU->nested.vmcs12 = v;
	VCPU->nested.in_l2 = true;
	CHECK(nested_ept02_prepare(VCPU));

	fake_put64(VCPU, EPT_PML4, EPT_PDPT | 7);
	fake_put64(VCPU, EPT_PDPT, EPT_PD | 7);
	fake_put64(VCPU, EPT_PD, EPT_PT | 7);
	for (uint64_t p = 0; p < L2_OFF; p += 4096)
		ept12_pte(p, (p + L2_OFF) | 7 | WB);

	l2_put64(G_PML4, G_PDPT | 3);
	l2_put64(G_PDPT, G_PD | 3);
	l2_put64(G_PD + 8, G_PT | 3);          /* LA = 2 MiB: PD entry 1 */
	for (unsigned i = 0; i < 16; i++)
		gpt_pte(i, (DATA + 4096 * i) | 3);

	uint64_t cs = VCPU->vmcs_pa;
	fake_vmcs_put(cs, VMCS_GUEST_CR0, X86_CR0_PG | X86_CR0_WP | X86_CR0_PE | X86_CR0_NE);
	fake_vmcs_put(cs, VMCS_GUEST_CR3, G_PML4);
	fake_vmcs_put(cs, VMCS_GUEST_CR4, X86_CR4_PAE | (1u << 13));
	fake_vmcs_put(cs, VMCS_GUEST_IA32_EFER, X86_EFER_LMA | X86_EFER_LME);
	fake_vmcs_put(cs, VMCS_GUEST_CS_AR_BYTES, 0xa09b);
	fake_vmcs_put(cs, VMCS_GUEST_SS_AR_BYTES, 0xc093);
	fake_vmcs_put(cs, VMCS_GUEST_RFLAGS, 0x2 | X86_RFLAGS_CF | X86_RFLAGS_ZF);
}

static void teardown(void)
{
	nested_ept02_flush(VCPU);
	CHECK_EQ(vm.pages.used, 0);
	fake_vm_free(&vm);
}

enum mod { NONE, EPT12, GPT };

static const struct row {
	const char *name;
	enum mod mod;
	uint64_t where, value;        /* EPT12: the L2-physical page; GPT: L2's PT index */
	bool write;
	int rc;
	enum vcpu_mem_fault_kind kind;
	uint64_t qual;                /* EPT_VIOLATION */
	uint64_t gpa_page;            /* EPT_*: L2-physical page; NOT_RAM: L1-physical */
	uint32_t pf_error;
} rows[] = {
	{ "read", NONE, 0, 0, false, 0, 0, 0, 0, 0 },
	{ "write", NONE, 0, 0, true, 0, 0, 0, 0, 0 },
	{ "data page absent from L1's EPT, read", EPT12, DATA, 0, false, -1,
	  VCPU_MEM_EPT_VIOLATION, Q_R | Q_GLA | Q_FIN, DATA, 0 },
	{ "data page read-only in L1's EPT, write", EPT12, DATA, (DATA + L2_OFF) | 1 | WB, true, -1,
	  VCPU_MEM_EPT_VIOLATION, Q_W | Q_RD | Q_GLA | Q_FIN, DATA, 0 },
	{ "data page execute-only in L1's EPT, read", EPT12, DATA, (DATA + L2_OFF) | 4 | WB, false,
	  -1, VCPU_MEM_EPT_VIOLATION, Q_R | Q_EX | Q_GLA | Q_FIN, DATA, 0 },
	{ "data page read-only in L1's EPT, read", EPT12, DATA, (DATA + L2_OFF) | 1 | WB, false, 0,
	  0, 0, 0, 0 },
	/* The walk's read of L2's PT: bit 8 clear (a paging-structure entry). */
	{ "L2's PT absent from L1's EPT", EPT12, G_PT, 0, false, -1, VCPU_MEM_EPT_VIOLATION,
	  Q_R | Q_GLA, G_PT, 0 },
	{ "L2's PML4 write-execute in L1's EPT", EPT12, G_PML4, (G_PML4 + L2_OFF) | 6 | WB, false,
	  -1, VCPU_MEM_EPT_MISCONFIG, 0, G_PML4, 0 },
	{ "L2's PD execute-only in L1's EPT, write", EPT12, G_PD, (G_PD + L2_OFF) | 4 | WB, true, -1,
	  VCPU_MEM_EPT_VIOLATION, Q_R | Q_EX | Q_GLA, G_PD, 0 },
	{ "data page write-only in L1's EPT", EPT12, DATA, (DATA + L2_OFF) | 2 | WB, true, -1,
	  VCPU_MEM_EPT_MISCONFIG, 0, DATA, 0 },
	{ "data page with memory type 7", EPT12, DATA, (DATA + L2_OFF) | 7 | (7ull << 3), false, -1,
	  VCPU_MEM_EPT_MISCONFIG, 0, DATA, 0 },
	{ "L2 PTE not present, read", GPT, 0, 0, false, -1, VCPU_MEM_PAGE_FAULT, 0, 0, 0 },
	{ "L2 PTE not present, write", GPT, 0, 0, true, -1, VCPU_MEM_PAGE_FAULT, 0, 0, 2 },
	{ "L2 PTE read-only, write (CR0.WP)", GPT, 0, DATA | 1, true, -1, VCPU_MEM_PAGE_FAULT,
	  0, 0, 3 },
	{ "L2 PTE reserved bit", GPT, 0, DATA | 3 | (1ull << 50), false, -1, VCPU_MEM_PAGE_FAULT,
	  0, 0, 9 },
	{ "L1's EPT maps outside L1", EPT12, DATA, (8ull << 20) | 7 | WB, false, -1,
	  VCPU_MEM_NOT_RAM, 0, 8ull << 20, 0 },
};

TEST(l2_access_table)
{
	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		const struct row *row = &rows[r];
		struct vcpu_mem_fault f;
		uint64_t buf = 0x1122334455667788ull;
		int rc;

		setup();
		l2_put64(DATA + 0x40, 0xa5a5a5a5a5a5a5a5ull);
		if (row->mod == EPT12)
			ept12_pte(row->where, row->value);
		else if (row->mod == GPT)
			gpt_pte((unsigned)row->where, row->value);
		memset(&f, 0xee, sizeof(f));
		rc = row->write ? vcpu_linear_write(VCPU, LA + 0x40, &buf, 8, &f)
				: vcpu_linear_read(VCPU, LA + 0x40, &buf, 8, &f);
		CHECKF(rc == row->rc, "%s: rc %d", row->name, rc);
		if (!row->rc) {
			CHECKF(row->write ? l2_get64(DATA + 0x40) == 0x1122334455667788ull
					  : buf == 0xa5a5a5a5a5a5a5a5ull, "%s: data", row->name);
			teardown();
			continue;
		}
		CHECKF(f.kind == row->kind, "%s: kind %d, want %d", row->name, f.kind, row->kind);
		CHECKF(f.la == LA + 0x40, "%s: la 0x%lx", row->name, (unsigned long)f.la);
		if (row->kind == VCPU_MEM_EPT_VIOLATION)
			CHECKF(f.ept_qual == row->qual, "%s: qualification 0x%lx, want 0x%lx", row->name,
			       (unsigned long)f.ept_qual, (unsigned long)row->qual);
		if (row->kind == VCPU_MEM_EPT_VIOLATION || row->kind == VCPU_MEM_EPT_MISCONFIG ||
		    row->kind == VCPU_MEM_NOT_RAM)
			CHECKF((f.gpa & ~0xfffull) == row->gpa_page, "%s: gpa 0x%lx", row->name,
			       (unsigned long)f.gpa);
		if (row->kind == VCPU_MEM_PAGE_FAULT)
			CHECKF(f.pf_error == row->pf_error, "%s: #PF error %u, want %u", row->name,
			       f.pf_error, row->pf_error);
		/* A refused write leaves L1's memory alone. */
		CHECKF(l2_get64(DATA + 0x40) == 0xa5a5a5a5a5a5a5a5ull, "%s: memory changed", row->name);
		teardown();
	}
}

/* An 8-byte operand across two pages: every page is checked before any
 * byte is written, and the fault names the second page's linear address. */
TEST(two_page_write_second_refused_writes_nothing)
{
	static const struct {
		const char *name;
		enum mod mod;
		uint64_t where, value;
		enum vcpu_mem_fault_kind kind;
		uint64_t qual;
	} cases[] = {
		{ "second page read-only in L1's EPT", EPT12, DATA + 4096,
		  (DATA + 4096 + L2_OFF) | 1 | WB, VCPU_MEM_EPT_VIOLATION, Q_W | Q_RD | Q_GLA | Q_FIN },
		{ "second page misconfigured", EPT12, DATA + 4096, (DATA + 4096 + L2_OFF) | 2 | WB,
		  VCPU_MEM_EPT_MISCONFIG, 0 },
		{ "second page not present for L2", GPT, 1, 0, VCPU_MEM_PAGE_FAULT, 0 },
		{ "second page read-only for L2", GPT, 1, (DATA + 4096) | 1, VCPU_MEM_PAGE_FAULT, 0 },
		{ "second page outside L1", EPT12, DATA + 4096, (8ull << 20) | 7 | WB,
		  VCPU_MEM_NOT_RAM, 0 },
	};
	const uint8_t src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	for (unsigned c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct vcpu_mem_fault f;

		setup();
		uint8_t *first = fake_gpa(VCPU, DATA + L2_OFF + 4092);
		memset(first, 0xcc, 4);
		if (cases[c].mod == EPT12)
			ept12_pte(cases[c].where, cases[c].value);
		else
			gpt_pte((unsigned)cases[c].where, cases[c].value);
		CHECKF(vcpu_linear_write(VCPU, LA + 4092, src, 8, &f) == -1, "%s", cases[c].name);
		CHECKF(f.kind == cases[c].kind, "%s: kind %d", cases[c].name, f.kind);
		CHECKF(f.la == LA + 4096, "%s: la 0x%lx", cases[c].name, (unsigned long)f.la);
		if (f.kind == VCPU_MEM_EPT_VIOLATION)
			CHECKF(f.ept_qual == cases[c].qual, "%s: qual 0x%lx", cases[c].name,
			       (unsigned long)f.ept_qual);
		CHECKF(first[0] == 0xcc && first[1] == 0xcc && first[2] == 0xcc && first[3] == 0xcc,
		       "%s: first page written", cases[c].name);
		teardown();
	}
}

/* Both pages allowed: the bytes land in two L1 pages that are not adjacent. */
TEST(two_page_access_split)
{
	struct vcpu_mem_fault f;
	const uint8_t src[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t back[8];

	setup();
	gpt_pte(1, (DATA + 4096 * 9) | 3);
	CHECK_EQ(vcpu_linear_write(VCPU, LA + 4093, src, 8, &f), 0);
	CHECK(!memcmp(fake_gpa(VCPU, DATA + L2_OFF + 4093), src, 3));
	CHECK(!memcmp(fake_gpa(VCPU, DATA + 9 * 4096 + L2_OFF), src + 3, 5));
	CHECK_EQ(vcpu_linear_read(VCPU, LA + 4093, back, 8, &f), 0);
	CHECK(!memcmp(back, src, 8));
	CHECK_EQ(vcpu_linear_read(VCPU, LA, back, 4097, &f), -1);
	CHECK_EQ(f.kind, VCPU_MEM_NOT_RAM);
	teardown();
}

/* L1's own accesses (in_l2 clear) use L1's paging only: no EPT12. */
TEST(l1_access_ignores_ept12)
{
	struct vcpu_mem_fault f;
	uint64_t v = 0;

	setup();
	VCPU->nested.in_l2 = false;
	/* As L1's paging the same tables sit at L1-physical G_* (no offset). */
	fake_put64(VCPU, G_PML4, G_PDPT | 3);
	fake_put64(VCPU, G_PDPT, G_PD | 3);
	fake_put64(VCPU, G_PD + 8, G_PT | 3);
	fake_put64(VCPU, G_PT, DATA | 3);
	fake_put64(VCPU, DATA, 0x77);
	ept12_pte(DATA, 0);
	CHECK_EQ(vcpu_linear_read(VCPU, LA, &v, 8, &f), 0);
	CHECK_EQ(v, 0x77);
	teardown();
}

/* ---------------------------------------------------------------- VMREAD/VMWRITE of L2 */

/* L2's VMREAD/VMWRITE with the memory operand [RBX] (DS, 64-bit address)
 * and the field encoding in RAX, as the VM-exit instruction information
 * describes it (SDM 28.2.5, Table 28-14). */
static struct exit_info vmrw_exit(uint32_t reason)
{
	uint32_t info = (VMX_INSN_INFO_ADDR64 << VMX_INSN_INFO_ADDR_SIZE_SHIFT) |
			(VMX_SEG_DS << VMX_INSN_INFO_SEG_SHIFT) | VMX_INSN_INFO_INDEX_INVALID |
			(VMX_GPR_RBX << VMX_INSN_INFO_BASE_SHIFT) |
			((uint32_t)VMX_GPR_RAX << VMX_INSN_INFO_REG2_SHIFT);

	fake_vmcs_put(VCPU->vmcs_pa, VMCS_VMX_INSTRUCTION_INFO, info);
	VCPU->regs[GPR_RAX] = VMCS_GUEST_RIP;
	VCPU->regs[GPR_RBX] = LA + 0x80;
	return (struct exit_info){ .reason = reason, .basic = reason, .qual = 0 };
}

static struct vmcs12 *shadow12(void)
{
	return fake_gpa(VCPU, SHADOW12);
}

static uint64_t rflags(void)
{
	return fake_vmcs_get(VCPU->vmcs_pa, VMCS_GUEST_RFLAGS);
}

TEST(l2_vmread_to_memory)
{
	setup();
	vmcs12_write(shadow12(), VMCS_GUEST_RIP, 0xfeedface1234ull);
	struct exit_info e = vmrw_exit(EXIT_REASON_VMREAD);
	CHECK_EQ(nested_l2_vmread(VCPU, &e), EXIT_ADVANCE);
	CHECK_EQ(l2_get64(DATA + 0x80), 0xfeedface1234ull);
	CHECK_EQ(rflags() & (X86_RFLAGS_CF | X86_RFLAGS_ZF), 0);
	CHECK_EQ(fake_nested_exit.ept_faults, 0);
	teardown();
}

/* The destination is read-only in L1's EPT: L1 gets the EPT violation
 * (with the final-translation bit), L2 nothing, L1's memory stays. */
TEST(l2_vmread_ept_violation_reflected)
{
	setup();
	vmcs12_write(shadow12(), VMCS_GUEST_RIP, 0xfeedface1234ull);
	l2_put64(DATA + 0x80, 0x5555);
	ept12_pte(DATA, (DATA + L2_OFF) | 1 | WB);
	struct exit_info e = vmrw_exit(EXIT_REASON_VMREAD);
	CHECK_EQ(nested_l2_vmread(VCPU, &e), EXIT_RESUME);
	CHECK_EQ(fake_nested_exit.ept_faults, 1);
	CHECK_EQ(fake_nested_exit.ept_fault.kind, VCPU_MEM_EPT_VIOLATION);
	CHECK_EQ(fake_nested_exit.ept_fault.ept_qual, Q_W | Q_RD | Q_GLA | Q_FIN);
	CHECK_EQ(fake_nested_exit.ept_fault.gpa, DATA + 0x80);
	CHECK_EQ(fake_nested_exit.ept_fault.la, LA + 0x80);
	CHECK_EQ(l2_get64(DATA + 0x80), 0x5555);
	CHECK_EQ(fake_injected.count, 0);
	teardown();
}

TEST(l2_vmwrite_from_memory)
{
	setup();
	l2_put64(DATA + 0x80, 0xabcdef);
	struct exit_info e = vmrw_exit(EXIT_REASON_VMWRITE);
	CHECK_EQ(nested_l2_vmwrite(VCPU, &e), EXIT_ADVANCE);
	CHECK_EQ(vmcs12_read(shadow12(), VMCS_GUEST_RIP), 0xabcdef);
	CHECK_EQ(rflags() & (X86_RFLAGS_CF | X86_RFLAGS_ZF), 0);
	teardown();
}

/* The source's page-structure page is misconfigured in L1's EPT: exit 49
 * for L1, the shadow VMCS unchanged. */
TEST(l2_vmwrite_ept_misconfig_reflected)
{
	setup();
	vmcs12_write(shadow12(), VMCS_GUEST_RIP, 0x42);
	ept12_pte(G_PT, (G_PT + L2_OFF) | 2 | WB);
	struct exit_info e = vmrw_exit(EXIT_REASON_VMWRITE);
	CHECK_EQ(nested_l2_vmwrite(VCPU, &e), EXIT_RESUME);
	CHECK_EQ(fake_nested_exit.ept_faults, 1);
	CHECK_EQ(fake_nested_exit.ept_fault.kind, VCPU_MEM_EPT_MISCONFIG);
	CHECK_EQ(vmcs12_read(shadow12(), VMCS_GUEST_RIP), 0x42);
	teardown();
}

/* Not L2's fault but a malformed one: #GP for a non-canonical address. */
TEST(l2_vmread_non_canonical)
{
	setup();
	struct exit_info e = vmrw_exit(EXIT_REASON_VMREAD);
	VCPU->regs[GPR_RBX] = 0x0000800000000000ull;
	CHECK_EQ(nested_l2_vmread(VCPU, &e), EXIT_RESUME);
	CHECK_EQ(fake_injected.count, 1);
	CHECK_EQ(fake_injected.vector, 13);
	CHECK_EQ(fake_nested_exit.ept_faults, 0);
	teardown();
}

/* No shadow VMCS linked (link pointer ~0): VMfailInvalid for L2. */
TEST(l2_vmread_without_shadow_vmcs)
{
	setup();
	vmcs12_write(VCPU->nested.vmcs12, VMCS_VMCS_LINK_POINTER, ~0ull);
	struct exit_info e = vmrw_exit(EXIT_REASON_VMREAD);
	CHECK_EQ(nested_l2_vmread(VCPU, &e), EXIT_ADVANCE);
	CHECK_EQ(rflags() & (X86_RFLAGS_CF | X86_RFLAGS_ZF), X86_RFLAGS_CF);
	teardown();
}
