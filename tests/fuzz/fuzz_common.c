// SPDX-License-Identifier: MIT
/* Oracles for the harnesses; see fuzz.h.  Nothing here calls the code under test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sanitizer/common_interface_defs.h>

#include "fuzz.h"

void fuzz_failed(const char *file, int line, const char *what)
{
	char msg[512];

	/* through the sanitizer's report: stderr may be closed (-close_fd_mask) */
	snprintf(msg, sizeof(msg), "property does not hold: %s:%d: %s", file, line, what);
	__sanitizer_report_error_summary(msg);
	abort();
}

/* Unicode 15, table 3-7: the well-formed byte sequences */
size_t fuzz_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] <= 0x7f)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (n < len || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return len;
}

uint32_t fuzz_code_point(const unsigned char *s, size_t len)
{
	uint32_t cp = len == 1 ? s[0] : s[0] & (0x7f >> len);
	size_t i;

	for (i = 1; i < len; i++)
		cp = cp << 6 | (s[i] & 0x3f);
	return cp;
}

bool fuzz_is_invisible(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

bool fuzz_text_safe(const char *str, size_t n, bool tabs)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < 0x20 && s[i] != '\n' && !(tabs && s[i] == '\t'))
			return false;
	return fuzz_utf8_visible(str, n);
}

bool fuzz_utf8_visible(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	while (i < n) {
		if (s[i] == 0x7f)
			return false;
		len = fuzz_utf8_len(s + i, n - i);
		if (!len)
			return false;
		if (len == 2 && fuzz_code_point(s + i, 2) < 0xa0)
			return false;		/* C1 */
		if (fuzz_is_invisible(fuzz_code_point(s + i, len)))
			return false;
		i += len;
	}
	return true;
}

/* ---- a strict JSON parser ----------------------------------------------------- */

struct cur {
	const char *p, *end;
	int depth;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool hex4(struct cur *c, uint32_t *v)
{
	int i, h;

	if (c->end - c->p < 4)
		return false;
	for (*v = 0, i = 0; i < 4; i++) {
		h = hexval(c->p[i]);
		if (h < 0)
			return false;
		*v = *v << 4 | (uint32_t)h;
	}
	c->p += 4;
	return true;
}

static bool put(char *out, size_t cap, size_t *o, const void *b, size_t n)
{
	if (out) {
		if (*o + n > cap)
			return false;
		memcpy(out + *o, b, n);
	}
	*o += n;
	return true;
}

size_t fuzz_utf8_encode(uint32_t cp, unsigned char *b)
{
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (unsigned char)(0xf0 | cp >> 18);
	b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

static bool string_at(struct cur *c, char *out, size_t cap, size_t *o)
{
	unsigned char b[4];
	uint32_t cp, lo;
	size_t len;

	if (c->p >= c->end || *c->p != '"')
		return false;
	c->p++;
	while (c->p < c->end) {
		unsigned char ch = (unsigned char)*c->p;

		if (ch == '"') {
			c->p++;
			return true;
		}
		if (ch < 0x20)
			return false;
		if (ch != '\\') {
			len = fuzz_utf8_len((const unsigned char *)c->p, (size_t)(c->end - c->p));
			if (!len || !put(out, cap, o, c->p, len))
				return false;
			c->p += len;
			continue;
		}
		if (++c->p >= c->end)
			return false;
		ch = (unsigned char)*c->p++;
		switch (ch) {
		case '"': case '\\': case '/':
			b[0] = ch;
			break;
		case 'b': b[0] = '\b'; break;
		case 'f': b[0] = '\f'; break;
		case 'n': b[0] = '\n'; break;
		case 'r': b[0] = '\r'; break;
		case 't': b[0] = '\t'; break;
		case 'u':
			if (!hex4(c, &cp))
				return false;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return false;		/* a lone low surrogate */
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (c->end - c->p < 6 || c->p[0] != '\\' || c->p[1] != 'u')
					return false;
				c->p += 2;
				if (!hex4(c, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return false;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			}
			if (!put(out, cap, o, b, fuzz_utf8_encode(cp, b)))
				return false;
			continue;
		default:
			return false;
		}
		if (!put(out, cap, o, b, 1))
			return false;
	}
	return false;
}

static void spaces(struct cur *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
		c->p++;
}

static bool digits(struct cur *c)
{
	const char *s = c->p;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9')
		c->p++;
	return c->p > s;
}

static bool number(struct cur *c)
{
	if (c->p < c->end && *c->p == '-')
		c->p++;
	if (c->p < c->end && *c->p == '0')
		c->p++;
	else if (!digits(c))
		return false;
	if (c->p < c->end && *c->p == '.') {
		c->p++;
		if (!digits(c))
			return false;
	}
	if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
		c->p++;
		if (c->p < c->end && (*c->p == '+' || *c->p == '-'))
			c->p++;
		if (!digits(c))
			return false;
	}
	return true;
}

static bool word(struct cur *c, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n))
		return false;
	c->p += n;
	return true;
}

static bool value(struct cur *c);

static bool members(struct cur *c, char close, bool keys)
{
	size_t o = 0;

	c->p++;
	spaces(c);
	if (c->p < c->end && *c->p == close) {
		c->p++;
		return true;
	}
	for (;;) {
		spaces(c);
		if (keys) {
			if (!string_at(c, NULL, 0, &o))
				return false;
			spaces(c);
			if (c->p >= c->end || *c->p++ != ':')
				return false;
		}
		if (!value(c))
			return false;
		spaces(c);
		if (c->p >= c->end)
			return false;
		if (*c->p == close) {
			c->p++;
			return true;
		}
		if (*c->p++ != ',')
			return false;
	}
}

static bool value(struct cur *c)
{
	size_t o = 0;
	bool ok;

	spaces(c);
	if (c->p >= c->end || ++c->depth > 64)
		return false;
	switch (*c->p) {
	case '{':
		ok = members(c, '}', true);
		break;
	case '[':
		ok = members(c, ']', false);
		break;
	case '"':
		ok = string_at(c, NULL, 0, &o);
		break;
	case 't':
		ok = word(c, "true");
		break;
	case 'f':
		ok = word(c, "false");
		break;
	case 'n':
		ok = word(c, "null");
		break;
	default:
		ok = number(c);
	}
	c->depth--;
	return ok;
}

bool fuzz_json_string(const char *s, size_t n, char *out, size_t cap, size_t *out_len)
{
	struct cur c = { s, s + n, 0 };
	size_t o = 0;

	if (!string_at(&c, out, cap, &o) || c.p != c.end)
		return false;
	if (out_len)
		*out_len = o;
	return true;
}

bool fuzz_json_value(const char *s, size_t n)
{
	struct cur c = { s, s + n, 0 };

	if (n && s[n - 1] == '\n')
		c.end--;
	return value(&c) && c.p == c.end;
}
