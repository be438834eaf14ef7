/* SPDX-License-Identifier: MIT */
/* Running a VM: the VM-entry loop, cycle accounting, stopping. */
#include "l1hv/vm/vm.h"

#include <stdarg.h>

#include "common/fmt.h"
#include "common/free/x86.h"
#include "l1hv/arch/fixup.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/exit.h"
#include "l1hv/vm/vm_budget.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx_entry.h"
#include "vmcs12/vmx_insn_error.h"

struct vm vms[VM_MAX];
unsigned vm_count;

void vm_stop(struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(vm->stop_reason, sizeof(vm->stop_reason), fmt, ap);
	va_end(ap);
	vuart_flush(vm);
	vm->state = VM_STOPPED;
	pr_info("VM %s stopped: %s\n", vm->name, vm->stop_reason);
}

/* Only the MSRs this CPU has (vm_passthrough_probe): the values are ones
 * the hardware held, so the accesses cannot fault; if one does anyway, the
 * fixup keeps it a stopped VM instead of a dead machine. */
static bool vm_load_msrs(const struct vm_passthrough_msrs *m)
{
	bool ok = true;

	for (unsigned i = 0; i < VM_NR_SWAPPED_MSRS; i++)
		if (vm_passthrough_present & (1u << i))
			ok &= wrmsr_safe(vm_passthrough_msrs[i], m->value[i]);
	return ok;
}

static void vm_save_msrs(struct vm_passthrough_msrs *m)
{
	for (unsigned i = 0; i < VM_NR_SWAPPED_MSRS; i++)
		if ((vm_passthrough_present & (1u << i)) &&
		    !rdmsr_safe(vm_passthrough_msrs[i], &m->value[i]))
			m->value[i] = 0;
}

void vcpu_run(struct vcpu *vcpu)
{
	struct vm *const vm = vcpu->vm;
	uint64_t t_entry, t_exit, t_done;

	if (!vmx_try_vmptrld(&vcpu->vmcs_pa)) {
		vm_stop(vm, "VMPTRLD of its VMCS failed");
		return;
	}
	if (!vm_load_msrs(&vcpu->msrs)) {
		vm_stop(vm, "BUG: loading its pass-through MSRs faulted");
		vmx_vmclear(&vcpu->vmcs_pa);
		return;
	}
	vcpu_state_load(vcpu);
	vm->state = VM_RUNNING;
	while (vm->state == VM_RUNNING) {
		bool in_l2 = vcpu->nested.in_l2;
		if (__builtin_expect(vlapic_needs_entry_work(&vcpu->lapic), 0)) {
			if (!in_l2) {
				vlapic_before_entry(vcpu);
			} else {
				nested_l1_interrupt(vcpu);
				if (!vcpu->nested.in_l2)
					continue;          /* it exited to L1 */
			}
		}
		t_entry = rdtsc_ordered();
		int rc = in_l2 ? vmx_enter(vcpu->regs, vcpu->nested.vmcs02_launched, &vcpu->nested.vmcs02_host_rsp)
			       : vmx_enter(vcpu->regs, vcpu->launched, &vcpu->host_rsp);
		t_exit = rdtsc_ordered();

		if (rc != VMX_ENTRY_EXITED && in_l2) {
			uint64_t err = 0;
			vmcs_try_read(VMCS_VM_INSTRUCTION_ERROR, &err);
			vm_stop(vm, "BUG: entry to L2 on vmcs02 failed (VM-instruction error %lu: %s)",
				err, vmx_insn_error_name((uint32_t)err));
			break;
		}
		if (rc != VMX_ENTRY_EXITED) {
			uint64_t err = 0;
			if (rc == VMX_ENTRY_FAIL_VALID)
				vmcs_try_read(VMCS_VM_INSTRUCTION_ERROR, &err);
			vm_stop(vm, "%s failed: %s (VM-instruction error %lu: %s)",
				vcpu->launched ? "VMRESUME" : "VMLAUNCH",
				rc == VMX_ENTRY_FAIL_VALID ? "VMfailValid" : "VMfailInvalid", err,
				vmx_insn_error_name((uint32_t)err));
			break;
		}
		vcpu->stats.counter[VM_STAT_GUEST_CYCLES] += t_exit - t_entry;
		if (__builtin_expect(vm_budget_charge(&vm->budget, t_exit - t_entry), 0)) {
			vm_stop(vm, "used up its run budget of %lu guest TSC ticks without finishing "
				"(give it more with budget=TICKS)", vm->budget_given);
			break;
		}
		/* Every exit is counted here, once, before it is handled (so a
		 * VMCALL asking for the counts sees its own exit). */
		uint32_t reason = vmcs_read32(VMCS_VM_EXIT_REASON);
		uint32_t basic = reason & VMX_EXIT_REASON_BASIC_MASK;
		vcpu->stats.counter[VM_STAT_EXITS]++;
		if (basic <= EXIT_REASON_MAX)
			vcpu->stats.by_reason[VM_RSTAT_EXITS][basic]++;
		if (vcpu->stats.counter[VM_STAT_L2_ENTRIES])
			vcpu->stats.counter[VM_STAT_L0_EXITS_NESTED]++;
		if (in_l2) {
			vcpu->stats.counter[VM_STAT_L2_EXITS]++;
			vcpu->nested.vmcs02_launched = true;
			exit_handler_fn handler = nested_l2_exit(vcpu, reason);
			if (handler)
				exit_dispatch_to(vcpu, reason, handler);
		} else {
			vcpu->launched = true;
			exit_dispatch(vcpu, reason);
		}
		t_done = rdtsc_ordered();
		vcpu->stats.counter[VM_STAT_HV_CYCLES] += t_done - t_exit;
		if (basic <= EXIT_REASON_MAX)
			vcpu->stats.by_reason[VM_RSTAT_CYCLES][basic] += t_done - t_exit;
		if (in_l2 || vcpu->nested.trip_open)
			nested_account(vcpu, in_l2, basic, t_done - t_exit);
	}
	vm_save_msrs(&vcpu->msrs);
	if (vcpu->nested.vmcs02_pa)
		vmx_vmclear(&vcpu->nested.vmcs02_pa);
	/* The guest's XCR0 (handle_xsetbv), FPU/SSE/AVX state, DRs, CR2. */
	vcpu_state_save(vcpu);
	vmx_vmclear(&vcpu->vmcs_pa);
}

void vm_run(struct vm *vm)
{
	/* One vCPU per VM, run to its end (issue 10 brings the scheduler). */
	vcpu_run(&vm->vcpus[0]);
}
