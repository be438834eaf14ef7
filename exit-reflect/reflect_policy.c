/* SPDX-License-Identifier: MIT */
/* The shipped reflection policies and their lookup: see reflect_policy.h. */
#include "exit-reflect/reflect_policy.h"

static const char *const reflect_verdict_names[REFLECT_VERDICT_COUNT] = {
#define REFLECT_VERDICT_NAME_(n, label, desc) [REFLECT_##n] = (label),
	REFLECT_VERDICTS(REFLECT_VERDICT_NAME_)
#undef REFLECT_VERDICT_NAME_
};

const char *reflect_verdict_name(enum reflect_verdict verdict)
{
	if ((unsigned int)verdict >= REFLECT_VERDICT_COUNT)
		return "invalid";
	return reflect_verdict_names[verdict];
}

/*
 * architectural: what real hardware would do if L1 ran L2 itself. L0's own
 * exits stay with L0; everything else reaches L1 exactly when the SDM says the
 * controls L1 wrote into vmcs12 cause that exit. The remaining exits happen
 * only because vmcs02 carries L0's extra controls (vmcs01 merged in), so L0
 * handles them for L2 and L1 never notices.
 */
static enum reflect_verdict decide_architectural(const struct reflect_exit *e,
						 const struct vmcs12 *v,
						 const struct reflect_l1_mem *mem,
						 const struct reflect_l0_state *s)
{
	if (l0_owns_exit(e, s))
		return REFLECT_L0_HANDLES;
	return l1_wants_exit(v, e, mem) ? REFLECT_TO_L1 : REFLECT_L0_HANDLES;
}

/*
 * reflect-all: the Turtles-style upper bound on reflection. Every exit L0 does
 * not own goes to L1, including exits L1 did not ask for (say an RDTSC exit
 * that only happened because L0 traps RDTSC, or an I/O exit for a port whose
 * bitmap bit L1 left clear). Consequence: L1 must handle exits its own
 * controls rule out, by emulating the instruction for L2 as if it had asked;
 * a guest hypervisor that trusts its controls (and crashes or injects #UD on
 * an "impossible" exit reason) does not work under this policy. It measures
 * the cost of reflection, not correctness.
 */
static enum reflect_verdict decide_reflect_all(const struct reflect_exit *e,
					       const struct vmcs12 *v,
					       const struct reflect_l1_mem *mem,
					       const struct reflect_l0_state *s)
{
	(void)v;
	(void)mem;
	if (l0_owns_exit(e, s))
		return REFLECT_L0_HANDLES;
	return REFLECT_TO_L1;
}

const struct reflect_policy reflect_policy_architectural = {
	.name = "architectural",
	.summary = "L0-owned exits stay in L0; others go to L1 exactly when the SDM rules "
		   "for L1's vmcs12 controls say so (KVM's behaviour)",
	.decide = decide_architectural,
};

const struct reflect_policy reflect_policy_reflect_all = {
	.name = "reflect-all",
	.summary = "every exit L0 does not own goes to L1, even ones L1 did not ask for; "
		   "L1 must handle exits its controls rule out",
	.decide = decide_reflect_all,
};

const struct reflect_policy *const reflect_policies[] = {
	&reflect_policy_architectural,
	&reflect_policy_reflect_all,
	NULL,
};

static bool reflect_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

const struct reflect_policy *reflect_policy_find(const char *name)
{
	if (!name)
		return NULL;
	for (const struct reflect_policy *const *p = reflect_policies; *p; p++) {
		if (reflect_streq((*p)->name, name))
			return *p;
	}
	return NULL;
}

/* Appends s at *pos, writing only what fits below len - 1; counts all of it. */
static void reflect_append(char *buf, size_t len, size_t *pos, const char *s)
{
	for (; *s; s++, (*pos)++) {
		if (len && *pos < len - 1)
			buf[*pos] = *s;
	}
}

size_t reflect_policy_format_unknown(char *buf, size_t len, const char *name)
{
	size_t pos = 0;

	reflect_append(buf, len, &pos, "unknown reflection policy '");
	reflect_append(buf, len, &pos, name ? name : "(null)");
	reflect_append(buf, len, &pos, "' (known:");
	for (const struct reflect_policy *const *p = reflect_policies; *p; p++) {
		reflect_append(buf, len, &pos, p == reflect_policies ? " " : ", ");
		reflect_append(buf, len, &pos, (*p)->name);
	}
	reflect_append(buf, len, &pos, ")");
	if (len)
		buf[pos < len - 1 ? pos : len - 1] = '\0';
	return pos;
}
