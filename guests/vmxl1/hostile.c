/* SPDX-License-Identifier: MIT */
/*
 * Attacks of a hostile guest hypervisor on the level below it, each run
 * alone (vmxl1 -- attack=NAME) with a victim VM after it in the scenario
 * (tests/scenarios/hostile.sh): the level below must keep every VM's
 * allocations inside that VM's quota and stop only the attacker, if any.
 *
 *   ept_bomb: L1's EPT maps 512 GiB of L2-physical space onto one 2 MiB
 *     block, and L2 touches a page every 2 MiB: each touch costs the level
 *     below a new ept02 table page. It must reclaim (drop and rebuild
 *     ept02) within the VM's quota, and L2 runs to its end.
 *   vapic_outside: "use TPR shadow" with a virtual-APIC page beyond L1's
 *     memory: the level below refuses to hand the CPU that address.
 *   spin_l2: L2 loops with interrupts off and no exiting instruction, and
 *     L1 runs no timer for it: only the level below's run budget (its
 *     VMX-preemption timer in vmcs02) ends it.
 *   ept_outside: L1's EPT maps L2-physical 8 MiB to L1-physical 3 GiB,
 *     which is not L1's memory, and L2 reads there: the level below must
 *     not map it (it stops this VM, as for an access outside its memory).
 */
#include "common/free/string.h"
#include "exit-reflect/exit_reasons.h"
#include "guests/lib/guest.h"
#include "guests/vmxl1/vmx_guest.h"
#include "guests/vmxl1/vmxl1.h"
#include "l1hv/stats/vm_stats.h"
#include "vmcs12/vmcs_fields.h"
#include "vmcs12/vmx_caps.h"
#include "vmcs12/vmx_controls.h"

#define BOMB_TOUCHES 70000u                 /* 70000 x 4 KiB of ept02 tables: 273 MiB */
#define SIZE_2M      0x200000ull

static uint64_t bomb_ept_pml4[512] __attribute__((aligned(4096)));
static uint64_t bomb_ept_pdpt[512] __attribute__((aligned(4096)));
static uint64_t bomb_ept_pd[512] __attribute__((aligned(4096)));
static uint64_t bomb_l2_pml4[512] __attribute__((aligned(4096)));
static uint64_t bomb_l2_pdpt[512] __attribute__((aligned(4096)));
uint64_t l2_bomb_done;

/* L2: one read every 2 MiB from 2 MiB up, then VMCALL. */
void l2_ept_bomb(void);
asm(".text\nl2_ept_bomb:\n"
    "\tmov $0x200000, %rax\n\tmov $70000, %ecx\n"
    "1:\tmov (%rax), %rdx\n\tadd $0x200000, %rax\n\tdec %ecx\n\tjnz 1b\n"
    "\tmovq $1, l2_bomb_done(%rip)\n\tvmcall\n");
_Static_assert(BOMB_TOUCHES == 70000, "the count in l2_ept_bomb");

static void attack_ept_bomb(void)
{
	/* L1's EPT: every 2 MiB of L2-physical [0, 512 GiB) is L1-physical
	 * [0, 2 MiB), where vmxl1's image (L2's code, stack and tables) is. */
	for (unsigned i = 0; i < 512; i++) {
		bomb_ept_pd[i] = 0 | VMXL1_EPT_PDE_2M_WB_RWX;
		bomb_ept_pdpt[i] = (uint64_t)bomb_ept_pd | 7;
		/* L2's paging: 1 GiB pages, identity, for the same range. */
		bomb_l2_pdpt[i] = ((uint64_t)i << 30) | 0x83;
	}
	bomb_ept_pml4[0] = (uint64_t)bomb_ept_pdpt | 7;
	bomb_l2_pml4[0] = (uint64_t)bomb_l2_pdpt | 3;

	vmxl1_fresh_vmcs();
	vmxl1_use_ept((uint64_t)bomb_ept_pml4 | (3 << 3) | 6);
	vmwrite(VMCS_GUEST_CR3, (uint64_t)bomb_l2_pml4);
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_ept_bomb);
	printf("vmxl1: L2 touches %u pages 2 MiB apart, all backed by one 2 MiB block\n",
	       BOMB_TOUCHES);
	uint64_t before = 0, after = 0;
	hypercall(NESTLAB_HC_STAT, VM_STAT_EPT02_RECLAIMS, &before, NULL);
	int rc = l2_run(0);
	uint64_t r = vmread_value(VMCS_VM_EXIT_REASON);
	hypercall(NESTLAB_HC_STAT, VM_STAT_EPT02_RECLAIMS, &after, NULL);
	report(rc == VM_SUCCEED && r == EXIT_REASON_VMCALL && l2_bomb_done,
	       "ept02 bomb: L2 ran all %u touches to its VMCALL (exit %lu)", BOMB_TOUCHES, r);
	report(after > before, "ept02 bomb: the level below reclaimed ept02 %lu times to stay "
	       "within this VM's page quota", after - before);
}

static void attack_vapic_outside(void)
{
	vmxl1_fresh_vmcs();
	uint64_t proc = vmread_value(VMCS_CPU_BASED_VM_EXEC_CONTROL);
	vmwrite(VMCS_CPU_BASED_VM_EXEC_CONTROL,
		(proc | CPU_BASED_TPR_SHADOW) &
		~(uint64_t)(CPU_BASED_CR8_LOAD_EXITING | CPU_BASED_CR8_STORE_EXITING));
	/* 3 GiB: a valid physical address, but not memory this VM has. */
	vmwrite(VMCS_VIRTUAL_APIC_PAGE_ADDR, 0xc0000000ull);
	vmwrite(VMCS_TPR_THRESHOLD, 0);
	printf("vmxl1: VMLAUNCH with a virtual-APIC page outside this VM's memory\n");
	l2_run(0);
	report(false, "the level below entered L2 with a virtual-APIC page outside L1's memory");
}

void l2_read_8m(void);
asm(".text\nl2_read_8m:\n\tmov $0x800000, %rax\n\tmov (%rax), %rax\n\tvmcall\n");

static void attack_ept_outside(void)
{
	memset(bomb_ept_pd, 0, sizeof(bomb_ept_pd));
	memset(bomb_ept_pdpt, 0, sizeof(bomb_ept_pdpt));
	bomb_ept_pd[0] = 0x000000 | VMXL1_EPT_PDE_2M_WB_RWX;
	bomb_ept_pd[1] = 0x200000 | VMXL1_EPT_PDE_2M_WB_RWX;
	bomb_ept_pd[4] = 0xc0000000ull | VMXL1_EPT_PDE_2M_WB_RWX;
	bomb_ept_pdpt[0] = (uint64_t)bomb_ept_pd | 7;
	bomb_ept_pml4[0] = (uint64_t)bomb_ept_pdpt | 7;
	vmxl1_fresh_vmcs();
	vmxl1_use_ept((uint64_t)bomb_ept_pml4 | (3 << 3) | 6);
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_read_8m);
	printf("vmxl1: L2 reads L2-physical 8 MiB, which L1's EPT maps to L1-physical 3 GiB\n");
	l2_run(0);
	report(false, "the level below let L2 reach memory outside L1's (exit %lu)",
	       vmread_value(VMCS_VM_EXIT_REASON));
}

void l2_spin(void);
asm(".text\nl2_spin:\n\tcli\n1:\tjmp 1b\n");

static void attack_spin_l2(void)
{
	vmxl1_fresh_vmcs();
	vmwrite(VMCS_GUEST_RIP, (uint64_t)l2_spin);
	printf("vmxl1: L2 spins with interrupts off; L1 runs no timer for it\n");
	l2_run(0);
	report(false, "L1 got control back from an L2 that never exits (exit %lu)",
	       vmread_value(VMCS_VM_EXIT_REASON));
}

bool vmxl1_attack(const char *cmdline)
{
	const char *v;
	int n = cmdline_get(cmdline, "attack", &v);

	if (n < 0)
		return false;
	if (n == 8 && !strncmp(v, "ept_bomb", 8))
		attack_ept_bomb();
	else if (n == 13 && !strncmp(v, "vapic_outside", 13))
		attack_vapic_outside();
	else if (n == 11 && !strncmp(v, "ept_outside", 11))
		attack_ept_outside();
	else if (n == 7 && !strncmp(v, "spin_l2", 7))
		attack_spin_l2();
	else
		report(false, "unknown attack '%.*s': use ept_bomb, vapic_outside, ept_outside "
		       "or spin_l2", n, v);
	return true;
}
