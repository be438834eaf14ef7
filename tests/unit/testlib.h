/* SPDX-License-Identifier: MIT */
/*
 * Tiny host unit-test harness shared by every tests/unit/test_*.c binary.
 *
 * A test case is a function registered with TEST(name). CHECK(cond) records a
 * failed condition (file, line and the condition as text) without stopping the
 * case; CHECK_EQ prints both values. Each case prints one line:
 *     PASS <binary>: <case>
 *     FAIL <binary>: <case>      (preceded by one "  check failed" line per failure)
 * tests/run-unit.sh adds up the PASS/FAIL lines of all binaries and prints the
 * final "N passed, N failed" line; a binary that crashes counts as a failure.
 */
#ifndef NESTLAB_TESTLIB_H
#define NESTLAB_TESTLIB_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct testlib_case {
	const char *name;
	void (*fn)(void);
	struct testlib_case *next;
};

extern int testlib_case_failures;
void testlib_register(struct testlib_case *tc);
void testlib_check_failed(const char *file, int line, const char *what);

#define TEST(name)                                                          \
	static void test_##name(void);                                      \
	static struct testlib_case testlib_case_##name = { #name,           \
		test_##name, NULL };                                        \
	__attribute__((constructor)) static void testlib_reg_##name(void)  \
	{                                                                   \
		testlib_register(&testlib_case_##name);                     \
	}                                                                   \
	static void test_##name(void)

#define CHECK(cond)                                                         \
	do {                                                                \
		if (!(cond))                                                \
			testlib_check_failed(__FILE__, __LINE__, #cond);    \
	} while (0)

/* Compares as unsigned 64-bit and prints both sides on failure. */
#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		uint64_t testlib_a_ = (uint64_t)(a);                        \
		uint64_t testlib_b_ = (uint64_t)(b);                        \
		if (testlib_a_ != testlib_b_) {                             \
			char testlib_buf_[256];                             \
			snprintf(testlib_buf_, sizeof(testlib_buf_),        \
				 "%s == %s (0x%" PRIx64 " != 0x%" PRIx64 ")", \
				 #a, #b, testlib_a_, testlib_b_);           \
			testlib_check_failed(__FILE__, __LINE__,            \
					     testlib_buf_);                 \
		}                                                           \
	} while (0)

/* Like CHECK, with a printf-style explanation (useful inside table loops). */
#define CHECKF(cond, ...)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			char testlib_buf_[512];                             \
			snprintf(testlib_buf_, sizeof(testlib_buf_),        \
				 __VA_ARGS__);                              \
			testlib_check_failed(__FILE__, __LINE__,            \
					     testlib_buf_);                 \
		}                                                           \
	} while (0)

#endif
