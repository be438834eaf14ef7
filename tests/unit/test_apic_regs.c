/* SPDX-License-Identifier: MIT */
/*
 * The local APIC register model (l1hv/vdev/apic_regs.h) against the SDM
 * Vol. 3A chapter 10 (numbered as up to 2022): reset values, the PPR rule,
 * what is delivered against TPR and ISR, illegal vectors and the ESR, the
 * software-disabled state, the IA32_APIC_BASE transitions, the x2APIC MSR
 * rules of Table 10-6, the xAPIC page and the three timer modes. Expected
 * values come from the SDM's tables and formulas, written out here; where
 * the SDM leaves room the case says which choice apic_regs.h documents.
 */
#include "l1hv/vdev/apic_regs.h"
#include "common/x86_arch.h"
#include "testlib.h"

#define MAXPHYADDR 46
#define BASE_XAPIC  (APIC_DEFAULT_BASE | APIC_BASE_EN)
#define BASE_X2APIC (APIC_DEFAULT_BASE | APIC_BASE_EN | APIC_BASE_EXTD)
#define BASE_OFF    APIC_DEFAULT_BASE
#define BASE_BAD    (APIC_DEFAULT_BASE | APIC_BASE_EXTD)   /* EN = 0, EXTD = 1 */

static uint64_t now;                  /* the tests' clock */
static struct apic_effects fx;

/* ------------------------------------------------------------ helpers */

static bool in_x2apic(struct apic_regs *a)
{
	return apic_mode(a) == APIC_MODE_X2APIC;
}

static enum apic_access rd(struct apic_regs *a, unsigned off, uint64_t *v)
{
	return apic_read(a, off, in_x2apic(a), now, v);
}

/* The register's value; CHECKs that the read was allowed. */
static uint64_t reg(struct apic_regs *a, unsigned off)
{
	uint64_t v = ~0ull;

	CHECKF(rd(a, off, &v) == APIC_OK, "read of %#x refused", off);
	return v;
}

static enum apic_access wr(struct apic_regs *a, unsigned off, uint64_t v)
{
	return apic_write(a, off, v, in_x2apic(a), now, &fx);
}

static enum apic_access msr_rd(struct apic_regs *a, uint32_t msr, uint64_t *v)
{
	return apic_read(a, apic_msr_offset(msr), true, now, v);
}

static enum apic_access msr_wr(struct apic_regs *a, uint32_t msr, uint64_t v)
{
	return apic_write(a, apic_msr_offset(msr), v, true, now, &fx);
}

/* The ESR as software reads it: write, then read (10.5.3). */
static uint32_t esr(struct apic_regs *a)
{
	CHECK_EQ(wr(a, APIC_REG_ESR, 0), APIC_OK);
	return (uint32_t)reg(a, APIC_REG_ESR);
}

/* Power-up, software-enabled (SVR = 1FFH) xAPIC with ID id. */
static void xapic(struct apic_regs *a, uint32_t id)
{
	now = 0;
	apic_regs_reset(a, id, true);
	a->caps.x2apic = true;
	CHECK_EQ(wr(a, APIC_REG_SVR, 0x1ff), APIC_OK);
}

/* The same in x2APIC mode. */
static void x2apic(struct apic_regs *a, uint32_t id)
{
	xapic(a, id);
	CHECK_EQ(apic_set_base(a, BASE_X2APIC, MAXPHYADDR), 0);
	CHECK(in_x2apic(a));
}

/* Vector v into ISR, as the processor takes it. */
static void in_service(struct apic_regs *a, uint8_t v)
{
	CHECK(apic_accept(a, v, false));
	apic_ack(a, v);
}

static bool irr_has(struct apic_regs *a, unsigned v)
{
	return (reg(a, APIC_REG_IRR + (v / 32) * 16) >> (v % 32)) & 1;
}

static bool irr_empty(struct apic_regs *a)
{
	return apic_highest_irr(a) < 0;
}

/* ------------------------------------------------------------ reset */

TEST(reset_state)
{
	struct apic_regs a;

	apic_regs_reset(&a, 3, true);
	/* 10.4.4: base FEE00000H, EN; BSP on the BSP only. */
	CHECK_EQ(a.base, 0xfee00900ull);
	CHECK_EQ(apic_mode(&a), APIC_MODE_XAPIC);
	/* 10.4.7.1: every register's power-up value. */
	CHECK_EQ(reg(&a, APIC_REG_ID), 0x03000000u);
	CHECK_EQ(reg(&a, APIC_REG_VERSION), 0x00060014u);   /* version 14H, max LVT 6 */
	CHECK_EQ(reg(&a, APIC_REG_TPR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_PPR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_LDR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_DFR), 0xffffffffu);
	CHECK_EQ(reg(&a, APIC_REG_SVR), 0xffu);
	for (unsigned i = 0; i < 8; i++) {
		CHECK_EQ(reg(&a, APIC_REG_ISR + i * 16), 0u);
		CHECK_EQ(reg(&a, APIC_REG_TMR + i * 16), 0u);
		CHECK_EQ(reg(&a, APIC_REG_IRR + i * 16), 0u);
	}
	CHECK_EQ(reg(&a, APIC_REG_ESR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_ICR_LO), 0u);
	CHECK_EQ(reg(&a, APIC_REG_ICR_HI), 0u);
	static const unsigned lvts[] = { APIC_REG_LVT_CMCI, APIC_REG_LVT_TIMER, APIC_REG_LVT_THERMAL,
					 APIC_REG_LVT_PERF, APIC_REG_LVT_LINT0, APIC_REG_LVT_LINT1,
					 APIC_REG_LVT_ERROR };
	for (unsigned i = 0; i < 7; i++)
		CHECKF(reg(&a, lvts[i]) == 0x00010000u, "LVT %#x", lvts[i]);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_ICR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_DCR), 0u);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	CHECK_EQ(apic_deliverable(&a), -1);

	apic_regs_reset(&a, 5, false);
	CHECK_EQ(a.base, 0xfee00800ull);   /* an AP: no BSP flag */
	CHECK_EQ(reg(&a, APIC_REG_ID), 0x05000000u);
}

/* ------------------------------------------------------------ priorities */

TEST(ppr_rule_table)
{
	/* 10.8.3.1: IF TPR[7:4] >= ISRV[7:4] THEN PPR = TPR ELSE PPR =
	 * ISRV[7:4]:0, ISRV the highest vector in service or 0. */
	static const struct { uint8_t tpr, isr[2]; uint32_t ppr; } rows[] = {
		{ 0x00, { 0, 0 },       0x00 },
		{ 0x35, { 0, 0 },       0x35 },   /* nothing in service: TPR */
		{ 0x35, { 0x41, 0 },    0x40 },   /* ISR class above */
		{ 0x45, { 0x41, 0 },    0x45 },   /* equal classes: TPR, subclass too */
		{ 0x40, { 0x4f, 0 },    0x40 },
		{ 0x50, { 0x41, 0 },    0x50 },
		{ 0x0f, { 0x10, 0 },    0x10 },
		{ 0xff, { 0xfe, 0 },    0xff },
		{ 0x00, { 0xfe, 0 },    0xf0 },
		{ 0x3f, { 0x30, 0x51 }, 0x50 },   /* the highest of two in service */
		{ 0x6a, { 0x30, 0x51 }, 0x6a },
	};
	struct apic_regs a;

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		xapic(&a, 0);
		for (unsigned j = 0; j < 2; j++)
			if (rows[i].isr[j])
				in_service(&a, rows[i].isr[j]);
		CHECK_EQ(wr(&a, APIC_REG_TPR, rows[i].tpr), APIC_OK);
		CHECKF(apic_ppr(&a) == rows[i].ppr, "row %u: PPR %#x, want %#x", i, apic_ppr(&a),
		       rows[i].ppr);
		CHECKF(reg(&a, APIC_REG_PPR) == rows[i].ppr, "row %u: PPR register", i);
	}
}

TEST(deliverable_against_tpr)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_TPR, 0x40), APIC_OK);
	CHECK(apic_accept(&a, 0x45, false));
	/* 10.8.3.1: only a class above the processor priority class. */
	CHECK_EQ(apic_deliverable(&a), -1);
	CHECK_EQ(reg(&a, APIC_REG_IRR + 0x20), 0x20u);   /* vector 45H held in IRR */
	CHECK_EQ(wr(&a, APIC_REG_TPR, 0x3f), APIC_OK);
	CHECK_EQ(apic_deliverable(&a), 0x45);
	CHECK_EQ(wr(&a, APIC_REG_TPR, 0x50), APIC_OK);
	CHECK_EQ(apic_deliverable(&a), -1);
	/* Subclass does not count: 4FH against TPR 41H is the same class. */
	CHECK(apic_accept(&a, 0x4f, false));
	CHECK_EQ(wr(&a, APIC_REG_TPR, 0x41), APIC_OK);
	CHECK_EQ(apic_deliverable(&a), -1);
	CHECK_EQ(wr(&a, APIC_REG_TPR, 0x00), APIC_OK);
	CHECK_EQ(apic_deliverable(&a), 0x4f);   /* the highest IRR vector */
}

TEST(deliverable_against_isr_until_eoi)
{
	struct apic_regs a;

	xapic(&a, 0);
	in_service(&a, 0x61);
	CHECK(apic_accept(&a, 0x52, false));
	CHECK(apic_accept(&a, 0x6a, false));
	CHECK_EQ(apic_deliverable(&a), -1);          /* 6AH: same class as 61H in service */
	CHECK(irr_has(&a, 0x52) && irr_has(&a, 0x6a));
	CHECK_EQ(apic_eoi(&a, NULL), 0x61);
	CHECK_EQ(apic_deliverable(&a), 0x6a);
	apic_ack(&a, 0x6a);
	CHECK_EQ(apic_deliverable(&a), -1);          /* 52H below 6AH in service */
	CHECK_EQ(apic_eoi(&a, NULL), 0x6a);
	CHECK_EQ(apic_deliverable(&a), 0x52);
}

TEST(nested_in_service)
{
	struct apic_regs a;

	xapic(&a, 0);
	in_service(&a, 0x31);
	CHECK(apic_accept(&a, 0x81, false));
	CHECK_EQ(apic_deliverable(&a), 0x81);        /* a higher class preempts */
	apic_ack(&a, 0x81);
	CHECK_EQ(reg(&a, APIC_REG_ISR + 0x10), 0x00020000u);   /* 31H */
	CHECK_EQ(reg(&a, APIC_REG_ISR + 0x40), 0x00000002u);   /* 81H */
	CHECK_EQ(apic_highest_isr(&a), 0x81);
	CHECK_EQ(apic_ppr(&a), 0x80u);
	/* 10.8.5: EOI retires the highest-priority ISR bit. */
	CHECK_EQ(apic_eoi(&a, NULL), 0x81);
	CHECK_EQ(apic_ppr(&a), 0x30u);
	CHECK_EQ(apic_eoi(&a, NULL), 0x31);
	CHECK_EQ(apic_eoi(&a, NULL), -1);
	CHECK_EQ(apic_ppr(&a), 0u);
}

TEST(deliverable_highest_irr_first)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK(apic_accept(&a, 0x20, false));
	CHECK(apic_accept(&a, 0xe0, false));
	CHECK(apic_accept(&a, 0x95, false));
	CHECK_EQ(apic_deliverable(&a), 0xe0);
	apic_ack(&a, 0xe0);
	CHECK_EQ(apic_deliverable(&a), -1);
	apic_ack(&a, 0x33);                           /* not pending: no effect */
	CHECK_EQ(apic_highest_isr(&a), 0xe0);
}

TEST(level_sets_tmr_edge_clears)
{
	struct apic_regs a;

	xapic(&a, 0);
	/* 10.8.4: TMR set for level, cleared for edge on acceptance. */
	CHECK(apic_accept(&a, 0x71, true));
	CHECK_EQ(reg(&a, APIC_REG_TMR + 0x30), 0x00020000u);
	apic_ack(&a, 0x71);
	CHECK(apic_accept(&a, 0x71, false));
	CHECK_EQ(reg(&a, APIC_REG_TMR + 0x30), 0u);
}

/* ------------------------------------------------------------ illegal vectors */

TEST(illegal_vector_from_lvt)
{
	struct apic_regs a;

	xapic(&a, 0);
	/* 10.5.3 bit 6: an LVT interrupt with vector 0-15 is not delivered
	 * and sets no IRR bit. */
	CHECK_EQ(wr(&a, APIC_REG_LVT_LINT0, 0x03), APIC_OK);        /* fixed, vector 3 */
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_LINT0), APIC_LVT_NONE);
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_RECV_ILLEGAL);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x0f), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 1), APIC_OK);
	CHECK(apic_timer_expire(&a, 1));
	CHECK(irr_empty(&a));
	CHECK_EQ(apic_deliverable(&a), -1);
	CHECK_EQ(esr(&a), APIC_ESR_RECV_ILLEGAL);
	/* The boundary: 15 illegal, 16 legal. */
	CHECK(!apic_accept(&a, 15, false));
	CHECK(apic_accept(&a, 16, false));
	CHECK_EQ(esr(&a), APIC_ESR_RECV_ILLEGAL);
	CHECK_EQ(apic_highest_irr(&a), 16);
}

TEST(illegal_vector_self_ipi)
{
	struct apic_regs a;

	/* 10.5.3: a write of the SELF IPI register with vector 0-15 is "Send
	 * Illegal Vector" (bit 5), the interrupt generated via a self IPI
	 * "Receive Illegal Vector" (bit 6). */
	x2apic(&a, 0);
	CHECK_EQ(msr_wr(&a, 0x83f, 0x0e), APIC_OK);
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_SEND_ILLEGAL | APIC_ESR_RECV_ILLEGAL);
	/* The ICR's self shorthand: the same. */
	CHECK_EQ(msr_wr(&a, 0x830, 0x40000 | 0x0e), APIC_OK);
	CHECK(!fx.ipi_valid);
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_SEND_ILLEGAL | APIC_ESR_RECV_ILLEGAL);
}

TEST(illegal_vector_icr_to_others)
{
	struct apic_regs a;

	/* The sender logs "Send Illegal Vector" only; the receivers log theirs. */
	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_ICR_HI, 0x02000000), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x08), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.vector, 8u);
	CHECK_EQ(fx.ipi.dest, 2u);
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_SEND_ILLEGAL);
	/* A receiving APIC. */
	struct apic_regs b;

	xapic(&b, 2);
	CHECK(!apic_accept(&b, fx.ipi.vector, false));
	CHECK_EQ(esr(&b), APIC_ESR_RECV_ILLEGAL);
	/* Non-fixed modes have no vector to check: start-up with page 08H. */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x4608), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.mode, APIC_DM_STARTUP);
	CHECK_EQ(esr(&a), 0u);
}

/* ------------------------------------------------------------ ESR */

TEST(esr_write_then_read)
{
	struct apic_regs a;
	uint64_t v;

	xapic(&a, 0);
	CHECK(!apic_accept(&a, 3, false));
	/* 10.5.3: the ESR shows new errors only after a write. */
	CHECK_EQ(reg(&a, APIC_REG_ESR), 0u);
	CHECK_EQ(wr(&a, APIC_REG_ESR, 0xffffffff), APIC_OK);   /* any value in xAPIC mode */
	CHECK_EQ(reg(&a, APIC_REG_ESR), APIC_ESR_RECV_ILLEGAL);
	CHECK_EQ(reg(&a, APIC_REG_ESR), APIC_ESR_RECV_ILLEGAL); /* stays until the next write */
	CHECK_EQ(wr(&a, APIC_REG_ESR, 0), APIC_OK);             /* back-to-back writes clear */
	CHECK_EQ(reg(&a, APIC_REG_ESR), 0u);

	/* Table 10-6: x2APIC, WRMSR of a nonzero value #GP. */
	x2apic(&a, 0);
	CHECK(!apic_accept(&a, 3, false));
	CHECK_EQ(msr_wr(&a, 0x828, 1), APIC_GP);
	CHECK_EQ(msr_rd(&a, 0x828, &v), APIC_OK);
	CHECK_EQ(v, 0u);                                        /* the #GP write did nothing */
	CHECK_EQ(msr_wr(&a, 0x828, 0), APIC_OK);
	CHECK_EQ(msr_rd(&a, 0x828, &v), APIC_OK);
	CHECK_EQ(v, APIC_ESR_RECV_ILLEGAL);
}

TEST(lvt_error_delivery)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_ERROR, 0xe3), APIC_OK);
	CHECK(!apic_accept(&a, 3, false));                  /* an error */
	CHECK_EQ(apic_deliverable(&a), 0xe3);
	apic_ack(&a, 0xe3);
	/* Until the ESR write rearms it, a second error does not interrupt. */
	CHECK(!apic_accept(&a, 4, false));
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_RECV_ILLEGAL);
	CHECK(!apic_accept(&a, 5, false));
	CHECK(irr_has(&a, 0xe3));
	/* Masked: the error is logged, no interrupt. */
	CHECK_EQ(apic_eoi(&a, NULL), 0xe3);
	apic_ack(&a, 0xe3);
	CHECK_EQ(apic_eoi(&a, NULL), 0xe3);
	CHECK_EQ(wr(&a, APIC_REG_LVT_ERROR, 0x100e3), APIC_OK);
	CHECK_EQ(esr(&a), APIC_ESR_RECV_ILLEGAL);
	CHECK(!apic_accept(&a, 6, false));
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_RECV_ILLEGAL);
}

TEST(lvt_error_illegal_vector_no_recursion)
{
	struct apic_regs a;
	uint64_t v;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_ERROR, 0x02), APIC_OK);
	CHECK_EQ(rd(&a, 0x040, &v), APIC_IGNORED);          /* illegal register address */
	CHECK(irr_empty(&a));
	/* The error interrupt's own illegal vector is one more error. */
	CHECK_EQ(esr(&a), APIC_ESR_ILLEGAL_REG | APIC_ESR_RECV_ILLEGAL);
}

/* ------------------------------------------------------------ software disable */

TEST(sw_disable_masks_lvts_and_keeps_them_masked)
{
	static const unsigned lvts[] = { APIC_REG_LVT_CMCI, APIC_REG_LVT_TIMER, APIC_REG_LVT_THERMAL,
					 APIC_REG_LVT_PERF, APIC_REG_LVT_LINT0, APIC_REG_LVT_LINT1,
					 APIC_REG_LVT_ERROR };
	struct apic_regs a;

	xapic(&a, 0);
	for (unsigned i = 0; i < 7; i++) {
		CHECK_EQ(wr(&a, lvts[i], 0x30 + i), APIC_OK);
		CHECK_EQ(reg(&a, lvts[i]), 0x30u + i);
	}
	/* 10.4.7.2: software disable sets every mask bit ... */
	CHECK_EQ(wr(&a, APIC_REG_SVR, 0xff), APIC_OK);
	for (unsigned i = 0; i < 7; i++)
		CHECKF(reg(&a, lvts[i]) == 0x10030u + i, "LVT %#x", lvts[i]);
	/* ... and attempts to clear them are ignored; the rest is written. */
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x41), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x10041u);
	/* Re-enabling leaves them masked until software unmasks. */
	CHECK_EQ(wr(&a, APIC_REG_SVR, 0x1ff), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x10041u);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x41), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x41u);

	/* x2APIC: the same, and the write is not a #GP. */
	x2apic(&a, 0);
	CHECK_EQ(msr_wr(&a, 0x80f, 0xff), APIC_OK);
	CHECK_EQ(msr_wr(&a, 0x832, 0x41), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x10041u);
}

TEST(sw_disable_refuses_fixed_holds_pending)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK(apic_accept(&a, 0x50, false));
	CHECK_EQ(wr(&a, APIC_REG_SVR, 0xff), APIC_OK);
	/* Refused without an error (the model's reading of 10.4.7.2). */
	CHECK(!apic_accept(&a, 0x60, false));
	CHECK(!irr_has(&a, 0x60));
	CHECK_EQ(esr(&a), 0u);
	/* "Pending interrupts in the IRR and ISR registers are held". */
	CHECK(irr_has(&a, 0x50));
	CHECK_EQ(apic_deliverable(&a), 0x50);
	/* The masked timer LVT cannot interrupt either. */
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x70), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 5), APIC_OK);
	CHECK(apic_timer_expire(&a, 5));
	CHECK(!irr_has(&a, 0x70));
}

/* ------------------------------------------------------------ IA32_APIC_BASE */

static void enter(struct apic_regs *a, enum apic_mode m)
{
	apic_regs_reset(a, 1, true);
	a->caps.x2apic = true;
	if (m == APIC_MODE_X2APIC)
		CHECK_EQ(apic_set_base(a, BASE_X2APIC, MAXPHYADDR), 0);
	if (m == APIC_MODE_DISABLED)
		CHECK_EQ(apic_set_base(a, BASE_OFF, MAXPHYADDR), 0);
	CHECK_EQ(apic_mode(a), m);
}

TEST(apic_base_transitions)
{
	/* 10.12.5.1, Figure 10-27. */
	static const struct { enum apic_mode from; uint64_t value; int rc; enum apic_mode to; } rows[] = {
		{ APIC_MODE_XAPIC,    BASE_XAPIC,  0,  APIC_MODE_XAPIC },
		{ APIC_MODE_XAPIC,    BASE_X2APIC, 0,  APIC_MODE_X2APIC },
		{ APIC_MODE_XAPIC,    BASE_OFF,    0,  APIC_MODE_DISABLED },
		{ APIC_MODE_XAPIC,    BASE_BAD,    -1, APIC_MODE_XAPIC },
		{ APIC_MODE_X2APIC,   BASE_XAPIC,  -1, APIC_MODE_X2APIC },
		{ APIC_MODE_X2APIC,   BASE_X2APIC, 0,  APIC_MODE_X2APIC },
		{ APIC_MODE_X2APIC,   BASE_OFF,    0,  APIC_MODE_DISABLED },
		{ APIC_MODE_X2APIC,   BASE_BAD,    -1, APIC_MODE_X2APIC },
		{ APIC_MODE_DISABLED, BASE_XAPIC,  0,  APIC_MODE_XAPIC },
		{ APIC_MODE_DISABLED, BASE_X2APIC, -1, APIC_MODE_DISABLED },
		{ APIC_MODE_DISABLED, BASE_OFF,    0,  APIC_MODE_DISABLED },
		{ APIC_MODE_DISABLED, BASE_BAD,    -1, APIC_MODE_DISABLED },
	};
	struct apic_regs a;

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		enter(&a, rows[i].from);
		uint64_t before = a.base;
		int rc = apic_set_base(&a, rows[i].value, MAXPHYADDR);

		CHECKF(rc == rows[i].rc, "row %u: rc %d", i, rc);
		CHECKF(apic_mode(&a) == rows[i].to, "row %u: mode %d", i, apic_mode(&a));
		CHECKF(a.base == (rc ? before : rows[i].value | APIC_BASE_BSP), "row %u: base %#llx",
		       i, (unsigned long long)a.base);
	}
	/* EXTD is reserved where x2APIC is not offered. */
	apic_regs_reset(&a, 1, true);
	CHECK_EQ(apic_set_base(&a, BASE_X2APIC, MAXPHYADDR), -1);
	CHECK_EQ(apic_mode(&a), APIC_MODE_XAPIC);
}

TEST(apic_base_reserved_bits)
{
	struct apic_regs a;

	/* 10.4.4: bits 7:0, 9 and MAXPHYADDR-63 are reserved. */
	static const unsigned bits[] = { 0, 1, 2, 3, 4, 5, 6, 7, 9, 36, 40, 63 };
	for (unsigned i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		enter(&a, APIC_MODE_XAPIC);
		CHECKF(apic_set_base(&a, BASE_XAPIC | 1ull << bits[i], 36) == -1, "bit %u", bits[i]);
		CHECK_EQ(a.base, 0xfee00900ull);
	}
	/* The base may be relocated anywhere below MAXPHYADDR. */
	enter(&a, APIC_MODE_XAPIC);
	CHECK_EQ(apic_set_base(&a, 0x800000000ull | APIC_BASE_EN, 36), 0);
	CHECK_EQ(a.base, 0x800000900ull);
	CHECK_EQ(apic_set_base(&a, 0xfed00000ull | APIC_BASE_EN, 36), 0);
	CHECK_EQ(a.base, 0xfed00900ull);
	/* BSP (bit 8) is what RESET made it: writing either value changes
	 * nothing and is no #GP. */
	apic_regs_reset(&a, 1, false);
	CHECK_EQ(apic_set_base(&a, BASE_XAPIC | APIC_BASE_BSP, MAXPHYADDR), 0);
	CHECK_EQ(a.base, 0xfee00800ull);
	apic_regs_reset(&a, 0, true);
	CHECK_EQ(apic_set_base(&a, BASE_XAPIC, MAXPHYADDR), 0);
	CHECK_EQ(a.base, 0xfee00900ull);
}

TEST(apic_base_disable_resets_state)
{
	struct apic_regs a;
	uint64_t v;

	xapic(&a, 7);
	CHECK_EQ(apic_set_base(&a, 0xfed00000ull | APIC_BASE_EN, MAXPHYADDR), 0);
	CHECK_EQ(wr(&a, APIC_REG_TPR, 0x20), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_LDR, 0x01000000), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_DFR, 0x0fffffff), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 100), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_ICR_HI, 0x05000000), APIC_OK);
	in_service(&a, 0x40);
	CHECK(apic_accept(&a, 0x41, true));
	CHECK(!apic_accept(&a, 3, false));                  /* an error pending */

	CHECK_EQ(apic_set_base(&a, 0xfed00000ull, MAXPHYADDR), 0);
	CHECK_EQ(rd(&a, APIC_REG_TPR, &v), APIC_UNMAPPED);
	CHECK_EQ(apic_deliverable(&a), -1);
	CHECK(!apic_accept(&a, 0x42, false));
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	CHECK(!apic_timer_expire(&a, 1000));

	/* Back to xAPIC: power-up values, the ID and the base kept. */
	CHECK_EQ(apic_set_base(&a, 0xfed00000ull | APIC_BASE_EN, MAXPHYADDR), 0);
	CHECK_EQ(a.base, 0xfed00900ull);
	CHECK_EQ(reg(&a, APIC_REG_ID), 0x07000000u);
	CHECK_EQ(reg(&a, APIC_REG_TPR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_LDR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_DFR), 0xffffffffu);
	CHECK_EQ(reg(&a, APIC_REG_SVR), 0xffu);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x10000u);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_ICR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_DCR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_ICR_HI), 0u);
	CHECK_EQ(apic_highest_isr(&a), -1);
	CHECK_EQ(apic_highest_irr(&a), -1);
	CHECK_EQ(reg(&a, APIC_REG_TMR + 0x20), 0u);
	CHECK_EQ(esr(&a), 0u);

	/* x2APIC -> disabled keeps the 32-bit ID (10.12.5.1). */
	x2apic(&a, 0x1234);
	CHECK_EQ(apic_set_base(&a, BASE_OFF, MAXPHYADDR), 0);
	CHECK_EQ(apic_set_base(&a, BASE_XAPIC, MAXPHYADDR), 0);
	CHECK_EQ(reg(&a, APIC_REG_ID), 0x34000000u);
	CHECK_EQ(apic_set_base(&a, BASE_X2APIC, MAXPHYADDR), 0);
	CHECK_EQ(reg(&a, APIC_REG_ID), 0x1234u);
}

TEST(init_keeps_mode_and_id)
{
	struct apic_regs a;

	x2apic(&a, 0x21);
	CHECK_EQ(msr_wr(&a, 0x808, 0x30), APIC_OK);
	apic_regs_init(&a);
	/* 10.12.5.1: INIT in x2APIC mode stays in x2APIC mode, ID kept. */
	CHECK(in_x2apic(&a));
	CHECK_EQ(reg(&a, APIC_REG_ID), 0x21u);
	CHECK_EQ(reg(&a, APIC_REG_TPR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_SVR), 0xffu);
	CHECK_EQ(reg(&a, APIC_REG_LDR), 0x00020002u);
}

/* ------------------------------------------------------------ x2APIC */

TEST(x2apic_ldr_from_id)
{
	/* 10.12.10.2: LDR = ID[19:4] << 16 | 1 << ID[3:0]. */
	static const struct { uint32_t id, ldr; } rows[] = {
		{ 0x00000000, 0x00000001 }, { 0x00000013, 0x00010008 },
		{ 0x0000000f, 0x00008000 }, { 0x00012345, 0x12340020 },
		{ 0xabcdef12, 0xdef10004 },
	};
	struct apic_regs a;
	uint64_t v;

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		x2apic(&a, rows[i].id);
		CHECK_EQ(msr_rd(&a, 0x80d, &v), APIC_OK);
		CHECKF(v == rows[i].ldr, "ID %#x: LDR %#llx", rows[i].id, (unsigned long long)v);
		CHECK_EQ(msr_rd(&a, 0x802, &v), APIC_OK);
		CHECK_EQ(v, rows[i].id);                        /* the 32-bit x2APIC ID */
	}
}

/* The MSRs Table 10-6 lists, with their access. */
static int x2apic_msr_access(uint32_t msr)   /* 0 absent, 1 RO, 2 WO, 3 RW */
{
	switch (msr) {
	case 0x802: case 0x803: case 0x80a: case 0x80d: case 0x810 ... 0x827: case 0x839:
		return 1;
	case 0x80b: case 0x83f:
		return 2;
	case 0x808: case 0x80f: case 0x828: case 0x82f: case 0x830: case 0x832 ... 0x838:
	case 0x83e:
		return 3;
	default:
		return 0;
	}
}

TEST(x2apic_msr_map)
{
	struct apic_regs a;
	uint64_t v;

	/* 10.12.1.2: RDMSR/WRMSR of an unlisted address (DFR 80EH, ICR high
	 * 831H, APR, RRD...) #GP; read-only registers #GP on WRMSR, write-only
	 * ones on RDMSR. */
	for (uint32_t msr = APIC_MSR_FIRST; msr <= APIC_MSR_LAST; msr++) {
		int acc = x2apic_msr_access(msr);
		enum apic_access r, w;

		x2apic(&a, 1);
		r = msr_rd(&a, msr, &v);
		w = msr_wr(&a, msr, 0);
		CHECKF(r == ((acc & 1) ? APIC_OK : APIC_GP), "RDMSR %#x: %d", msr, r);
		CHECKF(w == ((acc & 2) ? APIC_OK : APIC_GP), "WRMSR %#x: %d", msr, w);
	}
}

TEST(x2apic_readonly_writes_gp_change_nothing)
{
	struct apic_regs a;

	x2apic(&a, 9);
	in_service(&a, 0x55);
	CHECK(apic_accept(&a, 0x66, true));
	CHECK_EQ(msr_wr(&a, 0x802, 0x77), APIC_GP);
	CHECK_EQ(msr_wr(&a, 0x80d, 0x77), APIC_GP);
	CHECK_EQ(msr_wr(&a, 0x80a, 0x77), APIC_GP);
	CHECK_EQ(msr_wr(&a, 0x812, 0), APIC_GP);            /* ISR 95:64 */
	CHECK_EQ(msr_wr(&a, 0x823, 0), APIC_GP);            /* IRR 127:96 */
	CHECK_EQ(reg(&a, APIC_REG_ID), 9u);
	CHECK_EQ(reg(&a, APIC_REG_LDR), 0x00000200u);
	CHECK_EQ(reg(&a, APIC_REG_ISR + 0x20), 0x00200000u);
	CHECK_EQ(reg(&a, APIC_REG_IRR + 0x30), 0x00000040u);
	CHECK_EQ(reg(&a, APIC_REG_TMR + 0x30), 0x00000040u);
}

TEST(x2apic_eoi_nonzero_gp)
{
	struct apic_regs a;

	x2apic(&a, 0);
	in_service(&a, 0x90);
	CHECK_EQ(msr_wr(&a, 0x80b, 1), APIC_GP);
	CHECK_EQ(apic_highest_isr(&a), 0x90);
	CHECK_EQ(msr_wr(&a, 0x80b, 1ull << 32), APIC_GP);
	CHECK_EQ(apic_highest_isr(&a), 0x90);
	CHECK_EQ(msr_wr(&a, 0x80b, 0), APIC_OK);
	CHECK_EQ(apic_highest_isr(&a), -1);
}

TEST(x2apic_reserved_bits_gp)
{
	static const struct { uint32_t msr; uint64_t value; } gp[] = {
		{ 0x808, 0x100 },                 /* TPR 31:8 */
		{ 0x808, 1ull << 32 },            /* 63:32 of every MSR but the ICR */
		{ 0x80f, 1u << 10 }, { 0x80f, 1u << 11 }, { 0x80f, 1u << 13 },
		{ 0x80f, 1u << 12 },              /* SVR 12 without EOI-broadcast suppression */
		{ 0x82f, 1u << 11 }, { 0x82f, 1u << 17 },        /* LVT CMCI */
		{ 0x832, 1u << 8 }, { 0x832, 1u << 15 },         /* LVT timer: no delivery mode */
		{ 0x832, 1u << 18 },              /* TSC-deadline mode not offered */
		{ 0x833, 1u << 13 }, { 0x834, 1u << 15 },        /* thermal, perf: no polarity, trigger */
		{ 0x835, 1u << 17 }, { 0x836, 1u << 11 },        /* LINT0, LINT1 */
		{ 0x837, 1u << 8 }, { 0x837, 1u << 13 },         /* LVT error */
		{ 0x838, 1ull << 32 },            /* initial count */
		{ 0x830, 1u << 13 }, { 0x830, 1u << 16 }, { 0x830, 1u << 17 },
		{ 0x830, 1u << 20 }, { 0x830, 1u << 31 },        /* ICR, Figure 10-28 */
		{ 0x83e, 1u << 2 }, { 0x83e, 1u << 4 },          /* DCR, Figure 10-10 */
		{ 0x83f, 0x100 },                 /* SELF IPI 31:8 */
	};
	struct apic_regs a;
	uint64_t v;

	for (unsigned i = 0; i < sizeof(gp) / sizeof(gp[0]); i++) {
		bool readable = gp[i].msr != 0x83f;   /* SELF IPI is write-only */
		uint64_t before = 0;

		x2apic(&a, 0);
		if (readable)
			before = reg(&a, apic_msr_offset(gp[i].msr));
		CHECKF(msr_wr(&a, gp[i].msr, gp[i].value) == APIC_GP, "%#x <- %#llx", gp[i].msr,
		       (unsigned long long)gp[i].value);
		if (readable)
			CHECKF(reg(&a, apic_msr_offset(gp[i].msr)) == before, "%#x changed",
			       gp[i].msr);
		CHECK(irr_empty(&a));
	}
	/* What is not reserved: SVR 12 with suppression offered, timer mode
	 * 10B with TSC-deadline, the ignored ICR delivery status, LVT
	 * read-only bits (delivery status, remote IRR). */
	x2apic(&a, 0);
	a.caps.eoi_suppress = true;
	a.caps.tsc_deadline = true;
	CHECK_EQ(msr_wr(&a, 0x80f, 0x11ff), APIC_OK);
	CHECK_EQ(msr_wr(&a, 0x832, 0x40040), APIC_OK);
	CHECK_EQ(msr_wr(&a, 0x832, 0x60040), APIC_GP);   /* mode 11B is reserved */
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x40040u);
	CHECK_EQ(msr_wr(&a, 0x835, 0x5000 | 0x35), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_LINT0), 0x35u);    /* read-only bits read 0 */
	CHECK_EQ(msr_wr(&a, 0x830, (3ull << 32) | 0x1000 | 0x20), APIC_OK);
	CHECK_EQ(msr_rd(&a, 0x830, &v), APIC_OK);
	CHECK_EQ(v, (3ull << 32) | 0x20);
}

TEST(x2apic_self_ipi)
{
	struct apic_regs a;
	uint64_t v;

	x2apic(&a, 0);
	CHECK_EQ(msr_wr(&a, 0x83f, 0x44), APIC_OK);
	CHECK(!fx.ipi_valid);                             /* accepted here, not sent */
	CHECK(irr_has(&a, 0x44));
	CHECK_EQ(apic_deliverable(&a), 0x44);
	CHECK_EQ(msr_rd(&a, 0x83f, &v), APIC_GP);         /* write-only */
	CHECK_EQ(esr(&a), 0u);
	/* xAPIC has no register at 3F0H (Table 10-1). */
	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_SELF_IPI, 0x44), APIC_IGNORED);
	CHECK(irr_empty(&a));
	CHECK_EQ(esr(&a), APIC_ESR_ILLEGAL_REG);
}

TEST(x2apic_icr_64bit)
{
	struct apic_regs a;
	uint64_t v;

	x2apic(&a, 0);
	/* Figure 10-28: destination 63:32, one WRMSR sends. */
	CHECK_EQ(msr_wr(&a, 0x830, (0x12345678ull << 32) | 0x8fd), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.dest, 0x12345678u);
	CHECK_EQ(fx.ipi.vector, 0xfdu);
	CHECK_EQ(fx.ipi.mode, APIC_DM_FIXED);
	CHECK(fx.ipi.logical);
	CHECK(fx.ipi.x2apic);
	CHECK_EQ(fx.ipi.shorthand, APIC_SH_NONE);
	CHECK_EQ(msr_rd(&a, 0x830, &v), APIC_OK);
	CHECK_EQ(v, (0x12345678ull << 32) | 0x8fd);
	CHECK_EQ(msr_rd(&a, 0x831, &v), APIC_GP);
	/* Broadcast shorthands name FFFFFFFFH. */
	CHECK_EQ(msr_wr(&a, 0x830, 0xc0400), APIC_OK);    /* NMI to all others */
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.dest, 0xffffffffu);
	CHECK_EQ(fx.ipi.mode, APIC_DM_NMI);
	CHECK_EQ(fx.ipi.shorthand, APIC_SH_OTHERS);
	/* Lowest priority (reserved in x2APIC mode): not sent, logged. */
	CHECK_EQ(msr_wr(&a, 0x830, (1ull << 32) | 0x130), APIC_OK);
	CHECK(!fx.ipi_valid);
	CHECK_EQ(esr(&a), APIC_ESR_REDIRECTABLE);
}

TEST(x2apic_msrs_need_x2apic_mode)
{
	struct apic_regs a;
	uint64_t v;

	/* 10.12.2: the MSRs #GP unless in x2APIC mode... */
	xapic(&a, 0);
	CHECK_EQ(msr_rd(&a, 0x808, &v), APIC_GP);
	CHECK_EQ(msr_wr(&a, 0x808, 0), APIC_GP);
	enter(&a, APIC_MODE_DISABLED);
	CHECK_EQ(msr_rd(&a, 0x802, &v), APIC_GP);
	/* ... and the xAPIC page is no APIC's outside xAPIC mode. */
	CHECK_EQ(rd(&a, APIC_REG_ID, &v), APIC_UNMAPPED);
	x2apic(&a, 0);
	CHECK_EQ(apic_read(&a, APIC_REG_ID, false, now, &v), APIC_UNMAPPED);
	CHECK_EQ(apic_write(&a, APIC_REG_TPR, 0x20, false, now, &fx), APIC_UNMAPPED);
	CHECK_EQ(reg(&a, APIC_REG_TPR), 0u);
}

/* ------------------------------------------------------------ xAPIC page */

TEST(xapic_readonly_writes_ignored)
{
	static const unsigned ro[] = { APIC_REG_ID, APIC_REG_VERSION, APIC_REG_APR, APIC_REG_PPR,
				       APIC_REG_RRD, APIC_REG_ISR + 0x20, APIC_REG_TMR + 0x30,
				       APIC_REG_IRR + 0x30, APIC_REG_TIMER_CCR };
	struct apic_regs a;

	for (unsigned i = 0; i < sizeof(ro) / sizeof(ro[0]); i++) {
		xapic(&a, 4);
		in_service(&a, 0x55);
		CHECK(apic_accept(&a, 0x66, true));
		CHECKF(wr(&a, ro[i], 0xffffffff) == APIC_IGNORED, "write %#x", ro[i]);
		CHECK_EQ(reg(&a, APIC_REG_ID), 0x04000000u);
		CHECK_EQ(reg(&a, APIC_REG_VERSION), 0x00060014u);
		CHECK_EQ(reg(&a, APIC_REG_PPR), 0x50u);
		CHECK_EQ(reg(&a, APIC_REG_ISR + 0x20), 0x00200000u);
		CHECK_EQ(reg(&a, APIC_REG_IRR + 0x30), 0x00000040u);
		CHECK_EQ(reg(&a, APIC_REG_TMR + 0x30), 0x00000040u);
		CHECK_EQ(esr(&a), 0u);   /* no illegal register address */
	}
}

TEST(xapic_writeonly_and_reserved_reads)
{
	static const unsigned reserved[] = { 0x000, 0x010, 0x040, 0x050, 0x060, 0x070, 0x290,
					     0x2a0, 0x2e0, 0x3a0, 0x3d0, 0x3f0, 0x400, 0xff0 };
	struct apic_regs a;
	uint64_t v;

	xapic(&a, 0);
	in_service(&a, 0x55);
	/* EOI is write-only: reads 0, retires nothing, logs nothing. */
	CHECK_EQ(rd(&a, APIC_REG_EOI, &v), APIC_IGNORED);
	CHECK_EQ(v, 0u);
	CHECK_EQ(apic_highest_isr(&a), 0x55);
	CHECK_EQ(esr(&a), 0u);
	/* APR and RRD (not on Pentium 4 and later) read 0, no error. */
	CHECK_EQ(reg(&a, APIC_REG_APR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_RRD), 0u);
	CHECK_EQ(esr(&a), 0u);
	/* 10.5.3 bit 7: reserved offsets, read or written. */
	for (unsigned i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		v = 1;
		CHECKF(rd(&a, reserved[i], &v) == APIC_IGNORED && v == 0, "read %#x", reserved[i]);
		CHECKF(esr(&a) == APIC_ESR_ILLEGAL_REG, "read %#x: ESR", reserved[i]);
		CHECKF(wr(&a, reserved[i], 0x1234) == APIC_IGNORED, "write %#x", reserved[i]);
		CHECKF(esr(&a) == APIC_ESR_ILLEGAL_REG, "write %#x: ESR", reserved[i]);
	}
	/* A misaligned offset is dropped without an error (the model's choice). */
	CHECK_EQ(rd(&a, APIC_REG_TPR + 4, &v), APIC_IGNORED);
	CHECK_EQ(wr(&a, APIC_REG_TPR + 1, 0xff), APIC_IGNORED);
	CHECK_EQ(reg(&a, APIC_REG_TPR), 0u);
	CHECK_EQ(esr(&a), 0u);
}

TEST(xapic_writable_bits)
{
	struct apic_regs a;

	xapic(&a, 0);
	/* Unimplemented bits are dropped on the xAPIC page. */
	static const struct { unsigned off; uint32_t reads; } rows[] = {
		{ APIC_REG_TPR, 0xff },            { APIC_REG_LDR, 0xff000000 },
		{ APIC_REG_ICR_HI, 0xff000000 },   { APIC_REG_TIMER_DCR, 0xb },
		{ APIC_REG_SVR, 0x3ff },           /* no EOI-broadcast suppression */
		{ APIC_REG_LVT_CMCI, 0x107ff },    { APIC_REG_LVT_TIMER, 0x300ff },
		{ APIC_REG_LVT_THERMAL, 0x107ff }, { APIC_REG_LVT_PERF, 0x107ff },
		{ APIC_REG_LVT_LINT0, 0x1a7ff },   { APIC_REG_LVT_LINT1, 0x1a7ff },
		{ APIC_REG_LVT_ERROR, 0x100ff },
	};
	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		CHECKF(wr(&a, rows[i].off, 0xffffffff) == APIC_OK, "write %#x", rows[i].off);
		CHECKF(reg(&a, rows[i].off) == rows[i].reads, "%#x reads %#llx", rows[i].off,
		       (unsigned long long)reg(&a, rows[i].off));
		CHECK_EQ(wr(&a, APIC_REG_SVR, 0x1ff), APIC_OK);
	}
	/* DFR: model bits 31:28, 27:0 read as ones. */
	CHECK_EQ(wr(&a, APIC_REG_DFR, 0), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_DFR), 0x0fffffffu);
	/* ICR low: delivery status reads 0 (idle). */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0xffffffff), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_ICR_LO), 0x000ccfffu);
	/* With suppression offered, SVR bit 12 and version bit 24. */
	a.caps.eoi_suppress = true;
	CHECK_EQ(wr(&a, APIC_REG_SVR, 0xffffffff), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_SVR), 0x13ffu);
	CHECK_EQ(reg(&a, APIC_REG_VERSION), 0x01060014u);
}

TEST(xapic_icr_send)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_ICR_HI, 0x03000000), APIC_OK);
	CHECK(!fx.ipi_valid);                               /* the high half does not send */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x10fd), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.dest, 3u);
	CHECK_EQ(fx.ipi.vector, 0xfdu);
	CHECK_EQ(fx.ipi.mode, APIC_DM_FIXED);
	CHECK(!fx.ipi.logical && !fx.ipi.x2apic);
	CHECK_EQ(reg(&a, APIC_REG_ICR_LO), 0xfdu);           /* delivery status 0: sent */
	/* INIT assert is sent; INIT level de-assert is not (10.6.1). */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0xc500), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.mode, APIC_DM_INIT);
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x8500), APIC_OK);
	CHECK(!fx.ipi_valid);
	/* Lowest priority: "Redirectable IPI" alone, even with vector 5. */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x0105), APIC_OK);
	CHECK(!fx.ipi_valid);
	CHECK_EQ(esr(&a), APIC_ESR_REDIRECTABLE);
	/* Reserved delivery mode 011B: nothing. */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x0330), APIC_OK);
	CHECK(!fx.ipi_valid);
	/* Table 10-3: self carries fixed only, accepted here. */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x40031), APIC_OK);
	CHECK(!fx.ipi_valid);
	CHECK(irr_has(&a, 0x31));
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x40400), APIC_OK);   /* self NMI: invalid */
	CHECK(!fx.ipi_valid);
	/* All including self: fixed only; the caller delivers it here too. */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x80032), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.shorthand, APIC_SH_ALL);
	CHECK_EQ(fx.ipi.dest, 0xffu);
	CHECK(!irr_has(&a, 0x32));
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x80400), APIC_OK);
	CHECK(!fx.ipi_valid);
	/* All excluding self: every mode. */
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0xc0600 | 0x9a), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.mode, APIC_DM_STARTUP);
	CHECK_EQ(fx.ipi.vector, 0x9au);
	CHECK_EQ(esr(&a), 0u);
	/* A software-disabled APIC still sends (10.4.7.2). */
	CHECK_EQ(wr(&a, APIC_REG_SVR, 0xff), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_ICR_LO, 0x4400), APIC_OK);
	CHECK(fx.ipi_valid);
	CHECK_EQ(fx.ipi.mode, APIC_DM_NMI);
}

TEST(eoi_level_broadcast)
{
	struct apic_regs a;
	bool bc;

	xapic(&a, 0);
	in_service(&a, 0x70);                               /* edge */
	CHECK_EQ(wr(&a, APIC_REG_EOI, 0xdead), APIC_OK);    /* any value in xAPIC mode */
	CHECK_EQ(fx.eoi_vector, -1);
	CHECK_EQ(apic_highest_isr(&a), -1);
	CHECK(apic_accept(&a, 0x71, true));
	apic_ack(&a, 0x71);
	CHECK_EQ(wr(&a, APIC_REG_EOI, 0), APIC_OK);
	CHECK_EQ(fx.eoi_vector, 0x71);
	CHECK_EQ(wr(&a, APIC_REG_EOI, 0), APIC_OK);        /* nothing in service */
	CHECK_EQ(fx.eoi_vector, -1);
	CHECK_EQ(apic_eoi(&a, &bc), -1);
	CHECK(!bc);
	/* 10.8.5: SVR bit 12 suppresses the broadcast. */
	a.caps.eoi_suppress = true;
	CHECK_EQ(wr(&a, APIC_REG_SVR, 0x11ff), APIC_OK);
	CHECK(apic_accept(&a, 0x72, true));
	apic_ack(&a, 0x72);
	CHECK_EQ(wr(&a, APIC_REG_EOI, 0), APIC_OK);
	CHECK_EQ(fx.eoi_vector, -1);
	CHECK_EQ(apic_highest_isr(&a), -1);
}

TEST(lvt_raise_delivery_modes)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_LINT0, 0x700), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_LINT0), APIC_LVT_EXTINT);
	CHECK_EQ(wr(&a, APIC_REG_LVT_LINT1, 0x400), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_LINT1), APIC_LVT_NMI);
	CHECK_EQ(wr(&a, APIC_REG_LVT_PERF, 0x200), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_PERF), APIC_LVT_SMI);
	/* INIT is not for thermal, ExtINT only for LINT0/1 (Figure 10-8). */
	CHECK_EQ(wr(&a, APIC_REG_LVT_THERMAL, 0x500), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_THERMAL), APIC_LVT_NONE);
	CHECK_EQ(wr(&a, APIC_REG_LVT_CMCI, 0x700), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_CMCI), APIC_LVT_NONE);
	CHECK_EQ(wr(&a, APIC_REG_LVT_CMCI, 0x10045), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_CMCI), APIC_LVT_NONE);   /* masked */
	CHECK(irr_empty(&a));
	CHECK_EQ(wr(&a, APIC_REG_LVT_CMCI, 0x45), APIC_OK);
	CHECK_EQ(apic_lvt_raise(&a, APIC_LVT_CMCI), APIC_LVT_FIXED);
	CHECK_EQ(apic_deliverable(&a), 0x45);
}

/* ------------------------------------------------------------ timer */

TEST(timer_oneshot_each_divide)
{
	/* Figure 10-10: DCR bits 3, 1:0. */
	static const struct { uint32_t dcr, div; } rows[] = {
		{ 0x0, 2 }, { 0x1, 4 }, { 0x2, 8 }, { 0x3, 16 },
		{ 0x8, 32 }, { 0x9, 64 }, { 0xa, 128 }, { 0xb, 1 },
	};
	struct apic_regs a;

	for (unsigned i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t t0 = 1000, div = rows[i].div, fire = t0 + 1000 * div;

		xapic(&a, 0);
		CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40), APIC_OK);
		CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, rows[i].dcr), APIC_OK);
		now = t0;
		CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 1000), APIC_OK);
		CHECK(fx.timer_changed);
		CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 1000u);
		now = t0 + 10 * div;
		CHECKF(reg(&a, APIC_REG_TIMER_CCR) == 990, "div %u", rows[i].div);
		now = t0 + 11 * div - 1;                        /* the 11th count not yet */
		CHECKF(reg(&a, APIC_REG_TIMER_CCR) == 990, "div %u", rows[i].div);
		CHECKF(apic_timer_next(&a) == fire, "div %u: next %llu", rows[i].div,
		       (unsigned long long)apic_timer_next(&a));
		CHECK(!apic_timer_expire(&a, fire - 1));
		CHECK(irr_empty(&a));
		CHECK(apic_timer_expire(&a, fire));
		CHECK(irr_has(&a, 0x40));
		/* One-shot: stays at 0 until reprogrammed. */
		now = fire + 5000 * div;
		CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 0u);
		CHECK_EQ(reg(&a, APIC_REG_TIMER_ICR), 1000u);
		CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
		CHECK(!apic_timer_expire(&a, now));
	}
}

TEST(timer_periodic_reload)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);   /* divide by 1 */
	now = 1000;
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 100), APIC_OK);
	CHECK_EQ(apic_timer_next(&a), 1100u);
	CHECK(apic_timer_expire(&a, 1100));
	CHECK(irr_has(&a, 0x40));
	CHECK_EQ(apic_timer_next(&a), 1200u);
	now = 1150;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 50u);
	apic_ack(&a, 0x40);
	CHECK(apic_timer_expire(&a, 1200));
	CHECK(irr_has(&a, 0x40));
	CHECK_EQ(apic_timer_next(&a), 1300u);
}

TEST(timer_periodic_many_missed_one_call)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 10), APIC_OK);    /* at now = 0 */
	/* 100000 periods missed: one interrupt (IRR holds one), the next at
	 * the next boundary. */
	CHECK(apic_timer_expire(&a, 1000005));
	CHECK(irr_has(&a, 0x40));
	CHECK(!apic_timer_expire(&a, 1000005));
	CHECK_EQ(apic_timer_next(&a), 1000010u);
	now = 1000005;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 5u);
	/* 2^62 ticks later: 2^62 mod 10 = 4, so the count is 6. */
	CHECK(apic_timer_expire(&a, 1ull << 62));
	CHECK_EQ(apic_timer_next(&a), (1ull << 62) + 6);
	now = 1ull << 62;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 6u);
	/* A register access runs the timer first: reading at the next
	 * boundary fires it. */
	apic_ack(&a, 0x40);
	now = (1ull << 62) + 6;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 10u);
	CHECK(irr_has(&a, 0x40));
}

TEST(timer_write_zero_stops)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 500), APIC_OK);
	now = 10;
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 0), APIC_OK);
	CHECK(fx.timer_changed);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 0u);
	CHECK(!apic_timer_expire(&a, 100000));
	CHECK(irr_empty(&a));
}

TEST(timer_mode_change_disarms)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 500), APIC_OK);
	now = 100;
	/* Same mode (new vector, masked): still counting. */
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x10041), APIC_OK);
	CHECK(!fx.timer_changed);
	CHECK_EQ(apic_timer_next(&a), 500u);
	/* One-shot -> periodic: disarmed (10.5.4.1), not restarted. */
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20041), APIC_OK);
	CHECK(fx.timer_changed);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_ICR), 500u);
	CHECK(!apic_timer_expire(&a, 1u << 20));
	/* The initial-count write starts it again. */
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 500), APIC_OK);
	CHECK_EQ(apic_timer_next(&a), 600u);
}

TEST(timer_divide_change_mid_count)
{
	struct apic_regs a;

	/* The model's choice: the count left goes on at the new rate. */
	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 1000), APIC_OK);  /* divide by 2 */
	now = 200;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 900u);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK(fx.timer_changed);
	CHECK_EQ(apic_timer_next(&a), 1100u);
	now = 300;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 800u);
	/* Rewriting the same divide changes nothing. */
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK(!fx.timer_changed);
	/* xAPIC: bit 2 (reserved) is dropped, 4 is divide by 2 again. */
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0x4), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_DCR), 0u);
}

TEST(timer_masked_still_counts)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x30040), APIC_OK);   /* periodic, masked */
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 10), APIC_OK);
	CHECK(apic_timer_expire(&a, 25));
	CHECK(irr_empty(&a));
	CHECK_EQ(apic_timer_next(&a), 30u);
	/* Unmasking does not deliver what expired while masked. */
	now = 27;
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK(irr_empty(&a));
	CHECK(apic_timer_expire(&a, 30));
	CHECK(irr_has(&a, 0x40));
}

TEST(timer_tsc_deadline)
{
	struct apic_regs a;

	xapic(&a, 0);
	a.caps.tsc_deadline = true;
	now = 100;
	/* Outside TSC-deadline mode the MSR ignores writes and reads 0. */
	apic_set_tsc_deadline(&a, 5000, now);
	CHECK_EQ(apic_get_tsc_deadline(&a, now), 0u);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40050), APIC_OK);
	CHECK_EQ(apic_get_tsc_deadline(&a, now), 0u);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	/* Initial-count writes are ignored, the current count reads 0. */
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 1234), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_ICR), 0u);
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 0u);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	apic_set_tsc_deadline(&a, 5000, now);
	CHECK_EQ(apic_get_tsc_deadline(&a, now), 5000u);
	CHECK_EQ(apic_timer_next(&a), 5000u);
	CHECK(!apic_timer_expire(&a, 4999));
	CHECK(apic_timer_expire(&a, 5000));               /* TSC >= deadline */
	CHECK(irr_has(&a, 0x50));
	CHECK_EQ(apic_get_tsc_deadline(&a, 5000), 0u);   /* disarmed and cleared */
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	/* A deadline in the past fires at once; 0 disarms. */
	apic_set_tsc_deadline(&a, 50, 6000);
	CHECK(apic_timer_next(&a) <= 6000);
	CHECK(apic_timer_expire(&a, 6000));
	apic_set_tsc_deadline(&a, 9000, 6000);
	apic_set_tsc_deadline(&a, 0, 6000);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	CHECK(!apic_timer_expire(&a, 10000));
	/* Leaving the mode disarms; coming back finds it disarmed. */
	now = 6000;
	apic_set_tsc_deadline(&a, 9000, now);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x50), APIC_OK);
	CHECK(fx.timer_changed);
	CHECK_EQ(apic_get_tsc_deadline(&a, now), 0u);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40050), APIC_OK);
	CHECK_EQ(apic_get_tsc_deadline(&a, now), 0u);
	CHECK(!apic_timer_expire(&a, 9000));
	/* Without TSC-deadline support bit 18 is reserved: dropped here. */
	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40050), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x50u);
	apic_set_tsc_deadline(&a, 5000, now);
	CHECK_EQ(apic_get_tsc_deadline(&a, now), 0u);
	/* Mode 11B on the xAPIC page keeps the mode the timer had. */
	a.caps.tsc_deadline = true;
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x60051), APIC_OK);
	CHECK_EQ(reg(&a, APIC_REG_LVT_TIMER), 0x51u);
}

TEST(timer_huge_values_bounded)
{
	struct apic_regs a;

	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x40), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xa), APIC_OK);      /* divide by 128 */
	now = 5;
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 0xffffffff), APIC_OK);
	CHECK_EQ(apic_timer_next(&a), 5 + 0xffffffffull * 128);
	now = 5 + 0xfffffffeull * 128;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 1u);
	/* Started near the end of time: the expiry would be past UINT64_MAX. */
	now = UINT64_MAX - 1000;
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 0xffffffff), APIC_OK);
	CHECK_EQ(apic_timer_next(&a), UINT64_MAX);
	CHECK(!apic_timer_expire(&a, UINT64_MAX));
	now = UINT64_MAX;
	CHECK_EQ(reg(&a, APIC_REG_TIMER_CCR), 0xffffffffu - 1000 / 128);
	/* The smallest period, divide by 1, 2^63 ticks on: one call. */
	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xb), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 1), APIC_OK);
	CHECK(apic_timer_expire(&a, 1ull << 63));
	CHECK_EQ(apic_timer_next(&a), (1ull << 63) + 1);
	/* The largest period, divide by 128, 2^63 ticks on. */
	xapic(&a, 0);
	CHECK_EQ(wr(&a, APIC_REG_LVT_TIMER, 0x20040), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_DCR, 0xa), APIC_OK);
	CHECK_EQ(wr(&a, APIC_REG_TIMER_ICR, 0xffffffff), APIC_OK);
	CHECK(apic_timer_expire(&a, 1ull << 63));
	uint64_t period = 0xffffffffull * 128;
	CHECK_EQ(apic_timer_next(&a), ((1ull << 63) / period + 1) * period);
}
