// SPDX-License-Identifier: MIT
/* The common options (argp children); see include/ebpfhello/opts.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/attach.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/escape.h>
#include <ebpfhello/opts.h>
#include <ebpfhello/output.h>
#include <ebpfhello/parse.h>
#include <ebpfhello/syscalls.h>
#include <ebpfhello/users.h>
#include <ebpfhello/version.h>

struct eh_opts eh_opts;

#define PID_MAX_LIMIT	4194304		/* the kernel's hard limit (4M) */
#define MAX_SECONDS	31536000.0	/* a year */

void eh_opts_init(const struct eh_cmd *cmd)
{
	memset(&eh_opts, 0, sizeof(eh_opts));
	eh_opts.cmd = cmd;
	out_set_prog_name(eh_prog_name());
}

/* ---- values shared by several commands ------------------------------------- */

void eh_syscalls_arg(const char *opt, const char *list, const struct eh_syscall **sys,
		     int *nr, int max)
{
	char bad[64], what[160];
	int n, i;

	n = eh_syscall_resolve(list, sys + *nr, max - *nr, bad, sizeof(bad));
	if (n == -2) {
		snprintf(what, sizeof(what), "at most %d syscalls in all", max);
		eh_bad_value(opt, list, what);
	}
	if (n <= 0) {
		snprintf(what, sizeof(what), "a syscall name of %s, e.g. execve "
			 "(all names: ebpfhello count-syscall --list)", eh_syscall_arch());
		eh_bad_value(opt, n < 0 ? bad : list, what);
	}
	/* drop names given twice across several options */
	while (n-- > 0) {
		const struct eh_syscall *sc = sys[*nr];

		for (i = 0; i < *nr && sys[i] != sc; i++)
			;
		if (i == *nr)
			(*nr)++;
		else
			memmove(&sys[*nr], &sys[*nr + 1], (size_t)n * sizeof(sc));
	}
}

void eh_text_arg(const char *opt, const char *arg, size_t max)
{
	char what[128];

	snprintf(what, sizeof(what), "1 to %zu bytes of text", max);
	if (!*arg || strlen(arg) > max)
		eh_bad_value(opt, arg, what);
	if (!eh_text_is_plain(arg, strlen(arg)))
		eh_bad_value(opt, arg, "valid UTF-8 text without control characters "
			     "(C0, DEL, C1) or bidirectional overrides");
}

/* ---- --json --time --verbose, and help ---------------------------------------- */

enum {
	OPT_JSON = 'j', OPT_VERBOSE = 'v', OPT_HELP = 'h', OPT_HELP_ARGP = '?',
	OPT_VERSION = 'V', OPT_TIME = 0x300, OPT_USAGE,
};

static const struct argp_option output_options[] = {
	{ NULL, 0, NULL, 0, "Output:", 50 },
	{ "json", OPT_JSON, NULL, 0,
	  "NDJSON: one object per line, each with a \"type\" (docs/json.md)", 0 },
	{ "time", OPT_TIME, "FORMAT", 0,
	  "timestamps as unix (seconds since 1970, the default) or iso (RFC 3339, UTC)", 0 },
	{ "verbose", OPT_VERBOSE, NULL, 0,
	  "say how it attaches and why (twice: libbpf's log too)", 0 },
	{ NULL, 0, NULL, 0, "Help:", -1 },
	{ "help", OPT_HELP, NULL, 0, "this help", 0 },
	{ NULL, OPT_HELP_ARGP, NULL, OPTION_HIDDEN, NULL, 0 },
	{ "usage", OPT_USAGE, NULL, 0, "a short usage message", 0 },
	{ "version", OPT_VERSION, NULL, 0, "the version", 0 },
	{ 0 }
};

static error_t output_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_JSON:
		eh_opts.json = true;
		return 0;
	case OPT_TIME:
		if (!strcmp(arg, "unix"))
			eh_opts.iso_time = false;
		else if (!strcmp(arg, "iso"))
			eh_opts.iso_time = true;
		else
			eh_bad_value("--time", arg, "unix or iso");
		return 0;
	case OPT_VERBOSE:
		eh_opts.verbose++;
		return 0;
	case OPT_HELP:
	case OPT_HELP_ARGP:
		/* argp_state_help() stays silent under ARGP_NO_ERRS */
		argp_help(state->root_argp, stdout, ARGP_HELP_STD_HELP, state->name);
		exit(EH_EXIT_OK);
	case OPT_USAGE:
		argp_help(state->root_argp, stdout, ARGP_HELP_USAGE, state->name);
		exit(EH_EXIT_OK);
	case OPT_VERSION:
		eh_print_version(stdout);
		exit(EH_EXIT_OK);
	case ARGP_KEY_ARG:
		/* every command takes options only; the command's parser saw it first */
		eh_bad_value("argument", arg, "options only (see --help)");
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

/*
 * The kernel side compares --pid with the thread group id, so a thread's
 * own id would match nothing and the run would count 0 without a word:
 * refused, naming the process the thread belongs to.
 */
static void check_not_thread(uint32_t pid)
{
	char path[40], line[128], name[EH_COMM_LEN] = "";
	long tgid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%u/status", pid);
	f = fopen(path, "re");
	if (!f)
		return;		/* no such task (yet): nothing to say */
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "Name:\t", 6))
			snprintf(name, sizeof(name), "%.*s", (int)strcspn(line + 6, "\n"), line + 6);
		else if (!strncmp(line, "Tgid:\t", 6))
			tgid = strtol(line + 6, NULL, 10);
	}
	fclose(f);
	if (tgid > 0 && tgid != (long)pid)
		eh_usage_error("--pid %u is a thread of process %ld (%s), and --pid takes a "
			       "process id: give --pid %ld", pid, tgid, eh_quote(name, 0), tgid);
}

static error_t filter_parse(int key, char *arg, struct argp_state *state)
{
	char what[96];
	uint64_t v;

	switch (key) {
	case OPT_PID:
		v = eh_arg_u64("--pid", arg, 1, PID_MAX_LIMIT, "a process id");
		check_not_thread((uint32_t)v);
		eh_opts.has_pid = true;
		eh_opts.pid = (uint32_t)v;
		return 0;
	case OPT_UID:
		if (eh_parse_u64(arg, 0, UINT32_MAX - 1, &v)) {
			eh_opts.uid = (uint32_t)v;
		} else if (!eh_user_uid(arg, &eh_opts.uid)) {
			snprintf(what, sizeof(what), "a user id (0-%u) or a user name from /etc/passwd",
				 UINT32_MAX - 1);
			eh_bad_value("--uid", arg, what);
		}
		eh_opts.has_uid = true;
		return 0;
	case OPT_COMM:
		snprintf(what, sizeof(what), "a task name of 1 to %d bytes (the kernel keeps %d)",
			 EH_COMM_LEN - 1, EH_COMM_LEN - 1);
		if (strlen(arg) == 0 || strlen(arg) > EH_COMM_LEN - 1)
			eh_bad_value("--comm", arg, what);
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

static void parse_seconds(const char *opt, const char *arg, double *out)
{
	if (!eh_parse_seconds(arg, 0.001, MAX_SECONDS, out))
		eh_bad_value(opt, arg, "a number of seconds from 0.001 to 31536000 (a year), "
			     "e.g. 2 or 0.5");
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

/* --count (of intervals or records) and --duration, spelled alike everywhere */
static error_t timing(int key, char *arg, const char *count_is)
{
	switch (key) {
	case OPT_COUNT:
		parse_count(arg, count_is);
		return 0;
	case OPT_DURATION:
		parse_seconds("--duration", arg, &eh_opts.duration);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static error_t interval_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_INTERVAL:
		parse_seconds("--interval", arg, &eh_opts.interval);
		return 0;
	case ARGP_KEY_END:
		if (!eh_opts.interval)
			eh_opts.interval = EH_INTERVAL_DEFAULT;
		return 0;
	}
	return timing(key, arg, "a number of intervals >= 1");
}

const struct argp eh_interval_argp = { interval_options, interval_parse, NULL, NULL, NULL, NULL, NULL };

static const struct argp_option stream_options[] = {
	{ NULL, 0, NULL, 0, "Timing:", 30 },
	{ "count", OPT_COUNT, "N", 0, "stop after N records", 0 },
	{ "duration", OPT_DURATION, "SECS", 0, "stop after SECS seconds", 0 },
	{ 0 }
};

static error_t stream_parse(int key, char *arg, struct argp_state *state)
{
	return timing(key, arg, "a number of records >= 1");
}

const struct argp eh_stream_argp = { stream_options, stream_parse, NULL, NULL, NULL, NULL, NULL };

/* ---- --attach: the modes of attach.c's table this command offers ------------------ */

enum { OPT_ATTACH = 'a' };

static const struct argp_option attach_options[] = {
	{ NULL, 0, NULL, 0, "Attaching:", 20 },
	{ "attach", OPT_ATTACH, "MODE", 0, "", 0 },	/* text: attach_help() */
	{ 0 }
};

static error_t attach_parse(int key, char *arg, struct argp_state *state)
{
	char list[128], what[192];

	if (key != OPT_ATTACH)
		return ARGP_ERR_UNKNOWN;
	if (!strcmp(arg, "auto")) {
		eh_opts.attach = NULL;
		return 0;
	}
	eh_opts.attach = eh_mode_by_name(arg);
	if (!eh_opts.attach) {
		snprintf(what, sizeof(what), "auto or one of %s",
			 eh_modes_list(eh_opts.cmd ? eh_cmd_modes(eh_opts.cmd, EH_SCOPE__COUNT) :
				       ~0u, ", ", list, sizeof(list)));
		eh_bad_value("--attach", arg, what);
	}
	/* whether this command offers it is checked once all options are in */
	return 0;
}

static char *attach_help(int key, const char *text, void *input)
{
	char list[128], *s;

	if (key != OPT_ATTACH || !eh_opts.cmd)
		return (char *)text;
	eh_modes_list(eh_cmd_modes(eh_opts.cmd, EH_SCOPE__COUNT), ", ", list, sizeof(list));
	if (asprintf(&s, "auto (the default) or one of %s; auto takes the first that "
		     "this kernel offers (see --verbose and 'ebpfhello features')", list) < 0)
		return (char *)text;
	return s;
}

const struct argp eh_attach_argp = { attach_options, attach_parse, NULL, NULL, NULL,
				     attach_help, NULL };

/* ---- --calls ---------------------------------------------------------------- */

/*
 * The exec event sees successful execs only, where a syscall's entry sees
 * every call; auto takes the first of them this kernel offers, so without
 * this the answer's meaning would depend on the kernel (session.h).
 */
enum { OPT_CALLS = 0x300 };

static const struct argp_option calls_options[] = {
	{ "calls", OPT_CALLS, NULL, 0,
	  "see every call at the syscall's entry, failed execs included, as the book's "
	  "kprobe did, on any kernel: auto passes over the exec event, which sees "
	  "successful execs only", 20 },
	{ 0 }
};

static error_t calls_parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_CALLS)
		return ARGP_ERR_UNKNOWN;
	eh_opts.calls = true;
	return 0;
}

const struct argp eh_calls_argp = { calls_options, calls_parse, NULL, NULL, NULL, NULL, NULL };

/* ---- --buffer --buffer-size ---------------------------------------------- */

enum { OPT_BUFFER = 'b', OPT_BUFFER_SIZE = 0x100 };

#define BUFFER_KB_MIN	4
#define BUFFER_KB_MAX	1048576

static const struct argp_option buffer_options[] = {
	{ NULL, 0, NULL, 0, "Event buffer:", 25 },
	{ "buffer", OPT_BUFFER, "KIND", 0,
	  "auto, ringbuf or perf (auto: ringbuf where the kernel has it, 5.8+)", 0 },
	{ "buffer-size", OPT_BUFFER_SIZE, "KIB", 0,
	  "buffer size in KiB, 4 to 1048576, rounded up to a power of two "
	  "(ringbuf: total, perf: per CPU; default 1024)", 0 },
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
			eh_bad_value("--buffer", arg, "auto, ringbuf or perf");
		return 0;
	case OPT_BUFFER_SIZE:
		eh_opts.buffer_kb = eh_arg_u64("--buffer-size", arg, BUFFER_KB_MIN, BUFFER_KB_MAX, "KiB");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_buffer_argp = { buffer_options, buffer_parse, NULL, NULL, NULL, NULL, NULL };
