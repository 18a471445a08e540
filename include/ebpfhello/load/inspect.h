/* SPDX-License-Identifier: MIT */
/*
 * What the kernel says about the programs, links and maps a session loaded
 * (cmd/core/load/inspect.c), read through their file descriptors: the
 * facts `bpftool prog show` and `bpftool map show` print, for --explain
 * and `ebpfhello source --xlated`.  Nothing here prints.
 *
 * A fact a kernel does not report is marked absent (has_*), never 0: 5.10
 * has no count of the instructions the verifier processed (5.16+), and a
 * program attached through a perf event on a kernel without perf-event
 * links (before 5.15) has no link id.
 *
 * Run-time statistics (run_cnt, run_time_ns) are kept by the kernel only
 * while something asks for them: eh_stats_enable() asks through a file
 * descriptor (BPF_ENABLE_STATS), so they stop when it is closed, also when
 * the process dies by SIGKILL; the sysctl kernel.bpf_stats_enabled is not
 * touched and reads as it did.
 */
#ifndef EBPFHELLO_INSPECT_H
#define EBPFHELLO_INSPECT_H

#include <stdbool.h>
#include <stdint.h>

struct bpf_link;
struct bpf_map;
struct bpf_program;
struct btf;

#define EH_TAG_HEX		17	/* 8 bytes in hex, and the NUL */
#define EH_FACTS_MAX_MAPS	32
#define EH_TYPE_NAME_LEN	64

struct eh_prog_facts {
	uint32_t id;
	const char *type;		/* "raw_tracepoint", as bpftool says it */
	char kernel_name[16];		/* the name as the kernel keeps it: 15 bytes */
	char tag[EH_TAG_HEX];
	uint32_t xlated_bytes, jited_bytes;
	uint32_t map_ids[EH_FACTS_MAX_MAPS];
	uint32_t nr_map_ids;
	uint32_t btf_id;
	bool has_verified;
	uint32_t verified_insns;	/* instructions the verifier processed */
	uint64_t run_cnt, run_time_ns;	/* while statistics are on */
	bool has_memlock;
	uint64_t memlock;		/* bytes, /proc/self/fdinfo */
};

struct eh_link_facts {
	bool has_id;			/* a BPF link (not a bare perf event) */
	uint32_t id, prog_id;
	const char *type;		/* "raw_tracepoint", "tracing", "perf_event", ... */
	char target[64];		/* raw tracepoints: the tracepoint's name */
};

struct eh_map_facts {
	uint32_t id;
	const char *type;		/* "percpu_hash", as bpftool says it */
	uint32_t type_nr;		/* BPF_MAP_TYPE_PERCPU_HASH */
	char kernel_name[16];
	uint32_t key_size, value_size, max_entries, flags;
	uint32_t btf_id;
	/* the key's and value's types from the map's BTF; "" when it has none */
	char key_type[EH_TYPE_NAME_LEN], value_type[EH_TYPE_NAME_LEN];
	bool has_memlock;
	uint64_t memlock;
};

/* 0 or a negative errno.  btf: the object's (the map's types); NULL: none. */
int eh_prog_facts(int fd, struct eh_prog_facts *f);
int eh_link_facts(struct bpf_link *l, struct eh_link_facts *f);
int eh_map_facts(int fd, const struct btf *btf, struct eh_map_facts *f);

/* Only the run-time statistics: one cheap syscall.  0 or a negative errno. */
int eh_prog_runs(int fd, uint64_t *run_cnt, uint64_t *run_time_ns);

/* Whether a map of this type has entries to count (hash maps, prog and
 * map-of-maps arrays: slots filled or not); plain arrays always hold all. */
bool eh_map_countable(uint32_t type);
/* Entries present now (keys walked, at most max_entries); a negative errno. */
int64_t eh_map_entries(int fd, uint32_t type, uint32_t key_size, uint32_t max_entries);
/* A prog array's or a map-of-maps array's slot: the id it holds, 0 if
 * empty; a negative errno on failure. */
int64_t eh_map_slot_id(int fd, uint32_t index);

/* Run-time statistics on, for as long as the returned fd stays open; a
 * negative errno (-EPERM without CAP_SYS_ADMIN, -EINVAL before 5.8). */
int eh_stats_enable(void);
/* kernel.bpf_stats_enabled as it reads now: 0, 1, or a negative errno */
int eh_stats_sysctl(void);

#endif
