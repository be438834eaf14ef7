/* SPDX-License-Identifier: MIT */
/* A virtual machine run by l1hv: one vCPU, guest memory behind EPT, its
 * devices, its counters, and why it stopped. */
#ifndef L1HV_VM_H
#define L1HV_VM_H

#include <stdbool.h>
#include <stdint.h>

#include "l1hv/mm/page_alloc.h"
#include "l1hv/nested/nested.h"
#include "l1hv/stats/vm_stats.h"
#include "l1hv/platform/memmap.h"
#include "l1hv/platform/platform_timers.h"
#include "l1hv/vdev/acpi_pm.h"
#include "l1hv/vdev/fw_cfg.h"
#include "l1hv/vdev/ioapic.h"
#include "l1hv/vdev/legacy_ports.h"
#include "l1hv/vdev/pic8259.h"
#include "l1hv/vdev/pit8254.h"
#include "l1hv/vdev/rtc_cmos.h"
#include "l1hv/vdev/pci_cfg.h"
#include "l1hv/vdev/vlapic.h"
#include "l1hv/vdev/vmmio.h"
#include "l1hv/vdev/vuart.h"
#include "l1hv/vm/vcpu_state.h"

#define VM_MAX            8
#define VM_NAME_MAX       24
#define VM_CMDLINE_MAX    256
#define VM_DEFAULT_MEM    (32ull << 20)
#define VM_UNCLAIMED_REPORTS 16

/* General-purpose registers in the SDM's numbering (RAX = 0 ... R15 = 15),
 * which is also the order VM-exit qualifications name them in.
 * regs[4] (RSP) is unused: the guest RSP lives in the VMCS. */
enum gpr { GPR_RAX, GPR_RCX, GPR_RDX, GPR_RBX, GPR_RSP, GPR_RBP, GPR_RSI, GPR_RDI,
	   GPR_R8, GPR_R9, GPR_R10, GPR_R11, GPR_R12, GPR_R13, GPR_R14, GPR_R15, GPR_COUNT };

enum vm_state {
	VM_CREATED,
	VM_RUNNING,
	VM_EXITED,       /* the guest wrote its exit code to port 0xF4 */
	VM_STOPPED,      /* l1hv stopped it: triple fault, bad access, ... */
};

/* MSRs the guest uses directly (MSR bitmap pass-through) and l1hv swaps
 * when it switches VMs, because the hypervisor itself never uses them: the
 * first VM_NR_SWAPPED_MSRS of vm_passthrough_msrs (vm_vmcs.c; the FS and
 * GS bases after them live in the VMCS). */
#define VM_NR_SWAPPED_MSRS 6
struct vm_passthrough_msrs {
	uint64_t value[VM_NR_SWAPPED_MSRS];
};

/*
 * One virtual CPU of a VM: what the processor holds for it (registers, its
 * VMCS, the state VMX does not switch, its local APIC, its VMX operation
 * when it is a guest hypervisor) and what it is counted. What its VM's
 * vCPUs share (memory, EPT, devices, policy) is in struct vm.
 */
struct vcpu {
	struct vm *vm;
	unsigned id;                   /* index in vm->vcpus; its APIC ID */
	uint16_t vpid;

	uint64_t vmcs_pa;              /* vmcs01 */
	bool launched;
	uint64_t host_rsp;             /* HOST_RSP last written to vmcs01 */
	uint64_t regs[GPR_COUNT];
	struct vm_passthrough_msrs msrs;
	struct vcpu_cpu_state cpu;     /* registers outside the VMCS (vcpu_state.h) */
	uint64_t misc_enable;          /* virtual IA32_MISC_ENABLE (msr.c) */
	uint8_t hlt_timer_vector;      /* NESTLAB_HC_TIMER_ON_HLT: 0 = disarmed */
	/* While an exit's handler runs: the VM-entry interruption information
	 * of the event whose delivery the exit interrupted, already set up
	 * for re-injection (exit_reinject_event); 0 when there is none. */
	uint32_t reinjecting;

	struct nested_vcpu nested;     /* L1's VMX operation, with nested=on */
	struct vlapic lapic;
	struct vm_stats stats;
};

#define VM_MAX_VCPUS 1

struct vm {
	char name[VM_NAME_MAX];
	unsigned id;
	enum vm_state state;
	int exit_code;                 /* valid in VM_EXITED */
	char stop_reason[256];         /* valid in VM_STOPPED */

	/* Guest memory: [0, mem_size) backed by host-physical [mem_hpa, ...). */
	uint64_t mem_size, mem_hpa;
	uint64_t eptp, ept_pml4;
	/* Every page l1hv allocates for this VM (page_quota_for(mem_size)). */
	struct page_quota pages;
	uint64_t budget;               /* guest ticks left to run (vm_budget.h) */
	uint64_t budget_given;         /* what budget= gave it */

	uint64_t io_bitmap_a, io_bitmap_b, msr_bitmap;   /* physical addresses */

	/* Boot: how the kernel is entered (Multiboot: EAX magic, EBX info;
	 * Linux's 32-bit boot protocol: ESI the zero page), its entry point
	 * and that structure's address. */
	enum vm_boot { VM_BOOT_MULTIBOOT, VM_BOOT_LINUX32 } boot;
	uint32_t entry, mb_info;
	uint32_t traps;                 /* NESTLAB_TRAP_*: extra exits asked for (trap=) */
	char cmdline[VM_CMDLINE_MAX];

	struct vuart uart;
	uint8_t fwd_scratch;           /* NESTLAB_FWD_PORT at level 0 */
	struct vmmio mmio;
	struct pci_cfg pci;            /* PCI configuration space (pci_cfg.h) */
	struct ioapic ioapic;          /* at IOAPIC_BASE (ioapic.h), to the vCPUs' LAPICs */
	struct legacy_ports legacy;    /* POST, A20/reset, i8042 reset, CF9 (legacy_ports.h) */
	struct pic8259 pic;            /* the 8259A pair and ELCR (pic8259.h), to vCPU 0's LINT0 */
	struct acpi_pm acpi_pm;        /* PM1 registers and PM timer (acpi_pm.h), SCI on IRQ 9 */
	struct pit8254 pit;            /* the 8254 and port 61H (pit8254.h), OUT0 on IRQ 0 */
	struct rtc_cmos rtc;           /* the RTC and CMOS RAM (rtc_cmos.h), IRQ 8 */
	struct platform_timers timers; /* when those next interrupt (platform_timers.h) */
	struct fw_cfg fw_cfg;          /* QEMU's fw_cfg at 510H (fw_cfg.h) */
	uint64_t acpi_rsdp;            /* its ACPI tables' RSDP (platform/acpi_tables.h) */
	unsigned memmap_n;             /* its physical memory map (platform/memmap.h) */
	struct e820_entry memmap[MEMMAP_MAX];
	uint8_t io_logged[65536 / 8];  /* unknown ports already reported once */
	/* Pages above RAM that no device claims, already reported once
	 * (mmio_emulate.c). */
	unsigned unclaimed_reported;
	uint64_t unclaimed_page[VM_UNCLAIMED_REPORTS];

	struct vcpu vcpus[VM_MAX_VCPUS];
	unsigned nr_vcpus;
};

extern struct vm vms[VM_MAX];
extern unsigned vm_count;

/* Translates a guest-physical range to a hypervisor pointer; NULL if any of
 * it lies outside guest memory (guest RAM is one identity-offset block). */
static inline void *vm_gpa_to_hva(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa >= vm->mem_size || len > vm->mem_size - gpa)
		return NULL;
	return (void *)(vm->mem_hpa + gpa);
}

/* Stops the VM with a reason that the summary prints. */
void vm_stop(struct vm *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Runs the VM until it exits or is stopped. */
void vm_run(struct vm *vm);
/* Runs one vCPU of a VM (vm_run, for each). */
void vcpu_run(struct vcpu *vcpu);

#endif
