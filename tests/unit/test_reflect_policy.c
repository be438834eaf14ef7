/* SPDX-License-Identifier: MIT */
/* Reflection policies, l0_owns_exit(), reflect_decide() and its counters. */
#include <string.h>

#include "exit-reflect/reflect_policy.h"
#include "exit-reflect/reflect_stats.h"
#include "testlib.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_controls.h"

static struct vmcs12 vmcs;

static struct vmcs12 *vmcs12_with(uint32_t pin, uint32_t cpu, uint32_t cpu2)
{
	vmcs12_init(&vmcs, 1);
	if (cpu2)
		cpu |= CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	vmcs12_write(&vmcs, VMCS_PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs12_write(&vmcs, VMCS_CPU_BASED_VM_EXEC_CONTROL, cpu);
	vmcs12_write(&vmcs, VMCS_SECONDARY_VM_EXEC_CONTROL, cpu2);
	return &vmcs;
}

static struct reflect_exit exit_of(uint32_t reason, uint32_t intr_info)
{
	struct reflect_exit e;

	memset(&e, 0, sizeof(e));
	reflect_exit_set_reason(&e, reason);
	e.intr_info = intr_info;
	return e;
}

static const struct reflect_l0_state l0_none;

TEST(lookup)
{
	CHECK(reflect_policy_find("architectural") == &reflect_policy_architectural);
	CHECK(reflect_policy_find("reflect-all") == &reflect_policy_reflect_all);
	CHECK(reflect_policy_find("Architectural") == NULL);
	CHECK(reflect_policy_find("architectural ") == NULL);
	CHECK(reflect_policy_find("architectura") == NULL);
	CHECK(reflect_policy_find("reflect") == NULL);
	CHECK(reflect_policy_find("") == NULL);
	CHECK(reflect_policy_find(NULL) == NULL);
	CHECK(reflect_policies[0] == &reflect_policy_architectural); /* the default */
	for (const struct reflect_policy *const *p = reflect_policies; *p; p++) {
		CHECK((*p)->name && (*p)->name[0]);
		CHECK((*p)->summary && strlen((*p)->summary) > 20);
		CHECK((*p)->decide != NULL);
		CHECK(reflect_policy_find((*p)->name) == *p);
	}
}

TEST(unknown_name_error_text)
{
	static const char full[] =
		"unknown reflection policy 'turbo' (known: architectural, reflect-all)";
	char buf[128];
	char small[11];

	CHECK_EQ(reflect_policy_format_unknown(buf, sizeof(buf), "turbo"), strlen(full));
	CHECKF(!strcmp(buf, full), "got '%s'", buf);

	memset(small, 'x', sizeof(small));
	CHECK_EQ(reflect_policy_format_unknown(small, sizeof(small), "turbo"), strlen(full));
	CHECK(!strcmp(small, "unknown re"));     /* truncated, NUL-terminated */

	memset(small, 'x', sizeof(small));
	CHECK_EQ(reflect_policy_format_unknown(small, 0, "turbo"), strlen(full));
	CHECK(small[0] == 'x');                  /* len 0: nothing written */
	CHECK_EQ(reflect_policy_format_unknown(small, 1, "turbo"), strlen(full));
	CHECK(small[0] == '\0');

	reflect_policy_format_unknown(buf, sizeof(buf), NULL);
	CHECK(strstr(buf, "'(null)'") != NULL);
}

/* Verdicts with no L0 ownership: the policies differ exactly on unwanted exits. */
static const struct {
	const char *what;
	uint32_t reason, intr_info, pin, cpu, cpu2;
	enum reflect_verdict arch, all;
} verdicts[] = {
	{ "HLT, L1 did not ask", EXIT_REASON_HLT, 0, 0, 0, 0, REFLECT_L0_HANDLES, REFLECT_TO_L1 },
	{ "HLT, L1 asked", EXIT_REASON_HLT, 0, 0, CPU_BASED_HLT_EXITING, 0, REFLECT_TO_L1, REFLECT_TO_L1 },
	{ "CPUID, unconditional", EXIT_REASON_CPUID, 0, 0, 0, 0, REFLECT_TO_L1, REFLECT_TO_L1 },
	{ "RDTSC, L1 did not ask", EXIT_REASON_RDTSC, 0, 0, 0, 0, REFLECT_L0_HANDLES, REFLECT_TO_L1 },
	{ "I/O, no I/O exiting", EXIT_REASON_IO_INSTRUCTION, 0, 0, 0, 0, REFLECT_L0_HANDLES, REFLECT_TO_L1 },
	{ "EPT violation, L1 without EPT", EXIT_REASON_EPT_VIOLATION, 0, 0, 0, 0,
	  REFLECT_L0_HANDLES, REFLECT_TO_L1 },
	{ "EPT violation, L1 with EPT", EXIT_REASON_EPT_VIOLATION, 0, 0, 0, SECONDARY_EXEC_ENABLE_EPT,
	  REFLECT_TO_L1, REFLECT_TO_L1 },
	{ "ext. interrupt, L1 exiting, L0 not", EXIT_REASON_EXTERNAL_INTERRUPT, 0,
	  PIN_BASED_EXT_INTR_MASK, 0, 0, REFLECT_TO_L1, REFLECT_TO_L1 },
	{ "#UD, not in bitmap", EXIT_REASON_EXCEPTION_NMI, 0x80000306, 0, 0, 0,
	  REFLECT_L0_HANDLES, REFLECT_TO_L1 },
	{ "VMPTRLD", EXIT_REASON_VMPTRLD, 0, 0, 0, 0, REFLECT_TO_L1, REFLECT_TO_L1 },
};

TEST(verdicts_of_both_policies)
{
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++) {
		struct vmcs12 *v = vmcs12_with(verdicts[i].pin, verdicts[i].cpu, verdicts[i].cpu2);
		struct reflect_exit e = exit_of(verdicts[i].reason, verdicts[i].intr_info);
		enum reflect_verdict a = reflect_policy_architectural.decide(&e, v, NULL, &l0_none);
		enum reflect_verdict r = reflect_policy_reflect_all.decide(&e, v, NULL, &l0_none);

		CHECKF(a == verdicts[i].arch, "%s: architectural says %s", verdicts[i].what,
		       reflect_verdict_name(a));
		CHECKF(r == verdicts[i].all, "%s: reflect-all says %s", verdicts[i].what,
		       reflect_verdict_name(r));
		CHECK(reflect_decide(&reflect_policy_architectural, &e, v, NULL, &l0_none, NULL) == a);
	}
}

/* L1 asks for everything; L0 still keeps these. */
static const struct {
	const char *what;
	uint32_t reason, intr_info;
	bool ext, ept02, timer;
	uint32_t owned;            /* reason marked in the owned bitmap, or ~0u */
} l0_owned[] = {
	{ "physical NMI", EXIT_REASON_EXCEPTION_NMI, 0x80000202, false, false, false, ~0u },
	{ "#MC exception", EXIT_REASON_EXCEPTION_NMI, 0x80000312, false, false, false, ~0u },
	{ "MCE during VM entry", EXIT_REASON_MCE_DURING_VMENTRY, 0, false, false, false, ~0u },
	{ "L0 ext. interrupt", EXIT_REASON_EXTERNAL_INTERRUPT, 0, true, false, false, ~0u },
	{ "EPT violation in ept02", EXIT_REASON_EPT_VIOLATION, 0, false, true, false, ~0u },
	{ "EPT misconfig in ept02", EXIT_REASON_EPT_MISCONFIG, 0, false, true, false, ~0u },
	{ "L0 preemption timer", EXIT_REASON_PREEMPTION_TIMER, 0, false, false, true, ~0u },
	{ "SMI", EXIT_REASON_OTHER_SMI, 0, false, false, false, ~0u },
	{ "CPUID marked owned", EXIT_REASON_CPUID, 0, false, false, false, EXIT_REASON_CPUID },
	{ "MSR write marked owned", EXIT_REASON_MSR_WRITE, 0, false, false, false, EXIT_REASON_MSR_WRITE },
	{ "NOTIFY marked owned (word 1)", EXIT_REASON_NOTIFY, 0, false, false, false, EXIT_REASON_NOTIFY },
};

TEST(l0_owned_exits_win_under_both)
{
	struct vmcs12 *v = vmcs12_with(~0u, ~0u, ~0u);

	vmcs12_write(v, VMCS_EXCEPTION_BITMAP, ~0u);
	for (size_t i = 0; i < sizeof(l0_owned) / sizeof(l0_owned[0]); i++) {
		struct reflect_l0_state s;
		struct reflect_exit e = exit_of(l0_owned[i].reason, l0_owned[i].intr_info);

		memset(&s, 0, sizeof(s));
		s.ext_intr_exiting = l0_owned[i].ext;
		s.ept_fault_in_ept02 = l0_owned[i].ept02;
		s.preemption_timer_is_l0s = l0_owned[i].timer;
		if (l0_owned[i].owned != ~0u)
			reflect_l0_own_reason(&s, l0_owned[i].owned);
		CHECKF(l0_owns_exit(&e, &s), "%s", l0_owned[i].what);
		for (const struct reflect_policy *const *p = reflect_policies; *p; p++) {
			CHECKF((*p)->decide(&e, v, NULL, &s) == REFLECT_L0_HANDLES, "%s under %s",
			       l0_owned[i].what, (*p)->name);
			CHECKF(reflect_decide(*p, &e, v, NULL, &s, NULL) == REFLECT_L0_HANDLES,
			       "%s via reflect_decide under %s", l0_owned[i].what, (*p)->name);
		}
	}
}

TEST(l0_does_not_own_what_is_not_its)
{
	struct reflect_l0_state s;
	struct reflect_exit e;

	memset(&s, 0, sizeof(s));
	e = exit_of(EXIT_REASON_EXCEPTION_NMI, 0x80000b0e);          /* #PF */
	CHECK(!l0_owns_exit(&e, &s));
	e = exit_of(EXIT_REASON_EXCEPTION_NMI, 0x80000612);          /* INT-style vector 18, soft */
	CHECK(!l0_owns_exit(&e, &s));
	e = exit_of(EXIT_REASON_EXCEPTION_NMI, 0x00000202);          /* NMI info not valid */
	CHECK(!l0_owns_exit(&e, &s));
	e = exit_of(EXIT_REASON_EXTERNAL_INTERRUPT, 0);
	CHECK(!l0_owns_exit(&e, &s));
	e = exit_of(EXIT_REASON_EPT_VIOLATION, 0);
	CHECK(!l0_owns_exit(&e, &s));
	e = exit_of(EXIT_REASON_PREEMPTION_TIMER, 0);
	CHECK(!l0_owns_exit(&e, &s));
	reflect_l0_own_reason(&s, EXIT_REASON_CPUID);
	e = exit_of(EXIT_REASON_HLT, 0);
	CHECK(!l0_owns_exit(&e, &s));                                /* only the marked one */
	reflect_l0_own_reason(&s, 5000);                             /* out of range: ignored */
	CHECK(!reflect_l0_reason_owned(&s, 5000));
	e = exit_of(0xffff, 0);
	CHECK(!l0_owns_exit(&e, &s));
}

static enum reflect_verdict decide_garbage(const struct reflect_exit *e, const struct vmcs12 *v,
					   const struct reflect_l1_mem *mem,
					   const struct reflect_l0_state *s)
{
	(void)e; (void)v; (void)mem; (void)s;
	return (enum reflect_verdict)7;
}

static enum reflect_verdict decide_emulate(const struct reflect_exit *e, const struct vmcs12 *v,
					   const struct reflect_l1_mem *mem,
					   const struct reflect_l0_state *s)
{
	(void)e; (void)v; (void)mem; (void)s;
	return REFLECT_L0_EMULATES_FOR_L1;
}

TEST(counters)
{
	static const struct reflect_policy garbage = { "garbage", "returns 7", decide_garbage };
	static const struct reflect_policy emulate = { "emulate", "always emulates", decide_emulate };
	static struct reflect_stats st;
	struct vmcs12 *v = vmcs12_with(0, CPU_BASED_HLT_EXITING, 0);
	struct reflect_l0_state s;
	struct reflect_exit hlt = exit_of(EXIT_REASON_HLT, 0);
	struct reflect_exit rdtsc = exit_of(EXIT_REASON_RDTSC, 0);
	struct reflect_exit nmi = exit_of(EXIT_REASON_EXCEPTION_NMI, 0x80000202);
	struct reflect_exit bogus = exit_of(35, 0);
	struct reflect_exit huge = exit_of(0xfffe, 0);

	memset(&s, 0, sizeof(s));
	reflect_stats_reset(&st);
	for (int i = 0; i < 3; i++)
		reflect_decide(&reflect_policy_architectural, &hlt, v, NULL, &s, &st);
	reflect_decide(&reflect_policy_architectural, &rdtsc, v, NULL, &s, &st);
	reflect_decide(&reflect_policy_reflect_all, &rdtsc, v, NULL, &s, &st);
	reflect_decide(&reflect_policy_reflect_all, &nmi, v, NULL, &s, &st);
	CHECK(reflect_decide(&garbage, &hlt, v, NULL, &s, &st) == REFLECT_TO_L1);
	CHECK(reflect_decide(&garbage, &nmi, v, NULL, &s, &st) == REFLECT_L0_HANDLES);
	CHECK(reflect_decide(&emulate, &rdtsc, v, NULL, &s, &st) == REFLECT_L0_EMULATES_FOR_L1);
	reflect_decide(&reflect_policy_reflect_all, &bogus, v, NULL, &s, &st);
	reflect_decide(&reflect_policy_reflect_all, &huge, v, NULL, &s, &st);

	CHECK_EQ(st.counter[REFLECT_STAT_decisions], 11);
	CHECK_EQ(st.counter[REFLECT_STAT_to_l1], 3 + 1 + 1 + 2);
	CHECK_EQ(st.counter[REFLECT_STAT_l0_handles], 1 + 2);
	CHECK_EQ(st.counter[REFLECT_STAT_l0_emulates], 1);
	CHECK_EQ(st.counter[REFLECT_STAT_l0_owned], 2);
	CHECK_EQ(st.counter[REFLECT_STAT_bad_verdict], 1);
	CHECK_EQ(st.counter[REFLECT_STAT_reason_unknown], 2);
	CHECK_EQ(st.by_reason[EXIT_REASON_HLT][REFLECT_TO_L1], 4);
	CHECK_EQ(st.by_reason[EXIT_REASON_RDTSC][REFLECT_L0_HANDLES], 1);
	CHECK_EQ(st.by_reason[EXIT_REASON_RDTSC][REFLECT_TO_L1], 1);
	CHECK_EQ(st.by_reason[EXIT_REASON_RDTSC][REFLECT_L0_EMULATES_FOR_L1], 1);
	CHECK_EQ(st.by_reason[EXIT_REASON_EXCEPTION_NMI][REFLECT_L0_HANDLES], 2);
	CHECK_EQ(st.by_reason[35][REFLECT_TO_L1], 0);
	/* The per-reason table adds up to the decisions on known reasons. */
	uint64_t sum = 0;
	for (uint32_t r = 0; r < EXIT_REASON_COUNT; r++)
		for (int vd = 0; vd < REFLECT_VERDICT_COUNT; vd++)
			sum += st.by_reason[r][vd];
	CHECK_EQ(sum, st.counter[REFLECT_STAT_decisions] - st.counter[REFLECT_STAT_reason_unknown]);

	reflect_stats_reset(&st);
	CHECK_EQ(st.counter[REFLECT_STAT_decisions], 0);
	CHECK_EQ(st.by_reason[EXIT_REASON_HLT][REFLECT_TO_L1], 0);
}

TEST(names)
{
	CHECK(!strcmp(reflect_verdict_name(REFLECT_L0_HANDLES), "l0-handles"));
	CHECK(!strcmp(reflect_verdict_name(REFLECT_TO_L1), "to-l1"));
	CHECK(!strcmp(reflect_verdict_name(REFLECT_L0_EMULATES_FOR_L1), "l0-emulates"));
	CHECK(!strcmp(reflect_verdict_name((enum reflect_verdict)9), "invalid"));
	CHECK(!strcmp(reflect_stat_name(REFLECT_STAT_to_l1), "to_l1"));
	CHECK(!strcmp(reflect_stat_name(REFLECT_STAT_COUNT), "invalid"));
	for (int i = 0; i < REFLECT_STAT_COUNT; i++) {
		CHECK(strlen(reflect_stat_name((enum reflect_stat)i)) > 2);
		CHECK(strlen(reflect_stat_description((enum reflect_stat)i)) > 8);
	}
}
