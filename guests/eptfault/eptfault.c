/* SPDX-License-Identifier: MIT */
/* eptfault: reads guest-physical memory beyond the VM's RAM (1 GiB; guests
 * get 32 MiB by default). The hypervisor must stop this VM and say where. */
#include "guests/lib/guest.h"

#define BEYOND_RAM 0x40000000ul

int guest_main(const char *cmdline)
{
	(void)cmdline;
	printf("eptfault: reading guest-physical 0x%lx\n", BEYOND_RAM);
	uint32_t v = *(volatile uint32_t *)BEYOND_RAM;
	printf("FAIL: read 0x%x from outside guest memory\n", v);
	return 1;
}
