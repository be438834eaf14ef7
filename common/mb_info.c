/* SPDX-License-Identifier: MIT */
/*
 * Multiboot 1 boot information builder (see mb_info.h).
 *
 * Window layout after mb_info_finish (offsets grow to the right):
 *   [pad to 8][multiboot_info][pad][module array][pad][mmap] ... [strings]
 * The info structure and arrays go in last because their sizes are only
 * known then; strings are copied downward from the top as they arrive.
 */
#include "common/mb_info.h"

#define FOUR_GIB 0x100000000ull

static const char *const mb_info_msgs[MB_INFO_E_COUNT] = {
	[MB_INFO_OK] = "success",
#define MB_INFO_ERR_MSG(name, msg) [MB_INFO_E_##name] = msg,
	MB_INFO_ERRORS(MB_INFO_ERR_MSG)
#undef MB_INFO_ERR_MSG
};

const char *mb_info_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < MB_INFO_E_COUNT ? mb_info_msgs[err] : "unknown error";
}

/* Records the first error; returns whatever is now sticky. */
static int fail(struct mb_info *b, enum mb_info_err e)
{
	if (!b->err)
		b->err = -(int)e;
	return b->err;
}

/* Window offset whose guest physical address is 8-byte aligned. */
static uint64_t align8(const struct mb_info *b, uint64_t off)
{
	return ((b->gpa + off + 7) & ~7ull) - b->gpa;
}

int mb_info_begin(struct mb_info *b, void *host, uint64_t gpa, size_t size)
{
	__builtin_memset(b, 0, sizeof(*b));
	if (!host || size == 0 || gpa >= FOUR_GIB || size > FOUR_GIB - gpa)
		return fail(b, MB_INFO_E_WINDOW);
	b->host = host;
	b->gpa = gpa;
	b->size = (uint32_t)size;
	b->str_lo = b->size;
	return 0;
}

int mb_info_set_mem(struct mb_info *b, uint32_t lower_kb, uint32_t upper_kb)
{
	if (b->err)
		return b->err;
	if (lower_kb > 640)
		return fail(b, MB_INFO_E_BAD_MEM);
	b->mem_lower = lower_kb;
	b->mem_upper = upper_kb;
	b->flags |= MULTIBOOT_INFO_MEMORY;
	return 0;
}

/*
 * Copies s and its NUL below the strings placed so far; *gpa gets its guest
 * address. The length scan stops at the window size: a longer string could
 * not fit anyway, and an unterminated one must not run on forever.
 */
static int put_string(struct mb_info *b, const char *s, uint32_t *gpa)
{
	uint32_t len = 0;

	if (!s)
		s = "";
	while (len < b->str_lo && s[len])
		len++;
	if (len >= b->str_lo)
		return fail(b, MB_INFO_E_NO_SPACE);
	b->str_lo -= len + 1;
	__builtin_memcpy(b->host + b->str_lo, s, len);
	b->host[b->str_lo + len] = '\0';
	*gpa = (uint32_t)(b->gpa + b->str_lo);
	return 0;
}

int mb_info_set_cmdline(struct mb_info *b, const char *cmdline)
{
	int err;

	if (b->err)
		return b->err;
	err = put_string(b, cmdline, &b->cmdline);
	if (!err)
		b->flags |= MULTIBOOT_INFO_CMDLINE;
	return err;
}

int mb_info_set_loader_name(struct mb_info *b, const char *name)
{
	int err;

	if (b->err)
		return b->err;
	err = put_string(b, name, &b->boot_loader_name);
	if (!err)
		b->flags |= MULTIBOOT_INFO_BOOT_LOADER_NAME;
	return err;
}

int mb_info_add_module(struct mb_info *b, uint64_t start, uint64_t end, const char *string)
{
	struct multiboot_module *m;
	uint32_t str;
	int err;

	if (b->err)
		return b->err;
	if (b->nmods == MB_INFO_MAX_MODULES)
		return fail(b, MB_INFO_E_TOO_MANY_MODULES);
	/* mod_end is one past the last byte, so 4 GiB itself still fits
	 * nowhere: the field is 32-bit. */
	if (start > end || end >= FOUR_GIB)
		return fail(b, MB_INFO_E_BAD_MODULE);
	err = put_string(b, string, &str);
	if (err)
		return err;
	m = &b->mods[b->nmods++];
	m->mod_start = (uint32_t)start;
	m->mod_end = (uint32_t)end;
	m->string = str;
	m->reserved = 0;
	b->flags |= MULTIBOOT_INFO_MODS;
	return 0;
}

int mb_info_add_mmap(struct mb_info *b, uint64_t addr, uint64_t len, uint32_t type)
{
	struct multiboot_mmap_entry *e;

	if (b->err)
		return b->err;
	if (b->nmmap == MB_INFO_MAX_MMAP)
		return fail(b, MB_INFO_E_TOO_MANY_MMAP);
	/* The last byte, addr + len - 1, must not wrap. */
	if (len == 0 || len - 1 > UINT64_MAX - addr)
		return fail(b, MB_INFO_E_BAD_MMAP);
	e = &b->mmap[b->nmmap++];
	e->size = MULTIBOOT_MMAP_ENTRY_SIZE;
	e->addr = addr;
	e->len = len;
	e->type = type;
	b->flags |= MULTIBOOT_INFO_MEM_MAP;
	return 0;
}

int mb_info_finish(struct mb_info *b, uint32_t *info_gpa, const char **why)
{
	struct multiboot_info info;
	uint64_t info_off, mods_off, mmap_off, end;
	uint32_t mods_len = b->nmods * (uint32_t)sizeof(b->mods[0]);
	uint32_t mmap_len = b->nmmap * (uint32_t)sizeof(b->mmap[0]);

	/* All offsets stay far below 2^64: no overflow in uint64_t. An empty
	 * array takes no room, not even its alignment padding. */
	info_off = align8(b, 0);
	end = info_off + sizeof(info);
	mods_off = b->nmods ? align8(b, end) : end;
	end = mods_off + mods_len;
	mmap_off = b->nmmap ? align8(b, end) : end;
	end = mmap_off + mmap_len;
	if (end > b->str_lo)
		fail(b, MB_INFO_E_NO_SPACE);
	if (b->err) {
		if (why)
			*why = mb_info_strerror(b->err);
		return b->err;
	}

	__builtin_memset(&info, 0, sizeof(info));
	info.flags = b->flags;
	info.mem_lower = b->mem_lower;
	info.mem_upper = b->mem_upper;
	info.cmdline = b->cmdline;
	info.boot_loader_name = b->boot_loader_name;
	if (b->nmods) {
		info.mods_count = b->nmods;
		info.mods_addr = (uint32_t)(b->gpa + mods_off);
	}
	if (b->nmmap) {
		info.mmap_length = mmap_len;
		info.mmap_addr = (uint32_t)(b->gpa + mmap_off);
	}
	__builtin_memcpy(b->host + info_off, &info, sizeof(info));
	__builtin_memcpy(b->host + mods_off, b->mods, mods_len);
	__builtin_memcpy(b->host + mmap_off, b->mmap, mmap_len);
	*info_gpa = (uint32_t)(b->gpa + info_off);
	return 0;
}
