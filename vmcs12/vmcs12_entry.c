/* SPDX-License-Identifier: MIT */
/*
 * VM-entry check driver (SDM 27.1-27.4 order; within 27.3.1 the SDM fixes no
 * order and every failure there has the same outcome, so RIP/RFLAGS come
 * before the segment checks that RFLAGS.VM selects) and the VM-entry MSR-load
 * area checks (SDM 27.4 "Loading MSRs").
 */
#include "vmcs12/vmcs12_entry_internal.h"
#include "vmcs12/vmx_msr_area.h"

void entry_vmfail(struct vmcs12_entry_result *res, uint32_t err, const char *sec, const char *cond)
{
	res->kind = VMCS12_ENTRY_VMFAIL_VALID;
	res->insn_error = err;
	res->sdm_section = sec;
	res->cond = cond;
}

void entry_fail(struct vmcs12_entry_result *res, uint32_t basic_reason, uint64_t qual,
		const char *sec, const char *cond)
{
	res->kind = VMCS12_ENTRY_FAIL;
	res->exit_reason = basic_reason | VMX_EXIT_REASON_FAILED_VMENTRY;
	res->exit_qual = qual;
	res->sdm_section = sec;
	res->cond = cond;
}

struct msr_entry {
	uint32_t index;
	uint32_t reserved;
	uint64_t value;
};
_Static_assert(sizeof(struct msr_entry) == 16, "SDM 25.7.2 MSR-area entry is 16 bytes");

/* One MSR-load entry the SDM (27.4) says makes the entry fail before any
 * WRMSR is tried (vmx_msr_area.h). */
static bool msr_entry_bad(const struct entry_ctx *c, const struct msr_entry *e)
{
	(void)c;
	return !vmx_msr_area_entry_allowed(VMX_MSR_AREA_ENTRY_LOAD, e->index, e->reserved);
}

bool entry_check_msr_load(struct entry_ctx *c)
{
	uint32_t count = (uint32_t)RD(VM_ENTRY_MSR_LOAD_COUNT);
	uint64_t addr = RD(VM_ENTRY_MSR_LOAD_ADDR);
	uint32_t max = vmx_msr_area_max(c->env->caps->misc);

	for (uint32_t i = 0; i < count; i++) {
		struct msr_entry e;
		bool readable = i < max && c->env->read_phys &&
				c->env->read_phys(c->env->ctx, addr + (uint64_t)i * 16, &e, sizeof(e));

		if (!readable || msr_entry_bad(c, &e)) {
			entry_fail(c->res, EXIT_REASON_MSR_LOAD_FAIL, (uint64_t)i + 1, "27.4",
				   i == max ? "past the recommended maximum (A.6)" :
				   readable ? "msr_entry_bad(c, &e)" : "!readable");
			return false;
		}
	}
	return true;
}

static bool check_launch_state(struct entry_ctx *c)
{
	CC_VMFAIL(VMXERR_VMLAUNCH_NONCLEAR_VMCS, "27.1",
		  c->env->launch && c->v->launch_state != VMCS12_LAUNCH_STATE_CLEAR);
	CC_VMFAIL(VMXERR_VMRESUME_NONLAUNCHED_VMCS, "27.1",
		  !c->env->launch && c->v->launch_state != VMCS12_LAUNCH_STATE_LAUNCHED);
	return true;
}

static void ctx_init(struct entry_ctx *c)
{
	__builtin_memset(c->res, 0, sizeof(*c->res));
	c->pin = (uint32_t)RD(PIN_BASED_VM_EXEC_CONTROL);
	c->proc = (uint32_t)RD(CPU_BASED_VM_EXEC_CONTROL);
	c->exit = (uint32_t)RD(VM_EXIT_CONTROLS);
	c->entry = (uint32_t)RD(VM_ENTRY_CONTROLS);
	/* SDM 25.6.2: without the activating bit, the secondary/tertiary
	 * controls act as 0 whatever the field holds. */
	if (c->proc & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
		c->sec = (uint32_t)RD(SECONDARY_VM_EXEC_CONTROL);
	if (c->proc & CPU_BASED_ACTIVATE_TERTIARY_CONTROLS)
		c->tert = RD(TERTIARY_VM_EXEC_CONTROL);
}

void vmcs12_check_entry(const struct vmcs12 *v, const struct vmcs12_entry_env *env,
			struct vmcs12_entry_result *res)
{
	struct entry_ctx ctx = { .v = v, .env = env, .res = res };
	struct entry_ctx *c = &ctx;

	ctx_init(c);
	if (check_launch_state(c) && entry_check_controls(c) && entry_check_host(c) &&
	    entry_check_guest_regs(c) && entry_check_guest_dtr_rip_rflags(c) &&
	    entry_check_guest_segments(c) &&
	    entry_check_guest_state(c) && entry_check_msr_load(c))
		res->kind = VMCS12_ENTRY_OK;
}

const enum vmcs_field vmcs12_entry_hot_fields[VMCS12_ENTRY_NR_HOT] = {
#define X(f) VMCS_##f,
	VMCS12_ENTRY_HOT_FIELDS(X)
#undef X
};

/*
 * Every check that reads a hot field L1 changed, or memory the vmcs12
 * points to (which may change at any time): launch state, TPR threshold
 * against the VTPR in the virtual-APIC page, the link pointer, PDPTEs and
 * the MSR-load area always; RIP if it changed; with any other hot field
 * changed, event injection, the descriptor-table/RIP/RFLAGS group and the
 * non-register state. What is left out reads only fields that have not
 * changed since they passed, or that a VM exit saved.
 */
void vmcs12_check_entry_hot(const struct vmcs12 *v, const struct vmcs12_entry_env *env,
			    uint32_t changed, struct vmcs12_entry_result *res)
{
	struct entry_ctx ctx = { .v = v, .env = env, .res = res };
	struct entry_ctx *c = &ctx;
	bool ok;

	/* Virtual-8086 mode changes the segment checks: all of them. */
	if (RD(GUEST_RFLAGS) & X86_RFLAGS_VM) {
		vmcs12_check_entry(v, env, res);
		return;
	}
	ctx_init(c);
	ok = check_launch_state(c) && entry_check_vtpr(c);
	if (changed & ~VMCS12_ENTRY_HOT_RIP)
		ok = ok && entry_check_event_injection(c) && entry_check_guest_dtr_rip_rflags(c) &&
		     entry_check_guest_state(c);
	else
		ok = ok && (!(changed & VMCS12_ENTRY_HOT_RIP) || entry_check_guest_rip(c)) &&
		     entry_check_guest_memory(c);
	if (ok && entry_check_msr_load(c))
		res->kind = VMCS12_ENTRY_OK;
}
