/* SPDX-License-Identifier: MIT */
/*
 * Exception fixups: an instruction that may fault on a CPU model that lacks
 * what it touches (an MSR the model does not implement) is recorded with
 * where to continue, in the .ex_fixup section (common/free/image.ld). The
 * #GP handler (exception.c) resumes there instead of declaring a hypervisor
 * bug. Everything else that faults in l1hv is still a bug.
 */
#ifndef L1HV_FIXUP_H
#define L1HV_FIXUP_H

#include <stdbool.h>
#include <stdint.h>

#include "common/free/cpu_tables.h"

struct ex_fixup {
	uint64_t insn;        /* RIP of the instruction that may fault */
	uint64_t fixup;       /* where execution continues if it does */
};

/* One table entry for the instruction at label `insn`, continuing at `fixup`. */
#define EX_FIXUP(insn, fixup)                                               \
	".pushsection .ex_fixup, \"a\"\n\t.balign 8\n\t"                    \
	".quad " insn ", " fixup "\n\t.popsection\n\t"

/* If f's RIP has a fixup, moves RIP there and returns true. */
bool fixup_exception(struct exception_frame *f);

/*
 * RDMSR/WRMSR that return false instead of faulting: an unimplemented MSR,
 * a reserved bit or a non-canonical address is #GP(0) (SDM Vol. 2B RDMSR,
 * WRMSR), which the fixup turns into the skipped flag store.
 */
static inline bool rdmsr_safe(uint32_t msr, uint64_t *value)
{
	uint32_t lo = 0, hi = 0;
	uint8_t ok = 0;

	asm volatile("1: rdmsr\n\t"
		     "movb $1, %[ok]\n"
		     "2:\n\t"
		     EX_FIXUP("1b", "2b")
		     : "+a"(lo), "+d"(hi), [ok] "+q"(ok)
		     : "c"(msr));
	*value = ((uint64_t)hi << 32) | lo;
	return ok;
}

static inline bool wrmsr_safe(uint32_t msr, uint64_t value)
{
	uint8_t ok = 0;

	asm volatile("1: wrmsr\n\t"
		     "movb $1, %[ok]\n"
		     "2:\n\t"
		     EX_FIXUP("1b", "2b")
		     : [ok] "+q"(ok)
		     : "c"(msr), "a"((uint32_t)value), "d"((uint32_t)(value >> 32))
		     : "memory");
	return ok;
}

/* Faults and fixups taken since boot (selftest=msr reports them). */
extern uint64_t fixups_taken;

#endif
