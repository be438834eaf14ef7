/* SPDX-License-Identifier: MIT */
/* The L2 guest the vmxl1 test runs: each marked instruction should reach
 * L1 (vmxl1.c checks the exit reasons in order); the others should be
 * handled below L1 without L1 ever seeing them. */
	.text
	.globl l2_program, l2_scratch
l2_program:
	movw $0x10, %ax                 /* SEL_DATA: FS was unusable; the first */
	movw %ax, %fs                   /* exit reports the load (vmxl1.c) */
	xorl %eax, %eax
	cpuid                           /* to L1: CPUID always exits */
	movb $0x55, %al
	outb %al, $0x80                 /* to L1: port 0x80 set in L1's I/O bitmap */
	movw $0x3ff, %dx
	movb $0x77, %al
	outb %al, %dx                   /* not in L1's bitmap: L1's platform (L0) */
	xorl %eax, %eax
	inb %dx, %al
	movb %al, l2_scratch(%rip)
	movl $0x1b, %ecx
	rdmsr                           /* to L1: MSR 0x1b read bit set */
	movl $0x277, %ecx
	rdmsr                           /* not in L1's MSR bitmap: L0 answers */
	movl %eax, l2_scratch+4(%rip)
	rdtsc                           /* RDTSC exiting off: no exit at all */
	hlt                             /* to L1: HLT exiting */
	vmcall                          /* to L1: VMCALL always exits */
1:	cpuid                           /* to L1, for the exit-count measurement */
	jmp 1b

	.bss
	.align 8
l2_scratch:
	.skip 8
