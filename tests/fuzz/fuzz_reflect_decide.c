/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the reflection engine: random vmcs12 controls, masks, bitmaps in a
 * small L1 memory, a random exit and random L0 state go through both shipped
 * policies via reflect_decide(). Checked on every input:
 *   - no crash or undefined behaviour (ASan + UBSan);
 *   - verdicts are in range; the counters add up;
 *   - L0-owned exits are L0_HANDLES under both policies, and reflect-all sends
 *     every other exit to L1;
 *   - architectural never reflects an exit L1 did not ask for, and never
 *     keeps one L1 did ask for: the oracle below restates the SDM's rules
 *     independently of exit-reflect/ (own bit positions, own bitmap
 *     indexing), so a wrong rule in the library is caught rather than
 *     mirrored; where it does not model a rule it accepts either answer;
 *   - l0_owns_exit() agrees with an independent restatement of L0's exits;
 *   - architectural always reflects the unconditional exits (EXIT_F_UNCOND)
 *     that L0 does not own;
 *   - for a reason reflect_reason_reads_gprs() says does not read gprs[],
 *     other register values give the same verdicts.
 */
#include "tests/fuzz/fuzz_input.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exit-reflect/reflect_policy.h"
#include "exit-reflect/reflect_stats.h"
#include "vmcs12/vmcs12.h"

#define L1_RAM_SIZE 0x4000u


struct l1_ram {
	uint8_t bytes[L1_RAM_SIZE];
	bool fail;
};

static bool ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct l1_ram *ram = ctx;

	if (ram->fail || gpa >= L1_RAM_SIZE || len > L1_RAM_SIZE - gpa)
		return false;
	memcpy(buf, &ram->bytes[gpa], len);
	return true;
}

/* Oracle's own view of L1 memory: -1 if unreadable, else the bit. */
static int ram_bit(const struct l1_ram *ram, uint64_t base, uint32_t n)
{
	uint64_t at = base + n / 8;

	if (ram->fail || base >= L1_RAM_SIZE || at >= L1_RAM_SIZE)
		return -1;
	return (ram->bytes[at] >> (n % 8)) & 1;
}

/* Bitmap addresses mostly inside the small RAM, sometimes anywhere. */
static uint64_t take_gpa(struct fuzz_input *in)
{
	uint8_t how = (uint8_t)take(in, 1);

	if (how < 200)
		return (how % 4) * 0x1000;
	return take(in, 8);
}

#define B(n) (1ull << (n))

/*
 * L1's wish restated from the SDM tables (26.1.3, 26.2, 25.6): ORACLE_NO when
 * L1 certainly did not ask for the exit, ORACLE_YES when it certainly did,
 * ORACLE_ANY where this oracle does not model the rule.
 */
enum oracle { ORACLE_NO = 0, ORACLE_YES = 1, ORACLE_ANY = 2 };

#define YN(cond) ((cond) ? ORACLE_YES : ORACLE_NO)

static enum oracle oracle_exception(const struct vmcs12 *v, const struct reflect_exit *e)
{
	uint64_t pin = vmcs12_read(v, VMCS_PIN_BASED_VM_EXEC_CONTROL);
	uint64_t bitmap = vmcs12_read(v, VMCS_EXCEPTION_BITMAP);
	uint32_t type = (e->intr_info >> 8) & 7, vec = e->intr_info & 0xff;

	if (!(e->intr_info & B(31)))
		return ORACLE_ANY;
	if (type == 2)
		return YN(pin & B(3));
	if (type != 3 && type != 5 && type != 6)
		return ORACLE_ANY;
	if (vec == 14) {
		bool bit14 = bitmap & B(14);
		bool match = (e->intr_error_code & vmcs12_read(v, VMCS_PAGE_FAULT_ERROR_CODE_MASK)) ==
			     vmcs12_read(v, VMCS_PAGE_FAULT_ERROR_CODE_MATCH);
		return YN(bit14 == match);
	}
	if (vec < 32)
		return YN((bitmap >> vec) & 1);
	return ORACLE_ANY;
}

static enum oracle oracle_cr(const struct vmcs12 *v, const struct reflect_exit *e, uint64_t cpu)
{
	uint32_t cr = e->qualification & 15, type = (e->qualification >> 4) & 3;
	uint64_t val = e->gprs[(e->qualification >> 8) & 15];
	uint64_t mask0 = vmcs12_read(v, VMCS_CR0_GUEST_HOST_MASK);
	uint64_t shadow0 = vmcs12_read(v, VMCS_CR0_READ_SHADOW);

	if (type == 0 && cr == 0)
		return YN((val ^ shadow0) & mask0);
	if (type == 0 && cr == 4)
		return YN((val ^ vmcs12_read(v, VMCS_CR4_READ_SHADOW)) &
			  vmcs12_read(v, VMCS_CR4_GUEST_HOST_MASK));
	if (type == 0 && cr == 3 && !(cpu & B(15)))
		return ORACLE_NO;
	if (type == 0 && cr == 8)
		return YN(cpu & B(19));
	if (type == 1 && (cr == 0 || cr == 4))
		return ORACLE_NO;
	if (type == 1 && cr == 3)
		return YN(cpu & B(16));
	if (type == 1 && cr == 8)
		return YN(cpu & B(20));
	if (type == 2)
		return YN((mask0 & B(3)) && (shadow0 & B(3)));
	return ORACLE_ANY;
}

static enum oracle oracle_io(const struct vmcs12 *v, const struct reflect_exit *e,
			     const struct l1_ram *ram, uint64_t cpu)
{
	static const unsigned int sizes[8] = { 1, 2, 0, 4, 0, 0, 0, 0 };
	uint32_t port = (uint32_t)(e->qualification >> 16) & 0xffff;
	unsigned int size = sizes[e->qualification & 7];

	if (!(cpu & B(25)))
		return YN(cpu & B(24));
	if (!size)
		return ORACLE_ANY;
	if (port + size > 0x10000)
		return ORACLE_YES;
	for (unsigned int i = 0; i < size; i++) {
		uint32_t p = port + i;
		uint64_t base = vmcs12_read(v, p < 0x8000 ? VMCS_IO_BITMAP_A : VMCS_IO_BITMAP_B);

		if (ram_bit(ram, base, p & 0x7fff) != 0)
			return ORACLE_YES; /* set, or unreadable: reflected */
	}
	return ORACLE_NO;
}

static enum oracle oracle_msr(const struct vmcs12 *v, uint32_t msr, bool write,
			      const struct l1_ram *ram, uint64_t cpu)
{
	uint32_t byte_offset = write ? 2048 : 0;

	if (!(cpu & B(28)))
		return ORACLE_YES;
	if (msr >= 0xc0000000u && msr <= 0xc0001fffu)
		byte_offset += 1024;
	else if (msr > 0x1fff)
		return ORACLE_YES;
	return YN(ram_bit(ram, vmcs12_read(v, VMCS_MSR_BITMAP),
			  byte_offset * 8 + (msr & 0x1fff)) != 0);
}

static enum oracle oracle_l1_wants(const struct vmcs12 *v, const struct reflect_exit *e,
				   const struct l1_ram *ram)
{
	uint64_t pin = vmcs12_read(v, VMCS_PIN_BASED_VM_EXEC_CONTROL);
	uint64_t cpu = vmcs12_read(v, VMCS_CPU_BASED_VM_EXEC_CONTROL);
	uint64_t cpu2 = (cpu & B(31)) ? vmcs12_read(v, VMCS_SECONDARY_VM_EXEC_CONTROL) : 0;
	uint64_t cpu3 = (cpu & B(17)) ? vmcs12_read(v, VMCS_TERTIARY_VM_EXEC_CONTROL) : 0;

	switch (e->basic_reason) {
	case 0:  return oracle_exception(v, e);
	case 1:  return YN(pin & B(0));
	case 5: case 6: case 17: return ORACLE_NO;
	case 7:  return YN(cpu & B(2));
	case 8:  return YN(cpu & B(22));
	case 12: return YN(cpu & B(7));
	case 14: return YN(cpu & B(9));
	case 15: return YN(cpu & B(11));
	case 16: return YN(cpu & B(12));
	case 28: return oracle_cr(v, e, cpu);
	case 29: return YN(cpu & B(23));
	case 30: return oracle_io(v, e, ram, cpu);
	case 31: return oracle_msr(v, (uint32_t)e->gprs[1], false, ram, cpu);
	case 32: return oracle_msr(v, (uint32_t)e->gprs[1], true, ram, cpu);
	case 36: return YN(cpu & B(10));
	case 37: return YN(cpu & B(27));
	case 39: return YN(cpu & B(29));
	case 40: return YN((cpu & B(30)) || (cpu2 & B(10)));
	case 43: return YN(cpu & B(21));
	case 44: return YN(cpu2 & B(0));
	case 46: case 47: return YN(cpu2 & B(2));
	case 48: case 49: return YN(cpu2 & B(1));
	case 51: return YN((cpu2 & B(3)) && (cpu & B(12)));
	case 52: return YN(pin & B(6));
	case 54: return YN(cpu2 & B(6));
	case 57: return YN(cpu2 & B(11));
	case 58: return YN((cpu2 & B(12)) && (cpu & B(9)));
	case 61: return YN(cpu2 & B(16));
	case 62: return YN((cpu2 & B(17)) && (cpu2 & B(1)));
	case 66: return YN(cpu2 & B(23));
	case 67: case 68: return YN((cpu2 & B(26)) && (cpu & B(12)));
	case 69: return YN(cpu3 & B(0));
	case 74: return YN(cpu2 & B(30));
	case 75: return YN(cpu2 & B(31));
	case 84: return oracle_msr(v, (uint32_t)e->qualification, false, ram, cpu);
	case 85: return oracle_msr(v, (uint32_t)e->qualification, true, ram, cpu);
	/* Further gated by bitmaps/operands this oracle does not restate. */
	case 60: return (cpu2 & B(15)) ? ORACLE_ANY : ORACLE_NO;
	case 63: case 64: return (cpu2 & B(20)) ? ORACLE_ANY : ORACLE_NO;
	case 70: return (cpu2 & B(28)) ? ORACLE_ANY : ORACLE_NO;
	default:
		return ORACLE_ANY;
	}
}

/* L0's exits restated from the header's documentation. */
static bool oracle_l0_owns(const struct reflect_exit *e, const struct reflect_l0_state *s)
{
	uint32_t r = e->basic_reason;
	uint32_t type = (e->intr_info >> 8) & 7, vec = e->intr_info & 0xff;

	if (r < EXIT_REASON_COUNT && ((s->owned_reasons[r / 64] >> (r % 64)) & 1))
		return true;
	switch (r) {
	case 0:  return (e->intr_info & B(31)) && (type == 2 || (type == 3 && vec == 18));
	case 1:  return s->ext_intr_exiting;
	case 5: case 6: case 17: case 41: return true;
	case 48: case 49: return s->ept_fault_in_ept02;
	case 52: return s->preemption_timer_is_l0s;
	default: return false;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmcs12 v;
	static struct l1_ram ram;
	static struct reflect_stats stats;
	struct fuzz_input in = { data, size };
	struct reflect_l1_mem mem = { ram_read, &ram };
	struct reflect_l0_state s;
	struct reflect_exit e;
	uint8_t reason_sel;

	vmcs12_init(&v, 1);
	vmcs12_write(&v, VMCS_PIN_BASED_VM_EXEC_CONTROL, take(&in, 4));
	vmcs12_write(&v, VMCS_CPU_BASED_VM_EXEC_CONTROL, take(&in, 4));
	vmcs12_write(&v, VMCS_SECONDARY_VM_EXEC_CONTROL, take(&in, 4));
	vmcs12_write(&v, VMCS_TERTIARY_VM_EXEC_CONTROL, take(&in, 8));
	vmcs12_write(&v, VMCS_EXCEPTION_BITMAP, take(&in, 4));
	vmcs12_write(&v, VMCS_PAGE_FAULT_ERROR_CODE_MASK, take(&in, 1));
	vmcs12_write(&v, VMCS_PAGE_FAULT_ERROR_CODE_MATCH, take(&in, 1));
	vmcs12_write(&v, VMCS_CR0_GUEST_HOST_MASK, take(&in, 1));
	vmcs12_write(&v, VMCS_CR0_READ_SHADOW, take(&in, 1));
	vmcs12_write(&v, VMCS_CR4_GUEST_HOST_MASK, take(&in, 2));
	vmcs12_write(&v, VMCS_CR4_READ_SHADOW, take(&in, 2));
	vmcs12_write(&v, VMCS_CR3_TARGET_COUNT, take(&in, 1) % 8);
	vmcs12_write(&v, VMCS_CR3_TARGET_VALUE0, take(&in, 1) << 12);
	vmcs12_write(&v, VMCS_CR3_TARGET_VALUE1, take(&in, 1) << 12);
	vmcs12_write(&v, VMCS_CR3_TARGET_VALUE2, take(&in, 1) << 12);
	vmcs12_write(&v, VMCS_CR3_TARGET_VALUE3, take(&in, 1) << 12);
	vmcs12_write(&v, VMCS_IO_BITMAP_A, take_gpa(&in));
	vmcs12_write(&v, VMCS_IO_BITMAP_B, take_gpa(&in));
	vmcs12_write(&v, VMCS_MSR_BITMAP, take_gpa(&in));
	vmcs12_write(&v, VMCS_VMREAD_BITMAP, take_gpa(&in));
	vmcs12_write(&v, VMCS_VMWRITE_BITMAP, take_gpa(&in));
	vmcs12_write(&v, VMCS_XSS_EXIT_BITMAP, take(&in, 8));
	vmcs12_write(&v, VMCS_ENCLS_EXITING_BITMAP, take(&in, 8));
	vmcs12_write(&v, VMCS_ENCLV_EXITING_BITMAP, take(&in, 8));
	vmcs12_write(&v, VMCS_VM_FUNCTION_CONTROL, take(&in, 1));
	vmcs12_write(&v, VMCS_EOI_EXIT_BITMAP0 + 2 * (take(&in, 1) % 4), take(&in, 8));

	memset(&e, 0, sizeof(e));
	reason_sel = (uint8_t)take(&in, 1);
	if (reason_sel < 240)
		reflect_exit_set_reason(&e, reason_sel % (EXIT_REASON_MAX + 3));
	else
		reflect_exit_set_reason(&e, (uint32_t)take(&in, 4));
	/* Small random values hit the interesting encodings (ports, CR numbers). */
	e.qualification = take(&in, 1) & 1 ? take(&in, 4) : take(&in, 8);
	if (take(&in, 1) & 1) {
		/* Mostly well-formed event info: valid bit, a type, an exception vector. */
		static const uint8_t vectors[] = { 0, 1, 2, 3, 6, 8, 13, 14, 17, 18, 31, 32 };
		uint8_t pick = (uint8_t)take(&in, 1);

		e.intr_info = (1u << 31) | ((uint32_t)(pick & 7) << 8) |
			      vectors[(pick >> 3) % sizeof(vectors)];
	} else {
		e.intr_info = (uint32_t)take(&in, 4);
	}
	e.intr_error_code = (uint32_t)take(&in, 1);
	e.instr_info = (uint32_t)take(&in, 4);
	e.guest_ia32_xss = take(&in, 8);
	for (int r = 0; r < REFLECT_NR_GPRS; r++)
		e.gprs[r] = take(&in, 1) & 1 ? take(&in, 2) : take(&in, 8);
	e.gprs[REFLECT_RCX] = take(&in, 1) & 1 ? 0xc0000000u + take(&in, 2) % 0x2100
					       : e.gprs[REFLECT_RCX];

	memset(&s, 0, sizeof(s));
	s.ext_intr_exiting = take(&in, 1) & 1;
	s.ept_fault_in_ept02 = take(&in, 1) & 1;
	s.preemption_timer_is_l0s = take(&in, 1) & 1;
	if (take(&in, 1) < 32)
		reflect_l0_own_reason(&s, (uint32_t)take(&in, 1));

	ram.fail = take(&in, 1) < 16;
	memset(ram.bytes, 0, sizeof(ram.bytes));
	for (size_t i = 0; in.size && i < L1_RAM_SIZE; i++)
		ram.bytes[i] = (uint8_t)take(&in, 1);

	uint64_t before = stats.counter[REFLECT_STAT_decisions];
	enum reflect_verdict arch = reflect_decide(&reflect_policy_architectural, &e, &v, &mem,
						   &s, &stats);
	enum reflect_verdict all = reflect_decide(&reflect_policy_reflect_all, &e, &v, &mem, &s,
						  &stats);
	bool owned = l0_owns_exit(&e, &s);
	enum oracle wants = oracle_l1_wants(&v, &e, &ram);

	if ((unsigned int)arch >= REFLECT_VERDICT_COUNT || (unsigned int)all >= REFLECT_VERDICT_COUNT)
		abort();
	if (stats.counter[REFLECT_STAT_decisions] != before + 2)
		abort();
	if (stats.counter[REFLECT_STAT_decisions] !=
	    stats.counter[REFLECT_STAT_l0_handles] + stats.counter[REFLECT_STAT_to_l1] +
		    stats.counter[REFLECT_STAT_l0_emulates])
		abort();
	if (owned && (arch != REFLECT_L0_HANDLES || all != REFLECT_L0_HANDLES))
		abort();
	if (!owned && all != REFLECT_TO_L1)
		abort();
	if (owned != oracle_l0_owns(&e, &s))
		abort();
	if (arch == REFLECT_TO_L1 && wants == ORACLE_NO)
		abort(); /* architectural reflected an exit L1 did not ask for */
	if (!owned && arch != REFLECT_TO_L1 && wants == ORACLE_YES)
		abort(); /* architectural kept an exit L1 asked for */
	if (!owned && (exit_reason_flags(e.basic_reason) & EXIT_F_UNCOND) && arch != REFLECT_TO_L1)
		abort(); /* an unconditional exit must reach L1 */
	/* The policy's own decision agrees with the engine's. */
	if (reflect_policy_architectural.decide(&e, &v, &mem, &s) != arch)
		abort();
	if (!reflect_reason_reads_gprs(e.basic_reason)) {
		for (int r = 0; r < REFLECT_NR_GPRS; r++)
			e.gprs[r] = ~e.gprs[r] ^ ((uint64_t)r << 32);
		if (reflect_policy_architectural.decide(&e, &v, &mem, &s) != arch ||
		    reflect_policy_reflect_all.decide(&e, &v, &mem, &s) != all)
			abort(); /* gprs[] mattered after all */
	}
	return 0;
}
