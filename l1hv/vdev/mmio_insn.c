/* SPDX-License-Identifier: MIT */
#include "l1hv/vdev/mmio_insn.h"

/* Bytes of ModRM + SIB + displacement for a memory operand (SDM Vol. 2A
 * 2.1.5, Tables 2-2 and 2-3), or 0 for a register operand. */
static unsigned modrm_len(const uint8_t *b, unsigned avail)
{
	uint8_t modrm = b[0], mod = modrm >> 6, rm = modrm & 7;
	unsigned n = 1;

	if (mod == 3)
		return 0;
	if (rm == 4) {                    /* SIB follows */
		if (avail < 2)
			return 0;
		if (mod == 0 && (b[1] & 7) == 5)
			n += 4;           /* no base: disp32 */
		n++;
	} else if (mod == 0 && rm == 5) {
		n += 4;                   /* RIP-relative (64-bit) or disp32 */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2)
		n += 4;
	return n;
}

int mmio_insn_decode(const uint8_t *b, unsigned avail, enum mmio_insn_mode mode,
		     struct mmio_insn *out)
{
	bool mode64 = mode == MMIO_INSN_MODE64;
	unsigned i = 0, opsize = 4;
	uint8_t rex = 0;

	if (mode == MMIO_INSN_MODE16)
		return -1;          /* 16-bit operands and ModRM: not decoded */

	if (i < avail && b[i] == 0x66) {
		opsize = 2;
		i++;
	}
	if (mode64 && i < avail && (b[i] & 0xf0) == 0x40)
		rex = b[i++];
	if (rex & 8)
		opsize = 8;
	if (i + 1 >= avail)
		return -1;

	uint8_t op = b[i++];
	bool twobyte = op == 0x0f;
	if (twobyte) {
		if (i + 1 >= avail)
			return -1;
		op = b[i++];
		if (op != 0xb6 && op != 0xb7)
			return -1;
	}
	unsigned m = modrm_len(b + i, avail - i);
	if (!m || i + m > avail)
		return -1;
	uint8_t reg = (b[i] >> 3) & 7;

	out->reg = reg | ((rex & 4) ? 8 : 0);
	out->high8 = false;
	out->imm = 0;
	out->dest_size = 0;
	if (twobyte) {                         /* MOVZX r16/32/64, r/m8 or r/m16 */
		out->write = false;
		out->size = op == 0xb6 ? 1 : 2;
		out->dest_size = opsize;
		out->len = i + m;
		return 0;
	}
	switch (op) {
	case 0x88: out->write = true; out->size = 1; break;
	case 0x89: out->write = true; out->size = opsize; break;
	case 0x8a: out->write = false; out->size = 1; break;
	case 0x8b: out->write = false; out->size = opsize; break;
	case 0xc6:
	case 0xc7: {
		unsigned immlen = op == 0xc6 ? 1 : (opsize == 2 ? 2 : 4);
		if (reg != 0 || i + m + immlen > avail)
			return -1;                /* only /0 is MOV */
		for (unsigned k = 0; k < immlen; k++)
			out->imm |= (uint64_t)b[i + m + k] << (8 * k);
		if (opsize == 8 && (out->imm & 0x80000000u))
			out->imm |= 0xffffffff00000000ull;   /* imm32 sign-extended */
		out->write = true;
		out->size = op == 0xc6 ? 1 : opsize;
		out->reg = -1;
		out->len = i + m + immlen;
		return 0;
	}
	default:
		return -1;
	}
	if (!out->write)
		out->dest_size = out->size;
	/* Without any REX prefix, byte registers 4-7 are AH, CH, DH, BH. */
	if (out->size == 1 && !rex && reg >= 4) {
		out->reg = reg - 4;
		out->high8 = true;
	}
	out->len = i + m;
	return 0;
}
