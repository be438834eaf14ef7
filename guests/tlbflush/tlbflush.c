/* SPDX-License-Identifier: MIT */
/*
 * tlbflush: the guest's own TLB invalidations take effect under the
 * hypervisor (EPT on, INVLPG and MOV to CR3 not intercepted), as Linux's
 * copy-on-write relies on: a 4 KiB page of a private mapping is read (so
 * the TLB caches it), its PTE is pointed at another frame, INVLPG (or a
 * CR3 reload) invalidates it, and the next read must see the new frame.
 * Many rounds, with exits of several kinds in between.
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "guests/lib/guest.h"

#define ALIAS      0x8000000000ull      /* PML4[1] */
#define FRAMES     0x1000000ull         /* 16 MiB: two frames per round */
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[512] __attribute__((aligned(4096)));

static uint64_t rd(uint64_t va)
{
	return *(volatile uint64_t *)va;
}

int guest_main(const char *cmdline)
{
	uint64_t *pml4 = (uint64_t *)(read_cr3() & ~0xfffull);
	unsigned bad_invlpg = 0, bad_cr3 = 0, rounds = 2000;

	(void)cmdline;
	pd[0] = (uint64_t)pt | 3;
	pdpt[0] = (uint64_t)pd | 3;
	pml4[1] = (uint64_t)pdpt | 3;
	for (unsigned f = 0; f < 64; f++)
		*(volatile uint64_t *)(FRAMES + f * 4096) = 0x1000 + f;
	write_cr3(read_cr3());
	for (unsigned r = 0; r < rounds; r++) {
		unsigned slot = r % 512, a = r % 64, b = (r + 17) % 64;
		uint64_t va = ALIAS + slot * 4096ull;

		pt[slot] = (FRAMES + a * 4096ull) | 3;
		asm volatile("invlpg (%0)" :: "r"(va) : "memory");
		(void)rd(va);
		if (r % 3 == 0)
			(void)cpuid(0, 0);               /* an exit in between */
		pt[slot] = (FRAMES + b * 4096ull) | 3;
		if (r & 1) {
			asm volatile("invlpg (%0)" :: "r"(va) : "memory");
			bad_invlpg += rd(va) != 0x1000 + b;
		} else {
			write_cr3(read_cr3());
			bad_cr3 += rd(va) != 0x1000 + b;
		}
	}
	report(!bad_invlpg, "INVLPG makes a remapped page's new frame visible (%u of %u stale)",
	       bad_invlpg, rounds / 2);
	report(!bad_cr3, "MOV to CR3 makes it visible (%u of %u stale)", bad_cr3, rounds / 2);
	pml4[1] = 0;
	write_cr3(read_cr3());
	return report_summary();
}
