/* SPDX-License-Identifier: MIT */
/*
 * catch_call_run(fn): calls fn(); when fn raises an exception under
 * catch_exception_call (exceptions.c), the handler resumes here as if fn
 * had returned, with the callee-saved registers of the caller restored.
 * So a probe is any function, of any instruction length.
 */
	.text
	.globl catch_call_run, catch_call_resume, catch_call_rsp
catch_call_run:
	pushq %rbx
	pushq %rbp
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	subq $8, %rsp                   /* 16-byte aligned at the call */
	movq %rsp, catch_call_rsp(%rip)
	call *%rdi
catch_call_resume:
	addq $8, %rsp
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbp
	popq %rbx
	ret

	.bss
	.align 8
catch_call_rsp:
	.quad 0
