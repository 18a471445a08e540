// SPDX-License-Identifier: MIT
/*
 * count-syscall: exercise 5 grown into a syscount.  Every syscall of the
 * machine is counted at entry in the kernel, keyed by syscall, uid, pid or
 * comm; every interval the top N are printed, with names from the syscall
 * table generated at build time (unknown ids as numbers).  --failed-only
 * and --errors count failures at the syscall's exit, --latency the time
 * from entry to exit (their tables: cmd/count_syscall_views.c).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <ebpfhello/base/parse.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/syscall_abis.h>
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/run/cgroup_keys.h>
#include <ebpfhello/run/counter.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/count_syscall.h>

#include "count_syscall_abi.h"
#include "count_syscall_load.h"
#include "count_syscall_views.h"

#define TOP_MAX 100000
#define FD(name) cs_map_fd(&env.s, name)

static const char *const by_names[] = {
	[EH_BY_SYSCALL] = "syscall", [EH_BY_UID] = "uid",
	[EH_BY_PID] = "pid", [EH_BY_COMM] = "comm",
};

static const char *const measure_names[] = {
	[EH_MEASURE_CALLS] = "calls", [EH_MEASURE_FAILED] = "failed calls",
	[EH_MEASURE_ERRORS] = "errors", [EH_MEASURE_LATENCY] = "latency",
};

static struct env {
	struct eh_session s;
	struct eh_run r;
	struct cs_load load;		/* what is counted, by what key */
	struct eh_cgroup_keys groups;	/* --by cgroup|unit|container: the groups */
	struct eh_counts grouped;	/* ... and their counts */
	bool by_given;
	bool mode_given;		/* --delta or --cumulative */
	const char *measure_opt;	/* the option that chose it */
	uint64_t top;
	bool list;
	struct eh_sampler sampler;	/* the counts (--latency: calls and ns) */
	struct eh_sampler hist;		/* --histogram's buckets */
	struct eh_sampler sids;		/* --by syscall: sids in by_id (count_syscall.h) */
	struct eh_counts shown;
	struct eh_counter counter;	/* --listen, --prometheus-textfile */
} env = { .top = 10, .sampler.delta = true, .hist.delta = true };

enum {
	OPT_BY = 'b', OPT_TOP = 't', OPT_DELTA = 'D', OPT_CUMULATIVE = 'C', OPT_LIST = 'l',
	OPT_SYSCALL = 's', OPT_FAILED = 0x400, OPT_ERRORS, OPT_LATENCY, OPT_HISTOGRAM,
};

static const struct argp_option options[] = {
	{ "by", OPT_BY, "KEY", 0, "count by syscall (default), uid, pid, comm, or the cgroup (v2) path, "
	  "systemd unit or container the task is in (cgroup, unit, container)", 0 },
	{ "syscall", OPT_SYSCALL, "NAMES", 0,
	  "count only these syscalls (names or patterns, comma separated; repeatable); "
	  "filtered in the kernel", 0 },
	{ "top", OPT_TOP, "N", 0, "show the N biggest counts (default 10; 0: all)", 0 },
	{ "delta", OPT_DELTA, NULL, 0, "each interval's counts (the default)", 0 },
	{ "cumulative", OPT_CUMULATIVE, NULL, 0, "running totals since the start", 0 },
	{ "list", OPT_LIST, NULL, 0, "print the syscall table of this build and exit", 0 },
	{ NULL, 0, NULL, 0, "Failures and latency (at the syscall's exit, too):", 10 },
	{ "failed-only", OPT_FAILED, NULL, 0,
	  "count only calls that failed (returned -1..-4095), keyed by --by", 0 },
	{ "errors", OPT_ERRORS, NULL, 0,
	  "count failed calls by syscall and errno (ENOENT, EBADF...)", 0 },
	{ "latency", OPT_LATENCY, NULL, 0,
	  "time each call from entry to exit: calls, total and average per syscall", 0 },
	{ "histogram", OPT_HISTOGRAM, NULL, 0,
	  "with --latency: a log2 histogram of the times of each syscall", 0 },
	{ 0 }
};

static const char doc[] =
	"Count every syscall of the machine at entry, by syscall, uid, pid, comm, or the "
	"cgroup, systemd unit or container the task runs in (docs/identity.md) "
	"(Learning eBPF, chapter 2, exercise 5).\v"
	"Syscall names come from this architecture's table, built from the kernel's "
	"uapi headers; a 32-bit program's calls (i386, x32; arm32) are told apart "
	"and named from their own ABI's table, marked \"getppid (i386)\"; ids no "
	"table has are shown one by one, \"[unknown 1024]\" (the first 256; more "
	"are counted as [other ids]).  Counting happens at "
	"entry, so exit_group and a successful execve are counted too; with "
	"--failed-only and --errors at exit, where the result is; with --latency at "
	"both, each task's start time kept in the kernel (exit and exit_group never "
	"return and are never timed).  A failure is a result from -1 to -4095, the "
	"kernel's restart codes (ERESTARTSYS...) included.  --errors and --latency "
	"are not exported to Prometheus.\n\n"
	"Examples:\n"
	"  ebpfhello count-syscall                     # top 10 every 2 s\n"
	"  ebpfhello count-syscall --by comm --top 5 --interval 1\n"
	"  ebpfhello count-syscall --pid 1234 --cumulative --duration 10\n"
	"  ebpfhello count-syscall --syscall 'open*,close' --by comm\n"
	"  ebpfhello count-syscall --errors --pid 1234\n"
	"  ebpfhello count-syscall --failed-only --by comm\n"
	"  ebpfhello count-syscall --by container --syscall execve --interval 1\n"
	"  ebpfhello count-syscall --latency --histogram --pid 1234\n"
	"  ebpfhello count-syscall --list | grep -w execve\n";

/* --by's word: by_names' or cgroup_keys.h's */
static const char *by_name(void)
{
	return env.load.by == EH_BY_CGROUP ? eh_cgroup_by_name(env.groups.by) :
					     by_names[env.load.by];
}

static void set_measure(enum eh_measure m, const char *opt)
{
	if (env.measure_opt && env.load.measure != m)
		eh_usage_error("%s and %s count different things: give one of them",
			       env.measure_opt, opt);
	env.load.measure = m;
	env.measure_opt = opt;
}

/* what goes together, once every option is in */
static void check_options(void)
{
	if (env.list && (env.by_given || env.mode_given || env.measure_opt || env.load.histogram))
		eh_usage_error("--list prints the syscall table: it takes no counting option");
	if (env.load.histogram && env.load.measure != EH_MEASURE_LATENCY)
		eh_usage_error("--histogram: only with --latency (a histogram of its times)");
	if (env.by_given && env.load.by != EH_BY_SYSCALL &&
	    (env.load.measure == EH_MEASURE_ERRORS || env.load.measure == EH_MEASURE_LATENCY))
		eh_usage_error("%s counts by syscall: --by %s is for the plain counts and "
			       "--failed-only", env.measure_opt, by_name());
	if ((eh_export_opts.listen || eh_export_opts.textfile) &&
	    (env.load.measure == EH_MEASURE_ERRORS || env.load.measure == EH_MEASURE_LATENCY))
		eh_usage_error("%s is not exported to Prometheus: --listen and "
			       "--prometheus-textfile export the counts and --failed-only's",
			       env.measure_opt);
	env.s.sides = env.load.measure == EH_MEASURE_CALLS ? EH_ENTRY :
		      env.load.measure == EH_MEASURE_LATENCY ? EH_ENTRY | EH_EXIT : EH_EXIT;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	size_t i;

	switch (key) {
	case OPT_BY:
		for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
			if (!strcmp(arg, by_names[i])) {
				env.load.by = (enum eh_count_by)i;
				env.by_given = true;
				return 0;
			}
		}
		if (!eh_cgroup_by_parse(arg, &env.groups.by))
			eh_bad_value("--by", arg, "syscall, uid, pid, comm, cgroup, unit or container");
		env.load.by = EH_BY_CGROUP;
		env.by_given = true;
		return 0;
	case OPT_TOP:
		env.top = eh_arg_u64("--top", arg, 0, TOP_MAX, "a number of rows (0: all)");
		return 0;
	case OPT_DELTA:
	case OPT_CUMULATIVE:
		if (env.mode_given && env.sampler.delta != (key == OPT_DELTA))
			eh_usage_error("--delta and --cumulative print different things: "
				       "give one of them");
		env.mode_given = true;
		env.sampler.delta = env.hist.delta = key == OPT_DELTA;
		return 0;
	case OPT_LIST:
		env.list = true;
		return 0;
	case OPT_SYSCALL:
		eh_args_syscalls(&env.s, arg);
		return 0;
	case OPT_FAILED:
		set_measure(EH_MEASURE_FAILED, "--failed-only");
		return 0;
	case OPT_ERRORS:
		set_measure(EH_MEASURE_ERRORS, "--errors");
		return 0;
	case OPT_LATENCY:
		set_measure(EH_MEASURE_LATENCY, "--latency");
		return 0;
	case OPT_HISTOGRAM:
		env.load.histogram = true;
		return 0;
	case ARGP_KEY_END:
		check_options();
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/* the skeleton lives in count_syscall_load.c: one copy of its ELF bytes */
#define count_syscall_bpf__elf_bytes cs_elf_bytes
EH_CMD_DEFINE(count_syscall, options, parse_opt, doc, eh_counting_children)
EH_CMD_BOOK(count_syscall, "exercise 5 (hello-map.py keyed by syscall)",
	{ "eh_cs_*", "exercise 5: hello-map.py's program counting by syscall id, on "
	  "exercise 3's raw tracepoint sys_enter (args[1] is the id); a second one at "
	  "sys_exit for --failed-only, --errors and --latency" },
	{ "by_syscall", "exercise 5's counter_table keyed by syscall id: a per-CPU array "
	  "indexed by the id, no hashing" },
	{ "by_id*", "--by uid or pid: counts per id (pids: two, swapped each interval)" },
	{ "by_comm*", "--by comm: counts per task name (two, swapped each interval)" },
	{ "live_by_*", "a map of maps: which of the two count maps the programs add to" },
	{ "pid_comm", "--by pid: each pid's task name" },
	{ "starts", "--latency: when each task's syscall began" },
	{ "lat", "--latency: calls and ns per syscall" },
	{ "lat_hist", "--histogram: calls per syscall and log2 bucket of ns" },
	{ "odd_ids", "not in the book: the ids no table names (past the table, -1, "
	  "x32), one slot each" },
	{ "by_cgroup", "--by cgroup, unit or container (the object count_syscall_identity): "
	  "counts per cgroup (v2) id, grouped by user space into units or containers" },
	{ "eh_cg_cache", "not in the book: --by cgroup, unit or container: each CPU's last "
	  "task and its cgroup id, so that a syscall of the same task in the same place "
	  "reads no cgroup; a generation, bumped by eh_cg_moved at every move to another "
	  "cgroup" },
	{ "eh_cg_moved", "not in the book: --by cgroup, unit or container: at the "
	  "tracepoint cgroup_attach_task, makes every CPU's entry of eh_cg_cache stale" })

static int open_skel(struct eh_session *s)
{
	return cs_open(s, &env.load);
}

static int fill_live_map(struct eh_session *s)
{
	return cs_fill_live_map(s, &env.load);
}

static int attached(struct eh_run *r)
{
	static const enum eh_series_key series_key[] = {
		[EH_BY_SYSCALL] = EH_SERIES_SYSCALL, [EH_BY_UID] = EH_SERIES_UID,
		[EH_BY_PID] = EH_SERIES_PID, [EH_BY_COMM] = EH_SERIES_COMM,
		[EH_BY_CGROUP] = EH_SERIES_CGROUP,
	};
	env.sampler.kind = EH_KEY_U32;
	env.sampler.percpu = true;
	cs_set_pid_comm_map(FD("pid_comm"));
	cs_set_odd_ids_map(FD("odd_ids"));
	if (env.load.measure == EH_MEASURE_LATENCY) {
		env.sampler.map_fd = FD("lat");
		env.hist.map_fd = FD("lat_hist");
		env.hist.kind = EH_KEY_U32;
		env.hist.percpu = true;
		return 0;
	}
	if (env.load.measure == EH_MEASURE_ERRORS) {
		env.sampler.map_fd = FD("by_id");
		return 0;
	}
	switch (env.load.by) {
	case EH_BY_SYSCALL:
		env.sampler.map_fd = FD("by_syscall");
		cs_sids_sampler(&env.sampler, &env.sids, FD("by_id"));
		break;
	case EH_BY_COMM:
		env.sampler.map_fd = FD("by_comm");
		env.sampler.outer_fd = FD("live_by_comm");
		env.sampler.spare_fd = FD("by_comm_spare");
		env.sampler.kind = EH_KEY_COMM;
		break;
	case EH_BY_CGROUP:
		env.sampler.map_fd = FD("by_cgroup");
		env.sampler.kind = EH_KEY_U64;
		env.groups.names_fd = FD("eh_cgroup_names");
		env.counter.groups = &env.groups;
		cs_set_groups(&env.groups);
		break;
	case EH_BY_PID:
		/* pids come and go: each interval's keys are taken out (maps.h) */
		env.sampler.outer_fd = FD("live_by_pid");
		env.sampler.spare_fd = FD("by_id_spare");
		/* fall through */
	default:
		env.sampler.map_fd = FD("by_id");
	}
	/* Prometheus (docs/prometheus.md): labelled as the columns */
	env.counter.key = series_key[env.load.by];
	env.counter.user = true;
	env.counter.pid_comm = cs_pid_comm;
	env.counter.syscall_labels = cs_sid_labels;
	if (env.load.measure == EH_MEASURE_FAILED)
		eh_export_counter(&env.counter, &env.sampler, "ebpfhello_failed_syscalls_total",
				  "Failed syscalls counted at exit by count-syscall "
				  "--failed-only, by its --by key.");
	else
		eh_export_counter(&env.counter, &env.sampler, "ebpfhello_syscalls_total",
				  "Syscalls counted at entry by count-syscall, by its --by key.");
	return 0;
}

static int metrics(struct eh_run *r, struct eh_prom *p)
{
	return eh_export_counts(p, &env.counter, &env.sampler, cs_dropped());
}

/* --by cgroup|unit|container: the counts of the cgroup ids, by group */
static const struct eh_counts *grouped(const struct eh_counts *c)
{
	if (env.load.by != EH_BY_CGROUP)
		return c;
	if (eh_cgroup_keys_group(&env.groups, c, &env.grouped))
		eh_warn("cannot group the cgroups' counts: %s", strerror(errno));
	return &env.grouped;
}

static void show(struct eh_run *r, const struct eh_counts *c, bool final)
{
	const struct eh_counts *h = NULL;
	int err = 0;

	if (env.load.histogram)
		h = eh_sampler_sample(&env.hist, &err);
	out_begin("interval");
	out_text_time(eh_wall_ns());
	out_json_u64("seq", r->intervals);
	out_json_f64("elapsed", eh_now() - r->loop.started);
	out_str("by", " by %s,", by_name());
	out_json_str("measure", measure_names[env.load.measure]);
	if (env.load.measure == EH_MEASURE_ERRORS || env.load.measure == EH_MEASURE_LATENCY)
		out_text(" %s,", measure_names[env.load.measure]);
	out_str("mode", " %s", env.sampler.delta ? "delta" : "cumulative");
	out_json_bool("final", final);
	if (env.load.measure == EH_MEASURE_ERRORS)
		cs_show_errors(c, env.top, &env.shown);
	else if (env.load.measure == EH_MEASURE_LATENCY)
		cs_show_latency(c, h, env.top);
	else
		cs_show_counts(grouped(c), env.load.by, env.top, &env.shown,
			       env.load.measure == EH_MEASURE_FAILED);
	out_end();
}

static void meta(struct eh_run *r)
{
	out_json_str("by", by_name());
	out_json_str("measure", measure_names[env.load.measure]);
	out_json_bool("histogram", env.load.histogram);
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
	eh_summary_count("intervals", r->intervals, "interval", "intervals");
	out_u64("dropped", " %llu dropped (table full),", cs_dropped());
	cs_abi_summary(cs_odd_over());
	out_json_u64("evicted", env.sampler.evicted);
	if (env.load.measure == EH_MEASURE_LATENCY)
		out_u64("in_flight", " %llu in flight (entered, not returned),",
			cs_count_keys(FD("starts"), sizeof(__u64)));
}

int cmd_count_syscall(int argc, char **argv)
{
	int status;

	env.s.open = open_skel;
	env.s.loaded = fill_live_map;
	eh_argp_parse(&cmd_count_syscall_argp, argc, argv);
	if (env.list)
		return cs_list_syscalls();
	eh_args_attach(&env.s);
	env.r = (struct eh_run){ .s = &env.s, .sampler = &env.sampler, .attached = attached,
				 .show = show, .meta = meta, .summary = summary, .metrics = metrics };
	status = eh_run_intervals(&env.r);
	eh_sampler_free(&env.sampler);
	eh_sampler_free(&env.hist);
	eh_sampler_free(&env.sids);
	eh_export_counter_free(&env.counter);
	eh_counts_free(&env.shown);
	eh_counts_free(&env.grouped);
	eh_cgroup_keys_free(&env.groups);
	return status;
}
