// SPDX-License-Identifier: MIT
/*
 * count-syscall: exercise 5 grown into a syscount.  Every syscall of the
 * machine is counted at entry in the kernel, keyed by syscall, uid, pid or
 * comm; every interval the top N are printed, with names from the syscall
 * table generated at build time (unknown ids as numbers).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/cmd.h>
#include <ebpfhello/count_syscall.h>
#include <ebpfhello/export.h>
#include <ebpfhello/output.h>
#include <ebpfhello/parse.h>
#include <ebpfhello/run.h>
#include <ebpfhello/syscalls.h>
#include <ebpfhello/users.h>

#include "count_syscall.skel.h"

#define TOP_MAX 100000

static const char *const by_names[] = {
	[EH_BY_SYSCALL] = "syscall", [EH_BY_UID] = "uid",
	[EH_BY_PID] = "pid", [EH_BY_COMM] = "comm",
};

static struct env {
	struct eh_session s;
	struct eh_run r;
	enum eh_count_by by;
	uint64_t top;
	bool list;
	struct eh_sampler sampler;
	struct eh_counts shown;
	struct eh_counter counter;	/* --listen, --prometheus-textfile */
} env = { .top = 10, .sampler.delta = true };

enum {
	OPT_BY = 'b', OPT_TOP = 't', OPT_DELTA = 'D', OPT_CUMULATIVE = 'C', OPT_LIST = 'l',
	OPT_SYSCALL = 's',
};

static const struct argp_option options[] = {
	{ "by", OPT_BY, "KEY", 0, "count by syscall (default), uid, pid or comm", 0 },
	{ "syscall", OPT_SYSCALL, "NAMES", 0,
	  "count only these syscalls (names or patterns, comma separated; repeatable); "
	  "filtered in the kernel", 0 },
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
	"  ebpfhello count-syscall --syscall 'open*,close' --by comm\n"
	"  ebpfhello count-syscall --list | grep -w execve\n";

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	char what[64];
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
		snprintf(what, sizeof(what), "a number of rows from 0 (all) to %d", TOP_MAX);
		if (!eh_parse_u64(arg, 0, TOP_MAX, &env.top))
			eh_bad_value("--top", arg, what);
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
	case OPT_SYSCALL:
		eh_session_add_syscalls(&env.s, arg);
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
	{ &eh_metrics_argp, 0, NULL, 0 },
	{ 0 }
};

const struct argp cmd_count_syscall_argp = { options, parse_opt, NULL, doc, children, NULL, NULL };

const void *cmd_count_syscall_elf(size_t *size)
{
	return count_syscall_bpf__elf_bytes(size);
}

static int list_syscalls(void)
{
	size_t i;

	out_init(stdout, eh_opts.json, eh_opts.iso_time);
	out_text("%5s %s\n", "ID", "SYSCALL");
	for (i = 0; i < eh_syscall_count(); i++) {
		const struct eh_syscall *s = eh_syscall_at(i);

		out_begin("syscall");
		out_s64("syscall_id", "%5lld ", s->nr);
		out_str("syscall", "%s", s->name);
		out_json_str("arch", eh_syscall_arch());
		out_end();
	}
	out_flush();
	return out_error() ? EH_EXIT_RUNTIME : EH_EXIT_OK;
}

static int open_skel(struct eh_session *s)
{
	const struct eh_syscall *exit_group = eh_syscall_by_name("exit_group");
	struct count_syscall_bpf *skel = count_syscall_bpf__open();

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	skel->rodata->eh_by = env.by;
	skel->rodata->eh_nr_exit_group = exit_group ? exit_group->nr : -1;
	/* only the maps this key needs get their full size */
	if (env.by != EH_BY_UID && env.by != EH_BY_PID)
		bpf_map__set_max_entries(skel->maps.by_id, 1);
	if (env.by != EH_BY_PID)
		bpf_map__set_max_entries(skel->maps.pid_comm, 1);
	if (env.by != EH_BY_COMM)
		bpf_map__set_max_entries(skel->maps.by_comm, 1);
	return 0;
}

static void pid_comm(uint32_t pid, char comm[EH_COMM_LEN]);

static int attached(struct eh_run *r)
{
	static const enum eh_series_key series_key[] = {
		[EH_BY_SYSCALL] = EH_SERIES_SYSCALL, [EH_BY_UID] = EH_SERIES_UID,
		[EH_BY_PID] = EH_SERIES_PID, [EH_BY_COMM] = EH_SERIES_COMM,
	};
	struct count_syscall_bpf *skel = env.s.skel;

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
	/* pids and comms come and go; syscall ids and uids stay few */
	env.sampler.evict_idle = env.by == EH_BY_PID || env.by == EH_BY_COMM;
	/* Prometheus (docs/prometheus.md): labelled as the columns */
	env.counter.key = series_key[env.by];
	env.counter.user = true;
	env.counter.pid_comm = pid_comm;
	eh_export_counter(&env.counter, &env.sampler, "ebpfhello_syscalls_total",
			  "Syscalls counted at entry by count-syscall, by its --by key.");
	return 0;
}

static int metrics(struct eh_run *r, struct eh_prom *p)
{
	struct count_syscall_bpf *skel = env.s.skel;

	return eh_export_counts(p, &env.counter, &env.sampler, skel->bss->eh_dropped);
}

/* a live pid's name from /proc; a dead one's as the kernel side last saw it */
static void pid_comm(uint32_t pid, char comm[EH_COMM_LEN])
{
	struct count_syscall_bpf *skel = env.s.skel;
	char path[32];
	ssize_t n = -1;
	int fd;

	snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, comm, EH_COMM_LEN - 1);
		close(fd);
	}
	if (n > 0) {
		/* the kernel ends the name with a newline; the name may hold one too */
		comm[n] = '\0';
		if (comm[n - 1] == '\n')
			comm[n - 1] = '\0';
		return;
	}
	memset(comm, 0, EH_COMM_LEN);
	if (bpf_map_lookup_elem(bpf_map__fd(skel->maps.pid_comm), &pid, comm))
		comm[0] = '\0';
	comm[EH_COMM_LEN - 1] = '\0';
}

static void print_key(const struct eh_count *c)
{
	char comm[EH_COMM_LEN], num[24];
	const char *name;

	switch (env.by) {
	case EH_BY_SYSCALL:
		if (c->key == EH_SYSCALL_OTHER) {
			out_text("%-22s ", "(other)");
			return;
		}
		name = eh_syscall_name((long)c->key);
		out_json_u64("syscall_id", c->key);
		if (name) {
			out_str("syscall", "%-22s ", name);
		} else {
			snprintf(num, sizeof(num), "%llu", (unsigned long long)c->key);
			out_text("%-22s ", num);
		}
		return;
	case EH_BY_UID:
		name = eh_user_name((uint32_t)c->key);
		out_u64("uid", "%-10llu ", c->key);
		if (name)
			out_str("user", "%-16s ", name);
		else
			out_text("%-16s ", "-");
		return;
	case EH_BY_PID:
		pid_comm((uint32_t)c->key, comm);
		out_u64("pid", "%-10llu ", c->key);
		out_str("comm", "%-16s ", comm);
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
		return "UID        USER             ";
	case EH_BY_PID:
		return "PID        COMM             ";
	default:
		return "COMM             ";
	}
}

static void show(struct eh_run *r, const struct eh_counts *c, bool final)
{
	size_t i, n;

	/* sorting by value reorders a copy: the sampler keeps key order */
	eh_counts_copy(&env.shown, c);
	eh_counts_sort_value(&env.shown);
	n = env.top && env.top < env.shown.n ? env.top : env.shown.n;

	out_begin("interval");
	out_text_time(eh_wall_ns());
	out_json_u64("seq", r->intervals);
	out_json_f64("elapsed", eh_now() - r->loop.started);
	out_str("by", " by %s,", by_names[env.by]);
	out_str("mode", " %s", env.sampler.delta ? "delta" : "cumulative");
	out_json_bool("final", final);
	out_u64("total", ": %llu syscalls", eh_counts_total(c));
	out_u64("keys", ", %llu keys", c->n);
	out_text("\n%s%12s\n", key_header(), "COUNT");
	out_open_array("counts");
	for (i = 0; i < n; i++) {
		out_open_object(NULL);
		print_key(&env.shown.v[i]);
		out_u64("count", "%12llu\n", env.shown.v[i].value);
		out_close();
	}
	out_close();
	out_end();
}

static void meta(struct eh_run *r)
{
	out_json_str("by", by_names[env.by]);
	out_json_str("mode", env.sampler.delta ? "delta" : "cumulative");
	out_json_u64("top", env.top);
	out_json_f64("interval", eh_opts.interval);
	out_json_str("syscall_table", eh_syscall_arch());
	out_open_array("syscalls");
	for (int i = 0; i < env.s.nr_sys; i++)
		out_json_str(NULL, env.s.sys[i]->name);
	out_close();
}

static void summary(struct eh_run *r)
{
	struct count_syscall_bpf *skel = env.s.skel;

	eh_summary_count("intervals", r->intervals, "interval", "intervals");
	out_u64("dropped", " %llu dropped (table full),", skel->bss->eh_dropped);
	out_json_u64("evicted", env.sampler.evicted);
}

int cmd_count_syscall(int argc, char **argv)
{
	int status;

	env.s.open = open_skel;
	eh_argp_parse(&cmd_count_syscall_argp, argc, argv);
	if (env.list)
		return list_syscalls();
	eh_session_check_mode(&env.s);
	env.r.s = &env.s;
	env.r.attached = attached;
	env.r.meta = meta;
	env.r.summary = summary;
	env.r.sampler = &env.sampler;
	env.r.show = show;
	env.r.metrics = metrics;
	status = eh_run_intervals(&env.r);
	eh_sampler_free(&env.sampler);
	eh_counts_free(&env.shown);
	eh_export_counter_free(&env.counter);
	return status;
}
