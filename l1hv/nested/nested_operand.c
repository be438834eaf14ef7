/* SPDX-License-Identifier: MIT */
/*
 * Operands of the VMX instruction L1 executed: decoded from the VM-exit
 * instruction information (vmx_operand.c), translated through L1's own page
 * tables (gpt_walk.c), and read or written in L1's memory. Faults are raised
 * in L1 as the instruction itself would have raised them, by the two
 * helpers of vcpu_mem.h that string port I/O (exit/io_string.c) uses too.
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/nested/gpt_walk.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/nested/vmx_operand.h"
#include "l1hv/vm/vcpu_mem.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/canonical.h"


unsigned nested_maxphyaddr_cached, nested_la_width_cached;

unsigned nested_maxphyaddr_slow(void)
{
	uint32_t eax = cpuid(0x80000008, 0).eax;

	nested_maxphyaddr_cached = eax & 0xff;
	nested_la_width_cached = x86_la_width_from_cpuid(eax);
	if (nested_la_width_cached != X86_LA_WIDTH_5LEVEL)
		nested_la_width_cached = X86_LA_WIDTH_4LEVEL;
	return nested_maxphyaddr_cached;
}

static bool mode64(void)
{
	return (vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA) &&
	       (vmcs_read32(VMCS_GUEST_CS_AR_BYTES) & VMX_AR_L_MASK);
}

int vcpu_seg_check(struct vcpu *vcpu, enum vmx_seg seg, uint64_t offset, unsigned len, bool write)
{
	/* ES, CS, SS, DS, FS, GS: consecutive encodings (SDM B.3.3). */
	uint32_t limit = vmcs_read32(VMCS_GUEST_ES_LIMIT + 2 * seg);
	uint32_t ar = vmcs_read32(VMCS_GUEST_ES_AR_BYTES + 2 * seg);
	int vec = vmx_operand_seg_check(seg, ar, limit, offset, len, write);

	if (!vec)
		return 0;
	if (vec == X86_EXC_SS)
		vcpu_inject_exception(vcpu, X86_EXC_SS, true, 0);
	else
		vcpu_inject_gp(vcpu);
	return -1;
}

/* Decodes the operand; on a malformed encoding (which the CPU would not
 * produce) raises #UD and returns -1, as it does for a register operand
 * (m64 operands only) and a failed segment check. */
static int decode(struct vcpu *vcpu, struct exit_info *e, struct vmx_operand *op, unsigned len,
		  bool write)
{
	uint64_t gprs[VMX_GPR_COUNT];
	struct vmx_operand_env env = { .exit_reason = (uint16_t)e->basic, .mode64 = mode64() };
	static const uint32_t base_field[VMX_SEG_COUNT] = {
		VMCS_GUEST_ES_BASE, VMCS_GUEST_CS_BASE, VMCS_GUEST_SS_BASE,
		VMCS_GUEST_DS_BASE, VMCS_GUEST_FS_BASE, VMCS_GUEST_GS_BASE,
	};

	memcpy(gprs, vcpu->regs, sizeof(gprs));
	gprs[VMX_GPR_RSP] = vmcs_read(VMCS_GUEST_RSP);
	for (int s = 0; s < VMX_SEG_COUNT; s++)
		env.seg_base[s] = vmcs_read(base_field[s]);
	if (vmx_operand_decode(vmcs_read32(VMCS_VMX_INSTRUCTION_INFO), e->qual, gprs, &env, op)) {
		vcpu_inject_ud(vcpu);
		return -1;
	}
	if (op->is_reg) {
		vcpu_inject_ud(vcpu);
		return -1;
	}
	return env.mode64 ? 0 : vcpu_seg_check(vcpu, op->seg, op->offset, len, write);
}

int vcpu_raise_mem_fault(struct vcpu *vcpu, enum vmx_seg seg, const struct vcpu_mem_fault *f)
{
	switch (f->kind) {
	case VCPU_MEM_PAGE_FAULT:
		write_cr2(f->la);   /* the guest's CR2: l1hv never takes a #PF itself */
		vcpu_inject_exception(vcpu, X86_EXC_PF, true, f->pf_error);
		break;
	case VCPU_MEM_NON_CANONICAL:
		if (seg == VMX_SEG_SS)
			vcpu_inject_exception(vcpu, X86_EXC_SS, true, 0);
		else
			vcpu_inject_gp(vcpu);
		break;
	case VCPU_MEM_BAD_PDPTE:
	case VCPU_MEM_NOT_RAM:
		vcpu_inject_gp(vcpu);
		break;
	case VCPU_MEM_EPT_VIOLATION:
	case VCPU_MEM_EPT_MISCONFIG:
		nested_reflect_ept_fault(vcpu, f);
		break;
	}
	return -1;
}

int nested_operand_read(struct vcpu *vcpu, struct exit_info *e, void *buf, unsigned len)
{
	struct vmx_operand op;
	struct vcpu_mem_fault f;

	if (decode(vcpu, e, &op, len, false))
		return -1;
	if (vcpu_linear_read(vcpu, op.linear, buf, len, &f))
		return vcpu_raise_mem_fault(vcpu, op.seg, &f);
	return 0;
}

int nested_operand_write(struct vcpu *vcpu, struct exit_info *e, const void *buf, unsigned len)
{
	struct vmx_operand op;
	struct vcpu_mem_fault f;

	if (decode(vcpu, e, &op, len, true))
		return -1;
	if (vcpu_linear_write(vcpu, op.linear, buf, len, &f))
		return vcpu_raise_mem_fault(vcpu, op.seg, &f);
	return 0;
}

static uint8_t reg2(void)
{
	return (vmcs_read32(VMCS_VMX_INSTRUCTION_INFO) >> VMX_INSN_INFO_REG2_SHIFT) &
	       VMX_INSN_INFO_REG_MASK;
}

uint64_t nested_vmrw_field(struct vcpu *vcpu)
{
	uint64_t f = vcpu_gpr_get(vcpu, reg2());

	/* Outside 64-bit mode the operand is 32 bits wide. */
	return mode64() ? f : (uint32_t)f;
}

uint64_t nested_invalidation_type(struct vcpu *vcpu)
{
	return nested_vmrw_field(vcpu);
}

/* VMWRITE's source: register or memory, 64 or 32 bits by mode. */
int nested_vmrw_load(struct vcpu *vcpu, struct exit_info *e, uint64_t *value)
{
	uint32_t info = vmcs_read32(VMCS_VMX_INSTRUCTION_INFO);
	unsigned len = mode64() ? 8 : 4;

	*value = 0;
	if (info & VMX_INSN_INFO_REG_OPERAND) {
		*value = vcpu_gpr_get(vcpu, (info >> VMX_INSN_INFO_REG1_SHIFT) & VMX_INSN_INFO_REG_MASK);
		if (len == 4)
			*value = (uint32_t)*value;
		return 0;
	}
	return nested_operand_read(vcpu, e, value, len);
}

/* VMREAD's destination. A 32-bit register destination in 64-bit mode does
 * not exist (the operand size is 64); outside it, the upper half stays. */
int nested_vmrw_store(struct vcpu *vcpu, struct exit_info *e, uint64_t value)
{
	uint32_t info = vmcs_read32(VMCS_VMX_INSTRUCTION_INFO);
	unsigned len = mode64() ? 8 : 4;

	if (info & VMX_INSN_INFO_REG_OPERAND) {
		uint8_t r = (info >> VMX_INSN_INFO_REG1_SHIFT) & VMX_INSN_INFO_REG_MASK;
		vcpu_gpr_set(vcpu, r, len == 8 ? value :
				    (vcpu_gpr_get(vcpu, r) & ~0xffffffffull) | (uint32_t)value);
		return 0;
	}
	return nested_operand_write(vcpu, e, &value, len);
}
