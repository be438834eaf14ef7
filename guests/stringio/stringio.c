/* SPDX-License-Identifier: MIT */
/*
 * stringio: INS and OUTS against the VM's real devices, as kernels and
 * boot loaders use them: REP OUTSB to the UART (the scenario reads the
 * line), REP INSB of fw_cfg items, INSW and backward REP INSD from PCI
 * configuration space compared with plain IN, a 32-bit address size in
 * 64-bit mode (EDI, ECX, zero-extended), an FS segment override on OUTS,
 * a REP longer than l1hv's per-exit chunk, REP with rCX = 0, and a #PF in
 * the middle of a REP INSB (the elements before it written, CR2 at the
 * first byte that faulted, error code "write, not present").
 */
#include "common/free/string.h"
#include "common/free/x86.h"
#include "guests/lib/guest.h"
#include "l1hv/vdev/fw_cfg.h"
#include "l1hv/vdev/pci_cfg.h"

#define COM1_THR 0x3f8

/* REP INS/OUTS with the registers given and returned. */
struct sio { uint64_t di, si, cx; };

static void rep_insb(uint16_t port, struct sio *r)
{
	asm volatile("rep insb" : "+D"(r->di), "+c"(r->cx) : "d"(port) : "memory");
}

static void rep_insb_a32(uint16_t port, struct sio *r)
{
	asm volatile("addr32 rep insb" : "+D"(r->di), "+c"(r->cx) : "d"(port) : "memory");
}

static void rep_outsb(uint16_t port, struct sio *r)
{
	asm volatile("rep outsb" : "+S"(r->si), "+c"(r->cx) : "d"(port) : "memory");
}

static void fw_select(uint16_t item)
{
	outw(FW_CFG_PORT_SEL, item);
}

static uint8_t buf[16384];

static void test_outs(void)
{
	static const char line[] = "stringio: rep outsb reached the UART\n";
	struct sio r = { .si = (uint64_t)line, .cx = sizeof(line) - 1 };

	printf("%s", "");
	rep_outsb(COM1_THR, &r);
	report(r.cx == 0 && r.si == (uint64_t)line + sizeof(line) - 1,
	       "rep outsb: rCX counted down to 0, rSI past the string");

	/* OUTSB with FS: the segment override (instruction information). */
	static const char fsline[] = "stringio: outsb through FS reached the UART\n";
	uint64_t base = (uint64_t)fsline - 0x1000, old = rdmsr(MSR_IA32_FS_BASE);
	uint64_t si = 0x1000, cx = sizeof(fsline) - 1;
	wrmsr(MSR_IA32_FS_BASE, base);
	asm volatile("rep outsb %%fs:(%%rsi), %%dx" : "+S"(si), "+c"(cx) : "d"(COM1_THR) : "memory");
	wrmsr(MSR_IA32_FS_BASE, old);
	report(cx == 0 && si == 0x1000 + sizeof(fsline) - 1, "rep outsb fs: rSI is the offset in FS");
}

static void test_ins_fw_cfg(void)
{
	struct sio r = { .di = (uint64_t)buf, .cx = 4 };

	memset(buf, 0, sizeof(buf));
	fw_select(FW_CFG_SIGNATURE);
	rep_insb(FW_CFG_PORT_DATA, &r);
	report(!memcmp(buf, "QEMU", 4) && r.cx == 0 && r.di == (uint64_t)buf + 4,
	       "rep insb of fw_cfg's signature: 'QEMU', rDI advanced by 4");

	/* rCX = 0: nothing moves. */
	r = (struct sio){ .di = (uint64_t)buf, .cx = 0 };
	buf[0] = 0x55;
	fw_select(FW_CFG_SIGNATURE);
	rep_insb(FW_CFG_PORT_DATA, &r);
	report(buf[0] == 0x55 && r.di == (uint64_t)buf, "rep insb with rCX = 0 does nothing");

	/* 32-bit addresses in 64-bit mode: EDI and ECX, zero-extended. */
	r = (struct sio){ .di = 0xdead000000000000ull | (uint64_t)buf,
			  .cx = 0xbeef000000000000ull | 4 };
	memset(buf, 0, 8);
	fw_select(FW_CFG_SIGNATURE);
	rep_insb_a32(FW_CFG_PORT_DATA, &r);
	report(!memcmp(buf, "QEMU", 4) && r.cx == 0 && r.di == (uint32_t)(uint64_t)buf + 4,
	       "addr32 rep insb: EDI and ECX used, upper halves cleared (rdi 0x%lx)", r.di);
}

/* More elements than l1hv moves per exit: the instruction runs again. */
static void test_long_rep(void)
{
	uint8_t dir_a[4 + FW_CFG_DIR_ENTRY], *dir_b = buf;
	struct sio r = { .di = (uint64_t)buf, .cx = sizeof(buf) };

	fw_select(FW_CFG_FILE_DIR);
	for (unsigned i = 0; i < sizeof(dir_a); i++)
		dir_a[i] = inb(FW_CFG_PORT_DATA);
	memset(buf, 0xaa, sizeof(buf));
	fw_select(FW_CFG_FILE_DIR);
	rep_insb(FW_CFG_PORT_DATA, &r);
	bool zeros = true;
	for (unsigned i = 4 + 8 * FW_CFG_DIR_ENTRY; i < sizeof(buf); i++)
		zeros &= buf[i] == 0;
	report(!memcmp(dir_a, dir_b, sizeof(dir_a)) && zeros && r.cx == 0 &&
	       r.di == (uint64_t)buf + sizeof(buf),
	       "rep insb of %u bytes (more than one exit's chunk): same bytes as IN, then zeros",
	       (unsigned)sizeof(buf));
}

static void test_pci_words(void)
{
	uint32_t id, d[3] = { 0, 0, 0x12345678 };
	uint16_t w[2];
	uint64_t di, cx;

	outl(PCI_CFG_ADDR_PORT, PCI_CFG_ENABLE);
	id = inl(PCI_CFG_DATA_PORT);
	di = (uint64_t)w;
	asm volatile("insw" : "+D"(di) : "d"(PCI_CFG_DATA_PORT) : "memory");
	di = (uint64_t)&w[1];
	asm volatile("insw" : "+D"(di) : "d"(PCI_CFG_DATA_PORT + 2) : "memory");
	report(w[0] == (uint16_t)id && w[1] == id >> 16 && di == (uint64_t)&w[2],
	       "insw from CFCH and CFEH: the host bridge's vendor and device IDs (0x%x)", id);
	/* DF = 1: backwards, the element before the start untouched. */
	di = (uint64_t)&d[1];
	cx = 2;
	asm volatile("std; rep insl; cld" : "+D"(di), "+c"(cx) : "d"(PCI_CFG_DATA_PORT) : "memory");
	report(d[0] == id && d[1] == id && d[2] == 0x12345678 && di == (uint64_t)d - 4,
	       "std; rep insd: two elements stored downwards, rDI one element below");
}

/* A second mapping whose end is the end of what is mapped: PML4[1] ->
 * one 2 MiB page at physical 16 MiB. */
#define ALIAS      0x8000000000ull
#define ALIAS_PHYS 0x1000000ull
#define ALIAS_END  (ALIAS + 0x200000)
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static struct sio fault_regs;

static void insb_across_the_end(void)
{
	rep_insb(FW_CFG_PORT_DATA, &fault_regs);
}

static void test_fault(void)
{
	uint64_t *pml4 = (uint64_t *)(read_cr3() & ~0xfffull), cr2 = 0, err = 0;
	volatile uint8_t *phys_end = (volatile uint8_t *)(ALIAS_PHYS + 0x200000);
	int vec;

	pd[0] = ALIAS_PHYS | 0x83;          /* present, writable, 2 MiB */
	pdpt[0] = (uint64_t)pd | 3;
	pml4[1] = (uint64_t)pdpt | 3;
	write_cr3(read_cr3());
	phys_end[-2] = phys_end[-1] = 0;
	fault_regs = (struct sio){ .di = ALIAS_END - 2, .cx = 4 };
	fw_select(FW_CFG_SIGNATURE);
	vec = catch_exception_call(insb_across_the_end, &err);
	asm volatile("mov %%cr2, %0" : "=r"(cr2));
	report(vec == 14 && cr2 == ALIAS_END && err == 2,
	       "rep insb across the end of the mapping: #PF (vector %d) at CR2 0x%lx, error %lu",
	       vec, cr2, err);
	report(phys_end[-2] == 'Q' && phys_end[-1] == 'E',
	       "the elements before the fault were written ('%c%c')", phys_end[-2], phys_end[-1]);
	pml4[1] = 0;
	write_cr3(read_cr3());
}

int guest_main(const char *cmdline)
{
	(void)cmdline;
	test_outs();
	test_ins_fw_cfg();
	test_long_rep();
	test_pci_words();
	test_fault();
	return report_summary();
}
