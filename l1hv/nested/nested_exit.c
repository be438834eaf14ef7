/* SPDX-License-Identifier: MIT */
/*
 * Exits of L2. Each one goes through the reflection policy (exit-reflect/):
 * either L0 handles it as L1's platform would (L1 did not ask for it), or
 * L0 reflects it: exit information and L2's state go into vmcs12, L1's host
 * state comes out of it (SDM 28.3 "Saving Guest State", 28.5 "Loading Host
 * State"), and L1 continues at its host RIP.
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/console/console.h"
#include "l1hv/nested/nested_fields.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmcs12_access.h"

static inline __attribute__((always_inline)) void
load_host_segment(uint32_t sel_field, uint16_t sel, uint32_t ar, uint64_t base)
{
	uint32_t idx = sel_field - VMCS_GUEST_ES_SELECTOR;

	vmcs_write(VMCS_GUEST_ES_SELECTOR + idx, sel);
	vmcs_write(VMCS_GUEST_ES_BASE + idx, base);
	vmcs_write(VMCS_GUEST_ES_LIMIT + idx, 0xffffffff);
	/* SDM 28.5.2: a null selector other than CS/TR makes the register unusable. */
	vmcs_write(VMCS_GUEST_ES_AR_BYTES + idx, sel ? ar : VMX_AR_UNUSABLE_MASK);
}

void nested_load_l1_host_state(struct vcpu *vcpu)
{
	const struct vmcs12 *v = vcpu->nested.vmcs12;
	uint32_t exit = (uint32_t)vmcs12_read(v, VMCS_VM_EXIT_CONTROLS);
	bool host64 = exit & VM_EXIT_HOST_ADDR_SPACE_SIZE;
	uint64_t cr0 = vmcs12_read(v, VMCS_HOST_CR0), cr4 = vmcs12_read(v, VMCS_HOST_CR4);
	uint64_t efer;

	/* SDM 28.5.1: control registers, debug registers, MSRs. */
	vmcs_write(VMCS_CR0_READ_SHADOW, cr0);
	vmcs_write(VMCS_GUEST_CR0, (cr0 | vmx_cpu.caps.cr0_fixed0) & vmx_cpu.caps.cr0_fixed1);
	vmcs_write(VMCS_CR4_READ_SHADOW, cr4);
	vmcs_write(VMCS_GUEST_CR4, (cr4 | vmx_cpu.caps.cr4_fixed0) & vmx_cpu.caps.cr4_fixed1);
	vmcs_write(VMCS_GUEST_CR3, vmcs12_read(v, VMCS_HOST_CR3));
	vmcs_write(VMCS_GUEST_DR7, 0x400);
	vmcs_write(VMCS_GUEST_IA32_DEBUGCTL, 0);
	vmcs_write(VMCS_GUEST_SYSENTER_CS, vmcs12_read(v, VMCS_HOST_IA32_SYSENTER_CS));
	vmcs_write(VMCS_GUEST_SYSENTER_ESP, vmcs12_read(v, VMCS_HOST_IA32_SYSENTER_ESP));
	vmcs_write(VMCS_GUEST_SYSENTER_EIP, vmcs12_read(v, VMCS_HOST_IA32_SYSENTER_EIP));
	if (exit & VM_EXIT_LOAD_IA32_EFER)
		efer = vmcs12_read(v, VMCS_HOST_IA32_EFER);
	else if (host64)
		efer = vmcs_read(VMCS_GUEST_IA32_EFER) | X86_EFER_LMA | X86_EFER_LME;
	else
		efer = vmcs_read(VMCS_GUEST_IA32_EFER) & ~(X86_EFER_LMA | X86_EFER_LME);
	vmcs_write(VMCS_GUEST_IA32_EFER, efer);
	if (exit & VM_EXIT_LOAD_IA32_PAT)
		vmcs_write(VMCS_GUEST_IA32_PAT, vmcs12_read(v, VMCS_HOST_IA32_PAT));
	if (host64)
		vmcs_set_bits(VMCS_VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);
	else
		vmcs_clear_bits(VMCS_VM_ENTRY_CONTROLS, VM_ENTRY_IA32E_MODE);

	/* SDM 28.5.2: segment and descriptor-table registers. */
	load_host_segment(VMCS_GUEST_CS_SELECTOR, (uint16_t)vmcs12_read(v, VMCS_HOST_CS_SELECTOR),
			  host64 ? VMX_AR_CODE64 : VMX_AR_CODE32, 0);
	load_host_segment(VMCS_GUEST_SS_SELECTOR, (uint16_t)vmcs12_read(v, VMCS_HOST_SS_SELECTOR),
			  VMX_AR_DATA32, 0);
	load_host_segment(VMCS_GUEST_DS_SELECTOR, (uint16_t)vmcs12_read(v, VMCS_HOST_DS_SELECTOR),
			  VMX_AR_DATA32, 0);
	load_host_segment(VMCS_GUEST_ES_SELECTOR, (uint16_t)vmcs12_read(v, VMCS_HOST_ES_SELECTOR),
			  VMX_AR_DATA32, 0);
	load_host_segment(VMCS_GUEST_FS_SELECTOR, (uint16_t)vmcs12_read(v, VMCS_HOST_FS_SELECTOR),
			  VMX_AR_DATA32, vmcs12_read(v, VMCS_HOST_FS_BASE));
	load_host_segment(VMCS_GUEST_GS_SELECTOR, (uint16_t)vmcs12_read(v, VMCS_HOST_GS_SELECTOR),
			  VMX_AR_DATA32, vmcs12_read(v, VMCS_HOST_GS_BASE));
	vmcs_write(VMCS_GUEST_TR_SELECTOR, vmcs12_read(v, VMCS_HOST_TR_SELECTOR));
	vmcs_write(VMCS_GUEST_TR_BASE, vmcs12_read(v, VMCS_HOST_TR_BASE));
	vmcs_write(VMCS_GUEST_TR_LIMIT, 0x67);
	vmcs_write(VMCS_GUEST_TR_AR_BYTES, VMX_AR_TSS_BUSY);
	vmcs_write(VMCS_GUEST_LDTR_SELECTOR, 0);
	vmcs_write(VMCS_GUEST_LDTR_AR_BYTES, VMX_AR_UNUSABLE_MASK);
	vmcs_write(VMCS_GUEST_GDTR_BASE, vmcs12_read(v, VMCS_HOST_GDTR_BASE));
	vmcs_write(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmcs_write(VMCS_GUEST_IDTR_BASE, vmcs12_read(v, VMCS_HOST_IDTR_BASE));
	vmcs_write(VMCS_GUEST_IDTR_LIMIT, 0xffff);

	/* SDM 28.5.3: RIP, RSP, RFLAGS; no blocking, active. */
	vmcs_write(VMCS_GUEST_RIP, vmcs12_read(v, VMCS_HOST_RIP));
	vmcs_write(VMCS_GUEST_RSP, vmcs12_read(v, VMCS_HOST_RSP));
	vmcs_write(VMCS_GUEST_RFLAGS, X86_RFLAGS_FIXED);
	vmcs_write(VMCS_GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write(VMCS_GUEST_ACTIVITY_STATE, 0);
	vmcs_write(VMCS_GUEST_PENDING_DBG_EXCEPTIONS, 0);
}

/* SDM 28.3: L2's state as the exit leaves it, into vmcs12 (the rare part
 * stays in vmcs02 unless L1 reads it without exits: nested_fields.h). */
static void save_l2_state(struct vcpu *vcpu, struct vmcs12 *v)
{
	uint32_t exit = (uint32_t)vmcs12_read(v, VMCS_VM_EXIT_CONTROLS);
	uint64_t m12_0 = vmcs12_read(v, VMCS_CR0_GUEST_HOST_MASK);
	uint64_t m12_4 = vmcs12_read(v, VMCS_CR4_GUEST_HOST_MASK);
	uint64_t efer = vmcs_read(VMCS_GUEST_IA32_EFER);

	nested_l2_eager_save(v);
	if (nested_shadow_holds_rare())
		nested_fields_save(&nested_l2_rare, v);
	else
		vcpu->nested.rare_in_vmcs02 = true;
	/* Bits L1 owns keep L1's value; the others are what L2 has now. */
	vmcs12_write(v, VMCS_GUEST_CR0, (vmcs12_read(v, VMCS_GUEST_CR0) & m12_0) |
					(vmcs_read(VMCS_GUEST_CR0) & ~m12_0));
	vmcs12_write(v, VMCS_GUEST_CR4, (vmcs12_read(v, VMCS_GUEST_CR4) & m12_4) |
					(vmcs_read(VMCS_GUEST_CR4) & ~m12_4));
	if (exit & VM_EXIT_SAVE_IA32_EFER)
		vmcs12_write(v, VMCS_GUEST_IA32_EFER, efer);
	if (exit & VM_EXIT_SAVE_IA32_PAT)
		vmcs12_write(v, VMCS_GUEST_IA32_PAT, vmcs_read(VMCS_GUEST_IA32_PAT));
	/* SDM 28.3.4: the timer's value, if L1 asked for it (vmcs02 saves it
	 * whenever the timer is active). */
	if (exit & VM_EXIT_SAVE_VMX_PREEMPTION_TIMER)
		v->VMX_PREEMPTION_TIMER_VALUE = nested_timer_l1_left(vcpu);
	/* SDM 28.2: "IA-32e mode guest" records EFER.LMA at the exit. */
	uint64_t entry = vmcs12_read(v, VMCS_VM_ENTRY_CONTROLS);
	vmcs12_write(v, VMCS_VM_ENTRY_CONTROLS, (efer & X86_EFER_LMA) ?
		     entry | VM_ENTRY_IA32E_MODE : entry & ~(uint64_t)VM_ENTRY_IA32E_MODE);
}

/* L2 has stopped running: vmcs01 current again, for L1. False (VM
 * stopped) if the VMPTRLD fails, which would be a bug of l1hv's. */
static bool back_on_vmcs01(struct vcpu *vcpu, const char *after)
{
	vcpu->nested.in_l2 = false;
	if (vmx_try_vmptrld(&vcpu->vmcs_pa))
		return true;
	vm_stop(vcpu->vm, "VMPTRLD of vmcs01 failed %s", after);
	return false;
}

/* SDM 28.7: the logical processor of L1 shuts down; the indicator is
 * written to the VMCS region (vmcs12's abort field). */
static void vmx_abort(struct vcpu *vcpu, uint32_t indicator, uint32_t entry)
{
	vcpu->nested.vmcs12->abort = indicator;
	vm_stop(vcpu->vm, "VMX abort %u in L1: %s MSR area entry %u failed (SDM 28.7)", indicator,
		indicator == VMX_ABORT_SAVING_GUEST_MSRS ? "VM-exit MSR-store" : "VM-exit MSR-load",
		entry);
}

bool nested_return_to_l1(struct vcpu *vcpu)
{
	const struct vmcs12 *v = vcpu->nested.vmcs12;
	uint32_t bad;

	nested_load_l1_host_state(vcpu);
	/* SDM 28.6, after the host state. */
	bad = nested_msr_area_load(vcpu, VMX_MSR_AREA_EXIT_LOAD,
				   vmcs12_read(v, VMCS_VM_EXIT_MSR_LOAD_ADDR),
				   (uint32_t)vmcs12_read(v, VMCS_VM_EXIT_MSR_LOAD_COUNT));
	if (bad) {
		vmx_abort(vcpu, VMX_ABORT_LOADING_HOST_MSRS, bad);
		return false;
	}
	return true;
}

void nested_entry_failed(struct vcpu *vcpu, uint32_t basic_reason, uint64_t qual)
{
	struct vmcs12 *v = vcpu->nested.vmcs12;

	/* SDM 27.8 step 1: only the reason and the qualification change; the
	 * guest-state area, the entry interruption information and the
	 * MSR-store area stay as they are. */
	vmcs12_write(v, VMCS_VM_EXIT_REASON, VMX_EXIT_REASON_FAILED_VMENTRY | basic_reason);
	vmcs12_write(v, VMCS_EXIT_QUALIFICATION, qual);
	vcpu->nested.vmcs02_stale = true;
	if (nested_return_to_l1(vcpu))
		nested_shadow_sync_to(vcpu);
}

void nested_vmexit(struct vcpu *vcpu, const struct reflect_exit *e, uint64_t qual)
{
	struct nested_vcpu *n = &vcpu->nested;
	struct vmcs12 *v = n->vmcs12;

	save_l2_state(vcpu, v);
	/* SDM 28.2.1-28.2.4: exit information. */
	v->VM_EXIT_REASON = e->exit_reason;
	v->EXIT_QUALIFICATION = qual;
	v->GUEST_LINEAR_ADDRESS = e->guest_linear_addr;
	v->GUEST_PHYSICAL_ADDRESS = e->guest_phys_addr;
	v->VM_EXIT_INTR_INFO = e->intr_info;
	v->VM_EXIT_INTR_ERROR_CODE = e->intr_error_code;
	v->IDT_VECTORING_INFO_FIELD = e->idt_vectoring_info;
	v->IDT_VECTORING_ERROR_CODE = e->idt_vectoring_error_code;
	v->VM_EXIT_INSTRUCTION_LEN = e->instr_len;
	v->VMX_INSTRUCTION_INFO = e->instr_info;
	/* SDM 28.2.3: every VM exit clears the valid bit of the entry
	 * interruption-information field. */
	vmcs12_write(v, VMCS_VM_ENTRY_INTR_INFO_FIELD,
		     vmcs12_read(v, VMCS_VM_ENTRY_INTR_INFO_FIELD) & ~(uint64_t)INTR_INFO_VALID_MASK);

	/* SDM 28.4: the VM-exit MSR-store area gets L2's values (read on
	 * vmcs02); a failure there is a VMX abort (SDM 28.7, indicator 1). */
	uint32_t bad = nested_msr_area_store(vcpu, vmcs12_read(v, VMCS_VM_EXIT_MSR_STORE_ADDR),
					     (uint32_t)vmcs12_read(v, VMCS_VM_EXIT_MSR_STORE_COUNT));
	if (!back_on_vmcs01(vcpu, "on a reflected exit"))
		return;
	if (bad) {
		vmx_abort(vcpu, VMX_ABORT_SAVING_GUEST_MSRS, bad);
		return;
	}
	if (!nested_return_to_l1(vcpu))
		return;
	/* The hot fields now hold what the processor left: the reference for
	 * what L1 changes before its VMRESUME (nested_enter). */
	unsigned i = 0;
#define X(f) n->hot_at_exit[i++] = v->f;
	VMCS12_ENTRY_HOT_FIELDS(X)
#undef X
	nested_shadow_sync_to(vcpu);
}

/* L2's access to a device of L1's through L1's EPT (nested_l2_exit). */
static enum exit_result nested_l2_mmio(struct vcpu *vcpu, struct exit_info *e)
{
	return mmio_emulate(vcpu, e, vcpu->nested.l2_mmio_gpa);
}

void nested_reflect_ept_fault(struct vcpu *vcpu, const struct vcpu_mem_fault *f)
{
	struct reflect_exit e = { 0 };

	/* SDM 28.2.1: guest-physical and guest-linear address, the
	 * qualification for a violation (none for a misconfiguration); the
	 * instruction did not complete, so RIP stays on it. */
	reflect_exit_set_reason(&e, f->kind == VCPU_MEM_EPT_MISCONFIG ? EXIT_REASON_EPT_MISCONFIG
								      : EXIT_REASON_EPT_VIOLATION);
	e.guest_phys_addr = f->gpa;
	e.guest_linear_addr = f->kind == VCPU_MEM_EPT_MISCONFIG ? 0 : f->la;
	e.instr_len = vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN);
	e.qualification = f->kind == VCPU_MEM_EPT_MISCONFIG ? 0 : f->ept_qual;
	nested_vmexit(vcpu, &e, e.qualification);
}

static struct reflect_exit read_exit(const struct vcpu *vcpu, uint32_t reason, uint64_t qual)
{
	struct reflect_exit e;

	/* Every member the decision reads is set: no memset on this path. */
	reflect_exit_set_reason(&e, reason);
	e.qualification = qual;
	/* The error codes are defined only with a valid event that has one
	 * (SDM 28.2.2, 28.2.4); otherwise 0 here and in vmcs12. */
	e.intr_info = vmcs_read32(VMCS_VM_EXIT_INTR_INFO);
	e.intr_error_code = (e.intr_info & INTR_INFO_DELIVER_CODE_MASK) ?
			    vmcs_read32(VMCS_VM_EXIT_INTR_ERROR_CODE) : 0;
	e.idt_vectoring_info = vmcs_read32(VMCS_IDT_VECTORING_INFO_FIELD);
	e.idt_vectoring_error_code = (e.idt_vectoring_info & INTR_INFO_DELIVER_CODE_MASK) ?
				     vmcs_read32(VMCS_IDT_VECTORING_ERROR_CODE) : 0;
	e.instr_len = vmcs_read32(VMCS_VM_EXIT_INSTRUCTION_LEN);
	e.instr_info = vmcs_read32(VMCS_VMX_INSTRUCTION_INFO);
	e.guest_phys_addr = vmcs_read(VMCS_GUEST_PHYSICAL_ADDRESS);
	e.guest_linear_addr = vmcs_read(VMCS_GUEST_LINEAR_ADDRESS);
	/* vmcs02 runs with an empty XSS-exiting bitmap: XSAVES/XRSTORS of L2
	 * never exit, so no decision needs IA32_XSS. */
	e.guest_ia32_xss = 0;
	if (reflect_reason_reads_gprs(e.basic_reason)) {
		memcpy(e.gprs, vcpu->regs, sizeof(e.gprs));
		e.gprs[GPR_RSP] = vmcs_read(VMCS_GUEST_RSP);
	}
	return e;
}

exit_handler_fn nested_l2_exit(struct vcpu *vcpu, uint32_t reason)
{
	struct nested_vcpu *n = &vcpu->nested;
	uint64_t qual = vmcs_read(VMCS_EXIT_QUALIFICATION);
	struct reflect_l1_mem mem = { .read = vm_read_phys, .ctx = vcpu->vm };
	struct reflect_l0_state l0 = { 0 };
	struct reflect_exit e = read_exit(vcpu, reason, qual);
	uint64_t qual12 = qual;

	/* A hardware VM-entry failure of vmcs02 is L1's entry failing; the
	 * state it left is no reference for the next entry's checks. */
	if (reason & VMX_EXIT_REASON_FAILED_VMENTRY) {
		if (back_on_vmcs01(vcpu, "after an entry failure of vmcs02"))
			nested_entry_failed(vcpu, e.basic_reason, qual);
		return NULL;
	}
	/* EPT violations of ept02: L0 fills in what L1's EPT allows; only
	 * what L1's EPT forbids is L1's. */
	if (e.basic_reason == EXIT_REASON_EPT_VIOLATION) {
		uint64_t l1_gpa;

		switch (nested_ept02_fault(vcpu, e.guest_phys_addr, qual, &qual12, &l1_gpa)) {
		case EPT02_FILLED:
			l0.ept_fault_in_ept02 = true;
			break;
		case EPT02_L1_VIOLATION:
			break;
		case EPT02_L1_MISCONFIG:
			/* SDM 28.2.1: no qualification for exit 49; the
			 * guest-physical address says where. */
			reflect_exit_set_reason(&e, EXIT_REASON_EPT_MISCONFIG);
			qual12 = 0;
			e.qualification = 0;
			e.guest_linear_addr = 0;
			break;
		case EPT02_NO_ROOM:
			vm_stop(vcpu->vm, "out of its page quota (%lu pages) for ept02", vcpu->vm->pages.limit);
			return NULL;
		case EPT02_OUTSIDE_L1:
			/* L1 gave L2 a device page L0 emulates for L1 (its
			 * APIC, the MMIO window): L0 emulates L2's access to
			 * it, as L1's device. */
			if (mmio_claims(vcpu, l1_gpa)) {
				n->l2_mmio_gpa = l1_gpa;
				return nested_l2_mmio;
			}
			vm_stop(vcpu->vm, "L2 access to L2-physical 0x%lx, which L1's EPT maps to "
				"L1-physical 0x%lx outside L1's %lu MiB of memory",
				e.guest_phys_addr, l1_gpa, vcpu->vm->mem_size >> 20);
			return NULL;
		}
	}

	/* An expiry of vmcs02's timer is L1's only when L1's part ran out. */
	if (e.basic_reason == EXIT_REASON_PREEMPTION_TIMER)
		l0.preemption_timer_is_l0s = !n->timer_l1_on || nested_timer_l1_left(vcpu);
	switch (reflect_decide(nested_policy, &e, n->vmcs12, &mem, &l0, &n->decisions)) {
	case REFLECT_TO_L1:
		nested_vmexit(vcpu, &e, qual12);
		return NULL;
	case REFLECT_L0_HANDLES:
	case REFLECT_L0_EMULATES_FOR_L1:
		/* ept02 now maps it: L2 retries the access, or its event
		 * delivery (SDM 28.2.4: the event is delivered again). */
		if (l0.ept_fault_in_ept02) {
			if (e.idt_vectoring_info & INTR_INFO_VALID_MASK)
				exit_reinject_event(vcpu, e.idt_vectoring_info,
						    e.idt_vectoring_error_code, e.instr_len);
			vcpu->reinjecting = 0;
			return NULL;
		}
		/* A VMREAD/VMWRITE L1 did not ask for is one its VMCS shadowing
		 * lets L2 do without an exit: on L1's shadow VMCS. */
		if (e.basic_reason == EXIT_REASON_VMREAD || e.basic_reason == EXIT_REASON_VMWRITE)
			return e.basic_reason == EXIT_REASON_VMREAD ? nested_l2_vmread
								    : nested_l2_vmwrite;
		/* What L1 did not ask for reaches L1's platform, which is us:
		 * the ordinary handlers act on vmcs02. */
		return exit_handler_for(reason);
	default:
		return NULL;
	}
}

void nested_account(struct vcpu *vcpu, bool in_l2, uint32_t basic, uint64_t ticks)
{
	struct nested_vcpu *n = &vcpu->nested;
	struct vm_stats *s = &vcpu->stats;

	if (in_l2) {
		s->counter[VM_STAT_L2_EXIT_CYCLES] += ticks;
		if (n->in_l2)
			return;                 /* handled below L1: no round trip */
		s->counter[VM_STAT_REFLECTED]++;
		s->counter[VM_STAT_REFLECT_CYCLES] += ticks;
		n->trip_open = basic <= EXIT_REASON_MAX;
		n->trip_reason = basic;
		if (n->trip_open)
			s->by_reason[VM_RSTAT_TRIPS][basic]++;
	}
	if (n->trip_open) {
		s->by_reason[VM_RSTAT_TRIP_CYCLES][n->trip_reason] += ticks;
		n->trip_open = !n->in_l2;       /* closed by the entry to L2 */
	}
}

void nested_print_summary(const struct vcpu *vcpu)
{
	const struct nested_vcpu *n = &vcpu->nested;
	const struct reflect_stats *d = &n->decisions;

	const struct vm_stats *s = &vcpu->stats;
	const uint64_t *trips = s->by_reason[VM_RSTAT_TRIPS];
	uint64_t l2_exits = s->counter[VM_STAT_L2_EXITS], l0_exits = s->counter[VM_STAT_L0_EXITS_NESTED];
	uint64_t reflected = s->counter[VM_STAT_REFLECTED];

	if (!s->counter[VM_STAT_L2_ENTRIES])
		return;
	pr_info("nested VM %s (policy=%s shadow=%s): %lu entries to L2, %lu L2 exits\n", vcpu->vm->name,
		nested_policy->name, nested_shadow_name(), s->counter[VM_STAT_L2_ENTRIES], l2_exits);
	/* Exit multiplication: every L0 exit of this VM since L2 first ran
	 * (L1's handling included), per exit of L2. */
	uint64_t x100 = l2_exits ? l0_exits * 100 / l2_exits : 0;
	pr_info("  exit multiplication: %lu L0 exits / %lu L2 exits = %lu.%02lu\n",
		l0_exits, l2_exits, x100 / 100, x100 % 100);
	/* L0's path length per reflected round trip: the reflection (L2 exit
	 * to L1 entry) plus L1's VMRESUME (its exit to L2's entry). */
	uint64_t resumes = s->by_reason[VM_RSTAT_EXITS][EXIT_REASON_VMRESUME];
	uint64_t per_reflect = reflected ? s->counter[VM_STAT_REFLECT_CYCLES] / reflected : 0;
	uint64_t per_resume = resumes ? s->by_reason[VM_RSTAT_CYCLES][EXIT_REASON_VMRESUME] / resumes : 0;
	pr_info("  L0 cycles: %lu per reflected exit (%lu), %lu per VMRESUME (%lu): %lu per round trip\n",
		per_reflect, reflected, per_resume, resumes, per_reflect + per_resume);
	/* The last column: L0 ticks per round trip of a reflected exit, from
	 * L2's exit to its next entry, L0's handling of L1's own exits (the
	 * unshadowed VMREAD/VMWRITEs...) in between included. */
	pr_info("  %-24s %10s %10s %10s %12s\n", "L2 exit reason", "l0-handles", "to-l1",
		"l0-emulates", "L0/trip");
	for (unsigned r = 0; r <= EXIT_REASON_MAX; r++) {
		const uint64_t *c = d->by_reason[r];
		if (!(c[REFLECT_L0_HANDLES] | c[REFLECT_TO_L1] | c[REFLECT_L0_EMULATES_FOR_L1]))
			continue;
		if (trips[r])
			pr_info("  %-24s %10lu %10lu %10lu %12lu\n", exit_reason_name(r),
				c[REFLECT_L0_HANDLES], c[REFLECT_TO_L1], c[REFLECT_L0_EMULATES_FOR_L1],
				s->by_reason[VM_RSTAT_TRIP_CYCLES][r] / trips[r]);
		else
			pr_info("  %-24s %10lu %10lu %10lu %12s\n", exit_reason_name(r),
				c[REFLECT_L0_HANDLES], c[REFLECT_TO_L1], c[REFLECT_L0_EMULATES_FOR_L1], "-");
	}
}
