/* SPDX-License-Identifier: MIT */
/*
 * The one event loop: epoll over event-buffer fds and trace_pipe, a timerfd
 * for --interval, another for --duration, and a signalfd for SIGINT, SIGTERM
 * and SIGHUP (blocked since start-up by eh_signals_setup()).  Output is
 * flushed after every wake-up, so `| jq` sees each record promptly and a
 * closed pipe ends the loop quietly.
 */
#ifndef EBPFHELLO_LOOP_H
#define EBPFHELLO_LOOP_H

#include <stdbool.h>
#include <stdint.h>

enum eh_stop {
	EH_STOP_NONE = 0,
	EH_STOP_SIGNAL,		/* SIGINT, SIGTERM or SIGHUP */
	EH_STOP_DURATION,	/* --duration elapsed */
	EH_STOP_COUNT,		/* --count reached */
	EH_STOP_EPIPE,		/* stdout's reader went away */
	EH_STOP_ERROR,
};

/* return 0 to go on, an enum eh_stop to stop, or a negative errno */
typedef int (*eh_loop_cb)(void *ctx);

#define EH_LOOP_MAX_FDS 8

struct eh_loop {
	int epfd, sigfd, tickfd, endfd;
	struct {
		int fd;
		eh_loop_cb cb;
		void *ctx;
		bool timer;	/* a timerfd of ours: read it, close it */
	} src[EH_LOOP_MAX_FDS];
	int nr_src;
	eh_loop_cb tick_cb;
	void *tick_ctx;
	enum eh_stop stop;
	int signo;		/* the signal that stopped it */
	int error;		/* the errno behind EH_STOP_ERROR */
	double started;		/* eh_now() when run began */
};

int eh_loop_init(struct eh_loop *l);
/* call cb when fd is readable */
int eh_loop_add_fd(struct eh_loop *l, int fd, eh_loop_cb cb, void *ctx);
/* call cb every secs seconds (the --interval tick) */
int eh_loop_every(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx);
/* another periodic callback (e.g. draining a buffer); uses one fd slot */
int eh_loop_add_timer(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx);
/* runs until a stop; duration 0 means no limit.  Returns the reason. */
enum eh_stop eh_loop_run(struct eh_loop *l, double duration);
void eh_loop_fini(struct eh_loop *l);

const char *eh_stop_name(const struct eh_loop *l);
/* CLOCK_MONOTONIC seconds */
double eh_now(void);
/* CLOCK_REALTIME - CLOCK_MONOTONIC in ns: turns bpf_ktime_get_ns() stamps
 * into wall-clock time */
int64_t eh_realtime_offset_ns(void);

#endif
