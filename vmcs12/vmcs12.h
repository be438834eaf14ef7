/* SPDX-License-Identifier: MIT */
/*
 * struct vmcs12: L1's VMCS as L0 keeps it in memory. Layout (frozen, one
 * 4 KiB page at most; a page saved by one build is read by the next):
 *
 *   0x000  revision identifier (bit 31: shadow-VMCS indicator, SDM 25.2)
 *   0x004  VMX-abort indicator (SDM 25.2, 28.7)
 *   0x008  launch state (SDM 25.1: "clear" or "launched")
 *   0x00c  reserved, 0
 *   0x010  the fields of VMCS_FIELDS in list order, naturally aligned, each
 *          at the offset its list entry states (asserted below)
 *
 * Natural-width fields are stored as 64 bits (the processor supports
 * Intel 64 architecture, SDM 25.11.2).
 */
#ifndef NESTLAB_VMCS12_VMCS12_H
#define NESTLAB_VMCS12_VMCS12_H

#include <stddef.h>
#include <stdint.h>

#include "common/x86_arch.h"
#include "vmcs12/vmcs_fields.h"

#define VMCS12_SIZE 4096u

enum vmcs12_launch_state {
	VMCS12_LAUNCH_STATE_CLEAR = 0,
	VMCS12_LAUNCH_STATE_LAUNCHED = 1,
};

typedef uint16_t vmcs12_width_16_t;
typedef uint64_t vmcs12_width_64_t;
typedef uint32_t vmcs12_width_32_t;
typedef uint64_t vmcs12_width_NAT_t;

struct vmcs12 {
	uint32_t revision_id;
	uint32_t abort;
	uint32_t launch_state;
	uint32_t reserved;
#define X(name, enc, w, t, feat, sh, off) vmcs12_width_##w##_t name;
	VMCS_FIELDS(X)
#undef X
};

_Static_assert(offsetof(struct vmcs12, revision_id) == 0, "frozen layout");
_Static_assert(offsetof(struct vmcs12, abort) == 4, "frozen layout");
_Static_assert(offsetof(struct vmcs12, launch_state) == 8, "frozen layout");
_Static_assert(offsetof(struct vmcs12, reserved) == 12, "frozen layout");
#define X(name, enc, w, t, feat, sh, off)                                     \
	_Static_assert(offsetof(struct vmcs12, name) == (off),                  \
		       "vmcs12 offset of " #name " moved: the layout is frozen");
VMCS_FIELDS(X)
#undef X
_Static_assert(sizeof(struct vmcs12) <= VMCS12_SIZE, "vmcs12 must fit a 4 KiB page");

/*
 * Raw accessors for a field the caller knows is valid: no error checking,
 * the write truncates to the field's width, the read zero-extends. With a
 * constant field both compile to one load/store (the switch folds).
 */
static inline __attribute__((always_inline)) uint64_t
vmcs12_read(const struct vmcs12 *v, enum vmcs_field f)
{
	switch (f) {
#define X(name, enc, w, t, feat, sh, off) case VMCS_##name: return v->name;
	VMCS_FIELDS(X)
#undef X
	}
	return 0;
}

static inline __attribute__((always_inline)) void
vmcs12_write(struct vmcs12 *v, enum vmcs_field f, uint64_t val)
{
	switch (f) {
#define X(name, enc, w, t, feat, sh, off)                                     \
	case VMCS_##name:                                                       \
		v->name = (vmcs12_width_##w##_t)val;                            \
		return;
	VMCS_FIELDS(X)
#undef X
	}
}

/* Zero the whole vmcs12 and stamp the revision identifier (VMCLEAR-fresh:
 * launch state "clear", abort indicator 0). */
void vmcs12_init(struct vmcs12 *v, uint32_t revision_id);

#endif
