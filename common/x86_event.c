/* SPDX-License-Identifier: MIT */
/* Exception classes and double-fault rules: see x86_event.h. */
#include "common/x86_event.h"

#include "common/x86_arch.h"

#define X86_EXC_VE 20

enum x86_exc_class x86_exc_class(unsigned vector)
{
	switch (vector) {
	case X86_EXC_DE: case X86_EXC_TS: case X86_EXC_NP: case X86_EXC_SS: case X86_EXC_GP:
		return X86_EXC_CLASS_CONTRIBUTORY;
	case X86_EXC_PF: case X86_EXC_VE:
		return X86_EXC_CLASS_PAGE_FAULT;
	default:
		return X86_EXC_CLASS_BENIGN;
	}
}

bool x86_exc_has_error_code(unsigned vector)
{
	switch (vector) {
	case X86_EXC_DF: case X86_EXC_TS: case X86_EXC_NP: case X86_EXC_SS:
	case X86_EXC_GP: case X86_EXC_PF: case X86_EXC_AC: case X86_EXC_CP:
		return true;
	default:
		return false;
	}
}

/*
 * Table 6-5: a contributory exception after a contributory one, and a
 * contributory or page fault after a page fault, is #DF; every other pair
 * is handled serially. A contributory exception or page fault while
 * delivering #DF shuts the processor down (6.15, "Interrupt 8", and the
 * VM exit "triple fault", SDM 26.2).
 */
enum x86_exc_second x86_exc_during_delivery(unsigned first, unsigned second)
{
	enum x86_exc_class c1 = x86_exc_class(first), c2 = x86_exc_class(second);

	if (c2 == X86_EXC_CLASS_BENIGN)
		return X86_EXC_SERIALLY;
	if (first == X86_EXC_DF)
		return X86_EXC_SHUTDOWN;
	if (c1 == X86_EXC_CLASS_PAGE_FAULT ||
	    (c1 == X86_EXC_CLASS_CONTRIBUTORY && c2 == X86_EXC_CLASS_CONTRIBUTORY))
		return X86_EXC_DOUBLE_FAULT;
	return X86_EXC_SERIALLY;
}
