// SPDX-License-Identifier: MIT
/*
 * events: hello-buffer.py and exercise 1.  One record per exec through the
 * event buffer (a BPF ring buffer, or the perf buffer on kernels before
 * 5.8): time, pid, ppid, uid, comm, the parent's comm, the cgroup, the
 * exec'd file, the pid-parity message, and on request the arguments and
 * the result.  Records the kernel could not hand over are counted there
 * and reported (a "lost" record, a stderr line in text mode, the summary).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/escape.h>
#include <ebpfhello/base/parse.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/host/errnos.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/output_file.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/identity_fields.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/events.h>

#include "events.skel.h"
#include "events_columns.h"
#include "events_lineage.h"
#include "events_record.h"
#include "events_tree.h"

#define PID_MAX_LIMIT	4194304

static struct env {
	struct eh_session s;
	struct eh_run r;
	const char *msg_even, *msg_odd;
	uint64_t max_args;		/* 0: no --args */
	bool failed, results;
	bool identity;			/* --identity (or an -o column that needs it) */
	uint64_t ancestors;		/* --ancestors N */
	bool exits, tree, lineage;	/* --exits, --tree; exec ids: any of the three */
	uint64_t ppid;
	const char *cgroup_arg;
	int cgroup_fd;
	uint64_t cgroup_id;
	char cgroup[256];		/* --cgroup as a path from the root */
} env = { .msg_even = "Hello World", .msg_odd = "Hello Odd World", .cgroup_fd = -1 };

enum {
	OPT_EVEN = 0x200, OPT_ODD, OPT_ARGS, OPT_MAX_ARGS, OPT_FAILED, OPT_RESULTS,
	OPT_CGROUP, OPT_PPID, OPT_IDENTITY, OPT_ANCESTORS, OPT_EXITS, OPT_TREE, OPT_COLUMNS = 'o',
};

static const struct argp_option options[] = {
	{ "message-even", OPT_EVEN, "TEXT", 0,
	  "message for even pids, up to 15 bytes (default \"Hello World\")", 0 },
	{ "message-odd", OPT_ODD, "TEXT", 0,
	  "message for odd pids, up to 15 bytes (default \"Hello Odd World\")", 0 },
	{ "args", OPT_ARGS, NULL, 0,
	  "add each exec's arguments (up to --max-args and 4096 bytes; what is cut is marked)",
	  0 },
	{ "max-args", OPT_MAX_ARGS, "N", 0, "with --args: at most N arguments, 1 to 64 (default 20)",
	  0 },
	{ "failed", OPT_FAILED, NULL, 0,
	  "only failed execs, with ret and errno; the exec event never sees them, so this "
	  "attaches at the syscall's entry and exit (kprobe, fentry, else the syscall "
	  "tracepoints, which slow every syscall a little)", 0 },
	{ "results", OPT_RESULTS, NULL, 0,
	  "every exec with its result (ret, errno), failed ones too; as --failed, needs the exit", 0 },
	{ "identity", OPT_IDENTITY, NULL, 0,
	  "JSON: add who the task is to each record: its systemd unit and slice, "
	  "container, pod (from its cgroup), and its pid in its own pid namespace "
	  "(nspid, pidns)", 0 },
	{ "columns", OPT_COLUMNS, "LIST", 0,
	  "text: these columns, in this order (comma separated; listed below)", 0 },
	{ "ancestors", OPT_ANCESTORS, "N", 0,
	  "each record names its N nearest ancestors (1 to 16), read in the kernel at the "
	  "exec, each with its exec id where known; adds exec ids (JSON)", 0 },
	{ "exits", OPT_EXITS, NULL, 0,
	  "also a record when a process ends: exit code or signal, core dumped, lifetime, "
	  "and the id of the exec it ran", 0 },
	{ "tree", OPT_TREE, NULL, 0,
	  "text: draw execs and exits under their ancestors, as ps --forest (implies --exits "
	  "and --ancestors 16); with --json the same records", 0 },
	/* beside --pid, --uid and --comm (eh_filter_argp's group) */
	{ "ppid", OPT_PPID, "PID", 0, "only children of this process (thread group id)", 40 },
	{ "cgroup", OPT_CGROUP, "PATH", 0,
	  "only tasks in this cgroup v2 or any cgroup below it: a directory "
	  "(/sys/fs/cgroup/system.slice/foo.service) or its path from the root", 40 },
	{ 0 }
};

static const char doc[] =
	"Stream one record per exec through a BPF ring buffer (Learning eBPF's "
	"hello-buffer.py), with a different message for odd and even pids "
	"(exercise 1).\v"
	"Records the kernel could not queue (a full buffer) are counted in the kernel "
	"and reported: a \"lost\" record in JSON, a line on stderr in text, and in the "
	"summary.  Each record names the parent's comm and the cgroup (v2) the task "
	"runs in.  At syscall entry a path or argument not yet readable is taken from "
	"the kernel's copy at the exec event or the failed exec's exit; one that stays "
	"unreadable is marked (<unread>, filename_unread, args_unread), never shown "
	"empty.\n\n"
	"Columns for -o (default: the ones below marked *, then what the options "
	"add):\n"
	"  time*, pid*, ppid*, uid*, comm*, pcomm*, result, message*, filename*, "
	"cgroup, unit, slice, container (runtime:id), pod (its UID), nspid, pidns, "
	"args (implies --args)\n\n"
	"Examples:\n"
	"  ebpfhello events\n"
	"  ebpfhello events --json | jq -r 'select(.type == \"event\") | .filename'\n"
	"  ebpfhello events --args --max-args 5\n"
	"  ebpfhello events -o time,pid,container,comm,args\n"
	"  ebpfhello events --identity -j | jq -c '[.container,.nspid]'\n"
	"  ebpfhello events --tree\n"
	"  ebpfhello events --exits --json | jq -c 'select(.type == \"exit\")'\n"
	"  ebpfhello events --failed\n"
	"  ebpfhello events --results --ppid 1234\n"
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
	case OPT_ARGS:
		if (!env.max_args)
			env.max_args = EH_DEFAULT_MAX_ARGS;
		return 0;
	case OPT_MAX_ARGS:
		env.max_args = eh_arg_u64("--max-args", arg, 1, EH_MAX_ARGS, "a number of arguments");
		return 0;
	case OPT_FAILED:
	case OPT_RESULTS:
		*(key == OPT_FAILED ? &env.failed : &env.results) = true;
		if (env.failed && env.results)
			eh_usage_error("--failed shows failed execs only, --results all of them: "
				       "give one");
		return 0;
	case OPT_PPID:
		env.ppid = eh_arg_u64("--ppid", arg, 1, PID_MAX_LIMIT, "a process id");
		return 0;
	case OPT_CGROUP:
		env.cgroup_arg = arg;
		return 0;
	case OPT_IDENTITY:
		env.identity = true;
		return 0;
	case OPT_COLUMNS:
		ev_columns_parse(arg);
		return 0;
	case OPT_ANCESTORS:
		env.ancestors = eh_arg_u64("--ancestors", arg, 1, EH_ANCESTORS_MAX,
					   "a number of ancestors");
		return 0;
	case OPT_EXITS:
	case OPT_TREE:
		*(key == OPT_EXITS ? &env.exits : &env.tree) = true;
		return 0;
	case ARGP_KEY_END:
		if (env.tree && ev_columns_chosen())
			eh_usage_error("--tree draws its own lines: -o chooses the columns of the "
				       "table, give one of them");
		if (env.tree && !env.ancestors)
			env.ancestors = EH_ANCESTORS_MAX;
		env.exits |= env.tree;
		env.lineage = env.ancestors || env.exits;
		if (ev_columns_need_args() && !env.max_args)
			env.max_args = EH_DEFAULT_MAX_ARGS;
		if (env.identity && !eh_opts.json && !eh_output_file_opts.path)
			eh_usage_error("--identity adds fields to JSON records: give --json (or "
				       "--output), or choose text columns with -o (unit, container...)");
		if (ev_columns_need_identity())
			env.identity = true;
		if (env.cgroup_arg)
			env.cgroup_fd = eh_cgroup_open_arg("--cgroup", env.cgroup_arg, &env.cgroup_id,
							   env.cgroup, sizeof(env.cgroup));
		env.s.sides = env.failed || env.results ? EH_ENTRY | EH_EXIT : EH_ENTRY;
		/* where the entry could not read a value, a failed exec's exit can */
		env.s.extra_sides = EH_EXIT;
		eh_args_syscalls(&env.s, "execve,execveat");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_attach_argp, 0, NULL, 0 },
	{ &eh_streaming_argp, 0, NULL, 0 },
	{ 0 }
};

EH_CMD_DEFINE(events, options, parse_opt, doc, children)
EH_CMD_BOOK(events, "hello-buffer.py, exercise 1",
	{ "eh_ev_*", "hello() of hello-buffer.py, a kprobe at execve there: one record "
	  "(pid, uid, command, and the message \"Hello World\" for even pids, another for "
	  "odd ones: exercise 1) handed to user space; here with the filename, the parent "
	  "and, at the exit side (--failed), the result" },
	{ "eh_events", "BPF_PERF_OUTPUT(output) of hello-buffer.py, filled by "
	  "output.perf_submit(): here a ring buffer where the kernel has one, a perf "
	  "buffer otherwise, and every record that finds no room is counted (eh_lost)" },
	{ "heap", "not in the book: a per-CPU scratch record, too big for the BPF stack" },
	{ "pending", "the exit side: each exec's record until its result is known" },
	{ "cgroup_filter", "--cgroup: the cgroup whose tasks are kept" })

static int syscall_nr(const char *name)
{
	const struct eh_syscall *sc = eh_syscall_by_name(name);

	return sc ? sc->nr : -1;
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
	skel->rodata->eh_max_args = (__u32)env.max_args;
	skel->rodata->eh_ppid = (__u32)env.ppid;
	skel->rodata->eh_cgroup_filter = env.cgroup_fd >= 0;
	skel->rodata->eh_exit_side = !!(s->sides & EH_EXIT);
	skel->rodata->eh_failed_only = env.failed;
	skel->rodata->eh_identity = env.identity;
	skel->rodata->eh_lineage = env.lineage;
	skel->rodata->eh_ancestors = (__u32)env.ancestors;
	skel->rodata->eh_exits = env.exits;
	skel->rodata->eh_nr_execve = syscall_nr("execve");
	skel->rodata->eh_nr_execveat = syscall_nr("execveat");
	/*
	 * At syscall entry a value may not be readable yet: the record is kept
	 * and completed at the exec event (a companion program; --failed drops
	 * successful execs anyway) or at a failed exec's exit.  The exec event
	 * itself reads the kernel's copies: nothing is kept, nothing added.
	 */
	if (!eh_mode_exec_only(s->chosen)) {
		skel->rodata->eh_complete_at_exit = !(s->sides & EH_EXIT) &&
						    (s->attached_sides & EH_EXIT);
		skel->rodata->eh_complete_at_exec = !env.failed;
		/* lineage: every exec is noted there, --failed or not */
		skel->rodata->eh_exec_notes_only = env.failed;
		if (!env.failed || env.lineage)
			s->companions[s->nr_companions++] = skel->progs.eh_ev_exec;
	} else {
		bpf_map__set_max_entries(skel->maps.pending, 1);
	}
	/* lineage: a process's end forgets its exec (and makes --exits' record) */
	bpf_program__set_autoload(skel->progs.eh_ev_exit, false);
	if (env.lineage)
		s->companions[s->nr_companions++] = skel->progs.eh_ev_exit;
	else
		bpf_map__set_max_entries(skel->maps.eh_execs, 1);
	return eh_evbuf_configure(skel->maps.eh_events, s->cfg, eh_opts.buffer, eh_opts.buffer_kb);
}

/* --cgroup: the filter's cgroup, by its fd, before anything is attached */
static int loaded(struct eh_session *s)
{
	struct events_bpf *skel = s->skel;
	__u32 zero = 0;

	if (env.cgroup_fd < 0)
		return 0;
	return bpf_map_update_elem(bpf_map__fd(skel->maps.cgroup_filter), &zero, &env.cgroup_fd,
				   BPF_ANY) ? -errno : 0;
}

static int attached(struct eh_run *r)
{
	struct events_bpf *skel = env.s.skel;

	r->buffer = skel->maps.eh_events;
	r->lost = &skel->bss->eh_lost;
	return 0;
}

/* ---- a record -------------------------------------------------------------------- */

/* the cgroup id and path (JSON; text: a column with --cgroup), and with
 * --identity who the task is */
static void show_cgroup(uint64_t cgroup_id, uint32_t nspid, uint32_t pidns)
{
	const char *cg = eh_cgroup_path(cgroup_id);

	out_json_u64("cgroup_id", cgroup_id);
	if (!env.cgroup_arg) {
		if (cg)
			out_json_str("cgroup", cg);
	} else if (!cg) {
		out_text(env.max_args ? " %-24s" : " %s", "-");
	} else if (env.max_args) {
		out_str("cgroup", " %-24s", cg);
	} else {
		out_str("cgroup", " %s", cg);
	}
	if (!env.identity)
		return;
	eh_identity_fields_json(cgroup_id);
	if (pidns) {
		out_json_u64("nspid", nspid);
		out_json_u64("pidns", pidns);
	} else {	/* the kernel side could not read them */
		out_json_null("nspid");
		out_json_null("pidns");
	}
}

/* --exits: a process's end */
static int on_exit_record(struct eh_run *r, const struct eh_exit_event *x, size_t size)
{
	int64_t wall = (int64_t)x->ts_ns + r->realtime_offset_ns;

	if (size < EH_EXIT_HDR || EH_EXIT_SIZE(x) > size || x->nr_ancestors > EH_ANCESTORS_MAX)
		return 0;
	out_begin_at("exit", wall);
	if (env.tree && !eh_opts.json) {
		ev_tree_exit(x, wall);
	} else {
		out_text_time(wall);
		ev_exit_show(x);
		show_cgroup(x->cgroup_id, x->nspid, x->pidns);
		if (env.ancestors)
			ev_ancestors_json(x->ancestors, x->nr_ancestors, x->lineage);
	}
	out_end();
	return EH_RUN_SHOWN;
}

/* with lineage: the exec id and the ancestors (JSON) */
static void show_lineage(const struct eh_exec_event *e)
{
	struct eh_ancestor a[EH_ANCESTORS_MAX];

	ev_exec_id_json("exec_id", e->exec_ns, e->pid);
	if (env.ancestors)
		ev_ancestors_json(a, ev_exec_ancestors(e, a), e->lineage);
}

static int on_record(struct eh_run *r, const void *data, size_t size)
{
	const struct eh_exec_event *e = data;
	int64_t wall = (int64_t)e->ts_ns + r->realtime_offset_ns;

	if (size >= EH_EXIT_HDR && e->kind == EH_REC_EXIT)
		return on_exit_record(r, data, size);
	if (size < EH_EXEC_HDR + 1 || EH_EXEC_SIZE(e) > size || EH_EXEC_SIZE(e) > EH_EXEC_MAX ||
	    e->nr_ancestors > EH_ANCESTORS_MAX)
		return 0;
	if (env.tree && !eh_opts.json) {
		out_begin_at("event", wall);
		ev_tree_exec(e, wall, env.max_args);
		out_end();
		return EH_RUN_SHOWN;
	}
	if (!eh_opts.json && ev_columns_chosen()) {
		out_begin_at("event", wall);
		ev_columns_record(e, wall, env.max_args);
		out_end();
		return EH_RUN_SHOWN;
	}
	out_begin_at("event", wall);
	out_text_time(wall);
	out_u64("pid", "%-7llu ", e->pid);
	out_u64("ppid", "%-7llu ", e->ppid);
	out_u64("uid", "%-5llu ", e->uid);
	out_strn("comm", "%-15s ", e->comm, sizeof(e->comm));
	out_strn("pcomm", "%-15s ", e->pcomm, sizeof(e->pcomm));
	if (e->flags & EH_EV_RESULT)
		ev_show_result(e->ret);
	out_strn("message", "%-15s ", e->message, sizeof(e->message));
	/* padded where another column follows */
	ev_show_filename(e, env.cgroup_arg || env.max_args ? 24 : 0);
	show_cgroup(e->cgroup_id, e->nspid, e->pidns);
	if (env.max_args)
		ev_show_args(e, env.max_args);
	if (env.lineage)
		show_lineage(e);
	out_end();
	return EH_RUN_SHOWN;
}

static void meta(struct eh_run *r)
{
	out_json_str("message_even", env.msg_even);
	out_json_str("message_odd", env.msg_odd);
	out_json_bool("args", env.max_args > 0);
	if (env.max_args) {
		out_json_u64("max_args", env.max_args);
		out_json_u64("args_bytes", EH_ARGS_LEN);
	}
	/* whether records carry the result: the exit side is attached */
	out_json_bool("results", env.s.sides & EH_EXIT);
	out_json_bool("failed_only", env.failed);
	out_json_bool("identity", env.identity);
	out_json_u64("ancestors", env.ancestors);
	out_json_bool("exits", env.exits);
	if (env.ppid)
		out_json_u64("ppid_filter", env.ppid);
	if (env.cgroup_fd >= 0) {
		out_json_str("cgroup_filter", env.cgroup);
		out_json_u64("cgroup_filter_id", env.cgroup_id);
	}
}

static void header(struct eh_run *r)
{
	if (env.tree) {
		ev_tree_header();
		return;
	}
	if (ev_columns_chosen()) {
		ev_columns_header();
		return;
	}
	out_text("%-*s %-7s %-7s %-5s %-15s %-15s ", out_time_width(), "TIME", "PID", "PPID",
		 "UID", "COMM", "PCOMM");
	if (env.s.sides & EH_EXIT)
		out_text("%-12s ", "RESULT");
	out_text("%-15s ", "MESSAGE");
	/* the columns of free width last, padded to 24 where another follows
	 * (a longer value pushes the rest right); CGROUP only with --cgroup */
	if (env.cgroup_arg || env.max_args)
		out_text("%-24s ", "FILENAME");
	else
		out_text("%s", "FILENAME");
	if (env.cgroup_arg && env.max_args)
		out_text("%-24s ", "CGROUP");
	else if (env.cgroup_arg)
		out_text("%s", "CGROUP");
	out_text("%s\n", env.max_args ? "ARGS" : "");
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
	int status;

	env.s.open = open_skel;
	env.s.loaded = loaded;
	eh_argp_parse(&cmd_events_argp, argc, argv);
	eh_args_attach(&env.s);
	if (env.lineage && ev_lineage_init())
		return 1;
	env.r = (struct eh_run){ .s = &env.s, .attached = attached, .on_record = on_record,
				 .meta = meta, .header = header, .summary = summary };
	status = eh_run_stream(&env.r);
	if (env.cgroup_fd >= 0)
		close(env.cgroup_fd);
	return status;
}
