/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the nested-VMX walkers and the operand decoder on random guest
 * memory and random inputs. The memory is a 64 KiB window that every
 * guest-physical address aliases into (so random entries lead somewhere),
 * below a random limit past which reads fail. Checked on every input:
 *   - no crash or undefined behaviour (ASan + UBSan);
 *   - gpt_walk: the status is in range; a translation keeps the offset
 *     within the page it reports, with a page size the paging mode has and
 *     a gpa below MAXPHYADDR; its rights agree with the access (a granted
 *     write was to a writable page where R/W applies, a granted fetch was
 *     not XD, a CPL-3 access reached a user page); a #PF error code has
 *     exactly the access bits the access implies; a granted write implies
 *     a granted read of the same gpa; walking twice gives the same answer;
 *     copying one byte reads what is at the gpa;
 *   - gpt_copy_to: a fault other than a failed memory write leaves memory
 *     untouched; a success puts every byte where a walk says it belongs;
 *   - ept12_walk: a translation stays within its leaf, has a supported page
 *     size and memory type and the permission the access needs; a violation
 *     qualification is exactly access bit | AND-of-permissions << 3 and the
 *     access was indeed not permitted; a misconfiguration names a reason
 *     that ept12_entry_misconfig() gives again for the reported entry; a
 *     permitted write implies a permitted read;
 *   - ept12_eptp_decode: an accepted EPTP has a supported type and length;
 *   - vmx_operand_decode: offsets fit the address size, 32-bit linear
 *     addresses outside 64-bit mode, register numbers < 16.
 */
#include "tests/fuzz/fuzz_input.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exit-reflect/exit_reasons.h"
#include "l1hv/nested/ept12_walk.h"
#include "l1hv/nested/gpt_walk.h"
#include "l1hv/nested/vmx_operand.h"
#include "vmcs12/vmx_caps.h"

#define WIN_SIZE  0x10000u
#define WIN_MASK  (WIN_SIZE - 1)
#define COPY_MAX  64


struct win {
	uint8_t bytes[WIN_SIZE];
	uint8_t shadow[WIN_SIZE];   /* gpt_copy_to writes here, never the tables */
	uint64_t limit;             /* first gpa that is not memory */
};

static bool in_limit(const struct win *w, uint64_t gpa, size_t len)
{
	return gpa < w->limit && len <= w->limit - gpa;
}

static bool win_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct win *w = ctx;

	if (!in_limit(w, gpa, len))
		return false;
	for (size_t i = 0; i < len; i++)
		((uint8_t *)buf)[i] = w->bytes[(gpa + i) & WIN_MASK];
	return true;
}

static bool win_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct win *w = ctx;

	if (!in_limit(w, gpa, len))
		return false;
	for (size_t i = 0; i < len; i++)
		w->shadow[(gpa + i) & WIN_MASK] = ((const uint8_t *)buf)[i];
	return true;
}

static unsigned int clamp_m(unsigned int m)
{
	return m < 32 ? 32 : m > 52 ? 52 : m;
}

static void check_gpt_result(const struct gpt_env *env, enum gpt_access acc,
			     const struct gpt_result *r)
{
	uint64_t size = r->page_size;

	if (r->status > GPT_MEM_FAILED)
		abort();
	if (r->status == GPT_PAGE_FAULT) {
		uint32_t ec = r->pf_error;

		if (ec & ~0x1fu)
			abort();
		if (!!(ec & PF_ERR_WRITE) != (acc == GPT_ACCESS_WRITE) ||
		    !!(ec & PF_ERR_USER) != (env->cpl == 3) ||
		    ((ec & PF_ERR_FETCH) && acc != GPT_ACCESS_FETCH) ||
		    ((ec & PF_ERR_RSVD) && !(ec & PF_ERR_PRESENT)))
			abort();
		if (r->level < 1 || r->level > 5)
			abort();
	}
	if (r->status != GPT_OK)
		return;
	switch (r->mode) {
	case GPT_MODE_NONE:
		if (size != 0x1000 || r->gpa != r->la || r->gpa >> 32)
			abort();
		return;
	case GPT_MODE_32BIT:
		if ((size != 0x1000 && size != 0x400000) || r->gpa >> 40)
			abort();
		break;
	case GPT_MODE_PAE:
		if (size != 0x1000 && size != 0x200000)
			abort();
		break;
	case GPT_MODE_4LEVEL:
	case GPT_MODE_5LEVEL:
		if (size != 0x1000 && size != 0x200000 && !(size == 0x40000000 && env->gbpages))
			abort();
		break;
	}
	if ((r->gpa & (size - 1)) != (r->la & (size - 1)) || r->gpa >> clamp_m(env->maxphyaddr))
		abort();
	if (acc == GPT_ACCESS_WRITE && !r->writable &&
	    (env->cpl == 3 || (env->cr0 & X86_CR0_WP)))
		abort();
	if (acc == GPT_ACCESS_FETCH && r->nx)
		abort();
	if (env->cpl == 3 && !r->user)
		abort();
}

static void fuzz_gpt(struct win *w, struct fuzz_input *in)
{
	uint64_t pdptes[4];
	uint8_t sel = (uint8_t)take(in, 1);
	struct gpt_env env = {
		.cr0 = take(in, 1) & 1 ? X86_CR0_PG | X86_CR0_WP : X86_CR0_PG,
		.cr3 = take(in, 8),
		.cr4 = take(in, 4),
		.efer = take(in, 2),
		.cpl = (uint8_t)(take(in, 1) & 3),
		.maxphyaddr = (uint8_t)take(in, 1),
		.gbpages = sel & 1,
		.rflags_ac = sel & 2,
		.read_phys = win_read,
		.write_phys = win_write,
		.ctx = w,
	};
	uint64_t la = take(in, 8);
	enum gpt_access acc = (enum gpt_access)(take(in, 1) % 3);
	struct gpt_result r, again;
	uint8_t data[COPY_MAX], byte;
	size_t len = take(in, 1) % (COPY_MAX + 1);

	if (sel & 4)
		env.cr0 = 0;
	if (sel & 8) {
		for (int i = 0; i < 4; i++)
			pdptes[i] = take(in, 8);
		env.pdptes = pdptes;
	}
	gpt_walk(&env, la, acc, &r);
	check_gpt_result(&env, acc, &r);
	gpt_walk(&env, la, acc, &again);
	if (again.status != r.status || again.gpa != r.gpa || again.pf_error != r.pf_error ||
	    again.level != r.level || again.page_size != r.page_size)
		abort();
	if (r.status == GPT_OK && acc == GPT_ACCESS_WRITE) {
		gpt_walk(&env, la, GPT_ACCESS_READ, &again);
		if (again.status != GPT_OK || again.gpa != r.gpa)
			abort();
	}
	if (r.status == GPT_OK && in_limit(w, r.gpa, 1)) {
		/* A granted write implies a granted read (checked above). */
		if (gpt_copy_from(&env, la, &byte, 1, acc == GPT_ACCESS_FETCH ? acc : GPT_ACCESS_READ,
				  &again) != GPT_OK || byte != w->bytes[r.gpa & WIN_MASK])
			abort();
	}

	/* Multi-page copy into the shadow window. */
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)(0x5a ^ i);
	memcpy(w->shadow, w->bytes, WIN_SIZE);
	gpt_copy_to(&env, la, data, len, &r);
	if (r.status != GPT_OK && r.status != GPT_MEM_FAILED &&
	    memcmp(w->shadow, w->bytes, WIN_SIZE))
		abort();
	if (r.status == GPT_OK) {
		/* Later bytes win where two linear bytes alias one window byte. */
		static int32_t last[WIN_SIZE];
		uint64_t gpas[COPY_MAX];

		for (size_t i = 0; i < len; i++) {
			if (gpt_walk(&env, la + i, GPT_ACCESS_WRITE, &again) != GPT_OK)
				abort();
			gpas[i] = again.gpa & WIN_MASK;
			last[gpas[i]] = (int32_t)i;
		}
		for (size_t i = 0; i < len; i++)
			if (w->shadow[gpas[i]] != data[last[gpas[i]]])
				abort();
	}
}

static void fuzz_ept(struct win *w, struct fuzz_input *in)
{
	uint64_t cap = take(in, 4);
	unsigned int m = (unsigned int)take(in, 1);
	struct ept12_env env = { .ept_vpid_cap = cap, .maxphyaddr = (uint8_t)m,
				 .read_phys = win_read, .ctx = w };
	enum ept12_eptp_error err = ept12_eptp_decode(take(in, 8), cap, m, &env.eptp);
	uint64_t gpa = take(in, 8);
	enum ept12_access acc = (enum ept12_access)(take(in, 1) % 3);
	static const uint8_t need[] = { EPT_READ, EPT_WRITE, EPT_EXEC };
	struct ept12_result r, rd;

	if (err == EPT12_EPTP_OK) {
		if ((env.eptp.levels != 4 && env.eptp.levels != 5) ||
		    (env.eptp.memtype != 0 && env.eptp.memtype != 6) ||
		    (env.eptp.root & 0xfff) || env.eptp.root >> clamp_m(m))
			abort();
	}
	if (take(in, 1) & 1)
		gpa &= 0xffffffffffull;     /* mostly below MAXPHYADDR */
	ept12_walk(&env, gpa, acc, &r);
	switch (r.status) {
	case EPT12_OK:
		if ((r.page_size != 0x1000 && r.page_size != 0x200000 && r.page_size != 0x40000000) ||
		    (r.page_size == 0x200000 && !(cap & VMX_EPT_2MB_PAGE_BIT)) ||
		    (r.page_size == 0x40000000 && !(cap & VMX_EPT_1GB_PAGE_BIT)) ||
		    (r.gpa & (r.page_size - 1)) != (gpa & (r.page_size - 1)) ||
		    r.gpa >> clamp_m(m) || !(r.perms & need[acc]) ||
		    r.memtype == 2 || r.memtype == 3 || r.memtype == 7)
			abort();
		if (acc == EPT12_ACCESS_WRITE &&
		    (ept12_walk(&env, gpa, EPT12_ACCESS_READ, &rd) != EPT12_OK || rd.gpa != r.gpa))
			abort();
		break;
	case EPT12_VIOLATION:
		if (r.exit_qual != ((uint64_t)(1u << acc) | (uint64_t)r.perms << 3) ||
		    (r.perms & need[acc]))
			abort();
		break;
	case EPT12_MISCONFIG:
		if (r.misconfig == EPT12_MC_NONE ||
		    ept12_entry_misconfig(&env, r.entry, r.level) != r.misconfig ||
		    !(r.entry & EPT_RWX))
			abort();
		break;
	case EPT12_GPA_TOO_WIDE:
	case EPT12_MEM_FAILED:
		break;
	default:
		abort();
	}
}

static void fuzz_operand(struct fuzz_input *in)
{
	static const uint16_t reasons[] = {
		EXIT_REASON_VMCLEAR, EXIT_REASON_VMPTRLD, EXIT_REASON_VMPTRST, EXIT_REASON_VMON,
		EXIT_REASON_VMREAD, EXIT_REASON_VMWRITE, EXIT_REASON_INVEPT, EXIT_REASON_INVVPID,
		EXIT_REASON_INVPCID, EXIT_REASON_XSAVES, EXIT_REASON_XRSTORS, EXIT_REASON_CPUID,
	};
	struct vmx_operand_env env = {
		.exit_reason = reasons[take(in, 1) % (sizeof(reasons) / sizeof(reasons[0]))],
		.mode64 = take(in, 1) & 1,
	};
	uint64_t gprs[VMX_GPR_COUNT];
	uint32_t info = (uint32_t)take(in, 4);
	uint64_t qual = take(in, 8);
	struct vmx_operand op;
	int err;

	for (int i = 0; i < VMX_SEG_COUNT; i++)
		env.seg_base[i] = take(in, 8);
	for (int i = 0; i < VMX_GPR_COUNT; i++)
		gprs[i] = take(in, 8);
	err = vmx_operand_decode(info, qual, gprs, &env, &op);
	if (err > 0 || err < -VMX_OPERAND_BAD_SEGMENT)
		abort();
	if (err)
		return;
	if (op.reg1 > 15 || op.reg2 > 15 || op.base > 15 || op.index > 15)
		abort();
	if (op.is_reg)
		return;
	if ((op.addr_bits != 16 && op.addr_bits != 32 && op.addr_bits != 64) ||
	    (op.addr_bits == 64 && !env.mode64) || (op.addr_bits == 16 && env.mode64) ||
	    op.seg >= VMX_SEG_COUNT ||
	    (op.addr_bits < 64 && op.offset >> op.addr_bits) ||
	    (!env.mode64 && op.linear >> 32))
		abort();
	if (!op.base_valid && !op.index_valid && op.offset != (uint64_t)op.disp &&
	    op.addr_bits == 64)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct win w;
	struct fuzz_input in = { data, size };
	uint8_t limit = (uint8_t)take(&in, 1);
	size_t header = 320;   /* more than the parameters take */

	/* The window is whatever follows a fixed-size header of parameters. */
	memset(w.bytes, 0, sizeof(w.bytes));
	if (size > header)
		memcpy(w.bytes, data + header,
		       size - header < WIN_SIZE ? size - header : WIN_SIZE);
	w.limit = limit < 224 ? ~0ull : (uint64_t)(limit - 223) << 14;

	fuzz_gpt(&w, &in);
	fuzz_ept(&w, &in);
	fuzz_operand(&in);
	return 0;
}
