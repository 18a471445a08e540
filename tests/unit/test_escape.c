// SPDX-License-Identifier: MIT
/*
 * JSON and terminal escaping.  Run plain, it checks exact escapes; run with
 * --emit, it writes NDJSON records full of hostile strings through the
 * output API, which the ctest wrapper parses with jq (tests/unit/jq_check.sh).
 */
#include <stdint.h>
#include <stdlib.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/show/output.h>

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

static char *name_of(const char *s)
{
	static char buf[4096];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	eh_json_name(f, s);
	fputc('\0', f);
	fclose(f);
	return buf;
}

/* keys: plain names as they are, anything else exactly as eh_json_string */
static void test_names(void)
{
	static const char *const names[] = { "exec_id", "ts", "A9_z", "", "a b", "a\"b", "x\n",
					     "caf\xc3\xa9", "bad\xff", "\xe2\x80\xae" };
	char want[4096];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(want, sizeof(want), "%s", json_of(names[i], strlen(names[i])));
		CHECK_STR(name_of(names[i]), want);
	}
	CHECK_STR(name_of("exec_id"), "\"exec_id\"");
	CHECK_STR(name_of("a\"b"), "\"a\\\"b\"");
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

static void test_plain(void)
{
	CHECK(eh_text_is_plain("Hello World!", 12));
	CHECK(eh_text_is_plain("caf\xc3\xa9 \xe2\x82\xac", 9));
	CHECK(!eh_text_is_plain("a\tb", 3));
	CHECK(!eh_text_is_plain("\x7f", 1));
	CHECK(!eh_text_is_plain("\xc2\x9b", 2));		/* C1 CSI */
	CHECK(!eh_text_is_plain("\xe2\x80\xae", 3));	/* U+202E RLO */
	CHECK(!eh_text_is_plain("\xe2\x81\xa6", 3));	/* U+2066 LRI */
	CHECK(!eh_text_is_plain("\xd8\x9c", 2));		/* U+061C ALM */
	CHECK(!eh_text_is_plain("\xff", 1));
	/* bidi controls are escaped for the terminal, and in JSON */
	CHECK_STR(text_of("txt\xe2\x80\xae" "exe", 9), "txt\\u202e" "exe");
	CHECK_STR(text_of("\xd8\x9c", 2), "\\u061c");
	CHECK_STR(json_of("\xe2\x80\xae", 3), "\"\\u202e\"");
}

/* text formats: width, left alignment, precision, escaping */
static void test_text_formats(void)
{
	static char buf[256];
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	out_init(f, false, false);
	out_begin("x");
	out_str("a", "[%-6s]", "ab");
	out_str("b", "[%6s]", "ab");
	out_str("c", "[%.2s]", "abcd");
	out_bool("d", "[%.0s...]", true);
	out_str("e", "[%s]", "\x1b[1m");
	out_u64("f", "[%5llu]", 42);
	out_end();
	fputc('\0', f);
	fclose(f);
	CHECK_STR(buf, "[ab    ][    ab][ab][...][\\x1b[1m][   42]\n");
}

/* every byte alone, every byte pair starting a multi-byte form, and more */
static void emit(void)
{
	char s[4];
	int a, b;

	out_init(stdout, true, false);
	for (a = 0; a < 256; a++) {
		s[0] = (char)a;
		out_begin("byte");
		out_json_u64("value", (uint64_t)a);
		out_json_strn("s", s, 1);
		out_end();
	}
	for (a = 0xc0; a < 256; a++) {
		for (b = 0; b < 256; b += 7) {
			s[0] = (char)a;
			s[1] = (char)b;
			s[2] = '"';
			out_begin("pair");
			out_json_strn("s", s, 3);
			out_end();
		}
	}
	out_begin("nested");
	out_json_str("k\"ey\n", "v");
	out_open_array("list");
	out_open_object(NULL);
	out_json_strn("comm", "\x1b]0;pwn\x07\xff", 8);
	out_close();
	out_json_u64(NULL, 7);
	out_close();
	out_json_f64("nan", 0.0 / 0.0);
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
	test_names();
	test_text();
	test_plain();
	test_text_formats();
	return check_done("test_escape");
}
