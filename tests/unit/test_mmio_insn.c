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

/* Byte registers, destination sizes and refusals (issue 17 item 5). */
static const struct {
	const char *what;
	uint8_t bytes[8];
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
	{ "16-bit code refused",     { 0x89, 0x07 }, 2, MMIO_INSN_MODE16, -1, 0, false, 0, 0 },
	{ "67 prefix refused",       { 0x67, 0x8b, 0x00 }, 3, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
	{ "FS override refused",     { 0x64, 0x8b, 0x00 }, 3, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
	{ "LOCK refused",            { 0xf0, 0x89, 0x00 }, 3, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
	{ "REP refused",             { 0xf3, 0x89, 0x00 }, 3, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
	{ "REX before 66 refused",   { 0x48, 0x66, 0x8b, 0x00 }, 4, MMIO_INSN_MODE64, -1, 0, false, 0, 0 },
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
