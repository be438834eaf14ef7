/* SPDX-License-Identifier: MIT */
/*
 * vecstate: the guest's vector state survives the hypervisor's exits. With
 * XCR0 enabling every component CPUID offers, it fills the AVX-512 state
 * (ZMM0-31, opmasks k0-7) or, without AVX-512, YMM0-15, with a distinct
 * pattern, takes exits of several kinds (CPUID, port I/O, an APIC timer
 * interrupt in between), and compares every byte it reads back; then the
 * same around XSAVE/XRSTOR of its own. A hypervisor that touched a vector
 * register, or lost a component on a VM switch, shows here.
 */
#include "common/free/cpu_tables.h"
#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/x86_arch.h"
#include "guests/lib/guest.h"

#define ZMM_BYTES 64
static uint8_t pattern[32][ZMM_BYTES] __attribute__((aligned(64)));
static uint8_t back[32][ZMM_BYTES] __attribute__((aligned(64)));
static uint64_t kpat[8], kback[8];

#define LOADZ(n) asm volatile("vmovdqu64 %0, %%zmm" #n :: "m"(pattern[n]))
#define SAVEZ(n) asm volatile("vmovdqu64 %%zmm" #n ", %0" : "=m"(back[n]))
#define LOADY(n) asm volatile("vmovdqu %0, %%ymm" #n :: "m"(pattern[n][0]))
#define SAVEY(n) asm volatile("vmovdqu %%ymm" #n ", %0" : "=m"(back[n][0]))
#define LOADK(n) asm volatile("kmovq %0, %%k" #n :: "m"(kpat[n]))
#define SAVEK(n) asm volatile("kmovq %%k" #n ", %0" : "=m"(kback[n]))

static void load_zmm(void)
{
	LOADZ(0); LOADZ(1); LOADZ(2); LOADZ(3); LOADZ(4); LOADZ(5); LOADZ(6); LOADZ(7);
	LOADZ(8); LOADZ(9); LOADZ(10); LOADZ(11); LOADZ(12); LOADZ(13); LOADZ(14); LOADZ(15);
	LOADZ(16); LOADZ(17); LOADZ(18); LOADZ(19); LOADZ(20); LOADZ(21); LOADZ(22); LOADZ(23);
	LOADZ(24); LOADZ(25); LOADZ(26); LOADZ(27); LOADZ(28); LOADZ(29); LOADZ(30); LOADZ(31);
	LOADK(0); LOADK(1); LOADK(2); LOADK(3); LOADK(4); LOADK(5); LOADK(6); LOADK(7);
}

static void save_zmm(void)
{
	SAVEZ(0); SAVEZ(1); SAVEZ(2); SAVEZ(3); SAVEZ(4); SAVEZ(5); SAVEZ(6); SAVEZ(7);
	SAVEZ(8); SAVEZ(9); SAVEZ(10); SAVEZ(11); SAVEZ(12); SAVEZ(13); SAVEZ(14); SAVEZ(15);
	SAVEZ(16); SAVEZ(17); SAVEZ(18); SAVEZ(19); SAVEZ(20); SAVEZ(21); SAVEZ(22); SAVEZ(23);
	SAVEZ(24); SAVEZ(25); SAVEZ(26); SAVEZ(27); SAVEZ(28); SAVEZ(29); SAVEZ(30); SAVEZ(31);
	SAVEK(0); SAVEK(1); SAVEK(2); SAVEK(3); SAVEK(4); SAVEK(5); SAVEK(6); SAVEK(7);
}

static void load_ymm(void)
{
	LOADY(0); LOADY(1); LOADY(2); LOADY(3); LOADY(4); LOADY(5); LOADY(6); LOADY(7);
	LOADY(8); LOADY(9); LOADY(10); LOADY(11); LOADY(12); LOADY(13); LOADY(14); LOADY(15);
}

static void save_ymm(void)
{
	SAVEY(0); SAVEY(1); SAVEY(2); SAVEY(3); SAVEY(4); SAVEY(5); SAVEY(6); SAVEY(7);
	SAVEY(8); SAVEY(9); SAVEY(10); SAVEY(11); SAVEY(12); SAVEY(13); SAVEY(14); SAVEY(15);
}

static volatile unsigned ticks;
void vec_timer(unsigned arg, uint64_t *frame)
{
	(void)arg;
	(void)frame;
	ticks++;
	wrmsr(0x80b, 0);                                  /* x2APIC EOI */
}
GUEST_ISR(vec_timer_stub, vec_timer, 0);

/* Exits of several kinds while the registers hold the pattern; none of
 * this code touches a vector register (-mgeneral-regs-only). */
static void exits(void)
{
	for (int i = 0; i < 16; i++)
		(void)cpuid(0, 0);
	outb(0x3ff, 0x5a);                                /* UART scratch */
	(void)inb(0x3ff);
	/* A TSC-deadline interrupt that arrives while we spin. */
	wrmsr(0x832, 0x40 | (2u << 17));                  /* LVT timer: vector 40H, TSC deadline */
	wrmsr(0x6e0, rdtsc_ordered() + 20000);
	asm volatile("sti");
	for (uint64_t end = rdtsc_ordered() + 60000; rdtsc_ordered() < end && !ticks;)
		;
	asm volatile("cli");
}

static unsigned diff(unsigned regs, unsigned width)
{
	unsigned bad = 0;

	for (unsigned r = 0; r < regs; r++)
		bad += memcmp(pattern[r], back[r], width) != 0;
	return bad;
}

int guest_main(const char *cmdline)
{
	struct cpuid_regs d = cpuid(0xd, 0);
	bool avx512 = cpuid(7, 0).ebx & (1u << 16), avx = cpuid(1, 0).ecx & CPUID_1_ECX_AVX;
	uint64_t xcr0 = ((uint64_t)d.edx << 32 | d.eax) & (XCR0_X87 | XCR0_SSE | XCR0_AVX |
							   (avx512 ? XCR0_AVX512 : 0));

	(void)cmdline;
	if (!avx) {
		report_skip("no AVX offered: nothing beyond SSE to check");
		return report_summary();
	}
	for (unsigned r = 0; r < 32; r++)
		for (unsigned b = 0; b < ZMM_BYTES; b++)
			pattern[r][b] = (uint8_t)(r * 37 + b * 11 + 1);
	for (unsigned k = 0; k < 8; k++)
		kpat[k] = 0x0123456789abcdefull * (k + 3);
	write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	xsetbv(0, xcr0);
	cpu_set_interrupt_gate(0x40, (uint64_t)vec_timer_stub);
	wrmsr(MSR_IA32_APIC_BASE, rdmsr(MSR_IA32_APIC_BASE) | APIC_BASE_EXTD | APIC_BASE_EN);
	wrmsr(0x80f, 0x1ff);                              /* SVR: enabled, vector FFH */

	if (avx512) {
		load_zmm();
		exits();
		save_zmm();
		report(ticks == 1, "the APIC timer interrupted the vector code (%u)", ticks);
		unsigned bad = diff(32, ZMM_BYTES), kbad = 0;
		for (unsigned k = 0; k < 8; k++)
			kbad += kpat[k] != kback[k];
		report(!bad, "ZMM0-31 intact after CPUID, port I/O and an interrupt (%u differ)", bad);
		report(!kbad, "opmasks k0-7 intact (%u differ)", kbad);
	} else {
		load_ymm();
		exits();
		save_ymm();
		report(ticks == 1, "the APIC timer interrupted the vector code (%u)", ticks);
		unsigned bad = diff(16, 32);
		report(!bad, "YMM0-15 intact after CPUID, port I/O and an interrupt (%u differ)", bad);
	}
	/* FS/GS bases written by WRFSBASE/WRGSBASE (no exit) survive exits
	 * and an interrupt, as a kernel's context switch relies on. */
	if (cpuid(7, 0).ebx & CPUID_7_EBX_FSGSBASE) {
		static uint64_t slot = 0x5eed;
		uint64_t fs = (uint64_t)&slot, gs = 0x1234000, fs_back, gs_back, via_fs;
		write_cr4(read_cr4() | X86_CR4_FSGSBASE);
		asm volatile("wrfsbase %0; wrgsbase %1" :: "r"(fs), "r"(gs));
		ticks = 0;
		exits();
		asm volatile("rdfsbase %0; rdgsbase %1; movq %%fs:0, %2"
			     : "=r"(fs_back), "=r"(gs_back), "=r"(via_fs));
		report(fs_back == fs && gs_back == gs && via_fs == 0x5eed,
		       "WRFSBASE/WRGSBASE values survive exits and an interrupt (fs 0x%lx, gs 0x%lx)",
		       fs_back, gs_back);
	}
	return report_summary();
}
