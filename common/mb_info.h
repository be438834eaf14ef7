/* SPDX-License-Identifier: MIT */
/*
 * Builder for the Multiboot 1 boot information a loader hands its kernel
 * (spec 3.3): the multiboot_info structure, the command line, the module
 * list with its strings, the boot loader name and a memory map, laid out in
 * a window of guest memory given as (host pointer, guest physical base,
 * size).
 *
 * Strings are copied into the top of the window as they are added (so the
 * caller's buffers may be temporary); mb_info_finish places the info
 * structure, the module array and the memory map at the bottom, 8-byte
 * aligned in guest physical terms, and fails if the two ends meet.
 *
 *	struct mb_info b;
 *	mb_info_begin(&b, host, 0x9000, 0x1000);
 *	mb_info_set_mem(&b, 639, upper_kb);
 *	mb_info_set_cmdline(&b, "console=ttyS0");
 *	mb_info_add_mmap(&b, 0, 0x9fc00, MULTIBOOT_MEMORY_AVAILABLE);
 *	if (mb_info_finish(&b, &ebx, &why)) ... report why ...
 *
 * Every call returns 0 or -MB_INFO_E_*; the first error also sticks in the
 * builder (later calls do nothing) and mb_info_finish reports it, so setup
 * code may check only the final result.
 */
#ifndef NESTLAB_COMMON_MB_INFO_H
#define NESTLAB_COMMON_MB_INFO_H

#include <stddef.h>
#include <stdint.h>

#include "common/multiboot.h"

#define MB_INFO_MAX_MODULES 16
#define MB_INFO_MAX_MMAP    32

/* X(NAME, "problem: fix") -> enum mb_info_err and the message table. */
#define MB_INFO_ERRORS(X)                                                          \
	X(WINDOW, "info window invalid: it needs a host pointer, a non-zero size " \
		  "and must end at or below 4 GiB (Multiboot addresses are 32-bit)") \
	X(NO_SPACE, "info window too small for the info structure, modules, "      \
		    "memory map and strings: give it more room")                   \
	X(TOO_MANY_MODULES, "more than 16 boot modules: raise MB_INFO_MAX_MODULES " \
			    "or pass fewer modules")                               \
	X(BAD_MODULE, "module range invalid: need start <= end <= 4 GiB")          \
	X(TOO_MANY_MMAP, "more than 32 memory map entries: raise MB_INFO_MAX_MMAP " \
			 "or merge ranges")                                        \
	X(BAD_MMAP, "memory map entry invalid: length 0 or range wraps past "      \
		    "2^64")                                                        \
	X(BAD_MEM, "mem_lower above 640 KiB: it counts conventional memory only " \
		   "(spec 3.3)")

enum mb_info_err {
	MB_INFO_OK = 0,
#define MB_INFO_ERR_ENUM(name, msg) MB_INFO_E_##name,
	MB_INFO_ERRORS(MB_INFO_ERR_ENUM)
#undef MB_INFO_ERR_ENUM
	MB_INFO_E_COUNT
};

/* Builder state; treat as opaque. */
struct mb_info {
	uint8_t *host;     /* window start in the hypervisor's address space */
	uint64_t gpa;      /* its guest physical address */
	uint32_t size;
	uint32_t str_lo;   /* window offset of the lowest string byte */
	uint32_t flags;    /* MULTIBOOT_INFO_* collected so far */
	uint32_t mem_lower, mem_upper, cmdline, boot_loader_name;
	unsigned nmods, nmmap;
	struct multiboot_module mods[MB_INFO_MAX_MODULES];
	struct multiboot_mmap_entry mmap[MB_INFO_MAX_MMAP];
	int err;           /* first error (negative), sticky */
};

int mb_info_begin(struct mb_info *b, void *host, uint64_t gpa, size_t size);
/* lower_kb: memory from 0 (<= 640); upper_kb: from 1 MiB to the first hole. */
int mb_info_set_mem(struct mb_info *b, uint32_t lower_kb, uint32_t upper_kb);
int mb_info_set_cmdline(struct mb_info *b, const char *cmdline);
int mb_info_set_loader_name(struct mb_info *b, const char *name);
/* [start, end) in guest physical memory; string may be NULL (stored as ""). */
int mb_info_add_module(struct mb_info *b, uint64_t start, uint64_t end, const char *string);
/* type: MULTIBOOT_MEMORY_AVAILABLE, MULTIBOOT_MEMORY_RESERVED, ... */
int mb_info_add_mmap(struct mb_info *b, uint64_t addr, uint64_t len, uint32_t type);
/*
 * Writes everything into the window and sets *info_gpa to the guest
 * physical address of the multiboot_info (for EBX). Returns 0, or the first
 * error with *why (if why is not NULL) set to its message.
 */
int mb_info_finish(struct mb_info *b, uint32_t *info_gpa, const char **why);

/* Message for an MB_INFO_E_* code (either sign); "unknown error" else. */
const char *mb_info_strerror(int err);

#endif
