/* SPDX-License-Identifier: MIT */
/*
 * ept12_walk: EPTP decode rules, then one table row per walk over a
 * hand-built EPT hierarchy in a 1 MiB test memory (L1-physical): 4K, 2M and
 * 1G leaves, permission intersections with the exact exit qualification,
 * every misconfiguration kind, MAXPHYADDR-dependent bits and 5-level walks.
 */
#include <string.h>

#include "exit-reflect/exit_qual.h"
#include "l1hv/nested/ept12_walk.h"
#include "testlib.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

#define MEM_SIZE 0x100000u
static uint8_t mem[MEM_SIZE];

static bool mem_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa >= MEM_SIZE || len > MEM_SIZE - gpa)
		return false;
	memcpy(buf, &mem[gpa], len);
	return true;
}

static void put64(uint64_t gpa, uint64_t v) { memcpy(&mem[gpa], &v, 8); }

#define R    EPT_READ
#define W    EPT_WRITE
#define X    EPT_EXEC
#define RWX  EPT_RWX
#define PS   EPT_PS
#define MT(t) ((uint64_t)(t) << EPT_MT_SHIFT)
#define WB   MT(EPT_MT_WB)

#define PML5 0x5000u
#define PML4 0x1000u
#define PDPT 0x2000u
#define PD   0x3000u
#define PT   0x4000u

#define CAP_ALL (VMX_EPT_EXECUTE_ONLY_BIT | VMX_EPT_PAGE_WALK_4_BIT | VMX_EPT_PAGE_WALK_5_BIT | \
		 VMX_EPTP_UC_BIT | VMX_EPTP_WB_BIT | VMX_EPT_2MB_PAGE_BIT | VMX_EPT_1GB_PAGE_BIT | \
		 VMX_EPT_AD_BIT)

static void build_tables(void)
{
	memset(mem, 0, sizeof(mem));
	put64(PML5 + 0 * 8, PML4 | RWX);
	put64(PML5 + 1 * 8, PML4 | R);
	put64(PML5 + 2 * 8, PML4 | RWX | PS);            /* bit 7 reserved in a PML5E */
	put64(PML4 + 0 * 8, PDPT | RWX);
	put64(PML4 + 1 * 8, PDPT | R);
	put64(PML4 + 2 * 8, PDPT | RWX | BIT_ULL(3));    /* bits 7:3 reserved */
	put64(PML4 + 3 * 8, PDPT | W);                   /* write without read */
	put64(PML4 + 4 * 8, PDPT | X);                   /* execute-only */
	put64(PML4 + 5 * 8, PDPT | RWX | PS);
	put64(PML4 + 7 * 8, PDPT | R | X);
	put64(PDPT + 0 * 8, PD | RWX);
	put64(PDPT + 1 * 8, 0x40000000u | RWX | PS | WB);               /* 1 GiB */
	put64(PDPT + 2 * 8, 0x40000000u | RWX | PS | WB | BIT_ULL(12));
	put64(PDPT + 3 * 8, PD | RWX | MT(6));                          /* bits 6:3 reserved */
	put64(PDPT + 5 * 8, PD | R | W);
	put64(PD + 0 * 8, PT | RWX);
	put64(PD + 1 * 8, 0x600000u | RWX | PS | WB | EPT_IPAT);      /* 2 MiB */
	put64(PD + 2 * 8, 0x800000u | RWX | PS | WB | BIT_ULL(20));
	put64(PD + 3 * 8, PT | RWX | BIT_ULL(51));
	put64(PD + 4 * 8, 0x800000u | RWX | PS | MT(2));
	put64(PD + 5 * 8, 0x800000u | RWX | PS | WB | BIT_ULL(12));
	put64(PD + 6 * 8, PT | RWX | EPT_IPAT);                      /* bit 6 in a table */
	put64(PT + 0 * 8, 0xa000u | RWX | WB);
	put64(PT + 1 * 8, 0xb000u | R | WB);
	put64(PT + 2 * 8, 0xc000u | R | X | MT(EPT_MT_UC));
	put64(PT + 3 * 8, 0xd000u | RWX | MT(7));
	put64(PT + 4 * 8, 0xe000u | RWX | WB | PS);                     /* PTE bit 7 ignored */
	put64(PT + 6 * 8, 0xf000u | X | WB);
	put64(PT + 7 * 8, 0x10000u | RWX | WB | BIT_ULL(45));
	put64(PT + 8 * 8, 0x11000u | RWX | MT(3));
}

enum { RD = EPT12_ACCESS_READ, WR = EPT12_ACCESS_WRITE, FX = EPT12_ACCESS_FETCH };
#define Q_R  EXIT_QUAL_EPT_READ
#define Q_W  EXIT_QUAL_EPT_WRITE
#define Q_X  EXIT_QUAL_EPT_FETCH
#define Q_RD EXIT_QUAL_EPT_READABLE
#define Q_WR EXIT_QUAL_EPT_WRITABLE
#define Q_EX EXIT_QUAL_EPT_EXECUTABLE

struct ept_case {
	const char *name;
	uint64_t cap_clear;           /* capability bits taken from CAP_ALL */
	uint8_t maxphyaddr;           /* 0: 46 */
	bool five;                    /* 5-level walk from PML5 */
	uint64_t root;                /* 0: PML4 or PML5 */
	uint64_t gpa;
	int access;
	enum ept12_status status;
	uint64_t out, size;           /* EPT12_OK */
	uint8_t perms, memtype;       /* EPT12_OK, EPT12_VIOLATION (perms) */
	uint8_t level;
	enum ept12_misconfig mc;      /* EPT12_MISCONFIG */
	uint64_t qual;                /* EPT12_VIOLATION */
	uint64_t entry_gpa;           /* EPT12_MEM_FAILED */
};

#define OK(o, s, p, mt, l) .status = EPT12_OK, .out = (o), .size = (s), .perms = (p), \
			   .memtype = (mt), .level = (l)
#define VIOL(q, p, l)      .status = EPT12_VIOLATION, .qual = (q), .perms = (p), .level = (l)
#define MISC(m, l)         .status = EPT12_MISCONFIG, .mc = EPT12_MC_##m, .level = (l)
#define K4 0x1000ull
#define M2 0x200000ull
#define G1 0x40000000ull
#define L4(i) ((uint64_t)(i) << 39)

static const struct ept_case cases[] = {
	/* ---- translations */
	{ "4K read", .gpa = 0x123, .access = RD, OK(0xa123, K4, RWX, 6, 1) },
	{ "4K write", .gpa = 0xfff, .access = WR, OK(0xafff, K4, RWX, 6, 1) },
	{ "2M leaf", .gpa = M2 + 0x1234, .access = FX, OK(0x601234, M2, RWX, 6, 2) },
	{ "1G leaf", .gpa = G1 + 0x123456, .access = WR, OK(0x40123456, G1, RWX, 6, 3) },
	{ "PTE bit 7 ignored", .gpa = 0x4010, .access = RD, OK(0xe010, K4, RWX, 6, 1) },
	{ "R-X leaf, UC: read", .gpa = 0x2000, .access = RD, OK(0xc000, K4, R | X, 0, 1) },
	{ "execute-only leaf: fetch", .gpa = 0x6000, .access = FX, OK(0xf000, K4, X, 6, 1) },
	{ "execute-only PML4E: fetch", .gpa = L4(4), .access = FX, OK(0xa000, K4, X, 6, 1) },
	{ "read-only PML4E: read", .gpa = L4(1) + 0x10, .access = RD, OK(0xa010, K4, R, 6, 1) },
	{ "address bit 45, M=46", .gpa = 0x7010, .access = RD,
	  OK(0x200000010010ull, K4, RWX, 6, 1) },
	/* ---- violations: access not permitted (bits 3-5 = AND over the walk) */
	{ "read-only leaf: write", .gpa = 0x1000, .access = WR, VIOL(Q_W | Q_RD, R, 1) },
	{ "read-only leaf: fetch", .gpa = 0x1000, .access = FX, VIOL(Q_X | Q_RD, R, 1) },
	{ "R-X leaf: write", .gpa = 0x2000, .access = WR, VIOL(Q_W | Q_RD | Q_EX, R | X, 1) },
	{ "execute-only leaf: read", .gpa = 0x6000, .access = RD, VIOL(Q_R | Q_EX, X, 1) },
	{ "execute-only PML4E: read", .gpa = L4(4), .access = RD, VIOL(Q_R | Q_EX, X, 1) },
	{ "read-only PML4E: write", .gpa = L4(1), .access = WR, VIOL(Q_W | Q_RD, R, 1) },
	{ "R-X PML4E and RW- PDPTE: write", .gpa = L4(7) + 5 * G1, .access = WR,
	  VIOL(Q_W | Q_RD, R, 1) },
	{ "R-X PML4E and RW- PDPTE: fetch", .gpa = L4(7) + 5 * G1, .access = FX,
	  VIOL(Q_X | Q_RD, R, 1) },
	/* ---- violations: not present (bits 3-5 are 0) */
	{ "PTE not present: read", .gpa = 0x5000, .access = RD, VIOL(Q_R, 0, 1) },
	{ "PTE not present: fetch", .gpa = 0x5000, .access = FX, VIOL(Q_X, 0, 1) },
	{ "PDPTE not present: write", .gpa = 4 * G1, .access = WR, VIOL(Q_W, 0, 3) },
	{ "PML4E not present", .gpa = L4(6), .access = RD, VIOL(Q_R, 0, 4) },
	/* ---- misconfigurations */
	{ "write without read", .gpa = L4(3), .access = RD, MISC(WRITE_NO_READ, 4) },
	{ "execute-only PML4E unsupported", .cap_clear = VMX_EPT_EXECUTE_ONLY_BIT,
	  .gpa = L4(4), .access = FX, MISC(EXEC_ONLY, 4) },
	{ "execute-only leaf unsupported", .cap_clear = VMX_EPT_EXECUTE_ONLY_BIT,
	  .gpa = 0x6000, .access = FX, MISC(EXEC_ONLY, 1) },
	{ "PML4E bit 3", .gpa = L4(2), .access = RD, MISC(RESERVED, 4) },
	{ "PML4E bit 7", .gpa = L4(5), .access = RD, MISC(RESERVED, 4) },
	{ "1G leaf bit 12", .gpa = 2 * G1, .access = RD, MISC(RESERVED, 3) },
	{ "PDPTE table bits 6:3", .gpa = 3 * G1, .access = RD, MISC(RESERVED, 3) },
	{ "2M leaf bit 20", .gpa = 2 * M2, .access = RD, MISC(RESERVED, 2) },
	{ "2M leaf bit 12", .gpa = 5 * M2, .access = RD, MISC(RESERVED, 2) },
	{ "PDE table bit 6", .gpa = 6 * M2, .access = RD, MISC(RESERVED, 2) },
	{ "PDE bit 51, M=46", .gpa = 3 * M2, .access = RD, MISC(RESERVED, 2) },
	{ "address bit 45, M=40", .maxphyaddr = 40, .gpa = 0x7000, .access = RD,
	  MISC(RESERVED, 1) },
	{ "1G pages unsupported", .cap_clear = VMX_EPT_1GB_PAGE_BIT, .gpa = G1, .access = RD,
	  MISC(PAGE_SIZE, 3) },
	{ "2M pages unsupported", .cap_clear = VMX_EPT_2MB_PAGE_BIT, .gpa = M2, .access = RD,
	  MISC(PAGE_SIZE, 2) },
	{ "leaf memory type 2", .gpa = 4 * M2, .access = RD, MISC(MEMTYPE, 2) },
	{ "leaf memory type 3", .gpa = 0x8000, .access = RD, MISC(MEMTYPE, 1) },
	{ "leaf memory type 7", .gpa = 0x3000, .access = WR, MISC(MEMTYPE, 1) },
	/* A misconfiguration below wins over missing rights above ... */
	{ "RO PML4E over reserved PDPTE: write", .gpa = L4(1) + 3 * G1, .access = WR,
	  MISC(RESERVED, 3) },
	/* ---- other outcomes */
	{ "PDE bit 51 is an address with M=52", .maxphyaddr = 52, .gpa = 3 * M2, .access = RD,
	  .status = EPT12_MEM_FAILED, .entry_gpa = BIT_ULL(51) | PT, .level = 1 },
	{ "root outside memory", .root = 0x4000000, .gpa = 0, .access = RD,
	  .status = EPT12_MEM_FAILED, .entry_gpa = 0x4000000, .level = 4 },
	{ "gpa beyond M=46", .gpa = 1ull << 46, .access = RD, .status = EPT12_GPA_TOO_WIDE },
	{ "gpa beyond 4-level width, M=52", .maxphyaddr = 52, .gpa = 1ull << 48, .access = RD,
	  .status = EPT12_GPA_TOO_WIDE },
	/* ---- 5-level */
	{ "5-level 4K", .five = true, .maxphyaddr = 52, .gpa = 0x123, .access = WR,
	  OK(0xa123, K4, RWX, 6, 1) },
	{ "5-level RO PML5E: read", .five = true, .maxphyaddr = 52, .gpa = (1ull << 48) | 0x9,
	  .access = RD, OK(0xa009, K4, R, 6, 1) },
	{ "5-level RO PML5E: write", .five = true, .maxphyaddr = 52, .gpa = 1ull << 48,
	  .access = WR, VIOL(Q_W | Q_RD, R, 1) },
	{ "5-level PML5E bit 7", .five = true, .maxphyaddr = 52, .gpa = 2ull << 48,
	  .access = RD, MISC(RESERVED, 5) },
	{ "5-level PML5E not present", .five = true, .maxphyaddr = 52, .gpa = 3ull << 48,
	  .access = FX, VIOL(Q_X, 0, 5) },
};

TEST(ept12_walk_table)
{
	build_tables();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct ept_case *c = &cases[i];
		uint8_t m = c->maxphyaddr ? c->maxphyaddr : 46;
		struct ept12_env env = {
			.eptp = { .root = c->root ? c->root : (c->five ? PML5 : PML4),
				  .levels = c->five ? 5 : 4, .memtype = 6 },
			.ept_vpid_cap = CAP_ALL & ~c->cap_clear,
			.maxphyaddr = m,
			.read_phys = mem_read,
		};
		struct ept12_result r;
		enum ept12_status st = ept12_walk(&env, c->gpa, (enum ept12_access)c->access, &r);

		CHECKF(st == c->status && r.status == st, "%s: status %d, want %d (mc %s)",
		       c->name, st, c->status, ept12_misconfig_name(r.misconfig));
		if (st != c->status)
			continue;
		if (st == EPT12_OK)
			CHECKF(r.gpa == c->out && r.page_size == c->size && r.perms == c->perms &&
			       r.memtype == c->memtype,
			       "%s: gpa 0x%" PRIx64 " size 0x%" PRIx64 " perms %u mt %u", c->name,
			       r.gpa, r.page_size, r.perms, r.memtype);
		if (st == EPT12_VIOLATION)
			CHECKF(r.exit_qual == c->qual && r.perms == c->perms,
			       "%s: qual 0x%" PRIx64 " perms %u, want 0x%" PRIx64 " %u", c->name,
			       r.exit_qual, r.perms, c->qual, c->perms);
		if (st == EPT12_MISCONFIG)
			CHECKF(r.misconfig == c->mc, "%s: misconfig %s", c->name,
			       ept12_misconfig_name(r.misconfig));
		if (st == EPT12_MEM_FAILED)
			CHECKF(r.entry_gpa == c->entry_gpa, "%s: entry gpa 0x%" PRIx64, c->name,
			       r.entry_gpa);
		if (st != EPT12_GPA_TOO_WIDE)
			CHECKF(r.level == c->level, "%s: level %u, want %u", c->name, r.level,
			       c->level);
	}
}

/* The 2 MiB leaf reports its IPAT bit; the offending entry is reported. */
TEST(ept12_walk_leaf_details)
{
	struct ept12_env env = { .eptp = { .root = PML4, .levels = 4 }, .ept_vpid_cap = CAP_ALL,
				 .maxphyaddr = 46, .read_phys = mem_read };
	struct ept12_result r;

	build_tables();
	CHECK_EQ(ept12_walk(&env, M2, EPT12_ACCESS_READ, &r), EPT12_OK);
	CHECK(r.ipat);
	CHECK_EQ(ept12_walk(&env, 0, EPT12_ACCESS_READ, &r), EPT12_OK);
	CHECK(!r.ipat);
	CHECK_EQ(r.entry, 0xa000u | RWX | WB);
	CHECK_EQ(r.entry_gpa, PT);
	CHECK_EQ(ept12_walk(&env, 2 * M2, EPT12_ACCESS_READ, &r), EPT12_MISCONFIG);
	CHECK_EQ(r.entry_gpa, PD + 2 * 8);
	CHECK_EQ(r.entry, 0x800000u | RWX | PS | WB | BIT_ULL(20));
	/* The decoded qualification agrees with exit-reflect's decoder. */
	CHECK_EQ(ept12_walk(&env, 0x2000, EPT12_ACCESS_WRITE, &r), EPT12_VIOLATION);
	struct exit_qual_ept q = exit_qual_ept_decode(r.exit_qual);
	CHECK(q.write && !q.read && !q.fetch && q.readable && !q.writable && q.executable);
}

struct eptp_case {
	const char *name;
	uint64_t eptp, cap_clear;
	uint8_t maxphyaddr;
	enum ept12_eptp_error err;
};

#define WB4 (VMX_EPTP_MT_WB | VMX_EPTP_PWL_4)

static const struct eptp_case eptp_cases[] = {
	{ "WB, 4-level", 0x1000 | WB4, 0, 46, EPT12_EPTP_OK },
	{ "UC, 4-level", 0x1000 | VMX_EPTP_PWL_4, 0, 46, EPT12_EPTP_OK },
	{ "UC unsupported", 0x1000 | VMX_EPTP_PWL_4, VMX_EPTP_UC_BIT, 46, EPT12_EPTP_MEMTYPE },
	{ "WB unsupported", 0x1000 | WB4, VMX_EPTP_WB_BIT, 46, EPT12_EPTP_MEMTYPE },
	{ "memory type 1", 0x1000 | 1 | VMX_EPTP_PWL_4, 0, 46, EPT12_EPTP_MEMTYPE },
	{ "5-level", 0x1000 | VMX_EPTP_MT_WB | VMX_EPTP_PWL_5, 0, 46, EPT12_EPTP_OK },
	{ "5-level unsupported", 0x1000 | VMX_EPTP_MT_WB | VMX_EPTP_PWL_5,
	  VMX_EPT_PAGE_WALK_5_BIT, 46, EPT12_EPTP_WALK_LENGTH },
	{ "walk length 3", 0x1000 | VMX_EPTP_MT_WB | (2ull << 3), 0, 46, EPT12_EPTP_WALK_LENGTH },
	{ "A/D", 0x1000 | WB4 | VMX_EPTP_AD_ENABLE_BIT, 0, 46, EPT12_EPTP_OK },
	{ "A/D unsupported", 0x1000 | WB4 | VMX_EPTP_AD_ENABLE_BIT, VMX_EPT_AD_BIT, 46,
	  EPT12_EPTP_AD },
	{ "SSS unsupported", 0x1000 | WB4 | VMX_EPTP_SSS_BIT, 0, 46, EPT12_EPTP_SSS },
	{ "bit 8", 0x1000 | WB4 | BIT_ULL(8), 0, 46, EPT12_EPTP_RESERVED },
	{ "bit 45, M=46", BIT_ULL(45) | WB4, 0, 46, EPT12_EPTP_OK },
	{ "bit 46, M=46", BIT_ULL(46) | WB4, 0, 46, EPT12_EPTP_RESERVED },
	{ "bit 63, M=52", BIT_ULL(63) | WB4, 0, 52, EPT12_EPTP_RESERVED },
};

TEST(ept12_eptp_decode_rules)
{
	for (size_t i = 0; i < sizeof(eptp_cases) / sizeof(eptp_cases[0]); i++) {
		const struct eptp_case *c = &eptp_cases[i];
		struct ept12_eptp e;
		enum ept12_eptp_error err = ept12_eptp_decode(c->eptp, CAP_ALL & ~c->cap_clear,
							       c->maxphyaddr, &e);

		CHECKF(err == c->err, "%s: %s, want %s", c->name, ept12_eptp_error_name(err),
		       ept12_eptp_error_name(c->err));
	}
}

TEST(ept12_eptp_decode_fields)
{
	struct ept12_eptp e;

	CHECK_EQ(ept12_eptp_decode(0x12345000 | WB4 | VMX_EPTP_AD_ENABLE_BIT, CAP_ALL, 46, &e),
		 EPT12_EPTP_OK);
	CHECK_EQ(e.root, 0x12345000);
	CHECK_EQ(e.levels, 4);
	CHECK_EQ(e.memtype, 6);
	CHECK(e.ad_enabled && !e.sss);
	CHECK_EQ(ept12_eptp_decode(0x1000 | VMX_EPTP_PWL_5, CAP_ALL, 46, &e), EPT12_EPTP_OK);
	CHECK_EQ(e.levels, 5);
	CHECK_EQ(e.memtype, 0);
	CHECK(!e.ad_enabled);
}

TEST(ept12_names)
{
	for (int i = EPT12_EPTP_OK; i <= EPT12_EPTP_RESERVED; i++)
		CHECK(strncmp(ept12_eptp_error_name((enum ept12_eptp_error)i), "unknown", 7) != 0);
	for (int i = EPT12_MC_NONE; i <= EPT12_MC_MEMTYPE; i++)
		CHECK(strncmp(ept12_misconfig_name((enum ept12_misconfig)i), "unknown", 7) != 0);
	CHECK(strcmp(ept12_misconfig_name((enum ept12_misconfig)99), "unknown misconfiguration") == 0);
	CHECK(strcmp(ept12_eptp_error_name((enum ept12_eptp_error)99), "unknown EPTP error") == 0);
}
