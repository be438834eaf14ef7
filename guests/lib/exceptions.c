/* SPDX-License-Identifier: MIT */
/* Guest exception handling: expected exceptions are skipped and recorded
 * (catch_exception), anything else is reported and ends the guest. */
#include "common/free/cpu_tables.h"
#include "guests/lib/guest.h"

static volatile int caught_vector = -1;
static volatile unsigned skip_len;
static volatile bool catching;

void exception_handler(struct exception_frame *f)
{
	if (catching) {
		catching = false;
		caught_vector = (int)f->vector;
		f->rip += skip_len;
		return;
	}
	printf("FAIL: unexpected exception %lu (error code 0x%lx) at rip 0x%lx\n", f->vector,
	       f->error_code, f->rip);
	guest_exit(3);
}

int catch_exception(void (*fn)(void *ctx), void *ctx, unsigned len)
{
	caught_vector = -1;
	skip_len = len;
	catching = true;
	fn(ctx);
	catching = false;
	return caught_vector;
}
