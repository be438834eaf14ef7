/* SPDX-License-Identifier: MIT */
/*
 * The VMX instructions of l1hv/vmx/vmcs.h on software VMCS regions, for the
 * hosted build (l1hv/vmx/vmcs_hosted.h). A region is keyed by its physical
 * address; VMPTRLD makes it current (SDM 31.3: VMfail for an unaligned
 * address or a revision identifier that is not the CPU's), VMCLEAR makes it
 * not current. VMREAD/VMWRITE act on the current region, with
 * VMfailInvalid when there is none and VMfailValid(12, "unsupported VMCS
 * component") for an encoding the field list does not have; 16/32-bit
 * fields keep their width, HIGH accesses the upper half.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "l1hv/vmx/vmcs.h"
#include "tests/unit/fake_l1hv.h"
#include "vmcs12/vmx_insn_error.h"

#define FAKE_VMCS_MAX 16

struct fake_vmcs {
	uint64_t pa;
	uint64_t value[VMCS_NR_FIELDS];
	unsigned writes[VMCS_NR_FIELDS];
};

static struct fake_vmcs regions[FAKE_VMCS_MAX];
static unsigned nregions;
static struct fake_vmcs *current;
static uint32_t revision;
unsigned fake_invvpid_calls;

void fake_vmcs_reset(uint32_t rev)
{
	memset(regions, 0, sizeof(regions));
	nregions = 0;
	current = NULL;
	revision = rev;
	fake_invvpid_calls = 0;
}

static struct fake_vmcs *find(uint64_t pa, bool create)
{
	for (unsigned i = 0; i < nregions; i++)
		if (regions[i].pa == pa)
			return &regions[i];
	if (!create)
		return NULL;
	if (nregions == FAKE_VMCS_MAX) {
		fprintf(stderr, "fake_vmcs: more than %u VMCS regions\n", FAKE_VMCS_MAX);
		abort();
	}
	regions[nregions].pa = pa;
	return &regions[nregions++];
}

static struct fake_vmcs *must_find(uint64_t pa)
{
	struct fake_vmcs *r = find(pa, false);

	if (!r) {
		fprintf(stderr, "fake_vmcs: no VMCS region at 0x%lx\n", (unsigned long)pa);
		abort();
	}
	return r;
}

uint64_t fake_vmcs_current(void)
{
	return current ? current->pa : 0;
}

static void fail_valid(uint32_t error)
{
	const struct vmcs_field_info *fi = vmcs_field_lookup(VMCS_VM_INSTRUCTION_ERROR);

	current->value[fi - vmcs_field_table] = error;
}

static uint64_t width_mask(const struct vmcs_field_info *fi)
{
	return fi->width == VMCS_WIDTH_16 ? 0xffff : fi->width == VMCS_WIDTH_32 ? 0xffffffff : ~0ull;
}

static bool field_read(const struct fake_vmcs *r, uint64_t field, uint64_t *value)
{
	const struct vmcs_field_info *fi = field >> 32 ? NULL : vmcs_field_lookup((uint32_t)field);

	if (!fi)
		return false;
	*value = r->value[fi - vmcs_field_table];
	if (field != fi->encoding)          /* HIGH access of a 64-bit field */
		*value >>= 32;
	return true;
}

static bool field_write(struct fake_vmcs *r, uint64_t field, uint64_t value)
{
	const struct vmcs_field_info *fi = field >> 32 ? NULL : vmcs_field_lookup((uint32_t)field);

	if (!fi)
		return false;
	uint64_t *v = &r->value[fi - vmcs_field_table];
	if (field != fi->encoding)
		*v = (*v & 0xffffffffull) | ((uint64_t)(uint32_t)value << 32);
	else
		*v = value & width_mask(fi);
	r->writes[fi - vmcs_field_table]++;
	return true;
}

bool vmcs_try_read(uint64_t field, uint64_t *value)
{
	if (!current)
		return false;
	if (!field_read(current, field, value)) {
		fail_valid(VMXERR_UNSUPPORTED_VMCS_COMPONENT);
		return false;
	}
	return true;
}

bool vmcs_try_write(uint64_t field, uint64_t value)
{
	if (!current)
		return false;
	if (!field_write(current, field, value)) {
		fail_valid(VMXERR_UNSUPPORTED_VMCS_COMPONENT);
		return false;
	}
	return true;
}

bool vmx_try_vmptrld(const uint64_t *pap)
{
	uint64_t pa = *pap;

	if (!pa || (pa & 0xfff))
		return false;
	if (*(const uint32_t *)pa != revision)
		return false;
	current = find(pa, true);
	return true;
}

bool vmx_try_vmclear(const uint64_t *pap)
{
	uint64_t pa = *pap;

	if (!pa || (pa & 0xfff))
		return false;
	if (current && current->pa == pa)
		current = NULL;
	return true;
}

void vmx_invvpid_context(uint16_t vpid, bool single)
{
	(void)vpid; (void)single;
	fake_invvpid_calls++;
}

void vmx_insn_failed(const char *insn, const char *what, uint64_t operand, void *caller)
{
	fprintf(stderr, "fake_vmcs: BUG: %s of %s 0x%lx failed, caller %p\n", insn, what,
		(unsigned long)operand, caller);
	abort();
}

void vmcs_insn_failed(const char *insn, uint64_t field, void *caller)
{
	fprintf(stderr, "fake_vmcs: BUG: %s of field 0x%lx (%s) failed%s, caller %p\n", insn,
		(unsigned long)field, vmcs_field_name((uint32_t)field) ?: "unknown",
		current ? "" : " (no current VMCS)", caller);
	abort();
}

uint64_t fake_vmcs_get(uint64_t pa, uint32_t field)
{
	uint64_t v;

	if (!field_read(must_find(pa), field, &v)) {
		fprintf(stderr, "fake_vmcs_get: unknown field 0x%x\n", field);
		abort();
	}
	return v;
}

void fake_vmcs_put(uint64_t pa, uint32_t field, uint64_t value)
{
	struct fake_vmcs *r = find(pa, true);

	if (!field_write(r, field, value)) {
		fprintf(stderr, "fake_vmcs_put: unknown field 0x%x\n", field);
		abort();
	}
	r->writes[vmcs_field_lookup(field) - vmcs_field_table]--;
}

unsigned fake_vmcs_writes(uint64_t pa, uint32_t field)
{
	const struct vmcs_field_info *fi = vmcs_field_lookup(field);

	return fi ? must_find(pa)->writes[fi - vmcs_field_table] : 0;
}

void fake_vmcs_clear_writes(uint64_t pa)
{
	struct fake_vmcs *r = must_find(pa);

	memset(r->writes, 0, sizeof(r->writes));
}

unsigned fake_vmcs_written(uint64_t pa, uint32_t *enc, unsigned max)
{
	const struct fake_vmcs *r = must_find(pa);
	unsigned n = 0;

	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++)
		if (r->writes[i] && n < max)
			enc[n++] = vmcs_field_table[i].encoding;
	return n;
}
