/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting engine, freestanding (see fmt.h for the contract).
 *
 * Everything goes through struct fmt_out, which counts what it emits, so
 * the C99 return value ("length that would have been written") falls out
 * of the engine and snprintf is only a put() that stops storing at size-1.
 * Integer layout follows C11 7.21.6.1p6/p8:
 *     [spaces] [sign or 0x] [zeros from precision or '0' flag] digits [spaces]
 */
#include "common/fmt.h"

#include <stdbool.h>
#include <stdint.h>

#define FMT_INT_MAX 0x7fffffff

enum fmt_flag {
	FMT_LEFT  = 1u << 0, /* '-' */
	FMT_ZERO  = 1u << 1, /* '0' */
	FMT_PLUS  = 1u << 2, /* '+' */
	FMT_SPACE = 1u << 3, /* ' ' */
	FMT_ALT   = 1u << 4, /* '#' */
};

enum fmt_len { FMT_LEN_NONE, FMT_LEN_HH, FMT_LEN_H, FMT_LEN_L, FMT_LEN_LL,
	       FMT_LEN_Z, FMT_LEN_J, FMT_LEN_T };

struct fmt_spec {
	unsigned flags;
	int width;     /* 0 = none */
	int prec;      /* -1 = none */
	enum fmt_len len;
};

struct fmt_out {
	fmt_put_fn put;
	void *ctx;
	size_t count;
};

static void out_char(struct fmt_out *o, char c)
{
	o->put(o->ctx, c);
	o->count++;
}

static void out_repeat(struct fmt_out *o, char c, size_t n)
{
	while (n--)
		out_char(o, c);
}

static void out_mem(struct fmt_out *o, const char *s, size_t n)
{
	while (n--)
		out_char(o, *s++);
}

/* Width padding around a body of body_len characters. */
static size_t pad_len(const struct fmt_spec *sp, size_t body_len)
{
	return (size_t)sp->width > body_len ? (size_t)sp->width - body_len : 0;
}

static void out_padded(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *s, size_t n)
{
	size_t pad = pad_len(sp, n);

	if (!(sp->flags & FMT_LEFT))
		out_repeat(o, ' ', pad);
	out_mem(o, s, n);
	if (sp->flags & FMT_LEFT)
		out_repeat(o, ' ', pad);
}

/* Saturating decimal parse for widths and precisions written in the format. */
static int parse_num(const char **pf)
{
	const char *f = *pf;
	int v = 0;

	while (*f >= '0' && *f <= '9') {
		int d = *f++ - '0';
		v = v > (FMT_INT_MAX - d) / 10 ? FMT_INT_MAX : v * 10 + d;
	}
	*pf = f;
	return v;
}

static intmax_t fetch_signed(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case FMT_LEN_HH: return (signed char)va_arg(*ap, int);
	case FMT_LEN_H:  return (short)va_arg(*ap, int);
	case FMT_LEN_L:  return va_arg(*ap, long);
	case FMT_LEN_LL: return va_arg(*ap, long long);
	case FMT_LEN_Z:  return (ptrdiff_t)va_arg(*ap, size_t); /* "signed size_t" */
	case FMT_LEN_J:  return va_arg(*ap, intmax_t);
	case FMT_LEN_T:  return va_arg(*ap, ptrdiff_t);
	case FMT_LEN_NONE: break;
	}
	return va_arg(*ap, int);
}

static uintmax_t fetch_unsigned(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case FMT_LEN_HH: return (unsigned char)va_arg(*ap, unsigned int);
	case FMT_LEN_H:  return (unsigned short)va_arg(*ap, unsigned int);
	case FMT_LEN_L:  return va_arg(*ap, unsigned long);
	case FMT_LEN_LL: return va_arg(*ap, unsigned long long);
	case FMT_LEN_Z:  return va_arg(*ap, size_t);
	case FMT_LEN_J:  return va_arg(*ap, uintmax_t);
	case FMT_LEN_T:  return (size_t)va_arg(*ap, ptrdiff_t);
	case FMT_LEN_NONE: break;
	}
	return va_arg(*ap, unsigned int);
}

/*
 * One integer conversion. conv is 'd', 'u', 'o', 'x', 'X' or 'p'; neg says
 * the value was negative (mag is then its magnitude).
 */
static void out_int(struct fmt_out *o, const struct fmt_spec *sp, char conv,
		    uintmax_t mag, bool neg)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	const char *digit = conv == 'X' ? upper : lower;
	unsigned base = conv == 'o' ? 8 : (conv == 'd' || conv == 'u') ? 10 : 16;
	char buf[24]; /* 22 octal digits cover 64 bits */
	char prefix[2];
	size_t nd = 0, np = 0, zeros = 0, body;
	bool nonzero = mag != 0;

	/* C11 7.21.6.1p8: precision 0 and value 0 give no digits. */
	if (mag != 0 || sp->prec != 0) {
		do {
			buf[sizeof(buf) - ++nd] = digit[mag % base];
			mag /= base;
		} while (mag);
	}
	if (sp->prec > 0 && (size_t)sp->prec > nd)
		zeros = (size_t)sp->prec - nd;

	if (conv == 'd') {
		if (neg)
			prefix[np++] = '-';
		else if (sp->flags & FMT_PLUS)
			prefix[np++] = '+';
		else if (sp->flags & FMT_SPACE)
			prefix[np++] = ' ';
	} else if (conv == 'p' || ((sp->flags & FMT_ALT) && base == 16 && nonzero)) {
		/* '#' adds 0x only for a nonzero value; %p always has it. */
		prefix[np++] = '0';
		prefix[np++] = conv == 'X' ? 'X' : 'x';
	} else if (conv == 'o' && (sp->flags & FMT_ALT) && zeros == 0 &&
		   (nonzero || nd == 0)) {
		/* '#' with o raises the precision so the first digit is 0. */
		zeros = 1;
	}

	/* '0' pads between prefix and digits; ignored with '-' or a precision. */
	body = np + zeros + nd;
	if ((sp->flags & (FMT_ZERO | FMT_LEFT)) == FMT_ZERO && sp->prec < 0) {
		zeros += pad_len(sp, body);
		body = np + zeros + nd;
	}
	if (!(sp->flags & FMT_LEFT))
		out_repeat(o, ' ', pad_len(sp, body));
	out_mem(o, prefix, np);
	out_repeat(o, '0', zeros);
	out_mem(o, buf + sizeof(buf) - nd, nd);
	if (sp->flags & FMT_LEFT)
		out_repeat(o, ' ', pad_len(sp, body));
}

static void out_string(struct fmt_out *o, const struct fmt_spec *sp,
		       const char *s)
{
	size_t n = 0;

	if (!s) {
		/* glibc prints nothing rather than a cut "(nu" when the
		 * precision is too small for the whole marker. */
		s = sp->prec < 0 || sp->prec >= 6 ? "(null)" : "";
	}
	while ((sp->prec < 0 || n < (size_t)sp->prec) && s[n])
		n++;
	out_padded(o, sp, s, n);
}

/* Parses flags, width, precision and length after a '%'; *pf ends on the
 * conversion character. '*' arguments are taken from ap. */
static void parse_spec(const char **pf, va_list *ap, struct fmt_spec *sp)
{
	const char *f = *pf;

	sp->flags = 0;
	for (;; f++) {
		if (*f == '-')
			sp->flags |= FMT_LEFT;
		else if (*f == '0')
			sp->flags |= FMT_ZERO;
		else if (*f == '+')
			sp->flags |= FMT_PLUS;
		else if (*f == ' ')
			sp->flags |= FMT_SPACE;
		else if (*f == '#')
			sp->flags |= FMT_ALT;
		else
			break;
	}

	if (*f == '*') {
		int w = va_arg(*ap, int);
		f++;
		if (w < 0) {
			/* C11 7.21.6.1p5: negative width is '-' flag + width. */
			sp->flags |= FMT_LEFT;
			w = w < -FMT_INT_MAX ? FMT_INT_MAX : -w;
		}
		sp->width = w;
	} else {
		sp->width = parse_num(&f);
	}

	sp->prec = -1;
	if (*f == '.') {
		f++;
		if (*f == '*') {
			int p = va_arg(*ap, int);
			f++;
			sp->prec = p < 0 ? -1 : p;
		} else {
			sp->prec = parse_num(&f);
		}
	}

	sp->len = FMT_LEN_NONE;
	switch (*f) {
	case 'h':
		f++;
		sp->len = FMT_LEN_H;
		if (*f == 'h') {
			f++;
			sp->len = FMT_LEN_HH;
		}
		break;
	case 'l':
		f++;
		sp->len = FMT_LEN_L;
		if (*f == 'l') {
			f++;
			sp->len = FMT_LEN_LL;
		}
		break;
	case 'z': f++; sp->len = FMT_LEN_Z; break;
	case 'j': f++; sp->len = FMT_LEN_J; break;
	case 't': f++; sp->len = FMT_LEN_T; break;
	default: break;
	}
	*pf = f;
}

/* Returns false for a conversion this engine does not know. */
static bool convert(struct fmt_out *o, const struct fmt_spec *sp, char conv,
		    va_list *ap)
{
	intmax_t sv;
	char c;
	void *p;

	switch (conv) {
	case 'd':
	case 'i':
		sv = fetch_signed(ap, sp->len);
		/* Magnitude in unsigned arithmetic: -INTMAX_MIN overflows. */
		out_int(o, sp, 'd', sv < 0 ? (uintmax_t)0 - (uintmax_t)sv : (uintmax_t)sv,
			sv < 0);
		return true;
	case 'u':
	case 'o':
	case 'x':
	case 'X':
		out_int(o, sp, conv, fetch_unsigned(ap, sp->len), false);
		return true;
	case 'c':
		if (sp->len != FMT_LEN_NONE)
			return false; /* %lc (wint_t) is not supported */
		c = (char)va_arg(*ap, int);
		out_padded(o, sp, &c, 1);
		return true;
	case 's':
		if (sp->len != FMT_LEN_NONE)
			return false; /* %ls is not supported */
		out_string(o, sp, va_arg(*ap, const char *));
		return true;
	case 'p':
		if (sp->len != FMT_LEN_NONE)
			return false;
		p = va_arg(*ap, void *);
		if (p)
			out_int(o, sp, 'p', (uintptr_t)p, false);
		else
			out_padded(o, sp, "(nil)", 5);
		return true;
	case '%':
		out_char(o, '%');
		return true;
	default:
		return false;
	}
}

int fmt_vcallback(fmt_put_fn put, void *ctx, const char *fmt, va_list ap)
{
	struct fmt_out o = { put, ctx, 0 };
	const char *f = fmt;
	va_list aq;

	/* A local copy so helpers can take its address (va_list is an
	 * array type on x86-64, so &ap would not be a va_list *). */
	va_copy(aq, ap);
	while (*f) {
		struct fmt_spec sp;
		const char *start = f;

		if (*f != '%') {
			out_char(&o, *f++);
			continue;
		}
		f++;
		parse_spec(&f, &aq, &sp);
		if (*f == '\0') {
			/* Dangling conversion at the end: print it as text. */
			out_mem(&o, start, (size_t)(f - start));
			break;
		}
		if (!convert(&o, &sp, *f, &aq))
			out_mem(&o, start, (size_t)(f - start) + 1);
		f++;
	}
	va_end(aq);
	return o.count > FMT_INT_MAX ? -1 : (int)o.count;
}

int fmt_callback(fmt_put_fn put, void *ctx, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vcallback(put, ctx, fmt, ap);
	va_end(ap);
	return n;
}

struct fmt_sn {
	char *buf;
	size_t size;
	size_t pos;
};

static void fmt_sn_put(void *ctx, char c)
{
	struct fmt_sn *s = ctx;

	if (s->pos + 1 < s->size)
		s->buf[s->pos] = c;
	s->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_sn s = { buf, size, 0 };
	int n = fmt_vcallback(fmt_sn_put, &s, fmt, ap);

	if (size)
		buf[s.pos < size ? s.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
