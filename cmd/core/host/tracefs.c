// SPDX-License-Identifier: MIT
/* tracefs; see include/ebpfhello/host/tracefs.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <ebpfhello/base/clock.h>
#include <ebpfhello/host/tracefs.h>
#include <ebpfhello/show/messages.h>
#include <ebpfhello/show/output.h>

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

uint64_t eh_tracefs_overruns(void)
{
	char path[PATH_MAX], line[128];
	const char *d = eh_tracefs_dir();
	uint64_t total = 0;
	int cpu;

	for (cpu = 0; d; cpu++) {
		FILE *f;

		snprintf(path, sizeof(path), "%s/per_cpu/cpu%d/stats", d, cpu);
		f = fopen(path, "re");
		if (!f)
			break;
		while (fgets(line, sizeof(line), f)) {
			unsigned long long v;

			if (sscanf(line, "overrun: %llu", &v) == 1)
				total += v;
		}
		fclose(f);
	}
	return total;
}

int eh_tracefs_mark(const char *text, int64_t *wall_ns)
{
	char path[PATH_MAX];
	const char *d = eh_tracefs_dir();
	int64_t t0;
	ssize_t n;
	int fd, err;

	if (!d)
		return -1;
	snprintf(path, sizeof(path), "%s/trace_marker", d);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	t0 = eh_wall_ns();
	n = write(fd, text, strlen(text));
	*wall_ns = t0 + (eh_wall_ns() - t0) / 2;
	err = errno;
	close(fd);
	errno = err;
	return n < 0 ? -1 : 0;
}

/* the comm of /proc/<pid>, escaped, or "?" */
static void proc_comm(const char *pid, char *comm, size_t len)
{
	char path[64], raw[64];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/comm", pid);
	f = fopen(path, "re");
	if (!f || !fgets(raw, sizeof(raw), f))
		snprintf(raw, sizeof(raw), "?");
	if (f)
		fclose(f);
	raw[strcspn(raw, "\n")] = '\0';
	snprintf(comm, len, "%s", eh_quote(raw, 0));
}

/* whether process pid holds a file descriptor on the file want */
static bool holds(const char *pid, const struct stat *want)
{
	char fd_dir[64], fd[320];
	struct dirent *f;
	struct stat st;
	bool found = false;
	DIR *fds;

	snprintf(fd_dir, sizeof(fd_dir), "/proc/%s/fd", pid);
	fds = opendir(fd_dir);
	while (fds && !found && (f = readdir(fds))) {
		snprintf(fd, sizeof(fd), "%s/%s", fd_dir, f->d_name);
		found = f->d_name[0] != '.' && !stat(fd, &st) &&
			st.st_dev == want->st_dev && st.st_ino == want->st_ino;
	}
	if (fds)
		closedir(fds);
	return found;
}

void eh_file_holder(const char *path, char *who, size_t len)
{
	struct stat want;
	struct dirent *p;
	char comm[256];
	DIR *proc;

	snprintf(who, len, "another process");
	if (stat(path, &want) || !(proc = opendir("/proc")))
		return;
	while ((p = readdir(proc))) {
		if (p->d_name[0] < '1' || p->d_name[0] > '9' || atoi(p->d_name) == getpid())
			continue;
		if (holds(p->d_name, &want)) {
			proc_comm(p->d_name, comm, sizeof(comm));
			snprintf(who, len, "pid %s (%s)", p->d_name, comm);
			break;
		}
	}
	closedir(proc);
}
