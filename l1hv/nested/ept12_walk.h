/* SPDX-License-Identifier: MIT */
/*
 * Walker for the EPT paging structures a guest hypervisor (L1) builds for
 * its own guest (L2): "ept12" translates an L2 guest-physical address to an
 * L1 guest-physical address, as the CPU would with L1's EPTP (SDM Vol. 3C
 * 29.3.2 "EPT Translation Mechanism"). L0 uses it to build the shadow EPT
 * (ept02) and to decide whether an EPT violation or misconfiguration of L2
 * belongs to L1 (then it is reflected with the exit qualification computed
 * here) or to L0.
 *
 * Covered: EPTP decode and validity (SDM 25.6.11, 27.2.1.1), 4- and 5-level
 * walks with 1 GiB and 2 MiB leaves, the per-level R/W/X intersection, EPT
 * misconfigurations (29.3.3.1) and EPT violations (29.3.3.2) with exit-
 * qualification bits 0-5 (Table 28-7).
 * Not modelled: mode-based execute control (bit 10 as user-execute and as a
 * "present" bit), sub-page write permissions, supervisor shadow-stack and
 * paging-write controls, setting EPT accessed/dirty flags (the walker only
 * reads L1 memory), and the guest-PAT combination of memory types.
 */
#ifndef L1HV_NESTED_EPT12_WALK_H
#define L1HV_NESTED_EPT12_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bits.h"
#include "common/x86_arch.h"

typedef bool ept12_read_phys_fn(void *ctx, uint64_t gpa, void *buf, size_t len);

/* A decoded EPTP (SDM 25.6.11, Table 25-9). */
struct ept12_eptp {
	uint64_t root;          /* L1-physical address of the top table */
	uint8_t levels;         /* page-walk length: 4 or 5 */
	uint8_t memtype;        /* memory type for the paging structures */
	bool ad_enabled;        /* bit 6: accessed and dirty flags */
	bool sss;               /* bit 7: supervisor shadow-stack enforcement */
};

#define EPT12_EPTP_ERRORS(X)                                                  \
	X(OK,            "valid")                                             \
	X(MEMTYPE,       "memory type not supported (bits 2:0)")              \
	X(WALK_LENGTH,   "page-walk length not supported (bits 5:3)")         \
	X(AD,            "accessed/dirty flags not supported (bit 6)")        \
	X(SSS,           "supervisor shadow stack not supported (bit 7)")     \
	X(RESERVED,      "reserved bit set (11:8 or beyond MAXPHYADDR)")

enum ept12_eptp_error {
#define EPT12_EPTP_ENUM_(name, text) EPT12_EPTP_##name,
	EPT12_EPTP_ERRORS(EPT12_EPTP_ENUM_)
#undef EPT12_EPTP_ENUM_
};

/*
 * Decodes eptp and checks it as VM entry does (SDM 27.2.1.1 "EPT-related"):
 * against ept_vpid_cap, the IA32_VMX_EPT_VPID_CAP value L1 sees, and L1's
 * MAXPHYADDR. Returns EPT12_EPTP_OK (0) with *out filled, or the first
 * failed rule (*out is filled regardless).
 */
enum ept12_eptp_error ept12_eptp_decode(uint64_t eptp, uint64_t ept_vpid_cap,
					unsigned int maxphyaddr, struct ept12_eptp *out);
const char *ept12_eptp_error_name(enum ept12_eptp_error e);

enum ept12_access {
	EPT12_ACCESS_READ,    /* data reads, including guest paging-structure reads */
	EPT12_ACCESS_WRITE,
	EPT12_ACCESS_FETCH,
};

struct ept12_env {
	struct ept12_eptp eptp;      /* from ept12_eptp_decode() */
	uint64_t ept_vpid_cap;       /* execute-only, 2 MiB and 1 GiB support */
	uint8_t maxphyaddr;          /* L1's; clamped to 32..52 */
	ept12_read_phys_fn *read_phys;   /* reads L1-physical memory */
	void *ctx;
};

/* Why an entry is an EPT misconfiguration (SDM 29.3.3.1). */
#define EPT12_MISCONFIGS(X)                                                   \
	X(NONE,          "none")                                              \
	X(WRITE_NO_READ, "write access without read access")                  \
	X(EXEC_ONLY,     "execute-only without execute-only support")         \
	X(RESERVED,      "reserved bit set")                                  \
	X(PAGE_SIZE,     "bit 7 set where that page size is not supported")   \
	X(MEMTYPE,       "leaf memory type 2, 3 or 7")

enum ept12_misconfig {
#define EPT12_MC_ENUM_(name, text) EPT12_MC_##name,
	EPT12_MISCONFIGS(EPT12_MC_ENUM_)
#undef EPT12_MC_ENUM_
};

const char *ept12_misconfig_name(enum ept12_misconfig mc);

enum ept12_status {
	EPT12_OK = 0,
	EPT12_VIOLATION,       /* exit_qual holds bits 0-5 for L1 */
	EPT12_MISCONFIG,       /* misconfig says why, entry/entry_gpa which */
	EPT12_GPA_TOO_WIDE,    /* bits set beyond MAXPHYADDR or the walk width:
				  L2's paging can not produce it (29.3.2) */
	EPT12_MEM_FAILED,      /* an entry at entry_gpa is outside L1 memory */
};

struct ept12_result {
	enum ept12_status status;
	uint64_t gpa;          /* EPT12_OK: the L1-physical address */
	uint64_t page_size;    /* EPT12_OK: 4 KiB, 2 MiB or 1 GiB */
	uint8_t perms;         /* EPT_READ/W/X: AND over the entries used */
	uint8_t memtype;       /* EPT12_OK: leaf bits 5:3 */
	bool ipat;             /* EPT12_OK: leaf bit 6 */
	uint8_t level;         /* leaf or offending entry: 1 = PTE .. 5 = PML5E */
	uint64_t entry;        /* that entry's value */
	uint64_t entry_gpa;    /* and its L1-physical address */
	enum ept12_misconfig misconfig;
	uint64_t exit_qual;    /* EPT12_VIOLATION: EXIT_QUAL_EPT_* bits 0-5 */
};

/* Translates gpa (L2-physical) for one access; returns res->status. */
enum ept12_status ept12_walk(const struct ept12_env *env, uint64_t gpa,
			     enum ept12_access access, struct ept12_result *res);

/* Misconfiguration check of one present entry at a level (1..5); exposed
 * so L0 can validate an entry before it caches it in ept02. */
enum ept12_misconfig ept12_entry_misconfig(const struct ept12_env *env, uint64_t entry,
					   int level);

#endif
