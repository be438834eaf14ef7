/* SPDX-License-Identifier: MIT */
/*
 * reset: the PC's fixed ports an OS touches (POST code port 0x80, system
 * control port A at 0x92), then a reset request the way an OS reboots,
 * chosen with via=:
 *   via=kbd   command FEH to the i8042 at 0x64 (Linux reboot=k)
 *   via=port92 bit 0 of port 0x92 (fast reset)
 *   via=cf9   06H to the reset control register at 0xCF9 (reboot=pci)
 * The hypervisor must stop this VM with a report naming the port; the
 * guest reports a FAIL if the write returns.
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "guests/lib/guest.h"

int guest_main(const char *cmdline)
{
	const char *via;
	int n = cmdline_get(cmdline, "via", &via);

	outb(0x80, 0x55);
	report(inb(0x80) == 0xff, "port 0x80: writes dropped, reads 0xff");
	report(inb(0x92) == 0x02, "port 0x92: A20 on");
	if (n == 3 && !memcmp(via, "kbd", 3)) {
		printf("resetting through the i8042\n");
		outb(0x64, 0xfe);
	} else if (n == 6 && !memcmp(via, "port92", 6)) {
		printf("resetting through port 0x92\n");
		outb(0x92, 0x03);
	} else if (n == 3 && !memcmp(via, "cf9", 3)) {
		printf("resetting through port 0xcf9\n");
		outb(0xcf9, 0x02);
		outb(0xcf9, 0x06);
	} else {
		return report_summary();
	}
	report(false, "the reset request returned");
	return report_summary();
}
