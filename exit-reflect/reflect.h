/* SPDX-License-Identifier: MIT */
/*
 * Exit reflection: who handles a VM exit that L0 took while running L2.
 *
 *   l1_wants_exit()  would the guest hypervisor L1 get this exit from L2 under
 *                    the SDM's rules for the controls it wrote into vmcs12
 *                    (SDM Vol. 3C 26.1 "Instructions That Cause VM Exits", 26.2
 *                    "Other Causes of VM Exits"; 25.1/26.1 in older numbering)?
 *   l0_owns_exit()   does the bottom hypervisor L0 keep this exit whatever L1
 *                    asked for (its own interrupts, NMIs, machine checks, its
 *                    own EPT02 and timer)?
 *
 * Both are pure predicates: no side effects, no hidden state; everything they
 * look at is in their arguments. L1 memory (I/O, MSR, VMREAD/VMWRITE bitmaps)
 * is read through a callback so the same code runs in l1hv and in host tests.
 */
#ifndef NESTLAB_EXIT_REFLECT_REFLECT_H
#define NESTLAB_EXIT_REFLECT_REFLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "exit-reflect/exit_reasons.h"

struct vmcs12;

/* SDM register numbering used by exit qualifications and instruction info. */
enum reflect_gpr {
	REFLECT_RAX = 0, REFLECT_RCX, REFLECT_RDX, REFLECT_RBX,
	REFLECT_RSP, REFLECT_RBP, REFLECT_RSI, REFLECT_RDI,
	REFLECT_R8, REFLECT_R9, REFLECT_R10, REFLECT_R11,
	REFLECT_R12, REFLECT_R13, REFLECT_R14, REFLECT_R15,
	REFLECT_NR_GPRS
};

/*
 * One VM exit of L2 as L0 saw it (the vmcs02 exit-information fields plus the
 * L2 registers some rules need). basic_reason must equal
 * exit_reason_basic(exit_reason); reflect_exit_set_reason() keeps them in step.
 * gprs[] holds what the exiting instruction saw: values zero-extended from 32
 * bits outside 64-bit mode (MOV to CR, VMREAD/VMWRITE field operands).
 */
struct reflect_exit {
	uint32_t basic_reason;          /* EXIT_REASON_* */
	uint32_t exit_reason;           /* full exit-reason field (VMX_EXIT_REASON_* bits) */
	uint64_t qualification;
	uint32_t intr_info;             /* VM-exit interruption information */
	uint32_t intr_error_code;       /* VM-exit interruption error code */
	uint32_t idt_vectoring_info;
	uint32_t idt_vectoring_error_code;
	uint32_t instr_len;
	uint32_t instr_info;
	uint64_t guest_phys_addr;
	uint64_t guest_linear_addr;
	uint64_t guest_ia32_xss;        /* L2's IA32_XSS: the XSAVES/XRSTORS rule needs it */
	uint64_t gprs[REFLECT_NR_GPRS];
};

static inline void reflect_exit_set_reason(struct reflect_exit *e, uint32_t full_reason)
{
	e->exit_reason = full_reason;
	e->basic_reason = exit_reason_basic(full_reason);
}

/*
 * Reads len bytes of L1 guest-physical memory at l1_gpa into buf. Returns false
 * if the range is not readable (not RAM, outside L1, ...).
 */
struct reflect_l1_mem {
	bool (*read)(void *ctx, uint64_t l1_gpa, void *buf, size_t len);
	void *ctx;
};

/* One bit per basic exit reason. */
#define REFLECT_REASON_WORDS ((EXIT_REASON_COUNT + 63u) / 64u)

/*
 * What L0 knows about its own use of the hardware while L2 runs. The caller
 * computes each flag for the exit at hand; see l0_owns_exit() for their use.
 */
struct reflect_l0_state {
	/* L0 runs vmcs02 with external-interrupt exiting for its own scheduling. */
	bool ext_intr_exiting;
	/*
	 * For an EPT violation/misconfiguration: the L2 GPA is mapped with the
	 * needed rights in L1's EPT12 (or L1 does not use EPT), so the fault comes
	 * from L0's shadow ept02 and L0 must fix it, not L1.
	 */
	bool ept_fault_in_ept02;
	/* The VMX-preemption timer that expired is L0's own, not L1's. */
	bool preemption_timer_is_l0s;
	/* Any further basic reasons L0 keeps: bit n of word n / 64 for reason n. */
	uint64_t owned_reasons[REFLECT_REASON_WORDS];
};

static inline void reflect_l0_own_reason(struct reflect_l0_state *s, uint32_t basic_reason)
{
	if (basic_reason < EXIT_REASON_COUNT)
		s->owned_reasons[basic_reason / 64] |= 1ull << (basic_reason % 64);
}

static inline bool reflect_l0_reason_owned(const struct reflect_l0_state *s,
					   uint32_t basic_reason)
{
	return basic_reason < EXIT_REASON_COUNT &&
	       (s->owned_reasons[basic_reason / 64] >> (basic_reason % 64)) & 1;
}

bool l1_wants_exit(const struct vmcs12 *v, const struct reflect_exit *e,
		   const struct reflect_l1_mem *mem);
/* Whether deciding an exit with this basic reason reads gprs[] (under any
 * shipped policy): a caller may leave gprs[] unset for the other reasons,
 * which saves copying them on every exit. */
bool reflect_reason_reads_gprs(uint32_t basic_reason);
bool l0_owns_exit(const struct reflect_exit *e, const struct reflect_l0_state *s);

/* Rule families, exported for focused tests; l1_wants_exit() dispatches to them. */
bool reflect_l1_wants_exception_nmi(const struct vmcs12 *v, const struct reflect_exit *e);
bool reflect_l1_wants_io(const struct vmcs12 *v, const struct reflect_exit *e,
			 const struct reflect_l1_mem *mem);
bool reflect_l1_wants_msr(const struct vmcs12 *v, uint32_t msr, bool write,
			  const struct reflect_l1_mem *mem);
bool reflect_l1_wants_cr(const struct vmcs12 *v, const struct reflect_exit *e);
bool reflect_l1_wants_vmrw(const struct vmcs12 *v, const struct reflect_exit *e,
			   const struct reflect_l1_mem *mem);

#endif
