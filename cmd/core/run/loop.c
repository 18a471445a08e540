// SPDX-License-Identifier: MIT
/* The event loop; see include/ebpfhello/run/loop.h. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <ebpfhello/run/loop.h>
#include <ebpfhello/run/signals.h>
#include <ebpfhello/show/outfile.h>
#include <ebpfhello/show/output.h>

/* epoll data tags for the loop's own fds; sources use their index */
#define TAG_WAKE	100
#define TAG_TICK	101
#define TAG_STDOUT	102

#define NS		1000000000LL

static struct timespec to_timespec(int64_t ns)
{
	struct timespec ts = { .tv_sec = (time_t)(ns / NS), .tv_nsec = (long)(ns % NS) };

	return ts;
}

static int64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS + ts.tv_nsec;
}

static int64_t seconds_ns(double secs)
{
	int64_t ns = (int64_t)(secs * 1e9 + 0.5);

	return ns > 0 ? ns : 1;
}

static int watch(struct eh_loop *l, int fd, uint64_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	return epoll_ctl(l->epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

/*
 * stdout a pipe: its reader going away (| head -1) is an EPOLLERR on our
 * end, so the run stops then, not at its next write an interval later.
 * Anything else (a file, a terminal) has no such signal: not watched.
 */
static void watch_stdout_reader(struct eh_loop *l)
{
	struct epoll_event ev = { .events = 0, .data.u64 = TAG_STDOUT };
	struct stat st;

	if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
		epoll_ctl(l->epfd, EPOLL_CTL_ADD, STDOUT_FILENO, &ev);
}

int eh_loop_init(struct eh_loop *l)
{
	int p[2], err;

	memset(l, 0, sizeof(*l));
	l->epfd = l->wakefd = l->tickfd = -1;
	l->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (l->epfd < 0)
		return -errno;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		return -errno;
	l->wakefd = p[0];
	err = eh_signals_arm(&l->endtimer, p[1]);
	if (err)
		return err;
	l->has_endtimer = true;
	err = watch(l, l->wakefd, TAG_WAKE);
	if (!err)
		watch_stdout_reader(l);
	return err;
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

static int no_op(void *ctx)
{
	return 0;
}

int eh_loop_add_poller(struct eh_loop *l, int fd, eh_loop_cb poll,
		       int64_t (*timeout_ms)(void *ctx), void *ctx)
{
	int err;

	if (l->poll_cb)
		return -EBUSY;
	/* readiness only wakes the loop: poll runs after every wake-up */
	err = eh_loop_add_fd(l, fd, no_op, NULL);
	if (err)
		return err;
	l->poll_cb = poll;
	l->poll_timeout = timeout_ms;
	l->poll_ctx = ctx;
	return 0;
}

/* how long epoll_wait() may sleep: the poller's timeout, or for ever */
static int wait_ms(const struct eh_loop *l)
{
	int64_t ms = l->poll_timeout ? l->poll_timeout(l->poll_ctx) : -1;

	if (ms < 0)
		return -1;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

/* a timerfd firing at first_ns (absolute, CLOCK_MONOTONIC) and every period_ns */
static int arm_timerfd(int *fdp, int64_t first_ns, int64_t period_ns)
{
	struct itimerspec its = { .it_value = to_timespec(first_ns),
				  .it_interval = to_timespec(period_ns) };
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (timerfd_settime(fd, TFD_TIMER_ABSTIME, &its, NULL)) {
		close(fd);
		return -errno;
	}
	*fdp = fd;
	return 0;
}

int eh_loop_every(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx)
{
	l->tick_ns = seconds_ns(secs);
	l->tick_cb = cb;
	l->tick_ctx = ctx;
	return 0;	/* armed when the run starts, on the same clock as its end */
}

int eh_loop_add_timer(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx)
{
	int64_t period = seconds_ns(secs);
	int fd = -1, err = arm_timerfd(&fd, mono_ns() + period, period);

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

static void take_signal(struct eh_loop *l)
{
	int signo;

	if (eh_signals_take_reopen())
		out_file_reopen();
	signo = eh_signals_take();
	if (!signo)
		return;
	if (signo == SIGALRM) {
		stop_with(l, EH_STOP_DURATION);
	} else {
		l->signo = signo;
		stop_with(l, EH_STOP_SIGNAL);
	}
}

static void handle(struct eh_loop *l, uint64_t tag)
{
	uint64_t expirations;
	char drain[64];

	switch (tag) {
	case TAG_WAKE:
		while (read(l->wakefd, drain, sizeof(drain)) > 0)
			;
		take_signal(l);
		return;
	case TAG_STDOUT:
		stop_with(l, EH_STOP_EPIPE);
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

/* --duration's end: SIGALRM from the POSIX timer, so it also interrupts a
 * write blocked on a stalled reader */
static int arm_end(struct eh_loop *l, int64_t at_ns)
{
	struct itimerspec its = { .it_value = to_timespec(at_ns) };

	return timer_settime(l->endtimer, TIMER_ABSTIME, &its, NULL) ? -errno : 0;
}

static int start_timers(struct eh_loop *l, double duration)
{
	int err;

	if (duration > 0) {
		l->end_ns = l->t0_ns + seconds_ns(duration);
		err = arm_end(l, l->end_ns);
		if (err)
			return err;
	}
	if (l->tick_cb) {
		err = arm_timerfd(&l->tickfd, l->t0_ns + l->tick_ns, l->tick_ns);
		if (!err)
			err = watch(l, l->tickfd, TAG_TICK);
		if (err)
			return err;
	}
	return 0;
}

enum eh_stop eh_loop_run(struct eh_loop *l, double duration)
{
	struct epoll_event evs[8];
	int err, n, i;

	l->t0_ns = mono_ns();
	l->started = (double)l->t0_ns / 1e9;
	err = start_timers(l, duration);
	if (err) {
		stop_with(l, err);
		return l->stop;
	}
	/* a signal that came while programs loaded is taken now */
	eh_signals_let_in();
	while (!l->stop) {
		/* before waiting, also the first time: an output that failed
		 * at once (meta to /dev/full) must not wait for an event */
		err = out_flush();
		take_signal(l);
		if (err == -EPIPE)
			stop_with(l, EH_STOP_EPIPE);
		else if (err)
			stop_with(l, EH_STOP_OUTPUT);
		if (l->stop)
			break;
		n = epoll_wait(l->epfd, evs, 8, wait_ms(l));
		if (n < 0 && errno != EINTR) {
			stop_with(l, -errno);
			continue;
		}
		for (i = 0; i < n && !l->stop; i++)
			handle(l, evs[i].data.u64);
		if (l->poll_cb && !l->stop)
			stop_with(l, l->poll_cb(l->poll_ctx));
		take_signal(l);
	}
	if (l->stop == EH_STOP_OUTPUT || (l->stop == EH_STOP_ERROR && out_error()))
		l->error = out_error();
	return l->stop;
}

bool eh_loop_at_end(const struct eh_loop *l)
{
	return l->end_ns && mono_ns() >= l->end_ns;
}

void eh_loop_deadline(struct eh_loop *l, double secs)
{
	eh_signals_deadline(seconds_ns(secs));
}

void eh_loop_fini(struct eh_loop *l)
{
	int i;

	for (i = 0; i < l->nr_src; i++)
		if (l->src[i].timer)
			close(l->src[i].fd);
	l->nr_src = 0;
	/* what is left, while the deadline can still cut it */
	out_flush();
	eh_signals_disarm();	/* the timer, the pipe's write end */
	l->has_endtimer = false;
	if (l->wakefd >= 0)
		close(l->wakefd);
	if (l->tickfd >= 0)
		close(l->tickfd);
	if (l->epfd >= 0)
		close(l->epfd);
	l->epfd = l->wakefd = l->tickfd = -1;
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
	case EH_STOP_OUTPUT:
		return "output error";
	case EH_STOP_ERROR:
		return "error";
	default:
		return "none";
	}
}
