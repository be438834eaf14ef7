/* SPDX-License-Identifier: MIT */
/* The exception fixup table (fixup.h): looked up only when l1hv faults. */
#include "l1hv/arch/fixup.h"

extern const struct ex_fixup __ex_fixup_start[], __ex_fixup_end[];
uint64_t fixups_taken;

bool fixup_exception(struct exception_frame *f)
{
	for (const struct ex_fixup *e = __ex_fixup_start; e < __ex_fixup_end; e++)
		if (e->insn == f->rip) {
			f->rip = e->fixup;
			fixups_taken++;
			return true;
		}
	return false;
}
