// SPDX-License-Identifier: MIT
/*
 * count-uid: hello-map.py and exercises 2 and 3.  The kernel counts the
 * traced syscalls per UID in counter_table; every --interval we print them,
 * as the book did: "ID 0: 224	ID 501: 19".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/libbpf.h>

#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/probe.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/host/users.h>
#include <ebpfhello/load/attach.h>
#include <ebpfhello/run/cgroup_keys.h>
#include <ebpfhello/run/counter.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/count_uid.h>

#include "count_uid.skel.h"
#include "count_uid_compat.skel.h"	/* the same, without BPF atomics (< 5.12) */
#include "count_uid_identity.skel.h"	/* --by cgroup|unit|container */

static struct env {
	struct eh_session s;
	struct eh_run r;
	bool all_syscalls;
	bool names;
	bool table;
	struct eh_sampler sampler;
	bool slots;			/* the variant with per-CPU uid slots */
	volatile __u64 *dropped;	/* its .bss eh_dropped */
	struct eh_counter counter;	/* --listen, --prometheus-textfile */
	bool by_cgroup;			/* --by cgroup|unit|container */
	struct eh_cgroup_keys groups;	/* ... and the groups its ids make */
	struct eh_counts grouped;
} env;

enum {
	OPT_SYSCALL = 's', OPT_ALL = 'A', OPT_DELTA = 'D', OPT_NAMES = 'N', OPT_TABLE = 'T',
	OPT_BY = 'b',
};

static const struct argp_option options[] = {
	{ "syscall", OPT_SYSCALL, "NAME", 0,
	  "count this syscall instead of execve; repeat it or give a comma list "
	  "(exercise 2)", 0 },
	{ "all-syscalls", OPT_ALL, NULL, 0, "count every syscall (exercise 3)", 0 },
	{ "delta", OPT_DELTA, NULL, 0, "print each interval's counts, not running totals", 0 },
	{ "names", OPT_NAMES, NULL, 0, "show user names from /etc/passwd", 0 },
	{ "table", OPT_TABLE, NULL, 0, "text: one line per UID instead of the book's one line", 0 },
	{ "by", OPT_BY, "KEY", 0,
	  "count per uid (the default), or per cgroup, unit (systemd) or container, "
	  "read off each task's cgroup v2 (docs/identity.md)", 0 },
	{ 0 }
};

static const char doc[] =
	"Count syscalls per user ID in a BPF hash map and print the map every "
	"interval (Learning eBPF's hello-map.py; exercises 2 and 3).\v"
	"What an execve count means depends on how it attaches, and the first line "
	"says which (the JSON meta record's \"counts\"): where auto takes the exec "
	"event (kernels without kprobes and fentry), successful execs, execve and "
	"execveat alike; at a syscall's entry (every other mode), every execve call, "
	"failed ones included, as the book's kprobe did.  --calls asks for calls on "
	"every kernel.\n\n"
	"Counts are running totals unless --delta is given.  The kernel side keeps "
	"one counter per CPU and adds atomically, so no count is lost.  An interval "
	"without counts prints \"no counts\".\n\n"
	"Examples:\n"
	"  ebpfhello count-uid                       # execve per UID, every 2 s\n"
	"  ebpfhello count-uid --calls --uid 1000   # every execve call, failed ones too\n"
	"  ebpfhello count-uid --syscall openat --syscall write --names\n"
	"  ebpfhello count-uid --all-syscalls --delta --interval 1\n"
	"  ebpfhello count-uid --json -n 1 | jq -c 'select(.type == \"interval\").counts'\n"
	"  ebpfhello count-uid --by container --table   # execs per container\n"
	"  ebpfhello count-uid --quiet --listen 9477   # Prometheus scrapes /metrics\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_SYSCALL:
		eh_args_syscalls(&env.s, arg);
		return 0;
	case OPT_ALL:
		env.all_syscalls = true;
		return 0;
	case OPT_DELTA:
		env.sampler.delta = true;
		return 0;
	case OPT_NAMES:
		env.names = true;
		return 0;
	case OPT_TABLE:
		env.table = true;
		return 0;
	case OPT_BY:
		if (!strcmp(arg, "uid")) {
			env.by_cgroup = false;
			return 0;
		}
		if (!eh_cgroup_by_parse(arg, &env.groups.by))
			eh_bad_value("--by", arg, "uid, cgroup, unit or container");
		env.by_cgroup = true;
		return 0;
	case ARGP_KEY_END:
		if (env.by_cgroup && env.names)
			eh_usage_error("--names names users: it goes with --by uid");
		if (env.all_syscalls && env.s.nr_sys)
			eh_usage_error("--all-syscalls and --syscall do not go together");
		if (!env.all_syscalls && env.s.nr_sys == 0)
			eh_args_syscalls(&env.s, "execve");
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp counting = { NULL, NULL, NULL, NULL, eh_counting_children, NULL, NULL };
static const struct argp_child children[] = {
	{ &eh_calls_argp, 0, NULL, 0 },
	{ &counting, 0, NULL, 0 },
	{ 0 }
};

EH_CMD_DEFINE(count_uid, options, parse_opt, doc, children)
EH_CMD_BOOK(count_uid, "hello-map.py, exercises 2 and 3",
	{ "eh_cu_*", "hello() of hello-map.py, a kprobe at execve there: it reads the uid "
	  "(bpf_get_current_uid_gid() & 0xFFFFFFFF) and adds one to its count.  The book "
	  "looked the count up, then updated it, so two CPUs could both write 6 over 5; "
	  "here each CPU adds to a count of its own, atomically" },
	{ "counter_table", "BPF_HASH(counter_table) of hello-map.py: key = uid (u32), "
	  "value = execve count (u64).  Here a per-CPU hash, one value per CPU that user "
	  "space sums, read every --interval as the book's loop read "
	  "counter_table.items() every 2 s" },
	{ "uid_slots", "not in the book: a per-CPU array of the latest uids, so that most "
	  "runs skip the hash lookup; user space adds their counts to counter_table's" },
	{ "by_cgroup", "counter_table's place with --by cgroup, unit or container (the "
	  "object count_uid_identity): key = cgroup (v2) id (u64, bpf_get_current_cgroup_id()), "
	  "value = execve count (u64), per CPU; user space groups the ids into units or "
	  "containers by their paths" })

/*
 * Kernels with BPF atomics get the object with per-CPU uid slots; older
 * ones the same source built without them (they refuse the instruction
 * even where it cannot run).  Both have the same maps and programs.
 */
static int open_skel(struct eh_session *s)
{
	env.slots = !env.by_cgroup && eh_has(EH_FEAT_ATOMICS);
	if (env.by_cgroup) {
		struct count_uid_identity_bpf *skel = count_uid_identity_bpf__open();

		if (!skel)
			return -errno;
		EH_SESSION_BIND(s, skel);
		env.dropped = &skel->bss->eh_dropped;
	} else if (env.slots) {
		struct count_uid_bpf *skel = count_uid_bpf__open();

		if (!skel)
			return -errno;
		EH_SESSION_BIND(s, skel);
		env.dropped = &skel->bss->eh_dropped;
	} else {
		struct count_uid_compat_bpf *skel = count_uid_compat_bpf__open();

		if (!skel)
			return -errno;
		EH_SESSION_BIND(s, skel);
		env.dropped = &skel->bss->eh_dropped;
	}
	return 0;
}

static int map_fd(const char *name)
{
	return bpf_map__fd(bpf_object__find_map_by_name(env.s.obj, name));
}

/* each CPU's copy of a slot may hold a different uid: add them one by one */
static int add_slot(const void *key, const void *values, int nr_vals, void *ctx)
{
	const struct eh_uid_slot *slot = values;
	int i, err;

	for (i = 0; i < nr_vals; i++) {
		if (!slot[i].uid1 || !slot[i].count)
			continue;
		err = eh_counts_add(ctx, slot[i].uid1 - 1, NULL, slot[i].count);
		if (err)
			return err;
	}
	return 0;
}

static int read_slots(struct eh_counts *cur, void *ctx)
{
	if (!env.slots)
		return 0;
	return eh_map_read(map_fd("uid_slots"), sizeof(__u32), sizeof(struct eh_uid_slot),
			   true, add_slot, cur);
}

static int attached(struct eh_run *r)
{
	env.sampler.map_fd = map_fd(env.by_cgroup ? "by_cgroup" : "counter_table");
	env.sampler.kind = env.by_cgroup ? EH_KEY_U64 : EH_KEY_U32;
	env.sampler.percpu = true;
	env.sampler.extra = env.by_cgroup ? NULL : read_slots;
	/* Prometheus (docs/prometheus.md): execve alone are execs */
	env.counter.key = EH_SERIES_UID;
	if (env.by_cgroup) {
		env.counter.key = EH_SERIES_CGROUP;
		env.counter.groups = &env.groups;
		env.groups.names_fd = map_fd("eh_cgroup_names");
	}
	env.counter.user = env.names;
	if (env.s.nr_sys == 1 && !strcmp(env.s.sys[0]->name, "execve") &&
	    eh_mode_exec_only(env.s.chosen))
		eh_export_counter(&env.counter, &env.sampler, "ebpfhello_execs_total",
				  "Successful execs (execve and execveat) per user ID, seen at the "
				  "exec event by count-uid.");
	else if (env.s.nr_sys == 1 && !strcmp(env.s.sys[0]->name, "execve"))
		eh_export_counter(&env.counter, &env.sampler, "ebpfhello_execs_total",
				  "execve calls per user ID, counted at entry by count-uid.");
	else
		eh_export_counter(&env.counter, &env.sampler, "ebpfhello_syscalls_total",
				  "Calls of the syscalls count-uid traces, per user ID.");
	return 0;
}

static int metrics(struct eh_run *r, struct eh_prom *p)
{
	return eh_export_counts(p, &env.counter, &env.sampler, *env.dropped);
}

static void meta(struct eh_run *r)
{
	int i;

	out_json_str("counting", env.all_syscalls ? "all syscalls" : "syscalls");
	out_open_array("syscalls");
	for (i = 0; i < env.s.nr_sys; i++)
		out_json_str(NULL, env.s.sys[i]->name);
	out_close();
	out_json_str("mode", env.sampler.delta ? "delta" : "cumulative");
	out_json_f64("interval", eh_opts.interval);
	out_json_str("by", env.by_cgroup ? eh_cgroup_by_name(env.groups.by) : "uid");
}

/* --by cgroup|unit|container: the book's line or the table, per group */
static void groups(const struct eh_counts *c)
{
	size_t i;

	if (eh_cgroup_keys_group(&env.groups, c, &env.grouped))
		return;
	eh_counts_sort_value(&env.grouped);
	if (env.table)
		out_text("%-40s %12s\n", eh_cgroup_keys_column(&env.groups), "COUNT");
	for (i = 0; i < env.grouped.n; i++) {
		out_open_object(NULL);
		if (!env.table && i)
			out_text("\t");
		eh_cgroup_keys_out(&env.groups, env.grouped.v[i].key, env.table ? 40 : 0);
		out_u64("count", env.table ? " %12llu\n" : ": %llu", env.grouped.v[i].value);
		out_close();
	}
}

/* text: the first line says what is counted (session.h) */
static void header(struct eh_run *r)
{
	char per[32];

	snprintf(per, sizeof(per), ", per %s",
		 env.by_cgroup ? eh_cgroup_by_name(env.groups.by) : "UID");
	eh_session_say(r->s, "counting ", per);
}

/* the book's line: "ID 0: 224	ID 501 (liz): 19" */
static void book_line(const struct eh_counts *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		uint32_t uid = (uint32_t)c->v[i].key;
		const char *user = env.names ? eh_user_name(uid) : NULL;

		out_open_object(NULL);
		out_u64("uid", i ? "\tID %llu" : "ID %llu", uid);
		if (user)
			out_str("user", " (%s)", user);
		out_u64("count", ": %llu", c->v[i].value);
		out_close();
	}
}

/* --table: a header, then "UID [USER] COUNT" per line, counts aligned right */
static void table(const struct eh_counts *c)
{
	size_t i;

	if (env.names)
		out_text("%-10s %-16s %12s\n", "UID", "USER", "COUNT");
	else
		out_text("%-10s %12s\n", "UID", "COUNT");
	for (i = 0; i < c->n; i++) {
		uint32_t uid = (uint32_t)c->v[i].key;
		const char *user = env.names ? eh_user_name(uid) : NULL;

		out_open_object(NULL);
		out_u64("uid", "%-10llu ", uid);
		if (env.names)
			out_str("user", "%-16s ", user ? user : "-");
		out_u64("count", "%12llu\n", c->v[i].value);
		out_close();
	}
}

static void show(struct eh_run *r, const struct eh_counts *c, bool final)
{
	out_begin("interval");
	out_json_u64("seq", r->intervals);
	out_json_f64("elapsed", eh_now() - r->loop.started);
	out_json_str("mode", env.sampler.delta ? "delta" : "cumulative");
	out_json_bool("final", final);
	out_open_array("counts");
	if (!c->n)
		out_text("no counts");
	else if (env.by_cgroup)
		groups(c);
	else if (env.table)
		table(c);
	else
		book_line(c);
	out_close();
	out_json_u64("total", eh_counts_total(c));
	out_end();
}

static void summary(struct eh_run *r)
{
	eh_summary_count("intervals", r->intervals, "interval", "intervals");
	out_u64("total", " %llu", eh_counts_total(env.sampler.delta ? &env.sampler.prev :
						   &env.sampler.cur));
	out_text(" %s counted,", eh_session_counts(r->s));
	out_u64("dropped", " %llu dropped (table full),", *env.dropped);
}

int cmd_count_uid(int argc, char **argv)
{
	int status;

	env.s.open = open_skel;
	eh_argp_parse(&cmd_count_uid_argp, argc, argv);
	eh_args_attach(&env.s);
	env.r = (struct eh_run){ .s = &env.s, .sampler = &env.sampler, .attached = attached,
				 .show = show, .meta = meta, .summary = summary, .metrics = metrics,
				 .header = header, .say_counts = true };
	status = eh_run_intervals(&env.r);
	eh_sampler_free(&env.sampler);
	eh_export_counter_free(&env.counter);
	eh_cgroup_keys_free(&env.groups);
	eh_counts_free(&env.grouped);
	return status;
}
