/* SPDX-License-Identifier: MIT */
#include "l1hv/exit/guest_write_inputs.h"

#include "common/free/x86.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/cpuid.h"
#include "l1hv/nested/nested.h"
#include "l1hv/vm/vcpu.h"
#include "l1hv/vmx/vmcs.h"

static struct gw_cpu_facts facts;
static bool facts_read;

/* The guest's CPUID (cpuid.h), not the host's: a CR4 or XCR0 bit of a
 * feature the guest is not offered is reserved for it. */
static void read_facts(void)
{
	uint32_t max = guest_cpuid(0, 0).eax, ext_max = guest_cpuid(0x80000000, 0).eax;
	struct cpuid_regs r = guest_cpuid(1, 0);

	facts.cpuid1_ecx = r.ecx;
	facts.cpuid1_edx = r.edx;
	if (max >= 7) {
		r = guest_cpuid(7, 0);
		facts.cpuid7_ebx = r.ebx;
		facts.cpuid7_ecx = r.ecx;
		facts.cpuid7_edx = r.edx;
		if (r.eax >= 1)
			facts.cpuid7_1_eax = guest_cpuid(7, 1).eax;
	}
	if (max >= 0xd && (facts.cpuid1_ecx & CPUID_1_ECX_XSAVE)) {
		r = guest_cpuid(0xd, 0);
		facts.xcr0_supported = ((uint64_t)r.edx << 32) | r.eax;
	}
	if (ext_max >= 0x80000001)
		facts.ext1_edx = guest_cpuid(0x80000001, 0).edx;
	/* Without leaf 80000008H: 36 physical bits (SDM 4.1.4), 48 linear. */
	facts.maxphyaddr = 36;
	facts.la_width = 48;
	if (ext_max >= 0x80000008) {
		uint32_t a = guest_cpuid(0x80000008, 0).eax;
		facts.maxphyaddr = a & 0xff;
		facts.la_width = (a >> 8) & 0xff;
	}
	facts_read = true;
}

const struct gw_cpu_facts *guest_cpu_facts(void)
{
	if (!facts_read)
		read_facts();
	return &facts;
}

struct gw_state guest_write_state(const struct vcpu *vcpu)
{
	uint32_t cs_ar = vmcs_read32(VMCS_GUEST_CS_AR_BYTES);
	uint32_t tr_ar = vmcs_read32(VMCS_GUEST_TR_AR_BYTES);

	return (struct gw_state){
		.cr0 = vcpu_read_cr0(),
		.cr3 = vmcs_read(VMCS_GUEST_CR3),
		.cr4 = vcpu_read_cr4(),
		.efer = vmcs_read(VMCS_GUEST_IA32_EFER),
		.cs_l = cs_ar & VMX_AR_L_MASK,
		.tr_16bit = (tr_ar & VMX_AR_TYPE_MASK) == VMX_AR_TYPE_BUSY_16_TSS,
		.vmx_operation = vcpu->nested.vmxon,
		.cpl = vcpu_cpl(),
	};
}

/* The first refusal by each rule is named on the console (which rule,
 * which SDM section), so a scenario can see l1hv's check fire and not the
 * CPU's; a guest that repeats one cannot flood the console. */
void guest_write_refuse(struct vcpu *vcpu, enum gw_rule rule, const char *what)
{
	static bool reported[GW_RULE_COUNT];

	if (!reported[rule]) {
		reported[rule] = true;
		pr_info("VM %s: %s refused: %s (SDM %s), %s injected\n", vcpu->vm->name, what,
			guest_write_rules[rule].name, guest_write_rules[rule].sdm,
			guest_write_rules[rule].vector == X86_EXC_UD ? "#UD" : "#GP(0)");
	}
	if (guest_write_rules[rule].vector == X86_EXC_UD)
		vcpu_inject_ud(vcpu);
	else
		vcpu_inject_gp(vcpu);
}
