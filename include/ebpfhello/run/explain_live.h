/* SPDX-License-Identifier: MIT */
/*
 * --explain while it runs (cmd/core/run/explain_live.c): an "explain_stats"
 * record every interval (a stream: every EH_EXPLAIN_SECS) and at the end,
 * each about what happened since the one before, so that the reports of a
 * run add up to its totals: per program, its runs and mean ns per run and
 * the share of one CPU that makes (the kernel's run-time statistics; a
 * tail-call target, which the kernel does not count, by the command's own
 * count, or not at all); per map, the entries used of its maximum; for an
 * event buffer, the bytes waiting, records delivered and lost.
 */
#ifndef EBPFHELLO_EXPLAIN_LIVE_H
#define EBPFHELLO_EXPLAIN_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/types.h>

struct bpf_map;
struct eh_evbuf;
struct eh_explain;
struct eh_loop;

/* The maps' entries now (an interval's tick calls it before the maps are
 * read and drained; a report without it counts them itself). */
void eh_explain_measure(struct eh_explain *x);
void eh_explain_report(struct eh_explain *x, bool final);
/* a report from the loop's timer (eh_loop_cb; ctx is x) */
int eh_explain_tick(void *ctx);

/* a stream has no --interval: it reports this often */
#define EH_EXPLAIN_SECS	2.0

/* A stream: its event buffer's side of the reports (map NULL: none; trace's
 * lines were given to eh_explain_collect), and a report every
 * EH_EXPLAIN_SECS from loop.  0 or a negative errno (a message said it). */
int eh_explain_stream(struct eh_explain *x, struct eh_loop *loop, struct bpf_map *map,
		      struct eh_evbuf *buf, const __u64 *lost);

#endif
