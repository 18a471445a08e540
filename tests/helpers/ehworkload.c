// SPDX-License-Identifier: MIT
/*
 * ehworkload: workloads of a known size for the runtime tests and the
 * benchmark, and a look at which BPF programs are loaded.  Static, so the
 * same binary runs on the host and inside the test VMs.
 *
 *   ehworkload [--go FILE] [--comm NAME] [--report] <work>
 *     exec N [PATH [ARG...]]  fork+exec PATH (default /bin/true) N times in turn
 *     getppid N               N getppid() syscalls
 *     openwrite N             N x openat("/dev/null"), write(1 byte), close
 *     timers                  timer_create, timer_settime, timer_delete
 *     bursts P N K GAP_US     P processes, each N bursts of K getppid() GAP_US apart
 *     badclose N              N close(-1): N syscalls failing with EBADF
 *     rawcall NR N            N syscall(NR): any number, e.g. 5000, -1, or an
 *                             x32 one (0x40000027, x32's getpid); NR..NR2
 *                             makes one call of each id from NR to NR2
 *     int80 N                 x86-64: N getppid() through int 0x80 (eax 64,
 *                             i386's getppid) from this 64-bit program
 *     nanosleep N USEC        N nanosleep() of USEC microseconds each
 *     threads T K [PATH [ARG...]]
 *                             T threads, each K getppid() then the exit syscall;
 *                             then, with PATH, one more thread execs PATH ARG...
 *                             (a thread that is not the group leader: it takes
 *                             the leader's tid, and the leader dies in futex)
 *     literal                 fork + execl() of string literals, twice: /bin/true
 *                             "true" "eh-literal" "two words", then the missing
 *                             /nonexistent/eh-literal "eh-literal" "x" (ENOENT)
 *     mapped FILE [ARGS_FILE] fork + execv() of a path and argv held in FILE (NUL-
 *                             separated: the path, then argv; or argv in ARGS_FILE),
 *                             mapped fresh and never touched before the exec reads it
 *     execveat FILE ARG...    fork + execveat(fd of FILE, "", ARG..., AT_SYMLINK_NOFOLLOW|
 *                             AT_EMPTY_PATH), then execveat(fd of FILE's
 *                             directory, its base name, ARG..., 0)
 *                             (these three print each exec they make as a JSON line:
 *                             {"syscall", "filename", "args"[, "dirfd", "flags"]})
 *     as UID CMD [ARG...]     run CMD as user and group UID
 *     incgroup DIR CMD [ARG...]
 *                             move into cgroup (v2) DIR (its cgroup.procs), run CMD
 *     hop N [DIR M]...        N getppid() here, then, one task throughout, move
 *                             into each cgroup (v2) DIR in turn and make M there
 *                             (0 allowed), 0.1 s after each move
 *     progs                   print "id name run_cnt run_time_ns verified_insns" of every
 *                             loaded BPF program (verified_insns "-" before 5.16)
 *     time N GAP CMD [ARG...] run CMD N times, GAP seconds apart; print per run
 *                             "wall_ms maxrss_kb user_ms sys_ms" (its own rusage)
 *
 *   --go FILE    print our pid, then wait until FILE exists before working
 *                (so a tracer can be started with --pid first)
 *   --comm NAME  prctl(PR_SET_NAME) first
 *   --report     print "<work> <n> <seconds> <ns-per-op> <ops-per-s>" at the end
 *   --rate OPS   getppid: pace the calls at OPS per second (busy-waiting)
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <pthread.h>
#include <linux/bpf.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long count_arg(const char *s)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s ? s : "", &end, 10);
	if (!s || errno || *end || !*s) {
		fprintf(stderr, "ehworkload: bad count '%s'\n", s ? s : "");
		exit(2);
	}
	return n;
}

static int do_exec(unsigned long n, char **argv)
{
	static char *dflt[] = { "/bin/true", NULL };
	char **cmd = argv[0] ? argv : dflt;
	unsigned long i;

	for (i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0)
			return perror("fork"), 1;
		if (pid == 0) {
			execv(cmd[0], cmd);
			_exit(127);
		}
		if (waitpid(pid, &status, 0) < 0)
			return perror("waitpid"), 1;
	}
	return 0;
}

static int do_getppid(unsigned long n, double rate)
{
	double t0 = now();
	unsigned long i;

	/* the raw syscall: glibc must not cache or skip it */
	for (i = 0; i < n; i++) {
		syscall(SYS_getppid);
		if (rate > 0)
			while ((now() - t0) * rate < (double)(i + 1))
				;
	}
	return 0;
}

/* P children, each making N bursts of K getppid() with GAP_US between bursts */
static int do_bursts(unsigned long procs, unsigned long n, unsigned long k, unsigned long gap_us)
{
	unsigned long p;
	int status, rc = 0;

	for (p = 0; p < procs; p++) {
		pid_t pid = fork();

		if (pid < 0)
			return 1;
		if (pid == 0) {
			for (unsigned long b = 0; b < n; b++) {
				do_getppid(k, 0);
				usleep((useconds_t)gap_us);
			}
			_exit(0);
		}
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			rc = 1;
	return rc;
}

static int do_openwrite(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		int fd = openat(AT_FDCWD, "/dev/null", O_WRONLY | O_CLOEXEC);

		if (fd < 0)
			return perror("/dev/null"), 1;
		if (write(fd, "x", 1) != 1)
			return perror("write"), 1;
		close(fd);
	}
	return 0;
}

static int do_badclose(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++)
		if (syscall(SYS_close, -1) != -1 || errno != EBADF)
			return fprintf(stderr, "ehworkload: close(-1) did not fail with EBADF\n"), 1;
	return 0;
}

/* what the kernel does with them does not matter: they are counted at entry */
static int do_rawcall(const char *nr_s, unsigned long n)
{
	char *end;
	long lo, hi, nr;
	unsigned long i;

	errno = 0;
	lo = strtol(nr_s, &end, 0);
	hi = lo;
	if (!errno && end[0] == '.' && end[1] == '.')
		hi = strtol(end + 2, &end, 0);
	if (errno || *end || end == nr_s || hi < lo) {
		fprintf(stderr, "ehworkload: bad syscall number '%s'\n", nr_s);
		return 2;
	}
	for (nr = lo; nr <= hi; nr++)
		for (i = 0; i < n; i++)
			syscall(nr, 0, 0, 0);
	return 0;
}

static int do_int80(unsigned long n)
{
#if defined(__x86_64__)
	unsigned long i;
	long ret;

	for (i = 0; i < n; i++) {
		__asm__ volatile("int $0x80" : "=a"(ret) : "a"(64L) : "memory");
		if (ret != (long)getppid())
			return fprintf(stderr, "ehworkload: int 0x80 getppid gave %ld\n", ret), 1;
	}
	return 0;
#else
	fprintf(stderr, "ehworkload: int80 is for x86-64\n");
	return 2;
#endif
}

static int do_nanosleep(unsigned long n, unsigned long usec)
{
	struct timespec ts = { .tv_sec = (time_t)(usec / 1000000),
			       .tv_nsec = (long)(usec % 1000000) * 1000 };
	unsigned long i;

	for (i = 0; i < n; i++)
		if (syscall(SYS_nanosleep, &ts, NULL))
			return perror("nanosleep"), 1;
	return 0;
}

static void *getppid_thread(void *arg)
{
	do_getppid((unsigned long)arg, 0);
	return NULL;	/* glibc ends the thread with the exit syscall */
}

static void *exec_thread(void *arg)
{
	char **cmd = arg;

	execv(cmd[0], cmd);
	perror(cmd[0]);
	_exit(127);
}

static int do_threads(unsigned long t, unsigned long k, char **cmd)
{
	pthread_t th[64];
	unsigned long i;

	if (t > 64)
		return fprintf(stderr, "ehworkload threads: at most 64\n"), 2;
	for (i = 0; i < t; i++)
		if (pthread_create(&th[i], NULL, getppid_thread, (void *)k))
			return fprintf(stderr, "ehworkload: pthread_create failed\n"), 1;
	for (i = 0; i < t; i++)
		pthread_join(th[i], NULL);
	if (!cmd[0])
		return 0;
	/* the exec replaces this whole process: the join never returns */
	if (pthread_create(&th[0], NULL, exec_thread, cmd))
		return fprintf(stderr, "ehworkload: pthread_create failed\n"), 1;
	pthread_join(th[0], NULL);
	return 1;
}

static int do_timers(void)
{
	struct sigevent sev = { .sigev_notify = SIGEV_NONE };
	struct itimerspec its = { .it_value = { .tv_sec = 100 } };
	timer_t id;

	if (syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &id))
		return perror("timer_create"), 1;
	if (syscall(SYS_timer_settime, id, 0, &its, NULL))
		return perror("timer_settime"), 1;
	if (syscall(SYS_timer_delete, id))
		return perror("timer_delete"), 1;
	return 0;
}

/* ---- execs whose strings are not readable at syscall entry --------------------- */

extern char **environ;

/* s as a JSON string (the tests' strings: bytes below 0x20 as \u00XX) */
static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* one line saying what the next exec passes */
static void said(const char *syscall, int dirfd, const char *flags, const char *filename,
		 char *const *argv)
{
	int i;

	printf("{\"syscall\":\"%s\",", syscall);
	if (flags)
		printf("\"dirfd\":%d,\"flags\":\"%s\",", dirfd, flags);
	printf("\"filename\":");
	json_str(filename);
	printf(",\"args\":[");
	for (i = 0; argv[i]; i++) {
		printf("%s", i ? "," : "");
		json_str(argv[i]);
	}
	printf("]}\n");
	fflush(stdout);
}

static int wait_child(pid_t pid)
{
	int status;

	if (pid < 0)
		return perror("fork"), 1;
	return waitpid(pid, &status, 0) < 0 ? (perror("waitpid"), 1) : 0;
}

/*
 * A forked child's execl() of string literals: fork copies no page table
 * entries of the binary's file mapping, and nothing touches the strings'
 * page before the kernel reads them.
 */
static int do_literal(void)
{
	static char *const ok[] = { "true", "eh-literal", "two words", NULL };
	static char *const missing[] = { "eh-literal", "x", NULL };
	pid_t pid;

	said("execve", 0, NULL, "/bin/true", ok);
	pid = fork();
	if (pid == 0) {
		execl("/bin/true", "true", "eh-literal", "two words", (char *)NULL);
		_exit(127);
	}
	if (wait_child(pid))
		return 1;
	said("execve", 0, NULL, "/nonexistent/eh-literal", missing);
	pid = fork();
	if (pid == 0) {
		execl("/nonexistent/eh-literal", "eh-literal", "x", (char *)NULL);
		_exit(127);
	}
	return wait_child(pid);
}

/* FILE's NUL-separated strings, read with read() into copy, and mapped
 * fresh: *map; returns their length, 0 on failure (said on stderr) */
static size_t map_strings(const char *file, char *copy, size_t cap, char **map)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	ssize_t len;

	if (fd < 0)
		return perror(file), 0;
	len = read(fd, copy, cap - 1);
	if (len <= 0 || copy[len - 1] != '\0') {
		fprintf(stderr, "ehworkload mapped: %s: NUL-terminated strings, please\n", file);
		close(fd);
		return 0;
	}
	*map = mmap(NULL, (size_t)len, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (*map == MAP_FAILED)
		return perror("mmap"), 0;
	return (size_t)len;
}

/*
 * FILE: the path, then argv, NUL-separated (or argv in ARGS_FILE, a mapping
 * of its own, which a failed exec's reading of the path never faults in);
 * execv()'d from fresh mappings that neither process touches (what it says
 * comes from read()).
 */
static int do_mapped(const char *file, const char *args_file)
{
	static char copy[16384], args_copy[16384];
	char *argv[64], *said_argv[64], *map, *args_map, *a, *a_map;
	size_t off, n = 0, len, args_len;
	pid_t pid;

	len = map_strings(file, copy, sizeof(copy), &map);
	if (!len)
		return 1;
	off = strlen(copy) + 1;
	a = copy;
	a_map = map;
	args_len = len;
	if (args_file) {
		args_len = map_strings(args_file, args_copy, sizeof(args_copy), &args_map);
		if (!args_len)
			return 1;
		off = 0;
		a = args_copy;
		a_map = args_map;
	}
	for (; off < args_len && n < 63; off += strlen(a + off) + 1) {
		said_argv[n] = a + off;
		argv[n++] = a_map + off;
	}
	argv[n] = said_argv[n] = NULL;
	said("execve", 0, NULL, copy, said_argv);
	pid = fork();
	if (pid == 0) {
		execv(map, argv);
		_exit(127);
	}
	return wait_child(pid);
}

/* execveat() of FILE by a descriptor (fexecve's way), then by a name
 * relative to its directory's descriptor */
static int do_execveat(char *file, char **argv)
{
	char dir[4096], base[4096];
	int fd, dfd;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s", file);
	snprintf(base, sizeof(base), "%s", file);
	fd = open(file, O_RDONLY | O_CLOEXEC);
	dfd = open(dirname(dir), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || dfd < 0 || !argv[0])
		return perror(file), 1;
	said("execveat", fd, "AT_SYMLINK_NOFOLLOW|AT_EMPTY_PATH", "", argv);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execveat, fd, "", argv, environ, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
		_exit(127);
	}
	if (wait_child(pid))
		return 1;
	said("execveat", dfd, "0", basename(base), argv);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_execveat, dfd, basename(base), argv, environ, 0);
		_exit(127);
	}
	return wait_child(pid);
}

static int do_as(const char *uid_s, char **cmd)
{
	uid_t uid = (uid_t)count_arg(uid_s);

	if (!cmd[0]) {
		fprintf(stderr, "ehworkload as: missing command\n");
		return 2;
	}
	if (setgroups(0, NULL) || setresgid(uid, uid, uid) || setresuid(uid, uid, uid))
		return perror("ehworkload as"), 1;
	execv(cmd[0], cmd);
	perror(cmd[0]);
	return 127;
}

static int do_incgroup(const char *dir, char **cmd)
{
	char path[4096], pid[16];
	int fd, n;

	if (!cmd[0]) {
		fprintf(stderr, "ehworkload incgroup: missing command\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	n = snprintf(pid, sizeof(pid), "%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, pid, (size_t)n) != n)
		return perror(path), 1;
	close(fd);
	execv(cmd[0], cmd);
	perror(cmd[0]);
	return 127;
}

/* move the calling task into cgroup (v2) dir */
static int move_to(const char *dir)
{
	char path[4096], pid[16];
	int fd, n, ok;

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	n = snprintf(pid, sizeof(pid), "%d", (int)getpid());
	fd = open(path, O_WRONLY | O_CLOEXEC);
	ok = fd >= 0 && write(fd, pid, (size_t)n) == n;
	if (!ok)
		perror(path);
	if (fd >= 0)
		close(fd);
	return ok ? 0 : 1;
}

/*
 * argv: N [DIR M]...  The same task across moves (what a per-task cache of
 * its cgroup must notice); the pause after a move lets RCU free a css_set
 * left empty, so that a later move may get one at the same address.
 */
static int do_hop(char **argv, unsigned long *total)
{
	unsigned long n = count_arg(argv[0]);
	int i;

	*total = n;
	do_getppid(n, 0);
	for (i = 1; argv[i]; i += 2) {
		if (!argv[i + 1]) {
			fprintf(stderr, "ehworkload hop: %s: no count\n", argv[i]);
			return 2;
		}
		if (move_to(argv[i]))
			return 1;
		usleep(100000);
		n = count_arg(argv[i + 1]);
		*total += n;
		do_getppid(n, 0);
	}
	return 0;
}

static long sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int do_progs(void)
{
	union bpf_attr attr;
	__u32 id = 0;

	for (;;) {
		struct bpf_prog_info info;
		int fd;

		memset(&attr, 0, sizeof(attr));
		attr.start_id = id;
		if (sys_bpf(BPF_PROG_GET_NEXT_ID, &attr))
			return errno == ENOENT ? 0 : (perror("BPF_PROG_GET_NEXT_ID"), 1);
		id = attr.next_id;
		memset(&attr, 0, sizeof(attr));
		attr.prog_id = id;
		fd = (int)sys_bpf(BPF_PROG_GET_FD_BY_ID, &attr);
		if (fd < 0)
			continue;	/* unloaded meanwhile */
		memset(&info, 0, sizeof(info));
		memset(&attr, 0, sizeof(attr));
		attr.info.bpf_fd = (__u32)fd;
		attr.info.info_len = sizeof(info);
		attr.info.info = (__u64)(unsigned long)&info;
		/* the kernel says how much of the struct it filled: before 5.16 it
		 * has no verified_insns ("-") */
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr)) {
			close(fd);
			continue;
		}
		if (attr.info.info_len >= offsetof(struct bpf_prog_info, verified_insns) +
					  sizeof(info.verified_insns))
			printf("%u %s %llu %llu %u\n", id, info.name[0] ? info.name : "-",
			       (unsigned long long)info.run_cnt,
			       (unsigned long long)info.run_time_ns, info.verified_insns);
		else
			printf("%u %s %llu %llu -\n", id, info.name[0] ? info.name : "-",
			       (unsigned long long)info.run_cnt,
			       (unsigned long long)info.run_time_ns);
		close(fd);
	}
}

/* exec -> exit of CMD, as the benchmark measures start-up: wall time and
 * the child's own peak RSS and CPU time, from wait4() */
static int do_time(unsigned long n, const char *gap_s, char **cmd)
{
	double gap = atof(gap_s);
	unsigned long i;

	for (i = 0; i < n; i++) {
		struct rusage ru;
		int status;
		double t0 = now(), t1;
		pid_t pid = fork();

		if (pid < 0)
			return perror("fork"), 1;
		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);

			dup2(null, 1);
			execvp(cmd[0], cmd);
			_exit(127);
		}
		if (wait4(pid, &status, 0, &ru) < 0)
			return perror("wait4"), 1;
		t1 = now();
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "ehworkload time: %s failed (status %d)\n", cmd[0], status);
			return 1;
		}
		printf("%.3f %ld %.3f %.3f\n", (t1 - t0) * 1e3, ru.ru_maxrss,
		       (double)ru.ru_utime.tv_sec * 1e3 + (double)ru.ru_utime.tv_usec / 1e3,
		       (double)ru.ru_stime.tv_sec * 1e3 + (double)ru.ru_stime.tv_usec / 1e3);
		fflush(stdout);
		if (gap > 0 && i + 1 < n)
			usleep((useconds_t)(gap * 1e6));
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *go = NULL, *work;
	bool report = false;
	double rate = 0;
	unsigned long n = 1;
	double t0;
	int i = 1, rc;

	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--go") && i + 1 < argc) {
			go = argv[i + 1];
			i += 2;
		} else if (!strcmp(argv[i], "--comm") && i + 1 < argc) {
			prctl(PR_SET_NAME, argv[i + 1], 0, 0, 0);
			i += 2;
		} else if (!strcmp(argv[i], "--report")) {
			report = true;
			i++;
		} else if (!strcmp(argv[i], "--rate") && i + 1 < argc) {
			rate = atof(argv[i + 1]);
			i += 2;
		} else {
			fprintf(stderr, "ehworkload: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "usage: ehworkload [--go FILE] [--comm NAME] [--report] "
				"exec|getppid|openwrite|badclose|rawcall|int80|nanosleep|threads|timers|as|progs ...\n");
		return 2;
	}
	work = argv[i++];
	if (go) {
		printf("%d\n", (int)getpid());
		fflush(stdout);
		while (access(go, F_OK) != 0)
			usleep(1000);
	}
	t0 = now();
	if (!strcmp(work, "exec")) {
		n = count_arg(argv[i]);
		rc = do_exec(n, argv + i + 1);
	} else if (!strcmp(work, "getppid")) {
		n = count_arg(argv[i]);
		rc = do_getppid(n, rate);
	} else if (!strcmp(work, "openwrite")) {
		n = count_arg(argv[i]);
		rc = do_openwrite(n);
	} else if (!strcmp(work, "badclose")) {
		n = count_arg(argv[i]);
		rc = do_badclose(n);
	} else if (!strcmp(work, "rawcall")) {
		n = count_arg(i + 1 < argc ? argv[i + 1] : NULL);
		rc = do_rawcall(argv[i] ? argv[i] : "", n);
	} else if (!strcmp(work, "int80")) {
		n = count_arg(argv[i]);
		rc = do_int80(n);
	} else if (!strcmp(work, "nanosleep")) {
		n = count_arg(argv[i]);
		rc = do_nanosleep(n, count_arg(i + 1 < argc ? argv[i + 1] : NULL));
	} else if (!strcmp(work, "threads")) {
		n = count_arg(argv[i]) * count_arg(i + 1 < argc ? argv[i + 1] : NULL);
		rc = do_threads(count_arg(argv[i]), count_arg(argv[i + 1]), argv + i + 2);
	} else if (!strcmp(work, "timers")) {
		rc = do_timers();
	} else if (!strcmp(work, "bursts")) {
		if (argc < i + 4) {
			fprintf(stderr, "usage: ehworkload bursts PROCS N K GAP_US\n");
			return 2;
		}
		n = count_arg(argv[i]) * count_arg(argv[i + 1]) * count_arg(argv[i + 2]);
		rc = do_bursts(count_arg(argv[i]), count_arg(argv[i + 1]), count_arg(argv[i + 2]),
			       count_arg(argv[i + 3]));
	} else if (!strcmp(work, "literal")) {
		rc = do_literal();
	} else if (!strcmp(work, "mapped")) {
		rc = i < argc ? do_mapped(argv[i], i + 1 < argc ? argv[i + 1] : NULL) : 2;
	} else if (!strcmp(work, "execveat")) {
		rc = i < argc ? do_execveat(argv[i], argv + i + 1) : 2;
	} else if (!strcmp(work, "as")) {
		return do_as(argv[i], argv + i + 1);
	} else if (!strcmp(work, "hop")) {
		rc = i < argc ? do_hop(argv + i, &n) : 2;
	} else if (!strcmp(work, "incgroup")) {
		return do_incgroup(argv[i], argv + i + 1);
	} else if (!strcmp(work, "progs")) {
		return do_progs();
	} else if (!strcmp(work, "time")) {
		if (argc < i + 3) {
			fprintf(stderr, "usage: ehworkload time N GAP CMD [ARG...]\n");
			return 2;
		}
		return do_time(count_arg(argv[i]), argv[i + 1], argv + i + 2);
	} else {
		fprintf(stderr, "ehworkload: unknown work '%s'\n", work);
		return 2;
	}
	if (report && !rc) {
		double secs = now() - t0;

		printf("%s %lu %.6f %.1f %.0f\n", work, n, secs,
		       n ? secs * 1e9 / (double)n : 0.0, secs > 0 ? (double)n / secs : 0.0);
	}
	return rc;
}
