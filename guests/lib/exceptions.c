/* SPDX-License-Identifier: MIT */
/* Guest exception handling: expected exceptions are skipped and recorded
 * (catch_exception), anything else is reported and ends the guest. */
#include "common/free/cpu_tables.h"
#include "guests/lib/guest.h"

static volatile int caught_vector = -1;
static volatile uint64_t caught_error_code;
static volatile unsigned skip_len;
static volatile bool catching, catching_call;

/* catch_call.S */
void catch_call_run(void (*fn)(void));
extern char catch_call_resume[];
extern uint64_t catch_call_rsp;

void exception_handler(struct exception_frame *f)
{
	if (catching_call) {
		/* Resume as if the probe had returned (catch_call.S). */
		catching_call = false;
		caught_vector = (int)f->vector;
		caught_error_code = f->error_code;
		f->rip = (uint64_t)catch_call_resume;
		f->rsp = catch_call_rsp;
		return;
	}
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

int catch_exception_call(void (*fn)(void), uint64_t *error_code)
{
	caught_vector = -1;
	caught_error_code = 0;
	catching_call = true;
	catch_call_run(fn);
	catching_call = false;
	if (error_code)
		*error_code = caught_error_code;
	return caught_vector;
}
