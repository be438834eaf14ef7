/* SPDX-License-Identifier: MIT */
/* triple: a guest that triple-faults on purpose (empty IDT, then #UD).
 * The hypervisor must stop this VM, report it, and carry on. */
#include "guests/lib/guest.h"

int guest_main(const char *cmdline)
{
	struct desc_ptr empty = { 0, 0 };

	(void)cmdline;
	printf("triple: loading an empty IDT and raising #UD\n");
	asm volatile("lidt %0; ud2" :: "m"(empty));
	printf("FAIL: still running after a triple fault\n");
	return 1;
}
