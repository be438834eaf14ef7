/* SPDX-License-Identifier: MIT */
#include "l1hv/nested/nested_shadow.h"
#include "l1hv/nested/nested_shadow_kvm.h"

#include "common/fmt.h"
#include "common/free/string.h"
#include "l1hv/mm/page_alloc.h"
#include "l1hv/nested/nested_fields.h"
#include "l1hv/nested/nested_internal.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmcs12_access.h"
#include "vmcs12/vmcs12_shadow.h"

#define SHADOW_VMCS_INDICATOR (1u << 31)   /* revision-id bit 31 (SDM 25.2) */

static struct {
	bool on;
	char name[48];
	struct vmcs_shadow_set set;
	uint64_t vmread_bitmap, vmwrite_bitmap;   /* physical pages */
	/* Fields the shadow VMCS holds (read or write set), and those L1 can
	 * change without an exit (write set). */
	struct nested_field_list held;
	/* The write set, split: a change of a hot field needs no vmcs02
	 * rebuild, any other change does. */
	struct nested_field_list written_hot, written_cold;
	/* The held fields a reflected exit changes: guest state, exit info. */
	struct nested_field_list exit_held;
	/* shadow=kvm: straight-line copies (nested_shadow_kvm.c). */
	bool kvm;
	bool writes;        /* the write set is not empty */
} shadow;

bool nested_shadow_on(void)
{
	return shadow.on;
}

bool nested_shadow_rare_held;

const char *nested_shadow_name(void)
{
	return shadow.on ? shadow.name : "none";
}

int nested_shadow_configure(const char *spec, char *err, size_t errlen)
{
	struct vmcs_shadow_env env = { .hw = &vmx_cpu.caps, .l1 = &nested_caps,
				       .l0_syncs_controls_on_entry = true };
	struct vmcs_shadow_error e;
	size_t len = strlen(spec);

	if (!strcmp(spec, "none"))
		return 0;
	if (!vmx_cpu.has_shadow_vmcs) {
		fmt_snprintf(err, errlen, "shadow=%s needs VMCS shadowing, which this CPU lacks: "
			     "use shadow=none", spec);
		return -1;
	}
	if (vmcs_shadow_parse(spec, len, &env, &shadow.set, &e) ||
	    vmcs_shadow_validate(&shadow.set, &env, &e)) {
		fmt_snprintf(err, errlen, "shadow=%s: %s%s%s (use none, kvm, all or a comma-separated "
			     "list of VMCS field names)", spec, e.msg, e.field ? ": " : "",
			     e.field ? e.field : "");
		return -1;
	}
	shadow.vmread_bitmap = page_alloc_zeroed();
	shadow.vmwrite_bitmap = page_alloc_zeroed();
	vmcs_shadow_bitmaps(&shadow.set, (uint8_t *)shadow.vmread_bitmap,
			    (uint8_t *)shadow.vmwrite_bitmap);
	for (unsigned i = 0; i < VMCS_NR_FIELDS; i++) {
		const struct vmcs_field_info *fi = &vmcs_field_table[i];
		bool rd = vmcs_shadow_has(shadow.set.read, i), wr = vmcs_shadow_has(shadow.set.write, i);
		if (!rd && !wr)
			continue;
		nested_field_list_add(&shadow.held, fi);
		if (fi->type == VMCS_TYPE_GUEST || fi->type == VMCS_TYPE_RO ||
		    fi->encoding == VMCS_VM_ENTRY_CONTROLS ||
		    fi->encoding == VMCS_VM_ENTRY_INTR_INFO_FIELD)
			nested_field_list_add(&shadow.exit_held, fi);
		if (nested_field_is_rare(fi->encoding))
			nested_shadow_rare_held = true;
		if (wr)
			nested_field_list_add(nested_field_is_hot(fi->encoding) ? &shadow.written_hot
										: &shadow.written_cold, fi);
	}
	fmt_snprintf(shadow.name, sizeof(shadow.name), "%s", len < sizeof(shadow.name) ? spec : "list");
	shadow.kvm = nested_shadow_kvm_matches(&shadow.set);
	shadow.writes = nested_field_count(&shadow.written_hot) + nested_field_count(&shadow.written_cold);
	shadow.on = true;
	return 0;
}

int nested_shadow_vm_init(struct vcpu *vcpu)
{
	if (!shadow.on)
		return 0;
	vcpu->nested.shadow_vmcs_pa = page_alloc_charged(&vcpu->vm->pages);
	if (!vcpu->nested.shadow_vmcs_pa)
		return -1;
	*(uint32_t *)vcpu->nested.shadow_vmcs_pa = vmx_cpu.revision_id | SHADOW_VMCS_INDICATOR;
	vmx_vmclear(&vcpu->nested.shadow_vmcs_pa);
	vmcs_write(VMCS_VMREAD_BITMAP, shadow.vmread_bitmap);
	vmcs_write(VMCS_VMWRITE_BITMAP, shadow.vmwrite_bitmap);
	return 0;
}

/* Runs with the shadow VMCS current, then makes vmcs01 current again; the
 * shadow is VMCLEARed so its data is in memory and it is not active. */
static void with_shadow(struct vcpu *vcpu, void (*fn)(struct vcpu *vcpu))
{
	vmx_vmptrld(&vcpu->nested.shadow_vmcs_pa);
	fn(vcpu);
	vmx_vmclear(&vcpu->nested.shadow_vmcs_pa);
	vmx_vmptrld(&vcpu->vmcs_pa);
}

static void copy_to_shadow(struct vcpu *vcpu)
{
	nested_fields_load(&shadow.held, vcpu->nested.vmcs12);
}

/* L1's silent VMWRITEs land in vmcs12; one that changed a field other
 * than the hot ones makes the next entry rebuild vmcs02. */
static void copy_from_shadow(struct vcpu *vcpu)
{
	struct vmcs12 *v = vcpu->nested.vmcs12;

	if (shadow.kvm) {
		if (nested_shadow_kvm_from(v))
			vcpu->nested.vmcs02_stale = true;
		return;
	}
	nested_fields_save(&shadow.written_hot, v);
	if (nested_fields_save_changed(&shadow.written_cold, v))
		vcpu->nested.vmcs02_stale = true;
}

void nested_shadow_activate(struct vcpu *vcpu)
{
	if (!shadow.on)
		return;
	with_shadow(vcpu, copy_to_shadow);
	vmcs_write(VMCS_VMCS_LINK_POINTER, vcpu->nested.shadow_vmcs_pa);
	vmcs_set_bits(VMCS_SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_SHADOW_VMCS);
	vcpu->nested.shadow_active = true;
}

void nested_shadow_deactivate(struct vcpu *vcpu)
{
	if (!vcpu->nested.shadow_active)
		return;
	with_shadow(vcpu, copy_from_shadow);
	/* Without a linked shadow VMCS, VMREAD/VMWRITE must exit (SDM 25.10
	 * would otherwise VMfailInvalid them without telling us). */
	vmcs_clear_bits(VMCS_SECONDARY_VM_EXEC_CONTROL, SECONDARY_EXEC_SHADOW_VMCS);
	vmcs_write(VMCS_VMCS_LINK_POINTER, ~0ull);
	vcpu->nested.shadow_active = false;
}

void nested_shadow_sync_from(struct vcpu *vcpu)
{
	if (vcpu->nested.shadow_active && shadow.writes)
		with_shadow(vcpu, copy_from_shadow);
}

/* A reflected exit (or failed entry) changed only guest state, exit
 * information, the entry controls' IA-32e bit and the entry event's valid
 * bit (nested_exit.c): refresh just those in the shadow. */
static void copy_exit_fields_to_shadow(struct vcpu *vcpu)
{
	if (shadow.kvm)
		nested_shadow_kvm_exit_fields_to(vcpu->nested.vmcs12);
	else
		nested_fields_load(&shadow.exit_held, vcpu->nested.vmcs12);
}

void nested_shadow_sync_to(struct vcpu *vcpu)
{
	if (vcpu->nested.shadow_active)
		with_shadow(vcpu, copy_exit_fields_to_shadow);
}

void nested_shadow_field_written(struct vcpu *vcpu, uint32_t encoding)
{
	const struct vmcs_field_info *fi = vmcs_field_lookup(encoding);

	if (!vcpu->nested.shadow_active || !fi)
		return;
	unsigned idx = (unsigned)(fi - vmcs_field_table);
	if (!vmcs_shadow_has(shadow.set.read, idx) && !vmcs_shadow_has(shadow.set.write, idx))
		return;
	uint64_t value = vmcs12_get(vcpu->nested.vmcs12, fi);
	vmx_vmptrld(&vcpu->nested.shadow_vmcs_pa);
	vmcs_write(fi->encoding, value);
	vmx_vmclear(&vcpu->nested.shadow_vmcs_pa);
	vmx_vmptrld(&vcpu->vmcs_pa);
}
