/* SPDX-License-Identifier: MIT */
/* What an exit handler gets and answers (exit/dispatch.c runs them), apart
 * from exit.h so that nested code can name a handler without the rest. */
#ifndef L1HV_EXIT_INFO_H
#define L1HV_EXIT_INFO_H

#include <stdint.h>

struct vcpu;
struct vm;

enum exit_result {
	EXIT_RESUME,        /* re-enter the guest at the same RIP */
	EXIT_ADVANCE,       /* the instruction completed: skip it, then re-enter */
	EXIT_STOP_VM,       /* the VM is stopped (vm_stop() said why) */
};

/* What the dispatcher read from the VMCS for every exit. */
struct exit_info {
	uint32_t reason;          /* full exit reason */
	uint32_t basic;           /* bits 15:0 */
	uint64_t qual;
	uint64_t rip;
	uint32_t insn_len;
	uint32_t idt_info;        /* IDT-vectoring information (SDM 28.2.4) */
};

typedef enum exit_result (*exit_handler_fn)(struct vcpu *vcpu, struct exit_info *e);

#endif
