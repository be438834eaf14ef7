/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 image parser and loader (see mb_image.h).
 *
 * Arithmetic rule used throughout: every file offset and address is widened
 * to uint64_t, and a range [a, a + n) is checked as "a <= limit && n <=
 * limit - a", never by computing a + n first, so no input can wrap a check.
 */
#include "common/mb_image.h"
#include "common/le_bytes.h"
#include "common/multiboot.h"

#include <stdbool.h>

#define FOUR_GIB 0x100000000ull

static const char *const mb_image_msgs[MB_IMAGE_E_COUNT] = {
	[MB_IMAGE_OK] = "success",
#define MB_IMAGE_ERR_MSG(name, msg) [MB_IMAGE_E_##name] = msg,
	MB_IMAGE_ERRORS(MB_IMAGE_ERR_MSG)
#undef MB_IMAGE_ERR_MSG
};

const char *mb_image_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < MB_IMAGE_E_COUNT ? mb_image_msgs[err] : "unknown error";
}

static int fail(const char **why, enum mb_image_err e)
{
	if (why)
		*why = mb_image_msgs[e];
	return -(int)e;
}

/* [off, off + len) inside [0, size)? */
static bool in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

static bool header_at(const uint8_t *img, uint64_t off, bool *checksum_ok)
{
	uint32_t magic = le32(img + off);

	if (magic != MULTIBOOT_HEADER_MAGIC)
		return false;
	*checksum_ok = magic + le32(img + off + 4) + le32(img + off + 8) == 0;
	return true;
}

/*
 * Spec 3.1.1: the header is 32-bit aligned and entirely inside the first
 * MULTIBOOT_SEARCH bytes; the first aligned magic with a good checksum wins
 * (as GRUB). When there is none, look for what the author probably meant
 * (a bad checksum, a misaligned or a late header) to say what to fix.
 */
static int find_header(const uint8_t *img, uint64_t size, uint64_t *hdr_off,
		       const char **why)
{
	uint64_t limit = size < MULTIBOOT_SEARCH ? size : MULTIBOOT_SEARCH;
	bool ok, bad_checksum = false;

	if (size < MULTIBOOT_HEADER_MIN_SIZE)
		return fail(why, MB_IMAGE_E_TRUNCATED);
	for (uint64_t off = 0; off + MULTIBOOT_HEADER_MIN_SIZE <= limit;
	     off += MULTIBOOT_HEADER_ALIGN) {
		if (!header_at(img, off, &ok))
			continue;
		if (ok) {
			*hdr_off = off;
			return 0;
		}
		bad_checksum = true;
	}
	if (bad_checksum)
		return fail(why, MB_IMAGE_E_BAD_CHECKSUM);
	for (uint64_t off = 0; off + MULTIBOOT_HEADER_MIN_SIZE <= limit; off++)
		if (off % MULTIBOOT_HEADER_ALIGN && header_at(img, off, &ok) && ok)
			return fail(why, MB_IMAGE_E_HEADER_UNALIGNED);
	/* Late: not wholly inside the window (also one straddling its end). */
	for (uint64_t off = 0; off + MULTIBOOT_HEADER_MIN_SIZE <= size;
	     off += MULTIBOOT_HEADER_ALIGN)
		if (off + MULTIBOOT_HEADER_MIN_SIZE > limit && header_at(img, off, &ok) && ok)
			return fail(why, MB_IMAGE_E_HEADER_TOO_LATE);
	return fail(why, MB_IMAGE_E_NO_HEADER);
}

/*
 * Spec 3.1.3, as GRUB and QEMU read it: the file offset of load_addr is the
 * header's offset minus (header_addr - load_addr); load_end_addr 0 loads to
 * the end of the file; bss_end_addr 0 means no bss.
 */
static int parse_kludge(const uint8_t *img, uint64_t size, uint64_t hdr_off,
			struct mb_image *out, const char **why)
{
	const uint8_t *h = img + hdr_off;
	uint64_t header_addr = le32(h + 12), load_addr = le32(h + 16);
	uint64_t load_end_addr = le32(h + 20), bss_end_addr = le32(h + 24);
	uint64_t file_off, file_size, mem_size;

	if (header_addr < load_addr)
		return fail(why, MB_IMAGE_E_KLUDGE_HEADER_BELOW_LOAD);
	if (header_addr - load_addr > hdr_off)
		return fail(why, MB_IMAGE_E_KLUDGE_BEFORE_FILE);
	file_off = hdr_off - (header_addr - load_addr);

	if (load_end_addr == 0) {
		file_size = size - file_off;
		if (file_size > FOUR_GIB - load_addr)
			return fail(why, MB_IMAGE_E_SEG_ABOVE_4G);
	} else {
		if (load_end_addr < load_addr)
			return fail(why, MB_IMAGE_E_KLUDGE_LOAD_END);
		file_size = load_end_addr - load_addr;
		if (!in_file(file_off, file_size, size))
			return fail(why, MB_IMAGE_E_KLUDGE_PAST_FILE);
	}

	if (bss_end_addr == 0) {
		mem_size = file_size;
	} else {
		if (bss_end_addr < load_addr + file_size)
			return fail(why, MB_IMAGE_E_KLUDGE_BSS_END);
		mem_size = bss_end_addr - load_addr;
	}
	if (mem_size == 0)
		return fail(why, MB_IMAGE_E_NO_SEGMENTS);

	out->kind = MB_IMAGE_AOUT_KLUDGE;
	out->entry = le32(h + 28);
	out->nsegs = 1;
	out->seg[0] = (struct mb_load_seg){ file_off, load_addr, file_size, mem_size };
	return 0;
}

/* Where the two ELF classes keep the fields the loader needs (ELF gABI). */
struct elf_layout {
	unsigned word;          /* 4 or 8: size of addresses and offsets */
	uint32_t machine;
	unsigned ehdr_size, phdr_size;
	unsigned e_entry, e_phoff, e_phentsize, e_phnum;
	unsigned p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
};

#define ELFCLASS32  1
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1
#define ET_EXEC     2
#define EM_386      3
#define EM_X86_64   62
#define PT_LOAD     1
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define E_TYPE      16
#define E_MACHINE   18

static const struct elf_layout elf32_layout = {
	.word = 4, .machine = EM_386, .ehdr_size = 52, .phdr_size = 32,
	.e_entry = 24, .e_phoff = 28, .e_phentsize = 42, .e_phnum = 44,
	.p_offset = 4, .p_vaddr = 8, .p_paddr = 12, .p_filesz = 16, .p_memsz = 20,
};

static const struct elf_layout elf64_layout = {
	.word = 8, .machine = EM_X86_64, .ehdr_size = 64, .phdr_size = 56,
	.e_entry = 24, .e_phoff = 32, .e_phentsize = 54, .e_phnum = 56,
	.p_offset = 8, .p_vaddr = 16, .p_paddr = 24, .p_filesz = 32, .p_memsz = 40,
};

static uint64_t rdword(const struct elf_layout *l, const uint8_t *p)
{
	return l->word == 8 ? le64(p) : le32(p);
}

static bool is_elf(const uint8_t *img, uint64_t size)
{
	return size >= 4 && img[0] == 0x7f && img[1] == 'E' && img[2] == 'L' &&
	       img[3] == 'F';
}

static int parse_elf(const uint8_t *img, uint64_t size, struct mb_image *out,
		     const char **why)
{
	const struct elf_layout *l;
	uint64_t phoff, entry, vaddr[MB_IMAGE_MAX_SEGS];
	unsigned phnum;
	bool entry_found = false;

	if (!is_elf(img, size))
		return fail(why, MB_IMAGE_E_NOT_ELF);
	if (size < EI_VERSION + 1)
		return fail(why, MB_IMAGE_E_ELF_TRUNCATED);
	if (img[EI_DATA] != ELFDATA2LSB || img[EI_VERSION] != EV_CURRENT ||
	    (img[EI_CLASS] != ELFCLASS32 && img[EI_CLASS] != ELFCLASS64))
		return fail(why, MB_IMAGE_E_ELF_CLASS);
	l = img[EI_CLASS] == ELFCLASS64 ? &elf64_layout : &elf32_layout;
	if (size < l->ehdr_size)
		return fail(why, MB_IMAGE_E_ELF_TRUNCATED);
	if (le16(img + E_MACHINE) != l->machine)
		return fail(why, MB_IMAGE_E_ELF_MACHINE);
	if (le16(img + E_TYPE) != ET_EXEC)
		return fail(why, MB_IMAGE_E_ELF_TYPE);

	phoff = rdword(l, img + l->e_phoff);
	phnum = le16(img + l->e_phnum);
	if (le16(img + l->e_phentsize) != l->phdr_size || phnum > MB_IMAGE_MAX_PHNUM)
		return fail(why, MB_IMAGE_E_ELF_PHDRS);
	if (!in_file(phoff, (uint64_t)phnum * l->phdr_size, size))
		return fail(why, MB_IMAGE_E_ELF_PHDRS_PAST_FILE);

	out->kind = l->word == 8 ? MB_IMAGE_ELF64 : MB_IMAGE_ELF32;
	out->nsegs = 0;
	for (unsigned i = 0; i < phnum; i++) {
		const uint8_t *ph = img + phoff + (uint64_t)i * l->phdr_size;
		struct mb_load_seg s;

		if (le32(ph) != PT_LOAD)
			continue;
		s.file_off = rdword(l, ph + l->p_offset);
		s.paddr = rdword(l, ph + l->p_paddr);
		s.file_size = rdword(l, ph + l->p_filesz);
		s.mem_size = rdword(l, ph + l->p_memsz);
		if (s.file_size > s.mem_size)
			return fail(why, MB_IMAGE_E_SEG_FILESZ);
		if (s.mem_size == 0)
			continue; /* nothing to load; its fields mean nothing */
		if (!in_file(s.file_off, s.file_size, size))
			return fail(why, MB_IMAGE_E_SEG_PAST_FILE);
		if (l->word == 4 && s.mem_size > FOUR_GIB - s.paddr)
			return fail(why, MB_IMAGE_E_SEG_ABOVE_4G);
		if (out->nsegs == MB_IMAGE_MAX_SEGS)
			return fail(why, MB_IMAGE_E_TOO_MANY_SEGMENTS);
		vaddr[out->nsegs] = rdword(l, ph + l->p_vaddr);
		out->seg[out->nsegs++] = s;
	}
	if (out->nsegs == 0)
		return fail(why, MB_IMAGE_E_NO_SEGMENTS);

	/* e_entry is virtual: translate it through the segment holding it
	 * (GRUB does the same; it matters for higher-half kernels). */
	entry = rdword(l, img + l->e_entry);
	for (unsigned i = 0; i < out->nsegs && !entry_found; i++) {
		if (entry >= vaddr[i] && entry - vaddr[i] < out->seg[i].mem_size) {
			entry = entry - vaddr[i] + out->seg[i].paddr;
			entry_found = true;
		}
	}
	if (!entry_found)
		return fail(why, MB_IMAGE_E_ENTRY_OUTSIDE);
	if (entry >= FOUR_GIB)
		return fail(why, MB_IMAGE_E_ENTRY_ABOVE_4G);
	out->entry = (uint32_t)entry;
	return 0;
}

/* Checks shared by both loaders, on the finished plan. */
static int check_plan(struct mb_image *m, uint64_t mem_lo, uint64_t mem_hi,
		      const char **why)
{
	bool entry_in = false;

	m->load_lo = UINT64_MAX;
	m->load_hi = 0;
	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct mb_load_seg *s = &m->seg[i];

		if (s->paddr < mem_lo || s->paddr > mem_hi ||
		    s->mem_size > mem_hi - s->paddr)
			return fail(why, MB_IMAGE_E_SEG_OUTSIDE_MEMORY);
		/* Both end inside [mem_lo, mem_hi) now, so no sum can wrap. */
		for (unsigned j = 0; j < i; j++) {
			const struct mb_load_seg *t = &m->seg[j];

			if (s->paddr < t->paddr + t->mem_size &&
			    t->paddr < s->paddr + s->mem_size)
				return fail(why, MB_IMAGE_E_SEG_OVERLAP);
		}
		if (m->entry >= s->paddr && m->entry - s->paddr < s->mem_size)
			entry_in = true;
		if (s->paddr < m->load_lo)
			m->load_lo = s->paddr;
		if (s->paddr + s->mem_size > m->load_hi)
			m->load_hi = s->paddr + s->mem_size;
	}
	if (!entry_in)
		return fail(why, MB_IMAGE_E_ENTRY_OUTSIDE);
	return 0;
}

int mb_image_parse(const void *img, size_t size, uint64_t mem_lo, uint64_t mem_hi,
		   struct mb_image *out, const char **why)
{
	const uint8_t *p = img;
	uint64_t hdr_off, need;
	uint32_t flags;
	int err;

	err = find_header(p, size, &hdr_off, why);
	if (err)
		return err;
	flags = le32(p + hdr_off + 4);
	if (flags & MULTIBOOT_REQUIRED_FLAGS &
	    ~(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | MULTIBOOT_VIDEO_MODE))
		return fail(why, MB_IMAGE_E_UNSUPPORTED_FLAGS);

	/* The fields are at fixed offsets, so video implies all 48 bytes. */
	need = MULTIBOOT_HEADER_MIN_SIZE;
	if (flags & MULTIBOOT_AOUT_KLUDGE)
		need = MULTIBOOT_HEADER_ADDR_SIZE;
	if (flags & MULTIBOOT_VIDEO_MODE)
		need = MULTIBOOT_HEADER_VIDEO_SIZE;
	if (!in_file(hdr_off, need, size < MULTIBOOT_SEARCH ? size : MULTIBOOT_SEARCH))
		return fail(why, MB_IMAGE_E_HEADER_TRUNCATED);

	out->mb_flags = flags;
	if (flags & MULTIBOOT_AOUT_KLUDGE)
		err = parse_kludge(p, size, hdr_off, out, why);
	else
		err = parse_elf(p, size, out, why);
	if (err)
		return err;
	return check_plan(out, mem_lo, mem_hi, why);
}

int mb_image_load(const struct mb_image *m, const void *img,
		  void *(*dst_of)(void *ctx, uint64_t paddr, uint64_t len), void *ctx)
{
	const uint8_t *src = img;

	for (unsigned i = 0; i < m->nsegs; i++) {
		const struct mb_load_seg *s = &m->seg[i];
		uint64_t done = 0;

		while (done < s->mem_size) {
			uint64_t pa = s->paddr + done;
			uint64_t chunk = MB_IMAGE_PAGE_SIZE - (pa & (MB_IMAGE_PAGE_SIZE - 1));
			uint64_t copy = 0;
			uint8_t *dst;

			if (chunk > s->mem_size - done)
				chunk = s->mem_size - done;
			dst = dst_of(ctx, pa, chunk);
			if (!dst)
				return -MB_IMAGE_E_UNMAPPED;
			if (done < s->file_size) {
				copy = s->file_size - done < chunk ? s->file_size - done : chunk;
				__builtin_memcpy(dst, src + s->file_off + done, (size_t)copy);
			}
			__builtin_memset(dst + copy, 0, (size_t)(chunk - copy));
			done += chunk;
		}
	}
	return 0;
}
