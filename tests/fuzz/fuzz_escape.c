// SPDX-License-Identifier: MIT
/*
 * The escapers (cmd/core/base/escape.c), on any bytes:
 *
 * eh_json_string: the output is one strict JSON string with nothing raw
 *   that a reader of the JSON could trip on (C0, DEL, C1, bidi controls,
 *   U+2028/9), and it decodes to the input, each byte that is not part of
 *   well-formed UTF-8 becoming U+FFFD.
 * eh_text_escape: the output is safe on a terminal (valid UTF-8, no C0,
 *   DEL, C1 or bidi control), its length is what is returned and fits the
 *   capacity, it unescapes to the input when the capacity was enough and to
 *   a prefix of it otherwise; it changes nothing exactly when
 *   eh_text_is_plain() says so and there is no backslash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/escape.h>

#include "fuzz.h"

/* what the input decodes to in JSON: ill-formed bytes as U+FFFD, one each */
static size_t expected_json(const unsigned char *s, size_t n, char *out)
{
	size_t i = 0, o = 0, len;

	while (i < n) {
		len = fuzz_utf8_len(s + i, n - i);
		if (len) {
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		}
	}
	return o;
}

static void check_json(const uint8_t *data, size_t size)
{
	char *out = NULL, *dec = malloc(size * 3 + 1), *want = malloc(size * 3 + 1);
	size_t out_len = 0, dec_len = 0, want_len;
	FILE *f = open_memstream(&out, &out_len);

	FUZZ_CHECK(f && dec && want);
	eh_json_string(f, (const char *)data, size);
	FUZZ_CHECK(fclose(f) == 0);
	/* no raw byte a JSON reader or a terminal could trip on outside the escapes */
	FUZZ_CHECK(fuzz_utf8_visible(out, out_len));
	FUZZ_CHECK(fuzz_json_string(out, out_len, dec, size * 3 + 1, &dec_len));
	want_len = expected_json(data, size, want);
	FUZZ_CHECK(dec_len == want_len && memcmp(dec, want, dec_len) == 0);
	free(out);
	free(dec);
	free(want);
}

/* undoes eh_text_escape: \\ \n \r \t \xNN \uXXXX; -1 on anything else */
static long unescape(const char *s, size_t n, unsigned char *out)
{
	size_t i = 0, o = 0;
	unsigned int v;
	char hex[5];

	while (i < n) {
		if (s[i] != '\\') {
			out[o++] = (unsigned char)s[i++];
			continue;
		}
		if (i + 1 >= n)
			return -1;
		switch (s[i + 1]) {
		case '\\': out[o++] = '\\'; i += 2; continue;
		case 'n': out[o++] = '\n'; i += 2; continue;
		case 'r': out[o++] = '\r'; i += 2; continue;
		case 't': out[o++] = '\t'; i += 2; continue;
		case 'x':
			if (i + 4 > n)
				return -1;
			memcpy(hex, s + i + 2, 2);
			hex[2] = '\0';
			if (sscanf(hex, "%2x", &v) != 1)
				return -1;
			out[o++] = (unsigned char)v;
			i += 4;
			continue;
		case 'u':
			if (i + 6 > n)
				return -1;
			memcpy(hex, s + i + 2, 4);
			hex[4] = '\0';
			if (sscanf(hex, "%4x", &v) != 1 || !fuzz_is_invisible(v))
				return -1;
			o += fuzz_utf8_encode(v, out + o);
			i += 6;
			continue;
		}
		return -1;
	}
	return (long)o;
}

static void check_text(const uint8_t *data, size_t size, size_t cap)
{
	size_t full_cap = size * 6 + 1, len;
	char *out = malloc(cap), *full = malloc(full_cap);
	unsigned char *back = malloc(size * 4 + 4);
	long back_len;

	FUZZ_CHECK(out && full && back);
	/* enough room: the whole input, round trip */
	len = eh_text_escape(full, full_cap, (const char *)data, size);
	FUZZ_CHECK(len < full_cap && full[len] == '\0' && strlen(full) == len);
	FUZZ_CHECK(fuzz_text_safe(full, len, false) && !memchr(full, '\n', len));
	back_len = unescape(full, len, back);
	FUZZ_CHECK(back_len == (long)size && memcmp(back, data, size) == 0);
	FUZZ_CHECK((len == size && memcmp(full, data, size) == 0) ==
		   (eh_text_is_plain((const char *)data, size) && !memchr(data, '\\', size)));

	/* little room: a prefix of the whole, cut between characters */
	len = eh_text_escape(out, cap, (const char *)data, size);
	FUZZ_CHECK(len < cap && out[len] == '\0' && strlen(out) == len);
	FUZZ_CHECK(memcmp(out, full, len) == 0);
	back_len = unescape(out, len, back);
	FUZZ_CHECK(back_len >= 0 && memcmp(back, data, (size_t)back_len) == 0);
	free(out);
	free(full);
	free(back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t cap;

	if (size < 1)
		return 0;
	/* the first byte: the text capacity (1 to 256) */
	cap = (size_t)data[0] + 1;
	check_json(data + 1, size - 1);
	check_text(data + 1, size - 1, cap);
	return 0;
}
