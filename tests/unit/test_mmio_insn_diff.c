/* SPDX-License-Identifier: MIT */
/*
 * l1hv's MMIO instruction decoder (l1hv/vdev/mmio_insn.c) against an
 * independent one, capstone 4 (Debian's libcapstone-dev), in 16-, 32- and
 * 64-bit code (issue 17 item 5). For every byte sequence l1hv accepts,
 * capstone must decode the same MOV or MOVZX with a memory operand: the
 * operation, direction, access size, register (AH-BH against SPL-DIL),
 * immediate, segment, base, index, scale, displacement, address size and
 * length. A sequence capstone decodes as one of those forms that l1hv
 * refuses is allowed only in the refusal classes mmio_insn.h documents (REP
 * prefixes, two different segment overrides); they are counted and printed.
 *
 * Inputs: every prefix sequence of up to three bytes from the prefixes of
 * interest x every supported opcode x a set of ModRM/SIB classes; every
 * ModRM x every SIB byte x a few prefix sets; and 200000 pseudo-random
 * buffers per mode biased towards those prefixes and opcodes.
 *
 * Capstone 4 quirks this test allows for (checked against the SDM):
 * - it reports no segment unless a prefix names one, so the default (DS, or
 *   SS for a base of rSP or rBP, SDM Vol. 1 Table 3-5) is checked here from
 *   capstone's base register;
 * - it reports the SIB scale even when the SIB has no index (index 100b
 *   without REX.X), where the scale means nothing (SDM Vol. 2A Table 2-3
 *   note 1): the scale is compared only with an index;
 * - it drops F2/F3 in front of MOV and decodes the MOV (the SDM leaves REP
 *   with MOV undefined); l1hv refuses those, counted as refused-but-valid.
 */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "l1hv/vdev/mmio_insn.h"
#include "testlib.h"

#define NMODES 3
#define RANDOM_PER_MODE 200000
#define MAX_PRINTED 20

static const char *const mode_name[NMODES] = { "16", "32", "64" };
static const cs_mode cs_mode_of[NMODES] = { CS_MODE_16, CS_MODE_32, CS_MODE_64 };

/* Capstone's register names, reduced to SDM numbering and width. */
struct gpr {
	int8_t num;
	uint8_t width;  /* bytes; 0: not a general-purpose register */
	bool high8;
};
static struct gpr gpr_of[X86_REG_ENDING];
static int seg_of[X86_REG_ENDING];

static void tables_init(void)
{
	static const x86_reg r64[16] = {
		X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP,
		X86_REG_RSI, X86_REG_RDI, X86_REG_R8, X86_REG_R9, X86_REG_R10, X86_REG_R11,
		X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15 };
	static const x86_reg r32[16] = {
		X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX, X86_REG_ESP, X86_REG_EBP,
		X86_REG_ESI, X86_REG_EDI, X86_REG_R8D, X86_REG_R9D, X86_REG_R10D, X86_REG_R11D,
		X86_REG_R12D, X86_REG_R13D, X86_REG_R14D, X86_REG_R15D };
	static const x86_reg r16[16] = {
		X86_REG_AX, X86_REG_CX, X86_REG_DX, X86_REG_BX, X86_REG_SP, X86_REG_BP,
		X86_REG_SI, X86_REG_DI, X86_REG_R8W, X86_REG_R9W, X86_REG_R10W, X86_REG_R11W,
		X86_REG_R12W, X86_REG_R13W, X86_REG_R14W, X86_REG_R15W };
	static const x86_reg r8[16] = {
		X86_REG_AL, X86_REG_CL, X86_REG_DL, X86_REG_BL, X86_REG_SPL, X86_REG_BPL,
		X86_REG_SIL, X86_REG_DIL, X86_REG_R8B, X86_REG_R9B, X86_REG_R10B, X86_REG_R11B,
		X86_REG_R12B, X86_REG_R13B, X86_REG_R14B, X86_REG_R15B };
	static const x86_reg h8[4] = { X86_REG_AH, X86_REG_CH, X86_REG_DH, X86_REG_BH };
	static const x86_reg sregs[6] = { X86_REG_ES, X86_REG_CS, X86_REG_SS, X86_REG_DS,
					  X86_REG_FS, X86_REG_GS };

	memset(gpr_of, 0, sizeof(gpr_of));
	for (int r = 0; r < X86_REG_ENDING; r++)
		seg_of[r] = -1;
	for (int i = 0; i < 16; i++) {
		gpr_of[r64[i]] = (struct gpr){ i, 8, false };
		gpr_of[r32[i]] = (struct gpr){ i, 4, false };
		gpr_of[r16[i]] = (struct gpr){ i, 2, false };
		gpr_of[r8[i]] = (struct gpr){ i, 1, false };
	}
	for (int i = 0; i < 4; i++)
		gpr_of[h8[i]] = (struct gpr){ i, 1, true };
	for (int i = 0; i < 6; i++)
		seg_of[sregs[i]] = i;
}

enum refusal { REFUSED_REP, REFUSED_TWO_SEGS, REFUSED_OTHER, REFUSALS };
static const char *const refusal_name[REFUSALS] = {
	"F2/F3 (REP) prefix", "two different segment overrides", "other (undocumented)",
};

struct diff_stats {
	unsigned long compared, accepted, valid, refused[REFUSALS];
};

struct diff {
	csh cs[NMODES];
	cs_insn *insn[NMODES];
	struct diff_stats st[NMODES];
	unsigned long mismatches;
	unsigned printed;
};

static bool diff_open(struct diff *d)
{
	memset(d, 0, sizeof(*d));
	tables_init();
	for (int m = 0; m < NMODES; m++) {
		if (cs_open(CS_ARCH_X86, cs_mode_of[m], &d->cs[m]) != CS_ERR_OK)
			return false;
		cs_option(d->cs[m], CS_OPT_DETAIL, CS_OPT_ON);
		d->insn[m] = cs_malloc(d->cs[m]);
	}
	return true;
}

static void diff_close(struct diff *d, const char *what)
{
	for (int m = 0; m < NMODES; m++) {
		struct diff_stats *s = &d->st[m];

		printf("  info: %s, %s-bit: %lu compared, %lu accepted and equal to capstone's, "
		       "%lu MOV/MOVZX with memory per capstone; refused of those:", what,
		       mode_name[m], s->compared, s->accepted, s->valid);
		for (int r = 0; r < REFUSALS; r++)
			printf("%s %lu %s", r ? "," : "", s->refused[r], refusal_name[r]);
		printf("\n");
		cs_free(d->insn[m], 1);
		cs_close(&d->cs[m]);
	}
}

/* NULL if capstone's instruction is one of the forms l1hv decodes: MOV,
 * MOVABS or MOVZX between memory and a GPR or an immediate. */
static const char *in_scope(const cs_insn *ci)
{
	const cs_x86 *x = &ci->detail->x86;
	const cs_x86_op *o;

	if (ci->id != X86_INS_MOV && ci->id != X86_INS_MOVABS && ci->id != X86_INS_MOVZX)
		return "capstone: not MOV or MOVZX";
	if (x->op_count != 2 ||
	    (x->operands[0].type == X86_OP_MEM) + (x->operands[1].type == X86_OP_MEM) != 1)
		return "capstone: not one memory operand";
	o = &x->operands[x->operands[0].type == X86_OP_MEM];
	if (o->type == X86_OP_IMM || (o->type == X86_OP_REG && gpr_of[o->reg].width))
		return NULL;
	return "capstone: other operand not a GPR or immediate";
}

static bool is_sp_or_bp(x86_reg r)
{
	return gpr_of[r].width >= 2 && (gpr_of[r].num == 4 || gpr_of[r].num == 5);
}

/* NULL if l1hv's decode equals capstone's, else what differs. */
static const char *compare(const cs_insn *ci, const struct mmio_insn *in)
{
	const cs_x86 *x = &ci->detail->x86;
	bool mem_first = x->operands[0].type == X86_OP_MEM;
	const cs_x86_op *mop = &x->operands[mem_first ? 0 : 1];
	const cs_x86_op *other = &x->operands[mem_first ? 1 : 0];
	const struct mmio_insn_mem *mem = &in->mem;
	x86_reg base = mop->mem.base, index = mop->mem.index;

	if ((ci->id == X86_INS_MOVZX) != (in->op == MMIO_INSN_MOVZX))
		return "operation";
	if (mem_first != in->write)
		return "direction";
	if (ci->size != in->len)
		return "length";
	if (mop->size != in->size)
		return "access size";
	if (in->reg < 0) {
		uint64_t mask = in->size == 8 ? ~0ull : (1ull << (8 * in->size)) - 1;

		if (other->type != X86_OP_IMM)
			return "immediate where capstone has a register";
		if (((uint64_t)other->imm & mask) != in->imm)
			return "immediate";
	} else {
		struct gpr g = gpr_of[other->type == X86_OP_REG ? other->reg : X86_REG_INVALID];
		unsigned width = in->write ? in->size : in->dest_size;

		if (!g.width || g.num != in->reg || g.high8 != in->high8 || g.width != width)
			return "register";
	}
	if (x->addr_size != mem->addr_size)
		return "address size";
	if ((x->opcode[0] >= 0xa0 && x->opcode[0] <= 0xa3) != mem->moffs)
		return "moffs";
	if (base == X86_REG_RIP || base == X86_REG_EIP) {
		if (!mem->rip_rel || mem->base != MMIO_INSN_NOREG ||
		    (base == X86_REG_RIP ? 8u : 4u) != mem->addr_size)
			return "base (RIP-relative)";
	} else if (base == X86_REG_INVALID) {
		if (mem->rip_rel || mem->base != MMIO_INSN_NOREG)
			return "base (none)";
	} else if (mem->rip_rel || !gpr_of[base].width || gpr_of[base].high8 ||
		   gpr_of[base].num != mem->base || gpr_of[base].width != mem->addr_size) {
		return "base";
	}
	if (index == X86_REG_INVALID) {
		if (mem->index != MMIO_INSN_NOREG || mem->scale != 1)
			return "index (none)";
	} else if (!gpr_of[index].width || gpr_of[index].num != mem->index ||
		   gpr_of[index].width != mem->addr_size || (unsigned)mop->mem.scale != mem->scale) {
		return "index or scale";
	}
	if ((uint64_t)mop->mem.disp != mem->disp)
		return "displacement";
	if (mop->mem.segment != X86_REG_INVALID) {
		if (seg_of[mop->mem.segment] != (int)mem->seg)
			return "segment";
	} else if (mem->seg != (is_sp_or_bp(base) ? MMIO_SEG_SS : MMIO_SEG_DS)) {
		return "default segment";
	}
	return NULL;
}

static bool same_decode(const struct mmio_insn *a, const struct mmio_insn *b)
{
	return a->op == b->op && a->write == b->write && a->size == b->size && a->reg == b->reg &&
	       a->high8 == b->high8 && a->imm == b->imm && a->dest_size == b->dest_size &&
	       a->len == b->len && a->mem.seg == b->mem.seg && a->mem.base == b->mem.base &&
	       a->mem.index == b->mem.index && a->mem.scale == b->mem.scale &&
	       a->mem.disp == b->mem.disp && a->mem.rip_rel == b->mem.rip_rel &&
	       a->mem.moffs == b->mem.moffs && a->mem.addr_size == b->mem.addr_size;
}

/* Why l1hv refused a form capstone decodes: its own reading of the prefixes. */
static enum refusal classify(const uint8_t *b, unsigned n, int m)
{
	bool rep = false, two_segs = false;
	int seg = -1;

	for (unsigned i = 0; i < n; i++) {
		uint8_t p = b[i];

		if (p == 0xf2 || p == 0xf3) {
			rep = true;
		} else if (p == 0x26 || p == 0x2e || p == 0x36 || p == 0x3e || p == 0x64 ||
			   p == 0x65) {
			if (seg >= 0 && seg != p)
				two_segs = true;
			seg = p;
		} else if (p != 0x66 && p != 0x67 && p != 0xf0 &&
			   !(m == MMIO_INSN_MODE64 && (p & 0xf0) == 0x40)) {
			break;
		}
	}
	return rep ? REFUSED_REP : two_segs ? REFUSED_TWO_SEGS : REFUSED_OTHER;
}

static void report(struct diff *d, const uint8_t *b, int m, const cs_insn *ci, bool cs_ok,
		   const struct mmio_insn *in, const char *why)
{
	unsigned shown = in->len > (cs_ok ? ci->size : 0) ? in->len : ci->size;
	char hex[3 * MMIO_INSN_MAX_LEN + 1] = "";

	if (d->printed++ >= MAX_PRINTED)
		return;
	if (!shown || shown > MMIO_INSN_MAX_LEN)
		shown = MMIO_INSN_MAX_LEN;
	for (unsigned i = 0; i < shown; i++)
		snprintf(hex + 3 * i, 4, "%02x ", b[i]);
	printf("  mismatch, %s-bit: %s: %s; capstone: %s %s (len %u); l1hv: op %d write %d size %u "
	       "reg %d high8 %d imm 0x%llx dest_size %u len %u seg %d base %d index %d scale %u "
	       "disp 0x%llx rip_rel %d moffs %d addr_size %u\n", mode_name[m], hex, why,
	       cs_ok ? ci->mnemonic : "(invalid)", cs_ok ? ci->op_str : "",
	       cs_ok ? ci->size : 0, in->op, in->write, in->size, in->reg, in->high8,
	       (unsigned long long)in->imm, in->dest_size, in->len, in->mem.seg, in->mem.base,
	       in->mem.index, in->mem.scale, (unsigned long long)in->mem.disp, in->mem.rip_rel,
	       in->mem.moffs, in->mem.addr_size);
}

/* One 15-byte buffer in mode m. With check_len, an accepted instruction
 * must also decode the same from exactly its bytes and not from fewer. */
static void diff_one(struct diff *d, const uint8_t *b, int m, bool check_len)
{
	struct diff_stats *s = &d->st[m];
	const uint8_t *code = b;
	size_t size = MMIO_INSN_MAX_LEN;
	uint64_t addr = 0;
	struct mmio_insn in, t;
	bool cs_ok = cs_disasm_iter(d->cs[m], &code, &size, &addr, d->insn[m]);
	const char *scope = cs_ok ? in_scope(d->insn[m]) : "capstone: invalid";
	const char *why;

	memset(&in, 0, sizeof(in));
	s->compared++;
	s->valid += !scope;
	if (mmio_insn_decode(b, MMIO_INSN_MAX_LEN, (enum mmio_insn_mode)m, &in)) {
		if (!scope) {
			enum refusal r = classify(b, MMIO_INSN_MAX_LEN, m);

			s->refused[r]++;
			if (r == REFUSED_OTHER)
				report(d, b, m, d->insn[m], cs_ok, &in, "refused, no documented reason");
		}
		return;
	}
	why = scope ? scope : compare(d->insn[m], &in);
	if (!why && check_len) {
		if (mmio_insn_decode(b, in.len, (enum mmio_insn_mode)m, &t) || !same_decode(&in, &t))
			why = "differs when given exactly its bytes";
		else if (!mmio_insn_decode(b, in.len - 1, (enum mmio_insn_mode)m, &t))
			why = "decoded from one byte less";
	}
	if (why) {
		d->mismatches++;
		report(d, b, m, d->insn[m], cs_ok, &in, why);
	} else {
		s->accepted++;
	}
}

static uint64_t rng_state = 0x6d6d696f5f696e73ull;    /* fixed seed: "mmio_ins" */

static uint64_t rng(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);     /* splitmix64 */

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void fill_random(uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		b[i] = (uint8_t)rng();
}

/* Legacy prefixes of the four groups that matter here, and REX variants
 * (INC/DEC opcodes outside 64-bit mode). */
static const uint8_t prefixes[] = {
	0x66, 0x67, 0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0xf0, 0xf2, 0xf3,
	0x40, 0x41, 0x42, 0x44, 0x48, 0x4f,
};
#define NPREFIXES (sizeof(prefixes) / sizeof(prefixes[0]))

static const struct {
	uint8_t b[2];
	unsigned n;
} opcodes[] = {
	{ { 0x88 }, 1 }, { { 0x89 }, 1 }, { { 0x8a }, 1 }, { { 0x8b }, 1 },
	{ { 0xc6 }, 1 }, { { 0xc7 }, 1 }, { { 0x0f, 0xb6 }, 2 }, { { 0x0f, 0xb7 }, 2 },
	{ { 0xa0 }, 1 }, { { 0xa1 }, 1 }, { { 0xa2 }, 1 }, { { 0xa3 }, 1 },
};
#define NOPCODES (sizeof(opcodes) / sizeof(opcodes[0]))
#define NMODRM_OPCODES 8        /* the first eight take a ModRM byte */

/* ModRM (and SIB) classes, read as 16-bit or as 32/64-bit addressing. */
static const struct {
	uint8_t b[2];
	unsigned n;
} modrms[] = {
	{ { 0x00 }, 1 },        /* (%rax) / (%bx,%si) */
	{ { 0x05 }, 1 },        /* RIP-relative / disp32 / (%di) */
	{ { 0x06 }, 1 },        /* (%rsi) / disp16 */
	{ { 0x02 }, 1 },        /* (%rdx) / (%bp,%si): SS */
	{ { 0x20 }, 1 },        /* reg 4: AH or SPL */
	{ { 0x3f }, 1 },        /* reg 7: BH or DIL; (%rdi) / (%bx); C6/C7 /7 */
	{ { 0x45 }, 1 },        /* disp8(%rbp) / disp8(%di) */
	{ { 0x46 }, 1 },        /* disp8(%rsi) / disp8(%bp): SS */
	{ { 0x84, 0x8d }, 2 },  /* disp32(%rbp,%rcx,4): SS */
	{ { 0x04, 0x25 }, 2 },  /* SIB, no base, no index */
	{ { 0x0c, 0x24 }, 2 },  /* (%rsp): SS */
	{ { 0x14, 0xe3 }, 2 },  /* (%rbx,,8) no index (scale ignored) */
	{ { 0xc1 }, 1 },        /* register operand: no memory */
};
#define NMODRMS (sizeof(modrms) / sizeof(modrms[0]))

/* Every prefix sequence of up to three from prefixes[] x every opcode x the
 * ModRM classes (two offsets for the moffs forms), in each mode. */
TEST(structured_prefixes_opcodes_modrm)
{
	struct diff d;
	unsigned combos = 1;

	CHECK(diff_open(&d));
	for (unsigned len = 0; len <= 3; len++, combos *= NPREFIXES) {
		for (unsigned c = 0; c < combos; c++) {
			for (unsigned o = 0; o < NOPCODES; o++) {
				unsigned nm = o < NMODRM_OPCODES ? NMODRMS : 2;

				for (unsigned r = 0; r < nm; r++) {
					uint8_t b[MMIO_INSN_MAX_LEN];
					unsigned i = 0, k = c;

					fill_random(b, sizeof(b));
					for (unsigned p = 0; p < len; p++, k /= NPREFIXES)
						b[i++] = prefixes[k % NPREFIXES];
					memcpy(b + i, opcodes[o].b, opcodes[o].n);
					i += opcodes[o].n;
					if (o < NMODRM_OPCODES)
						memcpy(b + i, modrms[r].b, modrms[r].n);
					for (int m = 0; m < NMODES; m++)
						diff_one(&d, b, m, true);
				}
			}
		}
	}
	CHECK_EQ(d.mismatches, 0);
	for (int m = 0; m < NMODES; m++) {
		CHECK_EQ(d.st[m].refused[REFUSED_OTHER], 0);
		CHECK(d.st[m].accepted > 0);
	}
	diff_close(&d, "prefixes x opcodes x ModRM classes");
}

/* Every ModRM x every SIB byte (where a SIB may follow), for the opcodes with
 * a ModRM byte, with no prefix, 66, 67, 66 67 and, in 64-bit mode, REX
 * variants. */
TEST(structured_modrm_sib)
{
	static const struct {
		uint8_t b[2];
		unsigned n;
		bool only64;
	} sets[] = {
		{ { 0 }, 0, false }, { { 0x66 }, 1, false }, { { 0x67 }, 1, false },
		{ { 0x66, 0x67 }, 2, false }, { { 0x40 }, 1, true }, { { 0x41 }, 1, true },
		{ { 0x42 }, 1, true }, { { 0x44 }, 1, true }, { { 0x48 }, 1, true },
		{ { 0x4f }, 1, true }, { { 0x67, 0x4b }, 2, true },
	};
	struct diff d;

	CHECK(diff_open(&d));
	for (int m = 0; m < NMODES; m++) {
		for (unsigned s = 0; s < sizeof(sets) / sizeof(sets[0]); s++) {
			if (sets[s].only64 && m != MMIO_INSN_MODE64)
				continue;
			for (unsigned o = 0; o < NMODRM_OPCODES; o++) {
				for (unsigned modrm = 0; modrm < 256; modrm++) {
					bool sib = (modrm & 7) == 4 && modrm < 0xc0;

					for (unsigned v = 0; v < (sib ? 256u : 1u); v++) {
						uint8_t b[MMIO_INSN_MAX_LEN];
						unsigned i = sets[s].n;

						fill_random(b, sizeof(b));
						memcpy(b, sets[s].b, sets[s].n);
						memcpy(b + i, opcodes[o].b, opcodes[o].n);
						i += opcodes[o].n;
						b[i++] = (uint8_t)modrm;
						if (sib)
							b[i] = (uint8_t)v;
						diff_one(&d, b, m, true);
					}
				}
			}
		}
	}
	CHECK_EQ(d.mismatches, 0);
	for (int m = 0; m < NMODES; m++)
		CHECK_EQ(d.st[m].refused[REFUSED_OTHER], 0);
	diff_close(&d, "every ModRM x SIB");
}

/* Random buffers: one in ten wholly random, the rest up to four prefixes
 * (from prefixes[] or any byte), an opcode of interest or any byte, then
 * random bytes. */
TEST(random_buffers)
{
	struct diff d;

	CHECK(diff_open(&d));
	for (int m = 0; m < NMODES; m++) {
		for (unsigned n = 0; n < RANDOM_PER_MODE; n++) {
			uint8_t b[MMIO_INSN_MAX_LEN];
			uint64_t r = rng();
			unsigned i = 0;

			fill_random(b, sizeof(b));
			if (r % 10) {
				unsigned np = (r >> 8) % 5;

				for (unsigned p = 0; p < np; p++) {
					uint64_t q = rng();

					b[i++] = q % 8 ? prefixes[(q >> 8) % NPREFIXES] : (uint8_t)(q >> 16);
				}
				if ((r >> 16) % 8) {
					unsigned o = (r >> 24) % NOPCODES;

					memcpy(b + i, opcodes[o].b, opcodes[o].n);
				}
			}
			diff_one(&d, b, m, false);
		}
	}
	CHECK_EQ(d.mismatches, 0);
	for (int m = 0; m < NMODES; m++)
		CHECK_EQ(d.st[m].refused[REFUSED_OTHER], 0);
	diff_close(&d, "random buffers");
}
