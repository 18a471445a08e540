// SPDX-License-Identifier: MIT
/*
 * events: hello-buffer.py and exercise 1.  One record per exec through the
 * event buffer (a BPF ring buffer, or the perf buffer on kernels before
 * 5.8): time, pid, ppid, uid, comm, the exec'd file and the pid-parity
 * message.  Records the kernel could not hand over are counted there and
 * reported (a "lost" record, a stderr line in text mode, the summary).
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/events.h>
#include <ebpfhello/evbuf.h>
#include <ebpfhello/loop.h>
#include <ebpfhello/output.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/session.h>

#include "events.skel.h"

static struct env {
	struct eh_session s;
	const char *msg_even, *msg_odd;
	struct eh_stream st;
	uint64_t seen;
	int64_t realtime_offset_ns;	/* CLOCK_REALTIME - CLOCK_MONOTONIC */
	struct eh_loop loop;
} env = { .msg_even = "Hello World", .msg_odd = "Hello Odd World" };

enum { OPT_EVEN = 0x200, OPT_ODD };

static const struct argp_option options[] = {
	{ "message-even", OPT_EVEN, "TEXT", 0, "message for even pids (default \"Hello World\")", 0 },
	{ "message-odd", OPT_ODD, "TEXT", 0, "message for odd pids (default \"Hello Odd World\")", 0 },
	{ 0 }
};

static const char doc[] =
	"Stream one record per exec through a BPF ring buffer (Learning eBPF's "
	"hello-buffer.py), with a different message for odd and even pids "
	"(exercise 1).\v"
	"Records the kernel could not queue (a full buffer) are counted in the kernel "
	"and reported: a \"lost\" record in JSON, a line on stderr in text, and in the "
	"summary.\n\n"
	"Examples:\n"
	"  ebpfhello events\n"
	"  ebpfhello events --json | jq -r .filename\n"
	"  ebpfhello events --uid 1000 --count 10\n"
	"  ebpfhello events --buffer perf --buffer-size 64\n";

static void check_message(const char *opt, const char *arg)
{
	size_t i;

	if (!*arg || strlen(arg) >= EH_MSG_LEN)
		eh_bad_value(opt, arg, "1 to 15 bytes of text");
	for (i = 0; arg[i]; i++)
		if ((unsigned char)arg[i] < 0x20 || arg[i] == 0x7f)
			eh_bad_value(opt, arg, "text without control characters");
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_EVEN:
		check_message("--message-even", arg);
		env.msg_even = arg;
		return 0;
	case OPT_ODD:
		check_message("--message-odd", arg);
		env.msg_odd = arg;
		return 0;
	case ARGP_KEY_ARG:
		eh_bad_value("argument", arg, "options only (see --help)");
	case ARGP_KEY_END:
		eh_session_add_syscalls(&env.s, "execve");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_buffer_argp, 0, NULL, 0 },
	{ &eh_attach_argp, 0, NULL, 0 },
	{ &eh_filter_argp, 0, NULL, 0 },
	{ &eh_stream_argp, 0, NULL, 0 },
	{ &eh_output_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp argp = { options, parse_opt, NULL, doc, children, NULL, NULL };

static int open_skel(struct eh_session *s)
{
	struct events_bpf *skel = events_bpf__open();
	int err;

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	/* checked to fit (with the NUL) when parsed */
	memset((char *)skel->rodata->eh_msg_even, 0, EH_MSG_LEN);
	memcpy((char *)skel->rodata->eh_msg_even, env.msg_even, strlen(env.msg_even));
	memset((char *)skel->rodata->eh_msg_odd, 0, EH_MSG_LEN);
	memcpy((char *)skel->rodata->eh_msg_odd, env.msg_odd, strlen(env.msg_odd));
	err = eh_evbuf_configure(skel->maps.eh_events, s->cfg, eh_opts.buffer, eh_opts.buffer_kb);
	if (err)
		events_bpf__destroy(skel);
	return err;
}

static void close_skel(struct eh_session *s)
{
	events_bpf__destroy(s->skel);
}

static void print_event(const struct eh_exec_event *e)
{
	out_begin("event");
	out_walltime("ts", (int64_t)e->ts_ns + env.realtime_offset_ns);
	out_u64("pid", "%-7llu ", e->pid);
	out_u64("ppid", "%-7llu ", e->ppid);
	out_u64("uid", "%-6llu ", e->uid);
	out_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	out_strn("message", "%-16s ", e->message, sizeof(e->message));
	out_strn("filename", "%s", e->filename, sizeof(e->filename));
	if (e->filename_len >= EH_FILENAME_LEN - 1)
		out_bool("filename_truncated", "%.0s...", true);
	out_end();
}

static int on_event(void *ctx, const void *data, size_t size)
{
	if (size < sizeof(struct eh_exec_event))
		return 0;
	print_event(data);
	env.seen++;
	if (eh_opts.count && env.seen >= eh_opts.count)
		return EH_STOP_COUNT;
	return 0;
}

int cmd_events(int argc, char **argv)
{
	struct events_bpf *skel;
	int err;

	env.s.open = open_skel;
	env.s.close = close_skel;
	eh_argp_parse(&argp, argc, argv, NULL);
	env.s.mode = eh_opts.attach;
	err = eh_session_start(&env.s, &env.loop);
	if (err)
		goto out;
	skel = env.s.skel;
	err = eh_stream_start(&env.st, &env.loop, skel->maps.eh_events, &skel->bss->eh_lost,
			      on_event, NULL);
	if (err)
		goto out;
	env.realtime_offset_ns = eh_realtime_offset_ns();

	eh_session_meta_begin(&env.s);
	out_str("buffer", NULL, eh_evbuf_kind(env.st.buf));
	out_u64("buffer_kb", NULL, eh_opts.buffer_kb ? eh_opts.buffer_kb : EH_EVBUF_DEFAULT_KB);
	out_str("message_even", NULL, env.msg_even);
	out_str("message_odd", NULL, env.msg_odd);
	out_end();
	out_text("%-12s %-7s %-7s %-6s %-16s %-16s %s\n", "TIME", "PID", "PPID", "UID",
		 "COMM", "MESSAGE", "FILENAME");
	out_flush();

	eh_loop_run(&env.loop, eh_opts.duration);
	if (env.loop.stop != EH_STOP_EPIPE) {
		eh_stream_drain(&env.st, &env.loop);
		eh_summary_begin();
		out_u64("events", " %llu events,", env.seen);
		out_u64("lost", " %llu lost,", skel->bss->eh_lost);
		out_str("buffer", " %s buffer,", eh_evbuf_kind(env.st.buf));
		eh_summary_end(&env.loop);
	}
out:
	eh_stream_close(&env.st);
	return eh_session_finish(&env.s, &env.loop, err);
}
