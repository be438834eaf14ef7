/* SPDX-License-Identifier: MIT */
/* Exit handling: one handler per basic exit reason (exit/dispatch.c). */
#ifndef L1HV_EXIT_H
#define L1HV_EXIT_H

#include <stdint.h>

#include "l1hv/exit/exit_info.h"
#include "l1hv/vm/vcpu.h"
#include "l1hv/vm/vm.h"
#include "l1hv/vmx/vmcs.h"

/* Handles the exit that just happened (full exit reason as read from the
 * VMCS; vm_run has counted it already): exit_dispatch_to with
 * exit_handler_for's handler, the table's for the reason or, for a reason
 * without one, a handler that stops the VM with a report. */
void exit_dispatch(struct vcpu *vcpu, uint32_t reason);
exit_handler_fn exit_handler_for(uint32_t reason);
/* The same with a handler of the caller's choice instead of the table's
 * (vm_run, with the one nested_l2_exit chose for an exit of L2); never
 * NULL. */
void exit_dispatch_to(struct vcpu *vcpu, uint32_t reason, exit_handler_fn handler);

/* Handlers (one file per family). */
enum exit_result handle_cpuid(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_io(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_rdmsr(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_wrmsr(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_cr_access(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmcall(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_hlt(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_triple_fault(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_ept_violation(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_ept_misconfig(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_exception_nmi(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_inject_ud(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_skip(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_xsetbv(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_rdtsc(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_rdtscp(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_ignore(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_preemption_timer(struct vcpu *vcpu, struct exit_info *e);
/* Emulated MMIO (vdev/mmio_emulate.c): whether gpa is on the page of a
 * device l1hv emulates (the local APIC in xAPIC mode, the MMIO window);
 * emulating the access that faulted there sets e->insn_len, so
 * EXIT_ADVANCE skips the decoded instruction. */
bool mmio_claims(const struct vcpu *vcpu, uint64_t gpa);
enum exit_result mmio_emulate(struct vcpu *vcpu, struct exit_info *e, uint64_t gpa);

/* VMX instructions of a guest hypervisor (nested/). */
enum exit_result handle_vmxon(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmxoff(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmclear(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmptrld(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmptrst(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmread(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmwrite(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmlaunch(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_vmresume(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_invept(struct vcpu *vcpu, struct exit_info *e);
enum exit_result handle_invvpid(struct vcpu *vcpu, struct exit_info *e);

/* An exit interrupted the delivery of an event (IDT-vectoring information
 * valid, SDM 28.2.4): sets it up to be delivered again on the next VM entry
 * (SDM 27.6.1; error code and, for INT n/INT3/INTO/INT1, the instruction
 * length as the exit reported them). exit_dispatch does this for every
 * exit before its handler runs; callers that resume the guest without a
 * handler call it themselves. */
void exit_reinject_event(struct vcpu *vcpu, uint32_t idt_info, uint32_t error, uint32_t insn_len);

#endif
