// SPDX-License-Identifier: MIT
/* cgroup v2 mounts, ids and paths; see include/ebpfhello/host/cgroup.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <ebpfhello/host/cgroup.h>
#include <ebpfhello/show/messages.h>

#define CGROUP2_SUPER_MAGIC	0x63677270
#define CACHE			256

static struct {
	bool looked;
	char mount[PATH_MAX];	/* where it is mounted here */
	char root[PATH_MAX];	/* which cgroup that mount shows ("/" mostly) */
	int fd;			/* the mount, for open_by_handle_at() */
	int handle_type;	/* kernfs' file handle type (FILEID_KERNFS) */
} mnt = { .fd = -1, .handle_type = -1 };

static struct {
	uint64_t id;
	char *path;		/* NULL: not found */
	bool used;
} cache[CACHE];
static unsigned int cache_next;

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* "id parent maj:min root mountpoint opts [optional...] - fstype source super" */
static bool parse_line(char *line, char *root, char *point)
{
	char *f[5], *sep, *save = NULL;
	int i;

	sep = strstr(line, " - ");
	if (!sep || strncmp(sep + 3, "cgroup2 ", 8))
		return false;
	*sep = '\0';
	for (i = 0; i < 5; i++)
		if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
			return false;
	unescape(f[3]);
	unescape(f[4]);
	snprintf(root, PATH_MAX, "%s", f[3]);
	snprintf(point, PATH_MAX, "%s", f[4]);
	return true;
}

/* a cgroup's file handle: kernfs' type and the cgroup's 8-byte id */
struct id_handle {
	union {
		struct file_handle fh;
		char room[sizeof(struct file_handle) + sizeof(uint64_t)];
	};
	uint64_t id;
};

static int handle_of(int dirfd, const char *path, struct id_handle *h)
{
	int mount_id;

	h->fh.handle_bytes = sizeof(h->id);
	if (name_to_handle_at(dirfd, path, &h->fh, &mount_id, path[0] ? 0 : AT_EMPTY_PATH))
		return -errno;
	if (h->fh.handle_bytes != sizeof(h->id))
		return -EINVAL;
	memcpy(&h->id, h->fh.f_handle, sizeof(h->id));
	return 0;
}

const char *eh_cgroup2_mount(void)
{
	char line[3 * PATH_MAX], root[PATH_MAX], point[PATH_MAX];
	struct id_handle h;
	FILE *f;

	if (mnt.looked)
		return mnt.mount[0] ? mnt.mount : NULL;
	mnt.looked = true;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return NULL;
	/* the first mount of the whole hierarchy, else the first of part of it */
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!parse_line(line, root, point))
			continue;
		if (!mnt.mount[0] || (strcmp(mnt.root, "/") && !strcmp(root, "/"))) {
			memcpy(mnt.root, root, sizeof(root));
			memcpy(mnt.mount, point, sizeof(point));
		}
	}
	fclose(f);
	if (!mnt.mount[0])
		return NULL;
	mnt.fd = open(mnt.mount, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mnt.fd >= 0 && !handle_of(mnt.fd, "", &h))
		mnt.handle_type = h.fh.handle_type;
	return mnt.mount;
}

/* dir (absolute, resolved) under the mount as a path from the hierarchy's root */
static void hierarchy_path(const char *dir, char *out, size_t len)
{
	size_t n = strlen(mnt.mount);
	const char *rel = dir;

	if (!strncmp(dir, mnt.mount, n) && (dir[n] == '/' || !dir[n]))
		rel = dir + n;
	if (!strcmp(mnt.root, "/"))
		snprintf(out, len, "%s", *rel ? rel : "/");
	else
		snprintf(out, len, "%s%s", mnt.root, rel);
}

static bool is_cgroup2(const char *path)
{
	struct statfs st;

	return !statfs(path, &st) && st.f_type == CGROUP2_SUPER_MAGIC;
}

int eh_cgroup_open_arg(const char *opt, const char *arg, uint64_t *id, char *path, size_t len)
{
	char dir[PATH_MAX], real[PATH_MAX], what[PATH_MAX + 128];
	const char *m = eh_cgroup2_mount();
	struct id_handle h;
	int fd;

	if (!m)
		eh_bad_value(opt, arg, "a cgroup, but no cgroup v2 hierarchy is mounted "
			     "here (see /proc/self/mountinfo)");
	snprintf(dir, sizeof(dir), "%s", arg);
	if (!is_cgroup2(dir))
		snprintf(dir, sizeof(dir), "%s/%s", m, arg[0] == '/' ? arg + 1 : arg);
	if (!arg[0] || !is_cgroup2(dir) || !realpath(dir, real)) {
		snprintf(what, sizeof(what), "a cgroup v2 directory (under %s) or a path from its "
			 "root, e.g. /system.slice", m);
		eh_bad_value(opt, arg, what);
	}
	fd = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || handle_of(AT_FDCWD, real, &h)) {
		snprintf(what, sizeof(what), "a cgroup this process can open (%s)", strerror(errno));
		eh_bad_value(opt, arg, what);
	}
	*id = h.id;
	hierarchy_path(real, path, len);
	return fd;
}

/* by its file handle: open it and ask the kernel where it is */
char *eh_cgroup_lookup(uint64_t id)
{
	struct id_handle h = { .id = id };
	char link[64], dir[PATH_MAX], path[PATH_MAX];
	ssize_t n;
	int fd;

	if (!eh_cgroup2_mount() || mnt.fd < 0 || mnt.handle_type < 0)
		return NULL;
	h.fh.handle_bytes = sizeof(id);
	h.fh.handle_type = mnt.handle_type;
	memcpy(h.fh.f_handle, &id, sizeof(id));
	fd = open_by_handle_at(mnt.fd, &h.fh, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, dir, sizeof(dir) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	dir[n] = '\0';
	hierarchy_path(dir, path, sizeof(path));
	return strdup(path);
}

const char *eh_cgroup_path(uint64_t id)
{
	unsigned int i;

	for (i = 0; i < CACHE; i++)
		if (cache[i].used && cache[i].id == id)
			return cache[i].path;
	i = cache_next++ % CACHE;
	free(cache[i].path);
	cache[i].id = id;
	cache[i].path = eh_cgroup_lookup(id);
	cache[i].used = true;
	return cache[i].path;
}
