/* SPDX-License-Identifier: MIT */
/*
 * Guest page-table walker: translates a guest linear address to a guest
 * physical address by walking the guest's own paging structures the way the
 * CPU does (SDM Vol. 3A ch. 4 "Paging"). L0 needs it to emulate instructions
 * of a guest hypervisor whose memory operands are linear addresses (VMPTRLD,
 * VMREAD to memory, INVEPT descriptors ...).
 *
 * Modes (SDM 4.1.1, Table 4-1), chosen from CR0.PG, CR4.PAE, IA32_EFER.LMA and
 * CR4.LA57: paging off, 32-bit paging (4 MiB pages with CR4.PSE), PAE paging
 * (PDPTEs, 2 MiB pages), 4-level and 5-level paging (1 GiB and 2 MiB pages).
 * Access rights (SDM 4.6): present, R/W with CR0.WP for supervisor writes,
 * U/S for CPL 3, XD with IA32_EFER.NXE, SMEP and SMAP (explicit accesses).
 * Reserved bits (SDM 4.3-4.5 tables) use the MAXPHYADDR the caller gives.
 *
 * Not modelled (the result may differ from hardware when they are enabled):
 * protection keys (CR4.PKE/PKS), CET shadow-stack pages, HLAT, LAM, implicit
 * supervisor accesses (SMAP ignores EFLAGS.AC for those), and setting the
 * accessed/dirty flags: the walker only reads guest memory.
 *
 * Pure functions over the environment struct: guest memory is reached only
 * through the callbacks, so the walker runs in l1hv and in host tests alike.
 */
#ifndef L1HV_NESTED_GPT_WALK_H
#define L1HV_NESTED_GPT_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/bits.h"
#include "common/x86_arch.h"

/* Paging-structure entry bits (SDM 4.3 Table 4-5 .. 4.5 Table 4-20). */
#define GPT_PTE_P       BIT_ULL(0)
#define GPT_PTE_RW      BIT_ULL(1)
#define GPT_PTE_US      BIT_ULL(2)
#define GPT_PTE_A       BIT_ULL(5)
#define GPT_PTE_D       BIT_ULL(6)
#define GPT_PTE_PS      BIT_ULL(7)
#define GPT_PTE_XD      BIT_ULL(63)

/* #PF error code (SDM 4.7, Figure 4-12). */
#define PF_ERR_PRESENT  BIT(0)   /* 0: not-present page; 1: protection/reserved */
#define PF_ERR_WRITE    BIT(1)
#define PF_ERR_USER     BIT(2)   /* the access was made with CPL 3 */
#define PF_ERR_RSVD     BIT(3)   /* a reserved bit was set in some entry */
#define PF_ERR_FETCH    BIT(4)   /* I/D: instruction fetch (see gpt_walk.c) */

/* SDM 4.1.1 Table 4-1. */
enum gpt_mode {
	GPT_MODE_NONE,       /* CR0.PG = 0: linear = physical (32 bits) */
	GPT_MODE_32BIT,
	GPT_MODE_PAE,
	GPT_MODE_4LEVEL,
	GPT_MODE_5LEVEL,
};

enum gpt_access {
	GPT_ACCESS_READ,
	GPT_ACCESS_WRITE,
	GPT_ACCESS_FETCH,
};

/* Both return false if [gpa, gpa + len) is not (entirely) guest memory. */
typedef bool gpt_read_phys_fn(void *ctx, uint64_t gpa, void *buf, size_t len);
typedef bool gpt_write_phys_fn(void *ctx, uint64_t gpa, const void *buf, size_t len);

struct gpt_env {
	uint64_t cr0, cr3, cr4, efer;
	uint8_t cpl;                 /* 3 = user-mode access (SDM 4.6) */
	uint8_t maxphyaddr;          /* CPUID.80000008H:EAX[7:0]; clamped to 32..52 */
	bool gbpages;                /* CPUID.80000001H:EDX.Page1GB[bit 26] */
	bool rflags_ac;              /* EFLAGS.AC, for SMAP */
	/* PAE paging: the four PDPTE registers (e.g. the VMCS guest PDPTE
	 * fields with EPT); NULL: read them from CR3 as MOV CR3 would. */
	const uint64_t *pdptes;
	gpt_read_phys_fn *read_phys;
	gpt_write_phys_fn *write_phys;   /* needed by gpt_copy_to only */
	void *ctx;
};

enum gpt_status {
	GPT_OK = 0,
	GPT_PAGE_FAULT,      /* #PF: error code pf_error, CR2 = la */
	GPT_NON_CANONICAL,   /* #GP/#SS, not a paging fault (SDM 3.3.7.1) */
	GPT_BAD_PDPTE,       /* PAE PDPTE present with a reserved bit: the MOV
				CR3 that loads it faults (#GP, SDM 4.4.1) */
	GPT_MEM_FAILED,      /* read_phys/write_phys refused bad_gpa */
};

struct gpt_result {
	enum gpt_status status;
	enum gpt_mode mode;
	uint64_t la;          /* the linear address walked (32 bits outside IA-32e) */
	uint64_t gpa;         /* GPT_OK: the translation */
	uint64_t page_size;   /* GPT_OK: 4 KiB, 2 MiB, 4 MiB or 1 GiB (4 KiB: paging off) */
	uint32_t pf_error;    /* GPT_PAGE_FAULT */
	uint8_t level;        /* leaf or faulting entry: 1 = PTE .. 5 = PML5E; 0: none */
	bool writable, user, nx;   /* GPT_OK: rights combined over the walk */
	uint64_t bad_gpa;     /* GPT_MEM_FAILED, GPT_BAD_PDPTE: the entry's address */
};

enum gpt_mode gpt_paging_mode(const struct gpt_env *env);

/* Translates la for one access; fills *res and returns res->status. */
enum gpt_status gpt_walk(const struct gpt_env *env, uint64_t la, enum gpt_access access,
			 struct gpt_result *res);

/*
 * Copies len bytes from guest linear memory at la (access: READ or FETCH),
 * page by page. On failure *res describes the first page that failed
 * (res->la is the faulting linear address, as CR2 would hold it) and buf
 * holds the bytes before it.
 */
enum gpt_status gpt_copy_from(const struct gpt_env *env, uint64_t la, void *buf, size_t len,
			      enum gpt_access access, struct gpt_result *res);

/*
 * Copies len bytes to guest linear memory at la. Every page is translated
 * (write access) before the first byte is written, so a page fault leaves
 * guest memory unchanged. It can stop half-way only if write_phys fails or
 * the bytes written change the guest's own page tables for a later page.
 */
enum gpt_status gpt_copy_to(const struct gpt_env *env, uint64_t la, const void *buf, size_t len,
			    struct gpt_result *res);

#endif
