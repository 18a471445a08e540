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
 *   eh_calls_argp     --calls                     (count-uid, trace: what is seen)
 *
 * and the sets a kind of command takes whole (cmd/core/option_sets.c):
 *
 *   eh_counting_children   interval, attach, filter, output and the Prometheus
 *                          export (export.h): count-uid, count-syscall
 *   eh_streaming_children  buffer, filter, stream, output and the stream's
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

#include <ebpfhello/bpf_config.h>

/* exit codes */
#define EH_EXIT_OK	0
#define EH_EXIT_RUNTIME	1
#define EH_EXIT_USAGE	2

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
	int verbose;
	bool has_pid, has_uid, has_comm;
	uint32_t pid, uid;
	char comm[EH_COMM_LEN];
	double interval;		/* seconds (EH_INTERVAL_DEFAULT unless given) */
	uint64_t count;			/* intervals or records; 0: no limit */
	double duration;		/* seconds; 0: no limit */
	const struct eh_mode *attach;	/* NULL: auto */
	bool calls;			/* --calls: syscall entry only (session.h) */
	enum eh_buffer buffer;
	uint64_t buffer_kb;		/* 0: the subcommand's default */
};

extern struct eh_opts eh_opts;

extern const struct argp eh_output_argp;
extern const struct argp eh_filter_argp;
extern const struct argp eh_interval_argp;
extern const struct argp eh_stream_argp;
extern const struct argp eh_attach_argp;
extern const struct argp eh_buffer_argp;
extern const struct argp eh_calls_argp;
extern const struct argp_child eh_counting_children[];
extern const struct argp_child eh_streaming_children[];
extern const struct argp eh_streaming_argp;	/* eh_streaming_children, nested */

/* Resets eh_opts for subcommand cmd. */
void eh_opts_init(const struct eh_cmd *cmd);
/* "ebpfhello count-uid" (or "ebpfhello" before a command is chosen) */
const char *eh_prog_name(void);

/* argp_parse() for a subcommand; returns only when the options are good. */
void eh_argp_parse(const struct argp *argp, int argc, char **argv);

/* "ebpfhello <cmd>: invalid <opt> '<value>': expected <what>", exit 2 */
void eh_bad_value(const char *opt, const char *value, const char *what)
	__attribute__((noreturn));
/* arg as a number from min to max, or eh_bad_value(opt, arg,
 * "<what> from <min> to <max>") */
uint64_t eh_arg_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		    const char *what);
/* "ebpfhello <cmd>: <message>", exit 2 */
void eh_usage_error(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/* "ebpfhello <cmd>: <message>" on stderr; the caller exits 1 */
void eh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ebpfhello <cmd>: warning: <message>" on stderr */
void eh_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printed when --verbose was given at least level times */
void eh_verbose(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A user's value quoted in a message: escaped and cut (one static buffer per
 * slot, slot 0 or 1, so two can appear in one message). */
const char *eh_quote(const char *s, int slot);

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
