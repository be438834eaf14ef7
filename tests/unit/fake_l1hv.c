/* SPDX-License-Identifier: MIT */
/*
 * The rest of l1hv, as far as the hosted nested-VMX files reach it
 * (fake_l1hv.h): page allocation with page_alloc.c's quota rules, guest RAM
 * in a host buffer, vm_stop, event injection, the guest's view of CR0/CR4
 * and CPL (dispatch.c's formulas), the MSRs, vmcs02 host state, VMCS
 * shadowing (off) and the exits nested_exit.c would reflect, recorded.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/free/x86.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/guest_write_inputs.h"
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/vm/vcpu.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "tests/unit/fake_l1hv.h"
#include "tests/unit/vmx_caps_fixture.h"
#include "vmcs12/vmx_controls.h"

struct vmx_cpu vmx_cpu;

void fake_cpu_init(void)
{
	vmx_cpu = (struct vmx_cpu){
		.caps = vmx_caps_bochs_skylake_x, .revision_id = 0x2b,
		.has_shadow_vmcs = true, .has_unrestricted_guest = true, .has_vpid = true,
		.has_preemption_timer = true, .saves_preemption_timer = true,
		.vmx_misc = vmx_caps_bochs_skylake_x.misc,
	};
	/* A CPU with every pass-through MSR (vm_passthrough_probe). */
	vm_passthrough_present = (1u << VM_NR_PASSTHROUGH_MSRS) - 1;
	/* What nested_maxphyaddr_slow() would ask CPUID.80000008H for. */
	nested_maxphyaddr_cached = 40;
	nested_la_width_cached = 48;
	/* Once: nested_fields_setup() appends to the rare-field list, as
	 * l1hv's boot calls it once. */
	static bool nested_done;
	if (!nested_done)
		nested_setup(true, NULL);
	nested_done = true;
}

/* ------------------------------------------------------- guest CPU facts */
/* The guest's CPUID as l1hv on Bochs's corei7_skylake_x presents it
 * (guest_write_inputs.c reads the real one): VMX offered (nested=on). */
const struct gw_cpu_facts *guest_cpu_facts(void)
{
	static const struct gw_cpu_facts skylake_x = {
		.cpuid1_ecx = CPUID_1_ECX_VMX | CPUID_1_ECX_PCID | CPUID_1_ECX_XSAVE,
		.cpuid1_edx = CPUID_1_EDX_VME | CPUID_1_EDX_DE | CPUID_1_EDX_PSE |
			      CPUID_1_EDX_PAE | CPUID_1_EDX_MCE | CPUID_1_EDX_PGE |
			      CPUID_1_EDX_FXSR | CPUID_1_EDX_SSE,
		.cpuid7_ebx = CPUID_7_EBX_FSGSBASE | CPUID_7_EBX_SMEP | CPUID_7_EBX_SMAP,
		.cpuid7_ecx = CPUID_7_ECX_PKU,
		.ext1_edx = CPUID_80000001_EDX_SYSCALL | CPUID_80000001_EDX_NX |
			    CPUID_80000001_EDX_LM,
		.maxphyaddr = 40, .la_width = 48,
		.xcr0_supported = XCR0_X87 | XCR0_SSE | XCR0_AVX | XCR0_AVX512,
	};
	return &skylake_x;
}

/* ---------------------------------------------------------------- console */
int console_vprintf(const char *fmt, va_list ap)
{
	return vprintf(fmt, ap);
}

int console_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

/* ---------------------------------------------------------------- pages */
int64_t fake_machine_pages = -1;
uint64_t fake_pages_live;
#define FAKE_PAGES_MAX 4096
static void *pages[FAKE_PAGES_MAX];   /* reachable, so LeakSanitizer sees no leak */

uint64_t page_alloc_charged(struct page_quota *q)
{
	void *p;

	if (q->used >= q->limit || fake_machine_pages == 0)
		return 0;
	unsigned slot = 0;
	while (slot < FAKE_PAGES_MAX && pages[slot])
		slot++;
	if (slot == FAKE_PAGES_MAX || !(p = aligned_alloc(4096, 4096)))
		return 0;
	if (fake_machine_pages > 0)
		fake_machine_pages--;
	memset(p, 0, 4096);
	pages[slot] = p;
	fake_pages_live++;
	if (++q->used > q->peak)
		q->peak = q->used;
	return (uint64_t)p;
}

void page_free_charged(struct page_quota *q, uint64_t pa)
{
	for (unsigned i = 0; i < FAKE_PAGES_MAX; i++)
		if (pages[i] == (void *)pa) {
			free(pages[i]);
			pages[i] = NULL;
			fake_pages_live--;
			q->used--;
			if (fake_machine_pages >= 0)
				fake_machine_pages++;
			return;
		}
	fprintf(stderr, "page_free_charged: 0x%lx was not allocated\n", (unsigned long)pa);
	abort();
}

/* ---------------------------------------------------------------- VMs */
void vm_stop(struct vm *vm, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(vm->stop_reason, sizeof(vm->stop_reason), fmt, ap);
	va_end(ap);
	vm->state = VM_STOPPED;
	printf("  (VM %s stopped: %s)\n", vm->name, vm->stop_reason);
}

struct fake_injection fake_injected;
struct fake_msr fake_msrs[FAKE_MSR_MAX];
struct fake_nested_exit fake_nested_exit;

void fake_vm_init(struct vm *vm, uint64_t mem, uint64_t quota_limit)
{
	void *ram = aligned_alloc(2ull << 20, (mem + (2ull << 20) - 1) & ~((2ull << 20) - 1));
	struct vcpu *vcpu = &vm->vcpus[0];

	if (!ram)
		abort();
	memset(vm, 0, sizeof(*vm));
	memset(ram, 0, mem);
	snprintf(vm->name, sizeof(vm->name), "test");
	vm->id = 1;
	vm->state = VM_RUNNING;
	vm->mem_size = mem;
	vm->mem_hpa = (uint64_t)ram;
	vm->pages.limit = quota_limit;
	vm->budget = vm->budget_given = 1ull << 34;
	vm->nr_vcpus = 1;
	vcpu->vm = vm;
	fake_vmcs_reset(vmx_cpu.revision_id);
	vcpu->vmcs_pa = (uint64_t)aligned_alloc(4096, 4096);
	memset((void *)vcpu->vmcs_pa, 0, 4096);
	*(uint32_t *)vcpu->vmcs_pa = vmx_cpu.revision_id;
	if (!vmx_try_vmptrld(&vcpu->vmcs_pa))
		abort();
	memset(&fake_injected, 0, sizeof(fake_injected));
	memset(fake_msrs, 0, sizeof(fake_msrs));
	memset(&fake_nested_exit, 0, sizeof(fake_nested_exit));
	fake_machine_pages = -1;
}

void fake_vm_free(struct vm *vm)
{
	free((void *)vm->mem_hpa);
	free((void *)vm->vcpus[0].vmcs_pa);
	vm->mem_hpa = vm->vcpus[0].vmcs_pa = 0;
}

void *fake_gpa(struct vcpu *vcpu, uint64_t gpa)
{
	void *p = vm_gpa_to_hva(vcpu->vm, gpa, 1);

	if (!p) {
		fprintf(stderr, "fake_gpa: 0x%lx is outside the VM\n", (unsigned long)gpa);
		abort();
	}
	return p;
}

void fake_put64(struct vcpu *vcpu, uint64_t gpa, uint64_t value)
{
	memcpy(vm_gpa_to_hva(vcpu->vm, gpa, 8) ?: fake_gpa(vcpu, gpa), &value, 8);
}

uint64_t fake_get64(struct vcpu *vcpu, uint64_t gpa)
{
	uint64_t v;

	memcpy(&v, vm_gpa_to_hva(vcpu->vm, gpa, 8) ?: fake_gpa(vcpu, gpa), 8);
	return v;
}

/* ---------------------------------------------------------------- exit/ */
void vcpu_inject_exception(struct vcpu *vcpu, uint8_t vector, bool has_error, uint32_t error)
{
	fake_injected.count++;
	fake_injected.vector = vector;
	fake_injected.has_error = has_error;
	fake_injected.error = error;
	vcpu->stats.counter[VM_STAT_INJECTED]++;
}

static struct fake_msr *msr_find(uint32_t msr)
{
	for (unsigned i = 0; i < FAKE_MSR_MAX; i++)
		if (fake_msrs[i].index == msr && msr)
			return &fake_msrs[i];
	return NULL;
}

bool vcpu_msr_read(struct vcpu *vcpu, uint32_t msr, uint64_t *value)
{
	const struct fake_msr *m = msr_find(msr);

	(void)vcpu;
	if (!m)
		return false;
	*value = m->value;
	return true;
}

bool vcpu_msr_write(struct vcpu *vcpu, uint32_t msr, uint64_t value)
{
	struct fake_msr *m = msr_find(msr);

	(void)vcpu;
	if (!m || (value & m->refuse_mask))
		return false;
	m->value = value;
	m->writes++;
	return true;
}

/* ---------------------------------------------------------------- vm_vmcs.c */

/* A marker the tests look for in vmcs02. */
void vm_vmcs_write_host_state(void)
{
	vmcs_write(VMCS_HOST_RIP, 0x4057);
}

/* ---------------------------------------------------------------- INVEPT */
void ept_invalidate(uint64_t eptp)
{
	(void)eptp;
}

/* ---------------------------------------------------------------- nested_shadow.c: shadow=none */
bool nested_shadow_rare_held;

void nested_shadow_activate(struct vcpu *vcpu) { (void)vcpu; }
void nested_shadow_deactivate(struct vcpu *vcpu) { (void)vcpu; }
void nested_shadow_sync_from(struct vcpu *vcpu) { (void)vcpu; }
void nested_shadow_sync_to(struct vcpu *vcpu) { (void)vcpu; }
void nested_shadow_field_written(struct vcpu *vcpu, uint32_t encoding) { (void)vcpu; (void)encoding; }

/* ---------------------------------------------------------------- nested_exit.c */
void nested_entry_failed(struct vcpu *vcpu, uint32_t basic_reason, uint64_t qual)
{
	(void)vcpu;
	fake_nested_exit.entry_failed++;
	fake_nested_exit.entry_failed_reason = basic_reason;
	fake_nested_exit.entry_failed_qual = qual;
}

void nested_reflect_ept_fault(struct vcpu *vcpu, const struct vcpu_mem_fault *f)
{
	(void)vcpu;
	fake_nested_exit.ept_faults++;
	fake_nested_exit.ept_fault = *f;
}
