/* SPDX-License-Identifier: MIT */
/*
 * common/bzimage: Linux x86 boot protocol images (boot.rst) synthesized in
 * memory. A good image must give the exact load plan, initrd address and
 * zero page (byte-exact at the offsets Linux reads, zero elsewhere); each
 * malformed image or boot configuration is a good one with one change and
 * must fail with its own error code and message. The real Debian kernel is
 * checked by tools/linux/check-bzimage (make linux-assets), not here, so
 * this test passes before it is fetched.
 */
#include "common/bzimage.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

#define MiB        0x100000ull
#define GiB        0x40000000ull
#define IMG_CAP    (256 * 512 + 0x8000)

/* The fields of a synthetic image, Debian's 6.1 cloud kernel in small. */
struct kspec {
	uint16_t version;
	uint8_t setup_sects;       /* the raw byte: 0 means 4 */
	uint8_t jump_opcode, jump_offset;
	uint16_t boot_flag;
	uint32_t magic;
	uint8_t loadflags, relocatable;
	uint16_t xloadflags;
	uint32_t kernel_alignment, init_size, cmdline_size, initrd_addr_max;
	uint64_t pref_address;
	uint32_t syssize;
	size_t kernel_size;        /* bytes after the setup sectors */
	size_t size;               /* 0: (setup_sects + 1) * 512 + kernel_size */
};

static uint8_t img[IMG_CAP];

static void put16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static void put32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }
static void put64(size_t off, uint64_t v) { memcpy(img + off, &v, 8); }
static uint16_t get16(const uint8_t *p, size_t off) { uint16_t v; memcpy(&v, p + off, 2); return v; }
static uint32_t get32(const uint8_t *p, size_t off) { uint32_t v; memcpy(&v, p + off, 4); return v; }
static uint64_t get64(const uint8_t *p, size_t off) { uint64_t v; memcpy(&v, p + off, 8); return v; }

/* Never zero, so a byte that should have stayed behind shows. */
static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + 3) | 1;
}

static void spec_default(struct kspec *s)
{
	*s = (struct kspec){
		.version = 0x020f, .setup_sects = 27, .jump_opcode = 0xeb, .jump_offset = 0x6a,
		.boot_flag = 0xaa55, .magic = 0x53726448, .loadflags = 0x01, .relocatable = 1,
		.xloadflags = 0x7f, .kernel_alignment = 0x200000, .init_size = 0x800000,
		.cmdline_size = 2047, .initrd_addr_max = 0x7fffffff, .pref_address = 0x1000000,
		/* signed kernels carry bytes past syssize * 16 */
		.syssize = 0x300, .kernel_size = 0x3000 + 0x1c0,
	};
}

static size_t spec_size(const struct kspec *s)
{
	unsigned sects = s->setup_sects ? s->setup_sects : 4;

	return s->size ? s->size : (sects + 1) * 512 + s->kernel_size;
}

/* The image, with every header byte the loader must overwrite or drop set
 * to something a loader must not pass on. */
static size_t build(const struct kspec *s)
{
	for (size_t i = 0; i < IMG_CAP; i++)
		img[i] = pattern(i);
	img[0x1ef] = 0xff;                      /* what Linux's build puts there */
	img[0x1f1] = s->setup_sects;
	put16(0x1f2, 1);                        /* root_flags */
	put32(0x1f4, s->syssize);
	put16(0x1fa, 0xffff);                   /* vid_mode: normal */
	put16(0x1fe, s->boot_flag);
	img[0x200] = s->jump_opcode;
	img[0x201] = s->jump_offset;
	put32(0x202, s->magic);
	put16(0x206, s->version);
	put32(0x208, 0x12345678);               /* realmode_swtch */
	put16(0x20e, 0x3a40);                   /* kernel_version */
	img[0x210] = 0x00;                      /* type_of_loader */
	img[0x211] = s->loadflags;
	put32(0x214, 0x100000);                 /* code32_start */
	put32(0x218, 0xdeadbeef);               /* ramdisk_image */
	put32(0x21c, 0xcafe);                   /* ramdisk_size */
	put16(0x224, 0x1234);                   /* heap_end_ptr */
	img[0x226] = 0x55;                      /* ext_loader_ver */
	img[0x227] = 0x66;                      /* ext_loader_type */
	put32(0x228, 0x87654321);               /* cmd_line_ptr */
	put32(0x22c, s->initrd_addr_max);
	put32(0x230, s->kernel_alignment);
	img[0x234] = s->relocatable;
	img[0x235] = 21;                        /* min_alignment */
	put16(0x236, s->xloadflags);
	put32(0x238, s->cmdline_size);
	put32(0x23c, 7);                        /* hardware_subarch */
	put64(0x240, 0x1111222233334444ull);    /* hardware_subarch_data */
	put32(0x248, 0x2cc);                    /* payload_offset */
	put32(0x24c, 0x2000);                   /* payload_length */
	put64(0x250, 0x5555666677778888ull);    /* setup_data */
	put64(0x258, s->pref_address);
	put32(0x260, s->init_size);
	put32(0x264, 0x1000);                   /* handover_offset */
	put32(0x268, 0x2000);                   /* kernel_info_offset */
	return spec_size(s);
}

static const struct bzimage_mem mem64 = { .size = 64 * MiB };

static int parse_mem(const struct kspec *s, const struct bzimage_mem *mem, struct bzimage *k,
		     const char **why)
{
	size_t size = build(s);

	*why = NULL;
	return bzimage_parse(img, size, mem, k, why);
}

static int parse(const struct kspec *s, struct bzimage *k, const char **why)
{
	return parse_mem(s, &mem64, k, why);
}

static void check_range(const struct bzimage_range *r, uint64_t base, uint64_t size,
			const char *what)
{
	CHECKF(r->base == base && r->size == size, "%s: got [0x%llx, +0x%llx), want [0x%llx, +0x%llx)",
	       what, (unsigned long long)r->base, (unsigned long long)r->size,
	       (unsigned long long)base, (unsigned long long)size);
}

TEST(debian_like_kernel_loads_at_pref_address)
{
	struct kspec s;
	struct bzimage k;
	const char *why;

	spec_default(&s);
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK(why == NULL);
	CHECK_EQ(k.version, 0x020f);
	CHECK_EQ(k.setup_sects, 27);
	CHECK_EQ(k.loadflags, 0x01);
	CHECK_EQ(k.xloadflags, 0x7f);
	CHECK(k.relocatable);
	CHECK_EQ(k.kernel_alignment, 0x200000);
	CHECK_EQ(k.pref_address, 0x1000000);
	CHECK_EQ(k.init_size, 0x800000);
	CHECK_EQ(k.cmdline_size, 2047);
	CHECK_EQ(k.initrd_addr_max, 0x7fffffff);
	CHECK_EQ(k.syssize, 0x300);
	CHECK_EQ(k.header_end, 0x26c);
	CHECK_EQ(k.kernel_file_off, 28 * 512);
	CHECK_EQ(k.kernel_file_size, 0x31c0);
	check_range(&k.load, 0x1000000, 0x31c0, "load");
	check_range(&k.run, 0x1000000, 0x800000, "run");
	CHECK_EQ(k.entry32, 0x1000000);
	CHECK_EQ(k.entry64, 0x1000200);
}

TEST(setup_sects_zero_means_four)
{
	struct kspec s;
	struct bzimage k;
	const char *why;

	spec_default(&s);
	s.setup_sects = 0;
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK_EQ(k.setup_sects, 4);
	CHECK_EQ(k.kernel_file_off, 5 * 512);
	CHECK_EQ(k.kernel_file_size, 0x31c0);
	/* the largest: 255 setup sectors */
	s.setup_sects = 255;
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK_EQ(k.kernel_file_off, 256 * 512);
}

TEST(oldest_accepted_protocol_2_12)
{
	struct kspec s;
	struct bzimage k;
	const char *why;

	spec_default(&s);
	s.version = 0x020c;
	s.jump_offset = 0x66;            /* 2.12-2.14 headers end at 0x268 */
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK_EQ(k.header_end, 0x268);
	/* A longer jump than the fields known is fine (a newer header). */
	s.version = 0x020f;
	s.jump_offset = 0x7f;
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK_EQ(k.header_end, 0x281);
}

TEST(relocatable_falls_back_to_lowest_aligned_address)
{
	static const struct {
		const char *name;
		uint64_t pref, mem;
		uint32_t align, init_size;
		uint64_t want;
	} rows[] = {
		{ "pref + init_size past RAM", 0x1000000, 24 * MiB, 0x200000, 0x800001, 2 * MiB },
		{ "pref + init_size ends at RAM end", 0x1000000, 24 * MiB, 0x200000, 0x800000, 16 * MiB },
		{ "pref above RAM", 0x10000000, 64 * MiB, 0x200000, 0x800000, 2 * MiB },
		{ "pref 0", 0, 64 * MiB, 0x200000, 0x800000, 2 * MiB },
		{ "pref unaligned", 0x1001000, 64 * MiB, 0x200000, 0x800000, 2 * MiB },
		{ "pref below 1 MiB", 0x80000, 64 * MiB, 0x1000, 0x800000, 1 * MiB },
		{ "pref + init_size wraps 2^64", 0xffffffffffe00000ull, 64 * MiB, 0x200000, 0x800000, 2 * MiB },
		{ "pref above 4 GiB, RAM above too", 0x100000000ull, 8 * GiB, 0x200000, 0x800000, 2 * MiB },
		{ "pref ends past 4 GiB", 0xffe00000ull, 8 * GiB, 0x200000, 0x400000, 2 * MiB },
		{ "4 KiB alignment starts at 1 MiB", 0, 64 * MiB, 0x1000, 0x800000, 1 * MiB },
		{ "16 MiB alignment", 0, 64 * MiB, 0x1000000, 0x800000, 16 * MiB },
		{ "2 GiB alignment", 0, 8 * GiB, 0x80000000, 0x800000, 2 * GiB },
		{ "init_size fills RAM from 2 MiB", 0, 64 * MiB, 0x200000, 62 * 0x100000, 2 * MiB },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bzimage_mem mem = { .size = rows[i].mem };
		struct kspec s;
		struct bzimage k;
		const char *why;
		int rc;

		spec_default(&s);
		s.pref_address = rows[i].pref;
		s.kernel_alignment = rows[i].align;
		s.init_size = rows[i].init_size;
		rc = parse_mem(&s, &mem, &k, &why);
		CHECKF(rc == 0, "%s: refused: %s", rows[i].name, rc ? why : "");
		if (rc)
			continue;
		CHECKF(k.load.base == rows[i].want && k.run.base == rows[i].want &&
		       k.entry32 == rows[i].want && k.entry64 == rows[i].want + 0x200,
		       "%s: loaded at 0x%llx, want 0x%llx", rows[i].name,
		       (unsigned long long)k.load.base, (unsigned long long)rows[i].want);
		CHECKF(k.run.size == rows[i].init_size, "%s: run.size", rows[i].name);
	}
}

TEST(placement_steps_past_reserved_ranges)
{
	static const struct bzimage_range past_pref[] = { { 0x1800000, 0x1000 } };
	static const struct bzimage_range on_pref[] = { { 0x17ff000, 0x1000 } };
	/* unsorted; each step lands on the next: 8, 10, 12, 14 MiB */
	static const struct bzimage_range chain[] = {
		{ 0xb00000, 1 }, { 0x100000, 0x700000 }, { 0x900000, 1 }, { 0xc00000, 0x100 },
	};
	static const struct {
		const char *name;
		const struct bzimage_range *r;
		unsigned n;
		uint64_t pref;
		uint32_t init_size;
		uint64_t want;
	} rows[] = {
		{ "range just past pref's end", past_pref, 1, 0x1000000, 0x800000, 0x1000000 },
		{ "range on pref's last page", on_pref, 1, 0x1000000, 0x800000, 2 * MiB },
		{ "four ranges, five tries", chain, 4, 0, 0x200000, 0xe00000 },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct bzimage_mem mem = { 64 * MiB, rows[i].r, rows[i].n };
		struct kspec s;
		struct bzimage k;
		const char *why;
		int rc;

		spec_default(&s);
		s.pref_address = rows[i].pref;
		s.init_size = rows[i].init_size;
		rc = parse_mem(&s, &mem, &k, &why);
		CHECKF(rc == 0 && k.load.base == rows[i].want, "%s: rc %d, at 0x%llx, want 0x%llx",
		       rows[i].name, rc, (unsigned long long)k.load.base,
		       (unsigned long long)rows[i].want);
	}
}

TEST(kernel_bigger_than_file_or_smaller)
{
	struct kspec s;
	struct bzimage k;
	const char *why;

	/* init_size below the file size: all the file's bytes stay reserved. */
	spec_default(&s);
	s.init_size = 0x1000;
	CHECK_EQ(parse(&s, &k, &why), 0);
	check_range(&k.run, 0x1000000, 0x31c0, "run");
	s.init_size = 0;
	CHECK_EQ(parse(&s, &k, &why), 0);
	check_range(&k.run, 0x1000000, 0x31c0, "run");
}

TEST(not_relocatable_loads_at_1mib_and_runs_at_pref)
{
	struct kspec s;
	struct bzimage k;
	const char *why;

	spec_default(&s);
	s.relocatable = 0;
	s.kernel_alignment = 0;          /* ignored when not relocatable */
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK(!k.relocatable);
	check_range(&k.load, 0x100000, 0x31c0, "load");
	check_range(&k.run, 0x1000000, 0x800000, "run");
	CHECK_EQ(k.entry32, 0x100000);
	CHECK_EQ(k.entry64, 0x100200);
	/* pref_address 0: runs where it is loaded */
	s.pref_address = 0;
	CHECK_EQ(parse(&s, &k, &why), 0);
	check_range(&k.run, 0x100000, 0x800000, "run");
}

TEST(no_64bit_entry_without_xlf_kernel_64)
{
	struct kspec s;
	struct bzimage k;
	const char *why;

	spec_default(&s);
	s.xloadflags = 0x7e;
	CHECK_EQ(parse(&s, &k, &why), 0);
	CHECK_EQ(k.entry32, 0x1000000);
	CHECK_EQ(k.entry64, 0);
}

static void bad_empty(struct kspec *s) { s->size = 1; }
static void bad_short(struct kspec *s) { s->size = 0x26b; }
static void bad_boot_flag(struct kspec *s) { s->boot_flag = 0x55aa; }
static void bad_magic(struct kspec *s) { s->magic = 0x53726449; }
static void bad_old_2_11(struct kspec *s) { s->version = 0x020b; s->jump_offset = 0x66; }
static void bad_old_2_00(struct kspec *s) { s->version = 0x0200; }
static void bad_jump_short_2_15(struct kspec *s) { s->jump_offset = 0x69; }
static void bad_jump_short_2_12(struct kspec *s) { s->version = 0x020c; s->jump_offset = 0x65; }
static void bad_jump_negative(struct kspec *s) { s->jump_offset = 0x80; }
static void bad_jump_opcode(struct kspec *s) { s->jump_opcode = 0xe9; }
static void bad_zimage(struct kspec *s) { s->loadflags = 0x80; }
static void bad_no_kernel(struct kspec *s) { s->size = 28 * 512; }
static void bad_no_kernel_255(struct kspec *s) { s->setup_sects = 255; s->size = 255 * 512 + 0x100; }
static void bad_syssize_zero(struct kspec *s) { s->syssize = 0; }
static void bad_syssize_past(struct kspec *s) { s->syssize = 0x31c0 / 16 + 1; }
static void bad_syssize_huge(struct kspec *s) { s->syssize = 0xffffffff; }
static void bad_align_zero(struct kspec *s) { s->kernel_alignment = 0; }
static void bad_align_odd(struct kspec *s) { s->kernel_alignment = 0x300000; }
static void bad_align_small(struct kspec *s) { s->kernel_alignment = 0x800; }
static void bad_align_top_bit(struct kspec *s) { s->kernel_alignment = 0x80000001; }
static void bad_init_size_huge(struct kspec *s) { s->init_size = 0xffffffff; }
static void bad_init_size_fills(struct kspec *s) { s->init_size = 62 * 0x100000 + 1; }
static void bad_align_huge(struct kspec *s) { s->kernel_alignment = 0x80000000; s->pref_address = 0; }
static void bad_fixed_pref_high(struct kspec *s) { s->relocatable = 0; s->pref_address = 60 * MiB; }
static void bad_fixed_pref_wraps(struct kspec *s) { s->relocatable = 0; s->pref_address = ~0ull - 0xfff; }
static void bad_fixed_pref_low(struct kspec *s) { s->relocatable = 0; s->pref_address = 0x9f000; }

TEST(malformed_images_rejected_with_their_error)
{
	static const struct {
		const char *name;
		void (*mutate)(struct kspec *);
		int err;
	} rows[] = {
		{ "1-byte file", bad_empty, BZIMAGE_E_TOO_SHORT },
		{ "file ends inside the header", bad_short, BZIMAGE_E_TOO_SHORT },
		{ "boot flag 0x55aa", bad_boot_flag, BZIMAGE_E_NO_BOOT_FLAG },
		{ "no HdrS", bad_magic, BZIMAGE_E_NO_HDRS },
		{ "protocol 2.11", bad_old_2_11, BZIMAGE_E_OLD_PROTOCOL },
		{ "protocol 2.00", bad_old_2_00, BZIMAGE_E_OLD_PROTOCOL },
		{ "2.15 header without kernel_info_offset", bad_jump_short_2_15, BZIMAGE_E_HEADER_LENGTH },
		{ "2.12 header without handover_offset", bad_jump_short_2_12, BZIMAGE_E_HEADER_LENGTH },
		{ "backward jump", bad_jump_negative, BZIMAGE_E_HEADER_LENGTH },
		{ "near jump opcode", bad_jump_opcode, BZIMAGE_E_HEADER_LENGTH },
		{ "zImage (LOADED_HIGH clear)", bad_zimage, BZIMAGE_E_NOT_BZIMAGE },
		{ "file ends at the kernel", bad_no_kernel, BZIMAGE_E_NO_KERNEL },
		{ "file ends in setup sector 255", bad_no_kernel_255, BZIMAGE_E_NO_KERNEL },
		{ "syssize 0", bad_syssize_zero, BZIMAGE_E_SYSSIZE },
		{ "syssize past the file (truncated)", bad_syssize_past, BZIMAGE_E_SYSSIZE },
		{ "syssize 0xffffffff", bad_syssize_huge, BZIMAGE_E_SYSSIZE },
		{ "kernel_alignment 0", bad_align_zero, BZIMAGE_E_ALIGNMENT },
		{ "kernel_alignment 3 MiB", bad_align_odd, BZIMAGE_E_ALIGNMENT },
		{ "kernel_alignment 2 KiB", bad_align_small, BZIMAGE_E_ALIGNMENT },
		{ "kernel_alignment 2^31 + 1", bad_align_top_bit, BZIMAGE_E_ALIGNMENT },
		{ "init_size 4 GiB - 1", bad_init_size_huge, BZIMAGE_E_KERNEL_NO_ROOM },
		{ "init_size one byte past RAM", bad_init_size_fills, BZIMAGE_E_KERNEL_NO_ROOM },
		{ "kernel_alignment 2 GiB in 64 MiB", bad_align_huge, BZIMAGE_E_KERNEL_NO_ROOM },
		{ "fixed kernel, pref_address past RAM", bad_fixed_pref_high, BZIMAGE_E_FIXED_ADDR },
		{ "fixed kernel, pref_address wraps", bad_fixed_pref_wraps, BZIMAGE_E_FIXED_ADDR },
		{ "fixed kernel, pref_address below 1 MiB", bad_fixed_pref_low, BZIMAGE_E_FIXED_ADDR },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct kspec s;
		struct bzimage k;
		const char *why;
		int rc;

		spec_default(&s);
		rows[i].mutate(&s);
		rc = parse(&s, &k, &why);
		CHECKF(rc == -rows[i].err, "%s: want -%d (%s), got %d (%s)", rows[i].name,
		       rows[i].err, bzimage_strerror(rows[i].err), rc,
		       rc ? bzimage_strerror(rc) : "accepted");
		CHECKF(why == bzimage_strerror(rows[i].err), "%s: *why not set to its message",
		       rows[i].name);
	}
}

TEST(reserved_ranges_refuse_the_kernel)
{
	static const struct bzimage_range all_high[] = { { 1 * MiB, 63 * MiB } };
	static const struct bzimage_range on_1mib[] = { { 0x100fff, 1 } };
	struct kspec s;
	struct bzimage k;
	const char *why;
	struct bzimage_mem mem = { 64 * MiB, all_high, 1 };

	spec_default(&s);
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), -BZIMAGE_E_KERNEL_NO_ROOM);
	CHECK(why == bzimage_strerror(BZIMAGE_E_KERNEL_NO_ROOM));
	/* A fixed kernel's load range at 1 MiB must be free too. */
	s.relocatable = 0;
	mem = (struct bzimage_mem){ 64 * MiB, on_1mib, 1 };
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), -BZIMAGE_E_FIXED_ADDR);
	/* A relocatable one steps past it. */
	s.relocatable = 1;
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), 0);
	CHECK_EQ(k.load.base, 0x1000000);
}

TEST(bad_memory_description_refused)
{
	static const struct bzimage_range empty[] = { { 2 * MiB, 0 } };
	static const struct bzimage_range wraps[] = { { ~0ull - 0xfff, 0x1001 } };
	/* ends at 2^64 - 4 KiB; one ending at 2^64 itself counts as wrapping */
	static const struct bzimage_range to_top[] = { { ~0ull - 0x1fff, 0x1000 } };
	static struct bzimage_range many[BZIMAGE_MAX_RESERVED + 1];
	const struct bzimage_mem bad[] = {
		{ 64 * MiB, empty, 1 },
		{ 64 * MiB, wraps, 1 },
		{ 64 * MiB, NULL, 1 },
		{ 64 * MiB, many, BZIMAGE_MAX_RESERVED + 1 },
	};
	struct bzimage_mem ok = { 64 * MiB, to_top, 1 };
	struct kspec s;
	struct bzimage k;
	const char *why;
	uint64_t gpa = 1;

	for (unsigned i = 0; i < BZIMAGE_MAX_RESERVED + 1; i++)
		many[i] = (struct bzimage_range){ (i + 100) * MiB, 1 };
	spec_default(&s);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		CHECKF(parse_mem(&s, &bad[i], &k, &why) == -BZIMAGE_E_BAD_MEM, "row %u", i);
		CHECK(why == bzimage_strerror(BZIMAGE_E_BAD_MEM));
	}
	CHECK_EQ(parse_mem(&s, &ok, &k, &why), 0);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECKF(bzimage_initrd_addr(&k, &bad[i], 0x1000, &gpa, &why) == -BZIMAGE_E_BAD_MEM,
		       "initrd row %u", i);
	/* 64 ranges are allowed */
	ok = (struct bzimage_mem){ 64 * MiB, many, BZIMAGE_MAX_RESERVED };
	CHECK_EQ(parse_mem(&s, &ok, &k, &why), 0);
}

/* ---------------------------------------------------------------- initrd */

static void parsed(struct bzimage *k, uint64_t mem_size)
{
	struct bzimage_mem mem = { .size = mem_size };
	struct kspec s;
	const char *why;

	spec_default(&s);
	CHECK_EQ(parse_mem(&s, &mem, k, &why), 0);
}

TEST(initrd_goes_highest_page_aligned_below_ram_top)
{
	struct bzimage k;
	struct bzimage_mem mem = { .size = 64 * MiB };
	uint64_t gpa = 0;
	const char *why = NULL;

	parsed(&k, 64 * MiB);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0x123456, &gpa, &why), 0);
	CHECK_EQ(gpa, (64 * MiB - 0x123456) & ~0xfffull);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0x2000, &gpa, &why), 0);
	CHECK_EQ(gpa, 64 * MiB - 0x2000);
	/* no initrd */
	gpa = 1;
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0, &gpa, &why), 0);
	CHECK_EQ(gpa, 0);
}

TEST(initrd_respects_initrd_addr_max)
{
	struct kspec s;
	struct bzimage k;
	struct bzimage_mem mem = { .size = 2 * GiB };
	uint64_t gpa = 0;
	const char *why;

	/* boot.rst's example: 131072 bytes under 0x37FFFFFF start at 0x37FE0000. */
	spec_default(&s);
	s.initrd_addr_max = 0x37ffffff;
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), 0);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 131072, &gpa, &why), 0);
	CHECK_EQ(gpa, 0x37fe0000);
	/* 0xffffffff: + 1 must not wrap to 0; RAM above 4 GiB is not used. */
	s.initrd_addr_max = 0xffffffff;
	mem.size = 8 * GiB;
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), 0);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0x1000, &gpa, &why), 0);
	CHECK_EQ(gpa, 0xfffff000);
	/* 6.1's 0x7fffffff with 4 GiB of RAM */
	s.initrd_addr_max = 0x7fffffff;
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), 0);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0x1800, &gpa, &why), 0);
	CHECK_EQ(gpa, 0x7fffe000);
}

TEST(initrd_avoids_kernel_and_reserved_ranges)
{
	static const struct bzimage_range acpi_top[] = { { 64 * MiB - 0x10000, 0x10000 } };
	static const struct bzimage_range split[] = {
		{ 44 * MiB, 0x1000 }, { 64 * MiB - 0x10000, 0x10000 }, { 34 * MiB, 1 },
		{ 54 * MiB, 0x1000 },
	};
	struct bzimage k;
	struct bzimage_mem mem = { .size = 25 * MiB };
	uint64_t gpa = 0;
	const char *why;

	/* kernel runs in [16 MiB, 24 MiB): 2 MiB do not fit above it */
	parsed(&k, 25 * MiB);
	CHECK_EQ(k.run.base, 16 * MiB);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 2 * MiB, &gpa, &why), 0);
	CHECK_EQ(gpa, 14 * MiB);
	/* 1 MiB does */
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 1 * MiB, &gpa, &why), 0);
	CHECK_EQ(gpa, 24 * MiB);
	/* ACPI tables at the top of RAM */
	parsed(&k, 64 * MiB);
	mem = (struct bzimage_mem){ 64 * MiB, acpi_top, 1 };
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0x5000, &gpa, &why), 0);
	CHECK_EQ(gpa, 64 * MiB - 0x10000 - 0x5000);
	/* ACPI, three ranges splitting RAM above the kernel, then the kernel
	 * itself are in the way of 12 MiB: it goes below the kernel */
	mem = (struct bzimage_mem){ 64 * MiB, split, 4 };
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 12 * MiB, &gpa, &why), 0);
	CHECK_EQ(gpa, 4 * MiB);
}

TEST(initrd_without_room_refused)
{
	struct kspec s;
	struct bzimage k;
	struct bzimage_mem mem = { .size = 25 * MiB };
	uint64_t gpa = 1;
	const char *why = NULL;

	parsed(&k, 25 * MiB);
	/* 15 MiB below the kernel, 1 MiB above: 15 MiB + 1 fits nowhere */
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 15 * MiB + 1, &gpa, &why), -BZIMAGE_E_INITRD_NO_ROOM);
	CHECK(why == bzimage_strerror(BZIMAGE_E_INITRD_NO_ROOM));
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 15 * MiB, &gpa, &why), 0);
	CHECK_EQ(gpa, 1 * MiB);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, ~0ull, &gpa, &why), -BZIMAGE_E_INITRD_NO_ROOM);
	/* initrd_addr_max below 1 MiB */
	spec_default(&s);
	s.initrd_addr_max = 0xfffff;
	mem.size = 64 * MiB;
	CHECK_EQ(parse_mem(&s, &mem, &k, &why), 0);
	CHECK_EQ(bzimage_initrd_addr(&k, &mem, 0x1000, &gpa, &why), -BZIMAGE_E_INITRD_NO_ROOM);
}

/* ---------------------------------------------------------------- zero page */

#define CMDLINE_GPA 0x20000ull

static const struct e820_entry e820_std[] = {
	{ 0, 0x9fc00, E820_TYPE_RAM },
	{ 0x9fc00, 0x400, E820_TYPE_RESERVED },
	{ 0xf0000, 0x10000, E820_TYPE_RESERVED },
	{ 1 * MiB, 63 * MiB - 0x10000, E820_TYPE_RAM },
	{ 64 * MiB - 0x10000, 0x10000, E820_TYPE_ACPI },
};
#define E820_STD_N (sizeof(e820_std) / sizeof(e820_std[0]))

static void boot_std(struct bzimage_boot *b)
{
	*b = (struct bzimage_boot){
		.cmdline_gpa = CMDLINE_GPA, .cmdline_len = 30,
		.initrd_gpa = 0x3d00000, .initrd_size = 0x1f0123,
		.e820 = e820_std, .e820_entries = E820_STD_N,
		.acpi_rsdp_addr = 0xf0010,
	};
}

static int zero_page(const struct kspec *s, const struct bzimage_boot *b, uint8_t *zp,
		     const char **why)
{
	struct bzimage k;
	int rc = parse(s, &k, why);

	if (rc)
		return 1000 + rc;
	memset(zp, 0xa5, BZIMAGE_ZERO_PAGE_SIZE);
	*why = NULL;
	return bzimage_zero_page(&k, img, zp, b, why);
}

TEST(zero_page_byte_exact)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	struct kspec s;
	struct bzimage_boot b;
	const char *why;

	spec_default(&s);
	boot_std(&b);
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK(why == NULL);
	/* copied from the image (read fields) */
	CHECK_EQ(zp[0x1f1], 27);                        /* setup_sects */
	CHECK_EQ(get16(zp, 0x1f2), 1);                  /* root_flags */
	CHECK_EQ(get32(zp, 0x1f4), 0x300);              /* syssize */
	CHECK_EQ(get16(zp, 0x1fa), 0xffff);             /* vid_mode */
	CHECK_EQ(get16(zp, 0x1fe), 0xaa55);             /* boot_flag */
	CHECK_EQ(get16(zp, 0x200), 0x6aeb);             /* jump */
	CHECK_EQ(get32(zp, 0x202), 0x53726448);         /* HdrS */
	CHECK_EQ(get16(zp, 0x206), 0x020f);             /* version */
	CHECK_EQ(get16(zp, 0x20e), 0x3a40);             /* kernel_version */
	CHECK_EQ(get32(zp, 0x22c), 0x7fffffff);         /* initrd_addr_max */
	CHECK_EQ(get32(zp, 0x230), 0x200000);           /* kernel_alignment */
	CHECK_EQ(zp[0x234], 1);                         /* relocatable_kernel */
	CHECK_EQ(zp[0x235], 21);                        /* min_alignment */
	CHECK_EQ(get16(zp, 0x236), 0x7f);               /* xloadflags */
	CHECK_EQ(get32(zp, 0x238), 2047);               /* cmdline_size */
	CHECK_EQ(get32(zp, 0x248), 0x2cc);              /* payload_offset */
	CHECK_EQ(get32(zp, 0x24c), 0x2000);             /* payload_length */
	CHECK_EQ(get64(zp, 0x258), 0x1000000);          /* pref_address */
	CHECK_EQ(get32(zp, 0x260), 0x800000);           /* init_size */
	CHECK_EQ(get32(zp, 0x264), 0x1000);             /* handover_offset */
	CHECK_EQ(get32(zp, 0x268), 0x2000);             /* kernel_info_offset */
	/* written by the loader */
	CHECK_EQ(get32(zp, 0x208), 0);                  /* realmode_swtch: no hook */
	CHECK_EQ(zp[0x210], 0xff);                      /* type_of_loader */
	CHECK_EQ(zp[0x211], 0x81);                      /* LOADED_HIGH | CAN_USE_HEAP */
	CHECK_EQ(get32(zp, 0x214), 0x1000000);          /* code32_start = load address */
	CHECK_EQ(get32(zp, 0x218), 0x3d00000);          /* ramdisk_image */
	CHECK_EQ(get32(zp, 0x21c), 0x1f0123);           /* ramdisk_size */
	CHECK_EQ(get16(zp, 0x224), 0xde00);             /* heap_end_ptr = 0xe000 - 0x200 */
	CHECK_EQ(zp[0x226], 0);                         /* ext_loader_ver */
	CHECK_EQ(zp[0x227], 0);                         /* ext_loader_type */
	CHECK_EQ(get32(zp, 0x228), CMDLINE_GPA);        /* cmd_line_ptr */
	CHECK_EQ(get32(zp, 0x23c), 0);                  /* hardware_subarch: x86/PC */
	CHECK_EQ(get64(zp, 0x240), 0);                  /* hardware_subarch_data */
	CHECK_EQ(get64(zp, 0x250), 0);                  /* setup_data: none */
	CHECK_EQ(get32(zp, 0x0c0), 0);                  /* ext_ramdisk_image */
	CHECK_EQ(get32(zp, 0x0c4), 0);                  /* ext_ramdisk_size */
	CHECK_EQ(get32(zp, 0x0c8), 0);                  /* ext_cmd_line_ptr */
	CHECK_EQ(get64(zp, 0x070), 0xf0010);            /* acpi_rsdp_addr */
	CHECK_EQ(zp[0x1ef], 0);                         /* sentinel: not the image's 0xff */
	CHECK_EQ(get32(zp, 0x1e4), 0);                  /* scratch (startup_32's stack) */
	CHECK_EQ(zp[0x1e8], E820_STD_N);                /* e820_entries */
	for (unsigned i = 0; i < E820_STD_N; i++) {
		size_t off = 0x2d0 + 20 * i;

		CHECKF(get64(zp, off) == e820_std[i].addr && get64(zp, off + 8) == e820_std[i].size &&
		       get32(zp, off + 16) == e820_std[i].type, "e820 entry %u", i);
	}
}

/* Every byte not named by the protocol as set above is zero. */
TEST(zero_page_zero_elsewhere)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	struct kspec s;
	struct bzimage_boot b;
	const char *why;

	spec_default(&s);
	boot_std(&b);
	for (int variant = 0; variant < 2; variant++) {
		size_t hdr_end = variant ? 0x268 : 0x26c;

		if (variant) {
			/* a 2.12 header ends at 0x268: the image's bytes after it stay out */
			s.version = 0x020c;
			s.jump_offset = 0x66;
		}
		CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
		for (size_t off = 0; off < BZIMAGE_ZERO_PAGE_SIZE; off++) {
			bool may_be_set = (off >= 0x1f1 && off < hdr_end) ||
					  (off >= 0x070 && off < 0x078 && !variant) ||
					  off == 0x1e8 || (off >= 0x2d0 && off < 0x2d0 + 20 * E820_STD_N);

			if (!may_be_set)
				CHECKF(zp[off] == 0, "variant %d: byte 0x%zx is 0x%02x", variant, off,
				       zp[off]);
		}
	}
}

TEST(zero_page_rsdp_only_from_protocol_2_14)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	struct kspec s;
	struct bzimage_boot b;
	const char *why;

	spec_default(&s);
	boot_std(&b);
	s.jump_offset = 0x66;
	s.version = 0x020d;
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(get64(zp, 0x070), 0);
	s.version = 0x020e;
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(get64(zp, 0x070), 0xf0010);
	/* no initrd: ramdisk fields 0 whatever initrd_gpa says */
	b.initrd_size = 0;
	b.initrd_gpa = 0x1234000;
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(get32(zp, 0x218), 0);
	CHECK_EQ(get32(zp, 0x21c), 0);
}

TEST(zero_page_setup_sects_written_as_loaded)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	struct kspec s;
	struct bzimage_boot b;
	const char *why;

	spec_default(&s);
	boot_std(&b);
	s.setup_sects = 0;                              /* boot.rst sample: write 4 */
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(zp[0x1f1], 4);
	/* the image's other loadflags bits do not pass */
	s.loadflags = 0xff;
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(zp[0x211], 0x81);
}

static void badb_cmdline_long(struct bzimage_boot *b) { b->cmdline_len = 2048; }
static void badb_cmdline_zero(struct bzimage_boot *b) { b->cmdline_gpa = 0; }
static void badb_cmdline_4g(struct bzimage_boot *b) { b->cmdline_gpa = 0x100000000ull - 30; }
static void badb_cmdline_wrap(struct bzimage_boot *b) { b->cmdline_gpa = ~0ull - 10; }
static void badb_cmdline_kernel(struct bzimage_boot *b) { b->cmdline_gpa = 0x1000000 - 30; }
static void badb_initrd_zero(struct bzimage_boot *b) { b->initrd_gpa = 0; }
static void badb_initrd_max(struct bzimage_boot *b) { b->initrd_gpa = 0x7ffff000; b->initrd_size = 0x1001; }
static void badb_initrd_above(struct bzimage_boot *b) { b->initrd_gpa = 0x80000000; b->initrd_size = 1; }
static void badb_initrd_wrap(struct bzimage_boot *b) { b->initrd_size = ~0ull; }
static void badb_initrd_kernel(struct bzimage_boot *b) { b->initrd_gpa = 0x17fffff; b->initrd_size = 2; }
static void badb_initrd_load(struct bzimage_boot *b) { b->initrd_gpa = 0xfff000; b->initrd_size = 0x1001; }
static void badb_initrd_not_ram(struct bzimage_boot *b) { b->initrd_gpa = 64 * MiB - 0x10000 - 0x1000; b->initrd_size = 0x1001; }
static void badb_initrd_past_ram(struct bzimage_boot *b) { b->initrd_gpa = 64 * MiB; b->initrd_size = 0x1000; }
static void badb_e820_none(struct bzimage_boot *b) { b->e820_entries = 0; }
static void badb_e820_one(struct bzimage_boot *b) { b->e820_entries = 1; }
static void badb_e820_129(struct bzimage_boot *b) { b->e820_entries = 129; }
static void badb_e820_null(struct bzimage_boot *b) { b->e820 = NULL; }

static struct e820_entry e820_bad[E820_STD_N];
static void badb_e820_size0(struct bzimage_boot *b)
{
	memcpy(e820_bad, e820_std, sizeof(e820_std));
	e820_bad[2].size = 0;
	b->e820 = e820_bad;
}
static void badb_e820_wraps(struct bzimage_boot *b)
{
	memcpy(e820_bad, e820_std, sizeof(e820_std));
	e820_bad[4].addr = ~0ull - 0xfff;
	e820_bad[4].size = 0x1001;
	b->e820 = e820_bad;
}
static void badb_e820_kernel_reserved(struct bzimage_boot *b)
{
	memcpy(e820_bad, e820_std, sizeof(e820_std));
	e820_bad[3].size = 0x17ff000 - 1 * MiB;         /* RAM ends a page before the kernel's end */
	b->e820 = e820_bad;
}
static void badb_e820_kernel_type(struct bzimage_boot *b)
{
	memcpy(e820_bad, e820_std, sizeof(e820_std));
	e820_bad[3].type = 5;
	b->e820 = e820_bad;
}

TEST(bad_boot_configurations_refused)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	static const struct {
		const char *name;
		void (*mutate)(struct bzimage_boot *);
		int err;
	} rows[] = {
		{ "command line 2048 > cmdline_size", badb_cmdline_long, BZIMAGE_E_CMDLINE_TOO_LONG },
		{ "command line at 0", badb_cmdline_zero, BZIMAGE_E_CMDLINE_RANGE },
		{ "command line NUL at 4 GiB", badb_cmdline_4g, BZIMAGE_E_CMDLINE_RANGE },
		{ "command line wraps 2^64", badb_cmdline_wrap, BZIMAGE_E_CMDLINE_RANGE },
		{ "command line NUL on the kernel", badb_cmdline_kernel, BZIMAGE_E_CMDLINE_RANGE },
		{ "initrd at 0", badb_initrd_zero, BZIMAGE_E_INITRD_RANGE },
		{ "initrd one byte past initrd_addr_max", badb_initrd_max, BZIMAGE_E_INITRD_RANGE },
		{ "initrd above initrd_addr_max", badb_initrd_above, BZIMAGE_E_INITRD_RANGE },
		{ "initrd size 2^64 - 1", badb_initrd_wrap, BZIMAGE_E_INITRD_RANGE },
		{ "initrd on the kernel's last byte", badb_initrd_kernel, BZIMAGE_E_INITRD_RANGE },
		{ "initrd on the kernel's first byte", badb_initrd_load, BZIMAGE_E_INITRD_RANGE },
		{ "initrd's last byte on ACPI", badb_initrd_not_ram, BZIMAGE_E_E820_NOT_RAM },
		{ "initrd past RAM", badb_initrd_past_ram, BZIMAGE_E_E820_NOT_RAM },
		{ "no e820 map", badb_e820_none, BZIMAGE_E_E820_COUNT },
		{ "one e820 entry", badb_e820_one, BZIMAGE_E_E820_COUNT },
		{ "129 e820 entries", badb_e820_129, BZIMAGE_E_E820_COUNT },
		{ "e820 NULL", badb_e820_null, BZIMAGE_E_E820_COUNT },
		{ "e820 entry size 0", badb_e820_size0, BZIMAGE_E_E820_ENTRY },
		{ "e820 entry wraps 2^64", badb_e820_wraps, BZIMAGE_E_E820_ENTRY },
		{ "kernel's last page not RAM", badb_e820_kernel_reserved, BZIMAGE_E_E820_NOT_RAM },
		{ "kernel in unusable memory", badb_e820_kernel_type, BZIMAGE_E_E820_NOT_RAM },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct kspec s;
		struct bzimage_boot b;
		const char *why;
		int rc;

		spec_default(&s);
		boot_std(&b);
		rows[i].mutate(&b);
		rc = zero_page(&s, &b, zp, &why);
		CHECKF(rc == -rows[i].err, "%s: want -%d (%s), got %d (%s)", rows[i].name,
		       rows[i].err, bzimage_strerror(rows[i].err), rc,
		       rc ? bzimage_strerror(rc) : "accepted");
		CHECKF(why == bzimage_strerror(rows[i].err), "%s: *why not set to its message",
		       rows[i].name);
	}
}

TEST(boot_configuration_boundaries_accepted)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	static struct e820_entry chained[BZIMAGE_E820_MAX];
	struct kspec s;
	struct bzimage_boot b;
	const char *why;

	spec_default(&s);
	boot_std(&b);
	b.cmdline_len = 2047;                           /* exactly cmdline_size */
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	b.cmdline_gpa = 0x100000000ull - 2048;          /* NUL on the last byte below 4 GiB */
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(get32(zp, 0x228), 0xfffff800);
	b.cmdline_gpa = 0x1000000 - 2048;               /* NUL just below the kernel */
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	boot_std(&b);
	b.initrd_gpa = 0x1800000;                       /* right after the kernel's init_size */
	b.initrd_size = 0x1000;
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	b.initrd_gpa = 64 * MiB - 0x10000 - 0x1000;     /* ends where ACPI starts */
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(get32(zp, 0x218), 64 * MiB - 0x11000);
	/* an initrd whose last byte is initrd_addr_max */
	{
		static const struct e820_entry big[] = {
			{ 0, 0x9fc00, E820_TYPE_RAM }, { 1 * MiB, 2 * GiB, E820_TYPE_RAM },
		};
		struct bzimage_boot high = b;

		high.e820 = big;
		high.e820_entries = 2;
		high.initrd_gpa = 0x7ffff000;
		high.initrd_size = 0x1000;
		CHECK_EQ(zero_page(&s, &high, zp, &why), 0);
		high.initrd_gpa = 0x7ffff001;
		high.initrd_size = 0xfff;
		CHECK_EQ(zero_page(&s, &high, zp, &why), 0);
		high.initrd_size = 0x1000;
		CHECK_EQ(zero_page(&s, &high, zp, &why), -BZIMAGE_E_INITRD_RANGE);
	}
	/* 128 entries, RAM chained in 64 KiB pieces over the kernel and initrd,
	 * in descending order (Linux sorts the map; a loader need not) */
	chained[0] = (struct e820_entry){ 0, 0x9fc00, E820_TYPE_RAM };
	chained[1] = (struct e820_entry){
		0x1000000 + (BZIMAGE_E820_MAX - 3) * 0x10000ull, 64 * MiB, E820_TYPE_RAM };
	for (unsigned i = 2; i < BZIMAGE_E820_MAX - 1; i++)
		chained[i] = (struct e820_entry){
			0x1000000 + (BZIMAGE_E820_MAX - 2 - i) * 0x10000ull, 0x10000, E820_TYPE_RAM };
	chained[BZIMAGE_E820_MAX - 1] = (struct e820_entry){
		1 * MiB, 0x1000000 - 1 * MiB, E820_TYPE_RAM };
	b.e820 = chained;
	b.e820_entries = BZIMAGE_E820_MAX;
	CHECK_EQ(zero_page(&s, &b, zp, &why), 0);
	CHECK_EQ(zp[0x1e8], 128);
	CHECK_EQ(get64(zp, 0x2d0 + 20 * 2), 0x1000000 + 124 * 0x10000ull);
	CHECK_EQ(get64(zp, 0x2d0 + 20 * 126), 0x1000000);
	CHECK_EQ(get64(zp, 0x2d0 + 20 * 127 + 8), 15 * MiB);
	/* a one-page gap in the chain */
	chained[60].size = 0xf000;
	CHECK_EQ(zero_page(&s, &b, zp, &why), -BZIMAGE_E_E820_NOT_RAM);
}

/* ---------------------------------------------------------------- load */

struct guest {
	uint8_t *mem;
	uint64_t base, size, calls;
	bool crossed;
	uint64_t unmapped_from;
};

static void *guest_dst(void *ctx, uint64_t paddr, uint64_t len)
{
	struct guest *g = ctx;

	g->calls++;
	if (len == 0 || (paddr & ~0xfffull) != ((paddr + len - 1) & ~0xfffull))
		g->crossed = true;
	if (paddr >= g->unmapped_from || paddr < g->base || len > g->base + g->size - paddr)
		return NULL;
	return g->mem + (paddr - g->base);
}

TEST(load_copies_the_protected_mode_kernel_page_by_page)
{
	struct kspec s;
	struct bzimage k;
	const char *why;
	struct guest g = { .unmapped_from = ~0ull };

	spec_default(&s);
	s.relocatable = 0;
	s.pref_address = 0;              /* loads at 1 MiB */
	CHECK_EQ(parse(&s, &k, &why), 0);
	g.base = k.load.base;
	g.size = k.load.size;
	g.mem = calloc(1, (size_t)g.size);
	CHECK(g.mem != NULL);
	if (!g.mem)
		return;
	CHECK_EQ(bzimage_load(&k, img, guest_dst, &g), 0);
	CHECK(!memcmp(g.mem, img + 28 * 512, (size_t)g.size));
	CHECK_EQ(g.calls, 4);            /* 0x31c0 bytes from a page boundary */
	CHECK(!g.crossed);
	/* an unaligned load address (not produced by parse, but allowed) */
	k.load.base += 0x234;
	g.base = k.load.base;
	g.calls = 0;
	memset(g.mem, 0, (size_t)g.size);
	CHECK_EQ(bzimage_load(&k, img, guest_dst, &g), 0);
	CHECK(!memcmp(g.mem, img + 28 * 512, (size_t)g.size));
	CHECK(!g.crossed);
	CHECK_EQ(g.calls, 4);
	/* a hole in guest memory */
	g.unmapped_from = k.load.base + 0x2000;
	CHECK_EQ(bzimage_load(&k, img, guest_dst, &g), -BZIMAGE_E_UNMAPPED);
	free(g.mem);
}

TEST(error_messages_are_distinct_and_say_the_fix)
{
	for (int e = 1; e < BZIMAGE_E_COUNT; e++) {
		const char *msg = bzimage_strerror(-e);

		CHECKF(msg && strlen(msg) > 20 && strchr(msg, ':'), "error %d: \"%s\"", e, msg);
		CHECK(msg == bzimage_strerror(e));
		for (int f = 1; f < e; f++)
			CHECKF(strcmp(msg, bzimage_strerror(f)), "errors %d and %d share a message", e, f);
	}
	CHECK(!strcmp(bzimage_strerror(BZIMAGE_E_COUNT), "unknown error"));
	CHECK(!strcmp(bzimage_strerror(-1000), "unknown error"));
	CHECK(!strcmp(bzimage_strerror(0), "success"));
}

TEST(why_may_be_null)
{
	struct kspec s;
	struct bzimage k;
	size_t size;

	spec_default(&s);
	s.magic = 0;
	size = build(&s);
	CHECK_EQ(bzimage_parse(img, size, &mem64, &k, NULL), -BZIMAGE_E_NO_HDRS);
}
