/* SPDX-License-Identifier: MIT */
/* l1hv's command line: "l1hv [key=value]..." (the first word, the program
 * name, is skipped). Unknown keys are an error that lists the known ones. */
#ifndef L1HV_OPTIONS_H
#define L1HV_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

struct l1hv_options {
	uint64_t guest_mem;      /* default guest memory (guest_mem=SIZE) */
	uint64_t budget;         /* default run budget of a VM, in TSC ticks (budget=TICKS) */
	bool nested;             /* nested=on|off: offer VMX to guests */
	uint64_t module_disk;    /* module_disk=ADDR: mkrom's table of modules on disk */
	bool strict_mmio;        /* strict_mmio=on: an access to an address nothing claims
				  * stops the VM instead of reading all ones */
	char policy[32];         /* policy=NAME: reflection policy for nested exits */
	char shadow[128];        /* shadow=none|kvm|all|FIELD,...: VMCS shadowing for L1 */
	bool selftest_fault;     /* selftest=fault: raise #UD in l1hv after boot (tests) */
	uint64_t entry_diff;     /* entry_diff=N: N differential VM-entry cases, then stop */
	uint64_t entry_diff_seed; /* entry_diff_seed=S: their random seed */
	bool selftest_msr;       /* selftest=msr: RDMSR/WRMSR_safe of an absent MSR (tests) */
	bool selftest_no_tsc_aux; /* selftest=no-tsc-aux: treat IA32_TSC_AUX as absent (tests) */
};

extern struct l1hv_options l1hv_options;

/* Returns 0, or -1 with an error message written to err. */
int options_parse(const char *cmdline, char *err, unsigned long errlen);

/* "32M", "1G", "4096K", "65536" -> bytes; -1 on a malformed size. */
int parse_size(const char *s, unsigned long len, uint64_t *out);

/* Iterates over space-separated words: returns the next word's start and
 * sets *len, or NULL at the end. */
const char *next_word(const char **cursor, unsigned long *len);

#endif
