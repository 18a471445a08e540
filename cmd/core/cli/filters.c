// SPDX-License-Identifier: MIT
/*
 * The filters every command takes (--pid, --uid, --comm, --unit,
 * --container): which tasks the BPF programs keep, decided in the kernel
 * before any work; see include/ebpfhello/cli/filters.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/base/parse.h>
#include <ebpfhello/cli/filters.h>
#include <ebpfhello/cli/opts.h>
#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/host/cgroup_search.h>
#include <ebpfhello/host/task.h>
#include <ebpfhello/host/users.h>
#include <ebpfhello/show/messages.h>

#define PID_MAX_LIMIT	4194304		/* the kernel's hard limit (4M) */

enum { OPT_PID = 'p', OPT_UID = 'u', OPT_COMM = 'c', OPT_UNIT = 0x300, OPT_CONTAINER };

static const struct argp_option filter_options[] = {
	{ NULL, 0, NULL, 0, "Filters (applied in the kernel, before any work):", 40 },
	{ "pid", OPT_PID, "PID", 0, "only this process (thread group id)", 0 },
	{ "uid", OPT_UID, "UID", 0, "only this user (number or name)", 0 },
	{ "comm", OPT_COMM, "NAME", 0, "only tasks with this name (up to 15 bytes)", 0 },
	{ "unit", OPT_UNIT, "NAME", 0,
	  "only tasks of this systemd unit (nginx.service, session-3.scope) and what "
	  "runs below it, found by its cgroup v2", 0 },
	{ "container", OPT_CONTAINER, "ID", 0,
	  "only tasks of this container (docker, podman, containerd, cri-o: a unique "
	  "start of its id; lxc, nspawn: its name), also those started after us", 0 },
	{ 0 }
};

/* --unit, --container: one cgroup, open for the kernel's filter */
static void filter_cgroup(const char *opt, const char *arg, const char *path)
{
	if (eh_opts.has_cgroup)
		eh_usage_error("%s: one of --cgroup, --unit and --container at a time", opt);
	eh_opts.cgroup_fd = eh_cgroup_open_arg(opt, path, &eh_opts.cgroup_id, eh_opts.cgroup,
					       sizeof(eh_opts.cgroup));
	eh_opts.has_cgroup = true;
}

static void filter_unit(const char *arg)
{
	char path[4096], what[160];
	int n = eh_cgroup_find_unit(arg, path, sizeof(path));

	if (n == 1) {
		filter_cgroup("--unit", arg, path);
		eh_opts.unit = arg;
		return;
	}
	if (n > 1)
		snprintf(what, sizeof(what), "one unit; %d cgroups have that name, the first %s: "
			 "give it with --cgroup", n, eh_quote(path, 1));
	else if (n == 0)
		snprintf(what, sizeof(what), "a systemd unit with a cgroup here (none by that name "
			 "under %s)", eh_cgroup2_mount() ? eh_cgroup2_mount() : "any cgroup2 mount");
	else
		snprintf(what, sizeof(what), "a unit, but the cgroup v2 hierarchy cannot be read: %s",
			 strerror(-n));
	eh_bad_value("--unit", arg, what);
}

static void filter_container(const char *arg)
{
	char path[4096], what[160];
	int n = eh_cgroup_find_container(arg, path, sizeof(path), eh_opts.container,
					 sizeof(eh_opts.container));

	if (n == 1) {
		filter_cgroup("--container", arg, path);
		return;
	}
	if (n > 1)
		snprintf(what, sizeof(what), "the start of one container's id; several match "
			 "(give more of it)");
	else if (n == 0)
		snprintf(what, sizeof(what), "a running container's id or name (none matches "
			 "a container cgroup here)");
	else
		snprintf(what, sizeof(what), "a container, but the cgroup v2 hierarchy cannot be "
			 "read: %s", strerror(-n));
	eh_bad_value("--container", arg, what);
}

/*
 * The kernel side compares --pid with the thread group id, so a thread's
 * own id would match nothing and the run would count 0 without a word:
 * refused, naming the process the thread belongs to.
 */
static void check_not_thread(uint32_t pid)
{
	char name[EH_COMM_LEN];
	int64_t tgid;

	/* no such task (yet): nothing to say */
	if (eh_task_status(pid, &tgid, name) && tgid > 0 && tgid != (int64_t)pid)
		eh_usage_error("--pid %u is a thread of process %lld (%s), and --pid takes a "
			       "process id: give --pid %lld", pid, (long long)tgid, eh_quote(name, 0),
			       (long long)tgid);
}

static error_t filter_parse(int key, char *arg, struct argp_state *state)
{
	char what[96];
	uint64_t v;

	switch (key) {
	case OPT_PID:
		v = eh_arg_u64("--pid", arg, 1, PID_MAX_LIMIT, "a process id");
		check_not_thread((uint32_t)v);
		eh_opts.has_pid = true;
		eh_opts.pid = (uint32_t)v;
		return 0;
	case OPT_UID:
		if (eh_parse_u64(arg, 0, UINT32_MAX - 1, &v)) {
			eh_opts.uid = (uint32_t)v;
		} else if (!eh_user_uid(arg, &eh_opts.uid)) {
			snprintf(what, sizeof(what), "a user id (0-%u) or a user name from /etc/passwd",
				 UINT32_MAX - 1);
			eh_bad_value("--uid", arg, what);
		}
		eh_opts.has_uid = true;
		return 0;
	case OPT_COMM:
		snprintf(what, sizeof(what), "a task name of 1 to %d bytes (the kernel keeps %d)",
			 EH_COMM_LEN - 1, EH_COMM_LEN - 1);
		if (strlen(arg) == 0 || strlen(arg) > EH_COMM_LEN - 1)
			eh_bad_value("--comm", arg, what);
		memset(eh_opts.comm, 0, sizeof(eh_opts.comm));
		memcpy(eh_opts.comm, arg, strlen(arg));
		eh_opts.has_comm = true;
		return 0;
	case OPT_UNIT:
		filter_unit(arg);
		return 0;
	case OPT_CONTAINER:
		if (!arg[0])
			eh_bad_value("--container", arg, "a container's id or name");
		filter_container(arg);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp eh_filter_argp = { filter_options, filter_parse, NULL, NULL, NULL, NULL, NULL };
