/* SPDX-License-Identifier: MIT */
/*
 * Escaping of strings that any user controls (process names, paths, trace
 * lines) before they reach JSON or a terminal.
 */
#ifndef EBPFHELLO_ESCAPE_H
#define EBPFHELLO_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * Length of the valid UTF-8 sequence starting at s (n bytes available),
 * or 0 when s[0] does not start one (overlong forms, surrogates and code
 * points above U+10FFFF are invalid).
 */
size_t eh_utf8_len(const unsigned char *s, size_t n);

/*
 * Writes s[0..n) to f as a quoted JSON string.  Every byte below 0x20, DEL,
 * the C1 controls U+0080..U+009F, U+2028/U+2029 and the bidirectional
 * controls are written as \uXXXX escapes; each byte that is not part of
 * valid UTF-8 becomes U+FFFD.  The result is valid JSON whatever s holds,
 * and decodes to s wherever s was valid UTF-8.
 */
void eh_json_string(FILE *f, const char *s, size_t n);

/*
 * A JSON key: the same result as eh_json_string, written as it is when it
 * is a plain name (letters, digits, '_': every key the commands use), with
 * no pass over it for escapes.
 */
void eh_json_name(FILE *f, const char *name);

/*
 * Copies s[0..n) into dst (capacity cap >= 1, always NUL terminated) so that
 * it is safe on a terminal: \n \r \t \\ as two characters, other control
 * bytes, DEL, C1 controls and invalid UTF-8 as \xNN; bidirectional
 * controls and U+2028/U+2029 as \uXXXX.  Truncates on a whole character
 * boundary when dst is too small.  Returns strlen(dst).
 */
size_t eh_text_escape(char *dst, size_t cap, const char *s, size_t n);

/* Whether s[0..n) is valid UTF-8 that eh_text_escape() leaves unchanged
 * apart from backslashes: no control byte, C1 or bidirectional control. */
bool eh_text_is_plain(const char *s, size_t n);

/*
 * fmt is "<prefix>%[-][width][.precision]s<suffix>" (one string; the
 * output API's compiler check made sure): s printed into it by hand, so
 * that no format string is made at run time.  Width and precision count
 * bytes, as printf does.
 */
void eh_text_one_string(FILE *f, const char *fmt, const char *s);

#endif
