/* SPDX-License-Identifier: MIT */
/*
 * The vmcs12 fields L0 copies between a vmcs12 and the current hardware
 * VMCS (vmcs02 or the shadow VMCS) on nested exits and entries: lists built
 * once, and the loops that copy them.
 *
 * L2's guest state travels in two parts, as in KVM's sync_vmcs02_to_vmcs12()
 * and its _rare() variant:
 *   eager  what every reflected exit saves into vmcs12: RIP, RSP, RFLAGS,
 *          CR3, debug state, blocking and activity state, and the CS/SS
 *          access rights the next VMRESUME's entry checks read;
 *   rare   segments, descriptor tables, SYSENTER MSRs, PDPTEs. L2 seldom
 *          changes them and L1 seldom reads them, so after a reflected exit
 *          they stay in vmcs02 until something needs them in vmcs12
 *          (nested_sync_rare()).
 * CR0, CR4, EFER, PAT and the link pointer are computed, never copied.
 */
#ifndef L1HV_NESTED_FIELDS_H
#define L1HV_NESTED_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmcs12_access.h"

struct vcpu;
struct vm;

/* A list of fields grouped by width (a vmcs12 stores natural-width fields
 * in 64 bits), so that copying one is a VMREAD/VMWRITE and a load or store
 * of a known size: these loops run on every nested exit. */
enum { NESTED_W16, NESTED_W32, NESTED_W64, NESTED_NR_WIDTHS };

struct nested_field {
	uint16_t encoding;
	uint16_t offset;   /* in struct vmcs12 */
};

struct nested_field_list {
	unsigned n[NESTED_NR_WIDTHS];
	struct nested_field f[NESTED_NR_WIDTHS][VMCS_NR_FIELDS];
};

/* The eager part: fields every VMX processor has, so copied by
 * straight-line code. */
#define NESTED_L2_EAGER_FIELDS(X)                                              \
	X(GUEST_RIP) X(GUEST_RSP) X(GUEST_RFLAGS) X(GUEST_CR3) X(GUEST_DR7)     \
	X(GUEST_IA32_DEBUGCTL) X(GUEST_INTERRUPTIBILITY_INFO)                   \
	X(GUEST_ACTIVITY_STATE) X(GUEST_PENDING_DBG_EXCEPTIONS)                 \
	X(GUEST_CS_AR_BYTES) X(GUEST_SS_AR_BYTES)

static inline void nested_l2_eager_load(const struct vmcs12 *v)
{
#define X(f) vmcs_write(VMCS_##f, v->f);
	NESTED_L2_EAGER_FIELDS(X)
#undef X
}

static inline void nested_l2_eager_save(struct vmcs12 *v)
{
#define X(f) v->f = (__typeof__(v->f))vmcs_read(VMCS_##f);
	NESTED_L2_EAGER_FIELDS(X)
#undef X
}

/* The rest of the guest-state fields copied as they are (those this
 * processor has): the rare part. */
extern struct nested_field_list nested_l2_rare;

void nested_fields_setup(void);
void nested_field_list_add(struct nested_field_list *l, const struct vmcs_field_info *fi);
bool nested_field_is_rare(uint32_t encoding);

static inline unsigned nested_field_count(const struct nested_field_list *l)
{
	return l->n[NESTED_W16] + l->n[NESTED_W32] + l->n[NESTED_W64];
}

#define NESTED_FIELD_AT(v, f, type) (*(type *)((uintptr_t)(v) + (f)->offset))

/* vmcs12 -> the current VMCS. */
static inline void nested_fields_load(const struct nested_field_list *l, const struct vmcs12 *v)
{
	const struct nested_field *f;

	for (f = l->f[NESTED_W16]; f < l->f[NESTED_W16] + l->n[NESTED_W16]; f++)
		vmcs_write(f->encoding, NESTED_FIELD_AT(v, f, const uint16_t));
	for (f = l->f[NESTED_W32]; f < l->f[NESTED_W32] + l->n[NESTED_W32]; f++)
		vmcs_write(f->encoding, NESTED_FIELD_AT(v, f, const uint32_t));
	for (f = l->f[NESTED_W64]; f < l->f[NESTED_W64] + l->n[NESTED_W64]; f++)
		vmcs_write(f->encoding, NESTED_FIELD_AT(v, f, const uint64_t));
}

/* The current VMCS -> vmcs12. */
static inline void nested_fields_save(const struct nested_field_list *l, struct vmcs12 *v)
{
	const struct nested_field *f;

	for (f = l->f[NESTED_W16]; f < l->f[NESTED_W16] + l->n[NESTED_W16]; f++)
		NESTED_FIELD_AT(v, f, uint16_t) = (uint16_t)vmcs_read(f->encoding);
	for (f = l->f[NESTED_W32]; f < l->f[NESTED_W32] + l->n[NESTED_W32]; f++)
		NESTED_FIELD_AT(v, f, uint32_t) = (uint32_t)vmcs_read(f->encoding);
	for (f = l->f[NESTED_W64]; f < l->f[NESTED_W64] + l->n[NESTED_W64]; f++)
		NESTED_FIELD_AT(v, f, uint64_t) = vmcs_read(f->encoding);
}

/* The current VMCS -> vmcs12, telling whether any value changed. */
static inline bool nested_fields_save_changed(const struct nested_field_list *l,
					      struct vmcs12 *v)
{
	const struct nested_field *f;
	uint64_t diff = 0, val;

	for (f = l->f[NESTED_W16]; f < l->f[NESTED_W16] + l->n[NESTED_W16]; f++) {
		val = (uint16_t)vmcs_read(f->encoding);
		diff |= val ^ NESTED_FIELD_AT(v, f, uint16_t);
		NESTED_FIELD_AT(v, f, uint16_t) = (uint16_t)val;
	}
	for (f = l->f[NESTED_W32]; f < l->f[NESTED_W32] + l->n[NESTED_W32]; f++) {
		val = (uint32_t)vmcs_read(f->encoding);
		diff |= val ^ NESTED_FIELD_AT(v, f, uint32_t);
		NESTED_FIELD_AT(v, f, uint32_t) = (uint32_t)val;
	}
	for (f = l->f[NESTED_W64]; f < l->f[NESTED_W64] + l->n[NESTED_W64]; f++) {
		val = vmcs_read(f->encoding);
		diff |= val ^ NESTED_FIELD_AT(v, f, uint64_t);
		NESTED_FIELD_AT(v, f, uint64_t) = val;
	}
	return diff != 0;
}

/* Brings L2's rare guest state from vmcs02 into vmcs12 if vmcs02 holds a
 * newer copy (current VMCS: vmcs01, and it stays so). */
void nested_sync_rare(struct vcpu *vcpu);
/* The same, only if the field with this encoding is a rare one. */
void nested_sync_rare_for(struct vcpu *vcpu, uint64_t encoding);

#endif
