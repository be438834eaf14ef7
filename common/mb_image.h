/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 kernel images: parse an image held in memory into a load plan
 * (mb_image_parse), then copy it into guest memory (mb_image_load).
 *
 * Images come from users and from guest hypervisors, so the parser treats
 * every byte as hostile: every header and segment is bounds-checked against
 * the file without integer overflow, and the plan it returns only ever
 * touches [mem_lo, mem_hi) of guest physical memory.
 *
 * Which loader applies (as GRUB and QEMU decide it):
 *  - header flag 16 (MULTIBOOT_AOUT_KLUDGE) set: the header's address fields
 *    say what to load, whatever the file format (spec 3.1.3);
 *  - otherwise the image must be an ELF32 (EM_386) or ELF64 (EM_X86_64)
 *    ET_EXEC, loaded by PT_LOAD p_paddr; e_entry is a virtual address and is
 *    translated through the PT_LOAD segment containing it.
 */
#ifndef NESTLAB_COMMON_MB_IMAGE_H
#define NESTLAB_COMMON_MB_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define MB_IMAGE_MAX_SEGS  16
#define MB_IMAGE_MAX_PHNUM 256  /* more program headers is not a kernel */
#define MB_IMAGE_PAGE_SIZE 4096 /* mb_image_load never asks across one */

enum mb_image_kind {
	MB_IMAGE_ELF32 = 1,
	MB_IMAGE_ELF64,
	MB_IMAGE_AOUT_KLUDGE,
};

/*
 * Every way an image can be refused: X(NAME, "problem: fix"). Generates
 * enum mb_image_err (MB_IMAGE_E_<NAME>, 1-based) and the message table.
 */
#define MB_IMAGE_ERRORS(X)                                                          \
	X(TRUNCATED, "image shorter than a Multiboot header (12 bytes): "           \
		     "the file is empty or was cut short")                          \
	X(NO_HEADER, "no Multiboot header in the first 8192 bytes: link the kernel " \
		     "with a Multiboot 1 header (magic 0x1BADB002)")                \
	X(HEADER_TOO_LATE, "Multiboot header found beyond the first 8192 bytes: "    \
			   "put its section first in the linker script")            \
	X(HEADER_UNALIGNED, "Multiboot header found at an offset that is not a "    \
			    "multiple of 4: align its section to 4 bytes")          \
	X(BAD_CHECKSUM, "Multiboot header checksum wrong: magic + flags + "         \
			"checksum must be 0 (mod 2^32)")                            \
	X(HEADER_TRUNCATED, "Multiboot header flags announce address or video "     \
			    "fields that end past the file or the first 8192 bytes: " \
			    "emit all fields the flags announce")                   \
	X(UNSUPPORTED_FLAGS, "Multiboot header requires a feature this loader lacks " \
			     "(flag bits 3-15): only bits 0-2 are supported, clear "  \
			     "the others")                                          \
	X(KLUDGE_HEADER_BELOW_LOAD, "a.out kludge: header_addr below load_addr: "   \
				    "load_addr must be <= header_addr")             \
	X(KLUDGE_BEFORE_FILE, "a.out kludge: header_addr - load_addr exceeds the "  \
			      "header's file offset, so loading would start "      \
			      "before the file: fix header_addr/load_addr")         \
	X(KLUDGE_LOAD_END, "a.out kludge: load_end_addr below load_addr: set it to " \
			   "the end of data, or 0 to load the whole file")          \
	X(KLUDGE_PAST_FILE, "a.out kludge: load_end_addr - load_addr reaches past " \
			    "the end of the file: fix load_end_addr or the file")   \
	X(KLUDGE_BSS_END, "a.out kludge: bss_end_addr below the end of the loaded " \
			  "data: set it to the end of bss, or 0 for no bss")        \
	X(NOT_ELF, "not an ELF file and Multiboot flag 16 (address fields) not "    \
		   "set: build an ELF kernel or fill in the address fields")        \
	X(ELF_TRUNCATED, "ELF header cut short: the file is truncated")             \
	X(ELF_CLASS, "ELF class/encoding unsupported: need ELFCLASS32 or "          \
		     "ELFCLASS64, little-endian, EI_VERSION 1")                     \
	X(ELF_MACHINE, "ELF machine wrong: an ELF32 kernel must be EM_386 and an "  \
		       "ELF64 kernel EM_X86_64")                                    \
	X(ELF_TYPE, "ELF file is not ET_EXEC: link a fixed-address executable "     \
		    "(no -pie, -shared or -r)")                                     \
	X(ELF_PHDRS, "ELF program header table malformed: e_phentsize must match "  \
		     "the class and e_phnum be at most 256")                        \
	X(ELF_PHDRS_PAST_FILE, "ELF program header table extends past the end of "  \
			       "the file: the file is truncated")                   \
	X(SEG_PAST_FILE, "segment file range (p_offset + p_filesz) extends past "   \
			 "the end of the file: the file is truncated or corrupt")   \
	X(SEG_FILESZ, "segment p_filesz larger than p_memsz: corrupt program "      \
		      "header")                                                     \
	X(SEG_ABOVE_4G, "32-bit segment ends above 4 GiB: link it lower")           \
	X(NO_SEGMENTS, "nothing to load (no PT_LOAD with p_memsz > 0, or an empty " \
		       "a.out kludge range): check the linker script")              \
	X(TOO_MANY_SEGMENTS, "more than 16 loadable segments: merge sections in "   \
			     "the linker script")                                   \
	X(SEG_OUTSIDE_MEMORY, "segment outside the guest's memory: link the kernel " \
			      "at a physical address inside guest RAM, or give the "  \
			      "guest more memory")                                  \
	X(SEG_OVERLAP, "two loadable segments overlap in physical memory: fix the " \
		       "linker script")                                             \
	X(ENTRY_OUTSIDE, "entry point not inside any loaded segment: check "        \
			 "ENTRY() in the linker script or entry_addr")              \
	X(ENTRY_ABOVE_4G, "ELF64 entry point above 4 GiB: Multiboot enters in "     \
			  "32-bit protected mode; provide a 32-bit entry stub at a "  \
			  "low physical address")                                   \
	X(UNMAPPED, "guest memory for a segment is not mapped (dst_of returned "    \
		    "NULL): load into memory the guest actually has")

enum mb_image_err {
	MB_IMAGE_OK = 0,
#define MB_IMAGE_ERR_ENUM(name, msg) MB_IMAGE_E_##name,
	MB_IMAGE_ERRORS(MB_IMAGE_ERR_ENUM)
#undef MB_IMAGE_ERR_ENUM
	MB_IMAGE_E_COUNT
};

/* One contiguous range of guest physical memory: file_size bytes from the
 * image at file_off, then mem_size - file_size zero bytes. */
struct mb_load_seg {
	uint64_t file_off, paddr, file_size, mem_size;
};

struct mb_image {
	int kind;          /* enum mb_image_kind */
	uint32_t mb_flags; /* the header's flags (MULTIBOOT_PAGE_ALIGN etc.) */
	uint32_t entry;    /* physical, jumped to in 32-bit protected mode */
	unsigned nsegs;    /* 1..MB_IMAGE_MAX_SEGS, in program header order */
	struct mb_load_seg seg[MB_IMAGE_MAX_SEGS];
	uint64_t load_lo, load_hi; /* lowest byte, one past highest byte incl. bss */
};

/*
 * Validates img[0, size) and fills *out. Every byte the plan loads lies in
 * [mem_lo, mem_hi). Returns 0, or -MB_IMAGE_E_* with *why (if why is not
 * NULL) set to a static message naming the problem and the fix. *out is
 * unspecified on error.
 */
int mb_image_parse(const void *img, size_t size, uint64_t mem_lo, uint64_t mem_hi,
		   struct mb_image *out, const char **why);

/*
 * Copies the file bytes of every segment and zeroes its bss. dst_of
 * translates guest physical [paddr, paddr + len) to a host pointer; it is
 * only asked for ranges that stay within one MB_IMAGE_PAGE_SIZE page, so a
 * translator over a non-contiguous (EPT) mapping works. img must be the
 * buffer m was parsed from. Returns 0, or -MB_IMAGE_E_UNMAPPED as soon as
 * dst_of returns NULL (earlier ranges are then already written).
 */
int mb_image_load(const struct mb_image *m, const void *img,
		  void *(*dst_of)(void *ctx, uint64_t paddr, uint64_t len), void *ctx);

/* Message for an MB_IMAGE_E_* code (either sign); "unknown error" else. */
const char *mb_image_strerror(int err);

#endif
