/* SPDX-License-Identifier: MIT */
/*
 * How a subcommand runs, from start to exit status (cmd/core/run/run.c), so
 * that each command keeps only what is its own:
 *
 *   output mode -> privilege check -> [before_attach] -> attach (session.h)
 *   -> [attached] -> "meta" record -> [header] -> the loop -> what is left
 *   -> "summary" record -> detach -> exit status
 *
 * Two kinds of run share that lifecycle:
 *   intervals  (count-uid, count-syscall): every --interval a sample of the
 *              sampler's map goes to show(); the last one is marked final.
 *   streams    (events, tail: an event buffer; trace: a file descriptor):
 *              each record is shown as it comes; --count counts records.
 * Both stop on --count, --duration, SIGINT, SIGTERM, SIGHUP, a closed pipe
 * or an output error.
 */
#ifndef EBPFHELLO_RUN_H
#define EBPFHELLO_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include <ebpfhello/load/session.h>
#include <ebpfhello/run/evbuf.h>
#include <ebpfhello/run/explain.h>
#include <ebpfhello/run/loop.h>
#include <ebpfhello/run/maps.h>

/* JSON schema version of every record (docs/schema.json) */
#define EH_SCHEMA_VERSION	2

struct bpf_map;
struct eh_prom;

struct eh_run {
	/* --- the command's parts (all optional but s) --- */
	struct eh_session *s;
	/* after the privilege check, before attaching (trace: trace_pipe) */
	int (*before_attach)(struct eh_run *r);
	/* attached: find maps, fill in the sources below */
	int (*attached)(struct eh_run *r);
	/* the command's own fields of the meta and summary records */
	void (*meta)(struct eh_run *r);
	void (*summary)(struct eh_run *r);
	/* text mode: the column header, printed once after meta */
	void (*header)(struct eh_run *r);
	/* the meta and summary records say what one count stands for: "counts",
	 * eh_session_counts() (count-uid, trace) */
	bool say_counts;
	/* --listen, --prometheus-textfile (export.h): the command's own metrics,
	 * read afresh; 0 or a negative errno */
	int (*metrics)(struct eh_run *r, struct eh_prom *p);

	/* --- intervals --- */
	struct eh_sampler *sampler;
	void (*show)(struct eh_run *r, const struct eh_counts *c, bool final);
	uint64_t intervals;		/* shown so far, the final one included */
	bool final_shown;

	/* --- streams: an event buffer ... --- */
	struct bpf_map *buffer;
	const __u64 *lost;		/* &skel->bss->eh_lost */
	/* shows one record: EH_RUN_SHOWN, 0 (skipped) or a negative errno */
	int (*on_record)(struct eh_run *r, const void *data, size_t size);
	struct eh_stream stream;
	/* --- ... or a file descriptor --- */
	int fd;
	int (*on_readable)(struct eh_run *r);	/* an enum eh_stop, 0 or -errno */
	uint64_t records;		/* shown so far */

	/* --explain: how often a program ran that the kernel does not count
	 * (a tail-call target), by the command's own count: 0 or -ENOENT */
	eh_own_runs_fn own_runs;

	/* --- kept by the runner --- */
	struct eh_explain *explain;	/* --explain (run/explain.h); NULL without */
	struct eh_loop loop;
	bool error_said;		/* what stopped the loop is reported already */
	int64_t realtime_offset_ns;	/* bpf_ktime_get_ns() + this = wall clock */
};

#define EH_RUN_SHOWN	1

/* Each returns the exit status. */
int eh_run_intervals(struct eh_run *r);
int eh_run_stream(struct eh_run *r);

/* A stream's record was shown: counts it; EH_STOP_COUNT once --count is reached. */
int eh_run_shown(struct eh_run *r);

/* In summaries: "n thing(s)" in text, "key": n in JSON. */
void eh_summary_count(const char *key, uint64_t n, const char *one, const char *many);

#endif
