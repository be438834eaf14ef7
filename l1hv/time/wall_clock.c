/* SPDX-License-Identifier: MIT */
/* Reading the machine's RTC once at boot: see wall_clock.h. */
#include "l1hv/time/wall_clock.h"

#include <stdbool.h>

#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/console/console.h"
#include "l1hv/vdev/rtc_cmos.h"

#define CMOS_INDEX 0x70
#define CMOS_DATA  0x71
#define CMOS_NMI_OFF 0x80       /* keep NMIs masked while we index */
#define UIP_POLLS  1000000u

uint64_t wall_clock_at_boot;

static uint8_t cmos(uint8_t reg)
{
	outb(CMOS_INDEX, (uint8_t)(CMOS_NMI_OFF | reg));
	return inb(CMOS_DATA);
}

static unsigned from_bcd(uint8_t v, bool bcd)
{
	return bcd ? (unsigned)(v >> 4) * 10 + (v & 0xf) : v;
}

void wall_clock_init(void)
{
	uint8_t r[7], again[7], b;
	unsigned n = 0;

	/* Two identical readings outside an update (MC146818: UIP set means
	 * the time bytes may change within 244 us). */
	do {
		for (unsigned i = 0; i < UIP_POLLS && (cmos(0x0a) & 0x80); i++)
			;
		static const uint8_t regs[7] = { 0x00, 0x02, 0x04, 0x07, 0x08, 0x09, 0x32 };
		for (unsigned i = 0; i < 7; i++)
			r[i] = cmos(regs[i]);
		for (unsigned i = 0; i < 7; i++)
			again[i] = cmos(regs[i]);
	} while (memcmp(r, again, sizeof(r)) && ++n < 3);
	b = cmos(0x0b);
	bool bcd = !(b & 0x04), h12 = !(b & 0x02);
	unsigned sec = from_bcd(r[0], bcd), min = from_bcd(r[1], bcd);
	unsigned hour = from_bcd(r[2] & 0x7f, bcd), day = from_bcd(r[3], bcd);
	unsigned mon = from_bcd(r[4], bcd), year = from_bcd(r[5], bcd);
	unsigned century = from_bcd(r[6], bcd);

	if (h12)
		hour = (hour % 12) + ((r[2] & 0x80) ? 12 : 0);
	year += (century >= 19 && century <= 99 ? century : (year < 70 ? 20 : 19)) * 100;
	if (sec > 59 || min > 59 || hour > 23 || day < 1 || day > 31 || mon < 1 || mon > 12 ||
	    year < 1970) {
		pr_info("RTC: unreadable time (%02x:%02x:%02x %02x.%02x.%02x): guests' RTCs start at "
			"1970-01-01\n", r[2], r[1], r[0], r[3], r[4], r[5]);
		return;
	}
	wall_clock_at_boot = rtc_unix_seconds(year, mon, day, hour, min, sec);
	pr_info("RTC: %u-%02u-%02u %02u:%02u:%02u UTC\n", year, mon, day, hour, min, sec);
}
