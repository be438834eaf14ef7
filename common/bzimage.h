/* SPDX-License-Identifier: MIT */
/*
 * Linux x86 bzImage kernels (Documentation/arch/x86/boot.rst, protocol
 * 2.12 and later; zero-page.rst): parse an image held in memory into a load
 * plan (bzimage_parse), copy its protected-mode part into guest memory
 * (bzimage_load), place the initrd (bzimage_initrd_addr) and build the zero
 * page, struct boot_params, that the 32-bit boot protocol hands the kernel
 * (bzimage_zero_page). Where things go is decided here, not by the caller.
 *
 * Images come from users and from guest hypervisors, so the parser treats
 * every byte as hostile: every offset and size is bounds-checked without
 * integer overflow, and the plan only touches guest RAM below 4 GiB that the
 * caller has not reserved. Dual-built: freestanding into l1hv, hosted for
 * the unit tests and tools/linux/check-bzimage.
 *
 * What the caller does to boot a kernel (boot.rst "32-bit Boot Protocol"):
 *
 *  1. bzimage_parse(img, size, &mem, &k, &why), where mem describes guest
 *     RAM: [0, mem.size) less mem.reserved[] (ranges the caller keeps for
 *     itself: the boot GDT, zero page and command line below, ACPI tables,
 *     MMIO holes). It chooses k.load.base: pref_address when the kernel is
 *     relocatable and [pref_address, + init_size) is free, else the lowest
 *     kernel_alignment-aligned free address >= 1 MiB; a kernel that is not
 *     relocatable loads at 1 MiB and runs at pref_address (k.run).
 *  2. bzimage_load(&k, img, dst_of, ctx) copies the protected-mode kernel
 *     (file bytes from (setup_sects + 1) * 512 to the end) to k.load.base.
 *     The real-mode setup code is not loaded: the 32-bit protocol skips it.
 *     Guest memory must be zeroed beforehand (l1hv zeroes all of it).
 *  3. bzimage_initrd_addr(&k, &mem, initrd_size, &initrd_gpa, &why), then
 *     copy the initrd there.
 *  4. Write the command line plus its NUL at BZIMAGE_CMDLINE_GPA (at most
 *     k.cmdline_size characters), and the boot GDT (BZIMAGE_BOOT_GDT_INIT,
 *     32 bytes) at BZIMAGE_BOOT_GDT_GPA.
 *  5. bzimage_zero_page(&k, img, zp, &boot, &why) fills 4096 bytes; copy
 *     them to BZIMAGE_ZERO_PAGE_GPA (or build them in place). The e820 map
 *     in boot must list as RAM (type 1) the kernel's and the initrd's
 *     ranges, and as non-RAM whatever must survive: Linux's KASLR
 *     decompresses to a random RAM address >= 16 MiB avoiding only the
 *     kernel, initrd, command line and zero page (pass "nokaslr" on the
 *     command line for reproducible runs).
 *  6. Enter the vCPU (boot.rst: 32-bit protected mode, paging off):
 *       GDTR  base BZIMAGE_BOOT_GDT_GPA, limit BZIMAGE_BOOT_GDT_LIMIT; the
 *             table holds selector 0x10 = flat 4 GiB code (execute/read)
 *             and 0x18 = flat 4 GiB data (read/write), see below;
 *       CS    selector 0x10, base 0, limit 0xffffffff, access rights
 *             BZIMAGE_BOOT_CS_AR (0xc09b: present, DPL 0, code, exec/read,
 *             accessed, D=1, G=1);
 *       DS, ES, SS (and, to be tidy, FS, GS): selector 0x18, base 0, limit
 *             0xffffffff, access rights BZIMAGE_BOOT_DS_AR (0xc093);
 *       LDTR  unusable; TR a busy 32-bit TSS as VM entry requires (its
 *             contents are never read); IDTR anything (interrupts stay off);
 *       CR0   PE | ET | NE (PG = 0), CR3 0, CR4 0 (plus VMX fixed bits),
 *             EFER 0;
 *       RFLAGS 0x2 (IF = 0: interrupts disabled);
 *       EIP   k.entry32 (= k.load.base, what code32_start says);
 *       ESI   guest physical address of the zero page;
 *       EBP = EDI = EBX = 0 (the protocol requires it), EAX/ECX/EDX 0;
 *       ESP   anything: startup_32 uses boot_params.scratch as its first
 *             stack, so the zero page must be in writable RAM.
 *     Linux loads its own GDT within its first instructions, but the
 *     protocol asks for one in memory, so a fault or an emulated
 *     instruction before that sees the right descriptors.
 */
#ifndef NESTLAB_COMMON_BZIMAGE_H
#define NESTLAB_COMMON_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/e820.h"

/* The oldest protocol accepted: xloadflags and the 64-bit-capable
 * boot_params fields (Linux 3.8); pref_address/init_size are 2.10. */
#define BZIMAGE_MIN_VERSION      0x020cu
/* acpi_rsdp_addr (boot_params 0x070) is written from this version on. */
#define BZIMAGE_RSDP_VERSION     0x020eu
#define BZIMAGE_SECTOR           512u
#define BZIMAGE_ZERO_PAGE_SIZE   4096u
#define BZIMAGE_PAGE_SIZE        4096u  /* bzimage_load never asks across one */
#define BZIMAGE_E820_MAX         128u   /* slots in boot_params.e820_table */
#define BZIMAGE_HIGH_START       0x100000u  /* 1 MiB: kernel and initrd go above */
#define BZIMAGE_MAX_RESERVED     64u

/* loadflags (setup header 0x211) */
#define BZIMAGE_LOADED_HIGH      0x01u  /* read: a bzImage, loaded at 1 MiB */
#define BZIMAGE_KASLR_FLAG       0x02u  /* kernel internal */
#define BZIMAGE_QUIET_FLAG       0x20u  /* write: suppress early messages */
#define BZIMAGE_KEEP_SEGMENTS    0x40u  /* obsolete */
#define BZIMAGE_CAN_USE_HEAP     0x80u  /* write: heap_end_ptr is valid */

/* xloadflags (setup header 0x236, 2.12+; bits 5-6 from bootparam.h) */
#define BZIMAGE_XLF_KERNEL_64               0x01u  /* 64-bit entry at +0x200 */
#define BZIMAGE_XLF_CAN_BE_LOADED_ABOVE_4G  0x02u
#define BZIMAGE_XLF_EFI_HANDOVER_32         0x04u
#define BZIMAGE_XLF_EFI_HANDOVER_64         0x08u
#define BZIMAGE_XLF_EFI_KEXEC               0x10u
#define BZIMAGE_XLF_5LEVEL                  0x20u
#define BZIMAGE_XLF_5LEVEL_ENABLED          0x40u

/* The 64-bit entry point's offset from the load address (boot.rst
 * "64-bit Boot Protocol"); not used by l1hv, which enters at 32 bits. */
#define BZIMAGE_ENTRY64_OFFSET   0x200u

/*
 * Where the loader keeps its boot structures in guest low memory (the
 * library's layout; reserve them in struct bzimage_mem only if you move
 * them above 1 MiB). All below 0xA0000 and clear of the real-mode IVT/BDA.
 */
#define BZIMAGE_BOOT_GDT_GPA     0x6000u
#define BZIMAGE_ZERO_PAGE_GPA    0x7000u
#define BZIMAGE_CMDLINE_GPA      0x20000u
#define BZIMAGE_CMDLINE_MAX      0x10000u  /* room at BZIMAGE_CMDLINE_GPA, NUL included */

/* The boot GDT (boot.rst: __BOOT_CS 0x10 and __BOOT_DS 0x18, 4 GiB flat). */
#define BZIMAGE_BOOT_CS          0x10u
#define BZIMAGE_BOOT_DS          0x18u
#define BZIMAGE_BOOT_GDT_CODE    0x00cf9b000000ffffull  /* base 0, limit 0xfffff pages, 0x9b, D G */
#define BZIMAGE_BOOT_GDT_DATA    0x00cf93000000ffffull  /* base 0, limit 0xfffff pages, 0x93, B G */
#define BZIMAGE_BOOT_GDT_INIT    { 0, 0, BZIMAGE_BOOT_GDT_CODE, BZIMAGE_BOOT_GDT_DATA }
#define BZIMAGE_BOOT_GDT_ENTRIES 4u
#define BZIMAGE_BOOT_GDT_LIMIT   (BZIMAGE_BOOT_GDT_ENTRIES * 8u - 1u)
/* The same segments in VMCS access-rights format (SDM Vol. 3C 25.4.1). */
#define BZIMAGE_BOOT_CS_AR       0xc09bu
#define BZIMAGE_BOOT_DS_AR       0xc093u

/*
 * Every way an image or a boot configuration can be refused:
 * X(NAME, "problem: fix"). Generates enum bzimage_err (BZIMAGE_E_<NAME>,
 * 1-based) and the message table.
 */
#define BZIMAGE_ERRORS(X)                                                          \
	X(TOO_SHORT, "image shorter than a boot sector and setup header (0x26c "   \
		     "bytes): the file is empty or was cut short")                 \
	X(NO_BOOT_FLAG, "no boot flag 0xAA55 at offset 0x1fe: not a Linux x86 "    \
			"kernel; pass the bzImage (vmlinuz), not vmlinux")         \
	X(NO_HDRS, "no \"HdrS\" signature at offset 0x202: a pre-2.00 zImage or "   \
		   "not a Linux kernel; boot a bzImage of Linux 3.8 or later")     \
	X(OLD_PROTOCOL, "boot protocol older than 2.12 (Linux before 3.8): the "    \
			"loader needs xloadflags, pref_address and init_size; boot "\
			"a newer kernel")                                          \
	X(HEADER_LENGTH, "setup header length (byte 0x201, the jump at 0x200) "     \
			 "ends before the fields of its protocol version: the "    \
			 "header is corrupt")                                      \
	X(NOT_BZIMAGE, "loadflags LOADED_HIGH clear: a zImage, which needs the "    \
		       "real-mode setup and 0x10000; build a bzImage")             \
	X(NO_KERNEL, "file ends at or before the protected-mode kernel at "        \
		     "(setup_sects + 1) * 512: the file is truncated")             \
	X(SYSSIZE, "protected-mode kernel shorter than syssize * 16 bytes, or "     \
		   "syssize 0: the file is truncated or corrupt")                  \
	X(ALIGNMENT, "relocatable kernel whose kernel_alignment is not a power "    \
		     "of two of at least 4 KiB: the header is corrupt")            \
	X(KERNEL_NO_ROOM, "no free aligned range of init_size bytes in guest "      \
			  "RAM between 1 MiB and 4 GiB for the kernel: give the "  \
			  "guest more memory (mem=)")                              \
	X(FIXED_ADDR, "kernel not relocatable and its fixed ranges (1 MiB + file " \
		      "size, pref_address + init_size) are not free guest RAM "    \
		      "below 4 GiB: give the guest more memory or boot a "         \
		      "relocatable kernel")                                        \
	X(BAD_MEM, "guest memory description invalid: a reserved range is empty " \
		   "or wraps past 2^64, or there are more than 64: fix the "       \
		   "caller")                                                       \
	X(INITRD_NO_ROOM, "no page-aligned free range for the initrd between 1 "    \
			  "MiB and min(initrd_addr_max + 1, end of RAM) that "     \
			  "avoids the kernel: give the guest more memory or use "  \
			  "a smaller initramfs")                                   \
	X(INITRD_RANGE, "initrd range invalid: it wraps, ends above "               \
			"initrd_addr_max or overlaps the kernel; place it with "   \
			"bzimage_initrd_addr")                                     \
	X(CMDLINE_TOO_LONG, "command line longer than the kernel's cmdline_size "   \
			    "(Linux would cut it): shorten it")                    \
	X(CMDLINE_RANGE, "command line address invalid: 0 (read as a pre-2.02 "     \
			 "loader), ending above 4 GiB or overlapping the "         \
			 "kernel; put it at BZIMAGE_CMDLINE_GPA")                  \
	X(E820_COUNT, "e820 map needs 2 to 128 entries: Linux ignores a map of "    \
		      "fewer than 2 (append_e820_table), the zero page holds 128") \
	X(E820_ENTRY, "e820 entry of size 0 or wrapping past 2^64: fix the "        \
		      "memory map")                                                \
	X(E820_NOT_RAM, "the kernel's or the initrd's range is not e820 RAM "       \
			"(type 1): list guest RAM in the map as type 1")           \
	X(UNMAPPED, "guest memory for the kernel is not mapped (dst_of returned "   \
		    "NULL): load into memory the guest actually has")

enum bzimage_err {
	BZIMAGE_OK = 0,
#define BZIMAGE_ERR_ENUM(name, msg) BZIMAGE_E_##name,
	BZIMAGE_ERRORS(BZIMAGE_ERR_ENUM)
#undef BZIMAGE_ERR_ENUM
	BZIMAGE_E_COUNT
};

/* [base, base + size) of guest physical memory. */
struct bzimage_range {
	uint64_t base, size;
};

/* Guest RAM as the loader may use it: [0, size) less the reserved ranges,
 * each non-empty and ending below 2^64 (else -BZIMAGE_E_BAD_MEM). */
struct bzimage_mem {
	uint64_t size;
	const struct bzimage_range *reserved;
	unsigned nreserved;  /* at most BZIMAGE_MAX_RESERVED */
};

/* The parsed header and the load plan. */
struct bzimage {
	/* From the setup header (boot.rst "Details of Header Fields"). */
	uint16_t version;            /* 0x0206: protocol, 0x020f is 2.15 */
	unsigned setup_sects;        /* 0x01f1, with 0 read as 4 */
	uint8_t loadflags;           /* 0x0211 as in the image */
	uint16_t xloadflags;         /* 0x0236, BZIMAGE_XLF_* */
	bool relocatable;            /* 0x0234 relocatable_kernel != 0 */
	uint32_t kernel_alignment;   /* 0x0230 */
	uint64_t pref_address;       /* 0x0258 */
	uint32_t init_size;          /* 0x0260 */
	uint32_t cmdline_size;       /* 0x0238: characters, NUL not counted */
	uint32_t initrd_addr_max;    /* 0x022c: highest byte an initrd may use */
	uint32_t syssize;            /* 0x01f4, 16-byte paragraphs */
	unsigned header_end;         /* 0x202 + byte at 0x201: zero page copy end */
	/* The protected-mode kernel in the file. */
	uint64_t kernel_file_off, kernel_file_size;
	/*
	 * The plan. load: where kernel_file_size bytes go. run: what the kernel
	 * uses before it reads the e820 map, max(init_size, file size) from
	 * where it runs; for a relocatable kernel run.base == load.base.
	 */
	struct bzimage_range load, run;
	uint32_t entry32;            /* 32-bit protocol entry = load.base */
	uint64_t entry64;            /* load.base + 0x200 with XLF_KERNEL_64, else 0 */
};

/* What bzimage_zero_page writes besides the image's own setup header. */
struct bzimage_boot {
	uint64_t cmdline_gpa;        /* the NUL-terminated string, below 4 GiB */
	uint32_t cmdline_len;        /* its length without the NUL */
	uint64_t initrd_gpa, initrd_size;  /* size 0: no initrd */
	const struct e820_entry *e820;
	unsigned e820_entries;       /* 2..BZIMAGE_E820_MAX */
	uint64_t acpi_rsdp_addr;     /* 0: Linux scans the BIOS area for the RSDP */
};

/*
 * Validates img[0, size) and fills *out with the header facts and the
 * plan, which uses only RAM that mem leaves free between 1 MiB and 4 GiB.
 * Returns 0, or -BZIMAGE_E_* with *why (if why is not NULL) set to a static
 * message naming the problem and the fix. *out is unspecified on error.
 */
int bzimage_parse(const void *img, size_t size, const struct bzimage_mem *mem,
		  struct bzimage *out, const char **why);

/*
 * Copies the protected-mode kernel to k->load.base. dst_of translates guest
 * physical [paddr, paddr + len) to a host pointer; it is only asked for
 * ranges within one BZIMAGE_PAGE_SIZE page. img must be the buffer k was
 * parsed from. Returns 0, or -BZIMAGE_E_UNMAPPED when dst_of returns NULL.
 */
int bzimage_load(const struct bzimage *k, const void *img,
		 void *(*dst_of)(void *ctx, uint64_t paddr, uint64_t len), void *ctx);

/*
 * Picks the initrd's address: the highest page-aligned one at or above
 * 1 MiB where initrd_size bytes end at or below min(initrd_addr_max + 1,
 * mem->size) and overlap neither the kernel (k->load, k->run) nor a
 * reserved range. initrd_size 0 gives *gpa 0 (no initrd). Returns 0, or
 * -BZIMAGE_E_* with *why set.
 */
int bzimage_initrd_addr(const struct bzimage *k, const struct bzimage_mem *mem,
			uint64_t initrd_size, uint64_t *gpa, const char **why);

/*
 * Builds the zero page in zp[0, 4096) for the 32-bit boot protocol: all
 * zero, then the image's setup header (0x1f1 up to k->header_end) with the
 * loader's fields written (type_of_loader 0xff, loadflags LOADED_HIGH |
 * CAN_USE_HEAP, heap_end_ptr, code32_start, cmd_line_ptr, ramdisk_*), the
 * ext_* high halves, the e820 table and, from protocol 2.14 on,
 * acpi_rsdp_addr. img must be the buffer k was parsed from. Checks b
 * against k (command line length and place, initrd place, e820 coverage of
 * the kernel and initrd). Returns 0, or -BZIMAGE_E_* with *why set; zp is
 * then unspecified.
 */
int bzimage_zero_page(const struct bzimage *k, const void *img, void *zp,
		      const struct bzimage_boot *b, const char **why);

/* Message for a BZIMAGE_E_* code (either sign); "unknown error" else. */
const char *bzimage_strerror(int err);

#endif
