/* SPDX-License-Identifier: MIT */
/*
 * Synthesizes Multiboot 1 kernel images for the mb_image tests: an ELF32,
 * an ELF64 (higher half) or a raw a.out-kludge file, each from a small
 * spec that a test can change one field of before building. Header only
 * (static inline) because two test binaries share it.
 */
#ifndef NESTLAB_TESTS_MB_IMAGE_SYNTH_H
#define NESTLAB_TESTS_MB_IMAGE_SYNTH_H

#include "common/mb_image.h"
#include "common/multiboot.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define IMG_CAP  0x12000
#define MEM_LO   0x100000ull
#define MEM_HI   0x1000000ull

enum spec_kind { SPEC_ELF32, SPEC_ELF64, SPEC_RAW };

struct seg_spec {
	uint32_t type;
	uint64_t off, vaddr, paddr, filesz, memsz;
};

struct spec {
	enum spec_kind kind;
	uint8_t ei_class, ei_data; /* 0: what the kind implies */
	uint16_t machine, type, phentsize;
	uint64_t entry, phoff;
	int phnum;              /* -1: nsegs */
	unsigned nsegs;
	struct seg_spec seg[20];
	uint32_t mb_off, mb_flags, checksum_delta;
	/* a.out kludge address fields (written when mb_flags has bit 16) */
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr, entry_addr;
	size_t size;
	uint64_t mem_lo, mem_hi;
};

/* One image at a time; each test binary has its own. */
static uint8_t img[IMG_CAP];

static inline void put16(size_t off, uint16_t v) { memcpy(img + off, &v, 2); }
static inline void put32(size_t off, uint32_t v) { memcpy(img + off, &v, 4); }
static inline void put64(size_t off, uint64_t v) { memcpy(img + off, &v, 8); }

/* Consecutive pattern bytes differ by 7, so they never form the magic. */
static inline uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + 3);
}

static inline void spec_elf32(struct spec *s)
{
	*s = (struct spec){
		.kind = SPEC_ELF32, .machine = 3, .type = 2, .phentsize = 32,
		.entry = 0x100010, .phoff = 52, .phnum = -1, .nsegs = 3,
		.seg = {
			{ 1, 0x1000, 0x100000, 0x100000, 0x1800, 0x1800 },
			{ 4, 0x100, 0, 0, 0x20, 0x20 }, /* PT_NOTE: ignored */
			{ 1, 0x3000, 0x102000, 0x102000, 0x100, 0x3000 },
		},
		.mb_off = 0x1000, .mb_flags = MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO,
		.size = 0x3100, .mem_lo = MEM_LO, .mem_hi = MEM_HI,
	};
}

/* A higher-half kernel: virtual addresses in -2 GiB, loaded low. */
static inline void spec_elf64(struct spec *s)
{
	*s = (struct spec){
		.kind = SPEC_ELF64, .machine = 62, .type = 2, .phentsize = 56,
		.entry = 0xffffffff80100020ull, .phoff = 64, .phnum = -1, .nsegs = 2,
		.seg = {
			{ 1, 0x1000, 0xffffffff80100000ull, 0x100000, 0x2000, 0x2000 },
			{ 1, 0x3000, 0xffffffff80200000ull, 0x200000, 0x800, 0x10000 },
		},
		.mb_off = 0x1000, .mb_flags = MULTIBOOT_MEMORY_INFO,
		.size = 0x3800, .mem_lo = MEM_LO, .mem_hi = MEM_HI,
	};
}

/* Raw binary with 0x200 bytes of prefix; the header sits 0x40 into the
 * loaded text, so the load starts at file offset 0x240 - 0x40 = 0x200. */
static inline void spec_kludge(struct spec *s)
{
	*s = (struct spec){
		.kind = SPEC_RAW, .phnum = -1,
		.mb_off = 0x240, .mb_flags = MULTIBOOT_AOUT_KLUDGE | MULTIBOOT_MEMORY_INFO,
		.header_addr = 0x100040, .load_addr = 0x100000, .load_end_addr = 0x101800,
		.bss_end_addr = 0x104000, .entry_addr = 0x100080,
		.size = 0x2000, .mem_lo = MEM_LO, .mem_hi = MEM_HI,
	};
}

static inline void build(const struct spec *s)
{
	unsigned phnum = s->phnum < 0 ? s->nsegs : (unsigned)s->phnum;

	for (size_t i = 0; i < IMG_CAP; i++)
		img[i] = pattern(i);
	if (s->kind != SPEC_RAW) {
		bool is64 = s->kind == SPEC_ELF64;

		memcpy(img, "\x7f" "ELF", 4);
		img[4] = s->ei_class ? s->ei_class : is64 ? 2 : 1; /* EI_CLASS */
		img[5] = s->ei_data ? s->ei_data : 1; /* EI_DATA: little-endian */
		img[6] = 1;            /* EI_VERSION */
		memset(img + 7, 0, 9);
		put16(16, s->type);
		put16(18, s->machine);
		put32(20, 1);
		if (is64) {
			put64(24, s->entry);
			put64(32, s->phoff);
			put16(54, s->phentsize);
			put16(56, (uint16_t)phnum);
		} else {
			put32(24, (uint32_t)s->entry);
			put32(28, (uint32_t)s->phoff);
			put16(42, s->phentsize);
			put16(44, (uint16_t)phnum);
		}
		for (unsigned i = 0; i < s->nsegs; i++) {
			const struct seg_spec *g = &s->seg[i];
			size_t ph = (size_t)s->phoff + i * (is64 ? 56 : 32);

			put32(ph, g->type);
			if (is64) {
				put32(ph + 4, 5);
				put64(ph + 8, g->off);
				put64(ph + 16, g->vaddr);
				put64(ph + 24, g->paddr);
				put64(ph + 32, g->filesz);
				put64(ph + 40, g->memsz);
			} else {
				put32(ph + 4, (uint32_t)g->off);
				put32(ph + 8, (uint32_t)g->vaddr);
				put32(ph + 12, (uint32_t)g->paddr);
				put32(ph + 16, (uint32_t)g->filesz);
				put32(ph + 20, (uint32_t)g->memsz);
			}
		}
	}
	if (s->mb_off + 32 <= IMG_CAP) {
		put32(s->mb_off, MULTIBOOT_HEADER_MAGIC);
		put32(s->mb_off + 4, s->mb_flags);
		put32(s->mb_off + 8, 0u - MULTIBOOT_HEADER_MAGIC - s->mb_flags + s->checksum_delta);
		if (s->mb_flags & MULTIBOOT_AOUT_KLUDGE) {
			put32(s->mb_off + 12, s->header_addr);
			put32(s->mb_off + 16, s->load_addr);
			put32(s->mb_off + 20, s->load_end_addr);
			put32(s->mb_off + 24, s->bss_end_addr);
			put32(s->mb_off + 28, s->entry_addr);
		}
	}
}

static inline int parse(const struct spec *s, struct mb_image *m, const char **why)
{
	build(s);
	*why = NULL;
	return mb_image_parse(img, s->size, s->mem_lo, s->mem_hi, m, why);
}

#endif
