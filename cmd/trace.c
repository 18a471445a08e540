// SPDX-License-Identifier: MIT
/*
 * trace: hello.py.  A program at a syscall (execve unless --syscall says
 * otherwise) calls bpf_printk("Hello World!"); we read trace_pipe and print
 * its lines parsed into fields, or untouched with --raw.
 *
 * trace_pipe is one buffer for the whole machine: every BPF program's
 * bpf_printk() lands there, and reading consumes.  --only-ours prefixes our
 * message with a random per-run tag in the kernel and shows only
 * bpf_trace_printk lines carrying it.
 *
 * Its timestamps are the trace clock's, not the wall clock's: at start a
 * marker written to trace_marker comes back through trace_pipe with a
 * trace-clock stamp, which pins the one to the other.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/cli/filters.h>
#include <ebpfhello/cli/output_file.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/task.h>
#include <ebpfhello/host/tracefs.h>
#include <ebpfhello/host/traceline.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/trace.h>

#include "trace.skel.h"

/* how long lines wait for the clock marker before a fallback pins the clocks */
#define SYNC_WAIT_NS	1000000000LL

static struct env {
	struct eh_session s;
	struct eh_run r;
	const char *message;
	bool raw, only_ours;
	char tag[EH_TRACE_TAG_MAX + 1];	/* "eh1f2e3d4c: " with --only-ours */
	char marker[40];		/* the clock marker's text */
	bool synced;
	int64_t marker_wall_ns;		/* when the marker was written */
	int64_t trace_to_wall_ns;	/* wall clock = trace clock + this */
	char path[128];			/* trace_pipe */
	char buf[65536];		/* bytes not yet split into lines */
	size_t len;
	uint64_t others, overrun_start;
	uint64_t earlier;	/* lines before the clock marker: not this run's */
} env = { .message = "Hello World!" };

enum { OPT_SYSCALL = 's', OPT_MESSAGE = 'm', OPT_RAW = 'r', OPT_OURS = 'o' };

static const struct argp_option options[] = {
	{ "syscall", OPT_SYSCALL, "NAME", 0,
	  "syscall to trace (default execve); repeat it or give a comma list", 0 },
	{ "message", OPT_MESSAGE, "TEXT", 0,
	  "what to print, 1 to 48 bytes of text (default \"Hello World!\")", 0 },
	{ "raw", OPT_RAW, NULL, 0, "print trace_pipe lines untouched", 0 },
	{ "only-ours", OPT_OURS, NULL, 0, "show only lines this run printed (tagged in trace_pipe)", 0 },
	{ 0 }
};

static const char doc[] =
	"Print \"Hello World!\" from the kernel each time a syscall runs, through "
	"bpf_printk() and trace_pipe (Learning eBPF's hello.py).\v"
	"trace_pipe is shared by every BPF program on this machine, and reading it "
	"consumes lines: other programs' lines show up here too (use --only-ours), "
	"and only one process can read it at a time.\n\n"
	"A line stands for a successful exec (execve or execveat) where auto takes the "
	"exec event (no kprobes, no fentry), else for every call, failed ones included, "
	"as the book's kprobe did: the first line says which; --calls asks for calls.\n\n"
	"Examples:\n"
	"  ebpfhello trace                          # Hello World! per execve\n"
	"  ebpfhello trace --message 'hi' --syscall openat --comm bash\n"
	"  ebpfhello trace --json --only-ours | jq -r 'select(.type==\"trace\").message'\n"
	"  ebpfhello trace --raw --duration 5       # lines as the kernel writes them\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_SYSCALL:
		eh_args_syscalls(&env.s, arg);
		return 0;
	case OPT_MESSAGE:
		eh_text_arg("--message", arg, EH_TRACE_TEXT_MAX);
		env.message = arg;
		return 0;
	case OPT_RAW:
		env.raw = true;
		return 0;
	case OPT_OURS:
		env.only_ours = true;
		return 0;
	case ARGP_KEY_END:
		if (env.s.nr_sys == 0)
			eh_args_syscalls(&env.s, "execve");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_attach_argp, 0, NULL, 0 },
	{ &eh_calls_argp, 0, NULL, 0 },
	{ &eh_filter_argp, 0, NULL, 0 },
	{ &eh_stream_argp, 0, NULL, 0 },
	{ &eh_explain_argp, 0, NULL, 0 },
	{ &eh_output_argp, 0, NULL, 0 },
	{ &eh_output_file_argp, 0, NULL, 0 },
	{ 0 }
};

EH_CMD_DEFINE(trace, options, parse_opt, doc, children)
EH_CMD_BOOK(trace, "hello.py",
	{ "eh_trace_*", "hello() of hello.py, which BCC attached as a kprobe at execve: "
	  "bpf_trace_printk(\"Hello World!\"), here bpf_printk() of the message in .rodata" },
	{ "tasks", "not in hello.py: who printed (pid and name), for trace_pipe's \"<...>\"" })

static int open_skel(struct eh_session *s)
{
	struct trace_bpf *skel = trace_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	/* both checked to fit when parsed */
	snprintf((char *)skel->rodata->eh_message, EH_TRACE_MSG_MAX, "%s%s", env.tag, env.message);
	return 0;
}

/* ---- trace_pipe ---------------------------------------------------------------- */

/* writes the clock marker; without trace_marker, the trace clock is taken
 * for CLOCK_MONOTONIC (the kernel's default "local" clock is close to it) */
static void clock_marker(void)
{
	uint32_t nonce = 0;

	if (getrandom(&nonce, sizeof(nonce), 0) != sizeof(nonce))
		nonce = (uint32_t)getpid();
	snprintf(env.marker, sizeof(env.marker), "ebpfhello clock %08x", nonce);
	if (eh_tracefs_mark(env.marker, &env.marker_wall_ns)) {
		env.synced = true;
		env.trace_to_wall_ns = eh_realtime_offset_ns();
		eh_verbose(1, "cannot write trace_marker (%s): trace times are taken as "
			   "CLOCK_MONOTONIC", strerror(errno));
	}
}

static int before_attach(struct eh_run *r)
{
	const char *dir = eh_tracefs_dir();
	uint32_t nonce;
	char who[128];

	if (!dir) {
		eh_error("cannot read trace_pipe: tracefs is not mounted and mounting it failed "
			 "(%s); try: mount -t tracefs nodev /sys/kernel/tracing", strerror(errno));
		return -ENOENT;
	}
	if (env.only_ours) {
		if (getrandom(&nonce, sizeof(nonce), 0) != sizeof(nonce))
			nonce = (uint32_t)getpid() * 2654435761u;
		snprintf(env.tag, sizeof(env.tag), "eh%08x: ", nonce);
	}
	/* open the pipe first: no line printed after attach can be missed */
	snprintf(env.path, sizeof(env.path), "%s/trace_pipe", dir);
	r->fd = open(env.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r->fd < 0 && errno == EBUSY) {
		eh_file_holder(env.path, who, sizeof(who));
		eh_error("%s is already reading trace_pipe, which takes one reader at a time; "
			 "stop it, or use 'ebpfhello events'", who);
		return -EBUSY;
	}
	if (r->fd < 0) {
		eh_error("cannot open %s: %s", env.path, strerror(errno));
		return -errno;
	}
	env.overrun_start = eh_tracefs_overruns();
	clock_marker();
	return 0;
}

static bool is_event(const struct eh_trace_line *t, const char *name)
{
	return t->event_len == strlen(name) && !memcmp(t->event, name, t->event_len);
}

/* the thread's process id and name: as our program saw them, else /proc */
static void who(const struct eh_trace_line *t, int64_t *pid, char comm[EH_COMM_LEN])
{
	struct trace_bpf *skel = env.s.skel;
	struct eh_trace_task task;
	__u32 tid = (__u32)t->pid;
	char name[EH_COMM_LEN];
	int64_t tgid;

	*pid = t->tgid;
	snprintf(comm, EH_COMM_LEN, "%.*s", (int)t->task_len, t->task);
	if (!bpf_map_lookup_elem(bpf_map__fd(skel->maps.tasks), &tid, &task)) {
		*pid = task.tgid;
		memcpy(comm, task.comm, EH_COMM_LEN);
		comm[EH_COMM_LEN - 1] = '\0';
		return;
	}
	if (eh_task_status(tid, &tgid, name) && !strcmp(comm, "<...>") && name[0])
		memcpy(comm, name, EH_COMM_LEN);
	if (*pid < 0)
		*pid = tgid;	/* -1 still where /proc did not say */
}

static int show_raw(struct eh_run *r, const char *line, size_t n)
{
	out_begin("trace_raw");
	out_strn("line", "%s", line, n);
	out_end();
	return eh_run_shown(r);
}

/* one line of trace_pipe; an enum eh_stop (count) or 0 */
static int on_line(struct eh_run *r, const char *line, size_t n)
{
	size_t tag_len = strlen(env.tag);
	struct eh_trace_line t;
	char comm[EH_COMM_LEN];
	int64_t pid;

	if (!eh_trace_line_parse(line, n, &t)) {
		/* never drop a line of ours, even one a strange name made unparsable */
		if (env.only_ours && !memmem(line, n, env.tag, tag_len)) {
			env.others++;
			return 0;
		}
		return show_raw(r, line, n);
	}
	/* only bpf_trace_printk lines are ours: trace_marker can forge the rest */
	if (env.only_ours && (!is_event(&t, "bpf_trace_printk") || t.msg_len < tag_len ||
			      memcmp(t.msg, env.tag, tag_len))) {
		env.others++;
		return 0;
	}
	if (env.raw)
		return show_raw(r, line, n);
	t.msg += tag_len;
	t.msg_len -= tag_len;
	who(&t, &pid, comm);
	out_begin_at("trace", eh_trace_ts_ns(t.ts, t.ts_len) + env.trace_to_wall_ns);
	out_text_time(eh_trace_ts_ns(t.ts, t.ts_len) + env.trace_to_wall_ns);
	out_str("comm", "%-16s ", comm);
	if (pid >= 0)
		out_s64("pid", "%-7lld ", pid);
	else
		out_text("%-7s ", "-");
	out_s64("tid", "%-7lld ", t.pid);
	out_s64("cpu", "%3lld ", t.cpu);
	out_json_strn("flags", t.flags, t.flags_len);
	out_json_strn("event", t.event, t.event_len);
	out_json_strn("trace_ts", t.ts, t.ts_len);
	out_strn("message", "%s", t.msg, t.msg_len);
	out_end();
	return eh_run_shown(r);
}

/* the marker line pins the trace clock to the wall clock */
static bool is_marker(const char *line, size_t n)
{
	struct eh_trace_line t;

	if (!eh_trace_line_parse(line, n, &t) || !is_event(&t, "tracing_mark_write") ||
	    t.msg_len != strlen(env.marker) || memcmp(t.msg, env.marker, t.msg_len))
		return false;
	env.trace_to_wall_ns = env.marker_wall_ns - eh_trace_ts_ns(t.ts, t.ts_len);
	env.synced = true;
	return true;
}

/* lines before the clock marker were in the kernel's buffer before this run
 * opened it (an earlier reader stopped and left them): not this run's,
 * so dropped and counted; the marker's own line goes too */
static void drop_earlier(const char *upto)
{
	const char *q;

	for (q = env.buf; q < upto; q++)
		env.earlier += *q == '\n';
	env.len -= (size_t)(upto - env.buf);
	memmove(env.buf, upto, env.len);
}

/* before the marker came back: is it in buf yet? */
static void find_marker(void)
{
	char *p = env.buf, *nl, *end = env.buf + env.len;

	for (; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
		if (is_marker(p, (size_t)(nl - p))) {
			size_t marker = (size_t)(nl + 1 - p);

			drop_earlier(p);
			env.len -= marker;
			memmove(env.buf, env.buf + marker, env.len);
			return;
		}
	}
	if (eh_wall_ns() - env.marker_wall_ns > SYNC_WAIT_NS) {
		env.synced = true;
		env.trace_to_wall_ns = eh_realtime_offset_ns();
		eh_verbose(1, "the clock marker did not come back: trace times are taken as "
			   "CLOCK_MONOTONIC");
	} else if (env.len == sizeof(env.buf)) {
		drop_earlier(p);	/* full of earlier lines: the marker is further on */
	}
}

static int on_readable(struct eh_run *r)
{
	char *nl, *start;
	ssize_t n;
	int stop = 0;

	n = read(r->fd, env.buf + env.len, sizeof(env.buf) - env.len);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	env.len += (size_t)n;
	if (!env.synced)
		find_marker();
	if (!env.synced)
		return 0;
	start = env.buf;
	while (!stop && (nl = memchr(start, '\n', env.len - (size_t)(start - env.buf)))) {
		/* trace_pipe separates events with "\n"; skip the empty ones */
		if (nl > start)
			stop = on_line(r, start, (size_t)(nl - start));
		start = nl + 1;
	}
	env.len -= (size_t)(start - env.buf);
	memmove(env.buf, start, env.len);
	if (!stop && env.len == sizeof(env.buf)) {	/* a line longer than the buffer */
		stop = on_line(r, env.buf, env.len);
		env.len = 0;
	}
	return stop;
}

static void meta(struct eh_run *r)
{
	out_json_str("message", env.message);
	out_json_bool("only_ours", env.only_ours);
	out_json_bool("raw", env.raw);
}

static void header(struct eh_run *r)
{
	if (env.raw)
		return;
	eh_session_say(r->s, "printing at ", "");
	out_text("%-*s %-16s %-7s %-7s %3s %s\n", out_time_width(), "TIME", "COMM", "PID", "TID",
		 "CPU", "MESSAGE");
}

static void summary(struct eh_run *r)
{
	struct trace_bpf *skel = env.s.skel;

	eh_summary_count("lines", r->records, "line shown", "lines shown");
	eh_summary_count("other_lines", env.others, "other line skipped", "other lines skipped");
	out_json_u64("earlier_lines", env.earlier);
	if (env.earlier)
		out_text(" %llu earlier line%s skipped,", (unsigned long long)env.earlier,
			 env.earlier == 1 ? "" : "s");
	out_u64("printed", " program printed %llu", skel->bss->eh_printed);
	out_text(" (%s;", eh_session_counts(r->s));
	out_u64("print_failed", " %llu failed),", skel->bss->eh_failed);
	out_u64("trace_overruns", " %llu lines overrun in the kernel,",
		eh_tracefs_overruns() - env.overrun_start);
}

int cmd_trace(int argc, char **argv)
{
	int status;

	env.s.open = open_skel;
	eh_argp_parse(&cmd_trace_argp, argc, argv);
	eh_args_attach(&env.s);
	env.r = (struct eh_run){ .s = &env.s, .fd = -1, .before_attach = before_attach,
				 .on_readable = on_readable, .meta = meta, .header = header,
				 .summary = summary, .say_counts = true };
	status = eh_run_stream(&env.r);
	if (env.r.fd >= 0)
		close(env.r.fd);
	return status;
}
