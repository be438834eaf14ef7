/* SPDX-License-Identifier: MIT */
/*
 * VMLAUNCH/VMRESUME of L1: the SDM's checks (ch. 27 "VM Entries", done by
 * vmcs12/ on the vmcs12), then vmcs02 = vmcs12 merged with what L0 needs,
 * and the switch to L2. Every exit of L2 comes back to L0 through
 * nested_l2_exit() (nested_exit.c).
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/exit/guest_write_inputs.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/nested/nested_fields.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/ept.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmcs12_access.h"
#include "vmcs12/vmcs12_entry.h"
#include "vmcs12/vmx_insn_error.h"

#define VPID02_BASE 0x100
_Static_assert(VM_MAX * VM_MAX_VCPUS < VPID02_BASE,
	       "the vCPUs' VPIDs (vm_create.c) stay below those of their L2s");

/* One-time setup of the hardware VMCS L2 runs on: L0's host state and
 * bitmaps that make every port and MSR access exit to L0, which then lets
 * the reflection policy decide. Charged to the VM; false if its quota has
 * no room (nothing is kept then). */
static bool vmcs02_create(struct vcpu *vcpu)
{
	struct nested_vcpu *n = &vcpu->nested;

	uint64_t page[3];

	for (unsigned i = 0; i < 3; i++)
		if (!(page[i] = page_alloc_charged(&vcpu->vm->pages))) {
			while (i--)
				page_free_charged(&vcpu->vm->pages, page[i]);
			return false;
		}
	n->vmcs02_pa = page[0];
	n->io_bitmap02 = page[1];
	n->msr_bitmap02 = page[2];
	*(uint32_t *)n->vmcs02_pa = vmx_cpu.revision_id;
	memset((void *)n->io_bitmap02, 0xff, 4096);
	/* Both I/O bitmaps may be the same all-ones page. */
	memset((void *)n->msr_bitmap02, 0xff, 4096);
	n->vpid02 = (uint16_t)(VPID02_BASE + vcpu->vm->id * VM_MAX_VCPUS + vcpu->id);
	n->ept02_for = ~0ull - 1;     /* matches no EPTP: built on first entry */
	vmx_vmclear(&n->vmcs02_pa);
	vmx_vmptrld(&n->vmcs02_pa);
	vm_vmcs_write_host_state();
	n->vmcs02_launched = false;
	n->vmcs02_host_rsp = 0;
	return true;
}

/* The bitmap bytes involved in vmcs02_msr_bitmap, each with the bits of
 * L0's direct pass-through MSRs in it (they cluster: a handful of bytes). */
static struct { uint16_t byte; uint8_t bits; } msr02_pos[2 * VM_NR_PASSTHROUGH_MSRS];
static unsigned msr02_npos;

/* Found once, out of line: the call in it would cost the hot entry path
 * registers (measured: 13 more instructions per VMRESUME when inlined). */
static __attribute__((noinline, cold)) void vmcs02_msr_pos_init(void)
{
	for (unsigned i = 0; i < 2 * VM_NR_PASSTHROUGH_MSRS; i++) {
		uint32_t msr = vm_passthrough_msrs[i / 2];
		if (!vm_passthrough_direct(i / 2, i & 1))
			continue;     /* exits for L1 too: for L2 always */
		unsigned byte = msr_bitmap_byte(msr, i & 1), j = 0;
		while (j < msr02_npos && msr02_pos[j].byte != byte)
			j++;
		if (j == msr02_npos)
			msr02_pos[msr02_npos++].byte = (uint16_t)byte;
		msr02_pos[j].bits |= (uint8_t)(1u << (msr % 8));
	}
}

/*
 * vmcs02's MSR bitmap: an MSR L0 lets its own guests use directly (L1's live
 * values) is direct for L2 too when L1's bitmap also lets L2 through;
 * every other access exits to L0, which asks L1's bitmap (the policy).
 * Redone on every entry: L1 may edit its bitmap page without telling us.
 */
static void vmcs02_msr_bitmap(struct vcpu *vcpu, const struct vmcs12 *v)
{
	uint8_t *bm02 = (uint8_t *)vcpu->nested.msr_bitmap02;
	bool l1_bitmaps = vmcs12_read(v, VMCS_CPU_BASED_VM_EXEC_CONTROL) & CPU_BASED_USE_MSR_BITMAPS;
	const uint8_t *bm12 = l1_bitmaps ? vm_gpa_to_hva(vcpu->vm, vmcs12_read(v, VMCS_MSR_BITMAP), 4096)
					 : NULL;

	if (__builtin_expect(!msr02_npos, 0))
		vmcs02_msr_pos_init();
	for (unsigned j = 0; j < msr02_npos; j++) {
		uint8_t bits = msr02_pos[j].bits;
		uint8_t want = bm12 ? bm12[msr02_pos[j].byte] & bits : bits;
		bm02[msr02_pos[j].byte] = (uint8_t)((bm02[msr02_pos[j].byte] & ~bits) | want);
	}
}

/*
 * Every vmcs12 control that holds an address, and what vmcs02 makes of it
 * (the rest of vmcs12's address fields belong to features not offered to
 * L1, vmx_caps_nested, so the entry checks refuse them):
 *   I/O bitmaps A/B, MSR bitmap: never given to the CPU; vmcs02 has L0's
 *     all-ones pages and the policy reads L1's through vm_read_phys;
 *   VM-entry/exit MSR areas: never given to the CPU; L0 applies them
 *     (nested_msr_areas.c) through vm_read_phys/vm_write_phys;
 *   EPT pointer: never given to the CPU; ept02 (nested_ept02.c);
 *   VMCS link pointer: L0's shadow VMCS or ~0 (vmcs02 never shadows);
 *   VMREAD/VMWRITE bitmaps: read by L0 for L2's VMREAD/VMWRITE;
 *   virtual-APIC page (TPR shadow): the CPU reads and writes it while L2
 *     runs, so vmcs02 gets its host-physical address, translated through
 *     L0's map of L1 and bounds-checked here.
 * Returns false (VM stopped) for a virtual-APIC page outside L1's memory.
 */
static bool vmcs02_address_controls(struct vcpu *vcpu, const struct vmcs12 *v, uint32_t proc)
{
	if (!(proc & CPU_BASED_TPR_SHADOW))
		return true;
	/* SDM 30.1, 29.1.2: with "use TPR shadow" the CPU keeps VTPR at
	 * offset 0x80 of this page and compares it with the TPR threshold
	 * (TPR-below-threshold exits, reason 43, are L1's: reflect_l1.c). */
	uint64_t gpa = vmcs12_read(v, VMCS_VIRTUAL_APIC_PAGE_ADDR);
	if (!vm_gpa_to_hva(vcpu->vm, gpa, 4096)) {
		vm_stop(vcpu->vm, "L1's virtual-APIC page at L1-physical 0x%lx is outside its %lu MiB "
			"of memory", gpa, vcpu->vm->mem_size >> 20);
		return false;
	}
	vmcs_write(VMCS_VIRTUAL_APIC_PAGE_ADDR, vcpu->vm->mem_hpa + gpa);
	vmcs_write(VMCS_TPR_THRESHOLD, vmcs12_read(v, VMCS_TPR_THRESHOLD));
	return true;
}

/* Controls: L1's wishes (already checked against what we offered) plus
 * what L0 needs to stay in control of the machine. */
static bool vmcs02_controls(struct vcpu *vcpu, const struct vmcs12 *v)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	struct nested_vcpu *n = &vcpu->nested;
	uint32_t pin = (uint32_t)vmcs12_read(v, VMCS_PIN_BASED_VM_EXEC_CONTROL);
	uint32_t proc = (uint32_t)vmcs12_read(v, VMCS_CPU_BASED_VM_EXEC_CONTROL);
	uint32_t proc2 = (proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) ?
			 (uint32_t)vmcs12_read(v, VMCS_SECONDARY_VM_EXEC_CONTROL) : 0;
	uint32_t entry = (uint32_t)vmcs12_read(v, VMCS_VM_ENTRY_CONTROLS);
	uint32_t exit;

	/* Every port and MSR access exits to L0 (through all-ones bitmaps);
	 * the policy then asks L1's own bitmaps whether L1 wants it. HLT,
	 * MWAIT and MONITOR always exit too: an L2 that halts with nothing to
	 * wake it must not take the CPU from L0. */
	proc &= ~CPU_BASED_UNCOND_IO_EXITING;
	proc |= CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS |
		CPU_BASED_ACTIVATE_SECONDARY_CONTROLS | CPU_BASED_HLT_EXITING |
		CPU_BASED_MWAIT_EXITING | CPU_BASED_MONITOR_EXITING;
	/* Without a TPR shadow, L2's CR8 is L1's TPR, which is L1's virtual
	 * APIC's (vlapic.h): the moves L1 does not take itself (reflect_cr.c)
	 * L0 carries out on it. */
	if (!(proc & CPU_BASED_TPR_SHADOW))
		proc |= CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING;
	/* L2 runs on ept02, with its own VPID, never with a shadow VMCS. */
	proc2 &= ~(SECONDARY_EXEC_SHADOW_VMCS | SECONDARY_EXEC_ENABLE_VPID);
	proc2 |= SECONDARY_EXEC_ENABLE_EPT;
	if (vmx_cpu.has_vpid)
		proc2 |= SECONDARY_EXEC_ENABLE_VPID;
	/* L0's exit controls: back to L0's 64-bit host with its EFER and PAT;
	 * the guest's EFER/PAT are always saved for the reflection. */
	exit = VM_EXIT_HOST_ADDR_SPACE_SIZE | VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER |
	       VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT;
	/* L2's DR7 and DEBUGCTL survive the exits L0 handles itself (every
	 * exit sets DR7 to 400H, SDM 28.5.1): saved on exit, loaded on entry. */
	exit |= VM_EXIT_SAVE_DEBUG_CONTROLS;
	/* vmcs02 always runs the VMX-preemption timer, for L1's timer and
	 * L0's run budget (nested_timer.c); saving its value on every exit
	 * keeps the remaining count across exits L0 handles itself. */
	if (vm_budget_timer_ok())
		pin |= PIN_BASED_VMX_PREEMPTION_TIMER;
	if (vm_budget_timer_saved())
		exit |= VM_EXIT_SAVE_VMX_PREEMPTION_TIMER;
	entry |= VM_ENTRY_LOAD_IA32_EFER | VM_ENTRY_LOAD_IA32_PAT | VM_ENTRY_LOAD_DEBUG_CONTROLS;

	vmcs_write(VMCS_PIN_BASED_VM_EXEC_CONTROL, vmx_adjust_controls(vmx_caps_pinbased(c), pin, NULL));
	vmcs_write(VMCS_CPU_BASED_VM_EXEC_CONTROL, vmx_adjust_controls(vmx_caps_procbased(c), proc, NULL));
	vmcs_write(VMCS_SECONDARY_VM_EXEC_CONTROL, vmx_adjust_controls(c->procbased_ctls2, proc2, NULL));
	vmcs_write(VMCS_VM_EXIT_CONTROLS, vmx_adjust_controls(vmx_caps_exit(c), exit, NULL));
	vmcs_write(VMCS_VM_ENTRY_CONTROLS, vmx_adjust_controls(vmx_caps_entry(c), entry, NULL));
	vmcs_write(VMCS_IO_BITMAP_A, n->io_bitmap02);
	vmcs_write(VMCS_IO_BITMAP_B, n->io_bitmap02);
	vmcs_write(VMCS_MSR_BITMAP, n->msr_bitmap02);
	vmcs_write(VMCS_EXCEPTION_BITMAP, vmcs12_read(v, VMCS_EXCEPTION_BITMAP));
	vmcs_write(VMCS_PAGE_FAULT_ERROR_CODE_MASK, vmcs12_read(v, VMCS_PAGE_FAULT_ERROR_CODE_MASK));
	vmcs_write(VMCS_PAGE_FAULT_ERROR_CODE_MATCH, vmcs12_read(v, VMCS_PAGE_FAULT_ERROR_CODE_MATCH));
	vmcs_write(VMCS_CR3_TARGET_COUNT, vmcs12_read(v, VMCS_CR3_TARGET_COUNT));
	vmcs_write(VMCS_CR3_TARGET_VALUE0, vmcs12_read(v, VMCS_CR3_TARGET_VALUE0));
	vmcs_write(VMCS_CR3_TARGET_VALUE1, vmcs12_read(v, VMCS_CR3_TARGET_VALUE1));
	vmcs_write(VMCS_CR3_TARGET_VALUE2, vmcs12_read(v, VMCS_CR3_TARGET_VALUE2));
	vmcs_write(VMCS_CR3_TARGET_VALUE3, vmcs12_read(v, VMCS_CR3_TARGET_VALUE3));
	vmcs_write(VMCS_TSC_OFFSET, vmcs12_read(v, VMCS_TSC_OFFSET));
	vmcs_write(VMCS_VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write(VMCS_VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write(VMCS_VM_ENTRY_INTR_INFO_FIELD, vmcs12_read(v, VMCS_VM_ENTRY_INTR_INFO_FIELD));
	vmcs_write(VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE,
		   vmcs12_read(v, VMCS_VM_ENTRY_EXCEPTION_ERROR_CODE));
	vmcs_write(VMCS_VM_ENTRY_INSTRUCTION_LEN, vmcs12_read(v, VMCS_VM_ENTRY_INSTRUCTION_LEN));
	if (vmx_cpu.has_vpid)
		vmcs_write(VMCS_VIRTUAL_PROCESSOR_ID, n->vpid02);
	vmcs_write(VMCS_EPT_POINTER, ept_pointer(n->ept02_pml4));
	/* Offered secondary controls with fields of their own. */
	if (proc2 & SECONDARY_EXEC_PAUSE_LOOP_EXITING) {
		vmcs_write(VMCS_PLE_GAP, vmcs12_read(v, VMCS_PLE_GAP));
		vmcs_write(VMCS_PLE_WINDOW, vmcs12_read(v, VMCS_PLE_WINDOW));
	}
	if (proc2 & SECONDARY_EXEC_XSAVES)
		vmcs_write(VMCS_XSS_EXIT_BITMAP, vmcs12_read(v, VMCS_XSS_EXIT_BITMAP));
	return vmcs02_address_controls(vcpu, v, proc);
}

/*
 * Guest state: vmcs12's, with L0's fixed CR0/CR4 bits forced. The guest
 * sees, for each CR bit, L1's read shadow where L1 owns the bit and its
 * real value elsewhere (SDM 26.3: a MOV from CR reads shadow bits for
 * owned bits).
 */
static void vmcs02_guest_state(const struct vmcs12 *v, uint64_t l1_efer, uint64_t l1_pat)
{
	uint64_t mask0 = vm_cr0_host_owned(), mask4 = vm_cr4_host_owned();
	uint64_t m12_0 = vmcs12_read(v, VMCS_CR0_GUEST_HOST_MASK);
	uint64_t m12_4 = vmcs12_read(v, VMCS_CR4_GUEST_HOST_MASK);
	uint64_t cr0 = vmcs12_read(v, VMCS_GUEST_CR0), cr4 = vmcs12_read(v, VMCS_GUEST_CR4);
	uint32_t entry = (uint32_t)vmcs12_read(v, VMCS_VM_ENTRY_CONTROLS);
	uint64_t efer;

	nested_l2_eager_load(v);
	nested_fields_load(&nested_l2_rare, v);
	/* PE/PG are free under unrestricted guest; without it the vmcs12
	 * checks already demanded them (SDM 27.3.1.1). */
	vmcs_write(VMCS_GUEST_CR0, (cr0 | (vmx_cpu.caps.cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG))) &
				   vmx_cpu.caps.cr0_fixed1);
	vmcs_write(VMCS_GUEST_CR4, (cr4 | vmx_cpu.caps.cr4_fixed0) & vmx_cpu.caps.cr4_fixed1);
	vmcs_write(VMCS_CR0_GUEST_HOST_MASK, mask0 | m12_0);
	vmcs_write(VMCS_CR4_GUEST_HOST_MASK, mask4 | m12_4);
	vmcs_write(VMCS_CR0_READ_SHADOW,
		   (vmcs12_read(v, VMCS_CR0_READ_SHADOW) & m12_0) | (cr0 & ~m12_0));
	vmcs_write(VMCS_CR4_READ_SHADOW,
		   (vmcs12_read(v, VMCS_CR4_READ_SHADOW) & m12_4) | (cr4 & ~m12_4));
	/* Without "load IA32_EFER" the guest keeps L1's EFER with LMA/LME
	 * following "IA-32e mode guest" (SDM 27.3.2.1). */
	if (entry & VM_ENTRY_LOAD_IA32_EFER)
		efer = vmcs12_read(v, VMCS_GUEST_IA32_EFER);
	else if (entry & VM_ENTRY_IA32E_MODE)
		efer = l1_efer | X86_EFER_LMA | X86_EFER_LME;
	else
		efer = l1_efer & ~(X86_EFER_LMA | X86_EFER_LME);
	vmcs_write(VMCS_GUEST_IA32_EFER, efer);
	/* Without "load IA32_PAT" L2 runs with L1's PAT. */
	vmcs_write(VMCS_GUEST_IA32_PAT,
		   (entry & VM_ENTRY_LOAD_IA32_PAT) ? vmcs12_read(v, VMCS_GUEST_IA32_PAT) : l1_pat);
	vmcs_write(VMCS_VMCS_LINK_POINTER, ~0ull);
}

/* The hot fields L1 changed since the last reflected exit, as a mask for
 * vmcs12_check_entry_hot(): exact for RIP, which L1 moves on most exits;
 * any other change counts as all of them (the check makes no finer use). */
static uint32_t hot_changed(const struct nested_vcpu *n, const struct vmcs12 *v)
{
	uint64_t others = 0;
	unsigned i = 0;

#define X(f) others |= i ? (uint64_t)v->f ^ n->hot_at_exit[i] : 0, i++;
	VMCS12_ENTRY_HOT_FIELDS(X)
#undef X
	_Static_assert(VMCS12_ENTRY_HOT_RIP == 1, "GUEST_RIP is the first hot field");
	return (v->GUEST_RIP != n->hot_at_exit[0] ? VMCS12_ENTRY_HOT_RIP : 0) |
	       (others ? VMCS12_ENTRY_HOT_ALL & ~VMCS12_ENTRY_HOT_RIP : 0);
}

/* L1's EFER in vmcs01 decides how the host-state checks read vmcs12. */
static bool l1_in_ia32e(void)
{
	return vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA;
}

enum exit_result nested_enter(struct vcpu *vcpu, bool launch)
{
	struct nested_vcpu *n = &vcpu->nested;
	struct vmcs12 *v = n->vmcs12;
	struct vmcs12_entry_result res;
	struct vmcs12_entry_env *env = &n->entry_env;

	if (!nested_insn_permitted(vcpu))
		return EXIT_RESUME;
	/* SDM 31.3 VMLAUNCH/VMRESUME: VMfailInvalid without a current VMCS,
	 * and with a shadow VMCS current (SDM 25.10: a shadow VMCS cannot be
	 * used for VM entry). */
	if (!v || n->vmcs12_is_shadow)
		return nested_vmfail_invalid();
	if (!env->caps)
		*env = (struct vmcs12_entry_env){
			.caps = &nested_caps, .maxphyaddr = nested_maxphyaddr(),
			.la_width = nested_la_width(), .read_phys = vm_read_phys, .ctx = vcpu->vm,
			.rtm = guest_cpu_facts()->cpuid7_ebx & CPUID_7_EBX_RTM,
		};
	env->launch = launch;
	nested_shadow_sync_from(vcpu);
	if (vmcs_read32(VMCS_GUEST_INTERRUPTIBILITY_INFO) & GUEST_INTR_STATE_MOV_SS)
		return nested_vmfail(vcpu, VMXERR_ENTRY_EVENTS_BLOCKED_BY_MOV_SS);
	/* vmcs02 still holds L2's state from its last exit, and vmcs12 passed
	 * the full checks when vmcs02 was built from it: unless L1 changed more
	 * than the hot fields since, only those need checking and copying. */
	bool hot_only = !launch && !n->vmcs02_stale && n->vmcs02_pa &&
			n->vmcs02_for == n->current_vmptr &&
			!(vmcs12_read(v, VMCS_GUEST_RFLAGS) & X86_RFLAGS_VM);
	if (hot_only) {
		vmcs12_check_entry_hot(v, env, hot_changed(n, v), &res);
	} else {
		nested_sync_rare(vcpu);
		env->host_ia32e = l1_in_ia32e();   /* only the host-state checks read it */
		vmcs12_check_entry(v, env, &res);
	}
	switch (res.kind) {
	case VMCS12_ENTRY_OK:
		break;
	case VMCS12_ENTRY_VMFAIL_VALID:
		return nested_vmfail(vcpu, res.insn_error);
	case VMCS12_ENTRY_FAIL:
		/* SDM 27.8: the entry fails after the guest-state checks like a
		 * VM exit to L1's host state, with bit 31 of the reason set. */
		nested_entry_failed(vcpu, res.exit_reason & VMX_EXIT_REASON_BASIC_MASK,
				    res.exit_qual);
		return EXIT_RESUME;
	}
	/* L2's EFER/PAT default to L1's (vmcs02_guest_state), read from
	 * vmcs01 before switching to vmcs02. */
	uint64_t l1_efer = hot_only ? 0 : vmcs_read(VMCS_GUEST_IA32_EFER);
	uint64_t l1_pat = hot_only ? 0 : vmcs_read(VMCS_GUEST_IA32_PAT);

	if (!n->vmcs02_pa) {
		if (!vmcs02_create(vcpu)) {
			vm_stop(vcpu->vm, "out of its page quota (%lu pages) for vmcs02", vcpu->vm->pages.limit);
			return EXIT_STOP_VM;
		}
	} else if (!vmx_try_vmptrld(&n->vmcs02_pa)) {
		vm_stop(vcpu->vm, "VMPTRLD of vmcs02 failed");
		return EXIT_STOP_VM;
	}
	if (!nested_ept02_prepare(vcpu)) {
		vmx_vmptrld(&vcpu->vmcs_pa);
		vm_stop(vcpu->vm, "out of its page quota (%lu pages) for ept02", vcpu->vm->pages.limit);
		return EXIT_STOP_VM;
	}
	vmcs02_msr_bitmap(vcpu, v);
	if (hot_only) {
#define X(f) vmcs_write(VMCS_##f, v->f);
		VMCS12_ENTRY_HOT_FIELDS(X)
#undef X
	} else {
		if (!vmcs02_controls(vcpu, v)) {
			vmx_vmptrld(&vcpu->vmcs_pa);
			return EXIT_STOP_VM;
		}
		vmcs02_guest_state(v, l1_efer, l1_pat);
		nested_timer_build(vcpu);
		n->vmcs02_stale = false;
		n->vmcs02_for = n->current_vmptr;
	}
	/* Each VM entry loads the timer from the field (SDM 27.7.4). */
	nested_timer_enter(vcpu, v);
	/* SDM 27.4: the VM-entry MSR-load area, applied to L2's context; a
	 * value the MSR refuses fails the entry (reason 34, the entry's
	 * number as qualification) with L1's state untouched. */
	uint32_t failed = nested_msr_area_load(vcpu, VMX_MSR_AREA_ENTRY_LOAD,
					       vmcs12_read(v, VMCS_VM_ENTRY_MSR_LOAD_ADDR),
					       (uint32_t)vmcs12_read(v, VMCS_VM_ENTRY_MSR_LOAD_COUNT));
	if (failed) {
		vmx_vmptrld(&vcpu->vmcs_pa);
		nested_entry_failed(vcpu, EXIT_REASON_MSR_LOAD_FAIL, failed);
		return EXIT_RESUME;
	}
	if (launch)
		v->launch_state = VMCS12_LAUNCH_STATE_LAUNCHED;
	n->in_l2 = true;
	vcpu->stats.counter[VM_STAT_L2_ENTRIES]++;
	return EXIT_RESUME;
}

/* The launch-state checks (VMfailValid 4 and 5) are part of
 * vmcs12_check_entry(). */
enum exit_result handle_vmlaunch(struct vcpu *vcpu, struct exit_info *e)
{
	(void)e;
	return nested_enter(vcpu, true);
}

enum exit_result handle_vmresume(struct vcpu *vcpu, struct exit_info *e)
{
	(void)e;
	return nested_enter(vcpu, false);
}
