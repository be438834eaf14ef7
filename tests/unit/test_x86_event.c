/* SPDX-License-Identifier: MIT */
/*
 * Exception classes and the double-fault rules (common/x86_event.h) against
 * SDM Vol. 3A 6.15 Tables 6-4 and 6-5, written out here row by row.
 */
#include "common/x86_event.h"
#include "common/x86_arch.h"
#include "testlib.h"

/* Table 6-4, vector by vector (0-31; 8 #DF is an abort, outside the
 * classes, and counts as benign as a *second* exception; 15, 22-31 are
 * reserved). */
static const enum x86_exc_class table_6_4[32] = {
	[0] = X86_EXC_CLASS_CONTRIBUTORY,
	[10] = X86_EXC_CLASS_CONTRIBUTORY, [11] = X86_EXC_CLASS_CONTRIBUTORY,
	[12] = X86_EXC_CLASS_CONTRIBUTORY, [13] = X86_EXC_CLASS_CONTRIBUTORY,
	[14] = X86_EXC_CLASS_PAGE_FAULT, [20] = X86_EXC_CLASS_PAGE_FAULT,
};

TEST(classes_follow_table_6_4)
{
	for (unsigned v = 0; v < 32; v++)
		CHECKF(x86_exc_class(v) == table_6_4[v], "vector %u", v);
	/* INT n and INTR are benign whatever their vector. */
	CHECK_EQ(x86_exc_class(0x20), X86_EXC_CLASS_BENIGN);
	CHECK_EQ(x86_exc_class(0xff), X86_EXC_CLASS_BENIGN);
}

TEST(error_codes)
{
	static const bool pushes[32] = { [8] = 1, [10] = 1, [11] = 1, [12] = 1, [13] = 1,
					 [14] = 1, [17] = 1, [21] = 1 };
	for (unsigned v = 0; v < 32; v++)
		CHECKF(x86_exc_has_error_code(v) == pushes[v], "vector %u", v);
}

/* Table 6-5: rows = first exception's class, columns = second's. */
TEST(double_fault_table_6_5)
{
	static const unsigned rep[3] = { X86_EXC_UD, X86_EXC_GP, X86_EXC_PF };
	static const enum x86_exc_second want[3][3] = {
		/* second: benign          contributory          page fault */
		{ X86_EXC_SERIALLY, X86_EXC_SERIALLY,     X86_EXC_SERIALLY },     /* benign */
		{ X86_EXC_SERIALLY, X86_EXC_DOUBLE_FAULT, X86_EXC_SERIALLY },     /* contributory */
		{ X86_EXC_SERIALLY, X86_EXC_DOUBLE_FAULT, X86_EXC_DOUBLE_FAULT }, /* page fault */
	};
	for (unsigned i = 0; i < 3; i++)
		for (unsigned j = 0; j < 3; j++)
			CHECKF(x86_exc_during_delivery(rep[i], rep[j]) == want[i][j],
			       "first %u second %u", rep[i], rep[j]);
	/* Every member of a class behaves as its representative. */
	for (unsigned f = 0; f < 32; f++)
		for (unsigned s = 0; s < 32; s++) {
			if (f == X86_EXC_DF)
				continue;
			CHECKF(x86_exc_during_delivery(f, s) ==
			       want[table_6_4[f]][table_6_4[s]], "first %u second %u", f, s);
		}
}

TEST(fault_while_delivering_double_fault_shuts_down)
{
	CHECK_EQ(x86_exc_during_delivery(X86_EXC_DF, X86_EXC_GP), X86_EXC_SHUTDOWN);
	CHECK_EQ(x86_exc_during_delivery(X86_EXC_DF, X86_EXC_PF), X86_EXC_SHUTDOWN);
	CHECK_EQ(x86_exc_during_delivery(X86_EXC_DF, X86_EXC_NP), X86_EXC_SHUTDOWN);
	/* A benign exception after #DF is handled serially. */
	CHECK_EQ(x86_exc_during_delivery(X86_EXC_DF, X86_EXC_DB), X86_EXC_SERIALLY);
	/* An external interrupt or INT n first: its vector's class is benign. */
	CHECK_EQ(x86_exc_during_delivery(0x42, X86_EXC_PF), X86_EXC_SERIALLY);
}
