/* SPDX-License-Identifier: MIT */
/*
 * VM entry and the VM-exit landing point. A VM exit loads RSP/RIP from the
 * host-state area (SDM 28.5.1): HOST_RIP is vmx_exit_landing (written once
 * with the rest of the host state), HOST_RSP is vmx_enter's own stack
 * position, written only when it differs from the value cached for this
 * VMCS (it rarely does: one VMWRITE saved per entry, as KVM does). At the
 * landing point the stack holds the regs pointer and the callee-saved
 * registers.
 */
#define VMCS_HOST_RSP 0x6c14

/* Offsets into the regs array (enum gpr). */
#define R_RAX 0
#define R_RCX 8
#define R_RDX 16
#define R_RBX 24
#define R_RBP 40
#define R_RSI 48
#define R_RDI 56
#define R_R8  64
#define R_R9  72
#define R_R10 80
#define R_R11 88
#define R_R12 96
#define R_R13 104
#define R_R14 112
#define R_R15 120

	.text
	.globl vmx_enter, vmx_exit_landing
/* int vmx_enter(uint64_t *regs [rdi], int launched [esi], uint64_t *host_rsp [rdx]) */
vmx_enter:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	pushq %rdi                      /* regs, found again at the landing */

	cmpq %rsp, (%rdx)
	je 0f
	movq %rsp, (%rdx)
	movq $VMCS_HOST_RSP, %rax
	vmwrite %rsp, %rax
0:

	movl %esi, %eax                 /* launched? decide before loading GPRs */
	testl %eax, %eax
	movq R_RCX(%rdi), %rcx
	movq R_RDX(%rdi), %rdx
	movq R_RBX(%rdi), %rbx
	movq R_RBP(%rdi), %rbp
	movq R_RSI(%rdi), %rsi
	movq R_R8(%rdi), %r8
	movq R_R9(%rdi), %r9
	movq R_R10(%rdi), %r10
	movq R_R11(%rdi), %r11
	movq R_R12(%rdi), %r12
	movq R_R13(%rdi), %r13
	movq R_R14(%rdi), %r14
	movq R_R15(%rdi), %r15
	movq R_RAX(%rdi), %rax          /* mov keeps ZF from the test above */
	movq R_RDI(%rdi), %rdi
	jnz 1f
	vmlaunch
	jmp vmx_entry_failed
1:	vmresume
vmx_entry_failed:
	/* VMfailInvalid sets CF, VMfailValid sets ZF (SDM 31.2). */
	movl $1, %eax
	movl $2, %edx
	cmovzl %edx, %eax
	addq $8, %rsp                   /* regs pointer */
	jmp vmx_restore_host

vmx_exit_landing:
	pushq %rdi                      /* guest RDI */
	movq 8(%rsp), %rdi              /* regs */
	movq %rax, R_RAX(%rdi)
	movq %rcx, R_RCX(%rdi)
	movq %rdx, R_RDX(%rdi)
	movq %rbx, R_RBX(%rdi)
	movq %rbp, R_RBP(%rdi)
	movq %rsi, R_RSI(%rdi)
	movq %r8, R_R8(%rdi)
	movq %r9, R_R9(%rdi)
	movq %r10, R_R10(%rdi)
	movq %r11, R_R11(%rdi)
	movq %r12, R_R12(%rdi)
	movq %r13, R_R13(%rdi)
	movq %r14, R_R14(%rdi)
	movq %r15, R_R15(%rdi)
	popq R_RDI(%rdi)
	addq $8, %rsp                   /* regs pointer */
	xorl %eax, %eax
vmx_restore_host:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret
