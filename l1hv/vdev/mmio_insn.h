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
	uint64_t imm;       /* C6/C7: the value stored (sign-extended for 8 bytes) */
	bool zext;          /* MOVZX: the whole destination register is written */
	unsigned len;       /* instruction length */
};

/* Returns 0, or -1 if the bytes are not one of the supported forms (or run
 * past avail). mode64: 64-bit mode (REX prefixes exist, 32-bit default). */
int mmio_insn_decode(const uint8_t *b, unsigned avail, bool mode64, struct mmio_insn *out);

#endif
