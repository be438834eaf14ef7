/* SPDX-License-Identifier: MIT */
/*
 * The PC's real-time clock and CMOS RAM as a pure model (Motorola
 * MC146818A datasheet: "Address Map", "Time, Calendar and Alarm
 * Locations", "Update Cycle", "Registers A-D", "Interrupts", "Divider
 * Stages"; PC CMOS conventions as QEMU's pc machine and the Bochs BIOS
 * set them): port 70H selects a byte (bits 0-6) and holds the NMI disable
 * bit (bit 7; write-only on most chipsets, so 70H reads FFH), port 71H
 * reads and writes the selected byte of 128.
 *
 * Implemented: the time and calendar (0 seconds, 2 minutes, 4 hours, 6
 * day of week 1-7 with Sunday 1, 7 day of month, 8 month, 9 year, 32H
 * century as the ACPI FADT names it), binary or BCD (register B DM) and
 * 24- or 12-hour (register B 24/12; bit 7 of the hours is PM, 12 AM is
 * midnight), Gregorian leap years with the century rule; the alarm (1, 3,
 * 5; a byte C0H-FFH matches anything); register A UIP, DV and RS; register
 * B SET, PIE, AIE, UIE and the formats; register C's flags (IRQF, PF, AF,
 * UF; read clears them and IRQ 8); register D (VRT reads 1). The day of
 * week is a counter of its own, as in the part: it advances at midnight
 * from the value written. Not: SQWE and the square wave output, DSE
 * (daylight saving; stored, never acts), the 4.194304 and 1.048576 MHz
 * time bases, the upper 128 bytes of later chipsets (ports 72H/73H).
 *
 * Time. The model never reads a clock: calls take `now` in ticks of the
 * 32.768 kHz crystal (RTC_HZ), never decreasing from call to call.
 * rtc_reset sets the time from seconds since 1970-01-01 00:00:00 UTC at
 * tick `now`, which starts a second. The calendar is derived in closed
 * form from elapsed ticks. The divider counts ticks 0-32767 within the
 * second; the update (every time byte advancing by one second, and UF) is
 * at the tick the divider wraps to 0, and the model's update takes no
 * time (the part's 1984 us update cycle, during which the time bytes are
 * unavailable, is not modeled: reads then return the new time). UIP reads
 * 1 during the 8 ticks (244.1 us) before each update, divider positions
 * 32760-32767, and 0 when updates do not happen (SET, divider stopped).
 * DV (register A bits 6-4): 010 runs; 11x holds the divider in reset
 * (position 0; no updates, no periodic flag, time stands still); leaving
 * 11x for 010 starts the divider half a second before its first update
 * (position 16384), as the datasheet says; any other value stops the
 * divider where it is and 010 resumes it.
 * RS (register A bits 3-0): PF every 1 << (RS-1) ticks, RS 1 and 2 giving
 * 256 and 128 Hz as the datasheet's quirk, RS 0 none; the edges are where
 * the divider's position is a multiple of the period.
 * SET (register B bit 7) stops updates and clears UIE; the time bytes then
 * hold what is written, raw. Clearing SET restarts time from those bytes
 * at that tick; the divider keeps running under SET (datasheet), so the
 * first update after it comes at the divider's next second boundary.
 * A time byte written while SET is clear also takes effect: the other time
 * bytes are read at that tick, the written one replaces its own and the
 * time restarts from them. Written values are normalized as a calendar
 * (day 0 is the last day of the month before, month 13 January of the next
 * year, hour 24 the next day's 0 hour, a BCD digit above 9 counts at its
 * value, a day of week outside 1-7 is taken modulo 7 with 0 as 7); years
 * are modulo 10000. Time bytes read back as the clock's current values in
 * the current format (a format change takes effect on the read, where the
 * part would leave the bytes as they were).
 * Flags: PF, AF and UF are set as time passes whether or not their
 * interrupt is enabled; AF is set at an update whose new time matches the
 * alarm. IRQF and IRQ 8 = PF&PIE | AF&AIE | UF&UIE, a level until register
 * C is read. Flags are latched up to `now` by rtc_advance (each port
 * access does it first); rtc_irq and rtc_next_event compute without
 * latching. Writes to registers C and D and to UIP are ignored.
 * Built freestanding into l1hv and hosted for tests/unit/test_rtc_cmos.c.
 */
#ifndef L1HV_VDEV_RTC_CMOS_H
#define L1HV_VDEV_RTC_CMOS_H

#include <stdbool.h>
#include <stdint.h>

#define RTC_HZ          32768u
#define RTC_PORT_INDEX  0x70
#define RTC_PORT_DATA   0x71

#define RTC_SECONDS     0x00
#define RTC_SEC_ALARM   0x01
#define RTC_MINUTES     0x02
#define RTC_MIN_ALARM   0x03
#define RTC_HOURS       0x04
#define RTC_HOUR_ALARM  0x05
#define RTC_DAY_OF_WEEK 0x06
#define RTC_DAY         0x07
#define RTC_MONTH       0x08
#define RTC_YEAR        0x09
#define RTC_REG_A       0x0a
#define RTC_REG_B       0x0b
#define RTC_REG_C       0x0c
#define RTC_REG_D       0x0d
#define RTC_CENTURY     0x32

#define RTC_A_UIP       0x80
#define RTC_B_SET       0x80
#define RTC_B_PIE       0x40
#define RTC_B_AIE       0x20
#define RTC_B_UIE       0x10
#define RTC_B_SQWE      0x08
#define RTC_B_DM        0x04      /* 1: binary, 0: BCD */
#define RTC_B_24H       0x02
#define RTC_B_DSE       0x01
#define RTC_C_IRQF      0x80
#define RTC_C_PF        0x40
#define RTC_C_AF        0x20
#define RTC_C_UF        0x10
#define RTC_D_VRT       0x80

struct rtc_cmos {
	uint8_t ram[128];     /* the bytes; time bytes only while SET (raw), A without UIP */
	uint64_t secs;        /* the time at ph_tick: seconds since -0400-03-01 00:00:00 */
	uint64_t ph_tick;     /* the divider was at ph_pos at this tick */
	uint64_t last;        /* flags are latched up to this tick */
	uint32_t ph_pos;      /* 0-32767 */
	uint8_t dow;          /* day of week at ph_tick, 1-7 */
	uint8_t index;        /* 0-127 */
	uint8_t flags;        /* register C's PF, AF, UF as latched */
	bool nmi_disabled;
};

/* Power on at tick now with the wall clock at unix_secs (capped at
 * 9999-12-31 23:59:59): register A 26H (running, 1024 Hz), B 02H (24-hour,
 * BCD), no flags, the other bytes 0. Call rtc_cmos_set_memory after it. */
void rtc_reset(struct rtc_cmos *r, uint64_t now, uint64_t unix_secs);

/* The PC's memory bytes as QEMU's pc machine sets them: 10H no floppy,
 * 14H equipment (FPU, PS/2 mouse), 15H/16H base memory in KiB (at most
 * 640), 17H/18H and 30H/31H memory from 1 MiB to 4 GiB in KiB, 34H/35H
 * memory from 16 MiB in 64 KiB units (both at most FFFFH), 5BH-5DH memory
 * above 4 GiB in 64 KiB units (at most FFFFFFH; QEMU truncates), 5FH CPUs
 * minus 1; and the checksum of 10H-2DH at 2EH (high)/2FH as the Bochs
 * BIOS keeps it. */
void rtc_cmos_set_memory(struct rtc_cmos *r, uint64_t below_4g_bytes, uint64_t above_4g_bytes,
			 unsigned ncpus);

/* Port access at tick now: 70H, 71H (byte); false for another. */
bool rtc_port_read(struct rtc_cmos *r, uint16_t port, uint64_t now, uint8_t *v);
bool rtc_port_write(struct rtc_cmos *r, uint16_t port, uint64_t now, uint8_t v);

/* Latch the flags set by time passing up to tick now. */
void rtc_advance(struct rtc_cmos *r, uint64_t now);

/* IRQ 8 at tick now (a level: IRQF). */
bool rtc_irq(const struct rtc_cmos *r, uint64_t now);

/* The first tick > now at which PF, AF or UF is set with its interrupt
 * enabled (whether or not the flag is already set, so reading C needs no
 * new question), UINT64_MAX if none will be without a port write. Ask
 * again after every port write and when the deadline passes; sample
 * rtc_irq after every port access and at the deadline. */
uint64_t rtc_next_event(const struct rtc_cmos *r, uint64_t now);

/* The model's calendar for others (l1hv/time/wall_clock.c): seconds since
 * 1970-01-01 00:00:00 UTC of a valid Gregorian date and time, year 1970 to
 * 9999, month 1-12, day 1-31, hour 0-23. */
uint64_t rtc_unix_seconds(unsigned year, unsigned month, unsigned day, unsigned hour,
			  unsigned min, unsigned sec);

/* Port 70H bit 7 as last written. */
bool rtc_nmi_disabled(const struct rtc_cmos *r);

#endif
