/* SPDX-License-Identifier: MIT */
/*
 * The local APIC register model (apic_regs.h). One table says who may read
 * and write each register in each mode (SDM Tables 10-1 and 10-6), so the
 * access rules live in one place; the switches below give each register
 * its meaning. Errors go through record_error(), the only place that raises
 * the LVT error interrupt; the timer is kept as "counting from timer_count
 * since timer_start" and computed when asked, never stepped.
 */
#include "l1hv/vdev/apic_regs.h"

#include "common/x86_arch.h"

#define VECTOR_FIRST_LEGAL 16   /* 0-15 are reserved by the APIC (10.5.2) */

#define ICR_WRITABLE (APIC_ICR_VECTOR | APIC_ICR_DM | APIC_ICR_LOGICAL | APIC_ICR_LEVEL_ASSERT | \
		      APIC_ICR_TRIGGER_LEVEL | APIC_ICR_SHORTHAND)
/* x2APIC ICR (Figure 10-28): bit 12 is ignored on WRMSR, the rest of 31:0
 * not in ICR_WRITABLE is reserved. */
#define ICR_X2APIC_RESERVED ((uint32_t)~(ICR_WRITABLE | APIC_ICR_DELIVERY_STATUS))
#define ICR_HI_XAPIC_DEST   GENMASK(31, 24)

#define LDR_XAPIC_ID        GENMASK(31, 24)
#define DFR_MODEL           GENMASK(31, 28)   /* bits 27:0 read as ones */
#define TPR_WRITABLE        GENMASK(7, 0)
#define DCR_WRITABLE        (BIT(3) | BIT(1) | BIT(0))
#define SELF_IPI_WRITABLE   GENMASK(7, 0)

/* ------------------------------------------------------------ access table */

enum reg_acc {
	ACC_NONE,   /* reserved: xAPIC logs "Illegal Register Address", x2APIC #GP */
	ACC_RO,
	ACC_WO,
	ACC_RW,
	ACC_ZERO,   /* xAPIC APR, RRD: not on Pentium 4 and later; read 0, no error */
};

/* offset, number of registers, xAPIC access, x2APIC access */
#define APIC_REG_TABLE(X)                                     \
	X(APIC_REG_ID,        1, ACC_RO,   ACC_RO)            \
	X(APIC_REG_VERSION,   1, ACC_RO,   ACC_RO)            \
	X(APIC_REG_TPR,       1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_APR,       1, ACC_ZERO, ACC_NONE)          \
	X(APIC_REG_PPR,       1, ACC_RO,   ACC_RO)            \
	X(APIC_REG_EOI,       1, ACC_WO,   ACC_WO)            \
	X(APIC_REG_RRD,       1, ACC_ZERO, ACC_NONE)          \
	X(APIC_REG_LDR,       1, ACC_RW,   ACC_RO)            \
	X(APIC_REG_DFR,       1, ACC_RW,   ACC_NONE)          \
	X(APIC_REG_SVR,       1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_ISR,       8, ACC_RO,   ACC_RO)            \
	X(APIC_REG_TMR,       8, ACC_RO,   ACC_RO)            \
	X(APIC_REG_IRR,       8, ACC_RO,   ACC_RO)            \
	X(APIC_REG_ESR,       1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_LVT_CMCI,  1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_ICR_LO,    1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_ICR_HI,    1, ACC_RW,   ACC_NONE)          \
	X(APIC_REG_LVT_TIMER, 6, ACC_RW,   ACC_RW) /* ..error */ \
	X(APIC_REG_TIMER_ICR, 1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_TIMER_CCR, 1, ACC_RO,   ACC_RO)            \
	X(APIC_REG_TIMER_DCR, 1, ACC_RW,   ACC_RW)            \
	X(APIC_REG_SELF_IPI,  1, ACC_NONE, ACC_WO)

#define REG_SLOT(off, n, xacc, x2acc) \
	[(off) >> 4 ... ((off) >> 4) + (n) - 1] = (uint8_t)((xacc) | (x2acc) << 4),
static const uint8_t reg_acc[256] = { APIC_REG_TABLE(REG_SLOT) };

static enum reg_acc reg_access(unsigned offset, bool x2apic)
{
	uint8_t slot = reg_acc[offset >> 4];

	return (enum reg_acc)(x2apic ? slot >> 4 : slot & 0xf);
}

/* ------------------------------------------------------------ helpers */

static bool vec_test(const uint32_t *r, unsigned v)
{
	return r[v / 32] & BIT(v % 32);
}

static void vec_set(uint32_t *r, unsigned v)
{
	r[v / 32] |= BIT(v % 32);
}

static void vec_clear(uint32_t *r, unsigned v)
{
	r[v / 32] &= ~BIT(v % 32);
}

static int vec_highest(const uint32_t *r)
{
	for (int i = 7; i >= 0; i--)
		if (r[i])
			return i * 32 + 31 - __builtin_clz(r[i]);
	return -1;
}

enum apic_mode apic_mode(const struct apic_regs *a)
{
	switch (a->base & (APIC_BASE_EN | APIC_BASE_EXTD)) {
	case APIC_BASE_EN:
		return APIC_MODE_XAPIC;
	case APIC_BASE_EN | APIC_BASE_EXTD:
		return APIC_MODE_X2APIC;
	default:
		return APIC_MODE_DISABLED;   /* EN = 0: apic_set_base never lets EXTD = 1 in */
	}
}

static bool sw_enabled(const struct apic_regs *a)
{
	return a->svr & APIC_SVR_ENABLE;
}

/* Logical x2APIC ID (10.12.10.2): cluster ID[19:4] in 31:16, one bit for
 * ID[3:0] in 15:0. */
static uint32_t x2apic_ldr(uint32_t id)
{
	return ((id >> 4) & 0xffff) << 16 | BIT(id & 0xf);
}

static uint32_t version(const struct apic_regs *a)
{
	return APIC_VERSION_14H | (APIC_LVT_COUNT - 1) << APIC_VERSION_MAX_LVT_SHIFT |
	       (a->caps.eoi_suppress ? APIC_VERSION_EOI_SUPPRESS : 0);
}

/* ------------------------------------------------------------ state */

/* Everything but IA32_APIC_BASE, the ID and the caps to the power-up values
 * (10.4.7.1). */
static void state_reset(struct apic_regs *a)
{
	*a = (struct apic_regs){
		.caps = a->caps, .base = a->base, .id = a->id,
		.dfr = ~0u, .svr = 0xff, .esr_armed = true,
	};
	for (unsigned i = 0; i < APIC_LVT_COUNT; i++)
		a->lvt[i] = APIC_LVT_MASKED;
	if (apic_mode(a) == APIC_MODE_X2APIC)
		a->ldr = x2apic_ldr(a->id);
}

void apic_regs_reset(struct apic_regs *a, uint32_t apic_id, bool bsp)
{
	*a = (struct apic_regs){
		.id = apic_id,
		.base = APIC_DEFAULT_BASE | APIC_BASE_EN | (bsp ? APIC_BASE_BSP : 0),
	};
	state_reset(a);
}

void apic_regs_init(struct apic_regs *a)
{
	state_reset(a);
}

int apic_set_base(struct apic_regs *a, uint64_t value, unsigned maxphyaddr)
{
	uint64_t reserved = GENMASK_ULL(7, 0) | BIT_ULL(9);
	enum apic_mode from = apic_mode(a), to;

	if (maxphyaddr < 64)
		reserved |= ~0ull << maxphyaddr;
	if (!a->caps.x2apic)
		reserved |= APIC_BASE_EXTD;
	if (value & reserved)
		return -1;
	switch (value & (APIC_BASE_EN | APIC_BASE_EXTD)) {
	case 0:
		to = APIC_MODE_DISABLED;
		break;
	case APIC_BASE_EN:
		to = APIC_MODE_XAPIC;
		break;
	case APIC_BASE_EN | APIC_BASE_EXTD:
		to = APIC_MODE_X2APIC;
		break;
	default:
		return -1;   /* EN = 0, EXTD = 1: the invalid state (10.12.5.1) */
	}
	/* Figure 10-27: x2APIC mode is left only through disabled, and entered
	 * only from xAPIC mode. */
	if ((from == APIC_MODE_X2APIC && to == APIC_MODE_XAPIC) ||
	    (from == APIC_MODE_DISABLED && to == APIC_MODE_X2APIC))
		return -1;

	a->base = (value & ~(uint64_t)APIC_BASE_BSP) | (a->base & APIC_BASE_BSP);
	if (to == APIC_MODE_DISABLED && from != APIC_MODE_DISABLED)
		state_reset(a);
	else if (to == APIC_MODE_X2APIC && from == APIC_MODE_XAPIC)
		a->ldr = x2apic_ldr(a->id);
	return 0;
}

/* ------------------------------------------------------------ priorities */

uint32_t apic_ppr(const struct apic_regs *a)
{
	int isrv = apic_highest_isr(a);
	uint32_t isr_class = isrv < 0 ? 0 : (uint32_t)isrv & 0xf0;

	if ((a->tpr & 0xf0) >= isr_class)
		return a->tpr & 0xff;
	return isr_class;
}

bool apic_irr_pending(const struct apic_regs *a, uint8_t vector)
{
	return vec_test(a->irr, vector);
}

int apic_highest_irr(const struct apic_regs *a)
{
	return vec_highest(a->irr);
}

int apic_highest_isr(const struct apic_regs *a)
{
	return vec_highest(a->isr);
}

/* Into IRR, TMR following the trigger mode (10.8.4). */
static void irr_set(struct apic_regs *a, uint8_t vector, bool level)
{
	vec_set(a->irr, vector);
	if (level)
		vec_set(a->tmr, vector);
	else
		vec_clear(a->tmr, vector);
}

/*
 * Log errors in the ESR and raise the LVT error interrupt (10.5.3). The
 * interrupt fires once and is rearmed by the next ESR write ("This write
 * also rearms the APIC error interrupt triggering mechanism", SDM 11.5.3 of
 * the 2023 editions): so an illegal error vector, which is itself an error,
 * is logged and ends there.
 */
static void record_error(struct apic_regs *a, uint32_t bits)
{
	uint32_t lvt = a->lvt[APIC_LVT_ERROR];
	uint8_t vector = lvt & APIC_LVT_VECTOR;

	a->esr_pending |= bits;
	if (!a->esr_armed || (lvt & APIC_LVT_MASKED) || apic_mode(a) == APIC_MODE_DISABLED ||
	    !sw_enabled(a))
		return;
	a->esr_armed = false;
	if (vector < VECTOR_FIRST_LEGAL)
		a->esr_pending |= APIC_ESR_RECV_ILLEGAL;
	else
		irr_set(a, vector, false);
}

bool apic_accept(struct apic_regs *a, uint8_t vector, bool level)
{
	if (apic_mode(a) == APIC_MODE_DISABLED || !sw_enabled(a))
		return false;
	if (vector < VECTOR_FIRST_LEGAL) {
		record_error(a, APIC_ESR_RECV_ILLEGAL);
		return false;
	}
	irr_set(a, vector, level);
	return true;
}

int apic_deliverable(const struct apic_regs *a)
{
	int v = apic_highest_irr(a);

	if (apic_mode(a) == APIC_MODE_DISABLED || v < 0)
		return -1;
	return ((uint32_t)v & 0xf0) > (apic_ppr(a) & 0xf0) ? v : -1;
}

void apic_ack(struct apic_regs *a, uint8_t vector)
{
	if (!vec_test(a->irr, vector))
		return;
	vec_clear(a->irr, vector);
	vec_set(a->isr, vector);
}

int apic_eoi(struct apic_regs *a, bool *broadcast)
{
	int v = apic_highest_isr(a);

	if (broadcast)
		*broadcast = false;
	if (v < 0)
		return -1;
	vec_clear(a->isr, (unsigned)v);
	/* SVR bit 12 is writable only with caps.eoi_suppress (10.8.5). */
	if (broadcast)
		*broadcast = vec_test(a->tmr, (unsigned)v) && !(a->svr & APIC_SVR_EOI_SUPPRESS);
	return v;
}

enum apic_lvt_event apic_lvt_raise(struct apic_regs *a, enum apic_lvt lvt)
{
	uint32_t e;
	bool lint = lvt == APIC_LVT_LINT0 || lvt == APIC_LVT_LINT1;

	if ((unsigned)lvt >= APIC_LVT_COUNT || apic_mode(a) == APIC_MODE_DISABLED)
		return APIC_LVT_NONE;
	e = a->lvt[lvt];
	if (e & APIC_LVT_MASKED)
		return APIC_LVT_NONE;
	/* The timer and error entries have no delivery mode: their bits 10:8
	 * are never stored, so they read as fixed. */
	switch ((e & APIC_LVT_DM) >> APIC_LVT_DM_SHIFT) {
	case APIC_DM_FIXED:
		return apic_accept(a, e & APIC_LVT_VECTOR, false) ? APIC_LVT_FIXED : APIC_LVT_NONE;
	case APIC_DM_SMI:
		return APIC_LVT_SMI;
	case APIC_DM_NMI:
		return APIC_LVT_NMI;
	case APIC_DM_INIT:
		return lint ? APIC_LVT_INIT : APIC_LVT_NONE;
	case APIC_DM_EXTINT:
		return lint ? APIC_LVT_EXTINT : APIC_LVT_NONE;
	default:
		return APIC_LVT_NONE;   /* reserved encodings */
	}
}

/* ------------------------------------------------------------ timer */

static unsigned timer_mode(const struct apic_regs *a)
{
	return (a->lvt[APIC_LVT_TIMER] & APIC_LVT_TIMER_MODE) >> APIC_LVT_TIMER_SHIFT;
}

/* Mode 10B can only be stored with caps.tsc_deadline. */
static bool deadline_mode(const struct apic_regs *a)
{
	return timer_mode(a) == APIC_TIMER_TSC_DEADLINE;
}

/* Figure 10-10: bits 3, 1:0 = 000B divide by 2 ... 110B by 128, 111B by 1. */
static uint32_t timer_divisor(const struct apic_regs *a)
{
	unsigned code = (a->timer_divide & 3) | ((a->timer_divide >> 1) & 4);

	return code == 7 ? 1 : 2u << code;
}

/* Counts taken since timer_start. */
static uint64_t timer_elapsed(const struct apic_regs *a, uint64_t now)
{
	return now > a->timer_start ? (now - a->timer_start) / timer_divisor(a) : 0;
}

static uint32_t timer_current(const struct apic_regs *a, uint64_t now)
{
	uint64_t k;

	if (!a->timer_armed || deadline_mode(a))
		return 0;
	k = timer_elapsed(a, now);
	if (k < a->timer_count)
		return a->timer_count - (uint32_t)k;
	if (timer_mode(a) != APIC_TIMER_PERIODIC || !a->timer_initial)
		return 0;
	return a->timer_initial - (uint32_t)((k - a->timer_count) % a->timer_initial);
}

uint64_t apic_timer_next(const struct apic_regs *a)
{
	uint64_t t;

	if (deadline_mode(a))
		return a->tsc_deadline ? a->tsc_deadline : UINT64_MAX;
	if (!a->timer_armed)
		return UINT64_MAX;
	/* At most 2^32 counts of 128 ticks: the product fits, the sum may not. */
	if (__builtin_add_overflow(a->timer_start, (uint64_t)a->timer_count * timer_divisor(a), &t))
		return UINT64_MAX;
	return t;
}

bool apic_timer_expire(struct apic_regs *a, uint64_t now)
{
	uint32_t lvt;

	if (deadline_mode(a)) {
		if (!a->tsc_deadline || now < a->tsc_deadline)
			return false;
		a->tsc_deadline = 0;   /* "disarms itself and clears IA32_TSC_DEADLINE" */
	} else {
		uint64_t k;

		if (!a->timer_armed)
			return false;
		k = timer_elapsed(a, now);
		if (k < a->timer_count)
			return false;
		if (timer_mode(a) == APIC_TIMER_PERIODIC && a->timer_initial) {
			/* Reload at the last boundary not after now: (count + n *
			 * initial) * divisor <= now - start, so no overflow. */
			uint64_t n = (k - a->timer_count) / a->timer_initial;

			a->timer_start += (a->timer_count + n * a->timer_initial) * timer_divisor(a);
			a->timer_count = a->timer_initial;
		} else {
			a->timer_armed = false;   /* one-shot: stays at 0 */
		}
	}
	lvt = a->lvt[APIC_LVT_TIMER];
	if (!(lvt & APIC_LVT_MASKED))
		apic_accept(a, lvt & APIC_LVT_VECTOR, false);
	return true;
}

void apic_set_tsc_deadline(struct apic_regs *a, uint64_t value, uint64_t now)
{
	apic_timer_expire(a, now);
	if (deadline_mode(a))
		a->tsc_deadline = value;
}

uint64_t apic_get_tsc_deadline(struct apic_regs *a, uint64_t now)
{
	apic_timer_expire(a, now);
	return deadline_mode(a) ? a->tsc_deadline : 0;
}

/* Writing the initial count (re)starts one-shot and periodic counting; 0
 * stops it; TSC-deadline mode ignores the write (10.5.4, 10.5.4.1). */
static void timer_load(struct apic_regs *a, uint32_t count, uint64_t now)
{
	if (deadline_mode(a))
		return;
	a->timer_initial = count;
	a->timer_armed = count != 0;
	a->timer_count = count;
	a->timer_start = now;
}

/* A new divisor takes effect from now on the count left; the prescaler's
 * phase restarts (the SDM does not say; KVM also rescales what is left). The
 * caller has run the timer up to now, so the count has not reached 0. */
static void timer_set_divide(struct apic_regs *a, uint32_t dcr, uint64_t now)
{
	uint32_t old = timer_divisor(a);
	uint32_t left;

	if (!a->timer_armed || deadline_mode(a)) {
		a->timer_divide = dcr;
		return;
	}
	left = timer_current(a, now);
	a->timer_divide = dcr;
	if (timer_divisor(a) == old)
		return;
	a->timer_count = left;
	a->timer_start = now;
}

/* ------------------------------------------------------------ LVT, SVR */

/* Figure 10-8: the bits each entry implements; delivery status (and remote
 * IRR for LINT0/1) is read-only and reads 0 here. */
static const uint32_t lvt_writable[APIC_LVT_COUNT] = {
	[APIC_LVT_CMCI]    = APIC_LVT_VECTOR | APIC_LVT_DM | APIC_LVT_MASKED,
	[APIC_LVT_TIMER]   = APIC_LVT_VECTOR | APIC_LVT_MASKED | BIT(APIC_LVT_TIMER_SHIFT),
	[APIC_LVT_THERMAL] = APIC_LVT_VECTOR | APIC_LVT_DM | APIC_LVT_MASKED,
	[APIC_LVT_PERF]    = APIC_LVT_VECTOR | APIC_LVT_DM | APIC_LVT_MASKED,
	[APIC_LVT_LINT0]   = APIC_LVT_VECTOR | APIC_LVT_DM | APIC_LVT_POLARITY | APIC_LVT_LEVEL |
			     APIC_LVT_MASKED,
	[APIC_LVT_LINT1]   = APIC_LVT_VECTOR | APIC_LVT_DM | APIC_LVT_POLARITY | APIC_LVT_LEVEL |
			     APIC_LVT_MASKED,
	[APIC_LVT_ERROR]   = APIC_LVT_VECTOR | APIC_LVT_MASKED,
};

static uint32_t lvt_mask(const struct apic_regs *a, enum apic_lvt i)
{
	/* Bit 18 is reserved without TSC-deadline support (10.5.4.1). */
	if (i == APIC_LVT_TIMER && a->caps.tsc_deadline)
		return lvt_writable[i] | BIT(APIC_LVT_TIMER_SHIFT + 1);
	return lvt_writable[i];
}

static uint32_t lvt_readonly(enum apic_lvt i)
{
	if (i == APIC_LVT_LINT0 || i == APIC_LVT_LINT1)
		return APIC_LVT_DELIVERY_STATUS | APIC_LVT_REMOTE_IRR;
	return APIC_LVT_DELIVERY_STATUS;
}

static enum apic_lvt lvt_index(unsigned offset)
{
	if (offset == APIC_REG_LVT_CMCI)
		return APIC_LVT_CMCI;
	return (enum apic_lvt)(APIC_LVT_TIMER + ((offset - APIC_REG_LVT_TIMER) >> 4));
}

static enum apic_access lvt_write(struct apic_regs *a, enum apic_lvt i, uint32_t v, bool x2apic)
{
	uint32_t mask = lvt_mask(a, i), old = a->lvt[i];

	if (x2apic && (v & ~(mask | lvt_readonly(i))))
		return APIC_GP;
	if (i == APIC_LVT_TIMER &&
	    ((v & APIC_LVT_TIMER_MODE) >> APIC_LVT_TIMER_SHIFT) == 3 && a->caps.tsc_deadline) {
		/* Mode 11B is reserved (Table 10-2): #GP in x2APIC mode; the xAPIC
		 * page keeps the mode it had and takes the other fields. */
		if (x2apic)
			return APIC_GP;
		v = (v & ~APIC_LVT_TIMER_MODE) | (old & APIC_LVT_TIMER_MODE);
	}
	v &= mask;
	/* 10.4.7.2: while software-disabled the mask bits stay set. */
	if (!sw_enabled(a))
		v |= APIC_LVT_MASKED;
	a->lvt[i] = v;
	/* 10.5.4.1: "A write to the LVT Timer Register that changes the timer
	 * mode disarms the local APIC timer." */
	if (i == APIC_LVT_TIMER && ((v ^ old) & APIC_LVT_TIMER_MODE)) {
		a->timer_armed = false;
		a->tsc_deadline = 0;
	}
	return APIC_OK;
}

static uint32_t svr_mask(const struct apic_regs *a)
{
	/* Focus processor checking (bit 9) is "not supported on all
	 * processors"; it is kept writable, as KVM does, and has no effect:
	 * lowest-priority arbitration is the caller's. */
	return APIC_SVR_VECTOR | APIC_SVR_ENABLE | APIC_SVR_FOCUS_DISABLE |
	       (a->caps.eoi_suppress ? APIC_SVR_EOI_SUPPRESS : 0);
}

static enum apic_access svr_write(struct apic_regs *a, uint32_t v, bool x2apic)
{
	uint32_t mask = svr_mask(a);

	if (x2apic && (v & ~mask))
		return APIC_GP;
	a->svr = v & mask;
	/* 10.4.7.2: software disable sets every LVT mask bit. */
	if (!sw_enabled(a))
		for (unsigned i = 0; i < APIC_LVT_COUNT; i++)
			a->lvt[i] |= APIC_LVT_MASKED;
	return APIC_OK;
}

/* ------------------------------------------------------------ IPIs */

static void send_ipi(struct apic_regs *a, uint32_t lo, uint32_t dest, bool x2apic,
		     struct apic_effects *fx)
{
	uint8_t vector = lo & APIC_ICR_VECTOR;
	unsigned mode = (lo & APIC_ICR_DM) >> APIC_ICR_DM_SHIFT;
	unsigned sh = (lo & APIC_ICR_SHORTHAND) >> APIC_ICR_SHORTHAND_SHIFT;

	switch (mode) {
	case APIC_DM_FIXED:
	case APIC_DM_SMI:
	case APIC_DM_NMI:
	case APIC_DM_STARTUP:
		break;
	case APIC_DM_INIT:
		/* Level de-assert: not supported by Pentium 4 and later
		 * (10.6.1); not sent, as KVM drops it. */
		if (!(lo & APIC_ICR_LEVEL_ASSERT) && (lo & APIC_ICR_TRIGGER_LEVEL))
			return;
		break;
	case APIC_DM_LOWEST:
		/* 10.5.3 bit 4: an APIC that does not send lowest-priority IPIs
		 * logs this alone, even for an illegal vector. */
		record_error(a, APIC_ESR_REDIRECTABLE);
		return;
	default:
		return;   /* 011B, 111B: reserved */
	}
	/* Table 10-3: self and all-including-self carry fixed mode only. */
	if ((sh == APIC_SH_SELF || sh == APIC_SH_ALL) && mode != APIC_DM_FIXED)
		return;
	if (mode == APIC_DM_FIXED && vector < VECTOR_FIRST_LEGAL)
		record_error(a, APIC_ESR_SEND_ILLEGAL);
	if (sh == APIC_SH_SELF) {
		apic_accept(a, vector, false);
		return;
	}
	fx->ipi_valid = true;
	fx->ipi = (struct apic_ipi){
		.dest = sh == APIC_SH_NONE ? dest : x2apic ? 0xffffffffu : 0xffu,
		.vector = vector, .mode = (uint8_t)mode, .shorthand = (uint8_t)sh,
		.logical = lo & APIC_ICR_LOGICAL, .x2apic = x2apic,
	};
}

/* ------------------------------------------------------------ access */

/* The register at an offset the table allows reading. */
static uint64_t reg_value(const struct apic_regs *a, unsigned offset, bool x2apic, uint64_t now)
{
	switch (offset) {
	case APIC_REG_ID:
		return x2apic ? a->id : a->id << 24;
	case APIC_REG_VERSION:
		return version(a);
	case APIC_REG_TPR:
		return a->tpr;
	case APIC_REG_PPR:
		return apic_ppr(a);
	case APIC_REG_LDR:
		return a->ldr;
	case APIC_REG_DFR:
		return a->dfr;
	case APIC_REG_SVR:
		return a->svr;
	case APIC_REG_ISR ... APIC_REG_ISR + 0x70:
		return a->isr[(offset - APIC_REG_ISR) >> 4];
	case APIC_REG_TMR ... APIC_REG_TMR + 0x70:
		return a->tmr[(offset - APIC_REG_TMR) >> 4];
	case APIC_REG_IRR ... APIC_REG_IRR + 0x70:
		return a->irr[(offset - APIC_REG_IRR) >> 4];
	case APIC_REG_ESR:
		return a->esr;
	case APIC_REG_ICR_LO:
		return x2apic ? (uint64_t)a->icr_hi << 32 | a->icr_lo : a->icr_lo;
	case APIC_REG_ICR_HI:
		return a->icr_hi;
	case APIC_REG_LVT_CMCI:
	case APIC_REG_LVT_TIMER ... APIC_REG_LVT_ERROR:
		return a->lvt[lvt_index(offset)];
	case APIC_REG_TIMER_ICR:
		return a->timer_initial;
	case APIC_REG_TIMER_CCR:
		return timer_current(a, now);
	case APIC_REG_TIMER_DCR:
		return a->timer_divide;
	default:
		return 0;
	}
}

/* Which path may reach the registers now, and a well-formed offset. */
static enum apic_access path_check(const struct apic_regs *a, unsigned offset, bool x2apic)
{
	if (x2apic) {
		if (apic_mode(a) != APIC_MODE_X2APIC || offset > 0xff0 || (offset & 0xf))
			return APIC_GP;
	} else {
		if (apic_mode(a) != APIC_MODE_XAPIC)
			return APIC_UNMAPPED;
		if (offset > 0xff0 || (offset & 0xf))
			return APIC_IGNORED;
	}
	return APIC_OK;
}

enum apic_access apic_read(struct apic_regs *a, unsigned offset, bool x2apic, uint64_t now,
			   uint64_t *value)
{
	enum apic_access r = path_check(a, offset, x2apic);

	*value = 0;
	if (r != APIC_OK)
		return r;
	apic_timer_expire(a, now);
	switch (reg_access(offset, x2apic)) {
	case ACC_NONE:
		if (x2apic)
			return APIC_GP;
		record_error(a, APIC_ESR_ILLEGAL_REG);
		return APIC_IGNORED;
	case ACC_WO:
		return x2apic ? APIC_GP : APIC_IGNORED;
	case ACC_ZERO:
		return APIC_OK;
	case ACC_RO:
	case ACC_RW:
		break;
	}
	*value = reg_value(a, offset, x2apic, now);
	return APIC_OK;
}

/* A write the table allows, to the register at offset. */
static enum apic_access reg_write(struct apic_regs *a, unsigned offset, uint64_t value,
				  bool x2apic, uint64_t now, struct apic_effects *fx)
{
	uint32_t v = (uint32_t)value;
	bool broadcast;
	int vector;

	switch (offset) {
	case APIC_REG_TPR:
		if (x2apic && (v & ~TPR_WRITABLE))
			return APIC_GP;
		a->tpr = v & TPR_WRITABLE;
		return APIC_OK;
	case APIC_REG_EOI:
		if (x2apic && v)
			return APIC_GP;   /* Table 10-6 */
		vector = apic_eoi(a, &broadcast);
		if (broadcast)
			fx->eoi_vector = vector;
		return APIC_OK;
	case APIC_REG_LDR:
		a->ldr = v & LDR_XAPIC_ID;
		return APIC_OK;
	case APIC_REG_DFR:
		a->dfr = (v & DFR_MODEL) | ~DFR_MODEL;
		return APIC_OK;
	case APIC_REG_SVR:
		return svr_write(a, v, x2apic);
	case APIC_REG_ESR:
		if (x2apic && v)
			return APIC_GP;   /* Table 10-6 */
		a->esr = a->esr_pending;
		a->esr_pending = 0;
		a->esr_armed = true;
		return APIC_OK;
	case APIC_REG_ICR_LO:
		if (x2apic) {
			if (v & ICR_X2APIC_RESERVED)
				return APIC_GP;
			a->icr_hi = (uint32_t)(value >> 32);
		}
		a->icr_lo = v & ICR_WRITABLE;
		send_ipi(a, a->icr_lo, x2apic ? a->icr_hi : a->icr_hi >> 24, x2apic, fx);
		return APIC_OK;
	case APIC_REG_ICR_HI:
		a->icr_hi = v & ICR_HI_XAPIC_DEST;
		return APIC_OK;
	case APIC_REG_LVT_CMCI:
	case APIC_REG_LVT_TIMER ... APIC_REG_LVT_ERROR:
		return lvt_write(a, lvt_index(offset), v, x2apic);
	case APIC_REG_TIMER_ICR:
		timer_load(a, v, now);
		return APIC_OK;
	case APIC_REG_TIMER_DCR:
		if (x2apic && (v & ~DCR_WRITABLE))
			return APIC_GP;
		timer_set_divide(a, v & DCR_WRITABLE, now);
		return APIC_OK;
	case APIC_REG_SELF_IPI:
		if (v & ~SELF_IPI_WRITABLE)
			return APIC_GP;
		/* 10.5.3: a self IPI with vector 0-15 is both sent (bit 5) and
		 * received (bit 6) illegal. */
		if (v < VECTOR_FIRST_LEGAL)
			record_error(a, APIC_ESR_SEND_ILLEGAL);
		apic_accept(a, (uint8_t)v, false);
		return APIC_OK;
	default:
		return x2apic ? APIC_GP : APIC_IGNORED;
	}
}

enum apic_access apic_write(struct apic_regs *a, unsigned offset, uint64_t value, bool x2apic,
			    uint64_t now, struct apic_effects *fx)
{
	enum apic_access r = path_check(a, offset, x2apic);
	uint64_t next_before = apic_timer_next(a);

	*fx = (struct apic_effects){ .eoi_vector = -1 };
	if (r != APIC_OK)
		return r;
	apic_timer_expire(a, now);
	switch (reg_access(offset, x2apic)) {
	case ACC_NONE:
		if (x2apic)
			return APIC_GP;
		record_error(a, APIC_ESR_ILLEGAL_REG);
		r = APIC_IGNORED;
		break;
	case ACC_RO:
	case ACC_ZERO:
		r = x2apic ? APIC_GP : APIC_IGNORED;
		break;
	case ACC_WO:
	case ACC_RW:
		/* 10.12.1.2: bits 63:32 are reserved in every MSR but the ICR. */
		if (x2apic && offset != APIC_REG_ICR_LO && (value >> 32))
			r = APIC_GP;
		else
			r = reg_write(a, offset, value, x2apic, now, fx);
		break;
	}
	fx->timer_changed = apic_timer_next(a) != next_before;
	return r;
}
