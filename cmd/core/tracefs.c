// SPDX-License-Identifier: MIT
/* tracefs; see include/ebpfhello/tracefs.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <ebpfhello/opts.h>
#include <ebpfhello/tracefs.h>

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif

#define TRACEFS "/sys/kernel/tracing"
#define DEBUGFS_TRACING "/sys/kernel/debug/tracing"

static const char *dir;
static bool mounted_by_us;

static bool is_tracefs(const char *path)
{
	struct statfs st;

	return statfs(path, &st) == 0 && st.f_type == TRACEFS_MAGIC;
}

const char *eh_tracefs_mounted(void)
{
	if (dir)
		return dir;
	/* libbpf prefers the debugfs path whenever it exists: agree with it */
	if (access(DEBUGFS_TRACING, F_OK) == 0 && is_tracefs(DEBUGFS_TRACING))
		return dir = DEBUGFS_TRACING;
	if (is_tracefs(TRACEFS))
		return dir = TRACEFS;
	return NULL;
}

const char *eh_tracefs_dir(void)
{
	if (eh_tracefs_mounted())
		return dir;
	if (mount("nodev", TRACEFS, "tracefs", 0, NULL) == 0) {
		mounted_by_us = true;
		eh_verbose(1, "mounted tracefs on " TRACEFS);
		return dir = TRACEFS;
	}
	{
		int err = errno;

		eh_verbose(1, "cannot mount tracefs on " TRACEFS ": %s", strerror(err));
		errno = err;
	}
	return NULL;
}

bool eh_tracefs_has_event(const char *category, const char *name)
{
	char path[PATH_MAX];
	const char *d = eh_tracefs_dir();

	if (!d)
		return false;
	snprintf(path, sizeof(path), "%s/events/%s/%s/id", d, category, name);
	return access(path, R_OK) == 0;
}

void eh_tracefs_cleanup(void)
{
	if (mounted_by_us && umount2(TRACEFS, MNT_DETACH) == 0) {
		mounted_by_us = false;
		dir = NULL;
	}
}
