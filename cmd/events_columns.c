// SPDX-License-Identifier: MIT
/* events' text columns; see cmd/events_columns.h. */
#include <stdio.h>
#include <string.h>

#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/run/identity_fields.h>
#include <ebpfhello/show/columns.h>
#include <ebpfhello/show/output.h>

#include "events_columns.h"
#include "events_lineage.h"
#include "events_record.h"

enum col {
	C_TIME, C_PID, C_PPID, C_UID, C_COMM, C_PCOMM, C_RESULT, C_MESSAGE, C_FILENAME,
	C_CGROUP, C_UNIT, C_SLICE, C_CONTAINER, C_POD, C_NSPID, C_PIDNS, C_ANCESTORS, C_ARGS,
};

/* in enum col's order; --help lists the same names (tests/cli checks) */
static const struct eh_column all[] = {
	[C_TIME] = { "time", "TIME", 0, "when the exec happened", true },
	[C_PID] = { "pid", "PID", 7, "process id", true },
	[C_PPID] = { "ppid", "PPID", 7, "the parent's process id", true },
	[C_UID] = { "uid", "UID", 5, "user id", true },
	[C_COMM] = { "comm", "COMM", 15, "task name after the exec", true },
	[C_PCOMM] = { "pcomm", "PCOMM", 15, "the parent's task name", true },
	[C_RESULT] = { "result", "RESULT", 12, "the exec's result (--results, --failed)", false },
	[C_MESSAGE] = { "message", "MESSAGE", 15, "exercise 1's message", true },
	[C_FILENAME] = { "filename", "FILENAME", 24, "the file named", true },
	[C_CGROUP] = { "cgroup", "CGROUP", 24, "the cgroup (v2) path", false },
	[C_UNIT] = { "unit", "UNIT", 24, "the systemd unit", false },
	[C_SLICE] = { "slice", "SLICE", 16, "the systemd slice", false },
	[C_CONTAINER] = { "container", "CONTAINER", 19, "runtime:id (12 hex)", false },
	[C_POD] = { "pod", "POD", 36, "the Kubernetes pod's UID", false },
	[C_NSPID] = { "nspid", "NSPID", 7, "pid in its own pid namespace", false },
	[C_PIDNS] = { "pidns", "PIDNS", 10, "that namespace's inode number", false },
	[C_ANCESTORS] = { "ancestors", "ANCESTORS", 40,
			  "pid:comm of each ancestor, nearest first (implies --ancestors 4)", false },
	[C_ARGS] = { "args", "ARGS", 0, "the arguments (implies --args)", false },
};

static struct eh_columns cols;

void ev_columns_parse(const char *arg)
{
	eh_columns_init(&cols, all, sizeof(all) / sizeof(all[0]));
	eh_columns_parse(&cols, "--columns", arg);
}

bool ev_columns_chosen(void)
{
	return cols.n > 0;
}

bool ev_columns_need_identity(void)
{
	return eh_columns_has(&cols, "nspid") || eh_columns_has(&cols, "pidns");
}

bool ev_columns_need_args(void)
{
	return eh_columns_has(&cols, "args");
}

bool ev_columns_need_ancestors(void)
{
	return eh_columns_has(&cols, "ancestors");
}

/* the width column i of the choice is padded to: none for the last */
static int width(size_t i)
{
	return i + 1 < cols.n ? all[cols.pick[i]].width : 0;
}

void ev_columns_header(void)
{
	size_t i;

	for (i = 0; i < cols.n; i++) {
		if (cols.pick[i] == C_TIME)
			out_text("%-*s ", out_time_width(), "TIME");
		else
			out_text(width(i) ? "%-*s " : "%*s", width(i), all[cols.pick[i]].header);
	}
	out_text("\n");
}

static void number(uint64_t v, int w, bool known)
{
	char s[24];

	snprintf(s, sizeof(s), known ? "%llu" : "-", (unsigned long long)v);
	out_text(w ? "%-*s " : "%*s", w, s);
}

static void string(const char *s, int w)
{
	out_text_str(s, w);
	if (w)
		out_text(" ");
}

/* a column that is one value */
static void value(const struct eh_exec_event *e, enum col c, int w)
{
	char buf[96], name[EH_COMM_LEN + 1];
	const char *cg;

	switch (c) {
	case C_PID: number(e->pid, w, true); return;
	case C_PPID: number(e->ppid, w, true); return;
	case C_UID: number(e->uid, w, true); return;
	case C_NSPID: number(e->nspid, w, e->pidns != 0); return;
	case C_PIDNS: number(e->pidns, w, e->pidns != 0); return;
	case C_COMM:
	case C_PCOMM:
	case C_MESSAGE:
		snprintf(name, sizeof(name), "%.*s", EH_COMM_LEN,
			 c == C_COMM ? e->comm : c == C_PCOMM ? e->pcomm : e->message);
		string(name, w);
		return;
	case C_CGROUP:
		cg = eh_cgroup_path(e->cgroup_id);
		string(cg ? cg : "-", w);
		return;
	default:
		string(eh_identity_fields_text(e->cgroup_id, all[c].name, buf, sizeof(buf)), w);
	}
}

static void ancestors(const struct eh_exec_event *e, int w)
{
	struct eh_ancestor a[EH_ANCESTORS_MAX];

	ev_ancestors_text(a, ev_exec_ancestors(e, a), e->lineage, w);
	if (w)
		out_text(" ");
}

void ev_columns_record(const struct eh_exec_event *e, int64_t wall_ns, uint64_t max_args)
{
	size_t i;

	for (i = 0; i < cols.n; i++) {
		switch (cols.pick[i]) {
		case C_TIME:
			out_text_time(wall_ns);
			break;
		case C_RESULT:
			if (e->flags & EH_EV_RESULT)
				ev_show_result(e->ret);
			else
				string("-", width(i) ? 12 : 0);
			break;
		case C_FILENAME:
			ev_show_filename(e, width(i));
			if (width(i))
				out_text(" ");
			break;
		case C_ARGS:
			/* a column with a width ends with a space of its own */
			ev_show_args(e, max_args, i > 0 && !width(i - 1));
			break;
		case C_ANCESTORS:
			ancestors(e, width(i));
			break;
		default:
			value(e, (enum col)cols.pick[i], width(i));
		}
	}
}
