// SPDX-License-Identifier: MIT
/*
 * trace: hello.py.  A program at a syscall (execve unless --syscall says
 * otherwise) calls bpf_printk("Hello World!"); we read trace_pipe and print
 * its lines parsed into fields, or untouched with --raw.
 *
 * trace_pipe is one buffer for the whole machine: every BPF program's
 * bpf_printk() lands there, and reading consumes.  --only-ours prefixes our
 * message with a per-run tag in the kernel and shows only lines carrying it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/loop.h>
#include <ebpfhello/output.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/session.h>
#include <ebpfhello/trace.h>
#include <ebpfhello/traceline.h>
#include <ebpfhello/tracefs.h>

#include "trace.skel.h"

static struct env {
	struct eh_session s;
	const char *message;
	bool raw;
	bool only_ours;
	char tag[24];		/* "ebpfhello[1234]: " with --only-ours */
	int pipe_fd;
	char buf[65536];	/* trace_pipe bytes not yet split into lines */
	size_t len;
	uint64_t shown, others;
	uint64_t overrun_start;
} env = { .message = "Hello World!", .pipe_fd = -1 };

enum { OPT_SYSCALL = 's', OPT_MESSAGE = 'm', OPT_RAW = 'r', OPT_OURS = 'o' };

static const struct argp_option options[] = {
	{ "syscall", OPT_SYSCALL, "NAME", 0,
	  "syscall to trace (default execve); repeat it or give a comma list", 0 },
	{ "message", OPT_MESSAGE, "TEXT", 0, "what to print (default \"Hello World!\")", 0 },
	{ "raw", OPT_RAW, NULL, 0, "print trace_pipe lines untouched", 0 },
	{ "only-ours", OPT_OURS, NULL, 0,
	  "show only lines printed by this run (tags them in trace_pipe)", 0 },
	{ 0 }
};

static const char doc[] =
	"Print \"Hello World!\" from the kernel each time a syscall runs, through "
	"bpf_printk() and trace_pipe (Learning eBPF's hello.py).\v"
	"trace_pipe is shared by every BPF program on this machine, and reading it "
	"consumes lines: other programs' lines show up here too (use --only-ours), "
	"and another reader (cat trace_pipe) takes lines away from this one.\n\n"
	"Examples:\n"
	"  ebpfhello trace                          # Hello World! per execve\n"
	"  ebpfhello trace --message 'hi' --syscall openat --comm bash\n"
	"  ebpfhello trace --only-ours --json | jq -r .msg\n"
	"  ebpfhello trace --raw --duration 5       # lines as the kernel writes them\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	size_t i;

	switch (key) {
	case OPT_SYSCALL:
		eh_session_add_syscalls(&env.s, arg);
		return 0;
	case OPT_MESSAGE:
		if (!*arg || strlen(arg) > EH_TRACE_TEXT_MAX)
			eh_bad_value("--message", arg, "1 to 48 bytes of text");
		for (i = 0; arg[i]; i++)
			if ((unsigned char)arg[i] < 0x20 || arg[i] == 0x7f)
				eh_bad_value("--message", arg, "text without control characters");
		env.message = arg;
		return 0;
	case OPT_RAW:
		env.raw = true;
		return 0;
	case OPT_OURS:
		env.only_ours = true;
		return 0;
	case ARGP_KEY_ARG:
		eh_bad_value("argument", arg, "options only (see --help)");
	case ARGP_KEY_END:
		if (env.s.nr_sys == 0)
			eh_session_add_syscalls(&env.s, "execve");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_attach_argp, 0, NULL, 0 },
	{ &eh_filter_argp, 0, NULL, 0 },
	{ &eh_stream_argp, 0, NULL, 0 },
	{ &eh_output_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp argp = { options, parse_opt, NULL, doc, children, NULL, NULL };

static int open_skel(struct eh_session *s)
{
	struct trace_bpf *skel = trace_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	snprintf((char *)skel->rodata->eh_message, EH_TRACE_MSG_MAX, "%s%s", env.tag, env.message);
	return 0;
}

static void close_skel(struct eh_session *s)
{
	trace_bpf__destroy(s->skel);
}

/* Sum of "overrun:" over the per-CPU stats: lines the kernel dropped. */
static uint64_t trace_overruns(void)
{
	char path[128], line[128];
	uint64_t total = 0;
	const char *dir = eh_tracefs_dir();
	int cpu;

	for (cpu = 0; dir; cpu++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", dir, cpu);
		f = fopen(path, "re");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f)) {
			unsigned long long v;

			if (sscanf(line, "overrun: %llu", &v) == 1)
				total += v;
		}
		fclose(f);
	}
	return total;
}

static void print_line(const char *line, size_t n)
{
	struct eh_trace_line t;
	size_t tag_len = strlen(env.tag);

	if (!eh_trace_line_parse(line, n, &t)) {
		if (env.only_ours) {
			env.others++;
			return;
		}
		out_begin("trace_raw");
		out_strn("line", "%s", line, n);
		out_end();
		env.shown++;
		return;
	}
	if (env.only_ours) {
		if (t.msg_len < tag_len || memcmp(t.msg, env.tag, tag_len) != 0) {
			env.others++;
			return;
		}
		t.msg += tag_len;
		t.msg_len -= tag_len;
	}
	env.shown++;
	if (env.raw) {
		out_begin("trace_raw");
		out_strn("line", "%s", line, n);
		out_end();
		return;
	}
	out_begin("trace");
	out_number_text("ts", "%-16.*s ", t.ts, t.ts_len);
	out_strn("task", "%-16s ", t.task, t.task_len);
	out_s64("pid", "%-7lld ", t.pid);
	if (t.tgid >= 0)
		out_s64("tgid", NULL, t.tgid);
	out_s64("cpu", "%-3lld ", t.cpu);
	out_strn("flags", NULL, t.flags, t.flags_len);
	out_strn("event", NULL, t.event, t.event_len);
	out_strn("msg", "%s", t.msg, t.msg_len);
	out_end();
}

static int on_pipe(void *ctx)
{
	ssize_t n;
	char *nl, *start;

	n = read(env.pipe_fd, env.buf + env.len, sizeof(env.buf) - env.len);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	env.len += (size_t)n;
	start = env.buf;
	while ((nl = memchr(start, '\n', env.len - (size_t)(start - env.buf)))) {
		/* trace_pipe separates events with "\n"; skip the empty ones */
		if (nl > start)
			print_line(start, (size_t)(nl - start));
		start = nl + 1;
		if (eh_opts.count && env.shown >= eh_opts.count)
			return EH_STOP_COUNT;
	}
	env.len -= (size_t)(start - env.buf);
	memmove(env.buf, start, env.len);
	if (env.len == sizeof(env.buf)) {	/* a line longer than the buffer */
		print_line(env.buf, env.len);
		env.len = 0;
	}
	return 0;
}

int cmd_trace(int argc, char **argv)
{
	struct trace_bpf *skel;
	struct eh_loop loop;
	const char *dir;
	char path[128];
	int err;

	env.s.open = open_skel;
	env.s.close = close_skel;
	eh_argp_parse(&argp, argc, argv, NULL);
	env.s.mode = eh_opts.attach;
	if (env.only_ours)
		snprintf(env.tag, sizeof(env.tag), "ebpfhello[%d]: ", (int)getpid());
	/* before touching tracefs, so the message says what is missing */
	if (eh_check_privileges())
		return EH_EXIT_RUNTIME;

	dir = eh_tracefs_dir();
	if (!dir) {
		eh_error("cannot read trace_pipe: tracefs is not mounted and mounting it failed "
			 "(%s); try: mount -t tracefs nodev /sys/kernel/tracing", strerror(errno));
		return EH_EXIT_RUNTIME;
	}
	/* open the pipe first: no line printed after attach can be missed */
	snprintf(path, sizeof(path), "%s/trace_pipe", dir);
	env.pipe_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (env.pipe_fd < 0 && errno == EBUSY) {
		eh_error("another process is already reading trace_pipe, and it takes one "
			 "reader at a time; stop that one, or use 'ebpfhello events'");
		eh_tracefs_cleanup();
		return EH_EXIT_RUNTIME;
	}
	if (env.pipe_fd < 0) {
		eh_error("cannot open %s: %s", path, strerror(errno));
		eh_tracefs_cleanup();
		return EH_EXIT_RUNTIME;
	}
	env.overrun_start = trace_overruns();

	err = eh_session_start(&env.s, &loop);
	if (err)
		goto out;
	skel = env.s.skel;
	eh_session_meta_begin(&env.s);
	out_str("message", NULL, env.message);
	out_bool("only_ours", NULL, env.only_ours);
	out_end();
	if (!env.raw)
		out_text("%-16s %-16s %-7s %-3s %s\n", "TIME(s)", "TASK", "PID", "CPU", "MESSAGE");
	out_flush();

	err = eh_loop_add_fd(&loop, env.pipe_fd, on_pipe, NULL);
	if (err) {
		eh_error("cannot poll trace_pipe: %s", strerror(-err));
		goto out;
	}
	eh_loop_run(&loop, eh_opts.duration);
	if (loop.stop != EH_STOP_EPIPE) {
		eh_summary_begin();
		out_u64("lines", " %llu lines shown,", env.shown);
		out_u64("other_lines", " %llu other lines skipped,", env.others);
		out_u64("printed", " program printed %llu", skel->bss->eh_printed);
		out_u64("print_failed", " (%llu failed),", skel->bss->eh_failed);
		out_u64("trace_overruns", " %llu lines overrun in the kernel,",
			trace_overruns() - env.overrun_start);
		eh_summary_end(&loop);
	}
out:
	close(env.pipe_fd);
	return eh_session_finish(&env.s, &loop, err);
}
