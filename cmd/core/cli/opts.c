// SPDX-License-Identifier: MIT
/* The common options (argp children); see include/ebpfhello/cli/opts.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/base/parse.h>
#include <ebpfhello/base/version.h>
#include <ebpfhello/cli/command.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/host/cgroup_search.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/users.h>
#include <ebpfhello/load/modes.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

struct eh_opts eh_opts;

#define MAX_SECONDS	31536000.0	/* a year */

void eh_opts_init(const struct eh_cmd *cmd)
{
	memset(&eh_opts, 0, sizeof(eh_opts));
	eh_opts.cmd = cmd;
	eh_opts.cgroup_fd = -1;
	eh_set_prog_name(cmd ? cmd->name : NULL);
	eh_set_verbosity(0);
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
	  "timestamps: unix (the default: local HH:MM:SS.mmm in text, seconds since 1970 "
	  "in JSON) or iso (RFC 3339 in UTC, in both)", 0 },
	{ "verbose", OPT_VERBOSE, NULL, 0,
	  "say how it attaches and why (twice: libbpf's log too)", 0 },
	{ NULL, 0, NULL, 0, "Help:", -1 },
	{ "help", OPT_HELP, NULL, 0, "this help", 0 },
	{ NULL, OPT_HELP_ARGP, NULL, OPTION_HIDDEN, NULL, 0 },
	{ "usage", OPT_USAGE, NULL, 0, "a short usage message", 0 },
	{ "version", OPT_VERSION, NULL, 0, "the version", 0 },
	{ 0 }
};

/*
 * argp's text written in one go: a help longer than stdout's buffer would
 * otherwise be flushed half-way, and a failed write (a full disk) would come
 * back at exit as a bare EOF without its errno.
 */
static void help(const struct argp *root, unsigned int flags, char *name)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);

	if (!m) {
		argp_help(root, stdout, flags, name);
		return;
	}
	argp_help(root, m, flags, name);
	fclose(m);
	/* a reader that went away is no error (output.h) */
	if ((fwrite(text, 1, len, stdout) != len || fflush(stdout)) && errno != EPIPE)
		out_set_error(errno);
	free(text);
}

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
		eh_set_verbosity(eh_verbosity() + 1);
		return 0;
	case OPT_HELP:
	case OPT_HELP_ARGP:
		/* argp_state_help() stays silent under ARGP_NO_ERRS */
		help(state->root_argp, ARGP_HELP_STD_HELP, state->name);
		exit(EH_EXIT_OK);
	case OPT_USAGE:
		help(state->root_argp, ARGP_HELP_USAGE, state->name);
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
		unsigned int offered = eh_opts.cmd ?
			eh_elf_modes(eh_opts.cmd->elf, EH_SCOPE__COUNT, EH_ENTRY) : ~0u;

		snprintf(what, sizeof(what), "auto or one of %s",
			 eh_modes_list(offered, ", ", list, sizeof(list)));
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
	eh_modes_list(eh_elf_modes(eh_opts.cmd->elf, EH_SCOPE__COUNT, EH_ENTRY), ", ", list,
		      sizeof(list));
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

/* ---- --explain ------------------------------------------------------------------ */

enum { OPT_EXPLAIN = 0x400 };

static const struct argp_option explain_options[] = {
	{ NULL, 0, NULL, 0, "Explain:", 45 },
	{ "explain", OPT_EXPLAIN, NULL, 0,
	  "show the eBPF machinery behind the output, as the kernel reports it: at start "
	  "each program, map and buffer with what it is in the book; then every interval "
	  "(streams: every 2 s) and at the end, each program's runs and run time and each "
	  "map's entries.  Text on stderr (also with --quiet), JSON records in the stream.  "
	  "It turns the kernel's run-time statistics on while it runs (for every BPF program "
	  "of the machine: about 150 ns per program run, docs/PERFORMANCE.md) and off "
	  "when it ends, however it ends; without it, nothing", 0 },
	{ 0 }
};

static error_t explain_parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_EXPLAIN)
		return ARGP_ERR_UNKNOWN;
	eh_opts.explain = true;
	return 0;
}

const struct argp eh_explain_argp = { explain_options, explain_parse, NULL, NULL, NULL, NULL, NULL };
