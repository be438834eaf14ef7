/* SPDX-License-Identifier: MIT */
/*
 * VMCS shadowing offered to this guest hypervisor, used for its own guest:
 * L2 reads and writes fields of the shadow VMCS L1 links from its VMCS
 * without an exit to L1 (SDM 25.10, 31.3 VMREAD/VMWRITE in VMX non-root
 * operation). The level below emulates those accesses; L1 checks what L2
 * read, what landed in the shadow VMCS, and that no VMREAD/VMWRITE exit
 * reached it.
 */
#include "guests/lib/guest.h"
#include "guests/vmxl1/vmx_guest.h"
#include "guests/vmxl1/vmxl1.h"
#include "exit-reflect/exit_reasons.h"
#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

static uint8_t shadow_vmcs[4096] __attribute__((aligned(4096)));
static uint8_t vmread_bitmap[4096] __attribute__((aligned(4096)));
static uint8_t vmwrite_bitmap[4096] __attribute__((aligned(4096)));
uint64_t l2_shadow_out[2];

/* L2: VMREAD GUEST_RSP, VMWRITE it, VMREAD a field that does not exist,
 * then CPUID back to L1 (the first exit L1 should see). */
void l2_shadow_program(void);
asm(".text\n.globl l2_shadow_program\nl2_shadow_program:\n"
    "\tmov $0x681c, %rax\n\tvmread %rax, %rbx\n\tmov %rbx, l2_shadow_out(%rip)\n"
    "\tmov $0xabcd, %rcx\n\tvmwrite %rcx, %rax\n"
    "\tmov $0x4001, %rax\n\tvmread %rax, %rbx\n"
    "\tpushfq\n\tpop %rbx\n\tmov %rbx, l2_shadow_out+8(%rip)\n"
    "\txor %eax, %eax\n\tcpuid\n\thlt\n");

void vmxl1_check_l2_shadowing(void)
{
	uint32_t rev = (uint32_t)rdmsr(MSR_IA32_VMX_BASIC) & 0x7fffffff;
	uint64_t sec_cap = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2), v = 0, reason = ~0ull;

	if (!report(vmx_ctl_allows1(sec_cap, SECONDARY_EXEC_SHADOW_VMCS),
		    "VMCS shadowing offered to L1 (IA32_VMX_PROCBASED_CTLS2)"))
		return;
	*(uint32_t *)shadow_vmcs = rev | VMCS_SHADOW_VMCS_INDICATOR;
	vmclear((uint64_t)shadow_vmcs);
	report(vmptrld((uint64_t)shadow_vmcs) == VM_SUCCEED, "VMPTRLD of a shadow VMCS");
	vmwrite(VMCS_GUEST_RSP, 0x12345678);

	vmxl1_fresh_vmcs();
	vmxl1_use_shadow(shadow_vmcs, vmread_bitmap, vmwrite_bitmap);  /* all zero: all shadowed */
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_shadow_program);

	int rc = l2_run(0);
	vmread(VMCS_VM_EXIT_REASON, &reason);
	report(rc == VM_SUCCEED && reason == EXIT_REASON_CPUID,
	       "L2's shadowed VMREAD/VMWRITE: no exit to L1 (first exit %lu, CPUID)", reason);
	report(l2_shadow_out[0] == 0x12345678,
	       "L2's VMREAD reads L1's shadow VMCS (0x%lx)", l2_shadow_out[0]);
	vmread(VMCS_VM_INSTRUCTION_ERROR, &v);
	report((l2_shadow_out[1] & X86_RFLAGS_ZF) && v == 12,
	       "L2's VMREAD of a field that does not exist: VMfailValid(%lu)", v);
	vmptrld((uint64_t)shadow_vmcs);
	vmread(VMCS_GUEST_RSP, &v);
	report(v == 0xabcd, "L2's VMWRITE landed in L1's shadow VMCS (0x%lx)", v);
	vmclear((uint64_t)shadow_vmcs);
	vmptrld((uint64_t)vmxl1_vmcs);
}
