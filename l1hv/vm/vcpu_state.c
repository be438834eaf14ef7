/* SPDX-License-Identifier: MIT */
/* A VM's own register state outside the VMCS: see vcpu_state.h. */
#include "l1hv/vm/vcpu_state.h"

#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/vm/vm.h"

/* XSAVE area offsets (SDM Vol. 1 13.4): FCW, MXCSR, XSTATE_BV. */
#define XSAVE_FCW       0
#define XSAVE_MXCSR     24
#define XSAVE_XSTATE_BV 512

static int xsave_kind = -1;      /* 1: XSAVE, 0: FXSAVE only */
static uint64_t xsave_mask;      /* every user component the CPU has */

static void probe(void)
{
	if (xsave_kind >= 0)
		return;
	xsave_kind = (cpuid(1, 0).ecx & CPUID_1_ECX_XSAVE) && (read_cr4() & X86_CR4_OSXSAVE);
	/* Without CR4.OSFXSR, FXSAVE/FXRSTOR leave the XMM registers out
	 * (SDM Vol. 2A FXSAVE): l1hv itself uses no SSE, so it may set it. */
	if (!xsave_kind)
		write_cr4(read_cr4() | X86_CR4_OSFXSR);
	if (xsave_kind) {
		struct cpuid_regs d = cpuid(0xd, 0);
		xsave_mask = ((uint64_t)d.edx << 32) | d.eax;
		/* The standard form for all of them must fit the one page. */
		if (d.ecx > 4096)
			xsave_mask &= 0xff;
	}
}

uint64_t vcpu_state_xsave_components(void)
{
	probe();
	return xsave_kind ? xsave_mask : 0;
}

uint64_t vcpu_state_guest_xcr0(void)
{
	probe();
	return xsave_kind ? xgetbv(0) : XCR0_X87;
}

int vcpu_state_init(struct vcpu *vcpu)
{
	struct vcpu_cpu_state *s = &vcpu->cpu;
	uint8_t *a;

	probe();
	if (!(s->xsave_area = page_alloc_charged(&vcpu->vm->pages)))
		return -1;
	a = (uint8_t *)s->xsave_area;
	/* XSTATE_BV = 0: XRSTOR puts every component in its initial state,
	 * but MXCSR, which it loads from memory (SDM Vol. 1 13.8.1). */
	*(uint16_t *)(a + XSAVE_FCW) = X86_FCW_RESET;
	*(uint32_t *)(a + XSAVE_MXCSR) = X86_MXCSR_RESET;
	s->xcr0 = XCR0_X87;
	s->dr6 = X86_DR6_RESET;
	return 0;
}

#define DR_WRITE(n, v) asm volatile("mov %0, %%db" #n :: "r"(v))
#define DR_READ(n, v)  asm volatile("mov %%db" #n ", %0" : "=r"(v))

void vcpu_state_load(struct vcpu *vcpu)
{
	const struct vcpu_cpu_state *s = &vcpu->cpu;

	if (xsave_kind) {
		xsetbv(0, xsave_mask);
		asm volatile("xrstor64 %0" :: "m"(*(uint8_t *)s->xsave_area),
			     "a"((uint32_t)xsave_mask), "d"((uint32_t)(xsave_mask >> 32)) : "memory");
		xsetbv(0, s->xcr0);
	} else {
		asm volatile("fxrstor64 %0" :: "m"(*(uint8_t *)s->xsave_area) : "memory");
	}
	DR_WRITE(0, s->dr[0]);
	DR_WRITE(1, s->dr[1]);
	DR_WRITE(2, s->dr[2]);
	DR_WRITE(3, s->dr[3]);
	DR_WRITE(6, s->dr6);
	write_cr2(s->cr2);
}

void vcpu_state_save(struct vcpu *vcpu)
{
	struct vcpu_cpu_state *s = &vcpu->cpu;

	if (xsave_kind) {
		s->xcr0 = xgetbv(0);     /* the guest's own (handle_xsetbv) */
		xsetbv(0, xsave_mask);
		asm volatile("xsave64 %0" : "=m"(*(uint8_t *)s->xsave_area)
			     : "a"((uint32_t)xsave_mask), "d"((uint32_t)(xsave_mask >> 32)) : "memory");
		xsetbv(0, XCR0_X87);
	} else {
		asm volatile("fxsave64 %0" : "=m"(*(uint8_t *)s->xsave_area) :: "memory");
	}
	DR_READ(0, s->dr[0]);
	DR_READ(1, s->dr[1]);
	DR_READ(2, s->dr[2]);
	DR_READ(3, s->dr[3]);
	DR_READ(6, s->dr6);
	s->cr2 = read_cr2();
	/* l1hv itself runs with no breakpoints. */
	DR_WRITE(6, X86_DR6_RESET);
}
