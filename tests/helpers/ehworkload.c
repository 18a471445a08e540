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
 *     as UID CMD [ARG...]     run CMD as user and group UID
 *     progs                   print "id name" of every loaded BPF program
 *
 *   --go FILE    print our pid, then wait until FILE exists before working
 *                (so a tracer can be started with --pid first)
 *   --comm NAME  prctl(PR_SET_NAME) first
 *   --report     print "<work> <n> <seconds> <ns-per-op> <ops-per-s>" at the end
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/bpf.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
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

static int do_getppid(unsigned long n)
{
	unsigned long i;

	/* the raw syscall: glibc must not cache or skip it */
	for (i = 0; i < n; i++)
		syscall(SYS_getppid);
	return 0;
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
		if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr) == 0)
			printf("%u %s\n", id, info.name[0] ? info.name : "-");
		close(fd);
	}
}

int main(int argc, char **argv)
{
	const char *go = NULL, *work;
	bool report = false;
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
		} else {
			fprintf(stderr, "ehworkload: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		fprintf(stderr, "usage: ehworkload [--go FILE] [--comm NAME] [--report] "
				"exec|getppid|openwrite|timers|as|progs ...\n");
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
		rc = do_getppid(n);
	} else if (!strcmp(work, "openwrite")) {
		n = count_arg(argv[i]);
		rc = do_openwrite(n);
	} else if (!strcmp(work, "timers")) {
		rc = do_timers();
	} else if (!strcmp(work, "as")) {
		return do_as(argv[i], argv + i + 1);
	} else if (!strcmp(work, "progs")) {
		return do_progs();
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
