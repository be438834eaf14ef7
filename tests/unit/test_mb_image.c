/* SPDX-License-Identifier: MIT */
/*
 * common/mb_image parsing: good images (built by mb_image_synth.h) must
 * give the exact plan; each malformed one is a good image with one change
 * and must fail with its own error code and message.
 */
#include "common/mb_image.h"
#include "common/multiboot.h"
#include "mb_image_synth.h"
#include "testlib.h"

#include <string.h>

static void check_seg(const struct mb_image *m, unsigned i, uint64_t off,
		      uint64_t pa, uint64_t fs, uint64_t ms)
{
	CHECKF(m->seg[i].file_off == off && m->seg[i].paddr == pa &&
	       m->seg[i].file_size == fs && m->seg[i].mem_size == ms,
	       "seg %u: got off 0x%llx pa 0x%llx fs 0x%llx ms 0x%llx", i,
	       (unsigned long long)m->seg[i].file_off, (unsigned long long)m->seg[i].paddr,
	       (unsigned long long)m->seg[i].file_size, (unsigned long long)m->seg[i].mem_size);
}

TEST(good_elf32)
{
	struct spec s;
	struct mb_image m;
	const char *why;

	spec_elf32(&s);
	CHECK_EQ(parse(&s, &m, &why), 0);
	CHECK_EQ(m.kind, MB_IMAGE_ELF32);
	CHECK_EQ(m.mb_flags, MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO);
	CHECK_EQ(m.entry, 0x100010);
	CHECK_EQ(m.nsegs, 2);
	check_seg(&m, 0, 0x1000, 0x100000, 0x1800, 0x1800);
	check_seg(&m, 1, 0x3000, 0x102000, 0x100, 0x3000);
	CHECK_EQ(m.load_lo, 0x100000);
	CHECK_EQ(m.load_hi, 0x105000);
}

TEST(good_elf64_higher_half_entry_translated)
{
	struct spec s;
	struct mb_image m;
	const char *why;

	spec_elf64(&s);
	CHECK_EQ(parse(&s, &m, &why), 0);
	CHECK_EQ(m.kind, MB_IMAGE_ELF64);
	CHECK_EQ(m.entry, 0x100020);
	CHECK_EQ(m.nsegs, 2);
	check_seg(&m, 0, 0x1000, 0x100000, 0x2000, 0x2000);
	check_seg(&m, 1, 0x3000, 0x200000, 0x800, 0x10000);
	CHECK_EQ(m.load_lo, 0x100000);
	CHECK_EQ(m.load_hi, 0x210000);

	/* Entry in the second segment goes through that segment's mapping. */
	s.entry = 0xffffffff80200100ull;
	CHECK_EQ(parse(&s, &m, &why), 0);
	CHECK_EQ(m.entry, 0x200100);
}

TEST(good_aout_kludge)
{
	struct spec s;
	struct mb_image m;
	const char *why;

	spec_kludge(&s);
	CHECK_EQ(parse(&s, &m, &why), 0);
	CHECK_EQ(m.kind, MB_IMAGE_AOUT_KLUDGE);
	CHECK_EQ(m.entry, 0x100080);
	CHECK_EQ(m.nsegs, 1);
	check_seg(&m, 0, 0x200, 0x100000, 0x1800, 0x4000);
	CHECK_EQ(m.load_lo, 0x100000);
	CHECK_EQ(m.load_hi, 0x104000);

	/* load_end_addr 0: to the end of the file; bss_end_addr 0: no bss. */
	s.load_end_addr = 0;
	s.bss_end_addr = 0;
	CHECK_EQ(parse(&s, &m, &why), 0);
	check_seg(&m, 0, 0x200, 0x100000, 0x1e00, 0x1e00);

	/* Header at file offset 0 and load_addr == header_addr. */
	s.mb_off = 0;
	s.header_addr = s.load_addr = 0x200000;
	s.entry_addr = 0x200020;
	CHECK_EQ(parse(&s, &m, &why), 0);
	check_seg(&m, 0, 0, 0x200000, 0x2000, 0x2000);
}

/* Variants that must still be accepted: boundaries of the rules. */
static void ok_header_ends_at_8k(struct spec *s) { s->mb_off = 8192 - 12; s->size = 0x4000; s->seg[2].off = 0x3000; }
static void ok_optional_flag(struct spec *s) { s->mb_flags |= 1u << 17; }
static void ok_video_flag(struct spec *s) { s->mb_flags |= MULTIBOOT_VIDEO_MODE; }
static void ok_ends_at_mem_hi(struct spec *s) { s->mem_hi = 0x105000; }
static void ok_starts_at_mem_lo(struct spec *s) { s->mem_lo = 0x100000; }
static void ok_adjacent(struct spec *s) { s->seg[2].paddr = s->seg[2].vaddr = 0x101800; }
static void ok_empty_load_skipped(struct spec *s) { s->seg[1] = (struct seg_spec){ 1, 0xffffffff, 0, 0xfffff000, 0, 0 }; }
static void ok_kludge_in_elf(struct spec *s)
{
	/* Flag 16 wins over the ELF headers, as in GRUB and QEMU. */
	s->mb_flags |= MULTIBOOT_AOUT_KLUDGE;
	s->header_addr = 0x300000;
	s->load_addr = 0x300000;
	s->load_end_addr = 0x300100;
	s->entry_addr = 0x300000;
}

TEST(boundary_variants_accepted)
{
	static const struct {
		const char *name;
		void (*base)(struct spec *);
		void (*mutate)(struct spec *);
		int kind;
	} rows[] = {
		{ "header ends exactly at 8192", spec_elf32, ok_header_ends_at_8k, MB_IMAGE_ELF32 },
		{ "optional flag bit 17", spec_elf32, ok_optional_flag, MB_IMAGE_ELF32 },
		{ "video flag (bit 2)", spec_elf64, ok_video_flag, MB_IMAGE_ELF64 },
		{ "bss ends exactly at mem_hi", spec_elf32, ok_ends_at_mem_hi, MB_IMAGE_ELF32 },
		{ "segment starts at mem_lo", spec_elf32, ok_starts_at_mem_lo, MB_IMAGE_ELF32 },
		{ "adjacent segments", spec_elf32, ok_adjacent, MB_IMAGE_ELF32 },
		{ "PT_LOAD with memsz 0 is skipped", spec_elf32, ok_empty_load_skipped, MB_IMAGE_ELF32 },
		{ "kludge flag in an ELF", spec_elf32, ok_kludge_in_elf, MB_IMAGE_AOUT_KLUDGE },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct spec s;
		struct mb_image m;
		const char *why;
		int rc;

		rows[i].base(&s);
		rows[i].mutate(&s);
		rc = parse(&s, &m, &why);
		CHECKF(rc == 0 && m.kind == rows[i].kind, "%s: rc %d kind %d (%s)",
		       rows[i].name, rc, m.kind, why ? why : "");
	}
}

/* ---- malformed images: one change each ---------------------------------- */

static void bad_size8(struct spec *s) { s->size = 8; }
static void bad_size0(struct spec *s) { s->size = 0; }
static void bad_no_header(struct spec *s) { s->mb_off = IMG_CAP; }
static void bad_checksum(struct spec *s) { s->checksum_delta = 1; }
static void bad_header_after_8k(struct spec *s) { s->mb_off = 8192; s->size = 0x4000; }
static void bad_header_straddles_8k(struct spec *s) { s->mb_off = 8192 - 8; s->size = 0x4000; }
static void bad_kludge_fields_past_8k(struct spec *s) { s->mb_off = 8192 - 12; s->size = 0x4000; }
static void bad_unaligned(struct spec *s) { s->mb_off = 0x1002; }
static void bad_flag3(struct spec *s) { s->mb_flags |= 1u << 3; }
static void bad_flag15(struct spec *s) { s->mb_flags |= 1u << 15; }
static void bad_header_cut(struct spec *s) { s->size = s->mb_off + 20; }
static void bad_elf_magic(struct spec *s) { s->kind = SPEC_RAW; }
static void bad_machine(struct spec *s) { s->machine = s->machine == 3 ? 62 : 3; }
static void bad_type_dyn(struct spec *s) { s->type = 3; }
static void bad_type_rel(struct spec *s) { s->type = 1; }
static void bad_phentsize(struct spec *s) { s->phentsize = 40; }
static void bad_phnum_huge(struct spec *s) { s->phnum = 0xffff; }
static void bad_phnum_zero(struct spec *s) { s->phnum = 0; }
static void bad_phoff_past_file(struct spec *s) { s->phoff = s->size - 8; s->nsegs = 0; s->phnum = 1; }
static void bad_phoff_wraps(struct spec *s) { s->nsegs = 0; s->phnum = 1; s->phoff = (uint64_t)-56; }
static void bad_no_load(struct spec *s) { s->seg[0].type = 4; s->seg[2].type = 0x6474e551; }
static void bad_only_empty_load(struct spec *s) { s->nsegs = 1; s->seg[0].filesz = s->seg[0].memsz = 0; }
static void bad_too_many(struct spec *s)
{
	s->nsegs = 17;
	for (unsigned i = 0; i < 17; i++)
		s->seg[i] = (struct seg_spec){ 1, 0x1000, 0x100000 + i * 0x1000, 0x100000 + i * 0x1000, 0x10, 0x1000 };
}
static void bad_outside_below(struct spec *s) { s->mem_lo = 0x101000; }
static void bad_outside_above(struct spec *s) { s->mem_hi = 0x104fff; }
static void bad_outside_far(struct spec *s) { s->seg[1].paddr = 0x8000000; }
static void bad_overlap(struct spec *s) { s->seg[2].paddr = 0x101000; }
static void bad_overlap_contained(struct spec *s) { s->seg[0].paddr = 0x102800; s->seg[0].memsz = s->seg[0].filesz = 0x100; s->entry = 0x102000; }
static void bad_filesz(struct spec *s) { s->seg[2].filesz = 0x3001; }
static void bad_past_file(struct spec *s) { s->seg[2].filesz = 0x101; }
static void bad_offset_wraps32(struct spec *s) { s->seg[2].off = 0xfffffff0; s->seg[2].filesz = 0x20; }
static void bad_offset_wraps64(struct spec *s) { s->seg[1].off = 0xfffffffffffffff0ull; s->seg[1].filesz = 0x20; s->seg[1].memsz = 0x20; }
static void bad_paddr_wraps32(struct spec *s) { s->seg[2].paddr = 0xfffff000; }
static void bad_paddr_wraps64(struct spec *s) { s->seg[1].paddr = 0xfffffffffffff000ull; s->mem_hi = UINT64_MAX; }
static void bad_entry_below(struct spec *s) { s->entry = 0xfffff; }
static void bad_entry_at_end(struct spec *s) { s->entry = 0x105000; }
static void bad_entry_in_gap(struct spec *s) { s->entry = 0x101900; }
static void bad_entry64_high(struct spec *s)
{
	s->seg[1].vaddr = s->seg[1].paddr = 0x100000000ull;
	s->entry = 0x100000010ull;
	s->mem_lo = 0;
	s->mem_hi = 0x200000000ull;
}
static void bad_class(struct spec *s) { s->ei_class = 3; }
static void bad_big_endian(struct spec *s) { s->ei_data = 2; }
static void bad_k_header_below_load(struct spec *s) { s->header_addr = s->load_addr - 4; }
static void bad_k_before_file(struct spec *s) { s->header_addr = s->load_addr + 0x244; }
static void bad_k_load_end(struct spec *s) { s->load_end_addr = s->load_addr - 1; }
static void bad_k_past_file(struct spec *s) { s->load_end_addr = s->load_addr + 0x1e01; }
static void bad_k_bss_end(struct spec *s) { s->bss_end_addr = s->load_end_addr - 1; }
static void bad_k_entry(struct spec *s) { s->entry_addr = s->bss_end_addr; }
static void bad_k_outside(struct spec *s) { s->mem_hi = 0x103fff; }
static void bad_k_empty(struct spec *s) { s->load_end_addr = s->load_addr; s->bss_end_addr = 0; }
static void bad_k_above_4g(struct spec *s)
{
	s->load_addr = 0xffffff00;
	s->header_addr = 0xffffff40;
	s->load_end_addr = 0;
	s->bss_end_addr = 0;
	s->entry_addr = 0xffffff80;
	s->mem_hi = UINT64_MAX;
}
static void bad_not_elf(struct spec *s) { s->mb_flags &= ~MULTIBOOT_AOUT_KLUDGE; }

TEST(malformed_images_rejected_with_their_error)
{
	static const struct {
		const char *name;
		void (*base)(struct spec *);
		void (*mutate)(struct spec *);
		int err;
	} rows[] = {
		{ "8-byte file", spec_elf32, bad_size8, MB_IMAGE_E_TRUNCATED },
		{ "empty file", spec_kludge, bad_size0, MB_IMAGE_E_TRUNCATED },
		{ "no header", spec_elf32, bad_no_header, MB_IMAGE_E_NO_HEADER },
		{ "bad checksum", spec_elf32, bad_checksum, MB_IMAGE_E_BAD_CHECKSUM },
		{ "header after 8K", spec_elf32, bad_header_after_8k, MB_IMAGE_E_HEADER_TOO_LATE },
		{ "header straddles 8K", spec_elf32, bad_header_straddles_8k, MB_IMAGE_E_HEADER_TOO_LATE },
		{ "address fields past 8K", spec_kludge, bad_kludge_fields_past_8k, MB_IMAGE_E_HEADER_TRUNCATED },
		{ "unaligned header", spec_elf32, bad_unaligned, MB_IMAGE_E_HEADER_UNALIGNED },
		{ "required flag 3", spec_elf32, bad_flag3, MB_IMAGE_E_UNSUPPORTED_FLAGS },
		{ "required flag 15", spec_kludge, bad_flag15, MB_IMAGE_E_UNSUPPORTED_FLAGS },
		{ "address fields cut by EOF", spec_kludge, bad_header_cut, MB_IMAGE_E_HEADER_TRUNCATED },
		{ "bad ELF magic", spec_elf32, bad_elf_magic, MB_IMAGE_E_NOT_ELF },
		{ "ELF32 not EM_386", spec_elf32, bad_machine, MB_IMAGE_E_ELF_MACHINE },
		{ "ELF64 not EM_X86_64", spec_elf64, bad_machine, MB_IMAGE_E_ELF_MACHINE },
		{ "ET_DYN", spec_elf32, bad_type_dyn, MB_IMAGE_E_ELF_TYPE },
		{ "ET_REL", spec_elf64, bad_type_rel, MB_IMAGE_E_ELF_TYPE },
		{ "phentsize", spec_elf32, bad_phentsize, MB_IMAGE_E_ELF_PHDRS },
		{ "phnum 0xffff", spec_elf64, bad_phnum_huge, MB_IMAGE_E_ELF_PHDRS },
		{ "phnum 0", spec_elf32, bad_phnum_zero, MB_IMAGE_E_NO_SEGMENTS },
		{ "phdrs past EOF", spec_elf32, bad_phoff_past_file, MB_IMAGE_E_ELF_PHDRS_PAST_FILE },
		{ "phoff+phnum*phentsize wraps", spec_elf64, bad_phoff_wraps, MB_IMAGE_E_ELF_PHDRS_PAST_FILE },
		{ "no PT_LOAD", spec_elf32, bad_no_load, MB_IMAGE_E_NO_SEGMENTS },
		{ "only an empty PT_LOAD", spec_elf32, bad_only_empty_load, MB_IMAGE_E_NO_SEGMENTS },
		{ "17 PT_LOAD", spec_elf32, bad_too_many, MB_IMAGE_E_TOO_MANY_SEGMENTS },
		{ "segment below mem_lo", spec_elf32, bad_outside_below, MB_IMAGE_E_SEG_OUTSIDE_MEMORY },
		{ "bss past mem_hi", spec_elf32, bad_outside_above, MB_IMAGE_E_SEG_OUTSIDE_MEMORY },
		{ "segment far above", spec_elf64, bad_outside_far, MB_IMAGE_E_SEG_OUTSIDE_MEMORY },
		{ "overlapping segments", spec_elf32, bad_overlap, MB_IMAGE_E_SEG_OVERLAP },
		{ "segment inside another", spec_elf32, bad_overlap_contained, MB_IMAGE_E_SEG_OVERLAP },
		{ "filesz > memsz", spec_elf32, bad_filesz, MB_IMAGE_E_SEG_FILESZ },
		{ "segment past EOF", spec_elf32, bad_past_file, MB_IMAGE_E_SEG_PAST_FILE },
		{ "ELF32 offset+size wraps", spec_elf32, bad_offset_wraps32, MB_IMAGE_E_SEG_PAST_FILE },
		{ "ELF64 offset+size wraps", spec_elf64, bad_offset_wraps64, MB_IMAGE_E_SEG_PAST_FILE },
		{ "ELF32 paddr+memsz wraps 4G", spec_elf32, bad_paddr_wraps32, MB_IMAGE_E_SEG_ABOVE_4G },
		{ "ELF64 paddr+memsz wraps 2^64", spec_elf64, bad_paddr_wraps64, MB_IMAGE_E_SEG_OUTSIDE_MEMORY },
		{ "entry below segments", spec_elf32, bad_entry_below, MB_IMAGE_E_ENTRY_OUTSIDE },
		{ "entry one past the end", spec_elf32, bad_entry_at_end, MB_IMAGE_E_ENTRY_OUTSIDE },
		{ "entry in the gap", spec_elf32, bad_entry_in_gap, MB_IMAGE_E_ENTRY_OUTSIDE },
		{ "ELF64 entry >= 4G", spec_elf64, bad_entry64_high, MB_IMAGE_E_ENTRY_ABOVE_4G },
		{ "kludge header_addr < load_addr", spec_kludge, bad_k_header_below_load, MB_IMAGE_E_KLUDGE_HEADER_BELOW_LOAD },
		{ "kludge load before file start", spec_kludge, bad_k_before_file, MB_IMAGE_E_KLUDGE_BEFORE_FILE },
		{ "kludge load_end < load_addr", spec_kludge, bad_k_load_end, MB_IMAGE_E_KLUDGE_LOAD_END },
		{ "kludge load_end past EOF", spec_kludge, bad_k_past_file, MB_IMAGE_E_KLUDGE_PAST_FILE },
		{ "kludge bss_end < load_end", spec_kludge, bad_k_bss_end, MB_IMAGE_E_KLUDGE_BSS_END },
		{ "kludge entry at bss_end", spec_kludge, bad_k_entry, MB_IMAGE_E_ENTRY_OUTSIDE },
		{ "kludge bss past mem_hi", spec_kludge, bad_k_outside, MB_IMAGE_E_SEG_OUTSIDE_MEMORY },
		{ "kludge loads nothing", spec_kludge, bad_k_empty, MB_IMAGE_E_NO_SEGMENTS },
		{ "kludge whole file past 4G", spec_kludge, bad_k_above_4g, MB_IMAGE_E_SEG_ABOVE_4G },
		{ "raw file without flag 16", spec_kludge, bad_not_elf, MB_IMAGE_E_NOT_ELF },
		{ "ELF class 3", spec_elf32, bad_class, MB_IMAGE_E_ELF_CLASS },
		{ "big-endian ELF", spec_elf64, bad_big_endian, MB_IMAGE_E_ELF_CLASS },
	};

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct spec s;
		struct mb_image m;
		const char *why;
		int rc;

		rows[i].base(&s);
		rows[i].mutate(&s);
		rc = parse(&s, &m, &why);
		CHECKF(rc == -rows[i].err, "%s: want -%d (%s), got %d (%s)", rows[i].name,
		       rows[i].err, mb_image_strerror(rows[i].err), rc,
		       rc ? mb_image_strerror(rc) : "accepted");
		CHECKF(why == mb_image_strerror(rows[i].err), "%s: *why not set to its message",
		       rows[i].name);
	}
}

/* Hand-made corner: an ELF header too short to hold e_phoff, with the
 * Multiboot header tucked into e_ident padding. */
TEST(elf_header_truncated)
{
	struct mb_image m;
	const char *why = NULL;
	uint8_t small[40] = { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0 };
	uint32_t hdr[3] = { MULTIBOOT_HEADER_MAGIC, 0, 0u - MULTIBOOT_HEADER_MAGIC };

	memcpy(small + 8, hdr, sizeof(hdr));
	CHECK_EQ(mb_image_parse(small, sizeof(small), MEM_LO, MEM_HI, &m, &why),
		 -MB_IMAGE_E_ELF_TRUNCATED);
	CHECK(why == mb_image_strerror(MB_IMAGE_E_ELF_TRUNCATED));
	/* why may be NULL */
	CHECK_EQ(mb_image_parse(small, sizeof(small), MEM_LO, MEM_HI, &m, NULL),
		 -MB_IMAGE_E_ELF_TRUNCATED);
}

TEST(error_messages_are_distinct_and_say_the_fix)
{
	for (int e = 1; e < MB_IMAGE_E_COUNT; e++) {
		const char *msg = mb_image_strerror(-e);

		CHECKF(msg && strlen(msg) > 20 && strchr(msg, ':'), "error %d: \"%s\"", e, msg);
		CHECK(msg == mb_image_strerror(e));
		for (int f = 1; f < e; f++)
			CHECKF(strcmp(msg, mb_image_strerror(f)), "errors %d and %d share a message", e, f);
	}
	CHECK(!strcmp(mb_image_strerror(MB_IMAGE_E_COUNT), "unknown error"));
	CHECK(!strcmp(mb_image_strerror(-1000), "unknown error"));
	CHECK(!strcmp(mb_image_strerror(0), "success"));
}
