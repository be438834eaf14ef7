/* SPDX-License-Identifier: MIT */
/*
 * XSETBV, which exits unconditionally (SDM 26.1.2) and which l1hv executes
 * for the guest: the guest-write rules (gw_xsetbv: index, CPL, XCR0's
 * dependencies, SDM 13.3 and Vol. 2B XSETBV) decide first, so the host's
 * XSETBV never faults. l1hv itself uses no extended state, so the guest's
 * XCR0 lives in the hardware register while the guest runs; vcpu_state.c
 * saves it per VM.
 */
#include "common/free/x86.h"
#include "l1hv/exit/exit.h"
#include "l1hv/exit/guest_write_inputs.h"

enum exit_result handle_xsetbv(struct vcpu *vcpu, struct exit_info *e)
{
	uint32_t index = (uint32_t)vcpu->regs[GPR_RCX];
	uint64_t v = (vcpu->regs[GPR_RDX] << 32) | (uint32_t)vcpu->regs[GPR_RAX];
	struct gw_state s = guest_write_state(vcpu);
	enum gw_rule rule = gw_xsetbv(guest_cpu_facts(), &s, index, v);

	(void)e;
	if (rule != GW_OK) {
		guest_write_refuse(vcpu, rule, "XSETBV");
		return EXIT_RESUME;
	}
	xsetbv(index, v);
	return EXIT_ADVANCE;
}
