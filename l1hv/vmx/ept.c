/* SPDX-License-Identifier: MIT */
#include "l1hv/vmx/ept.h"

#include "l1hv/mm/page_alloc.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_controls.h"

/* Leaf memory type write-back (SDM 29.3.7). */
#define EPT_MEMTYPE_WB_LEAF ((uint64_t)EPT_MT_WB << EPT_MT_SHIFT)
#define EPT_ADDR_MASK       0x000ffffffffff000ull

#define SIZE_2M (2ull << 20)
#define SIZE_4K 4096ull

uint64_t ept_create(struct page_quota *q)
{
	return page_alloc_charged(q);
}

uint64_t ept_pointer(uint64_t pml4)
{
	return pml4 | VMX_EPTP_PWL_4 | VMX_EPTP_MT_WB;
}

/* The entry for gpa at the given level (3 = PML4 ... 0 = PT), creating
 * intermediate tables on the way down; NULL if q has no page for one. */
static uint64_t *ept_walk(uint64_t pml4, uint64_t gpa, int leaf_level, struct page_quota *q)
{
	uint64_t *table = (uint64_t *)pml4;

	for (int level = 3; level > leaf_level; level--) {
		uint64_t *e = &table[(gpa >> (12 + 9 * level)) & 511];
		if (!(*e & EPT_RWX)) {
			uint64_t pa = page_alloc_charged(q);
			if (!pa)
				return NULL;
			*e = pa | EPT_RWX;
		}
		table = (uint64_t *)(*e & EPT_ADDR_MASK);
	}
	return &table[(gpa >> (12 + 9 * leaf_level)) & 511];
}

int ept_map(uint64_t pml4, uint64_t gpa, uint64_t hpa, uint64_t len, uint64_t perms,
	    struct page_quota *q)
{
	bool big_ok = vmx_cpu.caps.ept_vpid_cap & VMX_EPT_2MB_PAGE_BIT;
	uint64_t end = gpa + len, *e;

	while (gpa < end) {
		if (big_ok && !(gpa & (SIZE_2M - 1)) && !(hpa & (SIZE_2M - 1)) &&
		    end - gpa >= SIZE_2M) {
			if (!(e = ept_walk(pml4, gpa, 1, q)))
				return -1;
			*e = hpa | perms | EPT_MEMTYPE_WB_LEAF | EPT_PS;
			gpa += SIZE_2M;
			hpa += SIZE_2M;
		} else {
			if (!(e = ept_walk(pml4, gpa, 0, q)))
				return -1;
			*e = hpa | perms | EPT_MEMTYPE_WB_LEAF;
			gpa += SIZE_4K;
			hpa += SIZE_4K;
		}
	}
	return 0;
}

static void ept_free_level(uint64_t table, int level, struct page_quota *q)
{
	uint64_t *t = (uint64_t *)table;

	if (level > 0)
		for (int i = 0; i < 512; i++)
			if ((t[i] & EPT_RWX) && !(t[i] & EPT_PS))
				ept_free_level(t[i] & EPT_ADDR_MASK, level - 1, q);
	page_free_charged(q, table);
}

void ept_destroy(uint64_t pml4, struct page_quota *q)
{
	ept_free_level(pml4, 3, q);
}
