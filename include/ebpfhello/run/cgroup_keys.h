/* SPDX-License-Identifier: MIT */
/*
 * Counting by cgroup, unit or container (cmd/core/run/cgroup_keys.c): the
 * kernel counts by cgroup id (no string work there); here each id is read
 * as identity.h does and the counts of ids with the same answer are added
 * up, under a small stable key per answer (a group), so that sorting,
 * deltas and --top work on groups as on any other key.
 */
#ifndef EBPFHELLO_CGROUP_KEYS_H
#define EBPFHELLO_CGROUP_KEYS_H

#include <stdbool.h>
#include <stdint.h>

#include <ebpfhello/base/counts.h>
#include <ebpfhello/host/identity.h>

enum eh_cgroup_by {
	EH_CGROUP_BY_CGROUP,	/* each cgroup, by its path */
	EH_CGROUP_BY_UNIT,	/* the systemd unit */
	EH_CGROUP_BY_CONTAINER,	/* the container; every task in none is "the host" */
};

/* what a group stands for */
struct eh_cgroup_group {
	char *label;			/* path, unit or container id; NULL: none
					 * (no unit, the host, or a cgroup gone) */
	uint64_t cgroup_id;		/* by cgroup: the id (its path may be gone) */
	enum eh_runtime runtime;	/* by container */
	char *pod_uid;			/* by container: its pod's, or NULL */
};

struct eh_cgroup_keys {
	enum eh_cgroup_by by;
	/* the object's eh_cgroup_names (cgroup_names.h), for the cgroups gone
	 * by the time their counts are read; -1 (or 0): none */
	int names_fd;
	struct eh_cgroup_group *g;
	size_t n, cap;
	struct eh_counts scratch;
};

/* counts keyed by cgroup id -> out, keyed by group (0, 1, ...), merged */
int eh_cgroup_keys_group(struct eh_cgroup_keys *k, const struct eh_counts *in,
			 struct eh_counts *out);
const struct eh_cgroup_group *eh_cgroup_keys_at(const struct eh_cgroup_keys *k, uint64_t key);
void eh_cgroup_keys_free(struct eh_cgroup_keys *k);

/* --by's value for these: "cgroup", "unit", "container"; false for another */
bool eh_cgroup_by_parse(const char *arg, enum eh_cgroup_by *by);
const char *eh_cgroup_by_name(enum eh_cgroup_by by);

/*
 * A group in a record: JSON "cgroup" (null when gone) and "cgroup_id";
 * "unit" (null: none); "container": {"runtime", "id", "pod_uid"} (null:
 * the host).  Text: its label, padded to width (0: as it is): the path or
 * "(cgroup N, gone)", the unit or "(no unit)", "podman:<12 hex>" or
 * "(host)".
 */
void eh_cgroup_keys_out(const struct eh_cgroup_keys *k, uint64_t key, int width);
/* the text column's header: "CGROUP", "UNIT", "CONTAINER" */
const char *eh_cgroup_keys_column(const struct eh_cgroup_keys *k);

#endif
