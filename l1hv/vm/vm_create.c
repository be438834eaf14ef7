/* SPDX-License-Identifier: MIT */
#include "l1hv/vm/vm_create.h"

#include "common/fmt.h"
#include "common/hypercall_abi.h"
#include "common/free/string.h"
#include "common/bzimage.h"
#include "common/mb_boot.h"
#include "l1hv/platform/acpi_tables.h"
#include "l1hv/time/vtime.h"
#include "l1hv/time/wall_clock.h"

/* Counter 0, LSB then MSB, mode 0, binary: stopped until a count comes. */
#define PIT_CTRL_CH0_STOPPED 0x30
#include "common/mb_image.h"
#include "common/mb_info.h"
#include "l1hv/boot/options.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/exit.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/ept.h"

#define GUEST_MEM_ALIGN (2ull << 20)

struct vm_spec {
	const char *path;
	unsigned long path_len;
	const char *args;               /* after "--", or NULL */
	uint64_t mem;
	uint64_t budget;
	uint32_t traps;
	char name[VM_NAME_MAX];
};

/* trap=cr3,int3,wbinvd,ept,rdtsc -> NESTLAB_TRAP_* bits; -1 on an unknown name. */
static int parse_traps(const char *s, unsigned long len, uint32_t *out)
{
	static const struct { const char *name; uint32_t bit; } traps[] = {
		{ "cr3", NESTLAB_TRAP_CR3 }, { "int3", NESTLAB_TRAP_INT3 },
		{ "wbinvd", NESTLAB_TRAP_WBINVD }, { "ept", NESTLAB_TRAP_EPT },
		{ "rdtsc", NESTLAB_TRAP_RDTSC },
	};
	unsigned long i = 0;

	*out = 0;
	while (i < len) {
		unsigned long n = 0;
		bool found = false;
		while (i + n < len && s[i + n] != ',')
			n++;
		for (unsigned t = 0; t < sizeof(traps) / sizeof(traps[0]); t++)
			if (strlen(traps[t].name) == n && !strncmp(s + i, traps[t].name, n)) {
				*out |= traps[t].bit;
				found = true;
			}
		if (!found)
			return -1;
		i += n + 1;
	}
	return 0;
}

static void vm_fail(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void vm_fail(struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(vm->stop_reason, sizeof(vm->stop_reason), fmt, ap);
	va_end(ap);
	vm->state = VM_STOPPED;
	pr_info("VM %s not started: %s\n", vm->name, vm->stop_reason);
}

/* Default name: the image's file name without directories and extension. */
static void name_from_path(char *out, const char *path, unsigned long len)
{
	unsigned long start = 0, end = len, n;

	for (unsigned long i = 0; i < len; i++)
		if (path[i] == '/')
			start = i + 1;
	for (unsigned long i = start; i < len; i++)
		if (path[i] == '.') {
			end = i;
			break;
		}
	n = end - start < VM_NAME_MAX - 1 ? end - start : VM_NAME_MAX - 1;
	memcpy(out, path + start, n);
	out[n] = 0;
}

static int spec_parse(const char *s, struct vm_spec *spec, char *err, unsigned long errlen)
{
	const char *cur = s, *w;
	unsigned long len;

	spec->path = next_word(&cur, &spec->path_len);
	spec->args = NULL;
	spec->mem = l1hv_options.guest_mem;
	spec->budget = l1hv_options.budget;
	spec->traps = 0;
	if (!spec->path) {
		fmt_snprintf(err, errlen, "empty module string: give the image path first");
		return -1;
	}
	name_from_path(spec->name, spec->path, spec->path_len);
	while ((w = next_word(&cur, &len))) {
		if (len == 2 && !strncmp(w, "--", 2)) {
			while (*cur == ' ')
				cur++;
			spec->args = *cur ? cur : NULL;
			break;
		} else if (len > 5 && !strncmp(w, "name=", 5)) {
			unsigned long n = len - 5 < VM_NAME_MAX - 1 ? len - 5 : VM_NAME_MAX - 1;
			memcpy(spec->name, w + 5, n);
			spec->name[n] = 0;
		} else if (len > 5 && !strncmp(w, "trap=", 5)) {
			if (parse_traps(w + 5, len - 5, &spec->traps)) {
				fmt_snprintf(err, errlen, "bad trap list '%.*s': use trap=cr3,int3,wbinvd,ept,rdtsc "
					     "(any of them)", (int)len, w);
				return -1;
			}
		} else if (len > 7 && !strncmp(w, "budget=", 7)) {
			if (parse_size(w + 7, len - 7, &spec->budget) || !spec->budget) {
				fmt_snprintf(err, errlen, "bad run budget '%.*s': give a number of TSC "
					     "ticks, like budget=16G", (int)len, w);
				return -1;
			}
		} else if (len > 4 && !strncmp(w, "mem=", 4)) {
			if (parse_size(w + 4, len - 4, &spec->mem) || spec->mem < GUEST_MEM_ALIGN) {
				fmt_snprintf(err, errlen, "bad guest memory size '%.*s': give at "
					     "least 2M, like mem=32M", (int)len, w);
				return -1;
			}
		} else {
			fmt_snprintf(err, errlen, "unknown module option '%.*s': use name=NAME, "
				     "mem=SIZE, budget=TICKS, trap=LIST and '--' before the guest's own "
				     "arguments",
				     (int)len, w);
			return -1;
		}
	}
	spec->mem = (spec->mem + GUEST_MEM_ALIGN - 1) & ~(GUEST_MEM_ALIGN - 1);
	return 0;
}

static void *guest_dst(void *ctx, uint64_t gpa, uint64_t len)
{
	return vm_gpa_to_hva(ctx, gpa, len);
}

/* The ACPI tables in the BIOS area, where a kernel scans for the RSDP
 * (platform/acpi_tables.h, memmap.h). */
static int vm_build_acpi(struct vm *vm)
{
	struct acpi_platform p;
	size_t used;
	const char *why;
	uint64_t low = vm->mem_size < PCI_ECAM_BASE ? vm->mem_size : PCI_ECAM_BASE;
	const uint64_t area = MEMMAP_HIGH - MEMMAP_BIOS_AREA;

	acpi_platform_defaults(&p, vm->nr_vcpus, (uint32_t)low);
	if (acpi_build(&p, vm_gpa_to_hva(vm, MEMMAP_BIOS_AREA, area), MEMMAP_BIOS_AREA, area,
		       &vm->acpi_rsdp, &used, &why)) {
		vm_fail(vm, "ACPI tables: %s", why);
		return -1;
	}
	return 0;
}

/* Linux's setup header marks (boot.rst): the boot sector's 55AAH and
 * "HdrS" at 202H. Any other image is a Multiboot kernel or refused as one. */
static bool image_is_bzimage(const uint8_t *img, uint64_t size)
{
	return size >= 0x206 && img[0x1fe] == 0x55 && img[0x1ff] == 0xaa &&
	       !memcmp(img + 0x202, "HdrS", 4);
}

/*
 * A Linux bzImage through the 32-bit boot protocol (common/bzimage.h): the
 * protected-mode kernel where the library places it, the one module as
 * its initrd, the module string's arguments (after "--") as the kernel's
 * command line, the boot GDT, and the zero page with the VM's memory map.
 */
static int vm_load_linux(struct vm *vm, const struct vm_spec *spec,
			 const struct multiboot_module *img, const struct multiboot_module *subs,
			 unsigned nsubs)
{
	static const uint64_t gdt[BZIMAGE_BOOT_GDT_ENTRIES] = BZIMAGE_BOOT_GDT_INIT;
	const void *image = (const void *)(uint64_t)img->mod_start;
	uint64_t size = img->mod_end - img->mod_start, initrd_size = 0, initrd_gpa = 0;
	struct bzimage_mem mem = { .size = vm->mem_size };
	const char *why, *args = spec->args ? spec->args : "";
	uint32_t args_len = (uint32_t)strlen(args);
	struct bzimage k;

	if (nsubs > 1) {
		vm_fail(vm, "a Linux guest takes one module, its initrd (%u given): pack the others "
			"into the initramfs", nsubs);
		return -1;
	}
	if (bzimage_parse(image, size, &mem, &k, &why) || bzimage_load(&k, image, guest_dst, vm)) {
		vm_fail(vm, "Linux kernel %.*s: %s", (int)spec->path_len, spec->path,
			why ? why : "does not fit guest memory");
		return -1;
	}
	if (nsubs) {
		initrd_size = subs[0].mod_end - subs[0].mod_start;
		if (bzimage_initrd_addr(&k, &mem, initrd_size, &initrd_gpa, &why)) {
			vm_fail(vm, "initrd: %s", why);
			return -1;
		}
		memcpy(vm_gpa_to_hva(vm, initrd_gpa, initrd_size),
		       (const void *)(uint64_t)subs[0].mod_start, initrd_size);
	}
	if (args_len >= BZIMAGE_CMDLINE_MAX || args_len > k.cmdline_size) {
		vm_fail(vm, "kernel command line of %u characters: this kernel takes at most %u",
			args_len, k.cmdline_size);
		return -1;
	}
	memcpy(vm_gpa_to_hva(vm, BZIMAGE_CMDLINE_GPA, args_len + 1), args, args_len + 1);
	memcpy(vm_gpa_to_hva(vm, BZIMAGE_BOOT_GDT_GPA, sizeof(gdt)), gdt, sizeof(gdt));
	struct bzimage_boot boot = {
		.cmdline_gpa = BZIMAGE_CMDLINE_GPA, .cmdline_len = args_len,
		.initrd_gpa = initrd_gpa, .initrd_size = initrd_size,
		.e820 = vm->memmap, .e820_entries = vm->memmap_n,
		.acpi_rsdp_addr = vm->acpi_rsdp,
	};
	if (bzimage_zero_page(&k, image, vm_gpa_to_hva(vm, BZIMAGE_ZERO_PAGE_GPA,
						       BZIMAGE_ZERO_PAGE_SIZE), &boot, &why)) {
		vm_fail(vm, "Linux zero page: %s", why);
		return -1;
	}
	fmt_snprintf(vm->cmdline, sizeof(vm->cmdline), "%s", args);
	vm->boot = VM_BOOT_LINUX32;
	vm->entry = k.entry32;
	vm->mb_info = BZIMAGE_ZERO_PAGE_GPA;
	pr_info("VM %s: Linux boot protocol %u.%02u, kernel at 0x%lx (%lu KiB), initrd at 0x%lx "
		"(%lu KiB)\n", vm->name, k.version >> 8, k.version & 0xff, k.load.base,
		k.load.size >> 10, initrd_gpa, initrd_size >> 10);
	return 0;
}

/* Loads the kernel, its modules and the Multiboot info into guest memory. */
static int vm_load(struct vm *vm, const struct vm_spec *spec, const struct multiboot_module *img,
		   const struct multiboot_module *subs, unsigned nsubs)
{
	const void *image = (const void *)(uint64_t)img->mod_start;
	uint64_t size = img->mod_end - img->mod_start, sizes[MB_INFO_MAX_MODULES];
	struct mb_image mb;
	struct mb_boot_layout lay;
	struct mb_info info;
	const char *why;
	int rc;

	if (image_is_bzimage(image, size))
		return vm_load_linux(vm, spec, img, subs, nsubs);
	rc = mb_image_parse(image, size, MB_BOOT_HIGH_START, vm->mem_size, &mb, &why);
	if (rc) {
		vm_fail(vm, "malformed guest image %.*s: %s", (int)spec->path_len, spec->path, why);
		return -1;
	}
	for (unsigned i = 0; i < nsubs; i++)
		sizes[i] = subs[i].mod_end - subs[i].mod_start;
	if (mb_boot_layout(&mb, sizes, nsubs, vm->mem_size, &lay, &why)) {
		vm_fail(vm, "%s", why);
		return -1;
	}
	if (mb_image_load(&mb, image, guest_dst, vm)) {
		vm_fail(vm, "image does not fit guest memory");
		return -1;
	}
	mb_info_begin(&info, vm_gpa_to_hva(vm, MB_BOOT_INFO_GPA, MB_BOOT_INFO_SIZE),
		      MB_BOOT_INFO_GPA, MB_BOOT_INFO_SIZE);
	mb_info_set_mem(&info, MEMMAP_EBDA / 1024, (uint32_t)((vm->mem_size - MEMMAP_HIGH) / 1024));
	for (unsigned i = 0; i < vm->memmap_n; i++)
		mb_info_add_mmap(&info, vm->memmap[i].addr, vm->memmap[i].size, vm->memmap[i].type);
	fmt_snprintf(vm->cmdline, sizeof(vm->cmdline), "%s%s%s", vm->name,
		     spec->args ? " " : "", spec->args ? spec->args : "");
	mb_info_set_cmdline(&info, vm->cmdline);
	mb_info_set_loader_name(&info, "nestlab l1hv");
	for (unsigned i = 0; i < nsubs; i++) {
		const char *str = (const char *)(uint64_t)subs[i].string;
		memcpy(vm_gpa_to_hva(vm, lay.mod_start[i], sizes[i]),
		       (const void *)(uint64_t)subs[i].mod_start, sizes[i]);
		mb_info_add_module(&info, lay.mod_start[i], lay.mod_end[i], str + 1);
	}
	uint32_t info_gpa;
	if (mb_info_finish(&info, &info_gpa, &why)) {
		vm_fail(vm, "multiboot info: %s", why);
		return -1;
	}
	vm->entry = mb.entry;
	vm->mb_info = info_gpa;
	return 0;
}

static void vm_create_one(const struct multiboot_module *mods, unsigned idx, unsigned nsubs)
{
	struct vm *vm = &vms[vm_count];
	struct vcpu *vcpu = &vm->vcpus[0];
	struct vm_spec spec;
	char err[160];
	const char *why;

	memset(vm, 0, sizeof(*vm));
	vm->id = vm_count++;
	vuart_reset(&vm->uart);
	pci_cfg_reset(&vm->pci);
	ioapic_reset(&vm->ioapic, vlapic_ioapic_send, vm);
	pic_reset(&vm->pic);
	acpi_pm_reset(&vm->acpi_pm, vm_clock_now(vm, ACPI_PM_TIMER_HZ));
	pit_reset(&vm->pit, vm_clock_now(vm, PIT_HZ));
	/* No BIOS runs: channel 0 is left waiting for a count (mode 0), not
	 * in the BIOS's 18.2 Hz square wave, so a guest that never programs
	 * the PIT gets no IRQ 0 (and no exits for it). */
	pit_port_write(&vm->pit, PIT_PORT_CTRL, vm_clock_now(vm, PIT_HZ), PIT_CTRL_CH0_STOPPED);
	rtc_reset(&vm->rtc, vm_clock_now(vm, RTC_HZ), wall_clock_at_boot);
	platform_timers_init(vm);
	vm->nr_vcpus = 1;
	vcpu->vm = vm;
	vlapic_init(&vcpu->lapic);
	vcpu->lapic.platform_at = &vm->timers.at;     /* vCPU 0 takes the platform's */
	vcpu->misc_enable = vcpu_misc_enable_reset();
	if (spec_parse((const char *)(uint64_t)mods[idx].string, &spec, err, sizeof(err))) {
		fmt_snprintf(vm->name, sizeof(vm->name), "vm%u", vm->id);
		vm_fail(vm, "%s", err);
		return;
	}
	memcpy(vm->name, spec.name, sizeof(vm->name));
	for (unsigned i = 0; i < vm->id; i++)       /* keep names unique */
		if (!strcmp(vms[i].name, vm->name)) {
			fmt_snprintf(vm->name, sizeof(vm->name), "%s.%u", spec.name, vm->id);
			break;
		}
	vm->mem_size = spec.mem;
	vm->traps = spec.traps;
	vm->budget = vm->budget_given = spec.budget;
	vm->mem_hpa = pages_alloc(spec.mem / 4096, GUEST_MEM_ALIGN);
	if (!vm->mem_hpa) {
		vm_fail(vm, "no room for %lu MiB of guest memory (%lu MiB free): give the machine "
			"more memory or the guest less (mem=)", spec.mem >> 20,
			page_alloc_free_bytes() >> 20);
		return;
	}
	memset((void *)vm->mem_hpa, 0, vm->mem_size);
	vm->pages.limit = page_quota_for(vm->mem_size);
	vm->memmap_n = memmap_build(vm->mem_size, vm->memmap);
	rtc_cmos_set_memory(&vm->rtc, vm->mem_size, 0, vm->nr_vcpus);
	fw_cfg_reset(&vm->fw_cfg, vm->mem_size, (uint16_t)vm->nr_vcpus, VM_MAX_VCPUS);
	fw_cfg_add_file(&vm->fw_cfg, "etc/e820", vm->memmap,
			vm->memmap_n * (uint32_t)sizeof(vm->memmap[0]));
	if (vm_build_acpi(vm))
		return;
	if (vm_load(vm, &spec, &mods[idx], &mods[idx + 1], nsubs))
		return;
	/* trap=ept: nothing is mapped yet; each first touch of a page maps it
	 * (handle_ept_violation), which the ept_fault benchmark measures. */
	vm->ept_pml4 = ept_create(&vm->pages);
	if (!vm->ept_pml4 || (!(vm->traps & NESTLAB_TRAP_EPT) &&
			      ept_map(vm->ept_pml4, 0, vm->mem_hpa, vm->mem_size, EPT_RWX, &vm->pages))) {
		vm_fail(vm, "no room for its EPT (%lu of %lu pages charged, %lu MiB free)",
			vm->pages.used, vm->pages.limit, page_alloc_free_bytes() >> 20);
		return;
	}
	vm->eptp = ept_pointer(vm->ept_pml4);
	/* VPIDs 1, 2, ...: one per vCPU of every VM (0 is the host's). */
	vcpu->vpid = (uint16_t)(vm->id * VM_MAX_VCPUS + vcpu->id + 1);
	if (vm_vmcs_setup(vcpu, &why)) {
		vm_fail(vm, "%s", why);
		return;
	}
	vm->state = VM_CREATED;
	pr_info("VM %s: %lu MiB, entry 0x%x, cmdline '%s', %u module(s)\n", vm->name,
		vm->mem_size >> 20, vm->entry, vm->cmdline, nsubs);
}

void vm_create_all(const struct multiboot_info *mbi)
{
	const struct multiboot_module *mods = (const void *)(uint64_t)mbi->mods_addr;
	unsigned n = (mbi->flags & MULTIBOOT_INFO_MODS) ? mbi->mods_count : 0;

	for (unsigned i = 0; i < n;) {
		unsigned subs = 0;
		const char *s = (const char *)(uint64_t)mods[i].string;

		if (s[0] == '+') {
			pr_info("module %u ('%s') starts with '+' but follows no guest: ignored\n",
				i, s);
			i++;
			continue;
		}
		while (i + 1 + subs < n && ((const char *)(uint64_t)mods[i + 1 + subs].string)[0] == '+')
			subs++;
		if (vm_count == VM_MAX) {
			pr_info("more than %d guests: module %u and later ignored\n", VM_MAX, i);
			break;
		}
		vm_create_one(mods, i, subs);
		i += 1 + subs;
	}
}
