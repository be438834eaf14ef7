/* SPDX-License-Identifier: MIT */
/* halt: a HLT the hypervisor must not wait for. By default with interrupts
 * disabled, so nothing can ever wake it; with "deadline=far" with interrupts
 * on and the x2APIC TSC-deadline timer armed 2^40 ticks ahead. Either way
 * the hypervisor must report the VM and stop it, not hang. */
#include "common/free/string.h"
#include "guests/lib/guest.h"

int guest_main(const char *cmdline)
{
	const char *v;

	if (cmdline_get(cmdline, "deadline", &v) == 3 && !strncmp(v, "far", 3)) {
		printf("halt: TSC deadline 2^40 ticks ahead; sti; hlt\n");
		wrmsr(0x1b, rdmsr(0x1b) | (3ull << 10));          /* x2APIC on */
		wrmsr(0x80f, 0x1ff);                               /* APIC on */
		wrmsr(0x832, 0x41 | (2u << 17));                   /* TSC-deadline mode */
		wrmsr(0x6e0, rdtsc_ordered() + (1ull << 40));
		asm volatile("sti; hlt; cli");
	} else {
		printf("halt: cli; hlt\n");
		asm volatile("cli; hlt");
	}
	printf("FAIL: woke up from a HLT nothing could end\n");
	return 1;
}
