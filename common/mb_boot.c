/* SPDX-License-Identifier: MIT */
#include "common/mb_boot.h"

#define MB_BOOT_PAGE 4096u

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

int mb_boot_layout(const struct mb_image *kernel, const uint64_t *mod_size, unsigned nmods,
		   uint64_t mem_size, struct mb_boot_layout *out, const char **why)
{
	uint64_t at = align_up(kernel->load_hi, MB_BOOT_PAGE);

	if (nmods > MB_INFO_MAX_MODULES) {
		*why = "too many boot modules (at most 16): pass fewer guest images";
		return -1;
	}
	out->nmods = nmods;
	for (unsigned i = 0; i < nmods; i++) {
		/* Multiboot addresses are 32-bit: modules must end below 4 GiB. */
		if (mod_size[i] > mem_size || at > mem_size - mod_size[i] ||
		    at + mod_size[i] > 0xffffffffull) {
			*why = "the kernel and its modules do not fit in memory: "
			       "give the machine more memory (mem=)";
			return -1;
		}
		out->mod_start[i] = at;
		out->mod_end[i] = at + mod_size[i];
		at = align_up(out->mod_end[i], MB_BOOT_PAGE);
	}
	if (at > mem_size) {
		*why = "the kernel does not fit in memory: give the machine more memory (mem=)";
		return -1;
	}
	out->end = at;
	return 0;
}

void mb_boot_add_memory(struct mb_info *b, uint64_t mem_size)
{
	uint64_t upper = mem_size > MB_BOOT_HIGH_START ? mem_size - MB_BOOT_HIGH_START : 0;

	mb_info_set_mem(b, MB_BOOT_LOW_END / 1024, (uint32_t)(upper / 1024));
	mb_info_add_mmap(b, 0, MB_BOOT_LOW_END, 1);
	mb_info_add_mmap(b, MB_BOOT_LOW_END, MB_BOOT_HIGH_START - MB_BOOT_LOW_END, 2);
	if (upper)
		mb_info_add_mmap(b, MB_BOOT_HIGH_START, upper, 1);
}
