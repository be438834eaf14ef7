/* SPDX-License-Identifier: MIT */
/*
 * common/fmt: the host's snprintf (glibc) is the oracle. Integer conversions
 * are checked over the product of flags x width x precision x length x
 * conversion x value (only combinations the C standard defines); strings,
 * characters, pointers and '*' arguments over tables; then the cases where
 * this engine deliberately differs or the oracle has nothing to say
 * (unknown conversions) and snprintf truncation.
 */
#include "common/fmt.h"
#include "testlib.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

#define OUT_MAX 256

static unsigned mismatches;

/* Records a mismatch; prints only the first few so a broken engine does
 * not flood the log with a hundred thousand lines. */
static void compare(const char *fmt, const char *what, int want_n,
		    const char *want, int got_n, const char *got)
{
	if (want_n == got_n && !strcmp(want, got))
		return;
	if (mismatches++ < 20)
		CHECKF(0, "fmt \"%s\" (%s): want %d \"%s\", got %d \"%s\"", fmt,
		       what, want_n, want, got_n, got);
	else
		testlib_case_failures++;
}

/* Calls both implementations with the same format and arguments. */
#define ORACLE(fmt, what, ...)                                              \
	do {                                                                \
		/* Through a variable: -Wformat checks literal formats, \
		 * and some rows pass unused arguments on purpose. */   \
		const char *fmt_ = (fmt);                                   \
		char want_[OUT_MAX], got_[OUT_MAX];                         \
		int want_n_ = snprintf(want_, sizeof(want_), fmt_, __VA_ARGS__); \
		int got_n_ = fmt_snprintf(got_, sizeof(got_), fmt_, __VA_ARGS__); \
		compare(fmt_, what, want_n_, want_, got_n_, got_);          \
	} while (0)

static const uint64_t int_values[] = {
	0, 1, 7, 8, 42, 127, 128, 255, 256, 32767, 32768, 65535,
	0x7fffffffu, 0x80000000u, 0xffffffffu, 0x123456789abcdefull,
	0x7fffffffffffffffull, 0x8000000000000000ull, 0xffffffffffffffffull,
	(uint64_t)-1 - 41, /* -42 */
	(uint64_t)-128, (uint64_t)-129, (uint64_t)-32768,
};

static const char *const lengths[] = { "", "hh", "h", "l", "ll", "z", "j", "t" };
static const char *const widths[] = { "", "1", "7", "24" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".22" };

/* Passes v converted to the argument type the length modifier names. */
static void oracle_int(const char *fmt, const char *len, bool is_signed, uint64_t v)
{
	char what[40];

	snprintf(what, sizeof(what), "value 0x%llx", (unsigned long long)v);
	if (!strcmp(len, "l")) {
		if (is_signed)
			ORACLE(fmt, what, (long)v);
		else
			ORACLE(fmt, what, (unsigned long)v);
	} else if (!strcmp(len, "ll")) {
		if (is_signed)
			ORACLE(fmt, what, (long long)v);
		else
			ORACLE(fmt, what, (unsigned long long)v);
	} else if (!strcmp(len, "z") || !strcmp(len, "t")) {
		/* ptrdiff_t and size_t are the signed/unsigned pair for both. */
		if (is_signed)
			ORACLE(fmt, what, (ptrdiff_t)v);
		else
			ORACLE(fmt, what, (size_t)v);
	} else if (!strcmp(len, "j")) {
		if (is_signed)
			ORACLE(fmt, what, (intmax_t)v);
		else
			ORACLE(fmt, what, (uintmax_t)v);
	} else if (is_signed) {
		/* none, h, hh: the argument is an int and the callee narrows it */
		ORACLE(fmt, what, (int)v);
	} else {
		ORACLE(fmt, what, (unsigned)v);
	}
}

TEST(integers_match_host_snprintf)
{
	static const char flag_chars[] = "-0+ #";
	static const char convs[] = "diuoxX";
	unsigned cases = 0;

	mismatches = 0;
	for (const char *c = convs; *c; c++) {
		bool is_signed = *c == 'd' || *c == 'i';

		for (unsigned set = 0; set < 32; set++) {
			char flags[8];
			unsigned nf = 0;

			for (unsigned i = 0; i < 5; i++) {
				if (!(set & (1u << i)))
					continue;
				/* '#' is undefined for d/i/u; '+'/' ' only
				 * make sense for signed conversions. */
				if (flag_chars[i] == '#' && (is_signed || *c == 'u'))
					goto next_set;
				if ((flag_chars[i] == '+' || flag_chars[i] == ' ') && !is_signed)
					goto next_set;
				flags[nf++] = flag_chars[i];
			}
			flags[nf] = '\0';
			for (unsigned w = 0; w < 4; w++)
				for (unsigned p = 0; p < 6; p++)
					for (unsigned l = 0; l < 8; l++) {
						char fmt[32];

						snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", flags,
							 widths[w], precs[p], lengths[l], *c);
						for (unsigned v = 0; v < sizeof(int_values) / sizeof(int_values[0]); v++) {
							oracle_int(fmt, lengths[l], is_signed, int_values[v]);
							cases++;
						}
					}
next_set:;
		}
	}
	CHECK(cases > 100000);
	CHECK_EQ(mismatches, 0);
}

TEST(strings_chars_pointers_match_host_snprintf)
{
	static const char *const sfmts[] = {
		"%s", "[%s]", "[%10s]", "[%-10s]", "[%.0s]", "[%.2s]", "[%.20s]",
		"[%5.2s]", "[%-5.2s]", "[%1s]", "[%.s]", "%s%s",
	};
	static const char *const strs[] = { "", "a", "hello", "0123456789abcdef", NULL };
	static const char *const cfmts[] = { "%c", "[%3c]", "[%-3c]", "[%1c]", "x%cy" };
	static const char cvals[] = { 'A', ' ', '%', '\x7f', '\xe9' };
	static const char *const pfmts[] = { "%p", "[%20p]", "[%-20p]", "[%3p]", "[%.0p]" };
	static const uintptr_t pvals[] = { 0, 1, 0xdeadbeef, 0x7fffffffe000, UINTPTR_MAX };

	mismatches = 0;
	for (unsigned i = 0; i < sizeof(sfmts) / sizeof(sfmts[0]); i++)
		for (unsigned j = 0; j < sizeof(strs) / sizeof(strs[0]); j++)
			ORACLE(sfmts[i], strs[j] ? strs[j] : "NULL", strs[j], "tail");
	for (unsigned i = 0; i < sizeof(cfmts) / sizeof(cfmts[0]); i++)
		for (unsigned j = 0; j < sizeof(cvals); j++)
			ORACLE(cfmts[i], "char", cvals[j]);
	for (unsigned i = 0; i < sizeof(pfmts) / sizeof(pfmts[0]); i++)
		for (unsigned j = 0; j < sizeof(pvals) / sizeof(pvals[0]); j++)
			ORACLE(pfmts[i], "pointer", (void *)pvals[j]);
	CHECK_EQ(mismatches, 0);
}

TEST(star_width_and_precision_match_host_snprintf)
{
	static const int stars[] = { 0, 1, 5, 12, -1, -5, -12 };
	static const char *const ifmts[] = { "[%*d]", "[%-*d]", "[%0*d]", "[%*x]", "[%#*o]" };
	static const char *const pfmts[] = { "[%.*d]", "[%+.*d]", "[%.*x]", "[%#.*x]", "[%.*u]" };
	static const char *const spfmts[] = { "[%*.*s]", "[%*.*d]", "[%-*.*d]", "[%0*.*x]" };

	mismatches = 0;
	for (unsigned i = 0; i < sizeof(stars) / sizeof(stars[0]); i++) {
		for (unsigned f = 0; f < sizeof(ifmts) / sizeof(ifmts[0]); f++) {
			ORACLE(ifmts[f], "width", stars[i], 42);
			ORACLE(ifmts[f], "width", stars[i], -7);
			ORACLE(ifmts[f], "width", stars[i], 0);
		}
		for (unsigned f = 0; f < sizeof(pfmts) / sizeof(pfmts[0]); f++) {
			ORACLE(pfmts[f], "precision", stars[i], 42);
			ORACLE(pfmts[f], "precision", stars[i], 0);
		}
		ORACLE("[%.*s]", "precision", stars[i], "abcdefgh");
		for (unsigned j = 0; j < sizeof(stars) / sizeof(stars[0]); j++) {
			ORACLE(spfmts[0], "width+precision", stars[i], stars[j], "abcdefgh");
			for (unsigned f = 1; f < sizeof(spfmts) / sizeof(spfmts[0]); f++)
				ORACLE(spfmts[f], "width+precision", stars[i], stars[j], 1234);
		}
	}
	CHECK_EQ(mismatches, 0);
}

TEST(mixed_formats_match_host_snprintf)
{
	mismatches = 0;
	ORACLE("%%", "literal", 0);
	ORACLE("%d %s %c %x %p", "mixed", -1, "two", '3', 0xffu, (void *)0x1000);
	ORACLE("%-0+ 8d|%0-8d|%+ d|% +d", "flag orders", 5, 5, 5, 5);
	ORACLE("%000008d|%--8d|%++d", "repeated flags", 5, 5, 5);
	ORACLE("%hhu %hhd %hu %hd", "narrowing", 0x1ff, 0x180, 0x1ffff, 0x18000);
	ORACLE("vector %#x err %#010x rip %#018llx", "kernel-style", 0xd, 0x1f,
	       0xffffffff81000000ull);
	ORACLE("%lld %llu %lli", "extremes", LLONG_MIN, ULLONG_MAX, LLONG_MAX);
	CHECK_EQ(mismatches, 0);
}

/* Cases the oracle cannot judge (undefined in C) or where glibc differs on
 * purpose: each must be printed as text, consuming no argument. */
TEST(unknown_conversions_print_literally)
{
	static const struct {
		const char *fmt;
		const char *want;
	} rows[] = {
		{ "%q|%d", "%q|1" },
		{ "%-08q|%d", "%-08q|1" },
		{ "a%", "a%" },
		{ "%5", "%5" },
		{ "%ll", "%ll" },
		{ "%n|%d", "%n|1" },
		{ "%lc|%d", "%lc|1" },
		{ "%ls|%d", "%ls|1" },
		{ "%hp|%d", "%hp|1" },
		{ "%f|%d", "%f|1" },
		/* C11 wants exactly "%%"; glibc ignores flags here, and so do we */
		{ "[%-5%]|%d", "[%]|1" },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char got[64];
		const char *fmt = rows[i].fmt; /* not a literal: -Wformat stays quiet */
		int n = fmt_snprintf(got, sizeof(got), fmt, 1);

		CHECKF(!strcmp(got, rows[i].want) && n == (int)strlen(rows[i].want),
		       "fmt \"%s\": want \"%s\", got %d \"%s\"", fmt, rows[i].want, n, got);
	}
}

TEST(null_string)
{
	const char *volatile null_str = NULL; /* hidden from -Wformat-overflow */
	char got[32];

	CHECK_EQ(fmt_snprintf(got, sizeof(got), "%s", null_str), 6);
	CHECK(!strcmp(got, "(null)"));
	CHECK_EQ(fmt_snprintf(got, sizeof(got), "[%8s]", null_str), 10);
	CHECK(!strcmp(got, "[  (null)]"));
	CHECK_EQ(fmt_snprintf(got, sizeof(got), "[%.3s]", null_str), 2);
	CHECK(!strcmp(got, "[]"));
}

/* snprintf truncation: return the full length, store at most size-1 bytes
 * and a NUL, touch nothing past size. */
TEST(snprintf_truncates_and_terminates)
{
	static const struct {
		const char *fmt;
		int arg;
		const char *full;
	} rows[] = {
		{ "", 0, "" },
		{ "abc", 0, "abc" },
		{ "x=%08x!", 0xbeef, "x=0000beef!" },
		{ "[%-6d]", -12, "[-12   ]" },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		size_t len = strlen(rows[i].full);

		for (size_t size = 0; size <= len + 2; size++) {
			char buf[32];
			int n;

			memset(buf, '#', sizeof(buf));
			n = fmt_snprintf(size ? buf : NULL, size, rows[i].fmt, rows[i].arg);
			CHECKF(n == (int)len, "\"%s\" size %zu: returned %d", rows[i].fmt, size, n);
			if (size) {
				size_t kept = len < size - 1 ? len : size - 1;
				CHECKF(!memcmp(buf, rows[i].full, kept) && buf[kept] == '\0',
				       "\"%s\" size %zu: content", rows[i].fmt, size);
			}
			for (size_t j = size; j < sizeof(buf); j++)
				CHECKF(buf[j] == '#', "\"%s\" size %zu: byte %zu written",
				       rows[i].fmt, size, j);
		}
	}

	/* An embedded NUL from %c counts in the length. */
	{
		char buf[8];

		memset(buf, '#', sizeof(buf));
		CHECK_EQ(fmt_snprintf(buf, sizeof(buf), "%c%c", 'a', 0), 2);
		CHECK(buf[0] == 'a' && buf[1] == '\0' && buf[2] == '\0' && buf[3] == '#');
		CHECK_EQ(fmt_snprintf(buf, 1, "%d", 123456), 6);
		CHECK(buf[0] == '\0');
	}
}

struct collect {
	char buf[64];
	size_t n;
};

static void collect_put(void *ctx, char c)
{
	struct collect *col = ctx;

	if (col->n < sizeof(col->buf))
		col->buf[col->n] = c;
	col->n++;
}

TEST(callback_streams_every_character)
{
	struct collect col = { .n = 0 };
	int n = fmt_callback(collect_put, &col, "L%u: %s%c%-3x|", 2u, "vm", 0, 0xau);

	CHECK_EQ(n, 11);
	CHECK_EQ(col.n, 11);
	CHECK(!memcmp(col.buf, "L2: vm\0a  |", 11));

	col.n = 0;
	CHECK_EQ(fmt_callback(collect_put, &col, "%s", ""), 0);
	CHECK_EQ(col.n, 0);
}
