/* SPDX-License-Identifier: MIT */
/*
 * VMX instruction operand decode (SDM Vol. 3C 28.2.5). See vmx_operand.h.
 */
#include "l1hv/nested/vmx_operand.h"

#include "exit-reflect/exit_reasons.h"

/* Which instruction-information table describes the exit. */
enum insn_info_layout {
	LAYOUT_NONE,
	LAYOUT_MEM,       /* VMCLEAR, VMPTRLD, VMPTRST, VMXON, XRSTORS, XSAVES */
	LAYOUT_VMRW,      /* VMREAD, VMWRITE */
	LAYOUT_INV,       /* INVEPT, INVPCID, INVVPID */
};

static enum insn_info_layout layout_of(uint16_t exit_reason)
{
	switch (exit_reason) {
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMON:
	case EXIT_REASON_XSAVES:
	case EXIT_REASON_XRSTORS:
		return LAYOUT_MEM;
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMWRITE:
		return LAYOUT_VMRW;
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVPCID:
	case EXIT_REASON_INVVPID:
		return LAYOUT_INV;
	default:
		return LAYOUT_NONE;
	}
}

static const char *const error_names[] = {
	[VMX_OPERAND_OK] = "ok",
#define VMX_OPERAND_NAME_(name, text) [VMX_OPERAND_##name] = text,
	VMX_OPERAND_ERRORS(VMX_OPERAND_NAME_)
#undef VMX_OPERAND_NAME_
};

const char *vmx_operand_error_name(int err)
{
	unsigned int i = err < 0 ? (unsigned int)-(int64_t)err : (unsigned int)err;

	if (i >= sizeof(error_names) / sizeof(error_names[0]))
		return "unknown operand error";
	return error_names[i];
}

static uint64_t width_mask(unsigned int bits)
{
	return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

/* Two's complement from the low `bits` bits, without signed shifts. */
static int64_t sign_extend(uint64_t v, unsigned int bits)
{
	uint64_t sign;

	if (bits >= 64)
		return (int64_t)v;
	v &= width_mask(bits);
	sign = 1ull << (bits - 1);
	return (int64_t)((v ^ sign) - sign);
}

/* Address sizes the mode allows: 16/32 outside 64-bit mode, 32/64 in it. */
static bool addr_size_ok(unsigned int asz, bool mode64)
{
	switch (asz) {
	case VMX_INSN_INFO_ADDR16:
		return !mode64;
	case VMX_INSN_INFO_ADDR32:
		return true;
	case VMX_INSN_INFO_ADDR64:
		return mode64;
	default:
		return false;
	}
}

static uint8_t reg_at(uint32_t insn_info, unsigned int shift)
{
	return (uint8_t)((insn_info >> shift) & VMX_INSN_INFO_REG_MASK);
}

int vmx_operand_decode(uint32_t insn_info, uint64_t qual, const uint64_t gprs[VMX_GPR_COUNT],
		       const struct vmx_operand_env *env, struct vmx_operand *out)
{
	enum insn_info_layout layout = layout_of(env->exit_reason);
	unsigned int asz = (insn_info & VMX_INSN_INFO_ADDR_SIZE_MASK) >> VMX_INSN_INFO_ADDR_SIZE_SHIFT;
	unsigned int seg = (insn_info & VMX_INSN_INFO_SEG_MASK) >> VMX_INSN_INFO_SEG_SHIFT;
	unsigned int bits, scale_log2;
	uint64_t mask, ea;

	__builtin_memset(out, 0, sizeof(*out));
	if (layout == LAYOUT_NONE)
		return -VMX_OPERAND_BAD_EXIT_REASON;

	/* Register form: every memory-operand field is undefined. */
	if (layout == LAYOUT_VMRW && (insn_info & VMX_INSN_INFO_REG_OPERAND)) {
		out->is_reg = true;
		out->reg1 = reg_at(insn_info, VMX_INSN_INFO_REG1_SHIFT);
		out->has_reg2 = true;
		out->reg2 = reg_at(insn_info, VMX_INSN_INFO_REG2_SHIFT);
		return 0;
	}
	if (!addr_size_ok(asz, env->mode64))
		return -VMX_OPERAND_BAD_ADDR_SIZE;
	if (seg >= VMX_SEG_COUNT)
		return -VMX_OPERAND_BAD_SEGMENT;

	if (layout != LAYOUT_MEM) {
		out->has_reg2 = true;
		out->reg2 = reg_at(insn_info, VMX_INSN_INFO_REG2_SHIFT);
	}
	bits = 16u << asz;
	mask = width_mask(bits);
	out->addr_bits = (uint8_t)bits;
	out->seg = (enum vmx_seg)seg;
	/* Bits of the qualification beyond the address size are undefined
	 * (SDM 28.2.1), so only the low `bits` bits are used. */
	out->disp = sign_extend(qual, bits);
	ea = (uint64_t)out->disp;
	if (!(insn_info & VMX_INSN_INFO_BASE_INVALID)) {
		out->base_valid = true;
		out->base = reg_at(insn_info, VMX_INSN_INFO_BASE_SHIFT);
		ea += gprs[out->base];
	}
	/* Scaling is undefined without an index register. */
	scale_log2 = insn_info & VMX_INSN_INFO_SCALE_MASK;
	out->scale = 1;
	if (!(insn_info & VMX_INSN_INFO_INDEX_INVALID)) {
		out->index_valid = true;
		out->index = reg_at(insn_info, VMX_INSN_INFO_INDEX_SHIFT);
		out->scale = (uint8_t)(1u << scale_log2);
		ea += gprs[out->index] << scale_log2;
	}
	out->offset = ea & mask;
	/* SDM 3.4.4: in 64-bit mode ES, CS, SS and DS have base 0. */
	if (env->mode64)
		out->linear = out->offset +
			      ((seg == VMX_SEG_FS || seg == VMX_SEG_GS) ? env->seg_base[seg] : 0);
	else
		out->linear = (env->seg_base[seg] + out->offset) & 0xffffffffu;
	return 0;
}

int vmx_operand_seg_check(enum vmx_seg seg, uint32_t ar, uint32_t limit, uint64_t offset,
			  unsigned len, bool write)
{
	int limit_fault = seg == VMX_SEG_SS ? X86_EXC_SS : X86_EXC_GP;
	uint64_t last = offset + (len ? len - 1 : 0);

	if (ar & VMX_AR_UNUSABLE_MASK)
		return limit_fault;
	/* A loaded segment register holds a code or data descriptor; a
	 * system type here is a state no load produces: refuse it. */
	if (!(ar & VMX_AR_S_MASK))
		return X86_EXC_GP;
	if (ar & VMX_AR_TYPE_CODE) {
		if (write || !(ar & VMX_AR_TYPE_READABLE))
			return X86_EXC_GP;
	} else if (write && !(ar & VMX_AR_TYPE_WRITEABLE)) {
		return X86_EXC_GP;
	}
	if (!(ar & VMX_AR_TYPE_CODE) && (ar & VMX_AR_TYPE_EXPAND_DOWN)) {
		uint64_t upper = (ar & VMX_AR_DB_MASK) ? 0xffffffffull : 0xffffull;

		return offset <= limit || last > upper ? limit_fault : 0;
	}
	if (limit == 0xffffffffu)
		return 0;
	return last > limit ? limit_fault : 0;
}
