/* SPDX-License-Identifier: MIT */
/*
 * gpt_walk: hand-built page tables for every paging mode in a 2 MiB test
 * memory; one table row per translation or fault with the exact #PF error
 * code, level and address; then the rights summary, the PDPTE registers and
 * the cross-page copies.
 */
#include <string.h>

#include "l1hv/nested/gpt_walk.h"
#include "testlib.h"

#define MEM_SIZE   0x200000u
static uint8_t mem[MEM_SIZE];

static bool mem_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa)
		return false;
	memcpy(buf, &mem[gpa], len);
	return true;
}

static bool mem_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa)
		return false;
	memcpy(&mem[gpa], buf, len);
	return true;
}

static void put64(uint64_t gpa, uint64_t v) { memcpy(&mem[gpa], &v, 8); }
static void put32(uint64_t gpa, uint32_t v) { memcpy(&mem[gpa], &v, 4); }

#define P    GPT_PTE_P
#define RW   GPT_PTE_RW
#define US   GPT_PTE_US
#define PS   GPT_PTE_PS
#define XD   GPT_PTE_XD
#define PRU  (P | RW | US)

/* Table locations. */
#define PML5   0x15000u
#define PML4   0x10000u
#define PDPT4  0x11000u
#define PD4    0x12000u
#define PT4    0x13000u
#define PDPT_PAE_CR3 0x20020u      /* bits 4:0 of CR3 are ignored, 31:5 used */
#define PD_PAE 0x21000u
#define PT_PAE 0x22000u
#define PD32   0x30000u
#define PT32   0x31000u

static void build_tables(void)
{
	memset(mem, 0, sizeof(mem));
	/* 5-level: PML5[0], PML5[1] -> the 4-level tree; PML5[2] has PS. */
	put64(PML5 + 0 * 8, PML4 | PRU);
	put64(PML5 + 1 * 8, PML4 | PRU);
	put64(PML5 + 2 * 8, PML4 | PRU | PS);
	/* 4-level. */
	put64(PML4 + 0 * 8, PDPT4 | PRU);
	put64(PML4 + 1 * 8, PDPT4 | PRU | PS);              /* PS reserved in a PML4E */
	put64(PML4 + 511 * 8, PDPT4 | PRU);
	put64(PDPT4 + 0 * 8, PD4 | PRU);
	put64(PDPT4 + 1 * 8, 0x80000000u | PRU | PS);      /* 1 GiB */
	put64(PDPT4 + 2 * 8, PD4 | P | US);                 /* read-only above */
	put64(PDPT4 + 3 * 8, PD4 | P | RW);                 /* supervisor above */
	put64(PDPT4 + 4 * 8, 0x40000000u | PRU | PS | BIT_ULL(13));
	put64(PDPT4 + 5 * 8, PD4 | PRU | XD);               /* NX above */
	put64(PD4 + 0 * 8, PT4 | PRU);
	put64(PD4 + 1 * 8, 0x600000u | PRU | PS);           /* 2 MiB */
	put64(PD4 + 2 * 8, 0x800000u | PRU | PS | BIT_ULL(13));
	put64(PT4 + 0 * 8, 0xa000u | PRU);
	put64(PT4 + 1 * 8, 0xb000u | P | US);
	put64(PT4 + 2 * 8, 0xc000u | P | RW);
	put64(PT4 + 3 * 8, 0xd000u | PRU | XD);
	put64(PT4 + 5 * 8, 0xe000u | PRU | BIT_ULL(51));
	put64(PT4 + 6 * 8, 0xf000u | PRU | BIT_ULL(62));    /* ignored with 4-level */
	put64(PT4 + 7 * 8, 0x14000u | PRU | BIT_ULL(45));   /* address bit 45 */
	/* PAE. */
	put64(PDPT_PAE_CR3 + 0 * 8, PD_PAE | P);
	put64(PDPT_PAE_CR3 + 1 * 8, PD_PAE | P | RW);       /* bit 1 reserved */
	put64(PD_PAE + 0 * 8, PT_PAE | PRU);
	put64(PD_PAE + 1 * 8, 0x40000000u | PRU | PS);      /* 2 MiB */
	put64(PD_PAE + 2 * 8, PT_PAE | PRU | BIT_ULL(62));  /* reserved with PAE */
	put64(PD_PAE + 3 * 8, PT_PAE | PRU | XD);
	put64(PT_PAE + 0 * 8, 0x9000u | PRU);
	/* 32-bit. */
	put32(PD32 + 0 * 4, PT32 | PRU);
	put32(PD32 + 1 * 4, 0x00c00000u | PRU | PS);        /* 4 MiB */
	put32(PD32 + 2 * 4, 0x00c00000u | PRU | PS | (0x3u << 13)); /* PSE-36 */
	put32(PD32 + 3 * 4, 0x00c00000u | PRU | PS | BIT(21));
	put32(PD32 + 4 * 4, PT32 | P | RW);
	put32(PD32 + 5 * 4, 0x00c00000u | PRU | PS | BIT(17));      /* PA bit 36 */
	put32(PD32 + 7 * 4, PT32 | P | US);                        /* read-only PDE */
	put32(PT32 + 0 * 4, 0x8000u | PRU);
	put32(PT32 + 1 * 4, 0x8000u | P | US);
}

#define PG     X86_CR0_PG
#define WP     X86_CR0_WP
#define LMA    (X86_EFER_LMA | X86_EFER_LME)
#define NXE    X86_EFER_NXE
#define M_32   .cr0 = PG | WP, .cr3 = PD32
#define M_PAE  .cr0 = PG | WP, .cr4 = X86_CR4_PAE, .efer = NXE, .cr3 = PDPT_PAE_CR3
#define M_4L   .cr0 = PG | WP, .cr4 = X86_CR4_PAE, .efer = LMA | NXE, .cr3 = PML4
#define M_5L   .cr0 = PG | WP, .cr4 = X86_CR4_PAE | X86_CR4_LA57, .efer = LMA | NXE, .cr3 = PML5

enum { RD = GPT_ACCESS_READ, WR = GPT_ACCESS_WRITE, FX = GPT_ACCESS_FETCH };
#define E_P PF_ERR_PRESENT
#define E_W PF_ERR_WRITE
#define E_U PF_ERR_USER
#define E_R PF_ERR_RSVD
#define E_I PF_ERR_FETCH

struct gpt_case {
	const char *name;
	uint64_t cr0, cr4, efer, cr3;
	uint64_t cr4x;               /* CR4 bits added to the mode's */
	uint8_t cpl, maxphyaddr;     /* 0: 46 */
	bool gbpages, ac;
	uint64_t la;
	int access;
	enum gpt_status status;
	uint64_t gpa, size;          /* GPT_OK */
	uint32_t ec;                 /* GPT_PAGE_FAULT */
	uint8_t level;               /* GPT_OK, GPT_PAGE_FAULT */
	uint64_t bad_gpa;            /* GPT_MEM_FAILED, GPT_BAD_PDPTE */
};

#define OK(g, s, l)   .status = GPT_OK, .gpa = (g), .size = (s), .level = (l)
#define PF(e, l)      .status = GPT_PAGE_FAULT, .ec = (e), .level = (l)
#define K4 0x1000u
#define M2 0x200000u
#define M4 0x400000u
#define G1 0x40000000ull

static const struct gpt_case cases[] = {
	/* ---- 4-level: translations */
	{ "4l 4K read", M_4L, .la = 0x123, .access = RD, OK(0xa123, K4, 1) },
	{ "4l 4K user write", M_4L, .cpl = 3, .la = 0x10, .access = WR, OK(0xa010, K4, 1) },
	{ "4l 2M", M_4L, .la = M2 + 0x12345, .access = RD, OK(0x612345, M2, 2) },
	{ "4l 1G", M_4L, .gbpages = true, .la = G1 + 0x1234567, .access = RD,
	  OK(0x81234567, G1, 3) },
	{ "4l high half", M_4L, .la = 0xffffff8000000123ull, .access = RD, OK(0xa123, K4, 1) },
	{ "4l PTE bit 62 ignored", M_4L, .la = 0x6000, .access = RD, OK(0xf000, K4, 1) },
	{ "4l address bit 45, M=46", M_4L, .la = 0x7001, .access = RD,
	  OK(0x200000014001ull, K4, 1) },
	{ "4l supervisor write RO, WP=0", .cr0 = PG, .cr4 = X86_CR4_PAE, .efer = LMA | NXE,
	  .cr3 = PML4, .la = 0x1000, .access = WR, OK(0xb000, K4, 1) },
	{ "4l supervisor reads supervisor page", M_4L, .la = 0x2000, .access = RD,
	  OK(0xc000, K4, 1) },
	{ "4l NX above: read ok", M_4L, .la = 0x140000000ull, .access = RD, OK(0xa000, K4, 1) },
	{ "4l fetch, no SMEP", M_4L, .la = 0x0, .access = FX, OK(0xa000, K4, 1) },
	{ "4l SMAP with AC", M_4L, .cr4x = X86_CR4_SMAP, .ac = true, .la = 0x0,
	  .access = WR, OK(0xa000, K4, 1) },
	{ "4l SMAP, supervisor page", M_4L, .cr4x = X86_CR4_SMAP, .la = 0x2000,
	  .access = WR, OK(0xc000, K4, 1) },
	/* ---- 4-level: not present (P = 0) */
	{ "4l PTE not present", M_4L, .la = 0x4000, .access = RD, PF(0, 1) },
	{ "4l PTE not present, user write", M_4L, .cpl = 3, .la = 0x4000, .access = WR,
	  PF(E_W | E_U, 1) },
	{ "4l PTE not present, fetch (NXE)", M_4L, .la = 0x4000, .access = FX, PF(E_I, 1) },
	{ "4l PDE not present", M_4L, .la = 3 * M2, .access = RD, PF(0, 2) },
	{ "4l PML4E not present", M_4L, .la = 2ull << 39, .access = RD, PF(0, 4) },
	/* ---- 4-level: reserved bits (P = 1, RSVD = 1) */
	{ "4l PML4E PS", M_4L, .la = 1ull << 39, .access = RD, PF(E_P | E_R, 4) },
	{ "4l 1G page without Page1GB", M_4L, .la = G1, .access = RD, PF(E_P | E_R, 3) },
	{ "4l 1G page bit 13", M_4L, .gbpages = true, .la = 4ull * G1, .access = RD,
	  PF(E_P | E_R, 3) },
	{ "4l 2M page bit 13", M_4L, .la = 2 * M2, .access = RD, PF(E_P | E_R, 2) },
	{ "4l PTE bit 51, M=46", M_4L, .la = 0x5000, .access = RD, PF(E_P | E_R, 1) },
	{ "4l PTE bit 51, write", M_4L, .la = 0x5000, .access = WR, PF(E_P | E_R | E_W, 1) },
	{ "4l address bit 45, M=40", M_4L, .maxphyaddr = 40, .la = 0x7000, .access = RD,
	  PF(E_P | E_R, 1) },
	{ "4l XD without NXE", .cr0 = PG | WP, .cr4 = X86_CR4_PAE, .efer = LMA, .cr3 = PML4,
	  .la = 0x3000, .access = RD, PF(E_P | E_R, 1) },
	{ "4l XD without NXE, fetch: no I/D", .cr0 = PG | WP, .cr4 = X86_CR4_PAE, .efer = LMA,
	  .cr3 = PML4, .la = 0x3000, .access = FX, PF(E_P | E_R, 1) },
	/* ---- 4-level: access rights (P = 1) */
	{ "4l user read, supervisor PTE", M_4L, .cpl = 3, .la = 0x2000, .access = RD,
	  PF(E_P | E_U, 1) },
	{ "4l user read, supervisor PDPTE", M_4L, .cpl = 3, .la = 3 * G1, .access = RD,
	  PF(E_P | E_U, 1) },
	{ "4l user write, RO PTE", M_4L, .cpl = 3, .la = 0x1000, .access = WR,
	  PF(E_P | E_W | E_U, 1) },
	{ "4l user write, RO PTE, WP=0", .cr0 = PG, .cr4 = X86_CR4_PAE, .efer = LMA | NXE,
	  .cr3 = PML4, .cpl = 3, .la = 0x1000, .access = WR, PF(E_P | E_W | E_U, 1) },
	{ "4l supervisor write, RO PTE, WP=1", M_4L, .la = 0x1000, .access = WR,
	  PF(E_P | E_W, 1) },
	{ "4l supervisor write, RO PDPTE, WP=1", M_4L, .la = 2 * G1, .access = WR,
	  PF(E_P | E_W, 1) },
	{ "4l supervisor fetch, XD PTE", M_4L, .la = 0x3000, .access = FX, PF(E_P | E_I, 1) },
	{ "4l user fetch, XD PTE", M_4L, .cpl = 3, .la = 0x3000, .access = FX,
	  PF(E_P | E_U | E_I, 1) },
	{ "4l fetch, XD PDPTE", M_4L, .la = 5 * G1, .access = FX, PF(E_P | E_I, 1) },
	{ "4l SMEP: supervisor fetch, user page", M_4L, .cr4x = X86_CR4_SMEP,
	  .la = 0x0, .access = FX, PF(E_P | E_I, 1) },
	{ "4l SMAP: supervisor read, user page", M_4L, .cr4x = X86_CR4_SMAP,
	  .la = 0x0, .access = RD, PF(E_P, 1) },
	{ "4l SMAP: user read, user page", M_4L, .cr4x = X86_CR4_SMAP, .cpl = 3,
	  .la = 0x0, .access = RD, OK(0xa000, K4, 1) },
	/* ---- 4-level: not #PF */
	{ "4l non-canonical", M_4L, .la = 0x0000800000000000ull, .access = RD,
	  .status = GPT_NON_CANONICAL },
	{ "4l CR3 outside memory", .cr0 = PG, .cr4 = X86_CR4_PAE, .efer = LMA, .cr3 = 0x4000000,
	  .la = 0, .access = RD, .status = GPT_MEM_FAILED, .bad_gpa = 0x4000000 },
	/* ---- 5-level */
	{ "5l 4K", M_5L, .la = (1ull << 48) | 0x234, .access = RD, OK(0xa234, K4, 1) },
	{ "5l bit 47 canonical", M_5L, .la = 0x0000800000000000ull, .access = RD, PF(0, 4) },
	{ "5l PML5E PS", M_5L, .la = 2ull << 48, .access = RD, PF(E_P | E_R, 5) },
	{ "5l PML5E not present", M_5L, .la = 3ull << 48, .access = WR, PF(E_W, 5) },
	{ "5l non-canonical", M_5L, .la = 1ull << 56, .access = RD, .status = GPT_NON_CANONICAL },
	/* ---- PAE */
	{ "pae 4K", M_PAE, .la = 0x123, .access = RD, OK(0x9123, K4, 1) },
	{ "pae 2M", M_PAE, .la = M2 + 0x1234, .access = WR, OK(0x40001234, M2, 2) },
	{ "pae la truncated to 32 bits", M_PAE, .la = 0xffffffff00000123ull, .access = RD,
	  OK(0x9123, K4, 1) },
	{ "pae PDPTE reserved bit 1", M_PAE, .la = G1, .access = RD, .status = GPT_BAD_PDPTE,
	  .bad_gpa = PDPT_PAE_CR3 + 8 },
	{ "pae PDPTE not present", M_PAE, .la = 2ull * G1, .access = RD, PF(0, 3) },
	{ "pae PDE bit 62 reserved", M_PAE, .la = 2 * M2, .access = RD, PF(E_P | E_R, 2) },
	{ "pae fetch, XD PDE", M_PAE, .la = 3 * M2, .access = FX, PF(E_P | E_I, 1) },
	{ "pae PTE not present", M_PAE, .la = 0x1000, .access = RD, PF(0, 1) },
	{ "pae fetch without NXE: no I/D", .cr0 = PG | WP, .cr4 = X86_CR4_PAE,
	  .cr3 = PDPT_PAE_CR3, .la = 0x1000, .access = FX, PF(0, 1) },
	/* ---- 32-bit */
	{ "32 4K", M_32, .la = 0x123, .access = RD, OK(0x8123, K4, 1) },
	{ "32 4M with PSE", M_32, .cr4x = X86_CR4_PSE, .la = M4 + 0x12345, .access = RD,
	  OK(0xc12345, M4, 2) },
	{ "32 PS ignored without PSE", M_32, .la = M4, .access = RD,
	  .status = GPT_MEM_FAILED, .bad_gpa = 0xc00000 },
	{ "32 PSE-36, M=36", M_32, .cr4x = X86_CR4_PSE, .maxphyaddr = 36, .la = 2 * M4 + 0x10,
	  .access = RD, OK(0x300c00010ull, M4, 2) },
	{ "32 PSE-36 beyond M=32", M_32, .cr4x = X86_CR4_PSE, .maxphyaddr = 32, .la = 2 * M4,
	  .access = RD, PF(E_P | E_R, 2) },
	{ "32 4M bit 21", M_32, .cr4x = X86_CR4_PSE, .la = 3 * M4, .access = RD,
	  PF(E_P | E_R, 2) },
	{ "32 user read, supervisor PDE", M_32, .cpl = 3, .la = 4 * M4, .access = RD,
	  PF(E_P | E_U, 1) },
	{ "32 user write, RO PTE", M_32, .cpl = 3, .la = 0x1000, .access = WR,
	  PF(E_P | E_W | E_U, 1) },
	{ "32 fetch, not present: no I/D", M_32, .la = 0x2000, .access = FX, PF(0, 1) },
	{ "32 fetch, not present, SMEP: I/D", M_32, .cr4x = X86_CR4_SMEP, .la = 0x2000,
	  .access = FX, PF(E_I, 1) },
	{ "32 PDE not present", M_32, .la = 6 * M4, .access = RD, PF(0, 2) },
	{ "32 PSE-36 bit 36, M=36", M_32, .cr4x = X86_CR4_PSE, .maxphyaddr = 36, .la = 5 * M4,
	  .access = RD, PF(E_P | E_R, 2) },
	{ "32 PSE-36 bit 36, M=37", M_32, .cr4x = X86_CR4_PSE, .maxphyaddr = 37, .la = 5 * M4,
	  .access = RD, OK(0x1000c00000ull, M4, 2) },
	{ "32 PSE-36 with M=52 (40 bits at most)", M_32, .cr4x = X86_CR4_PSE, .maxphyaddr = 52,
	  .la = 5 * M4 + 1, .access = RD, OK(0x1000c00001ull, M4, 2) },
	{ "32 user write, RO PDE over RW PTE", M_32, .cpl = 3, .la = 7 * M4, .access = WR,
	  PF(E_P | E_W | E_U, 1) },
	{ "32 fetch with EFER.NXE: still no I/D", M_32, .efer = NXE, .la = 0x2000,
	  .access = FX, PF(0, 1) },
	{ "32 la truncated", M_32, .la = 0x100000123ull, .access = RD, OK(0x8123, K4, 1) },
	{ "32 no XD: fetch ok", M_32, .la = 0x0, .access = FX, OK(0x8000, K4, 1) },
	/* ---- paging off */
	{ "off: 32-bit identity", .cr0 = 0, .la = 0x123456789ull, .access = WR,
	  OK(0x23456789, K4, 0) },
};

TEST(gpt_walk_table)
{
	build_tables();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct gpt_case *c = &cases[i];
		struct gpt_env env = {
			.cr0 = c->cr0, .cr3 = c->cr3, .cr4 = c->cr4 | c->cr4x, .efer = c->efer,
			.cpl = c->cpl, .maxphyaddr = c->maxphyaddr ? c->maxphyaddr : 46,
			.gbpages = c->gbpages, .rflags_ac = c->ac,
			.read_phys = mem_read,
		};
		struct gpt_result r;
		enum gpt_status st = gpt_walk(&env, c->la, (enum gpt_access)c->access, &r);

		CHECKF(st == c->status && r.status == st, "%s: status %d, want %d",
		       c->name, st, c->status);
		if (st != c->status)
			continue;
		if (st == GPT_OK)
			CHECKF(r.gpa == c->gpa && r.page_size == c->size,
			       "%s: gpa 0x%" PRIx64 " size 0x%" PRIx64 ", want 0x%" PRIx64
			       " 0x%" PRIx64, c->name, r.gpa, r.page_size, c->gpa, c->size);
		if (st == GPT_PAGE_FAULT)
			CHECKF(r.pf_error == c->ec, "%s: error code 0x%x, want 0x%x", c->name,
			       r.pf_error, c->ec);
		if (st == GPT_OK || st == GPT_PAGE_FAULT)
			CHECKF(r.level == c->level, "%s: level %u, want %u", c->name, r.level,
			       c->level);
		if (st == GPT_MEM_FAILED || st == GPT_BAD_PDPTE)
			CHECKF(r.bad_gpa == c->bad_gpa, "%s: bad gpa 0x%" PRIx64 ", want 0x%" PRIx64,
			       c->name, r.bad_gpa, c->bad_gpa);
	}
}

TEST(gpt_paging_mode_selection)
{
	static const struct {
		uint64_t cr0, cr4, efer;
		enum gpt_mode mode;
	} t[] = {
		{ 0, X86_CR4_PAE, LMA, GPT_MODE_NONE },
		{ PG, X86_CR4_PSE, 0, GPT_MODE_32BIT },
		{ PG, X86_CR4_PAE, 0, GPT_MODE_PAE },
		{ PG, X86_CR4_PAE | X86_CR4_LA57, 0, GPT_MODE_PAE },
		{ PG, X86_CR4_PAE, LMA, GPT_MODE_4LEVEL },
		{ PG, X86_CR4_PAE | X86_CR4_LA57, LMA, GPT_MODE_5LEVEL },
	};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct gpt_env env = { .cr0 = t[i].cr0, .cr4 = t[i].cr4, .efer = t[i].efer };

		CHECKF(gpt_paging_mode(&env) == t[i].mode, "row %zu: mode %d, want %d", i,
		       gpt_paging_mode(&env), t[i].mode);
	}
}

/* The rights summary combines every level: R/W and U/S AND, XD OR. */
TEST(gpt_walk_rights_summary)
{
	struct gpt_env env = { M_4L, .maxphyaddr = 46, .read_phys = mem_read };
	struct gpt_result r;

	build_tables();
	CHECK_EQ(gpt_walk(&env, 0x0, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK(r.writable && r.user && !r.nx);
	CHECK_EQ(gpt_walk(&env, 5 * G1, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK(r.writable && r.user && r.nx);
	CHECK_EQ(gpt_walk(&env, 2 * G1, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK(!r.writable && r.user && !r.nx);
	CHECK_EQ(gpt_walk(&env, 3 * G1, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK(r.writable && !r.user);
	/* Without NXE, XD is reserved rather than ORed in. */
	env.efer = LMA;
	CHECK_EQ(gpt_walk(&env, 5 * G1, GPT_ACCESS_READ, &r), GPT_PAGE_FAULT);
	CHECK_EQ(r.pf_error, E_P | E_R);
	CHECK_EQ(r.level, 3);
}

/* PAE PDPTE registers replace the in-memory PDPT (VMCS guest PDPTEs). */
TEST(gpt_walk_pae_pdpte_registers)
{
	uint64_t regs[4] = { 0, 0, PD_PAE | P, PD_PAE | P | BIT_ULL(5) };
	struct gpt_env env = { M_PAE, .maxphyaddr = 36, .read_phys = mem_read, .pdptes = regs };
	struct gpt_result r;

	build_tables();
	CHECK_EQ(gpt_walk(&env, 2 * G1 + 0x45, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK_EQ(r.gpa, 0x9045);
	CHECK_EQ(gpt_walk(&env, 0x45, GPT_ACCESS_READ, &r), GPT_PAGE_FAULT);
	CHECK_EQ(r.pf_error, 0);
	CHECK_EQ(r.level, 3);
	CHECK_EQ(gpt_walk(&env, 3 * G1, GPT_ACCESS_READ, &r), GPT_BAD_PDPTE);
	CHECK_EQ(r.bad_gpa, 0);
}

/*
 * Two linear pages 0x0 and 0x1000 map to physical 0xa000 and 0xb000 (RO),
 * 0x2000 to 0xc000 (supervisor), 0x4000 is not present.
 */
TEST(gpt_copy_across_pages)
{
	struct gpt_env env = { M_4L, .maxphyaddr = 46, .read_phys = mem_read,
			       .write_phys = mem_write };
	uint8_t out[64], pattern[64];
	struct gpt_result r;

	build_tables();
	for (unsigned int i = 0; i < sizeof(pattern); i++)
		pattern[i] = (uint8_t)(0x40 + i);
	memcpy(&mem[0xafe0], pattern, 32);
	memcpy(&mem[0xb000], pattern + 32, 32);
	CHECK_EQ(gpt_copy_from(&env, 0xfe0, out, 64, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK(memcmp(out, pattern, 64) == 0);

	/* Writing across into the read-only page faults before any byte lands. */
	memset(&mem[0xafe0], 0, 32);
	CHECK_EQ(gpt_copy_to(&env, 0xfe0, pattern, 64, &r), GPT_PAGE_FAULT);
	CHECK_EQ(r.la, 0x1000);
	CHECK_EQ(r.pf_error, E_P | E_W);
	for (unsigned int i = 0; i < 32; i++)
		CHECK_EQ(mem[0xafe0 + i], 0);

	/* Within writable pages it lands, split at the page boundary. */
	env.cr0 = PG; /* WP = 0: supervisor may write the RO page */
	CHECK_EQ(gpt_copy_to(&env, 0xff0, pattern, 32, &r), GPT_OK);
	CHECK(memcmp(&mem[0xaff0], pattern, 16) == 0);
	CHECK(memcmp(&mem[0xb000], pattern + 16, 16) == 0);

	/* A read running into a not-present page reports its first byte. */
	CHECK_EQ(gpt_copy_from(&env, 0x3ffc, out, 8, GPT_ACCESS_READ, &r), GPT_PAGE_FAULT);
	CHECK_EQ(r.la, 0x4000);
	CHECK_EQ(r.pf_error, 0);

	/* User fetch stopping at the supervisor page. */
	env.cpl = 3;
	CHECK_EQ(gpt_copy_from(&env, 0x1ff8, out, 16, GPT_ACCESS_FETCH, &r), GPT_PAGE_FAULT);
	CHECK_EQ(r.la, 0x2000);
	CHECK_EQ(r.pf_error, E_P | E_U | E_I);

	/* Data outside guest memory: a 2 MiB page at 0x600000. */
	env.cpl = 0;
	CHECK_EQ(gpt_copy_from(&env, M2 + 0x10, out, 4, GPT_ACCESS_READ, &r), GPT_MEM_FAILED);
	CHECK_EQ(r.bad_gpa, 0x600010);
	CHECK_EQ(gpt_copy_to(&env, M2, pattern, 4, &r), GPT_MEM_FAILED);

	/* Zero bytes: nothing walked, success. */
	CHECK_EQ(gpt_copy_from(&env, 0x4000, out, 0, GPT_ACCESS_READ, &r), GPT_OK);
}

/* Outside IA-32e mode a copy wraps at 4 GiB like the CPU's addressing. */
TEST(gpt_copy_wraps_at_4g_without_paging)
{
	struct gpt_env env = { .read_phys = mem_read, .write_phys = mem_write };
	uint8_t out[8];
	struct gpt_result r;

	build_tables();
	CHECK_EQ(gpt_copy_from(&env, 0xfffffffcu, out, 8, GPT_ACCESS_READ, &r), GPT_MEM_FAILED);
	CHECK_EQ(r.bad_gpa, 0xfffffffcu);
	memcpy(&mem[0], "wrap", 4);
	CHECK_EQ(gpt_copy_from(&env, 0x100000000ull, out, 4, GPT_ACCESS_READ, &r), GPT_OK);
	CHECK(memcmp(out, "wrap", 4) == 0);
}
