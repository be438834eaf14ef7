/* SPDX-License-Identifier: MIT */
/*
 * hello: the first guest. Prints, checks what l1hv shows it through CPUID,
 * calls the hypervisor, checks its own exit counters, and times one CPUID
 * and one port-I/O round trip.
 */
#include "common/free/cpu_ident.h"
#include "common/free/string.h"
#include "exit-reflect/exit_reasons.h"
#include "guests/lib/guest.h"

#define ROUNDS 64
#define UART_SCRATCH 0x3ff

/* Smallest delta over ROUNDS tries: the round trip without noise. */
static uint64_t time_cpuid(void)
{
	uint64_t best = ~0ull;

	for (int i = 0; i < ROUNDS; i++) {
		uint64_t t0 = rdtsc_ordered();
		cpuid(0, 0);
		uint64_t t = rdtsc_ordered() - t0;
		best = t < best ? t : best;
	}
	return best;
}

static uint64_t time_pio(void)
{
	uint64_t best = ~0ull;

	for (int i = 0; i < ROUNDS; i++) {
		uint64_t t0 = rdtsc_ordered();
		outb(UART_SCRATCH, (uint8_t)i);
		uint64_t t = rdtsc_ordered() - t0;
		best = t < best ? t : best;
	}
	return best;
}

/*
 * Exits with the given reason that the level below our hypervisor counts
 * for one CPUID of ours. Two back-to-back queries measure what a query
 * itself costs there; under Bochs every count is exact. ~0 on a mismatch.
 */
static uint64_t exits_below_per_cpuid(uint32_t reason)
{
	uint64_t q1 = exit_count_below(reason, 1);
	uint64_t q2 = exit_count_below(reason, 1);

	for (int i = 0; i < 10; i++)
		cpuid(0, 0);
	uint64_t q3 = exit_count_below(reason, 1);
	uint64_t per10 = (q3 - q2) - (q2 - q1);
	if (q1 == ~0ull || per10 % 10)
		return ~0ull;
	return per10 / 10;
}

/* The hypercall ABI and the exit counters l1hv keeps for this VM. */
static void check_nestlab_interface(uint64_t *level)
{
	uint64_t version = 0, before, after;

	int64_t rc = hypercall(NESTLAB_HC_VERSION, 0, &version, level);
	report(rc == 0 && version == NESTLAB_HC_ABI_VERSION, "vmcall: ABI version %lu", version);
	report(hypercall(0xdead, 0, NULL, NULL) == NESTLAB_HC_ENOSYS,
	       "vmcall: unknown hypercall returns -ENOSYS");

	/* Exactly one CPUID exit per CPUID: read, run 10, read again. */
	before = exit_count(EXIT_REASON_CPUID);
	for (int i = 0; i < 10; i++)
		cpuid(0, 0);
	after = exit_count(EXIT_REASON_CPUID);
	report(after - before == 10, "exit counters: 10 CPUIDs counted as %lu CPUID exits",
	       after - before);
	before = exit_count(EXIT_REASON_VMCALL);
	after = exit_count(EXIT_REASON_VMCALL);
	report(after - before == 1, "exit counters: one VMCALL exit per hypercall (%lu)",
	       after - before);
	before = exit_count(NESTLAB_HC_ALL_EXITS);
	after = exit_count(NESTLAB_HC_ALL_EXITS);
	report(after - before == 1, "exit counters: total grows by exactly the VMCALL");

	/* Under a nested l1hv: the exits of the level below our hypervisor
	 * that one CPUID of ours costs. It must be 2 (the reflected exit and
	 * our hypervisor's VMRESUME) plus one per VMREAD/VMWRITE our
	 * hypervisor does not get from a shadow VMCS. */
	if (*level >= 1) {
		uint64_t all = exits_below_per_cpuid(NESTLAB_HC_ALL_EXITS);
		uint64_t rd = exits_below_per_cpuid(EXIT_REASON_VMREAD);
		uint64_t wr = exits_below_per_cpuid(EXIT_REASON_VMWRITE);
		report(all != ~0ull && all == 2 + rd + wr,
		       "exits one level further down per CPUID: %lu = 2 + %lu VMREAD + %lu VMWRITE",
		       all, rd, wr);
	}
}

int guest_main(const char *cmdline)
{
	uint64_t level = 0;
	struct cpuid_regs r;

	printf("hello from a nestlab guest (cmdline '%s')\n", cmdline);

	r = cpuid(1, 0);
	report(r.ecx & CPUID_1_ECX_HYPERVISOR, "cpuid: hypervisor-present bit set");
	report(!(r.ecx & CPUID_1_ECX_VMX), "cpuid: VMX hidden from the guest");
	if (!cpu_under_l1hv()) {
		/* Booted directly by QEMU/KVM or another hypervisor: the nestlab
		 * interface is not there to test. */
		report_skip("nestlab interface: not running under l1hv");
	} else {
		report(true, "cpuid: nestlab vendor leaf 0x40000000");
		check_nestlab_interface(&level);
	}

	outb(UART_SCRATCH, 0x5a);
	report(inb(UART_SCRATCH) == 0x5a, "uart: scratch register keeps its value");

	/* Informational: the benchmark guest measures these properly. */
	printf("round trip cpuid %lu cycles, pio_out %lu cycles (min of %d; hypervisor %s%lu)\n",
	       time_cpuid(), time_pio(), ROUNDS, cpu_under_l1hv() ? "l1hv level " : "not l1hv",
	       cpu_under_l1hv() ? level : 0);
	return report_summary();
}
