/* SPDX-License-Identifier: MIT */
/*
 * Prometheus export for a run (docs/prometheus.md): the options, and what
 * the runner (run.c) calls.  Two ways out, together if wanted:
 *
 *   --listen [ADDR:]PORT        GET /metrics, built when asked (httpd.h), so
 *                               every scrape reads the maps afresh
 *   --prometheus-textfile PATH  the same text, rewritten every interval (and
 *                               at the end) for node_exporter's textfile
 *                               collector: a temporary file in the same
 *                               directory, fsync, rename; never half-written
 *
 * plus --max-series N (series of their own per family; metrics.h) and
 * --quiet (nothing on stdout, for daemons).  A command takes part by
 * including eh_metrics_argp (eh_metrics_stream_argp for a stream: it has
 * no keyed counters, so no --max-series) among its argp children and, for series of
 * its own, setting eh_run.metrics; the runner writes ebpfhello_info and, for
 * streams, ebpfhello_events_total and ebpfhello_events_lost_total.
 */
#ifndef EBPFHELLO_EXPORT_H
#define EBPFHELLO_EXPORT_H

#include <argp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <ebpfhello/bpf_config.h>
#include <ebpfhello/metrics.h>

struct eh_run;
struct eh_sampler;

#define EH_MAX_SERIES_DEFAULT	1000
#define EH_MAX_SERIES_LIMIT	100000
/* streams have no interval: their textfile is rewritten this often */
#define EH_TEXTFILE_STREAM_SECS	2.0

struct eh_export_opts {
	bool listen;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	const char *textfile;
	uint64_t max_series;
	bool quiet;
};

extern struct eh_export_opts eh_export_opts;
/* the options: counting commands (count-uid, count-syscall) and streams
 * (events, tail: the same without --max-series) */
extern const struct argp eh_metrics_argp;
extern const struct argp eh_metrics_stream_argp;

/* Before attaching: binds --listen, checks that --prometheus-textfile can be
 * written.  0, or a negative errno once the one line saying why is out. */
int eh_export_open(struct eh_run *r);
/* Attached, before the loop: scrapes are served from now on; the textfile is
 * written once (and, for streams, every EH_TEXTFILE_STREAM_SECS). */
int eh_export_start(struct eh_run *r, bool stream);
/* Rewrites the textfile (if any): after every interval, and at the end. */
int eh_export_write(struct eh_run *r);
/* the meta record's "listen" and "textfile"; the summary's "scrapes" */
void eh_export_meta(void);
void eh_export_summary(void);
void eh_export_close(void);

/* ---- a counting command's counter (cmd/core/counter.c) ------------------------------- */

/* what its keys are, and so its labels */
enum eh_series_key {
	EH_SERIES_SYSCALL,	/* syscall="openat" (the id where the table has no name),
				 * abi="i386" for another ABI's calls */
	EH_SERIES_UID,		/* uid="1000", and user="liz" if asked */
	EH_SERIES_PID,		/* pid="4242", comm="bash" (its name when first seen) */
	EH_SERIES_COMM,		/* comm="bash" */
};

struct eh_counter {
	struct eh_family family;
	struct eh_counts reading;		/* the map, read for a scrape */
	enum eh_series_key key;
	bool user;				/* uid keys: a user label too */
	void (*pid_comm)(uint32_t pid, char comm[EH_COMM_LEN]);	/* pid keys */
	/* syscall keys: their syscall and abi labels (an abi only where it is
	 * not the native one); false counts the key in the other series */
	bool (*syscall_labels)(uint64_t key, char v[2][EH_LABEL_MAX]);
};

/*
 * Sets the counter up for a sampler's map (once its key, user and
 * pid_comm are set): keys the sampler takes out of the map keep what they
 * counted (metrics.h), and --max-series applies.
 */
void eh_export_counter(struct eh_counter *c, struct eh_sampler *s, const char *name,
		       const char *help);
/* Writes it from a fresh reading of the sampler's map (the sampler itself
 * is left alone), with ebpfhello_folded_keys and ebpfhello_dropped_total. */
int eh_export_counts(struct eh_prom *p, struct eh_counter *c, const struct eh_sampler *s,
		     uint64_t dropped);
void eh_export_counter_free(struct eh_counter *c);

#endif
