/* SPDX-License-Identifier: MIT */
/*
 * What the libFuzzer harnesses of tests/fuzz share: the entry point, a check
 * that aborts (so libFuzzer keeps the input), and oracles written apart from
 * the code under test: a UTF-8 validator after the Unicode standard's table
 * 3-7, a strict JSON parser, and what a terminal must never see.
 */
#ifndef EBPFHELLO_FUZZ_H
#define EBPFHELLO_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* a property that does not hold: says which, then abort() (a crash to libFuzzer) */
#define FUZZ_CHECK(cond)							\
	do {								\
		if (!(cond))						\
			fuzz_failed(__FILE__, __LINE__, #cond);		\
	} while (0)
void fuzz_failed(const char *file, int line, const char *what) __attribute__((noreturn));

/* length of the well-formed UTF-8 sequence at s (n bytes there), 0 if none */
size_t fuzz_utf8_len(const unsigned char *s, size_t n);
/* the code point of a well-formed sequence of len bytes */
uint32_t fuzz_code_point(const unsigned char *s, size_t len);
/* cp in UTF-8 into b (4 bytes room); returns its length */
size_t fuzz_utf8_encode(uint32_t cp, unsigned char *b);
/* the bidirectional controls and line separators no terminal may get raw */
bool fuzz_is_invisible(uint32_t cp);

/*
 * Whether s[0..n) is exactly one JSON string (strict: no raw control byte,
 * valid UTF-8, only the escapes JSON has, surrogates paired).  Its decoded
 * UTF-8 goes to out (capacity cap; *out_len set), when out is not NULL.
 */
bool fuzz_json_string(const char *s, size_t n, char *out, size_t cap, size_t *out_len);
/* whether s[0..n) is exactly one JSON value, optionally followed by "\n" */
bool fuzz_json_value(const char *s, size_t n);

/*
 * Whether s[0..n) is safe on a terminal: valid UTF-8, no C0 byte but '\n'
 * (and '\t' when tabs is true), no DEL, no C1, no bidi control or line
 * separator.
 */
bool fuzz_text_safe(const char *s, size_t n, bool tabs);
/* valid UTF-8 with no DEL, C1 or bidi/invisible control (C0 not looked at) */
bool fuzz_utf8_visible(const char *s, size_t n);

#endif
