/* SPDX-License-Identifier: MIT */
/*
 * Walk of L1's EPT paging structures (SDM Vol. 3C 29.3). See ept12_walk.h.
 *
 * Order, as the CPU reports it: each entry on the way down is first tested
 * for "present" (bits 2:0 not all 0; else EPT violation), then for
 * misconfiguration (29.3.3.1); the access itself is checked against the
 * AND of the permissions only after the leaf (29.3.3.2). So a
 * misconfigured lower entry wins over missing rights in an upper one, and
 * a not-present upper entry hides anything below it.
 */
#include "l1hv/nested/ept12_walk.h"

#include "exit-reflect/exit_qual.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

static const char *const eptp_error_names[] = {
#define EPT12_EPTP_NAME_(name, text) [EPT12_EPTP_##name] = text,
	EPT12_EPTP_ERRORS(EPT12_EPTP_NAME_)
#undef EPT12_EPTP_NAME_
};

static const char *const misconfig_names[] = {
#define EPT12_MC_NAME_(name, text) [EPT12_MC_##name] = text,
	EPT12_MISCONFIGS(EPT12_MC_NAME_)
#undef EPT12_MC_NAME_
};

const char *ept12_eptp_error_name(enum ept12_eptp_error e)
{
	if ((unsigned int)e >= sizeof(eptp_error_names) / sizeof(eptp_error_names[0]))
		return "unknown EPTP error";
	return eptp_error_names[e];
}

const char *ept12_misconfig_name(enum ept12_misconfig mc)
{
	if ((unsigned int)mc >= sizeof(misconfig_names) / sizeof(misconfig_names[0]))
		return "unknown misconfiguration";
	return misconfig_names[mc];
}

static uint64_t bit_range(unsigned int h, unsigned int l)
{
	return l > h ? 0 : GENMASK_ULL(h, l);
}

static unsigned int clamp_phys_bits(unsigned int maxphyaddr)
{
	if (maxphyaddr < 32)
		return 32;
	return maxphyaddr > 52 ? 52 : maxphyaddr;
}

enum ept12_eptp_error ept12_eptp_decode(uint64_t eptp, uint64_t ept_vpid_cap,
					unsigned int maxphyaddr, struct ept12_eptp *out)
{
	unsigned int m = clamp_phys_bits(maxphyaddr);
	uint64_t mt = eptp & VMX_EPTP_MT_MASK, pwl = eptp & VMX_EPTP_PWL_MASK;

	out->root = eptp & bit_range(m - 1, 12);
	out->levels = (uint8_t)((pwl >> 3) + 1);
	out->memtype = (uint8_t)mt;
	out->ad_enabled = eptp & VMX_EPTP_AD_ENABLE_BIT;
	out->sss = eptp & VMX_EPTP_SSS_BIT;

	if (!((mt == VMX_EPTP_MT_UC && (ept_vpid_cap & VMX_EPTP_UC_BIT)) ||
	      (mt == VMX_EPTP_MT_WB && (ept_vpid_cap & VMX_EPTP_WB_BIT))))
		return EPT12_EPTP_MEMTYPE;
	if (!((pwl == VMX_EPTP_PWL_4 && (ept_vpid_cap & VMX_EPT_PAGE_WALK_4_BIT)) ||
	      (pwl == VMX_EPTP_PWL_5 && (ept_vpid_cap & VMX_EPT_PAGE_WALK_5_BIT))))
		return EPT12_EPTP_WALK_LENGTH;
	if (out->ad_enabled && !(ept_vpid_cap & VMX_EPT_AD_BIT))
		return EPT12_EPTP_AD;
	if (out->sss && !(ept_vpid_cap & VMX_EPT_SSS_BIT))
		return EPT12_EPTP_SSS;
	if (eptp & (VMX_EPTP_RESVD_LOW_MASK | bit_range(63, m)))
		return EPT12_EPTP_RESERVED;
	return EPT12_EPTP_OK;
}

static bool is_leaf(uint64_t entry, int level)
{
	return level == 1 || ((level == 2 || level == 3) && (entry & EPT_PS));
}

/*
 * SDM 29.3.3.1 for a present entry. Reserved (Tables 29-1 .. 29-6): bits
 * 51:M everywhere; 7:3 in PML5Es/PML4Es; 6:3 in PDPTEs/PDEs that reference
 * a table; 29:12 of a 1 GiB and 20:12 of a 2 MiB leaf; bit 7 itself where
 * IA32_VMX_EPT_VPID_CAP does not report that page size. PTE bit 7 is ignored.
 */
enum ept12_misconfig ept12_entry_misconfig(const struct ept12_env *env, uint64_t entry,
					   int level)
{
	uint64_t cap = env->ept_vpid_cap, rsvd = bit_range(51, clamp_phys_bits(env->maxphyaddr));

	if ((entry & EPT_WRITE) && !(entry & EPT_READ))
		return EPT12_MC_WRITE_NO_READ;
	if ((entry & EPT_RWX) == EPT_EXEC && !(cap & VMX_EPT_EXECUTE_ONLY_BIT))
		return EPT12_MC_EXEC_ONLY;
	if (level >= 4) {
		rsvd |= GENMASK_ULL(7, 3);
	} else if (level == 3 && (entry & EPT_PS)) {
		if (!(cap & VMX_EPT_1GB_PAGE_BIT))
			return EPT12_MC_PAGE_SIZE;
		rsvd |= GENMASK_ULL(29, 12);
	} else if (level == 2 && (entry & EPT_PS)) {
		if (!(cap & VMX_EPT_2MB_PAGE_BIT))
			return EPT12_MC_PAGE_SIZE;
		rsvd |= GENMASK_ULL(20, 12);
	} else if (level >= 2) {
		rsvd |= GENMASK_ULL(6, 3);
	}
	if (entry & rsvd)
		return EPT12_MC_RESERVED;
	if (is_leaf(entry, level)) {
		unsigned int mt = (entry & EPT_MT_MASK) >> EPT_MT_SHIFT;

		if (mt == 2 || mt == 3 || mt == 7)
			return EPT12_MC_MEMTYPE;
	}
	return EPT12_MC_NONE;
}

/* Exit-qualification bits 0-2 name the access (Table 28-7). */
static const uint64_t access_qual[] = {
	[EPT12_ACCESS_READ] = EXIT_QUAL_EPT_READ,
	[EPT12_ACCESS_WRITE] = EXIT_QUAL_EPT_WRITE,
	[EPT12_ACCESS_FETCH] = EXIT_QUAL_EPT_FETCH,
};

static const uint8_t access_perm[] = {
	[EPT12_ACCESS_READ] = EPT_READ,
	[EPT12_ACCESS_WRITE] = EPT_WRITE,
	[EPT12_ACCESS_FETCH] = EPT_EXEC,
};

/* Bits 3-5 are the AND of bits 0-2 of the entries used, the not-present
 * one included: after a not-present entry they are all 0. */
static enum ept12_status violation(struct ept12_result *res, enum ept12_access access)
{
	res->status = EPT12_VIOLATION;
	res->exit_qual = access_qual[access] |
			 ((res->perms & EPT_READ) ? EXIT_QUAL_EPT_READABLE : 0) |
			 ((res->perms & EPT_WRITE) ? EXIT_QUAL_EPT_WRITABLE : 0) |
			 ((res->perms & EPT_EXEC) ? EXIT_QUAL_EPT_EXECUTABLE : 0);
	return res->status;
}

enum ept12_status ept12_walk(const struct ept12_env *env, uint64_t gpa,
			     enum ept12_access access, struct ept12_result *res)
{
	unsigned int m = clamp_phys_bits(env->maxphyaddr);
	int levels = env->eptp.levels == 5 ? 5 : 4;
	unsigned int width = 12 + 9 * (unsigned int)levels;
	uint64_t addr_mask = bit_range(m - 1, 12), table = env->eptp.root;

	__builtin_memset(res, 0, sizeof(*res));
	if ((unsigned int)access > EPT12_ACCESS_FETCH)
		access = EPT12_ACCESS_READ;
	res->perms = EPT_RWX;
	if (gpa >> (width < m ? width : m)) {
		res->status = EPT12_GPA_TOO_WIDE;
		return res->status;
	}

	for (int lvl = levels; lvl >= 1; lvl--) {
		unsigned int shift = 12 + 9 * (unsigned int)(lvl - 1);
		uint64_t egpa = table + ((gpa >> shift) & 511) * 8, e = 0;

		res->level = (uint8_t)lvl;
		res->entry_gpa = egpa;
		if (!env->read_phys || !env->read_phys(env->ctx, egpa, &e, sizeof(e))) {
			res->status = EPT12_MEM_FAILED;
			return res->status;
		}
		res->entry = e;
		res->perms &= (uint8_t)(e & EPT_RWX);
		if (!(e & EPT_RWX))
			return violation(res, access);
		res->misconfig = ept12_entry_misconfig(env, e, lvl);
		if (res->misconfig != EPT12_MC_NONE) {
			res->status = EPT12_MISCONFIG;
			return res->status;
		}
		if (is_leaf(e, lvl)) {
			uint64_t size = 1ull << shift;

			res->page_size = size;
			res->gpa = (e & addr_mask & ~(size - 1)) | (gpa & (size - 1));
			res->memtype = (uint8_t)((e & EPT_MT_MASK) >> EPT_MT_SHIFT);
			res->ipat = e & EPT_IPAT;
			break;
		}
		table = e & addr_mask;
	}
	if (!(res->perms & access_perm[access]))
		return violation(res, access);
	res->status = EPT12_OK;
	return res->status;
}
