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
#include <ebpfhello/host/syscalls.h>
#include <ebpfhello/run/counter.h>
#include <ebpfhello/run/export.h>
#include <ebpfhello/run/run.h>
#include <ebpfhello/show/output.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/count_syscall.h>

#include "count_syscall.skel.h"
#include "count_syscall_views.h"

#define TOP_MAX 100000

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
	enum eh_count_by by;
	bool by_given;
	bool mode_given;		/* --delta or --cumulative */
	enum eh_measure measure;
	const char *measure_opt;	/* the option that chose it */
	bool histogram;
	uint64_t top;
	bool list;
	struct eh_sampler sampler;	/* the counts (--latency: calls and ns) */
	struct eh_sampler hist;		/* --histogram's buckets */
	struct eh_counts shown;
	struct eh_counter counter;	/* --listen, --prometheus-textfile */
} env = { .top = 10, .sampler.delta = true, .hist.delta = true };

enum {
	OPT_BY = 'b', OPT_TOP = 't', OPT_DELTA = 'D', OPT_CUMULATIVE = 'C', OPT_LIST = 'l',
	OPT_SYSCALL = 's', OPT_FAILED = 0x400, OPT_ERRORS, OPT_LATENCY, OPT_HISTOGRAM,
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
	"Count every syscall of the machine at entry, by syscall, uid, pid or comm "
	"(Learning eBPF, chapter 2, exercise 5).\v"
	"Syscall names come from this architecture's table, built from the kernel's "
	"uapi headers; ids it does not know are shown as numbers, and ids past the "
	"table are counted in one (other) row.  Counting happens at "
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
	"  ebpfhello count-syscall --latency --histogram --pid 1234\n"
	"  ebpfhello count-syscall --list | grep -w execve\n";

static void set_measure(enum eh_measure m, const char *opt)
{
	if (env.measure_opt && env.measure != m)
		eh_usage_error("%s and %s count different things: give one of them",
			       env.measure_opt, opt);
	env.measure = m;
	env.measure_opt = opt;
}

/* what goes together, once every option is in */
static void check_options(void)
{
	if (env.list && (env.by_given || env.mode_given || env.measure_opt || env.histogram))
		eh_usage_error("--list prints the syscall table: it takes no counting option");
	if (env.histogram && env.measure != EH_MEASURE_LATENCY)
		eh_usage_error("--histogram: only with --latency (a histogram of its times)");
	if (env.by_given && env.by != EH_BY_SYSCALL &&
	    (env.measure == EH_MEASURE_ERRORS || env.measure == EH_MEASURE_LATENCY))
		eh_usage_error("%s counts by syscall: --by %s is for the plain counts and "
			       "--failed-only", env.measure_opt, by_names[env.by]);
	if ((eh_export_opts.listen || eh_export_opts.textfile) &&
	    (env.measure == EH_MEASURE_ERRORS || env.measure == EH_MEASURE_LATENCY))
		eh_usage_error("%s is not exported to Prometheus: --listen and "
			       "--prometheus-textfile export the counts and --failed-only's",
			       env.measure_opt);
	env.s.sides = env.measure == EH_MEASURE_CALLS ? EH_ENTRY :
		      env.measure == EH_MEASURE_LATENCY ? EH_ENTRY | EH_EXIT : EH_EXIT;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	size_t i;

	switch (key) {
	case OPT_BY:
		for (i = 0; i < sizeof(by_names) / sizeof(by_names[0]); i++) {
			if (!strcmp(arg, by_names[i])) {
				env.by = (enum eh_count_by)i;
				env.by_given = true;
				return 0;
			}
		}
		eh_bad_value("--by", arg, "syscall, uid, pid or comm");
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
		env.histogram = true;
		return 0;
	case ARGP_KEY_END:
		check_options();
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

EH_CMD_DEFINE(count_syscall, options, parse_opt, doc, eh_counting_children)

static int syscall_nr(const char *name)
{
	const struct eh_syscall *sc = eh_syscall_by_name(name);

	return sc ? sc->nr : -1;
}

/* --by pid|comm counted at entry or failures (not --errors or --latency) */
static bool counts_by_live_map(void)
{
	return (env.by == EH_BY_PID || env.by == EH_BY_COMM) &&
	       (env.measure == EH_MEASURE_CALLS || env.measure == EH_MEASURE_FAILED);
}

static int open_skel(struct eh_session *s)
{
	struct count_syscall_bpf *skel = count_syscall_bpf__open();
	bool keyed = env.by == EH_BY_UID || env.by == EH_BY_PID;
	bool latency = env.measure == EH_MEASURE_LATENCY;

	if (!skel)
		return -errno;
	EH_SESSION_BIND(s, skel);
	skel->rodata->eh_by = env.by;
	skel->rodata->eh_measure = env.measure;
	skel->rodata->eh_histogram = env.histogram;
	skel->rodata->eh_nr_exit_group = syscall_nr("exit_group");
	skel->rodata->eh_nr_exit = syscall_nr("exit");
	/* only the maps this run needs get their full size */
	if (!keyed && env.measure != EH_MEASURE_ERRORS)
		bpf_map__set_max_entries(skel->maps.by_id, 1);
	if (env.by != EH_BY_PID)
		bpf_map__set_max_entries(skel->maps.pid_comm, 1);
	if (env.by != EH_BY_COMM)
		bpf_map__set_max_entries(skel->maps.by_comm, 1);
	if (!latency) {
		bpf_map__set_max_entries(skel->maps.starts, 1);
		bpf_map__set_max_entries(skel->maps.lat, 1);
	}
	if (!env.histogram)
		bpf_map__set_max_entries(skel->maps.lat_hist, 1);
	if (!counts_by_live_map())
		bpf_map__set_max_entries(skel->maps.by_id_spare, 1);
	if (!counts_by_live_map() || env.by != EH_BY_COMM)
		bpf_map__set_max_entries(skel->maps.by_comm_spare, 1);
	return 0;
}

/* the programs count into a map of maps' entry (bpf/count_syscall.bpf.c) */
static int fill_live_map(struct eh_session *s)
{
	struct count_syscall_bpf *skel = s->skel;
	struct bpf_map *outer = env.by == EH_BY_COMM ? skel->maps.live_by_comm :
			       skel->maps.live_by_pid;
	struct bpf_map *inner = env.by == EH_BY_COMM ? skel->maps.by_comm : skel->maps.by_id;
	uint32_t zero = 0;
	int fd = bpf_map__fd(inner);

	if (!counts_by_live_map())
		return 0;
	if (bpf_map_update_elem(bpf_map__fd(outer), &zero, &fd, BPF_ANY)) {
		eh_error("cannot fill %s: %s", bpf_map__name(outer), strerror(errno));
		return -errno;
	}
	return 0;
}

static int attached(struct eh_run *r)
{
	static const enum eh_series_key series_key[] = {
		[EH_BY_SYSCALL] = EH_SERIES_SYSCALL, [EH_BY_UID] = EH_SERIES_UID,
		[EH_BY_PID] = EH_SERIES_PID, [EH_BY_COMM] = EH_SERIES_COMM,
	};
	struct count_syscall_bpf *skel = env.s.skel;

	env.sampler.kind = EH_KEY_U32;
	env.sampler.percpu = true;
	cs_set_pid_comm_map(bpf_map__fd(skel->maps.pid_comm));
	if (env.measure == EH_MEASURE_LATENCY) {
		env.sampler.map_fd = bpf_map__fd(skel->maps.lat);
		env.hist.map_fd = bpf_map__fd(skel->maps.lat_hist);
		env.hist.kind = EH_KEY_U32;
		env.hist.percpu = true;
		return 0;
	}
	if (env.measure == EH_MEASURE_ERRORS) {
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_id);
		return 0;
	}
	switch (env.by) {
	case EH_BY_SYSCALL:
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_syscall);
		break;
	case EH_BY_COMM:
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_comm);
		env.sampler.outer_fd = bpf_map__fd(skel->maps.live_by_comm);
		env.sampler.spare_fd = bpf_map__fd(skel->maps.by_comm_spare);
		env.sampler.kind = EH_KEY_COMM;
		break;
	case EH_BY_PID:
		/* pids come and go: each interval's keys are taken out (maps.h) */
		env.sampler.outer_fd = bpf_map__fd(skel->maps.live_by_pid);
		env.sampler.spare_fd = bpf_map__fd(skel->maps.by_id_spare);
		/* fall through */
	default:
		env.sampler.map_fd = bpf_map__fd(skel->maps.by_id);
	}
	/* Prometheus (docs/prometheus.md): labelled as the columns */
	env.counter.key = series_key[env.by];
	env.counter.user = true;
	env.counter.pid_comm = cs_pid_comm;
	if (env.measure == EH_MEASURE_FAILED)
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
	struct count_syscall_bpf *skel = env.s.skel;

	return eh_export_counts(p, &env.counter, &env.sampler, skel->bss->eh_dropped);
}

static void show(struct eh_run *r, const struct eh_counts *c, bool final)
{
	const struct eh_counts *h = NULL;
	int err = 0;

	if (env.histogram)
		h = eh_sampler_sample(&env.hist, &err);
	out_begin("interval");
	out_text_time(eh_wall_ns());
	out_json_u64("seq", r->intervals);
	out_json_f64("elapsed", eh_now() - r->loop.started);
	out_str("by", " by %s,", by_names[env.by]);
	out_json_str("measure", measure_names[env.measure]);
	if (env.measure == EH_MEASURE_ERRORS || env.measure == EH_MEASURE_LATENCY)
		out_text(" %s,", measure_names[env.measure]);
	out_str("mode", " %s", env.sampler.delta ? "delta" : "cumulative");
	out_json_bool("final", final);
	if (env.measure == EH_MEASURE_ERRORS)
		cs_show_errors(c, env.top, &env.shown);
	else if (env.measure == EH_MEASURE_LATENCY)
		cs_show_latency(c, h, env.top);
	else
		cs_show_counts(c, env.by, env.top, &env.shown, env.measure == EH_MEASURE_FAILED);
	out_end();
}

static void meta(struct eh_run *r)
{
	out_json_str("by", by_names[env.by]);
	out_json_str("measure", measure_names[env.measure]);
	out_json_bool("histogram", env.histogram);
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
	if (env.measure == EH_MEASURE_LATENCY)
		out_u64("in_flight", " %llu in flight (entered, not returned),",
			cs_count_keys(bpf_map__fd(skel->maps.starts), sizeof(__u64)));
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
	eh_export_counter_free(&env.counter);
	eh_counts_free(&env.shown);
	return status;
}
