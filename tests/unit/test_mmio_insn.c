/* SPDX-License-Identifier: MIT */
/* l1hv/vdev/mmio_insn.c: the MOV forms l1hv decodes behind MMIO exits. */
#include "l1hv/vdev/mmio_insn.h"
#include "testlib.h"

static const struct {
	const char *what;
	uint8_t bytes[15];
	unsigned n;
	bool mode64;        /* else 32-bit code */
	int rc;
	bool write;
	unsigned size;
	int reg;
	uint64_t imm;
	unsigned len;
} cases[] = {
	{ "mov (%rax),%eax",            { 0x8b, 0x00 }, 2, true, 0, false, 4, 0, 0, 2 },
	{ "movl $1,(%rax)",             { 0xc7, 0x00, 1, 0, 0, 0 }, 6, true, 0, true, 4, -1, 1, 6 },
	{ "mov %ecx,0x10(%rdx)",        { 0x89, 0x4a, 0x10 }, 3, true, 0, true, 4, 1, 0, 3 },
	{ "mov %r9,(%rsp)",             { 0x4c, 0x89, 0x0c, 0x24 }, 4, true, 0, true, 8, 9, 0, 4 },
	{ "mov 0x12345678(%rip),%eax",  { 0x8b, 0x05, 0x78, 0x56, 0x34, 0x12 }, 6, true, 0, false, 4, 0, 0, 6 },
	{ "mov 0x100(%rbx,%rcx,4),%dx", { 0x66, 0x8b, 0x94, 0x8b, 0, 1, 0, 0 }, 8, true, 0, false, 2, 2, 0, 8 },
	{ "movb $0x7f,(%rdi)",          { 0xc6, 0x07, 0x7f }, 3, true, 0, true, 1, -1, 0x7f, 3 },
	{ "movq $-1,(%rax)",            { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff }, 7, true, 0, true, 8, -1, ~0ull, 7 },
	{ "mov (,%rax,8) no base",      { 0x8b, 0x04, 0xc5, 0, 0, 0, 0 }, 7, true, 0, false, 4, 0, 0, 7 },
	{ "mov %al,(%rbx) 32-bit mode", { 0x88, 0x03 }, 2, false, 0, true, 1, 0, 0, 2 },
	{ "0x48 is DEC in 32-bit mode", { 0x48, 0x8b, 0x00 }, 3, false, -1, false, 0, 0, 0, 0 },
	{ "register operand: no MMIO",  { 0x8b, 0xc1 }, 2, true, -1, false, 0, 0, 0, 0 },
	{ "C7 /1 is not MOV",           { 0xc7, 0x08, 1, 0, 0, 0 }, 6, true, -1, false, 0, 0, 0, 0 },
	{ "unsupported opcode (ADD)",   { 0x01, 0x00 }, 2, true, -1, false, 0, 0, 0, 0 },
	{ "truncated displacement",     { 0x8b, 0x80, 0x00 }, 3, true, -1, false, 0, 0, 0, 0 },
	{ "truncated immediate",        { 0xc7, 0x00, 1, 0 }, 4, true, -1, false, 0, 0, 0, 0 },
	{ "empty",                      { 0 }, 0, true, -1, false, 0, 0, 0, 0 },
	{ "movzbl (%rax),%r14d",        { 0x44, 0x0f, 0xb6, 0x30 }, 4, true, 0, false, 1, 14, 0, 4 },
	{ "movzwl 0x10(%rbx),%eax",     { 0x0f, 0xb7, 0x43, 0x10 }, 4, true, 0, false, 2, 0, 0, 4 },
	{ "0F AF (IMUL) is not a MOV",  { 0x0f, 0xaf, 0x00 }, 3, true, -1, false, 0, 0, 0, 0 },
};

TEST(decode_table)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mmio_insn in = { 0 };
		int rc = mmio_insn_decode(cases[i].bytes, cases[i].n,
					  cases[i].mode64 ? MMIO_INSN_MODE64 : MMIO_INSN_MODE32, &in);

		CHECKF(rc == cases[i].rc, "%s: rc %d", cases[i].what, rc);
		if (rc || cases[i].rc)
			continue;
		CHECKF(in.write == cases[i].write && in.size == cases[i].size &&
		       in.reg == cases[i].reg && in.imm == cases[i].imm && in.len == cases[i].len,
		       "%s: write %d size %u reg %d imm 0x%llx len %u", cases[i].what, in.write,
		       in.size, in.reg, (unsigned long long)in.imm, in.len);
	}
}

/* Byte registers, destination sizes and prefixes (issue 17 item 5). */
static const struct {
	const char *what;
	uint8_t bytes[15];
	unsigned n;
	enum mmio_insn_mode mode;
	int rc, reg;
	bool high8;
	unsigned size, dest_size;
} regs[] = {
	{ "mov %ah,(%rbx)",          { 0x88, 0x23 }, 2, MMIO_INSN_MODE64, 0, 0, true, 1, 0 },
	{ "mov (%rax),%bh",          { 0x8a, 0x38 }, 2, MMIO_INSN_MODE64, 0, 3, true, 1, 1 },
	{ "mov %ch,(%ebx) 32-bit",   { 0x88, 0x2b }, 2, MMIO_INSN_MODE32, 0, 1, true, 1, 0 },
	{ "mov %spl,(%rbx) (REX)",   { 0x40, 0x88, 0x23 }, 3, MMIO_INSN_MODE64, 0, 4, false, 1, 0 },
	{ "mov (%rax),%dil (REX)",   { 0x40, 0x8a, 0x38 }, 3, MMIO_INSN_MODE64, 0, 7, false, 1, 1 },
	{ "mov (%rax),%r12b",        { 0x44, 0x8a, 0x20 }, 3, MMIO_INSN_MODE64, 0, 12, false, 1, 1 },
	{ "mov (%rax),%dl",          { 0x8a, 0x10 }, 2, MMIO_INSN_MODE64, 0, 2, false, 1, 1 },
	{ "mov (%rax),%sp (16-bit)", { 0x66, 0x8b, 0x20 }, 3, MMIO_INSN_MODE64, 0, 4, false, 2, 2 },
	{ "movzbw (%rax),%si",       { 0x66, 0x0f, 0xb6, 0x30 }, 4, MMIO_INSN_MODE64, 0, 6, false, 1, 2 },
	{ "movzbl (%rax),%esi",      { 0x0f, 0xb6, 0x30 }, 3, MMIO_INSN_MODE64, 0, 6, false, 1, 4 },
	{ "movzbq (%rax),%rsi",      { 0x48, 0x0f, 0xb6, 0x30 }, 4, MMIO_INSN_MODE64, 0, 6, false, 1, 8 },
	{ "movzbl (%rax),%esp: no high byte", { 0x0f, 0xb6, 0x20 }, 3, MMIO_INSN_MODE64, 0, 4, false, 1, 4 },
	{ "mov %ax,(%bx) 16-bit",    { 0x89, 0x07 }, 2, MMIO_INSN_MODE16, 0, 0, false, 2, 0 },
	{ "mov (%bx),%dh 16-bit",    { 0x8a, 0x37 }, 2, MMIO_INSN_MODE16, 0, 2, true, 1, 1 },
	{ "movzbw (%bx),%sp 16-bit", { 0x0f, 0xb6, 0x27 }, 3, MMIO_INSN_MODE16, 0, 4, false, 1, 2 },
	{ "movzbl (%bx),%esp 16-bit", { 0x66, 0x0f, 0xb6, 0x27 }, 4, MMIO_INSN_MODE16, 0, 4, false, 1, 4 },
	{ "67: mov (%eax),%eax",     { 0x67, 0x8b, 0x00 }, 3, MMIO_INSN_MODE64, 0, 0, false, 4, 4 },
	{ "FS: mov %fs:(%rax),%eax", { 0x64, 0x8b, 0x00 }, 3, MMIO_INSN_MODE64, 0, 0, false, 4, 4 },
	{ "LOCK refused",            { 0xf0, 0x89, 0x00 }, 3, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
	{ "REP refused",             { 0xf3, 0x89, 0x00 }, 3, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
	{ "REPNE refused",           { 0xf2, 0x88, 0x00 }, 3, MMIO_INSN_MODE32, -1, 0, false, 0, 0 },
	{ "REX before 66 is ignored", { 0x48, 0x66, 0x8b, 0x00 }, 4, MMIO_INSN_MODE64, 0, 0, false, 2, 2 },
	{ "REX.R before 64 ignored", { 0x44, 0x64, 0x8b, 0x00 }, 4, MMIO_INSN_MODE64, 0, 0, false, 4, 4 },
	{ "REX before 66 gives AH",  { 0x40, 0x66, 0x8a, 0x20 }, 4, MMIO_INSN_MODE64, 0, 0, true, 1, 1 },
	{ "last of two REX counts",  { 0x48, 0x40, 0x8a, 0x20 }, 4, MMIO_INSN_MODE64, 0, 4, false, 1, 1 },
};

TEST(byte_registers_and_destination_sizes)
{
	for (unsigned i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		struct mmio_insn in = { 0 };
		int rc = mmio_insn_decode(regs[i].bytes, regs[i].n, regs[i].mode, &in);

		CHECKF(rc == regs[i].rc, "%s: rc %d", regs[i].what, rc);
		if (rc || regs[i].rc)
			continue;
		CHECKF(in.reg == regs[i].reg && in.high8 == regs[i].high8 &&
		       in.size == regs[i].size && in.dest_size == regs[i].dest_size,
		       "%s: reg %d high8 %d size %u dest_size %u", regs[i].what, in.reg, in.high8,
		       in.size, in.dest_size);
	}
}

#define M16 MMIO_INSN_MODE16
#define M32 MMIO_INSN_MODE32
#define M64 MMIO_INSN_MODE64
#define NOREG MMIO_INSN_NOREG
#define ES MMIO_SEG_ES
#define CS MMIO_SEG_CS
#define SS MMIO_SEG_SS
#define DS MMIO_SEG_DS
#define FS MMIO_SEG_FS
#define GS MMIO_SEG_GS

/* The memory operand: 16-bit ModRM (SDM Vol. 2A Table 2-1), 67 in each mode,
 * moffs, segment overrides and defaults, the 15-byte limit. */
static const struct {
	const char *what;
	uint8_t bytes[16];
	unsigned n;
	enum mmio_insn_mode mode;
	bool write;
	unsigned size;
	int reg;
	enum mmio_insn_seg seg;
	int base, index;
	unsigned scale;
	uint64_t disp;
	bool rip_rel, moffs;
	unsigned addr_size, len;
} mems[] = {
	/* 16-bit code: every r/m of Table 2-1, SS for the BP-based ones */
	{ "(%bx,%si)",      { 0x8b, 0x00 }, 2, M16, false, 2, 0, DS, 3, 6, 1, 0, false, false, 2, 2 },
	{ "(%bx,%di)",      { 0x8b, 0x01 }, 2, M16, false, 2, 0, DS, 3, 7, 1, 0, false, false, 2, 2 },
	{ "(%bp,%si)",      { 0x8b, 0x02 }, 2, M16, false, 2, 0, SS, 5, 6, 1, 0, false, false, 2, 2 },
	{ "(%bp,%di)",      { 0x8b, 0x03 }, 2, M16, false, 2, 0, SS, 5, 7, 1, 0, false, false, 2, 2 },
	{ "(%si)",          { 0x8b, 0x04 }, 2, M16, false, 2, 0, DS, 6, NOREG, 1, 0, false, false, 2, 2 },
	{ "(%di)",          { 0x8b, 0x05 }, 2, M16, false, 2, 0, DS, 7, NOREG, 1, 0, false, false, 2, 2 },
	{ "disp16",         { 0x8b, 0x06, 0x34, 0x12 }, 4, M16, false, 2, 0, DS, NOREG, NOREG, 1,
	  0x1234, false, false, 2, 4 },
	{ "(%bx)",          { 0x8b, 0x07 }, 2, M16, false, 2, 0, DS, 3, NOREG, 1, 0, false, false, 2, 2 },
	{ "-2(%bp) disp8",  { 0x8b, 0x46, 0xfe }, 3, M16, false, 2, 0, SS, 5, NOREG, 1, ~1ull,
	  false, false, 2, 3 },
	{ "-0x8000(%bx) disp16", { 0x8b, 0x87, 0x00, 0x80 }, 4, M16, false, 2, 0, DS, 3, NOREG, 1,
	  0xffffffffffff8000ull, false, false, 2, 4 },
	{ "0x1234(%bp,%si) disp16", { 0x89, 0x9a, 0x34, 0x12 }, 4, M16, true, 2, 3, SS, 5, 6, 1,
	  0x1234, false, false, 2, 4 },
	{ "66: mov %eax,(%bx,%si)", { 0x66, 0x89, 0x00 }, 3, M16, true, 4, 0, DS, 3, 6, 1, 0,
	  false, false, 2, 3 },
	/* 67: 32-bit addressing in 16-bit code, 16-bit in 32-bit code, 32-bit in 64-bit */
	{ "16: 67 (%esp)",  { 0x67, 0x8b, 0x04, 0x24 }, 4, M16, false, 2, 0, SS, 4, NOREG, 1, 0,
	  false, false, 4, 4 },
	{ "16: 67 66 0x10(%ebp,%ecx,4)", { 0x67, 0x66, 0x8b, 0x44, 0x8d, 0x10 }, 6, M16, false, 4,
	  0, SS, 5, 1, 4, 0x10, false, false, 4, 6 },
	{ "32: 67 (%bx)",   { 0x67, 0x8b, 0x07 }, 3, M32, false, 4, 0, DS, 3, NOREG, 1, 0,
	  false, false, 2, 3 },
	{ "32: 67 disp16",  { 0x67, 0x89, 0x0e, 0xfe, 0xff }, 5, M32, true, 4, 1, DS, NOREG,
	  NOREG, 1, 0xfffffffffffffffeull, false, false, 2, 5 },
	{ "32: 67 0(%bp)",  { 0x67, 0x8b, 0x46, 0x00 }, 4, M32, false, 4, 0, SS, 5, NOREG, 1, 0,
	  false, false, 2, 4 },
	{ "64: 67 (%eax)",  { 0x67, 0x8b, 0x00 }, 3, M64, false, 4, 0, DS, 0, NOREG, 1, 0,
	  false, false, 4, 3 },
	{ "64: 67 EIP-relative", { 0x67, 0x8b, 0x05, 0x10, 0, 0, 0 }, 7, M64, false, 4, 0, DS,
	  NOREG, NOREG, 1, 0x10, true, false, 4, 7 },
	{ "64: 67 (%r12d)", { 0x67, 0x41, 0x8b, 0x04, 0x24 }, 5, M64, false, 4, 0, DS, 12, NOREG,
	  1, 0, false, false, 4, 5 },
	/* 32- and 64-bit ModRM and SIB */
	{ "64: RIP-relative", { 0x8b, 0x05, 0x78, 0x56, 0x34, 0x12 }, 6, M64, false, 4, 0, DS,
	  NOREG, NOREG, 1, 0x12345678, true, false, 8, 6 },
	{ "32: disp32, no RIP", { 0x8b, 0x05, 0x00, 0x00, 0x00, 0x80 }, 6, M32, false, 4, 0, DS,
	  NOREG, NOREG, 1, 0xffffffff80000000ull, false, false, 4, 6 },
	{ "64: (%r13) is DS", { 0x41, 0x8b, 0x45, 0x00 }, 4, M64, false, 4, 0, DS, 13, NOREG, 1, 0,
	  false, false, 8, 4 },
	{ "64: (%r12) is DS", { 0x41, 0x8b, 0x04, 0x24 }, 4, M64, false, 4, 0, DS, 12, NOREG, 1, 0,
	  false, false, 8, 4 },
	{ "64: 41 RIP-relative", { 0x41, 0x8b, 0x05, 1, 0, 0, 0 }, 7, M64, false, 4, 0, DS,
	  NOREG, NOREG, 1, 1, true, false, 8, 7 },
	{ "64: (%rax,%r12)", { 0x42, 0x8b, 0x04, 0x20 }, 4, M64, false, 4, 0, DS, 0, 12, 1, 0,
	  false, false, 8, 4 },
	{ "64: SIB no index, no base", { 0x8b, 0x04, 0x65, 0x10, 0, 0, 0 }, 7, M64, false, 4, 0,
	  DS, NOREG, NOREG, 1, 0x10, false, false, 8, 7 },
	{ "64: 43 SIB no base, index r12", { 0x43, 0x8b, 0x04, 0xe5, 0, 0, 0, 0 }, 8, M64, false,
	  4, 0, DS, NOREG, 12, 8, 0, false, false, 8, 8 },
	{ "32: 8(%ebp) is SS", { 0x8b, 0x45, 0x08 }, 3, M32, false, 4, 0, SS, 5, NOREG, 1, 8,
	  false, false, 4, 3 },
	{ "32: (%esp) is SS", { 0x8b, 0x04, 0x24 }, 3, M32, false, 4, 0, SS, 4, NOREG, 1, 0,
	  false, false, 4, 3 },
	{ "32: (%eax,%ebp) is DS", { 0x8b, 0x04, 0x28 }, 3, M32, false, 4, 0, DS, 0, 5, 1, 0,
	  false, false, 4, 3 },
	{ "32: disp32(,%ebp,2)", { 0x8b, 0x04, 0x6d, 0xf0, 0xff, 0xff, 0xff }, 7, M32, false, 4, 0,
	  DS, NOREG, 5, 2, 0xfffffffffffffff0ull, false, false, 4, 7 },
	/* moffs, offset as wide as the address */
	{ "16: mov 0x1234,%ax", { 0xa1, 0x34, 0x12 }, 3, M16, false, 2, 0, DS, NOREG, NOREG, 1,
	  0x1234, false, true, 2, 3 },
	{ "16: 67 mov %ax,0x12345678", { 0x67, 0xa3, 0x78, 0x56, 0x34, 0x12 }, 6, M16, true, 2, 0,
	  DS, NOREG, NOREG, 1, 0x12345678, false, true, 4, 6 },
	{ "16: SS: mov 0,%al", { 0x36, 0xa0, 0, 0 }, 4, M16, false, 1, 0, SS, NOREG, NOREG, 1, 0,
	  false, true, 2, 4 },
	{ "32: mov 0x12345678,%al", { 0xa0, 0x78, 0x56, 0x34, 0x12 }, 5, M32, false, 1, 0, DS,
	  NOREG, NOREG, 1, 0x12345678, false, true, 4, 5 },
	{ "32: offset zero-extended", { 0xa3, 0, 0, 0, 0x80 }, 5, M32, true, 4, 0, DS, NOREG,
	  NOREG, 1, 0x80000000, false, true, 4, 5 },
	{ "32: 67 66 mov 0xfedc,%ax", { 0x67, 0x66, 0xa1, 0xdc, 0xfe }, 5, M32, false, 2, 0, DS,
	  NOREG, NOREG, 1, 0xfedc, false, true, 2, 5 },
	{ "64: movabs 8-byte offset", { 0xa1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 }, 9,
	  M64, false, 4, 0, DS, NOREG, NOREG, 1, 0x1122334455667788ull, false, true, 8, 9 },
	{ "64: REX.W movabs %rax,moffs", { 0x48, 0xa3, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22,
	  0x11 }, 10, M64, true, 8, 0, DS, NOREG, NOREG, 1, 0x1122334455667788ull, false, true,
	  8, 10 },
	{ "64: 67 moffs32", { 0x67, 0xa0, 0x88, 0x77, 0x66, 0x55 }, 6, M64, false, 1, 0, DS,
	  NOREG, NOREG, 1, 0x55667788, false, true, 4, 6 },
	{ "64: 66 GS: moffs", { 0x66, 0x65, 0xa3, 8, 0, 0, 0, 0, 0, 0, 0 }, 11, M64, true, 2, 0,
	  GS, NOREG, NOREG, 1, 8, false, true, 8, 11 },
	{ "64: REX.B does not apply to moffs", { 0x41, 0xa0, 1, 0, 0, 0, 0, 0, 0, 0 }, 10, M64,
	  false, 1, 0, DS, NOREG, NOREG, 1, 1, false, true, 8, 10 },
	/* segment overrides, any order with 66 and 67, repeated */
	{ "64: GS: mov %rax,0x10", { 0x65, 0x48, 0x89, 0x04, 0x25, 0x10, 0, 0, 0 }, 9, M64, true,
	  8, 0, GS, NOREG, NOREG, 1, 0x10, false, false, 8, 9 },
	{ "64: CS: is kept (base 0)", { 0x2e, 0x8b, 0x00 }, 3, M64, false, 4, 0, CS, 0, NOREG, 1,
	  0, false, false, 8, 3 },
	{ "32: ES: mov %al,(%ebx)", { 0x26, 0x88, 0x03 }, 3, M32, true, 1, 0, ES, 3, NOREG, 1, 0,
	  false, false, 4, 3 },
	{ "32: DS: over SS default", { 0x3e, 0x8b, 0x45, 0x08 }, 4, M32, false, 4, 0, DS, 5, NOREG,
	  1, 8, false, false, 4, 4 },
	{ "32: 66 FS: 67 in any order", { 0x66, 0x64, 0x67, 0x8b, 0x42, 0x01 }, 6, M32, false, 2,
	  0, FS, 5, 6, 1, 1, false, false, 2, 6 },
	{ "16: FS: 66 67", { 0x64, 0x66, 0x67, 0x89, 0x18 }, 5, M16, true, 4, 3, FS, 0, NOREG, 1,
	  0, false, false, 4, 5 },
	{ "64: FS: FS: repeated", { 0x64, 0x64, 0x8b, 0x00 }, 4, M64, false, 4, 0, FS, 0, NOREG, 1,
	  0, false, false, 8, 4 },
	{ "64: 66 66 67 67 repeated", { 0x66, 0x66, 0x67, 0x67, 0x8b, 0x00 }, 6, M64, false, 2, 0,
	  DS, 0, NOREG, 1, 0, false, false, 4, 6 },
	{ "64: REX then FS: ignored", { 0x48, 0x64, 0x8b, 0x00 }, 4, M64, false, 4, 0, FS, 0, NOREG,
	  1, 0, false, false, 8, 4 },
	/* the 15-byte limit (SDM Vol. 2A 2.3.11) */
	{ "15 bytes", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x8b, 0x00 }, 15, M64, false, 2, 0, DS, 0, NOREG, 1, 0, false, false, 8, 15 },
};

TEST(memory_operand)
{
	for (unsigned i = 0; i < sizeof(mems) / sizeof(mems[0]); i++) {
		struct mmio_insn in = { 0 };
		int rc = mmio_insn_decode(mems[i].bytes, mems[i].n, mems[i].mode, &in);

		CHECKF(rc == 0, "%s: refused", mems[i].what);
		if (rc)
			continue;
		CHECKF(in.write == mems[i].write && in.size == mems[i].size && in.reg == mems[i].reg &&
		       in.len == mems[i].len,
		       "%s: write %d size %u reg %d len %u", mems[i].what, in.write, in.size, in.reg,
		       in.len);
		CHECKF(in.mem.seg == mems[i].seg && in.mem.base == mems[i].base &&
		       in.mem.index == mems[i].index && in.mem.scale == mems[i].scale &&
		       in.mem.disp == mems[i].disp && in.mem.rip_rel == mems[i].rip_rel &&
		       in.mem.moffs == mems[i].moffs && in.mem.addr_size == mems[i].addr_size,
		       "%s: seg %d base %d index %d scale %u disp 0x%llx rip_rel %d moffs %d "
		       "addr_size %u", mems[i].what, in.mem.seg, in.mem.base, in.mem.index,
		       in.mem.scale, (unsigned long long)in.mem.disp, in.mem.rip_rel, in.mem.moffs,
		       in.mem.addr_size);
	}
}

/* What the decoder refuses (and the CPU would not run as decoded). */
static const struct {
	const char *what;
	uint8_t bytes[16];
	unsigned n;
	enum mmio_insn_mode mode;
} refusals[] = {
	{ "truncated disp16", { 0x8b, 0x06, 0x34 }, 3, M16 },
	{ "register operand 16-bit", { 0x8b, 0xc0 }, 2, M16 },
	{ "64: truncated moffs", { 0xa1, 1, 2, 3, 4, 5, 6, 7 }, 8, M64 },
	{ "32: truncated moffs", { 0xa1, 1, 2, 3 }, 4, M32 },
	{ "64: FS: GS: refused", { 0x64, 0x65, 0x8b, 0x00 }, 4, M64 },
	{ "32: SS: 66 CS: refused", { 0x36, 0x66, 0x2e, 0x8b, 0x00 }, 5, M32 },
	{ "32: F3 then FS: refused", { 0xf3, 0x64, 0x8b, 0x00 }, 4, M32 },
	{ "16 bytes refused", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	  0x66, 0x66, 0x8b, 0x00 }, 16, M64 },
	{ "16 bytes with moffs", { 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x48, 0xa1, 1, 2, 3, 4, 5, 6,
	  7, 8 }, 16, M64 },
	{ "prefixes only", { 0x66, 0x67, 0x64 }, 3, M64 },
	{ "16: truncated SIB after 67", { 0x67, 0x8b, 0x04 }, 3, M16 },
	{ "16: C7 /1 is not MOV", { 0xc7, 0x0f, 0x34, 0x12 }, 4, M16 },
	{ "32: MOVZX from a register", { 0x0f, 0xb6, 0xc1 }, 3, M32 },
	{ "32: MOVS (string) is not decoded", { 0xa4 }, 1, M32 },
	{ "32: LOCK with FS:", { 0x64, 0xf0, 0x89, 0x00 }, 4, M32 },
	{ "64: MOV to Sreg", { 0x8e, 0x00 }, 2, M64 },
};

TEST(refusals)
{
	for (unsigned i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		struct mmio_insn in;

		CHECKF(mmio_insn_decode(refusals[i].bytes, refusals[i].n, refusals[i].mode, &in),
		       "%s: decoded", refusals[i].what);
	}
}

/* Immediates by operand size in 16-bit code, and the operation. */
TEST(immediates_and_operation_16bit)
{
	static const uint8_t movw[] = { 0xc7, 0x06, 0x34, 0x12, 0x78, 0x56 };
	static const uint8_t movl[] = { 0x66, 0xc7, 0x06, 0x34, 0x12, 0x78, 0x56, 0x9a, 0xbc };
	static const uint8_t movzx[] = { 0x66, 0x0f, 0xb7, 0x07 };
	struct mmio_insn in;

	CHECK_EQ(mmio_insn_decode(movw, sizeof(movw), M16, &in), 0);
	CHECK(in.op == MMIO_INSN_MOV && in.write && in.reg == -1);
	CHECK_EQ(in.size, 2);
	CHECK_EQ(in.imm, 0x5678);
	CHECK_EQ(in.len, 6);
	CHECK_EQ(mmio_insn_decode(movl, sizeof(movl), M16, &in), 0);
	CHECK_EQ(in.size, 4);
	CHECK_EQ(in.imm, 0xbc9a5678);
	CHECK_EQ(in.len, 9);
	CHECK_EQ(mmio_insn_decode(movzx, sizeof(movzx), M16, &in), 0);
	CHECK(in.op == MMIO_INSN_MOVZX && !in.write);
	CHECK_EQ(in.size, 2);
	CHECK_EQ(in.dest_size, 4);
	CHECK_EQ(in.mem.base, 3);       /* (%bx) */
}

TEST(segment_base_by_mode)
{
	static const struct {
		enum mmio_insn_mode mode;
		enum mmio_insn_seg seg;
		uint64_t base, applies;
	} t[] = {
		{ M64, ES, 0x1000, 0 },
		{ M64, CS, 0x1000, 0 },
		{ M64, SS, 0x1000, 0 },
		{ M64, DS, 0x1000, 0 },
		{ M64, FS, 0xffff888000000000ull, 0xffff888000000000ull },
		{ M64, GS, 0x7f0000001000ull, 0x7f0000001000ull },
		{ M32, DS, 0x1000, 0x1000 },
		{ M32, SS, 0xfffff000, 0xfffff000 },
		{ M32, CS, 0x10000, 0x10000 },
		{ M32, FS, 0x100002000ull, 0x2000 },     /* compatibility mode: 32 bits */
		{ M16, SS, 0x20000, 0x20000 },
		{ M16, ES, 0xb8000, 0xb8000 },
		{ M16, GS, 0x12340, 0x12340 },
	};

	for (unsigned i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t got = mmio_insn_seg_base(t[i].mode, t[i].seg, t[i].base);

		CHECKF(got == t[i].applies, "mode %d seg %d base 0x%llx: 0x%llx", t[i].mode,
		       t[i].seg, (unsigned long long)t[i].base, (unsigned long long)got);
	}
}

TEST(fetch_address_and_mode)
{
	CHECK_EQ(mmio_insn_fetch_la(M64, 0x1000, 0xffffffff80001000ull), 0xffffffff80001000ull);
	CHECK_EQ(mmio_insn_fetch_la(M32, 0x10000, 0x100000010ull), 0x10010);
	CHECK_EQ(mmio_insn_fetch_la(M32, 0xfffff000, 0x2000), 0x1000);    /* wraps at 4 GiB */
	CHECK_EQ(mmio_insn_fetch_la(M32, 0, 0x00401000), 0x00401000);
	CHECK_EQ(mmio_insn_fetch_la(M16, 0xf0000, 0x1fff0), 0xffff0);      /* IP is 16 bits */
	CHECK_EQ(mmio_insn_fetch_la(M16, 0x7c00, 0x10), 0x7c10);
	CHECK_EQ(mmio_insn_mode_of(true, true, false), M64);
	CHECK_EQ(mmio_insn_mode_of(true, false, true), M32);      /* compatibility mode */
	CHECK_EQ(mmio_insn_mode_of(true, false, false), M16);
	CHECK_EQ(mmio_insn_mode_of(false, true, true), M32);      /* L means nothing without LMA */
	CHECK_EQ(mmio_insn_mode_of(false, false, false), M16);
}
