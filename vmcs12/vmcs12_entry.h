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

struct vmcs12_entry_env {
	const struct vmx_caps *caps; /* what L1 was told (vmx_caps_nested) */
	unsigned maxphyaddr;         /* L1's CPUID.80000008H:EAX[7:0] */
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

#endif
