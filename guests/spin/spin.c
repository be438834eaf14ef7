/* SPDX-License-Identifier: MIT */
/* spin: a guest that never yields: interrupts off, a loop with no exiting
 * instruction in it. The hypervisor must get control back (the VMX-
 * preemption timer) and stop it when its run budget (budget=) is used up,
 * so that the VMs queued behind it still run. */
#include "guests/lib/guest.h"

int guest_main(const char *cmdline)
{
	(void)cmdline;
	printf("spin: cli; 1: jmp 1b\n");
	asm volatile("cli; 1: jmp 1b");
	printf("FAIL: left a loop that never ends\n");
	return 1;
}
