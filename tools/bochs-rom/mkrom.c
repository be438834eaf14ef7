/* SPDX-License-Identifier: MIT */
/*
 * mkrom: builds a Bochs ROM image that boots a Multiboot 1 kernel with
 * modules and a command line, without a BIOS (BOCHS-NOTES: ~0.07 s to the
 * first serial line). Layout of the ROM (mapped so that it ends at 4 GiB):
 *
 *   [kernel bytes][module bytes][info window] ... [64 KiB stub + boot table]
 *
 * With -d DISK.img, modules larger than MKROM_DISK_THRESHOLD go to a flat
 * disk image instead of the ROM (common/module_disk.h), and l1hv reads
 * them in at boot; mkrom then prints the disk's cylinder count on a second
 * line (0 without -d).
 *
 * usage: mkrom -o OUT.rom -s romstub.bin -m MEGS [-c CMDLINE] [-d DISK.img] KERNEL
 *              ["MODULE args"]...
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mb_boot.h"
#include "common/mb_image.h"
#include "common/mb_info.h"
#include "common/module_disk.h"
#include "tools/bochs-rom/rom_boot_table.h"

struct blob {
	unsigned char *data;
	size_t size;
};

static void die(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "mkrom: ");
	fprintf(stderr, fmt, a, b);
	fprintf(stderr, "\n");
	exit(1);
}

static struct blob read_file(const char *path)
{
	struct blob b = { 0 };
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		die("cannot open %s: %s", path, strerror(errno));
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot size %s: %s", path, strerror(errno));
	b.size = (size_t)n;
	b.data = malloc(b.size ? b.size : 1);
	if (!b.data || fread(b.data, 1, b.size, f) != b.size)
		die("cannot read %s%s", path, "");
	fclose(f);
	return b;
}

/* The module's file is the first word of its string (QEMU's -initrd
 * convention), after the '+' marks that make it a module of the guest
 * before it (l1hv/vm/vm_create.h). */
static char *module_path(const char *spec)
{
	size_t n;

	spec += strspn(spec, "+");
	n = strcspn(spec, " ");
	char *p = malloc(n + 1);

	if (!p)
		die("out of memory%s%s", "", "");
	memcpy(p, spec, n);
	p[n] = 0;
	return p;
}

struct rom {
	unsigned char *payload;     /* grows from ROM offset 0 */
	size_t used, cap;
	struct rom_boot_table table;
};

/* Appends bytes to the payload and a copy of them to dst (+ zero bytes). */
static void rom_add_copy(struct rom *r, const void *src, size_t len, uint64_t dst, uint64_t zero)
{
	struct rom_copy *c;

	if (r->table.count == ROM_TABLE_MAX_COPIES)
		die("too many pieces to copy (at most %s)%s", "64", "");
	if (r->used + len > r->cap)
		die("payload too large for a Bochs ROM (at most 2 MiB with the 64 KiB stub)%s%s: "
		    "use fewer or smaller guest images", "", "");
	c = &r->table.copy[r->table.count++];
	c->src = (uint32_t)r->used;        /* fixed up to a ROM address at the end */
	c->dst = (uint32_t)dst;
	c->len = (uint32_t)len;
	c->zero = (uint32_t)zero;
	memcpy(r->payload + r->used, src, len);
	r->used = (r->used + len + 15) & ~(size_t)15;
}


/* Modules above this size go to the disk when there is one. */
#define MKROM_DISK_THRESHOLD (64u << 10)

struct disk {
	FILE *f;
	uint32_t sectors;               /* written so far */
	struct module_disk_table table;
};

/* Appends a module to the disk image, sector-aligned; records the piece. */
static void disk_add(struct disk *d, const struct blob *b, uint64_t dst)
{
	static const unsigned char zero[MODULE_DISK_SECTOR];
	struct module_disk_piece *p;
	size_t pad = (MODULE_DISK_SECTOR - b->size % MODULE_DISK_SECTOR) % MODULE_DISK_SECTOR;

	if (d->table.count == MODULE_DISK_MAX)
		die("too many modules for the module disk (at most %s)%s", "16", "");
	if (dst + b->size > 0xffffffffull)
		die("module placed above 4 GiB%s%s: give the machine less memory", "", "");
	p = &d->table.piece[d->table.count++];
	p->dst = (uint32_t)dst;
	p->len = (uint32_t)b->size;
	p->lba = d->sectors;
	p->sum = module_disk_sum(b->data, (uint32_t)b->size);
	if (fwrite(b->data, 1, b->size, d->f) != b->size || fwrite(zero, 1, pad, d->f) != pad)
		die("cannot write the module disk%s%s", "", "");
	d->sectors += (uint32_t)((b->size + pad) / MODULE_DISK_SECTOR);
}

/* Pads the image to whole cylinders (Bochs's flat disks need them);
 * returns the cylinder count. */
static unsigned long disk_finish(struct disk *d)
{
	static const unsigned char zero[MODULE_DISK_SECTOR];
	uint32_t per_cyl = MODULE_DISK_HEADS * MODULE_DISK_SPT;
	unsigned long cyl = (d->sectors + per_cyl - 1) / per_cyl;

	if (!cyl)
		cyl = 1;
	for (uint32_t s = d->sectors; s < cyl * per_cyl; s++)
		if (fwrite(zero, 1, sizeof(zero), d->f) != sizeof(zero))
			die("cannot write the module disk%s%s", "", "");
	if (fclose(d->f))
		die("cannot write the module disk%s%s", "", "");
	return cyl;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *stub_path = NULL, *cmdline = "l1hv", *disk_path = NULL;
	struct disk disk = { 0 };
	unsigned long megs = 0;
	int opt_end = 1;
	struct rom r = { 0 };

	for (; opt_end + 1 < argc && argv[opt_end][0] == '-'; opt_end += 2) {
		const char *o = argv[opt_end], *v = argv[opt_end + 1];
		if (!strcmp(o, "-o")) out = v;
		else if (!strcmp(o, "-s")) stub_path = v;
		else if (!strcmp(o, "-m")) megs = strtoul(v, NULL, 0);
		else if (!strcmp(o, "-c")) cmdline = v;
		else if (!strcmp(o, "-d")) disk_path = v;
		else die("unknown option %s%s", o, "");
	}
	if (!out || !stub_path || !megs || opt_end >= argc) {
		fprintf(stderr, "usage: mkrom -o OUT.rom -s romstub.bin -m MEGS [-c CMDLINE] "
				"[-d DISK.img] KERNEL [\"MODULE args\"]...\n");
		return 2;
	}
	uint64_t mem_size = (uint64_t)megs << 20;
	struct blob stub = read_file(stub_path);
	if (stub.size != ROM_STUB_SIZE)
		die("%s is not a 64 KiB ROM stub%s", stub_path, "");

	r.cap = ROM_MAX_SIZE - ROM_STUB_SIZE;
	r.payload = calloc(1, r.cap);
	if (!r.payload)
		die("out of memory%s%s", "", "");

	/* The kernel: same parser and rules as l1hv uses for its guests. */
	struct blob kernel = read_file(argv[opt_end]);
	struct mb_image img;
	const char *why = NULL;
	if (mb_image_parse(kernel.data, kernel.size, MB_BOOT_HIGH_START, mem_size, &img, &why))
		die("%s: %s", argv[opt_end], why);
	for (unsigned i = 0; i < img.nsegs; i++)
		rom_add_copy(&r, kernel.data + img.seg[i].file_off, img.seg[i].file_size,
			     img.seg[i].paddr, img.seg[i].mem_size - img.seg[i].file_size);

	/* Modules after the kernel. */
	unsigned nmods = (unsigned)(argc - opt_end - 1);
	struct blob mods[MB_INFO_MAX_MODULES];
	uint64_t sizes[MB_INFO_MAX_MODULES];
	struct mb_boot_layout lay;
	if (nmods > MB_INFO_MAX_MODULES)
		die("too many modules (at most %s)%s", "16", "");
	for (unsigned i = 0; i < nmods; i++) {
		char *path = module_path(argv[opt_end + 1 + i]);
		mods[i] = read_file(path);
		sizes[i] = mods[i].size;
		free(path);
	}
	if (mb_boot_layout(&img, sizes, nmods, mem_size, &lay, &why))
		die("%s%s", why, "");
	if (disk_path && !(disk.f = fopen(disk_path, "wb")))
		die("cannot create %s: %s", disk_path, strerror(errno));
	for (unsigned i = 0; i < nmods; i++) {
		if (disk.f && mods[i].size > MKROM_DISK_THRESHOLD)
			disk_add(&disk, &mods[i], lay.mod_start[i]);
		else
			rom_add_copy(&r, mods[i].data, mods[i].size, lay.mod_start[i], 0);
	}

	/* The information structure, built here exactly as it will sit in RAM;
	 * the module disk's table in the window's last 4 KiB. */
	static unsigned char window[MB_BOOT_INFO_SIZE];
	const uint32_t table_gpa = MB_BOOT_INFO_GPA + MB_BOOT_INFO_SIZE - MODULE_DISK_TABLE_SIZE;
	char *full_cmdline = malloc(strlen(cmdline) + 32);
	struct mb_info info;
	uint32_t info_gpa;
	if (!full_cmdline)
		die("out of memory%s%s", "", "");
	if (disk.table.count)
		sprintf(full_cmdline, "%s module_disk=%u", cmdline, table_gpa);
	else
		strcpy(full_cmdline, cmdline);
	disk.table.magic = MODULE_DISK_MAGIC;
	memcpy(window + (table_gpa - MB_BOOT_INFO_GPA), &disk.table, sizeof(disk.table));
	mb_info_begin(&info, window, MB_BOOT_INFO_GPA, sizeof(window) - MODULE_DISK_TABLE_SIZE);
	mb_boot_add_memory(&info, mem_size);
	mb_info_set_cmdline(&info, full_cmdline);
	mb_info_set_loader_name(&info, "nestlab mkrom (Bochs ROM)");
	for (unsigned i = 0; i < nmods; i++)
		mb_info_add_module(&info, lay.mod_start[i], lay.mod_end[i], argv[opt_end + 1 + i]);
	if (mb_info_finish(&info, &info_gpa, &why))
		die("multiboot info: %s%s", why, "");
	rom_add_copy(&r, window, sizeof(window), MB_BOOT_INFO_GPA, 0);

	/* Size the ROM (a power of two, Bochs requires it) and relocate sources. */
	size_t rom_size = 128u << 10;
	while (rom_size - ROM_STUB_SIZE < r.used)
		rom_size <<= 1;
	uint32_t rom_base = (uint32_t)(0x100000000ull - rom_size);
	for (unsigned i = 0; i < r.table.count; i++)
		r.table.copy[i].src += rom_base;
	r.table.magic = ROM_TABLE_MAGIC;
	r.table.entry = img.entry;
	r.table.info = info_gpa;
	memcpy(stub.data, &r.table, sizeof(r.table));

	FILE *f = fopen(out, "wb");
	if (!f)
		die("cannot create %s: %s", out, strerror(errno));
	static const unsigned char zero[4096];
	size_t pad = rom_size - ROM_STUB_SIZE - r.used;
	fwrite(r.payload, 1, r.used, f);
	while (pad) {
		size_t n = pad < sizeof(zero) ? pad : sizeof(zero);
		fwrite(zero, 1, n, f);
		pad -= n;
	}
	fwrite(stub.data, 1, stub.size, f);
	if (fclose(f))
		die("cannot write %s: %s", out, strerror(errno));
	printf("0x%08x\n", rom_base);   /* the run script passes it to romimage: address= */
	/* ata0-master's cylinders; 0: no disk to attach. */
	unsigned long cylinders = 0;
	if (disk.f && disk.table.count)
		cylinders = disk_finish(&disk);
	else if (disk.f)
		fclose(disk.f);
	printf("%lu\n", cylinders);
	return 0;
}
