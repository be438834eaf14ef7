/* SPDX-License-Identifier: MIT */
/*
 * Exception classes and what a second exception during the delivery of a
 * first one becomes (SDM Vol. 3A 6.15, "Interrupt 8—Double Fault
 * Exception", Tables 6-4 and 6-5). Used when l1hv re-injects an event whose
 * delivery an exit interrupted and its handler raises another exception.
 */
#ifndef NESTLAB_X86_EVENT_H
#define NESTLAB_X86_EVENT_H

#include <stdbool.h>

enum x86_exc_class {
	X86_EXC_CLASS_BENIGN,         /* 1-7, 9, 16-19, INT n, INTR */
	X86_EXC_CLASS_CONTRIBUTORY,   /* #DE, #TS, #NP, #SS, #GP */
	X86_EXC_CLASS_PAGE_FAULT,     /* #PF, #VE */
};

/* Table 6-5's three outcomes. */
enum x86_exc_second {
	X86_EXC_SERIALLY,     /* the second is delivered; the first is dropped */
	X86_EXC_DOUBLE_FAULT, /* #DF (error code 0) replaces both */
	X86_EXC_SHUTDOWN,     /* a fault while delivering #DF: triple fault */
};

/* The class of exception vector (0-31); anything else is benign (6-4). */
enum x86_exc_class x86_exc_class(unsigned vector);
/* Exceptions that push an error code (SDM 6.13, 27.2.1.3): #DF #TS #NP
 * #SS #GP #PF #AC #CP. */
bool x86_exc_has_error_code(unsigned vector);
/* Exception `second` detected while delivering exception `first`. */
enum x86_exc_second x86_exc_during_delivery(unsigned first, unsigned second);

#endif
