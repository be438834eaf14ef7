/* SPDX-License-Identifier: MIT */
/*
 * Decoders for exit qualifications and event-information fields (SDM Vol. 3C
 * 28.2.1 "Basic VM-Exit Information", 28.2.2/28.2.3 for vectored events).
 * Pure functions of the raw field value: each returns a struct of the fields
 * the SDM defines, so callers and tests never shift bits by hand.
 */
#ifndef NESTLAB_EXIT_REFLECT_EXIT_QUAL_H
#define NESTLAB_EXIT_REFLECT_EXIT_QUAL_H

#include <stdbool.h>
#include <stdint.h>

#include "vmcs12/vmx_controls.h"

/* ---- I/O instructions: SDM Table 28-5 ------------------------------------ */
#define EXIT_QUAL_IO_SIZE_MASK      0x7u          /* 0: 1 byte, 1: 2 bytes, 3: 4 bytes */
#define EXIT_QUAL_IO_IN             (1u << 3)     /* 0 = OUT, 1 = IN */
#define EXIT_QUAL_IO_STRING         (1u << 4)     /* INS/OUTS */
#define EXIT_QUAL_IO_REP            (1u << 5)     /* REP prefixed */
#define EXIT_QUAL_IO_IMM            (1u << 6)     /* 0 = port in DX, 1 = immediate */
#define EXIT_QUAL_IO_PORT_SHIFT     16

struct exit_qual_io {
	uint16_t port;
	uint8_t size;      /* bytes accessed: 1, 2 or 4 (0 if the encoding is not defined) */
	bool in;
	bool string;
	bool rep;
	bool imm_operand;
};

static inline struct exit_qual_io exit_qual_io_decode(uint64_t q)
{
	static const uint8_t size_bytes[8] = { 1, 2, 0, 4, 0, 0, 0, 0 };
	struct exit_qual_io io = {
		.port = (uint16_t)(q >> EXIT_QUAL_IO_PORT_SHIFT),
		.size = size_bytes[q & EXIT_QUAL_IO_SIZE_MASK],
		.in = q & EXIT_QUAL_IO_IN,
		.string = q & EXIT_QUAL_IO_STRING,
		.rep = q & EXIT_QUAL_IO_REP,
		.imm_operand = q & EXIT_QUAL_IO_IMM,
	};
	return io;
}

/* ---- Control-register accesses: SDM Table 28-3 ---------------------------- */
#define EXIT_QUAL_CR_NUM_MASK       0xfu
#define EXIT_QUAL_CR_TYPE_SHIFT     4
#define EXIT_QUAL_CR_TYPE_MASK      0x3u
#define EXIT_QUAL_CR_LMSW_MEM       (1u << 6)     /* LMSW operand: 0 register, 1 memory */
#define EXIT_QUAL_CR_GPR_SHIFT      8
#define EXIT_QUAL_CR_GPR_MASK       0xfu
#define EXIT_QUAL_CR_LMSW_SRC_SHIFT 16

enum exit_cr_access_type {
	EXIT_CR_MOV_TO_CR = 0,
	EXIT_CR_MOV_FROM_CR = 1,
	EXIT_CR_CLTS = 2,
	EXIT_CR_LMSW = 3,
};

struct exit_qual_cr {
	uint8_t cr;                  /* control register number */
	enum exit_cr_access_type type;
	bool lmsw_mem_operand;
	uint8_t gpr;                 /* MOV CR: register operand, SDM numbering (RAX = 0) */
	uint16_t lmsw_source;        /* LMSW: the 16-bit source operand */
};

static inline struct exit_qual_cr exit_qual_cr_decode(uint64_t q)
{
	struct exit_qual_cr cr = {
		.cr = q & EXIT_QUAL_CR_NUM_MASK,
		.type = (enum exit_cr_access_type)((q >> EXIT_QUAL_CR_TYPE_SHIFT) &
						   EXIT_QUAL_CR_TYPE_MASK),
		.lmsw_mem_operand = q & EXIT_QUAL_CR_LMSW_MEM,
		.gpr = (q >> EXIT_QUAL_CR_GPR_SHIFT) & EXIT_QUAL_CR_GPR_MASK,
		.lmsw_source = (uint16_t)(q >> EXIT_QUAL_CR_LMSW_SRC_SHIFT),
	};
	return cr;
}

/* ---- MOV DR: SDM Table 28-4 ------------------------------------------------ */
#define EXIT_QUAL_DR_NUM_MASK       0x7u
#define EXIT_QUAL_DR_FROM_DR        (1u << 4)     /* 0 = MOV to DR, 1 = MOV from DR */
#define EXIT_QUAL_DR_GPR_SHIFT      8
#define EXIT_QUAL_DR_GPR_MASK       0xfu

struct exit_qual_dr {
	uint8_t dr;
	bool from_dr;
	uint8_t gpr;
};

static inline struct exit_qual_dr exit_qual_dr_decode(uint64_t q)
{
	struct exit_qual_dr dr = {
		.dr = q & EXIT_QUAL_DR_NUM_MASK,
		.from_dr = q & EXIT_QUAL_DR_FROM_DR,
		.gpr = (q >> EXIT_QUAL_DR_GPR_SHIFT) & EXIT_QUAL_DR_GPR_MASK,
	};
	return dr;
}

/* ---- EPT violations: SDM Table 28-7 ---------------------------------------- */
#define EXIT_QUAL_EPT_READ          (1u << 0)     /* the access was a data read */
#define EXIT_QUAL_EPT_WRITE         (1u << 1)     /* a data write */
#define EXIT_QUAL_EPT_FETCH         (1u << 2)     /* an instruction fetch */
#define EXIT_QUAL_EPT_READABLE      (1u << 3)     /* AND of bit 0 of the EPT entries */
#define EXIT_QUAL_EPT_WRITABLE      (1u << 4)     /* AND of bit 1 */
#define EXIT_QUAL_EPT_EXECUTABLE    (1u << 5)     /* AND of bit 2 (supervisor with MBEC) */
#define EXIT_QUAL_EPT_USER_EXEC     (1u << 6)     /* AND of bit 10, only with MBEC */
#define EXIT_QUAL_EPT_GLA_VALID     (1u << 7)
#define EXIT_QUAL_EPT_GLA_TRANSLATED (1u << 8)    /* if GLA valid: final translation, not a walk */
#define EXIT_QUAL_EPT_USER_LA       (1u << 9)     /* advanced info: user-mode linear address */
#define EXIT_QUAL_EPT_RW_LA         (1u << 10)    /* advanced info: writable linear address */
#define EXIT_QUAL_EPT_XD_LA         (1u << 11)    /* advanced info: execute-disable */
#define EXIT_QUAL_NMI_UNBLOCK_IRET  (1u << 12)    /* NMI unblocking due to IRET */
#define EXIT_QUAL_EPT_SHADOW_STACK  (1u << 13)    /* shadow-stack access */

struct exit_qual_ept {
	bool read, write, fetch;
	bool readable, writable, executable, user_executable;
	bool gla_valid;
	bool gla_translated;       /* meaningful only if gla_valid */
	bool nmi_unblocking;
	bool shadow_stack;
};

static inline struct exit_qual_ept exit_qual_ept_decode(uint64_t q)
{
	struct exit_qual_ept ept = {
		.read = q & EXIT_QUAL_EPT_READ,
		.write = q & EXIT_QUAL_EPT_WRITE,
		.fetch = q & EXIT_QUAL_EPT_FETCH,
		.readable = q & EXIT_QUAL_EPT_READABLE,
		.writable = q & EXIT_QUAL_EPT_WRITABLE,
		.executable = q & EXIT_QUAL_EPT_EXECUTABLE,
		.user_executable = q & EXIT_QUAL_EPT_USER_EXEC,
		.gla_valid = q & EXIT_QUAL_EPT_GLA_VALID,
		.gla_translated = q & EXIT_QUAL_EPT_GLA_TRANSLATED,
		.nmi_unblocking = q & EXIT_QUAL_NMI_UNBLOCK_IRET,
		.shadow_stack = q & EXIT_QUAL_EPT_SHADOW_STACK,
	};
	return ept;
}

/*
 * ---- VM-exit interruption information (SDM Table 25-19) and IDT-vectoring
 * information (Table 25-20): same layout, except that bit 12 (NMI unblocking
 * due to IRET) is undefined in the IDT-vectoring form.
 */
struct exit_intr_info {
	uint8_t vector;
	uint8_t type;              /* INTR_TYPE_* >> 8: 0 ext intr, 2 NMI, 3 hw exc, ... */
	bool error_code_valid;
	bool nmi_unblocking;       /* VM-exit interruption information only */
	bool valid;
};

static inline struct exit_intr_info exit_intr_info_decode(uint32_t info)
{
	struct exit_intr_info ii = {
		.vector = info & INTR_INFO_VECTOR_MASK,
		.type = (info & INTR_INFO_INTR_TYPE_MASK) >> INTR_INFO_INTR_TYPE_SHIFT,
		.error_code_valid = info & INTR_INFO_DELIVER_CODE_MASK,
		.nmi_unblocking = info & INTR_INFO_UNBLOCK_NMI,
		.valid = info & INTR_INFO_VALID_MASK,
	};
	return ii;
}

static inline struct exit_intr_info exit_idt_vectoring_decode(uint32_t info)
{
	struct exit_intr_info ii = exit_intr_info_decode(info);

	ii.nmi_unblocking = false;
	return ii;
}

/* ---- VM-exit instruction information for VMREAD/VMWRITE: SDM Table 28-15 -- */
/* Bits 31:28 name the register holding the VMCS-field encoding ("Reg2"). */
static inline uint8_t exit_instr_info_vmrw_field_gpr(uint32_t instr_info)
{
	return (instr_info >> 28) & 0xf;
}

#endif
