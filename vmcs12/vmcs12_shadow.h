/* SPDX-License-Identifier: MIT */
/*
 * Shadow sets: which vmcs12 fields live in the hardware shadow VMCS so that
 * L1's VMREAD/VMWRITE of them cause no VM exit (SDM 25.6.15 "VMCS Shadowing
 * Bitmap Addresses", 25.10 "VMCS Types", 26.1.3 VMREAD/VMWRITE exiting).
 *
 * A set names fields (never halves): a shadowed 64-bit field is shadowed
 * through both its full and its HIGH encoding. Sets by name:
 *   none   nothing shadowed (every VMREAD/VMWRITE exits: the Turtles baseline)
 *   kvm    Linux KVM's read-only + read-write sets (the kvm_shadow column),
 *          minus fields the CPUs lack (as KVM drops them at module load)
 *   all    every field both the hardware and L1's emulated CPU have, for
 *          VMREAD; for VMWRITE the same minus what rule 2/3 below forbid
 *   A,B:r  an explicit comma-separated list of field names (list spelling,
 *          "VMCS_" prefix optional); ":r" shadows VMREAD only, else both.
 *
 * Validation rules (vmcs_shadow_validate):
 *   1. a shadowed field must exist on the hardware (else the shadow VMCS
 *      can't hold it) and on L1's emulated CPU (else VMREAD must fail with
 *      error 12, which a shadowed access would not);
 *   2. a VM-exit information field in the VMWRITE set needs IA32_VMX_MISC
 *      bit 29 in both the hardware (or the write fails in hardware) and L1's
 *      view (or a write succeeds that must fail with error 13);
 *   3. a control field in the VMWRITE set changes vmcs02 without an exit, so
 *      it is allowed only if L0 re-reads shadowed controls on every entry.
 * vmcs_shadow_validate_bitmaps() checks built or foreign bitmaps: every
 * shadowed bit names a known encoding and 64-bit fields have both halves.
 */
#ifndef NESTLAB_VMCS12_VMCS12_SHADOW_H
#define NESTLAB_VMCS12_VMCS12_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"

#define VMCS_SHADOW_BITMAP_SIZE 4096u

struct vmcs_shadow_set {
	uint8_t read[(VMCS_NR_FIELDS + 7) / 8];  /* by enum vmcs_field_index */
	uint8_t write[(VMCS_NR_FIELDS + 7) / 8];
};

struct vmcs_shadow_env {
	const struct vmx_caps *hw; /* the processor that holds the shadow VMCS */
	const struct vmx_caps *l1; /* what L1 is told (vmx_caps_nested) */
	bool l0_syncs_controls_on_entry;
};

enum vmcs_shadow_status {
	VMCS_SHADOW_OK = 0,
	VMCS_SHADOW_ERR_UNKNOWN_FIELD,    /* parse: a name not in the list */
	VMCS_SHADOW_ERR_BAD_SUFFIX,       /* parse: ":x" other than ":r" */
	VMCS_SHADOW_ERR_EMPTY_NAME,       /* parse: ",," or empty spec */
	VMCS_SHADOW_ERR_HALF_FIELD,       /* parse: "X_HIGH"; bitmaps: one half */
	VMCS_SHADOW_ERR_UNSUPPORTED,      /* rule 1 */
	VMCS_SHADOW_ERR_READ_ONLY_WRITE,  /* rule 2 */
	VMCS_SHADOW_ERR_CONTROL_WRITE,    /* rule 3 */
	VMCS_SHADOW_ERR_UNKNOWN_ENCODING, /* bitmaps: shadowed bit names no field */
};

struct vmcs_shadow_error {
	enum vmcs_shadow_status status;
	const char *msg;   /* what is wrong, constant text */
	const char *field; /* offending field name (list spelling) or NULL */
	uint32_t encoding; /* offending encoding when field is known/bitmap */
	size_t pos, len;   /* parse errors: the offending token in the spec */
};

static inline bool vmcs_shadow_has(const uint8_t *bits, unsigned idx)
{
	return bits[idx / 8] & (1u << (idx % 8));
}

static inline void vmcs_shadow_add(uint8_t *bits, unsigned idx)
{
	bits[idx / 8] |= (uint8_t)(1u << (idx % 8));
}

/* Parses spec[0..len) into *set (see above). Returns 0 or the status, with
 * *err filled in either way (status OK on success). */
int vmcs_shadow_parse(const char *spec, size_t len, const struct vmcs_shadow_env *env,
		      struct vmcs_shadow_set *set, struct vmcs_shadow_error *err);

/* Checks rules 1-3; returns 0 or the status of the first offending field. */
int vmcs_shadow_validate(const struct vmcs_shadow_set *set, const struct vmcs_shadow_env *env,
			 struct vmcs_shadow_error *err);

/* Fills the two 4 KiB bitmaps: bit n = 1 means "VM exit" (not shadowed),
 * 0 means the access goes to the shadow VMCS; n = encoding bits 14:0. */
void vmcs_shadow_bitmaps(const struct vmcs_shadow_set *set, uint8_t *vmread_bitmap,
			 uint8_t *vmwrite_bitmap);

/* Checks one bitmap (VMREAD or VMWRITE); returns 0 or the status. */
int vmcs_shadow_validate_bitmap(const uint8_t *bitmap, struct vmcs_shadow_error *err);

/* Whether an access with this encoding operand is shadowed under a VMREAD or
 * VMWRITE bitmap (the processor's rule: bits 63:15 are 0 and the bit is 0). */
bool vmcs_shadow_bitmap_shadows(const uint8_t *bitmap, uint64_t encoding);

#endif
