// SPDX-License-Identifier: MIT
/* Temporary files of --prometheus-textfile; see include/ebpfhello/run/textfile.h. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ebpfhello/run/textfile.h>

#define MARK	".ebpfhello-"

int eh_textfile_tmp(const char *path, char *tmp, size_t len)
{
	int fd;

	if ((size_t)snprintf(tmp, len, "%s" MARK "%ld.XXXXXX", path, (long)getpid()) >= len)
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* held until the file is renamed or removed: a sweep never takes it */
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int err = -errno;

		close(fd);
		unlink(tmp);
		return err;
	}
	return fd;
}

/*
 * The pid in "<anything>.ebpfhello-<pid>.XXXXXX", or 0 when name is no
 * temporary file of ours.
 */
static long tmp_owner(const char *name)
{
	const char *mark = NULL, *p, *end;
	long pid = 0;

	for (p = strstr(name, MARK); p; p = strstr(p + 1, MARK))
		mark = p;
	if (!mark || mark == name)
		return 0;
	p = mark + strlen(MARK);
	for (end = p; *end >= '0' && *end <= '9' && end - p < 10; end++)
		pid = pid * 10 + (*end - '0');
	if (end == p || *end != '.' || strlen(end + 1) != 6)
		return 0;
	for (p = end + 1; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
			return 0;
	return pid;
}

/* the process is gone (not merely someone else's, which EPERM says) */
static bool gone(long pid)
{
	return kill((pid_t)pid, 0) && errno == ESRCH;
}

/* removes dir/name if it is a regular file no one holds a lock on */
static bool remove_stale(int dirfd, const char *name)
{
	struct stat st;
	bool removed = false;
	int fd;

	fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && !flock(fd, LOCK_EX | LOCK_NB))
		removed = !unlinkat(dirfd, name, 0);
	close(fd);
	return removed;
}

int eh_textfile_sweep(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct dirent *e;
	DIR *d;
	int n = 0;
	long pid;

	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		pid = tmp_owner(e->d_name);
		if (pid > 0 && pid != (long)getpid() && gone(pid) && remove_stale(dirfd(d), e->d_name))
			n++;
	}
	closedir(d);
	return n;
}
