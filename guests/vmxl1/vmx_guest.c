/* SPDX-License-Identifier: MIT */
#include "guests/vmxl1/vmx_guest.h"

#include "common/free/x86.h"

int vmread(uint64_t field, uint64_t *value)
{
	uint8_t cf, zf;
	uint64_t v = 0;

	asm volatile("vmread %3, %0; setc %1; setz %2"
		     : "+r"(v), "=r"(cf), "=r"(zf) : "r"(field) : "cc");
	*value = v;
	return cf ? VM_FAIL_INVALID : zf ? VM_FAIL_VALID : VM_SUCCEED;
}

int vmwrite(uint64_t field, uint64_t value)
{
	uint8_t cf, zf;

	asm volatile("vmwrite %2, %3; setc %0; setz %1"
		     : "=r"(cf), "=r"(zf) : "r"(value), "r"(field) : "cc");
	return cf ? VM_FAIL_INVALID : zf ? VM_FAIL_VALID : VM_SUCCEED;
}

uint64_t vmread_value(uint64_t field)
{
	uint64_t v = ~0ull;

	vmread(field, &v);
	return v;
}

uint64_t vmx_insn_error(void)
{
	return vmread_value(0x4400);        /* VM-instruction error (SDM B.3.2) */
}

uint32_t vmx_ctl_adjust(uint32_t cap_msr, uint32_t want)
{
	uint64_t cap = rdmsr(cap_msr);

	return (want | (uint32_t)cap) & (uint32_t)(cap >> 32);
}
