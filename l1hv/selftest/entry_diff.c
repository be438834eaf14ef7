/* SPDX-License-Identifier: MIT */
/*
 * Differential test of the VM-entry checks (selftest=entry-diff): l1hv, at
 * level 0, mutates a valid VMCS at random, asks vmcs12/'s checks what a VM
 * entry with it does, then performs that VM entry on the real VMX with the
 * same state and compares the outcomes: success, VMfailValid with its
 * VM-instruction error, or VM-entry failure with its exit reason and
 * qualification (SDM 27.1-27.4, 27.8).
 *
 * The baseline is a 64-bit guest in a few scratch pages filled with HLT,
 * confined to them twice: by EPT (identity, scratch pages only) and by its
 * own page tables (the same pages only), with HLT exiting, every exception
 * exiting and the VMX-preemption timer running, so any entry that succeeds
 * exits within a few instructions without touching l1hv's memory. The
 * checks run against this CPU's own capability MSRs.
 *
 * Fields not mutated, because an accepted wrong value would let the guest
 * or the VM exit reach l1hv itself, are listed in `frozen`; the page bits
 * of address fields keep their value (their alignment and width bits are
 * mutated). A mutated host-state field is run on the CPU only when the
 * checks reject it or it is harmless to l1hv (`host_harmless`), and an
 * entry into an activity state the preemption timer does not end
 * (shutdown, wait-for-SIPI) is not attempted: such cases are counted as
 * "not run".
 */
#include "l1hv/selftest/entry_diff.h"

#include "common/fmt.h"
#include "common/free/cpu_tables.h"
#include "common/free/string.h"
#include "common/free/x86.h"
#include "l1hv/console/console.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/vm/vm_vmcs.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "l1hv/vmx/vmx_entry.h"
#include "vmcs12/canonical.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmcs12_access.h"
#include "vmcs12/vmcs12_entry.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"
#include "vmcs12/vmx_insn_error.h"

/* Offsets in the scratch pages (identity-mapped: guest-physical = linear =
 * host-physical). */
#define SCRATCH_PAGES  8
#define GUEST_CODE     0x0000     /* page 0: HLT everywhere */
#define GUEST_PML4     0x1000
#define GUEST_PDPT     0x2000
#define GUEST_PD       0x3000
#define GUEST_TSS      0x4000
#define GUEST_PT       0x5000
#define GUEST_STACK    0x8000
#define DIFF_VPID      0x7ff
#define REPORT_MAX     24

static uint64_t scratch, ept_pml4, vmcs_pa;
static struct vmcs12 base, cur;
static unsigned maxphyaddr, la_width;

static const enum vmcs_field frozen[] = {
	/* The exit path of l1hv itself. */
	VMCS_HOST_RIP, VMCS_HOST_RSP, VMCS_HOST_CR3, VMCS_HOST_CR0, VMCS_HOST_CR4,
	VMCS_HOST_IA32_EFER, VMCS_HOST_CS_SELECTOR, VMCS_HOST_TR_SELECTOR,
	VMCS_HOST_TR_BASE, VMCS_HOST_GDTR_BASE, VMCS_HOST_IDTR_BASE, VMCS_HOST_SS_SELECTOR,
	/* MSR areas: the CPU would load MSRs of l1hv's from them. */
	VMCS_VM_EXIT_MSR_STORE_COUNT, VMCS_VM_EXIT_MSR_LOAD_COUNT, VMCS_VM_ENTRY_MSR_LOAD_COUNT,
	VMCS_VM_EXIT_MSR_STORE_ADDR, VMCS_VM_EXIT_MSR_LOAD_ADDR, VMCS_VM_ENTRY_MSR_LOAD_ADDR,
	/* The guest's way back to l1hv within a few instructions. */
	VMCS_VMX_PREEMPTION_TIMER_VALUE,
};

/* Pages the CPU reads or writes: their page-frame bits stay put. */
static const enum vmcs_field addresses[] = {
	VMCS_EPT_POINTER, VMCS_IO_BITMAP_A, VMCS_IO_BITMAP_B, VMCS_MSR_BITMAP,
	VMCS_VIRTUAL_APIC_PAGE_ADDR, VMCS_APIC_ACCESS_ADDR, VMCS_VMREAD_BITMAP,
	VMCS_VMWRITE_BITMAP, VMCS_PML_ADDRESS, VMCS_VMCS_LINK_POINTER,
	VMCS_POSTED_INTR_DESC_ADDR, VMCS_EPTP_LIST_ADDRESS, VMCS_VE_INFORMATION_ADDRESS,
};

/* Host fields whose accepted value l1hv survives (and restores). */
static const enum vmcs_field host_harmless[] = {
	VMCS_HOST_DS_SELECTOR, VMCS_HOST_ES_SELECTOR, VMCS_HOST_FS_SELECTOR,
	VMCS_HOST_GS_SELECTOR, VMCS_HOST_FS_BASE, VMCS_HOST_GS_BASE,
	VMCS_HOST_IA32_SYSENTER_CS, VMCS_HOST_IA32_SYSENTER_ESP, VMCS_HOST_IA32_SYSENTER_EIP,
	VMCS_HOST_IA32_PAT,
};

static bool in_list(const enum vmcs_field *l, unsigned n, uint32_t enc)
{
	for (unsigned i = 0; i < n; i++)
		if ((uint32_t)l[i] == enc)
			return true;
	return false;
}
#define IN(list, enc) in_list(list, sizeof(list) / sizeof(list[0]), enc)

static unsigned field_bits(const struct vmcs_field_info *fi)
{
	return 8 * vmcs_width_bytes((enum vmcs_width)fi->width);
}

/* xorshift64*: deterministic, so a seed reproduces every case. */
static uint64_t rng;
static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

/* Guest-physical memory the checks may read (VTPR, link pointer, PDPTEs):
 * the CPU reads the same host-physical bytes through l1hv's identity map. */
static bool read_host_phys(void *ctx, uint64_t pa, void *buf, size_t len)
{
	(void)ctx;
	if (pa >= (4ull << 30) || len > (4ull << 30) - pa)
		return false;
	memcpy(buf, (const void *)pa, len);
	return true;
}

static uint32_t ctl(uint64_t cap, uint32_t want)
{
	return vmx_adjust_controls(cap, want, NULL);
}

/* A 4-level table walk for one address: the four entries, created in the
 * tables given (one page each), so that [pa, pa + n pages) maps to itself. */
static void identity_map(uint64_t *l4, uint64_t *l3, uint64_t *l2, uint64_t *l1, uint64_t pa,
			 unsigned n, uint64_t upper, uint64_t leaf)
{
	l4[(pa >> 39) & 511] = (uint64_t)l3 | upper;
	l3[(pa >> 30) & 511] = (uint64_t)l2 | upper;
	l2[(pa >> 21) & 511] = (uint64_t)l1 | upper;
	for (unsigned i = 0; i < n; i++)
		l1[((pa >> 12) + i) & 511] = (pa + 4096ull * i) | leaf;
}

static void setup_scratch(void)
{
	/* Within one 2 MiB region, so one page table covers all of it. */
	scratch = pages_alloc(SCRATCH_PAGES, 32 * 1024);
	memset((void *)scratch, 0xf4, 4096);                 /* HLT */
	memset((void *)(scratch + 4096), 0, (SCRATCH_PAGES - 1) * 4096);
	identity_map((uint64_t *)(scratch + GUEST_PML4), (uint64_t *)(scratch + GUEST_PDPT),
		     (uint64_t *)(scratch + GUEST_PD), (uint64_t *)(scratch + GUEST_PT), scratch,
		     SCRATCH_PAGES, 7, 7);
	ept_pml4 = page_alloc_zeroed();
	identity_map((uint64_t *)ept_pml4, (uint64_t *)page_alloc_zeroed(),
		     (uint64_t *)page_alloc_zeroed(), (uint64_t *)page_alloc_zeroed(), scratch,
		     SCRATCH_PAGES, 7, 7 | (6ull << 3));
	vmcs_pa = page_alloc_zeroed();
	*(uint32_t *)vmcs_pa = vmx_cpu.revision_id;
}

static void set_seg(struct vmcs12 *v, enum vmcs_field sel, uint16_t s, uint32_t ar)
{
	uint32_t idx = (uint32_t)sel - VMCS_GUEST_ES_SELECTOR;

	vmcs12_write(v, sel, s);
	vmcs12_write(v, (enum vmcs_field)(VMCS_GUEST_ES_LIMIT + idx), 0xffffffff);
	vmcs12_write(v, (enum vmcs_field)(VMCS_GUEST_ES_AR_BYTES + idx), ar);
	vmcs12_write(v, (enum vmcs_field)(VMCS_GUEST_ES_BASE + idx), 0);
}

static void build_baseline(void)
{
	const struct vmx_caps *c = &vmx_cpu.caps;
	struct vmcs12 *v = &base;
	struct desc_ptr gdtr, idtr;

	vmcs12_init(v, vmx_cpu.revision_id);
	v->PIN_BASED_VM_EXEC_CONTROL = ctl(vmx_caps_pinbased(c), PIN_BASED_EXT_INTR_MASK |
					   PIN_BASED_NMI_EXITING | PIN_BASED_VMX_PREEMPTION_TIMER);
	v->CPU_BASED_VM_EXEC_CONTROL = ctl(vmx_caps_procbased(c), CPU_BASED_HLT_EXITING |
					   CPU_BASED_UNCOND_IO_EXITING |
					   CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	v->SECONDARY_VM_EXEC_CONTROL = ctl(c->procbased_ctls2, SECONDARY_EXEC_ENABLE_EPT |
					   SECONDARY_EXEC_UNRESTRICTED_GUEST |
					   SECONDARY_EXEC_ENABLE_VPID);
	v->VM_EXIT_CONTROLS = ctl(vmx_caps_exit(c), VM_EXIT_HOST_ADDR_SPACE_SIZE |
				  VM_EXIT_SAVE_IA32_EFER | VM_EXIT_LOAD_IA32_EFER |
				  VM_EXIT_LOAD_IA32_PAT);
	v->VM_ENTRY_CONTROLS = ctl(vmx_caps_entry(c), VM_ENTRY_IA32E_MODE | VM_ENTRY_LOAD_IA32_EFER);
	v->EXCEPTION_BITMAP = 0xffffffff;
	v->EPT_POINTER = ept_pml4 | (3 << 3) | 6;
	v->VIRTUAL_PROCESSOR_ID = DIFF_VPID;
	v->VMCS_LINK_POINTER = ~0ull;
	v->VMX_PREEMPTION_TIMER_VALUE = 64;
	v->CR0_GUEST_HOST_MASK = 0;
	v->CR4_GUEST_HOST_MASK = 0;

	/* Host: l1hv, as vm_vmcs_write_host_state writes it. */
	sgdt(&gdtr);
	sidt(&idtr);
	v->HOST_CR0 = read_cr0();
	v->HOST_CR3 = read_cr3();
	v->HOST_CR4 = read_cr4();
	v->HOST_CS_SELECTOR = SEL_CODE64;
	v->HOST_SS_SELECTOR = SEL_DATA;
	v->HOST_DS_SELECTOR = SEL_DATA;
	v->HOST_ES_SELECTOR = SEL_DATA;
	v->HOST_TR_SELECTOR = SEL_TSS;
	v->HOST_TR_BASE = cpu_tss_base();
	v->HOST_GDTR_BASE = gdtr.base;
	v->HOST_IDTR_BASE = idtr.base;
	v->HOST_IA32_EFER = rdmsr(MSR_IA32_EFER);
	v->HOST_IA32_PAT = rdmsr(MSR_IA32_PAT);
	v->HOST_RIP = (uint64_t)vmx_exit_landing;

	/* Guest: 64-bit, flat, in the scratch pages. */
	v->GUEST_CR0 = (X86_CR0_PE | X86_CR0_PG | X86_CR0_NE | X86_CR0_ET | c->cr0_fixed0) &
		       c->cr0_fixed1;
	v->GUEST_CR4 = (X86_CR4_PAE | c->cr4_fixed0) & c->cr4_fixed1;
	v->GUEST_CR3 = scratch + GUEST_PML4;
	v->GUEST_IA32_EFER = X86_EFER_LME | X86_EFER_LMA;
	v->GUEST_DR7 = 0x400;
	v->GUEST_RFLAGS = X86_RFLAGS_FIXED;
	v->GUEST_RIP = scratch + GUEST_CODE + 0x100;
	v->GUEST_RSP = scratch + GUEST_STACK;
	set_seg(v, VMCS_GUEST_CS_SELECTOR, 0x08, 0xa09b);
	set_seg(v, VMCS_GUEST_SS_SELECTOR, 0x10, 0xc093);
	set_seg(v, VMCS_GUEST_DS_SELECTOR, 0x10, 0xc093);
	set_seg(v, VMCS_GUEST_ES_SELECTOR, 0x10, 0xc093);
	set_seg(v, VMCS_GUEST_FS_SELECTOR, 0, 0x10000);
	set_seg(v, VMCS_GUEST_GS_SELECTOR, 0, 0x10000);
	v->GUEST_LDTR_AR_BYTES = 0x10000;
	v->GUEST_TR_SELECTOR = 0x18;
	v->GUEST_TR_BASE = scratch + GUEST_TSS;
	v->GUEST_TR_LIMIT = 0x67;
	v->GUEST_TR_AR_BYTES = 0x8b;
	v->GUEST_GDTR_LIMIT = 0x1f;
	v->GUEST_IDTR_LIMIT = 0xfff;
	v->GUEST_IA32_PAT = 0x0007040600070406ull;
	v->launch_state = VMCS12_LAUNCH_STATE_CLEAR;
}

static bool mutable_field(const struct vmcs_field_info *fi)
{
	return fi->type != VMCS_TYPE_RO && vmcs_field_supported(&vmx_cpu.caps, fi->encoding) &&
	       !IN(frozen, fi->encoding);
}

/* One mutation of cur: a field chosen at random, changed the way entry
 * checks care about (single bits, boundaries, random values). */
static const struct vmcs_field_info *mutate(uint64_t *old, uint64_t *now)
{
	const struct vmcs_field_info *fi;

	do
		fi = &vmcs_field_table[rnd() % VMCS_NR_FIELDS];
	while (!mutable_field(fi));
	unsigned bits = field_bits(fi);
	uint64_t mask = bits == 64 ? ~0ull : (1ull << bits) - 1, v = vmcs12_get(&cur, fi), r = rnd();

	*old = v;
	switch (r % 8) {
	case 0: case 1: case 2:
		v ^= 1ull << ((r >> 8) % bits);                      /* one bit */
		break;
	case 3:
		v ^= (1ull << ((r >> 8) % bits)) | (1ull << ((r >> 16) % bits));
		break;
	case 4:
		v = (r >> 8) & 1 ? 0 : mask;
		break;
	case 5:
		v = 1ull << ((r >> 8) % bits);
		break;
	default:
		v = rnd() & mask;
		break;
	}
	/* Address fields keep their page frame below MAXPHYADDR. */
	if (IN(addresses, fi->encoding) && !(fi->encoding == VMCS_VMCS_LINK_POINTER && *old == ~0ull)) {
		uint64_t frame = ((1ull << maxphyaddr) - 1) & ~0xfffull;
		v = (*old & frame) | (v & ~frame);
	}
	v &= mask;
	vmcs12_set(&cur, fi, v);
	*now = v;
	return fi;
}

struct outcome {
	enum vmcs12_entry_kind kind;
	uint32_t error;       /* VMFAIL_VALID */
	uint32_t reason;      /* FAIL: full exit reason */
	uint64_t qual;
};

static bool same(const struct outcome *a, const struct outcome *b)
{
	if (a->kind != b->kind)
		return false;
	if (a->kind == VMCS12_ENTRY_VMFAIL_VALID)
		return a->error == b->error;
	if (a->kind == VMCS12_ENTRY_FAIL)
		return a->reason == b->reason && a->qual == b->qual;
	return true;
}

static void describe(char *buf, unsigned len, const struct outcome *o)
{
	switch (o->kind) {
	case VMCS12_ENTRY_OK:
		fmt_snprintf(buf, len, "enters");
		break;
	case VMCS12_ENTRY_VMFAIL_VALID:
		fmt_snprintf(buf, len, "VMfailValid(%u)", o->error);
		break;
	case VMCS12_ENTRY_FAIL:
		fmt_snprintf(buf, len, "entry failure %u/%lu", o->reason & 0xffff, o->qual);
		break;
	}
}

/* The CPU's verdict on cur: load it into a fresh VMCS and VMLAUNCH.
 * Returns false if the harness itself failed (reported). */
static bool run_on_cpu(struct outcome *o)
{
	uint64_t regs[GPR_COUNT] = { 0 }, host_rsp = 0, err = 0;

	if (!vmx_try_vmclear(&vmcs_pa) || !vmx_try_vmptrld(&vmcs_pa)) {
		pr_info("entry-diff: VMCLEAR/VMPTRLD of the scratch VMCS failed\n");
		return false;
	}
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		if (fi->type == VMCS_TYPE_RO || !vmcs_field_supported(&vmx_cpu.caps, fi->encoding))
			continue;
		if (!vmcs_try_write(fi->encoding, vmcs12_get(&cur, fi))) {
			pr_info("entry-diff: VMWRITE of %s failed\n", fi->name);
			return false;
		}
	}
	int rc = vmx_enter(regs, 0, &host_rsp);
	/* What a VM exit or a late entry failure loaded from the host-state
	 * area, back to l1hv's own (vm_vmcs_write_host_state's values). */
	wrmsr(MSR_IA32_PAT, base.HOST_IA32_PAT);
	wrmsr(MSR_IA32_SYSENTER_CS, 0);
	wrmsr(MSR_IA32_SYSENTER_ESP, 0);
	wrmsr(MSR_IA32_SYSENTER_EIP, 0);
	wrmsr(MSR_IA32_FS_BASE, 0);
	wrmsr(MSR_IA32_GS_BASE, 0);
	asm volatile("mov %0, %%ds; mov %0, %%es; mov %1, %%fs; mov %1, %%gs"
		     :: "r"((uint32_t)SEL_DATA), "r"(0u));
	if (rc == VMX_ENTRY_FAIL_INVALID) {
		pr_info("entry-diff: VMLAUNCH gave VMfailInvalid (no current VMCS)\n");
		return false;
	}
	if (rc == VMX_ENTRY_FAIL_VALID) {
		vmcs_try_read(VMCS_VM_INSTRUCTION_ERROR, &err);
		*o = (struct outcome){ .kind = VMCS12_ENTRY_VMFAIL_VALID, .error = (uint32_t)err };
		return true;
	}
	uint32_t reason = vmcs_read32(VMCS_VM_EXIT_REASON);
	if (reason & VMX_EXIT_REASON_FAILED_VMENTRY)
		*o = (struct outcome){ .kind = VMCS12_ENTRY_FAIL, .reason = reason,
				       .qual = vmcs_read(VMCS_EXIT_QUALIFICATION) };
	else
		*o = (struct outcome){ .kind = VMCS12_ENTRY_OK };
	return true;
}

/* A guest that gets in is sure to come back out soon, without leaving the
 * scratch pages: it cannot wait forever (shutdown or wait-for-SIPI, or a
 * HLT nothing ends), and without EPT its own paging is still the
 * baseline's. */
static bool guest_contained(const struct vmcs12 *v)
{
	bool timer = v->PIN_BASED_VM_EXEC_CONTROL & PIN_BASED_VMX_PREEMPTION_TIMER;
	bool sec = v->CPU_BASED_VM_EXEC_CONTROL & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	bool ept = sec && (v->SECONDARY_VM_EXEC_CONTROL & SECONDARY_EXEC_ENABLE_EPT);

	if (v->GUEST_ACTIVITY_STATE == GUEST_ACTIVITY_SHUTDOWN ||
	    v->GUEST_ACTIVITY_STATE == GUEST_ACTIVITY_WAIT_SIPI)
		return false;
	if (!timer && (v->GUEST_ACTIVITY_STATE == GUEST_ACTIVITY_HLT ||
		       !(v->CPU_BASED_VM_EXEC_CONTROL & CPU_BASED_HLT_EXITING)))
		return false;
	return ept || (v->GUEST_CR3 == base.GUEST_CR3 && v->GUEST_CR0 == base.GUEST_CR0 &&
		       v->GUEST_CR4 == base.GUEST_CR4);
}

static bool host_field(const struct vmcs_field_info *fi)
{
	return fi->type == VMCS_TYPE_HOST;
}

/*
 * The known differences: where Bochs 2.7, the CPU these runs have, departs
 * from the SDM, and where the SDM lets two processors differ. Each has a
 * line in tests/entry_diff_known.txt, which the scenario reads. NULL if the
 * disagreement is none of them.
 */
#define VMX_AR_UNUSABLE_BIT (1u << 16)

static bool seg_ar_reserved(const struct vmcs12 *v)
{
	const uint32_t ar[] = { v->GUEST_CS_AR_BYTES, v->GUEST_SS_AR_BYTES, v->GUEST_DS_AR_BYTES,
				v->GUEST_ES_AR_BYTES, v->GUEST_FS_AR_BYTES, v->GUEST_GS_AR_BYTES };

	for (unsigned i = 0; i < sizeof(ar) / sizeof(ar[0]); i++)
		if (!(ar[i] & VMX_AR_UNUSABLE_BIT) && (ar[i] & 0xfffe0f00u))
			return true;
	return false;
}

/* The failed rule's condition text mentions the word. */
static bool cond_names(const struct vmcs12_entry_result *res, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = res->cond; p && *p; p++)
		if (!strncmp(p, word, n) && (p == res->cond || !((p[-1] >= 'a' && p[-1] <= 'z') ||
								  p[-1] == '_')))
			return true;
	return false;
}

static const char *bochs_departure(const struct vmcs12 *v, const struct vmcs12_entry_result *res,
				   const struct outcome *sw, const struct outcome *hw)
{
	bool ia32e = v->VM_ENTRY_CONTROLS & VM_ENTRY_IA32E_MODE;
	bool cs_l = v->GUEST_CS_AR_BYTES & (1u << 13);
	uint32_t cs_type = v->GUEST_CS_AR_BYTES & 0xf, cs_dpl = (v->GUEST_CS_AR_BYTES >> 5) & 3;

	/* SDM 27.3.1.4: RIP bits 63:N identical for a 64-bit guest; Bochs
	 * checks only bits 63:32 outside 64-bit mode. */
	if (sw->kind == VMCS12_ENTRY_FAIL && hw->kind == VMCS12_ENTRY_OK && ia32e && cs_l &&
	    !x86_canonical(v->GUEST_RIP, la_width))
		return "rip-not-canonical";
	/* SDM 27.3.1.2: with "unrestricted guest" no check compares CS's RPL
	 * with anything; Bochs 2.7 wants RPL = DPL for a non-conforming CS. */
	if (sw->kind == VMCS12_ENTRY_OK && hw->kind == VMCS12_ENTRY_FAIL &&
	    (cs_type == 9 || cs_type == 11) && (v->GUEST_CS_SELECTOR & 3) != cs_dpl)
		return "cs-rpl-vs-dpl";
	/* SDM 27.3.1.5: bits 63:17 of the pending debug exceptions are
	 * reserved (save 16, RTM); Bochs reads the field as 32 bits. */
	if (sw->kind == VMCS12_ENTRY_FAIL && hw->kind == VMCS12_ENTRY_OK &&
	    (v->GUEST_PENDING_DBG_EXCEPTIONS >> 32) &&
	    !((uint32_t)v->GUEST_PENDING_DBG_EXCEPTIONS & 0xffffaff0u))
		return "pending-dbg-bits-63-32";
	/* Bochs skips every check on SS in a 64-bit guest whose SS selector
	 * has RPL 0 (it takes that for a null SS, which 64-bit mode allows);
	 * SDM 27.3.1.2 exempts only an unusable SS. */
	if (sw->kind == VMCS12_ENTRY_FAIL && hw->kind == VMCS12_ENTRY_OK && ia32e && cs_l &&
	    !(v->GUEST_SS_SELECTOR & 3) && !(v->GUEST_SS_AR_BYTES & VMX_AR_UNUSABLE_BIT) &&
	    cond_names(res, "ss"))
		return "ss-unchecked-rpl0";
	/* SDM 27.3.1.2: a non-conforming CS's DPL must equal the DPL in SS's
	 * access rights; Bochs skips SS (this check with it) when SS is
	 * unusable, or in a 64-bit guest when SS's RPL is 0. */
	if (sw->kind == VMCS12_ENTRY_FAIL && hw->kind == VMCS12_ENTRY_OK &&
	    ((v->GUEST_SS_AR_BYTES & VMX_AR_UNUSABLE_BIT) ||
	     (ia32e && cs_l && !(v->GUEST_SS_SELECTOR & 3))) &&
	    (cs_type == 9 || cs_type == 11) && ((v->GUEST_SS_AR_BYTES >> 5) & 3) != cs_dpl)
		return "cs-ss-dpl-unchecked";
	/* SDM 27.3.1.1: an IA-32e mode guest needs CR0.PG = 1 (as KVM's
	 * nested checks have it); Bochs 2.7 checks only CR4.PAE. */
	if (sw->kind == VMCS12_ENTRY_FAIL && hw->kind == VMCS12_ENTRY_OK && ia32e &&
	    !(v->GUEST_CR0 & X86_CR0_PG))
		return "ia32e-without-pg";
	/* SDM 27.3.1.2: bits 11:8 and 31:17 of a usable segment's access
	 * rights are reserved; Bochs 2.7 does not check them. */
	if (sw->kind == VMCS12_ENTRY_FAIL && hw->kind == VMCS12_ENTRY_OK && seg_ar_reserved(v))
		return "seg-ar-reserved-bits";
	/* The SDM has no check on the TSC multiplier; Bochs fails the entry
	 * (VMfailValid 7) with "use TSC scaling" and a multiplier of 0. */
	if (sw->kind != VMCS12_ENTRY_VMFAIL_VALID && hw->kind == VMCS12_ENTRY_VMFAIL_VALID &&
	    hw->error == 7 &&
	    (v->CPU_BASED_VM_EXEC_CONTROL & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) &&
	    (v->SECONDARY_VM_EXEC_CONTROL & SECONDARY_EXEC_TSC_SCALING) && !v->TSC_MULTIPLIER)
		return "tsc-multiplier-zero";
	/* SDM 27.2.1.3: "entry to SMM" outside SMM is a control-field error
	 * (VMfailValid 7); Bochs checks it with the guest state (reason 33). */
	if (sw->kind == VMCS12_ENTRY_VMFAIL_VALID && hw->kind == VMCS12_ENTRY_FAIL &&
	    (v->VM_ENTRY_CONTROLS & VM_ENTRY_SMM))
		return "entry-to-smm";
	/* SDM 27.8: "VM-entry checks on guest-state fields may be performed
	 * in any order", so two failed checks may report either's
	 * qualification; SDM 27.2 likewise for controls (7) and host state
	 * (8). Not a departure: both are right. */
	if (sw->kind == hw->kind && sw->kind == VMCS12_ENTRY_FAIL && sw->reason == hw->reason)
		return "sdm-any-order (guest state)";
	if (sw->kind == hw->kind && sw->kind == VMCS12_ENTRY_VMFAIL_VALID &&
	    (sw->error == 7 || sw->error == 8) && (hw->error == 7 || hw->error == 8))
		return "sdm-any-order (controls, host state)";
	return NULL;
}

/* How often each known difference came up (names are string constants). */
static struct { const char *name; uint64_t count; } tally[16];

static void tally_add(const char *name)
{
	unsigned i = 0;

	while (i < 16 && tally[i].name && tally[i].name != name)
		i++;
	if (i == 16)
		return;
	tally[i].name = name;
	tally[i].count++;
}

struct mutation {
	const struct vmcs_field_info *fi;
	uint64_t old, now;
};

bool entry_diff_run(uint64_t cases, uint64_t seed)
{
	struct vmcs12_entry_env env;
	uint64_t agree = 0, known = 0, differ = 0, not_run = 0, by_kind[3] = { 0 };

	maxphyaddr = cpuid(0x80000008, 0).eax & 0xff;
	la_width = (cpuid(0x80000008, 0).eax >> 8) & 0xff;
	env = (struct vmcs12_entry_env){ .caps = &vmx_cpu.caps, .maxphyaddr = maxphyaddr,
					 .la_width = la_width, .launch = true, .host_ia32e = true,
					 .rtm = cpuid(7, 0).ebx & CPUID_7_EBX_RTM,
					 .read_phys = read_host_phys };
	setup_scratch();
	build_baseline();
	rng = seed ? seed : 1;
	pr_info("entry-diff: %lu cases, seed %lu, against this CPU's VMX (revision 0x%x)\n",
		cases, seed, vmx_cpu.revision_id);
	for (uint64_t n = 0; n < cases; n++) {
		struct vmcs12_entry_result res;
		struct outcome sw, hw;
		struct mutation mut[3];

		cur = base;
		/* Case 0 is the baseline itself; then one to three mutations. */
		unsigned muts = n ? 1 + (unsigned)(rnd() % 3 == 0) + (unsigned)(rnd() % 5 == 0) : 0;
		bool host_risky = false;
		for (unsigned m = 0; m < muts; m++) {
			mut[m].fi = mutate(&mut[m].old, &mut[m].now);
			host_risky |= host_field(mut[m].fi) && !IN(host_harmless, mut[m].fi->encoding);
		}
		vmcs12_check_entry(&cur, &env, &res);
		sw = (struct outcome){ .kind = res.kind, .error = res.insn_error,
				       .reason = res.exit_reason, .qual = res.exit_qual };
		/* Bochs ends the whole emulation (a panic) on a VM entry to SMM
		 * that gets past the SMI-blocking check. */
		bool smm_panic = (cur.VM_ENTRY_CONTROLS & VM_ENTRY_SMM) &&
				 (cur.GUEST_INTERRUPTIBILITY_INFO & (1u << 2));
		/* ... and on an IA-32e mode guest with CR0.PE = 0 (which the
		 * SDM refuses: CR0.PG must be 1). */
		smm_panic |= (cur.VM_ENTRY_CONTROLS & VM_ENTRY_IA32E_MODE) &&
			     !(cur.GUEST_CR0 & X86_CR0_PE);
		if (smm_panic || (host_risky && sw.kind == VMCS12_ENTRY_OK) ||
		    (sw.kind != VMCS12_ENTRY_VMFAIL_VALID && !guest_contained(&cur))) {
			not_run++;
			continue;
		}
		if (!run_on_cpu(&hw))
			return false;
		if (same(&sw, &hw)) {
			agree++;
			by_kind[sw.kind]++;
			continue;
		}
		const char *why = bochs_departure(&cur, &res, &sw, &hw);
		if (why)
			tally_add(why);
		if (why ? known++ < REPORT_MAX : differ++ < REPORT_MAX) {
			char a[40], b[40];
			describe(a, sizeof(a), &sw);
			describe(b, sizeof(b), &hw);
			pr_info("entry-diff: case %lu: %s%s:", n, why ? "known difference " :
				"UNEXPLAINED", why ? why : "");
			for (unsigned m = 0; m < muts; m++)
				console_printf(" %s 0x%lx -> 0x%lx", mut[m].fi->name, mut[m].old,
					       mut[m].now);
			console_printf("; l1hv %s (%s \"%s\"), CPU %s\n", a,
				       res.sdm_section ? res.sdm_section : "-", res.cond ? res.cond : "", b);
		}
		if (n == 0) {
			pr_info("entry-diff: the baseline itself disagrees: nothing else is meaningful\n");
			return false;
		}
	}
	pr_info("entry-diff: %lu agree (%lu enter, %lu VMfailValid, %lu entry failure), "
		"%lu known differences, %lu unexplained, %lu not run\n", agree,
		by_kind[VMCS12_ENTRY_OK], by_kind[VMCS12_ENTRY_VMFAIL_VALID],
		by_kind[VMCS12_ENTRY_FAIL], known, differ, not_run);
	for (unsigned i = 0; i < 16 && tally[i].name; i++)
		pr_info("entry-diff: known difference %s: %lu cases\n", tally[i].name, tally[i].count);
	return differ == 0;
}
