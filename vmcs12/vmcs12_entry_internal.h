/* SPDX-License-Identifier: MIT */
/*
 * Shared by the vmcs12_entry_checks_*.c files: the check context, the CC()
 * style macros and small architectural predicates. Not a public header.
 *
 * Each check is one line: CC_CTL("27.2.1.1", cond) fails the entry with
 * VMfailValid(7) if cond is TRUE (cond describes the violation, as in KVM's
 * CC()), records #cond and the section, and returns false from the calling
 * check function.
 */
#ifndef NESTLAB_VMCS12_VMCS12_ENTRY_INTERNAL_H
#define NESTLAB_VMCS12_VMCS12_ENTRY_INTERNAL_H

#include "exit-reflect/exit_reasons.h"
#include "vmcs12/canonical.h"
#include "vmcs12/vmcs12_entry.h"
#include "vmcs12/vmx_controls.h"
#include "vmcs12/vmx_insn_error.h"

struct entry_ctx {
	const struct vmcs12 *v;
	const struct vmcs12_entry_env *env;
	struct vmcs12_entry_result *res;
	uint32_t pin, proc, sec, exit, entry; /* effective controls */
	uint64_t tert;
};

void entry_vmfail(struct vmcs12_entry_result *res, uint32_t err, const char *sec, const char *cond);
void entry_fail(struct vmcs12_entry_result *res, uint32_t basic_reason, uint64_t qual,
		const char *sec, const char *cond);

/* #cond is taken at the outermost macro so the text is the source text. */
#define CC_FAIL_VALID(err, sec, cond, text)                                    \
	do {                                                                    \
		if (cond) {                                                     \
			entry_vmfail(c->res, err, sec, text);                   \
			return false;                                           \
		}                                                               \
	} while (0)
#define CC_FAIL_ENTRY(sec, qual, cond, text)                                   \
	do {                                                                    \
		if (cond) {                                                     \
			entry_fail(c->res, EXIT_REASON_INVALID_STATE, qual, sec, text); \
			return false;                                           \
		}                                                               \
	} while (0)
#define CC_VMFAIL(err, sec, cond) CC_FAIL_VALID(err, sec, cond, #cond)
#define CC_CTL(sec, cond)  CC_FAIL_VALID(VMXERR_ENTRY_INVALID_CONTROL_FIELD, sec, cond, #cond)
#define CC_HOST(sec, cond) CC_FAIL_VALID(VMXERR_ENTRY_INVALID_HOST_STATE_FIELD, sec, cond, #cond)
#define CC_GUESTQ(sec, qual, cond) CC_FAIL_ENTRY(sec, qual, cond, #cond)
#define CC_GUEST(sec, cond) CC_FAIL_ENTRY(sec, VMCS12_ENTRY_QUAL_DEFAULT, cond, #cond)

#define RD(f) vmcs12_read(c->v, VMCS_##f)

/* Physical address with bits beyond MAXPHYADDR set. */
static inline bool entry_pa_bad(const struct entry_ctx *c, uint64_t pa)
{
	return c->env->maxphyaddr < 64 && (pa >> c->env->maxphyaddr) != 0;
}

/* A 4 KiB-aligned address within MAXPHYADDR is what every "address of a
 * page" control needs (SDM 27.2.1.1). */
static inline bool entry_page_bad(const struct entry_ctx *c, uint64_t pa)
{
	return (pa & 0xfff) || entry_pa_bad(c, pa);
}

/* Not canonical for L1's processor: its linear-address width, 48 or 57
 * (SDM 27.2.2, 27.3.1: the checks use the width CPUID reports, not the
 * paging mode). */
static inline bool entry_noncanon(const struct entry_ctx *c, uint64_t la)
{
	return !x86_canonical(la, c->env->la_width);
}

/* IA32_PAT: each byte a valid memory type 0, 1, 4, 5, 6 or 7 (SDM 13.12.2). */
static inline bool entry_pat_bad(uint64_t pat)
{
	for (int i = 0; i < 8; i++) {
		uint8_t t = (uint8_t)(pat >> (8 * i));

		if (t == 2 || t == 3 || t > 7)
			return true;
	}
	return false;
}

/* EFER bits a guest or host may set: the rest is reserved (SDM 27.2.2, 27.3.1.1). */
#define EFER_RESERVED (~(X86_EFER_SCE | X86_EFER_LME | X86_EFER_LMA | X86_EFER_NXE))

#define DEBUGCTL_BTF BIT_ULL(1)
/* IA32_DEBUGCTL bits a guest may set (LBR, BTF, TR, BTS, BTINT, BTS_OFF_*,
 * FREEZE_*, RTM): the rest is reserved (SDM 27.3.1.1, 18.4.1). */
#define DEBUGCTL_RESERVED (~(BIT_ULL(0) | BIT_ULL(1) | GENMASK_ULL(15, 6)))

bool entry_check_controls(struct entry_ctx *c);
bool entry_check_event_injection(struct entry_ctx *c);   /* part of the above */
bool entry_check_vtpr(struct entry_ctx *c);              /* part of the above */
bool entry_check_host(struct entry_ctx *c);
bool entry_check_guest_regs(struct entry_ctx *c);
bool entry_check_guest_segments(struct entry_ctx *c);
bool entry_check_guest_dtr_rip_rflags(struct entry_ctx *c);
bool entry_check_guest_rip(struct entry_ctx *c);          /* part of the above */
bool entry_check_guest_state(struct entry_ctx *c);
bool entry_check_guest_memory(struct entry_ctx *c);       /* link pointer, PDPTEs */
bool entry_check_msr_load(struct entry_ctx *c);

#endif
