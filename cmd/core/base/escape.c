// SPDX-License-Identifier: MIT
/* Escaping for JSON and terminals; see include/ebpfhello/base/escape.h. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/base/escape.h>

static int is_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

size_t eh_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (c < 0x80)
		return 1;
	if (c < 0xc2)		/* stray continuation, or overlong 2-byte form */
		return 0;
	if (c < 0xe0)
		return n >= 2 && is_cont(s[1]) ? 2 : 0;
	if (c < 0xf0) {
		if (n < 3 || !is_cont(s[1]) || !is_cont(s[2]))
			return 0;
		if (c == 0xe0 && s[1] < 0xa0)	/* overlong */
			return 0;
		if (c == 0xed && s[1] >= 0xa0)	/* UTF-16 surrogates */
			return 0;
		return 3;
	}
	if (c < 0xf5) {
		if (n < 4 || !is_cont(s[1]) || !is_cont(s[2]) || !is_cont(s[3]))
			return 0;
		if (c == 0xf0 && s[1] < 0x90)	/* overlong */
			return 0;
		if (c == 0xf4 && s[1] >= 0x90)	/* above U+10FFFF */
			return 0;
		return 4;
	}
	return 0;
}

/* U+0080..U+009F are encoded as C2 80..C2 9F: terminal controls (CSI...). */
static int is_c1(const unsigned char *s, size_t len)
{
	return len == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

/* the code point of a valid sequence of len bytes */
static uint32_t code_point(const unsigned char *s, size_t len)
{
	switch (len) {
	case 1:
		return s[0];
	case 2:
		return (uint32_t)(s[0] & 0x1f) << 6 | (s[1] & 0x3f);
	case 3:
		return (uint32_t)(s[0] & 0x0f) << 12 | (uint32_t)(s[1] & 0x3f) << 6 | (s[2] & 0x3f);
	default:
		return (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3f) << 12 |
		       (uint32_t)(s[2] & 0x3f) << 6 | (s[3] & 0x3f);
	}
}

/*
 * Characters that change how the rest of a line is shown without showing
 * themselves: the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E-U+200F, U+202A-U+202E, U+2066-U+2069), and the line and
 * paragraph separators.  A file name holding U+202E can make a terminal
 * show "exe.txt" for "txt.exe".
 */
static bool is_invisible_control(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	       (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

bool eh_text_is_plain(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	while (i < n) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return false;
		len = eh_utf8_len(s + i, n - i);
		if (!len || is_c1(s + i, len) || is_invisible_control(code_point(s + i, len)))
			return false;
		i += len;
	}
	return true;
}

void eh_json_string(FILE *f, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, len;

	putc_unlocked('"', f);
	while (i < n) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			putc_unlocked(c, f);
			i++;
			continue;
		}
		switch (c) {
		case '"':  fputs_unlocked("\\\"", f); i++; continue;
		case '\\': fputs_unlocked("\\\\", f); i++; continue;
		case '\n': fputs_unlocked("\\n", f); i++; continue;
		case '\r': fputs_unlocked("\\r", f); i++; continue;
		case '\t': fputs_unlocked("\\t", f); i++; continue;
		case '\b': fputs_unlocked("\\b", f); i++; continue;
		case '\f': fputs_unlocked("\\f", f); i++; continue;
		}
		if (c < 0x80) {		/* other C0 controls and DEL */
			fprintf(f, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
			i++;
			continue;
		}
		len = eh_utf8_len(s + i, n - i);
		if (len == 0) {
			fputs_unlocked("\\ufffd", f);
			i++;
		} else if (is_c1(s + i, len)) {
			fprintf(f, "\\u00%c%c", hex[s[i + 1] >> 4], hex[s[i + 1] & 15]);
			i += len;
		} else if (is_invisible_control(code_point(s + i, len))) {
			/* line separators end lines in JavaScript; bidi controls
			 * reorder what a reader of the raw JSON sees */
			fprintf(f, "\\u%04x", (unsigned int)code_point(s + i, len));
			i += len;
		} else {
			fwrite_unlocked(s + i, 1, len, f);
			i += len;
		}
	}
	putc_unlocked('"', f);
}

size_t eh_text_escape(char *dst, size_t cap, const char *str, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, o = 0, len, k;
	char tmp[16];

	while (i < n) {
		unsigned char c = s[i];
		size_t tl = 0;

		if (c >= 0x20 && c < 0x7f && c != '\\') {
			tmp[tl++] = (char)c;
			len = 1;
		} else if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
			tmp[tl++] = '\\';
			tmp[tl++] = c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
			len = 1;
		} else {
			len = c < 0x80 ? 0 : eh_utf8_len(s + i, n - i);
			if (len && is_invisible_control(code_point(s + i, len))) {
				tl = (size_t)snprintf(tmp, sizeof(tmp), "\\u%04x",
						      (unsigned int)code_point(s + i, len));
			} else if (len && !is_c1(s + i, len)) {
				memcpy(tmp, s + i, len);
				tl = len;
			} else {
				/* controls, DEL, C1, invalid bytes: \xNN each */
				if (!len)
					len = 1;
				for (k = 0; k < len; k++) {
					tmp[tl++] = '\\';
					tmp[tl++] = 'x';
					tmp[tl++] = hex[s[i + k] >> 4];
					tmp[tl++] = hex[s[i + k] & 15];
				}
			}
		}
		if (o + tl + 1 > cap)
			break;
		memcpy(dst + o, tmp, tl);
		o += tl;
		i += len;
	}
	if (cap)
		dst[o < cap ? o : cap - 1] = '\0';
	return o;
}

/*
 * fmt is "<prefix>%[-][width][.precision]s<suffix>" (the compiler checked
 * that it takes one string): printed by hand, so that no format string is
 * made at run time.  Width and precision count bytes, as printf does.
 */
void eh_text_one_string(FILE *f, const char *fmt, const char *s)
{
	const char *pct = fmt, *conv;
	size_t width = 0, prec = (size_t)-1, len = strlen(s);
	bool left = false;

	while ((pct = strchr(pct, '%')) && pct[1] == '%')
		pct += 2;
	if (!pct) {
		fputs_unlocked(fmt, f);
		return;
	}
	fwrite_unlocked(fmt, 1, (size_t)(pct - fmt), f);
	for (conv = pct + 1; *conv == '-'; conv++)
		left = true;
	for (; *conv >= '0' && *conv <= '9'; conv++)
		width = width * 10 + (size_t)(*conv - '0');
	if (*conv == '.')
		for (prec = 0, conv++; *conv >= '0' && *conv <= '9'; conv++)
			prec = prec * 10 + (size_t)(*conv - '0');
	if (len > prec)
		len = prec;
	if (!left)
		for (; width > len; width--)
			putc_unlocked(' ', f);
	fwrite_unlocked(s, 1, len, f);
	for (; left && width > len; width--)
		putc_unlocked(' ', f);
	fputs_unlocked(*conv == 's' ? conv + 1 : conv, f);
}

void eh_json_name(FILE *f, const char *name)
{
	size_t n = 0;

	while ((name[n] >= 'a' && name[n] <= 'z') || (name[n] >= 'A' && name[n] <= 'Z') ||
	       (name[n] >= '0' && name[n] <= '9') || name[n] == '_')
		n++;
	if (name[n]) {			/* not a plain name: escaped */
		eh_json_string(f, name, strlen(name));
		return;
	}
	putc_unlocked('"', f);
	fwrite_unlocked(name, 1, n, f);
	putc_unlocked('"', f);
}
