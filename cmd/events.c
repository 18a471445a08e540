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

#include <bpf/libbpf.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/events.h>
#include <ebpfhello/export.h>
#include <ebpfhello/output.h>
#include <ebpfhello/run.h>

#include "events.skel.h"

static struct env {
	struct eh_session s;
	struct eh_run r;
	const char *msg_even, *msg_odd;
} env = { .msg_even = "Hello World", .msg_odd = "Hello Odd World" };

enum { OPT_EVEN = 0x200, OPT_ODD };

static const struct argp_option options[] = {
	{ "message-even", OPT_EVEN, "TEXT", 0,
	  "message for even pids, up to 15 bytes (default \"Hello World\")", 0 },
	{ "message-odd", OPT_ODD, "TEXT", 0,
	  "message for odd pids, up to 15 bytes (default \"Hello Odd World\")", 0 },
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
	"  ebpfhello events --json | jq -r 'select(.type == \"event\") | .filename'\n"
	"  ebpfhello events --message-even even --message-odd odd --count 10\n"
	"  ebpfhello events --buffer perf --buffer-size 64\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_EVEN:
		eh_text_arg("--message-even", arg, EH_MSG_LEN - 1);
		env.msg_even = arg;
		return 0;
	case OPT_ODD:
		eh_text_arg("--message-odd", arg, EH_MSG_LEN - 1);
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
	{ &eh_metrics_stream_argp, 0, NULL, 0 },
	{ 0 }
};

const struct argp cmd_events_argp = { options, parse_opt, NULL, doc, children, NULL, NULL };

const void *cmd_events_elf(size_t *size)
{
	return events_bpf__elf_bytes(size);
}

static int open_skel(struct eh_session *s)
{
	struct events_bpf *skel = events_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	/* checked to fit, with the NUL, when parsed */
	memset((char *)skel->rodata->eh_msg_even, 0, EH_MSG_LEN);
	memcpy((char *)skel->rodata->eh_msg_even, env.msg_even, strlen(env.msg_even));
	memset((char *)skel->rodata->eh_msg_odd, 0, EH_MSG_LEN);
	memcpy((char *)skel->rodata->eh_msg_odd, env.msg_odd, strlen(env.msg_odd));
	return eh_evbuf_configure(skel->maps.eh_events, s->cfg, eh_opts.buffer, eh_opts.buffer_kb);
}

static int attached(struct eh_run *r)
{
	struct events_bpf *skel = env.s.skel;

	r->buffer = skel->maps.eh_events;
	r->lost = &skel->bss->eh_lost;
	return 0;
}

static int on_record(struct eh_run *r, const void *data, size_t size)
{
	const struct eh_exec_event *e = data;

	if (size < sizeof(*e))
		return 0;
	out_begin_at("event", (int64_t)e->ts_ns + r->realtime_offset_ns);
	out_text_time((int64_t)e->ts_ns + r->realtime_offset_ns);
	out_u64("pid", "%-7llu ", e->pid);
	out_u64("ppid", "%-7llu ", e->ppid);
	out_u64("uid", "%-6llu ", e->uid);
	out_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	out_strn("message", "%-16s ", e->message, sizeof(e->message));
	out_strn("filename", "%s", e->filename, sizeof(e->filename));
	if (e->truncated)
		out_bool("filename_truncated", "%.0s...", true);
	out_end();
	return EH_RUN_SHOWN;
}

static void meta(struct eh_run *r)
{
	out_json_str("message_even", env.msg_even);
	out_json_str("message_odd", env.msg_odd);
}

static void header(struct eh_run *r)
{
	out_text("%-*s %-7s %-7s %-6s %-16s %-16s %s\n", out_time_width(), "TIME", "PID", "PPID",
		 "UID", "COMM", "MESSAGE", "FILENAME");
}

static void summary(struct eh_run *r)
{
	struct events_bpf *skel = env.s.skel;

	eh_summary_count("events", r->records, "event", "events");
	out_u64("lost", " %llu lost,", skel->bss->eh_lost);
	out_str("buffer", " %s buffer,", eh_evbuf_kind(r->stream.buf));
}

int cmd_events(int argc, char **argv)
{
	env.s.open = open_skel;
	eh_argp_parse(&cmd_events_argp, argc, argv);
	eh_session_check_mode(&env.s);
	env.r.s = &env.s;
	env.r.attached = attached;
	env.r.on_record = on_record;
	env.r.meta = meta;
	env.r.header = header;
	env.r.summary = summary;
	return eh_run_stream(&env.r);
}
