/* SPDX-License-Identifier: MIT */
/*
 * Decoding the instruction behind an MMIO access: EPT violations give the
 * address but not the instruction's length, operand or register (SDM 28.2.5:
 * the VM-exit instruction length is undefined for them), so l1hv reads the
 * bytes and decodes the MOV forms compilers emit for device registers:
 * 88/89 (store register), 8A/8B (load), 0F B6/B7 (MOVZX load), C6/C7 /0
 * (store immediate) and A0-A3 (MOV rAX to or from moffs), in 16-, 32- and
 * 64-bit code, with 66, 67, segment-override and REX prefixes. Pure logic,
 * tested on the host, also against capstone (tests/unit/test_mmio_insn_diff.c).
 */
#ifndef L1HV_MMIO_INSN_H
#define L1HV_MMIO_INSN_H

#include <stdbool.h>
#include <stdint.h>

/* The longest instruction the CPU executes (SDM Vol. 2A 2.3.11); a longer
 * one raises #GP, so l1hv never decodes one. */
#define MMIO_INSN_MAX_LEN 15

#define MMIO_INSN_NOREG (-1)

/* Segment registers in the order of the sreg encoding (SDM Vol. 2D B.1.4.4). */
enum mmio_insn_seg {
	MMIO_SEG_ES, MMIO_SEG_CS, MMIO_SEG_SS, MMIO_SEG_DS, MMIO_SEG_FS, MMIO_SEG_GS,
};

enum mmio_insn_op { MMIO_INSN_MOV, MMIO_INSN_MOVZX };

/*
 * The memory operand. The effective address is base + index * scale + disp
 * (or next RIP + disp if rip_rel) modulo 2^(8 * addr_size); the segment's
 * base (mmio_insn_seg_base) is then added to form the linear address.
 */
struct mmio_insn_mem {
	enum mmio_insn_seg seg; /* the override prefix's, else DS, or SS for a
				 * base of rSP or rBP (SDM Vol. 1 3.7.4, Table 3-5) */
	int base;               /* GPR, or MMIO_INSN_NOREG */
	int index;              /* GPR, or MMIO_INSN_NOREG */
	unsigned scale;         /* 1, 2, 4 or 8; 1 without an index */
	uint64_t disp;          /* sign-extended; for moffs the offset, zero-extended */
	bool rip_rel;           /* relative to the next instruction (64-bit mode) */
	bool moffs;             /* A0-A3: disp is the whole effective address */
	unsigned addr_size;     /* 2, 4 or 8 */
};

struct mmio_insn {
	enum mmio_insn_op op;
	bool write;
	unsigned size;      /* bytes accessed: 1, 2, 4 or 8 */
	int reg;            /* GPR (SDM numbering) for 88-8B, 0F B6/B7 and A0-A3
			     * (always 0, rAX); -1 for an immediate */
	bool high8;         /* 88/8A without REX, reg 4-7: AH, CH, DH, BH, bits 15:8
			     * of GPR reg (0-3) (SDM Vol. 2A 3.1.1.1, Table 3-1) */
	uint64_t imm;       /* C6/C7: the value stored (sign-extended for 8 bytes) */
	unsigned dest_size; /* loads: bytes of reg written; 4 and 8 write all of it
			     * (a 32-bit destination zero-extends, SDM 3.4.1.1) */
	unsigned len;       /* instruction length */
	struct mmio_insn_mem mem;
};

/* The code segment's default sizes (SDM Vol. 1 3.6): 64-bit mode, or CS.D = 1
 * (32-bit) or 0 (16-bit), the latter two also in compatibility mode. */
enum mmio_insn_mode { MMIO_INSN_MODE16, MMIO_INSN_MODE32, MMIO_INSN_MODE64 };

/* The mode from IA32_EFER.LMA and CS's L and D/B attribute bits. */
enum mmio_insn_mode mmio_insn_mode_of(bool efer_lma, bool cs_l, bool cs_db);

/*
 * Returns 0, or -1 if the bytes are not one of the supported forms, run past
 * avail or past MMIO_INSN_MAX_LEN. Legacy prefixes 66, 67 and 26/2E/36/3E/64/65
 * come in any order and may repeat; two different segment overrides are
 * refused (the SDM calls only one prefix per group useful and does not say
 * which of two counts, Vol. 2A 2.1.1), as are LOCK, REP/REPNE and every other
 * prefix. A REX prefix counts only right before the opcode; one followed by
 * another prefix is ignored (SDM Vol. 2A 2.2.1).
 */
int mmio_insn_decode(const uint8_t *b, unsigned avail, enum mmio_insn_mode mode,
		     struct mmio_insn *out);

/* The base of segment seg that applies in mode, given the segment register's
 * base: in 64-bit mode only FS's and GS's, outside it the low 32 bits. */
uint64_t mmio_insn_seg_base(enum mmio_insn_mode mode, enum mmio_insn_seg seg,
			    uint64_t base);

/* The linear address of the instruction at rip in a code segment with base
 * cs_base: RIP itself in 64-bit mode, else CS.base + EIP or IP (wrapping at
 * 4 GiB). */
uint64_t mmio_insn_fetch_la(enum mmio_insn_mode mode, uint64_t cs_base, uint64_t rip);

#endif
