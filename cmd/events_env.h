/* SPDX-License-Identifier: MIT */
/*
 * events' settings, from its command line (cmd/events_args.c: its options,
 * --help and usage errors), for cmd/events.c, which loads and runs.
 */
#ifndef EBPFHELLO_EVENTS_ENV_H
#define EBPFHELLO_EVENTS_ENV_H

#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/load/session.h>
#include <ebpfhello/run/run.h>

struct ev_env {
	struct eh_session s;
	struct eh_run r;
	const char *msg_even, *msg_odd;
	uint64_t max_args;		/* 0: no --args */
	bool failed, results;
	bool identity;			/* --identity (or an -o column that needs it) */
	uint64_t ancestors;		/* --ancestors N */
	bool exits, tree, lineage;	/* --exits, --tree; exec ids: any of the three */
	uint64_t ppid;
	const char *cgroup_arg;
	int cgroup_fd;
	uint64_t cgroup_id;
	char cgroup[256];		/* --cgroup as a path from the root */
};

extern struct ev_env ev_env;
/* the settings a parse fills, for what resets them between parses (the
 * fuzzers: tests/fuzz/cmd_wrap.c.in) */
#define EH_CMD_SETTINGS ev_env

#endif
