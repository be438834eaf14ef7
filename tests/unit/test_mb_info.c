/* SPDX-License-Identifier: MIT */
/*
 * common/mb_info: build boot information into a window, then read it back
 * the way a Multiboot kernel does (from EBX, through guest physical
 * addresses only), and check window-size limits and every error.
 */
#include "common/mb_info.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define WIN_GPA  0x9000u
#define WIN_SIZE 0x1000u
#define CANARY   0x5a

/* Window plus canary bytes on both sides to catch stray writes. */
static uint8_t arena[64 + WIN_SIZE + 64];
static uint8_t *const win = arena + 64;

struct reader {
	uint64_t gpa, size;
	bool ok;
};

/* The guest's view: a guest physical range must lie inside the window. */
static const void *guest_ptr(struct reader *r, uint64_t gpa, uint64_t len)
{
	if (gpa < r->gpa || gpa - r->gpa > r->size || len > r->size - (gpa - r->gpa)) {
		r->ok = false;
		return NULL;
	}
	return win + (gpa - r->gpa);
}

static const char *guest_str(struct reader *r, uint32_t gpa)
{
	const char *s = guest_ptr(r, gpa, 1);

	if (!s)
		return "";
	if (!memchr(s, 0, r->size - (gpa - r->gpa))) {
		r->ok = false;
		return "";
	}
	return s;
}

static void reset_arena(void)
{
	memset(arena, CANARY, sizeof(arena));
}

static bool canaries_intact(size_t win_size)
{
	for (size_t i = 0; i < 64; i++)
		if (arena[i] != CANARY)
			return false;
	for (size_t i = 64 + win_size; i < sizeof(arena); i++)
		if (arena[i] != CANARY)
			return false;
	return true;
}

static const struct {
	uint32_t start, end;
	const char *string;
} modules[] = {
	{ 0x200000, 0x2345a0, "l2/hello.elf policy=kvm" },
	{ 0x235000, 0x235000, "empty.bin" },
	{ 0x300000, 0x310000, NULL },
};

static const struct {
	uint64_t addr, len;
	uint32_t type;
} regions[] = {
	{ 0, 0x9fc00, MULTIBOOT_MEMORY_AVAILABLE },
	{ 0x9fc00, 0x400, MULTIBOOT_MEMORY_RESERVED },
	{ 0xf0000, 0x10000, MULTIBOOT_MEMORY_RESERVED },
	{ 0x100000, 0x7f00000, MULTIBOOT_MEMORY_AVAILABLE },
	{ 0x100000000ull, 0x40000000, MULTIBOOT_MEMORY_AVAILABLE },
};

#define NMODS    (sizeof(modules) / sizeof(modules[0]))
#define NREGIONS (sizeof(regions) / sizeof(regions[0]))
static const char cmdline[] = "console=ttyS0 shadow=kvm reflect=default";
static const char loader[] = "nestlab l1hv";

static int build_full(uint64_t gpa, size_t size, uint32_t *info_gpa, const char **why)
{
	struct mb_info b;

	mb_info_begin(&b, win, gpa, size);
	mb_info_set_mem(&b, 639, 130048);
	mb_info_set_cmdline(&b, cmdline);
	mb_info_set_loader_name(&b, loader);
	for (unsigned i = 0; i < NMODS; i++)
		mb_info_add_module(&b, modules[i].start, modules[i].end, modules[i].string);
	for (unsigned i = 0; i < NREGIONS; i++)
		mb_info_add_mmap(&b, regions[i].addr, regions[i].len, regions[i].type);
	return mb_info_finish(&b, info_gpa, why);
}

/* Reads everything back through guest addresses and compares. */
static void check_full(uint64_t gpa, size_t size, uint32_t info_gpa)
{
	struct reader r = { gpa, size, true };
	struct multiboot_info mi;
	const uint8_t *p = guest_ptr(&r, info_gpa, sizeof(mi));

	CHECK(p != NULL);
	if (!p)
		return;
	CHECK_EQ(info_gpa % 8, 0);
	memcpy(&mi, p, sizeof(mi));
	CHECK_EQ(mi.flags, MULTIBOOT_INFO_MEMORY | MULTIBOOT_INFO_CMDLINE | MULTIBOOT_INFO_MODS |
			   MULTIBOOT_INFO_MEM_MAP | MULTIBOOT_INFO_BOOT_LOADER_NAME);
	CHECK_EQ(mi.mem_lower, 639);
	CHECK_EQ(mi.mem_upper, 130048);
	CHECK(!strcmp(guest_str(&r, mi.cmdline), cmdline));
	CHECK(!strcmp(guest_str(&r, mi.boot_loader_name), loader));
	CHECK_EQ(mi.boot_device, 0);
	CHECK_EQ(mi.syms[0] | mi.syms[1] | mi.syms[2] | mi.syms[3], 0);
	CHECK_EQ(mi.framebuffer_addr, 0);

	CHECK_EQ(mi.mods_count, NMODS);
	for (unsigned i = 0; i < NMODS && i < mi.mods_count; i++) {
		struct multiboot_module m;
		const void *mp = guest_ptr(&r, mi.mods_addr + i * sizeof(m), sizeof(m));

		if (!mp)
			break;
		memcpy(&m, mp, sizeof(m));
		CHECK_EQ(m.mod_start, modules[i].start);
		CHECK_EQ(m.mod_end, modules[i].end);
		CHECK_EQ(m.reserved, 0);
		CHECKF(!strcmp(guest_str(&r, m.string), modules[i].string ? modules[i].string : ""),
		       "module %u string", i);
	}

	/* Walk the map as the spec says: next entry at +size+4. */
	CHECK_EQ(mi.mmap_length, NREGIONS * 24);
	unsigned n = 0;
	for (uint64_t off = 0; off < mi.mmap_length && n < NREGIONS; n++) {
		struct multiboot_mmap_entry e;
		const void *ep = guest_ptr(&r, mi.mmap_addr + off, sizeof(e));

		if (!ep)
			break;
		memcpy(&e, ep, sizeof(e));
		CHECK_EQ(e.size, 20);
		CHECK_EQ(e.addr, regions[n].addr);
		CHECK_EQ(e.len, regions[n].len);
		CHECK_EQ(e.type, regions[n].type);
		off += e.size + 4;
	}
	CHECK_EQ(n, NREGIONS);
	CHECK(r.ok);
}

TEST(full_info_reads_back_as_a_kernel_sees_it)
{
	uint32_t info_gpa = 0;
	const char *why = NULL;

	reset_arena();
	CHECK_EQ(build_full(WIN_GPA, WIN_SIZE, &info_gpa, &why), 0);
	CHECK_EQ(info_gpa, WIN_GPA);
	check_full(WIN_GPA, WIN_SIZE, info_gpa);
	CHECK(canaries_intact(WIN_SIZE));
}

/* The pieces must not overlap one another: info, arrays, strings. */
TEST(layout_pieces_are_disjoint)
{
	uint32_t info_gpa = 0;
	const char *why;
	struct multiboot_info mi;
	uint64_t lo_strings = UINT64_MAX;

	reset_arena();
	CHECK_EQ(build_full(WIN_GPA, WIN_SIZE, &info_gpa, &why), 0);
	memcpy(&mi, win + (info_gpa - WIN_GPA), sizeof(mi));
	CHECK(mi.mods_addr >= info_gpa + sizeof(mi));
	CHECK(mi.mmap_addr >= mi.mods_addr + mi.mods_count * sizeof(struct multiboot_module));
	if (mi.cmdline < lo_strings)
		lo_strings = mi.cmdline;
	if (mi.boot_loader_name < lo_strings)
		lo_strings = mi.boot_loader_name;
	for (unsigned i = 0; i < mi.mods_count; i++) {
		struct multiboot_module m;

		memcpy(&m, win + (mi.mods_addr - WIN_GPA) + i * sizeof(m), sizeof(m));
		if (m.string < lo_strings)
			lo_strings = m.string;
	}
	CHECK(mi.mmap_addr + mi.mmap_length <= lo_strings);
	CHECK(mi.mods_addr % 8 == 0 && mi.mmap_addr % 8 == 0);
}

/*
 * Sweep the window size: below the exact need finish fails with NO_SPACE,
 * from it on it succeeds, and nothing is ever written outside the window.
 * Need = info 116 -> arrays at 120: 3 modules (48) -> mmap at 168: 5
 * entries (120) -> 288, plus all strings with their NULs.
 */
TEST(window_size_sweep)
{
	size_t strings = sizeof(cmdline) + sizeof(loader);
	size_t need;

	for (unsigned i = 0; i < NMODS; i++)
		strings += modules[i].string ? strlen(modules[i].string) + 1 : 1;
	need = 288 + strings;
	for (size_t size = 1; size <= need + 16; size++) {
		uint32_t info_gpa = 0;
		const char *why = NULL;
		int rc;

		reset_arena();
		rc = build_full(WIN_GPA, size, &info_gpa, &why);
		if (size < need) {
			CHECKF(rc == -MB_INFO_E_NO_SPACE, "size %zu: rc %d", size, rc);
			CHECKF(why == mb_info_strerror(MB_INFO_E_NO_SPACE), "size %zu: why", size);
		} else {
			CHECKF(rc == 0, "size %zu (need %zu): rc %d %s", size, need, rc, why ? why : "");
			if (rc == 0 && size == need)
				check_full(WIN_GPA, size, info_gpa);
		}
		CHECKF(canaries_intact(size), "size %zu: write outside the window", size);
	}
}

TEST(unaligned_window_aligns_info)
{
	uint32_t info_gpa = 0;
	const char *why;

	reset_arena();
	CHECK_EQ(build_full(WIN_GPA + 3, WIN_SIZE - 3, &info_gpa, &why), 0);
	CHECK_EQ(info_gpa, WIN_GPA + 8);
	check_full(WIN_GPA + 3, WIN_SIZE - 3, info_gpa);
	CHECK(canaries_intact(WIN_SIZE - 3));
}

TEST(empty_info_has_no_flags)
{
	struct mb_info b;
	struct multiboot_info mi;
	uint32_t info_gpa = 0;

	reset_arena();
	CHECK_EQ(mb_info_begin(&b, win, WIN_GPA, sizeof(mi)), 0);
	CHECK_EQ(mb_info_finish(&b, &info_gpa, NULL), 0);
	CHECK_EQ(info_gpa, WIN_GPA);
	memcpy(&mi, win, sizeof(mi));
	CHECK_EQ(mi.flags, 0);
	CHECK_EQ(mi.mods_count, 0);
	CHECK_EQ(mi.mmap_length, 0);
	CHECK(canaries_intact(sizeof(mi)));

	/* One byte less and even the bare structure does not fit. */
	CHECK_EQ(mb_info_begin(&b, win, WIN_GPA, sizeof(mi) - 1), 0);
	CHECK_EQ(mb_info_finish(&b, &info_gpa, NULL), -MB_INFO_E_NO_SPACE);
}

/* Calls that must fail, each with its own code; the error then sticks. */
static int err_window_4g(struct mb_info *b) { return mb_info_begin(b, win, 0xfffff800u, 0x1000); }
static int err_window_high(struct mb_info *b) { return mb_info_begin(b, win, 0x100000000ull, 0x1000); }
static int err_window_empty(struct mb_info *b) { return mb_info_begin(b, win, WIN_GPA, 0); }
static int err_window_null(struct mb_info *b) { return mb_info_begin(b, NULL, WIN_GPA, WIN_SIZE); }
static int err_mem_lower(struct mb_info *b) { return mb_info_set_mem(b, 641, 0); }
static int err_mod_reversed(struct mb_info *b) { return mb_info_add_module(b, 0x2000, 0x1fff, "x"); }
static int err_mod_4g(struct mb_info *b) { return mb_info_add_module(b, 0xfffff000u, 0x100000000ull, "x"); }
static int err_mmap_empty(struct mb_info *b) { return mb_info_add_mmap(b, 0x1000, 0, 1); }
static int err_mmap_wraps(struct mb_info *b) { return mb_info_add_mmap(b, UINT64_MAX - 0xfff, 0x1001, 1); }
static int err_too_many_mods(struct mb_info *b)
{
	for (unsigned i = 0; i < MB_INFO_MAX_MODULES; i++)
		if (mb_info_add_module(b, i * 0x1000, i * 0x1000 + 0x10, "m"))
			return 0; /* must not fail yet */
	return mb_info_add_module(b, 0x100000, 0x100010, "one too many");
}
static int err_too_many_mmap(struct mb_info *b)
{
	for (unsigned i = 0; i < MB_INFO_MAX_MMAP; i++)
		if (mb_info_add_mmap(b, i * 0x1000ull, 0x1000, 1))
			return 0;
	return mb_info_add_mmap(b, 0x100000, 0x1000, 2);
}
static int err_string_too_long(struct mb_info *b)
{
	static char big[WIN_SIZE + 1];

	memset(big, 'a', WIN_SIZE);
	return mb_info_set_cmdline(b, big); /* needs WIN_SIZE + 1 bytes */
}

TEST(errors_have_their_code_and_stick)
{
	static const struct {
		const char *name;
		int (*call)(struct mb_info *);
		int err;
	} rows[] = {
		{ "window crosses 4G", err_window_4g, MB_INFO_E_WINDOW },
		{ "window above 4G", err_window_high, MB_INFO_E_WINDOW },
		{ "window empty", err_window_empty, MB_INFO_E_WINDOW },
		{ "window NULL", err_window_null, MB_INFO_E_WINDOW },
		{ "mem_lower 641", err_mem_lower, MB_INFO_E_BAD_MEM },
		{ "module end < start", err_mod_reversed, MB_INFO_E_BAD_MODULE },
		{ "module end at 4G", err_mod_4g, MB_INFO_E_BAD_MODULE },
		{ "mmap length 0", err_mmap_empty, MB_INFO_E_BAD_MMAP },
		{ "mmap wraps 2^64", err_mmap_wraps, MB_INFO_E_BAD_MMAP },
		{ "17 modules", err_too_many_mods, MB_INFO_E_TOO_MANY_MODULES },
		{ "33 mmap entries", err_too_many_mmap, MB_INFO_E_TOO_MANY_MMAP },
		{ "cmdline larger than window", err_string_too_long, MB_INFO_E_NO_SPACE },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct mb_info b;
		uint32_t info_gpa = 0xdead;
		const char *why = NULL;
		int rc;

		reset_arena();
		mb_info_begin(&b, win, WIN_GPA, WIN_SIZE);
		rc = rows[i].call(&b);
		CHECKF(rc == -rows[i].err, "%s: want -%d, got %d", rows[i].name, rows[i].err, rc);
		/* Later calls do nothing and finish reports the first error. */
		CHECKF(mb_info_set_cmdline(&b, "later") == rc, "%s: not sticky", rows[i].name);
		CHECKF(mb_info_finish(&b, &info_gpa, &why) == rc && info_gpa == 0xdead &&
		       why == mb_info_strerror(rows[i].err), "%s: finish", rows[i].name);
		CHECKF(canaries_intact(WIN_SIZE), "%s: stray write", rows[i].name);
	}
}

TEST(boundary_values_accepted)
{
	struct mb_info b;
	uint32_t info_gpa;

	reset_arena();
	/* A window ending exactly at 4 GiB is fine; only the guest address
	 * matters, so the host buffer can stand in for it. */
	CHECK_EQ(mb_info_begin(&b, win, 0x100000000ull - WIN_SIZE, WIN_SIZE), 0);
	CHECK_EQ(mb_info_set_mem(&b, 640, UINT32_MAX), 0);
	CHECK_EQ(mb_info_add_module(&b, 0xfffff000u, 0xffffffffu, "top"), 0);
	CHECK_EQ(mb_info_add_mmap(&b, UINT64_MAX - 0xfff, 0x1000, 1), 0);
	CHECK_EQ(mb_info_add_mmap(&b, 0, UINT64_MAX, 2), 0);
	CHECK_EQ(mb_info_finish(&b, &info_gpa, NULL), 0);
	CHECK_EQ(info_gpa, 0x100000000ull - WIN_SIZE);
	CHECK(canaries_intact(WIN_SIZE));
}

TEST(error_messages_are_distinct)
{
	for (int e = 1; e < MB_INFO_E_COUNT; e++) {
		const char *msg = mb_info_strerror(e);

		CHECKF(msg && strlen(msg) > 20 && strchr(msg, ':'), "error %d: \"%s\"", e, msg);
		CHECK(msg == mb_info_strerror(-e));
		for (int f = 1; f < e; f++)
			CHECK(strcmp(msg, mb_info_strerror(f)));
	}
	CHECK(!strcmp(mb_info_strerror(MB_INFO_E_COUNT), "unknown error"));
}
