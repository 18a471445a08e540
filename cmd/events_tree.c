// SPDX-License-Identifier: MIT
/*
 * events --tree: records drawn under their ancestors (nearest last), text
 * only.  A node is a process running one exec: its pid and exec id (0 where
 * the exec was not seen), so a reused pid is another node.
 *
 *   TIME         TREE
 *                100 bash
 *   12:00:00.001  \_ 200 sh /bin/sh
 *   12:00:00.002      \_ 201 sleep /bin/sleep
 *   12:00:01.004      \_ 201 sleep exited 0 after 1.002s
 */
#include <stdbool.h>
#include <string.h>

#include <ebpfhello/host/errnos.h>
#include <ebpfhello/show/output.h>

#include "events_lineage.h"
#include "events_record.h"
#include "events_tree.h"

struct node {
	uint32_t pid;
	struct eh_exec_ref exec;
};

/* the chain of the last line drawn, root first: deeper than a record's
 * ancestors where a record's farthest ancestor was found on it */
#define CHAIN_MAX	64

static struct node chain[CHAIN_MAX];
static unsigned int depth;

void ev_tree_header(void)
{
	out_text("%-*s TREE\n", out_time_width(), "TIME");
}

/* depth 0: nothing; d: "    " d - 1 times, then " \_ " */
static void indent(unsigned int d)
{
	unsigned int i;

	for (i = 1; i < d; i++)
		out_text("    ");
	if (d)
		out_text(" \\_ ");
}

/* a comm, escaped (the kernel ends it with a NUL; a copy makes sure) */
static void comm_text(const char comm[EH_COMM_LEN])
{
	char c[EH_COMM_LEN + 1];

	memcpy(c, comm, EH_COMM_LEN);
	c[EH_COMM_LEN] = '\0';
	out_text_str(c, 0);
}

static bool same(const struct node *n, uint32_t pid, const struct eh_exec_ref *exec)
{
	return n->pid == pid && n->exec.start_ns == exec->start_ns && n->exec.nr == exec->nr;
}

/* where the chain holds the farthest of the n ancestors a[] (0: not held:
 * the record starts a new root) */
static unsigned int root_at(const struct eh_ancestor *a, unsigned int n)
{
	unsigned int k;

	for (k = 0; n && k < depth; k++)
		if (same(&chain[k], a[n - 1].pid, &a[n - 1].exec))
			return k + n + 1 <= CHAIN_MAX ? k : 0;
	return 0;
}

/*
 * Draws the ancestors a[0..n) (nearest first) that the last chain does not
 * share, as context lines, and makes them and the record's own node the
 * chain.  Returns the record's depth.
 */
static unsigned int place(const struct eh_ancestor *a, unsigned int n, uint32_t pid,
			  const struct eh_exec_ref *exec)
{
	unsigned int k = root_at(a, n), d = 0;
	const struct eh_ancestor *up;

	while (d < n && k + d < depth && same(&chain[k + d], a[n - 1 - d].pid, &a[n - 1 - d].exec))
		d++;
	for (; d < n; d++) {
		up = &a[n - 1 - d];
		out_text("%-*s ", out_time_width(), "");
		indent(k + d);
		out_text("%u ", up->pid);
		comm_text(up->comm);
		out_text("\n");
		chain[k + d] = (struct node){ .pid = up->pid, .exec = up->exec };
	}
	chain[k + n] = (struct node){ .pid = pid, .exec = *exec };
	depth = k + n + 1;
	return k + n;
}

void ev_tree_exec(const struct eh_exec_event *e, int64_t wall_ns, uint64_t max_args)
{
	struct eh_ancestor a[EH_ANCESTORS_MAX];
	const char *name;
	unsigned int n = ev_exec_ancestors(e, a), d = place(a, n, e->pid, &e->exec);

	out_text_time(wall_ns);
	indent(d);
	out_text("%u ", e->pid);
	comm_text(e->comm);
	out_text(" ");
	ev_show_filename(e, 0);
	if (max_args)
		ev_show_args(e, max_args, true);
	/* --results, --failed: an exec that failed ran nothing */
	if ((e->flags & EH_EV_RESULT) && e->ret < 0) {
		name = eh_errno_name(-(long)e->ret);
		if (name)
			out_text(" failed: %s", name);
		else
			out_text(" failed: %d", e->ret);
	}
}

void ev_tree_exit(const struct eh_exit_event *x, int64_t wall_ns)
{
	unsigned int d = place(x->ancestors, x->nr_ancestors > EH_ANCESTORS_MAX ?
				EH_ANCESTORS_MAX : x->nr_ancestors, x->pid, &x->exec);
	char text[96];

	out_text_time(wall_ns);
	indent(d);
	out_text("%u ", x->pid);
	comm_text(x->comm);
	out_text(" %s", ev_exit_text(x, text, sizeof(text)));
}
