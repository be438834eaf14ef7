/* SPDX-License-Identifier: MIT */
/* The C memory/string primitives GCC may emit calls to in freestanding code. */
#include <stddef.h>
#include <stdint.h>

/*
 * Eight bytes per iteration, then the tail: a string instruction costs one
 * step per iteration (on Bochs, one RDTSC tick each), and these run on the
 * exit paths (e.g. the exit record handed to exit-reflect/).
 */
void *memcpy(void *dst, const void *src, size_t n)
{
	void *ret = dst;
	size_t q = n / 8, r = n % 8;

	asm volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(q) :: "memory");
	asm volatile("rep movsb" : "+D"(dst), "+S"(src), "+c"(r) :: "memory");
	return ret;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	void *ret = dst;
	size_t q = n / 8, r = n % 8;
	uint64_t pattern = (uint8_t)c * 0x0101010101010101ull;

	asm volatile("rep stosq" : "+D"(dst), "+c"(q) : "a"(pattern) : "memory");
	asm volatile("rep stosb" : "+D"(dst), "+c"(r) : "a"(pattern) : "memory");
	return ret;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b || !*a)
			return (unsigned char)*a - (unsigned char)*b;
	}
	return 0;
}
