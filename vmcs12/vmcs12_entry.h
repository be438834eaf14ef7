/* SPDX-License-Identifier: MIT */
/*
 * VM-entry checks on a vmcs12, in the order and with the outcomes of the
 * Intel SDM Vol. 3C chapter 27 "VM Entries" (chapter 26 in older editions):
 *   27.1   launch state          -> VMfailValid 4 (VMLAUNCH) / 5 (VMRESUME)
 *   27.2.1 VM-execution/exit/entry control fields -> VMfailValid 7
 *   27.2.2 host-state area       -> VMfailValid 8
 *   27.3.1 guest-state area      -> VM-entry failure, exit reason 33,
 *          qualification 0, 2 (PDPTEs), 3 (NMI injection while blocking by
 *          STI), 4 (VMCS link pointer)
 *   27.4   VM-entry MSR-load area -> VM-entry failure, exit reason 34,
 *          qualification = 1-based index of the failing entry
 * The first failing check decides; its condition text and SDM section are
 * recorded in the result (the library never prints).
 */
#ifndef NESTLAB_VMCS12_VMCS12_ENTRY_H
#define NESTLAB_VMCS12_VMCS12_ENTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_caps.h"

/* Reads len bytes of L1 guest-physical memory; false if not backed. */
typedef bool (*vmcs12_read_phys_fn)(void *ctx, uint64_t gpa, void *buf, size_t len);

#define CPUID_7_EBX_RTM (1u << 11)    /* CPUID.(EAX=07H,ECX=0):EBX: RTM */

struct vmcs12_entry_env {
	const struct vmx_caps *caps; /* what L1 was told (vmx_caps_nested) */
	unsigned maxphyaddr;         /* L1's CPUID.80000008H:EAX[7:0] */
	unsigned la_width;           /* L1's CPUID.80000008H:EAX[15:8]: 48 or 57 */
	bool rtm;                    /* L1's CPUID.(EAX=07H,ECX=0):EBX.RTM[bit 11] */
	bool launch;                 /* VMLAUNCH (true) or VMRESUME */
	bool host_ia32e;             /* L1 runs in IA-32e mode (SDM 27.2.4) */
	vmcs12_read_phys_fn read_phys;
	void *ctx;
};

enum vmcs12_entry_kind {
	VMCS12_ENTRY_OK = 0,
	VMCS12_ENTRY_VMFAIL_VALID, /* insn_error holds the VM-instruction error */
	VMCS12_ENTRY_FAIL,         /* exit_reason (bit 31 set) + exit_qual */
};

/* Exit qualifications of a VM-entry failure (SDM 28.8 / table 28-? in
 * "VM-Entry Failures During or After Loading Guest State"). */
#define VMCS12_ENTRY_QUAL_DEFAULT      0
#define VMCS12_ENTRY_QUAL_PDPTE        2
#define VMCS12_ENTRY_QUAL_NMI_STI      3
#define VMCS12_ENTRY_QUAL_LINK_POINTER 4

struct vmcs12_entry_result {
	enum vmcs12_entry_kind kind;
	uint32_t insn_error;  /* VMFAIL_VALID */
	uint32_t exit_reason; /* ENTRY_FAIL: 33 or 34 with bit 31 set */
	uint64_t exit_qual;   /* ENTRY_FAIL */
	const char *cond;     /* the failed condition as source text */
	const char *sdm_section;
};

void vmcs12_check_entry(const struct vmcs12 *v, const struct vmcs12_entry_env *env,
			struct vmcs12_entry_result *res);

/* The fields a guest hypervisor changes between most exits of its guest and
 * the next VMRESUME: RIP, RSP, RFLAGS, blocking and activity state, pending
 * debug exceptions and the event to inject. */
#define VMCS12_ENTRY_HOT_FIELDS(X)                                            \
	X(GUEST_RIP) X(GUEST_RSP) X(GUEST_RFLAGS) X(GUEST_INTERRUPTIBILITY_INFO) \
	X(GUEST_ACTIVITY_STATE) X(GUEST_PENDING_DBG_EXCEPTIONS)                  \
	X(VM_ENTRY_INTR_INFO_FIELD) X(VM_ENTRY_EXCEPTION_ERROR_CODE)             \
	X(VM_ENTRY_INSTRUCTION_LEN)
#define VMCS12_ENTRY_NR_HOT 9
extern const enum vmcs_field vmcs12_entry_hot_fields[VMCS12_ENTRY_NR_HOT];

/* Bits of a "changed" mask: bit i stands for vmcs12_entry_hot_fields[i]. */
#define VMCS12_ENTRY_HOT_RIP 1u            /* GUEST_RIP comes first */
#define VMCS12_ENTRY_HOT_ALL ((1u << VMCS12_ENTRY_NR_HOT) - 1)

/*
 * The same result as vmcs12_check_entry() for an entry after one that
 * passed it on this vmcs12, when since then only the hot fields changed,
 * and guest-state fields by a VM exit (which saves state the processor ran
 * under the same controls). "changed" names the hot fields that differ from
 * the values that passed or that the exit saved (VMCS12_ENTRY_HOT_ALL if
 * unknown). It runs the checks that read a changed hot field or memory
 * outside the vmcs12, and skips the rest: controls other than those reading
 * memory, host state, control registers, segments. With RFLAGS.VM set it
 * runs them all (virtual-8086 mode changes the segment checks); a caller
 * that keeps guest-state fields elsewhere must bring them back first.
 */
void vmcs12_check_entry_hot(const struct vmcs12 *v, const struct vmcs12_entry_env *env,
			    uint32_t changed, struct vmcs12_entry_result *res);

#endif
