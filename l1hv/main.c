/* SPDX-License-Identifier: MIT */
/*
 * l1hv: boots from a Multiboot loader (our Bochs ROM, QEMU -kernel, or a
 * parent l1hv), enters VMX root operation, runs each guest module to its
 * end, prints every VM's exit table and one verdict line, and stops the
 * machine.
 */
#include "common/free/cpu_ident.h"
#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "common/multiboot.h"
#include "common/free/cpu_tables.h"
#include "l1hv/arch/fixup.h"
#include "l1hv/arch/machine.h"
#include "l1hv/boot/module_disk.h"
#include "l1hv/boot/options.h"
#include "l1hv/console/console.h"
#include "l1hv/level.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/nested/nested.h"
#include "l1hv/selftest/entry_diff.h"
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vm/vm_create.h"
#include "l1hv/time/tsc_freq.h"
#include "l1hv/time/wall_clock.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmx.h"

uint32_t l1hv_level;
bool l1hv_parent_is_nestlab;

/* Our level is one more than the nestlab hypervisor below us (if any). */
static void detect_level(void)
{
	if (!(cpuid(1, 0).ecx & CPUID_1_ECX_HYPERVISOR))
		return;
	if (!cpu_under_l1hv()) {
		l1hv_level = 1;       /* under another hypervisor (KVM): it is L0 */
		return;
	}
	l1hv_level = cpuid(NESTLAB_CPUID_INFO, 0).eax + 1;
	l1hv_parent_is_nestlab = true;
}

/* Proves the fixup path: an MSR no CPU implements faults, l1hv goes on. */
#define SELFTEST_ABSENT_MSR 0x4b564d00u
static void selftest_msr(void)
{
	uint64_t v = 0;
	bool rd = rdmsr_safe(SELFTEST_ABSENT_MSR, &v);
	bool wr = wrmsr_safe(SELFTEST_ABSENT_MSR, 0x1234);

	pr_info("selftest: RDMSR 0x%x %s, WRMSR %s; %lu faults fixed up\n", SELFTEST_ABSENT_MSR,
		rd ? "succeeded" : "faulted", wr ? "succeeded" : "faulted", fixups_taken);
}

void multiboot_main(uint32_t magic, uint32_t info);
void multiboot_main(uint32_t magic, uint32_t info)
{
	const struct multiboot_info *mbi = (const void *)(uint64_t)info;
	const char *cmdline, *why;
	char brand[49], err[200];
	unsigned passed = 0;

	console_init();
	cpu_tables_init();
	detect_level();
	cpu_brand_string(brand);
	pr_info("nestlab l1hv, level %u, on %s\n", l1hv_level, brand);
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC)
		machine_finish(false, "not started by a Multiboot loader (EAX=0x%x): boot l1hv "
			       "with QEMU -kernel, the Bochs ROM (make run) or a parent l1hv", magic);
	cmdline = (mbi->flags & MULTIBOOT_INFO_CMDLINE) ? (const char *)(uint64_t)mbi->cmdline : "";
	pr_info("command line: '%s'\n", cmdline);
	if (options_parse(cmdline, err, sizeof(err)))
		machine_finish(false, "%s", err);
	if (l1hv_options.module_disk) {
		int n = module_disk_load(l1hv_options.module_disk, &why);
		if (n < 0)
			machine_finish(false, "%s", why);
		pr_info("module disk: %d module(s) read into place\n", n);
	}
	page_alloc_init(mbi);
	tsc_freq_init();
	wall_clock_init();
	/* Proves the exception path: the report and a FAIL verdict, no hang. */
	if (l1hv_options.selftest_fault)
		asm volatile("ud2");
	if (l1hv_options.selftest_msr)
		selftest_msr();
	/* XSETBV needs CR4.OSXSAVE in the host too (handle_xsetbv). */
	if (cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE)
		write_cr4(read_cr4() | X86_CR4_OSXSAVE);
	if (vmx_enable(&why))
		machine_finish(false, "%s", why);
	if (vm_passthrough_probe())
		pr_info("this CPU lacks pass-through MSRs (mask of present ones 0x%x): guests get #GP\n",
			vm_passthrough_present);
	/* The differential VM-entry test needs the bare machine: no VM. */
	if (l1hv_options.entry_diff) {
		bool ok = entry_diff_run(l1hv_options.entry_diff, l1hv_options.entry_diff_seed);
		machine_finish(ok, "entry-diff: l1hv's VM-entry checks and this CPU %s",
			       ok ? "agree on every case run" : "disagree");
	}
	nested_setup(l1hv_options.nested, reflect_policy_find(l1hv_options.policy));
	pr_info("VMX on: VMCS revision 0x%x, shadow VMCS %s, %lu MiB free; nested=%s\n",
		vmx_cpu.revision_id, vmx_cpu.has_shadow_vmcs ? "yes" : "no",
		page_alloc_free_bytes() >> 20, nested_enabled ? "on" : "off");
	if (nested_enabled && nested_shadow_configure(l1hv_options.shadow, err, sizeof(err)))
		machine_finish(false, "%s", err);
	if (nested_enabled)
		pr_info("nested: policy=%s shadow=%s\n", nested_policy->name, nested_shadow_name());

	vm_create_all(mbi);
	if (!vm_count)
		machine_finish(false, "no guest to run: pass guest images as Multiboot modules "
			       "(make run GUESTS=hello)");
	for (unsigned i = 0; i < vm_count; i++) {
		struct vm *vm = &vms[i];
		if (vm->state != VM_CREATED)
			continue;
		pr_info("starting VM %s\n", vm->name);
		vm_run(vm);
		if (vm->state == VM_EXITED)
			pr_info("VM %s exited with code %d\n", vm->name, vm->exit_code);
	}
	for (unsigned i = 0; i < vm_count; i++) {
		struct vm *vm = &vms[i];
		for (unsigned c = 0; c < vm->nr_vcpus; c++) {
			if (vm->vcpus[c].launched) {
				vcpu_stats_print(&vm->vcpus[c]);
				nested_print_summary(&vm->vcpus[c]);
			}
		}
		if (vm->state == VM_EXITED && vm->exit_code == 0)
			passed++;
		else if (vm->state == VM_EXITED)
			pr_info("VM %s: FAIL (exit code %d)\n", vm->name, vm->exit_code);
		else
			pr_info("VM %s: FAIL (%s)\n", vm->name, vm->stop_reason);
	}
	machine_finish(passed == vm_count, "%u of %u guests passed", passed, vm_count);
}
