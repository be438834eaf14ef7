/* SPDX-License-Identifier: MIT */
/*
 * VMCS shadowing for L1 (SDM 25.10): L1's VMREAD/VMWRITE of the fields in
 * the chosen shadow set go to a shadow VMCS linked from vmcs01 and cause no
 * exit. vmcs12 (in L1's memory) stays the reference; the shadow VMCS holds
 * the shadowed fields while L1 has a current VMCS, and the two are synced
 * where L0 reads or writes vmcs12.
 */
#ifndef L1HV_NESTED_SHADOW_H
#define L1HV_NESTED_SHADOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vcpu;
struct vm;

/* Parses shadow=SPEC (none, kvm, all or a list of field names) against
 * this CPU; returns 0 or -1 with an error naming the problem in err. */
int nested_shadow_configure(const char *spec, char *err, size_t errlen);
const char *nested_shadow_name(void);
bool nested_shadow_on(void);
/* The shadow set holds some of L2's rare guest state (nested_fields.h), so
 * L1 reads it without exits: a reflected exit saves it at once. */
extern bool nested_shadow_rare_held;
static inline bool nested_shadow_holds_rare(void)
{
	return nested_shadow_rare_held;
}

/* Sets up the VM's shadow VMCS and bitmaps (current VMCS: vmcs01); -1 if
 * the VM's page quota has no page for it. */
int nested_shadow_vm_init(struct vcpu *vcpu);
/* L1 made a VMCS current: load the shadow from vmcs12 and turn shadowing on. */
void nested_shadow_activate(struct vcpu *vcpu);
/* L1's current VMCS goes away (VMCLEAR, VMPTRLD of another, VMXOFF). */
void nested_shadow_deactivate(struct vcpu *vcpu);
/* Before L0 reads vmcs12: shadowed writes of L1 into vmcs12. */
void nested_shadow_sync_from(struct vcpu *vcpu);
/* After a reflected exit or failed entry: the fields it changed, from
 * vmcs12 into the shadow. */
void nested_shadow_sync_to(struct vcpu *vcpu);
/* An exiting VMWRITE changed one field: keep the shadow's copy current. */
void nested_shadow_field_written(struct vcpu *vcpu, uint32_t encoding);

#endif
