// SPDX-License-Identifier: MIT
/* The stop signals and the final-write deadline; see include/ebpfhello/run/signals.h. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ebpfhello/run/signals.h>
#include <ebpfhello/show/output.h>

static volatile sig_atomic_t got_signal;	/* the signal that stops the run */
static volatile sig_atomic_t hup_reopens;	/* --output: SIGHUP reopens the file */
static volatile sig_atomic_t reopen_asked;	/* a SIGHUP came to reopen it */
static volatile sig_atomic_t stopping;		/* the final-write deadline is armed */
static volatile int wake_write_fd = -1;
/* --duration's end, then the final-write deadline: one timer, never both */
static timer_t alarm_timer;
static volatile sig_atomic_t has_alarm_timer;

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGALRM };
#define NR_STOP_SIGNALS (sizeof(stop_signals) / sizeof(stop_signals[0]))

/* after a stop, what is left to write gets this long (docs/exit-status.md) */
#define FINAL_WRITE_NS	500000000LL
/* once it is cut, the alarm repeats: a write begun just after it ends too */
#define CUT_REPEAT_NS	100000000L

/* async-signal-safe (timer_settime is) */
static void arm_final_deadline(int64_t ns)
{
	struct itimerspec its = {
		.it_value = { .tv_sec = (time_t)(ns / 1000000000), .tv_nsec = (long)(ns % 1000000000) },
		.it_interval = { .tv_sec = 0, .tv_nsec = CUT_REPEAT_NS },
	};

	if (has_alarm_timer)
		timer_settime(alarm_timer, 0, &its, NULL);
}

/*
 * async-signal-safe: flags, a timer and one byte down the pipe.  The first
 * stop (a signal, or --duration's SIGALRM) arms the final-write deadline;
 * the deadline's SIGALRM, or a second stop signal, cuts what is left to
 * write (stdout.c drops it from then on, counted).
 */
static void on_signal(int signo)
{
	int saved = errno;

	if (signo == SIGHUP && hup_reopens) {
		reopen_asked = 1;	/* not a stop */
	} else if (stopping) {
		eh_out_cut = 1;
	} else {
		got_signal = signo;
		stopping = 1;
		arm_final_deadline(FINAL_WRITE_NS);
	}
	if (wake_write_fd >= 0 && write(wake_write_fd, "!", 1) < 0) {
		/* the pipe is full: the loop is being woken already */
	}
	errno = saved;
}

static void mask_stop_signals(int how)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < NR_STOP_SIGNALS; i++)
		sigaddset(&set, stop_signals[i]);
	sigprocmask(how, &set, NULL);
}

void eh_signals_setup(void)
{
	struct sigaction sa;
	size_t i;

	mask_stop_signals(SIG_BLOCK);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: a blocked write() returns EINTR */
	for (i = 0; i < NR_STOP_SIGNALS; i++)
		sigaction(stop_signals[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int eh_signals_arm(timer_t *timer, int wake_fd)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGALRM };

	got_signal = 0;
	stopping = 0;
	eh_out_cut = 0;
	wake_write_fd = wake_fd;
	if (timer_create(CLOCK_MONOTONIC, &sev, timer))
		return -errno;
	alarm_timer = *timer;
	has_alarm_timer = 1;
	return 0;
}

void eh_signals_let_in(void)
{
	mask_stop_signals(SIG_UNBLOCK);
}

void eh_signals_hup_reopens(void)
{
	hup_reopens = 1;
}

bool eh_signals_take_reopen(void)
{
	bool asked = reopen_asked;

	reopen_asked = 0;
	return asked;
}

int eh_signals_take(void)
{
	int signo = got_signal;

	got_signal = 0;
	return signo;
}

void eh_signals_deadline(int64_t ns)
{
	/* a stop by signal or --duration armed it already, from the handler */
	mask_stop_signals(SIG_BLOCK);
	if (!stopping) {
		stopping = 1;
		arm_final_deadline(ns);
	}
	mask_stop_signals(SIG_UNBLOCK);
}

void eh_signals_disarm(void)
{
	int fd = wake_write_fd;

	/* each before what it guards goes: the handler may run meanwhile */
	if (has_alarm_timer) {
		has_alarm_timer = 0;
		timer_delete(alarm_timer);
	}
	wake_write_fd = -1;
	if (fd >= 0)
		close(fd);
}
