/* SPDX-License-Identifier: MIT */
/*
 * The one event loop: epoll over event-buffer fds and trace_pipe, and a
 * timerfd for --interval.  SIGINT, SIGTERM, SIGHUP end a run, and SIGALRM
 * is --duration's end (a POSIX timer): their handler only sets a flag and
 * wakes the loop through a pipe.  They are blocked while programs load and
 * let in only while the loop runs, without SA_RESTART, so that a write
 * blocked on a reader that stopped reading is interrupted too: every
 * documented stop ends the run within a second whatever stdout does.
 *
 * Output is flushed after every wake-up, so `| jq` sees each record
 * promptly; a closed pipe ends the loop quietly, another write error ends
 * it as a failure.
 */
#ifndef EBPFHELLO_LOOP_H
#define EBPFHELLO_LOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include <ebpfhello/base/clock.h>

enum eh_stop {
	EH_STOP_NONE = 0,
	EH_STOP_SIGNAL,		/* SIGINT, SIGTERM or SIGHUP */
	EH_STOP_DURATION,	/* --duration elapsed */
	EH_STOP_COUNT,		/* --count reached */
	EH_STOP_EPIPE,		/* stdout's reader went away */
	EH_STOP_OUTPUT,		/* writing the output failed */
	EH_STOP_ERROR,
};

/* return 0 to go on, an enum eh_stop to stop, or a negative errno */
typedef int (*eh_loop_cb)(void *ctx);

#define EH_LOOP_MAX_FDS 8

struct eh_loop {
	int epfd, wakefd, tickfd;
	timer_t endtimer;
	bool has_endtimer;
	struct {
		int fd;
		eh_loop_cb cb;
		void *ctx;
		bool timer;	/* a timerfd of ours: read it, close it */
	} src[EH_LOOP_MAX_FDS];
	int nr_src;
	eh_loop_cb tick_cb;
	void *tick_ctx;
	eh_loop_cb poll_cb;	/* eh_loop_add_poller() */
	int64_t (*poll_timeout)(void *ctx);
	void *poll_ctx;
	int64_t tick_ns;	/* the --interval, ns */
	enum eh_stop stop;
	int signo;		/* the signal that stopped it */
	int error;		/* the errno behind EH_STOP_ERROR / _OUTPUT */
	int64_t t0_ns;		/* CLOCK_MONOTONIC when the run began */
	int64_t end_ns;		/* t0_ns + --duration; 0: none */
	double started;		/* eh_now() when the run began */
};


int eh_loop_init(struct eh_loop *l);
/* call cb when fd is readable */
int eh_loop_add_fd(struct eh_loop *l, int fd, eh_loop_cb cb, void *ctx);
/* call cb every secs seconds from the start of the run (the --interval tick) */
int eh_loop_every(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx);
/*
 * A source that must be run after every wake-up and within its own timeout
 * (an HTTP server in external mode, e.g. libmicrohttpd's): fd is watched,
 * poll(ctx) is called once after each wake-up, whatever woke the loop, and
 * the loop never sleeps longer than timeout_ms(ctx) (negative: no limit).
 * One per loop; uses one fd slot.
 */
int eh_loop_add_poller(struct eh_loop *l, int fd, eh_loop_cb poll,
		       int64_t (*timeout_ms)(void *ctx), void *ctx);
/* another periodic callback (e.g. draining a buffer); uses one fd slot */
int eh_loop_add_timer(struct eh_loop *l, double secs, eh_loop_cb cb, void *ctx);
/* runs until a stop; duration 0 means no limit.  Returns the reason. */
enum eh_stop eh_loop_run(struct eh_loop *l, double duration);
/* whether --duration's end has come (a tick at that moment is the last) */
bool eh_loop_at_end(const struct eh_loop *l);
/*
 * After the loop: what is still written must be done within secs, or the
 * write is interrupted (a stalled reader must not hold the exit).
 */
void eh_loop_deadline(struct eh_loop *l, double secs);
void eh_loop_fini(struct eh_loop *l);

const char *eh_stop_name(const struct eh_loop *l);

#endif
