/* SPDX-License-Identifier: MIT */
/*
 * Emulated MMIO: an access to a device page that EPT does not map exits as
 * an EPT violation; the instruction that made it is decoded (mmio_insn.c)
 * and carried out against the device that claims the address: the VM's
 * local APIC in xAPIC mode (vlapic.c), the PCI ECAM window and the I/O
 * APIC where they lie above the VM's RAM (pci_cfg.h, ioapic.h),
 * nestlab's MMIO window (vmmio.c), or nothing: an address above RAM that
 * no device claims reads all ones and drops writes, as a PC's bus answers
 * an access nobody decodes (unless strict_mmio=on, stop.c).
 */
#include "common/free/x86.h"
#include "common/hypercall_abi.h"
#include "l1hv/console/console.h"
#include "l1hv/exit/exit.h"
#include "l1hv/vdev/irq_routing.h"
#include "l1hv/vdev/mmio_insn.h"
#include "l1hv/vdev/vlapic.h"
#include "l1hv/vdev/vmmio.h"
#include "l1hv/vm/vcpu_mem.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmcs.h"
#include "vmcs12/vmx_controls.h"

#define X86_MAX_INSN 15

static bool ecam_claims(const struct vm *vm, uint64_t gpa)
{
	return gpa >= PCI_ECAM_BASE && gpa - PCI_ECAM_BASE < PCI_ECAM_SIZE && gpa >= vm->mem_size;
}

static bool ioapic_claims(const struct vm *vm, uint64_t gpa)
{
	return (gpa & ~0xfffull) == IOAPIC_BASE && gpa >= vm->mem_size;
}

bool mmio_claims(const struct vcpu *vcpu, uint64_t gpa)
{
	return vlapic_mmio_claims(vcpu, gpa) || ecam_claims(vcpu->vm, gpa) ||
	       ioapic_claims(vcpu->vm, gpa) || vmmio_claims(gpa);
}

/* Counted always; reported once per page, for the first
 * VM_UNCLAIMED_REPORTS pages, so a guest sweeping its address space cannot
 * flood the console. */
static void mmio_report_unclaimed(struct vcpu *vcpu, uint64_t gpa, bool write)
{
	struct vm *vm = vcpu->vm;
	uint64_t page = gpa & ~0xfffull;

	vcpu->stats.counter[VM_STAT_MMIO_UNCLAIMED]++;
	for (unsigned i = 0; i < vm->unclaimed_reported; i++)
		if (vm->unclaimed_page[i] == page)
			return;
	if (vm->unclaimed_reported == VM_UNCLAIMED_REPORTS)
		return;
	vm->unclaimed_page[vm->unclaimed_reported++] = page;
	pr_info("VM %s: %s of guest-physical 0x%lx, which no device claims (reads return all "
		"ones, writes are dropped; reported once per page%s)\n", vm->name,
		write ? "write" : "read", gpa,
		vm->unclaimed_reported == VM_UNCLAIMED_REPORTS ? ", and no further pages" : "");
}

/* The APIC first: a guest may move its page anywhere, even onto the window. */
static uint64_t mmio_read(struct vcpu *vcpu, uint64_t gpa, unsigned size)
{
	if (vlapic_mmio_claims(vcpu, gpa))
		return vlapic_mmio_read(vcpu, gpa & 0xfff, size);
	if (ecam_claims(vcpu->vm, gpa))
		return size == 8 ? ~0ull : pci_ecam_read(&vcpu->vm->pci, gpa - PCI_ECAM_BASE, size);
	if (ioapic_claims(vcpu->vm, gpa))
		return ioapic_mmio_read(&vcpu->vm->ioapic, gpa & 0xfff, size);
	if (vmmio_claims(gpa))
		return vmmio_read(vcpu->vm, gpa - NESTLAB_MMIO_BASE);
	mmio_report_unclaimed(vcpu, gpa, false);
	return ~0ull;
}

static void mmio_write(struct vcpu *vcpu, uint64_t gpa, unsigned size, uint64_t v)
{
	if (vlapic_mmio_claims(vcpu, gpa))
		vlapic_mmio_write(vcpu, gpa & 0xfff, size, v);
	else if (ecam_claims(vcpu->vm, gpa)) {
		pci_ecam_write(&vcpu->vm->pci, gpa - PCI_ECAM_BASE, size, (uint32_t)v);
		irq_testdev_update(vcpu->vm);
	}
	else if (ioapic_claims(vcpu->vm, gpa))
		ioapic_mmio_write(&vcpu->vm->ioapic, gpa & 0xfff, size, (uint32_t)v);
	else if (vmmio_claims(gpa))
		vmmio_write(vcpu->vm, gpa - NESTLAB_MMIO_BASE, (uint32_t)v);
	else
		mmio_report_unclaimed(vcpu, gpa, true);
}

enum exit_result mmio_emulate(struct vcpu *vcpu, struct exit_info *e, uint64_t gpa)
{
	uint8_t bytes[X86_MAX_INSN];
	unsigned n = X86_MAX_INSN;
	struct vcpu_mem_fault f;
	struct mmio_insn in;
	uint32_t cs_ar = vmcs_read32(VMCS_GUEST_CS_AR_BYTES);
	enum mmio_insn_mode mode =
		mmio_insn_mode_of(vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA,
				  cs_ar & VMX_AR_L_MASK, cs_ar & VMX_AR_DB_MASK);
	uint64_t la = mmio_insn_fetch_la(mode, vmcs_read(VMCS_GUEST_CS_BASE), e->rip);

	/* The access was made by the delivery of an event (its IDT, GDT, TSS
	 * or stack lies in the window, SDM 28.2.4), not by the instruction at
	 * RIP: decoding that instruction would emulate an access it never
	 * made and lose the event. */
	if (e->idt_info & INTR_INFO_VALID_MASK) {
		vm_stop(vcpu->vm, "MMIO access to 0x%lx by the delivery of vector %u (interruption "
			"type %u) at rip 0x%lx: the IDT, GDT, TSS or stack lies on an emulated "
			"device page, and l1hv does not emulate event delivery to device memory",
			gpa, e->idt_info & INTR_INFO_VECTOR_MASK,
			(e->idt_info & INTR_INFO_INTR_TYPE_MASK) >> INTR_INFO_INTR_TYPE_SHIFT, e->rip);
		return EXIT_STOP_VM;
	}
	/* The instruction may end before the next page, which may be unmapped.
	 * An L2's bytes are fetched through L1's EPT too (vcpu_mem.h). */
	while (n && vcpu_linear_fetch(vcpu, la, bytes, n, &f))
		n--;
	if (!n || mmio_insn_decode(bytes, n, mode, &in)) {
		vm_stop(vcpu->vm, "MMIO access to 0x%lx at rip 0x%lx (%u-bit code) by an instruction "
			"l1hv does not decode (it emulates MOV to and from memory, MOVZX and "
			"MOV moffs, with 66, 67, REX and one segment override; no LOCK or REP)",
			gpa, e->rip,
			mode == MMIO_INSN_MODE64 ? 64 : mode == MMIO_INSN_MODE32 ? 32 : 16);
		return EXIT_STOP_VM;
	}
	uint64_t mask = in.size == 8 ? ~0ull : (1ull << (8 * in.size)) - 1;
	unsigned shift = in.high8 ? 8 : 0;      /* AH, CH, DH, BH */
	if (in.write) {
		uint64_t v = in.reg >= 0 ? vcpu_gpr_get(vcpu, in.reg) >> shift : in.imm;
		mmio_write(vcpu, gpa, in.size, v & mask);
	} else {
		uint64_t v = mmio_read(vcpu, gpa, in.size) & mask;
		uint64_t dmask = in.dest_size >= 4 ? ~0ull : (1ull << (8 * in.dest_size)) - 1;
		/* A 32- or 64-bit destination is written whole (zero-extended);
		 * an 8- or 16-bit one keeps the rest of the register. */
		if (in.dest_size < 4)
			v = (vcpu_gpr_get(vcpu, in.reg) & ~(dmask << shift)) | (v << shift);
		vcpu_gpr_set(vcpu, in.reg, v);
	}
	e->insn_len = in.len;
	return EXIT_ADVANCE;
}
