// SPDX-License-Identifier: MIT
/*
 * count-uid: hello-map.py and exercises 2 and 3.  The kernel counts the
 * traced syscalls per UID in counter_table; every --interval we print them,
 * as the book did: "ID 0: 224	ID 501: 19".
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/count_uid.h>
#include <ebpfhello/loop.h>
#include <ebpfhello/maps.h>
#include <ebpfhello/output.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/probe.h>
#include <ebpfhello/session.h>
#include <ebpfhello/users.h>

#include "count_uid.skel.h"
#include "count_uid_compat.skel.h"	/* the same, without BPF atomics (< 5.12) */

static struct env {
	struct eh_session s;
	bool all_syscalls;
	bool names;
	bool table;
	struct eh_sampler sampler;
	bool slots;			/* the variant with per-CPU uid slots */
	volatile __u64 *dropped;	/* its .bss eh_dropped */
	struct eh_intervals iv;
	struct eh_loop loop;
} env;

enum { OPT_SYSCALL = 's', OPT_ALL = 'A', OPT_DELTA = 'D', OPT_NAMES = 'N', OPT_TABLE = 'T' };

static const struct argp_option options[] = {
	{ "syscall", OPT_SYSCALL, "NAME", 0,
	  "count this syscall instead of execve; repeat it or give a comma list "
	  "(exercise 2)", 0 },
	{ "all-syscalls", OPT_ALL, NULL, 0, "count every syscall (exercise 3)", 0 },
	{ "delta", OPT_DELTA, NULL, 0, "print each interval's counts, not running totals", 0 },
	{ "names", OPT_NAMES, NULL, 0, "show user names from /etc/passwd", 0 },
	{ "table", OPT_TABLE, NULL, 0, "text: one line per UID instead of the book's one line", 0 },
	{ 0 }
};

static const char doc[] =
	"Count syscalls per user ID in a BPF hash map and print the map every "
	"interval (Learning eBPF's hello-map.py; exercises 2 and 3).\v"
	"Counts are running totals unless --delta is given.  The kernel side keeps "
	"one counter per CPU and adds atomically, so no count is lost.\n\n"
	"Examples:\n"
	"  ebpfhello count-uid                       # execve per UID, every 2 s\n"
	"  ebpfhello count-uid --syscall openat --syscall write --names\n"
	"  ebpfhello count-uid --all-syscalls --delta --interval 1\n"
	"  ebpfhello count-uid --json --count 1 --interval 5 | jq '.counts'\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_SYSCALL:
		eh_session_add_syscalls(&env.s, arg);
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
	case ARGP_KEY_ARG:
		eh_bad_value("argument", arg, "options only (see --help)");
	case ARGP_KEY_END:
		if (env.all_syscalls && env.s.nr_sys)
			eh_usage_error("--all-syscalls and --syscall do not go together");
		if (!env.all_syscalls && env.s.nr_sys == 0)
			eh_session_add_syscalls(&env.s, "execve");
		if (!eh_opts.interval)
			eh_opts.interval = 2;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = {
	{ &eh_interval_argp, 0, NULL, 0 },
	{ &eh_attach_argp, 0, NULL, 0 },
	{ &eh_filter_argp, 0, NULL, 0 },
	{ &eh_output_argp, 0, NULL, 0 },
	{ 0 }
};

static const struct argp argp = { options, parse_opt, NULL, doc, children, NULL, NULL };

/*
 * Kernels with BPF atomics get the object with per-CPU uid slots; older
 * ones the same source built without them (they refuse the instruction
 * even where it cannot run).  Both have the same maps and programs.
 */
static int open_skel(struct eh_session *s)
{
	env.slots = eh_has(EH_FEAT_ATOMICS);
	if (env.slots) {
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

static void close_skel(struct eh_session *s)
{
	bpf_object__destroy_skeleton(s->skeleton);
	free(s->skel);
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

static void print_counts(const struct eh_counts *c, bool final)
{
	size_t i;

	out_begin("interval");
	out_u64("seq", NULL, env.iv.n);
	out_f64("elapsed", NULL, eh_now() - env.loop.started);
	out_str("mode", NULL, env.sampler.delta ? "delta" : "cumulative");
	out_bool("final", NULL, final);
	out_open_array("counts");
	for (i = 0; i < c->n; i++) {
		uint32_t uid = (uint32_t)c->v[i].key;
		const char *name = env.names ? eh_user_name(uid) : NULL;

		out_open_object(NULL);
		if (env.table) {
			out_u64("uid", "%-10llu ", uid);
			out_str("name", "%-16s ", env.names ? (name ? name : "-") : "");
			out_u64("count", "%llu\n", c->v[i].value);
		} else {
			out_u64("uid", i ? "\tID %llu" : "ID %llu", uid);
			if (name)
				out_str("name", " (%s)", name);
			out_u64("count", ": %llu", c->v[i].value);
		}
		out_close();
	}
	out_close();
	out_u64("total", NULL, eh_counts_total(c));
	out_end();
}

/* an interval's table (under a header with --table), or the last one */
static void show(const struct eh_counts *c, bool final)
{
	bool table = env.table && !final && !out_is_json();

	if (table)
		out_text("%-10s %-16s %s\n", "UID", env.names ? "USER" : "", "COUNT");
	print_counts(c, final);
	if (table)
		out_text("\n");
}

int cmd_count_uid(int argc, char **argv)
{
	int err;

	env.s.open = open_skel;
	env.s.close = close_skel;
	eh_argp_parse(&argp, argc, argv, NULL);
	env.s.mode = eh_opts.attach;
	err = eh_session_start(&env.s, &env.loop);
	if (err)
		goto out;
	env.sampler.map_fd = map_fd("counter_table");
	env.sampler.kind = EH_KEY_U32;
	env.sampler.percpu = true;
	env.sampler.extra = read_slots;

	eh_session_meta_begin(&env.s);
	out_str("counting", NULL, env.all_syscalls ? "all syscalls" : "syscalls");
	out_open_array("syscalls");
	for (int i = 0; i < env.s.nr_sys; i++)
		out_str(NULL, NULL, env.s.sys[i]->name);
	out_close();
	out_f64("interval", NULL, eh_opts.interval);
	out_end();
	out_flush();

	env.iv.sampler = &env.sampler;
	env.iv.show = show;
	err = eh_session_run_intervals(&env.loop, &env.iv);
	if (err || env.loop.stop == EH_STOP_EPIPE)
		goto out;
	eh_summary_begin();
	out_u64("intervals", " %llu intervals,", env.iv.n);
	out_u64("total", " %llu counted,",
		eh_counts_total(env.sampler.delta ? &env.sampler.prev : &env.sampler.cur));
	out_u64("dropped", " %llu dropped (table full),", *env.dropped);
	eh_summary_end(&env.loop);
out:
	eh_sampler_free(&env.sampler);
	return eh_session_finish(&env.s, &env.loop, err);
}
