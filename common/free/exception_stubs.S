/* SPDX-License-Identifier: MIT */
/* Entry stubs for CPU exceptions 0-31: push a uniform frame (struct
 * exception_frame) and call exception_handler. l1hv's handler reports and
 * ends the run; a guest's may fix the frame up and return, and then we
 * IRETQ to the (possibly changed) RIP. Vectors 8, 10-14, 17, 21, 29, 30 push an error code
 * (SDM Vol. 3A 7.3 Table 7-1); the others get a 0 pushed here. */
	.text
.macro STUB vec
	.align 16
stub_\vec:
	.if (\vec == 8) || ((\vec >= 10) && (\vec <= 14)) || (\vec == 17) || (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq $0
	.endif
	pushq $\vec
	jmp exception_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	STUB \v
	.endr

exception_common:
	pushq %rax; pushq %rbx; pushq %rcx; pushq %rdx; pushq %rsi; pushq %rdi; pushq %rbp
	pushq %r8; pushq %r9; pushq %r10; pushq %r11; pushq %r12; pushq %r13; pushq %r14; pushq %r15
	movq %rsp, %rdi
	movq %rsp, %rbx
	andq $-16, %rsp
	call exception_handler
	movq %rbx, %rsp
	popq %r15; popq %r14; popq %r13; popq %r12; popq %r11; popq %r10; popq %r9; popq %r8
	popq %rbp; popq %rdi; popq %rsi; popq %rdx; popq %rcx; popq %rbx; popq %rax
	addq $16, %rsp                  /* vector, error code */
	iretq

	.section .rodata
	.align 8
	.globl exception_stub_table
exception_stub_table:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad stub_\v
	.endr
