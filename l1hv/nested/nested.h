/* SPDX-License-Identifier: MIT */
/*
 * Nested VMX: what l1hv offers a guest hypervisor (L1) when started with
 * nested=on. This layer owns the emulated VMX capability MSRs, L1's VMX
 * operation state (VMXON region, current VMCS pointer) and the emulation
 * of the VMX instructions L1 executes (nested_insn.c).
 */
#ifndef L1HV_NESTED_H
#define L1HV_NESTED_H

#include <stdbool.h>
#include <stdint.h>

#include "exit-reflect/exit_reasons.h"
#include "exit-reflect/reflect_policy.h"
#include "exit-reflect/reflect_stats.h"
#include "l1hv/exit/exit_info.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmcs12_entry.h"
#include "vmcs12/vmx_caps.h"

#define NESTED_NO_VMCS  (~0ull)    /* VMPTRST's answer without a current VMCS */

/* Per-vCPU state of L1's VMX operation (SDM 24.7, 25.1) and of the L2
 * that L1 runs through us. */
struct nested_vcpu {
	bool vmxon;                /* L1 is in VMX operation */
	uint64_t vmxon_ptr;        /* L1-physical address of its VMXON region */
	uint64_t current_vmptr;    /* L1-physical address of the current VMCS */
	struct vmcs12 *vmcs12;     /* that VMCS, in L1's memory; NULL if none */
	bool vmcs12_is_shadow;     /* its shadow-VMCS indicator at VMPTRLD (SDM 25.10) */
	/* What the VM-entry checks know of L1's processor, filled on the
	 * first VMLAUNCH/VMRESUME; each entry sets only launch/host_ia32e. */
	struct vmcs12_entry_env entry_env;

	bool in_l2;                /* the CPU runs L2 on vmcs02 right now */
	uint64_t vmcs02_pa;        /* the hardware VMCS for L2; 0 until first use */
	bool vmcs02_launched;
	uint64_t vmcs02_host_rsp;  /* HOST_RSP last written to vmcs02 */
	bool vmcs02_stale;         /* vmcs12 changed beyond the hot fields: rebuild */
	uint64_t vmcs02_for;       /* the vmcs12 (L1-physical) vmcs02 was built from */
	bool rare_in_vmcs02;       /* vmcs02 holds L2's rare guest state, newer than
				      vmcs12's (nested_fields.h) */
	/* vmcs12's hot fields as the last reflected exit left them: valid
	 * values, against which the next VMRESUME finds what L1 changed. */
	uint64_t hot_at_exit[VMCS12_ENTRY_NR_HOT];
	uint64_t io_bitmap02, msr_bitmap02;   /* all ones: every access exits to L0 */
	uint64_t ept02_pml4;       /* L2-physical -> host-physical, built on faults */
	uint64_t ept02_for;        /* the EPTP12 (or ~0: L1 without EPT) it shadows */
	uint16_t vpid02;
	uint64_t shadow_vmcs_pa;   /* with shadow!=none: linked from vmcs01 */
	bool shadow_active;        /* linked now: L1 has a current VMCS */

	/* What happened to L2's exits is counted in the vCPU's stats
	 * (VM_NESTED_STATS, VM_RSTAT_TRIPS/TRIP_CYCLES); here the round trip
	 * being measured, from a reflected exit of L2 to L2's next entry (the
	 * reflection, L0's handling of L1's exits in between, the VMRESUME),
	 * and the reflection engine's verdicts, which it counts itself. */
	uint32_t trip_reason;         /* reason of the open round trip */
	bool trip_open;
	struct reflect_stats decisions;   /* by verdict and exit reason */

	/* vmcs02's VMX-preemption timer (nested_timer.c): L1's for L2, if
	 * L1 enabled it, and L0's run budget. */
	uint64_t l2_mmio_gpa;      /* L1-physical address of L2's MMIO access */
	bool timer_l1_on;          /* L1 runs its timer for L2 */
	bool timer_clamped;        /* L1's value was above L0's: vmcs02 runs L0's */
	bool timer_l0_armed;       /* vmcs02's field counts L0's part down */
	uint32_t timer_l0;         /* L0's part: the run budget, L1's APIC timer */
	uint64_t timer_apic_for;   /* L1's APIC expiry (vlapic next_timer) timer_l0 has */
	uint32_t timer_l1;         /* clamped: L1's value when vmcs02 was armed */
	uint32_t timer_armed;      /* what vmcs02 was armed with */
};

/* The capability MSRs l1hv reports to L1: the hardware's, masked to what
 * nested support implements (vmx_caps_nested). Set by nested_setup(). */
extern struct vmx_caps nested_caps;
extern bool nested_enabled;
extern const struct reflect_policy *nested_policy;

void nested_setup(bool enable, const struct reflect_policy *policy);

/* The guest's linear-address width (CPUID.80000008H:EAX[15:8] as l1hv
 * passes it through: 48 or 57), asked once: what x86_canonical()
 * (vmcs12/canonical.h) takes for "canonical" in the SDM's VMX checks, and
 * what a WRMSR of FS/GS/KERNEL_GS_BASE needs (SDM 3.3.7.1). */
extern unsigned nested_la_width_cached;
unsigned nested_maxphyaddr_slow(void);    /* fills both caches */
static inline unsigned nested_la_width(void)
{
	if (!nested_la_width_cached)
		nested_maxphyaddr_slow();
	return nested_la_width_cached;
}
/* RDMSR of IA32_FEATURE_CONTROL and the IA32_VMX_* MSRs for an L1. */
bool nested_msr_read(uint32_t msr, uint64_t *value);

struct vcpu;
struct vm;
/* Accounts L0's ticks for one exit handled while L2 ran (in_l2) or while a
 * reflected exit's round trip is open (vm_run). */
void nested_account(struct vcpu *vcpu, bool in_l2, uint32_t basic_reason, uint64_t ticks);
/* An exit of L2 (the current VMCS is vmcs02; reason as read from it), per
 * the reflection policy: reflected to L1 or finished here (ept02 filled):
 * NULL; or L0's to handle: the handler vm_run gives the dispatcher
 * (exit_unhandled for a reason without one). Nested code never calls the
 * dispatcher itself. */
exit_handler_fn nested_l2_exit(struct vcpu *vcpu, uint32_t reason);
/* Before entering L2 while L1's local APIC has work (vlapic_needs_entry_work):
 * an interrupt for L1 exits from L2 to L1 (nested_intr.c). */
void nested_l1_interrupt(struct vcpu *vcpu);
/* L1 takes its own interrupts as exits from L2 (vmcs12's external-interrupt
 * exiting), so none of them goes through L2's IDT. */
bool nested_l1_takes_interrupts(const struct vcpu *vcpu);
/* After an expiry of vmcs02's VMX-preemption timer that is L0's (the run
 * budget): arms it again, with what is left of L1's timer. */
void nested_timer_rearm(struct vcpu *vcpu);
/* Prints the nested part of a VM's summary (nothing if L1 never ran L2). */
void nested_print_summary(const struct vcpu *vcpu);

#endif
