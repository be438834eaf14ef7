/* SPDX-License-Identifier: MIT */
/*
 * shadow=kvm as straight-line code. The generic field lists of
 * nested_shadow.c cost a loop step per field; these copies are one VMREAD
 * or VMWRITE and a load or store each, generated from the kvm column of the
 * field list (as KVM generates its own from vmcs_shadow_fields.h). They run
 * on every reflected exit and every VMRESUME with shadow=kvm.
 */
#ifndef L1HV_NESTED_SHADOW_KVM_H
#define L1HV_NESTED_SHADOW_KVM_H

#include <stdbool.h>

#include "vmcs12/vmcs12.h"
#include "vmcs12/vmcs12_shadow.h"

/* True if set is the kvm column of the field list less whole features this
 * CPU or L1 lacks: then the two copies below equal the generic ones. */
bool nested_shadow_kvm_matches(const struct vmcs_shadow_set *set);
/* Current VMCS: the shadow. L1's silent writes into vmcs12; true if one
 * changed a field that is not hot (vmcs02 must be rebuilt). */
bool nested_shadow_kvm_from(struct vmcs12 *v);
/* Current VMCS: the shadow. What a reflected exit changed, from vmcs12. */
void nested_shadow_kvm_exit_fields_to(const struct vmcs12 *v);

#endif
