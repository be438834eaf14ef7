/* SPDX-License-Identifier: MIT */
/* The nestlab hypercalls (ABI in common/hypercall_abi.h). */
#include "common/hypercall_abi.h"
#include "l1hv/exit/exit.h"
#include "l1hv/level.h"
#include "l1hv/vm/vm_vmcs.h"

/* A nestlab hypercall of our own, to the hypervisor we run under. */
static int64_t hypercall_parent(uint64_t nr, uint64_t arg, uint64_t arg2, uint64_t *out)
{
	uint64_t rax = nr, rbx = arg, rcx = arg2;

	asm volatile("vmcall" : "+a"(rax), "+b"(rbx), "+c"(rcx) :: "rdx", "memory");
	*out = rbx;
	return (int64_t)rax;
}

enum exit_result handle_vmcall(struct vcpu *vcpu, struct exit_info *e)
{
	uint64_t nr = vcpu->regs[GPR_RAX], arg = vcpu->regs[GPR_RBX], depth = vcpu->regs[GPR_RCX];
	int64_t status = 0;

	(void)e;
	/* Only the guest kernel may call (what KVM does for its hypercalls). */
	if (vcpu_cpl() != 0) {
		vcpu->regs[GPR_RAX] = (uint64_t)(int64_t)NESTLAB_HC_EPERM;
		return EXIT_ADVANCE;
	}
	switch (nr) {
	case NESTLAB_HC_VERSION:
		vcpu->regs[GPR_RBX] = NESTLAB_HC_ABI_VERSION;
		vcpu->regs[GPR_RCX] = l1hv_level;
		break;
	case NESTLAB_HC_EXIT_COUNT:
		if (depth > 0) {
			/* Only a nestlab parent understands the call. */
			if (!l1hv_parent_is_nestlab)
				status = NESTLAB_HC_EINVAL;
			else
				status = hypercall_parent(NESTLAB_HC_EXIT_COUNT, arg, depth - 1,
							  &vcpu->regs[GPR_RBX]);
		} else if (arg == NESTLAB_HC_ALL_EXITS)
			vcpu->regs[GPR_RBX] = vcpu->stats.counter[VM_STAT_EXITS];
		else if (arg <= EXIT_REASON_MAX)
			vcpu->regs[GPR_RBX] = vcpu->stats.by_reason[VM_RSTAT_EXITS][arg];
		else
			status = NESTLAB_HC_EINVAL;
		break;
	case NESTLAB_HC_STAT:
		if (arg < VM_STAT_COUNT)
			vcpu->regs[GPR_RBX] = vcpu->stats.counter[arg];
		else
			status = NESTLAB_HC_EINVAL;
		break;
	case NESTLAB_HC_TIMER_ON_HLT:
		if (arg == 0 || (arg >= 32 && arg <= 255))
			vcpu->hlt_timer_vector = (uint8_t)arg;
		else
			status = NESTLAB_HC_EINVAL;   /* vectors 0-31 are exceptions */
		break;
	case NESTLAB_HC_SET_TRAPS:
		if ((arg ^ vcpu->vm->traps) & ~(uint64_t)NESTLAB_TRAP_RUNTIME) {
			status = NESTLAB_HC_EINVAL;
			break;
		}
		vcpu->regs[GPR_RBX] = vcpu->vm->traps;
		vcpu->vm->traps = (vcpu->vm->traps & ~NESTLAB_TRAP_RUNTIME) | (uint32_t)arg;
		vm_vmcs_apply_traps(vcpu);
		break;
	default:
		status = NESTLAB_HC_ENOSYS;
		break;
	}
	vcpu->regs[GPR_RAX] = (uint64_t)status;
	return EXIT_ADVANCE;
}
