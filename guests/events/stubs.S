/* SPDX-License-Identifier: MIT */
/*
 * events: the handlers it installs, and the instruction sequences that
 * raise an event right after moving RSP to a page the guest has never
 * touched, so that the event's delivery (its first push) is the page's
 * first touch: under trap=ept, an EPT violation during event delivery.
 */
	.text

/* Handler for vector \vec: ev_record(vec, frame) with frame = { error
 * code, rip, cs, rflags, rsp, ss }; \err: the CPU pushes an error code. */
.macro EV_STUB vec, err
	.globl ev_stub_\vec
ev_stub_\vec:
	.if \err == 0
	pushq $0
	.endif
	push %rax
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %r8
	push %r9
	push %r10
	push %r11
	lea 72(%rsp), %rsi
	mov $\vec, %edi
	sub $8, %rsp            /* 16-byte aligned at the call */
	cld
	call ev_record
	add $8, %rsp
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rax
	add $8, %rsp            /* the error code */
	iretq
.endm

	EV_STUB 1, 0
	EV_STUB 3, 0
	EV_STUB 13, 1
	EV_STUB 14, 1
	EV_STUB 0x42, 0
	EV_STUB 0x80, 0

/* Each ev_*_on(top, arg) saves RSP, moves it to top, raises its event and
 * returns on the saved stack; ev_*_after is where the handler returns to
 * (traps), ev_*_insn the instruction that faults (faults). */

/* A single-step trap (#DB, hardware exception): TF set by POPF traps after
 * the instruction that follows it (SDM 17.3.1.4). */
	.globl ev_db_on, ev_db_after
ev_db_on:
	mov %rsp, ev_saved_rsp(%rip)
	pushfq
	orq $0x100, (%rsp)
	popfq
	mov %rdi, %rsp
ev_db_after:
	mov ev_saved_rsp(%rip), %rsp
	ret

/* The same, with an MMIO load at RIP when the trap is delivered: the
 * access the delivery makes is not that instruction's. */
	.globl ev_db_mmio_on
ev_db_mmio_on:
	mov %rsp, ev_saved_rsp(%rip)
	pushfq
	orq $0x100, (%rsp)
	popfq
	mov %rdi, %rsp
	mov (%rsi), %eax
	mov ev_saved_rsp(%rip), %rsp
	ret

/* INT n (software interrupt). */
	.globl ev_int_on, ev_int_after
ev_int_on:
	mov %rsp, ev_saved_rsp(%rip)
	mov %rdi, %rsp
	int $0x80
ev_int_after:
	mov ev_saved_rsp(%rip), %rsp
	ret

/* INT3 (software exception). */
	.globl ev_int3_on, ev_int3_after
ev_int3_on:
	mov %rsp, ev_saved_rsp(%rip)
	mov %rdi, %rsp
	int3
ev_int3_after:
	mov ev_saved_rsp(%rip), %rsp
	ret

/* INT1 / ICEBP (privileged software exception, vector 1). */
	.globl ev_int1_on, ev_int1_after
ev_int1_on:
	mov %rsp, ev_saved_rsp(%rip)
	mov %rdi, %rsp
	.byte 0xf1
ev_int1_after:
	mov ev_saved_rsp(%rip), %rsp
	ret

/* #PF (hardware exception with an error code): a load from arg, which the
 * guest's page tables do not map; the handler skips the 3-byte load. */
	.globl ev_pf_on, ev_pf_insn
ev_pf_on:
	mov %rsp, ev_saved_rsp(%rip)
	mov %rdi, %rsp
ev_pf_insn:
	mov (%rsi), %rax
	mov ev_saved_rsp(%rip), %rsp
	ret

/* #GP(selector): loading DS with selector arg beyond the GDT; the handler
 * skips the 2-byte MOV. */
	.globl ev_gp_on, ev_gp_insn
ev_gp_on:
	mov %rsp, ev_saved_rsp(%rip)
	mov %rdi, %rsp
ev_gp_insn:
	mov %esi, %ds
	mov ev_saved_rsp(%rip), %rsp
	ret

/* An external interrupt: the x2APIC timer (LVT set up by the caller, in
 * TSC-deadline mode) armed with a deadline in the past, then STI; waits
 * a bounded time for the handler. */
	.globl ev_irq_on
ev_irq_on:
	mov %rsp, ev_saved_rsp(%rip)
	mov %rdi, %rsp
	mov $0x6e0, %ecx        /* IA32_TSC_DEADLINE */
	mov $1, %eax
	xor %edx, %edx
	wrmsr
	mov $200000, %ecx
	sti
1:	cmpq $0, ev_irq_seen(%rip)
	jne 2f
	dec %ecx
	jnz 1b
2:	cli
	mov ev_saved_rsp(%rip), %rsp
	ret
