/* SPDX-License-Identifier: MIT */
#include "l1hv/vm/vcpu_mem.h"

#include "common/free/string.h"
#include "common/free/x86.h"
#include "exit-reflect/exit_qual.h"
#include "l1hv/nested/ept12_walk.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vm/vcpu.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmcs.h"

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

void vcpu_gpt_env(struct vcpu *vcpu, struct gpt_env *g)
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
	g->ctx = vcpu->vm;
}

_Static_assert(GPT_ACCESS_READ == (int)EPT12_ACCESS_READ && GPT_ACCESS_WRITE == (int)EPT12_ACCESS_WRITE &&
	       GPT_ACCESS_FETCH == (int)EPT12_ACCESS_FETCH, "linear_translate passes one as the other");

/* L2-physical memory seen through L1's EPT (ept12), for the walker's
 * paging-structure reads; the first EPT fault is kept for the report. */
struct l2_phys {
	struct vcpu *vcpu;
	struct ept12_env env;
	bool ept_failed;
	uint64_t fail_gpa;
	struct ept12_result fail;
};

static bool l2_translate(struct l2_phys *c, uint64_t gpa, enum ept12_access access,
			 uint64_t *l1_gpa)
{
	struct ept12_result r;

	if (ept12_walk(&c->env, gpa, access, &r) != EPT12_OK) {
		c->ept_failed = true;
		c->fail_gpa = gpa;
		c->fail = r;
		return false;
	}
	*l1_gpa = r.gpa;
	return true;
}

static bool l2_read_phys(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct l2_phys *c = ctx;
	uint64_t l1_gpa;

	return l2_translate(c, gpa, EPT12_ACCESS_READ, &l1_gpa) &&
	       vm_read_phys(c->vcpu->vm, l1_gpa, buf, len);
}

/* An EPT fault of L2's access, as the exit to L1 reports it (SDM 28.2.1
 * Table 28-7): access and permission bits from the walk, the linear
 * address valid, bit 8 set for the final translation, clear for a
 * paging-structure entry; or a misconfiguration (nested_ept12_misconfig). */
static int ept_fault(const struct l2_phys *c, uint64_t la, bool final, struct vcpu_mem_fault *f)
{
	f->la = la;
	f->gpa = c->fail_gpa;
	if (nested_ept12_misconfig(c->fail.status)) {
		f->kind = VCPU_MEM_EPT_MISCONFIG;
		f->ept_qual = 0;
		return -1;
	}
	f->kind = VCPU_MEM_EPT_VIOLATION;
	f->ept_qual = (c->fail.exit_qual & 0x3f) | EXIT_QUAL_EPT_GLA_VALID |
		      (final ? EXIT_QUAL_EPT_GLA_TRANSLATED : 0);
	return -1;
}

static int walk_fault(const struct l2_phys *c, const struct gpt_result *r,
		      struct vcpu_mem_fault *f)
{
	f->la = r->la;
	switch (r->status) {
	case GPT_PAGE_FAULT:
		f->kind = VCPU_MEM_PAGE_FAULT;
		f->pf_error = r->pf_error;
		break;
	case GPT_NON_CANONICAL:
		f->kind = VCPU_MEM_NON_CANONICAL;
		break;
	case GPT_BAD_PDPTE:
		f->kind = VCPU_MEM_BAD_PDPTE;
		break;
	case GPT_MEM_FAILED:
	case GPT_OK:
		if (c->ept_failed)
			return ept_fault(c, r->la, false, f);
		f->kind = VCPU_MEM_NOT_RAM;
		f->gpa = r->bad_gpa;
		break;
	}
	return -1;
}

/* The host pointers for [la, la + len), at most two pages. */
static int linear_translate(struct vcpu *vcpu, uint64_t la, size_t len, enum gpt_access access,
			    void *ptr[2], size_t n[2], struct vcpu_mem_fault *f)
{
	struct l2_phys c = { .vcpu = vcpu };
	struct gpt_env g;
	struct gpt_result r;
	bool ept = vcpu->nested.in_l2 && nested_ept12_env(vcpu, &c.env);
	size_t done = 0;

	vcpu_gpt_env(vcpu, &g);
	if (ept) {
		g.read_phys = l2_read_phys;
		g.write_phys = NULL;
		g.ctx = &c;
	}
	for (unsigned i = 0; i < 2; i++) {
		n[i] = 0;
		if (done == len)
			continue;
		if (gpt_walk(&g, la + done, access, &r) != GPT_OK)
			return walk_fault(&c, &r, f);
		uint64_t gpa = r.gpa, left = 4096 - (r.la & 0xfff);
		n[i] = len - done < left ? len - done : (size_t)left;
		/* The walker's and the EPT walker's access kinds are in the
		 * same order (read, write, fetch). */
		if (ept && !l2_translate(&c, r.gpa, (enum ept12_access)access, &gpa))
			return ept_fault(&c, r.la, true, f);
		if (!(ptr[i] = vm_gpa_to_hva(vcpu->vm, gpa, n[i]))) {
			f->kind = VCPU_MEM_NOT_RAM;
			f->la = r.la;
			f->gpa = gpa;
			return -1;
		}
		done += n[i];
	}
	return 0;
}

/* Both directions: every page translated first, then the bytes moved. */
static int linear_copy(struct vcpu *vcpu, uint64_t la, void *guest_buf, size_t len,
		       enum gpt_access access, struct vcpu_mem_fault *f)
{
	uint8_t *buf = guest_buf;
	bool write = access == GPT_ACCESS_WRITE;
	void *ptr[2];
	size_t n[2];

	if (len > 4096) {
		*f = (struct vcpu_mem_fault){ .kind = VCPU_MEM_NOT_RAM, .la = la };
		return -1;
	}
	if (linear_translate(vcpu, la, len, access, ptr, n, f))
		return -1;
	for (unsigned i = 0, off = 0; i < 2 && n[i]; off += (unsigned)n[i], i++) {
		if (write)
			memcpy(ptr[i], buf + off, n[i]);
		else
			memcpy(buf + off, ptr[i], n[i]);
	}
	return 0;
}

int vcpu_linear_read(struct vcpu *vcpu, uint64_t la, void *buf, size_t len, struct vcpu_mem_fault *f)
{
	return linear_copy(vcpu, la, buf, len, GPT_ACCESS_READ, f);
}

int vcpu_linear_fetch(struct vcpu *vcpu, uint64_t la, void *buf, size_t len, struct vcpu_mem_fault *f)
{
	return linear_copy(vcpu, la, buf, len, GPT_ACCESS_FETCH, f);
}

int vcpu_linear_write(struct vcpu *vcpu, uint64_t la, const void *buf, size_t len,
		      struct vcpu_mem_fault *f)
{
	return linear_copy(vcpu, la, (void *)buf, len, GPT_ACCESS_WRITE, f);
}
