/* SPDX-License-Identifier: MIT */
/*
 * Finding the cgroup (v2) of a systemd unit or of a container
 * (cmd/core/host/cgroup_search.c), for --unit and --container: the v2
 * hierarchy is walked once, each directory's path read as identity.h does.
 */
#ifndef EBPFHELLO_CGROUP_SEARCH_H
#define EBPFHELLO_CGROUP_SEARCH_H

#include <stddef.h>

/*
 * The cgroup of unit name ("nginx.service", "session-3.scope"): its path
 * from the hierarchy's root into path.  Returns how many cgroups are that
 * unit (a user's units may repeat a system one's name); path is the first.
 * -errno when the hierarchy cannot be read.
 */
int eh_cgroup_find_unit(const char *name, char *path, size_t len);

/*
 * The cgroup of the container whose id starts with prefix (a name, for lxc
 * and nspawn, must be whole): the outermost one of that container.  Returns
 * 0 when none matches, 1, or 2 when several do (ambiguous); path and its
 * full id (id, idlen) are the first's.  -errno when it cannot be read.
 */
int eh_cgroup_find_container(const char *prefix, char *path, size_t len, char *id, size_t idlen);

#endif
