// SPDX-License-Identifier: MIT
/*
 * ehlineage: process trees and endings of a known shape for the lineage
 * tests (tests/runtime/lineage.sh, tests/vm/lineage_storm.sh).  Each process
 * says what it is as one JSON line on stdout, one write() (lines of several
 * processes never mix): the truth the tests hold ebpfhello's records against.
 * Each exec goes through a symlink "ehl-NAME" (in a private /tmp directory):
 * the kernel names a process after the file it exec'd, so comms are known.
 *
 *   chain [N]    N levels (default 10) of fork + exec (ehl-1..ehl-N); level k exits k
 *   orphan       a double fork whose middle process exits before the grandchild
 *                execs (ehl-orph-init), then the same as a subreaper (ehl-orph-sub)
 *   thread-exec  a child whose non-leader thread execs (ehl-thread)
 *   exits        children that end in each known way (ehl-KIND; "fork" never execs)
 *   storm N      N fork + exec of ehl-storm, one after another, each exiting at once
 *   changes      an ancestor changing after records named it: a grandparent renamed,
 *                then exec'd, then gone (its child reparented)
 *
 * {"what":"exec", pid, tid, comm, comm_before (the comm at the exec call, null:
 * not exec'd by us), filename, ancestors: the real_parent chain nearest first,
 * to pid 1, each named as ps names it, by its thread group leader's comm} from
 * each exec'd image; {"what":"wait", pid, exit_code, signal, core_dumped, by:
 * the waiter} from waitpid(); the top process says "exec" too.
 * exits adds "lower" (the child's own time from its start to its end) and
 * "upper" (from before the fork to its end, as waitid sees it), in seconds.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char line[8192];	/* the JSON line being made (one at a time) */
static size_t line_n;
static char dir[64];	/* the symlinks' directory */
static char *my_before, *my_file;	/* our comm before our exec, the file exec'd (exec_as) */
static double born;	/* when this image started */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line + line_n, sizeof(line) - line_n, fmt, ap);
	va_end(ap);
	if (n > 0)
		line_n = line_n + (size_t)n < sizeof(line) ? line_n + (size_t)n : sizeof(line) - 1;
}

/* names are ours or the tree's above us (bash, ctest): escaped all the same */
static void add_str(const char *s)
{
	if (!s) {
		add("null");
		return;
	}
	add("\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			add("\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			add("\\u%04x", c);
		else
			add("%c", c);
	}
	add("\"");
}

static void emit(void)
{
	add("\n");
	if (write(1, line, line_n) != (ssize_t)line_n)
		_exit(120);
	line_n = 0;
}

/* /proc/PID/stat: the comm (between the first '(' and the last ')') and ppid */
static int read_stat(int pid, char *comm, size_t cap, int *ppid)
{
	char path[64], buf[1024] = "", *open_p, *close_p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "re");
	if (!f || !fread(buf, 1, sizeof(buf) - 1, f) || fclose(f))
		return -1;
	open_p = strchr(buf, '(');
	close_p = strrchr(buf, ')');
	if (!open_p || !close_p || close_p < open_p || sscanf(close_p + 2, "%*c %d", ppid) != 1)
		return -1;
	snprintf(comm, cap, "%.*s", (int)(close_p - open_p - 1), open_p + 1);
	return 0;
}

/* this image's line: who it is and its chain of parents, up to pid 1 */
static void say_exec(const char *mode, const char *extra)
{
	char comm[64];
	int pid = getpid(), ppid, first = 1;

	if (read_stat(pid, comm, sizeof(comm), &ppid))
		_exit(121);
	add("{\"mode\":\"%s\",\"what\":\"exec\",\"pid\":%d,\"tid\":%d,\"comm\":", mode, pid,
	    (int)syscall(SYS_gettid));
	add_str(comm);
	add(",\"comm_before\":");
	add_str(my_before);
	add(",\"filename\":");
	add_str(my_file);
	add("%s,\"ancestors\":[", extra);
	/* each parent as ps names it: its thread group leader's comm */
	while (ppid > 0) {
		pid = ppid;
		if (read_stat(pid, comm, sizeof(comm), &ppid))
			_exit(121);
		add("%s{\"pid\":%d,\"comm\":", first ? "" : ",", pid);
		add_str(comm);
		add("}");
		first = 0;
	}
	add("]}");
	emit();
}

/* waits for PID (-1: any child) and says how it ended; returns its status */
static int say_wait(const char *mode, int pid, const char *extra)
{
	int status;

	pid = waitpid(pid, &status, 0);
	if (pid < 0)
		_exit(122);
	add("{\"mode\":\"%s\",\"what\":\"wait\",\"pid\":%d,\"by\":%d", mode, pid, getpid());
	if (WIFEXITED(status))
		add(",\"exit_code\":%d,\"signal\":null", WEXITSTATUS(status));
	else
		add(",\"exit_code\":null,\"signal\":\"SIG%s\"", sigabbrev_np(WTERMSIG(status)) ?: "?");
	add(",\"core_dumped\":%s%s}", WIFSIGNALED(status) && WCOREDUMP(status) ? "true" : "false",
	    extra);
	emit();
	return status;
}

/* dir/ehl-NAME -> this program (dir made first) */
static void link_name(const char *name)
{
	char self[PATH_MAX], path[128];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (!dir[0] && !mkdtemp(strcpy(dir, "/tmp/ehlineage.XXXXXX")))
		perror("ehlineage: mkdtemp"), exit(1);
	if (n <= 0)
		perror("ehlineage: /proc/self/exe"), exit(1);
	self[n] = '\0';
	snprintf(path, sizeof(path), "%s/ehl-%s", dir, name);
	if (symlink(self, path) && errno != EEXIST)
		perror(path), exit(1);
}

/* the new image learns its file name and the name it had before (environment) */
static void exec_as(const char *name, char *const argv[])
{
	char path[128], file[160], before[40] = "EHL_COMM_BEFORE=";

	snprintf(path, sizeof(path), "%s/ehl-%s", dir, name);
	snprintf(file, sizeof(file), "EHL_FILENAME=%s", path);
	prctl(PR_GET_NAME, before + strlen(before), 0, 0, 0);
	execve(path, argv, (char *[]){ file, before, NULL });
	perror(path);
	_exit(127);
}

/* only our symlinks and cores are in it (no rm: its exec would be a record) */
static void remove_dir(void)
{
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	if (d)
		closedir(d);
	if (rmdir(dir))
		fprintf(stderr, "ehlineage: could not remove %s: %s\n", dir, strerror(errno));
}

/* level K of N: say so, then fork + exec level K + 1 and wait for it */
static int chain_level(int k, int n)
{
	char extra[64], next[16], ns[16];
	int pid;

	snprintf(extra, sizeof(extra), ",\"level\":%d", k);
	say_exec("chain", extra);
	if (k >= n)
		return k;
	snprintf(next, sizeof(next), "%d", k + 1);
	snprintf(ns, sizeof(ns), "%d", n);
	pid = fork();
	if (pid == 0)
		exec_as(next, (char *[]){ "ehl", "chain-level", next, ns, dir, NULL });
	say_wait("chain", pid, "");
	return k;
}

static int do_chain(int n)
{
	char name[16];
	int k;

	for (k = 1; k <= n; k++)
		link_name((snprintf(name, sizeof(name), "%d", k), name));
	chain_level(0, n);
	remove_dir();
	return 0;
}

static void orphan_case(const char *name, bool subreaper)
{
	int gate[2], done[2], middle;
	char c;

	link_name(name);
	if (subreaper && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		perror("PR_SET_CHILD_SUBREAPER"), exit(1);
	if (pipe(gate) || pipe(done))
		perror("pipe"), exit(1);
	middle = fork();
	if (middle == 0) {
		middle = getpid();
		close(done[0]);
		if (fork())
			_exit(0);
		/* the grandchild: execs once its parent is gone and it has a new one */
		close(gate[1]);
		while (read(gate[0], &c, 1) > 0)
			;
		while (getppid() == middle)
			usleep(1000);
		exec_as(name, (char *[]){ "ehl", "orphan-child", (char *)name, NULL });
	}
	close(gate[0]);
	close(gate[1]);
	close(done[1]);
	say_wait("orphan", middle, "");
	/* the grandchild and its image hold done[1] until they end */
	while (read(done[0], &c, 1) > 0)
		;
	close(done[0]);
	if (subreaper) {
		say_wait("orphan", -1, ",\"reaped_by_us\":true");
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	}
}

static void *park(void *arg)
{
	for (;;)
		pause();
	return arg;
}

static void *thread_exec(void *arg)
{
	add("{\"mode\":\"thread-exec\",\"what\":\"thread\",\"tgid\":%d,\"tid\":%d}",
	    getpid(), (int)syscall(SYS_gettid));
	emit();
	exec_as("thread", (char *[]){ "ehl", "thread-child", NULL });
	return arg;
}

static int do_thread_exec(void)
{
	pthread_t t;
	int pid, i;

	link_name("thread");
	pid = fork();
	if (pid == 0) {
		/* two more threads, which the exec ends (de_thread) */
		for (i = 0; i < 2; i++)
			pthread_create(&t, NULL, park, NULL);
		pthread_create(&t, NULL, thread_exec, NULL);
		pthread_join(t, NULL);
		_exit(126);
	}
	say_wait("thread-exec", pid, "");
	remove_dir();
	return 0;
}

static void tell(void)
{
	char s[32];
	int n = snprintf(s, sizeof(s), "%.9f", now() - born);

	if (write(3, s, (size_t)n) != n)
		_exit(123);
}

static void *spin(void *arg)
{
	for (;;)
		__asm__ volatile("" ::: "memory");
	return arg;
}

static void *end_later(void *arg)
{
	usleep(100000);
	syscall(SYS_exit, 0);
	return arg;
}

/* an exits child, after its exec: ends the way its name says */
static int exit_child(const char *kind)
{
	struct timespec ts = { 0, 300000000 };
	volatile int *volatile nowhere = NULL;
	char extra[64];
	pthread_t t;
	int i;

	snprintf(extra, sizeof(extra), ",\"kind\":\"%s\"", kind);
	say_exec("exits", extra);
	if (!strcmp(kind, "sleep"))
		nanosleep(&ts, NULL);
	/* mt: 8 threads on the CPUs when exit_group ends them, so they exit at once */
	if (!strncmp(kind, "mt", 2))
		for (i = 0; i < (kind[2] ? 3 : 8); i++)
			pthread_create(&t, NULL, kind[2] ? end_later : spin, NULL);
	tell();
	if (!strcmp(kind, "kill"))
		kill(getpid(), SIGKILL);
	if (!strncmp(kind, "segv", 4))
		*nowhere = 1;
	if (!strcmp(kind, "mt-lead"))	/* the leader first, the others 0.1 s later */
		syscall(SYS_exit, 5);
	if (!strcmp(kind, "mt"))
		exit(4);
	_exit(!strcmp(kind, "exit3") ? 3 : !strcmp(kind, "exit255") ? 255 : 0);
}

static void exits_prepare(const char *kind, int fd)
{
	struct rlimit core;

	dup2(fd, 3);
	getrlimit(RLIMIT_CORE, &core);
	core.rlim_cur = strcmp(kind, "segv-core") ? 0 : core.rlim_max;
	setrlimit(RLIMIT_CORE, &core);
	if (chdir(dir))
		_exit(124);
	if (!strcmp(kind, "fork")) {	/* no exec: ends as the fork left it */
		born = now();
		tell();
		_exit(9);
	}
	exec_as(kind, (char *[]){ "ehl", "exit-child", (char *)kind, NULL });
}

static int exits_one(const char *kind)
{
	char got[32] = "", extra[160];
	double t0, lower;
	int fd[2], pid;
	siginfo_t info;
	ssize_t n;

	link_name(kind);
	if (pipe(fd))
		return perror("pipe"), 1;
	t0 = now();
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		exits_prepare(kind, fd[1]);
	}
	close(fd[1]);
	n = read(fd[0], got, sizeof(got) - 1);
	close(fd[0]);
	lower = n > 0 ? atof(got) : 0;
	snprintf(extra, sizeof(extra), ",\"kind\":\"%s\",\"lower\":%.9f", kind, lower);
	/* ended, not yet reaped: the upper bound before say_wait's write */
	waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT);
	snprintf(extra + strlen(extra), sizeof(extra) - strlen(extra), ",\"upper\":%.9f",
		 now() - t0);
	say_wait("exits", pid, extra);
	return 0;
}

static int do_exits(void)
{
	static const char *const kinds[] = { "exit0", "exit3", "exit255", "kill", "segv-core",
					     "segv", "sleep", "mt", "mt-lead", "fork" };
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		exits_one(kinds[i]);
	remove_dir();
	return 0;
}

/* vfork: the storm's child borrows our memory until its exec, no copy */
static int storm_one(void)
{
	int pid = vfork();

	if (pid == 0)
		exec_as("storm", (char *[]){ "ehl-storm", "storm-child", NULL });
	return pid;
}

static int do_storm(long n)
{
	/* pids seen: pid_max is at most 2^22 (PID_MAX_LIMIT) */
	char *seen = calloc((size_t)1 << 22, 1);
	long i, failed = 0, reused = 0;
	double t0 = now();
	int pid, status;

	link_name("storm");
	/* forked children have this name before their exec too: --comm sees both sides */
	prctl(PR_SET_NAME, "ehl-storm", 0, 0, 0);
	for (i = 0; i < n && seen; i++) {
		pid = storm_one();
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return perror("ehlineage storm"), 1;
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
		reused += seen[pid];
		seen[pid] = 1;
	}
	remove_dir();
	printf("{\"mode\":\"storm\",\"pid\":%d,\"execs\":%ld,\"failed\":%ld,\"reused\":%ld,"
	       "\"seconds\":%.3f}\n", getpid(), i, failed, reused, now() - t0);
	return failed ? 1 : 0;
}

/*
 * changes: G (a fork of the top) forks P (ehl-chg-p); P forks a child that
 * execs ehl-chg-c at each 'x' G writes, and answers.  Two children after
 * each step (a tool that kept chains per task would read the first live and
 * the second from what it kept).  G renames itself (prctl), then execs
 * (ehl-chg-g), then ends without waiting for P: P, reparented, makes two
 * more.
 */
static void changes_ask(int cmd, int ack, char c)
{
	if (write(cmd, &c, 1) != 1 || (c != 'o' && read(ack, &c, 1) != 1))
		_exit(123);
}

static void changes_twice(int cmd, int ack)
{
	usleep(20 * 1000);	/* each step apart from the one before */
	changes_ask(cmd, ack, 'x');
	changes_ask(cmd, ack, 'x');
}

/* G after its exec: two children of P, then an end that orphans P */
static int changes_g(int cmd, int ack)
{
	say_exec("changes", ",\"case\":\"exec'd\"");
	changes_twice(cmd, ack);
	changes_ask(cmd, ack, 'o');
	return 0;
}

static void changes_child(void)
{
	int pid = fork();

	if (pid == 0)
		exec_as("chg-c", (char *[]){ "ehl", "changes-c", NULL });
	say_wait("changes", pid, "");
}

static int changes_p(int cmd, int ack, int g)
{
	char c;

	say_exec("changes", ",\"case\":\"parent\"");
	while (read(cmd, &c, 1) == 1) {
		if (c == 'o') {
			while (getppid() == g)
				usleep(1000);
			changes_child();
			changes_child();
			return 0;
		}
		changes_child();
		if (write(ack, &c, 1) != 1)
			return 1;
	}
	return 1;
}

static int do_changes(void)
{
	int cmd[2], ack[2], done[2], g, p;
	char fc[16], fa[16], gs[16], c;

	link_name("chg-p");
	link_name("chg-c");
	link_name("chg-g");
	if (pipe(done))
		perror("pipe"), exit(1);
	g = fork();
	if (g == 0) {
		close(done[0]);
		if (pipe(cmd) || pipe(ack))
			_exit(124);
		snprintf(fc, sizeof(fc), "%d", cmd[0]);
		snprintf(fa, sizeof(fa), "%d", ack[1]);
		snprintf(gs, sizeof(gs), "%d", getpid());
		p = fork();
		if (p == 0)
			exec_as("chg-p", (char *[]){ "ehl", "changes-p", fc, fa, gs, dir, NULL });
		close(done[1]);
		snprintf(fc, sizeof(fc), "%d", cmd[1]);
		snprintf(fa, sizeof(fa), "%d", ack[0]);
		changes_twice(cmd[1], ack[0]);
		prctl(PR_SET_NAME, "ehl-renamed", 0, 0, 0);
		changes_twice(cmd[1], ack[0]);
		exec_as("chg-g", (char *[]){ "ehl", "changes-g", fc, fa, dir, NULL });
	}
	close(done[1]);
	say_wait("changes", g, "");
	/* P and its children hold done[1] until they end */
	while (read(done[0], &c, 1) > 0)
		;
	remove_dir();
	return 0;
}

int main(int argc, char **argv)
{
	const char *m = argc > 1 ? argv[1] : "";

	born = now();
	my_before = getenv("EHL_COMM_BEFORE");
	my_file = getenv("EHL_FILENAME");
	if (argc > 4 && !strcmp(m, "chain-level")) {
		snprintf(dir, sizeof(dir), "%s", argv[4]);
		return chain_level(atoi(argv[2]), atoi(argv[3]));
	}
	if (!strcmp(m, "chain"))	/* its level 0 says who it is */
		return do_chain(argc > 2 ? atoi(argv[2]) : 10);
	if (!strcmp(m, "orphan") || !strcmp(m, "thread-exec") || !strcmp(m, "exits") ||
	    !strcmp(m, "storm"))
		say_exec(m, ",\"top\":true");
	if (argc > 2 && !strcmp(m, "orphan-child"))
		return say_exec("orphan", !strcmp(argv[2], "orph-sub") ?
				",\"case\":\"subreaper\"" : ",\"case\":\"init\""), 0;
	if (!strcmp(m, "orphan")) {
		orphan_case("orph-init", false);
		orphan_case("orph-sub", true);
		remove_dir();
		return 0;
	}
	if (!strcmp(m, "thread-exec"))
		return do_thread_exec();
	if (!strcmp(m, "thread-child"))
		return say_exec("thread-exec", ""), 0;
	if (!strcmp(m, "exits"))
		return do_exits();
	if (argc > 2 && !strcmp(m, "exit-child"))
		return exit_child(argv[2]);
	if (argc > 2 && !strcmp(m, "storm"))
		return do_storm(atol(argv[2]));
	if (!strcmp(m, "storm-child"))
		_exit(0);
	if (!strcmp(m, "changes")) {
		say_exec(m, ",\"top\":true");
		return do_changes();
	}
	if (argc > 5 && !strcmp(m, "changes-p")) {
		snprintf(dir, sizeof(dir), "%s", argv[5]);
		return changes_p(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
	}
	if (argc > 4 && !strcmp(m, "changes-g")) {
		snprintf(dir, sizeof(dir), "%s", argv[4]);
		return changes_g(atoi(argv[2]), atoi(argv[3]));
	}
	if (!strcmp(m, "changes-c"))
		return say_exec("changes", ",\"case\":\"child\""), 0;
	fprintf(stderr, "usage: ehlineage chain [N] | orphan | thread-exec | exits | storm N | changes\n");
	return 2;
}
