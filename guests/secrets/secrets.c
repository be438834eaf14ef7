/* SPDX-License-Identifier: MIT */
/*
 * secrets: the registers a guest uses without exits and VMX does not switch
 * (x87, SSE, AVX, DR0-DR3, DR6, CR2, CR8). "mode=fill" fills them with a
 * secret; "mode=check" (the next VM) checks that it sees a reset CPU's
 * values there, not the previous VM's (SDM 9.1.1; l1hv/vm/vcpu_state.h).
 */
#include "common/free/string.h"
#include "guests/lib/guest.h"

#define SECRET 0x5ec2e75ec2e75ec2ull

static uint64_t xmm_buf[2 * 16] __attribute__((aligned(32)));
static uint64_t ymm_buf[4] __attribute__((aligned(32)));

static bool has_avx(void)
{
	struct cpuid_regs r = cpuid(1, 0);

	return (r.ecx & CPUID_1_ECX_XSAVE) && (r.ecx & CPUID_1_ECX_AVX) && (cpuid(0xd, 0).eax & 4);
}

/* SSE on (CR4.OSFXSR, OSXMMEXCPT), and AVX through XSETBV where there is one. */
static bool enable_vector_state(void)
{
	uint64_t cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	bool avx = has_avx();

	if (avx)
		cr4 |= X86_CR4_OSXSAVE;
	write_cr4(cr4);
	write_cr0(read_cr0() & ~(X86_CR0_EM | X86_CR0_TS));
	if (avx)
		asm volatile("xsetbv" :: "c"(0), "a"(7), "d"(0));
	return avx;
}

static void fill(bool avx)
{
	uint16_t fcw = 0x027f;
	uint32_t mxcsr = 0x1f00;

	for (unsigned i = 0; i < 32; i++)
		xmm_buf[i] = SECRET ^ i;
	asm volatile("movdqa 0(%0), %%xmm0\n\tmovdqa 16(%0), %%xmm1\n\tmovdqa 32(%0), %%xmm7\n\t"
		     "movdqa 48(%0), %%xmm15" :: "r"(xmm_buf) : "memory");
	if (avx) {
		for (unsigned i = 0; i < 4; i++)
			ymm_buf[i] = SECRET;
		asm volatile("vmovdqa (%0), %%ymm2" :: "r"(ymm_buf) : "memory");
	}
	asm volatile("fldcw %0\n\tfldpi" :: "m"(fcw));
	asm volatile("ldmxcsr %0" :: "m"(mxcsr));
	uint64_t s = SECRET;
	asm volatile("mov %0, %%db0\n\tmov %0, %%db1\n\tmov %0, %%db2\n\tmov %0, %%db3" :: "r"(s));
	asm volatile("mov %0, %%db6" :: "r"(0xffff4ff1ul));
	write_cr2(SECRET);
	asm volatile("mov %0, %%cr8" :: "r"(9ul));
	/* The fill took: what check() must not see is really there. */
	uint64_t x0[2] __attribute__((aligned(16))), d0, c8;
	asm volatile("movdqa %%xmm0, %0" : "=m"(x0));
	asm volatile("mov %%db0, %0\n\tmov %%cr8, %1" : "=r"(d0), "=r"(c8));
	report(x0[0] == SECRET && d0 == SECRET && read_cr2() == SECRET && c8 == 9,
	       "filled x87, SSE%s, DR0-3, DR6, CR2 and CR8 with the secret", avx ? ", AVX" : "");
}

static void check(bool avx)
{
	uint16_t fcw = 0;
	uint32_t mxcsr = 0;
	uint64_t dr[4], dr6, cr8, zero = 0;

	memset(xmm_buf, 0xaa, sizeof(xmm_buf));
	asm volatile("movdqa %%xmm0, 0(%0)\n\tmovdqa %%xmm1, 16(%0)\n\tmovdqa %%xmm7, 32(%0)\n\t"
		     "movdqa %%xmm15, 48(%0)" :: "r"(xmm_buf) : "memory");
	bool xmm_clean = true;
	for (unsigned i = 0; i < 8; i++)
		xmm_clean &= xmm_buf[i] == zero;
	report(xmm_clean, "SSE: XMM0, 1, 7, 15 are 0, not the last VM's (0x%lx)", xmm_buf[0]);
	if (avx) {
		memset(ymm_buf, 0xaa, sizeof(ymm_buf));
		asm volatile("vmovdqa %%ymm2, (%0)" :: "r"(ymm_buf) : "memory");
		report(!ymm_buf[2] && !ymm_buf[3], "AVX: YMM2's upper half is 0 (0x%lx)", ymm_buf[2]);
	} else {
		report_skip("AVX: not offered");
	}
	asm volatile("fnstcw %0\n\tstmxcsr %1" : "=m"(fcw), "=m"(mxcsr));
	report(fcw == X86_FCW_RESET, "x87: FCW is the reset 0x37f (0x%x)", fcw);
	report(mxcsr == X86_MXCSR_RESET, "SSE: MXCSR is the reset 0x1f80 (0x%x)", mxcsr);
	asm volatile("mov %%db0, %0\n\tmov %%db1, %1\n\tmov %%db2, %2\n\tmov %%db3, %3"
		     : "=r"(dr[0]), "=r"(dr[1]), "=r"(dr[2]), "=r"(dr[3]));
	asm volatile("mov %%db6, %0" : "=r"(dr6));
	report(!dr[0] && !dr[1] && !dr[2] && !dr[3], "DR0-DR3 are 0 (DR0 0x%lx)", dr[0]);
	report(dr6 == X86_DR6_RESET, "DR6 is the reset 0xffff0ff0 (0x%lx)", dr6);
	report(read_cr2() == 0, "CR2 is 0 (0x%lx)", read_cr2());
	asm volatile("mov %%cr8, %0" : "=r"(cr8));
	report(cr8 == 0, "CR8 (TPR) is 0 (%lu)", cr8);
}

int guest_main(const char *cmdline)
{
	const char *v;
	int n = cmdline_get(cmdline, "mode", &v);
	bool avx = enable_vector_state();

	if (n == 4 && !strncmp(v, "fill", 4))
		fill(avx);
	else if (n == 5 && !strncmp(v, "check", 5))
		check(avx);
	else
		report(false, "secrets: give mode=fill or mode=check");
	return report_summary();
}
