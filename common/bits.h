/* SPDX-License-Identifier: MIT */
/*
 * Bit helpers shared by every part, freestanding and hosted. Guarded with
 * #ifndef so a kernel header that already provides them (with the same
 * meaning) wins.
 */
#ifndef NESTLAB_COMMON_BITS_H
#define NESTLAB_COMMON_BITS_H

#include <stdint.h>

#ifndef BIT
#define BIT(n) (1u << (n))
#endif
#ifndef BIT_ULL
#define BIT_ULL(n) (1ull << (n))
#endif
/* Bits h..l inclusive, 0 <= l <= h <= 63. */
#ifndef GENMASK_ULL
#define GENMASK_ULL(h, l) ((~0ull >> (63 - (h))) & (~0ull << (l)))
#endif
#ifndef GENMASK
#define GENMASK(h, l) ((uint32_t)GENMASK_ULL(h, l))
#endif

#endif
