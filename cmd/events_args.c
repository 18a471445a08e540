// SPDX-License-Identifier: MIT
/*
 * events' command line: its options, --help (with the examples tests run),
 * usage errors, and what the book says of its programs and maps.
 */
#include <bpf/libbpf.h>

#include <ebpfhello/base/parse.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/cli/output_file.h>
#include <ebpfhello/cli/session_args.h>
#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/cmd.h>
#include <ebpfhello/events.h>

#include "events.skel.h"
#include "events_columns.h"
#include "events_env.h"

#define PID_MAX_LIMIT	4194304

struct ev_env ev_env = {
	.msg_even = "Hello World", .msg_odd = "Hello Odd World", .cgroup_fd = -1
};

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
	  "each record names its N nearest ancestors (1 to 16), read in the kernel when "
	  "the record is made (text: an ANCESTORS column, pid:comm; JSON: each with its "
	  "exec id, and every record's exec_id)", 0 },
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
	"ancestors (implies --ancestors 4), args (implies --args)\n\n"
	"Exit records (--exits) have a line of their own: time, pid, ppid, uid, comm, "
	"then how the process ended and after how long.\n\n"
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
		ev_env.msg_even = arg;
		return 0;
	case OPT_ODD:
		eh_text_arg("--message-odd", arg, EH_MSG_LEN - 1);
		ev_env.msg_odd = arg;
		return 0;
	case OPT_ARGS:
		if (!ev_env.max_args)
			ev_env.max_args = EH_DEFAULT_MAX_ARGS;
		return 0;
	case OPT_MAX_ARGS:
		ev_env.max_args = eh_arg_u64("--max-args", arg, 1, EH_MAX_ARGS, "a number of arguments");
		return 0;
	case OPT_FAILED:
	case OPT_RESULTS:
		*(key == OPT_FAILED ? &ev_env.failed : &ev_env.results) = true;
		if (ev_env.failed && ev_env.results)
			eh_usage_error("--failed shows failed execs only, --results all of them: "
				       "give one");
		return 0;
	case OPT_PPID:
		ev_env.ppid = eh_arg_u64("--ppid", arg, 1, PID_MAX_LIMIT, "a process id");
		return 0;
	case OPT_CGROUP:
		ev_env.cgroup_arg = arg;
		return 0;
	case OPT_IDENTITY:
		ev_env.identity = true;
		return 0;
	case OPT_COLUMNS:
		ev_columns_parse(arg);
		return 0;
	case OPT_ANCESTORS:
		ev_env.ancestors = eh_arg_u64("--ancestors", arg, 1, EH_ANCESTORS_MAX,
					   "a number of ancestors");
		return 0;
	case OPT_EXITS:
	case OPT_TREE:
		*(key == OPT_EXITS ? &ev_env.exits : &ev_env.tree) = true;
		return 0;
	case ARGP_KEY_END:
		if (ev_env.tree && ev_columns_chosen())
			eh_usage_error("--tree draws its own lines and -o chooses a table's columns: "
				       "give --tree or -o, not both");
		if (ev_env.tree && !ev_env.ancestors)
			ev_env.ancestors = EH_ANCESTORS_MAX;
		if (ev_columns_need_ancestors() && !ev_env.ancestors)
			ev_env.ancestors = 4;
		ev_env.exits |= ev_env.tree;
		ev_env.lineage = ev_env.ancestors || ev_env.exits;
		if (ev_columns_need_args() && !ev_env.max_args)
			ev_env.max_args = EH_DEFAULT_MAX_ARGS;
		if (ev_env.identity && !eh_opts.json && !eh_output_file_opts.path)
			eh_usage_error("--identity adds fields to JSON records: give --json (or "
				       "--output), or choose text columns with -o (unit, container...)");
		if (ev_columns_need_identity())
			ev_env.identity = true;
		if (ev_env.cgroup_arg)
			ev_env.cgroup_fd = eh_cgroup_open_arg("--cgroup", ev_env.cgroup_arg, &ev_env.cgroup_id,
							   ev_env.cgroup, sizeof(ev_env.cgroup));
		ev_env.s.sides = ev_env.failed || ev_env.results ? EH_ENTRY | EH_EXIT : EH_ENTRY;
		/* where the entry could not read a value, a failed exec's exit can */
		ev_env.s.extra_sides = EH_EXIT;
		eh_args_syscalls(&ev_env.s, "execve,execveat");
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
	{ "eh_ev_exit", "not in the book: --exits: a process's end, when its last thread exits: "
	  "its status, lifetime and the exec it ran" },
	{ "eh_ev_*", "hello() of hello-buffer.py, a kprobe at execve there: one record "
	  "(pid, uid, command, and the message \"Hello World\" for even pids, another for "
	  "odd ones: exercise 1) handed to user space; here with the filename, the parent "
	  "and, at the exit side (--failed), the result" },
	{ "eh_events", "BPF_PERF_OUTPUT(output) of hello-buffer.py, filled by "
	  "output.perf_submit(): here a ring buffer where the kernel has one, a perf "
	  "buffer otherwise, and every record that finds no room is counted (eh_lost)" },
	{ "heap", "not in the book: a per-CPU scratch record, too big for the BPF stack" },
	{ "pending", "the exit side: each exec's record until its result is known" },
	{ "cgroup_filter", "--cgroup: the cgroup whose tasks are kept" },
	{ "eh_ancestors_heap", "not in the book: an exec's ancestors, read in the kernel "
	  "before they are put after its record's data" },
	{ "exit_heap", "not in the book: --exits: a per-CPU scratch for a process's end" },
	{ "exit_claims", "not in the book: --exits: which processes' ends were seen, so that "
	  "threads exiting together make one record" })

