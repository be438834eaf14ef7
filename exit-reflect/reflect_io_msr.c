/* SPDX-License-Identifier: MIT */
/*
 * L1's I/O, MSR, VMREAD and VMWRITE bitmaps (SDM Vol. 3C 26.1.3 "Instructions
 * That Cause VM Exits Conditionally", 25.6.4 I/O bitmaps, 25.6.9 MSR bitmaps,
 * 25.6.15 VMCS shadowing bitmaps).
 *
 * Every bitmap lives in L1 memory and is read through mem. If a read fails,
 * L1 gets the exit: L1 pointed its bitmap at something that is not its RAM,
 * so no answer is "what the hardware would do"; reflecting can at worst show
 * L1 an exit it handles like any other, while keeping it in L0 could hide an
 * access L1 meant to intercept.
 */
#include "exit-reflect/exit_qual.h"
#include "exit-reflect/reflect_controls.h"

#define REFLECT_IO_BITMAP_B_FIRST_PORT 0x8000u
#define REFLECT_IO_PORTS               0x10000u

bool reflect_l1_wants_io(const struct vmcs12 *v, const struct reflect_exit *e,
			 const struct reflect_l1_mem *mem)
{
	struct exit_qual_io io = exit_qual_io_decode(e->qualification);

	/* "Unconditional I/O exiting" is ignored when "use I/O bitmaps" is 1. */
	if (!reflect_has_cpu(v, CPU_BASED_USE_IO_BITMAPS))
		return reflect_has_cpu(v, CPU_BASED_UNCOND_IO_EXITING);
	if (!io.size)
		return true; /* reserved size encoding: not an exit hardware produces */

	/*
	 * Every port the access touches is checked (a 4-byte IN at 0x7FFE reads
	 * bits 0x7FFE and 0x7FFF of bitmap A and bits 0 and 1 of bitmap B). String
	 * and REP forms access the same ports on every iteration, so the rule is
	 * the same. An access that wraps past 0xFFFF always exits.
	 */
	for (uint32_t port = io.port; port < (uint32_t)io.port + io.size; port++) {
		uint64_t base;
		bool set;

		if (port >= REFLECT_IO_PORTS)
			return true;
		base = port < REFLECT_IO_BITMAP_B_FIRST_PORT ? vmcs12_read(v, VMCS_IO_BITMAP_A)
							      : vmcs12_read(v, VMCS_IO_BITMAP_B);
		if (!reflect_bitmap_test(mem, base, port % REFLECT_IO_BITMAP_B_FIRST_PORT, &set))
			return true;
		if (set)
			return true;
	}
	return false;
}

/* MSR-bitmap page layout (SDM 25.6.9): four 1 KiB bitmaps, offsets in bytes. */
#define REFLECT_MSR_LOW_LAST        0x00001fffu
#define REFLECT_MSR_HIGH_FIRST      0xc0000000u
#define REFLECT_MSR_RANGE_MASK      0x1fffu
#define REFLECT_MSR_READ_LOW        0u
#define REFLECT_MSR_READ_HIGH       1024u
#define REFLECT_MSR_WRITE_OFFSET    2048u

bool reflect_l1_wants_msr(const struct vmcs12 *v, uint32_t msr, bool write,
			  const struct reflect_l1_mem *mem)
{
	uint32_t offset;
	bool set;

	if (!reflect_has_cpu(v, CPU_BASED_USE_MSR_BITMAPS))
		return true;
	if (msr <= REFLECT_MSR_LOW_LAST)
		offset = REFLECT_MSR_READ_LOW;
	else if (msr - REFLECT_MSR_HIGH_FIRST <= REFLECT_MSR_RANGE_MASK)
		offset = REFLECT_MSR_READ_HIGH;
	else
		return true; /* outside both ranges: always exits */
	if (write)
		offset += REFLECT_MSR_WRITE_OFFSET;
	if (!reflect_bitmap_test(mem, vmcs12_read(v, VMCS_MSR_BITMAP),
				 offset * 8 + (msr & REFLECT_MSR_RANGE_MASK), &set))
		return true;
	return set;
}

/*
 * VMREAD/VMWRITE in L2 (SDM 26.1.3 and 25.6.15): with "VMCS shadowing" 0 they
 * always exit. With it 1, they exit if the field operand has any bit above 14
 * set, or if the field's bit (bits 14:0 of the encoding) is set in the VMREAD
 * or VMWRITE bitmap; otherwise they access L1's shadow VMCS without an exit.
 * (With an invalid VMCS link pointer they fail with VMfailInvalid instead of
 * exiting; that check belongs to the emulation of the instruction, which L0
 * performs either way, and is not modelled here.)
 */
#define REFLECT_VMCS_FIELD_BITS 15

bool reflect_l1_wants_vmrw(const struct vmcs12 *v, const struct reflect_exit *e,
			   const struct reflect_l1_mem *mem)
{
	uint64_t field = e->gprs[exit_instr_info_vmrw_field_gpr(e->instr_info)];
	uint64_t bitmap;
	bool set;

	if (!reflect_has_cpu2(v, SECONDARY_EXEC_SHADOW_VMCS))
		return true;
	if (field >> REFLECT_VMCS_FIELD_BITS)
		return true;
	bitmap = e->basic_reason == EXIT_REASON_VMREAD ? vmcs12_read(v, VMCS_VMREAD_BITMAP)
						       : vmcs12_read(v, VMCS_VMWRITE_BITMAP);
	if (!reflect_bitmap_test(mem, bitmap, (uint32_t)field, &set))
		return true;
	return set;
}
