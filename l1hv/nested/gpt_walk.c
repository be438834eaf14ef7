/* SPDX-License-Identifier: MIT */
/*
 * Guest page-table walk (SDM Vol. 3A ch. 4). See gpt_walk.h for the scope.
 *
 * Order of checks, as the CPU reports them: an entry that is not present
 * ends the walk with P = 0 in the error code; a present entry with a reserved
 * bit ends it with P = 1, RSVD = 1 (SDM 4.7: reserved bits are checked only
 * in present entries); only a complete walk reaches the access-rights check
 * (SDM 4.6), whose failure is P = 1, RSVD = 0.
 */
#include "l1hv/nested/gpt_walk.h"

#include "vmcs12/canonical.h"

#define GPT_4K          0x1000ull
#define GPT_4M          0x400000ull

/* Bits h..l, or none when l > h (a reserved range that MAXPHYADDR emptied). */
static uint64_t bit_range(unsigned int h, unsigned int l)
{
	return l > h ? 0 : GENMASK_ULL(h, l);
}

static unsigned int phys_bits(const struct gpt_env *env)
{
	if (env->maxphyaddr < 32)
		return 32;
	return env->maxphyaddr > 52 ? 52 : env->maxphyaddr;
}

enum gpt_mode gpt_paging_mode(const struct gpt_env *env)
{
	if (!(env->cr0 & X86_CR0_PG))
		return GPT_MODE_NONE;
	if (!(env->cr4 & X86_CR4_PAE))
		return GPT_MODE_32BIT;
	if (!(env->efer & X86_EFER_LMA))
		return GPT_MODE_PAE;
	return (env->cr4 & X86_CR4_LA57) ? GPT_MODE_5LEVEL : GPT_MODE_4LEVEL;
}

/* Reads one paging-structure entry (4 or 8 bytes, little-endian x86). */
static bool read_entry(const struct gpt_env *env, uint64_t gpa, size_t size, uint64_t *val,
		       struct gpt_result *res)
{
	uint64_t v = 0;

	if (!env->read_phys || !env->read_phys(env->ctx, gpa, &v, size)) {
		res->status = GPT_MEM_FAILED;
		res->bad_gpa = gpa;
		return false;
	}
	*val = v;
	return true;
}

/*
 * Error-code bits that describe the access rather than the fault (SDM 4.7).
 * I/D is set for fetches only if CR4.SMEP = 1, or if PAE/4-level paging is
 * used with IA32_EFER.NXE = 1: without either, a fetch reports I/D = 0.
 */
static uint32_t pf_access_bits(const struct gpt_env *env, enum gpt_mode mode,
			       enum gpt_access access)
{
	uint32_t ec = 0;

	if (access == GPT_ACCESS_WRITE)
		ec |= PF_ERR_WRITE;
	if (env->cpl == 3)
		ec |= PF_ERR_USER;
	if (access == GPT_ACCESS_FETCH &&
	    ((env->cr4 & X86_CR4_SMEP) ||
	     (mode >= GPT_MODE_PAE && (env->efer & X86_EFER_NXE))))
		ec |= PF_ERR_FETCH;
	return ec;
}

static enum gpt_status page_fault(struct gpt_result *res, uint32_t ec)
{
	res->status = GPT_PAGE_FAULT;
	res->pf_error = ec;
	return GPT_PAGE_FAULT;
}

/* SDM 4.6.1 "Determination of Access Rights", for explicit accesses. */
static bool access_allowed(const struct gpt_env *env, enum gpt_access access, bool w, bool u,
			   bool nx)
{
	if (env->cpl == 3) {
		if (!u)
			return false;
		if (access == GPT_ACCESS_WRITE)
			return w;
		if (access == GPT_ACCESS_FETCH)
			return !nx;
		return true;
	}
	if (access == GPT_ACCESS_FETCH)
		return !nx && !(u && (env->cr4 & X86_CR4_SMEP));
	if (u && (env->cr4 & X86_CR4_SMAP) && !env->rflags_ac)
		return false;
	if (access == GPT_ACCESS_WRITE && (env->cr0 & X86_CR0_WP))
		return w;
	return true;
}

/* The walk reached a leaf: record it, then apply the access-rights check. */
static enum gpt_status leaf(const struct gpt_env *env, struct gpt_result *res,
			    enum gpt_access access, uint32_t ec, uint64_t gpa, uint64_t size,
			    bool w, bool u, bool nx)
{
	if (!access_allowed(env, access, w, u, nx))
		return page_fault(res, ec | PF_ERR_PRESENT);
	res->gpa = gpa;
	res->page_size = size;
	res->writable = w;
	res->user = u;
	res->nx = nx;
	res->status = GPT_OK;
	return GPT_OK;
}

/* 32-bit paging: SDM 4.3, Tables 4-4 .. 4-6. Entries are 4 bytes. */
static enum gpt_status walk_32bit(const struct gpt_env *env, uint64_t la, enum gpt_access access,
				  uint32_t ec, struct gpt_result *res)
{
	/* PSE-36: a 4 MiB PDE holds physical-address bits (M-1):32 in bits
	 * (M-20):13, M = min(MAXPHYADDR, 40); bit 21 and the rest are reserved. */
	unsigned int m = phys_bits(env) > 40 ? 40 : phys_bits(env);
	uint64_t pde, pte;

	res->level = 2;
	if (!read_entry(env, (env->cr3 & 0xfffff000u) | ((la >> 22) & 0x3ff) << 2, 4, &pde, res))
		return res->status;
	if (!(pde & GPT_PTE_P))
		return page_fault(res, ec);
	if ((env->cr4 & X86_CR4_PSE) && (pde & GPT_PTE_PS)) {
		if (pde & (BIT_ULL(21) | bit_range(20, m - 19)))
			return page_fault(res, ec | PF_ERR_PRESENT | PF_ERR_RSVD);
		return leaf(env, res, access, ec,
			    (pde & 0xffc00000u) | ((pde >> 13) & 0xff) << 32 | (la & (GPT_4M - 1)),
			    GPT_4M, pde & GPT_PTE_RW, pde & GPT_PTE_US, false);
	}
	/* Without CR4.PSE, PDE bit 7 is ignored (Table 4-6). */
	res->level = 1;
	if (!read_entry(env, (pde & 0xfffff000u) | ((la >> 12) & 0x3ff) << 2, 4, &pte, res))
		return res->status;
	if (!(pte & GPT_PTE_P))
		return page_fault(res, ec);
	return leaf(env, res, access, ec, (pte & 0xfffff000u) | (la & (GPT_4K - 1)), GPT_4K,
		    (pde & pte & GPT_PTE_RW) != 0, (pde & pte & GPT_PTE_US) != 0, false);
}

/*
 * PAE paging (SDM 4.4): the PDPTE comes from the PDPTE registers, or from
 * the 32-byte aligned table at CR3[31:5]; it has no R/W, U/S or XD bits and
 * its reserved bits are 63:M, 8:5 and 2:1 (Table 4-8).
 */
static bool pae_pdpte(const struct gpt_env *env, uint64_t la, uint64_t *pdpte,
		      struct gpt_result *res)
{
	unsigned int idx = (la >> 30) & 3;
	uint64_t gpa = (env->cr3 & 0xffffffe0u) + idx * 8;

	if (env->pdptes)
		*pdpte = env->pdptes[idx];
	else if (!read_entry(env, gpa, 8, pdpte, res))
		return false;
	if ((*pdpte & GPT_PTE_P) &&
	    (*pdpte & (bit_range(63, phys_bits(env)) | GENMASK_ULL(8, 5) | GENMASK_ULL(2, 1)))) {
		res->status = GPT_BAD_PDPTE;
		res->bad_gpa = env->pdptes ? 0 : gpa;
		return false;
	}
	return true;
}

/*
 * PAE, 4-level and 5-level paging share the 8-byte entry format (SDM 4.4.2,
 * 4.5.4). Reserved in every entry: bits 51:M (62:M with PAE paging) and XD
 * without IA32_EFER.NXE; PS in PML5Es and PML4Es; bits 29:13 of a 1 GiB
 * PDPTE (PS itself without 1-GByte page support); bits 20:13 of a 2 MiB PDE.
 */
static enum gpt_status walk_long(const struct gpt_env *env, enum gpt_mode mode, uint64_t la,
				 enum gpt_access access, uint32_t ec, struct gpt_result *res)
{
	unsigned int m = phys_bits(env);
	uint64_t addr_mask = GENMASK_ULL(m - 1, 12);
	bool nxe = env->efer & X86_EFER_NXE;
	uint64_t rsvd_all = (mode == GPT_MODE_PAE ? bit_range(62, m) : bit_range(51, m)) |
			    (nxe ? 0 : GPT_PTE_XD);
	bool w = true, u = true, nx = false;
	uint64_t table;
	int top;

	if (mode == GPT_MODE_PAE) {
		uint64_t pdpte;

		res->level = 3;
		if (!pae_pdpte(env, la, &pdpte, res))
			return res->status;
		if (!(pdpte & GPT_PTE_P))
			return page_fault(res, ec);
		table = pdpte & addr_mask;
		top = 2;
	} else {
		table = env->cr3 & addr_mask;
		top = mode == GPT_MODE_5LEVEL ? 5 : 4;
	}

	for (int lvl = top; lvl >= 1; lvl--) {
		unsigned int shift = 12 + 9 * (unsigned int)(lvl - 1);
		uint64_t e, rsvd = rsvd_all;

		res->level = (uint8_t)lvl;
		if (!read_entry(env, table + ((la >> shift) & 511) * 8, 8, &e, res))
			return res->status;
		if (!(e & GPT_PTE_P))
			return page_fault(res, ec);
		if (lvl >= 4)
			rsvd |= GPT_PTE_PS;
		else if (lvl == 3 && (e & GPT_PTE_PS))
			rsvd |= env->gbpages ? GENMASK_ULL(29, 13) : GPT_PTE_PS;
		else if (lvl == 2 && (e & GPT_PTE_PS))
			rsvd |= GENMASK_ULL(20, 13);
		if (e & rsvd)
			return page_fault(res, ec | PF_ERR_PRESENT | PF_ERR_RSVD);

		w = w && (e & GPT_PTE_RW);
		u = u && (e & GPT_PTE_US);
		nx = nx || (nxe && (e & GPT_PTE_XD));
		if (lvl == 1 || (e & GPT_PTE_PS)) {
			uint64_t size = 1ull << shift;

			return leaf(env, res, access, ec,
				    (e & addr_mask & ~(size - 1)) | (la & (size - 1)), size, w, u, nx);
		}
		table = e & addr_mask;
	}
	return res->status; /* not reached: level 1 is always a leaf */
}

enum gpt_status gpt_walk(const struct gpt_env *env, uint64_t la, enum gpt_access access,
			 struct gpt_result *res)
{
	enum gpt_mode mode = gpt_paging_mode(env);
	uint32_t ec = pf_access_bits(env, mode, access);

	__builtin_memset(res, 0, sizeof(*res));
	res->mode = mode;
	/* Outside IA-32e mode linear addresses are 32 bits (SDM 4.1.1). */
	if (mode < GPT_MODE_4LEVEL)
		la &= 0xffffffffu;
	res->la = la;

	switch (mode) {
	case GPT_MODE_NONE:
		res->gpa = la;
		res->page_size = GPT_4K;
		res->writable = res->user = true;
		return GPT_OK;
	case GPT_MODE_32BIT:
		return walk_32bit(env, la, access, ec, res);
	case GPT_MODE_PAE:
		return walk_long(env, mode, la, access, ec, res);
	case GPT_MODE_4LEVEL:
	case GPT_MODE_5LEVEL:
		/* The active paging mode's width decides here (SDM 4.5.1). */
		if (!x86_canonical(la, mode == GPT_MODE_5LEVEL ? X86_LA_WIDTH_5LEVEL
							      : X86_LA_WIDTH_4LEVEL)) {
			res->status = GPT_NON_CANONICAL;
			return GPT_NON_CANONICAL;
		}
		return walk_long(env, mode, la, access, ec, res);
	}
	return GPT_NON_CANONICAL; /* not reached: every mode is handled */
}

/* Bytes from la to the end of its 4 KiB page, at most left. */
static size_t chunk_len(uint64_t la, size_t left)
{
	uint64_t in_page = GPT_4K - (la & (GPT_4K - 1));

	return left < in_page ? left : (size_t)in_page;
}

/* Address arithmetic wraps like the CPU's: at 2^32 outside IA-32e mode
 * (gpt_walk truncates), at 2^64 in it (a canonical-boundary crossing faults). */
enum gpt_status gpt_copy_from(const struct gpt_env *env, uint64_t la, void *buf, size_t len,
			      enum gpt_access access, struct gpt_result *res)
{
	uint8_t *out = buf;
	size_t done = 0;

	__builtin_memset(res, 0, sizeof(*res));
	res->la = la;
	while (done < len) {
		size_t n;

		if (gpt_walk(env, la + done, access, res) != GPT_OK)
			return res->status;
		n = chunk_len(res->la, len - done);
		if (!env->read_phys || !env->read_phys(env->ctx, res->gpa, out + done, n)) {
			res->status = GPT_MEM_FAILED;
			res->bad_gpa = res->gpa;
			return res->status;
		}
		done += n;
	}
	return GPT_OK;
}

enum gpt_status gpt_copy_to(const struct gpt_env *env, uint64_t la, const void *buf, size_t len,
			    struct gpt_result *res)
{
	const uint8_t *in = buf;
	size_t done;

	__builtin_memset(res, 0, sizeof(*res));
	res->la = la;
	/* Pass 1: every page must be writable before anything is written. */
	for (done = 0; done < len; done += chunk_len(res->la, len - done))
		if (gpt_walk(env, la + done, GPT_ACCESS_WRITE, res) != GPT_OK)
			return res->status;
	for (done = 0; done < len;) {
		size_t n;

		/* Only fails if an earlier chunk rewrote the page tables. */
		if (gpt_walk(env, la + done, GPT_ACCESS_WRITE, res) != GPT_OK)
			return res->status;
		n = chunk_len(res->la, len - done);
		if (!env->write_phys || !env->write_phys(env->ctx, res->gpa, in + done, n)) {
			res->status = GPT_MEM_FAILED;
			res->bad_gpa = res->gpa;
			return res->status;
		}
		done += n;
	}
	return GPT_OK;
}
