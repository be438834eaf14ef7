/* SPDX-License-Identifier: MIT */
/* halt: HLT with interrupts disabled, nothing can ever wake it. The
 * hypervisor must report the VM as halted and stop it, not hang. */
#include "guests/lib/guest.h"

int guest_main(const char *cmdline)
{
	(void)cmdline;
	printf("halt: cli; hlt\n");
	asm volatile("cli; hlt");
	printf("FAIL: woke up from a HLT nothing could end\n");
	return 1;
}
