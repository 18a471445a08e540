// SPDX-License-Identifier: MIT
/*
 * ehfloor: loads and attaches one floor program (floor.bpf.c), the
 * physical limit every figure of the benchmark is set beside.
 *
 *   ehfloor empty|count|uid      attach, say "attached" on stderr, wait for SIGINT/SIGTERM
 *   ehfloor count --once SECS    attach, wait SECS, read the map, exit (start-up floor)
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "floor.skel.h"

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

int main(int argc, char **argv)
{
	struct floor_bpf *skel;
	struct bpf_program *prog, *p;
	struct bpf_link *link;
	sigset_t set;
	int sig;
	double once = -1;

	if (argc < 2 || (strcmp(argv[1], "empty") && strcmp(argv[1], "count") &&
			 strcmp(argv[1], "uid"))) {
		fprintf(stderr, "usage: ehfloor empty|count|uid [--once SECS]\n");
		return 2;
	}
	if (argc > 3 && !strcmp(argv[2], "--once"))
		once = atof(argv[3]);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, NULL);
	libbpf_set_print(silent);

	skel = floor_bpf__open();
	if (!skel)
		return 1;
	prog = !strcmp(argv[1], "empty") ? skel->progs.floor_empty :
	       !strcmp(argv[1], "uid") ? skel->progs.floor_uid : skel->progs.floor_count;
	bpf_object__for_each_program(p, skel->obj)
		if (p != prog)
			bpf_program__set_autoload(p, false);
	if (floor_bpf__load(skel)) {
		floor_bpf__destroy(skel);
		return 1;
	}
	link = bpf_program__attach(prog);
	if (!link) {
		floor_bpf__destroy(skel);
		return 1;
	}
	fprintf(stderr, "attached\n");
	if (once >= 0) {
		struct timespec ts = { (time_t)once, (long)((once - (time_t)once) * 1e9) };
		int ncpu = libbpf_num_possible_cpus();
		__u64 vals[ncpu > 0 ? ncpu : 1];
		__u32 key = 110;

		nanosleep(&ts, NULL);
		bpf_map_lookup_elem(bpf_map__fd(skel->maps.floor_counts), &key, vals);
	} else {
		sigwait(&set, &sig);
	}
	bpf_link__destroy(link);
	floor_bpf__destroy(skel);
	return 0;
}
