/* SPDX-License-Identifier: MIT */
/*
 * Random VMREAD/VMWRITE sequences over a vmcs12: no crash or UB, and a
 * model of every field (full width) agrees with what VMREAD returns.
 * Input: records of 1 op byte, 4 encoding bytes, 8 value bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vmcs12/vmcs12_access.h"
#include "vmcs12/vmx_caps.h"
#include "tests/unit/vmx_caps_fixture.h"

static uint64_t width_mask(const struct vmcs_field_info *fi)
{
	unsigned b = vmcs_width_bytes((enum vmcs_width)fi->width);

	return b == 8 ? ~0ull : (1ull << (8 * b)) - 1;
}


int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vmcs12 v;
	static uint64_t model[VMCS_NR_FIELDS];

	vmcs12_init(&v, 0x2b);
	memset(model, 0, sizeof(model));
	while (size >= 13) {
		uint8_t op = data[0];
		uint32_t raw;
		uint64_t value, got = 0, enc;
		const struct vmcs_field_info *fi;
		int err;

		memcpy(&raw, data + 1, 4);
		memcpy(&value, data + 5, 8);
		data += 13;
		size -= 13;
		/* Half the time pick a real field (and maybe its HIGH half). */
		if (op & 1)
			raw = vmcs_field_table[raw % VMCS_NR_FIELDS].encoding | ((raw >> 16) & 1);
		enc = (op & 2) ? ((uint64_t)value << 32 | raw) : raw; /* sometimes bits 63:32 */
		fi = (enc >> 32) ? NULL : vmcs_field_lookup((uint32_t)enc);
		if (op & 4) {
			err = vmcs12_vmread(&v, caps_all(0), enc, &got);
			if (!fi) {
				if (err != VMXERR_UNSUPPORTED_VMCS_COMPONENT || got != 0)
					abort();
				continue;
			}
			uint64_t want = model[fi - vmcs_field_table];
			if (err || got != (vmcs_enc_is_high((uint32_t)enc) ? want >> 32 : want))
				abort();
		} else {
			uint64_t misc = (op & 8) ? VMX_MISC_VMWRITE_ANY_FIELD : 0;

			err = vmcs12_vmwrite(&v, caps_all(misc), enc, value);
			if (!fi) {
				if (err != VMXERR_UNSUPPORTED_VMCS_COMPONENT)
					abort();
				continue;
			}
			if (fi->type == VMCS_TYPE_RO && !misc) {
				if (err != VMXERR_VMWRITE_READ_ONLY_VMCS_COMPONENT)
					abort();
				continue;
			}
			if (err)
				abort();
			uint64_t *m = &model[fi - vmcs_field_table];
			if (vmcs_enc_is_high((uint32_t)enc))
				*m = (*m & 0xffffffffull) | ((uint64_t)(uint32_t)value << 32);
			else
				*m = value & width_mask(fi);
		}
		/* The raw accessor sees the same value. */
		if (fi && vmcs12_get(&v, fi) != model[fi - vmcs_field_table])
			abort();
	}
	if (v.revision_id != 0x2b || v.launch_state != 0 || v.abort != 0)
		abort();
	return 0;
}
