/* SPDX-License-Identifier: MIT */
/*
 * Outcomes the SDM's VMX instruction pseudo-code (Vol. 3C 31.3) gives and an
 * emulating L0 easily gets wrong, seen from L1:
 *   - the shadow-VMCS indicator (bit 31 of the revision): VMfailInvalid for
 *     a VMXON region that has it and for VMLAUNCH/VMRESUME with a shadow
 *     VMCS current (SDM 25.10: a shadow VMCS cannot be used for VM entry);
 *   - INVEPT/INVVPID: the type is checked before the memory operand is
 *     read, then the descriptor; each bad operand is VMfailValid(28);
 *   - VMREAD/VMWRITE of a field whose feature L1 was not offered is
 *     VMfailValid(12), from L1 and from L2 through VMCS shadowing, and
 *     IA32_VMX_VMCS_ENUM's highest index matches the fields L1 can use.
 * Runs outside VMX operation (after the other checks' VMXOFF) and leaves it.
 */
#include "common/free/cpu_tables.h"
#include "exit-reflect/exit_reasons.h"
#include "guests/lib/guest.h"
#include "guests/vmxl1/vmx_guest.h"
#include "guests/vmxl1/vmxl1.h"
#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

#define ERR_UNSUPPORTED  12
#define ERR_INV_OPERAND  28

static uint8_t sdm_vmxon_region[4096] __attribute__((aligned(4096)));
static uint8_t sdm_shadow[4096] __attribute__((aligned(4096)));
static uint8_t sdm_vmread_bitmap[4096] __attribute__((aligned(4096)));
static uint8_t sdm_vmwrite_bitmap[4096] __attribute__((aligned(4096)));
static uint64_t inv_desc[2] __attribute__((aligned(16)));
uint64_t l2_sdm_out[4];

/* The register operand goes in RCX and the descriptor's address in RAX,
 * so a faulting instruction is exactly 5 bytes (66 0F 38 8x 08). */
static int invvpid_at(uint64_t type, const void *desc)
{
	return VMX_OUTCOME("invvpid (%2), %3", "a"(desc), "c"(type));
}

static int invept_at(uint64_t type, const void *desc)
{
	return VMX_OUTCOME("invept (%2), %3", "a"(desc), "c"(type));
}

static int invvpid_desc(uint64_t type, uint64_t word0, uint64_t la)
{
	inv_desc[0] = word0;
	inv_desc[1] = la;
	return invvpid_at(type, inv_desc);
}

static int invept_desc(uint64_t type, uint64_t eptp)
{
	inv_desc[0] = eptp;
	inv_desc[1] = 0;
	return invept_at(type, inv_desc);
}

static bool failed_with(int rc, uint64_t err)
{
	return rc == VM_FAIL_VALID && vmx_insn_error() == err;
}

struct inv_at_ctx {
	bool ept;
	uint64_t type;
	const void *desc;
	int rc;
};

static void inv_at(void *p)
{
	struct inv_at_ctx *c = p;

	c->rc = c->ept ? invept_at(c->type, c->desc) : invvpid_at(c->type, c->desc);
}

/* Descriptor at a non-canonical address: reading it would be #GP(0). */
#define NONCANON_DESC ((const void *)0x8000000000001000ull)

static void check_shadow_indicator(uint32_t rev)
{
	uint64_t sec = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);

	if (!vmx_ctl_allows1(sec, SECONDARY_EXEC_SHADOW_VMCS)) {
		report_skip("VMLAUNCH with a shadow VMCS current (VMCS shadowing not offered)");
		return;
	}
	*(uint32_t *)sdm_shadow = rev | VMCS_SHADOW_VMCS_INDICATOR;
	vmclear((uint64_t)sdm_shadow);
	report(vmptrld((uint64_t)sdm_shadow) == VM_SUCCEED,
	       "SDM: VMPTRLD of a shadow VMCS: VMsucceed");
	/* A shadow VMCS holds no VM: nothing of it may be checked or run. */
	report(l2_run(0) == VM_FAIL_INVALID,
	       "SDM: VMLAUNCH with a shadow VMCS current: VMfailInvalid");
	report(l2_run(1) == VM_FAIL_INVALID,
	       "SDM: VMRESUME with a shadow VMCS current: VMfailInvalid");
	vmclear((uint64_t)sdm_shadow);
}

static void check_invvpid(void)
{
	uint64_t cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	struct inv_at_ctx c = { .ept = false, .type = 4, .desc = NONCANON_DESC, .rc = -1 };

	if (!(cap & VMX_VPID_INVVPID_BIT) || (cap & GENMASK_ULL(43, 40)) != GENMASK_ULL(43, 40)) {
		report_skip("INVVPID checks (INVVPID or one of its types not offered)");
		return;
	}
	report(failed_with(invvpid_desc(0, 0, 0x1000), ERR_INV_OPERAND),
	       "SDM: INVVPID type 0 with VPID 0: VMfailValid(28)");
	report(failed_with(invvpid_desc(1, 0, 0), ERR_INV_OPERAND),
	       "SDM: INVVPID type 1 with VPID 0: VMfailValid(28)");
	report(failed_with(invvpid_desc(3, 0, 0), ERR_INV_OPERAND),
	       "SDM: INVVPID type 3 with VPID 0: VMfailValid(28)");
	report(invvpid_desc(2, 0, 0) == VM_SUCCEED, "SDM: INVVPID type 2 with VPID 0: VMsucceed");
	report(failed_with(invvpid_desc(1, 1 | 1ull << 16, 0), ERR_INV_OPERAND) &&
	       failed_with(invvpid_desc(2, 1ull << 63, 0), ERR_INV_OPERAND),
	       "SDM: INVVPID with descriptor bits 63:16 set (types 1, 2): VMfailValid(28)");
	report(failed_with(invvpid_desc(0, 1, 0x0100000000000000ull), ERR_INV_OPERAND),
	       "SDM: INVVPID type 0 with a non-canonical address: VMfailValid(28)");
	report(invvpid_desc(0, 1, 0x1000) == VM_SUCCEED && invvpid_desc(1, 1, 0) == VM_SUCCEED &&
	       invvpid_desc(3, 1, 0) == VM_SUCCEED,
	       "SDM: INVVPID types 0, 1, 3 with VPID 1: VMsucceed");
	/* The type comes first: an unsupported one fails before the
	 * descriptor (here at a non-canonical address) is read. */
	int vec = catch_exception(inv_at, &c, 5);
	report(vec == -1 && failed_with(c.rc, ERR_INV_OPERAND),
	       "SDM: INVVPID type 4, descriptor not readable: VMfailValid(28) before the read "
	       "(vector %d)", vec);
	c.type = 1ull << 32 | 1;
	vec = catch_exception(inv_at, &c, 5);
	report(vec == -1 && failed_with(c.rc, ERR_INV_OPERAND),
	       "SDM: INVVPID type with bits 63:32 set: VMfailValid(28) (vector %d)", vec);
	c.type = 1;
	vec = catch_exception(inv_at, &c, 5);
	report(vec == X86_EXC_GP,
	       "SDM: INVVPID type 1, descriptor at a non-canonical address: #GP (%d)",
	       vec);
}

static void check_invept(void)
{
	uint64_t cap = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	struct inv_at_ctx c = { .ept = true, .type = 0, .desc = NONCANON_DESC, .rc = -1 };
	uint64_t good = (uint64_t)sdm_shadow | (3u << 3) | 6;     /* WB, 4-level walk */

	if (!(cap & VMX_EPT_INVEPT_BIT) || !(cap & VMX_EPT_EXTENT_CONTEXT_BIT) ||
	    !(cap & VMX_EPTP_WB_BIT)) {
		report_skip("INVEPT checks (INVEPT, single-context or WB EPTP not offered)");
		return;
	}
	report(invept_desc(1, good) == VM_SUCCEED,
	       "SDM: INVEPT single-context, valid EPTP: VMsucceed");
	report(failed_with(invept_desc(1, (uint64_t)sdm_shadow | (3u << 3) | 2),
			   ERR_INV_OPERAND),
	       "SDM: INVEPT single-context, EPTP memory type 2: VMfailValid(28)");
	report(failed_with(invept_desc(1, (uint64_t)sdm_shadow | 6), ERR_INV_OPERAND),
	       "SDM: INVEPT single-context, EPTP walk length 1: VMfailValid(28)");
	report(failed_with(invept_desc(1, good | 1ull << 62), ERR_INV_OPERAND),
	       "SDM: INVEPT single-context, EPTP beyond MAXPHYADDR: VMfailValid(28)");
	report(invept_desc(2, 0) == VM_SUCCEED, "SDM: INVEPT global ignores the EPTP: VMsucceed");
	int vec = catch_exception(inv_at, &c, 5);
	report(vec == -1 && failed_with(c.rc, ERR_INV_OPERAND),
	       "SDM: INVEPT type 0, descriptor not readable: VMfailValid(28) before the read "
	       "(vector %d)", vec);
}

/* Fields that exist only with a feature L0 may not offer to L1. */
static const struct {
	uint32_t enc;
	const char *name;
	int msr_kind;        /* 0: secondary control, 1: pin-based control */
	uint32_t bit;
} gated[] = {
	{ VMCS_PML_ADDRESS, "PML address", 0, SECONDARY_EXEC_ENABLE_PML },
	{ VMCS_POSTED_INTR_DESC_ADDR, "posted-interrupt descriptor", 1, PIN_BASED_POSTED_INTR },
	{ VMCS_POSTED_INTR_NV, "posted-interrupt vector", 1, PIN_BASED_POSTED_INTR },
	{ VMCS_VM_FUNCTION_CONTROL, "VM-function controls", 0, SECONDARY_EXEC_ENABLE_VMFUNC },
	{ VMCS_EPTP_LIST_ADDRESS, "EPTP list", 0, SECONDARY_EXEC_ENABLE_VMFUNC },
	{ VMCS_VE_INFORMATION_ADDRESS, "#VE information address", 0,
	  SECONDARY_EXEC_EPT_VIOLATION_VE },
	{ VMCS_EPTP_INDEX, "EPTP index", 0, SECONDARY_EXEC_EPT_VIOLATION_VE },
	{ VMCS_TSC_MULTIPLIER, "TSC multiplier", 0, SECONDARY_EXEC_TSC_SCALING },
};

static bool offered(unsigned i)
{
	uint64_t basic = rdmsr(MSR_IA32_VMX_BASIC);
	bool true_ctls = basic & (1ull << 55);

	if (gated[i].msr_kind == 1)
		return vmx_ctl_allows1(rdmsr(true_ctls ? MSR_IA32_VMX_TRUE_PINBASED_CTLS
						       : MSR_IA32_VMX_PINBASED_CTLS), gated[i].bit);
	return vmx_ctl_allows1(rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2), gated[i].bit);
}

/* L2: VMREAD of the PML address through L1's shadow VMCS (bitmaps all 0),
 * VMWRITE of it, each followed by its RFLAGS, then CPUID back to L1. */
void l2_sdm_program(void);
asm(".text\n.globl l2_sdm_program\nl2_sdm_program:\n"
    "\tmov $0x200e, %rax\n\txor %ebx, %ebx\n\tvmread %rax, %rbx\n"
    "\tpushfq\n\tpop %rcx\n\tmov %rcx, l2_sdm_out(%rip)\n\tmov %rbx, l2_sdm_out+8(%rip)\n"
    "\tmov $0x1000, %rcx\n\tvmwrite %rcx, %rax\n"
    "\tpushfq\n\tpop %rcx\n\tmov %rcx, l2_sdm_out+16(%rip)\n"
    "\txor %eax, %eax\n\tcpuid\n\thlt\n");

static void check_l2_unsupported_field(uint32_t rev)
{
	uint64_t sec = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2), reason = ~0ull, err = ~0ull;

	if (offered(0) || !vmx_ctl_allows1(sec, SECONDARY_EXEC_SHADOW_VMCS)) {
		report_skip("L2's VMREAD of the PML address (PML offered, or no VMCS shadowing)");
		return;
	}
	*(uint32_t *)sdm_shadow = rev | VMCS_SHADOW_VMCS_INDICATOR;
	vmclear((uint64_t)sdm_shadow);
	vmxl1_fresh_vmcs();
	vmxl1_use_shadow(sdm_shadow, sdm_vmread_bitmap, sdm_vmwrite_bitmap);
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_sdm_program);
	l2_sdm_out[0] = l2_sdm_out[2] = 0;

	int rc = l2_run(0);
	vmread(VMCS_VM_EXIT_REASON, &reason);
	vmread(VMCS_VM_INSTRUCTION_ERROR, &err);
	report(rc == VM_SUCCEED && reason == EXIT_REASON_CPUID,
	       "SDM: L2's shadowed VMREAD/VMWRITE of the PML address: no exit to L1 (%lu)", reason);
	report((l2_sdm_out[0] & X86_RFLAGS_ZF) && (l2_sdm_out[2] & X86_RFLAGS_ZF) &&
	       err == ERR_UNSUPPORTED,
	       "SDM: L2's VMREAD and VMWRITE of the PML address (not offered): VMfailValid(%lu)",
	       err);
	vmclear((uint64_t)vmxl1_vmcs);
	vmclear((uint64_t)sdm_shadow);
}

static void check_unsupported_fields(uint32_t rev)
{
	uint64_t v = 0;

	*(uint32_t *)vmxl1_vmcs = rev;
	vmclear((uint64_t)vmxl1_vmcs);
	vmptrld((uint64_t)vmxl1_vmcs);
	for (unsigned i = 0; i < sizeof(gated) / sizeof(gated[0]); i++) {
		if (offered(i)) {
			report(vmread(gated[i].enc, &v) == VM_SUCCEED,
			       "SDM: VMREAD of the %s (offered): VMsucceed", gated[i].name);
			continue;
		}
		report(failed_with(vmread(gated[i].enc, &v), ERR_UNSUPPORTED),
		       "SDM: VMREAD of the %s (not offered): VMfailValid(12)", gated[i].name);
		report(failed_with(vmwrite(gated[i].enc, 0), ERR_UNSUPPORTED),
		       "SDM: VMWRITE of the %s (not offered): VMfailValid(12)", gated[i].name);
	}

	/* SDM A.9: IA32_VMX_VMCS_ENUM[9:1] is the highest index of any field
	 * encoding: some field has it, none has a higher one. */
	unsigned max = (unsigned)(rdmsr(MSR_IA32_VMX_VMCS_ENUM) >> 1) & 0x1ff;
	unsigned at_max = 0, above = 0;
	for (unsigned width = 0; width < 4; width++)
		for (unsigned type = 0; type < 4; type++)
			for (unsigned index = max; index <= 0x1ff; index++) {
				uint32_t enc = width << 13 | type << 10 | index << 1;
				if (vmread(enc, &v) != VM_SUCCEED)
					continue;
				if (index == max)
					at_max++;
				else
					above++;
			}
	report(at_max > 0 && above == 0,
	       "SDM: IA32_VMX_VMCS_ENUM highest index %u: %u fields at it, %u above it", max,
	       at_max, above);
	vmclear((uint64_t)vmxl1_vmcs);
}

void vmxl1_check_sdm(void)
{
	uint32_t rev = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;

	*(uint32_t *)sdm_vmxon_region = rev | VMCS_SHADOW_VMCS_INDICATOR;
	int rc = vmxon((uint64_t)sdm_vmxon_region);
	report(rc == VM_FAIL_INVALID,
	       "SDM: VMXON, region with the shadow-VMCS indicator set: VMfailInvalid");
	*(uint32_t *)sdm_vmxon_region = rev;
	if (rc != VM_SUCCEED &&
	    !report(vmxon((uint64_t)sdm_vmxon_region) == VM_SUCCEED, "SDM: VMXON"))
		return;
	check_shadow_indicator(rev);
	*(uint32_t *)vmxl1_vmcs = rev;
	vmclear((uint64_t)vmxl1_vmcs);
	vmptrld((uint64_t)vmxl1_vmcs);
	check_invvpid();
	check_invept();
	check_unsupported_fields(rev);
	check_l2_unsupported_field(rev);
	report(vmxoff() == VM_SUCCEED, "SDM: VMXOFF");
}
