/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 (specification version 0.6.96): the header a kernel image
 * carries and the information structure the boot loader hands it.
 * Section numbers below are the spec's ("3.1.2 The layout of Multiboot
 * header", "3.3 Boot information format"). Every field is 32-bit little
 * endian unless noted, and all addresses are physical and below 4 GiB.
 */
#ifndef NESTLAB_COMMON_MULTIBOOT_H
#define NESTLAB_COMMON_MULTIBOOT_H

#include <stddef.h>
#include <stdint.h>

/* ---- 3.1 OS image format ------------------------------------------------ */

#define MULTIBOOT_HEADER_MAGIC 0x1BADB002u
/* The header lies completely in the first 8192 bytes, 32-bit aligned. */
#define MULTIBOOT_SEARCH       8192u
#define MULTIBOOT_HEADER_ALIGN 4u

/*
 * 3.1.2 header flags. Bits 0-15 are "required": a loader that does not
 * understand one that is set must refuse the image. Bits 16-31 are optional.
 */
#define MULTIBOOT_PAGE_ALIGN      (1u << 0)  /* modules on 4 KiB boundaries */
#define MULTIBOOT_MEMORY_INFO     (1u << 1)  /* wants mem_* (and mmap_*) */
#define MULTIBOOT_VIDEO_MODE      (1u << 2)  /* wants video mode info */
#define MULTIBOOT_AOUT_KLUDGE     (1u << 16) /* address fields are valid */
#define MULTIBOOT_REQUIRED_FLAGS  0x0000ffffu

/* Header sizes: the fixed part, through the address fields, through video. */
#define MULTIBOOT_HEADER_MIN_SIZE   12u
#define MULTIBOOT_HEADER_ADDR_SIZE  32u
#define MULTIBOOT_HEADER_VIDEO_SIZE 48u

struct multiboot_header {
	uint32_t magic;
	uint32_t flags;
	uint32_t checksum;      /* magic + flags + checksum == 0 (mod 2^32) */
	/* valid if MULTIBOOT_AOUT_KLUDGE (3.1.3) */
	uint32_t header_addr;   /* physical address of this header's magic */
	uint32_t load_addr;     /* start of text; file offset derived from it */
	uint32_t load_end_addr; /* end of data; 0: load to end of file */
	uint32_t bss_end_addr;  /* end of bss; 0: no bss */
	uint32_t entry_addr;
	/* valid if MULTIBOOT_VIDEO_MODE (3.1.4) */
	uint32_t mode_type;
	uint32_t width;
	uint32_t height;
	uint32_t depth;
};

_Static_assert(sizeof(struct multiboot_header) == MULTIBOOT_HEADER_VIDEO_SIZE,
	       "multiboot header layout (spec 3.1.2)");
_Static_assert(offsetof(struct multiboot_header, header_addr) == MULTIBOOT_HEADER_MIN_SIZE,
	       "address fields start at offset 12");
_Static_assert(offsetof(struct multiboot_header, mode_type) == MULTIBOOT_HEADER_ADDR_SIZE,
	       "video fields start at offset 32");

/* ---- 3.2 Machine state ---------------------------------------------------- */

/* EAX on entry to the OS; EBX holds the physical address of multiboot_info. */
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

/* ---- 3.3 Boot information format ---------------------------------------- */

/* multiboot_info.flags: which groups of fields are valid. */
#define MULTIBOOT_INFO_MEMORY           (1u << 0)  /* mem_lower, mem_upper */
#define MULTIBOOT_INFO_BOOTDEV          (1u << 1)  /* boot_device */
#define MULTIBOOT_INFO_CMDLINE          (1u << 2)  /* cmdline */
#define MULTIBOOT_INFO_MODS             (1u << 3)  /* mods_count, mods_addr */
#define MULTIBOOT_INFO_AOUT_SYMS        (1u << 4)  /* syms as a.out table */
#define MULTIBOOT_INFO_ELF_SHDR         (1u << 5)  /* syms as ELF sections */
#define MULTIBOOT_INFO_MEM_MAP          (1u << 6)  /* mmap_length, mmap_addr */
#define MULTIBOOT_INFO_DRIVE_INFO       (1u << 7)  /* drives_length, drives_addr */
#define MULTIBOOT_INFO_CONFIG_TABLE     (1u << 8)  /* config_table */
#define MULTIBOOT_INFO_BOOT_LOADER_NAME (1u << 9)  /* boot_loader_name */
#define MULTIBOOT_INFO_APM_TABLE        (1u << 10) /* apm_table */
#define MULTIBOOT_INFO_VBE_INFO         (1u << 11) /* vbe_* */
#define MULTIBOOT_INFO_FRAMEBUFFER_INFO (1u << 12) /* framebuffer_* */

/*
 * Packed: framebuffer_addr is a uint64_t at offset 88, and the structure
 * ends at 116, which natural alignment would round up to 120.
 */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;       /* KiB from 0, at most 640 */
	uint32_t mem_upper;       /* KiB from 1 MiB to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;         /* physical address of a C string */
	uint32_t mods_count;
	uint32_t mods_addr;       /* array of struct multiboot_module */
	/* a.out: tabsize, strsize, addr, reserved; ELF: num, size, addr, shndx */
	uint32_t syms[4];
	uint32_t mmap_length;     /* bytes in the buffer, not entries */
	uint32_t mmap_addr;       /* buffer of struct multiboot_mmap_entry */
	uint32_t drives_length;
	uint32_t drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info;
	uint32_t vbe_mode_info;
	uint16_t vbe_mode;
	uint16_t vbe_interface_seg;
	uint16_t vbe_interface_off;
	uint16_t vbe_interface_len;
	uint64_t framebuffer_addr;
	uint32_t framebuffer_pitch;
	uint32_t framebuffer_width;
	uint32_t framebuffer_height;
	uint8_t framebuffer_bpp;
	uint8_t framebuffer_type;
	uint8_t color_info[6];
} __attribute__((packed));

_Static_assert(sizeof(struct multiboot_info) == 116, "multiboot_info size (spec 3.3)");
_Static_assert(offsetof(struct multiboot_info, cmdline) == 16, "cmdline offset");
_Static_assert(offsetof(struct multiboot_info, mods_count) == 20, "mods_count offset");
_Static_assert(offsetof(struct multiboot_info, syms) == 28, "syms offset");
_Static_assert(offsetof(struct multiboot_info, mmap_length) == 44, "mmap_length offset");
_Static_assert(offsetof(struct multiboot_info, boot_loader_name) == 64, "boot_loader_name offset");
_Static_assert(offsetof(struct multiboot_info, vbe_mode) == 80, "vbe_mode offset");
_Static_assert(offsetof(struct multiboot_info, framebuffer_addr) == 88, "framebuffer_addr offset");
_Static_assert(offsetof(struct multiboot_info, framebuffer_bpp) == 108, "framebuffer_bpp offset");

/* One boot module: [mod_start, mod_end) and a C string describing it. */
struct multiboot_module {
	uint32_t mod_start;
	uint32_t mod_end;
	uint32_t string;
	uint32_t reserved;        /* 0 */
};

_Static_assert(sizeof(struct multiboot_module) == 16, "module entry size (spec 3.3)");

/* Memory map entry types. 1 is usable RAM; per 0.6.96 every other value is
 * reserved; 3-5 are the later ACPI-era refinements GRUB also reports. */
#define MULTIBOOT_MEMORY_AVAILABLE        1u
#define MULTIBOOT_MEMORY_RESERVED         2u
#define MULTIBOOT_MEMORY_ACPI_RECLAIMABLE 3u
#define MULTIBOOT_MEMORY_NVS              4u
#define MULTIBOOT_MEMORY_BADRAM           5u

/*
 * The map is a sequence of these; 'size' is the size of the rest of the
 * entry (it excludes itself), so the next entry is at +size+4. Packed: addr
 * sits at offset 4, not 8.
 */
struct multiboot_mmap_entry {
	uint32_t size;
	uint64_t addr;
	uint64_t len;
	uint32_t type;
} __attribute__((packed));

#define MULTIBOOT_MMAP_ENTRY_SIZE 20u /* the value of 'size' we write */

_Static_assert(sizeof(struct multiboot_mmap_entry) == 24, "mmap entry size (spec 3.3)");
_Static_assert(offsetof(struct multiboot_mmap_entry, addr) == 4, "mmap addr offset");
_Static_assert(offsetof(struct multiboot_mmap_entry, type) == 20, "mmap type offset");
_Static_assert(sizeof(struct multiboot_mmap_entry) - sizeof(uint32_t) ==
	       MULTIBOOT_MMAP_ENTRY_SIZE, "size excludes itself");

#endif
