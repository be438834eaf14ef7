/* SPDX-License-Identifier: MIT */
/*
 * The nestlab hypercall ABI: what a guest gets from VMCALL under l1hv.
 *
 *   in:  RAX = hypercall number, RBX, RCX = arguments
 *   out: RAX = 0 or a negative error below, RBX/RCX = results
 *
 * VMCALL always exits (SDM 26.1.2); l1hv answers only at CPL 0. Numbers are
 * stable: new calls are appended.
 */
#ifndef NESTLAB_HYPERCALL_ABI_H
#define NESTLAB_HYPERCALL_ABI_H

#define NESTLAB_HC_ABI_VERSION 1

/* out: RBX = ABI version, RCX = nesting level of the answering hypervisor
 * (0 = it runs on the hardware). */
#define NESTLAB_HC_VERSION     0
/* in: RBX = basic exit reason, or NESTLAB_HC_ALL_EXITS; RCX = depth:
 * 0 asks the hypervisor directly below, 1 its parent, and so on (each
 * level forwards the call with RCX - 1 to the one below it);
 * out: RBX = VM exits of the calling VM (for depth > 0: of the VM in which
 * the forwarding hypervisor runs) with that reason so far, counting the
 * exits of this call itself. -EINVAL if there is no hypervisor that deep. */
#define NESTLAB_HC_EXIT_COUNT  1
/* in: RBX = counter id (l1hv/stats/vm_stats.h, VM_STAT_*); out: RBX = value */
#define NESTLAB_HC_STAT        2

/* in: RBX = interrupt vector (32-255), or 0 to disarm. A virtual timer
 * that expires whenever the caller halts with interrupts enabled: the HLT
 * completes and the vector is delivered as an external interrupt (what a
 * timer interrupt ending an idle HLT looks like, without waiting). */
#define NESTLAB_HC_TIMER_ON_HLT 3

/* in: RBX = the NESTLAB_TRAP_* bits the caller wants from now on; only
 * those in NESTLAB_TRAP_RUNTIME may differ from the VM's present ones
 * (trap=ept is fixed when the VM is built: -EINVAL);
 * out: RBX = the bits before the call, which a second call restores. What the module option trap= sets,
 * for one stretch of a run (the rdtsc_exit benchmark turns RDTSC exiting
 * on for its own row only). */
#define NESTLAB_HC_SET_TRAPS   4

#define NESTLAB_HC_ALL_EXITS   0xffffffffu

#define NESTLAB_HC_EPERM   (-1)    /* not called at CPL 0 */
#define NESTLAB_HC_EINVAL  (-22)   /* argument out of range */
#define NESTLAB_HC_ENOSYS  (-38)   /* unknown hypercall number */

/* CPUID leaves of the hypervisor range (SDM: 0x40000000-0x4FFFFFFF are
 * reserved for software; the hypervisor-present bit is CPUID.1:ECX[31]). */
#define NESTLAB_CPUID_VENDOR   0x40000000u  /* EAX max leaf, EBX:ECX:EDX vendor */
#define NESTLAB_CPUID_INFO     0x40000001u  /* EAX level, EBX ABI version, ECX traps */
/* The timing leaf other hypervisors offer at this number (VMware's, which
 * Linux reads on VMware): EAX the TSC's rate in kHz, EBX the local APIC
 * timer's before its divider (the same: it runs at the TSC rate). Leaves
 * 40000002H-4000000FH read 0. */
#define NESTLAB_CPUID_TIMING   0x40000010u

/* CPUID.40000001H:ECX: extra exits this VM has now (module option trap=,
 * NESTLAB_HC_SET_TRAPS). */
#define NESTLAB_TRAP_CR3       (1u << 0)    /* MOV to CR3 exits (CR3-load exiting) */
#define NESTLAB_TRAP_INT3      (1u << 1)    /* #BP exits (exception bitmap) and is re-injected */
#define NESTLAB_TRAP_WBINVD    (1u << 2)    /* WBINVD exits (WBINVD exiting) */
#define NESTLAB_TRAP_EPT       (1u << 3)    /* guest RAM is mapped on first touch (EPT violation) */
#define NESTLAB_TRAP_RDTSC     (1u << 4)    /* RDTSC and RDTSCP exit (RDTSC exiting) */
/* The traps NESTLAB_HC_SET_TRAPS may change while the VM runs. */
#define NESTLAB_TRAP_RUNTIME   (NESTLAB_TRAP_CR3 | NESTLAB_TRAP_INT3 | NESTLAB_TRAP_WBINVD | \
				NESTLAB_TRAP_RDTSC)
#define NESTLAB_CPUID_SIGNATURE "nestlab-l1hv"

/* QEMU's isa-debug-exit: a guest (or a guest l1hv) ends by writing its exit
 * code here (0 = success); under QEMU the process status is (code << 1) | 1. */
#define NESTLAB_DEBUG_EXIT_PORT 0xf4

/* A byte-wide port that an l1hv running as a guest forwards to the
 * hypervisor below it, and that an l1hv at level 0 answers itself (a
 * scratch register): the path of a device the level below does not own.
 * Out of the way of the PC's and QEMU's ports (fw_cfg is at 510H-51BH, the
 * ACPI PM block at 600H). */
#define NESTLAB_FWD_PORT       0x5f0

/* Every guest's MMIO register window (l1hv/vdev/vmmio.h): select at +0,
 * data at +0x10, IOAPIC style. Out of the way of every standard address
 * of a PC: above the local APIC's megabyte (FEE00000H), below the firmware
 * (FF000000H up), where no chipset of the PC or of QEMU's machines decodes
 * (the I/O APIC is at FEC00000H, the HPET at FED00000H). */
#define NESTLAB_MMIO_BASE      0xfef00000u

#endif
