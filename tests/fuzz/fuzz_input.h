/* SPDX-License-Identifier: MIT */
/* Reading typed values out of a libFuzzer input, shared by the fuzzers:
 * bytes run out gracefully (zeros), so every input is a valid script. */
#ifndef NESTLAB_FUZZ_INPUT_H
#define NESTLAB_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

/* The next `bytes` bytes, big-endian; missing bytes read as zero. */
static inline uint64_t take(struct fuzz_input *in, unsigned int bytes)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < bytes; i++) {
		v <<= 8;
		if (in->size) {
			v |= *in->data++;
			in->size--;
		}
	}
	return v;
}

#endif
