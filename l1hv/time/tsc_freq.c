/* SPDX-License-Identifier: MIT */
/* How fast the TSC runs: see tsc_freq.h. */
#include "l1hv/time/tsc_freq.h"

#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "l1hv/console/console.h"
#include "l1hv/level.h"
#include "l1hv/vdev/pit8254.h"

/* The machine's 8254, whose ports and rate l1hv's model (pit8254.h) has. */
#define PIT_CMD_CH2_MODE0 0xb0      /* channel 2, LSB then MSB, mode 0, binary */
#define P61_GATE2     0x01
#define P61_SPEAKER   0x02
#define P61_OUT2      0x20
#define CALIBRATE_MS      50
#define CALIBRATE_LATCH   (PIT_HZ * CALIBRATE_MS / 1000)
/* A PIT that never raises OUT2 (a machine without one) must not hang the
 * boot: far more polls than 50 ms take on any machine that has one. */
#define CALIBRATE_MAX_POLLS 100000000u

uint32_t tsc_khz;

/* TSC ticks while the PIT counts CALIBRATE_LATCH; 0 if OUT2 never rose. */
static uint64_t pit_measure(void)
{
	uint64_t t0, t1;

	outb(PIT_PORT_61, (uint8_t)((inb(PIT_PORT_61) & ~P61_SPEAKER) | P61_GATE2));
	outb(PIT_PORT_CTRL, PIT_CMD_CH2_MODE0);
	outb(PIT_PORT_CH2, CALIBRATE_LATCH & 0xff);
	outb(PIT_PORT_CH2, CALIBRATE_LATCH >> 8);
	t0 = rdtsc_ordered();
	for (uint32_t n = 0; !(inb(PIT_PORT_61) & P61_OUT2); n++)
		if (n == CALIBRATE_MAX_POLLS)
			return 0;
	t1 = rdtsc_ordered();
	return t1 - t0;
}

void tsc_freq_init(void)
{
	const char *how = "PIT channel 2, 50 ms";
	uint64_t ticks;

	if (l1hv_parent_is_nestlab && cpuid(NESTLAB_CPUID_VENDOR, 0).eax >= NESTLAB_CPUID_TIMING) {
		tsc_khz = cpuid(NESTLAB_CPUID_TIMING, 0).eax;
		how = "the parent l1hv's timing leaf";
	} else if ((ticks = pit_measure())) {
		tsc_khz = (uint32_t)((ticks * PIT_HZ + CALIBRATE_LATCH * 500ull) /
				     (CALIBRATE_LATCH * 1000ull));
	}
	if (!tsc_khz) {
		/* No PIT: the processor's base frequency, as a last resort. */
		tsc_khz = cpuid(0, 0).eax >= 0x16 ? (cpuid(0x16, 0).eax & 0xffff) * 1000 : 0;
		how = "CPUID 16H base frequency (no PIT answered)";
		if (!tsc_khz) {
			tsc_khz = 1000000;
			how = "a guess of 1 GHz (no PIT, no CPUID 16H)";
		}
	}
	pr_info("TSC: %u kHz (from %s)\n", tsc_khz, how);
}
