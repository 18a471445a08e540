// SPDX-License-Identifier: MIT
/*
 * count-syscall: exercise 5 grown into a syscount.  Every syscall of the
 * machine is counted at entry in the kernel, keyed by syscall, uid, pid or
 * comm; every interval the top N are printed, with names from the syscall
 * table generated at build time (unknown ids as numbers).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/count_syscall.h>
#include <ebpfhello/loop.h>
#include <ebpfhello/maps.h>
#include <ebpfhello/output.h>
#include <ebpfhello/parse.h>
#include <ebpfhello/privs.h>
#include <ebpfhello/session.h>
#include <ebpfhello/syscalls.h>
#include <ebpfhello/users.h>

#include "count_syscall.skel.h"

static const char *const by_names[] = {
	[EH_BY_SYSCALL] = "syscall", [EH_BY_UID] = "uid",
	[EH_BY_PID] = "pid", [EH_BY_COMM] = "comm",
};

static struct env {
	struct eh_session s;
	enum eh_count_by by;
	uint64_t top;
	bool list;
	struct eh_sampler sampler;
	struct eh_counts shown, idle;
	struct eh_intervals iv;
	struct eh_loop loop;
} env = { .top = 10, .sampler.delta = true };

enum { OPT_BY = 'b', OPT_TOP = 't', OPT_DELTA = 'D', OPT_CUMULATIVE = 'C', OPT_LIST = 'l' };

static const struct argp_option options[] = {
	{ "by", OPT_BY, "KEY", 0, "count by syscall (default), uid, pid or comm", 0 },
	{ "top", OPT_TOP, "N", 0, "show the N biggest counts (default 10; 0: all)", 0 },
	{ "delta", OPT_DELTA, NULL, 0, "each interval's counts (the default)", 0 },
	{ "cumulative", OPT_CUMULATIVE, NULL, 0, "running totals since the start", 0 },
	{ "list", OPT_LIST, NULL, 0, "print the syscall table of this build and exit", 0 },
	{ 0 }
};

static const char doc[] =
	"Count every syscall of the machine at entry, by syscall, uid, pid or comm "
	"(Learning eBPF, chapter 2, exercise 5).\v"
	"Syscall names come from this architecture's table, built from the kernel's "
	"uapi headers; ids it does not know are shown as numbers.  exit_group and a "
	"successful execve are counted too: counting happens at entry.\n\n"
	"Examples:\n"
	"  ebpfhello count-syscall                     # top 10 every 2 s\n"
	"  ebpfhello count-syscall --by comm --top 5 --interval 1\n"
	"  ebpfhello count-syscall --pid 1234 --cumulative --duration 10\n"
	"  ebpfhello count-syscall --list | grep -w execve\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	size_t i;

	switch (key) {
	case OPT_BY:
		for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
			if (!strcmp(arg, by_names[i])) {
				env.by = (enum eh_count_by)i;
				return 0;
			}
		}
		eh_bad_value("--by", arg, "syscall, uid, pid or comm");
	case OPT_TOP:
		if (!eh_parse_u64(arg, 0, 100000, &env.top))
			eh_bad_value("--top", arg, "a number of rows from 0 (all) to 100000");
		return 0;
	case OPT_DELTA:
		env.sampler.delta = true;
		return 0;
	case OPT_CUMULATIVE:
		env.sampler.delta = false;
		return 0;
	case OPT_LIST:
		env.list = true;
		return 0;
	case ARGP_KEY_ARG:
		eh_bad_value("argument", arg, "options only (see --help)");
	case ARGP_KEY_END:
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

static int list_syscalls(void)
{
	size_t i;
	int err;

	out_init(stdout, eh_opts.json);
	out_text("%-5s %s\n", "NR", "NAME");
	for (i = 0; i < eh_syscall_count(); i++) {
		const struct eh_syscall *s = eh_syscall_at(i);

		out_begin("syscall");
		out_s64("nr", "%-5lld ", s->nr);
		out_str("name", "%s", s->name);
		out_str("arch", NULL, eh_syscall_arch());
		out_end();
	}
	err = out_flush();
	return err && err != -EPIPE ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}

static int open_skel(struct eh_session *s)
{
	struct count_syscall_bpf *skel = count_syscall_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	skel->rodata->eh_by = env.by;
	/* only the map this key needs gets its full size */
	if (env.by != EH_BY_UID && env.by != EH_BY_PID)
		bpf_map__set_max_entries(skel->maps.by_id, 1);
	if (env.by != EH_BY_COMM)
		bpf_map__set_max_entries(skel->maps.by_comm, 1);
	return 0;
}

static void close_skel(struct eh_session *s)
{
	count_syscall_bpf__destroy(s->skel);
}

static void print_key(const struct eh_count *c)
{
	const char *name;

	switch (env.by) {
	case EH_BY_SYSCALL:
		name = c->key == EH_SYSCALL_OTHER ? "(other)" : eh_syscall_name((long)c->key);
		if (c->key != EH_SYSCALL_OTHER)
			out_u64("id", NULL, c->key);
		if (name) {
			out_str("syscall", "%-22s ", name);
		} else {
			char num[24];

			snprintf(num, sizeof(num), "%llu", (unsigned long long)c->key);
			out_text("%-22s ", num);
		}
		return;
	case EH_BY_UID:
		name = eh_user_name((uint32_t)c->key);
		out_u64("uid", "%-10llu ", c->key);
		out_str("user", "%-12s ", name ? name : "-");
		return;
	case EH_BY_PID:
		out_u64("pid", "%-10llu ", c->key);
		return;
	case EH_BY_COMM:
		out_strn("comm", "%-16s ", c->name, sizeof(c->name));
		return;
	}
}

static const char *key_header(void)
{
	switch (env.by) {
	case EH_BY_SYSCALL:
		return "SYSCALL                ";
	case EH_BY_UID:
		return "UID        USER         ";
	case EH_BY_PID:
		return "PID        ";
	default:
		return "COMM             ";
	}
}

static void print_counts(const struct eh_counts *c, bool final)
{
	size_t i, n;
	time_t now = time(NULL);
	struct tm tm;
	char hms[16];

	/* sorting by value reorders a copy: the sampler keeps key order */
	eh_counts_copy(&env.shown, c);
	eh_counts_sort_value(&env.shown);
	n = env.top && env.top < env.shown.n ? env.top : env.shown.n;

	localtime_r(&now, &tm);
	strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
	out_begin("interval");
	out_text("%s  ", hms);
	out_u64("seq", NULL, env.iv.n);
	out_f64("elapsed", NULL, eh_now() - env.loop.started);
	out_str("by", "by %s, ", by_names[env.by]);
	out_str("mode", "%s", env.sampler.delta ? "delta" : "cumulative");
	out_bool("final", NULL, final);
	out_u64("total", ": %llu syscalls", eh_counts_total(c));
	out_u64("keys", ", %llu keys", c->n);
	out_text("\n%s%s\n", key_header(), "COUNT");
	out_open_array("counts");
	for (i = 0; i < n; i++) {
		out_open_object(NULL);
		print_key(&env.shown.v[i]);
		out_u64("count", "%llu\n", env.shown.v[i].value);
		out_close();
	}
	out_close();
	out_end();
}

/*
 * Hash keys (pids above all) come and go: in delta mode a key that did not
 * move for a whole interval is deleted from the kernel map, so dead pids do
 * not fill it.  Its snapshot goes too, so a reborn key counts from zero.
 */
static void evict_idle(void)
{
	struct count_syscall_bpf *skel = env.s.skel;
	struct eh_sampler *sm = &env.sampler;
	size_t i, kept = 0;

	if (!sm->delta || env.by == EH_BY_SYSCALL)
		return;
	eh_counts_reset(&env.idle);
	for (i = 0; i < sm->prev.n; i++) {
		const struct eh_count *e = &sm->prev.v[i];

		if (eh_counts_has(&sm->diff, e->key, e->name))
			sm->prev.v[kept++] = *e;
		else
			eh_counts_add(&env.idle, e->key, e->name, 0);
	}
	sm->prev.n = kept;
	if (env.by == EH_BY_COMM)
		eh_map_delete_counts(bpf_map__fd(skel->maps.by_comm), EH_KEY_COMM, &env.idle);
	else
		eh_map_delete_counts(bpf_map__fd(skel->maps.by_id), EH_KEY_U32, &env.idle);
}

/* an interval's table, then idle keys go; or the last table */
static void show(const struct eh_counts *c, bool final)
{
	print_counts(c, final);
	if (!final)
		evict_idle();
}

int cmd_count_syscall(int argc, char **argv)
{
	struct count_syscall_bpf *skel;
	int err;

	env.s.open = open_skel;
	env.s.close = close_skel;
	eh_argp_parse(&argp, argc, argv, NULL);
	if (env.list)
		return list_syscalls();
	env.s.mode = eh_opts.attach;
	err = eh_session_start(&env.s, &env.loop);
	if (err)
		goto out;
	skel = env.s.skel;
	switch (env.by) {
	case EH_BY_SYSCALL:
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_syscall);
		break;
	case EH_BY_COMM:
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_comm);
		break;
	default:
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_id);
	}
	env.sampler.kind = env.by == EH_BY_COMM ? EH_KEY_COMM : EH_KEY_U32;
	env.sampler.percpu = true;

	eh_session_meta_begin(&env.s);
	out_str("by", NULL, by_names[env.by]);
	out_str("mode", NULL, env.sampler.delta ? "delta" : "cumulative");
	out_u64("top", NULL, env.top);
	out_f64("interval", NULL, eh_opts.interval);
	out_str("syscall_table", NULL, eh_syscall_arch());
	out_end();
	out_flush();

	env.iv.sampler = &env.sampler;
	env.iv.show = show;
	err = eh_session_run_intervals(&env.loop, &env.iv);
	if (err || env.loop.stop == EH_STOP_EPIPE)
		goto out;
	eh_summary_begin();
	out_u64("intervals", " %llu intervals,", env.iv.n);
	out_u64("dropped", " %llu dropped (table full),", skel->bss->eh_dropped);
	eh_summary_end(&env.loop);
out:
	eh_sampler_free(&env.sampler);
	eh_counts_free(&env.shown);
	eh_counts_free(&env.idle);
	return eh_session_finish(&env.s, &env.loop, err);
}
