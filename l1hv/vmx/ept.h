/* SPDX-License-Identifier: MIT */
/* Extended page tables (SDM Vol. 3C 29.3): 4-level, write-back. */
#ifndef L1HV_EPT_H
#define L1HV_EPT_H

#include <stdint.h>

#include "common/x86_arch.h"

struct page_quota;

/* Every paging-structure page is charged to the quota q of the VM the
 * hierarchy serves (l1hv/mm/page_alloc.h). */
/* A new empty hierarchy; returns the PML4's physical address, 0 if q has no
 * page left. */
uint64_t ept_create(struct page_quota *q);
/* Maps [gpa, gpa + len) to [hpa, ...) with 2 MiB pages where both sides are
 * aligned (when the CPU has them), 4 KiB pages elsewhere. Returns 0, or -1
 * when q ran out of pages (what was mapped before stays mapped). */
int ept_map(uint64_t pml4, uint64_t gpa, uint64_t hpa, uint64_t len, uint64_t perms,
	    struct page_quota *q);
/* Frees every paging-structure page of a hierarchy (not the memory it maps). */
void ept_destroy(uint64_t pml4, struct page_quota *q);
/* INVEPT (all-context; SDM 31.3 INVEPT; in vmx.c): drops cached
 * translations after entries were removed or reduced. A VMfail ends the run
 * (vmx_insn_failed). */
void ept_invalidate(uint64_t eptp);

/* EPTP for a hierarchy: WB paging structures, 4-level walk (SDM 25.6.11). */
uint64_t ept_pointer(uint64_t pml4);

#endif
