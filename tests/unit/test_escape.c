// SPDX-License-Identifier: MIT
/*
 * JSON and terminal escaping.  Run plain, it checks exact escapes; run with
 * --emit, it writes NDJSON records full of hostile strings through the
 * output API, which the ctest wrapper parses with jq (tests/unit/jq_check.sh).
 */
#include <stdint.h>
#include <stdlib.h>

#include <ebpfhello/escape.h>
#include <ebpfhello/output.h>

#include "check.h"

static char *json_of(const char *s, size_t n)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	eh_json_string(f, s, n);
	fputc('\0', f);
	fclose(f);
	return buf;
}

static char *text_of(const char *s, size_t n)
{
	static char buf[4096];

	eh_text_escape(buf, sizeof(buf), s, n);
	return buf;
}

static void test_json(void)
{
	char b[2];
	int c;

	CHECK_STR(json_of("plain", 5), "\"plain\"");
	CHECK_STR(json_of("q\"b\\", 4), "\"q\\\"b\\\\\"");
	CHECK_STR(json_of("\n\r\t\b\f", 5), "\"\\n\\r\\t\\b\\f\"");
	CHECK_STR(json_of("\x01\x1f\x7f", 3), "\"\\u0001\\u001f\\u007f\"");
	CHECK_STR(json_of("a\0b", 3), "\"a\\u0000b\"");
	/* every C0 byte is escaped, never raw */
	for (c = 0; c < 0x20; c++) {
		const char *j;

		b[0] = (char)c;
		j = json_of(b, 1);
		CHECK(j[1] == '\\');
	}
	/* valid UTF-8 passes through */
	CHECK_STR(json_of("h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 12), "\"h\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* invalid: stray continuation, truncated, overlong, surrogate, > U+10FFFF */
	CHECK_STR(json_of("\x80", 1), "\"\\ufffd\"");
	CHECK_STR(json_of("\xc3", 1), "\"\\ufffd\"");
	CHECK_STR(json_of("\xc0\xaf", 2), "\"\\ufffd\\ufffd\"");
	CHECK_STR(json_of("\xe0\x80\xaf", 3), "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_STR(json_of("\xed\xa0\x80", 3), "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_STR(json_of("\xf4\x90\x80\x80", 4), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	CHECK_STR(json_of("\xff", 1), "\"\\ufffd\"");
	/* C1 controls and JS line separators are escaped */
	CHECK_STR(json_of("\xc2\x9b", 2), "\"\\u009b\"");
	CHECK_STR(json_of("\xe2\x80\xa8", 3), "\"\\u2028\"");
}

static void test_text(void)
{
	char small[8];

	CHECK_STR(text_of("bash", 4), "bash");
	CHECK_STR(text_of("a\nb\tc\\", 6), "a\\nb\\tc\\\\");
	CHECK_STR(text_of("\x1b[31mred", 8), "\\x1b[31mred");
	CHECK_STR(text_of("\x7f", 1), "\\x7f");
	CHECK_STR(text_of("\xc2\x9b" "2J", 4), "\\xc2\\x9b2J");
	CHECK_STR(text_of("\xff\xfe", 2), "\\xff\\xfe");
	CHECK_STR(text_of("caf\xc3\xa9", 5), "caf\xc3\xa9");
	/* truncation keeps whole escapes and always terminates */
	eh_text_escape(small, sizeof(small), "ab\x01\x02", 4);
	CHECK_STR(small, "ab\\x01");
	eh_text_escape(small, 1, "abc", 3);
	CHECK_STR(small, "");
}

/* every byte alone, every byte pair starting a multi-byte form, and more */
static void emit(void)
{
	char s[4];
	int a, b;

	out_init(stdout, true);
	for (a = 0; a < 256; a++) {
		s[0] = (char)a;
		out_begin("byte");
		out_u64("value", NULL, (uint64_t)a);
		out_strn("s", NULL, s, 1);
		out_end();
	}
	for (a = 0xc0; a < 256; a++) {
		for (b = 0; b < 256; b += 7) {
			s[0] = (char)a;
			s[1] = (char)b;
			s[2] = '"';
			out_begin("pair");
			out_strn("s", NULL, s, 3);
			out_end();
		}
	}
	out_begin("nested");
	out_str("k\"ey\n", NULL, "v");
	out_open_array("list");
	out_open_object(NULL);
	out_strn("comm", NULL, "\x1b]0;pwn\x07\xff", 8);
	out_close();
	out_u64(NULL, NULL, 7);
	out_close();
	out_f64("nan", NULL, 0.0 / 0.0);
	out_end();
	out_flush();
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--emit")) {
		emit();
		return 0;
	}
	test_json();
	test_text();
	return check_done("test_escape");
}
