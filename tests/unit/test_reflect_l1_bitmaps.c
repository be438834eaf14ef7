/* SPDX-License-Identifier: MIT */
/*
 * l1_wants_exit() rules that read L1 memory: I/O bitmaps, MSR bitmaps,
 * VMREAD/VMWRITE bitmaps; the per-leaf and per-bit rules (ENCLS, XSS, VMFUNC,
 * EOI) and the OR-rules (PAUSE, APIC write). L1 memory is a test array; a
 * second callback always fails.
 */
#include <string.h>

#include "exit-reflect/reflect.h"
#include "testlib.h"
#include "vmcs12/vmcs12.h"
#include "vmcs12/vmx_controls.h"

/* L1 guest-physical 0x0000..0xffff. */
#define L1_MEM_SIZE     0x10000u
#define IO_BITMAP_A     0x1000u
#define IO_BITMAP_B     0x2000u
#define MSR_BITMAP      0x3000u
#define VMREAD_BITMAP   0x4000u
#define VMWRITE_BITMAP  0x5000u

static uint8_t l1_ram[L1_MEM_SIZE];
static unsigned int l1_reads;

static bool ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	l1_reads++;
	if (gpa >= L1_MEM_SIZE || len > L1_MEM_SIZE - gpa)
		return false;
	memcpy(buf, &l1_ram[gpa], len);
	return true;
}

static bool failing_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	(void)gpa;
	(void)buf;
	(void)len;
	l1_reads++;
	return false;
}

static const struct reflect_l1_mem ram = { ram_read, NULL };
static const struct reflect_l1_mem failing = { failing_read, NULL };
static struct vmcs12 vmcs;

static struct vmcs12 *setup(uint32_t cpu, uint32_t cpu2)
{
	memset(l1_ram, 0, sizeof(l1_ram));
	vmcs12_init(&vmcs, 1);
	if (cpu2)
		cpu |= CPU_BASED_ACTIVATE_SECONDARY_CONTROLS;
	vmcs12_write(&vmcs, VMCS_CPU_BASED_VM_EXEC_CONTROL, cpu);
	vmcs12_write(&vmcs, VMCS_SECONDARY_VM_EXEC_CONTROL, cpu2);
	vmcs12_write(&vmcs, VMCS_IO_BITMAP_A, IO_BITMAP_A);
	vmcs12_write(&vmcs, VMCS_IO_BITMAP_B, IO_BITMAP_B);
	vmcs12_write(&vmcs, VMCS_MSR_BITMAP, MSR_BITMAP);
	vmcs12_write(&vmcs, VMCS_VMREAD_BITMAP, VMREAD_BITMAP);
	vmcs12_write(&vmcs, VMCS_VMWRITE_BITMAP, VMWRITE_BITMAP);
	return &vmcs;
}

static struct reflect_exit exit_of(uint32_t reason, uint64_t qual)
{
	struct reflect_exit e;

	memset(&e, 0, sizeof(e));
	reflect_exit_set_reason(&e, reason);
	e.qualification = qual;
	return e;
}

/* Sets the I/O-bitmap bit of a port, computed by hand: A holds 0-0x7fff, B the rest. */
static void set_port(uint32_t port)
{
	uint32_t page = port < 0x8000 ? IO_BITMAP_A : IO_BITMAP_B;

	l1_ram[page + (port & 0x7fff) / 8] |= 1u << (port % 8);
}

#define IO_IN    (1u << 3)
#define IO_STR   (1u << 4)
#define IO_REP   (1u << 5)
#define IO_SZ1   0u
#define IO_SZ2   1u
#define IO_SZ4   3u
#define IO_Q(port, bits) (((uint64_t)(port) << 16) | (bits))

static const struct {
	const char *what;
	uint32_t cpu;
	int32_t set[2];     /* ports whose bit is set; -1: none */
	uint64_t qual;
	bool want;
} io_cases[] = {
	{ "no bitmaps, no unconditional", 0, { -1, -1 }, IO_Q(0x60, IO_IN), false },
	{ "unconditional I/O exiting", CPU_BASED_UNCOND_IO_EXITING, { -1, -1 }, IO_Q(0x60, IO_IN), true },
	{ "bitmaps override unconditional", CPU_BASED_USE_IO_BITMAPS | CPU_BASED_UNCOND_IO_EXITING,
	  { -1, -1 }, IO_Q(0x60, IO_IN), false },
	{ "bitmaps + unconditional, bit set", CPU_BASED_USE_IO_BITMAPS | CPU_BASED_UNCOND_IO_EXITING,
	  { 0x60, -1 }, IO_Q(0x60, IO_IN), true },
	{ "in al,dx hit", CPU_BASED_USE_IO_BITMAPS, { 0x60, -1 }, IO_Q(0x60, IO_IN), true },
	{ "in al,dx miss (neighbour set)", CPU_BASED_USE_IO_BITMAPS, { 0x60, -1 }, IO_Q(0x61, IO_IN), false },
	{ "out direction uses the same bitmap", CPU_BASED_USE_IO_BITMAPS, { 0x60, -1 }, IO_Q(0x60, 0), true },
	{ "0x7fff in A", CPU_BASED_USE_IO_BITMAPS, { 0x7fff, -1 }, IO_Q(0x7fff, IO_SZ1), true },
	{ "0x8000 not in A", CPU_BASED_USE_IO_BITMAPS, { 0x7fff, -1 }, IO_Q(0x8000, IO_SZ1), false },
	{ "0x8000 in B", CPU_BASED_USE_IO_BITMAPS, { 0x8000, -1 }, IO_Q(0x8000, IO_SZ1), true },
	{ "0x7fff not in B", CPU_BASED_USE_IO_BITMAPS, { 0x8000, -1 }, IO_Q(0x7fff, IO_SZ1), false },
	{ "0x0000 vs B bit 0", CPU_BASED_USE_IO_BITMAPS, { 0x8000, -1 }, IO_Q(0x0000, IO_SZ1), false },
	{ "2 bytes, second port set", CPU_BASED_USE_IO_BITMAPS, { 0x71, -1 }, IO_Q(0x70, IO_SZ2), true },
	{ "2 bytes, port after set", CPU_BASED_USE_IO_BITMAPS, { 0x72, -1 }, IO_Q(0x70, IO_SZ2), false },
	{ "4 bytes, fourth port set", CPU_BASED_USE_IO_BITMAPS, { 0xcff, -1 }, IO_Q(0xcfc, IO_SZ4), true },
	{ "4 bytes, fifth port set", CPU_BASED_USE_IO_BITMAPS, { 0xd00, -1 }, IO_Q(0xcfc, IO_SZ4), false },
	{ "4 bytes across byte boundary", CPU_BASED_USE_IO_BITMAPS, { 0x3f8, -1 }, IO_Q(0x3f6, IO_SZ4), true },
	{ "2 bytes spanning A/B, B set", CPU_BASED_USE_IO_BITMAPS, { 0x8000, -1 }, IO_Q(0x7fff, IO_SZ2), true },
	{ "4 bytes spanning A/B, none set", CPU_BASED_USE_IO_BITMAPS, { 0x7ffb, 0x8002 }, IO_Q(0x7ffe, IO_SZ4), false },
	{ "1 byte at 0xffff", CPU_BASED_USE_IO_BITMAPS, { -1, -1 }, IO_Q(0xffff, IO_SZ1), false },
	{ "1 byte at 0xffff set", CPU_BASED_USE_IO_BITMAPS, { 0xffff, -1 }, IO_Q(0xffff, IO_SZ1), true },
	{ "2 bytes at 0xfffe fit", CPU_BASED_USE_IO_BITMAPS, { -1, -1 }, IO_Q(0xfffe, IO_SZ2), false },
	{ "2 bytes at 0xffff wrap", CPU_BASED_USE_IO_BITMAPS, { -1, -1 }, IO_Q(0xffff, IO_SZ2), true },
	{ "4 bytes at 0xfffd wrap", CPU_BASED_USE_IO_BITMAPS, { -1, -1 }, IO_Q(0xfffd, IO_SZ4), true },
	{ "4 bytes at 0xfffc fit", CPU_BASED_USE_IO_BITMAPS, { -1, -1 }, IO_Q(0xfffc, IO_SZ4), false },
	{ "rep insb hit", CPU_BASED_USE_IO_BITMAPS, { 0x1f0, -1 }, IO_Q(0x1f0, IO_IN | IO_STR | IO_REP), true },
	{ "rep insb miss", CPU_BASED_USE_IO_BITMAPS, { 0x1f1, -1 }, IO_Q(0x1f0, IO_IN | IO_STR | IO_REP), false },
	{ "rep outsw second port", CPU_BASED_USE_IO_BITMAPS, { 0x3f9, -1 }, IO_Q(0x3f8, IO_SZ2 | IO_STR | IO_REP), true },
	{ "outsd miss", CPU_BASED_USE_IO_BITMAPS, { 0x3f7, 0x3fc }, IO_Q(0x3f8, IO_SZ4 | IO_STR), false },
	{ "string, unconditional only", CPU_BASED_UNCOND_IO_EXITING, { -1, -1 }, IO_Q(0x3f8, IO_STR | IO_REP), true },
	{ "reserved size encoding", CPU_BASED_USE_IO_BITMAPS, { -1, -1 }, IO_Q(0x60, 2), true },
};

TEST(io_bitmaps)
{
	for (size_t i = 0; i < sizeof(io_cases) / sizeof(io_cases[0]); i++) {
		struct vmcs12 *v = setup(io_cases[i].cpu, 0);
		struct reflect_exit e = exit_of(EXIT_REASON_IO_INSTRUCTION, io_cases[i].qual);

		for (int s = 0; s < 2; s++) {
			if (io_cases[i].set[s] >= 0)
				set_port((uint32_t)io_cases[i].set[s]);
		}
		CHECKF(l1_wants_exit(v, &e, &ram) == io_cases[i].want, "%s", io_cases[i].what);
	}
}

/* MSR bitmap: byte offsets computed by hand from SDM 25.6.9. */
static const struct {
	const char *what;
	bool use_bitmaps;
	uint32_t byte;      /* offset into the MSR-bitmap page, ~0u: set nothing */
	uint8_t bit;
	uint64_t rcx;
	bool write;
	bool want;
} msr_cases[] = {
	{ "bitmaps off",              false, ~0u, 0, 0x10, false, true },
	{ "TSC read, read-low set",   true, 0x002, 0, 0x10, false, true },
	{ "TSC write, read-low set",  true, 0x002, 0, 0x10, true, false },
	{ "TSC read, nothing set",    true, ~0u, 0, 0x10, false, false },
	{ "APIC_BASE write, write-low set", true, 0x803, 3, 0x1b, true, true },
	{ "APIC_BASE read, write-low set",  true, 0x803, 3, 0x1b, false, false },
	{ "0x1fff read, last low bit", true, 0x3ff, 7, 0x1fff, false, true },
	{ "EFER read, read-high set",  true, 0x410, 0, 0xc0000080, false, true },
	{ "EFER write, read-high set", true, 0x410, 0, 0xc0000080, true, false },
	{ "MSR 0x80 read vs high bit", true, 0x410, 0, 0x80, false, false },
	{ "FS_BASE write, write-high set", true, 0xc20, 0, 0xc0000100, true, true },
	{ "0xc0001fff write, last bit", true, 0xfff, 7, 0xc0001fff, true, true },
	{ "0xc0001fff write, clear",   true, ~0u, 0, 0xc0001fff, true, false },
	{ "0xc0000000 read, clear",    true, ~0u, 0, 0xc0000000, false, false },
	{ "0x1fff read, clear",        true, ~0u, 0, 0x1fff, false, false },
	{ "0x2000 outside ranges",    true, ~0u, 0, 0x2000, false, true },
	{ "0xbfffffff outside",       true, ~0u, 0, 0xbfffffff, true, true },
	{ "0xc0002000 outside",       true, ~0u, 0, 0xc0002000, false, true },
	{ "0x40000000 outside",       true, ~0u, 0, 0x40000000, false, true },
	{ "0xffffffff outside",       true, ~0u, 0, 0xffffffff, true, true },
	{ "RCX[63:32] ignored, set",  true, 0x002, 0, 0xdead000000000010ull, false, true },
	{ "RCX[63:32] ignored, clear", true, ~0u, 0, 0xdead000000000010ull, false, false },
};

TEST(msr_bitmaps)
{
	for (size_t i = 0; i < sizeof(msr_cases) / sizeof(msr_cases[0]); i++) {
		struct vmcs12 *v = setup(msr_cases[i].use_bitmaps ? CPU_BASED_USE_MSR_BITMAPS : 0, 0);
		uint32_t reason = msr_cases[i].write ? EXIT_REASON_MSR_WRITE : EXIT_REASON_MSR_READ;
		uint32_t imm = msr_cases[i].write ? EXIT_REASON_MSR_WRITE_IMM : EXIT_REASON_MSR_READ_IMM;
		struct reflect_exit e = exit_of(reason, 0);
		struct reflect_exit ei = exit_of(imm, (uint32_t)msr_cases[i].rcx);

		if (msr_cases[i].byte != ~0u)
			l1_ram[MSR_BITMAP + msr_cases[i].byte] = 1u << msr_cases[i].bit;
		e.gprs[REFLECT_RCX] = msr_cases[i].rcx;
		CHECKF(l1_wants_exit(v, &e, &ram) == msr_cases[i].want, "%s", msr_cases[i].what);
		/* Immediate forms: same rule, MSR index from the qualification. */
		CHECKF(l1_wants_exit(v, &ei, &ram) == msr_cases[i].want, "%s (imm)", msr_cases[i].what);
	}
}

/* VMREAD/VMWRITE under VMCS shadowing; field operand in the Reg2 register. */
TEST(vmread_vmwrite_bitmaps)
{
	struct vmcs12 *v = setup(0, 0);
	struct reflect_exit rd = exit_of(EXIT_REASON_VMREAD, 0);
	struct reflect_exit wr = exit_of(EXIT_REASON_VMWRITE, 0);
	const uint32_t guest_rip = 0x681e;

	rd.instr_info = wr.instr_info = (uint32_t)REFLECT_R12 << 28;
	rd.gprs[REFLECT_R12] = wr.gprs[REFLECT_R12] = guest_rip;
	CHECK(l1_wants_exit(v, &rd, &ram));      /* no shadowing: always exits */
	CHECK(l1_wants_exit(v, &wr, &ram));

	v = setup(0, SECONDARY_EXEC_SHADOW_VMCS);
	CHECK(!l1_wants_exit(v, &rd, &ram));     /* bits clear: shadow VMCS access */
	CHECK(!l1_wants_exit(v, &wr, &ram));
	l1_ram[VMREAD_BITMAP + guest_rip / 8] |= 1u << (guest_rip % 8);
	CHECK(l1_wants_exit(v, &rd, &ram));
	CHECK(!l1_wants_exit(v, &wr, &ram));     /* VMWRITE reads its own bitmap */
	l1_ram[VMWRITE_BITMAP + guest_rip / 8] |= 1u << (guest_rip % 8);
	CHECK(l1_wants_exit(v, &wr, &ram));

	/* Field operand with bits above 14 set: exits without a bitmap read. */
	rd.gprs[REFLECT_R12] = 0x8000 | 0x0800;
	CHECK(l1_wants_exit(v, &rd, &ram));
	rd.gprs[REFLECT_R12] = 0x0800;           /* GUEST_ES_SELECTOR, bit clear */
	CHECK(!l1_wants_exit(v, &rd, &ram));
	rd.gprs[REFLECT_R11] = guest_rip;        /* another register is not the operand */
	CHECK(!l1_wants_exit(v, &rd, &ram));

	/* Shadowing bit set but secondary controls not activated. */
	vmcs12_write(v, VMCS_CPU_BASED_VM_EXEC_CONTROL, 0);
	CHECK(l1_wants_exit(v, &rd, &ram));
}

TEST(failing_l1_memory_reflects)
{
	struct vmcs12 *v = setup(CPU_BASED_USE_IO_BITMAPS | CPU_BASED_USE_MSR_BITMAPS,
				 SECONDARY_EXEC_SHADOW_VMCS);
	struct reflect_exit io = exit_of(EXIT_REASON_IO_INSTRUCTION, IO_Q(0x60, IO_IN));
	struct reflect_exit msr = exit_of(EXIT_REASON_MSR_READ, 0);
	struct reflect_exit rd = exit_of(EXIT_REASON_VMREAD, 0);
	const struct reflect_l1_mem no_callback = { NULL, NULL };

	msr.gprs[REFLECT_RCX] = 0x10;
	rd.gprs[REFLECT_RAX] = 0x681e;
	/* Sanity: with readable, all-zero bitmaps none of them exits... */
	CHECK(!l1_wants_exit(v, &io, &ram));
	CHECK(!l1_wants_exit(v, &msr, &ram));
	CHECK(!l1_wants_exit(v, &rd, &ram));
	/* ...and each one reflects when L1's bitmap cannot be read. */
	l1_reads = 0;
	CHECK(l1_wants_exit(v, &io, &failing));
	CHECK(l1_wants_exit(v, &msr, &failing));
	CHECK(l1_wants_exit(v, &rd, &failing));
	CHECK_EQ(l1_reads, 3);
	CHECK(l1_wants_exit(v, &io, NULL));
	CHECK(l1_wants_exit(v, &msr, &no_callback));
	/* A bitmap placed beyond L1's RAM (the array) is a failed read too. */
	vmcs12_write(v, VMCS_MSR_BITMAP, 0xfffffffffffff000ull);
	CHECK(l1_wants_exit(v, &msr, &ram));
	vmcs12_write(v, VMCS_IO_BITMAP_A, L1_MEM_SIZE);
	CHECK(l1_wants_exit(v, &io, &ram));
	/*
	 * A bitmap address whose byte offset wraps past 2^64 (found by the
	 * fuzzer): must not read low L1 memory (all zero here, which would say
	 * "no exit").
	 */
	vmcs12_write(v, VMCS_MSR_BITMAP, 0xfffffffffffffc00ull);
	msr = exit_of(EXIT_REASON_MSR_WRITE, 0);
	msr.gprs[REFLECT_RCX] = 0xc0000100;      /* byte 0xc20 of the page */
	CHECK(l1_wants_exit(v, &msr, &ram));
}

TEST(encls_xsaves_vmfunc_eoi)
{
	struct vmcs12 *v = setup(0, SECONDARY_EXEC_ENCLS_EXITING);
	struct reflect_exit e = exit_of(EXIT_REASON_ENCLS, 0);

	vmcs12_write(v, VMCS_ENCLS_EXITING_BITMAP, (1ull << 5) | (1ull << 63));
	e.gprs[REFLECT_RAX] = 5;
	CHECK(l1_wants_exit(v, &e, NULL));
	e.gprs[REFLECT_RAX] = 4;
	CHECK(!l1_wants_exit(v, &e, NULL));
	e.gprs[REFLECT_RAX] = 100;               /* leaves >= 63 use bit 63 */
	CHECK(l1_wants_exit(v, &e, NULL));
	vmcs12_write(v, VMCS_ENCLS_EXITING_BITMAP, 1ull << 5);
	CHECK(!l1_wants_exit(v, &e, NULL));
	e.gprs[REFLECT_RAX] = 5;
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, 0);
	CHECK(!l1_wants_exit(v, &e, NULL));

	/* XSAVES/XRSTORS: EDX:EAX AND IA32_XSS AND the XSS-exiting bitmap. */
	v = setup(0, SECONDARY_EXEC_XSAVES);
	vmcs12_write(v, VMCS_XSS_EXIT_BITMAP, (1ull << 8) | (1ull << 40));
	for (uint32_t r = EXIT_REASON_XSAVES; r <= EXIT_REASON_XRSTORS; r++) {
		e = exit_of(r, 0);
		e.guest_ia32_xss = 1ull << 8;
		e.gprs[REFLECT_RAX] = 1u << 8;
		CHECK(l1_wants_exit(v, &e, NULL));
		e.guest_ia32_xss = 0;
		CHECK(!l1_wants_exit(v, &e, NULL));
		e.guest_ia32_xss = (1ull << 40) | (1ull << 8);
		e.gprs[REFLECT_RAX] = 0xffffffff00000000ull; /* upper RAX is not EAX */
		e.gprs[REFLECT_RDX] = 1u << 8;                /* EDX bit 8 = RFBM bit 40 */
		CHECK(l1_wants_exit(v, &e, NULL));
		e.gprs[REFLECT_RDX] = 1u << 9;
		CHECK(!l1_wants_exit(v, &e, NULL));
	}
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, 0); /* XSAVES #UDs: no exit */
	e.gprs[REFLECT_RDX] = 1u << 8;
	CHECK(!l1_wants_exit(v, &e, NULL));

	/* VMFUNC: EPTP switching enabled (function 0). */
	v = setup(0, SECONDARY_EXEC_ENABLE_VMFUNC);
	vmcs12_write(v, VMCS_VM_FUNCTION_CONTROL, 1);
	e = exit_of(EXIT_REASON_VMFUNC, 0);
	e.gprs[REFLECT_RCX] = 5;
	CHECK(!l1_wants_exit(v, &e, NULL));     /* L0 performs the switch */
	e.gprs[REFLECT_RCX] = 512;
	CHECK(l1_wants_exit(v, &e, NULL));      /* index out of the list */
	e.gprs[REFLECT_RCX] = 0;
	e.gprs[REFLECT_RAX] = 1;
	CHECK(l1_wants_exit(v, &e, NULL));      /* function 1 not enabled */
	e.gprs[REFLECT_RAX] = 64;
	CHECK(l1_wants_exit(v, &e, NULL));
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, 0);
	CHECK(!l1_wants_exit(v, &e, NULL));     /* VMFUNC #UDs */

	/* EOI-induced: EOI-exit bitmap bit of the vector (qualification 7:0). */
	v = setup(0, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY);
	vmcs12_write(v, VMCS_EOI_EXIT_BITMAP1, 1ull << 6);  /* vector 70 */
	e = exit_of(EXIT_REASON_EOI_INDUCED, 70);
	CHECK(l1_wants_exit(v, &e, NULL));
	e.qualification = 71;
	CHECK(!l1_wants_exit(v, &e, NULL));
	e.qualification = 6;                                /* bit 6 of bitmap 0 */
	CHECK(!l1_wants_exit(v, &e, NULL));
	vmcs12_write(v, VMCS_EOI_EXIT_BITMAP3, 1ull << 63); /* vector 255 */
	e.qualification = 255;
	CHECK(l1_wants_exit(v, &e, NULL));
	vmcs12_write(v, VMCS_SECONDARY_VM_EXEC_CONTROL, 0);
	CHECK(!l1_wants_exit(v, &e, NULL));
}

TEST(pause_and_apic_write_or_rules)
{
	struct reflect_exit p = exit_of(EXIT_REASON_PAUSE_INSTRUCTION, 0);
	struct reflect_exit w = exit_of(EXIT_REASON_APIC_WRITE, 0x300);

	CHECK(!l1_wants_exit(setup(0, 0), &p, NULL));
	CHECK(l1_wants_exit(setup(CPU_BASED_PAUSE_EXITING, 0), &p, NULL));
	CHECK(l1_wants_exit(setup(0, SECONDARY_EXEC_PAUSE_LOOP_EXITING), &p, NULL));
	vmcs12_write(&vmcs, VMCS_CPU_BASED_VM_EXEC_CONTROL, 0); /* PLE not activated */
	CHECK(!l1_wants_exit(&vmcs, &p, NULL));

	CHECK(!l1_wants_exit(setup(0, 0), &w, NULL));
	CHECK(l1_wants_exit(setup(0, SECONDARY_EXEC_APIC_REGISTER_VIRT), &w, NULL));
	CHECK(l1_wants_exit(setup(0, SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY), &w, NULL));
	CHECK(!l1_wants_exit(setup(0, ~(SECONDARY_EXEC_APIC_REGISTER_VIRT |
					 SECONDARY_EXEC_VIRTUAL_INTR_DELIVERY)), &w, NULL));
}
