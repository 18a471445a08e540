/* SPDX-License-Identifier: MIT */
/*
 * One output API for both modes (iproute2's print_*(PRINT_ANY, ...) idea):
 * each call names a JSON key and a text format, and the mode chosen at
 * start (--json) decides which is used.  Text goes to stdout as columns;
 * JSON is NDJSON, one object per line, "type" first, then "ts".  Strings are
 * escaped completely in both modes (escape.h).  Diagnostics never go
 * through here: they go to stderr.
 *
 * Text formats are checked by the compiler against the value's type: each
 * takes exactly one value (%llu, %lld, %f, %s with flags and width).
 * out_json_*() write a JSON member only; out_text() writes text only.
 *
 * Writes are checked: the first error is kept (out_error()), the event loop
 * stops on it, and eh_out_exit_check() (run at exit) reports it, exit 1.  A
 * reader that went away (EPIPE) is a quiet, clean end instead.  stdout's
 * bytes go through a write function of our own (stdout.c's fd_write), so a
 * write blocked on a stalled reader ends when the run must (eh_out_cut).
 */
#ifndef EBPFHELLO_OUTPUT_H
#define EBPFHELLO_OUTPUT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <ebpfhello/show/stdout.h>

/* f: stdout, a test's stream, or --output's (outfile.h: then every JSON
 * record carries its sequence number, "seq", and gaps are declared) */
void out_init(FILE *f, bool json, bool iso_time);
/* --quiet (after out_init): records are written nowhere, notes (the text
 * summary) still go to stderr, and a stdout closed at start is no error.
 * 0 or a negative errno. */
int out_discard(void);
bool out_is_json(void);

/* A record: type, and the wall-clock time (now, or wall_ns since 1970). */
void out_begin(const char *type);
void out_begin_at(const char *type, int64_t wall_ns);
/* A record that in text mode is a note on stderr, not data (the summary). */
void out_begin_note(const char *type);
void out_end(void);

static inline __attribute__((format(printf, 1, 2))) void out_fmt_check(const char *fmt, ...)
{
	(void)fmt;
}

/* s is escaped; in text, fmt has one %s (flags and width allowed). */
void out_strn_(const char *key, const char *fmt, const char *s, size_t n);
#define out_strn(key, fmt, s, n)					\
	do {								\
		if (0)							\
			out_fmt_check(fmt, "");				\
		out_strn_(key, fmt, s, n);				\
	} while (0)
static inline size_t out_len_(const char *s)
{
	return s ? __builtin_strlen(s) : 0;
}
#define out_str(key, fmt, s)	out_strn(key, fmt, s, out_len_(s))

void out_u64_(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define out_u64(key, fmt, v)	out_u64_(key, fmt, (unsigned long long)(v))
void out_s64_(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define out_s64(key, fmt, v)	out_s64_(key, fmt, (long long)(v))
/* JSON: %.6f (a non-finite value becomes null) */
void out_f64_(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define out_f64(key, fmt, v)	out_f64_(key, fmt, (double)(v))
/* text: "yes" or "no" through a %s format */
void out_bool_(const char *key, const char *fmt, bool v);
#define out_bool(key, fmt, v)						\
	do {								\
		if (0)							\
			out_fmt_check(fmt, "");				\
		out_bool_(key, fmt, v);					\
	} while (0)

/* JSON only */
void out_json_strn(const char *key, const char *s, size_t n);
void out_json_str(const char *key, const char *s);
/* "key": null -- a value that could not be read, or that is not there */
void out_json_null(const char *key);
/* members already written as JSON ("a":1,"b":"x"), appended as they are:
 * what a caller made once and repeats in many records */
void out_json_members(const char *members, size_t n);
void out_json_u64(const char *key, uint64_t v);
void out_json_s64(const char *key, int64_t v);
void out_json_f64(const char *key, double v);
void out_json_bool(const char *key, bool v);
/* a wall-clock time (ns since 1970) as --time says: seconds or RFC 3339 */
void out_json_time(const char *key, int64_t wall_ns);

/* text only: the time column, "HH:MM:SS.mmm" (local) or RFC 3339 (--time iso) */
void out_text_time(int64_t wall_ns);
/* how wide that column is */
int out_time_width(void);
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* text only: s escaped, left-aligned in width columns (0: as it is) */
void out_text_str(const char *s, int width);

/* nested JSON containers; key is NULL for array elements.  Text: nothing. */
void out_open_object(const char *key);
void out_open_array(const char *key);
void out_close(void);


#endif
