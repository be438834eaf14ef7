/* SPDX-License-Identifier: MIT */
#include "l1hv/boot/options.h"

#include "common/fmt.h"
#include "common/free/string.h"
#include "exit-reflect/reflect_policy.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vm/vm_budget.h"

struct l1hv_options l1hv_options = {
	.guest_mem = VM_DEFAULT_MEM,
	.budget = VM_BUDGET_DEFAULT,
	.policy = "architectural",
	.shadow = "none",
};

const char *next_word(const char **cursor, unsigned long *len)
{
	const char *p = *cursor, *start;

	while (*p == ' ')
		p++;
	if (!*p)
		return NULL;
	start = p;
	while (*p && *p != ' ')
		p++;
	*len = (unsigned long)(p - start);
	*cursor = p;
	return start;
}

int parse_size(const char *s, unsigned long len, uint64_t *out)
{
	uint64_t v = 0, mult = 1;

	if (!len)
		return -1;
	switch (s[len - 1]) {
	case 'K': case 'k': mult = 1ull << 10; len--; break;
	case 'M': case 'm': mult = 1ull << 20; len--; break;
	case 'G': case 'g': mult = 1ull << 30; len--; break;
	default: break;
	}
	if (!len)
		return -1;
	for (unsigned long i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9' || v > (~0ull >> 4) / 10)
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v > ~0ull / mult)
		return -1;
	*out = v * mult;
	return 0;
}

static bool memchr_eq(const char *w, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		if (w[i] == '=')
			return true;
	return false;
}

static bool word_is(const char *w, unsigned long len, const char *key, const char **val,
		    unsigned long *vlen)
{
	unsigned long k = strlen(key);

	if (len <= k || strncmp(w, key, k) || w[k] != '=')
		return false;
	*val = w + k + 1;
	*vlen = len - k - 1;
	return true;
}

/* KEY=on|off into *flag; -1 with the message otherwise. */
static int parse_on_off(const char *key, const char *v, unsigned long vlen, bool *flag,
			char *err, unsigned long errlen)
{
	if (vlen == 2 && !strncmp(v, "on", 2))
		*flag = true;
	else if (vlen == 3 && !strncmp(v, "off", 3))
		*flag = false;
	else {
		fmt_snprintf(err, errlen, "%s=%.*s: use %s=on or %s=off", key, (int)vlen, v, key, key);
		return -1;
	}
	return 0;
}

int options_parse(const char *cmdline, char *err, unsigned long errlen)
{
	const char *cur = cmdline, *w, *v;
	unsigned long len, vlen;
	bool first = true;

	while ((w = next_word(&cur, &len))) {
		bool has_eq = memchr_eq(w, len);
		if (first && !has_eq) {      /* the program name */
			first = false;
			continue;
		}
		first = false;
		if (word_is(w, len, "guest_mem", &v, &vlen)) {
			if (parse_size(v, vlen, &l1hv_options.guest_mem) ||
			    l1hv_options.guest_mem < (2ull << 20)) {
				fmt_snprintf(err, errlen, "guest_mem=%.*s: give a size of at least "
					     "2M, like guest_mem=32M", (int)vlen, v);
				return -1;
			}
		} else if (word_is(w, len, "budget", &v, &vlen)) {
			if (parse_size(v, vlen, &l1hv_options.budget) || !l1hv_options.budget) {
				fmt_snprintf(err, errlen, "budget=%.*s: give a number of TSC ticks, "
					     "like budget=16G", (int)vlen, v);
				return -1;
			}
		} else if (word_is(w, len, "entry_diff", &v, &vlen)) {
			if (parse_size(v, vlen, &l1hv_options.entry_diff)) {
				fmt_snprintf(err, errlen, "entry_diff=%.*s: give a number of cases, "
					     "like entry_diff=100K", (int)vlen, v);
				return -1;
			}
		} else if (word_is(w, len, "module_disk", &v, &vlen)) {
			if (parse_size(v, vlen, &l1hv_options.module_disk) ||
			    l1hv_options.module_disk >= (4ull << 30)) {
				fmt_snprintf(err, errlen, "module_disk=%.*s: give the address mkrom "
					     "printed (decimal, below 4 GiB)", (int)vlen, v);
				return -1;
			}
		} else if (word_is(w, len, "entry_diff_seed", &v, &vlen)) {
			if (parse_size(v, vlen, &l1hv_options.entry_diff_seed)) {
				fmt_snprintf(err, errlen, "entry_diff_seed=%.*s: give a number",
					     (int)vlen, v);
				return -1;
			}
		} else if (word_is(w, len, "nested", &v, &vlen)) {
			if (parse_on_off("nested", v, vlen, &l1hv_options.nested, err, errlen))
				return -1;
		} else if (word_is(w, len, "strict_mmio", &v, &vlen)) {
			if (parse_on_off("strict_mmio", v, vlen, &l1hv_options.strict_mmio, err,
					 errlen))
				return -1;
		} else if (word_is(w, len, "policy", &v, &vlen)) {
			char name[sizeof(l1hv_options.policy)];
			unsigned long n = vlen < sizeof(name) - 1 ? vlen : sizeof(name) - 1;
			memcpy(name, v, n);
			name[n] = 0;
			if (vlen >= sizeof(name) || !reflect_policy_find(name)) {
				reflect_policy_format_unknown(err, errlen, name);
				return -1;
			}
			memcpy(l1hv_options.policy, name, n + 1);
		} else if (word_is(w, len, "selftest", &v, &vlen) && vlen == 5 &&
			   !strncmp(v, "fault", 5)) {
			l1hv_options.selftest_fault = true;
		} else if (word_is(w, len, "selftest", &v, &vlen) && vlen == 3 &&
			   !strncmp(v, "msr", 3)) {
			l1hv_options.selftest_msr = true;
		} else if (word_is(w, len, "selftest", &v, &vlen) && vlen == 10 &&
			   !strncmp(v, "no-tsc-aux", 10)) {
			l1hv_options.selftest_no_tsc_aux = true;
		} else if (word_is(w, len, "shadow", &v, &vlen)) {
			if (vlen >= sizeof(l1hv_options.shadow)) {
				fmt_snprintf(err, errlen, "shadow=: list too long (at most %u characters)",
					     (unsigned)sizeof(l1hv_options.shadow) - 1);
				return -1;
			}
			memcpy(l1hv_options.shadow, v, vlen);
			l1hv_options.shadow[vlen] = 0;
		} else {
			fmt_snprintf(err, errlen, "unknown option '%.*s': l1hv takes guest_mem=SIZE, "
				     "budget=TICKS, nested=on|off, policy=NAME, shadow=none|kvm|all|FIELD,... "
				     "and strict_mmio=on|off",
				     (int)len, w);
			return -1;
		}
	}
	return 0;
}
