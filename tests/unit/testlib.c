/* SPDX-License-Identifier: MIT */
/* Runner for the host unit tests: see testlib.h. */
#include "testlib.h"

#include <string.h>

int testlib_case_failures;
static struct testlib_case *testlib_head, **testlib_tail = &testlib_head;

void testlib_register(struct testlib_case *tc)
{
	/* Constructors run in file order; keep that order for readable logs. */
	*testlib_tail = tc;
	testlib_tail = &tc->next;
}

void testlib_check_failed(const char *file, int line, const char *what)
{
	testlib_case_failures++;
	printf("  check failed: %s:%d: %s\n", file, line, what);
}

int main(int argc, char **argv)
{
	const char *prog = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	const char *only = argc > 1 ? argv[1] : NULL;
	int passed = 0, failed = 0;

	for (struct testlib_case *tc = testlib_head; tc; tc = tc->next) {
		if (only && strcmp(only, tc->name))
			continue;
		testlib_case_failures = 0;
		tc->fn();
		if (testlib_case_failures) {
			printf("FAIL %s: %s\n", prog, tc->name);
			failed++;
		} else {
			printf("PASS %s: %s\n", prog, tc->name);
			passed++;
		}
		fflush(stdout);
	}
	if (passed + failed == 0) {
		printf("FAIL %s: no test case ran%s%s\n", prog,
		       only ? " matching " : "", only ? only : "");
		return 1;
	}
	return failed ? 1 : 0;
}
