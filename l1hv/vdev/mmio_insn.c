/* SPDX-License-Identifier: MIT */
/*
 * The decoder of mmio_insn.h. Prefixes: SDM Vol. 2A 2.1.1 and 2.2.1;
 * operand and address sizes: SDM Vol. 1 3.6 and 3.6.1 (66 and 67 toggle the
 * code segment's defaults, REX.W gives 64-bit operands and wins over 66, 67
 * gives 32-bit addresses in 64-bit mode); ModRM and SIB: Vol. 2A 2.1.5,
 * Tables 2-1 (16-bit), 2-2 and 2-3 (32- and 64-bit), with REX's extensions
 * and special cases (2.2.1.2, Table 2-5); moffs: Vol. 2A 2.2.1.4.
 */
#include "l1hv/vdev/mmio_insn.h"

#include "common/le_bytes.h"

#define REX_W 8
#define REX_R 4
#define REX_X 2
#define REX_B 1

#define GPR_BX 3
#define GPR_SP 4
#define GPR_BP 5
#define GPR_SI 6
#define GPR_DI 7

/* A displacement of n bytes (0, 1, 2 or 4), sign-extended (SDM 2.1.5). */
static uint64_t read_disp(const uint8_t *p, unsigned n)
{
	unsigned shift = 64 - 8 * n;

	if (!n)
		return 0;
	return (uint64_t)((int64_t)(le_load(p, n) << shift) >> shift);
}

static int seg_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: return MMIO_SEG_ES;
	case 0x2e: return MMIO_SEG_CS;
	case 0x36: return MMIO_SEG_SS;
	case 0x3e: return MMIO_SEG_DS;
	case 0x64: return MMIO_SEG_FS;
	case 0x65: return MMIO_SEG_GS;
	default:   return -1;
	}
}

/* 16-bit addressing (Table 2-1): r/m 0-7 are BX+SI, BX+DI, BP+SI, BP+DI,
 * SI, DI, BP (disp16 alone with mod 0), BX. Returns the bytes of ModRM and
 * displacement, or 0 for a register operand or too few bytes. */
static unsigned modrm16(const uint8_t *b, unsigned avail, struct mmio_insn_mem *mem)
{
	static const int8_t base[8] = { GPR_BX, GPR_BX, GPR_BP, GPR_BP,
					GPR_SI, GPR_DI, GPR_BP, GPR_BX };
	static const int8_t index[8] = { GPR_SI, GPR_DI, GPR_SI, GPR_DI, -1, -1, -1, -1 };
	uint8_t mod = b[0] >> 6, rm = b[0] & 7;
	unsigned dlen = mod == 1 ? 1 : mod == 2 ? 2 : 0;

	if (mod == 3)
		return 0;
	if (mod == 0 && rm == 6) {
		dlen = 2;
	} else {
		mem->base = base[rm];
		mem->index = index[rm];
	}
	if (1 + dlen > avail)
		return 0;
	mem->disp = read_disp(b + 1, dlen);
	return 1 + dlen;
}

/* 32- and 64-bit addressing (Tables 2-2, 2-3 and 2-5). Returns the bytes of
 * ModRM, SIB and displacement, or 0 as modrm16. */
static unsigned modrm32(const uint8_t *b, unsigned avail, uint8_t rex, bool mode64,
			struct mmio_insn_mem *mem)
{
	uint8_t mod = b[0] >> 6, rm = b[0] & 7;
	unsigned n = 1, dlen = mod == 1 ? 1 : mod == 2 ? 4 : 0;

	if (mod == 3)
		return 0;
	if (rm == 4) {
		if (avail < 2)
			return 0;
		uint8_t sib = b[1], base = sib & 7;
		uint8_t index = ((sib >> 3) & 7) | ((rex & REX_X) ? 8 : 0);

		n = 2;
		if (index != GPR_SP) {       /* 100b without REX.X: no index */
			mem->index = index;
			mem->scale = 1u << (sib >> 6);
		}
		if (base == 5 && mod == 0)
			dlen = 4;            /* no base, whatever REX.B */
		else
			mem->base = base | ((rex & REX_B) ? 8 : 0);
	} else if (rm == 5 && mod == 0) {
		dlen = 4;                    /* disp32; RIP-relative in 64-bit
					      * mode, whatever REX.B (2.2.1.6) */
		mem->rip_rel = mode64;
	} else {
		mem->base = rm | ((rex & REX_B) ? 8 : 0);
	}
	if (n + dlen > avail)
		return 0;
	mem->disp = read_disp(b + n, dlen);
	return n + dlen;
}

/* MOV AL/rAX to or from moffs (A0-A3): an offset as wide as the address,
 * no ModRM; REX.B does not apply (2.2.1.4). b + i is past the opcode. */
static int decode_moffs(const uint8_t *b, unsigned i, unsigned avail, uint8_t op,
			unsigned opsize, struct mmio_insn *out)
{
	struct mmio_insn_mem *mem = &out->mem;

	if (i + mem->addr_size > avail)
		return -1;
	out->write = op >= 0xa2;
	out->size = (op & 1) ? opsize : 1;
	out->reg = 0;
	out->dest_size = out->write ? 0 : out->size;
	mem->moffs = true;
	mem->disp = le_load(b + i, mem->addr_size);
	out->len = i + mem->addr_size;
	return 0;
}

/* The forms with a ModRM byte; b + i is past the (first) opcode byte op. */
static int decode_modrm_form(const uint8_t *b, unsigned i, unsigned avail, uint8_t op,
			     unsigned opsize, uint8_t rex, bool mode64, struct mmio_insn *out)
{
	struct mmio_insn_mem *mem = &out->mem;
	bool twobyte = op == 0x0f;
	unsigned m;

	if (twobyte) {
		if (i >= avail)
			return -1;
		op = b[i++];
		if (op != 0xb6 && op != 0xb7)
			return -1;
	}
	if (i >= avail)
		return -1;
	m = mem->addr_size == 2 ? modrm16(b + i, avail - i, mem) :
				  modrm32(b + i, avail - i, rex, mode64, mem);
	if (!m)
		return -1;
	uint8_t reg = (b[i] >> 3) & 7;

	out->reg = reg | ((rex & REX_R) ? 8 : 0);
	if (twobyte) {                         /* MOVZX r16/32/64, r/m8 or r/m16 */
		out->op = MMIO_INSN_MOVZX;
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
		out->imm = le_load(b + i + m, immlen);
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

int mmio_insn_decode(const uint8_t *b, unsigned avail, enum mmio_insn_mode mode,
		     struct mmio_insn *out)
{
	struct mmio_insn_mem *mem = &out->mem;
	bool mode64 = mode == MMIO_INSN_MODE64;
	unsigned def = mode == MMIO_INSN_MODE16 ? 2 : 4;
	unsigned i, opsize;
	bool p66 = false, p67 = false;
	int seg = -1, rc;
	uint8_t rex = 0;

	if (avail > MMIO_INSN_MAX_LEN)
		avail = MMIO_INSN_MAX_LEN;
	for (i = 0; i < avail; i++) {
		int s = seg_prefix(b[i]);

		if (mode64 && (b[i] & 0xf0) == 0x40) {
			rex = b[i];
			continue;
		}
		if (b[i] == 0x66) {
			p66 = true;
		} else if (b[i] == 0x67) {
			p67 = true;
		} else if (s >= 0) {
			if (seg >= 0 && seg != s)
				return -1;
			seg = s;
		} else {
			break;
		}
		rex = 0;        /* a REX followed by a legacy prefix is ignored */
	}
	if (i >= avail)
		return -1;
	opsize = (rex & REX_W) ? 8 : p66 ? 6 - def : def;

	mem->base = MMIO_INSN_NOREG;
	mem->index = MMIO_INSN_NOREG;
	mem->scale = 1;
	mem->disp = 0;
	mem->rip_rel = false;
	mem->moffs = false;
	mem->addr_size = mode64 ? (p67 ? 4 : 8) : (p67 ? 6 - def : def);
	out->op = MMIO_INSN_MOV;
	out->high8 = false;
	out->imm = 0;
	out->dest_size = 0;

	uint8_t op = b[i++];
	if (op >= 0xa0 && op <= 0xa3)
		rc = decode_moffs(b, i, avail, op, opsize, out);
	else
		rc = decode_modrm_form(b, i, avail, op, opsize, rex, mode64, out);
	if (rc)
		return rc;
	if (seg < 0)
		seg = mem->base == GPR_SP || mem->base == GPR_BP ? MMIO_SEG_SS : MMIO_SEG_DS;
	mem->seg = (enum mmio_insn_seg)seg;
	return 0;
}

enum mmio_insn_mode mmio_insn_mode_of(bool efer_lma, bool cs_l, bool cs_db)
{
	if (efer_lma && cs_l)
		return MMIO_INSN_MODE64;
	return cs_db ? MMIO_INSN_MODE32 : MMIO_INSN_MODE16;
}

/*
 * In 64-bit mode the CPU treats the bases of CS, DS, ES and SS as 0 and
 * adds only FS's and GS's (SDM Vol. 1 3.4.2.1, Vol. 3A 3.2.4). Outside it,
 * compatibility mode included, linear addresses have 32 bits and FS and GS
 * behave as in 32-bit mode whatever the upper half of their base (Vol. 3A
 * 3.4.4).
 */
uint64_t mmio_insn_seg_base(enum mmio_insn_mode mode, enum mmio_insn_seg seg,
			    uint64_t base)
{
	if (mode == MMIO_INSN_MODE64)
		return seg == MMIO_SEG_FS || seg == MMIO_SEG_GS ? base : 0;
	return (uint32_t)base;
}

/* Instructions are fetched at CS:rIP, rIP as wide as the code segment's
 * default (SDM Vol. 1 3.5, 3.6). */
uint64_t mmio_insn_fetch_la(enum mmio_insn_mode mode, uint64_t cs_base, uint64_t rip)
{
	uint32_t ip = mode == MMIO_INSN_MODE16 ? (uint16_t)rip : (uint32_t)rip;

	if (mode == MMIO_INSN_MODE64)
		return rip;
	return (uint32_t)(mmio_insn_seg_base(mode, MMIO_SEG_CS, cs_base) + ip);
}
