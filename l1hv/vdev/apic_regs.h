/* SPDX-License-Identifier: MIT */
/*
 * The registers of one vCPU's local APIC as a pure model: no hardware, no
 * clock, no other CPU. It is what a virtual LAPIC keeps and decides (what a
 * register reads, what a write does, which interrupt the processor gets
 * next), so that vlapic.c is left with the traps, the injection and the
 * host timer, and the host unit test can walk every rule of the SDM here.
 * Built freestanding into l1hv and hosted for tests/unit/test_apic_regs.c.
 *
 * SDM Vol. 3A chapter 10 "Advanced Programmable Interrupt Controller"; the
 * section numbers below are those of the editions up to 2022 (the chapter
 * is 11 since 2023 with the same subsections: 10.12 here is vlapic.h's
 * 11.12).
 *
 * The APIC modelled: an integrated xAPIC with x2APIC mode (version 14H, 7
 * LVT entries: CMCI, timer, thermal, performance, LINT0, LINT1, error), of a
 * Pentium 4 or later processor where the SDM distinguishes (10.6.1 Table
 * 10-3: IPIs are always edge-triggered, no INIT level de-assert). What the
 * CPU model offers on top (x2APIC, TSC-deadline timer, EOI-broadcast
 * suppression) is struct apic_caps, set by the caller.
 *
 * Time: every entry point that a guest's access reaches takes `now`, a
 * count of ticks of one clock, and first runs the timer up to it (an
 * expiry that was due fires then, as it would have on the hardware). The
 * APIC timer's input clock ticks once per unit of `now` before the divide
 * configuration applies, and IA32_TSC_DEADLINE is compared with `now`: the
 * caller passes the guest's TSC as `now`, so the APIC timer runs at the TSC
 * rate (the rate a caller that enumerates CPUID 15H reports for it).
 *
 * Interrupts that leave this APIC (IPIs, EOIs for the I/O APICs) and the
 * host timer are the caller's, reported through struct apic_effects. After
 * any call, the caller asks apic_deliverable() again.
 */
#ifndef L1HV_VDEV_APIC_REGS_H
#define L1HV_VDEV_APIC_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "common/bits.h"

/* ---- Register offsets in the xAPIC page (SDM 10.4.1 Table 10-1); the
 * x2APIC MSR is 800H + offset / 16 (10.12.1.2 Table 10-6). ---- */
#define APIC_REG_ID          0x020
#define APIC_REG_VERSION     0x030
#define APIC_REG_TPR         0x080
#define APIC_REG_APR         0x090
#define APIC_REG_PPR         0x0a0
#define APIC_REG_EOI         0x0b0
#define APIC_REG_RRD         0x0c0
#define APIC_REG_LDR         0x0d0
#define APIC_REG_DFR         0x0e0
#define APIC_REG_SVR         0x0f0
#define APIC_REG_ISR         0x100   /* 8 registers, 16 bytes apart */
#define APIC_REG_TMR         0x180
#define APIC_REG_IRR         0x200
#define APIC_REG_ESR         0x280
#define APIC_REG_LVT_CMCI    0x2f0
#define APIC_REG_ICR_LO      0x300   /* x2APIC: the 64-bit ICR, MSR 830H */
#define APIC_REG_ICR_HI      0x310
#define APIC_REG_LVT_TIMER   0x320
#define APIC_REG_LVT_THERMAL 0x330
#define APIC_REG_LVT_PERF    0x340
#define APIC_REG_LVT_LINT0   0x350
#define APIC_REG_LVT_LINT1   0x360
#define APIC_REG_LVT_ERROR   0x370
#define APIC_REG_TIMER_ICR   0x380   /* initial count */
#define APIC_REG_TIMER_CCR   0x390   /* current count */
#define APIC_REG_TIMER_DCR   0x3e0   /* divide configuration */
#define APIC_REG_SELF_IPI    0x3f0   /* x2APIC only */

#define APIC_MSR_FIRST       0x800
#define APIC_MSR_LAST        0x8ff

/* The xAPIC offset an x2APIC MSR (800H-8FFH) stands for. */
static inline unsigned apic_msr_offset(uint32_t msr)
{
	return (msr - APIC_MSR_FIRST) << 4;
}

#define APIC_DEFAULT_BASE    0xfee00000ull
#define APIC_BASE_ADDR_MASK  GENMASK_ULL(63, 12)

/* Version register (10.4.8): version 14H, Max LVT Entry = 7 entries - 1. */
#define APIC_VERSION_14H             0x14u
#define APIC_VERSION_MAX_LVT_SHIFT   16
#define APIC_VERSION_EOI_SUPPRESS    BIT(24)

/* Spurious-interrupt vector register (10.9 Figure 10-23). */
#define APIC_SVR_VECTOR        GENMASK(7, 0)
#define APIC_SVR_ENABLE        BIT(8)
#define APIC_SVR_FOCUS_DISABLE BIT(9)
#define APIC_SVR_EOI_SUPPRESS  BIT(12)

/* Error status register (10.5.3 Figure 10-9). */
#define APIC_ESR_SEND_CHECKSUM   BIT(0)   /* P6 and Pentium only */
#define APIC_ESR_RECV_CHECKSUM   BIT(1)
#define APIC_ESR_SEND_ACCEPT     BIT(2)
#define APIC_ESR_RECV_ACCEPT     BIT(3)
#define APIC_ESR_REDIRECTABLE    BIT(4)
#define APIC_ESR_SEND_ILLEGAL    BIT(5)
#define APIC_ESR_RECV_ILLEGAL    BIT(6)
#define APIC_ESR_ILLEGAL_REG     BIT(7)

/* Local vector table entries (10.5.1 Figure 10-8). */
#define APIC_LVT_VECTOR          GENMASK(7, 0)
#define APIC_LVT_DM_SHIFT        8
#define APIC_LVT_DM              GENMASK(10, 8)
#define APIC_LVT_DELIVERY_STATUS BIT(12)
#define APIC_LVT_POLARITY        BIT(13)   /* LINT0/1 */
#define APIC_LVT_REMOTE_IRR      BIT(14)   /* LINT0/1 */
#define APIC_LVT_LEVEL           BIT(15)   /* LINT0/1 trigger mode */
#define APIC_LVT_MASKED          BIT(16)
#define APIC_LVT_TIMER_SHIFT     17
#define APIC_LVT_TIMER_MODE      GENMASK(18, 17)
#define APIC_TIMER_ONESHOT       0u
#define APIC_TIMER_PERIODIC      1u
#define APIC_TIMER_TSC_DEADLINE  2u        /* only with caps.tsc_deadline */

/* Delivery modes of LVT entries and the ICR (10.5.1, 10.6.1). */
#define APIC_DM_FIXED    0u
#define APIC_DM_LOWEST   1u
#define APIC_DM_SMI      2u
#define APIC_DM_NMI      4u
#define APIC_DM_INIT     5u
#define APIC_DM_STARTUP  6u
#define APIC_DM_EXTINT   7u

/* Interrupt command register, low half (10.6.1 Figure 10-12). */
#define APIC_ICR_VECTOR          GENMASK(7, 0)
#define APIC_ICR_DM_SHIFT        8
#define APIC_ICR_DM              GENMASK(10, 8)
#define APIC_ICR_LOGICAL         BIT(11)
#define APIC_ICR_DELIVERY_STATUS BIT(12)
#define APIC_ICR_LEVEL_ASSERT    BIT(14)
#define APIC_ICR_TRIGGER_LEVEL   BIT(15)
#define APIC_ICR_SHORTHAND_SHIFT 18
#define APIC_ICR_SHORTHAND       GENMASK(19, 18)
#define APIC_SH_NONE             0u
#define APIC_SH_SELF             1u
#define APIC_SH_ALL              2u   /* all including self */
#define APIC_SH_OTHERS           3u   /* all excluding self */

/* The LVT entries; CMCI first, its register sits below the others (2F0H). */
enum apic_lvt {
	APIC_LVT_CMCI, APIC_LVT_TIMER, APIC_LVT_THERMAL, APIC_LVT_PERF,
	APIC_LVT_LINT0, APIC_LVT_LINT1, APIC_LVT_ERROR,
	APIC_LVT_COUNT
};

enum apic_mode { APIC_MODE_DISABLED, APIC_MODE_XAPIC, APIC_MODE_X2APIC };

/* What the CPU model offers: set by the caller after apic_regs_reset(). */
struct apic_caps {
	bool x2apic;        /* CPUID.01H:ECX.x2APIC[21]: IA32_APIC_BASE.EXTD is writable */
	bool tsc_deadline;  /* CPUID.01H:ECX.TSC_Deadline[24]: LVT timer mode 10B (10.5.4.1) */
	bool eoi_suppress;  /* version bit 24, SVR bit 12 (10.8.5): the caller's I/O APIC
			     * then takes EOIs in its own EOI register */
};

struct apic_regs {
	struct apic_caps caps;
	uint64_t base;          /* IA32_APIC_BASE */
	uint32_t id;            /* the 32-bit x2APIC ID; xAPIC reads its low 8 bits in ID[31:24] */
	uint32_t tpr, ldr, dfr, svr;
	uint32_t esr;           /* what the ESR reads: the errors up to the last ESR write */
	uint32_t esr_pending;   /* errors since the last ESR write */
	bool esr_armed;         /* the next error raises the LVT error interrupt */
	uint32_t lvt[APIC_LVT_COUNT];
	uint32_t icr_lo, icr_hi;  /* icr_hi: xAPIC destination in 31:24, x2APIC 32-bit */
	uint32_t timer_initial, timer_divide;
	/* One-shot/periodic: counting since timer_start (a `now`), from
	 * timer_count down; a periodic timer reloads timer_initial. */
	bool timer_armed;
	uint32_t timer_count;
	uint64_t timer_start;
	uint64_t tsc_deadline;  /* IA32_TSC_DEADLINE; 0 = disarmed; only in TSC-deadline mode */
	uint32_t irr[8], isr[8], tmr[8];
};

/* ---- State ---- */

/*
 * The power-up/RESET state (SDM 10.4.7.1, 10.12.5.1): xAPIC mode, base
 * FEE00000H with EN and, for the BSP, BSP; the 32-bit ID apic_id; IRR,
 * ISR, TMR, ICR, LDR, TPR, ESR and the timer 0; DFR all ones; every LVT
 * masked; SVR 000000FFH (software-disabled). Clears caps too: set them
 * after.
 */
void apic_regs_reset(struct apic_regs *a, uint32_t apic_id, bool bsp);

/*
 * INIT (SDM 10.4.7.3, 10.12.5.1): the registers as at power-up except
 * IA32_APIC_BASE (mode, base, BSP) and the ID, which stay; in x2APIC mode
 * the LDR is derived from the ID again. Caps stay.
 */
void apic_regs_init(struct apic_regs *a);

/* EN and EXTD of IA32_APIC_BASE (10.12.5 Table 10-5). */
enum apic_mode apic_mode(const struct apic_regs *a);

/*
 * WRMSR IA32_APIC_BASE. Returns 0, or -1 for #GP: a reserved bit set
 * (7:0, 9, 10 without caps.x2apic, MAXPHYADDR and above), the invalid
 * state EN=0/EXTD=1, or a transition SDM 10.12.5 forbids (x2APIC ->
 * xAPIC, disabled -> x2APIC). The BSP flag (bit 8) reports what RESET
 * made this processor (10.4.4): a write of either value neither faults
 * nor changes it. The base field may be relocated; it is kept, and the
 * caller decides what to trap. Entering the disabled state from a mode
 * returns the registers to their power-up state except IA32_APIC_BASE and
 * the ID (10.4.3: "the APIC may return to the state described in
 * 10.4.7.1"; 10.12.5.1: only the x2APIC ID survives x2APIC -> disabled).
 * xAPIC -> x2APIC makes the LDR the logical x2APIC ID (10.12.10.2) and the
 * 32-bit ID visible; the other registers keep their values (undefined in
 * the SDM).
 */
int apic_set_base(struct apic_regs *a, uint64_t value, unsigned maxphyaddr);

/* ---- Priorities and the interrupt in service (SDM 10.8) ---- */

/* PPR (10.8.3.1): TPR if TPR[7:4] >= ISRV[7:4], else ISRV[7:4]:0. */
uint32_t apic_ppr(const struct apic_regs *a);

/* Whether vector is set in IRR. */
bool apic_irr_pending(const struct apic_regs *a, uint8_t vector);

/* The highest vector set in IRR, in ISR; -1 if none. */
int apic_highest_irr(const struct apic_regs *a);
int apic_highest_isr(const struct apic_regs *a);

/*
 * A fixed-mode interrupt arrives: from an LVT entry, a self IPI, another
 * APIC's IPI or an I/O APIC. Sets IRR, and TMR for level (cleared for
 * edge, 10.8.4). Returns whether it was accepted. Not accepted:
 *  - vectors 0-15: "Receive Illegal Vector" is logged, no IRR bit (10.5.3);
 *  - a hardware-disabled APIC (EN = 0) or a software-disabled one (SVR bit 8
 *    = 0). 10.4.7.2 says a software-disabled APIC responds normally to
 *    INIT, NMI, SMI and SIPI and holds what is already in IRR and ISR; the
 *    model takes that to mean fixed interrupts are refused, as KVM does,
 *    without logging an error.
 * Lowest-priority interrupts are the caller's to route; at the chosen
 * APIC they arrive here like fixed ones.
 */
bool apic_accept(struct apic_regs *a, uint8_t vector, bool level);

/*
 * The vector the APIC presents to the processor now: the highest IRR
 * vector whose priority class is above PPR's (10.8.3.1, 10.8.4); -1 if
 * none, and always -1 when hardware-disabled. A software-disabled APIC
 * still presents what it holds (10.4.7.2: held, "require masking or
 * handling by the CPU").
 */
int apic_deliverable(const struct apic_regs *a);

/* The processor took vector (INTA): IRR -> ISR. Nothing if it is not
 * pending. */
void apic_ack(struct apic_regs *a, uint8_t vector);

/*
 * EOI (10.8.5): clears the highest ISR bit and returns its vector, or -1
 * if none is in service. *broadcast (may be NULL): the vector was
 * level-triggered (TMR) and EOI-broadcast suppression is off, so the
 * caller sends the EOI to the I/O APICs.
 */
int apic_eoi(struct apic_regs *a, bool *broadcast);

/* What an LVT entry signals when its source fires (10.5.1). */
enum apic_lvt_event {
	APIC_LVT_NONE,     /* masked, hardware-disabled, refused, or a reserved mode */
	APIC_LVT_FIXED,    /* accepted into IRR here */
	APIC_LVT_SMI,      /* the caller delivers these to the processor */
	APIC_LVT_NMI,
	APIC_LVT_INIT,     /* LINT0/1 only */
	APIC_LVT_EXTINT,   /* LINT0/1 only: the vector comes from the 8259 */
};

/*
 * An LVT source fires: CMCI, thermal, performance counter, LINT0/1 (the
 * model raises the timer and error entries itself). Fixed mode goes through
 * apic_accept() as edge-triggered: the model does not keep a remote IRR
 * for level-triggered LINT inputs (it reads 0).
 */
enum apic_lvt_event apic_lvt_raise(struct apic_regs *a, enum apic_lvt lvt);

/* ---- Register access ---- */

enum apic_access {
	APIC_OK,        /* done */
	APIC_IGNORED,   /* xAPIC: the register dropped it: a write to a read-only or
			 * reserved register, a read of a write-only or reserved one
			 * (reads 0), a misaligned offset (reads 0, writes nothing) */
	APIC_GP,        /* x2APIC: RDMSR/WRMSR raises #GP(0) */
	APIC_UNMAPPED,  /* an MMIO access while not in xAPIC mode: the page is not the
			 * APIC's (10.12.2), the caller handles it as plain memory */
};

/* An IPI the caller must send (the model never sends to other APICs). */
struct apic_ipi {
	uint32_t dest;      /* xAPIC: 8 bits (FFH broadcast); x2APIC: 32 bits (FFFFFFFFH) */
	uint8_t vector;
	uint8_t mode;       /* APIC_DM_*: fixed, SMI, NMI, INIT (assert), start-up */
	uint8_t shorthand;  /* APIC_SH_NONE, _ALL (the caller delivers to this APIC
			     * too, through apic_accept), _OTHERS */
	bool logical;
	bool x2apic;
};

/* Side effects of a register write, for the caller. */
struct apic_effects {
	bool ipi_valid;
	struct apic_ipi ipi;
	int eoi_vector;       /* >= 0: broadcast this EOI to the I/O APICs, -1: none */
	bool timer_changed;   /* apic_timer_next() moved: re-arm the host timer */
};

/*
 * Read the register at xAPIC offset `offset` (0-FF0H, a multiple of 16);
 * x2apic: through RDMSR (MSR 800H + offset / 16, apic_msr_offset()), else
 * through the xAPIC page. *value gets the register, zero-extended (the
 * 64-bit ICR in x2APIC mode), or 0.
 *
 * x2APIC path: #GP outside x2APIC mode (10.12.2), for a register Table 10-6
 * does not list (DFR, APR, RRD, ICR high, 3F0H... reserved) and for the
 * write-only ones (EOI, SELF IPI).
 * xAPIC path: APIC_UNMAPPED outside xAPIC mode. A reserved offset reads 0
 * and logs "Illegal Register Address" (10.5.3 bit 7; so does 3F0H, SELF
 * IPI being x2APIC-only); EOI, write-only, reads 0 without an error; APR
 * and RRD, which Pentium 4 and later do not implement (Table 10-1 note 1),
 * read 0. Access width is the caller's: only 32-bit accesses to offsets
 * that are multiples of 16 reach a register (the SDM makes the rest
 * undefined, 10.4.1); this model drops a misaligned offset (APIC_IGNORED),
 * and the caller should do the same for any other width.
 */
enum apic_access apic_read(struct apic_regs *a, unsigned offset, bool x2apic, uint64_t now,
			   uint64_t *value);

/*
 * Write value to the register at offset (as apic_read); fx (not NULL) gets
 * what the caller must do. xAPIC: writes to read-only registers are
 * dropped, to reserved ones dropped and logged as for reads; bits a
 * register does not implement are dropped. x2APIC: #GP for read-only and
 * unlisted registers, a nonzero EOI or ESR, bits 63:32 of any MSR but the
 * ICR, and the reserved bits Table 10-6 lists (TPR 31:8; SVR; every LVT per
 * Figure 10-8, with timer mode bit 18 reserved without TSC-deadline and the
 * reserved mode 11B; ICR per Figure 10-28; DCR per Figure 10-10; SELF IPI
 * 31:8). Read-only bits (delivery status, remote IRR) are ignored in both.
 *
 * ICR: a write of the low half (xAPIC) or of the 64-bit MSR sends. Fixed
 * self IPIs (shorthand self, SELF IPI register) are accepted here; every
 * other valid one is handed back in fx->ipi. Per 10.6.1 Table 10-3
 * (Pentium 4 and later): IPIs are issued edge-triggered, INIT level
 * de-assert is not sent, shorthand self and all-including-self only carry
 * fixed mode (other modes are not sent). Lowest priority is not sent and
 * logs "Redirectable IPI" (10.5.3 bit 4: this APIC does not send such IPIs;
 * in x2APIC mode the mode is reserved). A fixed IPI with vector 0-15 logs
 * "Send Illegal Vector" and is still sent; a receiver logs "Receive
 * Illegal Vector" (10.5.3), this APIC too for a self IPI. Delivery status
 * always reads 0 (idle): the send is done when the write returns.
 */
enum apic_access apic_write(struct apic_regs *a, unsigned offset, uint64_t value, bool x2apic,
			    uint64_t now, struct apic_effects *fx);

/* ---- Timer (SDM 10.5.4) ---- */

/*
 * WRMSR/RDMSR IA32_TSC_DEADLINE (10.5.4.1). Outside TSC-deadline mode a
 * write is ignored and a read returns 0. A nonzero value arms the timer for
 * the `now` it names (one in the past fires at the next expiry check), 0
 * disarms; after firing it reads 0.
 */
void apic_set_tsc_deadline(struct apic_regs *a, uint64_t value, uint64_t now);
uint64_t apic_get_tsc_deadline(struct apic_regs *a, uint64_t now);

/*
 * The `now` at which the timer next fires, or UINT64_MAX if it is not
 * armed (or would fire only past UINT64_MAX). TSC-deadline mode: the
 * deadline. One-shot/periodic: when the current count reaches 0. A masked
 * timer still expires (a periodic one reloads), so it is reported too.
 * Nothing here limits how often a guest makes a periodic timer fire: the
 * caller bounds the host timer's rate.
 */
uint64_t apic_timer_next(const struct apic_regs *a);

/*
 * Fire the timer if it is due at now: a one-shot timer stops at 0, a
 * periodic one reloads from the initial count at the last period boundary
 * not after now (periods missed since are one interrupt: IRR holds one),
 * a TSC deadline disarms and reads 0. The LVT timer vector is then
 * accepted unless masked (an illegal vector logs "Receive Illegal
 * Vector"). Returns whether it fired. O(1) whatever was programmed.
 */
bool apic_timer_expire(struct apic_regs *a, uint64_t now);

#endif
