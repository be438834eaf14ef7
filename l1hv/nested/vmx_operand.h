/* SPDX-License-Identifier: MIT */
/*
 * Operand of a VMX instruction that exited to L0, decoded from the VM-exit
 * instruction-information field and the exit qualification (SDM Vol. 3C
 * 28.2.5 "Information for VM Exits Due to Instruction Execution"), tables
 * "Format of the VM-Exit Instruction-Information Field as Used for":
 *   - "VMCLEAR, VMPTRLD, VMPTRST, VMXON, XRSTORS, and XSAVES": memory only;
 *   - "VMREAD and VMWRITE": bit 10 chooses register (Reg1, bits 6:3) or
 *     memory; Reg2 (bits 31:28) holds the field encoding;
 *   - "INVEPT, INVPCID, and INVVPID": memory descriptor, Reg2 the type.
 * The layout is chosen from the basic exit reason, so a caller cannot pair
 * a field with the wrong table.
 *
 * For a memory operand the exit qualification is the displacement (SDM
 * 28.2.1: sign-extended by the CPU; bits beyond the address size are
 * undefined; with RIP-relative addressing it already includes RIP). The
 * decoder computes offset = base + index * scale + displacement truncated
 * to the address size, and linear = segment base + offset, where 64-bit mode
 * uses only the FS and GS bases (SDM 3.4.4) and other modes truncate to 32
 * bits. Segment limit and rights checks are vmx_operand_seg_check(), which
 * the caller runs on the segment and the offset outside 64-bit mode.
 */
#ifndef L1HV_NESTED_VMX_OPERAND_H
#define L1HV_NESTED_VMX_OPERAND_H

#include <stdbool.h>
#include <stdint.h>

#include "common/bits.h"
#include "common/x86_arch.h"

/* Instruction-information fields (shared positions of the tables above). */
#define VMX_INSN_INFO_SCALE_MASK        GENMASK(1, 0)
#define VMX_INSN_INFO_REG1_SHIFT        3         /* VMREAD/VMWRITE only */
#define VMX_INSN_INFO_ADDR_SIZE_SHIFT   7
#define VMX_INSN_INFO_ADDR_SIZE_MASK    GENMASK(9, 7)
#define VMX_INSN_INFO_REG_OPERAND       BIT(10)   /* VMREAD/VMWRITE only */
#define VMX_INSN_INFO_SEG_SHIFT         15
#define VMX_INSN_INFO_SEG_MASK          GENMASK(17, 15)
#define VMX_INSN_INFO_INDEX_SHIFT       18
#define VMX_INSN_INFO_INDEX_INVALID     BIT(22)
#define VMX_INSN_INFO_BASE_SHIFT        23
#define VMX_INSN_INFO_BASE_INVALID      BIT(27)
#define VMX_INSN_INFO_REG2_SHIFT        28
#define VMX_INSN_INFO_REG_MASK          0xfu      /* after any of the shifts */

/* Address-size encodings (bits 9:7). */
#define VMX_INSN_INFO_ADDR16            0u
#define VMX_INSN_INFO_ADDR32            1u
#define VMX_INSN_INFO_ADDR64            2u

/* Segment-register encodings (bits 17:15), also the index of seg_base[]. */
enum vmx_seg {
	VMX_SEG_ES = 0,
	VMX_SEG_CS = 1,
	VMX_SEG_SS = 2,
	VMX_SEG_DS = 3,
	VMX_SEG_FS = 4,
	VMX_SEG_GS = 5,
	VMX_SEG_COUNT
};

/* Register numbers (Reg1, Reg2, IndexReg, BaseReg): SDM order, index of gprs[]. */
enum vmx_gpr {
	VMX_GPR_RAX, VMX_GPR_RCX, VMX_GPR_RDX, VMX_GPR_RBX,
	VMX_GPR_RSP, VMX_GPR_RBP, VMX_GPR_RSI, VMX_GPR_RDI,
	VMX_GPR_R8, VMX_GPR_R9, VMX_GPR_R10, VMX_GPR_R11,
	VMX_GPR_R12, VMX_GPR_R13, VMX_GPR_R14, VMX_GPR_R15,
	VMX_GPR_COUNT
};

struct vmx_operand_env {
	uint16_t exit_reason;            /* basic exit reason: picks the table */
	bool mode64;                     /* 64-bit mode: IA32_EFER.LMA and CS.L */
	uint64_t seg_base[VMX_SEG_COUNT];
};

struct vmx_operand {
	bool is_reg;          /* register operand (VMREAD/VMWRITE bit 10) */
	uint8_t reg1;         /* is_reg: the register */
	bool has_reg2;        /* VMREAD/VMWRITE, INVEPT/INVPCID/INVVPID */
	uint8_t reg2;
	/* Memory operands only (zero for register operands): */
	uint8_t addr_bits;    /* 16, 32 or 64 */
	enum vmx_seg seg;
	bool base_valid, index_valid;
	uint8_t base, index;  /* registers, meaningful when *_valid */
	uint8_t scale;        /* 1, 2, 4 or 8; 1 without an index */
	int64_t disp;         /* displacement, sign-extended from addr_bits */
	uint64_t offset;      /* effective address, truncated to addr_bits */
	uint64_t linear;      /* segment base + offset */
};

/* Negative return values of vmx_operand_decode(). */
#define VMX_OPERAND_ERRORS(X)                                                 \
	X(BAD_EXIT_REASON, "not a VMX instruction with an operand in this table") \
	X(BAD_ADDR_SIZE,   "address size not used (3) or impossible in this mode") \
	X(BAD_SEGMENT,     "segment register 6 or 7 (not used)")

enum vmx_operand_error {
	VMX_OPERAND_OK = 0,
#define VMX_OPERAND_ENUM_(name, text) VMX_OPERAND_##name,
	VMX_OPERAND_ERRORS(VMX_OPERAND_ENUM_)
#undef VMX_OPERAND_ENUM_
};

/*
 * Decodes the operand. gprs[] are the guest's registers in SDM order
 * (gprs[VMX_GPR_RSP] must hold the guest RSP from the VMCS). Returns 0 and
 * fills *out, or -VMX_OPERAND_* for a field the CPU never produces (then
 * *out is zeroed): L0 treats that as its own bug or a hostile L0 below it.
 */
int vmx_operand_decode(uint32_t insn_info, uint64_t qual, const uint64_t gprs[VMX_GPR_COUNT],
		       const struct vmx_operand_env *env, struct vmx_operand *out);

/* Text for an error (either sign) or 0. */
const char *vmx_operand_error_name(int err);

/*
 * Outside 64-bit mode: may the instruction access len bytes at offset in
 * segment seg, whose VMCS access rights and byte-granular limit are ar and
 * limit? Returns 0, or the exception the access raises before any page
 * walk (error code 0): X86_EXC_SS for the SS segment, X86_EXC_GP for
 * the others (the VMX instructions' "Protected Mode Exceptions", SDM 31.3;
 * SDM 5.3 limit checking, 5.4 type checking):
 *   - an unusable segment;
 *   - a write to a code segment or a read-only data segment, a read of an
 *     execute-only code segment (#GP(0) even for SS);
 *   - expand-up: a byte beyond the limit (a limit of FFFFFFFFH never faults:
 *     SDM 5.3 leaves a wrap there to the implementation);
 *   - expand-down: a byte at or below the limit, or above FFFFH (D/B = 0)
 *     or FFFFFFFFH (D/B = 1).
 * In 64-bit mode no limit or type is checked (SDM 5.3.1): don't call it.
 */
int vmx_operand_seg_check(enum vmx_seg seg, uint32_t ar, uint32_t limit, uint64_t offset,
			  unsigned len, bool write);

#endif
