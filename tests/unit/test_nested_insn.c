/* SPDX-License-Identifier: MIT */
/*
 * nested_insn.c hosted: L1's VMXON, VMPTRLD, VMPTRST, VMCLEAR, VMREAD and
 * VMWRITE with memory operands in L1's (paged) memory, each ending as SDM
 * ch. 31 says: VMsucceed (CF = ZF = 0), VMfailInvalid (CF), VMfailValid(n)
 * (ZF, n in the current vmcs12), #UD, #GP.
 */
#include "common/free/x86.h"
#include "l1hv/nested/vmx_operand.h"
#include "tests/unit/fake_l1hv.h"
#include "tests/unit/testlib.h"
#include "vmcs12/vmx_insn_error.h"

#define MEM      (1ull << 20)
#define VMXON    0x20000ull
#define VMCS_A   0x21000ull
#define VMCS_B   0x22000ull
#define OPND     0x30000ull       /* the memory operand, [RBX] */

enum done { OK, FAIL_INVALID, FAIL_VALID, UD, GP };

static struct vm vm;
#define VCPU (&vm.vcpus[0])

/* L1 in 64-bit mode at CPL 0 with CR4.VMXE, identity-paged with 2 MiB pages. */
static void setup(void)
{
	fake_cpu_init();
	fake_vm_init(&vm, MEM, 64);
	fake_put64(VCPU, 0x1000, 0x2000 | 3);
	fake_put64(VCPU, 0x2000, 0x3000 | 3);
	fake_put64(VCPU, 0x3000, 0x83);                 /* [0, 2 MiB): PS, RW, P */
	uint64_t cs = VCPU->vmcs_pa;
	fake_vmcs_put(cs, VMCS_GUEST_CR0, 0x80000031);
	fake_vmcs_put(cs, VMCS_GUEST_CR3, 0x1000);
	fake_vmcs_put(cs, VMCS_GUEST_CR4, 0x2020);
	fake_vmcs_put(cs, VMCS_GUEST_IA32_EFER, 0xd00);
	fake_vmcs_put(cs, VMCS_GUEST_CS_AR_BYTES, 0xa09b);
	fake_vmcs_put(cs, VMCS_GUEST_SS_AR_BYTES, 0xc093);
	fake_vmcs_put(cs, VMCS_GUEST_RFLAGS, 0x2);
	*(uint32_t *)fake_gpa(VCPU, VMXON) = 0x2b;
	*(uint32_t *)fake_gpa(VCPU, VMCS_A) = 0x2b;
	*(uint32_t *)fake_gpa(VCPU, VMCS_B) = 0x2b;
	VCPU->regs[GPR_RBX] = OPND;
	fake_vmcs_put(cs, VMCS_VMX_INSTRUCTION_INFO,
		      (VMX_INSN_INFO_ADDR64 << VMX_INSN_INFO_ADDR_SIZE_SHIFT) |
		      (VMX_SEG_DS << VMX_INSN_INFO_SEG_SHIFT) | VMX_INSN_INFO_INDEX_INVALID |
		      (VMX_GPR_RBX << VMX_INSN_INFO_BASE_SHIFT) |
		      ((uint32_t)VMX_GPR_RAX << VMX_INSN_INFO_REG2_SHIFT));
}

/* How the instruction ended, from RFLAGS and the injected event. */
static enum done run(enum exit_result (*h)(struct vcpu *, struct exit_info *), uint32_t reason,
		     uint64_t operand)
{
	struct exit_info e = { .reason = reason, .basic = reason };
	unsigned inj = fake_injected.count;

	fake_put64(VCPU, OPND, operand);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_RFLAGS, 0x2 | X86_RFLAGS_CF | X86_RFLAGS_ZF);
	enum exit_result r = h(VCPU, &e);
	if (fake_injected.count != inj)
		return r == EXIT_RESUME && fake_injected.vector == 6 ? UD :
		       r == EXIT_RESUME && fake_injected.vector == 13 ? GP : -1;
	uint64_t fl = fake_vmcs_get(VCPU->vmcs_pa, VMCS_GUEST_RFLAGS) & (X86_RFLAGS_CF | X86_RFLAGS_ZF);
	if (r != EXIT_ADVANCE)
		return -1;
	return fl == 0 ? OK : fl == X86_RFLAGS_CF ? FAIL_INVALID : fl == X86_RFLAGS_ZF ? FAIL_VALID : -1;
}

static uint64_t insn_error(void)
{
	return vmcs12_read(VCPU->nested.vmcs12, VMCS_VM_INSTRUCTION_ERROR);
}

TEST(vmxon_operand)
{
	static const struct { const char *name; uint64_t ptr; uint32_t rev; enum done want; } rows[] = {
		{ "good region", VMXON, 0x2b, OK },
		{ "revision with the shadow-VMCS indicator", VMXON, 0x8000002bu, FAIL_INVALID },
		{ "wrong revision", VMXON, 0x2c, FAIL_INVALID },
		{ "unaligned", VMXON + 8, 0x2b, FAIL_INVALID },
		{ "outside L1's memory", MEM, 0x2b, FAIL_INVALID },
		{ "beyond MAXPHYADDR", 1ull << 40, 0x2b, FAIL_INVALID },
	};

	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		setup();
		*(uint32_t *)fake_gpa(VCPU, VMXON) = rows[r].rev;
		enum done d = run(handle_vmxon, EXIT_REASON_VMON, rows[r].ptr);
		CHECKF(d == rows[r].want, "%s: %d, want %d", rows[r].name, d, rows[r].want);
		CHECKF(VCPU->nested.vmxon == (rows[r].want == OK), "%s: in VMX operation", rows[r].name);
		fake_vm_free(&vm);
	}
	/* #UD without CR4.VMXE, #GP at CPL 3, VMfailValid(15) inside VMX operation
	 * (no current VMCS: VMfailInvalid). */
	setup();
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_CR4, 0x20);
	CHECK_EQ(run(handle_vmxon, EXIT_REASON_VMON, VMXON), UD);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_CR4, 0x2020);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_SS_AR_BYTES, 0xc0f3);
	CHECK_EQ(run(handle_vmxon, EXIT_REASON_VMON, VMXON), GP);
	fake_vmcs_put(VCPU->vmcs_pa, VMCS_GUEST_SS_AR_BYTES, 0xc093);
	CHECK_EQ(run(handle_vmxon, EXIT_REASON_VMON, VMXON), OK);
	CHECK_EQ(run(handle_vmxon, EXIT_REASON_VMON, VMXON), FAIL_INVALID);
	fake_vm_free(&vm);
}

TEST(vmptrld_vmptrst_vmclear)
{
	setup();
	CHECK_EQ(run(handle_vmptrld, EXIT_REASON_VMPTRLD, VMCS_A), UD);   /* not in VMX operation */
	CHECK_EQ(run(handle_vmxon, EXIT_REASON_VMON, VMXON), OK);
	CHECK_EQ(run(handle_vmptrst, EXIT_REASON_VMPTRST, 0), OK);
	CHECK_EQ(fake_get64(VCPU, OPND), NESTED_NO_VMCS);
	CHECK_EQ(run(handle_vmptrld, EXIT_REASON_VMPTRLD, VMCS_A), OK);
	CHECK_EQ(VCPU->nested.current_vmptr, VMCS_A);
	CHECK_EQ((uint64_t)VCPU->nested.vmcs12, vm.mem_hpa + VMCS_A);
	CHECK_EQ(run(handle_vmptrst, EXIT_REASON_VMPTRST, 0), OK);
	CHECK_EQ(fake_get64(VCPU, OPND), VMCS_A);

	static const struct { const char *name; uint64_t ptr; uint32_t error; } rows[] = {
		{ "unaligned", VMCS_B + 0x800, VMXERR_VMPTRLD_INVALID_ADDRESS },
		{ "outside L1's memory", MEM + 0x1000, VMXERR_VMPTRLD_INVALID_ADDRESS },
		{ "the VMXON region", VMXON, VMXERR_VMPTRLD_VMXON_POINTER },
	};
	for (unsigned r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		CHECKF(run(handle_vmptrld, EXIT_REASON_VMPTRLD, rows[r].ptr) == FAIL_VALID, "%s",
		       rows[r].name);
		CHECKF(insn_error() == rows[r].error, "%s: error %lu", rows[r].name,
		       (unsigned long)insn_error());
		CHECK_EQ(VCPU->nested.current_vmptr, VMCS_A);
	}
	*(uint32_t *)fake_gpa(VCPU, VMCS_B) = 0x2c;
	CHECK_EQ(run(handle_vmptrld, EXIT_REASON_VMPTRLD, VMCS_B), FAIL_VALID);
	CHECK_EQ(insn_error(), VMXERR_VMPTRLD_INCORRECT_VMCS_REVISION_ID);
	/* With the shadow-VMCS indicator: loadable (VMCS shadowing is offered). */
	*(uint32_t *)fake_gpa(VCPU, VMCS_B) = 0x8000002bu;
	CHECK_EQ(run(handle_vmptrld, EXIT_REASON_VMPTRLD, VMCS_B), OK);
	CHECK(VCPU->nested.vmcs12_is_shadow);
	/* VMCLEAR of the current VMCS: none current any more, launch state clear. */
	VCPU->nested.vmcs12->launch_state = VMCS12_LAUNCH_STATE_LAUNCHED;
	CHECK_EQ(run(handle_vmclear, EXIT_REASON_VMCLEAR, VMCS_B), OK);
	CHECK_EQ(VCPU->nested.current_vmptr, NESTED_NO_VMCS);
	CHECK(!VCPU->nested.vmcs12);
	CHECK_EQ(((struct vmcs12 *)fake_gpa(VCPU, VMCS_B))->launch_state, VMCS12_LAUNCH_STATE_CLEAR);
	/* No current VMCS: VMfail is VMfailInvalid. */
	CHECK_EQ(run(handle_vmclear, EXIT_REASON_VMCLEAR, VMXON), FAIL_INVALID);
	fake_vm_free(&vm);
}

/* VMREAD/VMWRITE of L1 with memory operands; an operand outside L1's RAM
 * is #GP, an unknown field VMfailValid(12), no current VMCS VMfailInvalid. */
TEST(l1_vmread_vmwrite_memory)
{
	setup();
	CHECK_EQ(run(handle_vmxon, EXIT_REASON_VMON, VMXON), OK);
	VCPU->regs[GPR_RAX] = VMCS_GUEST_RIP;
	CHECK_EQ(run(handle_vmread, EXIT_REASON_VMREAD, 0), FAIL_INVALID);
	CHECK_EQ(run(handle_vmptrld, EXIT_REASON_VMPTRLD, VMCS_A), OK);
	CHECK(VCPU->nested.vmcs02_stale);                  /* a new current VMCS */
	VCPU->nested.vmcs02_stale = false;                 /* as after an entry from it */
	CHECK_EQ(run(handle_vmwrite, EXIT_REASON_VMWRITE, 0xffffffff80001234ull), OK);
	CHECK_EQ(vmcs12_read(VCPU->nested.vmcs12, VMCS_GUEST_RIP), 0xffffffff80001234ull);
	CHECK(!VCPU->nested.vmcs02_stale);                 /* RIP is hot */
	VCPU->regs[GPR_RAX] = VMCS_GUEST_CR3;
	CHECK_EQ(run(handle_vmwrite, EXIT_REASON_VMWRITE, 0x5000), OK);
	CHECK(VCPU->nested.vmcs02_stale);
	VCPU->regs[GPR_RAX] = VMCS_GUEST_RIP;
	CHECK_EQ(run(handle_vmread, EXIT_REASON_VMREAD, 0), OK);
	CHECK_EQ(fake_get64(VCPU, OPND), 0xffffffff80001234ull);
	VCPU->regs[GPR_RAX] = 0x7ffe;
	CHECK_EQ(run(handle_vmread, EXIT_REASON_VMREAD, 0), FAIL_VALID);
	CHECK_EQ(insn_error(), VMXERR_UNSUPPORTED_VMCS_COMPONENT);
	VCPU->regs[GPR_RAX] = VMCS_GUEST_RIP;
	VCPU->regs[GPR_RBX] = MEM + 0x100;                  /* paged, but not RAM */
	CHECK_EQ(run(handle_vmread, EXIT_REASON_VMREAD, 0), GP);
	VCPU->regs[GPR_RBX] = MEM - 4;                      /* straddles the end of RAM */
	CHECK_EQ(run(handle_vmwrite, EXIT_REASON_VMWRITE, 0), GP);
	CHECK_EQ(vmcs12_read(VCPU->nested.vmcs12, VMCS_GUEST_RIP), 0xffffffff80001234ull);
	fake_vm_free(&vm);
}
