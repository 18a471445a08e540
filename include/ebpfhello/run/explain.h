/* SPDX-License-Identifier: MIT */
/*
 * --explain (cmd/core/run/explain.c): the eBPF machinery behind a command's
 * output, as the kernel reports it, with what each thing is in the book.
 * This module holds what was collected and writes; explain_start.c and
 * explain_live.c say it.
 * The runner (run.c) calls, in this order:
 *
 *   eh_explain_new()      before attaching: run-time statistics on
 *                         (BPF_ENABLE_STATS, held by a file descriptor,
 *                         so they go off when the process ends, however)
 *   eh_explain_collect()  once attached: the programs loaded, their links,
 *                         the maps (load/inspect.h)
 *   eh_explain_start()    after the meta record: one "explain" record
 *                         (explain_start.h)
 *   eh_explain_measure(), eh_explain_report()
 *                         each interval and at the end (explain_live.h)
 *   eh_explain_free()     statistics off again
 *
 * Text goes to stderr (a note, as the summary is: --quiet keeps it), JSON
 * into the stream.  Without --explain none of this runs.
 */
#ifndef EBPFHELLO_EXPLAIN_H
#define EBPFHELLO_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/types.h>

#include <ebpfhello/load/attach.h>
#include <ebpfhello/load/inspect.h>
#include <ebpfhello/show/output.h>

struct bpf_map;
struct bpf_program;
struct eh_book;
struct eh_evbuf;
struct eh_session;

#define EH_EXPLAIN_MAX_PROGS	24
#define EH_EXPLAIN_MAX_MAPS	24

/* How often a program the kernel does not count ran (a tail-call target:
 * the kernel counts only the program a hook runs), by the command's own
 * count: 0, or -ENOENT when it has none. */
typedef int (*eh_own_runs_fn)(const char *prog, uint64_t *runs);

struct eh_explain_prog {
	const char *name;
	const char *section;
	const char *book;		/* its meaning in the book, or NULL */
	int fd;
	struct eh_prog_facts f;
	bool attached;			/* a link of ours runs it */
	bool tail_target;		/* loaded, never attached: reached by tail call */
	uint64_t cnt, ns;		/* at the last report */
};

struct eh_explain_map {
	const char *name;
	const char *book;
	bool key_is_syscall;
	int fd;
	struct eh_map_facts f;
	bool used;			/* by a program, or through a map of maps */
	bool has_entries;		/* entries is a count made now */
	int64_t entries;
};

struct eh_explain {
	int stats_fd;			/* BPF_ENABLE_STATS; -errno when refused */
	int sysctl;			/* kernel.bpf_stats_enabled at start (or -errno) */
	const struct eh_session *s;
	const struct eh_book *book;
	struct eh_explain_prog progs[EH_EXPLAIN_MAX_PROGS];
	int nr_progs;
	struct eh_explain_map maps[EH_EXPLAIN_MAX_MAPS];
	int nr_maps;
	struct eh_link_facts links[EH_MAX_LINKS];
	int nr_links;
	int perf_links;			/* attached through a bare perf event */
	/* an event buffer, or trace_pipe's lines */
	struct bpf_map *buffer_map;
	struct eh_evbuf *buf;
	const __u64 *lost;
	const uint64_t *lines;
	uint64_t delivered_last, lost_last, lines_last;
	eh_own_runs_fn own_runs;
	double started, last;		/* eh_now(): collected, last reported */
	uint64_t reports;
};

/* Into *x; -ENOMEM only (said); statistics the kernel refused are said in
 * the start block, and the reports leave run times out.  The calls below
 * that take x do nothing when it is NULL (no --explain). */
int eh_explain_new(struct eh_explain **x);
/* Once attached: s's programs, links and maps; book says what they are,
 * own_runs counts tail-call targets (ctx: the same), lines (trace) are the
 * trace_pipe lines shown.  0 or a negative errno (a message said it). */
int eh_explain_collect(struct eh_explain *x, const struct eh_session *s,
		       const struct eh_book *book, eh_own_runs_fn own_runs,
		       const uint64_t *lines);

void eh_explain_free(struct eh_explain *x);

/* the name of a program or a map of the run, by id; NULL if none */
const char *eh_explain_prog_name(const struct eh_explain *x, uint32_t id);
const char *eh_explain_map_name(const struct eh_explain *x, uint32_t id);

/* For explain_start.c and the others: a record begun as --explain writes it, and ended;
 * text lines on stderr folded at 80 columns. */
void eh_explain_begin(struct eh_explain *x, const char *type);
void eh_explain_end(struct eh_explain *x);
void eh_explain_line(void);
/* A list being written into buf[len] (o used so far): ", name" after the
 * first; full, it is left as it is.  Returns the new o. */
size_t eh_explain_list(char *buf, size_t len, size_t o, const char *name);

/* text mode only: s through fmt, escaped (JSON: nothing) */
#define eh_explain_str(fmt, s)						\
	do {								\
		if (!out_is_json())					\
			out_str(NULL, fmt, s);				\
	} while (0)
/* JSON: key: text (key NULL: nothing).  Text: label, then text folded under
 * it at 80 columns. */
void eh_explain_folded(const char *key, const char *label, const char *text);

#endif
