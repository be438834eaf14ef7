/* SPDX-License-Identifier: MIT */
/*
 * Decoding the instruction behind an MMIO access: EPT violations give the
 * address but not the instruction's length, operand or register (SDM 28.2.5:
 * the VM-exit instruction length is undefined for them), so l1hv reads the
 * bytes and decodes the MOV forms compilers emit for device registers:
 * 88/89 (store register), 8A/8B (load), 0F B6/B7 (MOVZX load), C6/C7 /0
 * (store immediate), with 66 and REX prefixes. Pure logic, tested on the host.
 */
#ifndef L1HV_MMIO_INSN_H
#define L1HV_MMIO_INSN_H

#include <stdbool.h>
#include <stdint.h>

struct mmio_insn {
	bool write;
	unsigned size;      /* bytes accessed: 1, 2, 4 or 8 */
	int reg;            /* GPR (SDM numbering) for 88-8B; -1 for an immediate */
	bool high8;         /* 88/8A without REX, reg 4-7: AH, CH, DH, BH, bits 15:8
			     * of GPR reg (0-3) (SDM Vol. 2A 3.1.1.1, Table 3-1) */
	uint64_t imm;       /* C6/C7: the value stored (sign-extended for 8 bytes) */
	unsigned dest_size; /* loads: bytes of reg written; 4 and 8 write all of it
			     * (a 32-bit destination zero-extends, SDM 3.4.1.1) */
	unsigned len;       /* instruction length */
};

/* The code segment's default sizes (SDM 3.6): 64-bit mode, or CS.D = 1
 * (32-bit) or 0 (16-bit). */
enum mmio_insn_mode { MMIO_INSN_MODE16, MMIO_INSN_MODE32, MMIO_INSN_MODE64 };

/* Returns 0, or -1 if the bytes are not one of the supported forms (or run
 * past avail). 16-bit code and the address-size prefix (67), which change
 * how ModRM is read, are refused, as are every other prefix (segment
 * overrides, LOCK, REP) and any prefix order but 66 then REX. */
int mmio_insn_decode(const uint8_t *b, unsigned avail, enum mmio_insn_mode mode,
		     struct mmio_insn *out);

#endif
