/* SPDX-License-Identifier: MIT */
/* Port I/O inside l1hv/exit/: one access to a port, as io.c's devices
 * answer it, for the plain and the string instructions. */
#ifndef L1HV_EXIT_IO_H
#define L1HV_EXIT_IO_H

#include <stdint.h>

#include "l1hv/exit/exit.h"

uint32_t io_port_read(struct vcpu *vcpu, uint16_t port, unsigned size);
enum exit_result io_port_write(struct vcpu *vcpu, uint16_t port, unsigned size, uint32_t v);

/* INS and OUTS, with and without REP (io_string.c); it decodes the
 * qualification itself, so that handle_io's decode stays in registers. */
enum exit_result handle_io_string(struct vcpu *vcpu, struct exit_info *e);

#endif
