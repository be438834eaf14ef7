/* SPDX-License-Identifier: MIT */
/*
 * The PC's 8254 programmable interval timer as a pure model (Intel 8254
 * datasheet, 231164: "Programming the 8254", "Read Operations", "Mode
 * Definitions", "Operation Common to All Modes", the gate pin summary and
 * "Minimum and Maximum Initial Counts"), with port 61H, the PC's NMI
 * status and control port (PIIX/ICH datasheets), as far as it belongs to
 * the timer. Counters 0-2 at 40H-42H, the control word register at 43H;
 * counter 0's OUT is IRQ 0, counter 2's gate and OUT are in port 61H.
 *
 * Implemented: the six modes (6 and 7 are 2 and 3), binary and BCD
 * counting, the four access modes (counter latch, LSB, MSB, LSB then MSB
 * with separate read and write byte flip-flops per counter, which may
 * interleave), the read-back command (count and/or status of any set of
 * counters; status first when both are latched; a second latch before the
 * first is read is ignored), the null count flag, and the gates: counters
 * 0 and 1 have GATE tied high, counter 2's GATE is port 61H bit 0. In
 * modes 0 and 4 GATE low suspends counting; in modes 1 and 5 a rising edge
 * (re)triggers, so counters 0 and 1 never trigger in those modes; in modes
 * 2 and 3 GATE low forces OUT high and stops counting and a rising edge
 * reloads. A count of 0 is 65536 (binary) or 10000 (BCD); BCD digits above
 * 9 are taken at their value and the count modulo 10000.
 * Port 61H: bit 0 timer 2 gate, bit 1 speaker data enable, bits 2-3
 * (parity and channel check enables) read back as written; read-only bit
 * 4 toggles every 18 input clocks (15.085 us, the refresh request), bit 5
 * is OUT2, bits 6-7 (SERR#/IOCHK# status) read 0; writes of bits 4-7 are
 * dropped. Reads of 43H return FFH (no operation, the bus floats; QEMU
 * returns 0). Byte accesses only.
 * Not: the speaker itself, counter 1 driving DRAM refresh, the 8253's
 * differences, CLK inputs other than the PC's 1.193182 MHz.
 *
 * Time. The model never reads a clock: every call that depends on time
 * takes `now`, a count of the 1.193182 MHz input clock (PIT_HZ), which
 * must never decrease from one call to the next. The state at tick t is
 * the state after CLK pulse t; a port access at tick t comes after pulse t
 * and before pulse t+1. A count whose last byte is written at tick W is
 * loaded into the counting element by pulse W+1 ("on the next CLK
 * pulse"): a read at W still sees the old counting element, at W+1 it
 * holds N and at W+1+k it holds N-k. So in mode 0 OUT rises at tick
 * W+1+N, in mode 4 it is low during tick W+1+N only, in mode 2 it is low
 * at ticks W+N+jN (j >= 0, CE = 1) and rises at W+1+jN (j >= 1), and in
 * mode 3 it is high for ceil(N/2) ticks from W+1 and low for floor(N/2).
 * In modes 0, 1, 4 and 5 the count goes on past 0 (FFFFH, or 9999 in
 * BCD) with OUT unchanged until the next count, trigger or control word.
 * A gate edge at tick G acts at pulse G+1 (a trigger loads there, a
 * resumed count decrements there) except that GATE low forces OUT high in
 * modes 2 and 3 at once. In modes 2 and 3 a count written while counting
 * takes effect at the end of the current period (mode 2) or half period
 * (mode 3). Everything is computed in closed form from the tick of the
 * last event; no call loops over ticks.
 * The illegal count 1 in mode 2 leaves OUT low after the load, in mode 3
 * high (neither has a rising edge). Before its first load the counting
 * element keeps the value it had (it does not count). At reset every
 * counter is in the state a PC BIOS (and QEMU's reset) leaves it: mode 3,
 * LSB then MSB, binary, count 65536, loaded at tick `now`; counters 0 and
 * 1 count from there (IRQ 0 at 18.2 Hz), counter 2's gate is low.
 * Built freestanding into l1hv and hosted for tests/unit/test_pit8254.c.
 */
#ifndef L1HV_VDEV_PIT8254_H
#define L1HV_VDEV_PIT8254_H

#include <stdbool.h>
#include <stdint.h>

#define PIT_HZ         1193182u
#define PIT_PORT_CH0   0x40
#define PIT_PORT_CH2   0x42
#define PIT_PORT_CTRL  0x43
#define PIT_PORT_61    0x61
#define PIT_REFRESH_TICKS 18u     /* port 61H bit 4 flips every 18 input clocks */

/* What a counting element does over a span of ticks. */
struct pit_seg {
	uint64_t t0;      /* RUN: the tick at position 0 (the load, or virtual after a pause) */
	uint64_t pos;     /* PAUSED: the position reached */
	uint32_t n;       /* RUN, PAUSED: the count, 1-65536 */
	uint32_t off;     /* mode 3: added to the position (a start in the low half) */
	uint16_t ce;      /* IDLE: the counting element as read */
	uint8_t kind;     /* 0 IDLE (not counting), 1 RUN, 2 PAUSED (by GATE) */
	bool out;         /* IDLE: OUT */
};

struct pit_channel {
	struct pit_seg pre, cur;  /* pre for ticks before sw (a pending load), cur from sw */
	uint64_t sw;
	uint64_t null_until;      /* null count until this tick (UINT64_MAX: until a trigger) */
	uint32_t cr_n;            /* the last complete count written, 1-65536 */
	uint16_t cr;              /* the count register's bytes */
	uint16_t latch;           /* the output latch */
	uint8_t mode;             /* M2-M0 as written */
	uint8_t rw;               /* 1 LSB, 2 MSB, 3 LSB then MSB */
	uint8_t latch_left;       /* bytes of the latched count still to read, 0: not latched */
	uint8_t status;           /* the latched status byte */
	bool bcd, gate, cr_valid, status_latched;
	bool wr_msb, rd_msb;      /* byte flip-flops: the next byte is the MSB */
};

struct pit8254 {
	struct pit_channel ch[3];
	uint8_t port61;           /* bits 0-3 as written */
	bool irq0_write_edge;     /* see pit_irq0_write_edge */
};

void pit_reset(struct pit8254 *p, uint64_t now);

/* Port access at tick now: 40H-43H and 61H (byte); false for another. */
bool pit_port_read(struct pit8254 *p, uint16_t port, uint64_t now, uint8_t *v);
bool pit_port_write(struct pit8254 *p, uint16_t port, uint64_t now, uint8_t v);

/* OUT of counter 0-2 at tick now (false for another counter). */
bool pit_out(const struct pit8254 *p, unsigned channel, uint64_t now);

/* The first tick > now at which counter 0's OUT rises (IRQ 0 is edge
 * triggered on it), or UINT64_MAX when it never will without a new port
 * write. With a now far past the last deadline it is the next rising edge
 * after now: missed edges are the caller's to coalesce. Ask again after
 * every port write and when the deadline passes. */
uint64_t pit_irq0_next_rise(const struct pit8254 *p, uint64_t now);

/* Whether a control word raised OUT0 at the tick it was written (a mode
 * other than 0 set while OUT0 was low), an edge no deadline can announce;
 * returns and clears it. The caller asks after each write to 43H. */
bool pit_irq0_write_edge(struct pit8254 *p);

#endif
