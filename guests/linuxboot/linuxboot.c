/* SPDX-License-Identifier: MIT */
/*
 * linuxboot: boots a Linux bzImage without a hypervisor, the reference
 * against which Linux under l1hv is measured (the same kernel, initramfs
 * and command line on the same CPU model). Started as the machine's
 * Multiboot kernel (bench/engines/run-bochs.sh), with the bzImage as its
 * first module (the module string's words after the path are the kernel's
 * command line) and the initramfs as its second; large modules arrive on
 * the module disk (common/module_disk.h), which it reads as l1hv does. It
 * loads the kernel with l1hv's library (common/bzimage.h) and enters it
 * through the 32-bit boot protocol, as l1hv does (enter32). It prints the
 * TSC at that moment, so that instructions to a later point can be
 * counted on Bochs.
 */
#include "common/bzimage.h"
#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/multiboot.h"
#include "guests/lib/guest.h"
#include "l1hv/boot/module_disk.h"


static struct bzimage_range reserved[BZIMAGE_MAX_RESERVED];
static struct e820_entry e820[BZIMAGE_E820_MAX];
extern char __image_start[], __bss_end[];

static void *ident(void *ctx, uint64_t pa, uint64_t len)
{
	(void)ctx;
	(void)len;
	return (void *)pa;
}

/*
 * Leaves long mode for the 32-bit boot protocol, the one l1hv uses: the
 * boot GDT (its 32-bit code and data at 10H and 18H), a far return into
 * 32-bit code (compatibility mode), paging off (which ends IA-32e mode,
 * SDM Vol. 3A 10.8.5.4), EFER.LME off, flat data segments, ESI the zero
 * page, EBP = EDI = EBX = 0, and a jump to the 32-bit entry point. This
 * code and its data lie in the identity-mapped image below 4 GiB.
 */
static __attribute__((noreturn)) void enter32(uint32_t entry, uint32_t zero_page)
{
	static const uint64_t gdt[BZIMAGE_BOOT_GDT_ENTRIES] = BZIMAGE_BOOT_GDT_INIT;
	static struct { uint16_t limit; uint64_t base; } __attribute__((packed)) gdtr;

	memcpy((void *)(uint64_t)BZIMAGE_BOOT_GDT_GPA, gdt, sizeof(gdt));
	gdtr.limit = BZIMAGE_BOOT_GDT_LIMIT;
	gdtr.base = BZIMAGE_BOOT_GDT_GPA;
	asm volatile("cli\n\t"
		     "lgdt %[gdtr]\n\t"
		     "pushq %[cs]\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     ".code32\n"
		     "1:\tpushl %%edx\n\t"                 /* the entry: RDMSR overwrites EDX */
		     "movl %%cr0, %%eax\n\t"
		     "andl $0x7fffffff, %%eax\n\t"
		     "movl %%eax, %%cr0\n\t"
		     "movl $0xc0000080, %%ecx\n\t"
		     "rdmsr\n\t"
		     "andl $0xfffffeff, %%eax\n\t"
		     "wrmsr\n\t"
		     "movl %[ds], %%eax\n\t"
		     "movl %%eax, %%ds\n\tmovl %%eax, %%es\n\tmovl %%eax, %%ss\n\t"
		     "movl %%eax, %%fs\n\tmovl %%eax, %%gs\n\t"
		     "xorl %%ebp, %%ebp\n\txorl %%edi, %%edi\n\txorl %%ebx, %%ebx\n\t"
		     "ret\n"
		     ".code64"
		     :: [gdtr] "m"(gdtr), [cs] "i"(BZIMAGE_BOOT_CS), [ds] "i"(BZIMAGE_BOOT_DS),
			"d"(entry), "S"(zero_page) : "eax", "ecx", "memory");
	__builtin_unreachable();
}

int guest_main(const char *cmdline)
{
	const struct multiboot_info *mbi = guest_mbi;
	const struct multiboot_module *mods = (const void *)(uint64_t)mbi->mods_addr;
	struct bzimage_mem mem = { .reserved = reserved };
	struct bzimage k;
	const char *why, *v;
	uint64_t disk = 0, initrd_gpa = 0, initrd_size = 0;
	unsigned n = 0;
	int len;

	if ((len = cmdline_get(cmdline, "module_disk", &v)) > 0) {
		for (int i = 0; i < len; i++)
			disk = disk * 10 + (uint64_t)(v[i] - '0');
		if (module_disk_load(disk, &why) < 0) {
			printf("FAIL: %s\n", why);
			return 1;
		}
	}
	if (!(mbi->flags & MULTIBOOT_INFO_MODS) || mbi->mods_count < 1) {
		printf("FAIL: no bzImage module: give the kernel as the first module\n");
		return 1;
	}
	/* RAM from the Multiboot map; this image and every module reserved. */
	for (uint64_t p = mbi->mmap_addr; p < (uint64_t)mbi->mmap_addr + mbi->mmap_length &&
	     n < BZIMAGE_E820_MAX;) {
		const struct multiboot_mmap_entry *e = (const void *)p;
		e820[n++] = (struct e820_entry){ e->addr, e->len, e->type };
		if (e->type == 1 && e->addr + e->len > mem.size && e->addr < (4ull << 30))
			mem.size = e->addr + e->len;
		p += e->size + sizeof(e->size);
	}
	reserved[mem.nreserved++] = (struct bzimage_range){
		(uint64_t)__image_start, (uint64_t)(__bss_end - __image_start) };
	for (unsigned i = 0; i < mbi->mods_count && mem.nreserved < BZIMAGE_MAX_RESERVED; i++)
		reserved[mem.nreserved++] = (struct bzimage_range){
			mods[i].mod_start, mods[i].mod_end - mods[i].mod_start };
	const void *img = (const void *)(uint64_t)mods[0].mod_start;
	if (bzimage_parse(img, mods[0].mod_end - mods[0].mod_start, &mem, &k, &why) ||
	    bzimage_load(&k, img, ident, NULL)) {
		printf("FAIL: bzImage: %s\n", why);
		return 1;
	}
	if (mbi->mods_count > 1) {
		initrd_size = mods[1].mod_end - mods[1].mod_start;
		if (bzimage_initrd_addr(&k, &mem, initrd_size, &initrd_gpa, &why)) {
			printf("FAIL: initrd: %s\n", why);
			return 1;
		}
		memmove((void *)initrd_gpa, (const void *)(uint64_t)mods[1].mod_start, initrd_size);
	}
	/* The kernel's command line: the module string after its first word. */
	const char *args = (const char *)(uint64_t)mods[0].string;
	while (*args && *args != ' ')
		args++;
	while (*args == ' ')
		args++;
	uint32_t alen = (uint32_t)strlen(args);
	memcpy((void *)(uint64_t)BZIMAGE_CMDLINE_GPA, args, alen + 1);
	struct bzimage_boot b = { BZIMAGE_CMDLINE_GPA, alen, initrd_gpa, initrd_size, e820, n, 0 };
	if (bzimage_zero_page(&k, img, (void *)(uint64_t)BZIMAGE_ZERO_PAGE_GPA, &b, &why)) {
		printf("FAIL: zero page: %s\n", why);
		return 1;
	}
	printf("linuxboot: kernel at 0x%lx, initrd at 0x%lx (%lu KiB), entering at TSC %lu\n",
	       k.load.base, initrd_gpa, initrd_size >> 10, rdtsc_ordered());
	enter32(k.entry32, BZIMAGE_ZERO_PAGE_GPA);
}
