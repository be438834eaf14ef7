/* SPDX-License-Identifier: MIT */
/* The MC146818A RTC and the CMOS RAM: see rtc_cmos.h. */
#include "l1hv/vdev/rtc_cmos.h"

#define NEVER        UINT64_MAX
#define DAY          86400u
#define YOFF         400u           /* internal years are the real year + 400 */
#define UIP_TICKS    8u
#define MAX_UNIX     253402300799ull  /* 9999-12-31 23:59:59 */

enum { ANY = -1, NONE = -2 };

/* The clock bytes in the order clock_regs produces them. */
static const uint8_t clock_index[8] = {
	RTC_SECONDS, RTC_MINUTES, RTC_HOURS, RTC_DAY_OF_WEEK,
	RTC_DAY, RTC_MONTH, RTC_YEAR, RTC_CENTURY,
};

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > NEVER - b ? NEVER : a + b;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* ---------------------------------------------------------------- calendar */

/* Days from internal 0000-03-01 (the real -0400-03-01) to the first of
 * month m (1-12) of internal year y (>= 1). */
static uint64_t days_from_civil(uint64_t y, unsigned m)
{
	uint64_t era, yoe, doy;

	y -= m <= 2;
	era = y / 400;
	yoe = y - era * 400;
	doy = (153u * (m > 2 ? m - 3 : m + 9) + 2) / 5;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

static void civil_from_days(uint64_t z, uint64_t *y, unsigned *m, unsigned *d)
{
	uint64_t era = z / 146097, doe = z - era * 146097;
	uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	uint64_t mp = (5 * doy + 2) / 153;

	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = era * 400 + yoe + (*m <= 2);
}

uint64_t rtc_unix_seconds(unsigned year, unsigned month, unsigned day, unsigned hour,
			  unsigned min, unsigned sec)
{
	uint64_t days = days_from_civil(year + YOFF, month) + day - 1 -
			days_from_civil(1970 + YOFF, 1);

	return ((days * 24 + hour) * 60 + min) * 60 + sec;
}

/* Day 0 (0000-03-01) was a Wednesday, 4 with Sunday 1; 400 Gregorian
 * years are whole weeks. */
static uint8_t dow_of_day(uint64_t z)
{
	return (uint8_t)((z + 3) % 7 + 1);
}

/* ---------------------------------------------------------------- formats */

static bool bcd_mode(const struct rtc_cmos *r)
{
	return !(r->ram[RTC_REG_B] & RTC_B_DM);
}

static uint8_t enc(const struct rtc_cmos *r, unsigned v)
{
	if (!bcd_mode(r))
		return (uint8_t)v;
	v %= 100;
	return (uint8_t)((v / 10) << 4 | v % 10);
}

static unsigned dec(const struct rtc_cmos *r, uint8_t v)
{
	return bcd_mode(r) ? (v >> 4) * 10u + (v & 15u) : v;
}

static uint8_t enc_hour(const struct rtc_cmos *r, unsigned h)
{
	if (r->ram[RTC_REG_B] & RTC_B_24H)
		return enc(r, h);
	return (uint8_t)(enc(r, h % 12 ? h % 12 : 12) | (h >= 12 ? 0x80 : 0));
}

static unsigned dec_hour(const struct rtc_cmos *r, uint8_t v)
{
	if (r->ram[RTC_REG_B] & RTC_B_24H)
		return dec(r, v);
	return dec(r, v & 0x7f) % 12 + (v & 0x80 ? 12u : 0u);
}

/* An alarm byte: ANY (C0H-FFH), the value it matches, or NONE when no
 * clock value is encoded so. */
static int alarm_val(const struct rtc_cmos *r, uint8_t v, unsigned limit)
{
	unsigned x;

	if ((v & 0xc0) == 0xc0)
		return ANY;
	x = dec(r, v);
	return x < limit && enc(r, x) == v ? (int)x : NONE;
}

static int alarm_hour(const struct rtc_cmos *r, uint8_t v)
{
	unsigned x;

	if ((v & 0xc0) == 0xc0)
		return ANY;
	if (r->ram[RTC_REG_B] & RTC_B_24H)
		return alarm_val(r, v, 24);
	x = dec(r, v & 0x7f);
	if (x < 1 || x > 12 || enc(r, x) != (v & 0x7f))
		return NONE;
	return (int)(x % 12 + (v & 0x80 ? 12u : 0u));
}

/* ---------------------------------------------------------------- divider */

static bool dv_running(const struct rtc_cmos *r)
{
	return (r->ram[RTC_REG_A] & 0x70) == 0x20;
}

static bool dv_reset(uint8_t a)
{
	return (a & 0x60) == 0x60;
}

static bool updating(const struct rtc_cmos *r)
{
	return dv_running(r) && !(r->ram[RTC_REG_B] & RTC_B_SET);
}

/* The periodic interrupt's period in ticks, 0 for none. */
static uint32_t period(const struct rtc_cmos *r)
{
	unsigned rs = r->ram[RTC_REG_A] & 15;

	if (!rs)
		return 0;
	return rs <= 2 ? 1u << (rs + 6) : 1u << (rs - 1);
}

static uint64_t since_ph(const struct rtc_cmos *r, uint64_t t)
{
	return t > r->ph_tick ? t - r->ph_tick : 0;
}

/* Multiples of p the running divider has passed from ph_tick to t:
 * floor((t - ph_tick + ph_pos) / p), without overflow. */
static uint64_t div_edges(const struct rtc_cmos *r, uint64_t t, uint32_t p)
{
	uint64_t d = since_ph(r, t);

	return d / p + (d % p + r->ph_pos) / p;
}

/* The divider's position at t (0-32767). */
static uint32_t div_pos(const struct rtc_cmos *r, uint64_t t)
{
	if (!dv_running(r))
		return r->ph_pos;
	return (uint32_t)((since_ph(r, t) % RTC_HZ + r->ph_pos) % RTC_HZ);
}

/* The first tick > t at which the running divider's position is a
 * multiple of p. */
static uint64_t next_div_edge(const struct rtc_cmos *r, uint64_t t, uint32_t p)
{
	uint64_t rem = (since_ph(r, t) % p + r->ph_pos) % p;

	return sat_add(t, p - rem);
}

/* Updates from ph_tick to t. */
static uint64_t updates(const struct rtc_cmos *r, uint64_t t)
{
	return updating(r) ? div_edges(r, t, RTC_HZ) : 0;
}

/* The tick of update k (k >= 1) after ph_tick. */
static uint64_t update_tick(const struct rtc_cmos *r, uint64_t k)
{
	unsigned __int128 t = (unsigned __int128)r->ph_tick + (unsigned __int128)k * RTC_HZ - r->ph_pos;

	return t > NEVER ? NEVER : (uint64_t)t;
}

static uint64_t secs_at(const struct rtc_cmos *r, uint64_t t)
{
	return r->secs + updates(r, t);
}

static uint8_t dow_at(const struct rtc_cmos *r, uint64_t t)
{
	uint64_t days = secs_at(r, t) / DAY - r->secs / DAY;

	return (uint8_t)((r->dow - 1u + days % 7) % 7 + 1);
}

/* The next time after s (seconds) whose time of day the alarm matches,
 * NEVER if none does: the hours, minutes and seconds bytes are each a
 * value or ANY, so the next match is found field by field. */
static uint64_t next_alarm(const struct rtc_cmos *r, uint64_t s)
{
	int ah = alarm_hour(r, r->ram[RTC_HOUR_ALARM]);
	int am = alarm_val(r, r->ram[RTC_MIN_ALARM], 60);
	int as = alarm_val(r, r->ram[RTC_SEC_ALARM], 60);
	uint64_t sod = s % DAY, day0 = s - sod;
	int ch = (int)(sod / 3600), cm = (int)(sod / 60 % 60), cs = (int)(sod % 60);
	int mh = ah == ANY ? 0 : ah, mm = am == ANY ? 0 : am, ms = as == ANY ? 0 : as;
	bool h_ok = ah == ANY || ah == ch, m_ok = am == ANY || am == cm;

	if (ah == NONE || am == NONE || as == NONE)
		return NEVER;
	if (h_ok && m_ok && (as == ANY ? cs < 59 : as > cs))
		return day0 + (uint64_t)(ch * 3600 + cm * 60 + (as == ANY ? cs + 1 : as));
	if (h_ok && (am == ANY ? cm < 59 : am > cm))
		return day0 + (uint64_t)(ch * 3600 + (am == ANY ? cm + 1 : am) * 60 + ms);
	if (ah == ANY ? ch < 23 : ah > ch)
		return day0 + (uint64_t)((ah == ANY ? ch + 1 : ah) * 3600 + mm * 60 + ms);
	return day0 + DAY + (uint64_t)(mh * 3600 + mm * 60 + ms);
}

/* ---------------------------------------------------------------- state */

/* The clock bytes at tick t in the current format, in clock_index order. */
static void clock_regs(const struct rtc_cmos *r, uint64_t t, uint8_t out[8])
{
	uint64_t s = secs_at(r, t), sod = s % DAY, y;
	unsigned m, d, year;

	civil_from_days(s / DAY, &y, &m, &d);
	year = (unsigned)((y + 10000 - YOFF) % 10000);
	out[0] = enc(r, (unsigned)(sod % 60));
	out[1] = enc(r, (unsigned)(sod / 60 % 60));
	out[2] = enc_hour(r, (unsigned)(sod / 3600));
	out[3] = enc(r, dow_at(r, t));
	out[4] = enc(r, d);
	out[5] = enc(r, m);
	out[6] = enc(r, year % 100);
	out[7] = enc(r, year / 100);
}

/* The time from the raw clock bytes in ram, normalized as a calendar. */
static void decode_clock(struct rtc_cmos *r)
{
	const uint8_t *b = r->ram;
	uint64_t y = (uint64_t)dec(r, b[RTC_CENTURY]) * 100 + dec(r, b[RTC_YEAR]) + YOFF;
	unsigned mo = dec(r, b[RTC_MONTH]), wd = dec(r, b[RTC_DAY_OF_WEEK]);
	uint64_t days;

	if (mo == 0) {
		y--;
		mo = 12;
	} else {
		y += (mo - 1) / 12;
		mo = (mo - 1) % 12 + 1;
	}
	days = days_from_civil(y, mo) + dec(r, b[RTC_DAY]) - 1;
	r->secs = days * DAY + dec_hour(r, b[RTC_HOURS]) * 3600ull +
		  dec(r, b[RTC_MINUTES]) * 60ull + dec(r, b[RTC_SECONDS]);
	r->dow = (uint8_t)((wd + 6) % 7 + 1);
}

/* Make tick now the reference, with the parameters as they are. */
static void rebase(struct rtc_cmos *r, uint64_t now)
{
	uint64_t s = secs_at(r, now);

	r->dow = dow_at(r, now);
	r->ph_pos = div_pos(r, now);
	r->secs = s;
	r->ph_tick = now;
}

/* The flags time sets in (a, b]. */
static uint8_t events(const struct rtc_cmos *r, uint64_t a, uint64_t b)
{
	uint32_t p = period(r);
	uint8_t f = 0;

	if (b <= a || !dv_running(r))
		return 0;
	if (p && div_edges(r, b, p) > div_edges(r, a, p))
		f |= RTC_C_PF;
	if (updating(r)) {
		uint64_t ua = div_edges(r, a, RTC_HZ), ub = div_edges(r, b, RTC_HZ);

		if (ub > ua) {
			f |= RTC_C_UF;
			if (next_alarm(r, r->secs + ua) <= r->secs + ub)
				f |= RTC_C_AF;
		}
	}
	return f;
}

static bool irqf(const struct rtc_cmos *r, uint8_t flags)
{
	return flags & r->ram[RTC_REG_B] & (RTC_C_PF | RTC_C_AF | RTC_C_UF);
}

void rtc_advance(struct rtc_cmos *r, uint64_t now)
{
	if (now <= r->last)
		return;
	r->flags |= events(r, r->last, now);
	r->last = now;
}

bool rtc_irq(const struct rtc_cmos *r, uint64_t now)
{
	return irqf(r, r->flags | (now > r->last ? events(r, r->last, now) : 0));
}

uint64_t rtc_next_event(const struct rtc_cmos *r, uint64_t now)
{
	uint8_t b = r->ram[RTC_REG_B];
	uint32_t p = period(r);
	uint64_t t = NEVER;

	if (!dv_running(r))
		return NEVER;
	if ((b & RTC_B_PIE) && p)
		t = next_div_edge(r, now, p);
	if (b & RTC_B_SET)
		return t;
	if (b & RTC_B_UIE)
		t = min64(t, next_div_edge(r, now, RTC_HZ));
	if (b & RTC_B_AIE) {
		uint64_t m = next_alarm(r, secs_at(r, now));

		if (m != NEVER)
			t = min64(t, update_tick(r, m - r->secs));
	}
	return t;
}

bool rtc_nmi_disabled(const struct rtc_cmos *r)
{
	return r->nmi_disabled;
}

void rtc_reset(struct rtc_cmos *r, uint64_t now, uint64_t unix_secs)
{
	*r = (struct rtc_cmos){ .ph_tick = now, .last = now };
	r->ram[RTC_REG_A] = 0x26;
	r->ram[RTC_REG_B] = RTC_B_24H;
	r->secs = days_from_civil(1970 + YOFF, 1) * DAY + min64(unix_secs, MAX_UNIX);
	r->dow = dow_of_day(r->secs / DAY);
}

static void put16(uint8_t *p, uint64_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

void rtc_cmos_set_memory(struct rtc_cmos *r, uint64_t below_4g_bytes, uint64_t above_4g_bytes,
			 unsigned ncpus)
{
	const uint64_t kib = 1024, mib = kib * kib;
	uint64_t v;
	unsigned sum = 0;

	r->ram[0x10] = 0;                                /* no floppy drives */
	r->ram[0x14] = 0x06;                             /* FPU, PS/2 mouse, no floppy */
	put16(&r->ram[0x15], min64(below_4g_bytes / kib, 640));
	v = below_4g_bytes > mib ? min64((below_4g_bytes - mib) / kib, 0xffff) : 0;
	put16(&r->ram[0x17], v);
	put16(&r->ram[0x30], v);
	v = below_4g_bytes > 16 * mib ? min64((below_4g_bytes - 16 * mib) / (64 * kib), 0xffff) : 0;
	put16(&r->ram[0x34], v);
	v = min64(above_4g_bytes / (64 * kib), 0xffffff);
	put16(&r->ram[0x5b], v);
	r->ram[0x5d] = (uint8_t)(v >> 16);
	r->ram[0x5f] = (uint8_t)(ncpus == 0 ? 0 : ncpus - 1 > 0xff ? 0xff : ncpus - 1);
	for (unsigned i = 0x10; i <= 0x2d; i++)
		sum += r->ram[i];
	r->ram[0x2e] = (uint8_t)(sum >> 8);
	r->ram[0x2f] = (uint8_t)sum;
}

/* ---------------------------------------------------------------- registers */

static int clock_slot(unsigned idx)
{
	for (int i = 0; i < 8; i++)
		if (clock_index[i] == idx)
			return i;
	return -1;
}

static uint8_t reg_read(struct rtc_cmos *r, unsigned idx, uint64_t now)
{
	int slot = clock_slot(idx);
	uint8_t v;

	if (slot >= 0 && !(r->ram[RTC_REG_B] & RTC_B_SET)) {
		uint8_t regs[8];

		clock_regs(r, now, regs);
		return regs[slot];
	}
	switch (idx) {
	case RTC_REG_A:
		return (uint8_t)(r->ram[RTC_REG_A] |
				 (updating(r) && div_pos(r, now) >= RTC_HZ - UIP_TICKS ? RTC_A_UIP : 0));
	case RTC_REG_C:
		v = (uint8_t)(r->flags | (irqf(r, r->flags) ? RTC_C_IRQF : 0));
		r->flags = 0;
		return v;
	case RTC_REG_D:
		return RTC_D_VRT;
	default:
		return r->ram[idx];
	}
}

static void write_a(struct rtc_cmos *r, uint64_t now, uint8_t v)
{
	uint8_t old = r->ram[RTC_REG_A];

	rebase(r, now);
	r->ram[RTC_REG_A] = v & 0x7f;
	if (dv_reset(v))
		r->ph_pos = 0;
	else if (dv_reset(old) && dv_running(r))
		r->ph_pos = RTC_HZ / 2;                  /* first update half a second on */
}

static void write_b(struct rtc_cmos *r, uint64_t now, uint8_t v)
{
	uint8_t old = r->ram[RTC_REG_B];
	uint8_t regs[8];

	rebase(r, now);
	if (!(old & RTC_B_SET) && (v & RTC_B_SET)) {
		clock_regs(r, now, regs);                /* the bytes stand still, raw */
		for (unsigned i = 0; i < 8; i++)
			r->ram[clock_index[i]] = regs[i];
		v &= (uint8_t)~RTC_B_UIE;
	}
	r->ram[RTC_REG_B] = v;
	if ((old & RTC_B_SET) && !(v & RTC_B_SET))
		decode_clock(r);                         /* in the new format */
}

/* A clock byte written while SET is clear: the time restarts from the
 * bytes as they read now with this one replaced. */
static void write_clock(struct rtc_cmos *r, uint64_t now, unsigned idx, uint8_t v)
{
	uint8_t regs[8];

	rebase(r, now);
	clock_regs(r, now, regs);
	for (unsigned i = 0; i < 8; i++)
		r->ram[clock_index[i]] = regs[i];
	r->ram[idx] = v;
	decode_clock(r);
}

static void reg_write(struct rtc_cmos *r, unsigned idx, uint64_t now, uint8_t v)
{
	switch (idx) {
	case RTC_REG_A:
		write_a(r, now, v);
		return;
	case RTC_REG_B:
		write_b(r, now, v);
		return;
	case RTC_REG_C: case RTC_REG_D:
		return;                                  /* read-only */
	default:
		if (clock_slot(idx) >= 0 && !(r->ram[RTC_REG_B] & RTC_B_SET))
			write_clock(r, now, idx, v);
		else
			r->ram[idx] = v;
	}
}

bool rtc_port_read(struct rtc_cmos *r, uint16_t port, uint64_t now, uint8_t *v)
{
	if (port == RTC_PORT_INDEX) {
		*v = 0xff;
	} else if (port == RTC_PORT_DATA) {
		rtc_advance(r, now);
		*v = reg_read(r, r->index, now);
	} else {
		return false;
	}
	return true;
}

bool rtc_port_write(struct rtc_cmos *r, uint16_t port, uint64_t now, uint8_t v)
{
	if (port == RTC_PORT_INDEX) {
		r->index = v & 0x7f;
		r->nmi_disabled = v & 0x80;
	} else if (port == RTC_PORT_DATA) {
		rtc_advance(r, now);
		reg_write(r, r->index, now, v);
	} else {
		return false;
	}
	return true;
}
