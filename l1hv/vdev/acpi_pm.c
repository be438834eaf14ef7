/* SPDX-License-Identifier: MIT */
/* ACPI PM1 event and control registers and the PM timer: see acpi_pm.h. */
#include "l1hv/vdev/acpi_pm.h"

#define TMR_STS_SHIFT 31          /* TMR_VAL_EXT: the 32-bit count's top bit */
#define PM1_STS_WRITABLE (ACPI_PM1_TMR | ACPI_PM1_BM_STS | ACPI_PM1_GBL | ACPI_PM1_PWRBTN | \
			  ACPI_PM1_SLPBTN | ACPI_PM1_RTC | ACPI_PM1_WAK_STS)
#define PM1_EN_WRITABLE  (ACPI_PM1_TMR | ACPI_PM1_GBL | ACPI_PM1_PWRBTN | ACPI_PM1_SLPBTN | \
			  ACPI_PM1_RTC)
#define PM1_CNT_KEPT     (ACPI_PM1_BM_RLD | ACPI_PM1_SLP_TYP)

void acpi_pm_reset(struct acpi_pm *pm, uint64_t now)
{
	*pm = (struct acpi_pm){ .cnt = ACPI_PM1_SCI_EN, .tmr_epoch = now >> TMR_STS_SHIFT };
}

/* TMR_STS is set whenever bit 31 of the count has changed since it was
 * last settled: the count's 2^31-tick epoch moved on. */
static void settle_timer(struct acpi_pm *pm, uint64_t now)
{
	if ((now >> TMR_STS_SHIFT) != pm->tmr_epoch) {
		pm->sts |= ACPI_PM1_TMR;
		pm->tmr_epoch = now >> TMR_STS_SHIFT;
	}
}

/* The register bytes of [port, port + size), little-endian; FFH where the
 * block has none. */
static uint32_t block_bytes(const struct acpi_pm *pm, uint16_t base, unsigned len, uint16_t port,
			    unsigned size, uint64_t now)
{
	uint8_t b[4];
	uint32_t v = 0;
	uint32_t tmr = (uint32_t)now;

	for (unsigned i = 0; i < 4; i++)
		b[i] = 0xff;
	if (base == ACPI_PM1_EVT_BLK) {
		b[0] = (uint8_t)pm->sts;
		b[1] = (uint8_t)(pm->sts >> 8);
		b[2] = (uint8_t)pm->en;
		b[3] = (uint8_t)(pm->en >> 8);
	} else if (base == ACPI_PM1_CNT_BLK) {
		b[0] = (uint8_t)pm->cnt;
		b[1] = (uint8_t)(pm->cnt >> 8);
	} else {
		for (unsigned i = 0; i < 4; i++)
			b[i] = (uint8_t)(tmr >> (8 * i));
	}
	for (unsigned i = 0; i < size; i++) {
		unsigned off = port - base + i;
		v |= (uint32_t)(off < len ? b[off] : 0xff) << (8 * i);
	}
	return v;
}

/* Which block holds port, and its length; false if none. */
static bool block_of(uint16_t port, uint16_t *base, unsigned *len)
{
	if (port >= ACPI_PM1_EVT_BLK && port < ACPI_PM1_EVT_BLK + 4) {
		*base = ACPI_PM1_EVT_BLK;
		*len = 4;
	} else if (port >= ACPI_PM1_CNT_BLK && port < ACPI_PM1_CNT_BLK + 4) {
		*base = ACPI_PM1_CNT_BLK;
		*len = 2;                   /* 606H-607H: nothing */
	} else if (port >= ACPI_PM_TMR_BLK && port < ACPI_PM_TMR_BLK + 4) {
		*base = ACPI_PM_TMR_BLK;
		*len = 4;
	} else {
		return false;
	}
	return true;
}

bool acpi_pm_read(struct acpi_pm *pm, uint16_t port, unsigned size, uint64_t now, uint32_t *v)
{
	uint16_t base;
	unsigned len;

	if ((size != 1 && size != 2 && size != 4) || !block_of(port, &base, &len))
		return false;
	settle_timer(pm, now);
	*v = block_bytes(pm, base, len, port, size, now);
	return true;
}

enum acpi_pm_write acpi_pm_write(struct acpi_pm *pm, uint16_t port, unsigned size, uint64_t now,
				 uint32_t v)
{
	uint16_t base;
	unsigned len;
	uint32_t mask;
	unsigned shift;

	if ((size != 1 && size != 2 && size != 4) || !block_of(port, &base, &len))
		return ACPI_PM_NOT_MINE;
	settle_timer(pm, now);
	mask = size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1;
	shift = 8 * (unsigned)(port - base);
	/* The bytes written, as a 32-bit view of the block (beyond it: none). */
	uint64_t wmask = (uint64_t)mask << shift, wv = (uint64_t)(v & mask) << shift;
	if (base == ACPI_PM1_EVT_BLK) {
		uint16_t sts_m = (uint16_t)wmask, en_m = (uint16_t)(wmask >> 16);
		pm->sts &= (uint16_t)~((uint16_t)wv & sts_m & PM1_STS_WRITABLE);
		pm->en = (uint16_t)((pm->en & ~en_m) | ((uint16_t)(wv >> 16) & en_m & PM1_EN_WRITABLE));
	} else if (base == ACPI_PM1_CNT_BLK) {
		uint16_t m = (uint16_t)wmask, w = (uint16_t)wv;
		pm->cnt = (uint16_t)(((pm->cnt & ~m) | (w & m & PM1_CNT_KEPT)) | ACPI_PM1_SCI_EN);
		if (w & m & ACPI_PM1_SLP_EN)
			return ((pm->cnt & ACPI_PM1_SLP_TYP) >> ACPI_PM1_SLP_TYP_SHIFT) ==
					       ACPI_PM_SLP_TYP_S5
				       ? ACPI_PM_POWER_OFF
				       : ACPI_PM_SLEEP_REFUSED;
	}
	/* PM_TMR is read-only. */
	return ACPI_PM_DONE;
}

bool acpi_pm_sci(struct acpi_pm *pm, uint64_t now)
{
	settle_timer(pm, now);
	return pm->sts & pm->en & PM1_EN_WRITABLE;
}

uint64_t acpi_pm_next_event(const struct acpi_pm *pm, uint64_t now)
{
	if (!(pm->en & ACPI_PM1_TMR) || (pm->sts & ACPI_PM1_TMR))
		return UINT64_MAX;
	return ((now >> TMR_STS_SHIFT) + 1) << TMR_STS_SHIFT;
}
