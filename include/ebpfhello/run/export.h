/* SPDX-License-Identifier: MIT */
/*
 * Prometheus export for a run (docs/prometheus.md): the options, and what
 * the runner (run.c) calls.  Two ways out, together if wanted:
 *
 *   --listen [ADDR:]PORT        GET /metrics, built when asked (httpd.h), so
 *                               every scrape reads the maps afresh; with
 *                               --listen-allow CIDR,... only for those peers
 *   --prometheus-textfile PATH  the same text, rewritten every interval (and
 *                               at the end) for node_exporter's textfile
 *                               collector: a temporary file in the same
 *                               directory, fsync, rename; never half-written
 *
 * plus --max-series N (series of their own per family; metrics.h) and
 * --quiet (nothing on stdout, for daemons).  A command takes part by
 * including eh_metrics_argp (eh_metrics_stream_argp for a stream: it has
 * no keyed counters, so no --max-series) among its argp children and, for series of
 * its own, setting eh_run.metrics; the runner (run.c) hands this module the
 * function that fills each exposition: ebpfhello_info, for streams
 * ebpfhello_events_total and ebpfhello_events_lost_total, and the command's.
 */
#ifndef EBPFHELLO_EXPORT_H
#define EBPFHELLO_EXPORT_H

#include <argp.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/show/metrics.h>

struct eh_loop;
struct eh_prom;

#define EH_MAX_SERIES_DEFAULT	1000
#define EH_MAX_SERIES_LIMIT	100000
/* streams have no interval: their textfile is rewritten this often */
#define EH_TEXTFILE_STREAM_SECS	2.0

struct eh_cidr_list;

struct eh_export_opts {
	bool listen;
	struct sockaddr_storage addr;
	socklen_t addr_len;
	const struct eh_cidr_list *allow;	/* --listen-allow; NULL: anyone */
	const char *textfile;
	uint64_t max_series;
	bool quiet;
};

extern struct eh_export_opts eh_export_opts;
/* the options: counting commands (count-uid, count-syscall) and streams
 * (events, tail: the same without --max-series) */
extern const struct argp eh_metrics_argp;
extern const struct argp eh_metrics_stream_argp;

/* What the metrics come from: build() fills an exposition afresh (for each
 * scrape, each textfile write), 0 or a negative errno; failed(), if set, is
 * told when a textfile write failed (its one line is out already). */
struct eh_export_source {
	int (*build)(void *ctx, struct eh_prom *p);
	void (*failed)(void *ctx);
	void *ctx;
};

/* Before attaching: binds --listen, checks that --prometheus-textfile can be
 * written.  0, or a negative errno once the one line saying why is out. */
int eh_export_open(const struct eh_export_source *src);
/* Attached, before the loop: scrapes are served from now on; the textfile is
 * written once (and, for streams, every EH_TEXTFILE_STREAM_SECS). */
int eh_export_start(struct eh_loop *loop, bool stream);
/* Rewrites the textfile (if any): after every interval, and at the end. */
int eh_export_write(void);
/* the meta record's "listen" and "textfile"; the summary's "scrapes" */
void eh_export_meta(void);
void eh_export_summary(void);
void eh_export_close(void);

#endif
