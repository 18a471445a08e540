// SPDX-License-Identifier: MIT
/* The event loop; see include/ebpfhello/loop.h. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <ebpfhello/loop.h>
#include <ebpfhello/output.h>

/* epoll data tags for the loop's own fds; sources use their index */
#define TAG_SIGNAL	100
#define TAG_TICK	101
#define TAG_END		102

double eh_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t eh_realtime_offset_ns(void)
{
	return clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_MONOTONIC);
}

static int watch(struct eh_loop *l, int fd, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

int eh_loop_init(struct eh_loop *l)
{
	sigset_t set;

	memset(l, 0, sizeof(*l));
	l->epfd = l->sigfd = l->tickfd = l->endfd = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -errno;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	l->sigfd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	if (l->sigfd < 0)
		return -errno;
	return watch(l, l->sigfd, TAG_SIGNAL);
}

int eh_loop_add_fd(struct eh_loop *l, int fd, eh_loop_cb cb, void *ctx)
{
	int i = l->nr_src;

	if (i >= EH_LOOP_MAX_FDS)
		return -E2BIG;
	l->src[i].fd = fd;
	l->src[i].cb = cb;
	l->src[i].ctx = ctx;
	l->nr_src++;
	return watch(l, fd, (uint64_t)i);
}

static int arm_timer(int *fdp, double secs, bool repeat)
{
	struct itimerspec its = { 0 };
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return -errno;
	its.it_value.tv_sec = (time_t)secs;
	its.it_value.tv_nsec = (long)((secs - (double)(time_t)secs) * 1e9);
	if (its.it_value.tv_sec == 0 && its.it_value.tv_nsec == 0)
		its.it_value.tv_nsec = 1;
	if (repeat)
		its.it_interval = its.it_value;
	if (timerfd_settime(fd, 0, &its, NULL)) {
		close(fd);
		return -errno;
	}
	*fdp = fd;
	return 0;
}

int eh_loop_every(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx)
{
	int err = arm_timer(&l->tickfd, secs, true);

	if (err)
		return err;
	l->tick_cb = cb;
	l->tick_ctx = ctx;
	return watch(l, l->tickfd, TAG_TICK);
}

int eh_loop_add_timer(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx)
{
	int fd = -1, err = arm_timer(&fd, secs, true);

	if (err)
		return err;
	err = eh_loop_add_fd(l, fd, cb, ctx);
	if (err) {
		close(fd);
		return err;
	}
	l->src[l->nr_src - 1].timer = true;
	return 0;
}

static void stop_with(struct eh_loop *l, int rc)
{
	if (l->stop)
		return;
	if (rc < 0) {
		l->stop = EH_STOP_ERROR;
		l->error = -rc;
	} else {
		l->stop = (enum eh_stop)rc;
	}
}

static void handle(struct eh_loop *l, uint64_t tag)
{
	struct signalfd_siginfo si;
	uint64_t expirations;

	switch (tag) {
	case TAG_SIGNAL:
		if (read(l->sigfd, &si, sizeof(si)) == sizeof(si)) {
			l->signo = (int)si.ssi_signo;
			stop_with(l, EH_STOP_SIGNAL);
		}
		return;
	case TAG_END:
		stop_with(l, EH_STOP_DURATION);
		return;
	case TAG_TICK:
		/* missed ticks (a stalled terminal) collapse into one */
		if (read(l->tickfd, &expirations, sizeof(expirations)) > 0 && l->tick_cb)
			stop_with(l, l->tick_cb(l->tick_ctx));
		return;
	default:
		if (tag >= (uint64_t)l->nr_src)
			return;
		if (l->src[tag].timer &&
		    read(l->src[tag].fd, &expirations, sizeof(expirations)) <= 0)
			return;
		stop_with(l, l->src[tag].cb(l->src[tag].ctx));
	}
}

enum eh_stop eh_loop_run(struct eh_loop *l, double duration)
{
	struct epoll_event evs[8];
	int err, n, i;

	l->started = eh_now();
	if (duration > 0) {
		err = arm_timer(&l->endfd, duration, false);
		if (!err)
			err = watch(l, l->endfd, TAG_END);
		if (err) {
			stop_with(l, err);
			return l->stop;
		}
	}
	while (!l->stop) {
		n = epoll_wait(l->epfd, evs, 8, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			stop_with(l, -errno);
			break;
		}
		for (i = 0; i < n && !l->stop; i++)
			handle(l, evs[i].data.u64);
		err = out_flush();
		if (err == -EPIPE)
			stop_with(l, EH_STOP_EPIPE);
		else if (err)
			stop_with(l, err);
	}
	return l->stop;
}

void eh_loop_fini(struct eh_loop *l)
{
	int i;

	for (i = 0; i < l->nr_src; i++)
		if (l->src[i].timer)
			close(l->src[i].fd);
	l->nr_src = 0;
	if (l->endfd >= 0)
		close(l->endfd);
	if (l->tickfd >= 0)
		close(l->tickfd);
	if (l->sigfd >= 0)
		close(l->sigfd);
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = l->sigfd = l->tickfd = l->endfd = -1;
}

const char *eh_stop_name(const struct eh_loop *l)
{
	switch (l->stop) {
	case EH_STOP_SIGNAL:
		return l->signo == SIGTERM ? "SIGTERM" : l->signo == SIGHUP ? "SIGHUP" : "SIGINT";
	case EH_STOP_DURATION:
		return "duration";
	case EH_STOP_COUNT:
		return "count";
	case EH_STOP_EPIPE:
		return "closed pipe";
	case EH_STOP_ERROR:
		return "error";
	default:
		return "none";
	}
}
