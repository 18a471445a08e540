// SPDX-License-Identifier: MIT
/* foo: one record per getppid (the example of docs/development.md). */
#include <errno.h>

#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/foo.h>

#include "foo.skel.h"

static struct {
	struct eh_session s;
	struct eh_run r;
} env;

static const struct argp_option options[] = { { 0 } };

static const char doc[] =
	"One record per getppid call, through the event buffer.\v"
	"Examples:\n"
	"  ebpfhello foo --count 1\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	if (key != ARGP_KEY_END)
		return ARGP_ERR_UNKNOWN;
	eh_args_syscalls(&env.s, "getppid");
	return 0;
}

EH_CMD_DEFINE(foo, options, parse_opt, doc, eh_streaming_children)
EH_CMD_BOOK(foo, "nothing: the example of docs/development.md",
	{ "eh_foo_*", "a record per getppid, as hello-buffer.py sends one per exec" })

static int open_skel(struct eh_session *s)
{
	struct foo_bpf *skel = foo_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	return eh_evbuf_configure(skel->maps.eh_events, s->cfg, eh_opts.buffer, eh_opts.buffer_kb);
}

static int attached(struct eh_run *r)
{
	struct foo_bpf *skel = env.s.skel;

	r->buffer = skel->maps.eh_events;
	r->lost = &skel->bss->eh_lost;
	return 0;
}

static int on_record(struct eh_run *r, const void *data, size_t size)
{
	const struct eh_foo_event *e = data;

	if (size < sizeof(*e))
		return 0;
	out_begin("foo");
	out_u64("pid", "%-7llu ", e->pid);
	out_strn("comm", "%s", e->comm, sizeof(e->comm));
	out_end();
	return EH_RUN_SHOWN;
}

int cmd_foo(int argc, char **argv)
{
	env.s.open = open_skel;
	eh_argp_parse(&cmd_foo_argp, argc, argv);
	env.r = (struct eh_run){ .s = &env.s, .attached = attached, .on_record = on_record };
	return eh_run_stream(&env.r);
}
