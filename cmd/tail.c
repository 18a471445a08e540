// SPDX-License-Identifier: MIT
/*
 * tail: hello-tail.py.  A sys_enter dispatcher tail-calls, through a prog
 * array indexed by syscall id, into a handler chosen by syscall *name* on
 * the command line and resolved for this architecture: exec, timer, ignore,
 * or the default ("Another syscall: NAME (N)").  The array is filled before
 * the dispatcher is attached.  Records go through the event buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/maps.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/tail.h>

#include "tail.skel.h"

/* the handlers a syscall can be given to, and what they are by default */
#define NR_MAPPED 3	/* exec, timer, ignore */

static const char *const handler_names[EH_TAIL_NR] = {
	[EH_TAIL_EXEC] = "exec", [EH_TAIL_TIMER] = "timer", [EH_TAIL_IGNORE] = "ignore",
	[EH_TAIL_DEFAULT] = "default", [EH_TAIL_FAILED] = "failed",
};

/*
 * hello-tail.py's mapping by name.  Its ignore list was arm64's busiest
 * syscalls, given as arm64 numbers next to x86-64 ones for the rest; by
 * name it means the same on every architecture (names a table lacks are
 * skipped).  epoll_wait, poll and select are the x86-64 twins of
 * epoll_pwait, ppoll and pselect6, which arm64 has instead.
 */
static const char *const defaults[NR_MAPPED] = {
	[EH_TAIL_EXEC] = "execve",
	[EH_TAIL_TIMER] = "timer_create,timer_settime,timer_gettime,timer_getoverrun,timer_delete",
	[EH_TAIL_IGNORE] = "epoll_ctl,epoll_pwait,fcntl,ioctl,openat,close,read,write,writev,"
			   "pselect6,ppoll,newfstatat,futex,nanosleep,clock_nanosleep,tgkill,"
			   "rt_sigaction,rt_sigprocmask,rt_sigreturn,getpid,madvise,bpf,statx,"
			   "epoll_wait,poll,select",
};

static const char *const messages[] = {
	[EH_TAIL_MSG_EXEC] = "Executing a program",
	[EH_TAIL_MSG_TIMER_CREATE] = "Creating a timer",
	[EH_TAIL_MSG_TIMER_DELETE] = "Deleting a timer",
	[EH_TAIL_MSG_TIMER_OTHER] = "Some other timer operation",
	[EH_TAIL_MSG_OTHER] = "Another syscall",
};

static struct env {
	struct eh_session s;
	struct eh_run r;
	signed char handler_of[EH_SYSCALL_SLOTS];	/* -1: none */
	bool explicit_list[NR_MAPPED];			/* replaced on the command line */
	bool ignore_others;
	int nr_filled;
} env;

enum { OPT_HANDLER = 'H', OPT_IGNORE = 'I', OPT_IGNORE_OTHERS = 'O' };

static const struct argp_option options[] = {
	{ "handler", OPT_HANDLER, "NAME=SYSCALLS", 0,
	  "give these syscalls (names or patterns, comma separated) to handler "
	  "exec, timer or ignore; replaces that handler's default list", 0 },
	{ "ignore", OPT_IGNORE, "SYSCALLS", 0, "the same as --handler ignore=SYSCALLS", 0 },
	{ "ignore-all-others", OPT_IGNORE_OTHERS, NULL, 0,
	  "syscalls without a handler are counted as ignored, not printed", 0 },
	{ 0 }
};

static const char doc[] =
	"Dispatch every syscall through BPF tail calls to a handler chosen by "
	"syscall name (Learning eBPF's hello-tail.py, exercise 4).\v"
	"Default mapping, as the original: exec=execve; timer=timer_create,"
	"timer_settime,timer_gettime,timer_getoverrun,timer_delete; ignore=the busiest "
	"syscalls (read, write, futex, ...); everything else goes to the default "
	"handler: \"Another syscall: NAME (N)\".  A syscall may have one handler.\n\n"
	"Examples:\n"
	"  ebpfhello tail\n"
	"  ebpfhello tail --handler exec=execve,execveat --handler 'timer=timer_*'\n"
	"  ebpfhello tail --json -n 5 | jq -r 'select(.type == \"tail\").message'\n"
	"  ebpfhello tail --pid 1234 --ignore read,write\n";

static void give(const struct eh_syscall *sc, int handler, bool from_defaults)
{
	int cur;

	if (sc->nr < 0 || sc->nr >= EH_SYSCALL_SLOTS)
		return;
	cur = env.handler_of[sc->nr];
	if (cur >= 0 && cur != handler) {
		if (from_defaults)
			return;		/* the command line's choice wins */
		eh_usage_error("syscall '%s' is given to two handlers, %s and %s",
			       sc->name, handler_names[cur], handler_names[handler]);
	}
	env.handler_of[sc->nr] = (signed char)handler;
}

static void map_list(int handler, const char *list)
{
	const struct eh_syscall *sys[EH_SYSCALL_SLOTS];
	char bad[64], what[128];
	int n, i;

	if (!*list)
		return;		/* "--handler exec=": that handler gets nothing */
	n = eh_syscall_resolve(list, sys, EH_SYSCALL_SLOTS, bad, sizeof(bad));
	if (n < 0) {
		snprintf(what, sizeof(what), "syscall names of %s (see count-syscall --list)",
			 eh_syscall_arch());
		eh_bad_value(handler == EH_TAIL_IGNORE ? "--ignore" : "--handler",
			     n == -1 ? bad : list, what);
	}
	for (i = 0; i < n; i++)
		give(sys[i], handler, false);
}

static void parse_handler(char *arg)
{
	char *eq = strchr(arg, '=');
	int h;

	if (!eq)
		eh_bad_value("--handler", arg, "NAME=SYSCALLS, e.g. exec=execve,execveat");
	*eq = '\0';
	for (h = 0; h < NR_MAPPED; h++)
		if (!strcmp(arg, handler_names[h]))
			break;
	if (h == NR_MAPPED)
		eh_bad_value("--handler", arg, "a handler named exec, timer or ignore");
	env.explicit_list[h] = true;
	map_list(h, eq + 1);
}

/* default lists for the handlers the command line left alone */
static void apply_defaults(void)
{
	char list[512], *item, *save;
	int h;

	for (h = 0; h < NR_MAPPED; h++) {
		if (env.explicit_list[h])
			continue;
		snprintf(list, sizeof(list), "%s", defaults[h]);
		for (item = strtok_r(list, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
			const struct eh_syscall *sc = eh_syscall_by_name(item);

			if (sc)
				give(sc, h, true);
		}
	}
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_HANDLER:
		parse_handler(arg);
		return 0;
	case OPT_IGNORE:
		env.explicit_list[EH_TAIL_IGNORE] = true;
		map_list(EH_TAIL_IGNORE, arg);
		return 0;
	case OPT_IGNORE_OTHERS:
		env.ignore_others = true;
		return 0;
	case ARGP_KEY_INIT:
		memset(env.handler_of, -1, sizeof(env.handler_of));
		return 0;
	case ARGP_KEY_END:
		apply_defaults();
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

EH_CMD_DEFINE(tail, options, parse_opt, doc, eh_streaming_children)
EH_CMD_BOOK(tail, "hello-tail.py, exercise 4",
	{ "eh_tail_dispatch", "hello() of hello-tail.py, RAW_TRACEPOINT_PROBE(sys_enter) "
	  "there (exercise 4): it reads the syscall id (ctx->args[1]) and tail-calls "
	  "syscall.call(ctx, opcode); an empty slot falls through to \"Another syscall\"" },
	{ "eh_tail_exec", "hello_exec() of hello-tail.py: \"Executing a program\"" },
	{ "eh_tail_timer", "hello_timer(): \"Creating a timer\", \"Deleting a timer\", "
	  "\"Some other timer operation\"" },
	{ "eh_tail_ignore", "ignore_opcode(): nothing, for the busiest syscalls" },
	{ "handlers", "BPF_PROG_ARRAY(syscall, 300) of hello-tail.py: slot = syscall id, "
	  "value = a handler program; here filled by name, before attaching", true },
	{ "tail_counts", "not in the book: how often each handler ran, per CPU" },
	{ "eh_events", "in the book each handler wrote a line with bpf_trace_printk() to "
	  "the one trace_pipe every program shares; here a ring buffer (a perf buffer "
	  "before 5.8) carries this run's records alone" })

static int open_skel(struct eh_session *s)
{
	const struct eh_syscall *create = eh_syscall_by_name("timer_create");
	const struct eh_syscall *delete = eh_syscall_by_name("timer_delete");
	struct tail_bpf *skel = tail_bpf__open();
	int nr;

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	for (nr = 0; nr < EH_SYSCALL_SLOTS; nr++)
		if (env.handler_of[nr] >= 0)
			skel->rodata->eh_filled[nr / 64] |= 1ULL << (nr % 64);
	skel->rodata->eh_ignore_others = env.ignore_others;
	skel->rodata->eh_self_tgid = (__u32)getpid();
	skel->rodata->eh_nr_timer_create = create ? create->nr : -1;
	skel->rodata->eh_nr_timer_delete = delete ? delete->nr : -1;
	return eh_evbuf_configure(skel->maps.eh_events, s->cfg, eh_opts.buffer, eh_opts.buffer_kb);
}

/* Runs after load and before attach: no syscall ever sees a half-filled array. */
static int fill_handlers(struct eh_session *s)
{
	struct tail_bpf *skel = s->skel;
	int fds[NR_MAPPED] = {
		[EH_TAIL_EXEC] = bpf_program__fd(skel->progs.eh_tail_exec),
		[EH_TAIL_TIMER] = bpf_program__fd(skel->progs.eh_tail_timer),
		[EH_TAIL_IGNORE] = bpf_program__fd(skel->progs.eh_tail_ignore),
	};
	int map = bpf_map__fd(skel->maps.handlers);
	__u32 nr;

	env.nr_filled = 0;
	for (nr = 0; nr < EH_SYSCALL_SLOTS; nr++) {
		if (env.handler_of[nr] < 0)
			continue;
		if (bpf_map_update_elem(map, &nr, &fds[(int)env.handler_of[nr]], BPF_ANY))
			return -errno;
		env.nr_filled++;
	}
	eh_verbose(1, "prog array: %d syscalls given to handlers, before attaching", env.nr_filled);
	return 0;
}

static int attached(struct eh_run *r)
{
	struct tail_bpf *skel = env.s.skel;

	r->buffer = skel->maps.eh_events;
	r->lost = &skel->bss->eh_lost;
	return 0;
}

static int on_record(struct eh_run *r, const void *data, size_t size)
{
	const struct eh_tail_event *e = data;
	const char *name = eh_syscall_name(e->id);
	unsigned int h = e->handler < EH_TAIL_NR ? e->handler : EH_TAIL_DEFAULT;
	unsigned int m = e->msg <= EH_TAIL_MSG_OTHER ? e->msg : EH_TAIL_MSG_OTHER;
	char sys[48], msg[96];

	if (size < sizeof(*e))
		return 0;
	if (name)
		snprintf(sys, sizeof(sys), "%s(%d)", name, e->id);
	else
		snprintf(sys, sizeof(sys), "%d", e->id);
	/* the book's text; in text mode the SYSCALL column already names it */
	if (m == EH_TAIL_MSG_OTHER && name)
		snprintf(msg, sizeof(msg), "%s: %s (%d)", messages[m], name, e->id);
	else if (m == EH_TAIL_MSG_OTHER)
		snprintf(msg, sizeof(msg), "%s: %d", messages[m], e->id);
	else
		snprintf(msg, sizeof(msg), "%s", messages[m]);

	out_begin_at("tail", (int64_t)e->ts_ns + r->realtime_offset_ns);
	out_text_time((int64_t)e->ts_ns + r->realtime_offset_ns);
	out_u64("pid", "%-7llu ", e->pid);
	out_json_u64("tid", e->tid);
	out_json_u64("uid", e->uid);
	out_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	out_str("handler", "%-8s ", handler_names[h]);
	out_text("%-24s ", sys);
	if (name)
		out_json_str("syscall", name);
	out_json_s64("syscall_id", e->id);
	out_json_str("message", msg);
	out_text("%s", messages[m]);
	out_end();
	return EH_RUN_SHOWN;
}

static void meta(struct eh_run *r)
{
	int h, nr;

	out_json_bool("ignore_others", env.ignore_others);
	out_open_object("handlers");
	for (h = 0; h < NR_MAPPED; h++) {
		out_open_array(handler_names[h]);
		for (nr = 0; nr < EH_SYSCALL_SLOTS; nr++)
			if (env.handler_of[nr] == h)
				out_json_str(NULL, eh_syscall_name(nr));
		out_close();
	}
	out_close();
}

static void header(struct eh_run *r)
{
	out_text("%-*s %-7s %-16s %-8s %-24s %s\n", out_time_width(), "TIME", "PID", "COMM",
		 "HANDLER", "SYSCALL", "MESSAGE");
}

static void summary(struct eh_run *r)
{
	struct tail_bpf *skel = env.s.skel;
	int fd = bpf_map__fd(skel->maps.tail_counts);
	__u32 h;

	eh_summary_count("events", r->records, "event", "events");
	out_u64("lost", " %llu lost,", skel->bss->eh_lost);
	out_open_object("handlers");
	for (h = 0; h < EH_TAIL_FAILED; h++) {
		out_text(" %s", handler_names[h]);
		out_u64(handler_names[h], " %llu,", eh_map_sum_percpu(fd, h));
	}
	out_close();
	out_u64("tail_call_failures", " %llu tail-call failures,",
		eh_map_sum_percpu(fd, EH_TAIL_FAILED));
}

/* Prometheus (docs/prometheus.md): the summary's per-handler counts */
static int metrics(struct eh_run *r, struct eh_prom *p)
{
	struct tail_bpf *skel = env.s.skel;
	int fd = bpf_map__fd(skel->maps.tail_counts);
	struct eh_label l = { "handler", NULL };
	__u32 h;

	eh_prom_family(p, "ebpfhello_tail_calls_total", "counter",
		       "Syscalls the dispatcher gave to each handler (exec, timer, ignore: "
		       "by tail call; default: those without one).");
	for (h = 0; h < EH_TAIL_FAILED; h++) {
		l.value = handler_names[h];
		eh_prom_sample(p, "ebpfhello_tail_calls_total", &l, 1, eh_map_sum_percpu(fd, h));
	}
	eh_prom_single(p, "ebpfhello_tail_call_failures_total", "counter",
		       "Syscalls whose handler's tail call did not happen.",
		       eh_map_sum_percpu(fd, EH_TAIL_FAILED));
	return 0;
}

/* --explain: the kernel does not count tail-called programs; each
 * handler's count is, but ignore's also holds the dispatcher's own
 * ignores under --ignore-all-others */
static int own_runs(const char *prog, uint64_t *runs)
{
	struct tail_bpf *skel = env.s.skel;
	int h;

	for (h = 0; h < NR_MAPPED; h++)
		if (!strncmp(prog, "eh_tail_", 8) && !strcmp(prog + 8, handler_names[h]))
			break;
	if (h == NR_MAPPED || (h == EH_TAIL_IGNORE && env.ignore_others))
		return -ENOENT;
	*runs = eh_map_sum_percpu(bpf_map__fd(skel->maps.tail_counts), (__u32)h);
	return 0;
}

int cmd_tail(int argc, char **argv)
{
	env.s.open = open_skel;
	env.s.loaded = fill_handlers;
	/* hello-tail.py's raw tracepoint, nothing else */
	env.s.mode = eh_mode_by_name("raw_tp");
	eh_argp_parse(&cmd_tail_argp, argc, argv);
	env.r = (struct eh_run){ .s = &env.s, .attached = attached, .on_record = on_record,
				 .meta = meta, .header = header, .summary = summary,
				 .metrics = metrics, .own_runs = own_runs };
	return eh_run_stream(&env.r);
}
