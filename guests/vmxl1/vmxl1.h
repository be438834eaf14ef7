/* SPDX-License-Identifier: MIT */
/* Shared between the vmxl1 test files. */
#ifndef NESTLAB_GUEST_VMXL1_H
#define NESTLAB_GUEST_VMXL1_H

#include <stdbool.h>
#include <stdint.h>

#include "common/x86_arch.h"

/* A 2 MiB EPT PDE: read/write/execute, write-back (SDM 29.3.2, 29.3.7). */
#define VMXL1_EPT_PDE_2M_WB_RWX (EPT_RWX | (EPT_MT_WB << EPT_MT_SHIFT) | EPT_PS)

extern uint8_t vmxl1_vmcs[4096];
/* A 64-bit L2 sharing L1's page tables, GDT and IDT; no EPT. */
void vmxl1_setup_vmcs(void);
/* vmxl1_vmcs VMCLEARed, made current and set up (the start of most checks). */
void vmxl1_fresh_vmcs(void);
/* Adds secondary controls (with "activate secondary controls") to the
 * current VMCS, as the capability MSR allows them. */
void vmxl1_add_secondary(uint32_t bits);
/* EPT with the given EPTP; VMCS shadowing with a shadow VMCS and one
 * VMREAD/VMWRITE bitmap page for both. */
void vmxl1_use_ept(uint64_t eptp);
void vmxl1_use_shadow(void *shadow_vmcs, void *rd_bitmap, void *wr_bitmap);
/* Per-check changes classes.c makes on top of vmxl1_setup_vmcs(). */
void vmxl1_customize(void);
void vmxl1_check_classes(void);
void vmxl1_halt_l2(void);
/* VMCS shadowing for L1's own guest (shadow.c). */
void vmxl1_check_l2_shadowing(void);
/* What L0 does for L2 stays inside what L1 gave it (isolation.c). */
void vmxl1_check_isolation(void);
/* One attack named by "attack=" on the command line (hostile.c); false if
 * none is named. */
bool vmxl1_attack(const char *cmdline);
/* SDM pseudo-code outcomes (sdm.c); runs outside VMX operation. */
void vmxl1_check_sdm(void);

#endif
