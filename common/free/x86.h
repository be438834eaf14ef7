/* SPDX-License-Identifier: MIT */
/* x86 instruction wrappers shared by l1hv and the guests (freestanding only). */
#ifndef NESTLAB_X86_H
#define NESTLAB_X86_H

#include <stdint.h>

#define X86_CR0_PE  (1ul << 0)
#define X86_CR0_MP  (1ul << 1)
#define X86_CR0_EM  (1ul << 2)
#define X86_CR0_TS  (1ul << 3)
#define X86_CR0_ET  (1ul << 4)
#define X86_CR0_NE  (1ul << 5)
#define X86_CR0_WP  (1ul << 16)
#define X86_CR0_NW  (1ul << 29)
#define X86_CR0_CD  (1ul << 30)
#define X86_CR0_PG  (1ul << 31)

#define X86_CR4_PAE   (1ul << 5)
#define X86_CR4_PGE   (1ul << 7)
#define X86_CR4_VMXE  (1ul << 13)

#define X86_EFER_SCE  (1ul << 0)
#define X86_EFER_LME  (1ul << 8)
#define X86_EFER_LMA  (1ul << 10)
#define X86_EFER_NXE  (1ul << 11)

#define X86_RFLAGS_FIXED (1ul << 1)
#define X86_RFLAGS_CF    (1ul << 0)
#define X86_RFLAGS_ZF    (1ul << 6)
#define X86_RFLAGS_TF    (1ul << 8)
#define X86_RFLAGS_IF    (1ul << 9)
#define X86_RFLAGS_VM    (1ul << 17)

#define MSR_IA32_TSC               0x00000010
#define MSR_IA32_APIC_BASE         0x0000001b
#define MSR_IA32_FEATURE_CONTROL   0x0000003a
#define MSR_IA32_SYSENTER_CS       0x00000174
#define MSR_IA32_SYSENTER_ESP      0x00000175
#define MSR_IA32_SYSENTER_EIP      0x00000176
#define MSR_IA32_MISC_ENABLE       0x000001a0
#define MSR_IA32_PAT               0x00000277

#define MSR_IA32_EFER              0xc0000080
#define MSR_IA32_STAR              0xc0000081
#define MSR_IA32_LSTAR             0xc0000082
#define MSR_IA32_CSTAR             0xc0000083
#define MSR_IA32_FMASK             0xc0000084
#define MSR_IA32_FS_BASE           0xc0000100
#define MSR_IA32_GS_BASE           0xc0000101
#define MSR_IA32_KERNEL_GS_BASE    0xc0000102
#define MSR_IA32_TSC_AUX           0xc0000103

#define FEATURE_CONTROL_LOCKED          (1ul << 0)
#define FEATURE_CONTROL_VMXON_OUTSIDE_SMX (1ul << 2)

static inline void outb(uint16_t port, uint8_t v) { asm volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { asm volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { asm volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	asm volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

struct cpuid_regs { uint32_t eax, ebx, ecx, edx; };

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
		     : "a"(leaf), "c"(subleaf));
	return r;
}

/* Serialized time stamp (SDM Vol. 2B RDTSC: LFENCE orders it after earlier loads). */
static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;
	asm volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return ((uint64_t)hi << 32) | lo;
}

#define DEFINE_CR_ACCESSORS(n)                                                   \
	static inline uint64_t read_cr##n(void) { uint64_t v; asm volatile("mov %%cr" #n ", %0" : "=r"(v)); return v; } \
	static inline void write_cr##n(uint64_t v) { asm volatile("mov %0, %%cr" #n :: "r"(v) : "memory"); }
DEFINE_CR_ACCESSORS(0)
DEFINE_CR_ACCESSORS(2)
DEFINE_CR_ACCESSORS(3)
DEFINE_CR_ACCESSORS(4)
#undef DEFINE_CR_ACCESSORS

static inline uint64_t read_rflags(void) { uint64_t v; asm volatile("pushfq; pop %0" : "=r"(v)); return v; }
static inline void cpu_relax(void) { asm volatile("pause"); }
static inline void cli(void) { asm volatile("cli"); }

struct __attribute__((packed)) desc_ptr { uint16_t limit; uint64_t base; };

static inline void sgdt(struct desc_ptr *p) { asm volatile("sgdt %0" : "=m"(*p)); }
static inline void sidt(struct desc_ptr *p) { asm volatile("sidt %0" : "=m"(*p)); }

static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

#endif
