/* SPDX-License-Identifier: MIT */
/*
 * INS and OUTS (SDM Vol. 2B INS/INSB/INSW/INSD, OUTS/OUTSB/OUTSW/OUTSD;
 * REP, Vol. 2B REP/REPE/REPZ): each element moves between the port and
 * memory at ES:rDI (INS, no segment override) or seg:rSI (OUTS, DS unless
 * overridden), the index register stepping by the element size, down when
 * RFLAGS.DF is set; with REP, rCX counts the elements (none when it is 0).
 * Address size and segment come from the VM-exit instruction-information
 * field (SDM 28.2.5, Table 28-8; offered when IA32_VMX_BASIC[54] is set),
 * the first element's linear address is recomputed from them. Memory is
 * the guest's as it addresses it: its segment checks outside 64-bit mode,
 * its paging, for an L2 L1's EPT (vcpu_mem.h); a fault stops the
 * instruction with the registers of the elements done so far, as the
 * hardware leaves them (Vol. 1 7.3.9.2 "the registers point at the next
 * element"). A REP instruction runs at most IO_STRING_CHUNK elements per
 * exit and is then executed again (RIP unchanged), so a guest's rCX of
 * 2^64 cannot hold l1hv, and interrupts get through between the chunks as
 * they do between iterations on hardware.
 */
#include "common/free/x86.h"
#include "exit-reflect/exit_qual.h"
#include "l1hv/exit/io.h"
#include "l1hv/vdev/mmio_insn.h"
#include "l1hv/vm/vcpu.h"
#include "l1hv/vm/vcpu_mem.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmcs.h"
#include "l1hv/vmx/vmx.h"
#include "vmcs12/vmx_caps.h"

#define IO_STRING_CHUNK 4096

/* Bits 9:7 of the instruction information: 0, 1, 2 for 16-, 32-, 64-bit
 * addresses; bits 17:15 the segment (OUTS only; ES for INS). */
#define INFO_ADDR_SIZE(i) (((i) >> 7) & 7)
#define INFO_SEG(i)       (((i) >> 15) & 7)

static uint64_t width_mask(unsigned bytes)
{
	return bytes == 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* reg stepped by delta within the address size's width (SDM Vol. 1 3.3.7):
 * as a 16-bit register (DI, SI, CX: the rest kept), a 32-bit one (which
 * zero-extends, Vol. 1 3.4.1.1) or the whole register. */
static uint64_t step(uint64_t reg, uint64_t mask, uint64_t delta)
{
	if (mask == 0xffff)
		return (reg & ~mask) | ((reg + delta) & mask);
	return (reg + delta) & mask;
}

enum exit_result handle_io_string(struct vcpu *vcpu, struct exit_info *e)
{
	const struct exit_qual_io q = exit_qual_io_decode(e->qual), *io = &q;
	uint32_t info = vmcs_read32(VMCS_VMX_INSTRUCTION_INFO), cs_ar;
	unsigned asz_code = INFO_ADDR_SIZE(info), size = io->size;
	enum vmx_seg seg = io->in ? VMX_SEG_ES : (enum vmx_seg)INFO_SEG(info);
	uint64_t amask, count, delta, seg_base;
	enum mmio_insn_mode mode;
	int idx = io->in ? GPR_RDI : GPR_RSI;

	if (!(vmx_cpu.caps.basic & VMX_BASIC_INOUT)) {
		vm_stop(vcpu->vm, "string port I/O to port 0x%x at rip 0x%lx: this CPU does not "
			"report INS/OUTS instruction information (IA32_VMX_BASIC bit 54), which "
			"l1hv needs to emulate it", io->port, e->rip);
		return EXIT_STOP_VM;
	}
	if (asz_code > 2 || seg > VMX_SEG_GS || !size) {
		/* Not an encoding the CPU produces: nothing to emulate. */
		vm_stop(vcpu->vm, "string port I/O at rip 0x%lx: instruction information 0x%x "
			"or qualification 0x%lx names no address size, segment or element size", e->rip, info,
			e->qual);
		return EXIT_STOP_VM;
	}
	amask = width_mask(2u << asz_code);
	cs_ar = vmcs_read32(VMCS_GUEST_CS_AR_BYTES);
	mode = mmio_insn_mode_of(vmcs_read(VMCS_GUEST_IA32_EFER) & X86_EFER_LMA,
				 cs_ar & VMX_AR_L_MASK, cs_ar & VMX_AR_DB_MASK);
	/* ES, CS, SS, DS, FS, GS bases: consecutive encodings (SDM B.4.3). */
	seg_base = mmio_insn_seg_base(mode, (enum mmio_insn_seg)seg,
				      vmcs_read(VMCS_GUEST_ES_BASE + 2 * seg));
	count = io->rep ? vcpu->regs[GPR_RCX] & amask : 1;
	delta = (vmcs_read(VMCS_GUEST_RFLAGS) & X86_RFLAGS_DF) ? -(uint64_t)size : size;

	for (unsigned n = 0; count && n < IO_STRING_CHUNK; n++, count--) {
		uint64_t off = vcpu->regs[idx] & amask, la = seg_base + off;
		struct vcpu_mem_fault f;
		uint32_t v = 0;

		if (mode != MMIO_INSN_MODE64) {
			la = (uint32_t)la;
			if (vcpu_seg_check(vcpu, seg, off, size, io->in))
				return EXIT_RESUME;
		}
		if (io->in) {
			v = io_port_read(vcpu, io->port, size);
			if (vcpu_linear_write(vcpu, la, &v, size, &f)) {
				vcpu_raise_mem_fault(vcpu, seg, &f);
				return EXIT_RESUME;
			}
		} else {
			enum exit_result r;
			if (vcpu_linear_read(vcpu, la, &v, size, &f)) {
				vcpu_raise_mem_fault(vcpu, seg, &f);
				return EXIT_RESUME;
			}
			r = io_port_write(vcpu, io->port, size, v);
			if (r != EXIT_ADVANCE)
				return r;     /* the element ended the VM (exit port, reset) */
		}
		vcpu->regs[idx] = step(vcpu->regs[idx], amask, delta);
		if (io->rep)
			vcpu->regs[GPR_RCX] = step(vcpu->regs[GPR_RCX], amask, ~0ull);
	}
	/* Elements left: run the instruction again for them. */
	return count ? EXIT_RESUME : EXIT_ADVANCE;
}
