/* SPDX-License-Identifier: MIT */
/*
 * The exit-cost benchmark guest: a table of microbenchmarks, each timing one
 * exit path (bench_table.c), a measurement engine in the style of
 * kvm-unit-tests x86/vmexit.c (bench_measure.c: iterations doubled until a
 * batch reaches a cycle goal, then timed batches), and the output formats
 * (bench_main.c, documented in bench/README.md).
 */
#ifndef NESTLAB_GUEST_BENCH_H
#define NESTLAB_GUEST_BENCH_H

#include <stdbool.h>
#include <stdint.h>

#include "guests/bench/bench_stats.h"

#define BENCH_MAX_BATCHES 64

/* Who runs directly below the benchmark guest. */
enum bench_hv {
	BENCH_HV_NONE,      /* no hypervisor-present bit: bare metal or TCG */
	BENCH_HV_L1HV,      /* nestlab l1hv: exit counters by hypercall */
	BENCH_HV_KVM,       /* Linux KVM (booted directly by QEMU -accel kvm) */
	BENCH_HV_OTHER,
};

/*
 * What an exit path needs from the level below. A benchmark runs only when
 * every bit it needs is in the environment's set; otherwise it prints a SKIP
 * line naming the first missing need.
 */
#define BENCH_NEEDS(X)                                                                  \
	X(HYPERCALL, "a hypervisor that answers VMCALL (VMMCALL on AMD)")               \
	X(PIO_EMULATED, "a port emulated by the level directly below")                  \
	X(PIO_FORWARDED, "a port the level below forwards to its parent (nested)")      \
	X(MMIO_PAGE, "an EPT-trapped MMIO device page")                                 \
	X(MSR_INTERCEPT, "an intercepted, emulated MSR")                                \
	X(MSR_PASSTHROUGH, "an MSR passed through by the MSR bitmap")                   \
	X(CR0_MASKED_BIT, "MOV to CR0 of a host-owned bit (CR0.NE) emulated with paging on") \
	X(CR3_LOAD_EXITING, "CR3-load exiting")                                         \
	X(BP_INTERCEPT, "#BP in the exception bitmap")                                  \
	X(RDTSC_EXITING, "RDTSC exiting turned on by hypercall (l1hv's NESTLAB_HC_SET_TRAPS)") \
	X(LAPIC_TIMER, "an x2APIC with the TSC-deadline timer (CPUID.1:ECX bits 21, 24)") \
	X(PV_HLT_TIMER, "l1hv's HLT-timer hypercall (NESTLAB_HC_TIMER_ON_HLT)")         \
	X(WBINVD_EXITING, "WBINVD exiting")                                             \
	X(LAZY_EPT, "guest memory the level below maps on first touch")

enum bench_need_bit {
#define BENCH_NEED_BIT(id, text) BENCH_NEED_BIT_##id,
	BENCH_NEEDS(BENCH_NEED_BIT)
#undef BENCH_NEED_BIT
	BENCH_NEED_COUNT
};

#define BENCH_NEED(id) (1u << BENCH_NEED_BIT_##id)

struct bench_env {
	enum bench_hv hv;
	const char *hv_name;     /* "l1hv", "kvm", "none", "other" */
	const char *engine;      /* from engine= on the command line, else "unknown" */
	const char *policy;      /* "n/a" at a single level */
	const char *shadow;      /* "n/a" at a single level */
	unsigned level;          /* the benchmark guest's level (1 = one hypervisor below) */
	unsigned hv_level;       /* level of the hypervisor answering VMCALL (l1hv) */
	bool amd_vmmcall;        /* VMMCALL (AMD) instead of VMCALL; hypercall= overrides */
	bool exit_counters;      /* NESTLAB_HC_EXIT_COUNT answers */
	uint32_t traps;          /* NESTLAB_TRAP_* the level below gives this VM at start */
	uint32_t provides;       /* BENCH_NEED() bits this environment offers */
	/* Per-environment targets of the exit paths (see bench_env_init). */
	uint16_t pio_port, pio_fwd_port;
	uint32_t msr_intercepted, msr_passthrough;
	uint64_t mmio_base;
	char cpu[49];            /* CPU brand, compacted: no spaces */
};

struct bench_def {
	const char *name;
	void (*fn)(void);        /* NULL: the guest side is not written yet */
	uint32_t needs;          /* BENCH_NEED() bits */
	void (*setup)(const struct bench_env *env);   /* NULL or before timing */
	void (*teardown)(void);                      /* NULL or after timing */
};

extern const struct bench_def bench_table[];
/* Set by a benchmark whose run turned out invalid (why); bench_measure
 * then fails that benchmark with it. */
extern const char *bench_failure;
/* True while the benchmark's own clock (RDTSC) exits: bench_measure()
 * then takes out what the clock reads cost (time and exits). */
extern bool bench_clock_exits;
extern const unsigned bench_count;

struct bench_result {
	uint64_t iters;                      /* per batch */
	unsigned batches;
	uint64_t sample[BENCH_MAX_BATCHES];  /* tenths of a cycle per iteration */
	struct bench_stats raw;              /* loop overhead included */
	/* Exits of this VM during all timed batches, as the level below counts
	 * them (excluding the two counter reads); valid when have_exits. */
	bool have_exits;
	uint64_t exits;
	/* Under a nested hypervisor: exits the level below it counts for one
	 * extra, untimed batch (valid when have_exits_below). */
	bool have_exits_below;
	uint64_t exits_below;
};

struct bench_config {
	uint64_t goal;           /* cycles one batch must reach */
	unsigned batches;
	uint64_t max_iters;      /* stop doubling here even if the goal is not met */
};

/* Detects the hypervisor, CPU and exit-path targets; engine/policy/shadow
 * come from the command line. */
void bench_env_init(struct bench_env *env, const char *cmdline);

/* The name of the first need in `missing` (one bit or more). */
const char *bench_need_text(uint32_t missing);

/* Calibrates and times one benchmark. Returns 0, or -1 with *why set. */
int bench_measure(const struct bench_def *b, const struct bench_env *env,
		  const struct bench_config *cfg, struct bench_result *r, const char **why);

#endif
