/* SPDX-License-Identifier: MIT */
/*
 * Parser for trace_pipe lines (pure; unit tested).  Both layouts seen in the
 * wild are accepted, with or without the tgid column and the flags field:
 *
 *   <...>-1234  [001] .... 90432.904952: 0: bpf_trace_printk: Hello World!
 *   bash-75709  [001] d...1 403757.806359: bpf_trace_printk: Hello World!
 *   bash-75709  (  75709) [001] d..2. 403757.806359: bpf_trace_printk: Hi
 */
#ifndef EBPFHELLO_TRACELINE_H
#define EBPFHELLO_TRACELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct eh_trace_line {
	const char *task;	/* points into the line; not NUL terminated */
	size_t task_len;
	long pid;
	long tgid;		/* -1 when the line has no tgid column */
	int cpu;
	const char *flags;	/* "" when absent */
	size_t flags_len;
	const char *ts;		/* "403757.806359" */
	size_t ts_len;
	const char *event;	/* "bpf_trace_printk" (or another event's name) */
	size_t event_len;
	const char *msg;	/* the text after "<event>: " */
	size_t msg_len;
};

/* Returns true and fills *out when line[0..len) (no '\n') is a trace line. */
bool eh_trace_line_parse(const char *line, size_t len, struct eh_trace_line *out);
/* A parsed ts ("403757.806359", seconds as printed) in nanoseconds */
int64_t eh_trace_ts_ns(const char *ts, size_t n);

#endif
