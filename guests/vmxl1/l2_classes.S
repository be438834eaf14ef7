/* SPDX-License-Identifier: MIT */
/* L2 code for the reflection-class checks (classes.c). Each entry point is
 * started by L1 with GUEST_RIP set to it and ends in VMCALL (or in the exit
 * under test). */
	.text
	.globl l2_rdtsc, l2_cr0_unmasked, l2_cr0_masked, l2_pf_read, l2_pf_handler
	.globl l2_ept_outside, l2_pf_seen, l2_cr0_seen

l2_rdtsc:                               /* RDTSC exiting on: exit 16 */
	rdtsc
	vmcall

l2_cr0_unmasked:                        /* flip CR0.MP (not in L1's mask): no exit */
	movq %cr0, %rax
	xorq $2, %rax
	movq %rax, %cr0
	xorq $2, %rax
	movq %rax, %cr0
	movq %cr0, %rax                 /* TS (masked) reads from L1's read shadow */
	movq %rax, l2_cr0_seen(%rip)
	vmcall

l2_cr0_masked:                          /* set CR0.TS (in L1's mask, shadow 0): exit 28 */
	movq %cr0, %rax
	orq $8, %rax
	movq %rax, %cr0
	vmcall

l2_pf_read:                             /* read an address L2's page tables do not map */
	movq $0x3fe00000, %rax
	movq (%rax), %rax               /* 3 bytes: 48 8b 00 */
	vmcall

l2_ept_outside:                         /* read L2-physical 8 MiB: outside L1's EPT grant */
	movq $0x800000, %rax
	movq (%rax), %rax
	vmcall

	/* #PF delivered to L2 (no exit): note it and skip the 3-byte load. */
l2_pf_handler:
	movq $1, l2_pf_seen(%rip)
	addq $8, %rsp                   /* error code */
	addq $3, (%rsp)
	iretq

	.bss
	.align 8
l2_pf_seen:	.skip 8
l2_cr0_seen:	.skip 8

	.text
	.globl l2_read_sysenter_esp, l2_msr_seen
l2_read_sysenter_esp:                   /* not in L1's MSR bitmap: answered below L1 */
	movl $0x175, %ecx
	rdmsr
	movl %eax, l2_msr_seen(%rip)
	movl $0x175, %ecx
	movl $0x4321, %eax
	xorl %edx, %edx
	wrmsr                           /* L1's exit MSR-store area reads it back */
	vmcall

	.bss
	.align 8
l2_msr_seen:	.skip 8

	.text
	.globl l2_halt_forever
l2_halt_forever:                        /* L1 asked for no HLT exits: only L0 can notice */
	cli
	hlt
	vmcall
