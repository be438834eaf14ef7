/* SPDX-License-Identifier: MIT */
/*
 * The 8254 PIT and port 61H (l1hv/vdev/pit8254.c): every mode's OUT and
 * count at exact ticks, BCD, the latch and read-back commands, the byte
 * flip-flops, counter 2's gate through port 61H, the refresh toggle,
 * Linux's calibration loops and clockevent sequences, pit_irq0_next_rise
 * (also far in the future), and random sequences checked against a
 * tick-by-tick reference written from the datasheet's mode descriptions.
 */
#include "l1hv/vdev/pit8254.h"
#include "testlib.h"

#include <string.h>

static struct pit8254 p;

static void out(uint16_t port, uint8_t v, uint64_t t)
{
	CHECK(pit_port_write(&p, port, t, v));
}

static uint8_t in(uint16_t port, uint64_t t)
{
	uint8_t v = 0;

	CHECK(pit_port_read(&p, port, t, &v));
	return v;
}

/* Counter latch command and two reads (an LSB-then-MSB counter). */
static uint16_t latched(unsigned ch, uint64_t t)
{
	uint8_t lo, hi;

	out(0x43, (uint8_t)(ch << 6), t);
	lo = in((uint16_t)(0x40 + ch), t);
	hi = in((uint16_t)(0x40 + ch), t);
	return (uint16_t)(lo | hi << 8);
}

/* Program counter ch: control word at t, the count's bytes at t+1 (LSB)
 * and t+2 (MSB); returns W, the tick of the last byte. */
static uint64_t program(unsigned ch, uint8_t mode_bits, uint16_t count, uint64_t t)
{
	out(0x43, (uint8_t)(ch << 6 | 0x30 | mode_bits), t);
	out((uint16_t)(0x40 + ch), (uint8_t)count, t + 1);
	out((uint16_t)(0x40 + ch), (uint8_t)(count >> 8), t + 2);
	return t + 2;
}

static uint8_t status(unsigned ch, uint64_t t)
{
	out(0x43, (uint8_t)(0xe0 | 2u << ch), t);       /* read-back: status only */
	return in((uint16_t)(0x40 + ch), t);
}

/* The first tick in (from, to] at which OUT of ch rises, by stepping. */
static uint64_t stepped_rise(unsigned ch, uint64_t from, uint64_t to)
{
	for (uint64_t t = from + 1; t <= to; t++)
		if (!pit_out(&p, ch, t - 1) && pit_out(&p, ch, t))
			return t;
	return UINT64_MAX;
}

TEST(reset_state_and_ports)
{
	uint8_t v;

	pit_reset(&p, 100);
	/* Mode 3, count 65536 from tick 100: high 32768 ticks, then low. */
	CHECK(pit_out(&p, 0, 100));
	CHECK(pit_out(&p, 0, 100 + 32767));
	CHECK(!pit_out(&p, 0, 100 + 32768));
	CHECK(!pit_out(&p, 0, 100 + 65535));
	CHECK(pit_out(&p, 0, 100 + 65536));
	CHECK_EQ(pit_irq0_next_rise(&p, 100), 100 + 65536);
	CHECK_EQ(status(0, 200), 0x80 | 0x30 | 0x06);   /* OUT, LSB/MSB, mode 3, binary */
	CHECK_EQ(status(2, 200), 0x80 | 0x30 | 0x06);   /* gate low: OUT high */
	CHECK_EQ(latched(0, 201), 0xff36);              /* 65536 - 2 * 101 */
	CHECK_EQ(latched(2, 5000), 0x0000);             /* counter 2 waits for its gate */
	CHECK_EQ(in(0x61, 5000), 0x30);                 /* OUT2, refresh: 5000/18 odd */
	CHECK_EQ(in(0x43, 5000), 0xff);
	CHECK(!pit_port_write(&p, 0x44, 0, 0));
	CHECK(!pit_port_read(&p, 0x60, 0, &v));
	CHECK(!pit_port_read(&p, 0x3f, 0, &v));
	CHECK(!pit_out(&p, 3, 0));
	CHECK(!pit_irq0_write_edge(&p));
}

TEST(mode0_interrupt_on_terminal_count)
{
	pit_reset(&p, 0);
	out(0x43, 0x30, 1000);                          /* counter 0, mode 0 */
	CHECK(!pit_out(&p, 0, 1000));                   /* OUT low at once */
	CHECK_EQ(latched(0, 1000), 65536 - 2000);       /* not counting: keeps the count */
	out(0x40, 5, 1001);
	out(0x40, 0, 1002);
	CHECK_EQ(latched(0, 1002), 65536 - 2000);       /* loads at the next pulse */
	CHECK_EQ(status(0, 1002) & 0x40, 0x40);         /* null count */
	CHECK_EQ(status(0, 1003), 0x30);                /* loaded; OUT low, mode 0 */
	CHECK_EQ(latched(0, 1003), 5);
	CHECK_EQ(latched(0, 1007), 1);
	CHECK(!pit_out(&p, 0, 1007));
	CHECK_EQ(latched(0, 1008), 0);                  /* terminal count: W+1+N */
	CHECK(pit_out(&p, 0, 1008));
	CHECK_EQ(latched(0, 1009), 0xffff);             /* counting goes on */
	CHECK(pit_out(&p, 0, 1009 + 70000));            /* OUT stays high */
	CHECK_EQ(pit_irq0_next_rise(&p, 1002), 1008);
	CHECK_EQ(pit_irq0_next_rise(&p, 1007), 1008);
	CHECK_EQ(pit_irq0_next_rise(&p, 1008), UINT64_MAX);
	/* A new count restarts it; the first byte already stops counting. */
	out(0x40, 3, 2000);
	CHECK(!pit_out(&p, 0, 2000));
	CHECK_EQ(latched(0, 2100), (uint16_t)(0xffff - (2000 - 1009)));
	out(0x40, 0, 2200);
	CHECK_EQ(pit_irq0_next_rise(&p, 2200), 2204);
	CHECK_EQ(stepped_rise(0, 2200, 2300), 2204);
}

TEST(mode1_hardware_one_shot_on_gate)
{
	pit_reset(&p, 0);
	out(0x61, 0x00, 10);
	program(2, 0x02, 3, 20);                        /* counter 2, mode 1, N = 3, W = 22 */
	CHECK(pit_out(&p, 2, 100));                     /* no trigger yet */
	CHECK_EQ(status(2, 100), 0x80 | 0x40 | 0x30 | 0x02); /* null until the trigger */
	out(0x61, 0x01, 200);                           /* rising gate: trigger */
	CHECK(pit_out(&p, 2, 200));
	CHECK(!pit_out(&p, 2, 201));                    /* low from the next pulse */
	CHECK_EQ(latched(2, 201), 3);
	CHECK(!pit_out(&p, 2, 203));
	CHECK(pit_out(&p, 2, 204));                     /* N pulses later */
	CHECK_EQ(status(2, 204), 0x80 | 0x30 | 0x02);
	CHECK_EQ(latched(2, 205), 0xffff);
	out(0x61, 0x00, 300);                           /* gate low: nothing */
	out(0x61, 0x01, 301);                           /* a trigger with no new count: */
	CHECK_EQ(status(2, 301) & 0x40, 0);             /* ... null count stays 0 */
	out(0x61, 0x00, 301);
	CHECK(pit_out(&p, 2, 301));
	out(0x61, 0x01, 302);                           /* retrigger */
	CHECK(!pit_out(&p, 2, 303));
	out(0x61, 0x00, 304);
	out(0x61, 0x01, 304);                           /* again, mid shot: reloads */
	CHECK(!pit_out(&p, 2, 307));
	CHECK(pit_out(&p, 2, 308));
	/* A count written during the shot is for the next trigger. */
	out(0x61, 0x00, 400);
	out(0x61, 0x01, 401);
	out(0x42, 10, 403);
	out(0x42, 0, 403);
	CHECK(pit_out(&p, 2, 405));                     /* still the N = 3 shot */
	out(0x61, 0x00, 410);
	out(0x61, 0x01, 411);
	CHECK(!pit_out(&p, 2, 421));
	CHECK(pit_out(&p, 2, 422));
	/* Counter 0's gate is tied high: mode 1 never triggers. */
	program(0, 0x02, 3, 500);
	CHECK_EQ(pit_irq0_next_rise(&p, 502), UINT64_MAX);
	CHECK(pit_out(&p, 0, 100000));
}

TEST(mode2_rate_generator)
{
	uint64_t w, now;

	pit_reset(&p, 0);
	w = program(0, 0x04, 4, 100);                   /* 34H: mode 2, N = 4, W = 102 */
	CHECK(pit_out(&p, 0, w));
	CHECK_EQ(latched(0, w + 1), 4);
	CHECK_EQ(latched(0, w + 2), 3);
	CHECK_EQ(latched(0, w + 3), 2);
	CHECK_EQ(latched(0, w + 4), 1);
	CHECK(pit_out(&p, 0, w + 3));
	CHECK(!pit_out(&p, 0, w + 4));                  /* low while the count is 1 */
	CHECK(pit_out(&p, 0, w + 5));
	CHECK_EQ(latched(0, w + 5), 4);                 /* reloaded */
	CHECK(!pit_out(&p, 0, w + 8));
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 5);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 4), w + 5);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 5), w + 9);
	now = w + 1000000000007ull;
	CHECK_EQ(pit_irq0_next_rise(&p, now), w + 1 + ((now - w - 1) / 4 + 1) * 4);
	/* A new count waits for the end of the period. */
	out(0x40, 2, w + 6);
	out(0x40, 0, w + 6);
	CHECK_EQ(status(0, w + 8) & 0x40, 0x40);
	CHECK_EQ(latched(0, w + 8), 1);
	CHECK_EQ(latched(0, w + 9), 2);                 /* reload with the new count */
	CHECK_EQ(status(0, w + 9) & 0x40, 0);
	CHECK(!pit_out(&p, 0, w + 10));
	CHECK(pit_out(&p, 0, w + 11));
	CHECK_EQ(pit_irq0_next_rise(&p, w + 6), w + 9);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 9), w + 11);
	/* Mode 6 is mode 2; the status shows the bits written. */
	out(0x43, 0x3c, 200);
	out(0x40, 3, 200);
	out(0x40, 0, 200);
	CHECK_EQ(status(0, 201), 0x80 | 0x30 | 0x0c);
	CHECK(!pit_out(&p, 0, 203));
	CHECK(pit_out(&p, 0, 204));
	/* The illegal count 1: OUT stays low, no edge. */
	program(0, 0x04, 1, 300);
	CHECK(!pit_out(&p, 0, 303));
	CHECK(!pit_out(&p, 0, 400));
	CHECK_EQ(pit_irq0_next_rise(&p, 302), UINT64_MAX);
}

TEST(mode3_square_wave_even_and_odd)
{
	static const uint16_t even[] = { 6, 4, 2, 6, 4, 2, 6 };
	static const uint16_t odd[] = { 4, 2, 0, 4, 2, 4, 2, 0 };
	uint64_t w;

	pit_reset(&p, 0);
	w = program(0, 0x06, 6, 100);
	for (unsigned k = 0; k < 7; k++) {
		CHECK_EQ(latched(0, w + 1 + k), even[k]);
		CHECK_EQ(pit_out(&p, 0, w + 1 + k), (k % 6) < 3);
	}
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 7);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 7), w + 13);
	w = program(0, 0x06, 5, 200);                   /* high 3, low 2 */
	for (unsigned k = 0; k < 8; k++) {
		CHECK_EQ(latched(0, w + 1 + k), odd[k]);
		CHECK_EQ(pit_out(&p, 0, w + 1 + k), (k % 5) < 3);
	}
	CHECK_EQ(pit_irq0_next_rise(&p, w + 1), w + 6);
	CHECK_EQ(stepped_rise(0, w + 1, w + 100), w + 6);
	/* Mode 7 is mode 3; a far now finds the next period start. */
	out(0x43, 0x3e, 300);
	out(0x40, 0xa9, 300);                           /* 1193 = 04A9H */
	out(0x40, 0x04, 300);
	CHECK_EQ(pit_irq0_next_rise(&p, 300 + 5000000000000ull),
		 301 + ((5000000000000ull - 1) / 1193 + 1) * 1193);
	/* A new count takes effect at the end of the half period: count 6
	 * in its high half at w+2 (CE 4), written 8: low half of 8 from w+4. */
	w = program(0, 0x06, 6, 400);
	out(0x40, 8, w + 2);
	out(0x40, 0, w + 2);
	CHECK(pit_out(&p, 0, w + 3));
	CHECK_EQ(latched(0, w + 4), 8);
	for (uint64_t t = w + 4; t < w + 8; t++)
		CHECK(!pit_out(&p, 0, t));
	CHECK(pit_out(&p, 0, w + 8));
	CHECK_EQ(pit_irq0_next_rise(&p, w + 2), w + 8);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 8), w + 16);
	/* Count 1 (illegal): OUT stays high. */
	program(0, 0x06, 1, 500);
	CHECK(pit_out(&p, 0, 505));
	CHECK_EQ(pit_irq0_next_rise(&p, 502), UINT64_MAX);
}

TEST(mode4_software_strobe)
{
	uint64_t w;

	pit_reset(&p, 0);
	w = program(0, 0x08, 3, 100);                   /* 38H as Linux's one-shot */
	CHECK(pit_out(&p, 0, w + 3));
	CHECK(!pit_out(&p, 0, w + 4));                  /* W+1+N, one tick */
	CHECK(pit_out(&p, 0, w + 5));
	CHECK_EQ(latched(0, w + 4), 0);
	CHECK_EQ(latched(0, w + 5), 0xffff);
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 5);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 5), UINT64_MAX);
	CHECK(pit_out(&p, 0, w + 65536 + 4));           /* one strobe only */
	/* A new count during counting: loads at the next pulse. */
	w = program(0, 0x08, 10, 200);
	out(0x40, 2, w + 3);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 3), w + 12);   /* the first byte does nothing */
	out(0x40, 0, w + 4);
	CHECK_EQ(latched(0, w + 5), 2);
	CHECK(!pit_out(&p, 0, w + 7));
	CHECK_EQ(pit_irq0_next_rise(&p, w + 4), w + 8);
}

TEST(mode5_hardware_strobe)
{
	pit_reset(&p, 0);
	out(0x61, 0x00, 0);
	program(2, 0x0a, 4, 10);
	CHECK(pit_out(&p, 2, 50));
	out(0x61, 0x01, 100);
	CHECK_EQ(latched(2, 101), 4);
	CHECK(pit_out(&p, 2, 104));
	CHECK(!pit_out(&p, 2, 105));                    /* G+1+N */
	CHECK(pit_out(&p, 2, 106));
	out(0x61, 0x00, 107);
	out(0x61, 0x01, 108);                           /* retrigger */
	CHECK(!pit_out(&p, 2, 113));
	CHECK(pit_out(&p, 2, 114));
}

TEST(bcd_counting)
{
	uint64_t w;

	pit_reset(&p, 0);
	w = program(0, 0x01, 0x0012, 100);              /* mode 0 BCD 12 */
	CHECK_EQ(latched(0, w + 1), 0x0012);
	CHECK_EQ(latched(0, w + 3), 0x0010);
	CHECK_EQ(latched(0, w + 4), 0x0009);
	CHECK(!pit_out(&p, 0, w + 12));
	CHECK(pit_out(&p, 0, w + 13));
	CHECK_EQ(latched(0, w + 14), 0x9999);
	CHECK_EQ(status(0, w + 14), 0x80 | 0x30 | 0x01);
	w = program(0, 0x01, 0x0000, 200);              /* 0 is 10000 */
	CHECK_EQ(latched(0, w + 1), 0x0000);
	CHECK_EQ(latched(0, w + 2), 0x9999);
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 10001);
	w = program(0, 0x05, 0x0010, 300);              /* mode 2 BCD 10 */
	CHECK_EQ(latched(0, w + 10), 0x0001);
	CHECK(!pit_out(&p, 0, w + 10));
	CHECK_EQ(latched(0, w + 11), 0x0010);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 11), w + 21);
	w = program(0, 0x07, 0x0009, 400);              /* mode 3 BCD 9: high 5, low 4 */
	CHECK_EQ(latched(0, w + 1), 0x0008);
	CHECK(pit_out(&p, 0, w + 5));
	CHECK(!pit_out(&p, 0, w + 6));
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 10);
	w = program(0, 0x01, 0xffff, 500);              /* digits above 9: 16665 % 10000 */
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 1 + 6665);
	CHECK_EQ(latched(0, w + 1), 0x6665);
}

TEST(latch_flip_flops_and_access_modes)
{
	uint64_t w;

	pit_reset(&p, 0);
	w = program(0, 0x00, 0x1234, 100);
	/* Unlatched reads follow the counter: LSB at one tick, MSB at another. */
	CHECK_EQ(in(0x40, w + 1), 0x34);
	CHECK_EQ(in(0x40, w + 0x35), 0x12);             /* 1234H - 34H = 1200H */
	/* A latch holds while time passes; a second latch is ignored. */
	out(0x43, 0x00, w + 2);
	out(0x43, 0x00, w + 50);
	CHECK_EQ(in(0x40, w + 90), 0x33);
	out(0x43, 0x00, w + 91);                        /* half read: still ignored */
	CHECK_EQ(in(0x40, w + 99), 0x12);
	CHECK_EQ(latched(0, w + 100), 0x1234 - 99);     /* released after both bytes */
	/* Reads and writes interleave with separate flip-flops. */
	out(0x43, 0x00, w + 110);
	CHECK_EQ(in(0x40, w + 110), 0xc7);              /* 1234H - 109 = 11C7H */
	out(0x40, 0x05, w + 111);                       /* new LSB (mode 0: stops) */
	CHECK_EQ(in(0x40, w + 112), 0x11);              /* latched MSB */
	out(0x40, 0x00, w + 113);                       /* new MSB: count 5 */
	CHECK_EQ(latched(0, w + 114), 5);
	/* LSB only and MSB only. */
	out(0x43, 0x10, 1000);                          /* LSB, mode 0 */
	out(0x40, 0x07, 1000);
	CHECK_EQ(in(0x40, 1001), 0x07);
	CHECK_EQ(in(0x40, 1002), 0x06);
	CHECK_EQ(pit_irq0_next_rise(&p, 1002), 1008);
	out(0x43, 0x00, 1003);
	CHECK_EQ(in(0x40, 1010), 0x05);                 /* latched, one byte */
	CHECK_EQ(in(0x40, 1010), 0xfe);                 /* released: 7 - 9 = FFFEH */
	out(0x43, 0x20, 2000);                          /* MSB, mode 0 */
	out(0x40, 0x01, 2000);                          /* count 0100H */
	CHECK_EQ(in(0x40, 2001), 0x01);
	CHECK_EQ(in(0x40, 2002), 0x00);                 /* 00FFH */
	CHECK_EQ(pit_irq0_next_rise(&p, 2002), 2001 + 256);
	/* A control word resets the flip-flops and drops a latch. */
	program(0, 0x00, 0x0100, 3000);                 /* loads at 3003 */
	out(0x43, 0x00, 3010);
	CHECK_EQ(in(0x40, 3011), 0xf9);                 /* latched 00F9H, LSB */
	out(0x43, 0x30, 3012);                          /* reprogram mid-read */
	CHECK_EQ(in(0x40, 3013), 0xf7);                 /* live (held) count, LSB first */
	CHECK_EQ(in(0x40, 3013), 0x00);
}

TEST(read_back_command)
{
	uint64_t w;

	pit_reset(&p, 0);
	w = program(0, 0x04, 100, 10);                  /* mode 2 */
	out(0x43, 0xc2, w + 5);                         /* count and status of 0 */
	CHECK_EQ(in(0x40, w + 20), 0x80 | 0x30 | 0x04); /* status first */
	CHECK_EQ(in(0x40, w + 20), 96);                 /* the count at w+5 */
	CHECK_EQ(in(0x40, w + 20), 0);
	CHECK_EQ(in(0x40, w + 21), 100 - 20);           /* then unlatched */
	in(0x40, w + 21);
	/* Status latched, then count by a second command: status still first. */
	out(0x43, 0xe2, w + 30);
	out(0x43, 0xd2, w + 31);
	out(0x43, 0xe2, w + 40);                        /* ignored: status latched */
	CHECK_EQ(in(0x40, w + 50), 0x80 | 0x30 | 0x04);
	CHECK_EQ(in(0x40, w + 50), 100 - 30);
	CHECK_EQ(in(0x40, w + 50), 0);
	/* Several counters at once; null count. */
	out(0x43, 0x90, 200);                           /* counter 2: LSB only, mode 0 */
	out(0x43, 0xce, 201);                           /* all three: count and status */
	CHECK_EQ(in(0x42, 202), 0x40 | 0x10);           /* OUT low, null, LSB, mode 0 */
	CHECK_EQ(in(0x42, 202), 0x00);                  /* its latched count (one byte) */
	CHECK_EQ(in(0x41, 202), 0x80 | 0x30 | 0x06);
	CHECK_EQ(in(0x40, 202) & 0x80, 0x80);
	out(0x42, 9, 210);
	CHECK_EQ(status(2, 210), 0x40 | 0x10);
	CHECK_EQ(status(2, 211), 0x10);                 /* loaded (gate low) */
	CHECK_EQ(in(0x42, 300), 9);                     /* gate low: held */
}

TEST(gate_via_port61)
{
	uint64_t w;

	pit_reset(&p, 0);
	/* Mode 0: gate low suspends counting, OUT unaffected. */
	out(0x61, 0x01, 0);
	w = program(2, 0x00, 10, 10);
	CHECK_EQ(latched(2, w + 3), 8);
	out(0x61, 0x00, w + 3);
	CHECK_EQ(latched(2, w + 100), 8);
	out(0x61, 0x01, w + 100);
	CHECK_EQ(latched(2, w + 101), 7);
	CHECK(!pit_out(&p, 2, w + 107));
	CHECK(pit_out(&p, 2, w + 108));
	CHECK_EQ(in(0x61, w + 108) & 0x20, 0x20);
	/* Count written with the gate low: loads, waits for the gate. */
	out(0x61, 0x00, 200);
	w = program(2, 0x00, 4, 200);
	CHECK_EQ(latched(2, w + 50), 4);
	out(0x61, 0x01, w + 50);
	CHECK(!pit_out(&p, 2, w + 53));
	CHECK(pit_out(&p, 2, w + 54));
	/* Mode 2: gate low forces OUT high at once; a rising gate reloads. */
	w = program(2, 0x04, 5, 400);
	CHECK(!pit_out(&p, 2, w + 5));
	out(0x61, 0x00, w + 5);                         /* during the low pulse */
	CHECK(pit_out(&p, 2, w + 5));
	CHECK_EQ(latched(2, w + 20), 1);
	out(0x61, 0x01, w + 20);
	CHECK_EQ(latched(2, w + 20), 1);
	CHECK_EQ(latched(2, w + 21), 5);
	CHECK(!pit_out(&p, 2, w + 25));
	CHECK(pit_out(&p, 2, w + 26));
	/* Mode 3: gate low in the low half raises OUT; rising restarts. */
	w = program(2, 0x06, 8, 600);
	CHECK(!pit_out(&p, 2, w + 6));
	out(0x61, 0x00, w + 6);
	CHECK(pit_out(&p, 2, w + 6));
	out(0x61, 0x01, w + 30);
	for (uint64_t t = w + 31; t < w + 35; t++)
		CHECK(pit_out(&p, 2, t));
	CHECK(!pit_out(&p, 2, w + 35));
	/* Speaker bits and bits 2-3 read back; 6-7 read 0. */
	out(0x61, 0xff, 1000);
	CHECK_EQ(in(0x61, 1008) & 0xcf, 0x0f);
}

TEST(refresh_toggle)
{
	pit_reset(&p, 0);
	for (uint64_t t = 0; t < 18 * 6; t++)
		CHECK_EQ(in(0x61, t) & 0x10, (t / 18) % 2 ? 0x10 : 0);
	CHECK_EQ(in(0x61, 18ull * 1000001) & 0x10, 0x10);
}

/* Linux's quick_pit_calibrate: gate high, speaker off, counter 2 mode 0
 * from FFFFH, then the MSB read over and over (pit_verify_msb reads the
 * LSB and the MSB); every inb takes one or two input clocks here. */
TEST(linux_quick_pit_calibrate)
{
	uint64_t t = 7777, w;
	unsigned reads = 0, bad = 0;
	uint8_t v;

	pit_reset(&p, 0);
	v = in(0x61, t++);
	out(0x61, (uint8_t)((v & ~0x02) | 0x01), t++);
	out(0x43, 0xb0, t++);
	out(0x42, 0xff, t++);
	out(0x42, 0xff, t);
	w = t;
	CHECK_EQ(in(0x42, t), 0x00);                    /* same tick: the old element (0) */
	CHECK_EQ(in(0x42, t), 0x00);
	/* pit_verify_msb(0) then pit_expect_msb(0xff - i) for i = 0 .. 232. */
	in(0x42, ++t);
	in(0x42, ++t);
	for (unsigned i = 0; i <= 232; i++) {
		unsigned count = 0;

		for (;;) {
			uint8_t msb;

			in(0x42, t += 1 + (reads & 1));
			msb = in(0x42, t += 1 + (reads & 1));
			reads++;
			if (msb != (uint8_t)((0xffff - (t - w - 1)) >> 8))
				bad++;
			if (msb != 0xff - i)
				break;
			count++;
		}
		CHECKF(count > 5, "i %u: %u reads", i, count);
	}
	CHECK_EQ(bad, 0);
	CHECK(t >= w + 1 + 233 * 256);
}

/* Linux's pit_calibrate_tsc: mode 0 with a 50 ms latch, polling OUT2. */
TEST(linux_pit_calibrate_tsc)
{
	const uint16_t latch = 1193182 / 20;
	uint64_t t = 123456, w, seen = 0;
	unsigned polls = 0;

	pit_reset(&p, 0);
	out(0x61, (uint8_t)((in(0x61, t) & ~0x02) | 0x01), t + 1);
	out(0x43, 0xb0, t + 2);
	out(0x42, latch & 0xff, t + 3);
	out(0x42, latch >> 8, t + 4);
	w = t + 4;
	for (t = w + 1; polls < 100000; t += 3, polls++) {
		if (in(0x61, t) & 0x20) {
			seen = t;
			break;
		}
	}
	CHECK(seen >= w + 1 + latch);
	CHECK(seen < w + 1 + latch + 3);
	CHECK(polls > 1000);                            /* CAL_PIT_LOOPS */
	CHECK(!pit_out(&p, 2, w + latch));
	CHECK(pit_out(&p, 2, w + latch + 1));
}

/* Linux's clockevent: periodic (34H, LATCH), one-shot (38H, then each
 * event's delta), shutdown (30H, 0, 0); the clocksource reads counter 0
 * through the latch command. */
TEST(linux_clockevent_sequences)
{
	const uint16_t latch = (1193182 + 500) / 1000;
	uint64_t w, deadline, now, pulses = 0;

	pit_reset(&p, 0);
	w = program(0, 0x04, latch, 1000);
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 1 + latch);
	/* The caller's loop: pulse at each deadline it passes. */
	deadline = pit_irq0_next_rise(&p, w);
	for (now = w; now < w + 10 * latch; now += 97) {
		while (deadline <= now) {
			pulses++;
			deadline = pit_irq0_next_rise(&p, now);
			CHECK(deadline > now);
		}
	}
	CHECK_EQ(pulses, 9);                            /* coalesced, one per passed deadline */
	now = w + 36000ull * PIT_HZ + 5;                /* ten hours on */
	deadline = pit_irq0_next_rise(&p, now);
	CHECK(deadline > now && deadline <= now + latch);
	CHECK_EQ((deadline - w - 1) % latch, 0);
	/* The clocksource: latch, LSB, MSB. */
	CHECK_EQ(latched(0, w + 1 + 100), latch - 100);
	/* One-shot: mode 4, then a delta. */
	out(0x43, 0x38, 50000);
	CHECK(!pit_irq0_write_edge(&p));
	out(0x40, 0x10, 50001);
	out(0x40, 0x00, 50002);
	CHECK_EQ(pit_irq0_next_rise(&p, 50002), 50002 + 1 + 16 + 1);
	/* Shutdown: mode 0 with count 0 runs down once more (65536 clocks). */
	out(0x43, 0x30, 60000);
	out(0x40, 0, 60001);
	out(0x40, 0, 60002);
	CHECK_EQ(pit_irq0_next_rise(&p, 60002), 60003 + 65536);
	CHECK_EQ(pit_irq0_next_rise(&p, 60003 + 65536), UINT64_MAX);
	/* A mode-2 control word while OUT0 is low (mode 0 counting) raises
	 * OUT0 at the write: reported once through pit_irq0_write_edge. */
	out(0x43, 0x34, 70000);
	CHECK(pit_out(&p, 0, 70000));
	CHECK(pit_irq0_write_edge(&p));
	CHECK(!pit_irq0_write_edge(&p));
}

TEST(next_rise_far_future_and_saturation)
{
	uint64_t w, now;

	pit_reset(&p, 0);
	w = program(0, 0x06, 0, 10);                    /* mode 3, 65536 */
	now = UINT64_MAX / 3;
	CHECK_EQ(pit_irq0_next_rise(&p, now), w + 1 + ((now - w - 1) / 65536 + 1) * 65536);
	CHECK_EQ(pit_irq0_next_rise(&p, UINT64_MAX - 5), UINT64_MAX);
	CHECK_EQ(pit_irq0_next_rise(&p, UINT64_MAX), UINT64_MAX);
	w = program(0, 0x00, 50, 1000);
	CHECK_EQ(pit_irq0_next_rise(&p, w + 1000000000), UINT64_MAX);
	/* Near the end of time, nothing wraps. */
	pit_reset(&p, UINT64_MAX - 10);
	w = program(0, 0x04, 3, UINT64_MAX - 8);
	CHECK_EQ(pit_irq0_next_rise(&p, w), w + 4);
	CHECK(!pit_out(&p, 0, UINT64_MAX));             /* count 1 again: low */
	out(0x43, 0x34, UINT64_MAX);
	out(0x40, 5, UINT64_MAX);
	out(0x40, 0, UINT64_MAX);
	CHECK_EQ(pit_irq0_next_rise(&p, UINT64_MAX), UINT64_MAX);
}

/* ------------------------------------------------------------------ reference
 * A tick-by-tick 8254 written from the datasheet's mode descriptions, with
 * the model's documented conventions (load at the pulse after the write,
 * mode 3's odd counts, illegal counts, the counting element kept before the
 * first load). Random port sequences must read the same bytes, and OUT and
 * the counting element must agree at every tick. */
struct rch {
	unsigned mode, rawmode, rw;
	bool bcd, gate, out, armed, load_pend, new_pend, high, null, cr_valid;
	bool frozen_raw;             /* the element's bits as left by another format */
	uint16_t fraw, cr, latch, st;
	uint32_t ce, n, cr_n;
	uint64_t cnt;
	bool wr_msb, rd_msb, st_latched;
	unsigned latch_left;
};

struct rpit {
	struct rch c[3];
	uint8_t p61;
	uint64_t t;
};

static uint32_t r_mod(const struct rch *c)
{
	return c->bcd ? 10000 : 65536;
}

static uint16_t r_raw(const struct rch *c)
{
	uint32_t v = c->ce;

	if (c->frozen_raw)
		return c->fraw;
	if (!c->bcd)
		return (uint16_t)v;
	v %= 10000;
	return (uint16_t)((v / 1000) << 12 | (v / 100 % 10) << 8 | (v / 10 % 10) << 4 | v % 10);
}

static uint32_t r_count(const struct rch *c)
{
	uint32_t v;

	if (!c->bcd)
		return c->cr ? c->cr : 65536;
	v = (c->cr >> 12) * 1000u + (c->cr >> 8 & 15) * 100u + (c->cr >> 4 & 15) * 10u + (c->cr & 15);
	v %= 10000;
	return v ? v : 10000;
}

static void r_reset(struct rpit *r, uint64_t t)
{
	memset(r, 0, sizeof(*r));
	r->t = t;
	for (unsigned i = 0; i < 3; i++) {
		struct rch *c = &r->c[i];

		c->mode = c->rawmode = 3;
		c->rw = 3;
		c->gate = i != 2;
		c->n = c->cr_n = 65536;
		c->cr_valid = true;
		c->armed = true;
		c->high = true;
		c->ce = 65536;
		c->out = true;
	}
}

static void r_mode3_half(struct rch *c, bool high)
{
	if (c->new_pend) {
		c->n = c->cr_n;
		c->new_pend = false;
		c->null = false;
	}
	if (!high && c->n == 1)
		high = true;                         /* no low half */
	c->high = high;
	c->ce = c->n & ~1u;
	c->out = high;
}

/* One CLK pulse. */
static void r_pulse(struct rch *c)
{
	if (c->load_pend) {
		c->load_pend = c->new_pend = false;
		c->frozen_raw = false;
		c->n = c->cr_n;
		c->null = false;
		c->armed = true;
		c->cnt = 0;
		c->ce = c->n;
		switch (c->mode) {
		case 1: c->out = false; break;
		case 4: case 5: c->out = true; break;
		case 2: c->out = c->ce != 1; break;
		case 3: c->high = true; c->ce = c->n & ~1u; c->out = true; break;
		default: break;
		}
		if ((c->mode == 2 || c->mode == 3) && !c->gate)
			c->out = true;
		return;
	}
	if (!c->armed || (c->mode != 1 && c->mode != 5 && !c->gate))
		return;
	switch (c->mode) {
	case 2:
		if (c->ce == 1) {
			if (c->new_pend) {
				c->n = c->cr_n;
				c->new_pend = false;
				c->null = false;
			}
			c->ce = c->n;
		} else {
			c->ce--;
		}
		c->out = c->ce != 1;
		return;
	case 3:
		if (c->high) {
			if (c->n & 1) {
				if (c->ce == 0)
					r_mode3_half(c, false);
				else
					c->ce -= 2;
			} else if ((c->ce -= 2) == 0) {
				r_mode3_half(c, false);
			}
		} else if ((c->ce -= 2) == 0) {
			r_mode3_half(c, true);
		}
		return;
	default:
		c->ce = c->ce == 0 ? r_mod(c) - 1 : c->ce - 1;
		c->cnt++;
		if (c->mode == 0 || c->mode == 1) {
			if (c->cnt == c->n)
				c->out = true;
		} else {
			c->out = c->cnt != c->n;
		}
		return;
	}
}

static void r_step_to(struct rpit *r, uint64_t t)
{
	while (r->t < t) {
		r->t++;
		for (unsigned i = 0; i < 3; i++)
			r_pulse(&r->c[i]);
	}
}

static void r_gate(struct rch *c, bool level)
{
	if (c->gate == level)
		return;
	c->gate = level;
	if (c->mode == 1 || c->mode == 5 || c->mode == 2 || c->mode == 3) {
		if (level && c->cr_valid)
			c->load_pend = true;
		if (!level && (c->mode == 2 || c->mode == 3))
			c->out = true;
	}
}

static bool r_ctrl(struct rpit *r, uint8_t v)
{
	bool edge = false;

	if ((v >> 6) == 3) {
		for (unsigned i = 0; i < 3; i++) {
			struct rch *c = &r->c[i];

			if (!(v & (2u << i)))
				continue;
			if (!(v & 0x20) && !c->latch_left) {
				c->latch = r_raw(c);
				c->latch_left = c->rw == 3 ? 2 : 1;
			}
			if (!(v & 0x10) && !c->st_latched) {
				c->st = (uint16_t)(c->out << 7 | c->null << 6 | c->rw << 4 |
						   c->rawmode << 1 | c->bcd);
				c->st_latched = true;
			}
		}
	} else if (!(v & 0x30)) {
		struct rch *c = &r->c[v >> 6];

		if (!c->latch_left) {
			c->latch = r_raw(c);
			c->latch_left = c->rw == 3 ? 2 : 1;
		}
	} else {
		struct rch *c = &r->c[v >> 6];
		bool was = c->out;

		c->fraw = r_raw(c);
		c->frozen_raw = true;
		c->rw = (v >> 4) & 3;
		c->rawmode = (v >> 1) & 7;
		c->mode = c->rawmode > 5 ? c->rawmode - 4 : c->rawmode;
		c->bcd = v & 1;
		c->wr_msb = c->rd_msb = c->st_latched = false;
		c->latch_left = 0;
		c->armed = c->load_pend = c->new_pend = c->cr_valid = false;
		c->null = true;
		c->out = c->mode != 0;
		edge = (v >> 6) == 0 && !was && c->out;
	}
	return edge;
}

static uint8_t r_read(struct rch *c)
{
	uint16_t v;
	bool msb;

	if (c->st_latched) {
		c->st_latched = false;
		return (uint8_t)c->st;
	}
	v = c->latch_left ? c->latch : r_raw(c);
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

static void r_write(struct rch *c, uint8_t v)
{
	if (c->rw == 1) {
		c->cr = v;
	} else if (c->rw == 2) {
		c->cr = (uint16_t)(v << 8);
	} else if (!c->wr_msb) {
		c->cr = (uint16_t)((c->cr & 0xff00) | v);
		c->wr_msb = true;
		if (c->mode == 0) {
			c->armed = c->load_pend = false;
			c->out = false;
			c->null = true;
		}
		return;
	} else {
		c->cr = (uint16_t)((c->cr & 0xff) | v << 8);
		c->wr_msb = false;
	}
	c->cr_n = r_count(c);
	c->cr_valid = true;
	c->null = true;
	switch (c->mode) {
	case 0:
		c->load_pend = true;
		c->armed = false;
		c->out = false;
		return;
	case 4:
		c->load_pend = true;
		return;
	case 1: case 5:
		return;                              /* a trigger's load takes cr_n */
	default:
		if (c->load_pend)
			return;
		if (!c->armed)
			c->load_pend = true;
		else if (c->gate)
			c->new_pend = true;
		return;
	}
}

/* The model's counting element, read without disturbing it. */
static uint16_t peek_ce(const struct pit8254 *m, unsigned ch, uint64_t t)
{
	struct pit8254 copy = *m;
	struct pit_channel *c = &copy.ch[ch];
	uint8_t lo, hi;

	c->latch_left = 0;
	c->status_latched = false;
	c->rd_msb = false;
	c->rw = 3;
	pit_port_write(&copy, 0x43, t, (uint8_t)(ch << 6));
	pit_port_read(&copy, (uint16_t)(0x40 + ch), t, &lo);
	pit_port_read(&copy, (uint16_t)(0x40 + ch), t, &hi);
	return (uint16_t)(lo | hi << 8);
}

static uint32_t rng_state;

static uint32_t rnd(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* The reference's next rising edge of OUT0 after its current tick,
 * within limit ticks. */
static uint64_t r_next_rise0(const struct rpit *r, uint64_t limit)
{
	struct rch c = r->c[0];
	bool prev = c.out;

	for (uint64_t t = r->t + 1; t <= r->t + limit; t++) {
		r_pulse(&c);
		if (!prev && c.out)
			return t;
		prev = c.out;
	}
	return UINT64_MAX;
}

static uint8_t small_byte(void)
{
	uint32_t k = rnd() % 16;

	if (k < 11)
		return (uint8_t)(rnd() % 12);
	if (k < 13)
		return 0;
	return (uint8_t)rnd();
}

static unsigned mismatches;

static void diff_run(uint32_t seed, unsigned ops)
{
	struct rpit ref;
	uint64_t t = 1000 + seed;

	rng_state = seed;
	pit_reset(&p, t);
	r_reset(&ref, t);
	for (unsigned op = 0; op < ops; op++) {
		uint32_t k = rnd() % 100;
		unsigned ch = rnd() % 3;
		uint64_t dt = rnd() % 8 ? rnd() % 6 : rnd() % 60;
		uint8_t a, b;

		for (uint64_t s = 0; s < dt; s++) {
			t++;
			r_step_to(&ref, t);
			for (unsigned i = 0; i < 3; i++) {
				if (pit_out(&p, i, t) != ref.c[i].out ||
				    peek_ce(&p, i, t) != r_raw(&ref.c[i])) {
					if (mismatches++ < 5)
						printf("  seed %u op %u t %llu ch %u: out %d/%d ce %04x/%04x\n",
						       seed, op, (unsigned long long)t, i,
						       pit_out(&p, i, t), ref.c[i].out,
						       peek_ce(&p, i, t), r_raw(&ref.c[i]));
				}
			}
		}
		if (k < 14) {
			unsigned mode = rnd() % 8, rw = 1 + rnd() % 3;
			uint8_t v = (uint8_t)(ch << 6 | rw << 4 | mode << 1 | (rnd() % 8 == 0));
			bool edge = r_ctrl(&ref, v);

			out(0x43, v, t);
			if (pit_irq0_write_edge(&p) != edge && mismatches++ < 5)
				printf("  seed %u op %u: write edge\n", seed, op);
		} else if (k < 50) {
			uint8_t v = small_byte();

			r_write(&ref.c[ch], v);
			out((uint16_t)(0x40 + ch), v, t);
		} else if (k < 58) {
			uint8_t v = (uint8_t)(0xc0 | (rnd() & 0x3e));

			r_ctrl(&ref, v);
			out(0x43, v, t);
		} else if (k < 64) {
			r_ctrl(&ref, (uint8_t)(ch << 6));
			out(0x43, (uint8_t)(ch << 6), t);
		} else if (k < 84) {
			a = r_read(&ref.c[ch]);
			b = in((uint16_t)(0x40 + ch), t);
			if (a != b && mismatches++ < 5)
				printf("  seed %u op %u t %llu: read ch %u %02x/%02x\n", seed, op,
				       (unsigned long long)t, ch, b, a);
		} else if (k < 94) {
			uint8_t v = (uint8_t)rnd();

			ref.p61 = v & 0x0f;
			r_gate(&ref.c[2], v & 1);
			out(0x61, v, t);
		} else {
			a = (uint8_t)(ref.p61 | (t / 18 & 1) << 4 | ref.c[2].out << 5);
			b = in(0x61, t);
			if (a != b && mismatches++ < 5)
				printf("  seed %u op %u: port 61 %02x/%02x\n", seed, op, b, a);
		}
		{
			uint64_t m = pit_irq0_next_rise(&p, t), e = r_next_rise0(&ref, 300);

			if (m <= t || (e != UINT64_MAX ? m != e : m <= t + 300)) {
				if (mismatches++ < 5)
					printf("  seed %u op %u t %llu: next rise %llu/%llu\n", seed, op,
					       (unsigned long long)t, (unsigned long long)m,
					       (unsigned long long)e);
			}
		}
	}
}

TEST(random_sequences_match_reference)
{
	mismatches = 0;
	for (uint32_t seed = 1; seed <= 40; seed++)
		diff_run(seed, 1500);
	CHECK_EQ(mismatches, 0);
}

/* Any bytes at any times, with long gaps: no crash, no sanitizer report,
 * next_rise always after now, reads answered. */
TEST(hostile_random_writes)
{
	uint64_t t = 0;

	rng_state = 0xdeadbeef;
	pit_reset(&p, 0);
	for (unsigned i = 0; i < 300000; i++) {
		uint32_t k = rnd();
		uint16_t port = (uint16_t)((k & 7) < 5 ? 0x40 + (k & 3) : 0x61);
		uint8_t v;
		uint64_t nr;

		switch (rnd() % 16) {
		case 0: t += (uint64_t)rnd() << 20; break;
		case 1: t += rnd(); break;
		case 2: break;
		default: t += rnd() % 40; break;
		}
		if (rnd() & 1) {
			CHECK(pit_port_write(&p, port, t, (uint8_t)rnd()));
		} else {
			CHECK(pit_port_read(&p, port, t, &v));
		}
		(void)pit_irq0_write_edge(&p);
		nr = pit_irq0_next_rise(&p, t);
		CHECK(nr > t || nr == UINT64_MAX);
		if (nr != UINT64_MAX && nr - t < 64 && (i % 64) == 0)
			CHECK_EQ(stepped_rise(0, t, t + 64), nr);
		for (unsigned c = 0; c < 3; c++)
			(void)pit_out(&p, c, t);
	}
}
