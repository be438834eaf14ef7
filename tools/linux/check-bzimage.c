/* SPDX-License-Identifier: MIT */
/*
 * check-bzimage: runs common/bzimage on a real kernel file the way l1hv
 * does (parse and place it in RAM of the given size, place an initrd,
 * build the zero page for the 32-bit boot protocol of boot.rst) and prints
 * the setup header facts and the plan. Exit status 0 when everything was
 * accepted; otherwise the library's "problem: fix" message and 1.
 *
 *   check-bzimage VMLINUZ [MEM_MIB [INITRD]]     (default 256 MiB, no initrd)
 */
#include "common/bzimage.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MiB 0x100000ull

static void *read_all(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	size_t cap = 16 * MiB, len = 0, n;
	char *buf = malloc(cap);

	if (!f || !buf) {
		fprintf(stderr, "check-bzimage: %s: %s\n", path, f ? "out of memory" : strerror(errno));
		exit(1);
	}
	while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap && !(buf = realloc(buf, cap *= 2))) {
			fprintf(stderr, "check-bzimage: %s: out of memory\n", path);
			exit(1);
		}
	}
	fclose(f);
	*size = len;
	return buf;
}

static void print_xloadflags(uint16_t x)
{
	static const char *const names[] = {
		"KERNEL_64", "CAN_BE_LOADED_ABOVE_4G", "EFI_HANDOVER_32", "EFI_HANDOVER_64",
		"EFI_KEXEC", "5LEVEL", "5LEVEL_ENABLED",
	};

	printf("  xloadflags         0x%02x", x);
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (x & (1u << i))
			printf(" %s", names[i]);
	printf("\n");
}

static int refuse(const char *what, const char *why)
{
	printf("check-bzimage: %s refused: %s\n", what, why);
	return 1;
}

int main(int argc, char **argv)
{
	static uint8_t zp[BZIMAGE_ZERO_PAGE_SIZE];
	uint64_t mem_mib = argc > 2 ? strtoull(argv[2], NULL, 0) : 256;
	const struct bzimage_mem mem = { .size = mem_mib * MiB };
	const struct e820_entry e820[] = {
		{ 0, 0xa0000, E820_TYPE_RAM },
		{ 0xa0000, BZIMAGE_HIGH_START - 0xa0000, E820_TYPE_RESERVED },
		{ BZIMAGE_HIGH_START, mem.size - BZIMAGE_HIGH_START, E820_TYPE_RAM },
	};
	static const char cmdline[] = "console=ttyS0 nokaslr";
	struct bzimage k;
	struct bzimage_boot b;
	uint64_t initrd_size = 0, initrd_gpa = 0;
	size_t size;
	void *img;
	const char *why;

	if (argc < 2 || argc > 4 || mem_mib < 2 || mem_mib > 1 << 20) {
		fprintf(stderr, "usage: check-bzimage VMLINUZ [MEM_MIB (2..1048576) [INITRD]]\n");
		return 2;
	}
	img = read_all(argv[1], &size);
	if (argc > 3) {
		size_t isize;

		free(read_all(argv[3], &isize));
		initrd_size = isize;
	}

	printf("check-bzimage: %s, %zu bytes, %llu MiB of guest RAM\n", argv[1], size,
	       (unsigned long long)mem_mib);
	if (bzimage_parse(img, size, &mem, &k, &why))
		return refuse("image", why);
	printf("  protocol           %u.%02u (0x%04x)\n", k.version >> 8, k.version & 0xff, k.version);
	printf("  setup_sects        %u (protected-mode kernel at file offset 0x%llx, %llu bytes)\n",
	       k.setup_sects, (unsigned long long)k.kernel_file_off,
	       (unsigned long long)k.kernel_file_size);
	printf("  syssize            0x%x (%llu bytes)\n", k.syssize, (unsigned long long)k.syssize * 16);
	printf("  loadflags          0x%02x\n", k.loadflags);
	print_xloadflags(k.xloadflags);
	printf("  relocatable        %s\n", k.relocatable ? "yes" : "no");
	printf("  kernel_alignment   0x%x\n", k.kernel_alignment);
	printf("  pref_address       0x%llx\n", (unsigned long long)k.pref_address);
	printf("  init_size          0x%x (%u KiB)\n", k.init_size, k.init_size >> 10);
	printf("  cmdline_size       %u\n", k.cmdline_size);
	printf("  initrd_addr_max    0x%x\n", k.initrd_addr_max);
	printf("  setup header end   0x%x\n", k.header_end);
	printf("  load               0x%llx + 0x%llx\n", (unsigned long long)k.load.base,
	       (unsigned long long)k.load.size);
	printf("  run                0x%llx + 0x%llx\n", (unsigned long long)k.run.base,
	       (unsigned long long)k.run.size);
	printf("  entry32            0x%x\n", k.entry32);
	printf("  entry64            0x%llx\n", (unsigned long long)k.entry64);

	if (bzimage_initrd_addr(&k, &mem, initrd_size, &initrd_gpa, &why))
		return refuse("initrd", why);
	if (initrd_size)
		printf("  initrd             0x%llx + 0x%llx\n", (unsigned long long)initrd_gpa,
		       (unsigned long long)initrd_size);
	b = (struct bzimage_boot){
		.cmdline_gpa = BZIMAGE_CMDLINE_GPA, .cmdline_len = sizeof(cmdline) - 1,
		.initrd_gpa = initrd_gpa, .initrd_size = initrd_size,
		.e820 = e820, .e820_entries = sizeof(e820) / sizeof(e820[0]),
	};
	if (bzimage_zero_page(&k, img, zp, &b, &why))
		return refuse("boot configuration", why);
	printf("check-bzimage: accepted; zero page built\n");
	free(img);
	return 0;
}
