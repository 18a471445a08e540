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
#include "events_env.h"
#include "events_lineage.h"
#include "events_record.h"
#include "events_tree.h"


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
	memcpy((char *)skel->rodata->eh_msg_even, ev_env.msg_even, strlen(ev_env.msg_even));
	memset((char *)skel->rodata->eh_msg_odd, 0, EH_MSG_LEN);
	memcpy((char *)skel->rodata->eh_msg_odd, ev_env.msg_odd, strlen(ev_env.msg_odd));
	skel->rodata->eh_max_args = (__u32)ev_env.max_args;
	skel->rodata->eh_ppid = (__u32)ev_env.ppid;
	skel->rodata->eh_cgroup_filter = ev_env.cgroup_fd >= 0;
	skel->rodata->eh_exit_side = !!(s->sides & EH_EXIT);
	skel->rodata->eh_failed_only = ev_env.failed;
	skel->rodata->eh_identity = ev_env.identity;
	skel->rodata->eh_lineage = ev_env.lineage;
	skel->rodata->eh_ancestors = (__u32)ev_env.ancestors;
	skel->rodata->eh_exits = ev_env.exits;
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
		if (!ev_env.failed) {
			skel->rodata->eh_complete_at_exec = 1;
			s->companions[s->nr_companions++] = skel->progs.eh_ev_exec;
		}
	} else {
		bpf_map__set_max_entries(skel->maps.pending, 1);
	}
	/* --exits: a process's end */
	bpf_program__set_autoload(skel->progs.eh_ev_exit, false);
	if (ev_env.exits)
		s->companions[s->nr_companions++] = skel->progs.eh_ev_exit;
	else
		bpf_map__set_max_entries(skel->maps.exit_claims, 1);
	return eh_evbuf_configure(skel->maps.eh_events, s->cfg, eh_opts.buffer, eh_opts.buffer_kb);
}

/* --cgroup: the filter's cgroup, by its fd, before anything is attached */
static int loaded(struct eh_session *s)
{
	struct events_bpf *skel = s->skel;
	__u32 zero = 0;

	if (ev_env.cgroup_fd < 0)
		return 0;
	return bpf_map_update_elem(bpf_map__fd(skel->maps.cgroup_filter), &zero, &ev_env.cgroup_fd,
				   BPF_ANY) ? -errno : 0;
}

static int attached(struct eh_run *r)
{
	struct events_bpf *skel = ev_env.s.skel;

	r->buffer = skel->maps.eh_events;
	r->lost = &skel->bss->eh_lost;
	return 0;
}

/* ---- a record -------------------------------------------------------------------- */

/* the cgroup id and path (JSON; text: a column with --cgroup), and with
 * --identity who the task is */
static void show_cgroup(uint64_t cgroup_id, uint32_t nspid, uint32_t pidns, bool padded)
{
	const char *cg = eh_cgroup_path(cgroup_id);

	out_json_u64("cgroup_id", cgroup_id);
	if (!ev_env.cgroup_arg) {
		if (cg)
			out_json_str("cgroup", cg);
	} else if (!cg) {
		out_text(padded ? " %-24s" : " %s", "-");
	} else if (padded) {
		out_str("cgroup", " %-24s", cg);
	} else {
		out_str("cgroup", " %s", cg);
	}
	if (!ev_env.identity)
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

static uint64_t exits_shown;

/* --exits: a process's end */
static int on_exit_record(struct eh_run *r, const struct eh_exit_event *x, size_t size)
{
	int64_t wall = (int64_t)x->ts_ns + r->realtime_offset_ns;

	if (size < EH_EXIT_HDR || EH_EXIT_SIZE(x) > size || x->nr_ancestors > EH_ANCESTORS_MAX)
		return 0;
	out_begin_at("exit", wall);
	if (ev_env.tree && !eh_opts.json) {
		ev_tree_exit(x, wall);
	} else {
		out_text_time(wall);
		ev_exit_show(x);
		show_cgroup(x->cgroup_id, x->nspid, x->pidns, false);
		if (ev_env.ancestors)
			ev_ancestors_json(x->ancestors, x->nr_ancestors, x->lineage);
	}
	out_end();
	exits_shown++;
	return EH_RUN_SHOWN;
}

/* with lineage: the exec id (JSON) and the ancestors (text: a column,
 * padded where the arguments follow) */
static void show_lineage(const struct eh_exec_event *e)
{
	struct eh_ancestor a[EH_ANCESTORS_MAX];
	unsigned int n;

	ev_exec_id_json("exec_id", &e->exec, e->pid);
	if (!ev_env.ancestors)
		return;
	n = ev_exec_ancestors(e, a);
	ev_ancestors_json(a, n, e->lineage);
	out_text(" ");
	ev_ancestors_text(a, n, e->lineage, ev_env.max_args ? 40 : 0);
}

static int on_record(struct eh_run *r, const void *data, size_t size)
{
	const struct eh_exec_event *e = data;
	int64_t wall = (int64_t)e->ts_ns + r->realtime_offset_ns;
	bool follows;

	if (size >= EH_EXIT_HDR && e->kind == EH_REC_EXIT)
		return on_exit_record(r, data, size);
	if (size < EH_EXEC_HDR + 1 || EH_EXEC_SIZE(e) > size || EH_EXEC_SIZE(e) > EH_EXEC_MAX ||
	    e->nr_ancestors > EH_ANCESTORS_MAX)
		return 0;
	if (ev_env.tree && !eh_opts.json) {
		out_begin_at("event", wall);
		ev_tree_exec(e, wall, ev_env.max_args);
		out_end();
		return EH_RUN_SHOWN;
	}
	if (!eh_opts.json && ev_columns_chosen()) {
		out_begin_at("event", wall);
		ev_columns_record(e, wall, ev_env.max_args);
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
	follows = ev_env.max_args || ev_env.ancestors;
	ev_show_filename(e, ev_env.cgroup_arg || follows ? 24 : 0);
	show_cgroup(e->cgroup_id, e->nspid, e->pidns, follows);
	if (ev_env.lineage)
		show_lineage(e);
	if (ev_env.max_args)
		ev_show_args(e, ev_env.max_args, true);
	out_end();
	return EH_RUN_SHOWN;
}

static void meta(struct eh_run *r)
{
	out_json_str("message_even", ev_env.msg_even);
	out_json_str("message_odd", ev_env.msg_odd);
	out_json_bool("args", ev_env.max_args > 0);
	if (ev_env.max_args) {
		out_json_u64("max_args", ev_env.max_args);
		out_json_u64("args_bytes", EH_ARGS_LEN);
	}
	/* whether records carry the result: the exit side is attached */
	out_json_bool("results", ev_env.s.sides & EH_EXIT);
	out_json_bool("failed_only", ev_env.failed);
	out_json_bool("identity", ev_env.identity);
	if (ev_env.lineage) {
		out_json_u64("ancestors", ev_env.ancestors);
		out_json_bool("exits", ev_env.exits);
	}
	if (ev_env.ppid)
		out_json_u64("ppid_filter", ev_env.ppid);
	if (ev_env.cgroup_fd >= 0) {
		out_json_str("cgroup_filter", ev_env.cgroup);
		out_json_u64("cgroup_filter_id", ev_env.cgroup_id);
	}
}

static void header(struct eh_run *r)
{
	bool follows;

	if (ev_env.tree) {
		ev_tree_header();
		return;
	}
	if (ev_columns_chosen()) {
		ev_columns_header();
		return;
	}
	out_text("%-*s %-7s %-7s %-5s %-15s %-15s ", out_time_width(), "TIME", "PID", "PPID",
		 "UID", "COMM", "PCOMM");
	if (ev_env.s.sides & EH_EXIT)
		out_text("%-12s ", "RESULT");
	out_text("%-15s ", "MESSAGE");
	/* the columns of free width last, padded where another follows (a
	 * longer value pushes the rest right); CGROUP only with --cgroup */
	follows = ev_env.max_args || ev_env.ancestors;
	if (ev_env.cgroup_arg || follows)
		out_text("%-24s ", "FILENAME");
	else
		out_text("%s", "FILENAME");
	if (ev_env.cgroup_arg && follows)
		out_text("%-24s ", "CGROUP");
	else if (ev_env.cgroup_arg)
		out_text("%s", "CGROUP");
	if (ev_env.ancestors && ev_env.max_args)
		out_text("%-40s ", "ANCESTORS");
	else if (ev_env.ancestors)
		out_text("%s", "ANCESTORS");
	out_text("%s\n", ev_env.max_args ? "ARGS" : "");
}

static void summary(struct eh_run *r)
{
	struct events_bpf *skel = ev_env.s.skel;

	/* records counts both kinds (--count too) */
	eh_summary_count("events", r->records - exits_shown, "event", "events");
	if (ev_env.exits)
		eh_summary_count("exits", exits_shown, "exit", "exits");
	out_u64("lost", " %llu lost,", skel->bss->eh_lost);
	out_str("buffer", " %s buffer,", eh_evbuf_kind(r->stream.buf));
}

int cmd_events(int argc, char **argv)
{
	int status;

	ev_env.s.open = open_skel;
	ev_env.s.loaded = loaded;
	eh_argp_parse(&cmd_events_argp, argc, argv);
	eh_args_attach(&ev_env.s);
	if (ev_env.lineage && ev_lineage_init())
		return 1;
	ev_env.r = (struct eh_run){ .s = &ev_env.s, .attached = attached, .on_record = on_record,
				 .meta = meta, .header = header, .summary = summary };
	status = eh_run_stream(&ev_env.r);
	if (ev_env.cgroup_fd >= 0)
		close(ev_env.cgroup_fd);
	return status;
}
