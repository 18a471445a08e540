/* SPDX-License-Identifier: MIT */
/*
 * Options every subcommand spells the same way, as argp children a
 * subcommand includes when they apply to it:
 *
 *   eh_output_argp    --json --verbose
 *   eh_filter_argp    --pid --uid --comm          (applied in the kernel)
 *   eh_interval_argp  --interval --count(intervals) --duration
 *   eh_stream_argp    --count(events) --duration
 *   eh_attach_argp    --attach
 *   eh_buffer_argp    --buffer --buffer-size
 *
 * Parsed values land in the one global eh_opts.  Every bad value is a
 * one-line error naming it and exit status 2, before anything is loaded.
 */
#ifndef EBPFHELLO_OPTS_H
#define EBPFHELLO_OPTS_H

#include <argp.h>
#include <stdbool.h>
#include <stdint.h>

/* exit codes */
#define EH_EXIT_OK	0
#define EH_EXIT_RUNTIME	1
#define EH_EXIT_USAGE	2

enum eh_attach_mode {
	EH_ATTACH_AUTO = 0,
	EH_ATTACH_KPROBE,	/* kprobe on the syscall's kernel function */
	EH_ATTACH_FENTRY,	/* fentry on it (BPF trampoline, needs BTF) */
	EH_ATTACH_EXEC,		/* sched_process_exec: successful execs only */
	EH_ATTACH_TRACEPOINT,	/* syscalls:sys_enter_<name> / raw_syscalls:sys_enter */
	EH_ATTACH_RAW_TP,	/* raw tracepoint sys_enter, id filtered in BPF */
	EH_ATTACH_TP_BTF,	/* BTF-typed raw tracepoint sys_enter */
	EH_ATTACH__COUNT,
};

enum eh_buffer {
	EH_BUFFER_AUTO = 0,
	EH_BUFFER_RINGBUF,
	EH_BUFFER_PERF,
};

struct eh_opts {
	const char *cmd;	/* subcommand name, for messages */
	bool json;
	int verbose;
	bool has_pid, has_uid, has_comm;
	uint32_t pid, uid;
	char comm[16];
	double interval;	/* seconds; 0: the subcommand's default */
	uint64_t count;		/* intervals or events; 0: no limit */
	double duration;	/* seconds; 0: no limit */
	enum eh_attach_mode attach;
	enum eh_buffer buffer;
	uint64_t buffer_kb;	/* 0: the subcommand's default */
};

extern struct eh_opts eh_opts;

extern const struct argp eh_output_argp;
extern const struct argp eh_filter_argp;
extern const struct argp eh_interval_argp;
extern const struct argp eh_stream_argp;
extern const struct argp eh_attach_argp;
extern const struct argp eh_buffer_argp;

/* Resets eh_opts for subcommand cmd. */
void eh_opts_init(const char *cmd);

/* argp_parse() for a subcommand: messages say "ebpfhello <cmd>". */
int eh_argp_parse(const struct argp *argp, int argc, char **argv, void *input);

/* "ebpfhello <cmd>: invalid <opt> '<value>': expected <what>", exit 2 */
void eh_bad_value(const char *opt, const char *value, const char *what)
	__attribute__((noreturn));
/* "ebpfhello <cmd>: <message>", exit 2 */
void eh_usage_error(const char *fmt, ...)
	__attribute__((noreturn, format(printf, 1, 2)));
/* "ebpfhello <cmd>: <message>" on stderr; the caller exits 1 */
void eh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* printed when --verbose was given at least level times */
void eh_verbose(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

const char *eh_attach_name(enum eh_attach_mode m);
bool eh_attach_parse(const char *s, enum eh_attach_mode *m);

/* Ctrl-C etc. are blocked from start-up and read through a signalfd by
 * the loop, so no signal handler ever runs (and none can be missed while
 * programs load).  SIGPIPE is ignored: a closed pipe ends output quietly. */
void eh_signals_setup(void);

#endif
