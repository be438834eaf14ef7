/* SPDX-License-Identifier: MIT */
/*
 * vmx_operand_decode: one table row per instruction-information value.
 * The field positions below are written out from the SDM's tables (28.2.5)
 * rather than taken from vmx_operand.h, so a wrong constant there fails.
 */
#include <string.h>

#include "exit-reflect/exit_reasons.h"
#include "l1hv/nested/vmx_operand.h"
#include "testlib.h"

#define SCALE(s)   ((uint32_t)(s) << 0)
#define REG1(r)    ((uint32_t)(r) << 3)
#define ASZ(a)     ((uint32_t)(a) << 7)
#define REGFORM    (1u << 10)
#define SEG(s)     ((uint32_t)(s) << 15)
#define INDEX(r)   ((uint32_t)(r) << 18)
#define NOINDEX    (1u << 22)
#define BASE(r)    ((uint32_t)(r) << 23)
#define NOBASE     (1u << 27)
#define REG2(r)    ((uint32_t)(r) << 28)
enum { A16, A32, A64, A_BAD };
enum { ES, CS, SS, DS, FS, GS };
enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

static const uint64_t gprs[16] = {
	[RAX] = 0x10, [RCX] = 0x200, [RDX] = 0x3000, [RBX] = 0x40000,
	[RSP] = 0x7ff0, [RBP] = 0xfffffffffffffff0ull, [RSI] = 0x123456789abcdef0ull,
	[RDI] = 0xffff, [R8] = 0x8, [R9] = 0x9, [R10] = 0xa, [R11] = 0xb,
	[R12] = 0xc, [R13] = 0xd, [R14] = 0xe, [R15] = 0xffffffff80000000ull,
};

static const uint64_t seg_base[6] = {
	[ES] = 0xfffff000u, [CS] = 0x2000000, [SS] = 0x3000000, [DS] = 0x4000000,
	[FS] = 0x7fff00000000ull, [GS] = 0xffff880000000000ull,
};

struct op_case {
	const char *name;
	uint16_t reason;
	bool mode64;
	uint32_t info;
	uint64_t qual;
	int err;
	/* expected on success */
	bool is_reg;
	uint8_t reg1;
	bool has_reg2;
	uint8_t reg2;
	uint8_t addr_bits, seg, scale;
	uint64_t offset, linear;
	int64_t disp;
};

#define R(x) EXIT_REASON_##x
#define MEM(bits, s, off, lin) .addr_bits = (bits), .seg = (s), .offset = (off), .linear = (lin)

static const struct op_case cases[] = {
	/* ---- 64-bit mode */
	{ "VMPTRLD [rax]", R(VMPTRLD), true, ASZ(A64) | SEG(DS) | NOINDEX | BASE(RAX), 0,
	  .scale = 1, MEM(64, DS, 0x10, 0x10) },
	{ "VMPTRLD [rbx+rcx*8+0x20]", R(VMPTRLD), true,
	  SCALE(3) | ASZ(A64) | SEG(DS) | INDEX(RCX) | BASE(RBX), 0x20,
	  .scale = 8, .disp = 0x20, MEM(64, DS, 0x41020, 0x41020) },
	{ "VMCLEAR [rbx+rcx*2]", R(VMCLEAR), true,
	  SCALE(1) | ASZ(A64) | SEG(DS) | INDEX(RCX) | BASE(RBX), 0,
	  .scale = 2, MEM(64, DS, 0x40400, 0x40400) },
	{ "VMCLEAR bit 10 is not the register flag", R(VMCLEAR), true,
	  REGFORM | SCALE(2) | ASZ(A64) | SEG(DS) | INDEX(RCX) | BASE(RBX), 0,
	  .scale = 4, MEM(64, DS, 0x40800, 0x40800) },
	{ "VMPTRST [rbx-8]", R(VMPTRST), true, ASZ(A64) | SEG(SS) | NOINDEX | BASE(RBX),
	  0xfffffffffffffff8ull, .scale = 1, .disp = -8, MEM(64, SS, 0x3fff8, 0x3fff8) },
	{ "VMXON [rcx*4+0x100], no base", R(VMON), true,
	  SCALE(2) | ASZ(A64) | SEG(DS) | INDEX(RCX) | NOBASE, 0x100,
	  .scale = 4, .disp = 0x100, MEM(64, DS, 0x900, 0x900) },
	{ "RIP-relative: no base, no index", R(VMPTRLD), true,
	  ASZ(A64) | SEG(DS) | NOINDEX | NOBASE, 0xffffffff81000000ull, .scale = 1,
	  .disp = (int64_t)0xffffffff81000000ull,
	  MEM(64, DS, 0xffffffff81000000ull, 0xffffffff81000000ull) },
	{ "FS base applies in 64-bit mode", R(VMPTRLD), true,
	  ASZ(A64) | SEG(FS) | NOINDEX | BASE(RAX), 0, .scale = 1,
	  MEM(64, FS, 0x10, 0x7fff00000010ull) },
	{ "GS base + offset wraps at 2^64", R(VMPTRLD), true,
	  ASZ(A64) | SEG(GS) | NOINDEX | BASE(R15), 0, .scale = 1,
	  MEM(64, GS, 0xffffffff80000000ull, 0xffff87ff80000000ull) },
	{ "ES base ignored in 64-bit mode", R(VMPTRLD), true,
	  ASZ(A64) | SEG(ES) | NOINDEX | BASE(RDX), 0, .scale = 1, MEM(64, ES, 0x3000, 0x3000) },
	{ "addr32 in 64-bit mode truncates", R(VMPTRLD), true,
	  ASZ(A32) | SEG(DS) | NOINDEX | BASE(RBP), 0x20, .scale = 1, .disp = 0x20,
	  MEM(32, DS, 0x10, 0x10) },
	{ "addr32 in 64-bit mode, FS base added after", R(VMPTRLD), true,
	  ASZ(A32) | SEG(FS) | NOINDEX | BASE(RSI), 0, .scale = 1,
	  MEM(32, FS, 0x9abcdef0, 0x7fff9abcdef0ull) },
	/* ---- VMREAD/VMWRITE */
	{ "VMREAD rdx, r12 (register form)", R(VMREAD), true,
	  REGFORM | REG1(RDX) | REG2(R12) | ASZ(A_BAD) | SEG(7), 0x55,
	  .is_reg = true, .reg1 = RDX, .has_reg2 = true, .reg2 = R12 },
	{ "VMWRITE r15, rax (register form)", R(VMWRITE), false,
	  REGFORM | REG1(R15) | REG2(RAX), 0, .is_reg = true, .reg1 = R15, .has_reg2 = true },
	{ "VMWRITE rax, [rsp+8]", R(VMWRITE), true,
	  ASZ(A64) | SEG(SS) | NOINDEX | BASE(RSP) | REG2(RAX) | REG1(R9), 8, .has_reg2 = true,
	  .reg2 = RAX, .scale = 1, .disp = 8, MEM(64, SS, 0x7ff8, 0x7ff8) },
	{ "VMREAD [rdi], r13 in 32-bit mode", R(VMREAD), false,
	  ASZ(A32) | SEG(DS) | NOINDEX | BASE(RDI) | REG2(R13), 0, .has_reg2 = true, .reg2 = R13,
	  .scale = 1, MEM(32, DS, 0xffff, 0x400ffff) },
	/* ---- INVEPT/INVVPID/INVPCID */
	{ "INVEPT rcx, [rdx]", R(INVEPT), true,
	  ASZ(A64) | SEG(DS) | NOINDEX | BASE(RDX) | REG2(RCX), 0, .has_reg2 = true,
	  .reg2 = RCX, .scale = 1, MEM(64, DS, 0x3000, 0x3000) },
	{ "INVVPID: scale ignored without index", R(INVVPID), false,
	  SCALE(3) | ASZ(A32) | SEG(SS) | NOINDEX | BASE(RAX) | REG2(RBX), 0x10,
	  .has_reg2 = true, .reg2 = RBX, .scale = 1, .disp = 0x10,
	  MEM(32, SS, 0x20, 0x3000020) },
	{ "INVPCID r8, [r9+r10]", R(INVPCID), true,
	  ASZ(A64) | SEG(DS) | INDEX(R10) | BASE(R9) | REG2(R8), 0, .has_reg2 = true,
	  .reg2 = R8, .scale = 1, MEM(64, DS, 0x13, 0x13) },
	{ "XSAVES [rax]", R(XSAVES), true, ASZ(A64) | SEG(DS) | NOINDEX | BASE(RAX), 0,
	  .scale = 1, MEM(64, DS, 0x10, 0x10) },
	{ "XRSTORS [rax]", R(XRSTORS), true, ASZ(A64) | SEG(DS) | NOINDEX | BASE(RAX), 0,
	  .scale = 1, MEM(64, DS, 0x10, 0x10) },
	/* ---- 32-bit mode: segment bases, displacement sign extension, wrap */
	{ "addr32 [ebx+ecx*4-16], upper qual bits undefined", R(VMPTRLD), false,
	  SCALE(2) | ASZ(A32) | SEG(DS) | INDEX(RCX) | BASE(RBX), 0xdeadbeeffffffff0ull,
	  .scale = 4, .disp = -16, MEM(32, DS, 0x407f0, 0x40407f0) },
	{ "addr32 offset wraps at 4 GiB", R(VMPTRLD), false,
	  ASZ(A32) | SEG(DS) | NOINDEX | BASE(RBP), 0x20, .scale = 1, .disp = 0x20,
	  MEM(32, DS, 0x10, 0x4000010) },
	{ "linear wraps at 4 GiB (ES base 0xfffff000)", R(VMCLEAR), false,
	  ASZ(A32) | SEG(ES) | NOINDEX | BASE(RAX), 0x1000, .scale = 1, .disp = 0x1000,
	  MEM(32, ES, 0x1010, 0x10) },
	{ "CS segment", R(VMCLEAR), false, ASZ(A32) | SEG(CS) | NOINDEX | BASE(RAX), 0,
	  .scale = 1, MEM(32, CS, 0x10, 0x2000010) },
	/* ---- 16-bit addressing */
	{ "addr16 [bx+si-2]", R(VMPTRLD), false,
	  ASZ(A16) | SEG(DS) | INDEX(RSI) | BASE(RBX), 0x1234fffe, .scale = 1, .disp = -2,
	  MEM(16, DS, 0xdeee, 0x400deee) },
	{ "addr16 [di+2] wraps at 64 KiB", R(VMPTRLD), false,
	  ASZ(A16) | SEG(SS) | NOINDEX | BASE(RDI), 2, .scale = 1, .disp = 2,
	  MEM(16, SS, 0x1, 0x3000001) },
	{ "addr16 disp16 0x8000 is negative", R(VMPTRLD), false,
	  ASZ(A16) | SEG(DS) | NOINDEX | NOBASE, 0x8000, .scale = 1, .disp = -0x8000,
	  MEM(16, DS, 0x8000, 0x4008000) },
	/* ---- fields the CPU never produces */
	{ "not a VMX operand exit (CPUID)", R(CPUID), true, ASZ(A64), 0,
	  .err = -VMX_OPERAND_BAD_EXIT_REASON },
	{ "VMFUNC has no operand table", R(VMFUNC), true, ASZ(A64), 0,
	  .err = -VMX_OPERAND_BAD_EXIT_REASON },
	{ "address size 3", R(VMPTRLD), true, ASZ(A_BAD) | SEG(DS) | NOINDEX | NOBASE, 0,
	  .err = -VMX_OPERAND_BAD_ADDR_SIZE },
	{ "addr64 outside 64-bit mode", R(VMPTRLD), false, ASZ(A64) | SEG(DS) | NOINDEX | NOBASE,
	  0, .err = -VMX_OPERAND_BAD_ADDR_SIZE },
	{ "addr16 in 64-bit mode", R(INVEPT), true, ASZ(A16) | SEG(DS) | NOINDEX | NOBASE, 0,
	  .err = -VMX_OPERAND_BAD_ADDR_SIZE },
	{ "VMREAD memory form, address size 3", R(VMREAD), true, ASZ(A_BAD) | SEG(DS), 0,
	  .err = -VMX_OPERAND_BAD_ADDR_SIZE },
	{ "segment 6", R(VMPTRLD), true, ASZ(A64) | SEG(6) | NOINDEX | NOBASE, 0,
	  .err = -VMX_OPERAND_BAD_SEGMENT },
	{ "segment 7", R(VMWRITE), false, ASZ(A32) | SEG(7) | NOINDEX | NOBASE, 0,
	  .err = -VMX_OPERAND_BAD_SEGMENT },
};

TEST(vmx_operand_table)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct op_case *c = &cases[i];
		struct vmx_operand_env env = { .exit_reason = c->reason, .mode64 = c->mode64 };
		struct vmx_operand op;
		int err;

		memcpy(env.seg_base, seg_base, sizeof(seg_base));
		memset(&op, 0xa5, sizeof(op));
		err = vmx_operand_decode(c->info, c->qual, gprs, &env, &op);
		CHECKF(err == c->err, "%s: err %d (%s), want %d", c->name, err,
		       vmx_operand_error_name(err), c->err);
		if (err) {
			CHECKF(!op.is_reg && !op.has_reg2 && op.linear == 0 && op.offset == 0,
			       "%s: output not cleared on error", c->name);
			continue;
		}
		CHECKF(op.is_reg == c->is_reg && op.has_reg2 == c->has_reg2,
		       "%s: is_reg %d has_reg2 %d", c->name, op.is_reg, op.has_reg2);
		if (c->is_reg)
			CHECKF(op.reg1 == c->reg1 && op.addr_bits == 0 && op.linear == 0,
			       "%s: reg1 %u addr_bits %u", c->name, op.reg1, op.addr_bits);
		if (c->has_reg2)
			CHECKF(op.reg2 == c->reg2, "%s: reg2 %u, want %u", c->name, op.reg2, c->reg2);
		if (c->is_reg)
			continue;
		CHECKF(op.addr_bits == c->addr_bits && op.seg == c->seg && op.scale == c->scale,
		       "%s: addr_bits %u seg %u scale %u", c->name, op.addr_bits, op.seg, op.scale);
		CHECKF(op.offset == c->offset && op.linear == c->linear,
		       "%s: offset 0x%" PRIx64 " linear 0x%" PRIx64 ", want 0x%" PRIx64
		       " 0x%" PRIx64, c->name, op.offset, op.linear, c->offset, c->linear);
		CHECKF(op.disp == c->disp, "%s: disp %" PRId64 ", want %" PRId64, c->name, op.disp,
		       c->disp);
		CHECKF(op.base_valid == !(c->info & NOBASE) && op.index_valid == !(c->info & NOINDEX),
		       "%s: base/index validity", c->name);
		if (op.base_valid)
			CHECKF(op.base == ((c->info >> 23) & 0xf), "%s: base %u", c->name, op.base);
		if (op.index_valid)
			CHECKF(op.index == ((c->info >> 18) & 0xf), "%s: index %u", c->name, op.index);
	}
}

/* Every register number reaches its gprs[] slot, as base and as index. */
TEST(vmx_operand_every_register)
{
	struct vmx_operand_env env = { .exit_reason = EXIT_REASON_VMPTRLD, .mode64 = true };
	uint64_t regs[16];
	struct vmx_operand op;

	for (unsigned int r = 0; r < 16; r++)
		regs[r] = 0x1000ull << r;
	for (unsigned int r = 0; r < 16; r++) {
		CHECK_EQ(vmx_operand_decode(ASZ(A64) | SEG(DS) | NOINDEX | BASE(r), 0, regs, &env, &op),
			 0);
		CHECK_EQ(op.offset, regs[r]);
		CHECK_EQ(vmx_operand_decode(SCALE(3) | ASZ(A64) | SEG(DS) | INDEX(r) | NOBASE, 0, regs,
					    &env, &op), 0);
		CHECK_EQ(op.offset, regs[r] * 8);
	}
}

TEST(vmx_operand_error_names)
{
	CHECK(strcmp(vmx_operand_error_name(0), "ok") == 0);
	CHECK(strcmp(vmx_operand_error_name(-VMX_OPERAND_BAD_SEGMENT),
		     vmx_operand_error_name(VMX_OPERAND_BAD_SEGMENT)) == 0);
	CHECK(strncmp(vmx_operand_error_name(-VMX_OPERAND_BAD_ADDR_SIZE), "address size", 12) == 0);
	CHECK(strcmp(vmx_operand_error_name(-99), "unknown operand error") == 0);
	CHECK(strcmp(vmx_operand_error_name((int)0x80000000u), "unknown operand error") == 0);
}

/* Segment checks outside 64-bit mode (SDM 5.3, 5.4; VMX instructions'
 * protected-mode #GP(0)/#SS(0)). Access rights as the VMCS holds them;
 * the bits are written out here, not taken from vmx_operand.h. */
#define AR_DATA_RW   0xc093u     /* present, S, read/write, accessed, D/B, G */
#define AR_DATA_RO   0xc091u
#define AR_DATA_DOWN 0x4097u     /* expand-down read/write, D/B = 1, G = 0 */
#define AR_DATA_DOWN16 0x0097u   /* expand-down, D/B = 0 */
#define AR_CODE_XO   0xc099u     /* execute-only */
#define AR_CODE_XR   0xc09bu     /* execute/read */
#define AR_UNUSABLE  0x10000u
#define AR_SYSTEM    0x008bu     /* a busy TSS: S = 0 */

TEST(segment_checks)
{
	static const struct {
		const char *name;
		int seg;       /* SDM encoding, as above */
		uint32_t ar, limit;
		uint64_t offset;
		unsigned len;
		bool write;
		int want;
	} c[] = {
		{ "flat read", DS, AR_DATA_RW, 0xffffffff, 0xfffffff0, 8, false, 0 },
		{ "4G limit: wrap left to the walk", DS, AR_DATA_RW, 0xffffffff, 0xfffffffc, 8, false,
		  0 },
		{ "last qword in the limit", DS, AR_DATA_RW, 0xfff, 0xff8, 8, false, 0 },
		{ "qword crossing the limit", DS, AR_DATA_RW, 0xfff, 0xff9, 8, false, 13 },
		{ "beyond the limit", ES, AR_DATA_RW, 0xfff, 0x1000, 8, false, 13 },
		{ "16-byte descriptor crossing", GS, AR_DATA_RW, 0x100f, 0x1001, 16, false, 13 },
		{ "16-byte descriptor inside", FS, AR_DATA_RW, 0x100f, 0x1000, 16, false, 0 },
		{ "SS beyond the limit", SS, AR_DATA_RW, 0xfff, 0xffc, 8, false, 12 },
		{ "SS inside", SS, AR_DATA_RW, 0xfff, 0xff0, 8, true, 0 },
		{ "unusable DS", DS, AR_UNUSABLE | AR_DATA_RW, 0xffffffff, 0, 8, false, 13 },
		{ "unusable SS", SS, AR_UNUSABLE, 0xffffffff, 0, 8, false, 12 },
		{ "write to read-only data", DS, AR_DATA_RO, 0xffffffff, 0x100, 8, true, 13 },
		{ "read of read-only data", DS, AR_DATA_RO, 0xffffffff, 0x100, 8, false, 0 },
		{ "read of execute-only code", CS, AR_CODE_XO, 0xffffffff, 0x100, 8, false, 13 },
		{ "read of readable code", CS, AR_CODE_XR, 0xffffffff, 0x100, 8, false, 0 },
		{ "write to readable code", CS, AR_CODE_XR, 0xffffffff, 0x100, 8, true, 13 },
		{ "write to code through DS", DS, AR_CODE_XR, 0xffffffff, 0x100, 4, true, 13 },
		{ "system descriptor", DS, AR_SYSTEM, 0xffffffff, 0x100, 8, false, 13 },
		{ "expand-down: above the limit", DS, AR_DATA_DOWN, 0xfff, 0x1000, 8, false, 0 },
		{ "expand-down: at the limit", DS, AR_DATA_DOWN, 0xfff, 0xfff, 8, false, 13 },
		{ "expand-down: top of 4G", DS, AR_DATA_DOWN, 0xfff, 0xfffffff8, 8, false, 0 },
		{ "expand-down: past 4G", DS, AR_DATA_DOWN, 0xfff, 0xfffffff9, 8, false, 13 },
		{ "expand-down 16-bit: top", ES, AR_DATA_DOWN16, 0xff, 0xfff8, 8, false, 0 },
		{ "expand-down 16-bit: past FFFFH", ES, AR_DATA_DOWN16, 0xff, 0xfffc, 8, false, 13 },
		{ "expand-down SS at the limit", SS, AR_DATA_DOWN, 0xfff, 0x800, 8, true, 12 },
		{ "4-byte VMWRITE source at the end", DS, AR_DATA_RW, 0xfff, 0xffc, 4, false, 0 },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int got = vmx_operand_seg_check((enum vmx_seg)c[i].seg, c[i].ar, c[i].limit,
						c[i].offset, c[i].len, c[i].write);
		CHECKF(got == c[i].want, "%s: got %d want %d", c[i].name, got, c[i].want);
	}
}
