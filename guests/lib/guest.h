/* SPDX-License-Identifier: MIT */
/*
 * The guest library every guest image links: Multiboot entry (shared with
 * l1hv), serial output, kvm-unit-tests-style reporting, hypercalls, timing,
 * and expected-exception handling for tests that provoke faults.
 *
 * A guest defines   int guest_main(const char *cmdline);
 * Its return value (or the report summary) becomes its exit code on port
 * 0xF4: 0 = success.
 */
#ifndef NESTLAB_GUEST_H
#define NESTLAB_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/free/x86.h"
#include "common/hypercall_abi.h"

int guest_main(const char *cmdline);

/* One past the last byte of RAM the loader reported (0 if it did not). */
extern uint64_t guest_mem_end;
/* The Multiboot information the loader passed (its memory map, modules). */
struct multiboot_info;
extern const struct multiboot_info *guest_mbi;

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* report("name", cond): prints "PASS: name" or "FAIL: name" and counts it. */
bool report(bool pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "SUMMARY: N tests, N unexpected failures, N skipped"; returns the
 * exit code (0 when nothing failed). */
int report_summary(void);

/* Ends the guest through isa-debug-exit (port 0xF4). */
__attribute__((noreturn)) void guest_exit(int code);

/* VMCALL with the nestlab ABI; returns RAX, stores RBX/RCX in out1/out2. */
int64_t hypercall(uint64_t nr, uint64_t arg, uint64_t *out1, uint64_t *out2);
/* Exits of this VM with the given basic reason (NESTLAB_HC_ALL_EXITS: all). */
uint64_t exit_count(uint32_t reason);
/* The same, counted depth levels further down (1: by the parent of the
 * hypervisor below us, for the VM that hypervisor runs in); ~0 if none. */
uint64_t exit_count_below(uint32_t reason, unsigned depth);

/*
 * Runs fn; if it raises an exception, the handler skips the faulting
 * instruction (skip_len bytes) and records the vector. Returns the vector
 * or -1 when nothing was raised.
 */
int catch_exception(void (*fn)(void *ctx), void *ctx, unsigned skip_len);

/*
 * Calls fn; if it raises an exception, fn is abandoned as if it had
 * returned (its caller's callee-saved registers intact) and the vector is
 * returned, with the error code in *error_code (when not NULL); -1 when
 * nothing was raised. For probes of any instruction length.
 */
int catch_exception_call(void (*fn)(void), uint64_t *error_code);

/*
 * GUEST_ISR(name, handler, arg): an interrupt gate entry `name` (for
 * cpu_set_interrupt_gate) for a vector without an error code: it saves the
 * caller-saved registers and calls
 *     void handler(unsigned arg, uint64_t *frame)
 * with frame at the CPU's RIP, CS, RFLAGS, RSP, SS, then IRETs. In 64-bit
 * mode the CPU aligns RSP to 16 before pushing the 5-quadword frame (SDM
 * 6.14.2); the 9 pushes leave it aligned again for the call.
 */
#define GUEST_ISR(name, handler, arg)                                            \
	void name(void);                                                         \
	void handler(unsigned, uint64_t *);                                      \
	asm(".text\n.globl " #name "\n" #name ":\n"                              \
	    "\tpush %rax\n\tpush %rcx\n\tpush %rdx\n\tpush %rsi\n\tpush %rdi\n"   \
	    "\tpush %r8\n\tpush %r9\n\tpush %r10\n\tpush %r11\n"                 \
	    "\tmov $" #arg ", %edi\n\tlea 72(%rsp), %rsi\n\tcall " #handler "\n"  \
	    "\tpop %r11\n\tpop %r10\n\tpop %r9\n\tpop %r8\n"                      \
	    "\tpop %rdi\n\tpop %rsi\n\tpop %rdx\n\tpop %rcx\n\tpop %rax\n\tiretq\n")

/* Looks up "key=value" in the command line; returns value length or -1. */
int cmdline_get(const char *cmdline, const char *key, const char **value);

#endif
