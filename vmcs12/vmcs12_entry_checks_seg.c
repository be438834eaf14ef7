/* SPDX-License-Identifier: MIT */
/*
 * SDM 27.3.1.2 Checks on guest segment registers, in all modes: virtual-8086,
 * real mode under unrestricted guest, protected mode and IA-32e mode.
 * Failures are VM-entry failures with exit reason 33, qualification 0.
 */
#include "vmcs12/vmcs12_entry_internal.h"

struct seg {
	uint64_t base;
	uint32_t limit, ar;
	uint16_t sel;
};

#define SEG(c, S)                                                              \
	((struct seg){ .base = RD(GUEST_##S##_BASE), .limit = (uint32_t)RD(GUEST_##S##_LIMIT), \
		       .ar = (uint32_t)RD(GUEST_##S##_AR_BYTES), .sel = (uint16_t)RD(GUEST_##S##_SELECTOR) })

static bool usable(const struct seg *s)
{
	return !(s->ar & VMX_AR_UNUSABLE_MASK);
}

/* Granularity vs limit (SDM 27.3.1.2): limit bits 11:0 not all 1 -> G = 0;
 * any of limit bits 31:20 set -> G = 1. */
static bool granularity_bad(const struct seg *s)
{
	bool g = s->ar & VMX_AR_G_MASK;

	return ((s->limit & 0xfff) != 0xfff && g) || ((s->limit & 0xfff00000) && !g);
}

static bool v86_seg_bad(const struct seg *s)
{
	return s->base != (uint64_t)s->sel << 4 || s->limit != 0xffff || s->ar != 0xf3;
}

static bool check_v86(struct entry_ctx *c)
{
	struct seg cs = SEG(c, CS), ss = SEG(c, SS), ds = SEG(c, DS), es = SEG(c, ES),
		   fs = SEG(c, FS), gs = SEG(c, GS);

	CC_GUEST("27.3.1.2", v86_seg_bad(&cs));
	CC_GUEST("27.3.1.2", v86_seg_bad(&ss));
	CC_GUEST("27.3.1.2", v86_seg_bad(&ds));
	CC_GUEST("27.3.1.2", v86_seg_bad(&es));
	CC_GUEST("27.3.1.2", v86_seg_bad(&fs));
	CC_GUEST("27.3.1.2", v86_seg_bad(&gs));
	return true;
}

/* DS, ES, FS, GS when usable (SDM 27.3.1.2 access-rights checks). */
static bool data_seg_bad(const struct entry_ctx *c, const struct seg *s)
{
	uint32_t type = s->ar & VMX_AR_TYPE_MASK;
	bool ug = c->sec & SECONDARY_EXEC_UNRESTRICTED_GUEST;

	if (!usable(s))
		return false;
	return !(type & VMX_AR_TYPE_ACCESSED) ||
	       ((type & VMX_AR_TYPE_CODE) && !(type & VMX_AR_TYPE_READABLE)) ||
	       !(s->ar & VMX_AR_S_MASK) ||
	       (!ug && type <= 11 && VMX_AR_DPL(s->ar) < (s->sel & 3u)) ||
	       !(s->ar & VMX_AR_P_MASK) || (s->ar & VMX_AR_RESERVED_MASK) || granularity_bad(s);
}

static bool check_protected(struct entry_ctx *c)
{
	struct seg cs = SEG(c, CS), ss = SEG(c, SS), ds = SEG(c, DS), es = SEG(c, ES),
		   fs = SEG(c, FS), gs = SEG(c, GS);
	uint32_t cs_type = cs.ar & VMX_AR_TYPE_MASK, ss_type = ss.ar & VMX_AR_TYPE_MASK;
	bool ug = c->sec & SECONDARY_EXEC_UNRESTRICTED_GUEST;
	bool ia32e = c->entry & VM_ENTRY_IA32E_MODE;

	CC_GUEST("27.3.1.2", !ug && (ss.sel & 3) != (cs.sel & 3));
	CC_GUEST("27.3.1.2", cs_type != 9 && cs_type != 11 && cs_type != 13 && cs_type != 15 &&
			     !(ug && cs_type == 3));
	CC_GUEST("27.3.1.2", !(cs.ar & VMX_AR_S_MASK));
	CC_GUEST("27.3.1.2", cs_type == 3 && VMX_AR_DPL(cs.ar) != 0);
	CC_GUEST("27.3.1.2", (cs_type == 9 || cs_type == 11) && VMX_AR_DPL(cs.ar) != VMX_AR_DPL(ss.ar));
	CC_GUEST("27.3.1.2", (cs_type == 13 || cs_type == 15) && VMX_AR_DPL(cs.ar) > VMX_AR_DPL(ss.ar));
	CC_GUEST("27.3.1.2", !(cs.ar & VMX_AR_P_MASK));
	CC_GUEST("27.3.1.2", cs.ar & VMX_AR_RESERVED_MASK);
	CC_GUEST("27.3.1.2", ia32e && (cs.ar & VMX_AR_L_MASK) && (cs.ar & VMX_AR_DB_MASK));
	CC_GUEST("27.3.1.2", granularity_bad(&cs));
	CC_GUEST("27.3.1.2", usable(&ss) && ss_type != 3 && ss_type != 7);
	CC_GUEST("27.3.1.2", usable(&ss) && !(ss.ar & VMX_AR_S_MASK));
	CC_GUEST("27.3.1.2", !ug && VMX_AR_DPL(ss.ar) != (ss.sel & 3u));
	CC_GUEST("27.3.1.2", (cs_type == 3 || !(RD(GUEST_CR0) & X86_CR0_PE)) && VMX_AR_DPL(ss.ar) != 0);
	CC_GUEST("27.3.1.2", usable(&ss) && (!(ss.ar & VMX_AR_P_MASK) ||
					     (ss.ar & VMX_AR_RESERVED_MASK) || granularity_bad(&ss)));
	CC_GUEST("27.3.1.2", data_seg_bad(c, &ds));
	CC_GUEST("27.3.1.2", data_seg_bad(c, &es));
	CC_GUEST("27.3.1.2", data_seg_bad(c, &fs));
	CC_GUEST("27.3.1.2", data_seg_bad(c, &gs));
	return true;
}

static bool check_bases(struct entry_ctx *c)
{
	struct seg ss = SEG(c, SS), ds = SEG(c, DS), es = SEG(c, ES), ldtr = SEG(c, LDTR);
	bool v86 = RD(GUEST_RFLAGS) & X86_RFLAGS_VM;

	CC_GUEST("27.3.1.2", entry_noncanon(c, RD(GUEST_TR_BASE)));
	CC_GUEST("27.3.1.2", entry_noncanon(c, RD(GUEST_FS_BASE)));
	CC_GUEST("27.3.1.2", entry_noncanon(c, RD(GUEST_GS_BASE)));
	CC_GUEST("27.3.1.2", usable(&ldtr) && entry_noncanon(c, ldtr.base));
	CC_GUEST("27.3.1.2", RD(GUEST_CS_BASE) >> 32);
	CC_GUEST("27.3.1.2", (v86 || usable(&ss)) && (ss.base >> 32));
	CC_GUEST("27.3.1.2", (v86 || usable(&ds)) && (ds.base >> 32));
	CC_GUEST("27.3.1.2", (v86 || usable(&es)) && (es.base >> 32));
	return true;
}

static bool check_tr_ldtr(struct entry_ctx *c)
{
	struct seg tr = SEG(c, TR), ldtr = SEG(c, LDTR);
	uint32_t tr_type = tr.ar & VMX_AR_TYPE_MASK;
	bool ia32e = c->entry & VM_ENTRY_IA32E_MODE;

	CC_GUEST("27.3.1.2", tr.sel & 4);
	CC_GUEST("27.3.1.2", usable(&ldtr) && (ldtr.sel & 4));
	CC_GUEST("27.3.1.2", tr_type != VMX_AR_TYPE_BUSY_32_TSS &&
			     (ia32e || tr_type != VMX_AR_TYPE_BUSY_16_TSS));
	CC_GUEST("27.3.1.2", tr.ar & VMX_AR_S_MASK);
	CC_GUEST("27.3.1.2", !(tr.ar & VMX_AR_P_MASK));
	CC_GUEST("27.3.1.2", tr.ar & VMX_AR_RESERVED_MASK);
	CC_GUEST("27.3.1.2", granularity_bad(&tr));
	CC_GUEST("27.3.1.2", !usable(&tr));
	CC_GUEST("27.3.1.2", usable(&ldtr) && ((ldtr.ar & VMX_AR_TYPE_MASK) != VMX_AR_TYPE_LDT ||
					       (ldtr.ar & VMX_AR_S_MASK) || !(ldtr.ar & VMX_AR_P_MASK) ||
					       (ldtr.ar & VMX_AR_RESERVED_MASK) || granularity_bad(&ldtr)));
	return true;
}

bool entry_check_guest_segments(struct entry_ctx *c)
{
	bool v86 = RD(GUEST_RFLAGS) & X86_RFLAGS_VM;

	if (!check_tr_ldtr(c) || !check_bases(c))
		return false;
	return v86 ? check_v86(c) : check_protected(c);
}
