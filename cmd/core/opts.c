// SPDX-License-Identifier: MIT
/* Common options and messages; see include/ebpfhello/opts.h. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/escape.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/parse.h>
#include <ebpfhello/users.h>

struct eh_opts eh_opts;

#define PID_MAX_LIMIT	4194304		/* the kernel's hard limit (4M) */
#define MAX_SECONDS	31536000.0	/* a year */

static const char *const attach_names[EH_ATTACH__COUNT] = {
	[EH_ATTACH_AUTO] = "auto",
	[EH_ATTACH_KPROBE] = "kprobe",
	[EH_ATTACH_FENTRY] = "fentry",
	[EH_ATTACH_EXEC] = "exec",
	[EH_ATTACH_TRACEPOINT] = "tracepoint",
	[EH_ATTACH_RAW_TP] = "raw_tp",
	[EH_ATTACH_TP_BTF] = "tp_btf",
};

void eh_opts_init(const char *cmd)
{
	memset(&eh_opts, 0, sizeof(eh_opts));
	eh_opts.cmd = cmd;
}

const char *eh_attach_name(enum eh_attach_mode m)
{
	return m < EH_ATTACH__COUNT ? attach_names[m] : "?";
}

bool eh_attach_parse(const char *s, enum eh_attach_mode *m)
{
	int i;

	for (i = 0; i < EH_ATTACH__COUNT; i++) {
		if (strcmp(s, attach_names[i]) == 0) {
			*m = (enum eh_attach_mode)i;
			return true;
		}
	}
	return false;
}

static void vmessage(const char *fmt, va_list ap)
{
	fprintf(stderr, "ebpfhello%s%s: ", eh_opts.cmd ? " " : "",
		eh_opts.cmd ? eh_opts.cmd : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void eh_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	exit(EH_EXIT_USAGE);
}

void eh_bad_value(const char *opt, const char *value, const char *what)
{
	char esc[256];

	eh_text_escape(esc, sizeof(esc), value, strlen(value));
	eh_usage_error("invalid %s '%s': expected %s", opt, esc, what);
}

void eh_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

void eh_verbose(int level, const char *fmt, ...)
{
	va_list ap;

	if (eh_opts.verbose < level)
		return;
	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
}

int eh_argp_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	char name[64];

	/* argp names itself after argv[0] in usage and errors */
	snprintf(name, sizeof(name), "ebpfhello %s", eh_opts.cmd);
	argv[0] = name;
	argp_err_exit_status = EH_EXIT_USAGE;
	return argp_parse(argp, argc, argv, 0, NULL, input);
}

void eh_signals_setup(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* ---- --json --verbose ---------------------------------------------------- */

enum { OPT_JSON = 'j', OPT_VERBOSE = 'v' };

static const struct argp_option output_options[] = {
	{ NULL, 0, NULL, 0, "Output:", 50 },
	{ "json", OPT_JSON, NULL, 0,
	  "NDJSON: one object per line, each with a \"type\" (docs/json.md)", 0 },
	{ "verbose", OPT_VERBOSE, NULL, 0,
	  "say how it attaches and why (twice: libbpf's log too)", 0 },
	{ 0 }
};

static error_t output_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_JSON:
		eh_opts.json = true;
		return 0;
	case OPT_VERBOSE:
		eh_opts.verbose++;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_output_argp = { output_options, output_parse, NULL, NULL, NULL, NULL, NULL };

/* ---- --pid --uid --comm -------------------------------------------------- */

enum { OPT_PID = 'p', OPT_UID = 'u', OPT_COMM = 'c' };

static const struct argp_option filter_options[] = {
	{ NULL, 0, NULL, 0, "Filters (applied in the kernel, before any work):", 40 },
	{ "pid", OPT_PID, "PID", 0, "only this process (thread group id)", 0 },
	{ "uid", OPT_UID, "UID", 0, "only this user (number or name)", 0 },
	{ "comm", OPT_COMM, "NAME", 0, "only tasks with this name (up to 15 bytes)", 0 },
	{ 0 }
};

static error_t filter_parse(int key, char *arg, struct argp_state *state)
{
	uint64_t v;

	switch (key) {
	case OPT_PID:
		if (!eh_parse_u64(arg, 1, PID_MAX_LIMIT, &v))
			eh_bad_value("--pid", arg, "a process id from 1 to 4194304");
		eh_opts.has_pid = true;
		eh_opts.pid = (uint32_t)v;
		return 0;
	case OPT_UID:
		if (eh_parse_u64(arg, 0, UINT32_MAX - 1, &v)) {
			eh_opts.uid = (uint32_t)v;
		} else if (!eh_user_uid(arg, &eh_opts.uid)) {
			eh_bad_value("--uid", arg,
				     "a user id (0-4294967294) or a user name from /etc/passwd");
		}
		eh_opts.has_uid = true;
		return 0;
	case OPT_COMM:
		if (strlen(arg) == 0 || strlen(arg) > 15)
			eh_bad_value("--comm", arg,
				     "a task name of 1 to 15 bytes (the kernel keeps only 15)");
		memset(eh_opts.comm, 0, sizeof(eh_opts.comm));
		memcpy(eh_opts.comm, arg, strlen(arg));
		eh_opts.has_comm = true;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_filter_argp = { filter_options, filter_parse, NULL, NULL, NULL, NULL, NULL };

/* ---- --interval --count --duration --------------------------------------- */

enum { OPT_INTERVAL = 'i', OPT_COUNT = 'n', OPT_DURATION = 'd' };

static void parse_duration(const char *arg)
{
	if (!eh_parse_seconds(arg, 0.001, MAX_SECONDS, &eh_opts.duration))
		eh_bad_value("--duration", arg, "a number of seconds >= 0.001, e.g. 10 or 0.5");
}

static void parse_count(const char *arg, const char *what)
{
	if (!eh_parse_u64(arg, 1, UINT64_MAX, &eh_opts.count))
		eh_bad_value("--count", arg, what);
}

static const struct argp_option interval_options[] = {
	{ NULL, 0, NULL, 0, "Timing:", 30 },
	{ "interval", OPT_INTERVAL, "SECS", 0,
	  "print every SECS seconds (fractions allowed, >= 0.001)", 0 },
	{ "count", OPT_COUNT, "N", 0, "stop after N intervals", 0 },
	{ "duration", OPT_DURATION, "SECS", 0, "stop after SECS seconds", 0 },
	{ 0 }
};

static error_t interval_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_INTERVAL:
		if (!eh_parse_seconds(arg, 0.001, MAX_SECONDS, &eh_opts.interval))
			eh_bad_value("--interval", arg,
				     "a number of seconds >= 0.001, e.g. 2 or 0.5");
		return 0;
	case OPT_COUNT:
		parse_count(arg, "a number of intervals >= 1");
		return 0;
	case OPT_DURATION:
		parse_duration(arg);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_interval_argp = { interval_options, interval_parse, NULL, NULL, NULL, NULL, NULL };

static const struct argp_option stream_options[] = {
	{ NULL, 0, NULL, 0, "Timing:", 30 },
	{ "count", OPT_COUNT, "N", 0, "stop after N events", 0 },
	{ "duration", OPT_DURATION, "SECS", 0, "stop after SECS seconds", 0 },
	{ 0 }
};

static error_t stream_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_COUNT:
		parse_count(arg, "a number of events >= 1");
		return 0;
	case OPT_DURATION:
		parse_duration(arg);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_stream_argp = { stream_options, stream_parse, NULL, NULL, NULL, NULL, NULL };

/* ---- --attach ------------------------------------------------------------ */

enum { OPT_ATTACH = 'a' };

static const struct argp_option attach_options[] = {
	{ NULL, 0, NULL, 0, "Attaching:", 20 },
	{ "attach", OPT_ATTACH, "MODE", 0,
	  "auto (default), kprobe, fentry, exec, tracepoint, raw_tp or tp_btf; "
	  "auto takes the first this kernel offers (see --verbose)", 0 },
	{ 0 }
};

static error_t attach_parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_ATTACH)
		return ARGP_ERR_UNKNOWN;
	if (!eh_attach_parse(arg, &eh_opts.attach))
		eh_bad_value("--attach", arg,
			     "one of auto, kprobe, fentry, exec, tracepoint, raw_tp, tp_btf");
	return 0;
}

const struct argp eh_attach_argp = { attach_options, attach_parse, NULL, NULL, NULL, NULL, NULL };

/* ---- --buffer --buffer-size ---------------------------------------------- */

enum { OPT_BUFFER = 'b', OPT_BUFFER_SIZE = 0x100 };

static const struct argp_option buffer_options[] = {
	{ NULL, 0, NULL, 0, "Event buffer:", 25 },
	{ "buffer", OPT_BUFFER, "KIND", 0,
	  "ringbuf or perf (default: ringbuf where the kernel has it, 5.8+)", 0 },
	{ "buffer-size", OPT_BUFFER_SIZE, "KIB", 0,
	  "buffer size in KiB, rounded up to a power of two (ringbuf: total, "
	  "perf: per CPU; default 1024)", 0 },
	{ 0 }
};

static error_t buffer_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_BUFFER:
		if (strcmp(arg, "ringbuf") == 0)
			eh_opts.buffer = EH_BUFFER_RINGBUF;
		else if (strcmp(arg, "perf") == 0)
			eh_opts.buffer = EH_BUFFER_PERF;
		else if (strcmp(arg, "auto") == 0)
			eh_opts.buffer = EH_BUFFER_AUTO;
		else
			eh_bad_value("--buffer", arg, "ringbuf, perf or auto");
		return 0;
	case OPT_BUFFER_SIZE:
		if (!eh_parse_u64(arg, 4, 1048576, &eh_opts.buffer_kb))
			eh_bad_value("--buffer-size", arg, "KiB from 4 to 1048576");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_buffer_argp = { buffer_options, buffer_parse, NULL, NULL, NULL, NULL, NULL };
