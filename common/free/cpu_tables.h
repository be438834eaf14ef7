/* SPDX-License-Identifier: MIT */
/* GDT, TSS and IDT shared by l1hv (its VMX host state) and the guests. */
#ifndef NESTLAB_CPU_TABLES_H
#define NESTLAB_CPU_TABLES_H

#include <stdint.h>

#define SEL_CODE64 0x08
#define SEL_DATA   0x10
#define SEL_TSS    0x18

void cpu_tables_init(void);
uint64_t cpu_tss_base(void);
/* Points IDT vector at handler (vectors 32-255 start not present). */
void cpu_set_interrupt_gate(uint8_t vector, uint64_t handler);

/* Register frame pushed by the exception stubs (exception_stubs.S). */
struct exception_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;
};

void exception_handler(struct exception_frame *f);

#endif
