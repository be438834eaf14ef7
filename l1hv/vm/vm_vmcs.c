/* SPDX-License-Identifier: MIT */
#include "l1hv/vm/vm_vmcs.h"

#include "common/free/string.h"
#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "common/free/cpu_tables.h"
#include "l1hv/arch/fixup.h"
#include "l1hv/boot/options.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vm/vcpu_state.h"
#include "l1hv/vmx/ept.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "l1hv/vmx/vmx_entry.h"
#include "common/bzimage.h"
#include "l1hv/nested/nested.h"
#include "l1hv/nested/nested_shadow.h"
#include "vmcs12/vmx_controls.h"


/* Controls l1hv wants; vmx_adjust_controls() adds what the CPU requires. */
#define WANT_PIN        0u
#define WANT_PROC       (CPU_BASED_HLT_EXITING | CPU_BASED_MWAIT_EXITING |          \
			 CPU_BASED_MONITOR_EXITING | CPU_BASED_USE_IO_BITMAPS |      \
			 CPU_BASED_USE_MSR_BITMAPS | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS | \
			 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING)
#define WANT_PROC2      (SECONDARY_EXEC_ENABLE_EPT | SECONDARY_EXEC_ENABLE_VPID |   \
			 SECONDARY_EXEC_UNRESTRICTED_GUEST | SECONDARY_EXEC_ENABLE_RDTSCP | \
			 SECONDARY_EXEC_ENABLE_INVPCID)
#define WANT_EXIT       (VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |    \
			 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT | \
			 VM_EXIT_SAVE_DEBUG_CONTROLS)
#define WANT_ENTRY      (VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT |         \
			 VM_ENTRY_LOAD_DEBUG_CONTROLS)
/* Without these l1hv cannot run a guest correctly. CR8 is the virtual
 * APIC's TPR (vlapic.h): the CPU's own TPR is never the guest's. */
#define NEED_PROC       (CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |     \
			 CPU_BASED_HLT_EXITING | CPU_BASED_ACTIVATE_SECONDARY_CONTROLS | \
			 CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING)
/* The guest's DR7 and IA32_DEBUGCTL: every VM exit sets DR7 to 400H and
 * clears DEBUGCTL (SDM 28.5.1), so without saving them on exit and
 * loading them on entry the guest's breakpoints would vanish at its next
 * exit. */
#define NEED_EXIT       (VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER |    \
			 VM_EXIT_LOAD_IA32_EFER | VM_EXIT_SAVE_DEBUG_CONTROLS)
#define NEED_ENTRY      VM_ENTRY_LOAD_DEBUG_CONTROLS

#define PAT_POWER_ON    0x0007040600070406ull

/* Access rights (SDM 25.4.1 Table 25-2). */

void vm_vmcs_write_host_state(void)
{
	struct desc_ptr gdtr, idtr;

	sgdt(&gdtr);
	sidt(&idtr);
	vmcs_write(VMCS_HOST_CR0, read_cr0());
	vmcs_write(VMCS_HOST_CR3, read_cr3());
	vmcs_write(VMCS_HOST_CR4, read_cr4());
	vmcs_write(VMCS_HOST_CS_SELECTOR, SEL_CODE64);
	vmcs_write(VMCS_HOST_SS_SELECTOR, SEL_DATA);
	vmcs_write(VMCS_HOST_DS_SELECTOR, SEL_DATA);
	vmcs_write(VMCS_HOST_ES_SELECTOR, SEL_DATA);
	vmcs_write(VMCS_HOST_FS_SELECTOR, 0);
	vmcs_write(VMCS_HOST_GS_SELECTOR, 0);
	vmcs_write(VMCS_HOST_TR_SELECTOR, SEL_TSS);
	vmcs_write(VMCS_HOST_FS_BASE, 0);
	vmcs_write(VMCS_HOST_GS_BASE, 0);
	vmcs_write(VMCS_HOST_TR_BASE, cpu_tss_base());
	vmcs_write(VMCS_HOST_GDTR_BASE, gdtr.base);
	vmcs_write(VMCS_HOST_IDTR_BASE, idtr.base);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_CS, 0);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_ESP, 0);
	vmcs_write(VMCS_HOST_IA32_SYSENTER_EIP, 0);
	vmcs_write(VMCS_HOST_IA32_EFER, rdmsr(MSR_IA32_EFER));
	vmcs_write(VMCS_HOST_IA32_PAT, rdmsr(MSR_IA32_PAT));
	vmcs_write(VMCS_HOST_RIP, (uint64_t)vmx_exit_landing);
}

static void vm_setup_segment(uint64_t sel_field, uint16_t sel, uint32_t ar)
{
	/* Selector, base, limit and AR fields of one segment register are at
	 * fixed distances from each other in the encoding space (SDM B.1.2,
	 * B.3.3, B.4.3): ES selector 0x0800, limit 0x4800, AR 0x4814, base 0x6806. */
	uint64_t idx = sel_field - VMCS_GUEST_ES_SELECTOR;

	vmcs_write(VMCS_GUEST_ES_SELECTOR + idx, sel);
	vmcs_write(VMCS_GUEST_ES_LIMIT + idx, 0xffffffff);
	vmcs_write(VMCS_GUEST_ES_AR_BYTES + idx, ar);
	vmcs_write(VMCS_GUEST_ES_BASE + idx, 0);
}

/* The machine state Multiboot promises the kernel (spec 3.2), or Linux's
 * 32-bit boot protocol (boot.rst; common/bzimage.h): flat 32-bit
 * protected mode, paging off, interrupts off either way; Multiboot with
 * code 08H and data 10H, Linux with __BOOT_CS 10H and __BOOT_DS 18H from
 * the boot GDT the loader wrote. */
static void vm_setup_guest_state(struct vcpu *vcpu)
{
	uint64_t cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE;
	bool linux32 = vcpu->vm->boot == VM_BOOT_LINUX32;
	uint16_t cs = linux32 ? BZIMAGE_BOOT_CS : 0x08, ds = linux32 ? BZIMAGE_BOOT_DS : 0x10;

	vm_setup_segment(VMCS_GUEST_CS_SELECTOR, cs, VMX_AR_CODE32);
	vm_setup_segment(VMCS_GUEST_SS_SELECTOR, ds, VMX_AR_DATA32);
	vm_setup_segment(VMCS_GUEST_DS_SELECTOR, ds, VMX_AR_DATA32);
	vm_setup_segment(VMCS_GUEST_ES_SELECTOR, ds, VMX_AR_DATA32);
	vm_setup_segment(VMCS_GUEST_FS_SELECTOR, ds, VMX_AR_DATA32);
	vm_setup_segment(VMCS_GUEST_GS_SELECTOR, ds, VMX_AR_DATA32);
	vmcs_write(VMCS_GUEST_LDTR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmcs_write(VMCS_GUEST_LDTR_LIMIT, 0);
	vmcs_write(VMCS_GUEST_LDTR_BASE, 0);
	/* SDM 27.3.1.2: TR must be usable, a busy TSS, even for a guest that
	 * never loads one. */
	vmcs_write(VMCS_GUEST_TR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_TR_AR_BYTES, VMX_AR_TSS_BUSY);
	vmcs_write(VMCS_GUEST_TR_LIMIT, 0x67);
	vmcs_write(VMCS_GUEST_TR_BASE, 0);
	vmcs_write(VMCS_GUEST_GDTR_BASE, linux32 ? BZIMAGE_BOOT_GDT_GPA : 0);
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, linux32 ? BZIMAGE_BOOT_GDT_LIMIT : 0xffff);
	vmcs_write(VMCS_GUEST_IDTR_BASE, 0);
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0xffff);

	/* The guest sees CR0/CR4 as it set them (read shadows); the CPU runs
	 * with the VMX fixed bits forced. */
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, vm_cr0_host_owned());
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, vm_cr4_host_owned());
	vmcs_write(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_write(VMCS_CR4_READ_SHADOW, 0);
	vmcs_write(VMCS_GUEST_CR0, cr0 | (vmx_cpu.caps.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG)));
	vmcs_write(VMCS_GUEST_CR3, 0);
	vmcs_write(VMCS_GUEST_CR4, vmx_cpu.caps.cr4_fixed0);
	vmcs_write(VMCS_GUEST_DR7, 0x400);
	vmcs_write(VMCS_GUEST_RSP, 0);
	vmcs_write(VMCS_GUEST_RIP, vcpu->vm->entry);
	vmcs_write(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, 0);
	vmcs_write(VMCS_GUEST_IA32_EFER, 0);
	vmcs_write(VMCS_GUEST_IA32_PAT, PAT_POWER_ON);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, 0);
	vmcs_write(VMCS_VMCS_LINK_POINTER, ~0ull);   /* SDM 27.3.1.5: no shadow yet */

	memset(vcpu->regs, 0, sizeof(vcpu->regs));
	if (linux32) {
		vcpu->regs[GPR_RSI] = vcpu->vm->mb_info;     /* the zero page */
	} else {
		vcpu->regs[GPR_RAX] = 0x2badb002;
		vcpu->regs[GPR_RBX] = vcpu->vm->mb_info;
	}
}

/* The extra exits of vcpu->vm->traps (trap=, NESTLAB_HC_SET_TRAPS), for the
 * exit-cost benchmarks, on or off in the current VMCS (vmcs01). A control
 * the CPU fixes at 1 stays 1 (vmx_adjust_controls). */
void vm_vmcs_apply_traps(const struct vcpu *vcpu)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	uint32_t unused;
	uint32_t proc = (uint32_t)vmcs_read(VMCS_CPU_BASED_VM_EXEC_CONTROL) &
			~(CPU_BASED_CR3_LOAD_EXITING | CPU_BASED_RDTSC_EXITING);
	uint32_t proc2 = (uint32_t)vmcs_read(VMCS_SECONDARY_VM_EXEC_CONTROL) &
			 ~SECONDARY_EXEC_WBINVD_EXITING;
	uint32_t excp = (uint32_t)vmcs_read(VMCS_EXCEPTION_BITMAP) & ~(1u << X86_EXC_BP);

	if (vcpu->vm->traps & NESTLAB_TRAP_CR3)
		proc |= CPU_BASED_CR3_LOAD_EXITING;
	if (vcpu->vm->traps & NESTLAB_TRAP_RDTSC)
		proc |= CPU_BASED_RDTSC_EXITING;     /* RDTSCP too: SDM 26.1.3 */
	if (vcpu->vm->traps & NESTLAB_TRAP_WBINVD)
		proc2 |= SECONDARY_EXEC_WBINVD_EXITING;
	if (vcpu->vm->traps & NESTLAB_TRAP_INT3)
		excp |= 1u << 3;
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, vmx_adjust_controls(vmx_caps_procbased(c), proc, &unused));
	vmcs_write(VMCS_SECONDARY_VM_EXEC_CONTROL, vmx_adjust_controls(c->procbased_ctls2, proc2, &unused));
	vmcs_write(VMCS_EXCEPTION_BITMAP, excp);
}

uint32_t vm_vmcs_secondary_controls(void)
{
	uint32_t unused;
	uint32_t proc2 = vmx_adjust_controls(vmx_cpu.caps.procbased_ctls2, WANT_PROC2, &unused);

	if (!vmx_cpu.has_vpid)
		proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	/* Without IA32_TSC_AUX, RDTSCP must be #UD (SDM 26.3, "enable
	 * RDTSCP" = 0): it would read a value l1hv does not swap. */
	if (!vm_passthrough_has(MSR_IA32_TSC_AUX))
		proc2 &= ~SECONDARY_EXEC_ENABLE_RDTSCP;
	return proc2;
}

static int vm_setup_controls(struct vcpu *vcpu, const char **why)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	uint32_t miss_proc, miss_exit, miss_entry, unused;
	uint32_t pin = vmx_adjust_controls(vmx_caps_pinbased(c), WANT_PIN, &unused);
	uint32_t proc = vmx_adjust_controls(vmx_caps_procbased(c), WANT_PROC, &miss_proc);
	uint32_t proc2 = vm_vmcs_secondary_controls();
	uint32_t exit = vmx_adjust_controls(vmx_caps_exit(c), WANT_EXIT, &miss_exit);
	uint32_t entry = vmx_adjust_controls(vmx_caps_entry(c), WANT_ENTRY, &miss_entry);

	if ((miss_proc & NEED_PROC) || (miss_exit & NEED_EXIT) || (miss_entry & NEED_ENTRY)) {
		*why = "this CPU's VMX lacks I/O or MSR bitmaps, HLT or CR8 exiting, EFER "
		       "save/load or debug-control save/load, which l1hv needs";
		return -1;
	}
	/* The run budget's timer (vm_budget.h), counting on across exits. */
	if (vm_budget_timer_ok())
		pin |= PIN_BASED_VMX_PREEMPTION_TIMER;
	if (vm_budget_timer_saved())
		exit |= VM_EXIT_SAVE_VMX_PREEMPTION_TIMER;
	/* Entry in 32-bit protected mode: not an IA-32e guest yet. */
	entry &= ~VM_ENTRY_IA32E_MODE;

	vmcs_write(VMCS_PIN_BASED_VM_EXEC_CONTROL, pin);
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, proc);
	vmcs_write(VMCS_SECONDARY_VM_EXEC_CONTROL, proc2);
	vmcs_write(VMCS_VM_EXIT_CONTROLS, exit);
	vmcs_write(VMCS_VM_ENTRY_CONTROLS, entry);
	vmcs_write(VMCS_EXCEPTION_BITMAP, 0);
	vm_vmcs_apply_traps(vcpu);
	vmcs_write(VMCS_PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write(VMCS_CR3_TARGET_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write(VMCS_IO_BITMAP_A, vcpu->vm->io_bitmap_a);
	vmcs_write(VMCS_IO_BITMAP_B, vcpu->vm->io_bitmap_b);
	vmcs_write(VMCS_MSR_BITMAP, vcpu->vm->msr_bitmap);
	vmcs_write(VMCS_EPT_POINTER, vcpu->vm->eptp);
	if (proc2 & SECONDARY_EXEC_ENABLE_VPID)
		vmcs_write(VMCS_VIRTUAL_PROCESSOR_ID, vcpu->vpid);
	if (pin & PIN_BASED_VMX_PREEMPTION_TIMER)
		vmcs_write32(VMCS_VMX_PREEMPTION_TIMER_VALUE, vm_budget_timer(vcpu->vm, ~0ull));
	return 0;
}


/* SDM Vol. 4 Table 2-2: IA32_TSC_AUX exists if CPUID.80000001H:EDX[27]
 * (RDTSCP) or CPUID.(EAX=07H,ECX=0):ECX[22] (RDPID). */
static bool cpu_has_tsc_aux(void)
{
	bool rdtscp = cpuid(0x80000000, 0).eax >= 0x80000001 &&
		      (cpuid(0x80000001, 0).edx & CPUID_80000001_EDX_RDTSCP);
	bool rdpid = cpuid(0, 0).eax >= 7 && (cpuid(7, 0).ecx & CPUID_7_ECX_RDPID);

	return rdtscp || rdpid;
}

unsigned vm_passthrough_probe(void)
{
	unsigned absent = 0;

	vm_passthrough_present = 0;
	for (unsigned i = 0; i < VM_NR_PASSTHROUGH_MSRS; i++) {
		uint32_t msr = vm_passthrough_msrs[i];
		uint64_t v;

		/* Read and write back: both must work for vm_run's swap.
		 * selftest=no-tsc-aux plays a CPU without TSC_AUX (its CPUID
		 * is not changed: the guest is told by its command line). */
		bool tsc_aux = cpu_has_tsc_aux() && !l1hv_options.selftest_no_tsc_aux;
		if ((msr != MSR_IA32_TSC_AUX || tsc_aux) && rdmsr_safe(msr, &v) && wrmsr_safe(msr, v))
			vm_passthrough_present |= 1u << i;
		else
			absent++;
	}
	return absent;
}

int vm_vmcs_setup(struct vcpu *vcpu, const char **why)
{
	vcpu->vmcs_pa = page_alloc_charged(&vcpu->vm->pages);
	vcpu->vm->io_bitmap_a = page_alloc_charged(&vcpu->vm->pages);
	vcpu->vm->io_bitmap_b = page_alloc_charged(&vcpu->vm->pages);
	vcpu->vm->msr_bitmap = page_alloc_charged(&vcpu->vm->pages);
	if (!vcpu->vmcs_pa || !vcpu->vm->io_bitmap_a || !vcpu->vm->io_bitmap_b || !vcpu->vm->msr_bitmap) {
		*why = "no room for its VMCS and bitmaps: give the machine more memory";
		return -1;
	}
	*(uint32_t *)vcpu->vmcs_pa = vmx_cpu.revision_id;
	/* Every port exits; every MSR exits except the pass-through ones this
	 * CPU has (an absent one exits, and msr.c answers #GP), see
	 * vm_passthrough_direct. */
	memset((void *)vcpu->vm->io_bitmap_a, 0xff, 4096);
	memset((void *)vcpu->vm->io_bitmap_b, 0xff, 4096);
	memset((void *)vcpu->vm->msr_bitmap, 0xff, 4096);
	for (unsigned i = 0; i < VM_NR_PASSTHROUGH_MSRS; i++)
		for (int write = 0; write < 2; write++)
			if (vm_passthrough_direct(i, write))
				msr_bitmap_set((uint8_t *)vcpu->vm->msr_bitmap, vm_passthrough_msrs[i],
					       write, false);

	if (!vmx_try_vmclear(&vcpu->vmcs_pa) || !vmx_try_vmptrld(&vcpu->vmcs_pa)) {
		*why = "VMCLEAR/VMPTRLD of a fresh VMCS failed";
		return -1;
	}
	vm_vmcs_write_host_state();
	if (vm_setup_controls(vcpu, why))
		return -1;
	vm_setup_guest_state(vcpu);
	if (vcpu_state_init(vcpu)) {
		*why = "no room for its register state: give the machine more memory";
		return -1;
	}
	if (nested_enabled && nested_shadow_vm_init(vcpu)) {
		*why = "no room for its shadow VMCS: give the machine more memory";
		return -1;
	}
	vcpu->launched = false;
	return 0;
}
