/* SPDX-License-Identifier: MIT */
/*
 * Options every subcommand spells the same way, as argp children a
 * subcommand includes when they apply to it:
 *
 *   eh_output_argp    --json --time --verbose (and -h/--help, --usage, -V/--version)
 *   eh_filter_argp    --pid --uid --comm          (applied in the kernel)
 *   eh_interval_argp  --interval --count(intervals) --duration
 *   eh_stream_argp    --count(records) --duration
 *   eh_attach_argp    --attach                    (the modes the command offers)
 *   eh_buffer_argp    --buffer --buffer-size
 *   eh_explain_argp   --explain                   (every command that loads programs)
 *   eh_calls_argp     --calls                     (count-uid, trace: what is seen)
 *
 * and the sets a kind of command takes whole (cmd/core/run/option_sets.c):
 *
 *   eh_counting_children   interval, attach, filter, explain, output and the
 *                          Prometheus export (export.h): count-uid, count-syscall
 *   eh_streaming_children  buffer, filter, stream, explain, output, the event
 *                          log (--output, cli/output_file.h) and the stream's
 *                          export: events (in eh_streaming_argp), tail
 *
 * Parsed values land in the one global eh_opts.  Every bad value is a
 * one-line error naming it (escaped, shortened) and exit status 2, before
 * anything is loaded; so are argp's own complaints (unknown options,
 * missing values).
 */
#ifndef EBPFHELLO_OPTS_H
#define EBPFHELLO_OPTS_H

#include <argp.h>
#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/base/bpf_config.h>
#include <ebpfhello/cli/args.h>
#include <ebpfhello/show/messages.h>

/* --interval's default, in seconds: count-uid and count-syscall */
#define EH_INTERVAL_DEFAULT	2.0

struct eh_cmd;
struct eh_mode;
struct eh_syscall;

enum eh_buffer {
	EH_BUFFER_AUTO = 0,
	EH_BUFFER_RINGBUF,
	EH_BUFFER_PERF,
};

struct eh_opts {
	const struct eh_cmd *cmd;	/* the subcommand running */
	bool json;
	bool iso_time;			/* --time iso */
	bool has_pid, has_uid, has_comm;
	uint32_t pid, uid;
	char comm[EH_COMM_LEN];
	/* --cgroup, --unit, --container: a cgroup (v2), open, its id and path */
	bool has_cgroup;
	int cgroup_fd;
	uint64_t cgroup_id;
	char cgroup[4096];
	const char *unit;		/* --unit as given */
	char container[256];		/* --container: the full id it named */
	double interval;		/* seconds (EH_INTERVAL_DEFAULT unless given) */
	uint64_t count;			/* intervals or records; 0: no limit */
	double duration;		/* seconds; 0: no limit */
	const struct eh_mode *attach;	/* NULL: auto */
	bool calls;			/* --calls: syscall entry only (session.h) */
	enum eh_buffer buffer;
	uint64_t buffer_kb;		/* 0: the subcommand's default */
	bool explain;			/* --explain (run/explain.h) */
};

extern struct eh_opts eh_opts;

extern const struct argp eh_output_argp;
extern const struct argp eh_interval_argp;
extern const struct argp eh_stream_argp;
extern const struct argp eh_attach_argp;
extern const struct argp eh_buffer_argp;
extern const struct argp eh_explain_argp;
extern const struct argp eh_calls_argp;
extern const struct argp_child eh_counting_children[];
extern const struct argp_child eh_streaming_children[];
extern const struct argp eh_streaming_argp;	/* eh_streaming_children, nested */

/* Resets eh_opts for subcommand cmd. */
void eh_opts_init(const struct eh_cmd *cmd);

/*
 * --syscall-style values: the names or patterns of list ("openat,write",
 * "timer_*") are added to sys[*nr..max), without repeats; one that matches
 * nothing is a usage error naming opt and the value.
 */
void eh_syscalls_arg(const char *opt, const char *list, const struct eh_syscall **sys,
		     int *nr, int max);

/*
 * A text value the kernel will print (a message): 1 to max bytes of valid
 * UTF-8 without control characters (C0, DEL, C1) or bidirectional
 * overrides; a usage error otherwise.
 */
void eh_text_arg(const char *opt, const char *arg, size_t max);

#endif
