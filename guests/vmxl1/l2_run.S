/* SPDX-License-Identifier: MIT */
/* int l2_run(int resume): VMLAUNCH/VMRESUME the current VMCS; a VM exit
 * lands at l2_exit_landing with HOST_RSP = our stack, as written below.
 * Returns 0 after a VM exit, 1 for VMfailInvalid, 2 for VMfailValid. */
#define VMCS_HOST_RSP 0x6c14
#define VMCS_HOST_RIP 0x6c16
	.text
	.globl l2_run
l2_run:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq $VMCS_HOST_RSP, %rax
	vmwrite %rsp, %rax
	movq $VMCS_HOST_RIP, %rax
	leaq l2_exit_landing(%rip), %rdx
	vmwrite %rdx, %rax
	testl %edi, %edi
	jnz 1f
	vmlaunch
	jmp 2f
1:	vmresume
2:	movl $1, %eax
	movl $2, %edx
	cmovzl %edx, %eax
	jmp 3f
l2_exit_landing:
	xorl %eax, %eax
3:	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
