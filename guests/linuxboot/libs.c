/* SPDX-License-Identifier: MIT */
/* The two pieces of l1hv's loader this guest shares, compiled in here:
 * guests do not link them otherwise (Makefile GUEST_LIB_SRCS). */
#include "common/bzimage.c"
#include "l1hv/boot/module_disk.c"
