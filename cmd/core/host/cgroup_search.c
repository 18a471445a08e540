// SPDX-License-Identifier: MIT
/* Finding a unit's or a container's cgroup; see include/ebpfhello/host/cgroup_search.h. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/host/cgroup_search.h>
#include <ebpfhello/host/identity.h>

/* what one walk looks for, and what it found (nftw() takes no context) */
static struct {
	const char *unit;		/* a unit's name, or */
	const char *prefix;		/* a container id's start */
	size_t mount_len;
	int found;			/* units: cgroups; containers: containers */
	char path[PATH_MAX];
	char id[EH_ID_NAME_LEN];
} S;

static int visit(const char *fpath, const struct stat *st, int flag, struct FTW *ftw)
{
	const char *rel = fpath + S.mount_len, *base = fpath + ftw->base;
	struct eh_identity who;
	size_t n;

	if (flag != FTW_D)
		return 0;
	if (!*rel)
		rel = "/";
	if (S.unit) {
		if (strcmp(base, S.unit))
			return 0;
		if (!S.found++)
			snprintf(S.path, sizeof(S.path), "%s", rel);
		return 0;
	}
	if (!eh_identity_parse(rel, &who) || !who.container)
		return 0;
	n = strlen(S.prefix);
	/* a name (lxc, nspawn) whole; an id by any unique start */
	if (strncmp(who.container_id, S.prefix, n) ||
	    (who.runtime == EH_RUNTIME_LXC || who.runtime == EH_RUNTIME_NSPAWN ?
	     who.container_id[n] != '\0' : 0))
		return 0;
	/* the walk is pre-order: a container's outermost cgroup comes first */
	if (S.found && !strcmp(S.id, who.container_id))
		return 0;
	if (S.found++)
		return FTW_STOP;	/* a second container: ambiguous, enough */
	snprintf(S.path, sizeof(S.path), "%s", rel);
	snprintf(S.id, sizeof(S.id), "%s", who.container_id);
	return 0;
}

static int walk(void)
{
	const char *m = eh_cgroup2_mount();

	if (!m)
		return -ENOENT;
	S.mount_len = strcmp(m, "/") ? strlen(m) : 0;
	S.found = 0;
	if (nftw(m, visit, 32, FTW_PHYS | FTW_MOUNT | FTW_ACTIONRETVAL) < 0)
		return -errno;
	return S.found;
}

int eh_cgroup_find_unit(const char *name, char *path, size_t len)
{
	int n;

	S.unit = name;
	S.prefix = NULL;
	n = walk();
	if (n > 0)
		snprintf(path, len, "%s", S.path);
	return n;
}

int eh_cgroup_find_container(const char *prefix, char *path, size_t len, char *id, size_t idlen)
{
	int n;

	S.unit = NULL;
	S.prefix = prefix;
	n = walk();
	if (n > 0) {
		snprintf(path, len, "%s", S.path);
		snprintf(id, idlen, "%s", S.id);
	}
	return n;
}
