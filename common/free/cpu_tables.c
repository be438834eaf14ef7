/* SPDX-License-Identifier: MIT */
#include "common/free/cpu_tables.h"

#include "common/free/x86.h"

/* 64-bit TSS (SDM Vol. 3A 9.7): only needed because VMX requires a usable
 * host TR (SDM 27.2.3: TR selector must not be 0). */
struct __attribute__((packed)) tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};
_Static_assert(sizeof(struct tss64) == 104, "64-bit TSS size (SDM Fig. 9-11)");

struct __attribute__((packed)) idt_gate {
	uint16_t offset_lo, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate size");

static struct tss64 tss __attribute__((aligned(16)));
static uint64_t gdt[5] __attribute__((aligned(16)));
static struct idt_gate idt[256] __attribute__((aligned(16)));
extern const uint64_t exception_stub_table[32];

/* A 64-bit interrupt gate (SDM Vol. 3A 7.14.1): DPL 0, present, IF cleared. */
void cpu_set_interrupt_gate(uint8_t vector, uint64_t handler)
{
	idt[vector] = (struct idt_gate){
		.offset_lo = (uint16_t)handler, .selector = SEL_CODE64, .ist = 0,
		.type_attr = 0x8e, .offset_mid = (uint16_t)(handler >> 16),
		.offset_hi = (uint32_t)(handler >> 32),
	};
}

uint64_t cpu_tss_base(void)
{
	return (uint64_t)&tss;
}

void cpu_tables_init(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;
	struct desc_ptr gp = { sizeof(gdt) - 1, (uint64_t)gdt };
	struct desc_ptr ip = { sizeof(idt) - 1, (uint64_t)idt };

	gdt[0] = 0;
	gdt[1] = 0x00af9b000000ffffull;   /* 64-bit code */
	gdt[2] = 0x00cf93000000ffffull;   /* data */
	/* Available 64-bit TSS (type 9), present. */
	gdt[3] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
		 ((limit >> 16) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[4] = base >> 32;
	tss.iomap_base = sizeof(tss);

	for (int v = 0; v < 32; v++)
		cpu_set_interrupt_gate((uint8_t)v, exception_stub_table[v]);
	asm volatile("lgdt %0" :: "m"(gp));
	asm volatile("lidt %0" :: "m"(ip));
	asm volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
		     :: "i"(SEL_CODE64) : "rax", "memory");
	asm volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss" :: "r"(SEL_DATA));
	asm volatile("ltr %w0" :: "r"(SEL_TSS));
}
