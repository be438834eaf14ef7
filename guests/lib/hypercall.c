/* SPDX-License-Identifier: MIT */
#include "guests/lib/guest.h"

static int64_t hypercall3(uint64_t nr, uint64_t arg, uint64_t arg2, uint64_t *out1,
			  uint64_t *out2)
{
	uint64_t rax = nr, rbx = arg, rcx = arg2;

	asm volatile("vmcall" : "+a"(rax), "+b"(rbx), "+c"(rcx) :: "rdx", "memory");
	if (out1)
		*out1 = rbx;
	if (out2)
		*out2 = rcx;
	return (int64_t)rax;
}

int64_t hypercall(uint64_t nr, uint64_t arg, uint64_t *out1, uint64_t *out2)
{
	return hypercall3(nr, arg, 0, out1, out2);
}

uint64_t exit_count_below(uint32_t reason, unsigned depth)
{
	uint64_t n = 0;

	if (hypercall3(NESTLAB_HC_EXIT_COUNT, reason, depth, &n, NULL))
		return ~0ull;
	return n;
}

uint64_t exit_count(uint32_t reason)
{
	uint64_t n = 0;

	if (hypercall(NESTLAB_HC_EXIT_COUNT, reason, &n, NULL))
		return ~0ull;
	return n;
}
