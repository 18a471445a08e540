/* SPDX-License-Identifier: MIT */
/*
 * cgroup v2 (cmd/core/host/cgroup.c): where it is mounted, a --cgroup value
 * resolved to a cgroup, and a cgroup id resolved back to its path.
 *
 * The mount is found in /proc/self/mountinfo, never assumed: on hybrid
 * hosts /sys/fs/cgroup is a tmpfs of v1 hierarchies and cgroup2 sits at
 * /sys/fs/cgroup/unified (a mkdir under the tmpfs makes a plain directory).
 * Paths are given as /proc/PID/cgroup's "0::" line gives them: from the
 * root of the v2 hierarchy, "/" for the root itself.
 */
#ifndef EBPFHELLO_CGROUP_H
#define EBPFHELLO_CGROUP_H

#include <stddef.h>
#include <stdint.h>

/* The cgroup2 mount point, or NULL when nothing is mounted (cached). */
const char *eh_cgroup2_mount(void);

/*
 * A --cgroup value: a directory on a cgroup2 filesystem
 * (/sys/fs/cgroup/system.slice/foo.service) or a path from the root of the
 * hierarchy (/system.slice/foo.service).  Returns an open fd of the
 * directory and sets *id and path (from the hierarchy's root); anything
 * else is a usage error naming opt and the value (exit 2).
 */
int eh_cgroup_open_arg(const char *opt, const char *arg, uint64_t *id, char *path, size_t len);

/*
 * The path of cgroup id from the hierarchy's root, or NULL when it cannot
 * be found (removed since, no cgroup2 mount).  Answers are cached: an id
 * is never reused.
 */
const char *eh_cgroup_path(uint64_t id);
/* The same, uncached: a string to free, or NULL. */
char *eh_cgroup_lookup(uint64_t id);

#endif
