/* SPDX-License-Identifier: MIT */
/*
 * Reflection policies: per exit of L2, does L0 handle it, reflect it to L1, or
 * emulate on L1's behalf what L1 would have done (DVH-style, only where that
 * is provably equivalent)? Every policy has a name used on the l1hv command
 * line and in every result row.
 *
 * Shipped policies:
 *   architectural  L0-owned exits first, then exactly the SDM's rules for the
 *                  controls in vmcs12 (what KVM's nested VMX does).
 *   reflect-all    every exit that L0 does not own goes to L1, asked for or not.
 */
#ifndef NESTLAB_EXIT_REFLECT_REFLECT_POLICY_H
#define NESTLAB_EXIT_REFLECT_REFLECT_POLICY_H

#include <stddef.h>

#include "exit-reflect/reflect.h"

/* X(NAME, "row label", "meaning") */
#define REFLECT_VERDICTS(X)                                                     \
	X(L0_HANDLES,         "l0-handles",  "L0 handles the exit and resumes L2") \
	X(TO_L1,              "to-l1",       "L0 reflects the exit to L1")         \
	X(L0_EMULATES_FOR_L1, "l0-emulates", "L0 does what L1 would have done")

enum reflect_verdict {
#define REFLECT_VERDICT_ENUM_(n, label, desc) REFLECT_##n,
	REFLECT_VERDICTS(REFLECT_VERDICT_ENUM_)
#undef REFLECT_VERDICT_ENUM_
	REFLECT_VERDICT_COUNT
};

const char *reflect_verdict_name(enum reflect_verdict verdict);

struct reflect_policy {
	const char *name;
	const char *summary;
	enum reflect_verdict (*decide)(const struct reflect_exit *e, const struct vmcs12 *v,
				       const struct reflect_l1_mem *mem,
				       const struct reflect_l0_state *s);
};

extern const struct reflect_policy reflect_policy_architectural;
extern const struct reflect_policy reflect_policy_reflect_all;

/* All shipped policies, NULL-terminated, the default first. */
extern const struct reflect_policy *const reflect_policies[];

/* The policy called name, or NULL. */
const struct reflect_policy *reflect_policy_find(const char *name);

/*
 * Writes "unknown reflection policy '<name>' (known: architectural, reflect-all)"
 * into buf (always NUL-terminated when len > 0, truncated to fit). Returns the
 * length of the full message, like snprintf.
 */
size_t reflect_policy_format_unknown(char *buf, size_t len, const char *name);

#endif
