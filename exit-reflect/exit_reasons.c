/* SPDX-License-Identifier: MIT */
/* Tables generated from EXIT_REASONS(X): see exit_reasons.h. */
#include "exit-reflect/exit_reasons.h"

#include <stddef.h>

struct exit_reason_info {
	const char *name;
	const char *ident;
	uint32_t flags;
	bool defined;
};

/* Designated initializers leave the unused numbers zeroed: defined = false. */
static const struct exit_reason_info exit_reason_table[EXIT_REASON_COUNT] = {
#define EXIT_REASON_INFO_(n, nr, sdm, fl) \
	[nr] = { .name = (sdm), .ident = #n, .flags = (fl), .defined = true },
	EXIT_REASONS(EXIT_REASON_INFO_)
#undef EXIT_REASON_INFO_
};

/* Every listed number must fit the table: catches a new entry above the max. */
#define EXIT_REASON_FITS_(n, nr, sdm, fl) \
	_Static_assert((nr) <= EXIT_REASON_MAX, "EXIT_REASON_MAX too small for " #n);
EXIT_REASONS(EXIT_REASON_FITS_)
#undef EXIT_REASON_FITS_

static const struct exit_reason_info *exit_reason_lookup(uint32_t basic_reason)
{
	if (basic_reason > EXIT_REASON_MAX || !exit_reason_table[basic_reason].defined)
		return NULL;
	return &exit_reason_table[basic_reason];
}

const char *exit_reason_name(uint32_t basic_reason)
{
	const struct exit_reason_info *info = exit_reason_lookup(basic_reason);

	return info ? info->name : "unknown";
}

const char *exit_reason_ident(uint32_t basic_reason)
{
	const struct exit_reason_info *info = exit_reason_lookup(basic_reason);

	return info ? info->ident : "UNKNOWN";
}

uint32_t exit_reason_flags(uint32_t basic_reason)
{
	const struct exit_reason_info *info = exit_reason_lookup(basic_reason);

	return info ? info->flags : 0;
}

bool exit_reason_is_defined(uint32_t basic_reason)
{
	return exit_reason_lookup(basic_reason) != NULL;
}
