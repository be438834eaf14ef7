/* SPDX-License-Identifier: MIT */
/*
 * l0_owns_exit(): exits L0 keeps whatever L1 asked for, because they are
 * about L0's own use of the machine, not about L2 as L1 configured it. Under
 * every policy these are REFLECT_L0_HANDLES; L0 then decides by itself whether
 * L1 should see a virtual event as a consequence (an NMI, say).
 */
#include "exit-reflect/exit_qual.h"
#include "exit-reflect/reflect.h"

bool l0_owns_exit(const struct reflect_exit *e, const struct reflect_l0_state *s)
{
	uint32_t type = e->intr_info & INTR_INFO_INTR_TYPE_MASK;
	uint32_t vector = e->intr_info & INTR_INFO_VECTOR_MASK;

	if (reflect_l0_reason_owned(s, e->basic_reason))
		return true;
	switch (e->basic_reason) {
	case EXIT_REASON_EXCEPTION_NMI:
		/*
		 * A physical NMI is L0's (watchdog, its own IPIs); L0 injects a
		 * virtual NMI or synthesizes an NMI exit for L1 separately.
		 * #MC is a machine error L0 must see first (SDM 17 "Machine-
		 * Check Architecture"); it then decides what, if anything, to
		 * forward to L1.
		 */
		if (!(e->intr_info & INTR_INFO_VALID_MASK))
			return false;
		if (type == INTR_TYPE_NMI_INTR)
			return true;
		return type == INTR_TYPE_HARD_EXCEPTION && vector == X86_EXC_MC;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
		/* Host interrupts (timer, devices) when L0 schedules with them. */
		return s->ext_intr_exiting;
	case EXIT_REASON_MCE_DURING_VMENTRY:
		/* A machine check during entry to L2: L0's, like #MC above. */
		return true;
	case EXIT_REASON_EPT_VIOLATION:
	case EXIT_REASON_EPT_MISCONFIG:
		/* The fault is in L0's shadow ept02, not in L1's EPT12. */
		return s->ept_fault_in_ept02;
	case EXIT_REASON_PREEMPTION_TIMER:
		/* L0's own time slice ended, not L1's timer. */
		return s->preemption_timer_is_l0s;
	case EXIT_REASON_IO_SMI:
	case EXIT_REASON_OTHER_SMI:
	case EXIT_REASON_RSM:
		/* SMM VM exits have no path to L1 (see exit_reasons.h, EXIT_F_NO_L1). */
		return true;
	default:
		return false;
	}
}
