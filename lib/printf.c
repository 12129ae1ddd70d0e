// SPDX-License-Identifier: MIT
/* A small C99 printf core; see include/vireo/printf.h for what it covers. */
#include <vireo/printf.h>
#include <vireo/string.h>

enum {
	F_LEFT = 1,	/* '-' */
	F_ZERO = 2,	/* '0' */
	F_PLUS = 4,	/* '+' */
	F_SPACE = 8,	/* ' ' */
	F_ALT = 16,	/* '#' */
	F_UPPER = 32,
};

struct out {
	printf_sink sink;
	void *ctx;
	int count;
};

struct spec {
	unsigned flags;
	int width;
	int prec;	/* -1: none */
};

static void put(struct out *o, char c)
{
	o->sink(c, o->ctx);
	o->count++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void emit_str(struct out *o, const struct spec *sp, const char *s)
{
	int len;

	if (!s)
		s = "(null)";
	len = (int)strnlen(s, sp->prec >= 0 ? (size_t)sp->prec : (size_t)-1);
	if (!(sp->flags & F_LEFT))
		pad(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->flags & F_LEFT)
		pad(o, ' ', sp->width - len);
}

/* Format an unsigned magnitude with sign/prefix, precision and padding. */
static void emit_num(struct out *o, const struct spec *sp, unsigned long long v,
		     unsigned base, bool negative)
{
	const char *digits = (sp->flags & F_UPPER) ? "0123456789ABCDEF" :
						     "0123456789abcdef";
	char buf[24], prefix[3] = { 0 };
	int len = 0, plen = 0, zeros, total;

	for (; v; v /= base)
		buf[len++] = digits[v % base];
	if (negative)
		prefix[plen++] = '-';
	else if (sp->flags & F_PLUS)
		prefix[plen++] = '+';
	else if (sp->flags & F_SPACE)
		prefix[plen++] = ' ';
	if ((sp->flags & F_ALT) && base == 16 && len) {
		prefix[plen++] = '0';
		prefix[plen++] = (sp->flags & F_UPPER) ? 'X' : 'x';
	}
	zeros = sp->prec > len ? sp->prec - len : 0;
	if ((sp->flags & F_ALT) && base == 8 && !zeros &&
	    (len == 0 || buf[len - 1] != '0'))
		zeros = 1;
	if (sp->prec < 0 && len == 0)
		zeros = 1;	/* the value 0 with no precision prints "0" */
	if ((sp->flags & F_ZERO) && !(sp->flags & F_LEFT) && sp->prec < 0) {
		int room = sp->width - plen - len;

		if (room > zeros)
			zeros = room;
	}
	total = plen + zeros + len;
	if (!(sp->flags & F_LEFT))
		pad(o, ' ', sp->width - total);
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	pad(o, '0', zeros);
	while (len)
		put(o, buf[--len]);
	if (sp->flags & F_LEFT)
		pad(o, ' ', sp->width - total);
}

static const char *parse_flags(const char *f, struct spec *sp)
{
	for (;; f++) {
		switch (*f) {
		case '-': sp->flags |= F_LEFT; break;
		case '0': sp->flags |= F_ZERO; break;
		case '+': sp->flags |= F_PLUS; break;
		case ' ': sp->flags |= F_SPACE; break;
		case '#': sp->flags |= F_ALT; break;
		default: return f;
		}
	}
}

static const char *parse_int(const char *f, int *val, va_list *ap)
{
	if (*f == '*') {
		*val = va_arg(*ap, int);
		return f + 1;
	}
	*val = 0;
	while (*f >= '0' && *f <= '9')
		*val = *val * 10 + (*f++ - '0');
	return f;
}

/* Length modifier: returns the number of 'l's (z, t, j count as 2). */
static const char *parse_length(const char *f, int *longs, int *shorts)
{
	*longs = 0;
	*shorts = 0;
	for (;; f++) {
		if (*f == 'l')
			(*longs)++;
		else if (*f == 'h')
			(*shorts)++;
		else if (*f == 'z' || *f == 't' || *f == 'j')
			*longs = 2;
		else
			return f;
	}
}

static unsigned long long get_unsigned(va_list *ap, int longs, int shorts)
{
	if (longs >= 2)
		return va_arg(*ap, unsigned long long);
	if (longs == 1)
		return va_arg(*ap, unsigned long);
	if (shorts >= 2)
		return (unsigned char)va_arg(*ap, unsigned int);
	if (shorts == 1)
		return (unsigned short)va_arg(*ap, unsigned int);
	return va_arg(*ap, unsigned int);
}

static long long get_signed(va_list *ap, int longs, int shorts)
{
	if (longs >= 2)
		return va_arg(*ap, long long);
	if (longs == 1)
		return va_arg(*ap, long);
	if (shorts >= 2)
		return (signed char)va_arg(*ap, int);
	if (shorts == 1)
		return (short)va_arg(*ap, int);
	return va_arg(*ap, int);
}

static void emit_conversion(struct out *o, struct spec *sp, char conv,
			    int longs, int shorts, va_list *ap)
{
	long long s;
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		s = get_signed(ap, longs, shorts);
		emit_num(o, sp, s < 0 ? 0ULL - (unsigned long long)s :
					(unsigned long long)s, 10, s < 0);
		break;
	case 'u':
		emit_num(o, sp, get_unsigned(ap, longs, shorts), 10, false);
		break;
	case 'X':
		sp->flags |= F_UPPER;
		/* fall through */
	case 'x':
		emit_num(o, sp, get_unsigned(ap, longs, shorts), 16, false);
		break;
	case 'o':
		emit_num(o, sp, get_unsigned(ap, longs, shorts), 8, false);
		break;
	case 'p':
		sp->flags |= F_ALT;
		emit_num(o, sp, (uintptr_t)va_arg(*ap, void *), 16, false);
		break;
	case 'c':
		c = (char)va_arg(*ap, int);
		sp->prec = -1;
		if (!(sp->flags & F_LEFT))
			pad(o, ' ', sp->width - 1);
		put(o, c);
		if (sp->flags & F_LEFT)
			pad(o, ' ', sp->width - 1);
		break;
	case 's':
		emit_str(o, sp, va_arg(*ap, const char *));
		break;
	default:	/* "%%" and unknown conversions print themselves */
		put(o, conv);
		break;
	}
}

int vcbprintf(printf_sink sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = { sink, ctx, 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec sp = { 0, 0, -1 };
		int longs, shorts;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_flags(fmt + 1, &sp);
		fmt = parse_int(fmt, &sp.width, &args);
		if (sp.width < 0) {
			sp.flags |= F_LEFT;
			sp.width = -sp.width;
		}
		if (*fmt == '.') {
			fmt = parse_int(fmt + 1, &sp.prec, &args);
			if (sp.prec < 0)
				sp.prec = -1;
		}
		fmt = parse_length(fmt, &longs, &shorts);
		if (!*fmt)
			break;
		emit_conversion(&o, &sp, *fmt++, longs, shorts, &args);
	}
	va_end(args);
	return o.count;
}

struct buf_ctx {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_sink(char c, void *ctx)
{
	struct buf_ctx *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buf_ctx b = { buf, size, 0 };
	int n = vcbprintf(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
