/* SPDX-License-Identifier: MIT */
/* eptfault: reads and writes guest-physical memory beyond the VM's RAM
 * (1 GiB; guests get 32 MiB by default), where no device is. On a PC the
 * bus answers all ones and drops the write; under strict_mmio=on the
 * hypervisor must stop this VM instead and say where. */
#include "guests/lib/guest.h"

#define BEYOND_RAM 0x40000000ul

int guest_main(const char *cmdline)
{
	volatile uint32_t *p = (volatile uint32_t *)BEYOND_RAM;
	uint32_t first, again;

	(void)cmdline;
	printf("eptfault: reading guest-physical 0x%lx\n", BEYOND_RAM);
	first = *p;
	printf("eptfault: read 0x%x from outside guest memory\n", first);
	report(first == 0xffffffffu, "unclaimed address reads all ones");
	*p = 0x12345678;
	again = p[0];
	report(again == 0xffffffffu, "a write to it is dropped (0x%x read back)", again);
	/* A byte and a 64-bit access of another page: all ones, each size. */
	report(*(volatile uint8_t *)(BEYOND_RAM + 0x10003) == 0xff, "byte read all ones");
	report(*(volatile uint64_t *)(BEYOND_RAM + 0x20000) == ~0ull, "quadword read all ones");
	return report_summary();
}
