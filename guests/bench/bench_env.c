/* SPDX-License-Identifier: MIT */
/*
 * What is below the benchmark guest, and where each exit path points there.
 *
 * Under l1hv (ABI 1, one level): every port exits and 0x3FF is the virtual
 * 16550's scratch register, emulated in l1hv itself; EFER is intercepted and
 * emulated, KERNEL_GS_BASE is passed through. CR0.NE is host-owned (the VMX
 * fixed-0 bit, l1hv/vm/vm_vmcs.c), so mov_to_cr0 toggling it exits every
 * time. NESTLAB_MMIO_BASE is l1hv's MMIO register window. l1hv has no RDTSC,
 * CR3-load, WBINVD or #BP exiting, no timer and maps all guest memory at
 * creation, so those benchmarks are skipped with the need named. CR3-load,
 * #BP and WBINVD exits exist when the VM was started with l1hv's module
 * option trap=cr3,int3,wbinvd, which CPUID.40000001H:ECX reports.
 *
 * Under KVM (booted directly by QEMU): the ports kvm-unit-tests x86/vmexit.c
 * uses: 0x4D0 (ELCR of the in-kernel PIC) for the in-kernel path and 0x1234
 * (no device: KVM forwards the exit to QEMU in user space) for pio_fwd; the
 * IOAPIC page at 0xFEC00000 for MMIO; EFER (intercepted on VMX and SVM) and
 * KERNEL_GS_BASE (passed through on both). KVM does not intercept RDTSC,
 * CR3 loads (with EPT/NPT) or #BP.
 */
#include "common/free/cpu_ident.h"
#include "common/free/string.h"
#include "guests/bench/bench.h"

#include "guests/lib/guest.h"

#define UART_SCRATCH_PORT      0x3ff
#define KVM_ELCR_PORT          0x4d0
#define QEMU_NO_DEVICE_PORT    0x1234
#define IOAPIC_BASE            0xfec00000ull

static const char *const need_text[BENCH_NEED_COUNT] = {
#define BENCH_NEED_TEXT(id, text) [BENCH_NEED_BIT_##id] = text,
	BENCH_NEEDS(BENCH_NEED_TEXT)
#undef BENCH_NEED_TEXT
};

const char *bench_need_text(uint32_t missing)
{
	for (unsigned i = 0; i < BENCH_NEED_COUNT; i++)
		if (missing & (1u << i))
			return need_text[i];
	return "nothing";
}


/* Drops a word from the brand string: "(R)", "(TM)", "CPU". */
static bool brand_noise(const char *w, unsigned long len)
{
	return (len == 3 && !strncmp(w, "(R)", 3)) || (len == 4 && !strncmp(w, "(TM)", 4)) ||
	       (len == 3 && !strncmp(w, "CPU", 3));
}

/* "Intel(R) Core(TM) i7-7800X CPU @ 3.50GHz" -> "Intel_Core_i7-7800X_@_3.50GHz":
 * one token, so rows split on spaces. */
static void cpu_model(char out[49])
{
	char brand[49], spaced[64];
	unsigned long n = 0, o = 0;

	cpu_brand_string(brand);
	if (!strcmp(brand, "unknown")) {
		memcpy(out, "unknown", 8);
		return;
	}
	/* Separate "(R)"/"(TM)" glued to a word so they become words. */
	for (const char *p = brand; *p && n < sizeof(spaced) - 2; p++) {
		if (*p == '(')
			spaced[n++] = ' ';
		spaced[n++] = *p;
		if (*p == ')')
			spaced[n++] = ' ';
	}
	spaced[n] = 0;
	for (const char *p = spaced; *p;) {
		while (*p == ' ')
			p++;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		unsigned long len = (unsigned long)(p - w);
		if (!len || brand_noise(w, len) || o + len + 1 >= 49)
			continue;
		if (o)
			out[o++] = '_';
		memcpy(out + o, w, len);
		o += len;
	}
	out[o] = 0;
	if (!o)
		memcpy(out, "unknown", 8);
}

/* A token of the command line, copied so it can be printed as is. */
static const char *cmdline_word(const char *cmdline, const char *key, char *buf,
				unsigned long size, const char *dflt)
{
	const char *v;
	int n = cmdline_get(cmdline, key, &v);

	if (n <= 0 || (unsigned long)n >= size)
		return dflt;
	memcpy(buf, v, (unsigned long)n);
	buf[n] = 0;
	return buf;
}

static void env_l1hv(struct bench_env *env)
{
	uint64_t version = 0, level = 0;

	env->hv = BENCH_HV_L1HV;
	env->hv_name = "l1hv";
	env->hv_level = cpuid(NESTLAB_CPUID_INFO, 0).eax;
	env->level = env->hv_level + 1;
	env->exit_counters = hypercall(NESTLAB_HC_VERSION, 0, &version, &level) == 0 &&
			     version == NESTLAB_HC_ABI_VERSION;
	env->provides = BENCH_NEED(HYPERCALL) | BENCH_NEED(PIO_EMULATED) |
			BENCH_NEED(MSR_INTERCEPT) | BENCH_NEED(MSR_PASSTHROUGH) |
			BENCH_NEED(CR0_MASKED_BIT) | BENCH_NEED(MMIO_PAGE) |
			BENCH_NEED(PV_HLT_TIMER);
	env->mmio_base = NESTLAB_MMIO_BASE;
	/* Extra exits l1hv was asked to give this VM (module option trap=). */
	uint32_t traps = env->traps = cpuid(NESTLAB_CPUID_INFO, 0).ecx;
	if (traps & NESTLAB_TRAP_CR3)
		env->provides |= BENCH_NEED(CR3_LOAD_EXITING);
	if (traps & NESTLAB_TRAP_INT3)
		env->provides |= BENCH_NEED(BP_INTERCEPT);
	if (traps & NESTLAB_TRAP_WBINVD)
		env->provides |= BENCH_NEED(WBINVD_EXITING);
	if (traps & NESTLAB_TRAP_EPT)
		env->provides |= BENCH_NEED(LAZY_EPT);
	if (env->exit_counters)            /* the ABI has NESTLAB_HC_SET_TRAPS */
		env->provides |= BENCH_NEED(RDTSC_EXITING);
	/* trap=rdtsc: every row's clock exits. */
	bench_clock_exits = traps & NESTLAB_TRAP_RDTSC;
	env->pio_port = UART_SCRATCH_PORT;
	/* An l1hv that runs under another one forwards NESTLAB_FWD_PORT to it. */
	if (env->hv_level >= 1) {
		env->provides |= BENCH_NEED(PIO_FORWARDED);
		env->pio_fwd_port = NESTLAB_FWD_PORT;
	}
}

static void env_kvm(struct bench_env *env)
{
	env->hv = BENCH_HV_KVM;
	env->hv_name = "kvm";
	env->level = 1;
	env->provides = BENCH_NEED(HYPERCALL) | BENCH_NEED(PIO_EMULATED) |
			BENCH_NEED(PIO_FORWARDED) | BENCH_NEED(MMIO_PAGE) |
			BENCH_NEED(MSR_INTERCEPT) | BENCH_NEED(MSR_PASSTHROUGH) |
			BENCH_NEED(CR0_MASKED_BIT) | BENCH_NEED(WBINVD_EXITING);
	env->pio_port = KVM_ELCR_PORT;
	env->pio_fwd_port = QEMU_NO_DEVICE_PORT;
	env->mmio_base = IOAPIC_BASE;
}

void bench_env_init(struct bench_env *env, const char *cmdline)
{
	static char engine[24], policy[24], shadow[24];
	char sig[13];
	const char *v;

	memset(env, 0, sizeof(*env));
	env->hv = BENCH_HV_NONE;
	env->hv_name = "none";
	env->msr_intercepted = MSR_IA32_EFER;
	env->msr_passthrough = MSR_IA32_KERNEL_GS_BASE;
	cpu_vendor_string(0, sig);
	env->amd_vmmcall = !strcmp(sig, "AuthenticAMD");
	cpu_model(env->cpu);

	if (cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR) {
		cpu_vendor_string(NESTLAB_CPUID_VENDOR, sig);
		if (!strcmp(sig, NESTLAB_CPUID_SIGNATURE))
			env_l1hv(env);
		else if (!memcmp(sig, "KVMKVMKVM", 9))
			env_kvm(env);
		else {
			env->hv = BENCH_HV_OTHER;
			env->hv_name = "other";
			env->level = 1;
		}
	}
	/* Any hypervisor (or none) that shows both: the hlt row's timer. */
	if ((cpuid(1, 0).ecx & (CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE)) ==
	    (CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE))
		env->provides |= BENCH_NEED(LAPIC_TIMER);
	env->engine = cmdline_word(cmdline, "engine", engine, sizeof(engine), "unknown");
	env->policy = cmdline_word(cmdline, "policy", policy, sizeof(policy), "n/a");
	env->shadow = cmdline_word(cmdline, "shadow", shadow, sizeof(shadow), "n/a");
	if (cmdline_get(cmdline, "hypercall", &v) == 6 && !strncmp(v, "vmcall", 6))
		env->amd_vmmcall = false;
	else if (cmdline_get(cmdline, "hypercall", &v) == 7 && !strncmp(v, "vmmcall", 7))
		env->amd_vmmcall = true;
}
