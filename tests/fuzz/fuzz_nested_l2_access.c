/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes l1hv's accesses to an L2's memory (vcpu_linear_read/write in
 * l1hv/vm/vcpu_mem.c, in_l2) and ept02's fault handling (nested_ept02_fault)
 * on L2 page tables and L1 EPT tables in L1 memory that start well formed and
 * get random entries, hosted on the unit tests' backend (tests/unit/
 * fake_l1hv.h). Entries point at the tables and the first pages mostly,
 * sometimes outside L1's memory. Checked on every input:
 *   - no crash or undefined behaviour (ASan + UBSan), nothing read or
 *     written outside L1's memory (ASan: it is one host buffer);
 *   - a failed write changes no byte of L1's memory;
 *   - an EPT violation's qualification has bit 7 set, exactly one access
 *     bit, and that bit is the access's own for the final translation (bit
 *     8 set) and a read for a paging-structure entry; a misconfiguration
 *     has none;
 *   - a successful write reads back the same bytes;
 *   - nested_ept02_fault stays within the VM's page quota; what it maps
 *     (EPT02_FILLED) is a page of L1's memory with at most L1's permissions.
 */
#include <stdlib.h>
#include <string.h>

#include "exit-reflect/exit_qual.h"
#include "l1hv/vmx/ept.h"
#include "tests/fuzz/fuzz_input.h"
#include "tests/unit/fake_l1hv.h"

#define MEM       (1ull << 20)
#define VMCS12    0x20000ull
#define EPT_PML4  0x40000ull
#define G_PML4    0x1000ull
#define NSLOTS    24

static struct vm vm;
#define VCPU (&vm.vcpus[0])

#define L2_OFF    0x80000ull     /* L1's EPT by default: L2-physical p -> p + 512 KiB */

/* A random entry: low flag bits, a page among the first few of L1's (or
 * L2's) memory, where the tables are, or (rarely) beyond L1's memory,
 * rarely with reserved high bits. */
static uint64_t entry(struct fuzz_input *in)
{
	uint64_t flags = take(in, 2), addr = (take(in, 1) & 0x1f) << 12;

	if (flags & 0x8000)
		addr |= L2_OFF;
	if ((flags & 0x7000) == 0x7000)
		addr |= take(in, 1) << 20;
	if ((flags & 0x6000) == 0x4000)
		addr |= take(in, 1) << 44;
	return addr | (flags & 0xfff);
}

/* The well-formed start: L1's EPT maps L2-physical [0, 512 KiB) to L1's
 * [512 KiB, 1 MiB) (PML4/PDPT/PD/PT at EPT_PML4 + 0..3 pages); L2's paging
 * (PML4/PDPT/PD/PT at L2-physical G_PML4 + 0..3 pages) maps linear
 * [0, 64 KiB) to L2-physical 0x10000 + the same. The mutations then
 * change any entry of those eight tables near the start. */
static uint64_t table(unsigned t)
{
	return t < 4 ? EPT_PML4 + 4096ull * t : G_PML4 + 4096ull * (t - 4) + L2_OFF;
}

static void tables_init(void)
{
	for (unsigned t = 0; t < 3; t++) {
		fake_put64(VCPU, table(t), table(t + 1) | 7);
		fake_put64(VCPU, table(t + 4), (table(t + 5) - L2_OFF) | 3);
	}
	for (uint64_t p = 0; p < L2_OFF; p += 4096)
		fake_put64(VCPU, table(3) + 8 * (p >> 12), (p + L2_OFF) | 7 | (6 << 3));
	for (unsigned i = 0; i < 16; i++)
		fake_put64(VCPU, table(7) + 8 * i, (0x10000ull + 4096 * i) | 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	static uint8_t before[MEM];

	fake_cpu_init();
	fake_vm_init(&vm, MEM, 4 + take(&in, 1) % 16);
	struct vmcs12 *v = fake_gpa(VCPU, VMCS12);
	vmcs12_init(v, 0x2b);
	bool ept = take(&in, 1) & 1;
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, CPU_BASED_ACTIVATE_SECONDARY_CONTROLS);
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, ept ? SECONDARY_EXEC_ENABLE_EPT : 0);
	vmcs12_write(v, VMCS_EPT_POINTER, EPT_PML4 | 6 | (3 << 3));
	VCPU->nested.vmxon = true;
	VCPU->nested.current_vmptr = VMCS12;
	VCPU->nested.vmcs12 = v;
	VCPU->nested.in_l2 = true;
	if (!nested_ept02_prepare(VCPU))
		goto out;

	tables_init();
	unsigned nmut = (unsigned)take(&in, 1) % NSLOTS, rounds = 1 + (unsigned)take(&in, 1) % 3;
	for (unsigned i = 0; i < nmut; i++) {
		unsigned t = (unsigned)take(&in, 1) % 8, idx = (unsigned)take(&in, 1);
		fake_put64(VCPU, table(t) + 8 * (idx & 0x80 ? idx : idx % 16), entry(&in));
	}
	if (take(&in, 1) == 0xff)
		fake_put64(VCPU, EPT_PML4, entry(&in));
	uint64_t cs = VCPU->vmcs_pa;
	fake_vmcs_put(cs, VMCS_GUEST_CR0, 0x80010031 & ~(take(&in, 1) & 1 ? 0x10000 : 0));
	fake_vmcs_put(cs, VMCS_GUEST_CR3, G_PML4 | (take(&in, 1) & 0x18));
	fake_vmcs_put(cs, VMCS_GUEST_CR4, 0x2020 | (take(&in, 1) & 1 ? 0x1000 : 0));
	fake_vmcs_put(cs, VMCS_GUEST_IA32_EFER, 0xd00);
	fake_vmcs_put(cs, VMCS_GUEST_SS_AR_BYTES, take(&in, 1) & 1 ? 0xc0f3 : 0xc093);

	for (unsigned round = 0; round < rounds; round++) {
		uint64_t la = take(&in, 2);
		if ((la & 0xf000) == 0xf000)
			la = take(&in, 8);
		size_t len = 1 + take(&in, 1) % 16;
		bool write = take(&in, 1) & 1;
		uint8_t buf[16], back[16];
		struct vcpu_mem_fault f;

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)take(&in, 1);
		memcpy(before, (void *)vm.mem_hpa, MEM);
		int rc = write ? vcpu_linear_write(VCPU, la, buf, len, &f)
			       : vcpu_linear_read(VCPU, la, buf, len, &f);
		if (rc != 0 && rc != -1)
			abort();
		if (rc && write && memcmp(before, (void *)vm.mem_hpa, MEM))
			abort();
		if (rc && f.kind == VCPU_MEM_EPT_VIOLATION) {
			uint64_t q = f.ept_qual, acc = q & 7;
			bool final = q & EXIT_QUAL_EPT_GLA_TRANSLATED;
			if (!ept || !(q & EXIT_QUAL_EPT_GLA_VALID) || (acc & (acc - 1)) || !acc)
				abort();
			if (acc != (final && write ? EXIT_QUAL_EPT_WRITE : EXIT_QUAL_EPT_READ))
				abort();
		}
		if (rc && f.kind == VCPU_MEM_EPT_MISCONFIG && (!ept || f.ept_qual))
			abort();
		if (!rc && write && (vcpu_linear_read(VCPU, la, back, len, &f) ||
				     memcmp(back, buf, len)))
			abort();

		uint64_t q12, l1_gpa, gpa = take(&in, 3) << 4;
		uint64_t qual = 1u << (take(&in, 1) % 3);
		enum ept02_fault r = nested_ept02_fault(VCPU, gpa, qual, &q12, &l1_gpa);
		if (vm.pages.used > vm.pages.limit || vm.pages.peak > vm.pages.limit)
			abort();
		if (r == EPT02_FILLED) {
			uint64_t t = VCPU->nested.ept02_pml4, e = 0;
			for (int level = 3; level >= 0; level--) {
				e = ((const uint64_t *)t)[(gpa >> (12 + 9 * level)) & 511];
				t = e & 0x000ffffffffff000ull;
			}
			if (!(e & EPT_RWX) || t < vm.mem_hpa || t >= vm.mem_hpa + MEM ||
			    t - vm.mem_hpa != (l1_gpa & ~0xfffull))
				abort();
		}
		if (r == EPT02_NO_ROOM)
			break;
	}
out:
	nested_ept02_flush(VCPU);
	fake_vm_free(&vm);
	return 0;
}
