/* SPDX-License-Identifier: MIT */
/*
 * Little-endian loads and stores of n (1-8) bytes at any alignment: what
 * the parsers of images, firmware tables and instruction bytes read, and
 * what device models write. Byte order by arithmetic, so the same on any
 * host; bounds are the caller's. Freestanding and hosted.
 */
#ifndef NESTLAB_COMMON_LE_BYTES_H
#define NESTLAB_COMMON_LE_BYTES_H

#include <stdint.h>

static inline uint64_t le_load(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static inline uint16_t le16(const uint8_t *p) { return (uint16_t)le_load(p, 2); }
static inline uint32_t le32(const uint8_t *p) { return (uint32_t)le_load(p, 4); }
static inline uint64_t le64(const uint8_t *p) { return le_load(p, 8); }

static inline void le_store(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#endif
