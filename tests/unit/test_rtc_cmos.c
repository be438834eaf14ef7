/* SPDX-License-Identifier: MIT */
/*
 * The MC146818A RTC and CMOS RAM (l1hv/vdev/rtc_cmos.c): the calendar
 * against known dates and a day-by-day sweep, rollovers by updates, BCD,
 * binary and 12-hour formats, the UIP window at exact ticks, SET, the
 * divider (reset, half-second start, stop), register C, periodic rates,
 * the alarm with don't-care bytes (against a brute-force search),
 * update-ended interrupts, rtc_next_event, the PC's CMOS memory bytes, and
 * random port sequences.
 */
#include "l1hv/vdev/rtc_cmos.h"
#include "testlib.h"

static struct rtc_cmos r;

static void wr(uint8_t idx, uint8_t v, uint64_t t)
{
	CHECK(rtc_port_write(&r, RTC_PORT_INDEX, t, idx));
	CHECK(rtc_port_write(&r, RTC_PORT_DATA, t, v));
}

static uint8_t rd(uint8_t idx, uint64_t t)
{
	uint8_t v = 0;

	CHECK(rtc_port_write(&r, RTC_PORT_INDEX, t, idx));
	CHECK(rtc_port_read(&r, RTC_PORT_DATA, t, &v));
	return v;
}

static bool leap(unsigned y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

static unsigned mdays(unsigned y, unsigned m)
{
	static const unsigned d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Seconds since 1970 by counting, independent of the model's arithmetic. */
static uint64_t unix_of(unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s)
{
	uint64_t days = 0;

	for (unsigned k = 1970; k < y; k++)
		days += leap(k) ? 366 : 365;
	for (unsigned k = 1; k < mo; k++)
		days += mdays(y, k);
	return (days + d - 1) * 86400 + h * 3600u + mi * 60u + s;
}

static uint8_t bcd(unsigned v)
{
	return (uint8_t)((v / 10) << 4 | v % 10);
}

/* The clock bytes (BCD, 24-hour) at t equal the given date (dow 0: any). */
static void check_date(uint64_t t, unsigned y, unsigned mo, unsigned d, unsigned h, unsigned mi,
		       unsigned s, unsigned dow)
{
	CHECKF(rd(RTC_SECONDS, t) == bcd(s) && rd(RTC_MINUTES, t) == bcd(mi) &&
	       rd(RTC_HOURS, t) == bcd(h) && rd(RTC_DAY, t) == bcd(d) &&
	       rd(RTC_MONTH, t) == bcd(mo) && rd(RTC_YEAR, t) == bcd(y % 100) &&
	       rd(RTC_CENTURY, t) == bcd(y / 100) && (!dow || rd(RTC_DAY_OF_WEEK, t) == dow),
	       "%04u-%02u-%02u %02u:%02u:%02u dow %u: read %02x%02x-%02x-%02x %02x:%02x:%02x dow %x",
	       y, mo, d, h, mi, s, dow, rd(RTC_CENTURY, t), rd(RTC_YEAR, t), rd(RTC_MONTH, t),
	       rd(RTC_DAY, t), rd(RTC_HOURS, t), rd(RTC_MINUTES, t), rd(RTC_SECONDS, t),
	       rd(RTC_DAY_OF_WEEK, t));
}

TEST(reset_state)
{
	rtc_reset(&r, 77, 0);
	CHECK_EQ(rd(RTC_REG_A, 77), 0x26);
	CHECK_EQ(rd(RTC_REG_B, 77), 0x02);
	CHECK_EQ(rd(RTC_REG_C, 77), 0x00);
	CHECK_EQ(rd(RTC_REG_D, 77), 0x80);
	CHECK_EQ(rd(0x0e, 77), 0);
	CHECK_EQ(rd(0x7f, 77), 0);
	check_date(77, 1970, 1, 1, 0, 0, 0, 5);
	CHECK(!rtc_irq(&r, 1000000));
	CHECK_EQ(rtc_next_event(&r, 77), UINT64_MAX);   /* nothing enabled */
	CHECK(!rtc_nmi_disabled(&r));
}

TEST(known_dates)
{
	static const struct { unsigned y, mo, d, h, mi, s, dow; uint64_t secs; } k[] = {
		{ 1970, 1, 1, 0, 0, 0, 5, 0 },
		{ 2000, 2, 29, 0, 0, 0, 3, 951782400 },
		{ 2024, 2, 29, 12, 34, 56, 5, 1709210096 },
		{ 2100, 2, 28, 23, 59, 59, 1, 4107542399 },
		{ 2100, 3, 1, 0, 0, 0, 2, 4107542400 },
		{ 1999, 12, 31, 23, 59, 59, 6, 946684799 },
		{ 9999, 12, 31, 23, 59, 59, 6, 253402300799 },
	};

	for (unsigned i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		CHECK_EQ(unix_of(k[i].y, k[i].mo, k[i].d, k[i].h, k[i].mi, k[i].s), k[i].secs);
		rtc_reset(&r, 1000, k[i].secs);
		check_date(1000, k[i].y, k[i].mo, k[i].d, k[i].h, k[i].mi, k[i].s, k[i].dow);
	}
	rtc_reset(&r, 0, UINT64_MAX);                   /* capped */
	check_date(0, 9999, 12, 31, 23, 59, 59, 6);
}

/* Every day from 1970 to 2400 against a calendar that counts days. */
TEST(calendar_sweep)
{
	unsigned y = 1970, mo = 1, d = 1, dow = 5, bad = 0;

	for (uint64_t day = 0; y < 2401; day++) {
		uint64_t sod = day * 7919 % 86400;

		rtc_reset(&r, 0, day * 86400 + sod);
		wr(RTC_REG_B, 0x06, 0);                  /* binary, 24-hour */
		if (rd(RTC_YEAR, 0) != y % 100 || rd(RTC_CENTURY, 0) != y / 100 ||
		    rd(RTC_MONTH, 0) != mo || rd(RTC_DAY, 0) != d ||
		    rd(RTC_DAY_OF_WEEK, 0) != dow || rd(RTC_HOURS, 0) != sod / 3600 ||
		    rd(RTC_MINUTES, 0) != sod / 60 % 60 || rd(RTC_SECONDS, 0) != sod % 60) {
			if (bad++ < 5)
				printf("  day %llu: %u-%u-%u\n", (unsigned long long)day, y, mo, d);
		}
		dow = dow % 7 + 1;
		if (++d > mdays(y, mo)) {
			d = 1;
			if (++mo > 12) {
				mo = 1;
				y++;
			}
		}
	}
	CHECK_EQ(bad, 0);
}

TEST(rollovers_by_updates)
{
	rtc_reset(&r, 0, 946684798);                    /* 1999-12-31 23:59:58 */
	check_date(32767, 1999, 12, 31, 23, 59, 58, 6);
	check_date(32768, 1999, 12, 31, 23, 59, 59, 6);
	check_date(65536, 2000, 1, 1, 0, 0, 0, 7);
	rtc_reset(&r, 0, unix_of(2000, 2, 28, 23, 59, 59));
	check_date(32768, 2000, 2, 29, 0, 0, 0, 3);
	check_date(32768 + 86400ull * 32768, 2000, 3, 1, 0, 0, 0, 4);
	rtc_reset(&r, 0, unix_of(2024, 2, 28, 23, 59, 59));
	check_date(32768, 2024, 2, 29, 0, 0, 0, 5);
	rtc_reset(&r, 0, 4107542399);                   /* 2100 is not a leap year */
	check_date(32768, 2100, 3, 1, 0, 0, 0, 2);
	/* Long runs: 400 years later is the same day of the week. */
	rtc_reset(&r, 0, 0);
	check_date(32768ull * unix_of(2370, 1, 1, 0, 0, 0), 2370, 1, 1, 0, 0, 0, 5);
	/* Year 9999 wraps to 0000 (years are modulo 10000). */
	rtc_reset(&r, 0, 253402300799);
	check_date(32768, 0, 1, 1, 0, 0, 0, 7);
}

TEST(formats_binary_and_12_hour)
{
	rtc_reset(&r, 0, unix_of(2024, 1, 1, 0, 0, 0)); /* midnight, Monday */
	wr(RTC_REG_B, 0x00, 0);                          /* 12-hour, BCD */
	CHECK_EQ(rd(RTC_HOURS, 0), 0x12);                /* 12 AM */
	CHECK_EQ(rd(RTC_HOURS, 3600ull * 32768), 0x01);
	CHECK_EQ(rd(RTC_HOURS, 12 * 3600ull * 32768), 0x92);  /* noon: 12 PM */
	CHECK_EQ(rd(RTC_HOURS, 13 * 3600ull * 32768), 0x81);
	CHECK_EQ(rd(RTC_HOURS, 23 * 3600ull * 32768), 0x91);
	wr(RTC_REG_B, 0x04, 23 * 3600ull * 32768);      /* 12-hour, binary */
	CHECK_EQ(rd(RTC_HOURS, 23 * 3600ull * 32768), 0x8b);
	CHECK_EQ(rd(RTC_HOURS, 24 * 3600ull * 32768), 0x0c);  /* midnight: 12 AM */
	CHECK_EQ(rd(RTC_DAY, 24 * 3600ull * 32768), 2);
	CHECK_EQ(rd(RTC_CENTURY, 24 * 3600ull * 32768), 20);
	/* A time written in 12-hour form under SET reads back in 24-hour. */
	wr(RTC_REG_B, 0x00, 24 * 3600ull * 32768);      /* 12-hour, BCD */
	wr(RTC_REG_B, 0x80, 24 * 3600ull * 32768);      /* SET: the bytes stand, BCD */
	wr(RTC_HOURS, 0x92, 24 * 3600ull * 32768);      /* 12 PM */
	CHECK_EQ(rd(RTC_HOURS, 25 * 3600ull * 32768), 0x92);  /* raw under SET */
	CHECK_EQ(rd(RTC_DAY, 25 * 3600ull * 32768), 0x02);
	wr(RTC_REG_B, 0x00, 25 * 3600ull * 32768);      /* runs from 12 PM */
	wr(RTC_REG_B, 0x02, 25 * 3600ull * 32768);      /* 24-hour BCD */
	CHECK_EQ(rd(RTC_HOURS, 25 * 3600ull * 32768), 0x12);
	CHECK_EQ(rd(RTC_DAY, 25 * 3600ull * 32768), 0x02);
}

TEST(uip_window_exact)
{
	const uint64_t t0 = 1000;

	rtc_reset(&r, t0, 100);
	for (uint64_t t = t0 + 32740; t <= t0 + 32790; t++) {
		bool uip = t >= t0 + 32760 && t < t0 + 32768;

		CHECK_EQ(rd(RTC_REG_A, t), uip ? 0xa6 : 0x26);
		CHECK_EQ(rd(RTC_SECONDS, t), t < t0 + 32768 ? 0x40 : 0x41);
	}
	CHECK_EQ(rd(RTC_REG_C, t0 + 32790), RTC_C_UF | RTC_C_PF);
	wr(RTC_REG_A, 0x20, t0 + 32790);                /* no periodic */
	CHECK_EQ(rd(RTC_REG_C, t0 + 65535), 0);
	CHECK_EQ(rd(RTC_REG_C, t0 + 65536), RTC_C_UF);  /* at the update tick */
	/* No UIP while SET or with the divider in reset. */
	wr(RTC_REG_B, 0x82, t0 + 65536);
	CHECK_EQ(rd(RTC_REG_A, t0 + 3 * 32768 - 4), 0x20);
	wr(RTC_REG_B, 0x02, t0 + 3 * 32768);
	CHECK_EQ(rd(RTC_REG_A, t0 + 4 * 32768 - 4), 0xa0);
	wr(RTC_REG_A, 0x70, t0 + 4 * 32768);
	CHECK_EQ(rd(RTC_REG_A, t0 + 5 * 32768 - 4), 0x70);
	/* UIP cannot be written. */
	wr(RTC_REG_A, 0xa6, t0 + 6 * 32768);
	CHECK_EQ(rd(RTC_REG_A, t0 + 6 * 32768), 0x26);
}

TEST(set_freezes_and_restarts)
{
	rtc_reset(&r, 0, 1709210096);                   /* 2024-02-29 12:34:56 Thu */
	wr(RTC_REG_A, 0x20, 0);                          /* no periodic */
	wr(RTC_REG_B, 0x12, 0);                          /* UIE */
	wr(RTC_REG_B, 0x92, 10000);                      /* SET clears UIE */
	CHECK_EQ(rd(RTC_REG_B, 10000), 0x82);
	wr(RTC_SECONDS, 0x00, 10000);
	wr(RTC_MINUTES, 0x00, 10000);
	wr(RTC_HOURS, 0x08, 10000);
	wr(RTC_DAY_OF_WEEK, 0x07, 10000);
	wr(RTC_DAY, 0x15, 10000);
	wr(RTC_MONTH, 0x06, 10000);
	wr(RTC_YEAR, 0x30, 10000);
	check_date(200000, 2030, 6, 15, 8, 0, 0, 7);    /* stands still */
	CHECK_EQ(rd(RTC_REG_C, 200000), 0);              /* no update under SET */
	CHECK_EQ(rtc_next_event(&r, 200000), UINT64_MAX);
	wr(RTC_REG_B, 0x12, 200000);                     /* runs again, UIE */
	check_date(200000, 2030, 6, 15, 8, 0, 0, 7);
	/* The divider kept its phase: the next update is at 7 * 32768. */
	CHECK_EQ(rtc_next_event(&r, 200000), 7 * 32768);
	check_date(7 * 32768 - 1, 2030, 6, 15, 8, 0, 0, 7);
	check_date(7 * 32768, 2030, 6, 15, 8, 0, 1, 7);
	CHECK(rtc_irq(&r, 7 * 32768));
	CHECK_EQ(rd(RTC_REG_C, 7 * 32768), RTC_C_IRQF | RTC_C_UF);
	CHECK(!rtc_irq(&r, 7 * 32768));
}

TEST(divider_reset_stop_and_linux_set_time)
{
	uint64_t t;

	rtc_reset(&r, 0, 1709210096);
	CHECK_EQ(rd(RTC_REG_C, 5000), RTC_C_PF);         /* 1024 Hz until now */
	wr(RTC_REG_A, 0x76, 5000);                       /* divider reset */
	check_date(5000 + 10 * 32768, 2024, 2, 29, 12, 34, 56, 5);
	CHECK_EQ(rd(RTC_REG_C, 5000 + 10 * 32768), 0);   /* no PF, no UF */
	t = 400000;
	wr(RTC_REG_A, 0x26, t);                          /* half a second to the update */
	CHECK_EQ(rd(RTC_REG_A, t + 16375), 0x26);
	CHECK_EQ(rd(RTC_REG_A, t + 16376), 0xa6);
	CHECK_EQ(rd(RTC_SECONDS, t + 16383), 0x56);
	CHECK_EQ(rd(RTC_SECONDS, t + 16384), 0x57);
	/* Another DV value stops the divider where it is; 010 resumes it. */
	t += 16384 + 1000;
	wr(RTC_REG_A, 0x06, t);
	CHECK_EQ(rd(RTC_SECONDS, t + 10 * 32768), 0x57);
	CHECK_EQ(rd(RTC_REG_A, t + 10 * 32768 + 32767), 0x06);
	wr(RTC_REG_A, 0x26, t + 20 * 32768);
	CHECK_EQ(rd(RTC_SECONDS, t + 20 * 32768 + 31767), 0x57);
	CHECK_EQ(rd(RTC_SECONDS, t + 20 * 32768 + 31768), 0x58);
	/* Linux's mc146818_set_time: SET, divider reset, the bytes, B, A. */
	t = 10000000;
	wr(RTC_REG_B, rd(RTC_REG_B, t) | 0x80, t);
	wr(RTC_REG_A, rd(RTC_REG_A, t) | 0x70, t + 1);
	wr(RTC_YEAR, 0x25, t + 2);
	wr(RTC_MONTH, 0x12, t + 3);
	wr(RTC_DAY, 0x31, t + 4);
	wr(RTC_HOURS, 0x23, t + 5);
	wr(RTC_MINUTES, 0x59, t + 6);
	wr(RTC_SECONDS, 0x59, t + 7);
	wr(RTC_REG_B, 0x02, t + 8);
	check_date(t + 9 + 32768, 2025, 12, 31, 23, 59, 59, 0);  /* still in reset */
	wr(RTC_REG_A, 0x26, t + 100000);
	check_date(t + 100000 + 16383, 2025, 12, 31, 23, 59, 59, 0);
	check_date(t + 100000 + 16384, 2026, 1, 1, 0, 0, 0, 0);
	/* Reset zeroes the divider: reset, stop, run gives a whole second. */
	t += 200000;
	wr(RTC_REG_A, 0x76, t);
	wr(RTC_REG_A, 0x06, t + 5);
	wr(RTC_REG_A, 0x26, t + 10);
	CHECK_EQ(rd(RTC_SECONDS, t + 10 + 32767), 0x02);
	CHECK_EQ(rd(RTC_SECONDS, t + 10 + 32768), 0x03);
}

TEST(register_c_flags_and_irq)
{
	rtc_reset(&r, 0, 0);
	wr(RTC_REG_B, 0x12, 5);                          /* UIE */
	CHECK_EQ(rtc_next_event(&r, 5), 32768);
	CHECK(!rtc_irq(&r, 32767));
	CHECK(rtc_irq(&r, 32768));
	CHECK(rtc_irq(&r, 40000));                       /* a level */
	CHECK_EQ(rd(RTC_REG_C, 40000), RTC_C_IRQF | RTC_C_UF | RTC_C_PF);
	CHECK(!rtc_irq(&r, 40000));
	CHECK_EQ(rd(RTC_REG_C, 40000), 0);               /* 40000 is a PF edge, read */
	CHECK_EQ(rd(RTC_REG_C, 40031), 0);
	CHECK_EQ(rd(RTC_REG_C, 40032), RTC_C_PF);        /* flags without enables */
	CHECK(!rtc_irq(&r, 40100));
	/* Enabling PIE with PF set raises IRQ 8 at once. */
	wr(RTC_REG_B, 0x52, 40100);
	CHECK(rtc_irq(&r, 40100));
	CHECK_EQ(rd(RTC_REG_C, 40100), RTC_C_IRQF | RTC_C_PF);
	/* C and D are read-only. */
	wr(RTC_REG_C, 0xff, 40100);
	wr(RTC_REG_D, 0x00, 40100);
	CHECK_EQ(rd(RTC_REG_C, 40100), 0);
	CHECK_EQ(rd(RTC_REG_D, 40100), 0x80);
	/* Flags latched by rtc_advance survive an enable change. */
	wr(RTC_REG_B, 0x02, 40100);
	rtc_advance(&r, 40200);
	wr(RTC_REG_A, 0x20, 40300);
	CHECK_EQ(rd(RTC_REG_C, 50000), RTC_C_PF);
}

TEST(periodic_rates)
{
	static const uint32_t period[16] = { 0, 128, 256, 4, 8, 16, 32, 64, 128, 256, 512,
					     1024, 2048, 4096, 8192, 16384 };

	for (unsigned rs = 0; rs < 16; rs++) {
		rtc_reset(&r, 0, 0);
		wr(RTC_REG_A, (uint8_t)(0x20 | rs), 0);
		wr(RTC_REG_B, 0x42, 0);                  /* PIE */
		if (!rs) {
			CHECK_EQ(rtc_next_event(&r, 0), UINT64_MAX);
			CHECK_EQ(rd(RTC_REG_C, 100000) & RTC_C_PF, 0);
			continue;
		}
		CHECKF(rtc_next_event(&r, 0) == period[rs], "rs %u", rs);
		CHECK(!rtc_irq(&r, period[rs] - 1));
		CHECK(rtc_irq(&r, period[rs]));
		CHECK_EQ(rd(RTC_REG_C, period[rs]), RTC_C_IRQF | RTC_C_PF);
		CHECK_EQ(rtc_next_event(&r, period[rs]), 2 * period[rs]);
		CHECK_EQ(rtc_next_event(&r, 5 * period[rs] + 1), 6 * period[rs]);
		CHECK_EQ(rtc_next_event(&r, 1000000007ull * period[rs]), 1000000008ull * period[rs]);
	}
	/* The edges follow the divider: after a half-second start, from 16384. */
	rtc_reset(&r, 0, 0);
	wr(RTC_REG_A, 0x7d, 10);                         /* reset, RS 13: 4096 ticks */
	wr(RTC_REG_B, 0x42, 10);
	CHECK_EQ(rtc_next_event(&r, 10), UINT64_MAX);
	wr(RTC_REG_A, 0x2d, 1000);                       /* position 16384 at 1000 */
	CHECK_EQ(rtc_next_event(&r, 1000), 1000 + 4096);
}

TEST(alarm_with_dont_care)
{
	uint64_t s = 32768;

	rtc_reset(&r, 0, 1709210096);                   /* 12:34:56 */
	wr(RTC_REG_A, 0x20, 0);
	wr(RTC_HOUR_ALARM, 0x12, 0);
	wr(RTC_MIN_ALARM, 0x35, 0);
	wr(RTC_SEC_ALARM, 0x10, 0);
	wr(RTC_REG_B, 0x22, 0);                          /* AIE */
	CHECK_EQ(rtc_next_event(&r, 0), 14 * s);         /* 12:35:10 */
	CHECK(!rtc_irq(&r, 14 * s - 1));
	CHECK(rtc_irq(&r, 14 * s));
	CHECK_EQ(rd(RTC_REG_C, 14 * s), RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
	CHECK_EQ(rtc_next_event(&r, 14 * s), (14 + 86400) * s);  /* tomorrow */
	/* Three days unattended: one AF latched, and the next is tomorrow's. */
	CHECK_EQ(rd(RTC_REG_C, (14 + 3 * 86400 + 5) * s), RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
	CHECK_EQ(rtc_next_event(&r, (14 + 3 * 86400 + 5) * s), (14 + 4 * 86400) * s);
	/* Seconds don't care: every second of 12:36. */
	rtc_reset(&r, 0, 1709210096);
	wr(RTC_REG_A, 0x20, 0);
	wr(RTC_HOUR_ALARM, 0x12, 0);
	wr(RTC_MIN_ALARM, 0x36, 0);
	wr(RTC_SEC_ALARM, 0xff, 0);
	wr(RTC_REG_B, 0x22, 0);
	CHECK_EQ(rtc_next_event(&r, 0), 64 * s);         /* 12:36:00 */
	CHECK_EQ(rtc_next_event(&r, 64 * s), 65 * s);
	CHECK_EQ(rtc_next_event(&r, 122 * s), 123 * s);  /* 12:36:59 */
	CHECK_EQ(rtc_next_event(&r, 123 * s), (64 + 86400) * s);
	CHECK_EQ(rd(RTC_REG_C, 63 * s), RTC_C_UF);
	CHECK_EQ(rd(RTC_REG_C, 64 * s), RTC_C_IRQF | RTC_C_AF | RTC_C_UF);
	/* Everything don't care: every update. Hours don't care: hourly. */
	wr(RTC_HOUR_ALARM, 0xc0, 64 * s);
	wr(RTC_MIN_ALARM, 0xc0, 64 * s);
	wr(RTC_SEC_ALARM, 0xc0, 64 * s);
	CHECK_EQ(rtc_next_event(&r, 64 * s), 65 * s);
	wr(RTC_MIN_ALARM, 0x00, 64 * s);
	wr(RTC_SEC_ALARM, 0x00, 64 * s);
	CHECK_EQ(rtc_next_event(&r, 64 * s), (64 + 24 * 60) * s);   /* 13:00:00 */
	/* An alarm no clock value encodes never matches. */
	wr(RTC_SEC_ALARM, 0x60, 64 * s);
	CHECK_EQ(rtc_next_event(&r, 64 * s), UINT64_MAX);
	wr(RTC_SEC_ALARM, 0x0a, 64 * s);                 /* not BCD */
	CHECK_EQ(rtc_next_event(&r, 64 * s), UINT64_MAX);
	CHECK_EQ(rd(RTC_REG_C, 100000 * s) & RTC_C_AF, 0);
	/* 12-hour alarm: 1 PM. */
	rtc_reset(&r, 0, 1709210096);
	wr(RTC_REG_A, 0x20, 0);
	wr(RTC_REG_B, 0x20, 0);                          /* AIE, 12-hour, BCD */
	wr(RTC_HOUR_ALARM, 0x81, 0);
	CHECK_EQ(rtc_next_event(&r, 0), (4 + 25 * 60) * s);
	wr(RTC_HOUR_ALARM, 0x13, 0);                     /* 13 is not a 12-hour hour */
	CHECK_EQ(rtc_next_event(&r, 0), UINT64_MAX);
}

/* The alarm's next match against a search second by second. */
static uint8_t enc_bcd_bin(unsigned v, bool binary)
{
	return binary ? (uint8_t)v : bcd(v);
}

static uint32_t rng_state;

static uint32_t rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

static uint8_t rand_alarm(unsigned limit, bool binary, bool hour12)
{
	unsigned k = rnd() % 8, v = rnd() % limit;

	if (k == 0)
		return (uint8_t)(0xc0 | rnd());          /* don't care */
	if (k == 1)
		return (uint8_t)rnd();                   /* anything */
	if (hour12) {
		unsigned h12 = v % 12 ? v % 12 : 12;

		return (uint8_t)(enc_bcd_bin(h12, binary) | (v >= 12 ? 0x80 : 0));
	}
	return enc_bcd_bin(v, binary);
}

TEST(alarm_matches_brute_force)
{
	unsigned bad = 0;

	rng_state = 12345;
	for (unsigned i = 0; i < 300; i++) {
		bool binary = rnd() & 1, hour12 = rnd() & 1;
		uint8_t b = (uint8_t)(0x20 | (binary ? 4 : 0) | (hour12 ? 0 : 2));
		uint8_t ah = rand_alarm(24, binary, hour12), am = rand_alarm(60, binary, false);
		uint8_t as = rand_alarm(60, binary, false);
		uint64_t start = rnd() % 86400, expect = UINT64_MAX;

		/* A third of the cases: minutes and seconds near the start time. */
		if (i % 3 == 0) {
			unsigned sod = (unsigned)((start + rnd() % 5000) % 86400);

			if (rnd() & 1)
				am = enc_bcd_bin(sod / 60 % 60, binary);
			if (rnd() & 1)
				as = enc_bcd_bin(sod % 60, binary);
		}
		rtc_reset(&r, 0, 1700000000 - 1700000000 % 86400 + start);
		wr(RTC_REG_A, 0x20, 0);
		wr(RTC_REG_B, b, 0);
		wr(RTC_HOUR_ALARM, ah, 0);
		wr(RTC_MIN_ALARM, am, 0);
		wr(RTC_SEC_ALARM, as, 0);
		for (uint64_t k = 1; k <= 2 * 86400; k++) {
			unsigned sod = (unsigned)((start + k) % 86400), h = sod / 3600;
			uint8_t eh = hour12 ? (uint8_t)(enc_bcd_bin(h % 12 ? h % 12 : 12, binary) |
						       (h >= 12 ? 0x80 : 0))
					    : enc_bcd_bin(h, binary);

			if (((ah & 0xc0) == 0xc0 || ah == eh) &&
			    ((am & 0xc0) == 0xc0 || am == enc_bcd_bin(sod / 60 % 60, binary)) &&
			    ((as & 0xc0) == 0xc0 || as == enc_bcd_bin(sod % 60, binary))) {
				expect = k * 32768;
				break;
			}
		}
		if (rtc_next_event(&r, 0) != expect && bad++ < 5)
			printf("  case %u: B %02x alarm %02x:%02x:%02x from %llu: %llu != %llu\n", i, b,
			       ah, am, as, (unsigned long long)start,
			       (unsigned long long)rtc_next_event(&r, 0), (unsigned long long)expect);
		/* ... and the flag is latched exactly there. */
		if (expect != UINT64_MAX) {
			bool before = rd(RTC_REG_C, expect - 1) & RTC_C_AF;
			bool at = rd(RTC_REG_C, expect) & RTC_C_AF;

			if ((before || !at) && bad++ < 5)
				printf("  case %u: AF %d %d\n", i, before, at);
		}
	}
	CHECK_EQ(bad, 0);
}

TEST(update_ended_and_next_event)
{
	rtc_reset(&r, 100, 0);
	wr(RTC_REG_A, 0x20, 100);
	CHECK_EQ(rtc_next_event(&r, 100), UINT64_MAX);
	wr(RTC_REG_B, 0x12, 100);
	CHECK_EQ(rtc_next_event(&r, 100), 100 + 32768);
	CHECK_EQ(rtc_next_event(&r, 100 + 32768), 100 + 2 * 32768);
	CHECK_EQ(rtc_next_event(&r, 100 + 5 * 32768 + 7), 100 + 6 * 32768);
	/* Coalesced: many updates, one UF. */
	CHECK_EQ(rd(RTC_REG_C, 100 + 1000 * 32768ull), RTC_C_IRQF | RTC_C_UF);
	CHECK_EQ(rd(RTC_SECONDS, 100 + 1000 * 32768ull), 0x40);   /* 16:40 */
	/* PIE and UIE: the earlier; the flag already set still counts. */
	wr(RTC_REG_A, 0x2f, 100 + 1000 * 32768ull);            /* 2 Hz */
	wr(RTC_REG_B, 0x52, 100 + 1000 * 32768ull);
	CHECK_EQ(rtc_next_event(&r, 100 + 1000 * 32768ull), 100 + 1000 * 32768ull + 16384);
	CHECK_EQ(rtc_next_event(&r, 100 + 1000 * 32768ull + 16384), 100 + 1001 * 32768ull);
	/* SET: only the periodic interrupt remains; divider stopped: none. */
	wr(RTC_REG_B, 0xd2, 100 + 1001 * 32768ull);
	CHECK_EQ(rd(RTC_REG_B, 100 + 1001 * 32768ull), 0xc2);
	wr(RTC_REG_B, 0xf2, 100 + 1001 * 32768ull);           /* AIE and UIE under SET */
	CHECK_EQ(rtc_next_event(&r, 100 + 1001 * 32768ull), 100 + 1001 * 32768ull + 16384);
	wr(RTC_REG_A, 0x0f, 100 + 1001 * 32768ull);
	CHECK_EQ(rtc_next_event(&r, 100 + 1001 * 32768ull), UINT64_MAX);
}

TEST(clock_writes_while_running)
{
	rtc_reset(&r, 0, 1709210096);                   /* 2024-02-29 12:34:56 */
	wr(RTC_MINUTES, 0x40, 50000);                    /* at 12:34:57 */
	check_date(50000, 2024, 2, 29, 12, 40, 57, 5);
	check_date(65535, 2024, 2, 29, 12, 40, 57, 5);
	check_date(65536, 2024, 2, 29, 12, 40, 58, 5);   /* the divider's phase kept */
	wr(RTC_SECONDS, 0x75, 70000);                    /* 75 s: normalized */
	check_date(70000, 2024, 2, 29, 12, 41, 15, 5);
	wr(RTC_DAY, 0x31, 70000);                        /* February 31st */
	check_date(70000, 2024, 3, 2, 12, 41, 15, 5);    /* the weekday is its own */
	wr(RTC_MONTH, 0x13, 70000);                      /* month 13 */
	check_date(70000, 2025, 1, 2, 12, 41, 15, 5);
	wr(RTC_DAY, 0x00, 70000);                        /* day 0 */
	check_date(70000, 2024, 12, 31, 12, 41, 15, 5);
	wr(RTC_DAY_OF_WEEK, 0x00, 70000);
	CHECK_EQ(rd(RTC_DAY_OF_WEEK, 70000), 7);
	wr(RTC_DAY_OF_WEEK, 0x08, 70000);
	CHECK_EQ(rd(RTC_DAY_OF_WEEK, 70000), 1);
	wr(RTC_HOURS, 0x23, 70000);
	wr(RTC_MINUTES, 0x59, 70000);
	wr(RTC_SECONDS, 0x59, 70000);
	check_date(98304, 2025, 1, 1, 0, 0, 0, 2);       /* weekday advances at midnight */
	wr(RTC_CENTURY, 0x19, 98304);
	check_date(98304, 1925, 1, 1, 0, 0, 0, 2);
	/* Alarm and other RAM bytes are plain storage. */
	wr(RTC_SEC_ALARM, 0x42, 98304);
	wr(0x0e, 0x99, 98304);
	wr(0x31, 0x77, 98304);
	wr(0x33, 0x55, 98304);
	CHECK_EQ(rd(RTC_SEC_ALARM, 98304), 0x42);
	CHECK_EQ(rd(0x0e, 98304), 0x99);
	CHECK_EQ(rd(0x31, 98304), 0x77);
	CHECK_EQ(rd(0x33, 98304), 0x55);
}

TEST(ports_index_and_nmi)
{
	uint8_t v;

	rtc_reset(&r, 0, 0);
	CHECK(rtc_port_write(&r, RTC_PORT_INDEX, 0, 0x8e));
	CHECK(rtc_nmi_disabled(&r));
	CHECK(rtc_port_write(&r, RTC_PORT_DATA, 0, 0x5a));
	CHECK(rtc_port_read(&r, RTC_PORT_DATA, 0, &v));
	CHECK_EQ(v, 0x5a);
	CHECK(rtc_port_read(&r, RTC_PORT_INDEX, 0, &v));
	CHECK_EQ(v, 0xff);
	CHECK(rtc_port_write(&r, RTC_PORT_INDEX, 0, 0xff));   /* index 7FH, NMI off */
	CHECK(rtc_port_write(&r, RTC_PORT_DATA, 0, 0x11));
	CHECK(rtc_port_write(&r, RTC_PORT_INDEX, 0, 0x7f));
	CHECK(!rtc_nmi_disabled(&r));
	CHECK(rtc_port_read(&r, RTC_PORT_DATA, 0, &v));
	CHECK_EQ(v, 0x11);
	CHECK_EQ(rd(0x0e, 0), 0x5a);
	CHECK(!rtc_port_read(&r, 0x72, 0, &v));
	CHECK(!rtc_port_write(&r, 0x73, 0, 0));
	CHECK(!rtc_port_read(&r, 0x6f, 0, &v));
}

static uint16_t rd16(uint8_t idx)
{
	return (uint16_t)(rd(idx, 0) | rd((uint8_t)(idx + 1), 0) << 8);
}

TEST(cmos_memory_bytes)
{
	const uint64_t mib = 1ull << 20;
	unsigned sum = 0;

	rtc_reset(&r, 0, 0);
	rtc_cmos_set_memory(&r, 512 * mib, 0, 1);
	CHECK_EQ(rd(0x10, 0), 0x00);
	CHECK_EQ(rd(0x14, 0), 0x06);
	CHECK_EQ(rd16(0x15), 640);
	CHECK_EQ(rd16(0x17), 0xffff);                   /* 511 MiB in KiB, capped */
	CHECK_EQ(rd16(0x30), 0xffff);
	CHECK_EQ(rd16(0x34), (512 - 16) * 16);
	CHECK_EQ(rd(0x5b, 0) | rd(0x5c, 0) << 8 | rd(0x5d, 0) << 16, 0);
	CHECK_EQ(rd(0x5f, 0), 0);
	for (uint8_t i = 0x10; i <= 0x2d; i++)
		sum += rd(i, 0);
	CHECK_EQ(rd16(0x2e), (uint16_t)((sum >> 8) | (sum & 0xff) << 8));   /* high byte first */
	rtc_cmos_set_memory(&r, 32 * mib, 0, 2);
	CHECK_EQ(rd16(0x17), 31 * 1024);
	CHECK_EQ(rd16(0x30), 31 * 1024);
	CHECK_EQ(rd16(0x34), 256);
	CHECK_EQ(rd(0x5f, 0), 1);
	rtc_cmos_set_memory(&r, 3584 * mib, 4096 * mib, 4);
	CHECK_EQ(rd16(0x34), (3584 - 16) * 16);
	CHECK_EQ(rd(0x5b, 0) | rd(0x5c, 0) << 8 | rd(0x5d, 0) << 16, 0x10000);
	CHECK_EQ(rd(0x5f, 0), 3);
	rtc_cmos_set_memory(&r, 512 * 1024, 1ull << 50, 0);
	CHECK_EQ(rd16(0x15), 512);
	CHECK_EQ(rd16(0x17), 0);
	CHECK_EQ(rd16(0x34), 0);
	CHECK_EQ(rd(0x5b, 0) | rd(0x5c, 0) << 8 | rd(0x5d, 0) << 16, 0xffffff);
	CHECK_EQ(rd(0x5f, 0), 0);
	rtc_cmos_set_memory(&r, 0, 0, 300);
	CHECK_EQ(rd(0x5f, 0), 0xff);
	CHECK_EQ(rd16(0x15), 0);
}

/* Random port sequences with gaps up to years: no crash or sanitizer
 * report; rtc_next_event is after now and is the first tick rtc_irq would
 * rise for a copy with its flags read; latching in steps or at once gives
 * the same flags and clock bytes; reading C drops IRQ 8. */
TEST(hostile_random_sequences)
{
	static const uint8_t hot[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 11, 10, 12, 13, 0x32 };
	uint64_t t = 0;
	unsigned bad = 0;

	rng_state = 777;
	rtc_reset(&r, 0, 1709210096);
	for (unsigned i = 0; i < 100000; i++) {
		uint8_t idx = rnd() % 4 ? hot[rnd() % sizeof(hot)] : (uint8_t)rnd();
		uint8_t v = (uint8_t)rnd();
		uint64_t ne;

		switch (rnd() % 16) {
		case 0: t += (uint64_t)rnd() << 16; break;
		case 1: t += rnd() % 100000; break;
		case 2: break;
		default: t += rnd() % 300; break;
		}
		if (idx == RTC_REG_A && rnd() % 4)
			v = (uint8_t)(0x20 | (v & 0x0f));        /* mostly running */
		if (rnd() % 3)
			wr(idx, v, t);
		else
			(void)rd(idx, t);
		if (rnd() % 8 == 0)
			rtc_port_write(&r, RTC_PORT_INDEX, t, (uint8_t)rnd());
		ne = rtc_next_event(&r, t);
		if (ne <= t && bad++ < 5)
			printf("  %u: next event %llu at %llu\n", i, (unsigned long long)ne,
			       (unsigned long long)t);
		if (i % 7 == 0) {
			struct rtc_cmos c = r;

			rtc_advance(&c, t);
			c.flags = 0;
			if (ne != UINT64_MAX ? rtc_irq(&c, ne - 1) || !rtc_irq(&c, ne)
					     : rtc_irq(&c, t + 3 * 86400ull * 32768)) {
				if (bad++ < 5)
					printf("  %u: next event %llu at %llu not the first\n", i,
					       (unsigned long long)ne, (unsigned long long)t);
			}
		}
		if (i % 11 == 0) {
			struct rtc_cmos a = r, b = r;
			uint64_t end = t + rnd() % (3 * 32768), step = 1 + rnd() % 5000;
			uint8_t ra, rb;

			for (uint64_t x = t; x < end; x += step)
				rtc_advance(&a, x);
			rtc_advance(&a, end);
			rtc_advance(&b, end);
			if (a.flags != b.flags && bad++ < 5)
				printf("  %u: flags %02x stepped, %02x at once\n", i, a.flags, b.flags);
			for (uint8_t k = 0; k < 10; k++) {
				a.index = b.index = k;
				rtc_port_read(&a, RTC_PORT_DATA, end, &ra);
				rtc_port_read(&b, RTC_PORT_DATA, end, &rb);
				if (ra != rb && bad++ < 5)
					printf("  %u: byte %u %02x/%02x\n", i, k, ra, rb);
			}
		}
		if (i % 5 == 0) {
			uint8_t got = rd(RTC_REG_C, t);

			if (((got & RTC_C_IRQF) != 0) != ((got & rd(RTC_REG_B, t) & 0x70) != 0) ||
			    rtc_irq(&r, t)) {
				if (bad++ < 5)
					printf("  %u: C %02x\n", i, got);
			}
		}
	}
	CHECK_EQ(bad, 0);
}

/* The calendar l1hv's wall clock reads the machine's RTC with. */
TEST(unix_seconds_of_dates)
{
	CHECK_EQ(rtc_unix_seconds(1970, 1, 1, 0, 0, 0), 0u);
	CHECK_EQ(rtc_unix_seconds(2026, 1, 1, 0, 0, 0), 1767225600u);
	CHECK_EQ(rtc_unix_seconds(2000, 2, 29, 12, 34, 56), 951827696u);
	CHECK_EQ(rtc_unix_seconds(2100, 3, 1, 23, 59, 59), 4107628799u);
}
