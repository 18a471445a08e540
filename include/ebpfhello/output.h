/* SPDX-License-Identifier: MIT */
/*
 * One output API for both modes, called once per field: the key is used in
 * JSON mode, the printf format in text mode (NULL: JSON only).  So a record
 * is written by one piece of code whatever the mode, like iproute2's
 * print_uint(PRINT_ANY, key, fmt, value).
 *
 *   out_begin("event");
 *   out_u64("pid", "%-7llu ", e->pid);
 *   out_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
 *   out_end();
 *
 * JSON mode writes NDJSON: one object per line, "type" first.  Strings are
 * escaped completely in both modes (see escape.h).  Diagnostics never go
 * through here: they go to stderr.
 */
#ifndef EBPFHELLO_OUTPUT_H
#define EBPFHELLO_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void out_init(FILE *f, bool json);
bool out_is_json(void);

void out_begin(const char *type);
void out_end(void);

void out_str(const char *key, const char *fmt, const char *s);
/* s holds at most n bytes and need not be NUL terminated */
void out_strn(const char *key, const char *fmt, const char *s, size_t n);
/* text formats take the value as unsigned long long / long long */
void out_u64(const char *key, const char *fmt, uint64_t v);
void out_s64(const char *key, const char *fmt, int64_t v);
/* JSON: printed with %.6f (non-finite values become null) */
void out_f64(const char *key, const char *fmt, double v);
void out_bool(const char *key, const char *fmt, bool v);
/* a decimal number already checked by the caller (e.g. a trace timestamp),
 * printed as-is so no precision is lost; the text format takes "%.*s" */
void out_number_text(const char *key, const char *fmt, const char *digits, size_t n);

/* wall-clock time in ns since the epoch: JSON seconds (microseconds),
 * text "HH:MM:SS.mmm " in local time */
void out_walltime(const char *key, int64_t wall_ns);

/* nested JSON containers; key is NULL for array elements.  Text: nothing. */
void out_open_object(const char *key);
void out_open_array(const char *key);
void out_close(void);

/* text mode only (headers, separators); ignored in JSON mode */
void out_text(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Flushes stdout.  Returns 0, -EPIPE when the reader went away (a quiet,
 * clean end: SIGPIPE is ignored), or another negative errno.
 */
int out_flush(void);

#endif
