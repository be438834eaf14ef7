/* SPDX-License-Identifier: MIT */
#include "l1hv/vm/vcpu_mem.h"

#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/exit/exit.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmcs.h"

#define X86_RFLAGS_AC (1ul << 18)
#define CPUID_80000001_EDX_PAGE1GB (1u << 26)

bool vm_read_phys(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	void *p = vm_gpa_to_hva(ctx, gpa, len);

	if (!p)
		return false;
	memcpy(buf, p, len);
	return true;
}

bool vm_write_phys(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	void *p = vm_gpa_to_hva(ctx, gpa, len);

	if (!p)
		return false;
	memcpy(p, buf, len);
	return true;
}

/* CPUID does not change while we run; under a parent each CPUID exits. */
static bool cpu_has_gbpages(void)
{
	static int gbpages = -1;

	if (gbpages < 0)
		gbpages = !!(cpuid(0x80000001, 0).edx & CPUID_80000001_EDX_PAGE1GB);
	return gbpages;
}

void vcpu_gpt_env(struct vm *vm, struct gpt_env *g)
{
	memset(g, 0, sizeof(*g));
	g->cr0 = vmcs_read(VMCS_GUEST_CR0);
	g->cr3 = vmcs_read(VMCS_GUEST_CR3);
	g->cr4 = vmcs_read(VMCS_GUEST_CR4);
	g->efer = vmcs_read(VMCS_GUEST_IA32_EFER);
	g->cpl = (uint8_t)vcpu_cpl();
	g->maxphyaddr = (uint8_t)nested_maxphyaddr();
	g->gbpages = cpu_has_gbpages();
	g->rflags_ac = vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_AC;
	g->read_phys = vm_read_phys;
	g->write_phys = vm_write_phys;
	g->ctx = vm;
}
