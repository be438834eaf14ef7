/* SPDX-License-Identifier: MIT */
/* The 8254 PIT and port 61H: see pit8254.h. */
#include "l1hv/vdev/pit8254.h"

#define NEVER UINT64_MAX

enum { SEG_IDLE, SEG_RUN, SEG_PAUSED };

struct pit_state {
	uint16_t ce;
	bool out;
};

static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > NEVER - b ? NEVER : a + b;
}

/* The mode that counts: 6 and 7 are 2 and 3 (X10, X11). */
static unsigned emode(const struct pit_channel *c)
{
	return c->mode > 5 ? c->mode - 4u : c->mode;
}

static uint32_t modulus(const struct pit_channel *c)
{
	return c->bcd ? 10000 : 65536;
}

/* The counting element's value v (0 to the count) as the 16 bits read. */
static uint16_t raw(const struct pit_channel *c, uint32_t v)
{
	if (!c->bcd)
		return (uint16_t)v;
	v %= 10000;
	return (uint16_t)((v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

/* The count the count register's bytes mean: 0 is the largest. */
static uint32_t count_of(const struct pit_channel *c)
{
	uint32_t cr = c->cr, v;

	if (!c->bcd)
		return cr ? cr : 65536;
	v = (cr >> 12) * 1000 + (cr >> 8 & 15) * 100 + (cr >> 4 & 15) * 10 + (cr & 15);
	v %= 10000;
	return v ? v : 10000;
}

static struct pit_seg seg_idle(struct pit_state s)
{
	return (struct pit_seg){ .kind = SEG_IDLE, .ce = s.ce, .out = s.out };
}

static struct pit_seg seg_run(uint64_t t0, uint32_t n, uint32_t off)
{
	return (struct pit_seg){ .kind = SEG_RUN, .t0 = t0, .n = n, .off = off };
}

static struct pit_seg seg_paused(uint32_t n, uint32_t off, uint64_t pos)
{
	return (struct pit_seg){ .kind = SEG_PAUSED, .n = n, .off = off, .pos = pos };
}

/* Pulses counted since the segment's position 0. */
static uint64_t seg_pos(const struct pit_seg *s, uint64_t t)
{
	if (s->kind == SEG_PAUSED)
		return s->pos;
	return t > s->t0 ? t - s->t0 : 0;
}

/* Mode 3's position within the period: high for [0, h), low for [h, n). */
static uint32_t mode3_q(const struct pit_seg *s, uint64_t p)
{
	return (uint32_t)((p % s->n + s->off) % s->n);
}

static struct pit_state seg_eval(const struct pit_channel *c, const struct pit_seg *s, uint64_t t)
{
	uint32_t n = s->n, m = modulus(c), q, h;
	uint64_t p;

	if (s->kind == SEG_IDLE)
		return (struct pit_state){ s->ce, s->out };
	p = seg_pos(s, t);
	switch (emode(c)) {
	case 0: case 1:
		/* Down from n, wrapping past 0 (FFFFH or 9999); OUT rises at 0. */
		return (struct pit_state){ raw(c, (n + m - (uint32_t)(p % m)) % m), p >= n };
	case 4: case 5:
		/* The same count; OUT low for the one tick the count reaches 0. */
		return (struct pit_state){ raw(c, (n + m - (uint32_t)(p % m)) % m), p != n };
	case 2:
		/* n, n-1, ..., 1, reload: OUT low while the count is 1. */
		q = (uint32_t)(p % n);
		return (struct pit_state){ raw(c, n - q), s->kind == SEG_PAUSED || q != n - 1 };
	default:
		/* Even n: n, n-2, ..., 2 in each half. Odd n: n-1, ..., 2, 0 high
		 * ((n+1)/2 ticks), then n-1, ..., 2 low ((n-1)/2 ticks). */
		q = mode3_q(s, p);
		h = (n + 1) / 2;
		return (struct pit_state){ raw(c, (n & ~1u) - 2 * (q < h ? q : q - h)),
					   s->kind == SEG_PAUSED || q < h };
	}
}

static const struct pit_seg *seg_at(const struct pit_channel *c, uint64_t t)
{
	return t < c->sw ? &c->pre : &c->cur;
}

static struct pit_state eval(const struct pit_channel *c, uint64_t t)
{
	return seg_eval(c, seg_at(c, t), t);
}

/* A pending load that tick now has passed is done: pre is forgotten. */
static void collapse(struct pit_channel *c, uint64_t now)
{
	if (now >= c->sw)
		c->sw = 0;
}

static bool pending(const struct pit_channel *c, uint64_t now)
{
	return now < c->sw;
}

/* Whether the mode counts only while GATE is high. */
static bool gate_pauses(const struct pit_channel *c)
{
	unsigned m = emode(c);

	return m != 1 && m != 5;
}

/* The count n goes into the counting element at pulse now+1; tick now
 * keeps the counting element as it is. */
static void load_next(struct pit_channel *c, uint64_t now, uint32_t n)
{
	c->pre = seg_idle(eval(c, now));
	c->sw = sat_add(now, 1);
	c->cur = c->gate || !gate_pauses(c) ? seg_run(c->sw, n, 0) : seg_paused(n, 0, 0);
	if (c->null_until > c->sw)
		c->null_until = c->sw;
}

/* The first pulse after now at which the running segment s reloads:
 * the end of the period (mode 2) or of the half period (mode 3). */
static uint64_t boundary_after(const struct pit_channel *c, const struct pit_seg *s, uint64_t now)
{
	uint64_t p = seg_pos(s, now);
	uint32_t q, h;

	if (emode(c) == 2)
		return sat_add(now, s->n - (uint32_t)(p % s->n));
	q = mode3_q(s, p);
	h = (s->n + 1) / 2;
	return sat_add(now, q < h ? h - q : s->n - q);
}

/* Modes 2 and 3, counting: a new count waits for the next reload. */
static void period_end_switch(struct pit_channel *c, uint64_t now, uint32_t n)
{
	bool pend = pending(c, now);
	struct pit_seg old = pend ? c->pre : c->cur;
	uint64_t e = pend ? c->sw : boundary_after(c, &old, now);
	bool start_low = emode(c) == 3 && seg_eval(c, &old, e - 1).out;

	c->pre = old;
	c->sw = e;
	c->cur = seg_run(e, n, start_low ? (n + 1) / 2 : 0);
	c->null_until = e;
}

/* The last byte of a count has been written at tick now. */
static void count_written(struct pit_channel *c, uint64_t now)
{
	uint32_t n = count_of(c);
	const struct pit_seg *s;

	collapse(c, now);
	c->cr_n = n;
	c->cr_valid = true;
	switch (emode(c)) {
	case 0: case 4:
		c->null_until = NEVER;
		load_next(c, now, n);
		if (emode(c) == 0)
			c->pre.out = false;
		return;
	case 1: case 5:
		if (pending(c, now))
			c->cur.n = n;            /* a trigger's load at sw takes it */
		else
			c->null_until = NEVER;   /* until the next trigger */
		return;
	default:
		if (pending(c, now) && c->pre.kind != SEG_RUN) {
			c->cur.n = n;            /* the load at sw takes it */
			return;
		}
		s = seg_at(c, now);
		if (s->kind == SEG_IDLE) {
			c->null_until = NEVER;
			load_next(c, now, n);
		} else if (s->kind == SEG_PAUSED) {
			c->null_until = NEVER;   /* the trigger loads it */
		} else {
			period_end_switch(c, now, n);
		}
		return;
	}
}

/* Modes 0 (two-byte count): writing the first byte stops counting, OUT low. */
static void first_byte_stop(struct pit_channel *c, uint64_t now)
{
	struct pit_state s;

	collapse(c, now);
	s = eval(c, now);
	c->cur = seg_idle((struct pit_state){ s.ce, false });
	c->sw = 0;
	c->null_until = NEVER;
}

/* A trigger at tick now: the last count written loads at pulse now+1. */
static void trigger(struct pit_channel *c, uint64_t now)
{
	uint64_t keep = c->null_until;

	c->null_until = NEVER;
	load_next(c, now, c->cr_n);
	c->cur = seg_run(c->sw, c->cr_n, 0);
	if (keep < c->null_until)
		c->null_until = keep;
}

static void gate_set(struct pit_channel *c, uint64_t now, bool level)
{
	const struct pit_seg *s;

	if (c->gate == level)
		return;
	collapse(c, now);
	c->gate = level;
	switch (emode(c)) {
	case 0: case 4:
		if (!level && c->cur.kind == SEG_RUN) {
			c->cur = seg_paused(c->cur.n, 0, seg_pos(&c->cur, now));
		} else if (level && c->cur.kind == SEG_PAUSED) {
			uint64_t from = pending(c, now) ? c->sw : now;

			c->cur = seg_run(from >= c->cur.pos ? from - c->cur.pos : 0, c->cur.n, 0);
		}
		return;
	case 1: case 5:
		if (level && c->cr_valid)
			trigger(c, now);
		return;
	default:
		if (level) {
			if (c->cr_valid)
				trigger(c, now);
			return;
		}
		if (pending(c, now) && c->pre.kind != SEG_RUN) {
			if (c->cur.kind == SEG_RUN)              /* loads, then waits */
				c->cur = seg_paused(c->cur.n, 0, 0);
			return;
		}
		s = seg_at(c, now);
		if (s->kind == SEG_RUN) {
			/* A new count waiting for the reload now waits for a trigger. */
			c->cur = seg_paused(s->n, s->off, seg_pos(s, now));
			c->sw = 0;
			if (c->null_until > now)
				c->null_until = NEVER;
		}
		return;
	}
}

static void control_word(struct pit8254 *p, uint64_t now, uint8_t v)
{
	unsigned i = v >> 6;
	struct pit_channel *c = &p->ch[i];
	struct pit_state old;
	bool out;

	collapse(c, now);
	old = eval(c, now);
	c->rw = (v >> 4) & 3;
	c->mode = (v >> 1) & 7;
	c->bcd = v & 1;
	c->wr_msb = c->rd_msb = false;
	c->latch_left = 0;
	c->status_latched = false;
	c->cr_valid = false;
	c->null_until = NEVER;
	c->sw = 0;
	out = emode(c) != 0;
	c->cur = seg_idle((struct pit_state){ old.ce, out });
	if (i == 0 && !old.out && out)
		p->irq0_write_edge = true;
}

static void latch_count(struct pit_channel *c, uint64_t now)
{
	if (c->latch_left)
		return;                                  /* the first latch holds */
	c->latch = eval(c, now).ce;
	c->latch_left = c->rw == 3 ? 2 : 1;
}

static void latch_status(struct pit_channel *c, uint64_t now)
{
	if (c->status_latched)
		return;
	c->status = (uint8_t)(eval(c, now).out << 7 | (now < c->null_until) << 6 |
			      c->rw << 4 | c->mode << 1 | c->bcd);
	c->status_latched = true;
}

static void ctrl_write(struct pit8254 *p, uint64_t now, uint8_t v)
{
	if ((v >> 6) == 3) {                              /* read-back */
		for (unsigned i = 0; i < 3; i++) {
			if (!(v & (2u << i)))
				continue;
			if (!(v & 0x20))
				latch_count(&p->ch[i], now);
			if (!(v & 0x10))
				latch_status(&p->ch[i], now);
		}
	} else if (!(v & 0x30)) {
		latch_count(&p->ch[v >> 6], now);         /* counter latch command */
	} else {
		control_word(p, now, v);
	}
}

static uint8_t counter_read(struct pit_channel *c, uint64_t now)
{
	uint16_t v;
	bool msb;

	if (c->status_latched) {
		c->status_latched = false;
		return c->status;
	}
	v = c->latch_left ? c->latch : eval(c, now).ce;
	if (c->rw == 3) {
		msb = c->rd_msb;
		c->rd_msb = !msb;
	} else {
		msb = c->rw == 2;
	}
	if (c->latch_left)
		c->latch_left--;
	return (uint8_t)(msb ? v >> 8 : v);
}

static void counter_write(struct pit_channel *c, uint64_t now, uint8_t v)
{
	switch (c->rw) {
	case 1:
		c->cr = v;
		break;
	case 2:
		c->cr = (uint16_t)(v << 8);
		break;
	default:
		if (!c->wr_msb) {
			c->cr = (uint16_t)((c->cr & 0xff00) | v);
			c->wr_msb = true;
			if (emode(c) == 0)
				first_byte_stop(c, now);
			return;
		}
		c->cr = (uint16_t)((c->cr & 0x00ff) | v << 8);
		c->wr_msb = false;
		break;
	}
	count_written(c, now);
}

void pit_reset(struct pit8254 *p, uint64_t now)
{
	*p = (struct pit8254){ .port61 = 0 };
	for (unsigned i = 0; i < 3; i++) {
		struct pit_channel *c = &p->ch[i];

		c->mode = 3;
		c->rw = 3;
		c->cr_n = 65536;
		c->cr_valid = true;
		c->gate = i != 2;
		c->cur = c->gate ? seg_run(now, 65536, 0) : seg_paused(65536, 0, 0);
	}
}

bool pit_port_read(struct pit8254 *p, uint16_t port, uint64_t now, uint8_t *v)
{
	if (port >= PIT_PORT_CH0 && port <= PIT_PORT_CH2) {
		*v = counter_read(&p->ch[port - PIT_PORT_CH0], now);
	} else if (port == PIT_PORT_CTRL) {
		*v = 0xff;
	} else if (port == PIT_PORT_61) {
		*v = (uint8_t)((p->port61 & 0x0f) | (now / PIT_REFRESH_TICKS & 1) << 4 |
			       pit_out(p, 2, now) << 5);
	} else {
		return false;
	}
	return true;
}

bool pit_port_write(struct pit8254 *p, uint16_t port, uint64_t now, uint8_t v)
{
	if (port >= PIT_PORT_CH0 && port <= PIT_PORT_CH2) {
		counter_write(&p->ch[port - PIT_PORT_CH0], now, v);
	} else if (port == PIT_PORT_CTRL) {
		ctrl_write(p, now, v);
	} else if (port == PIT_PORT_61) {
		p->port61 = v & 0x0f;
		gate_set(&p->ch[2], now, v & 1);
	} else {
		return false;
	}
	return true;
}

bool pit_out(const struct pit8254 *p, unsigned channel, uint64_t now)
{
	return channel < 3 && eval(&p->ch[channel], now).out;
}

/* The first tick t > from with OUT low at t-1 and high at t, both within
 * the segment. */
static uint64_t seg_next_rise(const struct pit_channel *c, const struct pit_seg *s, uint64_t from)
{
	uint64_t base, t;
	uint32_t n = s->n, q;

	if (s->kind != SEG_RUN)
		return NEVER;                            /* OUT does not change */
	base = from > s->t0 ? from : s->t0;
	switch (emode(c)) {
	case 0: case 1:
		t = sat_add(s->t0, n);
		return t > base ? t : NEVER;
	case 4: case 5:
		t = sat_add(s->t0, (uint64_t)n + 1);
		return t > base ? t : NEVER;
	case 2:
		if (n < 2)
			return NEVER;
		q = (uint32_t)((base - s->t0) % n);
		return sat_add(base, n - q);
	default:
		if (n < 2)
			return NEVER;
		q = mode3_q(s, base - s->t0);            /* rises where q wraps to 0 */
		return sat_add(base, n - q);
	}
}

static uint64_t chan_next_rise(const struct pit_channel *c, uint64_t now)
{
	uint64_t r;

	if (!pending(c, now))
		return seg_next_rise(c, &c->cur, now);
	r = seg_next_rise(c, &c->pre, now);         /* never before sw as built: */
	if (r < c->sw)                               /* a pre that runs ends at its */
		return r;                            /* next reload; kept for safety */
	if (!seg_eval(c, &c->pre, c->sw - 1).out && seg_eval(c, &c->cur, c->sw).out)
		return c->sw;
	return seg_next_rise(c, &c->cur, c->sw);
}

uint64_t pit_irq0_next_rise(const struct pit8254 *p, uint64_t now)
{
	return chan_next_rise(&p->ch[0], now);
}

bool pit_irq0_write_edge(struct pit8254 *p)
{
	bool e = p->irq0_write_edge;

	p->irq0_write_edge = false;
	return e;
}
